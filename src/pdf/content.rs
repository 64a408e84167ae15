//! Content stream syntax (ISO 32000-1 §7.8.2, §8.9.7): operands, then an operator. Inline images
//! (`BI … ID data EI`) are stepped over without decoding: their data is binary and may contain
//! anything, including bytes that look like operators. Marked content and unknown operators are
//! passed to the caller, who ignores what it does not need.

use super::lexer::{is_white, Lexer, Token};
use super::limits::MAX_OPERANDS;
use super::object::{find, object_from, Object};

pub struct Content<'a> {
    lex: Lexer<'a>,
}

/// The operator `BI … EI` is reported as, with the image's dictionary as its one operand.
pub const INLINE_IMAGE: &[u8] = b"BI";

impl<'a> Content<'a> {
    pub fn new(data: &'a [u8]) -> Content<'a> {
        Content { lex: Lexer::new(data) }
    }

    /// The next operator, with its operands in `operands` (cleared first); `None` at the end.
    pub fn next_op(&mut self, operands: &mut Vec<Object>) -> Option<&'a [u8]> {
        operands.clear();
        loop {
            let tok = self.lex.next_token()?;
            let operand = match tok {
                Token::Keyword(b"true") => Object::Bool(true),
                Token::Keyword(b"false") => Object::Bool(false),
                Token::Keyword(b"null") => Object::Null,
                Token::Keyword(b"BI") => {
                    self.skip_inline_image(operands);
                    return Some(INLINE_IMAGE);
                }
                // Stray closers and braces (PostScript leftovers) carry no meaning here.
                Token::Keyword(b")" | b">" | b"{" | b"}") | Token::ArrayClose | Token::DictClose => continue,
                Token::Keyword(op) => return Some(op),
                t => match object_from(&mut self.lex, t, 0, false) {
                    Ok(o) => o,
                    Err(_) => continue,
                },
            };
            // Operands without an operator pile up only in broken streams: keep the newest.
            if operands.len() >= MAX_OPERANDS {
                operands.remove(0);
            }
            operands.push(operand);
        }
    }

    /// After `BI`: the image's key–value pairs up to `ID`, then its data up to `EI`.
    fn skip_inline_image(&mut self, operands: &mut Vec<Object>) {
        let mut dict = super::object::Dict::default();
        loop {
            match self.lex.next_token() {
                None => return,
                Some(Token::Keyword(b"ID")) => break,
                Some(Token::Name(k)) => {
                    let Some(t) = self.lex.next_token() else { return };
                    if let Token::Keyword(b"ID") = t {
                        break;
                    }
                    if let Ok(v) = object_from(&mut self.lex, t, 0, false) {
                        dict.0.push((k, v));
                    }
                }
                Some(_) => {}
            }
        }
        let data = self.lex.data();
        // One white-space byte separates ID from the data.
        let start = self.lex.pos() + 1;
        // PDF 2.0 gives the length (`/L`, `/Length`); trust it when EI follows.
        let declared = dict.get(b"L").or_else(|| dict.get(b"Length")).and_then(Object::as_int);
        if let Some(end) = declared.and_then(|l| usize::try_from(l).ok()).and_then(|l| start.checked_add(l)) {
            let mut lex = Lexer::at(data, end);
            if let Some(Token::Keyword(b"EI")) = lex.next_token() {
                self.lex.set_pos(lex.pos());
                operands.push(Object::Dict(dict));
                return;
            }
        }
        let mut from = start;
        while let Some(at) = find(data, b"EI", from) {
            from = at + 2;
            let before_ok = at == start || data.get(at.wrapping_sub(1)).is_some_and(|&b| is_white(b));
            let after = data.get(at + 2).copied();
            let after_ok = after.is_none_or(|b| is_white(b) || super::lexer::is_delim(b));
            // Binary data may hold ` EI ` by chance: what follows the real EI is operators, text.
            if before_ok && after_ok && looks_like_content(data.get(at + 2..).unwrap_or(&[])) {
                self.lex.set_pos(at + 2);
                operands.push(Object::Dict(dict));
                return;
            }
        }
        self.lex.set_pos(data.len());
    }
}

fn looks_like_content(rest: &[u8]) -> bool {
    rest.iter().take(32).all(|&b| b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7f).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(s: &[u8]) -> Vec<(String, usize)> {
        let mut c = Content::new(s);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = c.next_op(&mut operands) {
            out.push((String::from_utf8_lossy(op).into_owned(), operands.len()));
        }
        out
    }

    #[test]
    fn operators_with_their_operands() {
        assert_eq!(
            ops(b"q 1 0 0 -1 0 595.25 cm BT /F1 12 Tf [(a) -250 (b)] TJ ET Q"),
            vec![
                ("q".into(), 0),
                ("cm".into(), 6),
                ("BT".into(), 0),
                ("Tf".into(), 2),
                ("TJ".into(), 1),
                ("ET".into(), 0),
                ("Q".into(), 0)
            ]
        );
        // Numbers followed by R are not references in content.
        assert_eq!(ops(b"1 0 R"), vec![("R".into(), 2)]);
    }

    #[test]
    fn inline_images_are_stepped_over() {
        let mut s = b"BT (a) Tj ET BI /W 4 /H 1 /BPC 8 /CS /G ID ".to_vec();
        s.extend_from_slice(&[0x00, b'E', b'I', 0xff, 0x20, b'E', b'I', 0x0a, 0xfe]);
        s.extend_from_slice(b" EI Q BT (b) Tj ET");
        let got = ops(&s);
        assert_eq!(
            got.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(),
            vec!["BT", "Tj", "ET", "BI", "Q", "BT", "Tj", "ET"]
        );
        // With a declared length, the data is skipped by length.
        let mut s = b"BI /L 3 ID ".to_vec();
        s.extend_from_slice(b"EI ");
        s.extend_from_slice(b"EI Tj");
        assert_eq!(ops(&s).iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(), vec!["BI", "Tj"]);
    }

    #[test]
    fn an_image_without_ei_ends_the_stream() {
        assert_eq!(ops(b"BI /W 1 ID \xff\xfe\xfd").len(), 1);
        assert_eq!(ops(b"BI /W 1").len(), 1);
    }

    #[test]
    fn too_many_operands_keep_the_newest() {
        let s = format!("{} Tj", "1 ".repeat(1000));
        assert_eq!(ops(s.as_bytes()), vec![("Tj".into(), MAX_OPERANDS)]);
    }
}
