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
//! beyond `gate::AMOUNT_LIMIT` (and whatever else the gate refuses) are refused. Every error names the JSON path of the value at fault
//! and its line and column, in the words `json::from_json` uses (`tests/json_lite.rs` holds the two
//! readers to the same verdict on every case of `tests/bad/` and on mutated documents).
//!
//! Two passes: a syntax check (which also finds the envelope's `format` and `budget`) that names
//! the place of the first fault, then serde's derived deserializers of the model driven over the
//! `budget` value, on text now known to be JSON. Paths are put together only when an error unwinds.

use crate::model::Budget;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fmt;

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
#[inline(never)]
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
    // The gate, as every reader ends in it (`gate::admit`).
    if let Err(r) = crate::gate::check(&budget) {
        let mut e = match &r.problem {
            // Read again to find where: the reader stops at that amount, which has its place.
            crate::gate::Problem::AmountBeyondLimit(v) => match typed(text, budget_at, Some(&v.to_string())) {
                Err(e) => e,
                Ok(_) => error(text, JsonErrorKind::Data, 0, &[], String::new()),
            },
            _ => {
                let (line, column) = place_of(text, &r.path).map_or((0, 0), |at| line_col(text, at));
                JsonError { kind: JsonErrorKind::Data, path: String::new(), line, column, message: String::new() }
            }
        };
        e.kind = JsonErrorKind::Data;
        e.path = r.path;
        e.message = r.problem.en();
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
    let mut w = Writer { out: String::with_capacity(4096), depth: 1, first: true };
    w.out.push('{');
    w.str("format", FORMAT);
    write::budget(&mut w, budget);
    w.close('}');
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

/// Where the value at `path` starts (a path as the gate writes it: `budget.function_tables[0].rows[3]`,
/// keys that are plain names), in text the syntax pass has checked; `None` when it is not there.
/// `json::place_of`'s answer, without its serde_json.
fn place_of(text: &str, path: &str) -> Option<usize> {
    let mut r = Check::<true>::new(text, 0, None);
    let mut rest = path.as_bytes();
    while let Some(&c) = rest.first() {
        if c == b'[' {
            let digits = rest.iter().skip(1).take_while(|b| b.is_ascii_digit()).count();
            let n = rest[1..1 + digits].iter().fold(0usize, |n, b| n.saturating_mul(10).saturating_add(usize::from(b - b'0')));
            rest = rest.get(digits + 2..).unwrap_or_default();
            if r.peek() != Some(b'[') {
                return None;
            }
            r.i += 1;
            for _ in 0..n {
                r.ws();
                r.i = r.value_end();
                if r.peek() != Some(b',') {
                    return None;
                }
                r.i += 1;
            }
            if matches!(r.peek(), Some(b']') | None) {
                return None;
            }
        } else {
            let name = rest.strip_prefix(b".").unwrap_or(rest);
            let len = name.iter().position(|&b| b == b'.' || b == b'[').unwrap_or(name.len());
            rest = &name[len..];
            if r.peek() != Some(b'{') {
                return None;
            }
            r.i += 1;
            loop {
                match r.peek() {
                    Some(b'"') => {}
                    Some(b',') => {
                        r.i += 1;
                        continue;
                    }
                    _ => return None,
                }
                let key = r.raw_string();
                if r.peek() == Some(b':') {
                    r.i += 1;
                }
                r.ws();
                if key.as_bytes() == &name[..len] {
                    break;
                }
                r.i = r.value_end();
            }
        }
    }
    r.ws();
    Some(r.i)
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
    #[inline(never)]
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
        m if m.ends_with("hex escape") => {
            format!("{m}: a \\uD800–\\uDBFF escape must be followed by a \\uDC00–\\uDFFF one (an unpaired UTF-16 surrogate)")
        }
        m => m.to_string(),
    }
}

/// The characters of a string's contents (between its quotes), escapes resolved; borrowed when it
/// has none. The syntax pass has checked the escapes.
fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.as_bytes().contains(&b'\\') {
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

// ---- pass 2: the model's schema over text known to be JSON ------------------------------------------

/// A fault met while checking values: its message, where (byte offset, once known) and the path,
/// innermost step first (steps are added while the error unwinds). Boxed: every `Result` passed
/// along stays one word wide, which keeps the code small.
#[derive(Debug)]
struct Fault(Box<FaultInner>);

#[derive(Debug)]
struct FaultInner {
    message: String,
    at: Option<usize>,
    path: Vec<Seg<'static>>,
}

impl Fault {
    #[inline(never)]
    fn new(message: String, at: Option<usize>) -> Fault {
        Fault(Box::new(FaultInner { message, at, path: Vec::new() }))
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

type R<T> = Result<T, Fault>;

/// What a value of the model is, as its JSON reader (serde's derive for `json::from_json`) takes it.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    /// An amount: a decimal string as `to_json` writes it (`Decimal`'s Display, scale kept).
    Dec,
    Bool,
    I32,
    U32,
    U8,
    /// A unit-variant enum by its serde names, in declaration order.
    Name(&'static [&'static str]),
    /// `model::Measure` (`Measure::from_name`).
    Measure,
    Obj(&'static Obj),
    List(&'static Ty),
    /// `null` or the value.
    Opt(&'static Ty),
}

/// A struct of the model: its fields in declaration order (serde's), their types, and the
/// required ones (neither `#[serde(default)]` nor an `Option`) as a bit mask of field indices.
struct Obj {
    fields: &'static [&'static str],
    types: &'static [Ty],
    required: u64,
}

/// The most fields a struct of the model has.
const MAX_FIELDS: usize = 18;
/// No value (an absent field, or `null` for an `Option`).
const NONE: u32 = u32::MAX;

/// The model as data: `Check` walks it, `build` constructs from what `Check` found. Every struct
/// here has its constructor in `build` with all its fields named, so a field added to the model
/// does not compile until it is read; `tests/json_lite.rs` holds the result to `json::from_json`'s
/// on every fixture and on mutated documents, and `schema_names_are_serdes` the names to serde's.
mod schema {
    use super::{Obj, Ty};

    macro_rules! required {
        ($($i:expr),*) => { 0 $(| (1u64 << $i))* };
    }

    pub const DOC_KIND: &[&str] = &["budget", "final_accounts"];
    pub const UNIT: &[&str] = &["元", "万元", "亿元"];
    pub const TOTAL_KIND: &[&str] = &[
        "income_this_year", "income_grand", "expenditure_this_year", "expenditure_grand", "carry_over_in", "carry_over_out", "basic",
        "project", "procurement",
    ];
    pub const ECONOMIC: &[&str] = &["personnel", "public", "households", "project"];
    pub const SANGONG_CATEGORY: &[&str] = &["total", "abroad", "reception", "vehicles", "vehicle_purchase", "vehicle_operation"];

    const U: Ty = Ty::Name(UNIT);
    const S: Ty = Ty::Str;
    const D: Ty = Ty::Dec;
    const OD: Ty = Ty::Opt(&Ty::Dec);
    const OU: Ty = Ty::Opt(&Ty::U32);
    const SRC: Ty = Ty::Obj(&SOURCE);

    pub static SOURCE: Obj = Obj {
        fields: &["line", "table", "label", "page", "file"],
        types: &[Ty::U32, Ty::Opt(&S), S, OU, OU],
        required: required!(0),
    };
    pub static FUNCTION_ROW: Obj = Obj {
        fields: &["code", "name", "total", "basic", "project", "source"],
        types: &[S, S, OD, OD, OD, SRC],
        required: required!(0, 1, 5),
    };
    pub static FUNCTION_TABLE: Obj = Obj {
        fields: &["title", "unit", "rows", "total"],
        types: &[S, U, Ty::List(&Ty::Obj(&FUNCTION_ROW)), Ty::Opt(&Ty::Obj(&FUNCTION_ROW))],
        required: required!(0, 1, 2),
    };
    pub static LINE: Obj =
        Obj { fields: &["name", "amount", "unit", "depth", "source"], types: &[S, D, U, Ty::U8, SRC], required: required!(0, 1, 2, 4) };
    pub static STATED_TOTAL: Obj =
        Obj { fields: &["kind", "amount", "unit", "source"], types: &[Ty::Name(TOTAL_KIND), D, U, SRC], required: required!(0, 1, 2, 3) };
    pub static ECONOMIC_LINE: Obj =
        Obj { fields: &["category", "amount", "unit", "source"], types: &[Ty::Name(ECONOMIC), D, U, SRC], required: required!(0, 1, 2, 3) };
    pub static PRIOR_YEAR: Obj = Obj {
        fields: &["year", "amount", "change", "percent", "unchanged", "unit", "source"],
        types: &[Ty::I32, OD, OD, OD, Ty::Bool, U, SRC],
        required: required!(0, 5, 6),
    };
    pub static COMPONENT: Obj = Obj { fields: &["name", "amount", "source"], types: &[S, D, SRC], required: required!(0, 1, 2) };
    pub static PROJECT: Obj = Obj {
        fields: &["name", "amount", "unit", "components", "components_complete", "prior", "source"],
        types: &[S, D, U, Ty::List(&Ty::Obj(&COMPONENT)), Ty::Bool, Ty::Opt(&Ty::Obj(&PRIOR_YEAR)), SRC],
        required: required!(0, 1, 2, 6),
    };
    pub static SANGONG: Obj = Obj {
        fields: &["year", "phase", "total", "abroad", "reception", "vehicles", "vehicle_purchase", "vehicle_operation", "unit", "source"],
        types: &[Ty::Opt(&Ty::I32), Ty::Opt(&Ty::Name(DOC_KIND)), OD, OD, OD, OD, OD, OD, U, SRC],
        required: required!(8, 9),
    };
    pub static SANGONG_STATEMENT: Obj = Obj {
        fields: &["category", "amount", "unit", "prior", "source"],
        types: &[Ty::Name(SANGONG_CATEGORY), D, U, Ty::Opt(&Ty::Obj(&PRIOR_YEAR)), SRC],
        required: required!(0, 1, 2, 4),
    };
    pub static COMPARISON: Obj = Obj {
        fields: &["subject", "measure", "amount", "prior"],
        types: &[S, Ty::Measure, D, Ty::Obj(&PRIOR_YEAR)],
        required: required!(0, 2, 3),
    };
    pub static STATEMENT: Obj = Obj {
        fields: &["subject", "path", "amount", "unit", "percent", "percent_of", "initial_budget", "source"],
        types: &[S, Ty::List(&S), D, U, OD, Ty::Opt(&S), OD, SRC],
        required: required!(0, 2, 3, 7),
    };
    pub static PROCUREMENT: Obj = Obj {
        fields: &["total", "goods", "works", "services", "unit", "source"],
        types: &[D, OD, OD, OD, U, SRC],
        required: required!(0, 4, 5),
    };
    pub static TASK: Obj = Obj {
        fields: &["name", "description", "total", "fiscal", "other", "unit", "source"],
        types: &[S, S, D, OD, OD, U, SRC],
        required: required!(0, 2, 5, 6),
    };
    pub static INDICATOR: Obj =
        Obj { fields: &["level1", "level2", "name", "target", "source"], types: &[S, S, S, S, SRC], required: required!(0, 1, 2, 3, 4) };
    pub static PERFORMANCE: Obj = Obj {
        fields: &["tasks", "stated_total", "goal", "indicators"],
        types: &[Ty::List(&Ty::Obj(&TASK)), Ty::Opt(&Ty::Obj(&LINE)), S, Ty::List(&Ty::Obj(&INDICATOR))],
        required: required!(0, 3),
    };
    pub static WARNING: Obj = Obj { fields: &["line", "message", "page"], types: &[Ty::U32, S, OU], required: required!(0, 1) };
    pub static BUDGET: Obj = Obj {
        fields: &[
            "department", "year", "kind", "unit", "income", "totals", "function_tables", "economic", "projects", "sangong", "sangong_text",
            "comparisons", "statements", "procurement", "performance", "missing_tables", "warnings", "files",
        ],
        types: &[
            S,
            Ty::Opt(&Ty::I32),
            Ty::Name(DOC_KIND),
            U,
            Ty::List(&Ty::Obj(&LINE)),
            Ty::List(&Ty::Obj(&STATED_TOTAL)),
            Ty::List(&Ty::Obj(&FUNCTION_TABLE)),
            Ty::List(&Ty::Obj(&ECONOMIC_LINE)),
            Ty::List(&Ty::Obj(&PROJECT)),
            Ty::List(&Ty::Obj(&SANGONG)),
            Ty::List(&Ty::Obj(&SANGONG_STATEMENT)),
            Ty::List(&Ty::Obj(&COMPARISON)),
            Ty::List(&Ty::Obj(&STATEMENT)),
            Ty::Opt(&Ty::Obj(&PROCUREMENT)),
            Ty::Opt(&Ty::Obj(&PERFORMANCE)),
            Ty::List(&S),
            Ty::List(&Ty::Obj(&WARNING)),
            Ty::List(&S),
        ],
        required: required!(0, 2, 3),
    };
}

/// The `budget` value at byte `at` as a `Budget`. `find`: stop with an error at this amount.
fn typed(text: &str, at: usize, find: Option<&str>) -> Result<Budget, JsonError> {
    let mut c = Check::<true>::new(text, at, find);
    match c.value(Ty::Obj(&schema::BUDGET)) {
        Ok(root) => Ok(build::budget(&Build { text, tape: &c.tape }, root)),
        Err(Fault(f)) => {
            let mut path = vec![Seg::Key(Cow::Borrowed("budget"))];
            path.extend(f.path.into_iter().rev());
            Err(error(text, JsonErrorKind::Data, f.at.unwrap_or(at), &path, f.message))
        }
    }
}

/// A cursor over text the syntax pass has checked, checking its values against the schema. What
/// it finds goes on the tape, for `Build`: a scalar is its byte offset in the text (a name: its
/// index among the names), an object the tape index of its fields' entries (in schema order), a
/// list the tape index of its length followed by its items' entries.
///
/// `M`: whether faults carry their message and path (`from_json`) or only say that there is one
/// (`from_parsed_json`, whose caller asks `from_json` for the words): without them the code is a
/// fraction of the size.
struct Check<'a, const M: bool> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    find: Option<&'a str>,
    tape: Vec<u32>,
    /// A string with an unpaired UTF-16 surrogate escape was read (`from_parsed_json`'s check,
    /// which `JSON.parse` lets through and serde_json does not).
    lone: bool,
}

impl<'a, const M: bool> Check<'a, M> {
    fn new(text: &'a str, i: usize, find: Option<&'a str>) -> Self {
        Check { text, b: text.as_bytes(), i, find, tape: Vec::new(), lone: false }
    }

    /// A fault without words (`M` false) or with them.
    fn fault(message: impl FnOnce() -> String, at: Option<usize>) -> Fault {
        Fault::new(if M { message() } else { String::new() }, at)
    }

    /// `e` under a step of its parent, when faults keep their place.
    fn under(e: Fault, step: Seg<'_>, at: usize) -> Fault {
        if M {
            e.under(step, at)
        } else {
            e
        }
    }

    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    /// The string at `self.i` (a `"`), escapes resolved.
    fn raw_string(&mut self) -> Cow<'a, str> {
        let end = string_end(self.b, self.i);
        let raw = self.text.get(self.i + 1..end.saturating_sub(1)).unwrap_or_default();
        self.i = end;
        // Most strings have no escape: one scan for a backslash, not three.
        if !raw.as_bytes().contains(&b'\\') {
            return Cow::Borrowed(raw);
        }
        if !M && lone_surrogate(raw) {
            self.lone = true;
        }
        unescape(raw)
    }

    /// The end of the value at `self.i`.
    fn value_end(&self) -> usize {
        value_end(self.b, self.i)
    }

    /// `expected …, got …` for the value at `self.i`.
    #[inline(never)]
    fn expected(&mut self, what: &str) -> Fault {
        if !M {
            return Self::fault(String::new, None);
        }
        let got = match self.peek() {
            Some(b'{') => "an object".to_string(),
            Some(b'[') => "an array".to_string(),
            _ => short(self.text.get(self.i..self.value_end()).unwrap_or_default()),
        };
        Fault::new(format!("expected {what}, got {got}"), Some(self.i))
    }

    fn word(&mut self, w: &str) -> bool {
        self.ws();
        let hit = self.text.get(self.i..).is_some_and(|r| r.starts_with(w));
        if hit {
            self.i += w.len();
        }
        hit
    }

    /// The opening `{` or `[` of a container.
    #[inline(never)]
    fn open(&mut self, c: u8, what: &str) -> R<usize> {
        if self.peek() != Some(c) {
            return Err(self.expected(what));
        }
        self.i += 1;
        Ok(self.i - 1)
    }

    /// A value of type `ty`; returns its tape entry.
    fn value(&mut self, ty: Ty) -> R<u32> {
        let at = self.i;
        let what = match ty {
            Ty::Opt(t) => return if self.word("null") { Ok(NONE) } else { self.value(*t) },
            Ty::Obj(o) => return self.object(o),
            Ty::List(t) => return self.list(*t),
            Ty::Str => "a string",
            Ty::Dec => DECIMAL,
            Ty::Bool => {
                if self.word("true") || self.word("false") {
                    return Ok(at as u32);
                }
                "a boolean"
            }
            Ty::I32 => return self.integer(i32::MIN.into(), i32::MAX as u64, "an integer"),
            Ty::U32 => return self.integer(0, u32::MAX.into(), "an integer from 0 to 4294967295"),
            Ty::U8 => return self.integer(0, u8::MAX.into(), "an integer from 0 to 255"),
            Ty::Name(names) => {
                if self.peek() == Some(b'"') {
                    let s = self.raw_string();
                    if let Some(k) = names.iter().position(|n| *n == s) {
                        return Ok(k as u32);
                    }
                    self.i = at;
                }
                return Err(self.expected(&one_of(names)));
            }
            Ty::Measure => {
                if self.peek() == Some(b'"') {
                    let start = self.i;
                    if crate::model::Measure::from_name(&self.raw_string()).is_some() {
                        return Ok(start as u32);
                    }
                    self.i = at;
                }
                return Err(self.expected(&one_of(&crate::model::Measure::EXPECTED)));
            }
        };
        if self.peek() != Some(b'"') {
            return Err(self.expected(what));
        }
        let start = self.i;
        let s = self.raw_string();
        if matches!(ty, Ty::Dec) {
            if canonical_decimal(&s).is_none() {
                self.i = start;
                return Err(self.expected(DECIMAL));
            }
            if self.find == Some(&*s) {
                return Err(Self::fault(String::new, Some(start)));
            }
        }
        Ok(start as u32)
    }

    /// An object of the struct `o`: unknown fields are refused unless their value is `null`
    /// (skipped), and so are repeated ones and missing required ones (serde's `missing field`, at
    /// the object's start, the first in field order).
    fn object(&mut self, o: &'static Obj) -> R<u32> {
        let start = self.open(b'{', "an object")?;
        let mut seen = 0u64;
        let mut slots = [NONE; MAX_FIELDS];
        while let Some((field, key, key_at)) = self.key(o.fields)? {
            let at = self.i;
            match field {
                Some(k) if seen & (1 << k) != 0 => {
                    return Err(Self::under(Self::fault(|| format!("duplicate field `{key}`"), None), Seg::Key(key), key_at));
                }
                Some(k) => {
                    seen |= 1 << k;
                    let ty = o.types.get(k).copied().unwrap_or(Ty::Str);
                    let v = self.value(ty).map_err(|e| Self::under(e, Seg::Key(key), at))?;
                    if let Some(s) = slots.get_mut(k) {
                        *s = v;
                    }
                }
                None => self.unknown(o.fields, &key)?,
            }
        }
        if let missing @ 1.. = o.required & !seen {
            let name = o.fields.get(missing.trailing_zeros() as usize).unwrap_or(&"");
            return Err(Self::fault(|| format!("missing field `{name}`"), Some(start)));
        }
        let block = self.tape.len() as u32;
        self.tape.extend_from_slice(slots.get(..o.fields.len()).unwrap_or_default());
        Ok(block)
    }

    /// The next key of an object and its field index (`None` past the last key).
    #[inline(never)]
    #[allow(clippy::type_complexity)]
    fn key(&mut self, fields: &[&str]) -> R<Option<(Option<usize>, Cow<'a, str>, usize)>> {
        match self.peek() {
            Some(b'}') | None => {
                self.i += 1;
                return Ok(None);
            }
            Some(b',') => {
                self.i += 1;
                self.ws();
            }
            _ => {}
        }
        let key_at = self.i;
        let key = self.raw_string();
        if self.peek() == Some(b':') {
            self.i += 1;
        }
        self.ws();
        Ok(Some((fields.iter().position(|f| *f == key), key, key_at)))
    }

    /// An unknown field: its `null` is skipped, anything else refused.
    #[inline(never)]
    fn unknown(&mut self, fields: &[&str], key: &str) -> R<()> {
        if self.word("null") {
            return Ok(());
        }
        if !M {
            return Err(Self::fault(String::new, None));
        }
        // The names in sorted order, as serde's message lists them (an insertion sort of at most
        // 17 names: core's sort would be more code than the rest of this reader's messages).
        let mut known: Vec<&str> = fields.to_vec();
        for i in 1..known.len() {
            let mut j = i;
            while j > 0 && known[j - 1] > known[j] {
                known.swap(j - 1, j);
                j -= 1;
            }
        }
        let mut message = format!("unknown field `{key}`, expected ");
        message.push_str(&one_of(&known));
        Err(Fault::new(message, None).under(Seg::Key(Cow::Borrowed(key)), self.i))
    }

    /// An array of `item`s.
    fn list(&mut self, item: Ty) -> R<u32> {
        self.open(b'[', "an array")?;
        let mut items = Vec::new();
        loop {
            match self.peek() {
                Some(b']') | None => {
                    self.i += 1;
                    break;
                }
                Some(b',') if !items.is_empty() => {
                    self.i += 1;
                    self.ws();
                }
                _ => {}
            }
            let at = self.i;
            let n = items.len();
            items.push(self.value(item).map_err(|e| Self::under(e, Seg::Index(n), at))?);
        }
        let block = self.tape.len() as u32;
        self.tape.push(items.len() as u32);
        self.tape.extend_from_slice(&items);
        Ok(block)
    }

    /// An integer token within `lo..=hi`.
    #[inline(never)]
    fn integer(&mut self, lo: i64, hi: u64, what: &str) -> R<u32> {
        self.ws();
        let start = self.i;
        let end = self.value_end();
        let tok = self.text.get(start..end).unwrap_or_default();
        match integer(tok) {
            Some(n) if n >= i128::from(lo) && n <= i128::from(hi) => {
                self.i = end;
                Ok(start as u32)
            }
            _ => Err(self.expected(what)),
        }
    }
}

/// serde's "`a`, `b` or `c`" list of names, as its messages write it.
fn one_of(names: &[&str]) -> String {
    let mut out = String::from(match names.len() {
        0 => "nothing",
        1 | 2 => "",
        _ => "one of ",
    });
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(if names.len() == 2 { " or " } else { ", " });
        }
        out.push('`');
        out.push_str(n);
        out.push('`');
    }
    out
}

/// Whether a string's contents (between its quotes) hold a `\\uD800`–`\\uDFFF` escape that is not
/// half of a high-low pair.
fn lone_surrogate(raw: &str) -> bool {
    let b = raw.as_bytes();
    let hex = |i: usize| -> Option<u32> {
        let h = b.get(i..i + 4)?;
        h.iter().try_fold(0u32, |v, &c| Some(v * 16 + (c as char).to_digit(16)?))
    };
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        if b.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let u = hex(i + 2).unwrap_or(0);
        i += 6;
        if (0xdc00..0xe000).contains(&u) {
            return true;
        }
        if (0xd800..0xdc00).contains(&u) {
            let low = if b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u') { hex(i + 2).unwrap_or(0) } else { 0 };
            if !(0xdc00..0xe000).contains(&low) {
                return true;
            }
            i += 6;
        }
    }
    false
}

/// The end of the string whose `"` is at `i`.
fn string_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of the value starting at `i`.
fn value_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    loop {
        match b.get(i) {
            None => return i,
            Some(b'"') => i = string_end(b, i),
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
                while matches!(b.get(i), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                    i += 1;
                }
            }
        }
        if depth == 0 {
            return i;
        }
    }
}

/// `-?digits` (at most 20 digits) as a number.
fn integer(tok: &str) -> Option<i128> {
    let digits = tok.strip_prefix('-').unwrap_or(tok);
    if digits.is_empty() || digits.len() > 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = digits.bytes().fold(0i128, |v, b| v * 10 + i128::from(b - b'0'));
    Some(if tok.starts_with('-') { -v } else { v })
}

/// The amount `s` spells when it is written exactly as `to_json` writes amounts (`Decimal`'s
/// Display, scale kept: `-?(0|[1-9]digits)(.digits)?`, at most 28 decimals and 96 bits of
/// mantissa), else `None`. The test `canonical_decimals_are_rust_decimals` holds it to
/// `Decimal::from_str(s)` read back by `to_string()`.
pub(crate) fn canonical_decimal(s: &str) -> Option<Decimal> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || (int.len() > 1 && int.starts_with('0')) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let frac = frac.unwrap_or("");
    if frac.len() > 28 || int.len() + frac.len() > 29 {
        return None;
    }
    let m = int.bytes().chain(frac.bytes()).fold(0u128, |m, b| m * 10 + u128::from(b - b'0'));
    if m >> 96 != 0 || (neg && m == 0) {
        return None;
    }
    let m = m as i128;
    Decimal::try_from_i128_with_scale(if neg { -m } else { m }, frac.len() as u32).ok()
}

/// What `Check` put on the tape, read back into the model: every value is known good, so nothing
/// here fails (an entry out of place reads as absent, never as a panic).
struct Build<'a> {
    text: &'a str,
    tape: &'a [u32],
}

impl Build<'_> {
    /// An object's field entries (absent ones `NONE`).
    fn fields(&self, at: u32, n: usize) -> [u32; MAX_FIELDS] {
        let mut f = [NONE; MAX_FIELDS];
        let from = at as usize;
        if let Some(s) = self.tape.get(from..from.saturating_add(n)) {
            f.get_mut(..n).unwrap_or_default().copy_from_slice(s);
        }
        f
    }

    fn raw(&self, at: u32) -> &str {
        let i = at as usize;
        self.text.get(i..value_end(self.text.as_bytes(), i)).unwrap_or_default()
    }

    fn string(&self, at: u32) -> String {
        if at == NONE {
            return String::new();
        }
        let r = self.raw(at);
        unescape(r.get(1..r.len().saturating_sub(1)).unwrap_or_default()).into_owned()
    }

    fn opt_string(&self, at: u32) -> Option<String> {
        (at != NONE).then(|| self.string(at))
    }

    fn opt_decimal(&self, at: u32) -> Option<Decimal> {
        if at == NONE {
            return None;
        }
        let r = self.raw(at);
        canonical_decimal(r.get(1..r.len().saturating_sub(1)).unwrap_or_default())
    }

    fn decimal(&self, at: u32) -> Decimal {
        self.opt_decimal(at).unwrap_or_default()
    }

    fn int(&self, at: u32) -> i64 {
        if at == NONE {
            return 0;
        }
        integer(self.raw(at)).unwrap_or(0) as i64
    }

    fn opt_i32(&self, at: u32) -> Option<i32> {
        (at != NONE).then(|| self.int(at) as i32)
    }

    fn opt_u32(&self, at: u32) -> Option<u32> {
        (at != NONE).then(|| self.int(at) as u32)
    }

    fn boolean(&self, at: u32) -> bool {
        at != NONE && self.text.as_bytes().get(at as usize) == Some(&b't')
    }

    fn list<T>(&self, at: u32, item: fn(&Self, u32) -> T) -> Vec<T> {
        let items = self.items(at);
        // A loop, not `collect`: the iterator adapters cost more code per item type.
        let mut out = Vec::with_capacity(items.len());
        for &e in items {
            out.push(item(self, e));
        }
        out
    }

    /// The entries of the list at `at`.
    fn items(&self, at: u32) -> &[u32] {
        if at == NONE {
            return &[];
        }
        let from = at as usize;
        let n = self.tape.get(from).copied().unwrap_or(0) as usize;
        self.tape.get(from + 1..from + 1 + n).unwrap_or_default()
    }

    fn strings(&self, at: u32) -> Vec<String> {
        self.list(at, Self::string)
    }
}

/// The model's constructors, one per struct of `schema`, fields in its order.
mod build {
    use super::{Build, NONE};
    use crate::model::*;
    use crate::money::Unit;

    pub(super) fn unit(i: u32) -> Unit {
        match i {
            0 => Unit::Yuan,
            2 => Unit::Yiyuan,
            _ => Unit::Wanyuan,
        }
    }

    pub(super) fn doc_kind(i: u32) -> DocKind {
        if i == 1 {
            DocKind::FinalAccounts
        } else {
            DocKind::Budget
        }
    }

    pub(super) fn total_kind(i: u32) -> TotalKind {
        use TotalKind::*;
        [IncomeThisYear, IncomeGrand, ExpenditureThisYear, ExpenditureGrand, CarryOverIn, CarryOverOut, Basic, Project, Procurement]
            .get(i as usize)
            .copied()
            .unwrap_or(IncomeThisYear)
    }

    pub(super) fn sangong_category(i: u32) -> SanGongCategory {
        SanGongCategory::ALL.get(i as usize).copied().unwrap_or(SanGongCategory::Total)
    }

    pub(super) fn economic_category(i: u32) -> EconomicCategory {
        EconomicCategory::ALL.get(i as usize).copied().unwrap_or(EconomicCategory::Personnel)
    }

    fn source(b: &Build, at: u32) -> Source {
        let f = b.fields(at, 5);
        Source {
            line: b.int(f[0]) as u32,
            table: b.opt_string(f[1]),
            label: b.string(f[2]),
            page: b.opt_u32(f[3]),
            file: b.opt_u32(f[4]),
        }
    }

    fn function_row(b: &Build, at: u32) -> FunctionRow {
        let f = b.fields(at, 6);
        FunctionRow {
            code: b.string(f[0]),
            name: b.string(f[1]),
            total: b.opt_decimal(f[2]),
            basic: b.opt_decimal(f[3]),
            project: b.opt_decimal(f[4]),
            source: source(b, f[5]),
        }
    }

    fn function_table(b: &Build, at: u32) -> FunctionTable {
        let f = b.fields(at, 4);
        FunctionTable {
            title: b.string(f[0]),
            unit: unit(f[1]),
            rows: b.list(f[2], function_row),
            total: (f[3] != NONE).then(|| function_row(b, f[3])),
        }
    }

    fn line(b: &Build, at: u32) -> Line {
        let f = b.fields(at, 5);
        Line { name: b.string(f[0]), amount: b.decimal(f[1]), unit: unit(f[2]), depth: b.int(f[3]) as u8, source: source(b, f[4]) }
    }

    fn stated_total(b: &Build, at: u32) -> StatedTotal {
        let f = b.fields(at, 4);
        StatedTotal { kind: total_kind(f[0]), amount: b.decimal(f[1]), unit: unit(f[2]), source: source(b, f[3]) }
    }

    fn economic_line(b: &Build, at: u32) -> EconomicLine {
        let f = b.fields(at, 4);
        EconomicLine { category: economic_category(f[0]), amount: b.decimal(f[1]), unit: unit(f[2]), source: source(b, f[3]) }
    }

    fn prior_year(b: &Build, at: u32) -> PriorYear {
        let f = b.fields(at, 7);
        PriorYear {
            year: b.int(f[0]) as i32,
            amount: b.opt_decimal(f[1]),
            change: b.opt_decimal(f[2]),
            percent: b.opt_decimal(f[3]),
            unchanged: b.boolean(f[4]),
            unit: unit(f[5]),
            source: source(b, f[6]),
        }
    }

    fn opt_prior_year(b: &Build, at: u32) -> Option<PriorYear> {
        (at != NONE).then(|| prior_year(b, at))
    }

    fn component(b: &Build, at: u32) -> Component {
        let f = b.fields(at, 3);
        Component { name: b.string(f[0]), amount: b.decimal(f[1]), source: source(b, f[2]) }
    }

    fn project(b: &Build, at: u32) -> Project {
        let f = b.fields(at, 7);
        Project {
            name: b.string(f[0]),
            amount: b.decimal(f[1]),
            unit: unit(f[2]),
            components: b.list(f[3], component),
            components_complete: b.boolean(f[4]),
            prior: opt_prior_year(b, f[5]),
            source: source(b, f[6]),
        }
    }

    fn sangong(b: &Build, at: u32) -> SanGong {
        let f = b.fields(at, 10);
        SanGong {
            year: b.opt_i32(f[0]),
            phase: (f[1] != NONE).then(|| doc_kind(f[1])),
            total: b.opt_decimal(f[2]),
            abroad: b.opt_decimal(f[3]),
            reception: b.opt_decimal(f[4]),
            vehicles: b.opt_decimal(f[5]),
            vehicle_purchase: b.opt_decimal(f[6]),
            vehicle_operation: b.opt_decimal(f[7]),
            unit: unit(f[8]),
            source: source(b, f[9]),
        }
    }

    fn sangong_statement(b: &Build, at: u32) -> SanGongStatement {
        let f = b.fields(at, 5);
        SanGongStatement {
            category: sangong_category(f[0]),
            amount: b.decimal(f[1]),
            unit: unit(f[2]),
            prior: opt_prior_year(b, f[3]),
            source: source(b, f[4]),
        }
    }

    fn comparison(b: &Build, at: u32) -> Comparison {
        let f = b.fields(at, 4);
        Comparison {
            subject: b.string(f[0]),
            measure: if f[1] == NONE { Measure::default() } else { Measure::from_name(&b.string(f[1])).unwrap_or_default() },
            amount: b.decimal(f[2]),
            prior: prior_year(b, f[3]),
        }
    }

    fn statement(b: &Build, at: u32) -> Statement {
        let f = b.fields(at, 8);
        Statement {
            subject: b.string(f[0]),
            path: b.strings(f[1]),
            amount: b.decimal(f[2]),
            unit: unit(f[3]),
            percent: b.opt_decimal(f[4]),
            percent_of: b.opt_string(f[5]),
            initial_budget: b.opt_decimal(f[6]),
            source: source(b, f[7]),
        }
    }

    fn procurement(b: &Build, at: u32) -> Procurement {
        let f = b.fields(at, 6);
        Procurement {
            total: b.decimal(f[0]),
            goods: b.opt_decimal(f[1]),
            works: b.opt_decimal(f[2]),
            services: b.opt_decimal(f[3]),
            unit: unit(f[4]),
            source: source(b, f[5]),
        }
    }

    fn task(b: &Build, at: u32) -> Task {
        let f = b.fields(at, 7);
        Task {
            name: b.string(f[0]),
            description: b.string(f[1]),
            total: b.decimal(f[2]),
            fiscal: b.opt_decimal(f[3]),
            other: b.opt_decimal(f[4]),
            unit: unit(f[5]),
            source: source(b, f[6]),
        }
    }

    fn indicator(b: &Build, at: u32) -> Indicator {
        let f = b.fields(at, 5);
        Indicator { level1: b.string(f[0]), level2: b.string(f[1]), name: b.string(f[2]), target: b.string(f[3]), source: source(b, f[4]) }
    }

    fn performance(b: &Build, at: u32) -> Performance {
        let f = b.fields(at, 4);
        Performance {
            tasks: b.list(f[0], task),
            stated_total: (f[1] != NONE).then(|| line(b, f[1])),
            goal: b.string(f[2]),
            indicators: b.list(f[3], indicator),
        }
    }

    fn warning(b: &Build, at: u32) -> Warning {
        let f = b.fields(at, 3);
        Warning { line: b.int(f[0]) as u32, message: b.string(f[1]), page: b.opt_u32(f[2]) }
    }

    #[inline(never)]
    pub(super) fn budget(b: &Build, at: u32) -> Budget {
        let f = b.fields(at, 18);
        Budget {
            department: b.string(f[0]),
            year: b.opt_i32(f[1]),
            kind: doc_kind(f[2]),
            unit: unit(f[3]),
            income: b.list(f[4], line),
            totals: b.list(f[5], stated_total),
            function_tables: b.list(f[6], function_table),
            economic: b.list(f[7], economic_line),
            projects: b.list(f[8], project),
            sangong: b.list(f[9], sangong),
            sangong_text: b.list(f[10], sangong_statement),
            comparisons: b.list(f[11], comparison),
            statements: b.list(f[12], statement),
            procurement: (f[13] != NONE).then(|| procurement(b, f[13])),
            performance: (f[14] != NONE).then(|| performance(b, f[14])),
            missing_tables: b.strings(f[15]),
            warnings: b.list(f[16], warning),
            files: b.strings(f[17]),
        }
    }
}

// ---- writing ---------------------------------------------------------------------------------------

/// serde_json's pretty printer (two-space indent, `"key": value`), written field by field for the
/// model's structs in their declaration order: `json::to_json`'s bytes without serde's serializer.
struct Writer {
    out: String,
    depth: usize,
    /// Nothing written yet in the innermost open container.
    first: bool,
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

    /// Starts the next entry of the open container (`key: ` in an object).
    #[inline(never)]
    fn next(&mut self, key: Option<&str>) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.newline();
        if let Some(k) = key {
            self.string(k);
            self.out.push_str(": ");
        }
    }

    #[inline(never)]
    fn open(&mut self, key: Option<&str>, c: char) {
        self.next(key);
        self.out.push(c);
        self.depth += 1;
        self.first = true;
    }

    #[inline(never)]
    fn close(&mut self, c: char) {
        self.depth -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(c);
        self.first = false;
    }

    #[inline(never)]
    fn str(&mut self, key: &str, s: &str) {
        self.next(Some(key));
        self.string(s);
    }

    #[inline(never)]
    fn raw(&mut self, key: &str, s: &str) {
        self.next(Some(key));
        self.out.push_str(s);
    }

    #[inline(never)]
    fn int(&mut self, key: &str, v: i64) {
        self.raw(key, &v.to_string());
    }

    fn boolean(&mut self, key: &str, v: bool) {
        self.raw(key, if v { "true" } else { "false" });
    }

    #[inline(never)]
    fn opt_str(&mut self, key: &str, s: Option<&str>) {
        match s {
            Some(s) => self.str(key, s),
            None => self.raw(key, "null"),
        }
    }

    #[inline(never)]
    fn dec(&mut self, key: &str, v: Option<Decimal>) {
        match v {
            Some(v) => self.str(key, &decimal_text(v)),
            None => self.raw(key, "null"),
        }
    }

    fn unit(&mut self, u: crate::money::Unit) {
        self.str("unit", u.zh());
    }

    /// `key: [ … ]` with each item written by `item`.
    fn list<T>(&mut self, key: &str, items: &[T], item: fn(&mut Self, &T)) {
        self.open(Some(key), '[');
        for x in items {
            item(self, x);
        }
        self.close(']');
    }

    /// `null` or the object `item` writes (which opens it).
    fn opt<T>(&mut self, key: &str, v: Option<&T>, item: fn(&mut Self, Option<&str>, &T)) {
        match v {
            Some(x) => item(self, Some(key), x),
            None => self.raw(key, "null"),
        }
    }
}

/// An amount as `Decimal`'s Display writes it (scale kept: `-1234.50`); `decimal_text_is_displays`
/// holds the two together.
pub(crate) fn decimal_text(v: Decimal) -> String {
    let digits = crate::money::digits(v, v.scale());
    if v.is_sign_negative() {
        format!("-{digits}")
    } else {
        digits
    }
}

/// The writers of the model's structs, fields in declaration order (serde's).
mod write {
    use super::Writer;
    use crate::model::*;

    type K<'k> = Option<&'k str>;

    fn source(w: &mut Writer, s: &Source) {
        w.open(Some("source"), '{');
        w.int("line", s.line.into());
        if let Some(t) = &s.table {
            w.str("table", t);
        }
        w.str("label", &s.label);
        if let Some(p) = s.page {
            w.int("page", p.into());
        }
        if let Some(f) = s.file {
            w.int("file", f.into());
        }
        w.close('}');
    }

    fn function_row(w: &mut Writer, k: K, r: &FunctionRow) {
        w.open(k, '{');
        w.str("code", &r.code);
        w.str("name", &r.name);
        w.dec("total", r.total);
        w.dec("basic", r.basic);
        w.dec("project", r.project);
        source(w, &r.source);
        w.close('}');
    }

    fn function_table(w: &mut Writer, t: &FunctionTable) {
        w.open(None, '{');
        w.str("title", &t.title);
        w.unit(t.unit);
        w.list("rows", &t.rows, |w, r| function_row(w, None, r));
        w.opt("total", t.total.as_ref(), function_row);
        w.close('}');
    }

    fn line(w: &mut Writer, k: K, l: &Line) {
        w.open(k, '{');
        w.str("name", &l.name);
        w.dec("amount", Some(l.amount));
        w.unit(l.unit);
        w.int("depth", l.depth.into());
        source(w, &l.source);
        w.close('}');
    }

    fn stated_total(w: &mut Writer, t: &StatedTotal) {
        w.open(None, '{');
        w.str("kind", super::schema::TOTAL_KIND.get(t.kind as usize).unwrap_or(&""));
        w.dec("amount", Some(t.amount));
        w.unit(t.unit);
        source(w, &t.source);
        w.close('}');
    }

    fn economic_line(w: &mut Writer, l: &EconomicLine) {
        w.open(None, '{');
        w.str("category", super::schema::ECONOMIC.get(l.category as usize).unwrap_or(&""));
        w.dec("amount", Some(l.amount));
        w.unit(l.unit);
        source(w, &l.source);
        w.close('}');
    }

    fn prior_year(w: &mut Writer, k: K, p: &PriorYear) {
        w.open(k, '{');
        w.int("year", p.year.into());
        w.dec("amount", p.amount);
        w.dec("change", p.change);
        w.dec("percent", p.percent);
        w.boolean("unchanged", p.unchanged);
        w.unit(p.unit);
        source(w, &p.source);
        w.close('}');
    }

    fn component(w: &mut Writer, c: &Component) {
        w.open(None, '{');
        w.str("name", &c.name);
        w.dec("amount", Some(c.amount));
        source(w, &c.source);
        w.close('}');
    }

    fn project(w: &mut Writer, p: &Project) {
        w.open(None, '{');
        w.str("name", &p.name);
        w.dec("amount", Some(p.amount));
        w.unit(p.unit);
        w.list("components", &p.components, component);
        w.boolean("components_complete", p.components_complete);
        w.opt("prior", p.prior.as_ref(), prior_year);
        source(w, &p.source);
        w.close('}');
    }

    fn doc_kind(k: DocKind) -> &'static str {
        super::schema::DOC_KIND.get(k as usize).unwrap_or(&"")
    }

    fn sangong(w: &mut Writer, s: &SanGong) {
        w.open(None, '{');
        match s.year {
            Some(y) => w.int("year", y.into()),
            None => w.raw("year", "null"),
        }
        w.opt_str("phase", s.phase.map(doc_kind));
        w.dec("total", s.total);
        w.dec("abroad", s.abroad);
        w.dec("reception", s.reception);
        w.dec("vehicles", s.vehicles);
        w.dec("vehicle_purchase", s.vehicle_purchase);
        w.dec("vehicle_operation", s.vehicle_operation);
        w.unit(s.unit);
        source(w, &s.source);
        w.close('}');
    }

    fn sangong_statement(w: &mut Writer, s: &SanGongStatement) {
        w.open(None, '{');
        w.str("category", s.category.as_str());
        w.dec("amount", Some(s.amount));
        w.unit(s.unit);
        w.opt("prior", s.prior.as_ref(), prior_year);
        source(w, &s.source);
        w.close('}');
    }

    fn comparison(w: &mut Writer, c: &Comparison) {
        w.open(None, '{');
        w.str("subject", &c.subject);
        w.str("measure", &c.measure.name());
        w.dec("amount", Some(c.amount));
        prior_year(w, Some("prior"), &c.prior);
        w.close('}');
    }

    fn statement(w: &mut Writer, s: &Statement) {
        w.open(None, '{');
        w.str("subject", &s.subject);
        w.list("path", &s.path, text);
        w.dec("amount", Some(s.amount));
        w.unit(s.unit);
        w.dec("percent", s.percent);
        w.opt_str("percent_of", s.percent_of.as_deref());
        w.dec("initial_budget", s.initial_budget);
        source(w, &s.source);
        w.close('}');
    }

    fn procurement(w: &mut Writer, k: K, p: &Procurement) {
        w.open(k, '{');
        w.dec("total", Some(p.total));
        w.dec("goods", p.goods);
        w.dec("works", p.works);
        w.dec("services", p.services);
        w.unit(p.unit);
        source(w, &p.source);
        w.close('}');
    }

    fn task(w: &mut Writer, t: &Task) {
        w.open(None, '{');
        w.str("name", &t.name);
        w.str("description", &t.description);
        w.dec("total", Some(t.total));
        w.dec("fiscal", t.fiscal);
        w.dec("other", t.other);
        w.unit(t.unit);
        source(w, &t.source);
        w.close('}');
    }

    fn indicator(w: &mut Writer, i: &Indicator) {
        w.open(None, '{');
        w.str("level1", &i.level1);
        w.str("level2", &i.level2);
        w.str("name", &i.name);
        w.str("target", &i.target);
        source(w, &i.source);
        w.close('}');
    }

    fn performance(w: &mut Writer, k: K, p: &Performance) {
        w.open(k, '{');
        w.list("tasks", &p.tasks, task);
        w.opt("stated_total", p.stated_total.as_ref(), line);
        w.str("goal", &p.goal);
        w.list("indicators", &p.indicators, indicator);
        w.close('}');
    }

    fn warning(w: &mut Writer, x: &Warning) {
        w.open(None, '{');
        w.int("line", x.line.into());
        w.str("message", &x.message);
        if let Some(p) = x.page {
            w.int("page", p.into());
        }
        w.close('}');
    }

    /// A string item of a list (`&String`: `Writer::list` passes `&T` of a `Vec<String>`).
    #[allow(clippy::ptr_arg)]
    fn text(w: &mut Writer, t: &String) {
        w.next(None);
        w.string(t);
    }

    pub(super) fn budget(w: &mut Writer, b: &Budget) {
        w.open(Some("budget"), '{');
        w.str("department", &b.department);
        match b.year {
            Some(y) => w.int("year", y.into()),
            None => w.raw("year", "null"),
        }
        w.str("kind", doc_kind(b.kind));
        w.unit(b.unit);
        w.list("income", &b.income, |w, l| line(w, None, l));
        w.list("totals", &b.totals, stated_total);
        w.list("function_tables", &b.function_tables, function_table);
        w.list("economic", &b.economic, economic_line);
        w.list("projects", &b.projects, project);
        w.list("sangong", &b.sangong, sangong);
        w.list("sangong_text", &b.sangong_text, sangong_statement);
        w.list("comparisons", &b.comparisons, comparison);
        w.list("statements", &b.statements, statement);
        w.opt("procurement", b.procurement.as_ref(), procurement);
        w.opt("performance", b.performance.as_ref(), performance);
        w.list("missing_tables", &b.missing_tables, text);
        w.list("warnings", &b.warnings, warning);
        if !b.files.is_empty() {
            w.list("files", &b.files, text);
        }
        w.close('}');
    }
}

/// Reads our format from text that `JSON.parse` has accepted (a page checks that first): the
/// budget `from_json` reads from it, or `None` where `from_json` refuses (its error then says where
/// and why). No messages, no syntax pass: what a one-kind module holds, a third of the code.
pub fn from_parsed_json(text: &str) -> Option<Budget> {
    if text.len() > MAX_BYTES {
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // No `too_deep` pass: `Check` descends only where the schema has a container (anything else in
    // a container's place is refused at its first byte), so its depth is the schema's, whatever
    // the text nests; `from_json` says where a text nests too deep.
    let mut c = Check::<false>::new(text, 0, None);
    let at = c.envelope()?;
    c.i = at;
    let root = c.value(Ty::Obj(&schema::BUDGET)).ok()?;
    if c.lone {
        return None;
    }
    let budget = build::budget(&Build { text, tape: &c.tape }, root);
    crate::gate::check(&budget).ok()?;
    Some(budget)
}

impl Check<'_, false> {
    /// The envelope `{"format": "yusuan/1", "budget": …}`, nothing else in it, each once: where the
    /// budget's value starts.
    fn envelope(&mut self) -> Option<usize> {
        self.open(b'{', "").ok()?;
        let (mut format, mut budget) = (false, None);
        loop {
            match self.peek() {
                Some(b'}') => break,
                Some(b',') => self.i += 1,
                _ => {}
            }
            self.ws();
            let key = self.raw_string();
            if self.peek() == Some(b':') {
                self.i += 1;
            }
            self.ws();
            match &*key {
                "format" if !format => {
                    format = true;
                    if self.peek() != Some(b'"') || self.raw_string() != FORMAT {
                        return None;
                    }
                }
                "budget" if budget.is_none() => {
                    budget = Some(self.i);
                    self.i = value_end(self.b, self.i);
                }
                _ => return None,
            }
        }
        budget.filter(|_| format)
    }
}

/// A budget from JSON this build wrote, for the head of the wire parts (`wire::PartsReader`): the
/// same reader and checks as `from_json`.
pub(crate) fn from_json_trusted(text: &str) -> Result<Budget, JsonError> {
    from_json(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// The old reader's rule: what `Decimal::from_str` reads and `to_string` writes back unchanged.
    fn displayed(s: &str) -> Option<(i128, u32, bool)> {
        Decimal::from_str(s).ok().filter(|d| d.to_string() == s).map(|d| (d.mantissa(), d.scale(), d.is_sign_negative()))
    }

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    #[test]
    fn canonical_decimals_are_rust_decimals() {
        let mut cases: Vec<String> = [
            "0", "-0", "-0.00", "0.0", "00", "01", "1.", ".5", "-.5", "+1", " 1", "1 ", "1e3", "1E3", "1_000", "１", "-", "", ".",
            "0.0000000000000000000000000001", "0.00000000000000000000000000001", "79228162514264337593543950335",
            "79228162514264337593543950336", "-79228162514264337593543950335", "7922816251426433759354395033.5",
            "7.9228162514264337593543950335", "1.0000000000000000000000000000", "1.00000000000000000000000000000",
            "12345678901234567890.123456789", "1509.59", "-6593.32", "100000000000000", "NaN", "inf",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let len = 1 + rng.below(34) as usize;
            let mut s: String = (0..len).map(|_| char::from(b'0' + rng.below(10) as u8)).collect();
            if rng.below(3) == 0 {
                s = s.trim_start_matches('0').to_string();
            }
            if rng.below(2) == 0 && !s.is_empty() {
                let at = rng.below(s.len() as u64 + 1) as usize;
                s.insert(at, '.');
            }
            if rng.below(3) == 0 {
                s.insert(0, '-');
            }
            cases.push(s);
        }
        for s in &cases {
            let mine = canonical_decimal(s).map(|d| (d.mantissa(), d.scale(), d.is_sign_negative()));
            assert_eq!(mine, displayed(s), "«{s}»");
        }
    }

    #[test]
    fn decimal_text_is_displays() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut values = vec![Decimal::ZERO, Decimal::MAX, Decimal::MIN, Decimal::from_parts(0, 0, 0, true, 2), Decimal::new(-5, 3)];
        for _ in 0..20_000 {
            let m = (rng.below(u64::MAX) as i128) >> rng.below(64);
            let m = if rng.below(2) == 0 { -m } else { m };
            values.push(Decimal::from_i128_with_scale(m, rng.below(29) as u32));
        }
        for v in values {
            assert_eq!(decimal_text(v), v.to_string(), "{v:?}");
        }
    }

    /// Every name the schema knows is the name serde's derive reads into the variant `build` makes,
    /// and serde knows no other (its unknown-variant message lists them all).
    #[test]
    fn schema_names_are_serdes() {
        use crate::model::{DocKind, EconomicCategory, SanGongCategory, TotalKind};
        fn check<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(names: &[&str], built: impl Fn(u32) -> T) {
            for (i, n) in names.iter().enumerate() {
                assert_eq!(serde_json::from_str::<T>(&format!("\"{n}\"")).unwrap(), built(i as u32), "{n}");
            }
            let e = serde_json::from_str::<T>("\"?\"").unwrap_err().to_string();
            assert!(e.contains(&one_of(names)), "{e}");
        }
        check::<crate::money::Unit>(schema::UNIT, build::unit);
        check::<DocKind>(schema::DOC_KIND, build::doc_kind);
        check::<TotalKind>(schema::TOTAL_KIND, build::total_kind);
        check::<EconomicCategory>(schema::ECONOMIC, build::economic_category);
        check::<SanGongCategory>(schema::SANGONG_CATEGORY, build::sangong_category);
    }

    /// Where the gate's path names a value: the line and column of the offset `place_of` finds.
    #[test]
    fn place_of_finds_the_value_a_path_names() {
        let text = "{\n  \"format\": \"yusuan/1\",\n  \"budget\": {\n    \"department\": \"a\\\"b\",\n    \"rows\": [\n      {\"code\": \"1\"},\n      {\"code\": \"20a\", \"x\": [1, 2]}\n    ]\n  }\n}";
        let at = |path: &str| place_of(text, path).map_or((0, 0), |i| line_col(text, i));
        assert_eq!(at("budget.rows[1].code"), (7, 16));
        assert_eq!(at("budget.department"), (4, 19));
        assert_eq!(at("budget.rows[1].x[1]"), (7, 32));
        assert_eq!(at("budget.rows[2]"), (0, 0));
        assert_eq!(at("format"), (2, 13));
    }
}
