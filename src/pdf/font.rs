//! Fonts as the text reader needs them (ISO 32000-1 §9.5–9.10): how a shown string splits into
//! codes, each code's advance width, and its Unicode text.
//!
//! Text comes from `/ToUnicode` first. Without it: a simple font's encoding (a base encoding and
//! `/Differences` glyph names); a Type0 font whose predefined CMap is a Unicode one (the codes are
//! the text). What is left — an Identity or legacy-CJK font without ToUnicode — cannot be read
//! without the Adobe character collections' tables (hundreds of KB for Adobe-GB1); no corpus file
//! needs them, so such glyphs are counted and reported, never guessed.
//!
//! Widths: `/Widths` + `/FirstChar` (then `/MissingWidth`, then the standard 14 fonts' metrics)
//! for simple fonts, `/W` + `/DW` for CID fonts; Type3 widths go through `/FontMatrix`.

use super::cmap::{self, CMap, CodeSpace, Predefined};
use super::encoding::Uni;
use super::encoding::{self, Base};
use super::metrics;
use super::object::{Dict, Object};
use super::radicals;
use super::store::Store;

pub struct Font {
    /// `/BaseFont`, for messages.
    pub name: String,
    codes: Codes,
    to_unicode: Option<ToUnicode>,
    /// Vertical writing (a `-V` CMap): glyphs advance downwards.
    pub vertical: bool,
    /// Glyph space units → text space (1/1000, or a Type3 font's matrix).
    scale: f32,
    /// The em in units of the font size (1, or a Type3 font's box through its matrix): the
    /// size as drawn.
    pub em: f32,
}

enum ToUnicode {
    Map(CMap),
    /// `/ToUnicode /Identity-H`, which some producers write: the codes are UCS-2.
    Identity,
}

enum Codes {
    Simple {
        /// Text of each code from the encoding (`None`: the encoding does not say).
        text: Vec<Option<Uni>>,
        first: u32,
        widths: Vec<f32>,
        missing: f32,
        base_font: Vec<u8>,
        has_widths: bool,
    },
    Composite {
        codespace: CodeSpace,
        cids: Cids,
        unicode: Option<Predefined>,
        widths: Vec<(u32, u32, f32)>,
        dw: f32,
        /// The `/Encoding` CMap's name (or `embedded`), for messages.
        encoding: String,
    },
}

enum Cids {
    Identity,
    Map(CMap),
    /// A Unicode predefined CMap: CIDs are not known without Adobe's tables; printable ASCII is
    /// placed at CIDs 1–95, where every Adobe character collection puts it.
    UnicodeAscii,
    Unknown,
}

/// One decoded code.
pub struct Code {
    pub len: usize,
    /// Advance in text space per unit of font size (glyph width / 1000 for most fonts).
    pub width: f32,
    /// Single-byte code 32: word spacing applies (ISO 32000-1 §9.3.3).
    pub word_space: bool,
    /// The code has Unicode text (which was appended to the caller's buffer).
    pub decoded: bool,
}

impl Font {
    pub fn load(store: &Store<'_>, d: &Dict) -> Font {
        let subtype = d.name(b"Subtype").unwrap_or(b"");
        let name = match &*store.get_in(d, b"BaseFont") {
            Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
            _ => String::from_utf8_lossy(d.name(b"Name").unwrap_or(b"?")).into_owned(),
        };
        let to_unicode = match &*store.get_in(d, b"ToUnicode") {
            Object::Stream(s) => {
                store.decode(s).ok().map(|data| CMap::parse(&data)).filter(CMap::has_unicode).map(ToUnicode::Map)
            }
            Object::Name(n) if n.starts_with(b"Identity") => Some(ToUnicode::Identity),
            _ => None,
        };
        if subtype == b"Type0" {
            return composite(store, d, name, to_unicode);
        }
        simple(store, d, subtype, name, to_unicode)
    }

    /// Decodes the code at the start of `s` (which must not be empty), appending its text to `out`.
    pub fn next(&self, s: &[u8], out: &mut String) -> Code {
        let start = out.len();
        let (code, len, width, decoded) = match &self.codes {
            Codes::Simple { text, first, widths, missing, base_font, has_widths } => {
                let c = u32::from(s.first().copied().unwrap_or(0));
                let mut decoded = self.to_unicode_text(c, 1, out);
                if !decoded {
                    if let Some(Some(u)) = text.get(c as usize) {
                        push(u, out);
                        decoded = true;
                    }
                }
                let w = c.checked_sub(*first).and_then(|i| widths.get(i as usize)).copied();
                let w = match w {
                    Some(w) => w,
                    None if !has_widths => {
                        let ch = out[start..].chars().next().unwrap_or(' ');
                        metrics::standard_width(base_font, ch).unwrap_or(*missing)
                    }
                    None => *missing,
                };
                (c, 1, w, decoded)
            }
            Codes::Composite { codespace, cids, unicode, widths, dw, .. } => {
                let (code, len) = codespace.next_code(s);
                let mut decoded = self.to_unicode_text(code, len, out);
                if !decoded {
                    if let Some(kind) = unicode {
                        decoded = cmap::unicode_code(*kind, code, len, out);
                    }
                }
                let cid = match cids {
                    Cids::Identity => Some(code),
                    Cids::Map(m) => m.cid(code),
                    Cids::UnicodeAscii => (0x20..0x7f).contains(&code).then(|| code - 31),
                    Cids::Unknown => None,
                };
                let w = cid.and_then(|c| cid_width(widths, c)).unwrap_or(*dw);
                (code, len, w, decoded)
            }
        };
        // Control characters (a ToUnicode mapping to U+0000 …) are no text; radicals standing
        // for ideographs become the ideographs.
        let added = out.get(start..).unwrap_or("");
        if added.chars().any(char::is_control) || radicals::needs_fold(added) {
            let clean: String = added.chars().filter(|c| !c.is_control()).map(radicals::fold).collect();
            out.truncate(start);
            out.push_str(&clean);
        }
        Code { len: len.max(1), width: width * self.scale, word_space: len == 1 && code == 32, decoded }
    }

    fn to_unicode_text(&self, code: u32, len: usize, out: &mut String) -> bool {
        match &self.to_unicode {
            Some(ToUnicode::Map(m)) => m.unicode(code, out),
            Some(ToUnicode::Identity) => cmap::unicode_code(Predefined::Utf16, code, len, out),
            None => false,
        }
    }

    /// Why a code had no text, in words for the reader of the warning.
    pub fn why_undecodable(&self) -> String {
        match &self.codes {
            Codes::Composite { unicode: None, encoding, .. } if self.to_unicode.is_none() => {
                match cmap::predefined(encoding.as_bytes()) {
                    // GBK, Big5 …: the codes are text in a legacy encoding whose table (about 100 KB
                    // for GBK) this reader does not carry; no corpus file needs it.
                    Some((Predefined::Legacy, ..)) => format!(
                        "字体用 {encoding} 编码却没有 ToUnicode 映射：yusuan 不带这种编码的码表，无法换成文字"
                    ),
                    _ => "没有 ToUnicode 映射，字符编码是字体内部的字形编号（CID），无法换成文字".to_string(),
                }
            }
            _ => "部分字符编码在 ToUnicode 和字体编码中都找不到".to_string(),
        }
    }
}

fn push(u: &Uni, out: &mut String) {
    match u {
        Uni::One(c) => out.push(*c),
        Uni::Many(s) => out.push_str(s),
    }
}

fn cid_width(widths: &[(u32, u32, f32)], cid: u32) -> Option<f32> {
    let i = widths.partition_point(|r| r.0 <= cid);
    widths[..i].iter().rev().take(4).find(|r| cid <= r.1).map(|r| r.2)
}

fn num(o: &Object) -> Option<f32> {
    o.as_f64().map(|v| v as f32)
}

fn simple(store: &Store<'_>, d: &Dict, subtype: &[u8], name: String, to_unicode: Option<ToUnicode>) -> Font {
    // Type3 glyphs are drawn in their own space, scaled by /FontMatrix (its a for widths). Their
    // em is whatever the glyph procedures draw: the /FontBBox height through the matrix says it
    // (1 for a 1000-unit design, about 0.7 for pdfTeX's bitmap fonts); without a sane box, 1.
    let (scale, em) = if subtype == b"Type3" {
        let nums = |key: &[u8]| -> Vec<f64> {
            let o = store.get_in(d, key);
            o.as_array().map(|a| a.iter().filter_map(|x| store.resolve(x).as_f64()).collect()).unwrap_or_default()
        };
        let (m, bbox) = (nums(b"FontMatrix"), nums(b"FontBBox"));
        let scale = m.first().copied().filter(|v| *v != 0.0).map_or(0.001, |v| v as f32);
        let em = match (m.get(3), bbox.get(1), bbox.get(3)) {
            (Some(dm), Some(y0), Some(y1)) => ((y1 - y0) * dm).abs(),
            _ => 1.0,
        };
        (scale, if (0.1..=10.0).contains(&em) { em as f32 } else { 1.0 })
    } else {
        (0.001, 1.0)
    };
    let descriptor = store.dict_in(d, b"FontDescriptor").unwrap_or_default();
    let missing = store.get_in(&descriptor, b"MissingWidth").as_f64().map_or(0.0, |v| v as f32);
    let first = store.get_in(d, b"FirstChar").as_int().and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
    let widths_obj = store.get_in(d, b"Widths");
    let widths: Vec<f32> = widths_obj
        .as_array()
        .map(|a| a.iter().take(256).map(|o| num(&store.resolve(o)).unwrap_or(missing)).collect())
        .unwrap_or_default();
    let has_widths = !widths.is_empty();
    // With no width at all for a font that is not a standard one, half an em is the least wrong.
    let missing = if missing == 0.0 && !has_widths { 500.0 } else { missing };

    let enc = store.get_in(d, b"Encoding");
    let (base, differences) = match &*enc {
        Object::Name(n) => (Base::from_name(n), None),
        Object::Dict(e) => (
            store.get_in(e, b"BaseEncoding").as_name().and_then(Base::from_name),
            store.get_in(e, b"Differences").as_array().map(<[Object]>::to_vec),
        ),
        _ => (None, None),
    };
    // No base encoding named: StandardEncoding (the spec's default for Latin fonts); for
    // TrueType fonts viewers use WinAnsi, which agrees with it on digits and letters.
    let base = base.unwrap_or(if subtype == b"TrueType" { Base::WinAnsi } else { Base::Standard });
    let table = base.table();
    let mut text: Vec<Option<Uni>> =
        table.iter().map(|&u| if u == 0 { None } else { char::from_u32(u32::from(u)).map(Uni::One) }).collect();
    if let Some(diffs) = differences {
        let mut code: usize = 0;
        for o in &diffs {
            match o {
                Object::Int(c) => code = usize::try_from(*c).unwrap_or(usize::MAX),
                Object::Name(n) => {
                    if let Some(slot) = text.get_mut(code) {
                        *slot = encoding::glyph_text(n).or_else(|| encoding::numbered_name(n).map(Uni::One));
                    }
                    code = code.saturating_add(1);
                }
                _ => {}
            }
        }
    }
    Font {
        name,
        codes: Codes::Simple {
            text,
            first,
            widths,
            missing,
            base_font: d.name(b"BaseFont").unwrap_or(b"").to_vec(),
            has_widths,
        },
        to_unicode,
        vertical: false,
        scale,
        em,
    }
}

fn composite(store: &Store<'_>, d: &Dict, name: String, to_unicode: Option<ToUnicode>) -> Font {
    let descendant = match &*store.get_in(d, b"DescendantFonts") {
        Object::Array(a) => a.first().and_then(|o| store.resolve(o).as_dict().cloned()),
        Object::Dict(x) => Some(x.clone()),
        _ => None,
    }
    .unwrap_or_default();
    let ordering_is_adobe = {
        let info = store.dict_in(&descendant, b"CIDSystemInfo").unwrap_or_default();
        store.get_in(&info, b"Registry").as_str().is_some_and(|r| r == b"Adobe")
    };
    let enc = store.get_in(d, b"Encoding");
    let encoding = match &*enc {
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        _ => "embedded".to_string(),
    };
    let (codespace, cids, unicode, vertical) = match &*enc {
        Object::Name(n) => match cmap::predefined(n) {
            Some((Predefined::Identity, cs, v)) => (cs, Cids::Identity, None, v),
            Some((Predefined::Legacy, cs, v)) => (cs, Cids::Unknown, None, v),
            Some((kind, cs, v)) => {
                (cs, if ordering_is_adobe { Cids::UnicodeAscii } else { Cids::Unknown }, Some(kind), v)
            }
            None => (CodeSpace::fixed(2), Cids::Identity, None, false),
        },
        Object::Stream(s) => {
            let m = store.decode(s).ok().map(|data| CMap::parse(&data)).unwrap_or_default();
            let parent = m.usecmap.as_deref().and_then(cmap::predefined);
            let mut cs = m.codespace.clone();
            if cs.is_empty() {
                cs = parent.as_ref().map(|p| p.1.clone()).unwrap_or_else(|| CodeSpace::fixed(2));
            }
            let unicode =
                parent.as_ref().map(|p| p.0).filter(|k| !matches!(k, Predefined::Identity | Predefined::Legacy));
            let vertical = m.vertical || parent.as_ref().is_some_and(|p| p.2);
            let cids = if m.has_cids() {
                Cids::Map(m)
            } else if matches!(parent, Some((Predefined::Identity, ..))) {
                Cids::Identity
            } else {
                Cids::Unknown
            };
            (cs, cids, unicode, vertical)
        }
        _ => (CodeSpace::fixed(2), Cids::Identity, None, false),
    };
    // When the font's CMap is unreadable but the ToUnicode CMap says how long codes are, trust it.
    let codespace = match (&to_unicode, codespace.is_empty()) {
        (Some(ToUnicode::Map(m)), true) if !m.codespace.is_empty() => m.codespace.clone(),
        _ => codespace,
    };
    let dw = store.get_in(&descendant, b"DW").as_f64().map_or(1000.0, |v| v as f32);
    let widths = cid_widths(store, &descendant);
    Font {
        name,
        codes: Codes::Composite { codespace, cids, unicode, widths, dw, encoding },
        to_unicode,
        vertical,
        scale: 0.001,
        em: 1.0,
    }
}

/// `/W`: `c [w1 w2 …]` and `cfirst clast w` entries, as sorted ranges.
fn cid_widths(store: &Store<'_>, descendant: &Dict) -> Vec<(u32, u32, f32)> {
    let w = store.get_in(descendant, b"W");
    let Some(items) = w.as_array() else { return Vec::new() };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = items.get(i) {
        let Some(c) = store.resolve(first).as_int().and_then(|v| u32::try_from(v).ok()) else { break };
        match items.get(i + 1).map(|o| store.resolve(o)) {
            Some(next) if next.as_array().is_some() => {
                let list = next.as_array().unwrap_or(&[]);
                for (k, o) in list.iter().enumerate().take(super::limits::MAX_CMAP_ENTRIES) {
                    let Some(cid) = u32::try_from(k).ok().and_then(|k| c.checked_add(k)) else { break };
                    if let Some(w) = num(&store.resolve(o)) {
                        out.push((cid, cid, w));
                    }
                }
                i += 2;
            }
            Some(last) => {
                let last = last.as_int().and_then(|v| u32::try_from(v).ok());
                let w = items.get(i + 2).and_then(|o| num(&store.resolve(o)));
                if let (Some(last), Some(w)) = (last, w) {
                    if last >= c {
                        out.push((c, last, w));
                    }
                }
                i += 3;
            }
            None => break,
        }
        if out.len() > super::limits::MAX_CMAP_ENTRIES {
            break;
        }
    }
    out.sort_by_key(|r| r.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::lexer::Lexer;
    use crate::pdf::object::parse_object;

    fn font(file_body: &str, dict: &str) -> Font {
        let f = format!("%PDF-1.7\n{file_body}\ntrailer << /Root 1 0 R >>");
        let store = Store::new(f.as_bytes());
        let d =
            parse_object(&mut Lexer::new(dict.as_bytes())).ok().and_then(|o| o.as_dict().cloned()).unwrap_or_default();
        Font::load(&store, &d)
    }

    fn run(f: &Font, s: &[u8]) -> (String, Vec<f32>) {
        let mut out = String::new();
        let mut widths = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let c = f.next(&s[i..], &mut out);
            widths.push(c.width);
            i += c.len;
        }
        (out, widths)
    }

    #[test]
    fn identity_h_with_to_unicode_and_w() {
        let tu =
            "1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <1047> <9884> <0013> <0030> endbfchar";
        let body = format!("5 0 obj << /Length {} >> stream\n{tu}\nendstream endobj", tu.len());
        let f = font(
            &body,
            "<< /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /ToUnicode 5 0 R \
             /DescendantFonts [<< /Subtype /CIDFontType2 /DW 1000 /W [19 [500] 100 200 600] >>] >>",
        );
        let (text, widths) = run(&f, &[0x10, 0x47, 0x00, 0x13, 0x00, 0x64]);
        assert_eq!(text, "预0");
        assert_eq!(widths, vec![1.0, 0.5, 0.6]);
    }

    #[test]
    fn unigb_ucs2_h_needs_no_table() {
        let f = font(
            "",
            "<< /Subtype /Type0 /BaseFont /SimSun /Encoding /UniGB-UCS2-H \
             /DescendantFonts [<< /Subtype /CIDFontType2 /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) >> \
             /W [1 95 500] >>] >>",
        );
        let (text, widths) = run(&f, &[0x98, 0x84, 0x00, 0x31]);
        assert_eq!(text, "预1");
        assert_eq!(widths, vec![1.0, 0.5]);
    }

    #[test]
    fn simple_font_with_differences_and_standard_widths() {
        let f = font("", "<< /Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [49 /uni4E00 /g41] >> >>");
        let (text, widths) = run(&f, b"0123");
        // 0x32 is /g41, a numbered name: the code in it is 'A'.
        assert_eq!(text, "0\u{4e00}A3");
        assert!((widths[0] - 0.556).abs() < 1e-6);
        let f = font(
            "",
            "<< /Subtype /TrueType /FirstChar 48 /Widths [500 600] /Encoding << /Differences [48 /g31 /g32] >> >>",
        );
        let (t, w) = run(&f, b"01");
        assert_eq!(t, "12");
        assert!((w[0] - 0.5).abs() < 1e-6 && (w[1] - 0.6).abs() < 1e-6);
    }

    #[test]
    fn type3_widths_through_the_font_matrix() {
        let f = font(
            "",
            "<< /Subtype /Type3 /FontMatrix [0.01 0 0 0.01 0 0] /FontBBox [0 -20 100 80] /FirstChar 65 /Widths [50] \
             /Encoding << /Differences [65 /A] >> >>",
        );
        let (t, w) = run(&f, b"A");
        assert_eq!(t, "A");
        assert!((w[0] - 0.5).abs() < 1e-6);
        // A 100-unit box through 0.01: an em of 1.
        assert!((f.em - 1.0).abs() < 1e-4, "{}", f.em);
    }

    #[test]
    fn identity_without_to_unicode_says_why() {
        let f = font("", "<< /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [<< >>] >>");
        let mut out = String::new();
        let c = f.next(&[0, 5], &mut out);
        assert!(!c.decoded && out.is_empty());
        assert!(f.why_undecodable().contains("ToUnicode"));
        let f = font("", "<< /Subtype /Type0 /Encoding /GBK-EUC-H /DescendantFonts [<< >>] >>");
        let c = f.next(&[0xd4, 0xa4], &mut out);
        assert_eq!((c.len, c.decoded), (2, false));
        assert!(f.why_undecodable().contains("GBK-EUC-H"), "{}", f.why_undecodable());
    }
}
