//! "三公" tables. Tab-separated tables keep their columns (the header says which is which);
//! where blank cells vanished, the amounts are placed on the standard columns (合计, 因公出国（境）,
//! 公务用车 小计 / 购置 / 运行, 公务接待, then 机关运行经费) by every placement the sums allow;
//! only what all placements agree on is kept.

use super::facts::year_in;
use super::tables::Block;
use super::grid::{self, Value};
use super::lines::Line;
use super::text::{amount, cells, compact, tokens};
use crate::model::{DocKind, SanGong, SanGongCategory, Source, Warning};
use crate::money::Unit;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Total,
    Abroad,
    Vehicles,
    Purchase,
    Operation,
    Reception,
    /// 机关运行经费: printed beside, not part of 三公.
    Running,
}

impl Field {
    /// The 三公 category of the column (机关运行经费 is none).
    fn category(self) -> Option<SanGongCategory> {
        Some(match self {
            Field::Total => SanGongCategory::Total,
            Field::Abroad => SanGongCategory::Abroad,
            Field::Vehicles => SanGongCategory::Vehicles,
            Field::Purchase => SanGongCategory::VehiclePurchase,
            Field::Operation => SanGongCategory::VehicleOperation,
            Field::Reception => SanGongCategory::Reception,
            Field::Running => return None,
        })
    }
}

const STANDARD: [Field; 6] =
    [Field::Total, Field::Abroad, Field::Vehicles, Field::Purchase, Field::Operation, Field::Reception];

fn field_of(header: &str) -> Option<Field> {
    let h = compact(header);
    Some(if h.contains("机关运行") {
        Field::Running
    } else if h.contains("出国") {
        Field::Abroad
    } else if h.contains("接待") {
        Field::Reception
    } else if h.contains("购置及运行") || h.contains("小计") {
        Field::Vehicles
    } else if h.contains("购置") {
        Field::Purchase
    } else if h.contains("运行") {
        Field::Operation
    } else if h.contains("总计") || h.contains("合计") || h.contains("总额") {
        // 北京: “三公”经费财政拨款预算总额.
        Field::Total
    } else {
        return None;
    })
}

/// A line of one year whose vanished cells fit several placements: the text's 三公 sentences, read
/// later, may tell which one is printed (`settle`).
pub(crate) struct Unsettled {
    line: u32,
    unit: Unit,
    year: Option<i32>,
    title: String,
    columns: Vec<(Option<DocKind>, Field)>,
    solutions: Vec<Vec<Option<Decimal>>>,
}

pub(crate) fn read_sangong(
    block: &Block,
    lines: &[Line],
    unit: Unit,
    year: Option<i32>,
    warnings: &mut Vec<Warning>,
) -> (Vec<SanGong>, Vec<Unsettled>) {
    let body: Vec<&Line> = block.body.iter().map(|&i| &lines[i]).filter(|l| !l.is_blank()).collect();
    if body.iter().any(|l| l.tabbed()) {
        return (read_tabbed(block, &body, unit, year, warnings), Vec::new());
    }
    let mut order = None;
    if grid::laid_out(&body) {
        if let Some(rows) = read_positioned(block, &body, unit, year) {
            return (rows, Vec::new());
        }
        order = header_order(&body);
    }
    read_spaced(block, &body, unit, year, order, warnings)
}

/// The columns in the order a laid-out header prints them, left to right by where its words stand
/// (上海: 合计, 因公出国, 公务接待, then 公务用车 小计 / 购置 / 运行): where the positions are too
/// loose to place each amount, they still give the order the arithmetic places them in.
fn header_order(body: &[&Line]) -> Option<Vec<(Field, f32)>> {
    let mut words: Vec<(f32, Field)> = Vec::new();
    for l in body {
        let cells = grid::cells_of(l);
        if cells.iter().any(|c| matches!(c.value, Value::Amount(_))) {
            break;
        }
        for c in cells {
            if let Some(f) = field_of(&c.text) {
                words.push((c.centre_x(), f));
            }
        }
    }
    words.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut order: Vec<(Field, f32)> = Vec::new();
    for (x, f) in words {
        if !order.iter().any(|o| o.0 == f) {
            order.push((f, x));
        }
    }
    // The header must name the standard columns, each once, for its order to be trusted.
    STANDARD.iter().all(|f| order.iter().any(|o| o.0 == *f)).then_some(order)
}

/// A table laid out by position: each amount under the column the header names (the bottom word
/// over a column says most: 小计 / 购置费 / 运行费 under 公务用车购置及运行费). Tables of 预算数 and
/// 决算数 side by side, or whose header names too few columns, are left to the arithmetic.
fn read_positioned(block: &Block, body: &[&Line], unit: Unit, year: Option<i32>) -> Option<Vec<SanGong>> {
    let header: String = body.iter().take(10).map(|l| compact(&l.text)).collect();
    if header.contains("预算数") && header.contains("决算数") {
        return None;
    }
    let g = grid::build(body, |cells| cells.iter().any(|c| matches!(c.value, Value::Amount(_))));
    let fields: Vec<Option<Field>> =
        g.columns.iter().map(|c| c.labels.iter().rev().find_map(|l| field_of(l)).or_else(|| field_of(&c.words()))).collect();
    // A column under words of two columns that do not nest (北京: 公务接待费 and 小计 over one
    // amount, as the header is set between them) is not told by position.
    let nested = |a: Field, b: Field| {
        let car = [Field::Vehicles, Field::Purchase, Field::Operation];
        a == b || (car.contains(&a) && car.contains(&b))
    };
    for c in &g.columns {
        let fs: Vec<Field> = c.labels.iter().filter_map(|l| field_of(l)).collect();
        if fs.iter().any(|a| fs.iter().any(|b| !nested(*a, *b))) {
            return None;
        }
    }
    // The columns must be told apart: each field once, and 合计 among them.
    let named: Vec<Field> = fields.iter().flatten().copied().collect();
    let distinct = named.iter().enumerate().all(|(i, f)| !named[..i].contains(f));
    if !named.contains(&Field::Total) || !distinct || named.len() < 2 {
        return None;
    }
    let title = block.title.as_str();
    let mut out = Vec::new();
    for row in &g.rows {
        let label: String = row.label.iter().map(|c| compact(&c.text)).collect();
        let line = body.get(row.at).map_or(0, |l| l.no);
        let row_year = if label.is_empty() { year } else { year_in(&label).or(year) };
        let mut r = empty(row_year, None, unit, Source::row(line, title, if label.is_empty() { "合计" } else { &label }));
        for (cell, f) in row.amounts.iter().zip(&fields) {
            if let (Some(cell), Some(f)) = (cell, f) {
                if let Value::Amount(v) = cell.value {
                    set(&mut r, *f, Some(v));
                }
            }
        }
        out.push(r);
    }
    // Where positions and the header are loose, the arithmetic tells: every row's 合计 must be
    // its three parts, and 公务用车 its 购置 and 运行, or the table is left to `read_spaced`.
    out.iter().all(adds_up).then_some(out)
}

/// 合计 = 出国 + 公务用车 + 接待 and 公务用车 = 购置 + 运行, where printed (blank is zero).
fn adds_up(r: &SanGong) -> bool {
    let z = |v: Option<Decimal>| v.unwrap_or(Decimal::ZERO);
    let vehicles = r.vehicles.or_else(|| (r.vehicle_purchase.is_some() || r.vehicle_operation.is_some()).then(|| z(r.vehicle_purchase) + z(r.vehicle_operation)));
    let total_ok = r.total.is_none_or(|t| t == z(r.abroad) + z(vehicles) + z(r.reception));
    let parts_ok = r.vehicles.is_none_or(|v| (r.vehicle_purchase.is_none() && r.vehicle_operation.is_none()) || v == z(r.vehicle_purchase) + z(r.vehicle_operation));
    total_ok && parts_ok
}

/// Keeps the one placement of an unsettled line that agrees with every 三公 sentence of the same
/// unit (a blank cell agrees with `0万元`); several or none agreeing leave the line as it was.
pub(crate) fn settle(budget: &mut crate::model::Budget, unsettled: Vec<Unsettled>) {
    for u in unsettled {
        let said = |f: Field| {
            let cat = f.category()?;
            budget.sangong_text.iter().find(|s| s.category == cat)
        };
        // A sentence rounds (15.52 万元 for 15.517846) and may count in 元 (0元): a cell agrees
        // with it within half its last printed digit, in the table's unit.
        let agrees_with = |v: Decimal, s: &crate::model::SanGongStatement| {
            let said = crate::money::convert(s.amount, s.unit, u.unit);
            let tol = crate::money::convert(crate::money::half_ulp(s.amount), s.unit, u.unit);
            crate::dec::checked_sub(v, said).is_some_and(|d| d.abs() <= tol)
        };
        let cited: Vec<u32> = u.columns.iter().filter_map(|(_, f)| said(*f).map(|s| s.source.line)).collect();
        if cited.is_empty() {
            continue;
        }
        let agree = |sol: &&Vec<Option<Decimal>>| {
            u.columns.iter().zip(sol.iter()).all(|((_, f), v)| said(*f).is_none_or(|s| agrees_with(v.unwrap_or(Decimal::ZERO), s)))
        };
        let fits: Vec<&Vec<Option<Decimal>>> = u.solutions.iter().filter(agree).collect();
        let [sol] = fits.as_slice() else { continue };
        let at = budget.sangong.iter().position(|r| r.source.line == u.line && r.phase.is_none());
        let row = match at {
            Some(i) => &mut budget.sangong[i],
            None => {
                budget.sangong.push(empty(u.year, None, u.unit, Source::row(u.line, &u.title, "合计")));
                let last = budget.sangong.len() - 1;
                &mut budget.sangong[last]
            }
        };
        for ((_, f), v) in u.columns.iter().zip(sol.iter()) {
            if let Some(v) = v {
                set(row, *f, Some(*v));
            }
        }
        let (a, b) = (cited.iter().min().copied().unwrap_or(0), cited.iter().max().copied().unwrap_or(0));
        let lines = if a == b { format!("第 {a} 行") } else { format!("第 {a}–{b} 行") };
        for w in budget.warnings.iter_mut().filter(|w| w.line == u.line && w.message.contains("种可能")) {
            if let Some(cut) = w.message.find("；只保留各种可能一致的数") {
                w.message.truncate(cut);
                w.message.push_str(&format!("；保留正文“三公”经费说明（{lines}）所述的那一种"));
            }
        }
    }
}

fn empty(year: Option<i32>, phase: Option<DocKind>, unit: Unit, source: Source) -> SanGong {
    SanGong {
        year,
        phase,
        total: None,
        abroad: None,
        reception: None,
        vehicles: None,
        vehicle_purchase: None,
        vehicle_operation: None,
        unit,
        source,
    }
}

fn set(row: &mut SanGong, f: Field, v: Option<Decimal>) {
    match f {
        Field::Total => row.total = v,
        Field::Abroad => row.abroad = v,
        Field::Vehicles => row.vehicles = v,
        Field::Purchase => row.vehicle_purchase = v,
        Field::Operation => row.vehicle_operation = v,
        Field::Reception => row.reception = v,
        Field::Running => {}
    }
}

fn read_tabbed(
    block: &Block,
    body: &[&Line],
    unit: Unit,
    year: Option<i32>,
    warnings: &mut Vec<Warning>,
) -> Vec<SanGong> {
    let title = block.title.as_str();
    let mut headers: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut fields: Option<Vec<Option<Field>>> = None;
    let mut year_col: Option<usize> = None;
    for l in body {
        let cs = cells(&l.text);
        let has_amount = cs.iter().any(|c| amount(c).is_some());
        if !has_amount {
            if fields.is_none() {
                for (k, c) in cs.iter().enumerate() {
                    if headers.len() <= k {
                        headers.push(String::new());
                    }
                    headers[k].push_str(c);
                }
            }
            continue;
        }
        let fs = fields.get_or_insert_with(|| {
            year_col = headers.iter().position(|h| h.contains("年度") || h == "年份");
            headers.iter().map(|h| field_of(h)).collect()
        });
        let label = year_col.and_then(|k| cs.get(k)).copied().unwrap_or("");
        let row_year = if label.is_empty() { year } else { year_in(&compact(label)) };
        let mut row = empty(row_year, None, unit, Source::row(l.no, title, label));
        for (k, c) in cs.iter().enumerate() {
            let Some(Some(f)) = fs.get(k) else { continue };
            if c.is_empty() {
                continue;
            }
            match amount(c) {
                Some(v) => set(&mut row, *f, Some(v)),
                None => warnings.push(Warning {
                    line: l.no,
                    message: format!("{title}：«{label}»：{}", super::text::not_an_amount(c)),
                    page: None,
                }),
            }
        }
        out.push(row);
    }
    out
}

fn read_spaced(
    block: &Block,
    body: &[&Line],
    unit: Unit,
    year: Option<i32>,
    order: Option<Vec<(Field, f32)>>,
    warnings: &mut Vec<Warning>,
) -> (Vec<SanGong>, Vec<Unsettled>) {
    let title = block.title.as_str();
    let header: String = body.iter().map(|l| compact(&l.text)).collect();
    let pairs = header.contains("预算数") && header.contains("决算数");
    let running = header.contains("机关运行经费") && order.as_ref().is_none_or(|o| !o.iter().any(|w| w.0 == Field::Running));
    // Where each column's header word stands, when the header was laid out.
    let at: Vec<(Field, f32)> = order.clone().unwrap_or_default();
    // Columns in print order: (phase, field).
    let mut columns: Vec<(Option<DocKind>, Field)> = Vec::new();
    for f in order.map_or_else(|| STANDARD.to_vec(), |o| o.into_iter().map(|w| w.0).collect()) {
        if pairs {
            columns.push((Some(DocKind::Budget), f));
            columns.push((Some(DocKind::FinalAccounts), f));
        } else {
            columns.push((None, f));
        }
    }
    if running {
        columns.push((None, Field::Running));
    }
    let rounded = unit != Unit::Yuan;
    let mut out = Vec::new();
    let mut open = Vec::new();
    for l in body {
        let toks = tokens(&l.text);
        let values: Option<Vec<Decimal>> = toks.iter().map(|t| amount(t)).collect();
        let Some(values) = values.filter(|v| !v.is_empty()) else { continue };
        let mut solutions = placements(&columns, &values, rounded);
        if solutions.len() > 1 && !pairs {
            if let Some(k) = nearest_placement(&solutions, &columns, &at, l) {
                solutions = vec![solutions.swap_remove(k)];
            }
        }
        if solutions.is_empty() {
            warnings.push(Warning {
                line: l.no,
                message: format!(
                    "{title}：金额 {} 与表的各栏对不上（合计 = 出国 + 公务用车 + 接待），未读取",
                    list(&values)
                ),
                page: None,
            });
            continue;
        }
        // Per column: the value every placement agrees on (`Some(None)` = certainly blank).
        let agreed: Vec<Option<Option<Decimal>>> = (0..columns.len())
            .map(|c| {
                let first = solutions[0][c];
                solutions.iter().all(|s| s[c] == first).then_some(first)
            })
            .collect();
        let phases: Vec<Option<DocKind>> =
            if pairs { vec![Some(DocKind::Budget), Some(DocKind::FinalAccounts)] } else { vec![None] };
        for phase in phases {
            let mut row = empty(year, phase, unit, Source::row(l.no, title, "合计"));
            let mut any = false;
            for (c, (p, f)) in columns.iter().enumerate() {
                if *p != phase && !(*f == Field::Running) {
                    continue;
                }
                if let Some(Some(v)) = agreed[c] {
                    if *f != Field::Running {
                        any = true;
                    }
                    set(&mut row, *f, Some(v));
                }
            }
            if any {
                out.push(row);
            }
        }
        if solutions.len() > 1 {
            let unsure: Vec<String> = columns
                .iter()
                .zip(&agreed)
                .filter(|(_, a)| a.is_none())
                .map(|((p, f), _)| match p {
                    Some(DocKind::Budget) => format!("{}预算数", zh(*f)),
                    Some(DocKind::FinalAccounts) => format!("{}决算数", zh(*f)),
                    None => zh(*f).to_string(),
                })
                .collect();
            warnings.push(Warning {
                line: l.no,
                message: format!(
                    "{title}：空白单元格已消失，金额 {} 放入各栏有 {} 种可能；只保留各种可能一致的数（不详：{}）",
                    list(&values),
                    solutions.len(),
                    unsure.join("、")
                ),
                page: None,
            });
            if !pairs {
                open.push(Unsettled {
                    line: l.no,
                    unit,
                    year,
                    title: title.to_string(),
                    columns: columns.clone(),
                    solutions: solutions.clone(),
                });
            }
        }
    }
    (out, open)
}

/// Of several placements the arithmetic allows, the one whose amounts stand nearest the header
/// words of their columns (北京's 0.100000 under 公务接待费, not 因公出国（境）费用, both blank-able),
/// when it is clearly the nearest: each amount's centre against its column word's, summed.
fn nearest_placement(solutions: &[Vec<Option<Decimal>>], columns: &[(Option<DocKind>, Field)], at: &[(Field, f32)], l: &Line) -> Option<usize> {
    let amounts: Vec<grid::Cell> = grid::cells_of(l).into_iter().filter(|c| matches!(c.value, Value::Amount(_))).collect();
    let cost = |sol: &Vec<Option<Decimal>>| -> Option<f32> {
        let mut k = 0;
        let mut sum = 0.0;
        for ((_, f), v) in columns.iter().zip(sol) {
            if v.is_none() {
                continue;
            }
            let cell = amounts.get(k)?;
            k += 1;
            sum += (cell.centre_x() - at.iter().find(|w| w.0 == *f)?.1).abs();
        }
        Some(sum)
    };
    let costs: Vec<f32> = solutions.iter().map(cost).collect::<Option<Vec<f32>>>()?;
    let best = (0..costs.len()).min_by(|&a, &b| costs[a].partial_cmp(&costs[b]).unwrap_or(std::cmp::Ordering::Equal))?;
    let margin = costs.iter().enumerate().filter(|&(i, c)| i != best && *c < costs[best] + 2.0).count();
    (margin == 0).then_some(best)
}

fn zh(f: Field) -> &'static str {
    match f {
        Field::Total => "合计",
        Field::Abroad => "因公出国（境）费",
        Field::Vehicles => "公务用车购置及运行费",
        Field::Purchase => "公务用车购置费",
        Field::Operation => "公务用车运行费",
        Field::Reception => "公务接待费",
        Field::Running => "机关运行经费",
    }
}

fn list(values: &[Decimal]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("、")
}

/// Every way of putting `values` in order on `columns` (the rest blank) that satisfies
/// 合计 = 出国 + 公务用车 + 接待 and 公务用车 = 购置 + 运行 in each phase.
fn placements(columns: &[(Option<DocKind>, Field)], values: &[Decimal], rounded: bool) -> Vec<Vec<Option<Decimal>>> {
    let m = columns.len();
    let n = values.len();
    let mut out = Vec::new();
    if n > m {
        return out;
    }
    let tol = if rounded { Decimal::new(15, 3) } else { Decimal::ZERO };
    let mut idx: Vec<usize> = (0..n).collect();
    loop {
        let mut cells = vec![None; m];
        for (k, &c) in idx.iter().enumerate() {
            cells[c] = Some(values[k]);
        }
        if fits(columns, &cells, tol) {
            out.push(cells);
        }
        // Next combination of n positions out of m, in order.
        let mut k = n;
        loop {
            if k == 0 {
                return out;
            }
            k -= 1;
            if idx[k] < m - n + k {
                idx[k] += 1;
                for j in k + 1..n {
                    idx[j] = idx[j - 1] + 1;
                }
                break;
            }
        }
        if n == 0 {
            return out;
        }
    }
}

fn fits(columns: &[(Option<DocKind>, Field)], cells: &[Option<Decimal>], tol: Decimal) -> bool {
    let phases: Vec<Option<DocKind>> = {
        let mut p: Vec<Option<DocKind>> =
            columns.iter().filter(|(_, f)| *f != Field::Running).map(|(p, _)| *p).collect();
        p.dedup();
        p
    };
    phases.into_iter().all(|phase| {
        let get = |f: Field| -> Decimal {
            columns.iter().position(|&(p, g)| p == phase && g == f).and_then(|c| cells[c]).unwrap_or_default()
        };
        let total = get(Field::Total);
        let vehicles = get(Field::Vehicles);
        let gap = |whole: Decimal, parts: &[Decimal]| {
            parts.iter().try_fold(whole, |acc, p| acc.checked_sub(*p)).is_some_and(|g| g.abs() <= tol)
        };
        gap(total, &[get(Field::Abroad), vehicles, get(Field::Reception)])
            && gap(vehicles, &[get(Field::Purchase), get(Field::Operation)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn places_vanished_cells_only_when_certain() {
        let cols: Vec<(Option<DocKind>, Field)> =
            STANDARD.iter().map(|f| (None, *f)).chain([(None, Field::Running)]).collect();
        // 867.50 839.00 28.50 213.28: one placement.
        let s = placements(&cols, &[d("867.50"), d("839.00"), d("28.50"), d("213.28")], false);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0][5], Some(d("28.50")));
        // 1.00 1.00 171.01: 出国 or 接待.
        let s = placements(&cols, &[d("1.00"), d("1.00"), d("171.01")], false);
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|c| c[0] == Some(d("1.00")) && c[6] == Some(d("171.01"))));
    }
}
