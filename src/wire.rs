//! A compact binary form of a `Budget` for handing it between two instances of the same wasm module
//! (a worker imports a large document, the page decodes the result): the JSON of a 191k-row budget
//! is 81 MB, mostly field names and `Source`s written out.
//!
//! The format is positional, not self-describing: structs are their fields in declaration order,
//! sequences, maps, strings and bytes carry a LEB128 length, `Option` a 0/1 tag, enum variants their
//! index, integers are (zigzag) LEB128, `Decimal` goes through its serde impl (a string with the
//! crate's `serde-str` feature). Both ends must therefore be built from the same model: the magic and
//! version at the start guard against bytes from elsewhere, not against another build of yusuan.
//!
//! Decoding reads untrusted bytes (a page can be handed anything): every read is bounds-checked, a
//! length is checked against the bytes left before anything is allocated, nesting is bounded, and
//! every fault is an error naming the byte offset — never a panic.

use crate::model::{Budget, FunctionRow};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use std::fmt;

/// The first bytes of every encoding: `YSW` and the format version.
pub const MAGIC: [u8; 4] = *b"YSW\x01";

/// Deepest nesting of structs, sequences, options and enums the decoder follows (the model needs 7).
const MAX_DEPTH: usize = 64;

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

impl ser::Error for WireError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WireError { message: msg.to_string(), offset: None }
    }
}

impl de::Error for WireError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WireError { message: msg.to_string(), offset: None }
    }
}

/// The budget as wire bytes.
pub fn to_wire(budget: &Budget) -> Result<Vec<u8>, WireError> {
    to_bytes(budget)
}

/// A budget from wire bytes made by `to_wire` of the same build.
pub fn from_wire(bytes: &[u8]) -> Result<Budget, WireError> {
    from_bytes(bytes)
}

/// Any serializable value as wire bytes (magic first).
pub fn to_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, WireError> {
    let mut out = Writer { buf: MAGIC.to_vec() };
    value.serialize(&mut out)?;
    Ok(out.buf)
}

/// A value from wire bytes; the whole input must be used.
pub fn from_bytes<'de, T: de::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, WireError> {
    if bytes.len() < MAGIC.len() || bytes[..3] != MAGIC[..3] {
        return Err(WireError::at(0, "not yusuan wire data (no YSW magic)"));
    }
    if bytes[3] != MAGIC[3] {
        return Err(WireError::at(3, format!("wire format version {} (this build reads {})", bytes[3], MAGIC[3])));
    }
    let mut r = Reader { bytes, pos: MAGIC.len(), depth: 0 };
    let value = T::deserialize(&mut r).map_err(|e| r.locate(e))?;
    if r.pos != bytes.len() {
        return Err(WireError::at(r.pos, format!("{} bytes left over after the value", bytes.len() - r.pos)));
    }
    Ok(value)
}

// ---- a budget in parts ------------------------------------------------------------------------

/// Function-table rows per part: decoding one part is a short task on the page (10–25 ms for 4096
/// rows at the wasm build's opt-level z on a loaded 2-core machine).
pub const ROWS_PER_PART: usize = 4096;

/// A budget as several encodings, so the page can decode it across several tasks: first the budget
/// with its function tables' rows left out (and how many rows each has), then the rows in parts of
/// at most `rows_per_part` (each: table index, rows). Takes the budget to move the rows, not copy them.
pub fn to_parts(mut budget: Budget, rows_per_part: usize) -> Result<Vec<Vec<u8>>, WireError> {
    let per = rows_per_part.max(1);
    let rows: Vec<Vec<FunctionRow>> = budget.function_tables.iter_mut().map(|t| std::mem::take(&mut t.rows)).collect();
    let counts: Vec<u64> = rows.iter().map(|r| r.len() as u64).collect();
    let mut parts = vec![to_bytes(&(counts, &budget))?];
    for (table, rows) in rows.iter().enumerate() {
        for chunk in rows.chunks(per) {
            parts.push(to_bytes(&(table as u64, chunk))?);
        }
    }
    Ok(parts)
}

/// Puts a budget back together from `to_parts`, one part per call.
pub struct PartsReader {
    budget: Budget,
    expected: Vec<usize>,
}

impl PartsReader {
    /// Starts from the first part (the budget without its function rows).
    pub fn new(head: &[u8]) -> Result<PartsReader, WireError> {
        let (counts, budget): (Vec<u64>, Budget) = from_bytes(head)?;
        if counts.len() != budget.function_tables.len() || budget.function_tables.iter().any(|t| !t.rows.is_empty()) {
            return Err(WireError::at(0, format!(
                "the first part announces rows for {} function tables, the budget has {} (or rows already)",
                counts.len(),
                budget.function_tables.len()
            )));
        }
        let expected = counts.into_iter().map(|n| usize::try_from(n).unwrap_or(usize::MAX)).collect();
        Ok(PartsReader { budget, expected })
    }

    /// Adds one part of rows (any order of parts within a table is refused: they come in order).
    pub fn push(&mut self, part: &[u8]) -> Result<(), WireError> {
        let (table, rows): (u64, Vec<FunctionRow>) = from_bytes(part)?;
        let n = self.budget.function_tables.len();
        let (Some(t), Some(&want)) = (
            usize::try_from(table).ok().and_then(|i| self.budget.function_tables.get_mut(i)),
            usize::try_from(table).ok().and_then(|i| self.expected.get(i)),
        ) else {
            return Err(WireError::at(0, format!("a part for function table {table}; the budget has {n}")));
        };
        if t.rows.len().saturating_add(rows.len()) > want {
            return Err(WireError::at(0, format!(
                "function table {table}: {} rows so far and {} more; {want} announced",
                t.rows.len(),
                rows.len()
            )));
        }
        t.rows.extend(rows);
        Ok(())
    }

    /// The budget, once every announced row has come.
    pub fn finish(self) -> Result<Budget, WireError> {
        for (i, (t, want)) in self.budget.function_tables.iter().zip(&self.expected).enumerate() {
            if t.rows.len() != *want {
                return Err(WireError { message: format!("function table {i}: {} of {want} rows came", t.rows.len()), offset: None });
            }
        }
        Ok(self.budget)
    }
}

// ---- encoding ---------------------------------------------------------------------------------

struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
    fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    fn len(&mut self, n: usize) {
        self.varint(n as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.buf.extend_from_slice(b);
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = WireError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), WireError> {
        self.buf.push(v as u8);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), WireError> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), WireError> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), WireError> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), WireError> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), WireError> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), WireError> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), WireError> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), WireError> {
        self.varint(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), WireError> {
        self.buf.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), WireError> {
        self.buf.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), WireError> {
        self.varint(u64::from(v));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), WireError> {
        self.bytes(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), WireError> {
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), WireError> {
        self.buf.push(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WireError> {
        self.buf.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), WireError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), WireError> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Result<(), WireError> {
        self.varint(index.into());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), WireError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), WireError> {
        self.varint(index.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, WireError> {
        let n = len.ok_or_else(|| <WireError as ser::Error>::custom("a sequence of unknown length"))?;
        self.len(n);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, WireError> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, WireError> {
        Ok(self)
    }
    fn serialize_tuple_variant(self, _: &'static str, index: u32, _: &'static str, _: usize) -> Result<Self, WireError> {
        self.varint(index.into());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, WireError> {
        let n = len.ok_or_else(|| <WireError as ser::Error>::custom("a map of unknown length"))?;
        self.len(n);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, WireError> {
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, index: u32, _: &'static str, _: usize) -> Result<Self, WireError> {
        self.varint(index.into());
        Ok(self)
    }
    fn is_human_readable(&self) -> bool {
        // Decimal writes itself as a string either way (`serde-str`); other types keep their
        // readable forms, which the decoder asks for in the same way.
        true
    }
}

macro_rules! elements {
    ($trait:ident, $method:ident) => {
        impl<'a> ser::$trait for &'a mut Writer {
            type Ok = ();
            type Error = WireError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WireError> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), WireError> {
                Ok(())
            }
        }
    };
}
elements!(SerializeSeq, serialize_element);
elements!(SerializeTuple, serialize_element);
elements!(SerializeTupleStruct, serialize_field);
elements!(SerializeTupleVariant, serialize_field);

impl<'a> ser::SerializeMap for &'a mut Writer {
    type Ok = ();
    type Error = WireError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WireError> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WireError> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), WireError> {
        Ok(())
    }
}

impl<'a> ser::SerializeStruct for &'a mut Writer {
    type Ok = ();
    type Error = WireError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Result<(), WireError> {
        value.serialize(&mut **self)
    }
    /// A field left out by `skip_serializing_if = "Option::is_none"` (`Source::table`): the decoder
    /// reads every field in order, so the place is kept with the None tag. The model skips no field
    /// of another type (a skipped non-Option field would not decode).
    fn skip_field(&mut self, _: &'static str) -> Result<(), WireError> {
        self.buf.push(0);
        Ok(())
    }
    fn end(self) -> Result<(), WireError> {
        Ok(())
    }
}

impl<'a> ser::SerializeStructVariant for &'a mut Writer {
    type Ok = ();
    type Error = WireError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Result<(), WireError> {
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, _: &'static str) -> Result<(), WireError> {
        self.buf.push(0);
        Ok(())
    }
    fn end(self) -> Result<(), WireError> {
        Ok(())
    }
}

// ---- decoding ---------------------------------------------------------------------------------

struct Reader<'de> {
    bytes: &'de [u8],
    pos: usize,
    depth: usize,
}

impl<'de> Reader<'de> {
    /// A serde error (a bad Decimal string, an unknown variant) with the offset where reading stopped.
    fn locate(&self, e: WireError) -> WireError {
        if e.offset.is_some() {
            e
        } else {
            WireError { offset: Some(self.pos), ..e }
        }
    }
    fn fail<T>(&self, message: impl Into<String>) -> Result<T, WireError> {
        Err(WireError::at(self.pos, message))
    }
    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
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
    fn take(&mut self, n: usize) -> Result<&'de [u8], WireError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end.and_then(|e| self.bytes.get(self.pos..e)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => self.fail(format!("{n} bytes announced, {} left", self.left())),
        }
    }
    fn varint(&mut self) -> Result<u64, WireError> {
        let start = self.pos;
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err(WireError::at(start, "an integer beyond 64 bits"));
            }
            v |= part << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(WireError::at(start, "an integer beyond 64 bits"))
    }
    fn signed(&mut self) -> Result<i64, WireError> {
        let u = self.varint()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }
    fn unsigned<T: TryFrom<u64>>(&mut self, what: &str) -> Result<T, WireError> {
        let start = self.pos;
        let v = self.varint()?;
        T::try_from(v).map_err(|_| WireError::at(start, format!("{v} does not fit a {what}")))
    }
    fn signed_as<T: TryFrom<i64>>(&mut self, what: &str) -> Result<T, WireError> {
        let start = self.pos;
        let v = self.signed()?;
        T::try_from(v).map_err(|_| WireError::at(start, format!("{v} does not fit a {what}")))
    }
    /// A count of items, each taking at least one byte: more than the bytes left is a fault, found
    /// before anything is allocated for them.
    fn count(&mut self) -> Result<usize, WireError> {
        let start = self.pos;
        let n = self.varint()?;
        if n > self.left() as u64 {
            return Err(WireError::at(start, format!("{n} items announced, {} bytes left", self.left())));
        }
        Ok(n as usize)
    }
    fn slice(&mut self) -> Result<&'de [u8], WireError> {
        let start = self.pos;
        let n = self.varint()?;
        if n > self.left() as u64 {
            return Err(WireError::at(start, format!("{n} bytes announced, {} left", self.left())));
        }
        self.take(n as usize)
    }
    fn str(&mut self) -> Result<&'de str, WireError> {
        let start = self.pos;
        let b = self.slice()?;
        std::str::from_utf8(b).map_err(|e| WireError::at(start, format!("text is not UTF-8: {e}")))
    }
    fn nest<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, WireError>) -> Result<T, WireError> {
        if self.depth >= MAX_DEPTH {
            return self.fail(format!("nested deeper than {MAX_DEPTH}"));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }
}

impl<'de, 'a> de::Deserializer<'de> for &'a mut Reader<'de> {
    type Error = WireError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        self.fail("the wire format is not self-describing (a type asked for any value)")
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        match self.byte()? {
            0 => v.visit_bool(false),
            1 => v.visit_bool(true),
            b => Err(WireError::at(self.pos - 1, format!("{b} is not a boolean"))),
        }
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_i8(self.signed_as("i8")?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_i16(self.signed_as("i16")?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_i32(self.signed_as("i32")?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_i64(self.signed()?)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_u8(self.unsigned("u8")?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_u16(self.unsigned("u16")?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_u32(self.unsigned("u32")?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_u64(self.varint()?)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        let b = self.take(4)?;
        let mut a = [0u8; 4];
        a.copy_from_slice(b);
        v.visit_f32(f32::from_le_bytes(a))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        v.visit_f64(f64::from_le_bytes(a))
    }
    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        let start = self.pos;
        let n: u32 = self.unsigned("char")?;
        match char::from_u32(n) {
            Some(c) => v.visit_char(c),
            None => Err(WireError::at(start, format!("{n:#x} is not a character"))),
        }
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_borrowed_str(self.str()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_borrowed_str(self.str()?)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_borrowed_bytes(self.slice()?)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_borrowed_bytes(self.slice()?)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        match self.byte()? {
            0 => v.visit_none(),
            1 => self.nest(|r| v.visit_some(r)),
            b => Err(WireError::at(self.pos - 1, format!("{b} is not an option tag (0 or 1)"))),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        v.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, WireError> {
        v.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, WireError> {
        self.nest(|r| v.visit_newtype_struct(r))
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        let n = self.count()?;
        self.nest(|r| v.visit_seq(Items { r, left: n }))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, WireError> {
        self.nest(|r| v.visit_seq(Items { r, left: len }))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, len: usize, v: V) -> Result<V::Value, WireError> {
        self.nest(|r| v.visit_seq(Items { r, left: len }))
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, WireError> {
        let n = self.count()?;
        self.nest(|r| v.visit_map(Items { r, left: n }))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, WireError> {
        self.nest(|r| v.visit_seq(Items { r, left: fields.len() }))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, WireError> {
        self.nest(|r| v.visit_enum(r))
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        self.fail("the wire format has no field names")
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        self.fail("the wire format cannot skip a value it does not know")
    }
    fn is_human_readable(&self) -> bool {
        true
    }
}

/// The elements of a sequence, tuple, struct or map, `left` of them still to read.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    left: usize,
}

impl<'de, 'a> de::SeqAccess<'de> for Items<'a, 'de> {
    type Error = WireError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, WireError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.r).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        // Never more than the bytes left: a forged count cannot make a large allocation.
        Some(self.left.min(self.r.left()))
    }
}

impl<'de, 'a> de::MapAccess<'de> for Items<'a, 'de> {
    type Error = WireError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, WireError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.r).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, WireError> {
        seed.deserialize(&mut *self.r)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left.min(self.r.left()))
    }
}

impl<'de, 'a> de::EnumAccess<'de> for &'a mut Reader<'de> {
    type Error = WireError;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), WireError> {
        let index: u32 = self.unsigned("variant index")?;
        let value = seed.deserialize(IntoDeserializer::<WireError>::into_deserializer(index))?;
        Ok((value, self))
    }
}

impl<'de, 'a> de::VariantAccess<'de> for &'a mut Reader<'de> {
    type Error = WireError;
    fn unit_variant(self) -> Result<(), WireError> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, WireError> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, WireError> {
        v.visit_seq(Items { r: self, left: len })
    }
    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], v: V) -> Result<V::Value, WireError> {
        v.visit_seq(Items { r: self, left: fields.len() })
    }
}
