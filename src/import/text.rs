//! Text normalization and the small lexical pieces every table reader shares: lines with their
//! original numbers, cells, tokens, amounts, numbering (一、 / 1. / （一）) and header words.

use super::ImportError;
use crate::model::below_limit;
use crate::money::{parse_amount, Unit};
use rust_decimal::Decimal;

/// Larger input is refused: a published budget is a few hundred KiB of text.
pub(crate) const MAX_BYTES: usize = 8 * 1024 * 1024;

/// One normalized line: `no` is its 1-based line in the original input. Page breaks and glued
/// lines are split into several `Line`s that share the original number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub no: u32,
    pub text: String,
}

impl Line {
    /// Tab-separated rows keep their empty cells (positions are known); space-separated ones do not.
    pub fn tabbed(&self) -> bool {
        self.text.contains('\t')
    }
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Bytes → text: UTF-8, or UTF-16 LE/BE with a BOM. Refuses oversized input before decoding and
/// names the first undecodable byte (line and byte offset), suggesting the usual culprit.
pub(crate) fn decode(input: &[u8]) -> Result<std::borrow::Cow<'_, str>, ImportError> {
    if input.len() > MAX_BYTES {
        return Err(too_large(input.len()));
    }
    let utf16 = |le: bool| -> Result<std::borrow::Cow<'_, str>, ImportError> {
        let body = input.get(2..).unwrap_or_default();
        let units = body.chunks_exact(2).map(|p| {
            if le {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().map(std::borrow::Cow::Owned).map_err(|_| ImportError {
            line: 0,
            message: "UTF-16 文本（以 UTF-16 的 BOM 开头）中有不成对的代理项：不是有效的文本".into(),
        })
    };
    match input {
        [0xff, 0xfe, ..] => return utf16(true),
        [0xfe, 0xff, ..] => return utf16(false),
        _ => {}
    }
    match std::str::from_utf8(input) {
        Ok(s) => Ok(std::borrow::Cow::Borrowed(s)),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + input.get(..at).unwrap_or_default().iter().filter(|&&b| b == b'\n').count();
            let byte = input.get(at).copied().unwrap_or(0);
            Err(ImportError {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                message: format!(
                    "不是 UTF-8 文本：字节偏移 {at} 处的 0x{byte:02X} 无法解码；以 GBK / GB18030 保存的文件\
                     须先转换为 UTF-8（iconv -f GB18030 -t UTF-8）"
                ),
            })
        }
    }
}

fn too_large(len: usize) -> ImportError {
    ImportError {
        line: 0,
        message: format!("输入有 {len} 字节；yusuan 只导入不超过 {MAX_BYTES} 字节（8 MiB）的文件"),
    }
}

/// Splits the input into numbered lines: BOM, CRLF/CR, form feeds (page breaks), full-width and
/// no-break spaces handled; lines glued by the PDF extraction split apart.
#[cfg(test)]
pub(crate) fn normalize(input: &str) -> Result<Vec<Line>, ImportError> {
    normalize_noted(input).map(|(lines, _)| lines)
}

/// `normalize`, also saying which lines had full-width digits or separators folded to ASCII
/// (`１，５０９．５９` → `1,509.59`): the importer reports them, since a hand-typed amount is
/// where they come from.
pub(crate) fn normalize_noted(input: &str) -> Result<(Vec<Line>, Vec<u32>), ImportError> {
    if input.len() > MAX_BYTES {
        return Err(too_large(input.len()));
    }
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if input.trim().is_empty() {
        return Err(ImportError { line: 0, message: "输入为空：没有可导入的文本".into() });
    }
    check_text(input)?;
    let mut out = Vec::with_capacity(input.bytes().filter(|&b| b == b'\n').count() + 1);
    let mut folded = Vec::new();
    let mut no: u32 = 0;
    for raw in split_lines(input) {
        no = no.saturating_add(1);
        // A form feed is a page break; pdfplumber glues the next page's first line to it.
        for page_part in raw.split('\u{c}') {
            let (cleaned, wide) = fold_wide_numbers(clean(page_part));
            if wide && folded.last() != Some(&no) {
                folded.push(no);
            }
            split_glued(cleaned, |piece| out.push(Line { no, text: piece }));
        }
    }
    Ok((out, folded))
}

/// Full-width digits as ASCII; `．` between digits as the decimal point, `，` before exactly three
/// digits as the thousands separator (a Chinese input method's comma), `－` before a digit as the
/// minus. Elsewhere `，` and `．` stay punctuation. True when anything changed.
fn fold_wide_numbers(s: String) -> (String, bool) {
    // All of ０-９，．－ are EF BC xx in UTF-8.
    let b = s.as_bytes();
    if !flagged(b, |w| has_byte(w, 0xef)).any(|i| b[i] == 0xef && b.get(i + 1) == Some(&0xbc)) {
        return (s, false);
    }
    if !s.chars().any(|c| matches!(c, '０'..='９')) && !s.contains(['，', '．', '－']) {
        return (s, false);
    }
    let digit = |c: char| c.is_ascii_digit() || matches!(c, '０'..='９');
    let wide = |c: char| matches!(c, '０'..='９');
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    for (k, &c) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| chars.get(p).copied());
        let next = |n: usize| chars.get(k + n).copied();
        let folded = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            // `4．2025年…` is list numbering: only a point among full-width digits is decimal.
            '．' if prev.is_some_and(digit)
                && next(1).is_some_and(digit)
                && (prev.is_some_and(wide) || next(1).is_some_and(wide)) =>
            {
                Some('.')
            }
            '，' if prev.is_some_and(digit)
                && (1..=3).all(|n| next(n).is_some_and(digit))
                && !next(4).is_some_and(digit) =>
            {
                Some(',')
            }
            // `2021－2022` is a range.
            '－' if next(1).is_some_and(digit) && !prev.is_some_and(digit) => Some('-'),
            _ => None,
        };
        match folded {
            Some(f) => {
                out.push(f);
                changed = true;
            }
            None => out.push(c),
        }
    }
    (out, changed)
}

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

/// Lines split at `\r\n`, `\n` or a lone `\r`.
fn split_lines(input: &str) -> impl Iterator<Item = &str> {
    let mut rest = input;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match rest.bytes().position(|b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let line = &rest[..i];
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
                Some(line)
            }
            None => {
                done = true;
                Some(rest)
            }
        }
    })
}

/// Binary data is refused with the line where it shows.
fn check_text(input: &str) -> Result<(), ImportError> {
    let mut line = 1u32;
    let mut controls = 0usize;
    let mut chars = 0usize;
    let mut first_bad_line = 0u32;
    // Line by line: the scan of a line works on bytes (`scan_line`).
    for (k, piece) in input.split('\n').enumerate() {
        if k > 0 {
            chars += 1;
            line = line.saturating_add(1);
        }
        let (n, bad, nul) = scan_line(piece);
        if nul {
            return Err(ImportError {
                line,
                message: "二进制数据（NUL 字节）：这不是预算文件的文本".into(),
            });
        }
        chars += n;
        controls += bad;
        if bad > 0 && first_bad_line == 0 {
            first_bad_line = line;
        }
    }
    if controls > 8 && controls * 100 > chars {
        return Err(ImportError {
            line: first_bad_line,
            message: format!(
                "二进制数据：共 {controls} 个控制字符或无法解码的字符（第一处在本行）；这不是预算文件的文本"
            ),
        });
    }
    Ok(())
}

/// Characters, control or undecodable characters, and whether a NUL is among them.
/// On bytes: controls are U+0000–U+001F, U+007F (one byte) and U+0080–U+009F (C2 80–C2 9F);
/// U+FFFD is EF BF BD.
fn scan_line(piece: &str) -> (usize, usize, bool) {
    let b = piece.as_bytes();
    // Characters: the bytes that do not continue a UTF-8 sequence (10xxxxxx), counted 8 at a time.
    let (mut chars, mut at) = (0usize, 0usize);
    while let Some(chunk) = b.get(at..at + 8) {
        let w = word(chunk);
        chars += 8 - (w & HI & !(w << 1)).count_ones() as usize;
        at += 8;
    }
    chars += b[at.min(b.len())..].iter().filter(|&&c| c & 0xc0 != 0x80).count();
    let (mut bad, mut nul) = (0usize, false);
    // Only bytes that can begin a bad character are looked at closely.
    for i in flagged(b, |w| below(w, 0x20) || has_byte(w, 0x7f) || has_byte(w, 0xc2) || has_byte(w, 0xef)) {
        match b[i] {
            0 => nul = true,
            b'\t' | b'\r' | 0x0c => {}
            0x01..=0x1f | 0x7f => bad += 1,
            0xc2 if b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => bad += 1,
            0xef if b.get(i + 1) == Some(&0xbf) && b.get(i + 2) == Some(&0xbd) => bad += 1,
            _ => {}
        }
    }
    (chars, bad, nul)
}

// Byte scans 8 bytes at a time. A browser runs a long first import in its baseline compiler's
// code, where a loop with a call per byte is what costs: the 50,000-line city spent 40 ms in
// `scan_line` alone. `flagged` hands out only the offsets in words that may hold a byte of interest.
const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

fn word(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]))
}

/// Some byte of `w` is below `n` (n ≤ 128).
fn below(w: u64, n: u8) -> bool {
    w.wrapping_sub(LO * u64::from(n)) & !w & HI != 0
}

/// Some byte of `w` equals `v`.
fn has_byte(w: u64, v: u8) -> bool {
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
fn flagged<P: Fn(u64) -> bool>(b: &[u8], probe: P) -> Flagged<'_, P> {
    Flagged { b, probe, at: 0, end: 0 }
}

struct Flagged<'a, P> {
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

fn clean(s: &str) -> String {
    // Most lines hold none of the characters below: copied once, trimmed as the loop's result is.
    if !needs_cleaning(s.as_bytes()) {
        return s.trim_end().trim_start_matches(' ').to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{3000}' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => out.push(' '),
            // A joiner inside an emoji sequence (👩‍💼) is part of a name; elsewhere it is debris.
            '\u{200d}'
                if out.chars().next_back().is_some_and(|p| pictographic(p) || p == '\u{fe0f}')
                    && chars.peek().is_some_and(|&n| pictographic(n)) =>
            {
                out.push(c)
            }
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    // Leading tabs are empty cells of tab-separated rows: keep them. Trimmed in place.
    out.truncate(out.trim_end().len());
    let lead = out.len() - out.trim_start_matches(' ').len();
    out.drain(..lead);
    out
}

/// Whether `clean` has anything to replace or drop: control bytes, C2 80–C2 A0 (C1 controls,
/// no-break space), E2 80 xx (U+2000–U+203F: the spaces and zero-width characters),
/// E3 80 80 (U+3000), EF BB BF (U+FEFF). A superset: a hit only means the careful path runs.
fn needs_cleaning(b: &[u8]) -> bool {
    let probe = |w| below(w, 0x20) || has_byte(w, 0x7f) || has_byte(w, 0xc2) || has_byte(w, 0xe2) || has_byte(w, 0xe3) || has_byte(w, 0xef);
    let mut offsets = flagged(b, probe);
    offsets.any(|i| match b[i] {
        0x00..=0x08 | 0x0a..=0x1f | 0x7f => true,
        0xc2 => b.get(i + 1).is_some_and(|n| (0x80..=0xa0).contains(n)),
        0xe2 => b.get(i + 1) == Some(&0x80),
        0xe3 => b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80),
        0xef => b.get(i + 1) == Some(&0xbb),
        _ => false,
    })
}

/// Emoji and pictographs (the parts of an emoji ZWJ sequence).
fn pictographic(c: char) -> bool {
    matches!(c, '\u{1f000}'..='\u{1faff}' | '\u{2600}'..='\u{27bf}' | '\u{2b00}'..='\u{2bff}')
}

/// pdfplumber sometimes glues the last line of a page to the first of the next without a form
/// feed: `1,410,886.00208 05 06 机关…`, `…371,514,655.002025年部门收入预算总表`,
/// `…房贴支出。2025年部门财务收支预算总表`. Split where an amount with two decimals runs into a
/// classification code or a table title, or a sentence end runs into a table title.
fn split_glued(line: String, mut push: impl FnMut(String)) {
    let mut rest = line.as_str();
    'outer: loop {
        let bytes = rest.as_bytes();
        // A title holds 表: without one in the rest of the line no title can start in it.
        let may_title = rest.contains('表');
        // Only after an amount's cents (`.` three bytes back) or after 。 (E3 80 82, when a title
        // may follow); these offsets come in increasing order.
        let dots = flagged(bytes, |w| has_byte(w, b'.') || (may_title && has_byte(w, 0x82)));
        let after_mark = dots.filter_map(|p| match bytes[p] {
            b'.' => Some(p + 3),
            0x82 if may_title => Some(p + 1),
            _ => None,
        });
        for i in after_mark {
            if i >= bytes.len() || !rest.is_char_boundary(i) {
                continue;
            }
            let before = &rest[..i];
            let after = &rest[i..];
            let cut = if ends_with_cents(before) {
                starts_with_code_row(after) || (may_title && super::titles::title_of(after).is_some())
            } else {
                may_title && before.ends_with('。') && super::titles::title_of(after).is_some()
            };
            if cut && bytes.get(i).is_some() {
                push(before.to_string());
                rest = after;
                continue 'outer;
            }
        }
        break;
    }
    // The usual line (nothing glued) moves into its `Line` uncopied.
    if rest.len() == line.len() {
        push(line);
    } else {
        push(rest.to_string());
    }
}

/// `…1,410,886.00` (digits, a dot, exactly two digits at the end, a digit before the dot).
fn ends_with_cents(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    n >= 4 && b[n - 1].is_ascii_digit() && b[n - 2].is_ascii_digit() && b[n - 3] == b'.' && b[n - 4].is_ascii_digit()
}

/// `208 05 06 机关…` or `210 卫生健康支出 …`: a 3-digit class code, up to two 2-digit parts, a name.
fn starts_with_code_row(s: &str) -> bool {
    let mut parts = s.split(' ');
    let Some(first) = parts.next() else { return false };
    if first.len() != 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    for (k, p) in parts.enumerate() {
        if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) && k < 2 {
            continue;
        }
        return p.chars().next().is_some_and(is_cjk);
    }
    false
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

/// The amount a cell or token prints, if it is one below `model::AMOUNT_LIMIT` (larger ones are
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

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<(u32, String)> {
        normalize(input).unwrap().into_iter().map(|l| (l.no, l.text)).collect()
    }

    #[test]
    fn keeps_original_line_numbers_across_page_breaks() {
        let t = texts("\u{feff}a\r\nb 1.00\u{c}208 05 06 名 2.00\rc");
        assert_eq!(t, vec![(1, "a".into()), (2, "b 1.00".into()), (2, "208 05 06 名 2.00".into()), (3, "c".into())]);
    }

    #[test]
    fn splits_glued_lines_without_form_feed() {
        let t = texts("x 1,410,886.00208 05 06 机关事业单位职业年金缴费支出 705,443.00\n收入总计 371,514,655.002025年部门收入预算总表\n房贴支出。2025年部门财务收支预算总表");
        let s: Vec<&str> = t.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            s,
            vec![
                "x 1,410,886.00",
                "208 05 06 机关事业单位职业年金缴费支出 705,443.00",
                "收入总计 371,514,655.00",
                "2025年部门收入预算总表",
                "房贴支出。",
                "2025年部门财务收支预算总表"
            ]
        );
        assert!(t.iter().take(2).all(|(n, _)| *n == 1));
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert_eq!(normalize("abc\n\0def").unwrap_err().line, 2);
        assert!(normalize(" \n\t\n").unwrap_err().message.contains("输入为空"));
    }

    #[test]
    fn folds_wide_numbers_only_where_they_are_numbers() {
        let f = |s: &str| fold_wide_numbers(s.to_string());
        assert_eq!(f("１，５０９．５９"), ("1,509.59".into(), true));
        assert_eq!(f("1，509.59"), ("1,509.59".into(), true));
        assert_eq!(f("－１２"), ("-12".into(), true));
        // Numbering, ranges, clause commas and lists stay as printed.
        assert_eq!(f("4．2025年部门预算表"), ("4．2025年部门预算表".into(), false));
        assert_eq!(f("2021－2022年"), ("2021－2022年".into(), false));
        assert_eq!(f("44,350万元，比2021年减少"), ("44,350万元，比2021年减少".into(), false));
        assert_eq!(f("第1，2项"), ("第1，2项".into(), false));
        assert_eq!(f("1，2345"), ("1，2345".into(), false));
    }

    #[test]
    fn byte_scans_agree_with_the_character_rules() {
        let samples = [
            "", "\t208\t行政运行\t1.00", "a\u{0}b", "x\u{85}y\u{7f}", "\u{fffd}\u{fffd}", "©\u{a0}é",
            "  表\u{3000}x\u{2009} ", "\u{200b}名\u{feff}", "\u{1}\u{1f}\u{c}\r", "１２，３４５",
        ];
        // Each sample also at every offset within an 8-byte word, and spanning two words.
        let padded = samples.iter().flat_map(|s| {
            (0..9).map(move |pad| format!("{}{}{s}{}", "名".repeat(pad % 3), "a".repeat(pad), "行政运行".repeat(pad % 2)))
        });
        for s in padded.collect::<Vec<_>>().iter().map(String::as_str).chain(samples) {
            let chars = s.chars().count();
            let bad = s.chars().filter(|&c| !matches!(c, '\t' | '\r' | '\u{c}' | '\0') && (c.is_control() || c == '\u{fffd}')).count();
            let (n, b, nul) = scan_line(s);
            assert_eq!(nul, s.contains('\0'), "{s:?}");
            if !nul {
                assert_eq!((n, b), (chars, bad), "{s:?}");
            }
            let careful = s.chars().any(|c| {
                matches!(c, '\u{3000}' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{200b}'..='\u{200d}' | '\u{feff}')
                    || (c.is_control() && c != '\t')
            });
            assert!(needs_cleaning(s.as_bytes()) || !careful, "{s:?}");
            assert_eq!(tab_cells(s).collect::<Vec<_>>(), s.split('\t').map(str::trim).collect::<Vec<_>>(), "{s:?}");
        }
        for (text, pat) in [("部门名称：区财政局", "部门"), ("编制单位", "单位"), ("单", "单位"), ("", "部门"), ("abc", ""), ("x部门", "部门"), ("12345678单位", "单位"), ("1234567单", "单位")] {
            assert_eq!(contains_str(text, pat), text.contains(pat), "{text:?} {pat:?}");
        }
        for s in ["", " ", "a", " 名 ", "名\u{3000}", "\u{a0}1", "1\u{85}", "）", "“表”", "名\u{2028}", "\u{1680}x", "😀"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn keeps_emoji_joiners_and_drops_stray_ones() {
        assert_eq!(clean("👩\u{200d}💼 人\u{200d}才"), "👩\u{200d}💼 人才");
    }

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
    fn decodes_utf16_and_names_the_first_bad_byte() {
        let mut le = vec![0xff, 0xfe];
        le.extend("收支\n总表".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap(), "收支\n总表");
        let mut be = vec![0xfe, 0xff];
        be.extend("预算".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap(), "预算");
        let e = decode(b"ok\nstill ok\n\xb2\xbb").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.starts_with("不是 UTF-8 文本：字节偏移 12 处的 0xB2"), "{e}");
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
