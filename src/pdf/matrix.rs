//! Affine matrices `[a b c d e f]` as PDF writes them (ISO 32000-1 §8.3.3): a point (x, y) maps to
//! (a·x + c·y + e, b·x + d·y + f), and `m.then(n)` is "m, then n" — the PDF product m × n, the
//! order in which `cm` and the text matrix compose.

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub e: f64,
    pub f: f64,
}

impl Matrix {
    pub const IDENTITY: Matrix = Matrix { a: 1.0, b: 0.0, c: 0.0, d: 1.0, e: 0.0, f: 0.0 };

    pub fn new(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> Matrix {
        Matrix { a, b, c, d, e, f }
    }

    pub fn translate(x: f64, y: f64) -> Matrix {
        Matrix { e: x, f: y, ..Matrix::IDENTITY }
    }

    /// Applies `self` first, then `n`.
    pub fn then(&self, n: &Matrix) -> Matrix {
        Matrix {
            a: self.a * n.a + self.b * n.c,
            b: self.a * n.b + self.b * n.d,
            c: self.c * n.a + self.d * n.c,
            d: self.c * n.b + self.d * n.d,
            e: self.e * n.a + self.f * n.c + n.e,
            f: self.e * n.b + self.f * n.d + n.f,
        }
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)
    }

    /// A direction or length, without the translation.
    pub fn vector(&self, x: f64, y: f64) -> (f64, f64) {
        (self.a * x + self.c * y, self.b * x + self.d * y)
    }

    pub fn is_finite(&self) -> bool {
        [self.a, self.b, self.c, self.d, self.e, self.f].iter().all(|v| v.is_finite())
    }

    /// From six operands; `None` when one is missing or not a number.
    pub fn from_slice(v: &[f64]) -> Option<Matrix> {
        match v {
            [a, b, c, d, e, f] => Some(Matrix::new(*a, *b, *c, *d, *e, *f)),
            _ => None,
        }
    }

    /// Maps default user space of a page to the page as a reader sees it: origin at the top left
    /// of the crop box, y growing downwards, the page's `/Rotate` (clockwise, a multiple of 90)
    /// applied. `bx` is the box `[x0 y0 x1 y1]` with x0 < x1, y0 < y1.
    pub fn page(bx: [f64; 4], rotate: i64) -> Matrix {
        let [x0, y0, x1, y1] = bx;
        match rotate.rem_euclid(360) {
            // A quarter turn clockwise: the box's left edge becomes the top, its top the right.
            90 => Matrix::new(0.0, 1.0, 1.0, 0.0, -y0, -x0),
            180 => Matrix::new(-1.0, 0.0, 0.0, 1.0, x1, -y0),
            270 => Matrix::new(0.0, -1.0, -1.0, 0.0, y1, x1),
            _ => Matrix::new(1.0, 0.0, 0.0, -1.0, -x0, y1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn then_is_the_pdf_product() {
        let scale = Matrix::new(2.0, 0.0, 0.0, 2.0, 0.0, 0.0);
        let shift = Matrix::translate(10.0, 5.0);
        // Scale first, then shift: (1,1) → (2,2) → (12,7).
        assert!(close(scale.then(&shift).apply(1.0, 1.0), (12.0, 7.0)));
        // Shift first, then scale: (1,1) → (11,6) → (22,12).
        assert!(close(shift.then(&scale).apply(1.0, 1.0), (22.0, 12.0)));
    }

    #[test]
    fn page_rotations_put_the_reading_origin_top_left() {
        let bx = [0.0, 0.0, 600.0, 800.0];
        // Unrotated: the top-left corner (0, 800) is the origin; y grows down.
        assert!(close(Matrix::page(bx, 0).apply(0.0, 800.0), (0.0, 0.0)));
        assert!(close(Matrix::page(bx, 0).apply(100.0, 700.0), (100.0, 100.0)));
        // Rotate 90: the box's bottom-left corner shows at the top left; its top-left at the top right.
        assert!(close(Matrix::page(bx, 90).apply(0.0, 0.0), (0.0, 0.0)));
        assert!(close(Matrix::page(bx, 90).apply(0.0, 800.0), (800.0, 0.0)));
        assert!(close(Matrix::page(bx, 90).apply(600.0, 0.0), (0.0, 600.0)));
        // Rotate 180: the bottom-right corner is the top left.
        assert!(close(Matrix::page(bx, 180).apply(600.0, 0.0), (0.0, 0.0)));
        // Rotate 270 (= -90): the top-right corner is the top left.
        assert!(close(Matrix::page(bx, 270).apply(600.0, 800.0), (0.0, 0.0)));
        assert!(close(Matrix::page(bx, -90).apply(0.0, 800.0), (0.0, 600.0)));
        // A box that does not start at 0.
        assert!(close(Matrix::page([10.0, 20.0, 110.0, 220.0], 0).apply(10.0, 220.0), (0.0, 0.0)));
    }

    #[test]
    fn text_in_a_rotated_page_reads_left_to_right() {
        // Text drawn upwards in user space (advance (0, 1)) on a page rotated 90° reads rightwards.
        let adv = Matrix::page([0.0, 0.0, 600.0, 800.0], 90).vector(0.0, 1.0);
        assert!(close(adv, (1.0, 0.0)));
    }
}
