//! Our JSON format (`json::FORMAT`) read and written without serde_json: the viewer's wasm module
//! reads a portal's budget file and the head of the import worker's wire parts with it, and writes
//! the "download JSON" with it. serde_json (with the model's deserializers made for it, its float
//! parsing and the checks of `json::from_json`) is the largest part of a module that carries it;
//! this reader is a few hundred lines of it.
//!
//! It is as strict as `json::from_json`, which stays the reader of the command line and the import
//! worker: every value must have the type the model says, amounts are decimal strings in the form
//! `to_json` writes (`"9280.00"`, not `"9.28e3"`, `"+5"` or `9280`), unknown fields (other than a
//! `null` one) and duplicate keys are refused, nesting stops at `json::MAX_DEPTH`, and amounts at or
//! beyond `model::AMOUNT_LIMIT` are refused. Every error names the JSON path of the value at fault
//! and its line and column, in the words `json::from_json` uses (`tests/json_lite.rs` holds the two
//! readers to the same verdict on every case of `tests/bad/` and on mutated documents).
//!
//! Two passes: a syntax check (which also finds the envelope's `format` and `budget`) that names
//! the place of the first fault, then serde's derived deserializers of the model driven over the
//! `budget` value, on text now known to be JSON. Paths are put together only when an error unwinds.

use crate::model::Budget;
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// The format tag this version writes and reads (`json::FORMAT`).
pub const FORMAT: &str = "yusuan/1";
/// Larger input is refused before parsing (`json::MAX_BYTES`).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Deeper nesting is refused before parsing (`json::MAX_DEPTH`; the format itself nests 6 deep).
pub const MAX_DEPTH: usize = 64;

/// What kind of problem a `JsonError` is (as `json::JsonErrorKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// Input larger than `MAX_BYTES`.
    TooLarge,
    /// Objects and arrays nested deeper than `MAX_DEPTH`.
    TooDeep,
    /// Not JSON at all.
    Syntax,
    /// JSON, but not ours: no `format`, an unknown version, no `budget`.
    Format,
    /// Our format with a value of the wrong type or form, a missing or an unknown field.
    Data,
}

/// Why a JSON text could not be read as a budget, with where (as `json::JsonError`, same words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub kind: JsonErrorKind,
    /// JSON path of the value at fault (`budget.function_tables[0].rows[3].total`); empty when
    /// the problem is the whole input or no value could be named.
    pub path: String,
    /// 1-based line of the fault; 0 when it has no place (size limit).
    pub line: usize,
    /// 1-based column in characters; 0 when it has no place.
    pub column: usize,
    /// What is wrong, without the place.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, at) = (&self.path, self.line > 0);
        match (path.is_empty(), at, self.kind) {
            (false, true, JsonErrorKind::Syntax) => write!(f, "line {}, column {} (in {path}): {}", self.line, self.column, self.message),
            (false, true, _) => write!(f, "{path} (line {}, column {}): {}", self.line, self.column, self.message),
            (false, false, _) => write!(f, "{path}: {}", self.message),
            (true, true, _) => write!(f, "line {}, column {}: {}", self.line, self.column, self.message),
            (true, false, _) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for JsonError {}

/// Reads our format (a leading byte order mark is skipped). Errors name the JSON path, line and
/// column of the fault.
pub fn from_json(text: &str) -> Result<Budget, JsonError> {
    if text.len() > MAX_BYTES {
        return Err(too_large(text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(at) = too_deep(text.as_bytes()) {
        return Err(error(text, JsonErrorKind::TooDeep, at, &[], format!("nested deeper than {MAX_DEPTH} levels")));
    }
    let budget_at = Syntax::check(text)?;
    let budget = typed(text, budget_at, None)?;
    if let Some((v, _)) = budget.amount_beyond_limit() {
        // Read again to find where: the reader stops at that amount, which names its path.
        let wanted = v.to_string();
        let mut e = match typed(text, budget_at, Some(&wanted)) {
            Err(e) => e,
            Ok(_) => error(text, JsonErrorKind::Data, 0, &[], String::new()),
        };
        e.message = format!("amount \"{v}\" is too large: yusuan reads amounts below 10^14 (100,000,000,000,000) in their unit");
        return Err(e);
    }
    Ok(budget)
}

/// Reads our format given as bytes: UTF-8 (a BOM is skipped) or UTF-16 with its BOM, as editors
/// on Windows save; other bytes are refused with the line and column of the first that does not
/// decode (the rules and words of `json::from_json_bytes`).
pub fn from_json_bytes(input: &[u8]) -> Result<Budget, JsonError> {
    let fault = |line, column, message: String| JsonError { kind: JsonErrorKind::Syntax, path: String::new(), line, column, message };
    if input.len() > MAX_BYTES {
        return Err(too_large(input.len()));
    }
    let utf16 = |le: bool| {
        let units = input.get(2..).unwrap_or_default().chunks_exact(2).map(|p| {
            let pair = [p.first().copied().unwrap_or(0), p.get(1).copied().unwrap_or(0)];
            if le {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| {
            fault(0, 0, "UTF-16 text (it starts with a UTF-16 byte order mark) with an unpaired surrogate".into())
        })
    };
    let text = match input {
        [0xff, 0xfe, ..] => utf16(true)?,
        [0xfe, 0xff, ..] => utf16(false)?,
        _ => match std::str::from_utf8(input) {
            Ok(text) => return from_json(text),
            Err(e) => {
                let at = e.valid_up_to();
                let valid = std::str::from_utf8(input.get(..at).unwrap_or_default()).unwrap_or_default();
                let (line, column) = line_col(valid, at);
                return Err(fault(line, column, format!(
                    "not UTF-8: byte 0x{:02X} does not decode (JSON is UTF-8; text saved as GBK / GB18030 must be converted first)",
                    input.get(at).copied().unwrap_or(0)
                )));
            }
        },
    };
    from_json(&text)
}

/// The budget in our format, pretty-printed: byte for byte what `json::to_json` writes (two-space
/// indent, no trailing newline).
pub fn to_json(budget: &Budget) -> String {
    let mut w = Writer { out: String::with_capacity(4096), depth: 0 };
    // The model has only string-keyed structs, strings, integers and booleans: nothing here fails.
    let _ = Envelope { format: FORMAT, budget }.serialize(&mut w);
    w.out
}

// ---- errors ---------------------------------------------------------------------------------------

/// A step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

/// `budget.function_tables[0].rows[3].total`; keys that are not plain names are quoted.
fn render(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
            Seg::Key(k) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Key(k) => {
                out.push_str("[\"");
                for c in k.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        c => out.push(c),
                    }
                }
                out.push_str("\"]");
            }
        }
    }
    out
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before.get(line_start..).unwrap_or_default().chars().count() + 1)
}

fn error(text: &str, kind: JsonErrorKind, at: usize, path: &[Seg], message: String) -> JsonError {
    let (line, column) = line_col(text, at);
    JsonError { kind, path: render(path), line, column, message }
}

fn too_large(len: usize) -> JsonError {
    JsonError {
        kind: JsonErrorKind::TooLarge,
        path: String::new(),
        line: 0,
        column: 0,
        message: format!("input is {len} bytes; yusuan reads JSON of at most {MAX_BYTES} bytes (8 MiB)"),
    }
}

fn short(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
    }
}

/// How an amount must be written: the form `to_json` writes (Decimal's Display, scale kept).
const DECIMAL: &str = "a decimal string such as \"1234.50\"";

// ---- pass 1: syntax ------------------------------------------------------------------------------

/// The first `{` or `[` opened deeper than `MAX_DEPTH` (outside strings), before anything else is
/// read: 100,000 levels cost one loop, no recursion.
fn too_deep(b: &[u8]) -> Option<usize> {
    let (mut depth, mut i) = (0usize, 0);
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                i += 1;
                while let Some(&c) = b.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// A key of the document's root object: the key, where it and its value start and end.
struct Entry<'a> {
    key: Cow<'a, str>,
    key_at: usize,
    at: usize,
    end: usize,
}

/// A syntax fault: at a token (a string, number or word starting at `at`: its place and path are
/// the token's) or in a container (the innermost open one is named).
struct Fault1 {
    message: &'static str,
    token: Option<usize>,
}

/// serde_json's own syntax check, with its messages; places as `json::from_json` reports them.
struct Syntax<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    /// Open containers: where each starts and how long the path was when it opened.
    open: Vec<(usize, usize)>,
    path: Vec<Seg<'a>>,
    /// The root object's keys.
    top: Vec<Entry<'a>>,
}

impl<'a> Syntax<'a> {
    /// Checks the syntax, then the envelope `{"format": "yusuan/1", "budget": …}` (in that order,
    /// as `json::from_json` does); returns where the `budget` value starts.
    fn check(text: &'a str) -> Result<usize, JsonError> {
        let mut s = Syntax { text, b: text.as_bytes(), i: 0, open: Vec::new(), path: Vec::new(), top: Vec::new() };
        s.ws();
        let root = s.i;
        if let Err(f) = s.value().and_then(|_| s.end()) {
            return Err(s.fail(f));
        }
        let format_fault = |e: &Entry, message: String| error(text, JsonErrorKind::Format, e.at, &[Seg::Key(e.key.clone())], message);
        let raw = |e: &Entry| text.get(e.at..e.end).unwrap_or_default();
        if s.b.get(root) != Some(&b'{') {
            let got = match s.b.get(root) {
                Some(b'[') => "an array".to_string(),
                _ => short(text.get(root..).unwrap_or_default().trim_end()),
            };
            return Err(error(text, JsonErrorKind::Format, root, &[], format!("expected an object {{\"format\": \"{FORMAT}\", \"budget\": …}}, got {got}")));
        }
        match s.top.iter().find(|e| e.key == "format") {
            None => {
                let m = format!("no \"format\" field: not a yusuan JSON file (expected \"format\": \"{FORMAT}\")");
                return Err(error(text, JsonErrorKind::Format, root, &[], m));
            }
            Some(e) if raw(e).starts_with('"') => {
                let v = unescape(raw(e).get(1..raw(e).len() - 1).unwrap_or_default());
                if v != FORMAT {
                    let m = if v.starts_with("yusuan/") {
                        format!("unsupported format version \"{v}\": this yusuan reads \"{FORMAT}\"")
                    } else {
                        format!("expected \"{FORMAT}\", got {}", short(raw(e)))
                    };
                    return Err(format_fault(e, m));
                }
            }
            Some(e) => return Err(format_fault(e, format!("expected \"{FORMAT}\", got {}", short(raw(e))))),
        }
        let Some(budget) = s.top.iter().find(|e| e.key == "budget") else {
            return Err(error(text, JsonErrorKind::Format, root, &[], "no \"budget\" field".into()));
        };
        if let Some(e) = s.top.iter().find(|e| e.key != "format" && e.key != "budget") {
            return Err(format_fault(e, format!("unknown field `{}`, expected `format` or `budget`", e.key)));
        }
        for (i, e) in s.top.iter().enumerate() {
            if s.top[..i].iter().any(|x| x.key == e.key) {
                let m = format!("duplicate field `{}`", e.key);
                return Err(error(text, JsonErrorKind::Data, e.key_at, &[Seg::Key(e.key.clone())], m));
            }
        }
        Ok(budget.at)
    }

    fn fail(&self, f: Fault1) -> JsonError {
        let (at, path) = match (f.token, self.open.last()) {
            (Some(at), _) => (at, &self.path[..]),
            (None, Some(&(at, depth))) => (at, self.path.get(..depth).unwrap_or_default()),
            (None, None) => (self.i, &[][..]),
        };
        let message = explain(self.text, self.i, f.message);
        error(self.text, JsonErrorKind::Syntax, at, path, message)
    }

    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn at_token(&self) -> Option<usize> {
        match self.b.get(self.i) {
            None | Some(b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r') => None,
            Some(_) => Some(self.i),
        }
    }

    fn end(&mut self) -> Result<(), Fault1> {
        self.ws();
        match self.b.get(self.i) {
            None => Ok(()),
            Some(_) => Err(Fault1 { message: "trailing characters", token: None }),
        }
    }

    fn object(&mut self) -> Result<(), Fault1> {
        let root = self.open.is_empty();
        self.open.push((self.i, self.path.len()));
        self.i += 1;
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.open.pop();
            return Ok(());
        }
        loop {
            match self.b.get(self.i) {
                Some(b'"') => {}
                None => return Err(Fault1 { message: "EOF while parsing an object", token: None }),
                Some(_) => return Err(Fault1 { message: "key must be a string", token: self.at_token() }),
            }
            let key_at = self.i;
            self.string()?;
            let key = unescape(self.text.get(key_at + 1..self.i - 1).unwrap_or_default());
            self.ws();
            match self.b.get(self.i) {
                Some(b':') => self.i += 1,
                None => return Err(Fault1 { message: "EOF while parsing an object", token: None }),
                Some(_) => return Err(Fault1 { message: "expected `:`", token: None }),
            }
            self.ws();
            let at = self.i;
            self.path.push(Seg::Key(key));
            self.value()?;
            if let (true, Some(Seg::Key(key))) = (root, self.path.pop()) {
                self.top.push(Entry { key, key_at, at, end: self.i });
            }
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    if self.b.get(self.i) == Some(&b'}') {
                        return Err(Fault1 { message: "trailing comma", token: None });
                    }
                }
                Some(b'}') => {
                    self.i += 1;
                    self.open.pop();
                    return Ok(());
                }
                None => return Err(Fault1 { message: "EOF while parsing an object", token: None }),
                Some(_) => return Err(Fault1 { message: "expected `,` or `}`", token: None }),
            }
        }
    }

    fn array(&mut self) -> Result<(), Fault1> {
        self.open.push((self.i, self.path.len()));
        self.i += 1;
        self.ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            self.open.pop();
            return Ok(());
        }
        let mut n = 0;
        loop {
            self.path.push(Seg::Index(n));
            self.value()?;
            self.path.pop();
            n += 1;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    if self.b.get(self.i) == Some(&b']') {
                        return Err(Fault1 { message: "trailing comma", token: None });
                    }
                }
                Some(b']') => {
                    self.i += 1;
                    self.open.pop();
                    return Ok(());
                }
                None => return Err(Fault1 { message: "EOF while parsing a list", token: None }),
                Some(_) => return Err(Fault1 { message: "expected `,` or `]`", token: None }),
            }
        }
    }

    fn value(&mut self) -> Result<(), Fault1> {
        self.ws();
        let at = self.i;
        match self.b.get(at) {
            None => Err(Fault1 { message: "EOF while parsing a value", token: None }),
            Some(b'{') if self.open.len() < MAX_DEPTH => self.object(),
            Some(b'[') if self.open.len() < MAX_DEPTH => self.array(),
            Some(b'{' | b'[') => Err(Fault1 { message: "recursion limit exceeded", token: Some(at) }),
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word(b"true"),
            Some(b'f') => self.word(b"false"),
            Some(b'n') => self.word(b"null"),
            Some(_) => Err(Fault1 { message: "expected value", token: self.at_token() }),
        }
    }

    fn word(&mut self, w: &[u8]) -> Result<(), Fault1> {
        let at = self.i;
        for &c in w {
            match self.b.get(self.i) {
                Some(&x) if x == c => self.i += 1,
                None => return Err(Fault1 { message: "EOF while parsing a value", token: Some(at) }),
                Some(_) => return Err(Fault1 { message: "expected ident", token: Some(at) }),
            }
        }
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.b.get(self.i), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<(), Fault1> {
        let at = self.i;
        let bad = |s: &Self| match s.b.get(s.i) {
            None => Fault1 { message: "EOF while parsing a value", token: Some(at) },
            Some(_) => Fault1 { message: "invalid number", token: Some(at) },
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(bad(self)),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(bad(self));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(bad(self));
            }
        }
        Ok(())
    }

    /// A string at `self.i` (a `"`); afterwards `self.i` is past its closing quote.
    fn string(&mut self) -> Result<(), Fault1> {
        let at = self.i;
        let fault = |message| Fault1 { message, token: Some(at) };
        self.i += 1;
        loop {
            let Some(&c) = self.b.get(self.i) else { return Err(fault("EOF while parsing a string")) };
            self.i += 1;
            match c {
                b'"' => return Ok(()),
                0..=0x1f => return Err(fault("control character (\\u0000-\\u001F) found while parsing a string")),
                b'\\' => {
                    let Some(&e) = self.b.get(self.i) else { return Err(fault("EOF while parsing a string")) };
                    self.i += 1;
                    match e {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            let u = self.hex().ok_or_else(|| fault(if self.i >= self.b.len() { "EOF while parsing a string" } else { "invalid escape" }))?;
                            if (0xdc00..0xe000).contains(&u) {
                                return Err(fault("lone leading surrogate in hex escape"));
                            }
                            if (0xd800..0xdc00).contains(&u) {
                                if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err(fault("unexpected end of hex escape"));
                                }
                                self.i += 2;
                                let low = self.hex().ok_or_else(|| fault("invalid escape"))?;
                                if !(0xdc00..0xe000).contains(&low) {
                                    return Err(fault("lone leading surrogate in hex escape"));
                                }
                            }
                        }
                        _ => return Err(fault("invalid escape")),
                    }
                }
                _ => {}
            }
        }
    }

    fn hex(&mut self) -> Option<u32> {
        let h = self.b.get(self.i..self.i + 4)?;
        let mut v = 0;
        for &c in h {
            v = v * 16 + (c as char).to_digit(16)?;
        }
        self.i += 4;
        Some(v)
    }
}

/// serde_json's syntax messages with what they usually mean for a hand-edited or fetched file (the
/// words of `json::from_json`).
fn explain(text: &str, at: usize, message: &str) -> String {
    let start = text.trim_start();
    if start.is_empty() {
        return format!("{message}: the input is empty");
    }
    let head: String = start.lines().next().unwrap_or("").chars().take(40).collect();
    if start.starts_with('<') {
        return format!("not JSON but markup: the text starts with «{head}» (an HTML page: a wrong address or a server's error page?)");
    }
    let first_line = !text.get(..at).unwrap_or(text).contains('\n');
    if !start.starts_with(['{', '[']) && first_line {
        let what = if head.contains([',', '\t']) { " (a CSV / spreadsheet export?)" } else { "" };
        return format!("not JSON: the text starts with «{head}»{what}; a yusuan file starts with {{\"format\": \"{FORMAT}\"");
    }
    let here = text.get(at..).and_then(|r| r.chars().next());
    match message {
        m if m.starts_with("EOF while parsing") => format!("{m}: the text ends early (cut off?)"),
        "trailing characters" => "trailing characters: more text after the end of the JSON value (two files pasted together?)".into(),
        "key must be a string" if here == Some('\'') => format!("{message}: keys and strings need double quotes (\"…\"), not single quotes"),
        "key must be a string" if here == Some(',') => format!("{message}: a stray comma (two commas in a row, or one right after {{)?"),
        "expected value" if matches!(here, Some('N' | 'I' | '-')) => {
            format!("expected a value; NaN and Infinity are not JSON (amounts are written as {DECIMAL})")
        }
        m if m.contains("hex escape") || m.contains("surrogate") => {
            format!("{m}: a \\uD800–\\uDBFF escape must be followed by a \\uDC00–\\uDFFF one (an unpaired UTF-16 surrogate)")
        }
        m => m.to_string(),
    }
}

/// The characters of a string's contents (between its quotes), escapes resolved; borrowed when it
/// has none. The syntax pass has checked the escapes.
fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    let hex = |c: &mut std::str::Chars| -> u32 { (0..4).fold(0, |v, _| v * 16 + c.next().and_then(|d| d.to_digit(16)).unwrap_or(0)) };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = match chars.next() {
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let mut u = hex(&mut chars);
                if (0xd800..0xdc00).contains(&u) {
                    chars.next();
                    chars.next();
                    let low = hex(&mut chars);
                    u = 0x10000 + ((u - 0xd800) << 10) + (low.wrapping_sub(0xdc00) & 0x3ff);
                }
                char::from_u32(u).unwrap_or('\u{fffd}')
            }
            Some(c) => c,
            None => break,
        };
        out.push(e);
    }
    Cow::Owned(out)
}

// ---- pass 2: the model's deserializers over text known to be JSON --------------------------------

/// A fault met while reading values: its message, where (byte offset, once known) and the path,
/// innermost step first (steps are added while the error unwinds). Boxed: every `Result` the
/// model's deserializers pass along stays one word wide, which keeps their code small.
#[derive(Debug)]
pub struct Fault(Box<FaultInner>);

#[derive(Debug)]
struct FaultInner {
    message: String,
    at: Option<usize>,
    path: Vec<Seg<'static>>,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Fault {}

impl de::Error for Fault {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Fault::new(msg.to_string(), None)
    }
}

impl ser::Error for Fault {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Fault::new(msg.to_string(), None)
    }
}

impl Fault {
    #[inline(never)]
    fn new(message: String, at: Option<usize>) -> Fault {
        Fault(Box::new(FaultInner { message, at, path: Vec::new() }))
    }

    /// Where the fault is, unless a deeper value said so already.
    #[inline(never)]
    fn at(mut self, at: usize) -> Self {
        self.0.at.get_or_insert(at);
        self
    }

    /// The fault of a struct's or map's value at `at`, under its key.
    #[inline(never)]
    fn value_of(self, key: Option<(Cow<'_, str>, usize)>, at: usize) -> Self {
        match key {
            Some((k, _)) => self.under(Seg::Key(k), at),
            None => self.at(at),
        }
    }

    /// The fault of the value at `at` under `step` (a key or an index) of its parent.
    #[inline(never)]
    fn under(mut self, step: Seg<'_>, at: usize) -> Self {
        self.0.at.get_or_insert(at);
        self.0.path.push(match step {
            Seg::Key(k) => Seg::Key(Cow::Owned(k.into_owned())),
            Seg::Index(i) => Seg::Index(i),
        });
        self
    }
}

/// The `budget` value at byte `at` as a `Budget`. `find`: stop with an error at this amount.
fn typed(text: &str, at: usize, find: Option<&str>) -> Result<Budget, JsonError> {
    let mut de = Reader { text, b: text.as_bytes(), i: at, find, pending: None };
    match serde::Deserialize::deserialize(Value(&mut de)) {
        Ok(b) => Ok(b),
        Err(Fault(f)) => {
            let mut path = vec![Seg::Key(Cow::Borrowed("budget"))];
            path.extend(f.path.into_iter().rev());
            Err(error(text, JsonErrorKind::Data, f.at.unwrap_or(at), &path, f.message))
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    find: Option<&'a str>,
    /// The key just read and where it starts, until its value is read: faults serde finds between
    /// the two (a duplicate field) are the key's.
    pending: Option<(Cow<'a, str>, usize)>,
}

impl<'a> Reader<'a> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    /// The end of the string whose `"` is at `self.i`.
    fn string_end(&self) -> usize {
        let mut i = self.i + 1;
        while let Some(&c) = self.b.get(i) {
            match c {
                b'\\' => i += 2,
                b'"' => return i + 1,
                _ => i += 1,
            }
        }
        self.b.len()
    }

    fn string(&mut self) -> Cow<'a, str> {
        let end = self.string_end();
        let raw = self.text.get(self.i + 1..end.saturating_sub(1)).unwrap_or_default();
        self.i = end;
        unescape(raw)
    }

    /// The end of the value at `self.i` (validated JSON).
    fn value_end(&self) -> usize {
        let mut i = self.i;
        let mut depth = 0usize;
        loop {
            match self.b.get(i) {
                None => return i,
                Some(b'"') => {
                    let r = Reader { text: self.text, b: self.b, i, find: None, pending: None };
                    i = r.string_end();
                }
                Some(b'{' | b'[') => {
                    depth += 1;
                    i += 1;
                }
                Some(b'}' | b']') => {
                    depth = depth.saturating_sub(1);
                    i += 1;
                }
                Some(b',' | b':' | b' ' | b'\t' | b'\n' | b'\r') => i += 1,
                Some(_) => {
                    while matches!(self.b.get(i), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                        i += 1;
                    }
                }
            }
            if depth == 0 {
                return i;
            }
        }
    }

    /// The value at `self.i` as an error message shows it.
    fn got(&mut self) -> String {
        match self.peek() {
            Some(b'{') => "an object".into(),
            Some(b'[') => "an array".into(),
            _ => short(self.text.get(self.i..self.value_end()).unwrap_or_default()),
        }
    }

    #[inline(never)]
    fn expected(&mut self, what: &str) -> Fault {
        let got = self.got();
        Fault::new(format!("expected {what}, got {got}"), Some(self.i))
    }

    fn skip(&mut self) {
        self.ws();
        self.i = self.value_end();
    }

    fn word(&mut self, w: &str) -> bool {
        self.ws();
        let hit = self.text.get(self.i..).is_some_and(|r| r.starts_with(w));
        if hit {
            self.i += w.len();
        }
        hit
    }

    /// A struct's fault: serde's own faults between a key and its value (a duplicate field) are
    /// the key's; others the struct's at `at`, unless a deeper value said where.
    #[inline(never)]
    fn struct_fault(&mut self, e: Fault, at: usize) -> Fault {
        match (e.0.at, self.pending.take()) {
            (None, Some((key, key_at))) => e.under(Seg::Key(key), key_at),
            _ => e.at(at),
        }
    }

    /// An integer token within `lo..=hi`.
    fn integer(&mut self, lo: i64, hi: u64, what: &str) -> Result<i128, Fault> {
        self.ws();
        let end = self.value_end();
        let tok = self.text.get(self.i..end).unwrap_or_default();
        let digits = tok.strip_prefix('-').unwrap_or(tok);
        let n = if !digits.is_empty() && digits.len() <= 20 && digits.bytes().all(|b| b.is_ascii_digit()) {
            let v = digits.bytes().fold(0i128, |v, b| v * 10 + i128::from(b - b'0'));
            Some(if tok.starts_with('-') { -v } else { v })
        } else {
            None
        };
        match n {
            Some(n) if n >= i128::from(lo) && n <= i128::from(hi) => {
                self.i = end;
                Ok(n)
            }
            _ => Err(self.expected(what)),
        }
    }
}

/// One value of the text, as serde's `Deserializer`.
struct Value<'r, 'a>(&'r mut Reader<'a>);

/// serde's "`a`, `b` or `c`" list of names, as its messages write it.
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => "nothing".into(),
        [a] => a.clone(),
        [a, b] => format!("{a} or {b}"),
        all => format!("one of {}", all.join(", ")),
    }
}

macro_rules! int {
    ($name:ident, $visit:ident, $lo:expr, $hi:expr, $what:expr) => {
        fn $name<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
            let at = self.0.i;
            let n = self.0.integer($lo as i64, $hi as u64, $what)?;
            v.$visit(n as _).map_err(|e: Fault| e.at(at))
        }
    };
}

impl<'a> de::Deserializer<'a> for Value<'_, 'a> {
    type Error = Fault;

    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        match self.0.peek() {
            Some(b'"') => self.deserialize_string(v),
            Some(b'{') => self.deserialize_map(v),
            Some(b'[') => self.deserialize_seq(v),
            Some(b't' | b'f') => self.deserialize_bool(v),
            Some(b'n') => self.deserialize_unit(v),
            Some(b'-') => self.deserialize_i64(v),
            _ => self.deserialize_u64(v),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        if self.0.word("true") {
            v.visit_bool(true)
        } else if self.0.word("false") {
            v.visit_bool(false)
        } else {
            Err(self.0.expected("a boolean"))
        }
    }

    int!(deserialize_i8, visit_i64, i8::MIN, i8::MAX, "an integer");
    int!(deserialize_i16, visit_i64, i16::MIN, i16::MAX, "an integer");
    int!(deserialize_i32, visit_i64, i32::MIN, i32::MAX, "an integer");
    int!(deserialize_i64, visit_i64, i64::MIN, i64::MAX, "an integer");
    int!(deserialize_u8, visit_u64, 0, u8::MAX, "an integer from 0 to 255");
    int!(deserialize_u16, visit_u64, 0, u16::MAX, "an integer from 0 to 65535");
    int!(deserialize_u32, visit_u64, 0, u32::MAX, "an integer from 0 to 4294967295");
    int!(deserialize_u64, visit_u64, 0, u64::MAX, "an integer");

    fn deserialize_f32<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Fault> {
        Err(self.0.expected("no floating-point number (the format has none)"))
    }

    fn deserialize_f64<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Fault> {
        Err(self.0.expected("no floating-point number (the format has none)"))
    }

    fn deserialize_char<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        self.deserialize_string(v)
    }

    /// Only `Decimal` asks for a `str` in the model (its `serde-str` form; `String` asks for a
    /// `string`): an amount, which must be written as `to_json` writes it.
    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        let r = self.0;
        if r.peek() != Some(b'"') {
            return Err(r.expected(DECIMAL));
        }
        let at = r.i;
        let s = r.string();
        let canonical = Decimal::from_str(&s).is_ok_and(|d| d.to_string() == s);
        if !canonical {
            r.i = at;
            return Err(r.expected(DECIMAL));
        }
        if r.find == Some(&*s) {
            return Err(Fault::new(String::new(), Some(at)));
        }
        v.visit_str(&s).map_err(|e: Fault| e.at(at))
    }

    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        let r = self.0;
        if r.peek() != Some(b'"') {
            return Err(r.expected("a string"));
        }
        let at = r.i;
        match r.string() {
            Cow::Borrowed(s) => v.visit_borrowed_str(s),
            Cow::Owned(s) => v.visit_string(s),
        }
        .map_err(|e: Fault| e.at(at))
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Fault> {
        Err(self.0.expected("no bytes (the format has none)"))
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Fault> {
        Err(self.0.expected("no bytes (the format has none)"))
    }

    fn deserialize_option<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        if self.0.word("null") {
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        if self.0.word("null") {
            v.visit_unit()
        } else {
            Err(self.0.expected("null"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(self, _: &'static str, v: V) -> Result<V::Value, Fault> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(self, _: &'static str, v: V) -> Result<V::Value, Fault> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        let r = self.0;
        if r.peek() != Some(b'[') {
            return Err(r.expected("an array"));
        }
        let at = r.i;
        r.i += 1;
        v.visit_seq(Items { r: &mut *r, n: 0 }).map_err(|e| e.at(at))
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _: usize, v: V) -> Result<V::Value, Fault> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(self, _: &'static str, _: usize, v: V) -> Result<V::Value, Fault> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        self.object(None, v)
    }

    fn deserialize_struct<V: Visitor<'a>>(self, _: &'static str, fields: &'static [&'static str], v: V) -> Result<V::Value, Fault> {
        self.object(Some(fields), v)
    }

    fn deserialize_enum<V: Visitor<'a>>(self, _: &'static str, variants: &'static [&'static str], v: V) -> Result<V::Value, Fault> {
        let r = self.0;
        if r.peek() != Some(b'"') {
            return Err(r.expected(&one_of(variants)));
        }
        let at = r.i;
        let s = r.string();
        if !variants.contains(&&*s) {
            r.i = at;
            return Err(r.expected(&one_of(variants)));
        }
        v.visit_enum(s.as_ref().into_deserializer()).map_err(|e: Fault| e.at(at))
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        self.deserialize_string(v)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fault> {
        self.0.skip();
        v.visit_unit()
    }
}

impl<'a> Value<'_, 'a> {
    /// An object: a struct's (`fields` known: other keys are refused unless their value is `null`)
    /// or a map's.
    fn object<V: Visitor<'a>>(self, fields: Option<&'static [&'static str]>, v: V) -> Result<V::Value, Fault> {
        let r = self.0;
        if r.peek() != Some(b'{') {
            return Err(r.expected("an object"));
        }
        let at = r.i;
        r.i += 1;
        let out = v.visit_map(Fields { r: &mut *r, fields, first: true });
        out.map_err(|e| r.struct_fault(e, at))
    }
}

struct Fields<'r, 'a> {
    r: &'r mut Reader<'a>,
    fields: Option<&'static [&'static str]>,
    first: bool,
}

impl<'a> de::MapAccess<'a> for Fields<'_, 'a> {
    type Error = Fault;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Fault> {
        let r = &mut *self.r;
        match r.peek() {
            Some(b'}') => {
                r.i += 1;
                return Ok(None);
            }
            Some(b',') if !self.first => {
                r.i += 1;
                r.ws();
            }
            _ => {}
        }
        self.first = false;
        if r.b.get(r.i) != Some(&b'"') {
            return Err(Fault::new("expected a key".into(), Some(r.i)));
        }
        let key_at = r.i;
        let key = r.string();
        if r.peek() == Some(b':') {
            r.i += 1;
        }
        if let Some(fields) = self.fields {
            if !fields.contains(&&*key) && !r.text.get(r.i..).is_some_and(|rest| rest.trim_start().starts_with("null")) {
                let mut known: Vec<&str> = fields.to_vec();
                known.sort_unstable();
                let known: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                r.ws();
                let message = format!("unknown field `{key}`, expected one of {}", known.join(", "));
                return Err(Fault::new(message, None).under(Seg::Key(key), r.i));
            }
        }
        let out = seed.deserialize(key.as_ref().into_deserializer()).map(Some);
        r.pending = Some((key, key_at));
        out
    }

    fn next_value_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<T::Value, Fault> {
        let r = &mut *self.r;
        let key = r.pending.take();
        r.ws();
        let at = r.i;
        seed.deserialize(Value(r)).map_err(|e| e.value_of(key, at))
    }
}

struct Items<'r, 'a> {
    r: &'r mut Reader<'a>,
    n: usize,
}

impl<'a> de::SeqAccess<'a> for Items<'_, 'a> {
    type Error = Fault;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>, Fault> {
        let r = &mut *self.r;
        match r.peek() {
            Some(b']') | None => {
                r.i += 1;
                return Ok(None);
            }
            Some(b',') if self.n > 0 => {
                r.i += 1;
                r.ws();
            }
            _ => {}
        }
        let (at, n) = (r.i, self.n);
        self.n += 1;
        seed.deserialize(Value(r)).map(Some).map_err(|e| e.under(Seg::Index(n), at))
    }
}

// ---- writing ---------------------------------------------------------------------------------------

#[derive(serde::Serialize)]
struct Envelope<'a> {
    format: &'static str,
    budget: &'a Budget,
}

/// serde_json's pretty printer, for the shapes the model has.
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push('"');
        let mut from = 0;
        for (i, b) in s.bytes().enumerate() {
            let esc = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(s.get(from..i).unwrap_or_default());
            from = i + 1;
            if esc.is_empty() {
                self.out.push_str("\\u00");
                self.out.push(HEX[usize::from(b >> 4)] as char);
                self.out.push(HEX[usize::from(b & 15)] as char);
            } else {
                self.out.push_str(esc);
            }
        }
        self.out.push_str(s.get(from..).unwrap_or_default());
        self.out.push('"');
    }

    fn open(&mut self, c: char) -> Compound<'_> {
        self.out.push(c);
        self.depth += 1;
        Compound { w: self, first: true }
    }
}

struct Compound<'w> {
    w: &'w mut Writer,
    first: bool,
}

impl Compound<'_> {
    fn item(&mut self) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        self.w.newline();
    }

    fn close(self, c: char) {
        self.w.depth -= 1;
        if !self.first {
            self.w.newline();
        }
        self.w.out.push(c);
    }
}

fn unsupported() -> Fault {
    ser::Error::custom("not part of the format")
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Fault;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = ser::Impossible<(), Fault>;
    type SerializeMap = ser::Impossible<(), Fault>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = ser::Impossible<(), Fault>;

    fn serialize_bool(self, v: bool) -> Result<(), Fault> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Fault> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Fault> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Fault> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Fault> {
        if v < 0 {
            self.out.push('-');
        }
        self.serialize_u64(v.unsigned_abs())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Fault> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Fault> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Fault> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Fault> {
        let mut digits = [0u8; 20];
        let (mut n, mut i) = (v, digits.len());
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), Fault> {
        Err(unsupported())
    }
    fn serialize_f64(self, _: f64) -> Result<(), Fault> {
        Err(unsupported())
    }
    fn serialize_char(self, v: char) -> Result<(), Fault> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Fault> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Fault> {
        Err(unsupported())
    }
    fn serialize_none(self) -> Result<(), Fault> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Fault> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Fault> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Fault> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Fault> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> Result<(), Fault> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<(), Fault> {
        Err(unsupported())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w>, Fault> {
        Ok(self.open('['))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'w>, Fault> {
        Ok(self.open('['))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'w>, Fault> {
        Ok(self.open('['))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, Fault> {
        Err(unsupported())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Fault> {
        Err(unsupported())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'w>, Fault> {
        Ok(self.open('{'))
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, Fault> {
        Err(unsupported())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Fault;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Fault> {
        self.item();
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Fault> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Fault;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Fault> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), Fault> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Fault;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Fault> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), Fault> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Fault;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> Result<(), Fault> {
        self.item();
        self.w.string(key);
        self.w.out.push_str(": ");
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Fault> {
        self.close('}');
        Ok(())
    }
}

/// A budget from JSON this build wrote, for the head of the wire parts (`wire::PartsReader`): the
/// same reader and checks as `from_json`.
pub(crate) fn from_json_trusted(text: &str) -> Result<Budget, JsonError> {
    from_json(text)
}
