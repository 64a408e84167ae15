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
            // A document's title names its year; a cell such as 被审计单位预算 does not.
            && names_a_year(&c)
            && super::titles::title_of(&l.text).is_none()
            && c != first
            && table_after(i)
    })
}

/// `2023年`, `2023 年度`, `二〇二三年`: a year, as a title prints it.
fn names_a_year(c: &str) -> bool {
    let chars: Vec<char> = c.chars().collect();
    chars.windows(5).any(|w| w[4] == '年' && w[..4].iter().all(|ch| ch.is_ascii_digit() || "〇零一二三四五六七八九".contains(*ch)))
}

/// Lines mostly in Latin letters are notes about the file, not the document's own text.
fn ascii_heavy(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_ascii_alphabetic()).count();
    letters * 5 > s.chars().count()
}

/// The cover: the lines a document opens with, before its 目录, its first part (第一部分 …) or its
/// first table; at most `COVER_LINES` of them. Dates, page numbers and lines in Latin letters are
/// left out.
pub(crate) fn cover(lines: &[Line]) -> Vec<&Line> {
    let mut out = Vec::new();
    for l in lines.iter().filter(|l| !l.is_blank()).take(COVER_LINES) {
        let c = compact(&l.text);
        if c == "目录" || c.starts_with("第一部分") || c.contains('。') || super::titles::title_of(&l.text).is_some() {
            break;
        }
        if ascii_heavy(&l.text) || is_date(&c) || c.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            continue;
        }
        out.push(l);
    }
    out
}

/// Cover lines beyond these are the document's body (a cover is a title over one to four lines).
const COVER_LINES: usize = 8;

/// `二〇二六年三月`, `2026年1月`: the date under a title.
fn is_date(c: &str) -> bool {
    let Some(rest) = c.strip_suffix('月') else { return false };
    let Some((y, m)) = rest.split_once('年') else { return false };
    let numeral = |s: &str| !s.is_empty() && s.chars().all(|ch| ch.is_ascii_digit() || "〇零一二三四五六七八九十".contains(ch));
    numeral(y) && numeral(m)
}

/// Words a cover's title puts around the department's name, longest first.
const TITLE_WORDS: [&str; 22] = [
    "部门预算信息公开",
    "部门预算情况的说明",
    "部门预算情况说明",
    "部门预算公开",
    "单位预算公开",
    "部门决算公开",
    "单位决算公开",
    "部门预算信息",
    "部门预算",
    "单位预算",
    "部门决算",
    "单位决算",
    "信息公开",
    "预算公开",
    "决算公开",
    "情况的说明",
    "情况说明",
    "市级",
    "区级",
    "县级",
    "公开",
    "年度",
];

/// The department's name as a cover prints it: each cover line without years and title words,
/// the rest joined (a long name wraps: `福州市公安局治安管理` / `支队`). A cover that states the
/// name twice (`…局部门预算公开` over `…局 2026 年度部门预算公开`) gives it once.
pub(crate) fn name_on_cover(cover: &[&Line]) -> Option<String> {
    if !cover.iter().any(|l| ["预算", "决算"].iter().any(|w| l.text.contains(w))) {
        return None;
    }
    // Joined first: a title word can wrap too (`…委员会部` / `门预算`).
    let mut name: String = cover.iter().map(|l| compact(&l.text)).collect();
    for w in TITLE_WORDS {
        name = name.replace(w, "");
    }
    let mut name = without_years(&name);
    // `…部门` left over from `北京市教育委员会部门 2026 年度部门预算`: the word, not the name.
    for org in ["委员会部门", "局部门", "办公室部门", "中心部门"] {
        if name.ends_with(org) {
            name.truncate(name.len() - "部门".len());
        }
    }
    let n = name.len();
    if n.is_multiple_of(2) && n > 0 && name.is_char_boundary(n / 2) && name[..n / 2] == name[n / 2..] {
        name.truncate(n / 2);
    }
    let chars = name.chars().count();
    ((2..=50).contains(&chars) && !name.chars().any(|c| c.is_ascii_digit())).then_some(name)
}

pub(crate) fn department(lines: &[Line], title: Option<usize>) -> String {
    if let Some(name) = labelled_department(lines) {
        return name;
    }
    if let Some(name) = name_on_cover(&cover(lines)) {
        return name;
    }
    if let Some(name) = department_cell(lines) {
        return name;
    }
    let name = from_title_line(lines, title);
    if looks_like_a_name(&name) {
        return name;
    }
    duties_subject(lines).unwrap_or(name)
}

/// A title stripped of its title words leaves a name, or words about the document
/// (`第一部分度情况说明` from `第一部分 2026 年度部门预算情况说明`).
fn looks_like_a_name(name: &str) -> bool {
    !name.is_empty() && !["第一部分", "情况说明", "说明", "目录"].iter().any(|w| name.contains(w))
}

/// `（一）本部门职责情况` and under it `北京市气象局属于公益性事业单位…`: the sentence's subject,
/// when it ends as a body's name does (北京's 附件1, whose title names no department).
fn duties_subject(lines: &[Line]) -> Option<String> {
    let at = lines.iter().position(|l| {
        let c = compact(&l.text);
        c.chars().count() <= 20 && (c.ends_with("部门职责情况") || c.ends_with("部门职责") || c.ends_with("主要职能"))
    })?;
    let next = lines[at + 1..].iter().find(|l| !l.is_blank())?;
    let text = compact(&next.text);
    let end = ["属于", "的主要职责", "主要职责", "是", "负责", "贯彻", "为", "：", "，", "。"]
        .iter()
        .filter_map(|w| text.find(w))
        .min()?;
    let subject = &text[..end];
    let chars = subject.chars().count();
    let suffix = ["局", "厅", "委员会", "办公室", "中心", "院", "会", "部", "所", "站", "队", "处", "馆", "社", "室", "委", "办", "府"];
    ((2..=30).contains(&chars) && suffix.iter().any(|s| subject.ends_with(s)) && !subject.starts_with("本")).then(|| subject.to_string())
}

/// `预算单位：X`, `部门名称：X`, `编制部门：X` … anywhere in the text; also `部门名称    X` in a
/// table cell (北京's 部门整体支出绩效目标表), when X reads as a name.
fn labelled_department(lines: &[Line]) -> Option<String> {
    for l in lines {
        if ascii_heavy(&l.text) {
            continue;
        }
        for label in ["预算单位", "部门名称", "编制部门", "预算主管部门", "编制单位"] {
            let Some(i) = l.text.find(label) else { continue };
            let after = l.text[i + label.len()..].trim_start();
            let Some(value) = after.strip_prefix('：').or_else(|| after.strip_prefix(':')) else { continue };
            let value = match value.find("单位") {
                Some(j) if value[j + "单位".len()..].trim_start().starts_with(['：', ':']) => &value[..j],
                _ => value,
            };
            let name = compact(value);
            let name = name.trim_end_matches(['，', '。', '；']).to_string();
            if !name.is_empty() {
                return Some(name);
            }
        }
    }
    None
}

/// `部门名称    X`: the label and the name in two cells of a table (北京's 部门整体支出绩效目标表,
/// which is where a 报表 file alone names its department).
fn department_cell(lines: &[Line]) -> Option<String> {
    for l in lines {
        let t = l.text.trim();
        let Some(rest) = t.strip_prefix("部门名称").or_else(|| t.strip_prefix("单位名称")) else { continue };
        if !(rest.starts_with("  ") || rest.starts_with('\t')) {
            continue;
        }
        let value = rest.trim();
        if !value.is_empty() && !value.contains(char::is_whitespace) && !value.chars().any(|c| c.is_ascii_digit()) && value.chars().count() <= 50 {
            return Some(value.to_string());
        }
    }
    None
}

/// The name on the document's title line (`2022 年…部门预算`), or on the line above it.
fn from_title_line(lines: &[Line], title: Option<usize>) -> String {
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
        "部门预算情况的说明",
        "部门预算情况说明",
        "部门决算情况的说明",
        "部门决算情况说明",
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
