//! Header facts: department, year, 预算 or 决算, and the unit most tables print.

use super::tables::Block;
use super::lines::Line;
use super::text::compact;
use crate::model::DocKind;
use crate::money::Unit;

/// How far from the top the document title is looked for.
const TITLE_ZONE: usize = 40;

/// The document title line (`2022 年…部门预算`, `上海市普陀区2025年区级部门预算`, `年度部门决算`).
pub(crate) fn title_line(lines: &[Line]) -> Option<usize> {
    lines.iter().take(TITLE_ZONE).position(|l| {
        let c = compact(&l.text);
        !ascii_heavy(&l.text)
            && !c.contains('。')
            && c.chars().count() <= 60
            && ["部门预算", "部门决算", "单位预算", "单位决算"].iter().any(|w| c.contains(w))
    })
}

/// Where a second document begins when two were pasted into one text: a document title line
/// (ending in 部门预算 / 部门决算 …) after the first table, different from the first title (a
/// running page header repeats that one), with tables of its own after it.
pub(crate) fn second_document(lines: &[Line], title: Option<usize>, blocks: &[Block]) -> Option<usize> {
    // From the first table's first row: a later table's pages are merged into it, so its body may
    // run over the second document's own title.
    let from = *blocks.first()?.body.first()?;
    let first = title.and_then(|t| lines.get(t)).map(|l| compact(&l.text)).unwrap_or_default();
    let table_after = |i: usize| {
        lines.get(i + 1..).is_some_and(|rest| rest.iter().any(|l| super::titles::title_of(&l.text).is_some()))
    };
    (from..lines.len()).find(|&i| {
        let l = &lines[i];
        // All the endings below end in 算: other lines are not copied.
        if !l.text.trim_end().ends_with('算') {
            return false;
        }
        let c = compact(&l.text);
        !ascii_heavy(&l.text)
            && !c.contains('。')
            && c.chars().count() <= 60
            && ["部门预算", "部门决算", "单位预算", "单位决算"].iter().any(|w| c.ends_with(w))
            && super::titles::title_of(&l.text).is_none()
            && c != first
            && table_after(i)
    })
}

/// Lines mostly in Latin letters are notes about the file, not the document's own text.
fn ascii_heavy(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_ascii_alphabetic()).count();
    letters * 5 > s.chars().count()
}

pub(crate) fn department(lines: &[Line], title: Option<usize>) -> String {
    for l in lines {
        if ascii_heavy(&l.text) {
            continue;
        }
        for label in ["部门名称", "编制部门", "预算主管部门", "编制单位"] {
            let Some(i) = l.text.find(label) else { continue };
            let after = l.text[i + label.len()..].trim_start();
            let Some(value) = after.strip_prefix('：').or_else(|| after.strip_prefix(':')) else { continue };
            let value = match value.find("单位") {
                Some(j) if value[j + "单位".len()..].trim_start().starts_with(['：', ':']) => &value[..j],
                _ => value,
            };
            let name = compact(value);
            let name = name.trim_end_matches(['）', ')', '，', '。', '；']).to_string();
            if !name.is_empty() {
                return name;
            }
        }
    }
    let Some(t) = title else { return String::new() };
    let rest = strip_title_words(&compact(&lines[t].text));
    if !rest.is_empty() {
        return rest;
    }
    // `上海市普陀区财政局` / `年度部门决算` / `2024`: the name is the line above.
    lines[..t]
        .iter()
        .rev()
        .find(|l| !l.is_blank() && !ascii_heavy(&l.text))
        .map(|l| strip_title_words(&compact(&l.text)))
        .unwrap_or_default()
}

fn strip_title_words(t: &str) -> String {
    let mut s = without_years(t);
    for w in [
        "年度部门决算",
        "年度部门预算",
        "区级部门预算",
        "区级部门决算",
        "部门决算",
        "部门预算",
        "单位预算",
        "单位决算",
        "年度",
    ] {
        s = s.replace(w, "");
    }
    s
}

fn without_years(t: &str) -> String {
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let is_year = i + 4 <= chars.len()
            && chars[i] == '2'
            && chars[i + 1] == '0'
            && chars[i..i + 4].iter().all(|c| c.is_ascii_digit());
        if is_year {
            i += 4;
            if chars.get(i) == Some(&'年') {
                i += 1;
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The first `20xx` in a text.
pub(crate) fn year_in(t: &str) -> Option<i32> {
    let b = t.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let boundary_before = i == 0 || !b[i - 1].is_ascii_digit();
        let boundary_after = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        (w[0] == b'2' && w[1] == b'0' && w.iter().all(u8::is_ascii_digit) && boundary_before && boundary_after)
            .then(|| std::str::from_utf8(w).ok()?.parse().ok())
            .flatten()
    })
}

pub(crate) fn year(lines: &[Line], title: Option<usize>, blocks: &[Block]) -> Option<i32> {
    if let Some(t) = title {
        if let Some(y) = year_in(&compact(&lines[t].text)) {
            return Some(y);
        }
        // The year printed on a line of its own next to the title.
        let lo = t.saturating_sub(2);
        let hi = (t + 3).min(lines.len());
        for l in &lines[lo..hi] {
            let c = compact(&l.text);
            let c = c.trim_end_matches("年度").trim_end_matches('年');
            if c.len() == 4 {
                if let Some(y) = year_in(c) {
                    return Some(y);
                }
            }
        }
    }
    blocks.iter().find_map(|b| year_in(&b.title))
}

pub(crate) fn kind(lines: &[Line], title: Option<usize>, blocks: &[Block]) -> DocKind {
    if let Some(t) = title {
        let c = compact(&lines[t].text);
        if c.contains("决算") {
            return DocKind::FinalAccounts;
        }
        if c.contains("预算") {
            return DocKind::Budget;
        }
    }
    let finals = blocks.iter().filter(|b| b.title.contains("决算")).count();
    if finals * 2 > blocks.len() {
        DocKind::FinalAccounts
    } else {
        DocKind::Budget
    }
}

/// The unit most tables print; 万元 when none says.
pub(crate) fn main_unit(blocks: &[Block]) -> Unit {
    let mut counts: Vec<(Unit, usize)> = Vec::new();
    for u in blocks.iter().filter_map(|b| b.unit) {
        match counts.iter_mut().find(|(v, _)| *v == u) {
            Some((_, n)) => *n += 1,
            None => counts.push((u, 1)),
        }
    }
    // Highest count; the first seen wins a tie.
    let mut best: Option<(Unit, usize)> = None;
    for (u, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((u, n));
        }
    }
    best.map_or(Unit::Wanyuan, |(u, _)| u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_years() {
        assert_eq!(year_in("2022年深圳"), Some(2022));
        assert_eq!(year_in("上海市普陀区2025年区级部门预算"), Some(2025));
        assert_eq!(year_in("12022"), None);
        assert_eq!(
            strip_title_words("2022年深圳市福田区投资推广和企业服务中心部门预算"),
            "深圳市福田区投资推广和企业服务中心"
        );
    }
}
