//! Predictors of the Flate and LZW filters (ISO 32000-1 §7.4.4.4): PNG row filters (Predictor
//! ≥ 10, a filter-type byte before each row) and TIFF predictor 2. Cross-reference streams use PNG
//! Up almost always; images are never decoded here, so only what streams of text and tables need
//! is exact, and the rest is decoded as far as the spec defines it.

use super::object::Dict;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub predictor: i64,
    pub colors: usize,
    pub bits: usize,
    pub columns: usize,
}

impl Params {
    /// The predictor parameters of a `/DecodeParms` dictionary; `None` when there is no predictor.
    pub fn from_dict(d: Option<&Dict>) -> Option<Params> {
        let d = d?;
        let int = |k: &[u8], default: i64| d.get(k).and_then(|o| o.as_int()).unwrap_or(default);
        let predictor = int(b"Predictor", 1);
        if predictor <= 1 {
            return None;
        }
        // Absurd values are clamped: a row wider than the data only yields short output.
        let clamp = |v: i64, max: i64| usize::try_from(v.clamp(1, max)).unwrap_or(1);
        Some(Params {
            predictor,
            colors: clamp(int(b"Colors", 1), 32),
            bits: clamp(int(b"BitsPerComponent", 8), 16),
            columns: clamp(int(b"Columns", 1), 1 << 20),
        })
    }

    fn bytes_per_pixel(&self) -> usize {
        (self.colors * self.bits).div_ceil(8).max(1)
    }

    fn row_bytes(&self) -> usize {
        (self.colors * self.bits * self.columns).div_ceil(8)
    }
}

/// Undoes the predictor. A last row cut short is kept as far as it goes.
pub fn unpredict(data: &[u8], p: Params) -> Result<Vec<u8>, &'static str> {
    match p.predictor {
        2 => Ok(tiff(data, p)),
        10..=15 => Ok(png(data, p)),
        _ => Err("未知的预测器（Predictor）"),
    }
}

fn png(data: &[u8], p: Params) -> Vec<u8> {
    // A row longer than the data is cut to the data: the buffers never outgrow the input.
    let row = p.row_bytes().min(data.len());
    let bpp = p.bytes_per_pixel();
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row];
    let mut cur = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        let Some((&kind, body)) = chunk.split_first() else { break };
        cur[..body.len()].copy_from_slice(body);
        cur[body.len()..].fill(0);
        for i in 0..body.len() {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
            let add = match kind {
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => 0, // 0 = None; unknown types are read as None, as libpng-based readers do
            };
            cur[i] = cur[i].wrapping_add(add);
        }
        out.extend_from_slice(&cur[..body.len()]);
        std::mem::swap(&mut prev, &mut cur);
    }
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// TIFF predictor 2: each component is the difference from the same component one pixel left.
/// 8- and 16-bit components are undone; other depths are returned as they are (only images use
/// them, and images are never decoded).
fn tiff(data: &[u8], p: Params) -> Vec<u8> {
    let mut out = data.to_vec();
    let row = p.row_bytes();
    if row == 0 {
        return out;
    }
    for line in out.chunks_mut(row) {
        match p.bits {
            8 => {
                for i in p.colors..line.len() {
                    line[i] = line[i].wrapping_add(line[i - p.colors]);
                }
            }
            16 => {
                let step = 2 * p.colors;
                let mut i = step;
                while i + 1 < line.len() {
                    let left = u16::from_be_bytes([line[i - step], line[i + 1 - step]]);
                    let v = u16::from_be_bytes([line[i], line[i + 1]]).wrapping_add(left);
                    line[i..i + 2].copy_from_slice(&v.to_be_bytes());
                    i += 2;
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(predictor: i64, colors: usize, columns: usize) -> Params {
        Params { predictor, colors, bits: 8, columns }
    }

    #[test]
    fn png_up_as_in_cross_reference_streams() {
        // Two rows of 3 bytes: the second is stored as its difference from the first.
        let data = [2, 1, 0, 10, 2, 0, 1, 5];
        assert_eq!(unpredict(&data, params(12, 1, 3)), Ok(vec![1, 0, 10, 1, 1, 15]));
    }

    #[test]
    fn png_sub_average_and_paeth() {
        assert_eq!(unpredict(&[1, 5, 1, 1], params(11, 1, 3)), Ok(vec![5, 6, 7]));
        // Average: first row, up is 0; left halves.
        assert_eq!(unpredict(&[3, 10, 5], params(13, 1, 2)), Ok(vec![10, 10]));
        assert_eq!(unpredict(&[0, 1, 2, 4, 1, 1], params(14, 1, 2)), Ok(vec![1, 2, 2, 3]));
    }

    #[test]
    fn a_short_last_row_is_kept() {
        assert_eq!(unpredict(&[0, 1, 2, 3, 2, 1], params(12, 1, 3)), Ok(vec![1, 2, 3, 2]));
    }

    #[test]
    fn tiff_horizontal_differencing() {
        assert_eq!(unpredict(&[1, 1, 1, 5, 1], params(2, 1, 5)), Ok(vec![1, 2, 3, 8, 9]));
        assert_eq!(unpredict(&[1, 2, 1, 1], params(2, 2, 2)), Ok(vec![1, 2, 2, 3]));
    }

    #[test]
    fn huge_columns_do_not_allocate_beyond_the_clamp() {
        let mut d = Dict::default();
        d.0.push((b"Predictor".to_vec(), super::super::object::Object::Int(12)));
        d.0.push((b"Columns".to_vec(), super::super::object::Object::Int(i64::MAX)));
        let p = Params::from_dict(Some(&d));
        assert_eq!(p.map(|p| p.columns), Some(1 << 20));
        let out = p.map(|p| unpredict(&[2, 1, 2], p));
        assert_eq!(out, Some(Ok(vec![1, 2])));
    }
}
