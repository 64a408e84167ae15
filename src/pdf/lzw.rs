//! LZWDecode (ISO 32000-1 §7.4.4): 9- to 12-bit codes, 256 = clear table, 257 = end of data.
//! `EarlyChange` 1 (the default) widens the code one entry early, as the TIFF-era encoders did;
//! 0 widens it when the table is full at the current width. Twelve corpus files (苏州's WPS
//! output) compress their content streams this way.
//!
//! The table holds (prefix code, last byte, length) triples, so a string is written by walking
//! its prefixes backwards into the output: no string is copied into the table.

const CLEAR: u16 = 256;
const EOD: u16 = 257;
const FIRST: usize = 258;
const MAX_ENTRIES: usize = 4096;

#[derive(Clone, Copy)]
struct Entry {
    prefix: u16,
    byte: u8,
    len: u16,
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u32,
    n: u32,
}

impl Bits<'_> {
    fn read(&mut self, width: u32) -> Option<u16> {
        while self.n < width {
            let b = *self.data.get(self.pos)?;
            self.pos += 1;
            self.acc = (self.acc << 8) | u32::from(b);
            self.n += 8;
        }
        self.n -= width;
        let v = (self.acc >> self.n) & ((1 << width) - 1);
        self.acc &= (1u32 << self.n).wrapping_sub(1);
        Some(v as u16)
    }
}

/// Decodes LZW data, at most `limit` bytes of output. A truncated or damaged stream yields what
/// was decoded before the damage; `Err` only when the output would pass `limit`.
pub fn decode(data: &[u8], early_change: bool, limit: usize) -> Result<Vec<u8>, ()> {
    let mut table: Vec<Entry> = (0..=255u16).map(|b| Entry { prefix: 0, byte: b as u8, len: 1 }).collect();
    table.resize(FIRST, Entry { prefix: 0, byte: 0, len: 0 });
    let mut out: Vec<u8> = Vec::with_capacity(data.len().saturating_mul(3).min(limit));
    let mut bits = Bits { data, pos: 0, acc: 0, n: 0 };
    let mut width = 9u32;
    let mut prev: Option<u16> = None;
    let early = usize::from(early_change);
    while let Some(code) = bits.read(width) {
        match code {
            CLEAR => {
                table.truncate(FIRST);
                width = 9;
                prev = None;
                continue;
            }
            EOD => break,
            _ => {}
        }
        let idx = usize::from(code);
        if idx < table.len() && !(256..FIRST).contains(&idx) {
            let first = write(&table, code, &mut out, limit)?;
            if let Some(p) = prev {
                add(&mut table, p, first);
            }
        } else if idx == table.len() && idx >= FIRST {
            // The code being defined right now: the previous string plus its own first byte.
            let Some(p) = prev else { break };
            let f = write(&table, p, &mut out, limit)?;
            if out.len() >= limit {
                return Err(());
            }
            out.push(f);
            add(&mut table, p, f);
        } else {
            break; // a code from nowhere: the data is damaged here
        }
        prev = Some(code);
        let next = table.len() + early;
        width = if next >= 2048 {
            12
        } else if next >= 1024 {
            11
        } else if next >= 512 {
            10
        } else {
            9
        };
    }
    Ok(out)
}

fn add(table: &mut Vec<Entry>, prefix: u16, byte: u8) {
    if table.len() >= MAX_ENTRIES {
        return;
    }
    let len = table.get(usize::from(prefix)).map_or(1, |e| e.len.saturating_add(1));
    table.push(Entry { prefix, byte, len });
}

/// Appends the string of `code`; returns its first byte.
fn write(table: &[Entry], code: u16, out: &mut Vec<u8>, limit: usize) -> Result<u8, ()> {
    let Some(e) = table.get(usize::from(code)) else { return Ok(0) };
    let len = usize::from(e.len.max(1));
    let start = out.len();
    if start + len > limit {
        return Err(());
    }
    out.resize(start + len, 0);
    let mut c = code;
    let mut i = len;
    while i > 0 {
        let Some(e) = table.get(usize::from(c)) else { break };
        i -= 1;
        if let Some(slot) = out.get_mut(start + i) {
            *slot = e.byte;
        }
        c = e.prefix;
    }
    Ok(out.get(start).copied().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain LZW encoder for the tests (MSB-first codes, clear at start, EOD at the end).
    fn encode(input: &[u8], early_change: bool) -> Vec<u8> {
        use std::collections::HashMap;
        let mut out = Vec::new();
        let (mut acc, mut n) = (0u64, 0u32);
        let mut put = |code: u32, width: u32, out: &mut Vec<u8>| {
            acc = (acc << width) | u64::from(code);
            n += width;
            while n >= 8 {
                n -= 8;
                out.push((acc >> n) as u8);
            }
        };
        let mut dict: HashMap<Vec<u8>, u32> = (0..256u32).map(|b| (vec![b as u8], b)).collect();
        let mut next = 258u32;
        let mut width = 9;
        let early = u32::from(early_change);
        put(256, width, &mut out);
        let mut w: Vec<u8> = Vec::new();
        for &c in input {
            let mut wc = w.clone();
            wc.push(c);
            if dict.contains_key(&wc) {
                w = wc;
            } else {
                put(dict[&w], width, &mut out);
                if next < 4096 {
                    dict.insert(wc, next);
                    next += 1;
                }
                // The decoder defines each entry one code later than the encoder, so its table is
                // one shorter when it reads the next code: the width follows its count.
                width = match next - 1 + early {
                    x if x >= 2048 => 12,
                    x if x >= 1024 => 11,
                    x if x >= 512 => 10,
                    _ => 9,
                };
                w = vec![c];
            }
        }
        if !w.is_empty() {
            put(dict[&w], width, &mut out);
        }
        put(257, width, &mut out);
        // Pad the last byte with zero bits (a 7-bit zero code cannot be misread: the data ended).
        put(0, 7, &mut out);
        out
    }

    #[test]
    fn the_spec_example() {
        // ISO 32000-1 §7.4.4.2: 45 45 45 45 45 65 45 45 45 66 encodes to these codes.
        let encoded = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01];
        assert_eq!(decode(&encoded, true, 1 << 20), Ok(vec![45, 45, 45, 45, 45, 65, 45, 45, 45, 66]));
    }

    #[test]
    fn round_trips_through_every_code_width_both_ways_of_early_change() {
        // Enough varied data to fill the table past 512, 1024, 2048 and 4096 entries.
        let mut data = Vec::new();
        let mut x = 12345u32;
        for _ in 0..40_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            data.push(b"0123456789 Tj TD ,."[(x >> 16) as usize % 19]);
        }
        for early in [true, false] {
            assert_eq!(decode(&encode(&data, early), early, 1 << 20), Ok(data.clone()), "early change {early}");
        }
    }

    #[test]
    fn damage_and_limits() {
        let enc = encode(b"hello hello hello hello", true);
        assert_eq!(decode(&enc[..enc.len() / 2], true, 1000).map(|v| v.len() < 23), Ok(true));
        assert_eq!(decode(&enc, true, 5), Err(()));
        assert_eq!(decode(&[0xff; 64], true, 1000).map(|v| v.len() < 1000), Ok(true));
    }
}
