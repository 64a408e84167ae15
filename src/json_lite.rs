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
use serde::de::{self, IntoDeserializer, Visitor};
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
    // The gate, as every reader ends in it (`gate::admit`).
    if let Err(r) = crate::gate::check(&budget) {
        let mut e = match &r.problem {
            // Read again to find where: the reader stops at that amount, which has its place.
            crate::gate::Problem::AmountBeyondLimit(v) => match typed(text, budget_at, Some(&v.to_string())) {
                Err(e) => e,
                Ok(_) => error(text, JsonErrorKind::Data, 0, &[], String::new()),
            },
            _ => {
                let (line, column) = place_of(text, &r.path);
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
/// The line and column where the value at `path` (`budget.function_tables[0].rows[3].code`, as
/// the gate names it) starts in `text`; (0, 0) when the text has no such value. A small walk of
/// its own over the text: our keys are plain names, so none needs unescaping.
pub(crate) fn place_of(text: &str, path: &str) -> (usize, usize) {
    // The path's steps: keys and indices.
    let mut want: Vec<Result<&str, usize>> = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            want.push(Ok(key));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else { return (0, 0) };
            let Ok(i) = r[..end].parse::<usize>() else { return (0, 0) };
            want.push(Err(i));
            rest = &r[end + 1..];
        }
    }
    let b = text.as_bytes();
    // Open containers: (object, current index, on the wanted path). The root is on it.
    let mut stack: Vec<(bool, usize, bool)> = Vec::new();
    let mut key: Option<&str> = None;
    let mut i = 0;
    let string_end = |from: usize| {
        let mut j = from + 1;
        while j < b.len() && b[j] != b'"' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        j.min(b.len())
    };
    while i < b.len() {
        let c = b[i];
        let in_object = stack.last().is_some_and(|s| s.0);
        if c == b'"' && in_object && key.is_none() {
            let end = string_end(i);
            key = text.get(i + 1..end);
            i = end + 1;
            continue;
        }
        let starts = matches!(c, b'{' | b'[' | b'"' | b'-' | b't' | b'f' | b'n') || c.is_ascii_digit();
        if starts && !(in_object && key.is_none()) {
            // On the path: every open container is, and this value's step is the next wanted one.
            let level = stack.len();
            let here = match stack.last() {
                None => false,
                Some(&(object, n, on)) => {
                    let step = if object { key.map(Ok) } else { Some(Err(n)) };
                    on && stack.iter().all(|s| s.2) && want.get(level - 1).copied() == step
                }
            };
            if here && level == want.len() {
                return line_col(text, i);
            }
            match c {
                b'{' | b'[' => {
                    stack.push((c == b'{', 0, here || level == 0));
                    key = None;
                    i += 1;
                    continue;
                }
                b'"' => i = string_end(i) + 1,
                _ => {
                    while i < b.len() && !matches!(b[i], b',' | b'}' | b']') && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
            }
            key = None;
            continue;
        }
        match c {
            b',' => {
                if let Some(top) = stack.last_mut() {
                    if !top.0 {
                        top.1 += 1;
                    }
                }
                key = None;
            }
            b'}' | b']' => {
                stack.pop();
                key = None;
            }
            _ => {}
        }
        i += 1;
    }
    (0, 0)
}

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
    let mut r = Reader { text, b: text.as_bytes(), i: at, find };
    match model::budget(&mut r) {
        Ok(b) => Ok(b),
        Err(Fault(f)) => {
            let mut path = vec![Seg::Key(Cow::Borrowed("budget"))];
            path.extend(f.path.into_iter().rev());
            Err(error(text, JsonErrorKind::Data, f.at.unwrap_or(at), &path, f.message))
        }
    }
}

type R<T> = Result<T, Fault>;

/// A cursor over text the syntax pass has checked, reading the values the model is made of.
struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    find: Option<&'a str>,
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

    /// The end of the string whose `"` is at `i`.
    fn string_end(&self, mut i: usize) -> usize {
        i += 1;
        while let Some(&c) = self.b.get(i) {
            match c {
                b'\\' => i += 2,
                b'"' => return i + 1,
                _ => i += 1,
            }
        }
        self.b.len()
    }

    /// The string at `self.i` (a `"`), escapes resolved.
    fn raw_string(&mut self) -> Cow<'a, str> {
        let end = self.string_end(self.i);
        let raw = self.text.get(self.i + 1..end.saturating_sub(1)).unwrap_or_default();
        self.i = end;
        unescape(raw)
    }

    /// The end of the value at `self.i`.
    fn value_end(&self) -> usize {
        let mut i = self.i;
        let mut depth = 0usize;
        loop {
            match self.b.get(i) {
                None => return i,
                Some(b'"') => i = self.string_end(i),
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

    /// `expected …, got …` for the value at `self.i`.
    #[inline(never)]
    fn expected(&mut self, what: &str) -> Fault {
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

    /// An object with these fields, calling `each(self, field index)` at each field's value (which
    /// it must read). Unknown fields are refused unless their value is `null` (skipped), and so are
    /// repeated ones and missing `required` ones (a bit per field index: serde's `missing field`,
    /// at the object's start, the first in field order).
    fn object(&mut self, fields: &'static [&'static str], required: u64, mut each: impl FnMut(&mut Self, usize) -> R<()>) -> R<()> {
        let start = self.open(b'{', "an object")?;
        let mut seen = 0u64;
        while let Some((field, key, key_at)) = self.key(fields)? {
            let at = self.i;
            let step = || Seg::Key(key.clone());
            match field {
                Some(k) if seen & (1 << k) != 0 => {
                    return Err(Fault::new(format!("duplicate field `{key}`"), None).under(step(), key_at));
                }
                Some(k) => {
                    seen |= 1 << k;
                    each(self, k).map_err(|e| e.under(step(), at))?;
                }
                None => self.unknown(fields, &key)?,
            }
        }
        match required & !seen {
            0 => Ok(()),
            missing => Err(Fault::new(format!("missing field `{}`", fields.get(missing.trailing_zeros() as usize).unwrap_or(&"")), Some(start))),
        }
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
        let mut known: Vec<&str> = fields.to_vec();
        known.sort_unstable();
        let known: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        let message = format!("unknown field `{key}`, expected one of {}", known.join(", "));
        Err(Fault::new(message, None).under(Seg::Key(Cow::Borrowed(key)), self.i))
    }

    /// An array, each item read by `item`.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> R<T>) -> R<Vec<T>> {
        self.open(b'[', "an array")?;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                Some(b']') | None => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b',') if !out.is_empty() => {
                    self.i += 1;
                    self.ws();
                }
                _ => {}
            }
            let at = self.i;
            let n = out.len();
            out.push(item(self).map_err(|e| e.under(Seg::Index(n), at))?);
        }
    }

    /// `null` as `None`, else the value.
    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> R<T>) -> R<Option<T>> {
        if self.word("null") {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    #[inline(never)]
    fn string(&mut self) -> R<String> {
        if self.peek() != Some(b'"') {
            return Err(self.expected("a string"));
        }
        Ok(self.raw_string().into_owned())
    }

    /// An amount: a decimal string as `to_json` writes it (`Decimal`'s Display, scale kept).
    #[inline(never)]
    fn decimal(&mut self) -> R<Decimal> {
        if self.peek() != Some(b'"') {
            return Err(self.expected(DECIMAL));
        }
        let at = self.i;
        let s = self.raw_string();
        let d = Decimal::from_str(&s).ok().filter(|d| d.to_string() == s);
        let Some(d) = d else {
            self.i = at;
            return Err(self.expected(DECIMAL));
        };
        if self.find == Some(&*s) {
            return Err(Fault::new(String::new(), Some(at)));
        }
        Ok(d)
    }

    #[inline(never)]
    fn boolean(&mut self) -> R<bool> {
        if self.word("true") {
            Ok(true)
        } else if self.word("false") {
            Ok(false)
        } else {
            Err(self.expected("a boolean"))
        }
    }

    /// An integer token within `lo..=hi`.
    #[inline(never)]
    fn integer(&mut self, lo: i64, hi: u64, what: &str) -> R<i128> {
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

    fn i32(&mut self) -> R<i32> {
        self.integer(i32::MIN.into(), i32::MAX as u64, "an integer").map(|n| n as i32)
    }

    fn u32(&mut self) -> R<u32> {
        self.integer(0, u32::MAX.into(), "an integer from 0 to 4294967295").map(|n| n as u32)
    }

    fn u8(&mut self) -> R<u8> {
        self.integer(0, u8::MAX.into(), "an integer from 0 to 255").map(|n| n as u8)
    }

    /// A unit-variant enum of the model (`Unit`, `DocKind`, …) through its serde derive, which knows
    /// the names; a `String` too (for fields that may become enums).
    /// A `Measure` by its name (`function:CODE` included), in the words of serde's enums.
    fn measure(&mut self) -> R<crate::model::Measure> {
        let at = self.i;
        if self.peek() == Some(b'"') {
            let s = self.raw_string();
            if let Some(m) = crate::model::Measure::from_name(&s) {
                return Ok(m);
            }
            self.i = at;
        }
        Err(self.expected(&one_of(&crate::model::Measure::EXPECTED)))
    }

    fn named<T: serde::de::DeserializeOwned>(&mut self) -> R<T> {
        T::deserialize(Name(self))
    }
}

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

/// The string at the cursor as serde's `Deserializer` for a unit-variant enum.
struct Name<'r, 'a>(&'r mut Reader<'a>);

impl<'de> de::Deserializer<'de> for Name<'_, '_> {
    type Error = Fault;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> R<V::Value> {
        Err(self.0.expected("a name"))
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, variants: &'static [&'static str], v: V) -> R<V::Value> {
        let r = self.0;
        let at = r.i;
        if r.peek() == Some(b'"') {
            let s = r.raw_string();
            if variants.contains(&&*s) {
                return v.visit_enum(s.as_ref().into_deserializer()).map_err(|e: Fault| e.at(at));
            }
            r.i = at;
        }
        Err(r.expected(&one_of(variants)))
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        let at = self.0.i;
        v.visit_string(self.0.string()?).map_err(|e: Fault| e.at(at))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// The model, field by field: what serde's derive would read, in a fraction of the code (the
/// derive makes a state machine per struct, generic over the deserializer, with a temporary and its
/// drop for every field). Every struct is built with all its fields named, so a field added to the
/// model does not compile until it is read here; `tests/json_lite.rs` holds the result to
/// `json::from_json`'s on every fixture and on mutated documents. Required fields are those serde
/// requires: neither `#[serde(default)]` nor an `Option`.
mod model {
    use super::{Reader, R};
    use crate::model::*;
    use crate::money::Unit;
    use rust_decimal::Decimal;

    /// Read by `Reader::object`: the required fields as a bit mask of `F`'s indices.
    macro_rules! required {
        ($($i:expr),*) => { 0 $(| (1u64 << $i))* };
    }

    pub(super) fn budget(r: &mut Reader) -> R<Budget> {
        let mut b = Budget::default();
        const F: &[&str] = &[
            "department", "year", "kind", "unit", "income", "totals", "function_tables", "economic", "projects", "sangong",
            "sangong_text", "comparisons", "statements", "procurement", "performance", "missing_tables", "warnings", "files",
        ];
        r.object(F, required!(0, 2, 3), |r, k| {
            match k {
                0 => b.department = r.string()?,
                1 => b.year = r.opt(Reader::i32)?,
                2 => b.kind = r.named()?,
                3 => b.unit = r.named()?,
                4 => b.income = r.list(line)?,
                5 => b.totals = r.list(stated_total)?,
                6 => b.function_tables = r.list(function_table)?,
                7 => b.economic = r.list(economic_line)?,
                8 => b.projects = r.list(project)?,
                9 => b.sangong = r.list(sangong)?,
                10 => b.sangong_text = r.list(sangong_statement)?,
                11 => b.comparisons = r.list(comparison)?,
                12 => b.statements = r.list(statement)?,
                13 => b.procurement = r.opt(procurement)?,
                14 => b.performance = r.opt(performance)?,
                15 => b.missing_tables = r.list(Reader::string)?,
                16 => b.warnings = r.list(warning)?,
                _ => b.files = r.list(Reader::string)?,
            }
            Ok(())
        })?;
        Ok(b)
    }

    #[inline(never)]
    fn source(r: &mut Reader) -> R<Source> {
        let mut s = Source::default();
        r.object(&["line", "table", "label", "page", "file"], required!(0), |r, k| {
            match k {
                0 => s.line = r.u32()?,
                1 => s.table = r.opt(Reader::string)?,
                2 => s.label = r.string()?,
                3 => s.page = r.opt(Reader::u32)?,
                _ => s.file = r.opt(Reader::u32)?,
            }
            Ok(())
        })?;
        Ok(s)
    }

    fn function_row(r: &mut Reader) -> R<FunctionRow> {
        let mut x = FunctionRow { code: String::new(), name: String::new(), total: None, basic: None, project: None, source: Source::default() };
        r.object(&["code", "name", "total", "basic", "project", "source"], required!(0, 1, 5), |r, k| {
            match k {
                0 => x.code = r.string()?,
                1 => x.name = r.string()?,
                2 => x.total = r.opt(Reader::decimal)?,
                3 => x.basic = r.opt(Reader::decimal)?,
                4 => x.project = r.opt(Reader::decimal)?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn function_table(r: &mut Reader) -> R<FunctionTable> {
        let mut x = FunctionTable { title: String::new(), unit: Unit::default(), rows: Vec::new(), total: None };
        r.object(&["title", "unit", "rows", "total"], required!(0, 1, 2), |r, k| {
            match k {
                0 => x.title = r.string()?,
                1 => x.unit = r.named()?,
                2 => x.rows = r.list(function_row)?,
                _ => x.total = r.opt(function_row)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn line(r: &mut Reader) -> R<Line> {
        let mut x = Line { name: String::new(), amount: Decimal::ZERO, unit: Unit::default(), depth: 0, source: Source::default() };
        r.object(&["name", "amount", "unit", "depth", "source"], required!(0, 1, 2, 4), |r, k| {
            match k {
                0 => x.name = r.string()?,
                1 => x.amount = r.decimal()?,
                2 => x.unit = r.named()?,
                3 => x.depth = r.u8()?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn stated_total(r: &mut Reader) -> R<StatedTotal> {
        let mut x = StatedTotal { kind: TotalKind::IncomeThisYear, amount: Decimal::ZERO, unit: Unit::default(), source: Source::default() };
        r.object(&["kind", "amount", "unit", "source"], required!(0, 1, 2, 3), |r, k| {
            match k {
                0 => x.kind = r.named()?,
                1 => x.amount = r.decimal()?,
                2 => x.unit = r.named()?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn economic_line(r: &mut Reader) -> R<EconomicLine> {
        let mut x = EconomicLine { category: EconomicCategory::Personnel, amount: Decimal::ZERO, unit: Unit::default(), source: Source::default() };
        r.object(&["category", "amount", "unit", "source"], required!(0, 1, 2, 3), |r, k| {
            match k {
                0 => x.category = r.named()?,
                1 => x.amount = r.decimal()?,
                2 => x.unit = r.named()?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn prior_year(r: &mut Reader) -> R<PriorYear> {
        let mut x =
            PriorYear { year: 0, amount: None, change: None, percent: None, unchanged: false, unit: Unit::default(), source: Source::default() };
        r.object(&["year", "amount", "change", "percent", "unchanged", "unit", "source"], required!(0, 5, 6), |r, k| {
            match k {
                0 => x.year = r.i32()?,
                1 => x.amount = r.opt(Reader::decimal)?,
                2 => x.change = r.opt(Reader::decimal)?,
                3 => x.percent = r.opt(Reader::decimal)?,
                4 => x.unchanged = r.boolean()?,
                5 => x.unit = r.named()?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn component(r: &mut Reader) -> R<Component> {
        let mut x = Component { name: String::new(), amount: Decimal::ZERO, source: Source::default() };
        r.object(&["name", "amount", "source"], required!(0, 1, 2), |r, k| {
            match k {
                0 => x.name = r.string()?,
                1 => x.amount = r.decimal()?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn project(r: &mut Reader) -> R<Project> {
        let mut x = Project {
            name: String::new(),
            amount: Decimal::ZERO,
            unit: Unit::default(),
            components: Vec::new(),
            components_complete: false,
            prior: None,
            source: Source::default(),
        };
        r.object(&["name", "amount", "unit", "components", "components_complete", "prior", "source"], required!(0, 1, 2, 6), |r, k| {
            match k {
                0 => x.name = r.string()?,
                1 => x.amount = r.decimal()?,
                2 => x.unit = r.named()?,
                3 => x.components = r.list(component)?,
                4 => x.components_complete = r.boolean()?,
                5 => x.prior = r.opt(prior_year)?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn sangong(r: &mut Reader) -> R<SanGong> {
        let mut x = SanGong {
            year: None,
            phase: None,
            total: None,
            abroad: None,
            reception: None,
            vehicles: None,
            vehicle_purchase: None,
            vehicle_operation: None,
            unit: Unit::default(),
            source: Source::default(),
        };
        const F: &[&str] =
            &["year", "phase", "total", "abroad", "reception", "vehicles", "vehicle_purchase", "vehicle_operation", "unit", "source"];
        r.object(F, required!(8, 9), |r, k| {
            match k {
                0 => x.year = r.opt(Reader::i32)?,
                1 => x.phase = r.opt(Reader::named)?,
                2 => x.total = r.opt(Reader::decimal)?,
                3 => x.abroad = r.opt(Reader::decimal)?,
                4 => x.reception = r.opt(Reader::decimal)?,
                5 => x.vehicles = r.opt(Reader::decimal)?,
                6 => x.vehicle_purchase = r.opt(Reader::decimal)?,
                7 => x.vehicle_operation = r.opt(Reader::decimal)?,
                8 => x.unit = r.named()?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn sangong_statement(r: &mut Reader) -> R<SanGongStatement> {
        let mut x = SanGongStatement { category: SanGongCategory::Total, amount: Decimal::ZERO, unit: Unit::default(), prior: None, source: Source::default() };
        r.object(&["category", "amount", "unit", "prior", "source"], required!(0, 1, 2, 4), |r, k| {
            match k {
                // `named`: a String today, an enum on its way (its JSON the same).
                0 => x.category = r.named()?,
                1 => x.amount = r.decimal()?,
                2 => x.unit = r.named()?,
                3 => x.prior = r.opt(prior_year)?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn comparison(r: &mut Reader) -> R<Comparison> {
        let mut x = Comparison { subject: String::new(), measure: Default::default(), amount: Decimal::ZERO, prior: prior_placeholder() };
        r.object(&["subject", "measure", "amount", "prior"], required!(0, 2, 3), |r, k| {
            match k {
                0 => x.subject = r.string()?,
                1 => x.measure = r.measure()?,
                2 => x.amount = r.decimal()?,
                _ => x.prior = prior_year(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn prior_placeholder() -> PriorYear {
        PriorYear { year: 0, amount: None, change: None, percent: None, unchanged: false, unit: Unit::default(), source: Source::default() }
    }

    fn statement(r: &mut Reader) -> R<Statement> {
        let mut x = Statement {
            subject: String::new(),
            path: Vec::new(),
            amount: Decimal::ZERO,
            unit: Unit::default(),
            percent: None,
            percent_of: None,
            initial_budget: None,
            source: Source::default(),
        };
        const F: &[&str] = &["subject", "path", "amount", "unit", "percent", "percent_of", "initial_budget", "source"];
        r.object(F, required!(0, 2, 3, 7), |r, k| {
            match k {
                0 => x.subject = r.string()?,
                1 => x.path = r.list(Reader::string)?,
                2 => x.amount = r.decimal()?,
                3 => x.unit = r.named()?,
                4 => x.percent = r.opt(Reader::decimal)?,
                5 => x.percent_of = r.opt(Reader::string)?,
                6 => x.initial_budget = r.opt(Reader::decimal)?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn procurement(r: &mut Reader) -> R<Procurement> {
        let mut x = Procurement { total: Decimal::ZERO, goods: None, works: None, services: None, unit: Unit::default(), source: Source::default() };
        r.object(&["total", "goods", "works", "services", "unit", "source"], required!(0, 4, 5), |r, k| {
            match k {
                0 => x.total = r.decimal()?,
                1 => x.goods = r.opt(Reader::decimal)?,
                2 => x.works = r.opt(Reader::decimal)?,
                3 => x.services = r.opt(Reader::decimal)?,
                4 => x.unit = r.named()?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn task(r: &mut Reader) -> R<Task> {
        let mut x = Task {
            name: String::new(),
            description: String::new(),
            total: Decimal::ZERO,
            fiscal: None,
            other: None,
            unit: Unit::default(),
            source: Source::default(),
        };
        r.object(&["name", "description", "total", "fiscal", "other", "unit", "source"], required!(0, 2, 5, 6), |r, k| {
            match k {
                0 => x.name = r.string()?,
                1 => x.description = r.string()?,
                2 => x.total = r.decimal()?,
                3 => x.fiscal = r.opt(Reader::decimal)?,
                4 => x.other = r.opt(Reader::decimal)?,
                5 => x.unit = r.named()?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn indicator(r: &mut Reader) -> R<Indicator> {
        let mut x = Indicator { level1: String::new(), level2: String::new(), name: String::new(), target: String::new(), source: Source::default() };
        r.object(&["level1", "level2", "name", "target", "source"], required!(0, 1, 2, 3, 4), |r, k| {
            match k {
                0 => x.level1 = r.string()?,
                1 => x.level2 = r.string()?,
                2 => x.name = r.string()?,
                3 => x.target = r.string()?,
                _ => x.source = source(r)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn performance(r: &mut Reader) -> R<Performance> {
        let mut x = Performance { tasks: Vec::new(), stated_total: None, goal: String::new(), indicators: Vec::new() };
        r.object(&["tasks", "stated_total", "goal", "indicators"], required!(0, 3), |r, k| {
            match k {
                0 => x.tasks = r.list(task)?,
                1 => x.stated_total = r.opt(line)?,
                2 => x.goal = r.string()?,
                _ => x.indicators = r.list(indicator)?,
            }
            Ok(())
        })?;
        Ok(x)
    }

    fn warning(r: &mut Reader) -> R<Warning> {
        let mut x = Warning { line: 0, message: String::new(), page: None };
        r.object(&["line", "message", "page"], required!(0, 1), |r, k| {
            match k {
                0 => x.line = r.u32()?,
                1 => x.message = r.string()?,
                _ => x.page = r.opt(Reader::u32)?,
            }
            Ok(())
        })?;
        Ok(x)
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

#[cfg(test)]
mod place_tests {
    use super::place_of;

    #[test]
    fn finds_the_value_a_path_names() {
        let text = "{\n  \"format\": \"yusuan/1\",\n  \"budget\": {\n    \"department\": \"a\\\"b\",\n    \"rows\": [\n      {\"code\": \"1\"},\n      {\"code\": \"20a\", \"x\": [1, 2]}\n    ]\n  }\n}";
        assert_eq!(place_of(text, "budget.rows[1].code"), (7, 16));
        assert_eq!(place_of(text, "budget.department"), (4, 19));
        assert_eq!(place_of(text, "budget.rows[1].x[1]"), (7, 32));
        assert_eq!(place_of(text, "budget.rows[2]"), (0, 0));
        assert_eq!(place_of(text, "format"), (2, 13));
    }
}
