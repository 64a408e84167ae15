//! Decimal arithmetic beside `money`: addition, subtraction and multiplication out of line, for
//! the model, the audit, the summary and the charts.
//! rust_decimal marks its add/sub `#[inline(always)]`, so every `+`, `-`, `checked_add` and
//! `.sum()` site carries its own copy of the algorithm in the wasm; through these one copy serves.

use rust_decimal::Decimal;

#[inline(never)]
pub fn checked_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_add(b)
}

#[inline(never)]
pub fn checked_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_sub(b)
}

#[inline(never)]
pub fn checked_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}

/// `a × b`, saturating at `Decimal::MAX`/`MIN` instead of panicking on overflow.
pub fn times(a: Decimal, b: Decimal) -> Decimal {
    checked_mul(a, b).unwrap_or(if a.is_sign_negative() != b.is_sign_negative() { Decimal::MIN } else { Decimal::MAX })
}

/// Two parts of `whole`, a blank one filled as `whole −` the other; `None` when both are blank.
pub fn fill_pair(whole: Decimal, a: Option<Decimal>, b: Option<Decimal>) -> Option<(Decimal, Decimal)> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a, b)),
        (Some(a), None) => Some((a, minus(whole, a))),
        (None, Some(b)) => Some((minus(whole, b), b)),
        (None, None) => None,
    }
}

/// `a + b`, saturating at `Decimal::MAX`/`MIN` instead of panicking on overflow (an amount
/// beyond 7.9 × 10²⁸ is no budget).
pub fn plus(a: Decimal, b: Decimal) -> Decimal {
    checked_add(a, b).unwrap_or(if b.is_sign_negative() { Decimal::MIN } else { Decimal::MAX })
}

/// `a - b`, saturating like `plus`.
pub fn minus(a: Decimal, b: Decimal) -> Decimal {
    checked_sub(a, b).unwrap_or(if b.is_sign_negative() { Decimal::MAX } else { Decimal::MIN })
}

/// Σ, saturating like `plus`.
pub fn sum<I: IntoIterator<Item = Decimal>>(items: I) -> Decimal {
    items.into_iter().fold(Decimal::ZERO, plus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_results_as_the_operators() {
        let v = [Decimal::new(630132, 2), Decimal::new(9638, 0), Decimal::new(-6801, 2), Decimal::ZERO];
        assert_eq!(sum(v), v.iter().copied().sum::<Decimal>());
        assert_eq!(sum(v).to_string(), "15871.31");
        for a in v {
            for b in v {
                assert_eq!(plus(a, b), a + b);
                assert_eq!(minus(a, b), a - b);
                assert_eq!(minus(a, b).to_string(), (a - b).to_string());
            }
        }
        assert_eq!(plus(Decimal::MAX, Decimal::ONE), Decimal::MAX);
        assert_eq!(minus(Decimal::MIN, Decimal::ONE), Decimal::MIN);
        assert_eq!(checked_add(Decimal::MAX, Decimal::ONE), None);
        assert_eq!(times(Decimal::new(25, 1), Decimal::new(4, 0)).to_string(), "10.0");
        assert_eq!(times(Decimal::MAX, Decimal::NEGATIVE_ONE * Decimal::TWO), Decimal::MIN);
    }
}
