//! Advance widths of the standard 14 fonts (Adobe's AFM files), for simple fonts that name one
//! without a `/Widths` array — 广州's page numbers are Helvetica without widths (098.pdf …).
//! Only printable ASCII is kept (digits and punctuation are what budgets set in Latin fonts);
//! other codes get the font's average. Oblique and italic faces share their upright widths
//! closely enough for placing text (Times-Italic differs by a few units on some letters).

/// Widths of 0x20–0x7E in 1/1000 em.
type Ascii = [u16; 95];

const HELVETICA: Ascii = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
    556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
    260, 334, 584,
];

const HELVETICA_BOLD: Ascii = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611,
    556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389,
    280, 389, 584,
];

const TIMES: Ascii = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500,
    500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
    722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500,
    444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480,
    200, 480, 541,
];

const TIMES_BOLD: Ascii = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500,
    500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
    722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556,
    444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394,
    220, 394, 520,
];

/// The width of `ch` (a Unicode character) in the standard font `base_font` names, when it is one
/// of the standard 14 (or their common aliases: Arial is metrically Helvetica, TimesNewRoman is
/// Times).
pub fn standard_width(base_font: &[u8], ch: char) -> Option<f32> {
    let name = std::str::from_utf8(base_font).ok()?;
    // A subset prefix (`ABCDEF+`) and style suffixes after a comma or hyphen are folded.
    let name = name.split_once('+').map_or(name, |(_, n)| n).to_ascii_lowercase();
    let bold = name.contains("bold");
    let table: Option<&Ascii> = if name.starts_with("courier") {
        return Some(600.0);
    } else if name.starts_with("helvetica") || name.starts_with("arial") {
        Some(if bold { &HELVETICA_BOLD } else { &HELVETICA })
    } else if name.starts_with("times") {
        Some(if bold { &TIMES_BOLD } else { &TIMES })
    } else if name.starts_with("symbol") || name.starts_with("zapfdingbats") {
        return Some(500.0);
    } else {
        None
    };
    let table = table?;
    let w = match u32::from(ch) {
        c @ 0x20..=0x7e => table.get((c - 0x20) as usize).copied().map(f32::from),
        // Other characters: the width of a digit, the font's typical width.
        _ => table.get(0x10).copied().map(f32::from),
    };
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_spaces_of_the_standard_fonts() {
        assert_eq!(standard_width(b"Helvetica", '1'), Some(556.0));
        assert_eq!(standard_width(b"Helvetica", ' '), Some(278.0));
        assert_eq!(standard_width(b"Helvetica-Bold", 'A'), Some(722.0));
        assert_eq!(standard_width(b"Times-Roman", '5'), Some(500.0));
        assert_eq!(standard_width(b"ABCDEF+TimesNewRomanPS-BoldMT", 'W'), Some(1000.0));
        assert_eq!(standard_width(b"Courier", 'x'), Some(600.0));
        assert_eq!(standard_width(b"SimSun", '1'), None);
        assert_eq!(standard_width(b"Helvetica", 'z'), Some(500.0));
        assert_eq!(standard_width(b"Helvetica", '~'), Some(584.0));
    }
}
