//! Two-sided tables (收支总表, 财政拨款收支总表): income on the left, expenditure on the right of
//! each row. Where blank cells vanished (`2. 政府性基金 三、社会保障和就业支出 3,808,085.00`) the
//! sides are told apart by their labels, not by position.

use super::tables::Block;
use super::lines::Line as TextLine;
use super::text::{
    amount, cells, is_header_line, looks_numeric, numbering, plain_name, tokens, Numbering,
};
use crate::model::{FunctionRow, FunctionTable, Line, Source, StatedTotal, TotalKind, Warning};
use crate::money::Unit;
use rust_decimal::Decimal;

pub(crate) struct TwoSided {
    /// Income lines printed before the totals (left side).
    pub income: Vec<Line>,
    /// 本年收入合计, 收入总计, 本年支出合计, 支出总计, carry-over in and out.
    pub totals: Vec<StatedTotal>,
    /// The expenditure side as a function table (codes not assigned yet).
    pub expenditure: FunctionTable,
    /// Per expenditure row: printed as a 类 (`一、…`).
    pub classes: Vec<bool>,
}

/// A labelled cell group of one side: label, then its amounts.
#[derive(Debug, Default)]
struct Segment {
    label: String,
    amounts: Vec<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Left,
    Right,
}

pub(crate) fn read_twosided(
    block: &Block,
    lines: &[TextLine],
    unit: Unit,
    warnings: &mut Vec<crate::model::Warning>,
) -> TwoSided {
    let title = block.title.as_str();
    let mut out = TwoSided {
        income: Vec::new(),
        totals: Vec::new(),
        expenditure: FunctionTable { title: title.to_string(), unit, rows: Vec::new(), total: None },
        classes: Vec::new(),
    };
    let mut left_done = false;
    let mut right_done = false;
    // Final accounts number their rows (行次 1 … 62) beside the labels: not amounts.
    let line_numbers = block.body.iter().take(8).any(|&i| lines[i].text.contains("行次"));
    for &i in &block.body {
        let l = &lines[i];
        if l.is_blank() || is_header_line(&l.text) {
            continue;
        }
        let mut sides: Vec<(Side, Segment)> =
            if l.tabbed() { tab_sides(l, title, warnings) } else { space_sides(l, title, warnings) };
        if line_numbers {
            for (_, seg) in &mut sides {
                drop_line_number(seg);
            }
        }
        for (side, seg) in sides {
            // `栏次 1 … 栏次 2`: the columns' numbers.
            if plain_name(&seg.label) == "栏次" {
                continue;
            }
            let Some(&first) = seg.amounts.first() else { continue };
            let printed = seg.label.trim().to_string();
            let source = Source::row(l.no, title, &printed);
            let name = plain_name(&printed);
            match side {
                Side::Left => {
                    if let Some(kind) = left_total(&name) {
                        left_done = true;
                        out.totals.push(StatedTotal { kind, amount: first, unit, source });
                    } else if !left_done {
                        let depth = match numbering(&printed).0 {
                            Some(Numbering::Arabic) | Some(Numbering::Paren) => 1,
                            _ => 0,
                        };
                        out.income.push(Line { name, amount: first, unit, depth, source });
                    }
                }
                Side::Right => {
                    if let Some(kind) = right_total(&name) {
                        right_done = true;
                        if kind == TotalKind::ExpenditureThisYear && out.expenditure.total.is_none() {
                            out.expenditure.total = Some(FunctionRow {
                                code: String::new(),
                                name: name.clone(),
                                total: Some(first),
                                basic: None,
                                project: None,
                                source: source.clone(),
                            });
                        }
                        out.totals.push(StatedTotal { kind, amount: first, unit, source });
                    } else if !right_done {
                        out.classes.push(numbering(&printed).0 == Some(Numbering::Chinese));
                        out.expenditure.rows.push(FunctionRow {
                            code: String::new(),
                            name,
                            total: Some(first),
                            basic: None,
                            project: None,
                            source,
                        });
                    }
                }
            }
        }
    }
    out
}

/// The 行次 beside a label: a whole number below 1000 printed first. A row without a 行次 has none
/// to drop only when its first amount is not such a number.
fn drop_line_number(seg: &mut Segment) {
    if seg.amounts.first().is_some_and(|v| v.scale() == 0 && !v.is_sign_negative() && *v < Decimal::from(1000)) {
        seg.amounts.remove(0);
    }
}

fn left_total(name: &str) -> Option<TotalKind> {
    if name.contains("本年收入合计") || name == "本年收入" {
        Some(TotalKind::IncomeThisYear)
    } else if name.contains("收入总计") || name == "总计" {
        Some(TotalKind::IncomeGrand)
    } else if ["上年结转", "上年结余", "年初结转", "年初财政拨款结转"].iter().any(|w| name.contains(w))
    {
        Some(TotalKind::CarryOverIn)
    } else {
        None
    }
}

fn right_total(name: &str) -> Option<TotalKind> {
    if name.contains("本年支出合计") || name == "本年支出" {
        Some(TotalKind::ExpenditureThisYear)
    } else if name.contains("支出总计") || name == "总计" {
        Some(TotalKind::ExpenditureGrand)
    } else if ["结转下年", "年末结转", "年终结转", "年末财政拨款结转"].iter().any(|w| name.contains(w)) {
        Some(TotalKind::CarryOverOut)
    } else {
        None
    }
}

/// Which side a lone label is on: expenditure labels are 类 names (…支出) and 支出 totals.
fn side_of(label: &str) -> Option<Side> {
    let name = plain_name(label);
    if name == "总计" {
        return None;
    }
    if right_total(&name).is_some() || name.ends_with("支出") || name.ends_with('支') {
        return Some(Side::Right);
    }
    if left_total(&name).is_some()
        || ["收入", "拨款", "资金", "基金", "补助", "上缴", "结余", "结转", "预算"].iter().any(|w| name.contains(w))
    {
        return Some(Side::Left);
    }
    None
}

fn tab_sides(l: &TextLine, title: &str, warnings: &mut Vec<Warning>) -> Vec<(Side, Segment)> {
    let cs = cells(&l.text);
    let mut read_side = |label: &str, amount_cells: &[&str]| -> Segment {
        let mut seg = Segment { label: label.to_string(), amounts: Vec::new() };
        for c in amount_cells.iter().filter(|c| !c.is_empty()) {
            match amount(c) {
                Some(v) => seg.amounts.push(v),
                None => warnings.push(Warning {
                    line: l.no,
                    message: format!("{title}：«{label}»：{}", super::text::not_an_amount(c)),
                    page: None,
                }),
            }
        }
        seg
    };
    if cs.len() >= 3 {
        let left = read_side(cs[0], &cs[1..2]);
        let right = read_side(cs[2], cs.get(3..).unwrap_or(&[]));
        vec![(Side::Left, left), (Side::Right, right)]
    } else {
        let seg = read_side(cs.first().copied().unwrap_or(""), cs.get(1..).unwrap_or(&[]));
        match side_of(&seg.label) {
            Some(side) => vec![(side, seg)],
            None => {
                unplaced(l, title, &seg, warnings);
                Vec::new()
            }
        }
    }
}

fn space_sides(l: &TextLine, title: &str, warnings: &mut Vec<Warning>) -> Vec<(Side, Segment)> {
    let mut segs: Vec<Segment> = Vec::new();
    for t in tokens(&l.text) {
        if let Some(v) = amount(t) {
            match segs.last_mut() {
                Some(s) => s.amounts.push(v),
                None => segs.push(Segment { label: String::new(), amounts: vec![v] }),
            }
            continue;
        }
        if looks_numeric(t) {
            let label = segs.last().map(|s| s.label.clone()).unwrap_or_default();
            warnings.push(Warning {
                line: l.no,
                message: format!("{title}：«{label}»：{}", super::text::not_an_amount(t)),
                page: None,
            });
            continue;
        }
        // Names hold no spaces in this layout: a second word is the other side's cell, unless
        // the first was only the numbering (`2.` `政府性基金`).
        let new_label = match segs.last() {
            None => true,
            Some(s) => !(s.amounts.is_empty() && numbering(&s.label).0.is_some() && numbering(&s.label).1.is_empty()),
        };
        if new_label {
            segs.push(Segment { label: t.to_string(), amounts: Vec::new() });
        } else if let Some(s) = segs.last_mut() {
            s.label.push(' ');
            s.label.push_str(t);
        }
    }
    match segs.len() {
        0 => Vec::new(),
        1 => {
            let seg = segs.remove(0);
            match side_of(&seg.label) {
                Some(side) => vec![(side, seg)],
                None => {
                    unplaced(l, title, &seg, warnings);
                    Vec::new()
                }
            }
        }
        2 => {
            let right = segs.remove(1);
            let left = segs.remove(0);
            vec![(Side::Left, left), (Side::Right, right)]
        }
        n => {
            if segs.iter().any(|s| !s.amounts.is_empty()) {
                warnings
                    .push(Warning { line: l.no, message: format!("{title}：一行里有 {n} 个带名称的单元格，未读取"), page: None });
            }
            Vec::new()
        }
    }
}

fn unplaced(l: &TextLine, title: &str, seg: &Segment, warnings: &mut Vec<Warning>) {
    if !seg.amounts.is_empty() {
        warnings.push(Warning {
            line: l.no,
            message: format!("{title}：无法判断 «{}» 是收入还是支出，未读取", seg.label.trim()),
            page: None,
        });
    }
}
