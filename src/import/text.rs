//! The small lexical pieces every reader shares: cells, tokens, amounts, numbering (一、 / 1. /
//! （一）), units and header words, and the byte scans that find them fast.

use crate::gate::below_limit;
use crate::money::{parse_amount, Unit};
use rust_decimal::Decimal;

/// The warning text for a cell meant as an amount that does not parse, with the likely reason.
pub(crate) fn not_an_amount(cell: &str) -> String {
    let s = cell.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let int_digits = s.split('.').next().unwrap_or("").chars().filter(char::is_ascii_digit).count();
    let lower = s.to_ascii_lowercase();
    let why = if matches!(lower.trim_start_matches(['-', '+']), "nan" | "inf" | "infinity") {
        Some("不是数字")
    } else if s.contains(['e', 'E'])
        && digits > 0
        && s.chars().all(|c| c.is_ascii_digit() || matches!(c, 'e' | 'E' | '+' | '-' | '.' | ','))
    {
        Some("科学记数法不是印出的金额")
    } else if int_digits > 14 || parse_amount(s).is_some_and(|v| !below_limit(v)) {
        Some("过大：达到 10^14 或以上，超出任何预算；yusuan 只读取小于 100,000,000,000,000（按其单位计）的金额")
    } else if s.starts_with("--") || s.starts_with("+-") || s.starts_with("-+") || s.starts_with("−−") {
        Some("符号不止一个")
    } else if Unit::find_in(s).is_some() {
        Some("单元格内写了单位；单位应由表的“单位：”行给出")
    } else if s.contains(' ') {
        Some("数字中间有空格")
    } else if s.chars().any(|c| matches!(c, 'O' | 'o' | 'l' | 'I' | 'S')) && digits > 0 {
        Some("数字中夹有字母（0、1 或 5 识别错了？）")
    } else if s.contains(',') && digits > 0 {
        Some("千位分隔符不是每三位一组")
    } else {
        None
    };
    match why {
        Some(w) => format!("金额 «{cell}» 无法解析（{w}）"),
        None => format!("金额 «{cell}» 无法解析"),
    }
}

// Byte scans 8 bytes at a time. A browser runs a long first import in its baseline compiler's
// code, where a loop with a call per byte is what costs: the 50,000-line city spent 40 ms in
// `scan_line` alone. `flagged` hands out only the offsets in words that may hold a byte of interest.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

pub(crate) fn word(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]))
}

/// Some byte of `w` is below `n` (n ≤ 128).
pub(crate) fn below(w: u64, n: u8) -> bool {
    w.wrapping_sub(LO * u64::from(n)) & !w & HI != 0
}

/// Some byte of `w` equals `v`.
pub(crate) fn has_byte(w: u64, v: u8) -> bool {
    let x = w ^ (LO * u64::from(v));
    x.wrapping_sub(LO) & !x & HI != 0
}

/// `text.contains(pat)`, without setting up a two-way searcher per call (the table scan asks
/// this of every line).
pub(crate) fn contains_str(text: &str, pat: &str) -> bool {
    let (b, p) = (text.as_bytes(), pat.as_bytes());
    let Some(&first) = p.first() else { return true };
    flagged(b, |w| has_byte(w, first)).any(|i| b[i..].starts_with(p))
}

/// Every offset of `b` that lies in an 8-byte word `probe` flags, then every offset of the tail.
/// A hand-written iterator: at `opt-level = "z"` a chain of adapters costs a call per step.
pub(crate) fn flagged<P: Fn(u64) -> bool>(b: &[u8], probe: P) -> Flagged<'_, P> {
    Flagged { b, probe, at: 0, end: 0 }
}

pub(crate) struct Flagged<'a, P> {
    b: &'a [u8],
    probe: P,
    at: usize,
    end: usize,
}

impl<P: Fn(u64) -> bool> Iterator for Flagged<'_, P> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.at >= self.end {
            while let Some(chunk) = self.b.get(self.at..self.at + 8) {
                if (self.probe)(word(chunk)) {
                    break;
                }
                self.at += 8;
            }
            self.end = (self.at + 8).min(self.b.len());
        }
        let at = self.at;
        (at < self.end).then(|| {
            self.at += 1;
            at
        })
    }
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// The text without any whitespace (titles and names are compared this way: PDF extraction puts
/// spaces inside Chinese words).
pub(crate) fn compact(s: &str) -> String {
    // Names and cells mostly hold no whitespace: one copy, no per-char pushes.
    if !s.chars().any(char::is_whitespace) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().filter(|c| !c.is_whitespace()));
    out
}

/// Tab-separated cells, trimmed.
pub(crate) fn cells(line: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(8);
    out.extend(tab_cells(line));
    out
}

/// `line.split('\t').map(str::trim)`, found on bytes (a tab is never inside a UTF-8 sequence).
pub(crate) fn tab_cells(line: &str) -> impl Iterator<Item = &str> + Clone {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let r = rest?;
        Some(match r.bytes().position(|b| b == b'\t') {
            Some(i) => {
                rest = r.get(i + 1..);
                trim(r.get(..i).unwrap_or(""))
            }
            None => {
                rest = None;
                trim(r)
            }
        })
    })
}

/// `str::trim`, deciding from the first and last bytes when there is nothing to trim: Unicode
/// whitespace is ASCII or starts with C2, E1, E2 or E3.
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return s };
    let may_ws = |lead: u8| lead <= 0x20 || matches!(lead, 0xc2 | 0xe1..=0xe3);
    let n = b.len();
    let tail_may_ws = if last < 0x80 {
        last <= 0x20
    } else {
        (n >= 2 && b[n - 2] == 0xc2) || (n >= 3 && matches!(b[n - 3], 0xe1..=0xe3))
    };
    if may_ws(first) || tail_may_ws {
        s.trim()
    } else {
        s
    }
}

/// Whitespace-separated tokens; a token where an amount runs into a label
/// (`91,016,775.35一、一般公共服务支出`) is split in two.
pub(crate) fn tokens(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for t in line.split_whitespace() {
        let mut rest = t;
        while let Some(i) = glued_amount_end(rest) {
            out.push(&rest[..i]);
            rest = &rest[i..];
        }
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

/// Where an amount with two decimals at the start of `t` ends when a non-digit follows it.
fn glued_amount_end(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let dot = b.iter().position(|&c| c == b'.')?;
    if dot == 0 || !b[..dot].iter().all(|&c| c.is_ascii_digit() || c == b',' || c == b'-') {
        return None;
    }
    let end = dot + 3;
    if b.len() <= end || !b[dot + 1].is_ascii_digit() || !b[dot + 2].is_ascii_digit() || b[end].is_ascii_digit() {
        return None;
    }
    if !t.is_char_boundary(end) || parse_amount(&t[..end]).is_none() {
        return None;
    }
    // Only split when a label follows (CJK or an opening bracket), never inside a number.
    let next = t[end..].chars().next()?;
    (is_cjk(next) || matches!(next, '（' | '(' | '“' | '"')).then_some(end)
}

/// The amount a cell or token prints, if it is one below `gate::AMOUNT_LIMIT` (larger ones are
/// no budget's, and sums or 元 conversions of them could overflow).
pub(crate) fn amount(s: &str) -> Option<Decimal> {
    parse_amount(s).filter(|&v| below_limit(v))
}

/// A token meant as a number that may not parse (`6,3O1.32`): starts with a digit or sign and is
/// mostly digits, commas and dots.
pub(crate) fn looks_numeric(s: &str) -> bool {
    let s = s.trim();
    // `1.` / `2、` alone: the numbering of a label.
    if matches!(s.chars().last(), Some('.' | '．' | '、'))
        && s[..s.len() - s.chars().last().map_or(0, char::len_utf8)].bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    let starts = first.is_ascii_digit()
        || (matches!(first, '-' | '−' | '(' | '（') && chars.next().is_some_and(|c| c.is_ascii_digit()));
    if !starts {
        return false;
    }
    let total = s.chars().count();
    let numeric =
        s.chars().filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '(' | ')' | '（' | '）')).count();
    numeric * 10 >= total * 6
}

/// The unit a `单位：万元` / `单位:元` mark states, anywhere in the line.
pub(crate) fn unit_mark(line: &str) -> Option<Unit> {
    let mut search = line;
    while let Some(i) = search.find("单位") {
        let after = search[i + "单位".len()..].trim_start();
        if let Some(rest) = after.strip_prefix('：').or_else(|| after.strip_prefix(':')) {
            let rest = rest.trim_start();
            if rest.starts_with("亿元") {
                return Some(Unit::Yiyuan);
            }
            if rest.starts_with("万元") {
                return Some(Unit::Wanyuan);
            }
            if rest.starts_with('元') {
                return Some(Unit::Yuan);
            }
        }
        search = &search[i + "单位".len()..];
    }
    None
}

/// How a label is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbering {
    /// 一、
    Chinese,
    /// （一）
    Paren,
    /// 1. / 1． / 1、
    Arabic,
}

const CN_DIGITS: &str = "一二三四五六七八九十百零〇两";

/// Splits a leading `一、`, `（一）`, `(十一)`, `1.`, `1．`, `1、` off a label.
pub(crate) fn numbering(s: &str) -> (Option<Numbering>, &str) {
    let t = s.trim_start();
    // 一、
    let cn_len: usize = t.chars().take_while(|c| CN_DIGITS.contains(*c)).map(char::len_utf8).sum();
    if cn_len > 0 {
        if let Some(rest) = t[cn_len..].strip_prefix('、') {
            return (Some(Numbering::Chinese), rest.trim_start());
        }
    }
    // （一） (1)
    for (open, close) in [('（', '）'), ('(', ')'), ('（', ')'), ('(', '）')] {
        if let Some(inner) = t.strip_prefix(open) {
            let n: usize =
                inner.chars().take_while(|c| CN_DIGITS.contains(*c) || c.is_ascii_digit()).map(char::len_utf8).sum();
            if n > 0 {
                if let Some(rest) = inner[n..].strip_prefix(close) {
                    return (Some(Numbering::Paren), rest.trim_start());
                }
            }
        }
    }
    // 1. 1． 1、 (not 1.00)
    let d: usize = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if d > 0 && d <= 2 {
        let rest = &t[d..];
        for sep in ['.', '．', '、'] {
            if let Some(r) = rest.strip_prefix(sep) {
                // `1.00` is an amount; `4．2025年…` and `1. 一般…` are numbered.
                let word = t.split_whitespace().next().unwrap_or("");
                if sep != '.' || !r.starts_with(|c: char| c.is_ascii_digit()) || !looks_numeric(word) {
                    return (Some(Numbering::Arabic), r.trim_start());
                }
            }
        }
    }
    (None, t)
}

/// A label without numbering and without spaces, for comparing names.
pub(crate) fn plain_name(s: &str) -> String {
    let mut t = compact(numbering(s).1);
    for suffix in ["（类）", "（款）", "（项）", "(类)", "(款)", "(项)"] {
        if let Some(r) = t.strip_suffix(suffix) {
            t = r.to_string();
        }
    }
    t
}

/// Words of table headers (without spaces): a line made of these (and of nothing else) is a
/// header line, also when repeated mid-table after a page break.
const HEADER_WORDS: &[&str] = &[
    "项目",
    "预算数",
    "决算数",
    "预算单位",
    "科目编码",
    "科目名称",
    "功能分类科目编码",
    "功能分类科目名称",
    "经济分类科目名称",
    "部门预算经济分类科目",
    "支出功能分类",
    "经济分类",
    "编码",
    "类",
    "款",
    "项",
    "合计",
    "小计",
    "本年收入",
    "本年支出",
    "收入",
    "支出",
    "收入预算",
    "支出预算",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "财政拨款收入",
    "财政拨款支出",
    "事业收入",
    "事业单位",
    "经营收入",
    "其他收入",
    "一般公共预算支出",
    "一般公共预算基本支出",
    "政府性基金预算支出",
    "国有资本经营预算支出",
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "支出总计",
    "总额",
    "年度",
    "单位名称",
];

/// True for a line that only holds header words (`功能分类科目名称 合计 基本支出 项目支出`, `类 款 项`).
pub(crate) fn is_header_line(line: &str) -> bool {
    // The parts are walked twice without collecting them (this runs on every table line).
    let tabbed = line.contains('\t');
    let parts = || {
        line.split(move |c: char| if tabbed { c == '\t' } else { c.is_whitespace() })
            .map(trim)
            .filter(|c| !c.is_empty())
    };
    // Header lines hold no amounts: most rows are out at their first number.
    if parts().any(|t| t.starts_with(|c: char| c.is_ascii_digit()) && amount(t).is_some()) {
        return false;
    }
    // A lone 合计 is the total row of an empty table, not header.
    let mut it = parts();
    match (it.next(), it.next()) {
        (None, _) | (Some("合计"), None) => return false,
        _ => {}
    }
    // `收 入`, `项 目` in tab cells: compare without spaces.
    parts().all(|p| {
        let owned;
        let c = if p.contains(' ') {
            owned = compact(p);
            owned.as_str()
        } else {
            p
        };
        HEADER_WORDS.contains(&c) || c.contains("科目") || c.contains("预算数") || c.contains("决算数")
    })
}


/// A line holding only a page number: `- 34 -`, `34`, `第 34 页`, `第34页，共40页`.
pub(crate) fn is_page_number(line: &str) -> bool {
    let all: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let core = all.trim_matches(|c| matches!(c, '-' | '—' | '－'));
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    // Bare digits only up to 999: a year alone on its line (2026) is text.
    if digits(core) && (core.len() < all.len() || core.len() <= 3) {
        return true;
    }
    let Some(rest) = core.strip_prefix('第') else { return false };
    let (n, tail) = rest.split_once('页').unwrap_or((rest, ""));
    digits(n) && (tail.is_empty() || tail.trim_start_matches(['，', ',', '/']).strip_prefix('共').and_then(|t| t.strip_suffix('页')).is_some_and(digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_why_an_amount_does_not_parse() {
        assert!(not_an_amount("1e400").ends_with("（科学记数法不是印出的金额）"));
        assert!(not_an_amount("NaN").ends_with("（不是数字）"));
        assert!(not_an_amount("--5").ends_with("（符号不止一个）"));
        assert!(not_an_amount("6,3O1.32").ends_with("（数字中夹有字母（0、1 或 5 识别错了？））"));
        assert!(not_an_amount("1,2345").ends_with("（千位分隔符不是每三位一组）"));
        assert_eq!(not_an_amount("?"), "金额 «?» 无法解析");
    }

    #[test]
    fn reads_numbering_and_tokens() {
        assert_eq!(numbering("一、一般公共服务支出"), (Some(Numbering::Chinese), "一般公共服务支出"));
        assert_eq!(numbering("1. 一般公共预算资金"), (Some(Numbering::Arabic), "一般公共预算资金"));
        assert_eq!(numbering("（十一）单位"), (Some(Numbering::Paren), "单位"));
        assert_eq!(numbering("1.00"), (None, "1.00"));
        assert_eq!(
            tokens("一、资金 91,016,775.35一、一般公共服务支出 2.00"),
            vec!["一、资金", "91,016,775.35", "一、一般公共服务支出", "2.00"]
        );
        assert_eq!(tokens("2022年 1.5"), vec!["2022年", "1.5"]);
        assert!(looks_numeric("6,3O1.32"));
        assert!(!looks_numeric("行政运行"));
        assert!(!looks_numeric("2."));
        assert_eq!(unit_mark("编制部门：某 单位:万元"), Some(Unit::Wanyuan));
        assert_eq!(unit_mark("单位：元"), Some(Unit::Yuan));
        assert!(is_header_line("功能分类科目名称 合计 基本支出 项目支出"));
        assert!(is_header_line("类 款 项"));
        assert!(!is_header_line("机关事业单位基本养老保险"));
    }
}
