//! A compact binary form of a `Budget` for handing it between two instances of the same wasm module
//! (a worker imports a large document, the page decodes the result): the JSON of a 191k-row budget
//! is 81 MB, mostly field names and `Source`s written out.
//!
//! Only the vectors that grow with the document (function-table rows, warnings) get a binary codec,
//! written by hand so that it adds little code to the wasm; the rest of the budget (the head) goes
//! as our JSON, through the very serde_json calls `to_json` / `from_json` already use. A budget is
//! a head part and parts of rows, each starting with the magic and its kind:
//!
//! - head: varint table count, each table's row count, warning count, then the JSON of the budget
//!   without those rows and warnings, indentation left out, to the end of the part (it crosses
//!   from a worker to its page in memory: compressing it saves no one any bytes);
//! - rows: varint table index, row count, the part's first distinct table titles (each once), then
//!   per row: code, name, total, basic, project, source line, title (0 for none, 1 followed by the
//!   title, else 2 + its index in the list),
//!   label (varint 0 when it equals the name, else 1 + its length, then its bytes), page and file
//!   (varint 0 for none, else one more than it);
//! - warnings: varint count, then per warning its line, message and page (0 for none, else one more).
//!
//! Strings are a varint length and UTF-8 bytes. An `Option<Decimal>` is one byte, 0xFF for none,
//! else scale (0–28) | 0x20 when negative | 0x40 when the mantissa needs more than 64 bits; then
//! the mantissa's low 64 bits as a varint and, with 0x40, its high 32 bits as a varint. `to_wire`
//! is the magic, a varint part count, and each part with a varint length.
//!
//! Decoding reads untrusted bytes (a page can be handed anything): every read is bounds-checked, a
//! count is checked against the bytes left before anything is allocated, and every fault is an
//! error naming the byte offset — never a panic.

use crate::model::*;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// The first bytes of every part: `YSW` and the format version.
pub const MAGIC: [u8; 4] = *b"YSW\x02";

const HEAD: u8 = 0;
const ROWS: u8 = 1;
const WARNINGS: u8 = 2;
/// The fewest bytes a row (10 one-byte fields) and a warning (3) take: a count beyond the bytes
/// left over these is refused before anything is allocated.
const MIN_ROW: usize = 10;
const MIN_WARNING: usize = 3;
const NONE: u8 = 0xff;
/// Distinct table titles a rows part lists; rows naming others carry their title.
const TITLES: usize = 8;
const NEGATIVE: u8 = 0x20;
const WIDE: u8 = 0x40;

/// What went wrong encoding or decoding, with the byte offset for decoding faults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError {
    message: String,
    offset: Option<usize>,
}

impl WireError {
    fn at(offset: usize, message: impl Into<String>) -> Self {
        WireError { message: message.into(), offset: Some(offset) }
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(o) => write!(f, "yusuan wire data, byte {o}: {}", self.message),
            None => write!(f, "yusuan wire data: {}", self.message),
        }
    }
}

impl std::error::Error for WireError {}

/// The budget as wire bytes (one piece: the parts of `to_parts`, each with its length).
pub fn to_wire(budget: &Budget) -> Result<Vec<u8>, WireError> {
    let parts = encode(budget, ROWS_PER_PART);
    let mut w = Writer(MAGIC.to_vec());
    w.varint(parts.len() as u64);
    for p in &parts {
        w.bytes(p);
    }
    Ok(w.0)
}

/// A budget from wire bytes made by `to_wire` of the same build.
pub fn from_wire(bytes: &[u8]) -> Result<Budget, WireError> {
    let mut r = Reader::new(bytes, 0)?;
    let n = r.count(1)?;
    let mut parts = None;
    for _ in 0..n {
        let len = r.count(1)?;
        let at = r.pos;
        let part = r.take(len)?;
        match &mut parts {
            None => parts = Some(PartsReader::read_head(part, at)?),
            Some(p) => p.read_part(part, at)?,
        }
    }
    if r.pos != bytes.len() {
        return Err(WireError::at(r.pos, format!("{} bytes left over after the value", bytes.len() - r.pos)));
    }
    match parts {
        Some(p) => p.finish(),
        None => Err(WireError::at(r.pos, "no parts")),
    }
}

// ---- a budget in parts ------------------------------------------------------------------------

/// Function-table rows (and warnings) per part: decoding one part is a short task on the page.
pub const ROWS_PER_PART: usize = 4096;

/// A budget as several encodings, so the page can decode it across several tasks: first the budget
/// without its function tables' rows and its warnings (and how many of each there are), then the
/// rows in parts of at most `rows_per_part` (each: table index, rows), then the warnings in parts.
pub fn to_parts(budget: &Budget, rows_per_part: usize) -> Result<Vec<Vec<u8>>, WireError> {
    Ok(encode(budget, rows_per_part))
}

/// The budget without its rows and warnings, borrowed, in the JSON `to_json` writes. Serialised by
/// hand so that each field goes through the very serde instance `Budget`'s derive uses (a derive
/// here would make new ones for `&Vec<…>` fields), and no copy of the budget is made.
#[derive(Serialize)]
struct Head<'a> {
    format: &'static str,
    budget: HeadBudget<'a>,
}

struct HeadBudget<'a>(&'a Budget);
struct HeadTable<'a>(&'a FunctionTable);

const NO_ROWS: &Vec<FunctionRow> = &Vec::new();
const NO_WARNINGS: &Vec<Warning> = &Vec::new();

impl Serialize for HeadBudget<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // Every field named: one added to `Budget` must be added here too (the compiler says so),
        // or the wire would drop it.
        let Budget {
            department,
            year,
            kind,
            unit,
            income,
            totals,
            function_tables,
            economic,
            projects,
            sangong,
            sangong_text,
            comparisons,
            statements,
            procurement,
            performance,
            missing_tables,
            warnings: _,
            files,
        } = self.0;
        let tables: Vec<HeadTable> = function_tables.iter().map(HeadTable).collect();
        let mut st = s.serialize_struct("Budget", 18)?;
        st.serialize_field("department", department)?;
        st.serialize_field("year", year)?;
        st.serialize_field("kind", kind)?;
        st.serialize_field("unit", unit)?;
        st.serialize_field("income", income)?;
        st.serialize_field("totals", totals)?;
        st.serialize_field("function_tables", &tables)?;
        st.serialize_field("economic", economic)?;
        st.serialize_field("projects", projects)?;
        st.serialize_field("sangong", sangong)?;
        st.serialize_field("sangong_text", sangong_text)?;
        st.serialize_field("comparisons", comparisons)?;
        st.serialize_field("statements", statements)?;
        st.serialize_field("procurement", procurement)?;
        st.serialize_field("performance", performance)?;
        st.serialize_field("missing_tables", missing_tables)?;
        st.serialize_field("warnings", NO_WARNINGS)?;
        if !files.is_empty() {
            st.serialize_field("files", files)?;
        }
        st.end()
    }
}

impl Serialize for HeadTable<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let FunctionTable { title, unit, rows: _, total } = self.0;
        let mut st = s.serialize_struct("FunctionTable", 4)?;
        st.serialize_field("title", title)?;
        st.serialize_field("unit", unit)?;
        st.serialize_field("rows", NO_ROWS)?;
        st.serialize_field("total", total)?;
        st.end()
    }
}

fn encode(budget: &Budget, rows_per_part: usize) -> Vec<Vec<u8>> {
    let per = rows_per_part.max(1);
    let Budget { function_tables, warnings, .. } = budget;
    let head = Head { format: crate::json::FORMAT, budget: HeadBudget(budget) };
    let mut w = Writer::part(HEAD);
    w.varint(function_tables.len() as u64);
    for t in function_tables {
        w.varint(t.rows.len() as u64);
    }
    w.varint(warnings.len() as u64);
    // Writing JSON to a Vec cannot fail: the model has string keys only and no floats.
    let json = serde_json::to_string_pretty(&head).unwrap_or_default();
    strip_indentation(&json, &mut w.0);
    let mut parts = vec![w.0];
    for (table, t) in function_tables.iter().enumerate() {
        for chunk in t.rows.chunks(per) {
            parts.push(rows_part(table, chunk));
        }
    }
    for chunk in warnings.chunks(per) {
        let mut w = Writer::part(WARNINGS);
        w.varint(chunk.len() as u64);
        for x in chunk {
            w.varint(x.line.into());
            w.str(&x.message);
            w.varint(x.page.map_or(0, |p| u64::from(p) + 1));
        }
        parts.push(w.0);
    }
    parts
}

/// JSON without the indentation `to_json` writes (a third of the head), copied byte by byte:
/// whitespace outside strings goes, strings (escapes included) stay as they are.
fn strip_indentation(json: &str, out: &mut Vec<u8>) {
    let (mut in_string, mut escaped) = (false, false);
    for &b in json.as_bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b' ' || b == b'\n' {
            continue;
        } else if b == b'"' {
            in_string = true;
        }
        out.push(b);
    }
}

fn rows_part(table: usize, rows: &[FunctionRow]) -> Vec<u8> {
    // Each title once (rows of a table name the same one or a few): the first TITLES distinct
    // ones, found by a short scan; a row naming another carries it (hand-edited JSON can).
    let mut titles: Vec<&str> = Vec::new();
    let refs: Vec<u64> = rows
        .iter()
        .map(|r| {
            let Some(t) = r.source.table.as_deref() else { return 0 };
            match titles.iter().position(|x| *x == t) {
                Some(i) => i as u64 + 2,
                None if titles.len() < TITLES => {
                    titles.push(t);
                    titles.len() as u64 + 1
                }
                None => 1,
            }
        })
        .collect();
    let mut w = Writer::part(ROWS);
    w.varint(table as u64);
    w.varint(rows.len() as u64);
    w.varint(titles.len() as u64);
    for t in &titles {
        w.str(t);
    }
    for (r, t) in rows.iter().zip(refs) {
        w.str(&r.code);
        w.str(&r.name);
        for d in [r.total, r.basic, r.project] {
            w.decimal(d);
        }
        w.varint(r.source.line.into());
        w.varint(t);
        if t == 1 {
            w.str(r.source.table.as_deref().unwrap_or_default());
        }
        if r.source.label == r.name {
            w.varint(0);
        } else {
            w.varint(r.source.label.len() as u64 + 1);
            w.0.extend_from_slice(r.source.label.as_bytes());
        }
        // Page and file, each 0 for none, else one more than it.
        w.varint(r.source.page.map_or(0, |p| u64::from(p) + 1));
        w.varint(r.source.file.map_or(0, |f| u64::from(f) + 1));
    }
    w.0
}

/// Puts a budget back together from `to_parts`, one part per call.
pub struct PartsReader {
    budget: Budget,
    expected: Vec<usize>,
    warnings: usize,
}

impl PartsReader {
    /// Starts from the first part (the budget without its function rows and warnings).
    pub fn new(head: &[u8]) -> Result<PartsReader, WireError> {
        Self::read_head(head, 0)
    }

    /// Adds one part of rows or warnings (parts of one table come in order).
    pub fn push(&mut self, part: &[u8]) -> Result<(), WireError> {
        self.read_part(part, 0)
    }

    /// The budget, once every announced row and warning has come.
    pub fn finish(mut self) -> Result<Budget, WireError> {
        for (i, (t, want)) in self.budget.function_tables.iter().zip(&self.expected).enumerate() {
            if t.rows.len() != *want {
                return Err(WireError { message: format!("function table {i}: {} of {want} rows came", t.rows.len()), offset: None });
            }
        }
        if self.budget.warnings.len() != self.warnings {
            return Err(WireError {
                message: format!("{} of {} warnings came", self.budget.warnings.len(), self.warnings),
                offset: None,
            });
        }
        self.budget.warnings.shrink_to_fit();
        // Wire bytes can be forged like any input: the budget passes the gate like any other.
        crate::gate::admit(self.budget)
            .map_err(|r| WireError { message: format!("{}: {}", r.path, r.problem.en()), offset: None })
    }

    /// The head part at byte `base` of the caller's bytes (offsets in errors count from there).
    fn read_head(bytes: &[u8], base: usize) -> Result<PartsReader, WireError> {
        let mut r = Reader::new(bytes, base)?;
        r.kind(HEAD, "the first part")?;
        let n = r.count(1)?;
        let mut expected = Vec::with_capacity(n);
        for _ in 0..n {
            expected.push(r.usize()?);
        }
        let warnings = r.usize()?;
        let at = r.at();
        let raw = r.rest();
        let text = std::str::from_utf8(raw)
            .map_err(|e| WireError::at(at, format!("the budget's JSON is not UTF-8 (at its byte {})", e.valid_up_to())))?;
        let budget = crate::json_lite::from_json_trusted(text)
            .map_err(|e| WireError::at(at, format!("the budget's JSON (from here): {e}")))?;
        if n != budget.function_tables.len() || budget.function_tables.iter().any(|t| !t.rows.is_empty()) || !budget.warnings.is_empty() {
            return Err(WireError::at(base, format!(
                "the first part announces rows for {n} function tables, the budget has {} (or rows or warnings already)",
                budget.function_tables.len()
            )));
        }
        Ok(PartsReader { budget, expected, warnings })
    }

    fn read_part(&mut self, bytes: &[u8], base: usize) -> Result<(), WireError> {
        let mut r = Reader::new(bytes, base)?;
        let at = r.at();
        match r.byte()? {
            ROWS => self.read_rows(r),
            WARNINGS => {
                let n = r.count(MIN_WARNING)?;
                if self.budget.warnings.len().saturating_add(n) > self.warnings {
                    return Err(WireError::at(at, format!(
                        "{} warnings so far and {n} more; {} announced",
                        self.budget.warnings.len(),
                        self.warnings
                    )));
                }
                let mut got = Vec::with_capacity(n.min(ROWS_PER_PART));
                for _ in 0..n {
                    got.push(Warning { line: r.u32()?, message: r.string()?, page: r.u32()?.checked_sub(1) });
                }
                r.end()?;
                self.budget.warnings.append(&mut got);
                Ok(())
            }
            k => Err(WireError::at(at, format!("a part of kind {k} (rows are 1, warnings 2)"))),
        }
    }

    fn read_rows(&mut self, mut r: Reader) -> Result<(), WireError> {
        let at = r.at();
        let table = r.usize()?;
        let n = self.budget.function_tables.len();
        let (Some(t), Some(&want)) = (self.budget.function_tables.get_mut(table), self.expected.get(table)) else {
            return Err(WireError::at(at, format!("a part for function table {table}; the budget has {n}")));
        };
        let at = r.at();
        let count = r.count(MIN_ROW)?;
        if t.rows.len().saturating_add(count) > want {
            return Err(WireError::at(at, format!(
                "function table {table}: {} rows so far and {count} more; {want} announced",
                t.rows.len()
            )));
        }
        let titles = r.count(1)?;
        let mut names = Vec::with_capacity(titles);
        for _ in 0..titles {
            names.push(r.str()?);
        }
        // A forged count that the bytes left allow could still ask for far more memory than
        // they hold (a row is 8 bytes here, ~190 in memory): reserve for one usual part at most.
        let mut rows = Vec::with_capacity(count.min(ROWS_PER_PART));
        for _ in 0..count {
            let code = r.string()?;
            let name = r.string()?;
            let (total, basic, project) = (r.decimal()?, r.decimal()?, r.decimal()?);
            let line = r.u32()?;
            let at = r.at();
            let table = match r.usize()? {
                0 => None,
                1 => Some(r.string()?),
                i => match names.get(i - 2) {
                    Some(s) => Some(s.to_string()),
                    None => return Err(WireError::at(at, format!("title {} of a part with {titles}", i - 2))),
                },
            };
            let label = match r.usize()? {
                0 => name.clone(),
                len => r.utf8(len - 1)?.to_string(),
            };
            let page = r.u32()?.checked_sub(1);
            let file = r.u32()?.checked_sub(1);
            rows.push(FunctionRow { code, name, total, basic, project, source: Source { line, table, label, page, file } });
        }
        r.end()?;
        t.rows.append(&mut rows);
        Ok(())
    }
}

// ---- encoding ---------------------------------------------------------------------------------

struct Writer(Vec<u8>);

impl Writer {
    fn part(kind: u8) -> Writer {
        let mut buf = MAGIC.to_vec();
        buf.push(kind);
        Writer(buf)
    }
    fn varint(&mut self, v: u64) {
        Writer::put(&mut self.0, v);
    }
    fn put(out: &mut Vec<u8>, mut v: u64) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.varint(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn decimal(&mut self, d: Option<Decimal>) {
        let Some(d) = d else {
            self.0.push(NONE);
            return;
        };
        let m = d.mantissa().unsigned_abs();
        let high = (m >> 64) as u64;
        let mut h = d.scale() as u8;
        if d.is_sign_negative() {
            h |= NEGATIVE;
        }
        if high != 0 {
            h |= WIDE;
        }
        self.0.push(h);
        self.varint(m as u64);
        if high != 0 {
            self.varint(high);
        }
    }
}

// ---- decoding ---------------------------------------------------------------------------------

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Where `bytes` starts in what the caller was given, for the offsets in errors.
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader after the magic, which it checks.
    fn new(bytes: &'a [u8], base: usize) -> Result<Reader<'a>, WireError> {
        if bytes.get(..3) != Some(&MAGIC[..3]) {
            return Err(WireError::at(base, "not yusuan wire data (no YSW magic)"));
        }
        match bytes.get(3) {
            Some(&v) if v == MAGIC[3] => Ok(Reader { bytes, pos: MAGIC.len(), base }),
            Some(&v) => Err(WireError::at(base + 3, format!("wire format version {v} (this build reads {})", MAGIC[3]))),
            None => Err(WireError::at(base + 3, "the data ends early")),
        }
    }
    fn at(&self) -> usize {
        self.base + self.pos
    }
    fn fail<T>(&self, message: impl Into<String>) -> Result<T, WireError> {
        Err(WireError::at(self.at(), message))
    }
    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }
    fn kind(&mut self, want: u8, what: &str) -> Result<(), WireError> {
        let at = self.at();
        match self.byte()? {
            k if k == want => Ok(()),
            k => Err(WireError::at(at, format!("{what} is of kind {k}, not {want}"))),
        }
    }
    fn end(&self) -> Result<(), WireError> {
        match self.left() {
            0 => Ok(()),
            n => self.fail(format!("{n} bytes left over after the part")),
        }
    }
    fn byte(&mut self) -> Result<u8, WireError> {
        match self.bytes.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => self.fail("the data ends early"),
        }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        match self.pos.checked_add(n).and_then(|e| self.bytes.get(self.pos..e)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => self.fail(format!("{n} bytes announced, {} left", self.left())),
        }
    }
    fn rest(&mut self) -> &'a [u8] {
        let s = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos = self.bytes.len();
        s
    }
    fn varint(&mut self) -> Result<u64, WireError> {
        let start = self.at();
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                break;
            }
            v |= part << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(WireError::at(start, "an integer beyond 64 bits"))
    }
    fn usize(&mut self) -> Result<usize, WireError> {
        let start = self.at();
        let v = self.varint()?;
        usize::try_from(v).map_err(|_| WireError::at(start, format!("{v} does not fit a usize")))
    }
    fn u32(&mut self) -> Result<u32, WireError> {
        let start = self.at();
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| WireError::at(start, format!("{v} does not fit a line number")))
    }
    /// A count of items taking at least `min` bytes each: more than fit in the bytes left is a
    /// fault, found before anything is allocated for them.
    fn count(&mut self, min: usize) -> Result<usize, WireError> {
        let start = self.at();
        let n = self.varint()?;
        if n.saturating_mul(min as u64) > self.left() as u64 {
            return Err(WireError::at(start, format!("{n} items announced, {} bytes left", self.left())));
        }
        Ok(n as usize)
    }
    fn utf8(&mut self, len: usize) -> Result<&'a str, WireError> {
        let start = self.at();
        let b = self.take(len)?;
        std::str::from_utf8(b).map_err(|e| WireError::at(start, format!("text is not UTF-8: {e}")))
    }
    fn str(&mut self) -> Result<&'a str, WireError> {
        let start = self.at();
        let n = self.varint()?;
        if n > self.left() as u64 {
            return Err(WireError::at(start, format!("{n} bytes announced, {} left", self.left())));
        }
        self.utf8(n as usize)
    }
    fn string(&mut self) -> Result<String, WireError> {
        self.str().map(str::to_string)
    }
    fn decimal(&mut self) -> Result<Option<Decimal>, WireError> {
        let start = self.at();
        let h = self.byte()?;
        if h == NONE {
            return Ok(None);
        }
        let scale = u32::from(h & 0x1f);
        if h & 0x80 != 0 || scale > Decimal::MAX_SCALE {
            return Err(WireError::at(start, format!("{h:#04x} does not start an amount")));
        }
        let low = self.varint()?;
        let high = if h & WIDE != 0 { self.varint()? } else { 0 };
        let Ok(high) = u32::try_from(high) else {
            return Err(WireError::at(start, "an amount beyond 96 bits"));
        };
        let mut d = Decimal::from_parts(low as u32, (low >> 32) as u32, high, false, scale);
        // Set apart from from_parts, which would drop the sign of a negative zero.
        d.set_sign_negative(h & NEGATIVE != 0);
        Ok(Some(d))
    }
}
