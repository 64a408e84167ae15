//! PDF objects (ISO 32000-1 §7.3) and the parser that builds them from tokens: direct objects,
//! `N G R` references, and indirect objects `N G obj … endobj` with their stream data located
//! (not decoded) in the file.

use super::lexer::{Lexer, Token};
use super::limits::{MAX_COLLECTION_LEN, MAX_NESTING};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ref {
    pub num: u32,
    pub gen: u16,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Object>),
    Dict(Dict),
    Ref(Ref),
    Stream(Stream),
}

/// A dictionary in file order. Dictionaries are small (a font has a dozen keys), so a list
/// searched in order is faster and smaller than a map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

impl Dict {
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key` when it is a name, as written (not resolved).
    pub fn name(&self, key: &[u8]) -> Option<&[u8]> {
        self.get(key).and_then(Object::as_name)
    }

    pub fn is_type(&self, ty: &[u8]) -> bool {
        self.name(b"Type") == Some(ty)
    }
}

/// A stream: its dictionary and where its raw (still encoded) bytes lie in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub dict: Dict,
    pub data: Range<usize>,
    /// The object the stream is, for decryption keys.
    pub id: Ref,
}

impl Object {
    pub fn as_int(&self) -> Option<i64> {
        match *self {
            Object::Int(i) => Some(i),
            // Some producers write integers as reals (`/Length 120.0`).
            Object::Real(r) if r.is_finite() && r.fract() == 0.0 && r.abs() < 9.0e15 => Some(r as i64),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Object::Int(i) => Some(i as f64),
            Object::Real(r) if r.is_finite() => Some(r),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&[u8]> {
        match self {
            Object::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Object]> {
        match self {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }

    /// A dictionary, or a stream's dictionary.
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    pub fn as_stream(&self) -> Option<&Stream> {
        match self {
            Object::Stream(s) => Some(s),
            _ => None,
        }
    }
}

/// Why an object could not be parsed. Internal: callers turn it into a warning or a recovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    End,
    TooDeep,
    TooLong,
    Unexpected,
}

/// Parses one direct object (which may be a reference) at the lexer's position.
pub fn parse_object(lex: &mut Lexer<'_>) -> Result<Object, ParseError> {
    let tok = lex.next_token().ok_or(ParseError::End)?;
    object_from(lex, tok, 0, true)
}

/// The object that starts with `tok`. `refs`: whether `N G R` is a reference (not in content
/// streams, where looking two tokens ahead after every number would only cost time).
pub fn object_from<'a>(lex: &mut Lexer<'a>, tok: Token<'a>, depth: usize, refs: bool) -> Result<Object, ParseError> {
    if depth > MAX_NESTING {
        return Err(ParseError::TooDeep);
    }
    Ok(match tok {
        Token::Int(i) if !refs => Object::Int(i),
        Token::Int(i) => {
            // `N G R` is a reference; anything else leaves the lexer after N.
            let save = lex.pos();
            if let Ok(num) = u32::try_from(i) {
                if let Some(Token::Int(g)) = lex.next_token() {
                    if let (Ok(gen), Some(Token::Keyword(b"R"))) = (u16::try_from(g), lex.next_token()) {
                        return Ok(Object::Ref(Ref { num, gen }));
                    }
                }
            }
            lex.set_pos(save);
            Object::Int(i)
        }
        Token::Real(r) => Object::Real(r),
        Token::Str(s) => Object::Str(s),
        Token::Name(n) => Object::Name(n),
        Token::ArrayOpen => {
            let mut items = Vec::new();
            loop {
                match lex.next_token() {
                    None => break, // unterminated: what was read stands
                    Some(Token::ArrayClose) => break,
                    // A missing `]` before the dictionary's `>>`: the array ends, the `>>` is the
                    // dictionary's.
                    Some(Token::DictClose) => {
                        lex.set_pos(lex.pos().saturating_sub(2));
                        break;
                    }
                    // Stray closers and unknown keywords (a `R` left from `-1 0 R`) mean nothing here.
                    Some(Token::Keyword(k)) if !matches!(k, b"true" | b"false" | b"null") => continue,
                    Some(Token::Keyword(b"endobj" | b"stream" | b"endstream")) => {
                        // A missing `]`: give the keyword back to the caller.
                        lex.set_pos(lex.pos().saturating_sub(keyword_len(lex)));
                        break;
                    }
                    Some(t) => {
                        if items.len() >= MAX_COLLECTION_LEN {
                            return Err(ParseError::TooLong);
                        }
                        items.push(object_from(lex, t, depth + 1, refs)?)
                    }
                }
            }
            Object::Array(items)
        }
        Token::DictOpen => Object::Dict(dict_body(lex, depth, refs)?),
        Token::Keyword(b"true") => Object::Bool(true),
        Token::Keyword(b"false") => Object::Bool(false),
        Token::Keyword(b"null") => Object::Null,
        Token::Keyword(_) | Token::ArrayClose | Token::DictClose => return Err(ParseError::Unexpected),
    })
}

/// Length of the keyword just read, to step back over it. Only called right after a keyword.
fn keyword_len(lex: &Lexer<'_>) -> usize {
    let data = lex.data();
    let end = lex.pos();
    let mut start = end;
    while start > 0 && data.get(start - 1).is_some_and(|&b| super::lexer::is_regular(b)) {
        start -= 1;
    }
    end - start
}

/// The entries of a dictionary after its `<<`.
fn dict_body(lex: &mut Lexer<'_>, depth: usize, refs: bool) -> Result<Dict, ParseError> {
    let mut entries: Vec<(Vec<u8>, Object)> = Vec::new();
    loop {
        match lex.next_token() {
            None | Some(Token::DictClose) => break,
            Some(Token::Name(key)) => {
                let value = match lex.next_token() {
                    None | Some(Token::DictClose) => {
                        entries.push((key, Object::Null));
                        break;
                    }
                    Some(Token::Keyword(b"endobj" | b"stream" | b"endstream")) => {
                        lex.set_pos(lex.pos().saturating_sub(keyword_len(lex)));
                        entries.push((key, Object::Null));
                        break;
                    }
                    Some(t) => object_from(lex, t, depth + 1, refs)?,
                };
                if entries.len() >= MAX_COLLECTION_LEN {
                    return Err(ParseError::TooLong);
                }
                entries.push((key, value));
            }
            Some(Token::Keyword(b"endobj" | b"stream" | b"endstream")) => {
                lex.set_pos(lex.pos().saturating_sub(keyword_len(lex)));
                break;
            }
            // A value without a key, or junk: skipped, as viewers do.
            Some(t) => {
                let _ = object_from(lex, t, depth + 1, refs);
            }
        }
    }
    Ok(Dict(entries))
}

/// Position of `needle` in `hay` at or after `from`.
pub fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while let Some(rest) = hay.get(i..) {
        let p = rest.iter().position(|&b| b == first)?;
        let at = i + p;
        if hay.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Reads `N G obj` at `offset`; the object number and generation.
pub fn object_header(data: &[u8], offset: usize) -> Option<(Ref, usize)> {
    let mut lex = Lexer::at(data, offset);
    let Some(Token::Int(n)) = lex.next_token() else { return None };
    let Some(Token::Int(g)) = lex.next_token() else { return None };
    let Some(Token::Keyword(b"obj")) = lex.next_token() else { return None };
    let id = Ref { num: u32::try_from(n).ok()?, gen: u16::try_from(g).ok()? };
    Some((id, lex.pos()))
}

/// Parses the indirect object at `offset`. `length` resolves a stream's `/Length` when it is a
/// reference (the caller owns the object table); a wrong or missing length is repaired by looking
/// for `endstream`.
pub fn parse_indirect(
    data: &[u8],
    offset: usize,
    length: &mut dyn FnMut(&Object) -> Option<i64>,
) -> Result<(Ref, Object), ParseError> {
    let (id, body) = object_header(data, offset).ok_or(ParseError::Unexpected)?;
    let mut lex = Lexer::at(data, body);
    let obj = match lex.next_token() {
        // `N G obj endobj`: an empty object is null.
        Some(Token::Keyword(b"endobj")) | None => return Ok((id, Object::Null)),
        Some(t) => object_from(&mut lex, t, 0, true)?,
    };
    let Object::Dict(dict) = obj else { return Ok((id, obj)) };
    let after_dict = lex.pos();
    match lex.next_token() {
        Some(Token::Keyword(b"stream")) => {}
        _ => {
            lex.set_pos(after_dict);
            return Ok((id, Object::Dict(dict)));
        }
    }
    // The data starts after the end of line that follows `stream` (CR LF or LF; a lone CR is
    // tolerated).
    let mut start = lex.pos();
    match data.get(start) {
        Some(b'\r') if data.get(start + 1) == Some(&b'\n') => start += 2,
        Some(b'\r' | b'\n') => start += 1,
        _ => {}
    }
    let declared = dict.get(b"Length").and_then(&mut *length).and_then(|l| usize::try_from(l).ok());
    let end = declared
        .and_then(|len| start.checked_add(len))
        .filter(|&end| end <= data.len() && endstream_follows(data, end))
        .or_else(|| find_stream_end(data, start))
        .unwrap_or(data.len());
    Ok((id, Object::Stream(Stream { dict, data: start..end.max(start), id })))
}

fn endstream_follows(data: &[u8], mut at: usize) -> bool {
    while data.get(at).is_some_and(|&b| super::lexer::is_white(b)) {
        at += 1;
    }
    data.get(at..at + 9) == Some(b"endstream")
}

/// Where the data of a stream whose length is wrong ends: before `endstream` and the end of line
/// that precedes it, or before `endobj` when `endstream` is missing.
fn find_stream_end(data: &[u8], start: usize) -> Option<usize> {
    let mut end = find(data, b"endstream", start).or_else(|| find(data, b"endobj", start))?;
    if end > start && data.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > start && data.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Object {
        parse_object(&mut Lexer::new(s.as_bytes())).unwrap_or(Object::Name(b"ERR".to_vec()))
    }

    #[test]
    fn references_arrays_and_dictionaries() {
        let o = parse("<< /Kids [3 0 R 4 0 R 5] /Count 2 /F 1.5 /N null /B true >>");
        let d = o.as_dict().cloned().unwrap_or_default();
        assert_eq!(
            d.get(b"Kids"),
            Some(&Object::Array(vec![
                Object::Ref(Ref { num: 3, gen: 0 }),
                Object::Ref(Ref { num: 4, gen: 0 }),
                Object::Int(5)
            ]))
        );
        assert_eq!(d.get(b"Count"), Some(&Object::Int(2)));
        assert_eq!(d.get(b"F"), Some(&Object::Real(1.5)));
        assert_eq!(d.get(b"N"), Some(&Object::Null));
        assert_eq!(d.get(b"B"), Some(&Object::Bool(true)));
    }

    #[test]
    fn two_integers_without_r_stay_integers() {
        assert_eq!(parse("[1 2 3]"), Object::Array(vec![Object::Int(1), Object::Int(2), Object::Int(3)]));
        // `-1 0 R` is no reference: the numbers stay, the stray `R` is dropped.
        assert_eq!(parse("[-1 0 R]"), Object::Array(vec![Object::Int(-1), Object::Int(0)]));
    }

    #[test]
    fn nesting_beyond_the_limit_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse_object(&mut Lexer::new(deep.as_bytes())), Err(ParseError::TooDeep));
        let ok = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        assert!(parse_object(&mut Lexer::new(ok.as_bytes())).is_ok());
    }

    #[test]
    fn a_stream_with_a_wrong_length_ends_at_endstream() {
        let file = b"7 0 obj << /Length 999 >> stream\r\nabc\r\nendstream endobj";
        let (id, o) = parse_indirect(file, 0, &mut |o| o.as_int()).unwrap_or((Ref { num: 0, gen: 0 }, Object::Null));
        assert_eq!(id, Ref { num: 7, gen: 0 });
        let s = o.as_stream().map(|s| s.data.clone()).unwrap_or(0..0);
        assert_eq!(&file[s], b"abc");
        let good = b"1 0 obj<</Length 5>>stream\nab\nde\nendstream\nendobj";
        let (_, o) = parse_indirect(good, 0, &mut |o| o.as_int()).unwrap_or((id, Object::Null));
        let s = o.as_stream().map(|s| s.data.clone()).unwrap_or(0..0);
        assert_eq!(&good[s], b"ab\nde");
    }

    #[test]
    fn a_missing_bracket_does_not_swallow_the_stream() {
        let file = b"1 0 obj << /A [1 2 /Length 3 >> stream\nabc\nendstream endobj";
        let r = parse_indirect(file, 0, &mut |o| o.as_int());
        assert!(r.is_ok());
    }
}
