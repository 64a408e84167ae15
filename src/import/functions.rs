//! Function-classification tables (功能分类): rows of a code (joined `2080505` or split
//! `208 05 05`), a name and amounts. Names wrapped onto the line above the code are rejoined;
//! rows whose blank cells vanished get their parts from the arithmetic (`resolve`).

use super::grid::{self, AmountColumn, Cell, Grid, Value};
use super::resolve::{resolve, Node, PartPair, Parts};
use super::tables::Block;
use super::lines::Line;
use super::text::{amount, cells, compact, is_cjk, is_header_line, looks_numeric, tab_cells, tokens};
use super::titles::TableKind;
use crate::model::{FunctionRow, FunctionTable, Source, Warning};
use crate::money::Unit;
use rust_decimal::Decimal;

/// A row as read, before its amounts are given meaning.
#[derive(Debug, Clone)]
struct Raw {
    line: u32,
    code: String,
    name: String,
    /// Tab layout: one entry per amount column (`None` = blank cell). Space layout: the amounts
    /// printed, in order (blank cells vanished).
    amounts: Vec<Option<Decimal>>,
    positional: bool,
    /// An amount did not parse (already warned): the parts are not trusted.
    damaged: bool,
}

/// Whether the body has a row with a classification code.
pub(crate) fn has_codes(block: &Block, lines: &[Line]) -> bool {
    block.body.iter().any(|&i| {
        let l = &lines[i];
        if l.tabbed() {
            cells(&l.text).iter().any(|c| code_of(c).is_some())
        } else {
            split_code(&tokens(&l.text)).is_some()
        }
    })
}

pub(crate) fn read_functions(
    block: &Block,
    lines: &[Line],
    unit: Unit,
    department: &str,
    warnings: &mut Vec<Warning>,
) -> FunctionTable {
    let title = block.title.as_str();
    let warn = |w: &mut Vec<Warning>, line: u32, m: String| w.push(Warning { line, message: format!("{title}：{m}"), page: None });
    let body: Vec<&Line> = block.body.iter().map(|&i| &lines[i]).collect();
    let tabbed = body.iter().filter(|l| l.tabbed()).count() * 2 > body.iter().filter(|l| !l.is_blank()).count();
    let first_amount_col = if tabbed { amount_column(&body) } else { 0 };
    // Text laid out by position (cells apart by two spaces or more): read by position.
    let mut positioned = (!tabbed && grid::laid_out(&body)).then(|| Positioned::lay_out(&body, block.kind == TableKind::Income));

    // Which lines are header, decided once per line.
    let mut header: Vec<bool> = body.iter().map(|l| is_header_line(&l.text)).collect();
    if let Some(p) = &positioned {
        for &i in &p.grid.header {
            if let Some(h) = header.get_mut(i) {
                *h = true;
            }
        }
    }
    // The widest header line: cells past it belong to no column.
    let header_width = if tabbed {
        body.iter().zip(&header).filter(|(_, &h)| h).map(|(l, _)| cells(&l.text).len()).max().unwrap_or(0)
    } else {
        0
    };
    let mut rows: Vec<Raw> = Vec::new();
    let mut total: Option<Raw> = None;
    let mut pending: Vec<(u32, String)> = Vec::new();
    // Lines of coded rows printed without a name (its text follows on lines of its own).
    let mut nameless: Vec<u32> = Vec::new();
    let mut started = false;
    // The body line of the last coded row.
    let mut last_row_at: Option<usize> = None;
    for (at, (l, &is_header)) in body.iter().zip(&header).enumerate() {
        // A header word alone between rows (支出, the end of 职业年金缴费支出) is a name's part
        // where a PDF sets it nearer the row above.
        let name_part = is_header && started && nearer_the_row_above(&body, at, last_row_at) == Some(true);
        if l.is_blank() || (is_header && !name_part) {
            continue;
        }
        let raw = match &mut positioned {
            Some(p) => p.row(at, l, title, warnings),
            None if tabbed => tab_row(l, first_amount_col, title, warnings),
            None => space_row(l, title, warnings),
        };
        if header_width > 0 && l.tabbed() {
            let past = || tab_cells(&l.text).skip(header_width).filter(|c| !c.is_empty());
            // Counting tabs first: most rows have no cell past the header.
            if l.text.bytes().filter(|&b| b == b'\t').count() >= header_width && past().next().is_some() {
                let extra: Vec<&str> = past().collect();
                let name = raw.as_ref().map_or_else(|| compact(&l.text), |r| format!("{} {}", r.code, r.name));
                warn(
                    warnings,
                    l.no,
                    format!(
                        "行 «{}» 比表头的 {header_width} 列多出 {} 个单元格（«{}»），多出的已忽略",
                        name.trim(),
                        extra.len(),
                        extra.join("»、«")
                    ),
                );
            }
        }
        let Some(mut raw) = raw else {
            // Text alone: a wrapped name (once rows started), else more header. Below a coded
            // row printed without its name, it is that row's name.
            let text = compact(&l.text);
            if started && text.chars().any(is_cjk) && !text.chars().any(|c| c.is_ascii_digit()) {
                // A PDF's baselines say which row a part goes with; text has only the order.
                let with_last = match nearer_the_row_above(&body, at, last_row_at) {
                    Some(above) => above,
                    None => rows.last().is_some_and(|r| r.name.is_empty() || nameless.contains(&r.line)),
                };
                match rows.last_mut().filter(|_| with_last) {
                    Some(r) => {
                        nameless.push(r.line);
                        r.name.push_str(&text);
                    }
                    None => pending.push((l.no, text)),
                }
            }
            continue;
        };
        let is_total_label = matches!(raw.name.as_str(), "合计" | "总计" | "本年支出合计");
        if raw.code.is_empty() {
            let first_data = !started;
            started = true;
            if is_total_label || (total.is_none() && rows.is_empty() && (first_data || raw.name == department)) {
                attach_suffix(&mut rows, &mut pending);
                if total.is_some() {
                    warn(warnings, raw.line, format!("第二个合计行 «{}» 已忽略", raw.name));
                } else {
                    total = Some(raw);
                }
            } else if raw.amounts.iter().any(Option::is_some) {
                attach_suffix(&mut rows, &mut pending);
                warn(
                    warnings,
                    raw.line,
                    format!("行 «{}» 有金额但没有科目编码，未读取", raw.name),
                );
            } else {
                pending.push((raw.line, raw.name));
            }
            continue;
        }
        if !started {
            pending.extend(part_above_first_row(&body, at));
        }
        started = true;
        if !pending.is_empty() {
            let prefix: String = pending.drain(..).map(|(_, t)| t).collect();
            raw.name = format!("{prefix}{}", raw.name);
        }
        last_row_at = Some(at);
        rows.push(raw);
    }
    attach_suffix(&mut rows, &mut pending);
    if let Some(note) = add_up_items(&mut rows) {
        warn(warnings, block.line, note);
    }
    for (line, m) in structure_notes(&rows) {
        warn(warnings, line, m);
    }
    if rows.is_empty() && total.is_none() && header.contains(&true) {
        warn(warnings, block.line, "印有表头但其下没有数据行，未读取任何数字".into());
    }

    let income = block.kind == TableKind::Income;
    let rounded = unit != Unit::Yuan;
    let (parts, notes) = parts_of(&rows, total.as_ref(), income, rounded);
    for (line, m) in notes {
        warn(warnings, line, m);
    }
    // The raw rows are done with: their strings move into the model.
    let make = |raw: Raw, (basic, project): PartPair| FunctionRow {
        total: raw.amounts.first().copied().flatten(),
        basic,
        project,
        source: Source::row(raw.line, title, &raw.name),
        code: raw.code,
        name: raw.name,
    };
    let total_parts = parts.get(rows.len()).copied().unwrap_or((None, None));
    let out_rows: Vec<FunctionRow> = rows.into_iter().zip(parts.iter()).map(|(r, p)| make(r, *p)).collect();
    let total_row = total.map(|t| make(t, total_parts));
    FunctionTable { title: title.to_string(), unit, rows: out_rows, total: total_row }
}

/// 基本 / 项目 of every row (and of the total row, last): as printed in tab layout, from the
/// arithmetic where cells vanished. Income tables keep only their 合计 column.
fn parts_of<'a>(rows: &'a [Raw], total: Option<&'a Raw>, income: bool, rounded: bool) -> (Vec<PartPair>, Vec<(u32, String)>) {
    let mut notes = Vec::new();
    let mut node = |r: &'a Raw| -> Node<'a> {
        // Tab-separated cells keep their places: a cell that did not parse is only that cell.
        let parts = if income || (r.damaged && !r.positional) {
            Parts::Unknown
        } else if r.positional {
            Parts::Known(r.amounts.get(1).copied().flatten(), r.amounts.get(2).copied().flatten())
        } else {
            let a: Vec<Decimal> = r.amounts.iter().flatten().copied().collect();
            match a.as_slice() {
                [] => Parts::Known(None, None),
                [t] => {
                    if !t.is_zero() {
                        notes.push((
                            r.line,
                            format!("«{}» 只印了一个金额 {t}：其基本支出 / 项目支出不详", r.name),
                        ));
                    }
                    Parts::Known(None, None)
                }
                [t, x] if t == x => Parts::One(*x),
                [t, x] => {
                    notes.push((
                        r.line,
                        format!(
                            "«{}» 印有 {t} 和 {x}：后者不等于合计，又缺一栏，无法判断是基本支出还是项目支出；两者不详",
                            r.name
                        ),
                    ));
                    Parts::Unknown
                }
                [_, b, p] => Parts::Known(Some(*b), Some(*p)),
                more => {
                    notes.push((
                        r.line,
                        format!(
                            "«{}» 在合计 / 基本支出 / 项目支出三栏印了 {} 个金额；基本支出 / 项目支出不详",
                            r.name,
                            more.len()
                        ),
                    ));
                    Parts::Unknown
                }
            }
        };
        Node { code: &r.code, name: &r.name, line: r.line, parts }
    };
    let nodes: Vec<Node> = rows.iter().map(&mut node).collect();
    let root = total.map(&mut node);
    let (parts, more) = resolve(&nodes, root.as_ref(), rounded, ("基本支出", "项目支出"));
    notes.extend(more);
    (parts, notes)
}

/// Repeated codes named one by one in the warnings; beyond, one warning counts the rest.
const REPEATS_NAMED: usize = 20;

/// What the codes say is wrong with the rows as printed: a code twice, a 款 or 项 without the row
/// it belongs to (or printed after it), a coded row without any amount.
fn structure_notes(rows: &[Raw]) -> Vec<(u32, String)> {
    use crate::model::Level;
    use std::collections::HashMap;
    let mut notes = Vec::new();
    let mut first: HashMap<&str, (usize, u32)> = HashMap::with_capacity(rows.len());
    // A table pasted many times over repeats every code: the first repeats are named, the rest counted.
    let mut repeats: Vec<u32> = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        match first.get(r.code.as_str()) {
            Some(&(_, line)) if repeats.len() < REPEATS_NAMED => {
                repeats.push(r.line);
                notes.push((
                    r.line,
                    format!(
                        "科目编码 {} «{}» 印了两次（第 {line} 行和第 {} 行）；两行都保留",
                        r.code, r.name, r.line
                    ),
                ));
            }
            Some(_) => repeats.push(r.line),
            None => {
                first.insert(r.code.as_str(), (k, r.line));
            }
        }
    }
    if let (Some(&from), Some(&to)) = (repeats.get(REPEATS_NAMED), repeats.last()) {
        notes.push((
            from,
            format!(
                "另有 {} 行重复了上面已印的科目编码（第 {from}–{to} 行）；所有行都保留",
                repeats.len() - REPEATS_NAMED
            ),
        ));
    }
    for (k, r) in rows.iter().enumerate() {
        let (level, parent_len) = match Level::of_code(&r.code) {
            Some(Level::Section) => (Level::Section, 3),
            Some(Level::Item) => (Level::Item, 5),
            _ => continue,
        };
        let Some(parent) = r.code.get(..parent_len) else { continue };
        let parent_level = if parent_len == 3 { Level::Class } else { Level::Section };
        match first.get(parent) {
            None => notes.push((
                r.line,
                format!(
                    "{} {} «{}» 在本表中上方没有所属的{} {parent} 行",
                    level.zh(),
                    r.code,
                    r.name,
                    parent_level.zh()
                ),
            )),
            Some(&(p, line)) if p > k => notes.push((
                r.line,
                format!(
                    "{} {} «{}» 印在所属的{} {parent}（第 {line} 行）之前",
                    level.zh(),
                    r.code,
                    r.name,
                    parent_level.zh()
                ),
            )),
            Some(_) => {}
        }
    }
    for r in rows.iter().filter(|r| !r.damaged && r.amounts.iter().all(Option::is_none)) {
        notes.push((r.line, format!("{} «{}» 没有印金额（文本在此处被截断了？）", r.code, r.name)));
    }
    crate::order::by_position(&mut notes, |(line, _)| *line as usize);
    notes
}

/// A PDF sets a wrapped name centred on its row: part above the row's amounts, part below, so a
/// line of text between two coded rows goes with the one whose baseline it stands nearer. True
/// when body line `at` stands nearer the coded row at `above` than the next coded row on its
/// page (or there is none); `None` for text, which has no baselines.
fn nearer_the_row_above(body: &[&Line], at: usize, above: Option<usize>) -> Option<bool> {
    let l = body.get(at)?;
    let y = l.y?;
    let Some(up) = above.and_then(|k| body.get(k)) else { return Some(false) };
    let Some(y_up) = up.y.filter(|_| up.page == l.page) else { return Some(false) };
    let next = body.iter().skip(at + 1).filter(|n| !n.is_blank()).find(|n| {
        n.text.split_whitespace().next().is_some_and(grid::code_like) || n.page != l.page
    });
    Some(match next {
        Some(n) if n.page == l.page => n.y.is_some_and(|y_down| (y - y_up).abs() < (y_down - y).abs()),
        _ => true,
    })
}

/// The first row's name part set above it in a PDF (`社会保障和就` over `208 … 754.75`, `业支出`
/// under it), which the header took: the text line just above, nearer the row than the line above
/// it (clearly: a header's lines stand as far apart as its rows), that stands left of the row's
/// amounts.
fn part_above_first_row(body: &[&Line], at: usize) -> Option<(u32, String)> {
    let row = body.get(at)?;
    let y = row.y?;
    let mut before = body[..at].iter().rev().filter(|l| !l.is_blank());
    let part = before.next().filter(|p| p.page == row.page)?;
    let text = compact(&part.text);
    // Header words (类 款 项, 合计) are the header's, however near.
    if !text.chars().all(is_cjk) || is_header_line(&part.text) {
        return None;
    }
    let near = (y - part.y?).abs();
    let apart = before.next().filter(|q| q.page == row.page).and_then(|q| Some((part.y? - q.y?).abs())).unwrap_or(f32::INFINITY);
    // Left of the amounts: the part ends before the row's second cell (code, then amounts or name).
    let ends = part.spans.as_ref()?.last()?.1;
    let amounts_from = row.spans.as_ref()?.iter().skip(1).map(|s| s.0).fold(f32::INFINITY, f32::min);
    (near < apart * 0.75 && ends < amounts_from && !text.is_empty()).then_some((part.no, text))
}

/// Text lines left over after the last coded row belong to its name (wrapped below the code).
fn attach_suffix(rows: &mut [Raw], pending: &mut Vec<(u32, String)>) {
    if pending.is_empty() {
        return;
    }
    if let Some(last) = rows.last_mut() {
        for (_, t) in pending.drain(..) {
            last.name.push_str(&t);
        }
    } else {
        pending.clear();
    }
}

/// The column where amounts start in a tab-separated table: after the name cell of coded rows.
fn amount_column(body: &[&Line]) -> usize {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for l in body.iter().filter(|l| l.tabbed()) {
        let cs = cells(&l.text);
        let Some((_, ci)) = tab_code(&cs, cs.len()) else { continue };
        let Some(ni) = (ci + 1..cs.len()).find(|&k| !cs[k].is_empty()) else { continue };
        let col = ni + 1;
        match counts.iter_mut().find(|(c, _)| *c == col) {
            Some((_, n)) => *n += 1,
            None => counts.push((col, 1)),
        }
    }
    if let Some(&(col, _)) = counts.iter().max_by_key(|(_, n)| *n) {
        return col;
    }
    // No coded row (an empty table): the header's 合计 / 支出总计 column, else the first number.
    for l in body.iter().filter(|l| l.tabbed()) {
        let cs = cells(&l.text);
        if let Some(k) = cs.iter().position(|c| {
            matches!(compact(c).as_str(), "合计" | "支出总计" | "收入总计" | "本年收入合计" | "本年支出合计")
        }) {
            return k;
        }
    }
    body.iter()
        .filter(|l| l.tabbed())
        .find_map(|l| cells(&l.text).iter().position(|c| amount(c).is_some()))
        .unwrap_or(1)
}

/// The code of a tab-separated row among its first `limit` cells: one joined cell, or 类 / 款 / 项
/// in cells of their own (`208`, `05`, `05`); with the index of its last cell.
fn tab_code(cs: &[&str], limit: usize) -> Option<(String, usize)> {
    let limit = limit.min(cs.len());
    let (first, mut code) = cs[..limit].iter().enumerate().find_map(|(k, c)| code_of(c).map(|code| (k, code)))?;
    let mut last = first;
    while code.len() < 7 && last + 1 < limit {
        let next = cs[last + 1];
        if next.len() == 2 && next.bytes().all(|b| b.is_ascii_digit()) && code.len() >= 3 {
            code.push_str(next);
            last += 1;
        } else {
            break;
        }
    }
    Some((code, last))
}

/// A joined code cell: 3, 5 or 7 digits (`2080505`), also printed with spaces (`208 05 05`).
fn code_of(cell: &str) -> Option<String> {
    // The usual code cell: ASCII digits only, taken as it is.
    if cell.bytes().all(|b| b.is_ascii_digit()) {
        return matches!(cell.len(), 3 | 5 | 7).then(|| cell.to_string());
    }
    // Decided before any copy: most cells are names or amounts (out at their first character).
    if !cell.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()) {
        return None;
    }
    matches!(cell.bytes().filter(u8::is_ascii_digit).count(), 3 | 5 | 7).then(|| compact(cell))
}

fn tab_row(l: &Line, first_amount_col: usize, title: &str, warnings: &mut Vec<Warning>) -> Option<Raw> {
    let mut cs = Vec::with_capacity(8);
    cs.extend(tab_cells(&l.text));
    let coded = tab_code(&cs, first_amount_col);
    let skip = coded.as_ref().map_or(0, |(_, ci)| ci + 1);
    // The label cells joined, whitespace removed.
    let mut name = String::new();
    for c in cs.iter().take(first_amount_col).skip(skip) {
        if c.chars().any(char::is_whitespace) {
            name.extend(c.chars().filter(|ch| !ch.is_whitespace()));
        } else {
            name.push_str(c);
        }
    }
    let mut damaged = false;
    let mut amounts = Vec::with_capacity(cs.len().saturating_sub(first_amount_col));
    for c in cs.iter().skip(first_amount_col) {
        if c.is_empty() {
            amounts.push(None);
        } else if let Some(v) = amount(c) {
            amounts.push(Some(v));
        } else {
            warnings.push(Warning {
                line: l.no,
                message: format!("{title}：«{name}»：{}；该单元格按空白处理", super::text::not_an_amount(c)),
                page: None,
            });
            damaged = true;
            amounts.push(None);
        }
    }
    while amounts.last() == Some(&None) && amounts.len() > 3 {
        amounts.pop();
    }
    let code = coded.map(|(c, _)| c).unwrap_or_default();
    if code.is_empty() && amounts.iter().all(Option::is_none) && !damaged {
        // Text only: handled by the caller as header or wrapped name.
        let total = name == "合计";
        return total.then_some(Raw { line: l.no, code, name, amounts, positional: true, damaged });
    }
    Some(Raw { line: l.no, code, name, amounts, positional: true, damaged })
}

/// `208 05 05` / `2080505` at the start of a space-separated row; with the number of tokens used.
fn split_code(toks: &[&str]) -> Option<(String, usize)> {
    let first = *toks.first()?;
    if !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match first.len() {
        5 | 7 => Some((first.to_string(), 1)),
        3 => {
            let mut code = first.to_string();
            let mut used = 1;
            while used < 3 {
                match toks.get(used) {
                    Some(t) if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) => {
                        code.push_str(t);
                        used += 1;
                    }
                    _ => break,
                }
            }
            // A row needs a name after its code.
            toks.get(used).filter(|t| !looks_numeric(t))?;
            Some((code, used))
        }
        _ => None,
    }
}

fn space_row(l: &Line, title: &str, warnings: &mut Vec<Warning>) -> Option<Raw> {
    let toks = tokens(&l.text);
    let (code, used) = split_code(&toks).unwrap_or_default();
    let rest = &toks[used..];
    let name_len = rest.iter().position(|t| looks_numeric(t)).unwrap_or(rest.len());
    let name: String = rest[..name_len].concat();
    let mut amounts = Vec::new();
    let mut damaged = false;
    for t in &rest[name_len..] {
        match amount(t) {
            Some(v) => amounts.push(Some(v)),
            None if looks_numeric(t) => {
                warnings.push(Warning {
                    line: l.no,
                    message: format!("{title}：«{name}»：{}；该行的基本支出 / 项目支出未读取", super::text::not_an_amount(t)),
                    page: None,
                });
                damaged = true;
            }
            None => {
                warnings.push(Warning {
                    line: l.no,
                    message: format!("{title}：«{name}»：金额后面有多余的文字 «{t}»；该行的基本支出 / 项目支出未读取"),
                    page: None,
                });
                damaged = true;
            }
        }
    }
    if code.is_empty() && amounts.is_empty() && !damaged {
        let total = name == "合计";
        return total.then_some(Raw { line: l.no, code, name, amounts, positional: false, damaged });
    }
    if name.is_empty() {
        warnings.push(Warning { line: l.no, message: format!("{title}：有一行没有名称，未读取"), page: None });
        return None;
    }
    Some(Raw { line: l.no, code, name, amounts, positional: false, damaged })
}

/// A table laid out by position, as rows for the reader: the grid, which of its columns are the
/// 合计 / 基本支出 / 项目支出, and the code context that completes a code printed in part (长沙
/// prints a 款 row as `40  信访事务` under its 类).
struct Positioned {
    grid: Grid,
    /// Body index → row of the grid.
    at: Vec<Option<usize>>,
    roles: Roles,
    codes: Codes,
}

/// The code context of a table read row by row.
struct Codes {
    /// Where the 款 and 项 parts of split codes start (from rows printing all three parts).
    part_x: Option<(f32, f32)>,
    class: String,
    section: String,
}

/// Which amount columns hold what, by the header's words.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Roles {
    total: Option<usize>,
    basic: Basic,
    project: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Basic {
    Column(usize),
    /// 人员经费 + 公用经费 where no column prints their sum.
    Sum(usize, usize),
    Absent,
}

impl Roles {
    fn of(columns: &[AmountColumn], income: bool) -> Roles {
        let labels: Vec<String> = columns.iter().map(AmountColumn::words).collect();
        let find = |f: &dyn Fn(&str) -> bool| labels.iter().position(|l| f(l));
        let personnel = find(&|l| l.contains("人员"));
        let public = find(&|l| l.contains("公用"));
        let project = if income { None } else { find(&|l| l.contains("项目支出") || l.ends_with("项目")) };
        let total = find(&|l| ["合计", "总计", "总额", "小计", "预算数", "决算数", "金额"].iter().any(|w| l.contains(w)) && !l.contains("基本支出"))
            .filter(|&t| Some(t) != project)
            .or((!columns.is_empty()).then_some(0));
        // An income table that prints 本年收入 beside 上年结转: the year's income is the former's.
        let total = match (income, find(&|l| l.contains("本年收入"))) {
            (true, Some(t)) if labels.iter().any(|l| l.contains("上年结转") || l.contains("结转结余")) => Some(t),
            // 合计 then 小计: the 小计 is 本年收入's, the 上年结转 beside it printed on the next page.
            (true, _) if labels.first().is_some_and(|l| l.contains("合计")) && labels.get(1).is_some_and(|l| l.contains("小计")) => Some(1),
            _ => total,
        };
        let basic = if income {
            Basic::Absent
        } else if let Some(b) = find(&|l| l.contains("基本支出") && !l.contains("人员") && !l.contains("公用")) {
            Basic::Column(b)
        } else if let (Some(p), Some(q)) = (personnel, public) {
            // `基本支出` over 小计 / 人员经费 / 公用经费: the 小计 before them is the basic total.
            match (0..p).rev().find(|&j| Some(j) != total && labels[j].contains("小计")) {
                Some(j) => Basic::Column(j),
                None => Basic::Sum(p, q),
            }
        } else {
            Basic::Absent
        };
        Roles { total, basic, project }
    }
}

impl Roles {
    /// The header's roles, or where its words were placed over the wrong columns (北京's header
    /// cells stand centred over columns of right-aligned amounts), the columns `基本 < 项目` after
    /// the total for which most rows say 合计 = 基本支出 + 项目支出. Only for a table whose header
    /// names both a basic and a project part; the header's choice stands unless another fits more
    /// rows; among equals the earliest columns (项目支出总数 before 扣除基建项目后预算数).
    fn checked_by_sum(self, rows: &[grid::Row]) -> Roles {
        let (Some(t), Some(p0)) = (self.total, self.project) else { return self };
        if self.basic == Basic::Absent {
            return self;
        }
        let values: Vec<Vec<Decimal>> = rows.iter().map(grid::Row::amounts_or_zero).collect();
        let at = |v: &[Decimal], j: usize| v.get(j).copied().unwrap_or_default();
        let fits = |b: Basic, p: usize| -> usize {
            values
                .iter()
                .filter(|v| {
                    let total = at(v, t);
                    let basic = match b {
                        Basic::Column(j) => at(v, j),
                        Basic::Sum(i, j) => crate::dec::plus(at(v, i), at(v, j)),
                        Basic::Absent => Decimal::ZERO,
                    };
                    !total.is_zero() && crate::dec::checked_add(basic, at(v, p)) == Some(total)
                })
                .count()
        };
        let stated = fits(self.basic, p0);
        let n = values.iter().map(Vec::len).max().unwrap_or(0);
        let mut best = (stated, self.basic, p0);
        for b in t + 1..n {
            for p in b + 1..n {
                let f = fits(Basic::Column(b), p);
                if f > best.0 {
                    best = (f, Basic::Column(b), p);
                }
            }
        }
        Roles { basic: best.1, project: Some(best.2), ..self }
    }
}

impl Positioned {
    fn lay_out(body: &[&Line], income: bool) -> Positioned {
        let grid = grid::build(body, |cells| cells.iter().any(|c| matches!(c.value, Value::Amount(_) | Value::Dash)));
        let mut at = vec![None; body.len()];
        for (k, r) in grid.rows.iter().enumerate() {
            if let Some(slot) = at.get_mut(r.at) {
                *slot = Some(k);
            }
        }
        let mut roles = Roles::of(&grid.columns, income);
        if income {
            if let Some(j) = this_year_by_sum(&grid.rows) {
                roles.total = Some(j);
            }
        } else {
            roles = roles.checked_by_sum(&grid.rows);
        }
        let mut xs: Vec<(f32, f32)> = Vec::new();
        for r in &grid.rows {
            let codes: Vec<&Cell> = r.label.iter().take_while(|c| grid::code_like(&c.text)).collect();
            if codes.len() == 3 {
                xs.push((codes[1].x0, codes[2].x0));
            }
        }
        let part_x = (!xs.is_empty()).then(|| xs[xs.len() / 2]);
        Positioned { grid, at, roles, codes: Codes { part_x, class: String::new(), section: String::new() } }
    }

    /// The row of body line `at` for the reader (`None` for a line of text alone).
    fn row(&mut self, at: usize, l: &Line, title: &str, warnings: &mut Vec<Warning>) -> Option<Raw> {
        let k = self.at.get(at).copied().flatten()?;
        let row = self.grid.rows.get(k)?;
        let (code, name) = self.codes.code_and_name(&row.label);
        let mut damaged = false;
        for c in &row.extra {
            warnings.push(Warning {
                line: l.no,
                message: format!("{title}：«{name}»：金额 «{}» 不在任何一栏之下，已忽略", c.text),
                page: None,
            });
            damaged = true;
        }
        let value = |j: Option<usize>| row.amount_at(j?);
        let total = value(self.roles.total);
        let basic = match self.roles.basic {
            Basic::Column(j) => value(Some(j)),
            Basic::Sum(p, q) => match (value(Some(p)), value(Some(q))) {
                (None, None) => None,
                (a, b) => crate::dec::checked_add(a.unwrap_or_default(), b.unwrap_or_default()),
            },
            Basic::Absent => None,
        };
        let project = value(self.roles.project);
        if code.is_empty() && total.is_none() && basic.is_none() && project.is_none() {
            // Text, or a label over cells that state nothing.
            return (name == "合计").then(|| Raw { line: l.no, code, name, amounts: vec![None; 3], positional: true, damaged });
        }
        Some(Raw { line: l.no, code, name, amounts: vec![total, basic, project], positional: true, damaged })
    }

}

/// The 本年收入 column of an income table whose header could not be matched (北京's 收入总表 prints
/// 合计, then 本年收入 小计 and its parts, then 上年结转结余 小计 and its parts): the column `j`
/// where a row's cells say 合计 = v_j + v_k and v_j = the cells between them. The column most rows
/// agree on; `None` when no row shows the arithmetic, or the first column already is the total.
fn this_year_by_sum(rows: &[grid::Row]) -> Option<usize> {
    let mut votes: Vec<(usize, usize)> = Vec::new();
    for r in rows {
        let v = r.amounts_or_zero();
        // The 合计 column first; or second, after a column of unit codes (苏州's 部门代码 123001,
        // which reads as a number).
        'find: for s in 0..v.len().min(2) {
            let grand = v[s];
            if grand.is_zero() {
                continue;
            }
            for j in s + 1..v.len() {
                // Nothing carried over: 合计 = 本年收入 = its parts, the carry-over columns left
                // empty in every row (and so absent from the layout).
                let rest = v[j + 1..].iter().try_fold(Decimal::ZERO, |a, &b| crate::dec::checked_add(a, b));
                let found = (v[j] == grand && rest == Some(grand) && j + 1 < v.len())
                    || (j + 2..v.len()).any(|k| {
                        let between = v[j + 1..k].iter().try_fold(Decimal::ZERO, |a, &b| crate::dec::checked_add(a, b));
                        !v[j].is_zero() && crate::dec::checked_add(v[j], v[k]) == Some(grand) && between == Some(v[j])
                    });
                if found {
                    match votes.iter_mut().find(|(c, _)| *c == j) {
                        Some((_, n)) => *n += 1,
                        None => votes.push((j, 1)),
                    }
                    break 'find;
                }
            }
        }
    }
    votes.into_iter().max_by_key(|&(_, n)| n).map(|(j, _)| j)
}

impl Codes {
    /// The code and name of a row's label cells: `205` `03` `05` `高等职业教育`, `2050305 高等…`,
    /// `[2050305]高等…`, `2050803-培训支出`; a part printed alone (`40  信访事务`) completed from
    /// the rows above.
    fn code_and_name(&mut self, label: &[Cell]) -> (String, String) {
        let mut code = String::new();
        let mut parts: Vec<&Cell> = Vec::new();
        let mut k = 0;
        while let Some(c) = label.get(k) {
            if !grid::code_like(&c.text) || (code.len() >= 7) {
                break;
            }
            code.push_str(&c.text);
            parts.push(c);
            k += 1;
        }
        let mut name: String = label[k..].iter().map(|c| compact(&c.text)).collect();
        if code.is_empty() {
            if let Some((c, rest)) = joined_code(&name) {
                code = c;
                name = rest;
            }
        }
        // Parts printed alone: a 2-digit part is the 款 or the 项 by where it stands.
        if code.len() == 2 || code.len() == 4 {
            let first_x = parts.first().map_or(0.0, |c| c.x0);
            let is_item = code.len() == 2
                && self.part_x.is_some_and(|(sx, ix)| (first_x - ix).abs() < (first_x - sx).abs());
            code = if code.len() == 4 || is_item {
                if code.len() == 4 { format!("{}{code}", self.class) } else { format!("{}{code}", self.section) }
            } else {
                format!("{}{code}", self.class)
            };
        }
        match code.len() {
            3 => {
                self.class = code.clone();
                self.section.clear();
            }
            5 => {
                self.section = code.clone();
                if let Some(c) = code.get(..3) {
                    self.class = c.to_string();
                }
            }
            _ => {}
        }
        if !matches!(code.len(), 0 | 3 | 5 | 7) {
            code.clear();
        }
        (code, name)
    }
}

/// `[2050305]高等职业教育`, `2050803-培训支出`, `2050305 高等职业教育`: a code joined to its name.
fn joined_code(cell: &str) -> Option<(String, String)> {
    let s = cell.trim();
    let (digits, rest) = if let Some(r) = s.strip_prefix('[').or_else(|| s.strip_prefix('【')) {
        let end = r.find([']', '】'])?;
        let close = r[end..].chars().next().map_or(1, char::len_utf8);
        (&r[..end], &r[end + close..])
    } else {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        let (d, r) = s.split_at(n);
        (d, r.trim_start_matches(['-', '－', ' ', '　']))
    };
    (matches!(digits.len(), 3 | 5 | 7) && digits.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty())
        .then(|| (digits.to_string(), rest.trim().to_string()))
}

/// A table that prints only 项 rows, often one per budget unit with the same code again (北京's
/// 一般公共预算支出表), has no 类 to chart: its rows of one code are added up, and the 款 and 类
/// rows made as the sums of theirs, each named as the sum it is. Exact arithmetic on printed
/// cells; the note says it was done. Nothing happens to a table that prints a 类 row.
fn add_up_items(rows: &mut Vec<Raw>) -> Option<String> {
    if rows.is_empty() || rows.iter().any(|r| r.code.len() == 3) || !rows.iter().all(|r| r.code.len() == 7 && r.positional) {
        return None;
    }
    let printed = rows.len();
    let mut merged: Vec<Raw> = Vec::new();
    let mut repeated = 0;
    for r in rows.drain(..) {
        match merged.iter_mut().find(|m| m.code == r.code) {
            Some(m) => {
                repeated += 1;
                add_amounts(m, &r);
            }
            None => merged.push(r),
        }
    }
    let mut parents: Vec<Raw> = Vec::new();
    for len in [5, 3] {
        for r in &merged {
            let Some(code) = r.code.get(..len) else { continue };
            match parents.iter_mut().find(|p| p.code == code) {
                Some(p) => add_amounts(p, r),
                None => {
                    let name = if len == 3 { crate::model::class_name(code).map_or_else(|| format!("类 {code}"), str::to_string) } else { format!("款 {code}") };
                    parents.push(Raw { line: r.line, code: code.to_string(), name, amounts: r.amounts.clone(), positional: true, damaged: r.damaged });
                }
            }
        }
    }
    merged.extend(parents);
    let mut all = merged;
    crate::order::by_position(&mut all, |r| r.code.parse::<usize>().map_or(usize::MAX, |c| c * 10usize.pow(7 - r.code.len() as u32) + r.code.len()));
    *rows = all;
    Some(if repeated > 0 {
        format!("本表只印了项（{printed} 行，{repeated} 行的科目编码与上面重复：按预算单位分列）；同一编码的各行、款和类由 yusuan 按科目编码相加得出")
    } else {
        format!("本表只印了项（{printed} 行）；款和类由 yusuan 按科目编码相加得出")
    })
}

/// Adds `r`'s amounts into `into`, column by column (a blank stays blank only when both are).
fn add_amounts(into: &mut Raw, r: &Raw) {
    for (k, v) in r.amounts.iter().enumerate() {
        if into.amounts.len() <= k {
            into.amounts.push(None);
        }
        into.amounts[k] = match (into.amounts[k], *v) {
            (None, None) => None,
            (a, b) => crate::dec::checked_add(a.unwrap_or_default(), b.unwrap_or_default()),
        };
    }
    into.damaged |= r.damaged;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line as the PDF reader lays one out: cells with their places, and its baseline.
    fn pdf_line(page: u32, y: f32, cells: &[(f32, &str)]) -> Line {
        let spans = cells.iter().map(|&(x, t)| (x, x + t.chars().count() as f32 * 2.0)).collect();
        let text = cells.iter().map(|c| c.1).collect::<Vec<_>>().join("  ");
        Line { no: (y * 10.0) as u32, text, indent: 0, page, spans: Some(spans), y: Some(y) }
    }

    fn names(lines: &[Line]) -> Vec<(String, String)> {
        let block = Block {
            kind: TableKind::GeneralFunction,
            title: "一般公共预算财政拨款支出决算表".into(),
            line: 1,
            unit: None,
            body: (0..lines.len()).collect(),
            end: lines.len(),
        };
        let t = read_functions(&block, lines, Unit::Wanyuan, "", &mut Vec::new());
        t.rows.into_iter().map(|r| (r.code, r.name)).collect()
    }

    #[test]
    fn a_pdf_name_centred_on_its_row_goes_with_the_row_it_stands_nearest() {
        // 普陀's final accounts: a name of two lines stands one above and one below its code and
        // amounts; one of one line a little above them; a header word (支出) ends a name.
        let row = |y: f32, code: &str, amount: &str| pdf_line(0, y, &[(2.0, code), (40.0, amount), (52.0, amount)]);
        let part = |y: f32, t: &str| pdf_line(0, y, &[(12.0, t)]);
        let lines = [
            pdf_line(0, 30.0, &[(2.0, "科目编码"), (12.0, "科目名称"), (42.0, "合计"), (52.0, "基本支出")]),
            part(35.4, "社会保障和就"),
            row(36.7, "208", "754.75"),
            part(38.0, "业支出"),
            part(40.6, "行政事业单位"),
            row(41.9, "20805", "754.75"),
            part(43.2, "养老支出"),
            pdf_line(0, 47.2, &[(2.0, "2080506"), (12.0, "职业年金缴费"), (40.0, "225.12"), (52.0, "225.12")]),
            part(49.8, "支出"),
            part(53.4, "行政运行"),
            row(54.4, "2080599", "529.63"),
        ];
        assert_eq!(
            names(&lines),
            [
                ("208".to_string(), "社会保障和就业支出".to_string()),
                ("20805".into(), "行政事业单位养老支出".into()),
                ("2080506".into(), "职业年金缴费支出".into()),
                ("2080599".into(), "行政运行".into()),
            ]
        );
    }

    #[test]
    fn text_without_baselines_keeps_a_name_part_with_the_row_after() {
        let lines: Vec<Line> = [
            "科目编码    科目名称          合计       基本支出",
            "208         社会保障和就业   754.75     754.75",
            "            行政事业单位",
            "20805       养老支出        754.75     754.75",
        ]
            .iter()
            .enumerate()
            .map(|(i, s)| Line { no: i as u32 + 1, text: s.trim_start().to_string(), indent: (s.len() - s.trim_start().len()) as u32, page: 0, spans: None, y: None })
            .collect();
        assert_eq!(names(&lines)[1], ("20805".to_string(), "行政事业单位养老支出".to_string()));
    }
}
