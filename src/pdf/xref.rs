//! Cross-reference data (ISO 32000-1 §7.5.4–7.5.8): classic `xref` tables, cross-reference streams
//! (with their PNG predictors), hybrid files (`/XRefStm`), incremental updates (`/Prev`, newest
//! entry wins), and a recovery scan that finds every `N G obj` when the table is missing, broken
//! or points at the wrong bytes. Portals' files are often edited and re-saved by tools that get
//! offsets wrong; viewers open them anyway, so this reader must too.

use super::filters::{self, Filter};
use super::lexer::{Lexer, Token};
use super::limits::{MAX_STREAM_BYTES, MAX_XREF_SECTIONS};
use super::object::{find, parse_indirect, parse_object, Dict, Object};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Free,
    /// Byte offset of `N G obj`.
    Offset(usize),
    /// The `index`-th object of object stream `stream`.
    InStream {
        stream: u32,
        index: u32,
    },
}

#[derive(Debug, Default)]
pub struct Xref {
    pub entries: HashMap<u32, Entry>,
    pub trailer: Dict,
    /// The table could not be read and was rebuilt by scanning the file.
    pub rebuilt: bool,
}

/// Reads the cross-reference data, rebuilding it by a scan when it cannot be read.
pub fn read(data: &[u8]) -> Xref {
    if let Some(x) = read_chain(data) {
        if x.trailer.get(b"Root").is_some() && !x.entries.is_empty() {
            return x;
        }
    }
    let (offsets, trailer) = scan(data);
    Xref { entries: offsets.into_iter().map(|(n, o)| (n, Entry::Offset(o))).collect(), trailer, rebuilt: true }
}

/// The offset after the last `startxref`.
fn startxref(data: &[u8]) -> Option<usize> {
    let tail_start = data.len().saturating_sub(4096);
    let tail = data.get(tail_start..)?;
    let at = tail.windows(9).rposition(|w| w == b"startxref").map(|p| p + tail_start).or_else(|| {
        // A file with junk appended after %%EOF: look further back.
        data.windows(9).rposition(|w| w == b"startxref")
    })?;
    let mut lex = Lexer::at(data, at + 9);
    match lex.next_token() {
        Some(Token::Int(o)) => usize::try_from(o).ok(),
        _ => None,
    }
}

fn read_chain(data: &[u8]) -> Option<Xref> {
    let mut x = Xref::default();
    let mut pending = vec![startxref(data)?];
    let mut seen = Vec::new();
    let mut first = true;
    while let Some(off) = pending.pop() {
        if seen.contains(&off) || seen.len() >= MAX_XREF_SECTIONS {
            continue;
        }
        seen.push(off);
        let section = match section(data, off) {
            Some(s) => s,
            // The newest section unreadable: the file needs the scan. An older one unreadable: the
            // newer entries still stand, and objects they miss are found by the scan later.
            None if first => return None,
            None => continue,
        };
        first = false;
        for (num, e) in section.entries {
            x.entries.entry(num).or_insert(e);
        }
        // Newer trailer keys win; /Prev and /XRefStm belong to each section.
        let prev = section.trailer.get(b"Prev").and_then(Object::as_int).and_then(|o| usize::try_from(o).ok());
        let stm = section.trailer.get(b"XRefStm").and_then(Object::as_int).and_then(|o| usize::try_from(o).ok());
        for (k, v) in section.trailer.0 {
            if x.trailer.get(&k).is_none() && k != b"Prev" && k != b"XRefStm" {
                x.trailer.0.push((k, v));
            }
        }
        // The hybrid file's stream holds entries newer than /Prev's: read it first (stack order).
        if let Some(p) = prev {
            pending.push(p);
        }
        if let Some(s) = stm {
            pending.push(s);
        }
    }
    Some(x)
}

struct Section {
    entries: Vec<(u32, Entry)>,
    trailer: Dict,
}

fn section(data: &[u8], off: usize) -> Option<Section> {
    let mut lex = Lexer::at(data, off);
    match lex.next_token()? {
        Token::Keyword(b"xref") => table(&mut lex),
        Token::Int(_) => stream(data, off),
        _ => None,
    }
}

/// A classic table: subsections of `offset generation n|f` lines, then `trailer << … >>`.
fn table(lex: &mut Lexer<'_>) -> Option<Section> {
    let mut entries = Vec::new();
    loop {
        let save = lex.pos();
        match lex.next_token()? {
            Token::Keyword(b"trailer") => break,
            Token::Int(start) => {
                let Some(Token::Int(count)) = lex.next_token() else { return None };
                let mut num = u32::try_from(start).ok()?;
                for i in 0..count.max(0) {
                    let (Some(Token::Int(o)), Some(Token::Int(g)), Some(Token::Keyword(kind))) =
                        (lex.next_token(), lex.next_token(), lex.next_token())
                    else {
                        return None;
                    };
                    // A common producer slip: `xref 1 N` whose first line is object 0's free entry.
                    if i == 0 && num == 1 && kind == b"f" && g == 65535 {
                        num = 0;
                    }
                    let e = match kind {
                        b"n" => usize::try_from(o).map_or(Entry::Free, Entry::Offset),
                        _ => Entry::Free,
                    };
                    // Offset 0 is never an object: treat it as free so the scan can find it.
                    let e = if e == Entry::Offset(0) { Entry::Free } else { e };
                    if e != Entry::Free {
                        entries.push((num, e));
                    }
                    num = num.checked_add(1)?;
                }
            }
            _ => {
                lex.set_pos(save);
                return None;
            }
        }
    }
    let trailer = match parse_object(lex) {
        Ok(Object::Dict(d)) => d,
        _ => Dict::default(),
    };
    Some(Section { entries, trailer })
}

/// A cross-reference stream (PDF 1.5).
fn stream(data: &[u8], off: usize) -> Option<Section> {
    let (_, obj) = parse_indirect(data, off, &mut |o| o.as_int()).ok()?;
    let Object::Stream(s) = obj else { return None };
    let d = &s.dict;
    let w: Vec<usize> = d
        .get(b"W")?
        .as_array()?
        .iter()
        .map(|o| o.as_int().and_then(|v| usize::try_from(v).ok()))
        .collect::<Option<_>>()?;
    let [w0, w1, w2] = w[..] else { return None };
    if w0 > 8 || w1 > 8 || w2 > 8 || w0 + w1 + w2 == 0 {
        return None;
    }
    let raw = data.get(s.data.clone())?;
    let list = filter_list(d);
    let bytes = filters::decode(raw, &list, MAX_STREAM_BYTES).ok()?;
    let size = d.get(b"Size").and_then(Object::as_int).unwrap_or(0);
    let index: Vec<i64> = match d.get(b"Index").and_then(Object::as_array) {
        Some(a) => a.iter().filter_map(Object::as_int).collect(),
        None => vec![0, size],
    };
    let row = w0 + w1 + w2;
    let mut rows = bytes.chunks_exact(row);
    let mut entries = Vec::new();
    'sub: for pair in index.chunks_exact(2) {
        let (Ok(start), Ok(count)) = (u32::try_from(pair[0]), u64::try_from(pair[1])) else { continue };
        for i in 0..count {
            let Some(r) = rows.next() else { break 'sub };
            let Some(num) = u32::try_from(i).ok().and_then(|i| start.checked_add(i)) else { break 'sub };
            let field = |from: usize, len: usize| r[from..from + len].iter().fold(0u64, |a, &b| a << 8 | u64::from(b));
            let kind = if w0 == 0 { 1 } else { field(0, w0) };
            let (a, b) = (field(w0, w1), field(w0 + w1, w2));
            let e = match kind {
                1 => usize::try_from(a).ok().filter(|&o| o > 0).map_or(Entry::Free, Entry::Offset),
                2 => match (u32::try_from(a), u32::try_from(b)) {
                    (Ok(stream), Ok(index)) => Entry::InStream { stream, index },
                    _ => Entry::Free,
                },
                _ => Entry::Free,
            };
            if e != Entry::Free {
                entries.push((num, e));
            }
        }
    }
    let mut trailer = Dict::default();
    for key in [&b"Root"[..], b"Info", b"Encrypt", b"ID", b"Prev", b"Size"] {
        if let Some(v) = d.get(key) {
            trailer.0.push((key.to_vec(), v.clone()));
        }
    }
    Some(Section { entries, trailer })
}

/// A stream's filters as written in its dictionary, direct objects only (a cross-reference
/// stream's are always direct; the object store resolves references for the others).
pub fn filter_list(d: &Dict) -> Vec<Filter> {
    let names: Vec<Vec<u8>> = match d.get(b"Filter") {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().map(<[u8]>::to_vec)).collect(),
        _ => Vec::new(),
    };
    let parms: Vec<Option<Dict>> = match d.get(b"DecodeParms") {
        Some(Object::Dict(p)) => vec![Some(p.clone())],
        Some(Object::Array(a)) => a.iter().map(|o| o.as_dict().cloned()).collect(),
        _ => Vec::new(),
    };
    names.into_iter().enumerate().map(|(i, name)| Filter { name, parms: parms.get(i).cloned().flatten() }).collect()
}

/// Finds every `N G obj` in the file (the last definition of a number wins, as in an updated
/// file), and merges every `trailer` dictionary found (later keys win).
pub fn scan(data: &[u8]) -> (HashMap<u32, usize>, Dict) {
    let mut offsets = HashMap::new();
    let mut from = 0;
    while let Some(at) = find(data, b"obj", from) {
        from = at + 3;
        if data.get(at + 3).is_some_and(|&b| super::lexer::is_regular(b)) {
            continue; // `objx`, not the keyword
        }
        if let Some((num, start)) = header_before(data, at) {
            offsets.insert(num, start);
        }
    }
    let mut trailer = Dict::default();
    let mut from = 0;
    while let Some(at) = find(data, b"trailer", from) {
        from = at + 7;
        let mut lex = Lexer::at(data, at + 7);
        if let Ok(Object::Dict(d)) = parse_object(&mut lex) {
            for (k, v) in d.0 {
                if k == b"Prev" || k == b"XRefStm" {
                    continue;
                }
                match trailer.0.iter_mut().find(|(key, _)| *key == k) {
                    Some(slot) => slot.1 = v,
                    None => trailer.0.push((k, v)),
                }
            }
        }
    }
    (offsets, trailer)
}

/// For `obj` at `at`, the object number and the offset of `N G obj` when the bytes before it
/// are `N G`.
fn header_before(data: &[u8], at: usize) -> Option<(u32, usize)> {
    let mut i = at;
    let back_white = |i: &mut usize| {
        let start = *i;
        while *i > 0 && data.get(*i - 1).is_some_and(|&b| super::lexer::is_white(b)) {
            *i -= 1;
        }
        *i < start
    };
    let back_digits = |i: &mut usize| {
        let start = *i;
        while *i > 0 && data.get(*i - 1).is_some_and(u8::is_ascii_digit) {
            *i -= 1;
        }
        (*i < start && start - *i <= 10).then_some(*i..start)
    };
    if !back_white(&mut i) {
        return None;
    }
    back_digits(&mut i)?;
    if !back_white(&mut i) {
        return None;
    }
    let num = back_digits(&mut i)?;
    if i > 0 && data.get(i - 1).is_some_and(|&b| super::lexer::is_regular(b)) {
        return None;
    }
    let text = std::str::from_utf8(data.get(num)?).ok()?;
    Some((text.parse().ok()?, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with a classic table whose offsets are computed, not typed.
    fn classic(objs: &[&str], shift: usize) -> Vec<u8> {
        let mut f = b"%PDF-1.4\n".to_vec();
        let mut offs = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offs.push(f.len());
            f.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = f.len();
        f.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
        for o in offs {
            f.extend_from_slice(format!("{:010} 00000 n \n", o + shift).as_bytes());
        }
        f.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes(),
        );
        f
    }

    #[test]
    fn a_classic_table() {
        let f = classic(&["<< /Type /Catalog >>", "(two)"], 0);
        let x = read(&f);
        assert!(!x.rebuilt);
        assert_eq!(x.entries.get(&2), Some(&Entry::Offset(f.windows(7).position(|w| w == b"2 0 obj").unwrap_or(0))));
        assert!(x.trailer.get(b"Root").is_some());
    }

    #[test]
    fn a_broken_startxref_is_rebuilt_by_the_scan() {
        let mut f = classic(&["<< /Type /Catalog >>", "(two)"], 0);
        let n = f.len();
        f.truncate(n - 20); // startxref's number gone
        let x = read(&f);
        assert!(x.rebuilt);
        assert_eq!(x.entries.len(), 2);
        assert!(x.trailer.get(b"Root").is_some());
    }

    #[test]
    fn the_scan_takes_the_last_definition_and_skips_lookalikes() {
        let f = b"1 0 obj (a) endobj 2 0 obj (b) endobj x1 0 obj 1 0 obj (c) endobj 3 0 objx";
        let (o, _) = scan(f);
        assert_eq!(o.len(), 2);
        let last = f.windows(7).rposition(|w| w == b"1 0 obj");
        assert_eq!(o.get(&1).copied(), last);
    }

    #[test]
    fn a_cross_reference_stream_with_png_up() {
        // Three rows of W [1 2 1]: free 0, object 1 at 15, object 2 in stream 5 at index 0.
        let rows: [[u8; 4]; 3] = [[0, 0, 0, 255], [1, 0, 15, 0], [2, 0, 5, 0]];
        let mut pred = Vec::new();
        let mut prev = [0u8; 4];
        for r in rows {
            pred.push(2);
            for i in 0..4 {
                pred.push(r[i].wrapping_sub(prev[i]));
            }
            prev = r;
        }
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&pred, 6);
        let mut f = b"%PDF-1.5\n".to_vec();
        let off = f.len();
        f.extend_from_slice(
            format!(
                "9 0 obj << /Type /XRef /W [1 2 1] /Size 3 /Root 1 0 R /Filter /FlateDecode \
                 /DecodeParms << /Predictor 12 /Columns 4 >> /Length {} >> stream\n",
                z.len()
            )
            .as_bytes(),
        );
        f.extend_from_slice(&z);
        f.extend_from_slice(format!("\nendstream endobj\nstartxref\n{off}\n%%EOF").as_bytes());
        let x = read(&f);
        assert!(!x.rebuilt);
        assert_eq!(x.entries.get(&1), Some(&Entry::Offset(15)));
        assert_eq!(x.entries.get(&2), Some(&Entry::InStream { stream: 5, index: 0 }));
    }

    #[test]
    fn incremental_updates_newest_entry_wins_and_prev_loops_end() {
        let base = classic(&["<< /Type /Catalog >>", "(old)"], 0);
        let mut f = base.clone();
        let new_off = f.len();
        f.extend_from_slice(b"2 0 obj (new) endobj\n");
        let xref = f.len();
        let prev = base.windows(9).rposition(|w| w == b"startxref").map_or(0, |p| {
            std::str::from_utf8(&base[p + 10..])
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        });
        f.extend_from_slice(
            format!(
                "xref\n2 1\n{new_off:010} 00000 n \ntrailer << /Size 3 /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n"
            )
            .as_bytes(),
        );
        let x = read(&f);
        assert_eq!(x.entries.get(&2), Some(&Entry::Offset(new_off)));
        assert!(x.trailer.get(b"Root").is_some());
        // A /Prev pointing at itself ends.
        let mut looped = f.clone();
        let xref2 = looped.len();
        looped.extend_from_slice(
            format!("xref\n0 0\ntrailer << /Root 1 0 R /Prev {xref2} >>\nstartxref\n{xref2}\n").as_bytes(),
        );
        assert!(!read(&looped).entries.is_empty());
    }
}
