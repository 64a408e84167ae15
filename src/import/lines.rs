//! The input as numbered lines: bytes decoded (UTF-8, UTF-16 with a BOM), binary refused, each
//! line cleaned (odd spaces, zero-width and control characters, full-width digits) and lines that
//! PDF extraction glued together split apart. Every line keeps its 1-based number in the input.

use super::text::{flagged, has_byte, below, word, is_cjk, HI};
use super::titles::title_of;
use super::ImportError;

/// How the refusal of an input without any text begins.
pub(crate) const EMPTY: &str = "输入为空";

/// Larger input is refused: a published budget is a few hundred KiB of text.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// One normalized line: `no` is its 1-based line in the original input. Page breaks and glued
/// lines are split into several `Line`s that share the original number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub no: u32,
    pub text: String,
    /// Spaces trimmed from the start: where the text stands in a line laid out by position
    /// (`pdftotext -layout`), for reading its table by columns.
    pub indent: u32,
    /// The page (0 before the first form feed): a layout places each page's columns anew.
    pub page: u32,
    /// Where each cell of the text (its parts two spaces apart) starts and ends, when the line
    /// comes from a PDF and so has true positions (`pdf_lines`); `None` for text.
    pub spans: Option<Vec<(f32, f32)>>,
    /// Where the line stands down its page (its baseline, in the units of `spans`), when it comes
    /// from a PDF: a name's wrapped part goes with the row it stands nearest.
    pub y: Option<f32>,
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
        if body.len() % 2 == 1 {
            return Err(ImportError {
                line: 0,
                message: format!(
                    "UTF-16 文本（以 UTF-16 的 BOM 开头）有 {} 个字节，不是偶数：文件不完整，或者并非 UTF-16",
                    input.len()
                ),
            });
        }
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
        return Err(ImportError { line: 0, message: format!("{EMPTY}：没有可导入的文本") });
    }
    check_text(input)?;
    let mut out = Vec::with_capacity(input.bytes().filter(|&b| b == b'\n').count() + 1);
    let mut folded = Vec::new();
    let mut no: u32 = 0;
    let mut page: u32 = 0;
    for raw in split_lines(input) {
        no = no.saturating_add(1);
        // A form feed is a page break; pdfplumber glues the next page's first line to it.
        for (k, page_part) in raw.split('\u{c}').enumerate() {
            if k > 0 {
                page = page.saturating_add(1);
            }
            let (cleaned, indent) = clean(page_part);
            let (cleaned, wide) = fold_wide_numbers(cleaned);
            if wide && folded.last() != Some(&no) {
                folded.push(no);
            }
            // A piece split off a glued line has no known position.
            let mut indent = Some(indent);
            split_glued(cleaned, |piece| out.push(Line { no, text: piece, indent: indent.take().unwrap_or(0), page, spans: None, y: None }));
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

/// The line cleaned and trimmed, with the number of spaces trimmed from its start.
fn clean(s: &str) -> (String, u32) {
    // Most lines hold none of the characters below: copied once, trimmed as the loop's result is.
    if !needs_cleaning(s.as_bytes()) {
        let t = s.trim_end().trim_start_matches(' ');
        let indent = (s.len() - s.trim_start_matches(' ').len()) as u32;
        return (t.to_string(), if t.is_empty() { 0 } else { indent });
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
    (out, lead as u32)
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
                starts_with_code_row(after) || (may_title && title_of(after).is_some())
            } else {
                may_title && before.ends_with('。') && title_of(after).is_some()
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


#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::{contains_str, tab_cells, trim};

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
    fn keeps_emoji_joiners_and_drops_stray_ones() {
        assert_eq!(clean("👩\u{200d}💼 人\u{200d}才").0, "👩\u{200d}💼 人才");
        assert_eq!(clean("   \u{3000}名  1.00 "), ("名  1.00".to_string(), 4));
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
}
