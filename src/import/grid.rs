//! Tables read by position. A line of a table is a row of cells, each with where it starts and
//! ends: character columns of a text laid out by position (`pdftotext -layout`: cells apart by two
//! spaces or more), or points on a PDF page. Amounts are right-aligned in their column, so the
//! columns come from the right edges of the amounts, and each amount of a row goes to the column
//! its right edge meets: an empty cell is then an empty cell, not a guess. The header's words go to
//! the column under them.
//!
//! Text laid out by character columns drifts: a line with a long Chinese name pushes everything
//! after it a few columns right (each CJK character takes one column of text but two of space).
//! A row's amounts are ASCII and keep their spacing, so a row may shift as a whole; the cost of a
//! shift keeps rows where they are unless their amounts fit the columns better shifted.

use super::lines::Line;
use super::text::is_cjk;
use crate::money::parse_amount;
use rust_decimal::Decimal;

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// An amount (`1,234.56`, `-0.5`, `117480,898` as some tables misprint it).
    Amount(Decimal),
    /// `-`, `—`: the cell states nothing (zero or not applicable).
    Dash,
    /// `30.86%`: a share, not an amount.
    Percent,
    /// Anything else: a code, a name, a header word.
    Text,
}

/// One cell of a line, by position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
    pub value: Value,
}

impl Cell {
    fn placed(x0: f32, x1: f32, text: String) -> Cell {
        let value = value_of(&text);
        Cell { x0, x1, text, value }
    }
    pub fn numeric(&self) -> bool {
        !matches!(self.value, Value::Text)
    }
    pub fn centre_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// An amount, with the thousands separators some tables misplace (`117480,898`: a comma lost
/// in extraction leaves the digits unambiguous) read as the digits they are.
pub(crate) fn amount_of(text: &str) -> Option<Decimal> {
    if let Some(v) = super::text::amount(text) {
        return Some(v);
    }
    // Digits with commas before groups of exactly three, the first group longer than three.
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let mut groups = int.split(',');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = digits(first.trim_start_matches('-'))
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && digits(g))
        && (frac.is_empty() || digits(frac));
    if !ok {
        return None;
    }
    super::text::amount(&text.replace(',', ""))
}

fn value_of(text: &str) -> Value {
    if matches!(text, "-" | "—" | "－" | "–" | "——" | "--") {
        return Value::Dash;
    }
    if let Some(p) = text.strip_suffix('%') {
        if parse_amount(p).is_some() {
            return Value::Percent;
        }
    }
    match amount_of(text) {
        Some(v) => Value::Amount(v),
        None => Value::Text,
    }
}

/// The cells of a line laid out by position: runs apart by two spaces or more (or a tab). A run
/// of numbers apart by single spaces (`1,234.00 5,678.00`, columns packed tight) is one cell per
/// number; single Chinese characters spaced out as one word (`合    计`, `项   目`) are one cell.
pub(crate) fn cells_of(line: &Line) -> Vec<Cell> {
    if let Some(spans) = &line.spans {
        return placed_cells(&line.text, spans);
    }
    let chars: Vec<char> = line.text.chars().collect();
    let indent = line.indent as usize;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while i < chars.len() {
            if chars[i] == '\t' {
                break;
            }
            if chars[i].is_whitespace() {
                // One space inside a run; two or more end it.
                let gap = chars[i..].iter().take_while(|c| c.is_whitespace() && **c != '\t').count();
                if gap >= 2 || chars.get(i + gap).is_none() || chars.get(i + gap) == Some(&'\t') {
                    break;
                }
                i += gap;
                continue;
            }
            i += 1;
            end = i;
        }
        runs.push((start, end));
    }
    let mut out: Vec<Cell> = Vec::with_capacity(runs.len());
    for (a, b) in runs {
        let text: String = chars[a..b].iter().collect();
        let words: Vec<&str> = text.split(' ').collect();
        let (a, b) = (a + indent, b + indent);
        if words.len() > 1 && words.iter().all(|w| !matches!(value_of(w), Value::Text)) {
            let mut x = a;
            for w in words {
                let n = w.chars().count();
                out.push(Cell::placed(x as f32, (x + n) as f32, w.to_string()));
                x += n + 1;
            }
            continue;
        }
        out.push(Cell::placed(a as f32, b as f32, text));
    }
    // `合    计`: single CJK characters, one after the other, are one word.
    let single = |c: &Cell| c.text.chars().count() == 1 && c.text.chars().all(is_cjk);
    let mut merged: Vec<Cell> = Vec::with_capacity(out.len());
    for c in out {
        match merged.last_mut() {
            Some(prev) if single(&c) && prev.text.chars().all(is_cjk) && prev.text.chars().count() <= 3 && single_run(prev) => {
                prev.text.push_str(&c.text);
                prev.x1 = c.x1;
                prev.value = Value::Text;
            }
            _ => merged.push(c),
        }
    }
    merged
}

/// The cells of a line with true positions (from a PDF): its text's parts two spaces apart, each
/// at its span. A part of numbers one space apart (two amounts the PDF set close) is split, each
/// number at its share of the span.
fn placed_cells(text: &str, spans: &[(f32, f32)]) -> Vec<Cell> {
    let mut out = Vec::with_capacity(spans.len());
    for (part, &(x0, x1)) in text.split("  ").filter(|p| !p.is_empty()).zip(spans) {
        let words: Vec<&str> = part.split(' ').collect();
        if words.len() > 1 && words.iter().all(|w| !matches!(value_of(w), Value::Text)) {
            let chars = part.chars().count().max(1) as f32;
            let per = (x1 - x0) / chars;
            let mut at = 0usize;
            for w in words {
                let n = w.chars().count();
                out.push(Cell::placed(x0 + at as f32 * per, x0 + (at + n) as f32 * per, w.to_string()));
                at += n + 1;
            }
            continue;
        }
        out.push(Cell::placed(x0, x1, part.to_string()));
    }
    out
}

/// A cell made of spaced-out single characters so far (`合`, `合计` after one merge, …).
fn single_run(c: &Cell) -> bool {
    // A merged run spans far more columns than it has characters.
    let n = c.text.chars().count() as f32;
    n == 1.0 || c.x1 - c.x0 > n + 1.0
}

/// Lines whose cells are apart by two spaces or more, as a layout keeps them: most of the lines of
/// `body` with an amount have at least two cells.
pub(crate) fn laid_out(body: &[&Line]) -> bool {
    let mut with_amount = 0;
    let mut spread = 0;
    for l in body {
        if l.tabbed() {
            return false;
        }
        let cells = cells_of(l);
        if cells.iter().any(|c| matches!(c.value, Value::Amount(_))) {
            with_amount += 1;
            // Cells apart by two spaces or more, or a line of amounts set in from the margin.
            if l.text.trim().contains("  ") || l.indent >= 2 {
                spread += 1;
            }
        }
    }
    with_amount > 0 && spread * 10 >= with_amount * 7
}

/// An amount column: where its amounts end (right-aligned), and the header words over it, top first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AmountColumn {
    pub right: f32,
    /// Typical width of its amounts (for placing the header words over it).
    pub width: f32,
    pub labels: Vec<String>,
}

impl AmountColumn {
    pub fn words(&self) -> String {
        self.labels.concat()
    }
    fn header_anchor(&self) -> f32 {
        self.right - self.width / 2.0
    }
}

/// A row of a table: its label cells (code, name), and per amount column what it prints there.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// Index into the body lines given to `build`.
    pub at: usize,
    pub label: Vec<Cell>,
    pub amounts: Vec<Option<Cell>>,
    /// Amount cells that fit no column (more than the table has): left out, with a warning.
    pub extra: Vec<Cell>,
}

impl Row {
    /// The amount in column `j`; `None` for a blank, a dash or text.
    pub(crate) fn amount_at(&self, j: usize) -> Option<Decimal> {
        match self.amounts.get(j)?.as_ref()?.value {
            Value::Amount(v) => Some(v),
            _ => None,
        }
    }

    /// Every column's amount, a blank counting as zero (for the row's arithmetic).
    pub(crate) fn amounts_or_zero(&self) -> Vec<Decimal> {
        (0..self.amounts.len()).map(|j| self.amount_at(j).unwrap_or_default()).collect()
    }
}

/// A table read by position.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Grid {
    pub columns: Vec<AmountColumn>,
    /// Body lines before the first row (the header), by index.
    pub header: Vec<usize>,
    pub rows: Vec<Row>,
}

/// A line that numbers the columns (`栏次`, `**  **  1  2  3`, `行次 1 2 3`): no data.
pub(crate) fn numbering_line(cells: &[Cell]) -> bool {
    let mut numbers = 0;
    for c in cells {
        let t = c.text.trim();
        if matches!(t, "**" | "*" | "栏次" | "行次" | "栏 次" | "行 次") || t.chars().all(|ch| ch == '*') {
            continue;
        }
        if t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()) {
            numbers += 1;
            continue;
        }
        return false;
    }
    numbers >= 2
}

/// Every number of the line is a year, its 年 in the next cell (`2026`, `年预算数比`): a header line
/// a layout split at the year's digits.
fn names_years(cells: &[Cell]) -> bool {
    let year = |i: usize| {
        let t = cells[i].text.trim();
        t.len() == 4
            && (t.starts_with("19") || t.starts_with("20"))
            && t.bytes().all(|b| b.is_ascii_digit())
            && cells.get(i + 1).is_some_and(|n| n.text.trim_start().starts_with('年'))
    };
    let numbers: Vec<usize> = (0..cells.len()).filter(|&i| cells[i].numeric()).collect();
    !numbers.is_empty() && numbers.iter().all(|&i| year(i))
}

/// `- 13 -`, `13`, `第 13 页`: a page's number standing alone between its table rows.
fn page_number_line(cells: &[Cell]) -> bool {
    let text: String = cells.iter().map(|c| c.text.as_str()).collect::<String>().split_whitespace().collect();
    let core = text.trim_matches(|c| c == '-' || c == '—' || c == '－').trim_start_matches('第').trim_end_matches('页');
    !core.is_empty() && core.len() <= 4 && core.bytes().all(|b| b.is_ascii_digit()) && cells.len() <= 3
}

/// The cells of a row: label cells (codes, the name) then its amounts, the maximal run of
/// numeric cells at the end. A code is text here even when it is digits (`208`, `05`).
fn split_row(cells: Vec<Cell>) -> (Vec<Cell>, Vec<Cell>) {
    let mut k = cells.len();
    while k > 0 && cells[k - 1].numeric() {
        k -= 1;
    }
    // Codes at the start of a row (digits of 2, 3, 5 or 7 before the name) are label cells even
    // when no name follows on this line.
    let mut cells = cells;
    let amounts = cells.split_off(k);
    let (mut label, mut amounts) = (cells, amounts);
    if label.is_empty() {
        let codes = amounts.iter().take_while(|c| code_like(&c.text)).count();
        if codes > 0 && codes < amounts.len() {
            let rest = amounts.split_off(codes);
            label = amounts;
            amounts = rest;
        }
    }
    (label, amounts)
}

/// `208`, `20805`, `2080505`, `05`: classification code digits (no separator, no decimals).
pub(crate) fn code_like(t: &str) -> bool {
    matches!(t.len(), 2 | 3 | 5 | 7) && t.bytes().all(|b| b.is_ascii_digit())
}

/// Reads `body` (a table's lines after its title and unit) by position. The header ends at the
/// first line `is_data` calls a row. Each page is laid out anew: its columns are found on it, and
/// matched to the table's (the first page with a header) by their header words, or by place.
pub(crate) fn build(body: &[&Line], is_data: impl Fn(&[Cell]) -> bool) -> Grid {
    // A header line that names years (`2026  年预算数`, `2025  年执行数`) holds no data.
    let is_data = |c: &[Cell]| is_data(c) && !names_years(c);
    let cells: Vec<Vec<Cell>> = body.iter().map(|l| cells_of(l)).collect();
    let first = cells.iter().position(|c| !numbering_line(c) && is_data(c)).unwrap_or(cells.len());
    let header: Vec<usize> = (0..first).filter(|&i| !cells[i].is_empty() && !numbering_line(&cells[i])).collect();
    // Pages: runs of lines with the same page number.
    let mut pages: Vec<Page> = Vec::new();
    for (i, c) in cells.into_iter().enumerate() {
        let page = body.get(i).map_or(0, |l| l.page);
        if pages.last().is_none_or(|p| p.page != page) {
            pages.push(Page { page, header: Vec::new(), rows: Vec::new(), columns: Vec::new() });
        }
        let Some(p) = pages.last_mut() else { continue };
        if c.is_empty() || numbering_line(&c) || page_number_line(&c) {
            continue;
        }
        if i < first || (p.rows.is_empty() && !is_data(&c)) {
            p.header.push((i, c));
        } else {
            let (label, amounts) = split_row(c);
            p.rows.push((i, label, amounts));
        }
    }
    for p in &mut pages {
        p.columns = page_columns(&p.header, &p.rows);
    }
    // The table's columns: those of the first page whose header names them.
    let reference = pages.iter().position(|p| p.columns.iter().any(|c| !c.labels.is_empty())).unwrap_or(0);
    let columns: Vec<AmountColumn> = pages.get(reference).map(|p| p.columns.clone()).unwrap_or_default();
    for (k, p) in pages.iter_mut().enumerate() {
        if k != reference && p.columns.iter().all(|c| c.labels.is_empty()) {
            add_known_columns(&mut p.columns, &p.rows, &columns);
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    for p in &pages {
        let to_table = match_columns(&p.columns, &columns);
        let page_start = rows.len();
        for (at, label, amounts) in &p.rows {
            let (placed, mut extra) = place(amounts, &p.columns);
            let mut out: Vec<Option<Cell>> = vec![None; columns.len()];
            for (j, cell) in placed.into_iter().enumerate() {
                let Some(cell) = cell else { continue };
                match to_table.get(j).copied().flatten().and_then(|t| out.get_mut(t)) {
                    Some(slot) => *slot = Some(cell),
                    None => extra.push(cell),
                }
            }
            rows.push(Row { at: *at, label: label.clone(), amounts: out, extra });
        }
        join_split_rows(&mut rows, page_start);
    }
    Grid { columns, header, rows }
}

/// A layout that centres a cell's amounts vertically may put some of a row's amounts on a line of
/// their own above its label (`1,503.52   603.14` over `201  一般公共服务支出  2,106.66`): a line
/// of amounts alone goes into the next row's empty columns (the last row's, at a page's end) when
/// they are empty there.
fn join_split_rows(rows: &mut Vec<Row>, from: usize) {
    let mut k = from;
    while k < rows.len() {
        if !rows[k].label.is_empty() || !rows[k].extra.is_empty() {
            k += 1;
            continue;
        }
        let target = if k + 1 < rows.len() { k + 1 } else if k > from { k - 1 } else { break };
        let fits = rows[k].amounts.iter().zip(&rows[target].amounts).all(|(a, b)| a.is_none() || b.is_none());
        if !fits || !rows[target].extra.is_empty() {
            k += 1;
            continue;
        }
        let alone = rows.remove(k);
        let target = if target > k { target - 1 } else { target };
        for (j, cell) in alone.amounts.into_iter().enumerate() {
            if let (Some(cell), Some(slot)) = (cell, rows[target].amounts.get_mut(j)) {
                *slot = Some(cell);
            }
        }
    }
}

/// One page of a table: its header lines, its rows split into label and amounts, its columns.
struct Page {
    page: u32,
    header: Vec<(usize, Vec<Cell>)>,
    rows: Vec<(usize, Vec<Cell>, Vec<Cell>)>,
    columns: Vec<AmountColumn>,
}

/// A page's amount columns. The data say where the columns stand: those its fullest rows fill,
/// and those where other rows' amounts gather away from every one of them (a table no row fills
/// across). The header's words over the amounts say what each is: each header line is matched as
/// a whole (a layout may set a line a few columns off), a word going to the column under it; a word
/// of the lowest header line over no column makes one (a column no row of the page fills, such as
/// a 基本支出 blank on every row).
fn page_columns(header: &[(usize, Vec<Cell>)], rows: &[(usize, Vec<Cell>, Vec<Cell>)]) -> Vec<AmountColumn> {
    let mut columns = columns_of(rows.iter().map(|(_, _, a)| a.as_slice()));
    add_gathered_columns(&mut columns, rows);
    if header.is_empty() {
        return columns;
    }
    let width = median(columns.iter().map(|c| c.width).collect()).max(1.0);
    // Where the amounts begin: header words over the labels' cells (as far right as a name
    // reaches, short of the first amounts) name the label columns.
    let first_amounts = rows.iter().flat_map(|(_, _, a)| a.first()).map(|c| c.x0).fold(f32::INFINITY, f32::min);
    let names_end = rows.iter().flat_map(|(_, l, _)| l.last()).map(|c| c.x1).fold(f32::NEG_INFINITY, f32::max);
    let left = if names_end.is_finite() { names_end.min(first_amounts - 1.0) } else { first_amounts - width };
    // Header lines with their words over the amounts (words one space apart split).
    let lines: Vec<(usize, Vec<Cell>)> = header
        .iter()
        .map(|(i, cells)| (*i, cells.iter().flat_map(split_words).filter(|c| c.centre_x() > left).collect::<Vec<Cell>>()))
        .filter(|(_, words)| !words.is_empty())
        .collect();
    let leaf = lines.iter().rposition(|(_, w)| w.len() >= 2).or(lines.len().checked_sub(1));
    let mut added: Vec<AmountColumn> = Vec::new();
    for (k, (_, words)) in lines.iter().enumerate() {
        if columns.is_empty() {
            // No amounts on the page: the header alone says where its columns are.
            added.extend(words.iter().map(|w| AmountColumn { right: w.centre_x() + width / 2.0, width, labels: vec![word_text(w)] }));
            continue;
        }
        let anchors: Vec<f32> = columns.iter().map(AmountColumn::header_anchor).collect();
        let nearest = |x: f32| -> (usize, f32) {
            let mut best = (0, f32::INFINITY);
            for (j, a) in anchors.iter().enumerate() {
                let d = x - a;
                if d.abs() < best.1.abs() {
                    best = (j, d);
                }
            }
            best
        };
        // The line's offset: of the shifts that put one of its words over a column, the one that
        // puts all its words nearest their columns (a small shift preferred).
        let cost = |s: f32| -> f32 {
            words.iter().map(|w| nearest(w.centre_x() - s).1.abs().min(width)).sum::<f32>() + s.abs() * 0.1
        };
        let mut shift = 0.0f32;
        let mut best = cost(0.0);
        for w in words {
            for a in &anchors {
                let s = w.centre_x() - a;
                if s.abs() <= width * 2.0 && cost(s) < best - 1e-3 {
                    best = cost(s);
                    shift = s;
                }
            }
        }
        if Some(k) == leaf {
            // The lowest line names one column a word: matched one to one, in order; a word over
            // no column makes one.
            let xs: Vec<f32> = words.iter().map(|w| w.centre_x() - shift).collect();
            let pairs = monotone_match(&xs, &anchors, width * 0.8);
            for (i, w) in words.iter().enumerate() {
                match pairs.iter().find(|p| p.0 == i) {
                    Some(&(_, j)) => columns[j].labels.push(word_text(w)),
                    // Left of the first column, which some row fills (the 合计 at least): a label's word.
                    None if xs[i] >= anchors[0] => {
                        added.push(AmountColumn { right: xs[i] + width / 2.0, width, labels: vec![word_text(w)] })
                    }
                    None => {}
                }
            }
            continue;
        }
        for w in words {
            let (j, _) = nearest(w.centre_x() - shift);
            columns[j].labels.push(word_text(w));
        }
    }
    columns.extend(added);
    columns.sort_by(|a, b| a.right.partial_cmp(&b.right).unwrap_or(std::cmp::Ordering::Equal));
    columns
}

fn word_text(c: &Cell) -> String {
    c.text.split_whitespace().collect()
}

/// Amounts of rows that fall away from every column (further than half a column's width), gathered
/// where several of them stand together, are columns too: those no row fills together with the
/// others (北京's 项目支出 columns, printed only on rows without 基本支出).
fn add_gathered_columns(columns: &mut Vec<AmountColumn>, rows: &[(usize, Vec<Cell>, Vec<Cell>)]) {
    let width = median(columns.iter().map(|c| c.width).collect()).max(1.0);
    let mut stray: Vec<(f32, f32)> = Vec::new();
    for (_, _, amounts) in rows {
        let (placed, extra) = place(amounts, columns);
        for a in placed.iter().zip(columns.iter()).filter_map(|(p, c)| p.as_ref().map(|p| (p, c))) {
            if (a.0.x1 - a.1.right).abs() > width * 0.5 {
                stray.push((a.0.x1, a.0.x1 - a.0.x0));
            }
        }
        stray.extend(extra.iter().map(|c| (c.x1, c.x1 - c.x0)));
    }
    stray.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut k = 0;
    while k < stray.len() {
        let mut end = k + 1;
        while end < stray.len() && stray[end].0 - stray[end - 1].0 <= 2.0 {
            end += 1;
        }
        let group = &stray[k..end];
        let right = median(group.iter().map(|s| s.0).collect());
        let far = columns.iter().all(|c| (c.right - right).abs() > width * 0.5);
        // Two rows at least, or one where no column is near: a column.
        if far && (group.len() >= 2 || columns.is_empty()) {
            let w = group.iter().map(|s| s.1).fold(1.0, f32::max);
            columns.push(AmountColumn { right, width: w, labels: Vec::new() });
        }
        k = end;
    }
    columns.sort_by(|a, b| a.right.partial_cmp(&b.right).unwrap_or(std::cmp::Ordering::Equal));
}

/// A page that continues a table without its header may fill a column on one row only (a 项目支出
/// on a page of 基本支出 rows): an amount standing away from every column of the page, where the
/// table's header page has a column, is in that column. The pages are lined up by their first two
/// columns: `-layout` text sets each page's columns closer or further apart; a PDF's stay put.
fn add_known_columns(columns: &mut Vec<AmountColumn>, rows: &[(usize, Vec<Cell>, Vec<Cell>)], table: &[AmountColumn]) {
    let (Some(p0), Some(t0)) = (columns.first(), table.first()) else { return };
    let scale = match (columns.get(1), table.get(1)) {
        (Some(p1), Some(t1)) if t1.right - t0.right > 1.0 => (p1.right - p0.right) / (t1.right - t0.right),
        _ => 1.0,
    };
    if !(0.5..=1.5).contains(&scale) {
        return;
    }
    let on_page = |t: &AmountColumn| p0.right + (t.right - t0.right) * scale;
    let width = median(columns.iter().map(|c| c.width).collect()).max(1.0);
    let mut known: Vec<AmountColumn> = Vec::new();
    for (_, _, amounts) in rows {
        for a in amounts {
            let away = columns.iter().all(|c| (a.x1 - c.right).abs() > width * 0.5);
            let Some(t) = table.iter().find(|t| (on_page(t) - a.x1).abs() <= width * 0.25) else { continue };
            if away && known.iter().all(|k| (k.right - on_page(t)).abs() > width * 0.5) {
                known.push(AmountColumn { right: on_page(t), width: t.width, labels: Vec::new() });
            }
        }
    }
    columns.extend(known);
    columns.sort_by(|a, b| a.right.partial_cmp(&b.right).unwrap_or(std::cmp::Ordering::Equal));
}

/// A header cell of Chinese words one space apart, each of two characters or more, as those words
/// (placed by their characters: a layout's columns).
fn split_words(c: &Cell) -> Vec<Cell> {
    let words: Vec<&str> = c.text.split(' ').collect();
    let cjk_word = |w: &str| w.chars().count() >= 2 && w.chars().all(is_cjk);
    if words.len() < 2 || !words.iter().all(|w| cjk_word(w)) {
        return vec![c.clone()];
    }
    let chars = c.text.chars().count().max(1) as f32;
    let per = (c.x1 - c.x0) / chars;
    let mut at = 0usize;
    let mut out = Vec::new();
    for w in words {
        let n = w.chars().count();
        out.push(Cell::placed(c.x0 + at as f32 * per, c.x0 + (at + n) as f32 * per, w.to_string()));
        at += n + 1;
    }
    out
}

/// The pairs (i, j) of a monotone matching of `a` to `b` (both ascending) with as many pairs
/// within `limit` of each other as there can be, and among those the smallest total distance.
fn monotone_match(a: &[f32], b: &[f32], limit: f32) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    // best[i][j]: (pairs, total distance) over a[..i] and b[..j].
    let mut best = vec![vec![(0usize, 0f32); m + 1]; n + 1];
    let better = |x: (usize, f32), y: (usize, f32)| x.0 > y.0 || (x.0 == y.0 && x.1 < y.1);
    for i in 1..=n {
        for j in 1..=m {
            let mut b_ij = if better(best[i][j - 1], best[i - 1][j]) { best[i][j - 1] } else { best[i - 1][j] };
            let dist = (a[i - 1] - b[j - 1]).abs();
            if dist <= limit {
                let take = (best[i - 1][j - 1].0 + 1, best[i - 1][j - 1].1 + dist);
                if better(take, b_ij) {
                    b_ij = take;
                }
            }
            best[i][j] = b_ij;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let dist = (a[i - 1] - b[j - 1]).abs();
        let took = (best[i - 1][j - 1].0 + 1, best[i - 1][j - 1].1 + dist);
        if dist <= limit && best[i][j].0 == took.0 && (best[i][j].1 - took.1).abs() < 1e-3 {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Which table column each of a page's columns is: one to one when the counts agree, by header
/// words where the page prints them, else by place with the first columns lined up.
fn match_columns(page: &[AmountColumn], table: &[AmountColumn]) -> Vec<Option<usize>> {
    if page.len() == table.len() {
        return (0..page.len()).map(Some).collect();
    }
    let mut out = vec![None; page.len()];
    if page.iter().any(|c| !c.labels.is_empty()) {
        let mut from = 0;
        for (j, c) in page.iter().enumerate() {
            if let Some(t) = (from..table.len()).find(|&t| !c.labels.is_empty() && table[t].labels == c.labels) {
                out[j] = Some(t);
                from = t + 1;
            }
        }
        return out;
    }
    let (Some(p0), Some(t0)) = (page.first(), table.first()) else { return out };
    let shift = p0.right - t0.right;
    let rights: Vec<f32> = table.iter().map(|c| c.right + shift).collect();
    let page_rights: Vec<f32> = page.iter().map(|c| c.right).collect();
    for (j, t) in monotone_match(&page_rights, &rights, f32::INFINITY) {
        if let Some(slot) = out.get_mut(j) {
            *slot = Some(t);
        }
    }
    out
}

/// The amount columns: the right edges of the rows that print the most amounts (the rows that
/// fill every column), median per column, relative to each row's first amount so a drifted row
/// counts as much as the others; placed at the median start of those rows.
fn columns_of<'a>(rows: impl Iterator<Item = &'a [Cell]>) -> Vec<AmountColumn> {
    let rows: Vec<&[Cell]> = rows.filter(|r| !r.is_empty()).collect();
    // As many columns as the fullest row prints (often the 合计 row alone fills every one).
    let Some(k) = rows.iter().map(|r| r.len()).max() else { return Vec::new() };
    let full: Vec<&&[Cell]> = rows.iter().filter(|r| r.len() == k).collect();
    let first: Vec<f32> = full.iter().map(|r| r[0].x1).collect();
    let base = median(first);
    (0..k)
        .map(|j| {
            let rel: Vec<f32> = full.iter().map(|r| r[j].x1 - r[0].x1).collect();
            // The widest amount: a header word stands over the middle of the cell, which the
            // longest amounts fill.
            let width = full.iter().map(|r| r[j].x1 - r[j].x0).fold(1.0, f32::max);
            AmountColumn { right: base + median(rel), width, labels: Vec::new() }
        })
        .collect()
}

fn median(mut v: Vec<f32>) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

/// Which column each amount of a row is in: the assignment (in order, one amount per column) and
/// shift of the whole row that put the right edges nearest the columns', a shift costing as much
/// as the distance it covers (a row drifts only when that fits better).
fn place(amounts: &[Cell], columns: &[AmountColumn]) -> (Vec<Option<Cell>>, Vec<Cell>) {
    let k = columns.len();
    let mut out: Vec<Option<Cell>> = vec![None; k];
    if amounts.is_empty() || k == 0 {
        return (out, amounts.to_vec());
    }
    let (use_from, extra) = if amounts.len() > k {
        // More amounts than columns: the rightmost ones fill the columns.
        (amounts.len() - k, amounts[..amounts.len() - k].to_vec())
    } else {
        (0, Vec::new())
    };
    let am = &amounts[use_from..];
    let m = am.len();
    let mut best: Option<(f32, Vec<usize>)> = None;
    let mut pick: Vec<usize> = (0..m).collect();
    loop {
        let offsets: Vec<f32> = pick.iter().zip(am).map(|(&c, a)| a.x1 - columns[c].right).collect();
        let shift = median(offsets.clone());
        let cost: f32 = offsets.iter().map(|o| (o - shift).abs()).sum::<f32>() + shift.abs();
        if best.as_ref().is_none_or(|(b, _)| cost < *b - 1e-3) {
            best = Some((cost, pick.clone()));
        }
        if !next_combination(&mut pick, k) {
            break;
        }
    }
    if let Some((_, cols)) = best {
        for (c, a) in cols.into_iter().zip(am) {
            out[c] = Some(a.clone());
        }
    }
    (out, extra)
}

/// The next m-combination of 0..k in lexicographic order; false after the last.
fn next_combination(pick: &mut [usize], k: usize) -> bool {
    let m = pick.len();
    let mut i = m;
    while i > 0 {
        i -= 1;
        if pick[i] < k - m + i {
            pick[i] += 1;
            for j in i + 1..m {
                pick[j] = pick[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Line {
        let text = s.trim_start();
        Line { no: 1, text: text.to_string(), indent: (s.len() - text.len()) as u32, page: 0, spans: None, y: None }
    }

    fn texts(cells: &[Cell]) -> Vec<&str> {
        cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn cells_apart_by_two_spaces_numbers_by_one() {
        let c = cells_of(&line("208   05   05   机关事业单位基本养老保险缴费支出    23,622,600 20,871,880    2,750,720"));
        assert_eq!(texts(&c), ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "23,622,600", "20,871,880", "2,750,720"]);
        assert_eq!((c[4].x0, c[4].x1), (36.0, 46.0));
        let c = cells_of(&line("                   合       计              1,935.36"));
        assert_eq!(texts(&c), ["合计", "1,935.36"]);
        let c = cells_of(&line("  一般公共 服务支出  12.00"));
        assert_eq!(texts(&c), ["一般公共 服务支出", "12.00"]);
    }

    #[test]
    fn a_page_without_its_header_keeps_the_column_one_row_fills() {
        // 苏州's 支出总表: the second page has no header, its rows print 合计 and 基本支出, and one
        // row 合计 and 项目支出. Its amount goes under 项目支出, not the page's second column.
        let on_page = |page: u32, s: &str| Line { page, ..line(s) };
        let body = [
            on_page(0, "科目编码   科目名称          合计        基本支出      项目支出"),
            on_page(0, "220       自然资源支出    15,797.79    7,853.99    7,943.80"),
            on_page(0, "2200101   行政运行         2,838.83    2,838.83"),
            on_page(0, "2200102   一般行政管理       396.54                  396.54"),
            on_page(1, "2200150   事业运行         2,670.77    2,670.77"),
            on_page(1, "2200199   其他支出         6,613.62                6,613.62"),
            on_page(1, "221       住房保障支出     3,804.39    3,804.39"),
        ];
        let refs: Vec<&Line> = body.iter().collect();
        let g = build(&refs, |c| c.iter().any(|c| matches!(c.value, Value::Amount(_))));
        assert_eq!(g.columns.len(), 3);
        let texts_of = |r: &Row| r.amounts.iter().map(|a| a.as_ref().map(|c| c.text.clone())).collect::<Vec<_>>();
        let other = g.rows.iter().find(|r| r.label.iter().any(|c| c.text == "2200199")).expect("row");
        assert_eq!(texts_of(other), [Some("6,613.62".into()), None, Some("6,613.62".into())]);
        let running = g.rows.iter().find(|r| r.label.iter().any(|c| c.text == "2200150")).expect("row");
        assert_eq!(texts_of(running), [Some("2,670.77".into()), Some("2,670.77".into()), None]);
    }

    #[test]
    fn a_header_line_naming_years_is_no_row() {
        let c = cells_of(&line("功能分类科目   2025  年执行数   2026  年预算数"));
        assert!(names_years(&c));
        assert!(!names_years(&cells_of(&line("2026  年初预算  12.00"))));
        assert!(!names_years(&cells_of(&line("208  社会保障和就业支出  2,275.76"))));
    }

    #[test]
    fn values_of_cells() {
        assert_eq!(value_of("117480,898"), Value::Amount(Decimal::new(117480898, 0)));
        assert_eq!(value_of("1,2345"), Value::Text);
        assert_eq!(value_of("-"), Value::Dash);
        assert_eq!(value_of("30.86%"), Value::Percent);
        assert_eq!(value_of("行政运行"), Value::Text);
    }

    #[test]
    fn amounts_go_to_the_column_their_right_edge_meets() {
        // 001's 支出预算总表 as pdftotext -layout lays it out.
        let body = [
            line("                       项目                                支出预算"),
            line("功能分类科目编码"),
            line("                            功能分类科目名称      合计             基本支出          项目支出"),
            line("类     款    项"),
            line("205             教育支出                      326,658,710    254,273,240    72,385,470"),
            line("205   03   02   中等职业教育                      9,600,000                    9,600,000"),
            line("208   05   02   事业单位离退休                    13,154,000     13,154,000"),
            line("                        合计              408,696,000   336,310,530    72,385,470"),
        ];
        let refs: Vec<&Line> = body.iter().collect();
        let g = build(&refs, |c| c.iter().any(|c| matches!(c.value, Value::Amount(_))));
        assert_eq!(g.header, vec![0, 1, 2, 3]);
        assert_eq!(g.columns.len(), 3);
        let labels: Vec<String> = g.columns.iter().map(AmountColumn::words).collect();
        assert_eq!(labels, ["合计", "支出预算基本支出", "项目支出"]);
        let cols = |r: &Row| r.amounts.iter().map(|a| a.as_ref().map(|c| c.text.clone())).collect::<Vec<_>>();
        assert_eq!(cols(&g.rows[1]), [Some("9,600,000".into()), None, Some("9,600,000".into())]);
        assert_eq!(cols(&g.rows[2]), [Some("13,154,000".into()), Some("13,154,000".into()), None]);
        // The total row sits a few columns left of the others (drift): it still fills the three.
        assert_eq!(cols(&g.rows[3]).iter().filter(|c| c.is_some()).count(), 3);
        assert_eq!(texts(&g.rows[1].label), ["205", "03", "02", "中等职业教育"]);
    }

    #[test]
    fn numbering_lines_are_not_rows() {
        assert!(numbering_line(&cells_of(&line("  **     **    **               **              1                   2               3"))));
        assert!(!numbering_line(&cells_of(&line("201  一般公共服务支出  1  2"))));
        assert!(page_number_line(&cells_of(&line("                                        - 13 -"))));
        assert!(!page_number_line(&cells_of(&line("合计  13"))));
    }
}
