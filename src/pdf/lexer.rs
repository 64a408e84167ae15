//! PDF tokens (ISO 32000-1 §7.2–7.3): numbers, strings, names, delimiters and keywords, shared by
//! the object parser, the content stream reader and the CMap reader. The lexer is lenient the way
//! viewers are (an unterminated string ends at the end of the data, a stray `)` is a keyword of its
//! own, `--5` reads as -5) and every call consumes at least one byte, so no input can make a
//! caller loop without end.

/// One token. Strings and names are decoded (escapes, `#xx`); keywords borrow the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Int(i64),
    Real(f64),
    /// A literal `( … )` or hex `< … >` string, decoded to its bytes.
    Str(Vec<u8>),
    /// A name without its `/`, `#xx` escapes decoded.
    Name(Vec<u8>),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// Any other run of regular characters (`obj`, `R`, `true`, operators), or a stray delimiter.
    Keyword(&'a [u8]),
}

pub fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

pub fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

pub fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer { data, pos: 0 }
    }

    pub fn at(data: &'a [u8], pos: usize) -> Lexer<'a> {
        Lexer { data, pos: pos.min(data.len()) }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn set_pos(&mut self, pos: usize) {
        self.pos = pos.min(self.data.len());
    }

    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// Skips white space and `%` comments.
    pub fn skip_white(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the data.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_white();
        let b = *self.data.get(self.pos)?;
        Some(match b {
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            b'(' => {
                self.pos += 1;
                Token::Str(self.literal_string())
            }
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.pos += 2;
                    Token::DictOpen
                } else {
                    self.pos += 1;
                    Token::Str(self.hex_string())
                }
            }
            b'>' => {
                if self.data.get(self.pos + 1) == Some(&b'>') {
                    self.pos += 2;
                    Token::DictClose
                } else {
                    self.pos += 1;
                    Token::Keyword(&self.data[self.pos - 1..self.pos])
                }
            }
            b'[' => {
                self.pos += 1;
                Token::ArrayOpen
            }
            b']' => {
                self.pos += 1;
                Token::ArrayClose
            }
            b'/' => {
                self.pos += 1;
                Token::Name(self.name())
            }
            b')' | b'{' | b'}' => {
                self.pos += 1;
                Token::Keyword(&self.data[self.pos - 1..self.pos])
            }
            _ => {
                let start = self.pos;
                while self.data.get(self.pos).is_some_and(|&c| is_regular(c)) {
                    self.pos += 1;
                }
                Token::Keyword(&self.data[start..self.pos])
            }
        })
    }

    fn number(&mut self) -> Token<'a> {
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|&c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.')) {
            self.pos += 1;
        }
        let text = &self.data[start..self.pos];
        parse_number(text)
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1u32;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        // A backslash at the end of a line continues the string on the next.
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            // White space is allowed; anything else that is not a hex digit is skipped, as viewers do.
            let Some(v) = hex_val(b) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(&b) = self.data.get(self.pos) {
            if !is_regular(b) {
                break;
            }
            self.pos += 1;
            if b == b'#' {
                let hi = self.data.get(self.pos).copied().and_then(hex_val);
                let lo = self.data.get(self.pos + 1).copied().and_then(hex_val);
                if let (Some(h), Some(l)) = (hi, lo) {
                    out.push(h << 4 | l);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(b);
        }
        out
    }
}

/// Reads a PDF number leniently: signs and digits, at most one decimal point; what does not fit
/// in an integer becomes a real.
pub fn parse_number(text: &[u8]) -> Token<'static> {
    let mut i = 0;
    // `--5` is read as -5, as viewers do: a doubled minus is a producer's slip, not a sign rule.
    let mut negative = false;
    while let Some(&c) = text.get(i) {
        match c {
            b'-' => negative = true,
            b'+' => {}
            _ => break,
        }
        i += 1;
    }
    // Digits go into an integer mantissa and a count of decimals, so `0.05` is the double
    // nearest 0.05, not a sum of rounded tenths.
    let mut mantissa: u64 = 0;
    let mut scale: i32 = 0;
    let mut extra_int_digits: i32 = 0;
    let mut overflow = false;
    while let Some(&c) = text.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        match mantissa.checked_mul(10).and_then(|v| v.checked_add(u64::from(c - b'0'))) {
            Some(v) => mantissa = v,
            None => {
                overflow = true;
                extra_int_digits += 1;
            }
        }
        i += 1;
    }
    let is_real = text.get(i) == Some(&b'.');
    if is_real {
        i += 1;
        while let Some(&c) = text.get(i) {
            if !c.is_ascii_digit() {
                break;
            }
            if let Some(v) = mantissa.checked_mul(10).and_then(|v| v.checked_add(u64::from(c - b'0'))) {
                mantissa = v;
                scale += 1;
            }
            i += 1;
        }
    }
    let sign = if negative { -1.0 } else { 1.0 };
    if is_real || overflow || mantissa > i64::MAX as u64 {
        let v = mantissa as f64 * 10f64.powi(extra_int_digits) / 10f64.powi(scale);
        return Token::Real(sign * v);
    }
    let int = mantissa as i64;
    Token::Int(if negative { -int } else { int })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &[u8]) -> Vec<Token<'_>> {
        let mut l = Lexer::new(s);
        let mut v = Vec::new();
        while let Some(t) = l.next_token() {
            v.push(t);
        }
        v
    }

    #[test]
    fn numbers_in_their_lenient_forms() {
        assert_eq!(
            all(b"12 -3 +4 .5 -.25 7. 0.05"),
            vec![
                Token::Int(12),
                Token::Int(-3),
                Token::Int(4),
                Token::Real(0.5),
                Token::Real(-0.25),
                Token::Real(7.0),
                Token::Real(0.05)
            ]
        );
        assert_eq!(all(b"--5"), vec![Token::Int(-5)]);
        assert_eq!(all(b"99999999999999999999"), vec![Token::Real(99999999999999999999.0)]);
        assert_eq!(all(b"-"), vec![Token::Int(0)]);
    }

    #[test]
    fn strings_with_escapes_nesting_and_continuations() {
        assert_eq!(all(b"(a\\(b\\)c (d) \\101\\0\\\n e\\q)"), vec![Token::Str(b"a(b)c (d) A\0 eq".to_vec())]);
        assert_eq!(all(b"<48 65 6C6C 6f 7>"), vec![Token::Str(b"Hello\x70".to_vec())]);
        assert_eq!(all(b"(unterminated"), vec![Token::Str(b"unterminated".to_vec())]);
        assert_eq!(all(b"<4E2D"), vec![Token::Str(vec![0x4e, 0x2d])]);
    }

    #[test]
    fn names_delimiters_keywords_and_comments() {
        assert_eq!(
            all(b"/A#20B/C<</D[1]>>% comment\nTj }"),
            vec![
                Token::Name(b"A B".to_vec()),
                Token::Name(b"C".to_vec()),
                Token::DictOpen,
                Token::Name(b"D".to_vec()),
                Token::ArrayOpen,
                Token::Int(1),
                Token::ArrayClose,
                Token::DictClose,
                Token::Keyword(b"Tj"),
                Token::Keyword(b"}")
            ]
        );
        assert_eq!(all(b"/#zz"), vec![Token::Name(b"#zz".to_vec())]);
    }

    #[test]
    fn stray_closers_are_consumed_one_byte_at_a_time() {
        assert_eq!(all(b") >"), vec![Token::Keyword(b")"), Token::Keyword(b">")]);
    }
}
