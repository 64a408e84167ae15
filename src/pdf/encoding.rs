//! Simple fonts' encodings (ISO 32000-1 §9.6.6 and Annex D): StandardEncoding, WinAnsiEncoding and
//! MacRomanEncoding as code → Unicode tables, `/Differences` glyph names → Unicode through the
//! Adobe Glyph List names that Latin text uses (digits, letters, punctuation, Latin-1 and the
//! WinAnsi extras), `uniXXXX`/`uXXXX[XX]` names, `a.sc`-style suffixes and `f_i` ligatures.
//! Budgets' Latin text is digits and punctuation, so this list is short by design; a name it does
//! not know is reported, never guessed.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    Standard,
    WinAnsi,
    MacRoman,
}

impl Base {
    pub fn from_name(n: &[u8]) -> Option<Base> {
        match n {
            b"StandardEncoding" => Some(Base::Standard),
            b"WinAnsiEncoding" => Some(Base::WinAnsi),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(Base::MacRoman),
            _ => None,
        }
    }

    /// Code → Unicode (0 where the encoding leaves the code undefined).
    pub fn table(self) -> [u16; 256] {
        let mut t = [0u16; 256];
        for (c, slot) in t.iter_mut().enumerate().take(0x7f).skip(0x20) {
            *slot = c as u16;
        }
        let high: &[u16; 128] = match self {
            Base::Standard => {
                t[0x27] = 0x2019;
                t[0x60] = 0x2018;
                &STANDARD_HIGH
            }
            Base::WinAnsi => &WIN_ANSI_HIGH,
            Base::MacRoman => &MAC_ROMAN_HIGH,
        };
        t[128..].copy_from_slice(high);
        t
    }
}

const WIN_ANSI_HIGH: [u16; 128] = [
    0x20AC, 0x2022, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x2022,
    0x017D, 0x2022, 0x2022, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0x2022, 0x017E, 0x0178, 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9,
    0x00AA, 0x00AB, 0x00AC, 0x002D, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5,
    0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF, 0x00D0, 0x00D1, 0x00D2, 0x00D3,
    0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF, 0x00E0, 0x00E1,
    0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD,
    0x00FE, 0x00FF,
];

#[rustfmt::skip]
const STANDARD_PAIRS: &[(usize, u16)] = &[
    (0xA1, 0x00A1), (0xA2, 0x00A2), (0xA3, 0x00A3), (0xA4, 0x2044), (0xA5, 0x00A5), (0xA6, 0x0192),
    (0xA7, 0x00A7), (0xA8, 0x00A4), (0xA9, 0x0027), (0xAA, 0x201C), (0xAB, 0x00AB), (0xAC, 0x2039),
    (0xAD, 0x203A), (0xAE, 0xFB01), (0xAF, 0xFB02), (0xB1, 0x2013), (0xB2, 0x2020), (0xB3, 0x2021),
    (0xB4, 0x00B7), (0xB6, 0x00B6), (0xB7, 0x2022), (0xB8, 0x201A), (0xB9, 0x201E), (0xBA, 0x201D),
    (0xBB, 0x00BB), (0xBC, 0x2026), (0xBD, 0x2030), (0xBF, 0x00BF), (0xC1, 0x0060), (0xC2, 0x00B4),
    (0xC3, 0x02C6), (0xC4, 0x02DC), (0xC5, 0x00AF), (0xC6, 0x02D8), (0xC7, 0x02D9), (0xC8, 0x00A8),
    (0xCA, 0x02DA), (0xCB, 0x00B8), (0xCD, 0x02DD), (0xCE, 0x02DB), (0xCF, 0x02C7), (0xD0, 0x2014),
    (0xE1, 0x00C6), (0xE3, 0x00AA), (0xE8, 0x0141), (0xE9, 0x00D8), (0xEA, 0x0152), (0xEB, 0x00BA),
    (0xF1, 0x00E6), (0xF5, 0x0131), (0xF8, 0x0142), (0xF9, 0x00F8), (0xFA, 0x0153), (0xFB, 0x00DF),
];

/// StandardEncoding above 0x7F: sparse, so written as pairs.
const STANDARD_HIGH: [u16; 128] = {
    let mut t = [0u16; 128];
    let mut i = 0;
    while i < STANDARD_PAIRS.len() {
        t[STANDARD_PAIRS[i].0 - 128] = STANDARD_PAIRS[i].1;
        i += 1;
    }
    t
};

const MAC_ROMAN_HIGH: [u16; 128] = [
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7,
    0x00E9, 0x00E8, 0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6, 0x00F5,
    0x00FA, 0x00F9, 0x00FB, 0x00FC, 0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9,
    0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8, 0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,
    0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8, 0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248,
    0x2206, 0x00AB, 0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153, 0x2013, 0x2014, 0x201C, 0x201D,
    0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x00A4, 0x2039, 0x203A, 0xFB01, 0xFB02, 0x2021, 0x00B7,
    0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4, 0,
    0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB,
    0x02C7,
];

/// Adobe Glyph List names for the characters above 0x7E that Latin documents use, and for ASCII
/// characters whose name is not the character itself. Single letters and digits are handled in
/// `glyph_char` without a table.
#[rustfmt::skip]
const NAMES: &[(&str, u16)] = &[
    ("space", 0x20), ("exclam", 0x21), ("quotedbl", 0x22), ("numbersign", 0x23), ("dollar", 0x24),
    ("percent", 0x25), ("ampersand", 0x26), ("quotesingle", 0x27), ("quoteright", 0x2019), ("parenleft", 0x28),
    ("parenright", 0x29), ("asterisk", 0x2A), ("plus", 0x2B), ("comma", 0x2C), ("hyphen", 0x2D), ("period", 0x2E),
    ("slash", 0x2F), ("zero", 0x30), ("one", 0x31), ("two", 0x32), ("three", 0x33), ("four", 0x34), ("five", 0x35),
    ("six", 0x36), ("seven", 0x37), ("eight", 0x38), ("nine", 0x39), ("colon", 0x3A), ("semicolon", 0x3B),
    ("less", 0x3C), ("equal", 0x3D), ("greater", 0x3E), ("question", 0x3F), ("at", 0x40), ("bracketleft", 0x5B),
    ("backslash", 0x5C), ("bracketright", 0x5D), ("asciicircum", 0x5E), ("underscore", 0x5F), ("grave", 0x60),
    ("quoteleft", 0x2018), ("braceleft", 0x7B), ("bar", 0x7C), ("braceright", 0x7D), ("asciitilde", 0x7E),
    ("Euro", 0x20AC), ("quotesinglbase", 0x201A), ("florin", 0x0192), ("quotedblbase", 0x201E), ("ellipsis", 0x2026),
    ("dagger", 0x2020), ("daggerdbl", 0x2021), ("circumflex", 0x02C6), ("perthousand", 0x2030), ("Scaron", 0x0160),
    ("guilsinglleft", 0x2039), ("OE", 0x0152), ("Zcaron", 0x017D), ("quotedblleft", 0x201C),
    ("quotedblright", 0x201D), ("bullet", 0x2022), ("endash", 0x2013), ("emdash", 0x2014), ("tilde", 0x02DC),
    ("trademark", 0x2122), ("scaron", 0x0161), ("guilsinglright", 0x203A), ("oe", 0x0153), ("zcaron", 0x017E),
    ("Ydieresis", 0x0178), ("nbspace", 0xA0), ("nonbreakingspace", 0xA0), ("exclamdown", 0xA1), ("cent", 0xA2),
    ("sterling", 0xA3), ("currency", 0xA4), ("yen", 0xA5), ("brokenbar", 0xA6), ("section", 0xA7),
    ("dieresis", 0xA8), ("copyright", 0xA9), ("ordfeminine", 0xAA), ("guillemotleft", 0xAB), ("logicalnot", 0xAC),
    ("sfthyphen", 0xAD), ("registered", 0xAE), ("macron", 0xAF), ("degree", 0xB0), ("plusminus", 0xB1),
    ("twosuperior", 0xB2), ("threesuperior", 0xB3), ("acute", 0xB4), ("mu", 0xB5), ("paragraph", 0xB6),
    ("periodcentered", 0xB7), ("middot", 0xB7), ("cedilla", 0xB8), ("onesuperior", 0xB9), ("ordmasculine", 0xBA),
    ("guillemotright", 0xBB), ("onequarter", 0xBC), ("onehalf", 0xBD), ("threequarters", 0xBE),
    ("questiondown", 0xBF), ("Agrave", 0xC0), ("Aacute", 0xC1), ("Acircumflex", 0xC2), ("Atilde", 0xC3),
    ("Adieresis", 0xC4), ("Aring", 0xC5), ("AE", 0xC6), ("Ccedilla", 0xC7), ("Egrave", 0xC8), ("Eacute", 0xC9),
    ("Ecircumflex", 0xCA), ("Edieresis", 0xCB), ("Igrave", 0xCC), ("Iacute", 0xCD), ("Icircumflex", 0xCE),
    ("Idieresis", 0xCF), ("Eth", 0xD0), ("Ntilde", 0xD1), ("Ograve", 0xD2), ("Oacute", 0xD3), ("Ocircumflex", 0xD4),
    ("Otilde", 0xD5), ("Odieresis", 0xD6), ("multiply", 0xD7), ("Oslash", 0xD8), ("Ugrave", 0xD9), ("Uacute", 0xDA),
    ("Ucircumflex", 0xDB), ("Udieresis", 0xDC), ("Yacute", 0xDD), ("Thorn", 0xDE), ("germandbls", 0xDF),
    ("agrave", 0xE0), ("aacute", 0xE1), ("acircumflex", 0xE2), ("atilde", 0xE3), ("adieresis", 0xE4),
    ("aring", 0xE5), ("ae", 0xE6), ("ccedilla", 0xE7), ("egrave", 0xE8), ("eacute", 0xE9), ("ecircumflex", 0xEA),
    ("edieresis", 0xEB), ("igrave", 0xEC), ("iacute", 0xED), ("icircumflex", 0xEE), ("idieresis", 0xEF),
    ("eth", 0xF0), ("ntilde", 0xF1), ("ograve", 0xF2), ("oacute", 0xF3), ("ocircumflex", 0xF4), ("otilde", 0xF5),
    ("odieresis", 0xF6), ("divide", 0xF7), ("oslash", 0xF8), ("ugrave", 0xF9), ("uacute", 0xFA),
    ("ucircumflex", 0xFB), ("udieresis", 0xFC), ("yacute", 0xFD), ("thorn", 0xFE), ("ydieresis", 0xFF),
    ("fi", 0xFB01), ("fl", 0xFB02), ("ff", 0xFB00), ("ffi", 0xFB03), ("ffl", 0xFB04), ("fraction", 0x2044),
    ("dotlessi", 0x0131), ("Lslash", 0x0141), ("lslash", 0x0142), ("ring", 0x02DA), ("breve", 0x02D8),
    ("dotaccent", 0x02D9), ("hungarumlaut", 0x02DD), ("ogonek", 0x02DB), ("caron", 0x02C7), ("minus", 0x2212),
    ("Omega", 0x03A9), ("Delta", 0x2206), ("mu1", 0xB5), ("pi", 0x03C0), ("notequal", 0x2260),
    ("lessequal", 0x2264), ("greaterequal", 0x2265), ("infinity", 0x221E), ("summation", 0x2211),
    ("product", 0x220F), ("radical", 0x221A), ("approxequal", 0x2248), ("lozenge", 0x25CA), ("partialdiff", 0x2202),
    ("integral", 0x222B), ("uni00A0", 0xA0), ("percent1", 0x25),
];

/// Unicode text of one code: most are one character, ligatures several.
#[derive(Debug, Clone, PartialEq)]
pub enum Uni {
    One(char),
    Many(Box<str>),
}

/// The Unicode text a glyph name stands for, as a CMap value.
pub fn glyph_text(name: &[u8]) -> Option<Uni> {
    let s: String = glyph_string(name)?.chars().take(super::limits::MAX_CODE_TEXT_CHARS).collect();
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(Uni::One(c)),
        (Some(_), Some(_)) => Some(Uni::Many(s.into_boxed_str())),
        _ => None,
    }
}

/// The text of a glyph name: AGL names, `uniXXXX…`, `uXXXX[XX]`, `name.suffix`, `a_b` ligatures.
pub fn glyph_string(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    // `a.sc`, `one.oldstyle`: the part before the first period names the character.
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(|p| glyph_string(p.as_bytes())).collect();
        return parts;
    }
    glyph_char(base).map(String::from).or_else(|| uni_name(base))
}

fn glyph_char(name: &str) -> Option<char> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        if c.is_ascii_alphabetic() {
            return Some(c);
        }
    }
    NAMES.iter().find(|(n, _)| *n == name).and_then(|(_, u)| char::from_u32(u32::from(*u)))
}

/// `uni4E2D` (one or more groups of four hex digits), `u4E2D` / `u1F600` (four to six).
fn uni_name(name: &str) -> Option<String> {
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = hex
                .as_bytes()
                .chunks(4)
                .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                .collect();
            let s: String = char::decode_utf16(units).filter_map(Result::ok).collect();
            return (!s.is_empty()).then_some(s);
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(String::from);
        }
    }
    None
}

/// Names some converters give glyphs of subset fonts, where the number is the character code:
/// `G41` / `g41` (two hex digits), `g0041` (four), `C65` / `c065` (two or three decimal digits).
/// The last resort, after ToUnicode and the glyph list, as pdf.js and poppler do it; a number that
/// is no printable character (a glyph index like `g12` = U+0012) is refused, not guessed.
pub fn numbered_name(name: &[u8]) -> Option<char> {
    let (first, rest) = name.split_first()?;
    let text = std::str::from_utf8(rest).ok()?;
    let v = match first {
        b'g' | b'G' if (rest.len() == 2 || rest.len() == 4) && rest.iter().all(u8::is_ascii_hexdigit) => {
            u32::from_str_radix(text, 16).ok()?
        }
        b'c' | b'C' if (2..=3).contains(&rest.len()) && rest.iter().all(u8::is_ascii_digit) => text.parse().ok()?,
        _ => return None,
    };
    let c = char::from_u32(v)?;
    (!c.is_control() && v >= 0x20).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_tables() {
        let w = Base::WinAnsi.table();
        assert_eq!(w[0x41], 0x41);
        assert_eq!(w[0x80], 0x20AC);
        assert_eq!(w[0x97], 0x2014);
        assert_eq!(w[0xE9], 0xE9);
        let s = Base::Standard.table();
        assert_eq!(s[0x27], 0x2019);
        assert_eq!(s[0xAE], 0xFB01);
        assert_eq!(s[0xD0], 0x2014);
        assert_eq!(s[0x80], 0);
        let m = Base::MacRoman.table();
        assert_eq!(m[0x8E], 0xE9);
        assert_eq!(m[0xD0], 0x2013);
    }

    #[test]
    fn glyph_names() {
        for (name, text) in [
            ("zero", "0"),
            ("nine", "9"),
            ("A", "A"),
            ("z", "z"),
            ("comma", ","),
            ("period", "."),
            ("hyphen", "-"),
            ("parenleft", "("),
            ("uni4E2D", "中"),
            ("uni4E2D56FD", "中国"),
            ("u1F600", "😀"),
            ("one.oldstyle", "1"),
            ("f_i", "fi"),
            ("Euro", "€"),
        ] {
            assert_eq!(glyph_string(name.as_bytes()).as_deref(), Some(text), "{name}");
        }
        assert_eq!(glyph_string(b"g41"), None);
        assert_eq!(glyph_string(b".notdef"), None);
        assert_eq!(glyph_string(b"uniZZZZ"), None);
    }

    #[test]
    fn numbered_names() {
        assert_eq!(numbered_name(b"g41"), Some('A'));
        assert_eq!(numbered_name(b"g4E2D"), Some('中'));
        assert_eq!(numbered_name(b"C48"), Some('0'));
        assert_eq!(numbered_name(b"c048"), Some('0'));
        assert_eq!(numbered_name(b"g03"), None);
        assert_eq!(numbered_name(b"g123"), None);
        assert_eq!(numbered_name(b"glyph1"), None);
    }
}
