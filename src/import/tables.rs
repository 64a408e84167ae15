//! Finding the tables: a title line followed (within a few lines) by its 单位 or 部门 line starts
//! a table; the same title in the 目录 is only listed. A table's body runs to the next title, a
//! note (注：…) or the prose after it; pages of one table (the title printed again) are merged.

use super::lines::Line;
use super::text::{compact, contains_str, is_header_line, unit_mark};
use super::titles::{title_of, TableKind};
use crate::money::Unit;

/// One table as found in the text.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub kind: TableKind,
    /// Title as printed, spaces removed.
    pub title: String,
    /// Line of the title.
    pub line: u32,
    /// The table's own 单位, when it prints one.
    pub unit: Option<Unit>,
    /// Indices into the normalized lines: header and data rows, in order, pages merged.
    pub body: Vec<usize>,
    /// Index of the first line after the table.
    pub end: usize,
}

/// A table the 目录 lists.
#[derive(Debug, Clone)]
pub(crate) struct TocEntry {
    pub kind: TableKind,
    pub title: String,
    pub line: u32,
}

#[derive(Debug, Default)]
pub(crate) struct Layout {
    pub blocks: Vec<Block>,
    pub toc: Vec<TocEntry>,
}

/// How many non-blank lines after a title may hold its 单位 / 部门 line.
const LOOKAHEAD: usize = 6;

pub(crate) fn find_tables(lines: &[Line]) -> Layout {
    let titles: Vec<Option<(TableKind, String)>> = lines.iter().map(|l| title_of(&l.text)).collect();
    let toc_start = lines.iter().position(|l| {
        // Only a line ending in 目录 can be it: most lines are not copied to find out.
        if !l.text.trim_end().ends_with('录') {
            return false;
        }
        let c = compact(&l.text);
        c == "目录" || c.ends_with("目录") && c.chars().count() <= 30
    });
    let mut layout = Layout::default();
    let mut i = 0;
    while i < lines.len() {
        let Some((kind, title)) = titles[i].clone() else {
            i += 1;
            continue;
        };
        if !starts_table(lines, &titles, i) {
            if layout.blocks.is_empty() && toc_start.is_some_and(|s| s <= i) {
                layout.toc.push(TocEntry { kind, title, line: lines[i].no });
            }
            i += 1;
            continue;
        }
        let mut block = Block { kind, title, line: lines[i].no, unit: None, body: Vec::new(), end: i + 1 };
        let mut j = i + 1;
        while j < lines.len() {
            if titles[j].is_some() {
                break;
            }
            let text = lines[j].text.trim();
            if is_table_number(text) || ends_table(text, kind) {
                break;
            }
            if let Some(u) = unit_mark(text) {
                block.unit.get_or_insert(u);
                j += 1;
                continue;
            }
            if is_department_line(text) || is_form_number(text) {
                j += 1;
                continue;
            }
            block.body.push(j);
            j += 1;
        }
        block.end = j;
        // A page of the table before: its title again, no other table in between (a page may end
        // with a note).
        match layout.blocks.last_mut() {
            Some(prev) if prev.kind == block.kind && prev.title == block.title => {
                prev.body.extend(block.body);
                prev.unit = prev.unit.or(block.unit);
                prev.end = block.end;
            }
            _ => layout.blocks.push(block),
        }
        i = j;
    }
    layout
}

/// A title starts a table when its 单位 or 部门 line follows before another title.
fn starts_table(lines: &[Line], titles: &[Option<(TableKind, String)>], i: usize) -> bool {
    let mut seen = 0;
    for k in i + 1..lines.len() {
        if titles[k].is_some() {
            return false;
        }
        let text = lines[k].text.trim();
        if text.is_empty() {
            continue;
        }
        // Its 单位 / 部门 line, or a header line where a table prints none.
        if unit_mark(text).is_some() || is_department_line(text) || is_header_line(text) {
            return true;
        }
        seen += 1;
        if seen >= LOOKAHEAD {
            return false;
        }
    }
    false
}

/// `部门名称：…`, `编制部门：…`, `编制单位：…`.
pub(crate) fn is_department_line(text: &str) -> bool {
    if !(contains_str(text, "部门") || contains_str(text, "单位")) {
        return false;
    }
    let c = compact(text);
    ["部门名称：", "部门名称:", "编制部门：", "编制部门:", "编制单位：", "编制单位:"].iter().any(|p| c.starts_with(p))
}

/// `表 1`, `表1`, `表一`: the number printed above a title.
fn is_table_number(text: &str) -> bool {
    // `text` is trimmed: its first character is the compacted one's.
    if !text.trim_start().starts_with('表') {
        return false;
    }
    compact(text).strip_prefix('表').is_some_and(table_no)
}

/// `部门公开表 3`, `公开03表`, `预算表12` alone on a line: a form number, printed above a title or
/// on every page of a table, and never a row (on the page before a title, it would end the table
/// above as one: `部门公开表` 3 万元).
fn is_form_number(text: &str) -> bool {
    let t = text.trim_start();
    if !["部门", "公开", "预算", "决算"].iter().any(|w| t.starts_with(w)) {
        return false;
    }
    let c = compact(text);
    let c = c.strip_prefix("部门").unwrap_or(&c);
    let c = ["公开", "预算", "决算"].iter().find_map(|w| c.strip_prefix(w)).unwrap_or(c);
    c.strip_prefix('表').is_some_and(table_no) || c.strip_suffix('表').is_some_and(table_no)
}

/// `3`, `03`, `十二`: a table's number.
fn table_no(r: &str) -> bool {
    !r.is_empty() && r.chars().all(|ch| ch.is_ascii_digit() || "一二三四五六七八九十".contains(ch))
}

/// A note, a part heading or a sentence ends a table (performance tables hold sentences).
fn ends_table(text: &str, kind: TableKind) -> bool {
    let t = text.trim_start();
    if t.starts_with('注') || t.starts_with("备注") || t.starts_with("说明") {
        let c = compact(t);
        if c.starts_with("注：") || c.starts_with("注:") || c.starts_with("备注") || c.starts_with("说明：") {
            return true;
        }
    }
    if t.starts_with('第') && t.contains("部分") && t.chars().count() <= 40 {
        return true;
    }
    kind != TableKind::Performance && t.contains('。')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_numbers_alone_on_a_line() {
        for t in ["部门公开表 3", "部门公开表3", "公开03表", "公开 03 表", "预算表12", "预算01表", "决算02表"] {
            assert!(is_form_number(t), "{t}");
        }
        for t in ["部门预算", "公开", "预算表", "部门公开表格说明", "预算01表 收支总表", "表 3"] {
            assert!(!is_form_number(t), "{t}");
        }
        assert!(is_table_number("表 3") && is_table_number("表一") && !is_table_number("表格"));
    }
}

