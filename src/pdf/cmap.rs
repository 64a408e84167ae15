//! CMaps (ISO 32000-1 §9.7.5, §9.10.3; Adobe TN 5014 and 5411): how a string's bytes split into
//! character codes (code space ranges of 1–4 bytes), and what each code means — Unicode text for
//! a `/ToUnicode` CMap (bfchar, bfrange with a string or an array, UTF-16BE values with surrogate
//! pairs and ligatures of several characters), CIDs for an embedded encoding CMap (cidchar,
//! cidrange). The predefined CMaps a font can name instead of embedding one are known by their
//! code spaces; for the Unicode ones (`Uni…-UCS2-H`, `-UTF16-`, `-UTF8-`, `-UTF32-`) the codes are
//! the text itself, which is how 107.pdf's UniGB-UCS2-H fonts are read without any table.

use super::encoding::{glyph_text, Uni};
use super::lexer::{Lexer, Token};
use super::limits::{MAX_CMAP_ENTRIES, MAX_CODE_TEXT_CHARS};
use std::collections::HashMap;

/// Byte-length-specific code space ranges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeSpace {
    ranges: Vec<(usize, [u8; 4], [u8; 4])>,
}

impl CodeSpace {
    pub fn fixed(len: usize) -> CodeSpace {
        let mut c = CodeSpace::default();
        c.add(&[0; 4][..len.clamp(1, 4)], &[0xff; 4][..len.clamp(1, 4)]);
        c
    }

    pub fn add(&mut self, lo: &[u8], hi: &[u8]) {
        if lo.len() != hi.len() || lo.is_empty() || lo.len() > 4 {
            return;
        }
        let mut l = [0u8; 4];
        let mut h = [0u8; 4];
        l[..lo.len()].copy_from_slice(lo);
        h[..hi.len()].copy_from_slice(hi);
        self.ranges.push((lo.len(), l, h));
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The code at the start of `s` and its length in bytes (at least 1 when `s` is not empty).
    /// Bytes that match no range are taken in the shortest range's length, so a damaged string
    /// stays aligned as well as it can.
    pub fn next_code(&self, s: &[u8]) -> (u32, usize) {
        for len in 1..=4 {
            let Some(bytes) = s.get(..len) else { break };
            let hit = self
                .ranges
                .iter()
                .any(|(l, lo, hi)| *l == len && bytes.iter().enumerate().all(|(i, b)| (lo[i]..=hi[i]).contains(b)));
            if hit {
                return (be(bytes), len);
            }
        }
        let len = self.ranges.iter().map(|r| r.0).min().unwrap_or(1).min(s.len()).max(1);
        (be(s.get(..len).unwrap_or(s)), len.min(s.len().max(1)))
    }
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |a, &b| a << 8 | u32::from(b))
}

#[derive(Debug, Clone, PartialEq)]
enum Dest {
    /// The first code's text; each next code adds one to its last character.
    Base(Vec<char>),
    /// One text per code.
    List(Vec<Option<Uni>>),
}

/// A parsed CMap: its code space, and either Unicode mappings (ToUnicode) or CID mappings
/// (an embedded encoding), or both.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CMap {
    pub codespace: CodeSpace,
    chars: HashMap<u32, Uni>,
    ranges: Vec<(u32, u32, Dest)>,
    cid_chars: HashMap<u32, u32>,
    cid_ranges: Vec<(u32, u32, u32)>,
    /// `/Name usecmap`: the predefined CMap this one extends.
    pub usecmap: Option<Vec<u8>>,
    pub vertical: bool,
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut m = CMap::default();
        let mut lex = Lexer::new(data);
        let mut last_name: Option<Vec<u8>> = None;
        let mut entries = 0usize;
        while let Some(tok) = lex.next_token() {
            match tok {
                Token::Keyword(b"begincodespacerange") => {
                    while let Some(lo) = section_str(&mut lex, b"endcodespacerange") {
                        let Some(hi) = section_str(&mut lex, b"endcodespacerange") else { break };
                        m.codespace.add(&lo, &hi);
                    }
                }
                Token::Keyword(b"beginbfchar") => {
                    while let Some(src) = section_str(&mut lex, b"endbfchar") {
                        let Some(dst) = lex.next_token() else { break };
                        entries += 1;
                        if entries > MAX_CMAP_ENTRIES {
                            break;
                        }
                        let text = match dst {
                            Token::Str(s) => utf16_text(&s),
                            Token::Name(n) => glyph_text(&n),
                            Token::Keyword(b"endbfchar") => break,
                            _ => None,
                        };
                        if let (Some(t), Some(code)) = (text, code_of(&src)) {
                            m.chars.insert(code, t);
                        }
                    }
                }
                Token::Keyword(b"beginbfrange") => {
                    while let Some(lo) = section_str(&mut lex, b"endbfrange") {
                        let Some(hi) = section_str(&mut lex, b"endbfrange") else { break };
                        let dest = match lex.next_token() {
                            Some(Token::Str(s)) => {
                                let chars: Vec<char> =
                                    String::from_utf16_lossy(&units(&s)).chars().take(MAX_CODE_TEXT_CHARS).collect();
                                Dest::Base(chars)
                            }
                            Some(Token::ArrayOpen) => {
                                let mut list = Vec::new();
                                while let Some(t) = lex.next_token() {
                                    match t {
                                        Token::Str(s) => list.push(utf16_text(&s)),
                                        Token::Name(n) => list.push(glyph_text(&n)),
                                        _ => break,
                                    }
                                    if list.len() > MAX_CMAP_ENTRIES {
                                        break;
                                    }
                                }
                                Dest::List(list)
                            }
                            _ => break,
                        };
                        entries += 1;
                        if entries > MAX_CMAP_ENTRIES {
                            break;
                        }
                        if let (Some(lo), Some(hi)) = (code_of(&lo), code_of(&hi)) {
                            if lo <= hi {
                                m.ranges.push((lo, hi, dest));
                            }
                        }
                    }
                }
                Token::Keyword(b"begincidrange") => {
                    while let Some(lo) = section_str(&mut lex, b"endcidrange") {
                        let Some(hi) = section_str(&mut lex, b"endcidrange") else { break };
                        let Some(Token::Int(cid)) = lex.next_token() else { break };
                        entries += 1;
                        if entries > MAX_CMAP_ENTRIES {
                            break;
                        }
                        if let (Some(lo), Some(hi), Ok(cid)) = (code_of(&lo), code_of(&hi), u32::try_from(cid)) {
                            if lo <= hi {
                                m.cid_ranges.push((lo, hi, cid));
                            }
                        }
                    }
                }
                Token::Keyword(b"begincidchar") => {
                    while let Some(src) = section_str(&mut lex, b"endcidchar") {
                        let Some(Token::Int(cid)) = lex.next_token() else { break };
                        entries += 1;
                        if entries > MAX_CMAP_ENTRIES {
                            break;
                        }
                        if let (Some(code), Ok(cid)) = (code_of(&src), u32::try_from(cid)) {
                            m.cid_chars.insert(code, cid);
                        }
                    }
                }
                Token::Keyword(b"usecmap") => m.usecmap = last_name.take(),
                Token::Name(n) => {
                    if n == b"WMode" {
                        if let Some(Token::Int(1)) = lex.next_token() {
                            m.vertical = true;
                        }
                    }
                    last_name = Some(n);
                }
                _ => {}
            }
            if entries > MAX_CMAP_ENTRIES {
                break;
            }
        }
        // Sorted, so a lookup is a binary search; with overlaps the later range is found first.
        m.ranges.sort_by_key(|r| r.0);
        m.cid_ranges.sort_by_key(|r| r.0);
        m
    }

    pub fn has_unicode(&self) -> bool {
        !self.chars.is_empty() || !self.ranges.is_empty()
    }

    pub fn has_cids(&self) -> bool {
        !self.cid_chars.is_empty() || !self.cid_ranges.is_empty()
    }

    /// Appends the text of `code` to `out`; false when the CMap does not map it.
    pub fn unicode(&self, code: u32, out: &mut String) -> bool {
        if let Some(u) = self.chars.get(&code) {
            push_uni(u, out);
            return true;
        }
        let i = self.ranges.partition_point(|r| r.0 <= code);
        // Ranges rarely overlap; look back over the few that start at or before the code.
        for (lo, hi, dest) in self.ranges[..i].iter().rev().take(8) {
            if code > *hi {
                continue;
            }
            let off = code - lo;
            match dest {
                Dest::Base(chars) => {
                    let Some((last, head)) = chars.split_last() else { return false };
                    let Some(c) = u32::from(*last).checked_add(off).and_then(char::from_u32) else { return false };
                    out.extend(head.iter());
                    out.push(c);
                    return true;
                }
                Dest::List(list) => {
                    return match list.get(off as usize) {
                        Some(Some(u)) => {
                            push_uni(u, out);
                            true
                        }
                        _ => false,
                    };
                }
            }
        }
        false
    }

    /// The CID of `code` in an encoding CMap.
    pub fn cid(&self, code: u32) -> Option<u32> {
        if let Some(c) = self.cid_chars.get(&code) {
            return Some(*c);
        }
        let i = self.cid_ranges.partition_point(|r| r.0 <= code);
        self.cid_ranges[..i].iter().rev().take(8).find(|r| code <= r.1).and_then(|r| r.2.checked_add(code - r.0))
    }
}

fn push_uni(u: &Uni, out: &mut String) {
    match u {
        Uni::One(c) => out.push(*c),
        Uni::Many(s) => out.push_str(s),
    }
}

/// The next hex string of a section, or `None` at the section's end keyword (or junk, or the end).
fn section_str(lex: &mut Lexer<'_>, end: &[u8]) -> Option<Vec<u8>> {
    loop {
        match lex.next_token()? {
            Token::Str(s) => return Some(s),
            Token::Keyword(k) if k == end => return None,
            // Another section's keyword: this one was never closed.
            Token::Keyword(k) if k.starts_with(b"begin") || k.starts_with(b"end") => return None,
            _ => {}
        }
    }
}

fn code_of(bytes: &[u8]) -> Option<u32> {
    (!bytes.is_empty() && bytes.len() <= 4).then(|| be(bytes))
}

fn units(s: &[u8]) -> Vec<u16> {
    if s.len() == 1 {
        // A one-byte destination: a producer's shorthand for U+00XX.
        return vec![u16::from(s[0])];
    }
    s.chunks(2).map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)])).collect()
}

/// UTF-16BE text of a destination string (surrogate pairs joined; lone surrogates dropped).
pub fn utf16_text(s: &[u8]) -> Option<Uni> {
    let text: String = char::decode_utf16(units(s)).filter_map(Result::ok).take(MAX_CODE_TEXT_CHARS).collect();
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (None, _) => None,
        (Some(c), None) => Some(Uni::One(c)),
        _ => Some(Uni::Many(text.into_boxed_str())),
    }
}

/// What a predefined CMap named by a font's `/Encoding` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predefined {
    /// Identity-H / Identity-V: two-byte codes that are CIDs.
    Identity,
    /// Codes are UCS-2 / UTF-16BE text.
    Utf16,
    /// Codes are UTF-8 text.
    Utf8,
    /// Codes are UTF-32BE text.
    Utf32,
    /// A legacy CJK encoding (GBK, Big5, Shift-JIS, EUC …): its code space is known, its text
    /// needs the font's ToUnicode.
    Legacy,
}

/// The meaning and code space of a predefined CMap, and whether it writes vertically.
pub fn predefined(name: &[u8]) -> Option<(Predefined, CodeSpace, bool)> {
    let n = std::str::from_utf8(name).ok()?;
    let vertical = n.ends_with("-V");
    let mut cs = CodeSpace::default();
    let kind = if n == "Identity-H" || n == "Identity-V" {
        cs.add(&[0, 0], &[0xff, 0xff]);
        Predefined::Identity
    } else if n.starts_with("Uni") && (n.contains("-UCS2-") || n.contains("-UTF16-")) {
        cs.add(&[0, 0], &[0xd7, 0xff]);
        cs.add(&[0xe0, 0], &[0xff, 0xff]);
        cs.add(&[0xd8, 0, 0xdc, 0], &[0xdb, 0xff, 0xdf, 0xff]);
        if n.contains("-UCS2-") {
            // UCS-2 has no surrogates: every two bytes are one code.
            cs = CodeSpace::fixed(2);
        }
        Predefined::Utf16
    } else if n.starts_with("Uni") && n.contains("-UTF8-") {
        cs.add(&[0], &[0x7f]);
        cs.add(&[0xc0, 0x80], &[0xdf, 0xbf]);
        cs.add(&[0xe0, 0x80, 0x80], &[0xef, 0xbf, 0xbf]);
        cs.add(&[0xf0, 0x80, 0x80, 0x80], &[0xf7, 0xbf, 0xbf, 0xbf]);
        Predefined::Utf8
    } else if n.starts_with("Uni") && n.contains("-UTF32-") {
        cs = CodeSpace::fixed(4);
        Predefined::Utf32
    } else if n == "H" || n == "V" || KNOWN_LEGACY.iter().any(|p| n.starts_with(p)) {
        // The Adobe CJK encodings (GB, GBK, Big5, Shift-JIS, EUC-KR, UHC …): one byte below 0x81,
        // two bytes from a lead byte of 0x81 up. Shift-JIS's one-byte katakana (A0–DF) too.
        if n.contains("RKSJ") {
            cs.add(&[0], &[0x80]);
            cs.add(&[0xa0], &[0xdf]);
            cs.add(&[0x81, 0x40], &[0x9f, 0xfc]);
            cs.add(&[0xe0, 0x40], &[0xfc, 0xfc]);
        } else if n == "H" || n == "V" {
            cs.add(&[0x21, 0x21], &[0x7e, 0x7e]);
        } else {
            cs.add(&[0], &[0x80]);
            cs.add(&[0x81, 0x40], &[0xfe, 0xfe]);
            if n.starts_with("GBK2K") {
                cs.add(&[0x81, 0x30, 0x81, 0x30], &[0xfe, 0x39, 0xfe, 0x39]);
            }
        }
        Predefined::Legacy
    } else {
        return None;
    };
    Some((kind, cs, vertical))
}

const KNOWN_LEGACY: &[&str] = &[
    "GB-", "GBpc-", "GBK-", "GBKp-", "GBK2K-", "GBT-", "GBTpc-", "B5", "ETen", "ETHK", "HKscs", "HKdla", "HKdlb",
    "HKgccs", "HKm", "CNS", "90ms", "90msp", "90pv", "83pv", "Add-", "EUC-", "Ext-", "KSC", "KSCms", "KSCpc",
];

/// Decodes a code of a Unicode predefined CMap to text.
pub fn unicode_code(kind: Predefined, code: u32, len: usize, out: &mut String) -> bool {
    let c = match kind {
        Predefined::Utf16 if len == 4 => {
            let (hi, lo) = ((code >> 16) as u16, code as u16);
            char::decode_utf16([hi, lo]).next().and_then(Result::ok)
        }
        Predefined::Utf16 | Predefined::Utf32 => char::from_u32(code),
        Predefined::Utf8 => {
            let bytes = code.to_be_bytes();
            let s = bytes.get(4 - len.min(4)..).unwrap_or(&[]);
            std::str::from_utf8(s).ok().and_then(|s| s.chars().next())
        }
        Predefined::Identity | Predefined::Legacy => None,
    };
    match c {
        Some(c) => {
            out.push(c);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(m: &CMap, code: u32) -> Option<String> {
        let mut s = String::new();
        m.unicode(code, &mut s).then_some(s)
    }

    const TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0003> <0020> <1047> <9884> <0fa2> <D83DDE00> endbfchar
2 beginbfrange <0013> <001C> <0030> <2000> <2002> [<0066006C> <4E00> <4E8C>] endbfrange
1 beginbfrange <00FE> <0101> <00FE> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_bfrange_arrays_surrogates_and_ligatures() {
        let m = CMap::parse(TO_UNICODE.as_bytes());
        assert_eq!(text(&m, 0x0003).as_deref(), Some(" "));
        assert_eq!(text(&m, 0x1047).as_deref(), Some("预"));
        assert_eq!(text(&m, 0x0fa2).as_deref(), Some("😀"));
        assert_eq!(text(&m, 0x0013).as_deref(), Some("0"));
        assert_eq!(text(&m, 0x001C).as_deref(), Some("9"));
        assert_eq!(text(&m, 0x2000).as_deref(), Some("fl"));
        assert_eq!(text(&m, 0x2002).as_deref(), Some("二"));
        // A range crossing the last byte's boundary counts on, as viewers do.
        assert_eq!(text(&m, 0x0101).as_deref(), Some("ā"));
        assert_eq!(text(&m, 0x001D), None);
        assert_eq!(m.codespace.next_code(&[0x10, 0x47, 0x00]), (0x1047, 2));
    }

    #[test]
    fn mixed_code_lengths() {
        let m = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange");
        assert_eq!(m.codespace.next_code(&[0x41, 0xb0, 0xa1]), (0x41, 1));
        assert_eq!(m.codespace.next_code(&[0xb0, 0xa1]), (0xb0a1, 2));
        // A lead byte cut off at the end: one byte, so the caller moves on.
        assert_eq!(m.codespace.next_code(&[0xb0]), (0xb0, 1));
    }

    #[test]
    fn cid_mappings_and_usecmap() {
        let m = CMap::parse(b"/UniGB-UCS2-H usecmap 1 begincidrange <0020> <007e> 1 endcidrange 1 begincidchar <4e00> 500 endcidchar /WMode 1 def");
        assert_eq!(m.usecmap.as_deref(), Some(&b"UniGB-UCS2-H"[..]));
        assert_eq!(m.cid(0x41), Some(34));
        assert_eq!(m.cid(0x4e00), Some(500));
        assert_eq!(m.cid(0x7f), None);
        assert!(m.vertical);
    }

    #[test]
    fn a_code_stands_for_a_bounded_text() {
        let long = format!("1 beginbfchar <01> <{}> endbfchar", "0041".repeat(10_000));
        let m = CMap::parse(long.as_bytes());
        assert_eq!(text(&m, 1).map(|t| t.len()), Some(MAX_CODE_TEXT_CHARS));
    }

    #[test]
    fn unterminated_and_junk_sections_end() {
        let m = CMap::parse(b"1 beginbfchar <01> <0041> <02> 5 beginbfrange <03> <05> <0061> endbfrange");
        assert_eq!(text(&m, 1).as_deref(), Some("A"));
        let m = CMap::parse(b"beginbfrange <01> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(text(&m, 2).as_deref(), Some("B"));
        assert_eq!(text(&m, 0xFFFF_FFFF), None);
    }

    #[test]
    fn predefined_unicode_cmaps() {
        let (kind, cs, v) = predefined(b"UniGB-UCS2-H").unwrap_or((Predefined::Legacy, CodeSpace::default(), true));
        assert_eq!((kind, v), (Predefined::Utf16, false));
        assert_eq!(cs.next_code(&[0x4e, 0x2d]), (0x4e2d, 2));
        let mut s = String::new();
        assert!(unicode_code(kind, 0x4e2d, 2, &mut s));
        let (kind, cs, _) = predefined(b"UniGB-UTF16-V").unwrap_or((Predefined::Legacy, CodeSpace::default(), false));
        assert_eq!(cs.next_code(&[0xd8, 0x3d, 0xde, 0x00]), (0xd83dde00, 4));
        assert!(unicode_code(kind, 0xd83dde00, 4, &mut s));
        assert_eq!(s, "中😀");
        assert!(matches!(predefined(b"GBK-EUC-H"), Some((Predefined::Legacy, _, false))));
        assert!(predefined(b"WinAnsiEncoding").is_none());
    }
}
