//! Squarified treemap layout (Bruls, Huizing, van Wijk 2000): rectangles whose areas are
//! proportional to the values, kept as close to square as the greedy row rule allows, so labels
//! have room. Pixel geometry only (f64).

/// Lays `values` out in the box `[x, y, w, h]`. Returns one `[x, y, w, h]` per value, in input
/// order. Zero, negative or non-finite values get an empty rectangle at the box origin.
pub fn squarify(values: &[f64], bx: [f64; 4]) -> Vec<[f64; 4]> {
    let [x, y, w, h] = bx;
    let mut out = vec![[x, y, 0.0, 0.0]; values.len()];
    if !(w > 0.0 && h > 0.0) {
        return out;
    }
    let kept: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_finite() && values[i] > 0.0).collect();
    let total: f64 = kept.iter().map(|&i| values[i]).sum();
    if total.is_nan() || total <= 0.0 {
        return out;
    }
    let kept_values: Vec<f64> = kept.iter().map(|&i| values[i]).collect();
    let order: Vec<usize> = crate::order::order_f64(&kept_values, true).into_iter().map(|k| kept[k]).collect();
    let k = w * h / total;
    let area = |i: usize| values[i] * k;

    let mut rem = [x, y, w, h];
    let mut i = 0;
    while i < order.len() {
        let side = rem[2].min(rem[3]);
        let mut end = i + 1;
        let mut best = worst(&order[i..end], side, &area);
        while end < order.len() {
            let next = worst(&order[i..end + 1], side, &area);
            if next > best {
                break;
            }
            best = next;
            end += 1;
        }
        let row = &order[i..end];
        let sum: f64 = row.iter().map(|&j| area(j)).sum();
        let last_row = end == order.len();
        if rem[2] >= rem[3] {
            // Column along the left edge, as tall as the remaining box.
            let thick = if last_row { rem[2] } else { (sum / rem[3]).min(rem[2]) };
            let mut cy = rem[1];
            for (n, &j) in row.iter().enumerate() {
                let hh = if n + 1 == row.len() { rem[1] + rem[3] - cy } else { area(j) / thick };
                out[j] = [rem[0], cy, thick, hh.max(0.0)];
                cy += hh;
            }
            rem = [rem[0] + thick, rem[1], (rem[2] - thick).max(0.0), rem[3]];
        } else {
            // Row along the top edge, as wide as the remaining box.
            let thick = if last_row { rem[3] } else { (sum / rem[2]).min(rem[3]) };
            let mut cx = rem[0];
            for (n, &j) in row.iter().enumerate() {
                let ww = if n + 1 == row.len() { rem[0] + rem[2] - cx } else { area(j) / thick };
                out[j] = [cx, rem[1], ww.max(0.0), thick];
                cx += ww;
            }
            rem = [rem[0], rem[1] + thick, rem[2], (rem[3] - thick).max(0.0)];
        }
        i = end;
    }
    out
}

/// The worst aspect ratio in a row of areas laid along `side`.
fn worst(row: &[usize], side: f64, area: &dyn Fn(usize) -> f64) -> f64 {
    let s: f64 = row.iter().map(|&j| area(j)).sum();
    let (mut mx, mut mn) = (0.0f64, f64::INFINITY);
    for &j in row {
        mx = mx.max(area(j));
        mn = mn.min(area(j));
    }
    if s <= 0.0 || mn <= 0.0 {
        return f64::INFINITY;
    }
    let s2 = s * s;
    let w2 = side * side;
    (w2 * mx / s2).max(s2 / (w2 * mn))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(values: &[f64], bx: [f64; 4]) {
        let rects = squarify(values, bx);
        assert_eq!(rects.len(), values.len());
        let total: f64 = values.iter().filter(|v| **v > 0.0).sum();
        for (v, r) in values.iter().zip(&rects) {
            let a = r[2] * r[3];
            let want = if *v > 0.0 { v / total * bx[2] * bx[3] } else { 0.0 };
            assert!((a - want).abs() <= 1e-6 * bx[2] * bx[3], "area {a} want {want}");
            assert!(r[0] >= bx[0] - 1e-9 && r[1] >= bx[1] - 1e-9, "{r:?} outside {bx:?}");
            assert!(
                r[0] + r[2] <= bx[0] + bx[2] + 1e-9 && r[1] + r[3] <= bx[1] + bx[3] + 1e-9,
                "{r:?} outside {bx:?}"
            );
        }
        for i in 0..rects.len() {
            for j in i + 1..rects.len() {
                let (a, b) = (rects[i], rects[j]);
                let ox = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
                let oy = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
                assert!(ox <= 1e-9 || oy <= 1e-9, "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn areas_proportional_inside_and_disjoint() {
        // The seed's 类 totals.
        check(&[6301.32, 9638.0, 68.01, 28000.0, 342.81], [10.0, 20.0, 600.0, 300.0]);
        check(&[6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0], [0.0, 0.0, 6.0, 4.0]);
        check(&[1.0], [0.0, 0.0, 100.0, 50.0]);
        check(&[5.0, 0.0, 3.0, -2.0, f64::NAN], [0.0, 0.0, 30.0, 200.0]);
        let many: Vec<f64> = (1..200).map(|i| (i * 37 % 101) as f64 + 0.5).collect();
        check(&many, [3.0, 4.0, 333.0, 177.0]);
    }

    #[test]
    fn squarified_is_squarish() {
        // The classic example from the paper: aspect ratios stay small.
        let r = squarify(&[6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0], [0.0, 0.0, 6.0, 4.0]);
        for q in r {
            let ar = (q[2] / q[3]).max(q[3] / q[2]);
            assert!(ar < 3.0, "{q:?}");
        }
    }

    #[test]
    fn empty_inputs() {
        assert!(squarify(&[], [0.0, 0.0, 1.0, 1.0]).is_empty());
        assert_eq!(squarify(&[0.0, 0.0], [1.0, 2.0, 3.0, 4.0]), vec![[1.0, 2.0, 0.0, 0.0]; 2]);
        assert_eq!(squarify(&[1.0], [0.0, 0.0, 0.0, 4.0]), vec![[0.0, 0.0, 0.0, 0.0]]);
    }
}
