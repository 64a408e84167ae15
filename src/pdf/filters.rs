//! Stream filters (ISO 32000-1 §7.4): FlateDecode (miniz_oxide), LZWDecode, ASCIIHexDecode,
//! ASCII85Decode, RunLengthDecode, each with its predictor where the spec allows one. Image
//! filters (DCT, JPX, JBIG2, CCITT) are never decoded: text does not live in them, and a caller
//! only needs to know a stream is an image.
//!
//! Damaged data decodes as far as it goes (a Flate stream cut short or with a wrong checksum
//! still gives its text), as viewers do; every filter stops at the caller's byte limit.

use super::lzw;
use super::object::Dict;
use super::predictor::{self, Params};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// One filter of a stream's `/Filter` with its `/DecodeParms`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub name: Vec<u8>,
    pub parms: Option<Dict>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// An image codec: the stream is an image, not decoded.
    Image,
    /// A filter this reader does not know (named).
    Unsupported(String),
    /// The output would pass the limit.
    TooLarge,
}

/// Applies the filters in order.
pub fn decode(raw: &[u8], filters: &[Filter], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut data: Option<Vec<u8>> = None;
    for f in filters {
        let input: &[u8] = data.as_deref().unwrap_or(raw);
        let parms = f.parms.as_ref();
        let out = match f.name.as_slice() {
            b"FlateDecode" | b"Fl" => predicted(inflate(input, limit)?, parms)?,
            b"LZWDecode" | b"LZW" => {
                let early = parms.and_then(|d| d.get(b"EarlyChange")).and_then(|o| o.as_int()) != Some(0);
                predicted(lzw::decode(input, early, limit).map_err(|()| DecodeError::TooLarge)?, parms)?
            }
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(input),
            b"ASCII85Decode" | b"A85" => ascii85(input, limit)?,
            b"RunLengthDecode" | b"RL" => run_length(input, limit)?,
            // Identity crypt filters change nothing; the document's own decryption ran before.
            b"Crypt" => continue,
            b"DCTDecode" | b"DCT" | b"JPXDecode" | b"JBIG2Decode" | b"CCITTFaxDecode" | b"CCF" => {
                return Err(DecodeError::Image)
            }
            other => return Err(DecodeError::Unsupported(String::from_utf8_lossy(other).into_owned())),
        };
        if out.len() > limit {
            return Err(DecodeError::TooLarge);
        }
        data = Some(out);
    }
    Ok(data.unwrap_or_else(|| raw.to_vec()))
}

fn predicted(data: Vec<u8>, parms: Option<&Dict>) -> Result<Vec<u8>, DecodeError> {
    match Params::from_dict(parms) {
        None => Ok(data),
        Some(p) => predictor::unpredict(&data, p).map_err(|m| DecodeError::Unsupported(m.to_string())),
    }
}

/// Inflates zlib data; raw deflate data (no zlib header, which some producers write) is tried
/// when the header is not one.
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let zlib = data.len() >= 2 && (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 == 0 && data[0] & 0x0f == 8;
    let flags = if zlib { inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER } else { 0 };
    inflate_with(data, flags | inflate_flags::TINFL_FLAG_IGNORE_ADLER32, limit)
}

fn inflate_with(mut input: &[u8], flags: u32, limit: usize) -> Result<Vec<u8>, DecodeError> {
    let flags = flags | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut out = vec![0u8; input.len().saturating_mul(4).clamp(64, limit.max(64))];
    let mut state = DecompressorOxide::new();
    let mut pos = 0;
    loop {
        let (status, used, written) = decompress(&mut state, input, &mut out, pos, flags);
        pos += written;
        match status {
            TINFLStatus::HasMoreOutput => {
                input = input.get(used..).unwrap_or(&[]);
                if out.len() >= limit {
                    return Err(DecodeError::TooLarge);
                }
                let grown = out.len().saturating_mul(2).min(limit);
                out.resize(grown, 0);
            }
            // Done, or damaged / cut short: what was inflated stands.
            _ => {
                out.truncate(pos);
                return Ok(out);
            }
        }
    }
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn ascii_hex(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 2);
    let mut high: Option<u8> = None;
    for &b in input {
        if b == b'>' {
            break;
        }
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

fn ascii85(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let body = input.strip_prefix(b"<~").unwrap_or(input);
    let mut out = Vec::with_capacity(body.len() / 5 * 4);
    let mut group = [0u8; 5];
    let mut n = 0;
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        i += 1;
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = b - b'!';
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&a85_value(&group).to_be_bytes());
                    n = 0;
                }
            }
            _ => {} // white space, and junk, is skipped
        }
        if out.len() > limit {
            return Err(DecodeError::TooLarge);
        }
    }
    if n > 1 {
        // A final group of n characters stands for n - 1 bytes, padded with 'u'.
        group[n..].fill(84);
        let bytes = a85_value(&group).to_be_bytes();
        out.extend_from_slice(&bytes[..n - 1]);
    }
    Ok(out)
}

fn a85_value(g: &[u8; 5]) -> u32 {
    g.iter().fold(0u32, |acc, &d| acc.wrapping_mul(85).wrapping_add(u32::from(d)))
}

fn run_length(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&len) = input.get(i) {
        i += 1;
        match len {
            128 => break,
            0..=127 => {
                let n = usize::from(len) + 1;
                let end = (i + n).min(input.len());
                out.extend_from_slice(input.get(i..end).unwrap_or(&[]));
                i = end;
            }
            _ => {
                let Some(&b) = input.get(i) else { break };
                i += 1;
                out.extend(std::iter::repeat_n(b, 257 - usize::from(len)));
            }
        }
        if out.len() > limit {
            return Err(DecodeError::TooLarge);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str) -> Filter {
        Filter { name: name.as_bytes().to_vec(), parms: None }
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
    }

    #[test]
    fn flate_whole_truncated_raw_and_bad_checksum() {
        let text: Vec<u8> =
            (0..2000).flat_map(|i| format!("{} {} Td ({i}) Tj ", i * 7 % 13, i % 11).into_bytes()).collect();
        let z = zlib(&text);
        assert_eq!(decode(&z, &[f("FlateDecode")], 1 << 20), Ok(text.clone()));
        let cut = decode(&z[..z.len() / 2], &[f("FlateDecode")], 1 << 20).unwrap_or_default();
        assert!(!cut.is_empty() && text.starts_with(&cut));
        let raw = miniz_oxide::deflate::compress_to_vec(&text, 6);
        assert_eq!(decode(&raw, &[f("FlateDecode")], 1 << 20), Ok(text.clone()));
        let mut bad = z.clone();
        let n = bad.len();
        bad[n - 1] ^= 0xff;
        assert_eq!(decode(&bad, &[f("Fl")], 1 << 20), Ok(text));
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        let z = zlib(&vec![0u8; 10 << 20]);
        assert_eq!(decode(&z, &[f("FlateDecode")], 1 << 20), Err(DecodeError::TooLarge));
    }

    #[test]
    fn flate_with_png_predictor() {
        let rows = [2u8, 1, 2, 2, 1, 1];
        let mut parms = Dict::default();
        parms.0.push((b"Predictor".to_vec(), super::super::object::Object::Int(12)));
        parms.0.push((b"Columns".to_vec(), super::super::object::Object::Int(2)));
        let filt = Filter { name: b"FlateDecode".to_vec(), parms: Some(parms) };
        assert_eq!(decode(&zlib(&rows), &[filt], 100), Ok(vec![1, 2, 2, 3]));
    }

    #[test]
    fn ascii_filters_and_run_length() {
        assert_eq!(decode(b"48 65 6c6C 6F>", &[f("ASCIIHexDecode")], 100), Ok(b"Hello".to_vec()));
        assert_eq!(decode(b"414", &[f("AHx")], 100), Ok(vec![0x41, 0x40]));
        assert_eq!(decode(b"87cURD]i,\"Ebo80~>", &[f("ASCII85Decode")], 100), Ok(b"Hello World!".to_vec()));
        // A final partial group: "Hello" is one group and "o" plus padding.
        assert_eq!(decode(b"87cURDZ~>", &[f("A85")], 100), Ok(b"Hello".to_vec()));
        assert_eq!(decode(b"z~>", &[f("A85")], 100), Ok(vec![0; 4]));
        assert_eq!(
            decode(&[2, b'a', b'b', b'c', 254, b'x', 128, 9], &[f("RunLengthDecode")], 100),
            Ok(b"abcxxx".to_vec())
        );
        assert_eq!(decode(&[129, 0], &[f("RL")], 10), Err(DecodeError::TooLarge));
    }

    #[test]
    fn chains_images_and_unknown_filters() {
        let hexed: String = zlib(b"abc").iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(decode(hexed.as_bytes(), &[f("AHx"), f("Fl")], 100), Ok(b"abc".to_vec()));
        assert_eq!(decode(b"..", &[f("DCTDecode")], 100), Err(DecodeError::Image));
        assert_eq!(decode(b"..", &[f("Foo")], 100), Err(DecodeError::Unsupported("Foo".into())));
    }
}
