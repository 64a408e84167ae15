//! Our versioned JSON format: `{"format": "yusuan/1", "budget": {…}}`, the `Budget` serde form with
//! every amount as a decimal string that keeps its printed scale (`"9280.00"` stays `"9280.00"`).
//!
//! Reading is strict, so a hand-edited file cannot silently lose a number: unknown fields,
//! amounts given as JSON numbers and decimal strings in any form but the plain one are errors.
//! Every error names the JSON path of the value at fault and its line and column. Paths come from
//! a small scanner over the input (no extra dependency): serde_json says *where* (byte position),
//! the scanner says *which value* is there.

use crate::model::Budget;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::str::FromStr;

/// The format tag this version writes and reads.
pub const FORMAT: &str = "yusuan/1";
/// Larger input is refused before parsing (a budget document is a few hundred KiB at most).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Deeper nesting is refused before parsing (the format itself nests 6 deep).
pub const MAX_DEPTH: usize = 64;

/// What kind of problem a `JsonError` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// Input larger than `MAX_BYTES`.
    TooLarge,
    /// Objects and arrays nested deeper than `MAX_DEPTH`.
    TooDeep,
    /// Not JSON at all (serde_json's syntax error, with its place).
    Syntax,
    /// JSON, but not ours: no `format`, an unknown version, no `budget`.
    Format,
    /// Our format with a value of the wrong type or form, a missing or an unknown field.
    Data,
}

/// Why a JSON text could not be read as a budget, with where.
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
        let at = if self.line > 0 { format!("line {}, column {}", self.line, self.column) } else { String::new() };
        match (self.path.is_empty(), at.is_empty(), self.kind) {
            (false, false, JsonErrorKind::Syntax) => write!(f, "{at} (in {}): {}", self.path, self.message),
            (false, false, _) => write!(f, "{} ({at}): {}", self.path, self.message),
            (false, true, _) => write!(f, "{}: {}", self.path, self.message),
            (true, false, _) => write!(f, "{at}: {}", self.message),
            (true, true, _) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for JsonError {}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'static str,
    budget: &'a Budget,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    #[allow(dead_code)]
    format: String,
    budget: Budget,
}

/// The budget in our format, pretty-printed (two-space indent, no trailing newline).
/// `to_json(&from_json(&s)?) == s` for any `s` this function wrote.
pub fn to_json(budget: &Budget) -> String {
    // The model has only string-keyed structs and no floats, so serialization cannot fail.
    serde_json::to_string_pretty(&EnvelopeOut { format: FORMAT, budget })
        .expect("Budget serializes to JSON (no non-string map keys, no floats)")
}

/// Reads our format given as bytes: UTF-8 (a BOM is skipped) or UTF-16 with its BOM, as editors
/// on Windows save. Other bytes are refused with the line and column of the first that does not
/// decode. The size limit is checked before anything is decoded.
pub fn from_json_bytes(input: &[u8]) -> Result<Budget, JsonError> {
    if input.len() > MAX_BYTES {
        return Err(too_large(input.len()));
    }
    let utf16 = |le: bool| -> Result<Budget, JsonError> {
        let units = input.get(2..).unwrap_or_default().chunks_exact(2).map(|p| {
            if le {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        match char::decode_utf16(units).collect::<Result<String, _>>() {
            Ok(text) => from_json(&text),
            Err(_) => Err(JsonError {
                kind: JsonErrorKind::Syntax,
                path: String::new(),
                line: 0,
                column: 0,
                message: "UTF-16 text (it starts with a UTF-16 byte order mark) with an unpaired surrogate".into(),
            }),
        }
    };
    match input {
        [0xff, 0xfe, ..] => return utf16(true),
        [0xfe, 0xff, ..] => return utf16(false),
        _ => {}
    }
    match std::str::from_utf8(input) {
        Ok(text) => from_json(text),
        Err(e) => {
            let at = e.valid_up_to();
            let valid = std::str::from_utf8(input.get(..at).unwrap_or_default()).unwrap_or_default();
            let (line, column) = line_col(valid, at);
            Err(JsonError {
                kind: JsonErrorKind::Syntax,
                path: String::new(),
                line,
                column,
                message: format!(
                    "not UTF-8: byte 0x{:02X} does not decode (JSON is UTF-8; text saved as GBK / GB18030 must be converted first)",
                    input.get(at).copied().unwrap_or(0)
                ),
            })
        }
    }
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

/// Reads our format back. Errors name the JSON path and the line and column of the fault.
/// A leading byte order mark (as Windows editors write) is skipped.
pub fn from_json(text: &str) -> Result<Budget, JsonError> {
    if text.len() > MAX_BYTES {
        return Err(too_large(text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(offset) = scan::too_deep(text, MAX_DEPTH) {
        let (line, column) = line_col(text, offset);
        return Err(JsonError {
            kind: JsonErrorKind::TooDeep,
            path: String::new(),
            line,
            column,
            message: format!("nested deeper than {MAX_DEPTH} levels"),
        });
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let mut err = serde_error(text, &e, false);
        err.message = explain_syntax(text, &e, err.message);
        err
    })?;
    check_envelope(text, &value)?;
    let budget = match serde_json::from_str::<EnvelopeIn>(text) {
        Ok(env) => env.budget,
        Err(e) => return Err(serde_error(text, &e, true)),
    };
    check_canonical(text, &value, &budget)?;
    check_limit(text, &budget)?;
    Ok(budget)
}

/// The gate (`gate::admit`: amounts below 10^14, bounded strings and counts, codes, years),
/// its refusal pointed at the value's place in the text.
fn check_limit(text: &str, budget: &Budget) -> Result<(), JsonError> {
    let Err(r) = crate::gate::check(budget) else { return Ok(()) };
    let (line, column) = place_of(text, &r.path);
    Err(JsonError { kind: JsonErrorKind::Data, path: r.path, line, column, message: r.problem.en() })
}

fn check_envelope(text: &str, value: &Value) -> Result<(), JsonError> {
    let fail = |path: &str, message: String| {
        let (line, column) = place_of(text, path);
        Err(JsonError { kind: JsonErrorKind::Format, path: path.to_string(), line, column, message })
    };
    let Some(top) = value.as_object() else {
        return fail("", format!("expected an object {{\"format\": \"{FORMAT}\", \"budget\": …}}, got {}", kind_of(value)));
    };
    match top.get("format") {
        None => return fail("", format!("no \"format\" field: not a yusuan JSON file (expected \"format\": \"{FORMAT}\")")),
        Some(Value::String(s)) if s == FORMAT => {}
        Some(Value::String(s)) if s.starts_with("yusuan/") => {
            return fail("format", format!("unsupported format version \"{s}\": this yusuan reads \"{FORMAT}\""))
        }
        Some(other) => return fail("format", format!("expected \"{FORMAT}\", got {}", short(&other.to_string()))),
    }
    if !top.contains_key("budget") {
        return fail("", "no \"budget\" field".to_string());
    }
    if let Some(k) = top.keys().find(|k| *k != "format" && *k != "budget") {
        return fail(&scan::render(&[scan::Seg::Key(k.clone())]), format!("unknown field `{k}`, expected `format` or `budget`"));
    }
    Ok(())
}

/// What serde accepted but we do not: unknown fields (serde ignores them) and decimal strings in
/// another form than the one we write (`"1e3"`, `"+5"`, `"1_000"`). Found by comparing the input
/// with the budget written back.
fn check_canonical(text: &str, input: &Value, budget: &Budget) -> Result<(), JsonError> {
    let written = serde_json::to_value(EnvelopeOut { format: FORMAT, budget })
        .expect("Budget serializes to a JSON value");
    let mut path = Vec::new();
    match first_difference(input, &written, &mut path) {
        None => Ok(()),
        Some(message) => {
            let p = scan::render(&path);
            let (line, column) = place_of(text, &p);
            Err(JsonError { kind: JsonErrorKind::Data, path: p, line, column, message })
        }
    }
}

fn first_difference(input: &Value, written: &Value, path: &mut Vec<scan::Seg>) -> Option<String> {
    match (input, written) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                path.push(scan::Seg::Key(k.clone()));
                match b.get(k) {
                    // Absent on output: an unknown field, or an optional one written only when set.
                    None if v.is_null() => {}
                    None => {
                        let known: Vec<String> = b.keys().map(|k| format!("`{k}`")).collect();
                        return Some(format!("unknown field `{k}`, expected one of {}", known.join(", ")));
                    }
                    Some(w) => {
                        if let Some(m) = first_difference(v, w, path) {
                            return Some(m);
                        }
                    }
                }
                path.pop();
            }
            None
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                path.push(scan::Seg::Index(i));
                if let Some(m) = first_difference(v, w, path) {
                    return Some(m);
                }
                path.pop();
            }
            None
        }
        // serde reads a struct from an array too (`[…]` for `{…}`): we write objects only.
        (a, b) if kind_of(a) != kind_of(b) => Some(format!("expected {}, got {}", kind_of(b), short(&a.to_string()))),
        (Value::String(a), Value::String(b)) if a != b => {
            if Decimal::from_str(b).is_ok() {
                Some(format!("expected {DECIMAL}, got {}", short(&input.to_string())))
            } else {
                Some(format!("expected {}, got {}", short(&written.to_string()), short(&input.to_string())))
            }
        }
        _ => None,
    }
}

/// A serde_json error turned into ours: its place mapped to the JSON path, its wording made plain.
fn serde_error(text: &str, e: &serde_json::Error, typed: bool) -> JsonError {
    let offset = byte_offset(text, e.line(), e.column());
    // The byte serde_json read last: the end of the offending value, or the unexpected character.
    let at = offset.saturating_sub(1);
    let found = scan::value_at(text, at);
    let (line, column) = line_col(text, found.as_ref().map_or(at, |v| v.start));
    let path = found.as_ref().map(|v| scan::render(&v.path)).unwrap_or_default();
    let raw = found.as_ref().and_then(|v| text.get(v.start..v.end)).unwrap_or("");
    let message = strip_position(&e.to_string());
    let kind = match e.classify() {
        serde_json::error::Category::Data => JsonErrorKind::Data,
        _ => JsonErrorKind::Syntax,
    };
    // Our typed read only runs on text that parsed as JSON, so a "syntax" error there is a value
    // serde could not even start to read (`1e400`, `3` for an enum): say what the field expects,
    // learnt by reading the text once more with a neutral value in its place.
    let unreadable_number = message.starts_with("number out of range");
    let (kind, message) = if kind == JsonErrorKind::Syntax && (typed || unreadable_number) {
        let m = expectation(text, found.as_ref(), raw).unwrap_or_else(|| format!("{message}: {}", short(raw)));
        (JsonErrorKind::Data, m)
    } else {
        (kind, plain(&message, raw))
    };
    JsonError { kind, path, line, column, message }
}

/// serde_json's syntax messages with what they usually mean for a hand-edited or fetched file.
fn explain_syntax(text: &str, e: &serde_json::Error, message: String) -> String {
    let start = text.trim_start();
    if start.is_empty() {
        return format!("{message}: the input is empty");
    }
    let head: String = start.lines().next().unwrap_or("").chars().take(40).collect();
    if start.starts_with('<') {
        return format!("not JSON but markup: the text starts with «{head}» (an HTML page: a wrong address or a server's error page?)");
    }
    if !start.starts_with(['{', '[']) && e.line() == 1 {
        let what = if head.contains([',', '\t']) { " (a CSV / spreadsheet export?)" } else { "" };
        return format!("not JSON: the text starts with «{head}»{what}; a yusuan file starts with {{\"format\": \"{FORMAT}\"");
    }
    let at = byte_offset(text, e.line(), e.column()).saturating_sub(1);
    let here = text.get(at..).and_then(|r| r.chars().next());
    if message.starts_with("EOF while parsing") {
        return format!("{message}: the text ends early (cut off?)");
    }
    if message == "trailing characters" {
        return "trailing characters: more text after the end of the JSON value (two files pasted together?)".into();
    }
    if message == "key must be a string" && here == Some('\'') {
        return format!("{message}: keys and strings need double quotes (\"…\"), not single quotes");
    }
    if message == "key must be a string" && here == Some(',') {
        return format!("{message}: a stray comma (two commas in a row, or one right after {{)?");
    }
    if message == "expected value" && matches!(here, Some('N' | 'I' | '-')) {
        return format!("expected a value; NaN and Infinity are not JSON (amounts are written as {DECIMAL})");
    }
    if message.contains("hex escape") || message.contains("surrogate") {
        return format!("{message}: a \\uD800–\\uDBFF escape must be followed by a \\uDC00–\\uDFFF one (an unpaired UTF-16 surrogate)");
    }
    message
}

fn expectation(text: &str, found: Option<&scan::Found>, raw: &str) -> Option<String> {
    let v = found?;
    for neutral in ["0", "\"\""] {
        let mut patched = String::with_capacity(text.len());
        patched.push_str(text.get(..v.start)?);
        patched.push_str(neutral);
        patched.push_str(text.get(v.end..)?);
        let Err(e) = serde_json::from_str::<EnvelopeIn>(&patched) else { continue };
        let again = scan::value_at(&patched, byte_offset(&patched, e.line(), e.column()).saturating_sub(1));
        if again.is_none_or(|a| a.path != v.path) {
            continue;
        }
        let m = plain(&strip_position(&e.to_string()), raw);
        if m.starts_with("expected ") && m.contains(", got ") {
            return Some(m);
        }
    }
    None
}

/// How an amount must be written: the form `to_json` writes (Decimal's Display, scale kept).
const DECIMAL: &str = "a decimal string such as \"1234.50\"";

/// serde's `invalid type: floating point `1.5`, expected a Decimal type …` → `expected a decimal
/// string, got 1.5` (the value as written in the input, not as serde re-formats it).
fn plain(message: &str, raw: &str) -> String {
    if let Some((_, exp)) = message.strip_prefix("unknown variant ").and_then(|r| r.split_once(", expected ")) {
        return format!("expected {exp}, got {}", short(raw));
    }
    if message.starts_with("invalid length ") && message.contains(", expected struct ") {
        return "expected an object, got an array".to_string();
    }
    let rest = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "));
    let Some(rest) = rest else { return message.to_string() };
    let Some((_, expected)) = rest.rsplit_once(", expected ") else { return message.to_string() };
    let expected = match expected {
        "a Decimal type representing a fixed-point number" => DECIMAL,
        "u8" => "an integer from 0 to 255",
        "u32" => "an integer from 0 to 4294967295",
        "i32" | "i64" | "u64" | "u16" | "i8" | "i16" | "usize" => "an integer",
        "a sequence" => "an array",
        e if e.starts_with("struct ") => "an object",
        e => e,
    };
    let got = match raw.as_bytes().first() {
        Some(b'{') => "an object".to_string(),
        Some(b'[') => "an array".to_string(),
        Some(_) => short(raw),
        None => rest.split(", expected ").next().unwrap_or("").to_string(),
    };
    format!("expected {expected}, got {got}")
}

fn strip_position(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) if m[i..].contains(" column ") => m[..i].to_string(),
        _ => m.to_string(),
    }
}

fn short(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's (line, column) — column counts bytes consumed on the line — as a byte offset.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.as_bytes().get(start..).and_then(|rest| rest.iter().position(|&b| b == b'\n')) {
            Some(p) => start += p + 1,
            None => break,
        }
    }
    (start + column).min(text.len())
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn place_of(text: &str, path: &str) -> (usize, usize) {
    match scan::start_of(text, path) {
        Some(offset) => line_col(text, offset),
        None => (0, 0),
    }
}

/// A forgiving single-pass walk over JSON text that knows the path of every value. It never
/// fails: on broken input it stops where it can no longer follow.
mod scan {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Seg {
        Key(String),
        Index(usize),
    }

    /// `budget.function_tables[0].rows[3].total`; keys that are not plain names are quoted.
    pub fn render(path: &[Seg]) -> String {
        let mut out = String::new();
        for seg in path {
            match seg {
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::Key(k) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Key(k) => out.push_str(&format!("[{}]", serde_json::Value::String(k.clone()))),
            }
        }
        out
    }

    pub struct Found {
        pub path: Vec<Seg>,
        pub start: usize,
        pub end: usize,
    }

    enum Want<'a> {
        /// The innermost value whose bytes include this offset.
        At(usize),
        /// The first value whose rendered path is this.
        Path(&'a str),
        /// The first object or array opened at this depth.
        Depth(usize),
    }

    pub fn value_at(text: &str, offset: usize) -> Option<Found> {
        walk(text, Want::At(offset))
    }

    pub fn start_of(text: &str, path: &str) -> Option<usize> {
        walk(text, Want::Path(path)).map(|f| f.start)
    }

    pub fn too_deep(text: &str, max: usize) -> Option<usize> {
        walk(text, Want::Depth(max + 1)).map(|f| f.start)
    }

    fn walk(text: &str, want: Want<'_>) -> Option<Found> {
        let b = text.as_bytes();
        let mut path: Vec<Seg> = Vec::new();
        // Open containers: (start, is_object).
        let mut open: Vec<(usize, bool)> = Vec::new();
        // In an object: the next string is a key.
        let mut expect_key = false;
        let mut best: Option<Found> = None;
        let mut i = 0;
        // Innermost wins: a container ends after its children, so compare spans.
        let consider = |start: usize, end: usize, path: &[Seg], best: &mut Option<Found>| match want {
            Want::At(off) if start <= off && off < end && best.as_ref().is_none_or(|f| end - start <= f.end - f.start) => {
                *best = Some(Found { path: path.to_vec(), start, end });
            }
            _ => {}
        };
        while i < b.len() {
            let c = b[i];
            match c {
                b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
                b',' => {
                    match (open.last(), path.last_mut()) {
                        (Some((_, false)), Some(Seg::Index(n))) => *n += 1,
                        (Some((_, true)), _) => expect_key = true,
                        _ => {}
                    }
                    i += 1;
                }
                b'{' | b'[' => {
                    if let Want::Path(p) = want {
                        if render(&path) == p {
                            return Some(Found { path, start: i, end: i + 1 });
                        }
                    }
                    open.push((i, c == b'{'));
                    if let Want::Depth(d) = want {
                        if open.len() >= d {
                            return Some(Found { path, start: i, end: i + 1 });
                        }
                    }
                    if c == b'{' {
                        path.push(Seg::Key(String::new()));
                        expect_key = true;
                    } else {
                        path.push(Seg::Index(0));
                    }
                    i += 1;
                }
                b'}' | b']' => {
                    let Some((start, _)) = open.pop() else { break };
                    path.pop();
                    consider(start, i + 1, &path, &mut best);
                    expect_key = false;
                    i += 1;
                }
                b'"' => {
                    let start = i;
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    let closed = i < b.len();
                    let end = (i + 1).min(b.len());
                    i = end;
                    if expect_key && closed {
                        let raw = text.get(start..end).unwrap_or("\"\"");
                        let key = serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.trim_matches('"').to_string());
                        if let Some(last) = path.last_mut() {
                            *last = Seg::Key(key);
                        }
                        expect_key = false;
                        // A key's own bytes belong to its value for `At` (an error on the key).
                        if let Want::At(off) = want {
                            if start <= off && off < end && best.is_none() {
                                best = Some(Found { path: path.clone(), start, end });
                            }
                        }
                    } else {
                        if let Want::Path(p) = want {
                            if render(&path) == p {
                                return Some(Found { path, start, end });
                            }
                        }
                        consider(start, end, &path, &mut best);
                    }
                }
                _ => {
                    // A number or literal: up to the next delimiter.
                    let start = i;
                    while i < b.len() && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':' | b'"') {
                        i += 1;
                    }
                    if let Want::Path(p) = want {
                        if render(&path) == p {
                            return Some(Found { path, start, end: i });
                        }
                    }
                    consider(start, i, &path, &mut best);
                }
            }
        }
        if let Want::At(off) = want {
            // Unclosed containers (syntax errors): the innermost one open at the offset.
            if best.is_none() {
                if let Some(&(start, _)) = open.iter().rev().find(|(s, _)| *s <= off) {
                    let depth = open.iter().filter(|(s, _)| *s <= start).count();
                    return Some(Found { path: path[..depth.saturating_sub(1).min(path.len())].to_vec(), start, end: b.len() });
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_paths() {
        use scan::Seg::*;
        let p = [Key("budget".into()), Key("rows".into()), Index(3), Key("total".into())];
        assert_eq!(scan::render(&p), "budget.rows[3].total");
        assert_eq!(scan::render(&[Key("单位".into())]), "[\"单位\"]");
    }

    #[test]
    fn finds_the_value_at_an_offset() {
        let t = r#"{"a": [1, {"b": "xy"}], "c": 22}"#;
        let at = |needle: &str| scan::render(&scan::value_at(t, t.find(needle).unwrap()).unwrap().path);
        assert_eq!(at("xy"), "a[1].b");
        assert_eq!(at("22"), "c");
        assert_eq!(at("1,"), "a[0]");
        assert_eq!(at("}]"), "a[1]");
        assert_eq!(scan::start_of(t, "a[1].b"), t.find("\"xy\""));
    }

    #[test]
    fn maps_serde_positions_to_bytes() {
        let t = "ab\ncdé\nf";
        assert_eq!(byte_offset(t, 2, 2), 5);
        assert_eq!(line_col(t, 7), (2, 4));
        assert_eq!(line_col(t, 6), (2, 3)); // inside é: its start
    }
}
