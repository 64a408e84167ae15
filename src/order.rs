//! One stable sort for the whole crate (importer, audit, charts, CLI). `slice::sort_by*` instantiates a whole driftsort per call
//! site and element type (≈ 1.5 KB of wasm each); here one merge sort over indices takes the
//! comparison as `&dyn Fn`, and only the small key-extracting and permuting shells are generic.

use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Indices `0..n` in stable order: `after(a, b)` says index `a` must come after index `b`
/// (ties keep their input order). Bottom-up merge sort, O(n log n).
pub fn order(n: usize, after: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = a.clone();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in b.iter_mut().take(hi).skip(lo) {
                // From the right run only when its head is strictly before the left's: stable.
                let right = j < hi && (i >= mid || after(a[i], a[j]));
                if right {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Puts `v` in the order `idx` (a permutation of its indices).
fn permute<T>(v: &mut Vec<T>, idx: &[usize]) {
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    *v = idx.iter().filter_map(|&i| slots.get_mut(i).and_then(Option::take)).collect();
}

/// Largest first by `key` (a missing key last), ties in input order: what
/// `v.sort_by_key(|r| Reverse(key(r)))` did.
pub fn largest_first<T>(v: &mut Vec<T>, key: impl Fn(&T) -> Option<Decimal>) {
    let keys: Vec<Option<Decimal>> = v.iter().map(key).collect();
    let idx = order(keys.len(), &|a, b| keys[a] < keys[b]);
    permute(v, &idx);
}

/// Smallest first by an index-like key (line number, byte offset), ties in input order: what
/// `v.sort_by_key(key)` does, without a sort instantiation of its own (meant for the importer's
/// sorts too: with them through here, core's sort code leaves the wasm).
pub fn by_position<T>(v: &mut Vec<T>, key: impl Fn(&T) -> usize) {
    let keys: Vec<usize> = v.iter().map(key).collect();
    let idx = order(keys.len(), &|a, b| keys[a] > keys[b]);
    permute(v, &idx);
}

/// Indices of `keys` from the largest, or from the smallest when `!desc`; incomparable (NaN)
/// keys count as equal, as `partial_cmp(..).unwrap_or(Equal)` did.
pub fn order_f64(keys: &[f64], desc: bool) -> Vec<usize> {
    order(keys.len(), &|a, b| {
        let c = keys[a].partial_cmp(&keys[b]).unwrap_or(Ordering::Equal);
        c == if desc { Ordering::Less } else { Ordering::Greater }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_std_stable_sort() {
        for n in [0usize, 1, 2, 3, 5, 8, 17, 64, 100, 1000] {
            // Many ties: keys 0..7 with the index as the tie-breaker to check stability.
            let v: Vec<(u32, usize)> = (0..n).map(|i| (((i * 7919) % 13 % 7) as u32, i)).collect();
            let mut want = v.clone();
            want.sort_by_key(|r| std::cmp::Reverse(r.0));
            let mut got = v.clone();
            largest_first(&mut got, |r| Some(Decimal::from(r.0)));
            assert_eq!(got, want, "n = {n}");
            let f: Vec<f64> = v.iter().map(|r| r.0 as f64).collect();
            let mut up: Vec<usize> = (0..n).collect();
            up.sort_by(|&a, &b| f[a].partial_cmp(&f[b]).unwrap_or(Ordering::Equal));
            assert_eq!(order_f64(&f, false), up);
            let mut down: Vec<usize> = (0..n).collect();
            down.sort_by(|&a, &b| f[b].partial_cmp(&f[a]).unwrap_or(Ordering::Equal));
            assert_eq!(order_f64(&f, true), down);
            let mut up_std = v.clone();
            up_std.sort_by_key(|r| r.0);
            let mut up_got = v.clone();
            by_position(&mut up_got, |r| r.0 as usize);
            assert_eq!(up_got, up_std, "n = {n}");
        }
    }

    #[test]
    fn missing_keys_go_last() {
        let mut v = vec![None, Some(2), None, Some(5), Some(2)];
        largest_first(&mut v, |k| k.map(Decimal::from));
        assert_eq!(v, vec![Some(5), Some(2), Some(2), None, None]);
    }
}
