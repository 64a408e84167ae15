//! 一般公共预算基本支出 by economic classification: its 合计 row's 人员经费 / 公用经费 columns, or
//! the `人员经费合计 … 公用经费合计 …` line of 决算 tables printed in two columns of classes.
//! 对个人和家庭的补助 (303) is a class inside 人员经费 there, so it is not split out (no double count).

use super::tables::Block;
use super::lines::Line;
use super::text::{amount, cells, compact, is_header_line, looks_numeric, tokens};
use crate::model::{EconomicCategory, EconomicLine, Source, Warning};
use crate::money::Unit;
use rust_decimal::Decimal;

pub(crate) fn read_economic(block: &Block, lines: &[Line], unit: Unit, warnings: &mut Vec<Warning>) -> Vec<EconomicLine> {
    let title = block.title.as_str();
    let body: Vec<&Line> = block.body.iter().map(|&i| &lines[i]).filter(|l| !l.is_blank()).collect();
    // The category columns after 合计, in header order; 对个人和家庭的补助 only where the table
    // gives it a column of its own.
    let mut columns: Vec<(usize, EconomicCategory)> = [
        (&["人员经费", "人员支出"][..], EconomicCategory::Personnel),
        (&["公用经费", "公用支出"][..], EconomicCategory::Public),
        (&["对个人和家庭的补助", "对个人和家庭补助"][..], EconomicCategory::Households),
    ]
    .iter()
    .filter_map(|(words, c)| words.iter().find_map(|w| header_position(&body, w)).map(|p| (p, *c)))
    .collect();
    crate::order::by_position(&mut columns, |(p, _)| *p);
    if columns.is_empty() {
        columns = vec![(0, EconomicCategory::Personnel), (1, EconomicCategory::Public)];
    }
    let mut out = Vec::new();
    let mut unread: Vec<u32> = Vec::new();
    let line_of = |cat: EconomicCategory, amount: Decimal, line: u32, label: &str| EconomicLine {
        category: cat,
        amount,
        unit,
        source: Source::row(line, title, label),
    };
    for l in &body {
        let parts: Vec<String> = if l.tabbed() {
            cells(&l.text).into_iter().filter(|c| !c.is_empty()).map(str::to_string).collect()
        } else {
            tokens(&l.text).into_iter().map(str::to_string).collect()
        };
        // `人员经费合计 2,152.26 公用经费合计 184.65`
        let mut stated = false;
        for (k, p) in parts.iter().enumerate() {
            let c = compact(p);
            let cat = if c == "人员经费合计" {
                EconomicCategory::Personnel
            } else if c == "公用经费合计" {
                EconomicCategory::Public
            } else {
                continue;
            };
            if let Some(v) = parts.get(k + 1).and_then(|t| amount(t)) {
                out.push(line_of(cat, v, l.no, &c));
                stated = true;
            }
        }
        if stated {
            continue;
        }
        let first = parts.first().map(|p| compact(p)).unwrap_or_default();
        if first == "合计" {
            let values: Vec<Decimal> = parts[1..].iter().filter_map(|t| amount(t)).collect();
            if values.len() == columns.len() + 1 {
                for ((_, cat), v) in columns.iter().zip(&values[1..]) {
                    out.push(line_of(*cat, *v, l.no, &format!("合计 {}", cat.zh())));
                }
            } else if !values.is_empty() {
                warnings.push(Warning {
                    line: l.no,
                    message: format!(
                        "{title}：合计行印了 {} 个金额，应为合计加 {} 个分类（空白单元格消失了？）；分类金额未读取",
                        values.len(),
                        columns.len()
                    ),
                    page: None,
                });
            }
            continue;
        }
        let coded = first.len() >= 3
            && first.bytes().all(|b| b.is_ascii_digit())
            && parts.iter().skip(1).any(|t| !looks_numeric(t));
        if coded
            || is_header_line(&l.text)
            || parts.iter().all(|t| !looks_numeric(t)) && !l.tabbed() && parts.len() <= 3
        {
            continue;
        }
        unread.push(l.no);
    }
    if let Some(&first) = unread.first() {
        let what =
            if out.is_empty() { "未读取任何数字" } else { "只读取了人员经费 / 公用经费的合计" };
        warnings.push(Warning {
            line: first,
            message: format!(
                "{title}：有 {} 行不是“一个科目编码、一个名称和金额”的行（一行里印了两个类？）；{what}",
                unread.len()
            ),
            page: None,
        });
    }
    out
}

/// Where a category word first shows in the header lines (line, then position in the line), so
/// columns sort in print order.
fn header_position(body: &[&Line], word: &str) -> Option<usize> {
    // Header lines come before the first row with amounts.
    let rows_start =
        body.iter().position(|l| tokens(&l.text).iter().any(|t| amount(t).is_some())).unwrap_or(body.len());
    body[..rows_start].iter().enumerate().find_map(|(k, l)| {
        let c = compact(&l.text);
        // `人员经费合计` (决算 totals line) names no column.
        let at = c.find(word).filter(|&p| !c[p + word.len()..].starts_with("合计"))?;
        Some(k * 10_000 + at)
    })
}
