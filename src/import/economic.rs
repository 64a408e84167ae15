//! 一般公共预算基本支出 by economic classification: its 合计 row's 人员经费 / 公用经费 columns, or
//! the `人员经费合计 … 公用经费合计 …` line of 决算 tables printed in two columns of classes.
//! 对个人和家庭的补助 (303) is a class inside 人员经费 there, so it is not split out (no double count).
//! A table of one amount column gives the split by its class rows (`by_classes`).

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
        // One amount column (预算): the classes' rows give the split.
        if let Some(split) = by_classes(title, &body, unit) {
            return split;
        }
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

/// A table of one amount column (广州's `[301]工资福利支出  12,873.54`, or `301  工资福利支出 …`):
/// the class rows, summed by category — 工资福利支出 (301) the 人员经费, 对个人和家庭的补助 (303) its
/// own, the other classes (商品和服务 302, 资本性支出 310 …) the 公用经费. `None` when the table is
/// not of that shape (no 合计 row of one amount, or no class row of one amount).
fn by_classes(title: &str, body: &[&Line], unit: Unit) -> Option<Vec<EconomicLine>> {
    let mut sums: Vec<(EconomicCategory, Decimal, u32, Vec<String>)> = Vec::new();
    let mut one_total = false;
    for l in body {
        let parts = tokens(&l.text);
        let amounts: Vec<Decimal> = parts.iter().skip(1).filter_map(|t| amount(t)).collect();
        let first = parts.first().map(|p| compact(p)).unwrap_or_default();
        if first == "合计" {
            // The classes are checked against the basic total by the audit (economic_split).
            if amounts.len() != 1 {
                return None;
            }
            one_total = true;
            continue;
        }
        let Some(code) = class_code(&first) else { continue };
        let [v] = amounts[..] else { continue };
        let cat = match code {
            301 => EconomicCategory::Personnel,
            303 => EconomicCategory::Households,
            _ => EconomicCategory::Public,
        };
        let name = first.trim_start_matches(|c: char| c == '[' || c.is_ascii_digit() || c == ']').to_string();
        match sums.iter_mut().find(|s| s.0 == cat) {
            Some(s) => {
                s.1 = crate::dec::checked_add(s.1, v)?;
                s.3.push(name);
            }
            None => sums.push((cat, v, l.no, vec![name])),
        }
    }
    if sums.is_empty() || !one_total {
        return None;
    }
    crate::order::by_position(&mut sums, |s| s.2 as usize);
    Some(
        sums.into_iter()
            .map(|(category, amount, line, names)| EconomicLine { category, amount, unit, source: Source::row(line, title, &names.join("、")) })
            .collect(),
    )
}

/// `[301]工资福利支出`, `301工资福利支出` or `301`: the class's code (3 digits, 3xx).
fn class_code(first: &str) -> Option<u32> {
    let (t, bracketed) = match first.strip_prefix('[') {
        Some(t) => (t, true),
        None => (first, false),
    };
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let closed = t[digits.len()..].starts_with(']');
    if digits.len() != 3 || !digits.starts_with('3') || bracketed != closed {
        return None;
    }
    digits.parse().ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_amount_column_is_split_by_its_class_rows() {
        let text = ["部门预算支出经济科目    预算", "合计    16,310.73", "[301]工资福利支出    12,873.54", " [30101]基本工资    1,817.34",
            "[302]商品和服务支出    1,427.58", "[303]对个人和家庭的补助    1,992.70", "[310]资本性支出    16.90"];
        let lines: Vec<Line> = text.iter().enumerate().map(|(i, t)| Line { no: i as u32 + 1, text: t.trim().to_string(), indent: 0, page: 0, spans: None, y: None }).collect();
        let block = Block { kind: crate::import::titles::TableKind::GeneralBasic, title: "一般公共预算基本支出情况表".into(), line: 1, unit: None, body: (0..lines.len()).collect(), end: lines.len() };
        let mut warnings = Vec::new();
        let got: Vec<(EconomicCategory, String)> =
            read_economic(&block, &lines, Unit::Wanyuan, &mut warnings).into_iter().map(|e| (e.category, e.amount.to_string())).collect();
        assert_eq!(
            got,
            [(EconomicCategory::Personnel, "12873.54".into()), (EconomicCategory::Public, "1444.48".into()), (EconomicCategory::Households, "1992.70".into())]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!((class_code("[301]工资福利支出"), class_code("301"), class_code("[30101]基本工资"), class_code("[301工资")), (Some(301), Some(301), None, None));
    }
}
