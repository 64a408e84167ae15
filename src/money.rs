//! Amounts, units and their display. Everything here is exact: `Decimal` from parse to display.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The unit a table or sentence prints its amounts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Unit {
    #[serde(rename = "元")]
    Yuan,
    #[default]
    #[serde(rename = "万元")]
    Wanyuan,
    #[serde(rename = "亿元")]
    Yiyuan,
}

impl Unit {
    /// How many 元 one of this unit is.
    pub fn factor(self) -> Decimal {
        match self {
            Unit::Yuan => Decimal::ONE,
            Unit::Wanyuan => Decimal::from(10_000),
            Unit::Yiyuan => Decimal::from(100_000_000),
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Wanyuan => "万元",
            Unit::Yiyuan => "亿元",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Unit::Yuan => "yuan",
            Unit::Wanyuan => "10k yuan",
            Unit::Yiyuan => "100m yuan",
        }
    }
    /// Reads `元`, `万元`, `亿元` (also with surrounding text such as `单位：万元`).
    pub fn find_in(text: &str) -> Option<Unit> {
        if text.contains("亿元") {
            Some(Unit::Yiyuan)
        } else if text.contains("万元") || text.contains("万") {
            Some(Unit::Wanyuan)
        } else if text.contains('元') {
            Some(Unit::Yuan)
        } else {
            None
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

/// Converts an amount printed in `unit` to 元, exactly.
pub fn to_yuan(value: Decimal, unit: Unit) -> Decimal {
    value * unit.factor()
}

/// Converts between units exactly (division by a power of ten is exact in `Decimal`).
pub fn convert(value: Decimal, from: Unit, to: Unit) -> Decimal {
    if from == to {
        return value;
    }
    // To a larger unit by division only: exact, and no overflow at the edge of Decimal's range.
    let v = if from.factor() >= to.factor() {
        value * (from.factor() / to.factor())
    } else {
        value / (to.factor() / from.factor())
    };
    v.normalize().max_scale_with(value.scale())
}

trait MaxScale {
    fn max_scale_with(self, scale: u32) -> Decimal;
}
impl MaxScale for Decimal {
    fn max_scale_with(mut self, scale: u32) -> Decimal {
        if self.scale() < scale {
            self.rescale(scale);
        }
        self
    }
}

/// Half a unit in the last printed place: the largest error rounding to the printed precision can hide.
pub fn half_ulp(value: Decimal) -> Decimal {
    Decimal::new(5, value.scale() + 1)
}

/// Parses an amount as printed in these documents: `44,350`, `6,301.32`, `-0.10`, `0`, `（12.00）`, `−5`.
/// Returns `None` for anything else (never guesses).
pub fn parse_amount(raw: &str) -> Option<Decimal> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let (neg, body) = if let Some(inner) = s
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| s.strip_prefix('（').and_then(|r| r.strip_suffix('）')))
    {
        (true, inner.trim())
    } else if let Some(r) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        (true, r)
    } else {
        (false, s)
    };
    if body.is_empty() {
        return None;
    }
    let d = match parse_ascii_body(body.as_bytes()) {
        Some(parsed) => parsed?,
        None => parse_body_str(body)?,
    };
    Some(if neg { -d } else { d })
}

/// The unsigned body of an amount through `Decimal::from_str` (the general path: more digits
/// than `parse_ascii_body` builds directly).
fn parse_body_str(body: &str) -> Option<Decimal> {
    // Digits, at most one dot, commas only as thousands separators between digit groups of three.
    let mut int_part = String::new();
    let mut frac_part: Option<String> = None;
    let mut groups: Vec<usize> = vec![0];
    for c in body.chars() {
        match c {
            '0'..='9' => match frac_part.as_mut() {
                Some(f) => f.push(c),
                None => {
                    int_part.push(c);
                    *groups.last_mut()? += 1;
                }
            },
            ',' if frac_part.is_none() => groups.push(0),
            '.' if frac_part.is_none() => frac_part = Some(String::new()),
            _ => return None,
        }
    }
    if int_part.is_empty() {
        return None;
    }
    if groups.len() > 1 && (groups[0] == 0 || groups[0] > 3 || groups[1..].iter().any(|&g| g != 3)) {
        return None;
    }
    let text = match &frac_part {
        Some(f) if f.is_empty() => return None,
        Some(f) => format!("{int_part}.{f}"),
        None => int_part,
    };
    Decimal::from_str(&text).ok()
}

/// `parse_amount`'s body rules on bytes, without building strings: `Some(None)` refused,
/// `Some(Some(d))` read, `None` when the digits are too many to build the value directly (the
/// string path then decides, as before). Any non-ASCII byte is refused like any other character.
fn parse_ascii_body(body: &[u8]) -> Option<Option<Decimal>> {
    let mut mantissa: u128 = 0;
    let mut digits = 0usize;
    let mut int_digits = 0usize;
    let mut frac: Option<usize> = None;
    // Group sizes: the first, and whether every later one is exactly three.
    let mut first_group = 0usize;
    let mut group = 0usize;
    let mut groups = 1usize;
    let mut later_groups_ok = true;
    for &b in body {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits <= 28 {
                    mantissa = mantissa * 10 + u128::from(b - b'0');
                }
                match frac.as_mut() {
                    Some(f) => *f += 1,
                    None => {
                        int_digits += 1;
                        group += 1;
                    }
                }
            }
            b',' if frac.is_none() => {
                if groups == 1 {
                    first_group = group;
                } else if group != 3 {
                    later_groups_ok = false;
                }
                groups += 1;
                group = 0;
            }
            b'.' if frac.is_none() => frac = Some(0),
            _ => return Some(None),
        }
    }
    if int_digits == 0 {
        return Some(None);
    }
    if groups > 1 {
        if group != 3 {
            later_groups_ok = false;
        }
        if first_group == 0 || first_group > 3 || !later_groups_ok {
            return Some(None);
        }
    }
    let scale = match frac {
        Some(0) => return Some(None),
        Some(f) => f,
        None => 0,
    };
    if digits > 28 {
        return None;
    }
    let scale = u32::try_from(scale).ok()?;
    let m = i128::try_from(mantissa).ok()?;
    Decimal::try_from_i128_with_scale(m, scale).ok().map(Some)
}

/// `1234567.8` → `1,234,567.80` with exactly `decimals` places (rounded half away from zero).
pub fn group(value: Decimal, decimals: u32) -> String {
    let v = value.round_dp_with_strategy(decimals, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let neg = v.is_sign_negative() && !v.is_zero();
    let s = digits(v, decimals);
    let k = s.len().saturating_sub(if decimals > 0 { decimals as usize + 1 } else { 0 });
    let (int, frac) = (s.get(..k).unwrap_or_default(), s.get(k..).unwrap_or_default());
    let mut out = String::from(if neg { "-" } else { "" });
    for (i, b) in int.bytes().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(char::from(b));
    }
    out.push_str(frac);
    out
}

/// `|v|` written with `places` decimals (`places` ≥ its scale): `1234.50`, `0.05`, `7`. What
/// `format!("{:.*}", places, v.abs())` writes, without `Decimal`'s `Display` and float-style padding.
pub(crate) fn digits(v: Decimal, places: u32) -> String {
    let mut m = v.mantissa().unsigned_abs();
    let scale = v.scale() as usize;
    let mut rev: Vec<u8> = Vec::with_capacity(40);
    while m > 0 || rev.len() <= scale {
        rev.push(b'0' + (m % 10) as u8);
        m /= 10;
    }
    let mut out = String::with_capacity(rev.len() + 2 + places as usize);
    for (i, &d) in rev.iter().enumerate().rev() {
        out.push(char::from(d));
        if i == scale && (places > 0 || scale > 0) {
            out.push('.');
        }
    }
    for _ in scale..places as usize {
        out.push('0');
    }
    out
}

/// How an amount reads best for people: `9,280.00 万元`, or `4.44 亿元` from 1 亿 up.
pub fn display_amount(value: Decimal, unit: Unit, lang: Lang) -> String {
    // Thresholds in the value's own unit (1 亿元 = 10⁴ 万元 = 10⁸ 元), so nothing is multiplied up
    // to 元 first: that overflowed for amounts near Decimal's range.
    let at_least = |u: Unit| value.abs() >= u.factor() / unit.factor();
    let to = if at_least(Unit::Yiyuan) {
        Unit::Yiyuan
    } else if at_least(Unit::Wanyuan) || unit != Unit::Yuan {
        Unit::Wanyuan
    } else {
        Unit::Yuan
    };
    let v = if to.factor() >= unit.factor() {
        value / (to.factor() / unit.factor())
    } else {
        value * (unit.factor() / to.factor())
    };
    format_in(v, to, lang)
}

/// `value` already in `unit`, two decimals, grouped, with the unit word.
pub fn format_in(value: Decimal, unit: Unit, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} {}", group(value, 2), unit.zh()),
        Lang::En => format!("{} {}", group(value, 2), unit.en()),
    }
}

/// `12.94%` style share or change, with the given number of decimals.
pub fn percent(num: Decimal, den: Decimal, decimals: u32) -> Option<String> {
    if den.is_zero() {
        return None;
    }
    let p = num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)?;
    Some(format!("{}%", group(p, decimals)))
}

/// Language of fixed vocabulary in charts and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn byte_path_reads_bodies_as_the_string_path_does() {
        let bodies = [
            "0", "00", "007", "0.10", "1.5", "44,350", "6,301.32", "1,410,886.00", "1,2345", ",123", "1,23",
            "1234,567", "1,234,56", "12.", ".5", "1.2.3", "1,234.5,6", "9999999999999999999999999999",
            "0.0000000000000000000000000001", "123456789012345678901234567.8", "1，000", "１２", "12a", "1 2",
        ];
        for b in bodies {
            let fast = parse_ascii_body(b.as_bytes());
            let slow = parse_body_str(b);
            match fast {
                Some(f) => assert_eq!(f.map(|v| (v, v.scale())), slow.map(|v| (v, v.scale())), "{b}"),
                None => assert!(b.bytes().filter(u8::is_ascii_digit).count() > 28, "{b} fell back"),
            }
        }
        assert_eq!(parse_amount("-0.00").map(|v| (v.is_zero(), v.scale())), Some((true, 2)));
        assert_eq!(parse_amount("（1,234.50）").map(|v| v.to_string()), Some("-1234.50".into()));
    }

    #[test]
    fn parses_printed_amounts() {
        assert_eq!(parse_amount("44,350"), Some(d("44350")));
        assert_eq!(parse_amount("6,301.32"), Some(d("6301.32")));
        assert_eq!(parse_amount("-0.10"), Some(d("-0.10")));
        assert_eq!(parse_amount("371,514,655.00"), Some(d("371514655.00")));
        assert_eq!(parse_amount("（12.00）"), Some(d("-12.00")));
        assert_eq!(parse_amount("1,2345"), None);
        assert_eq!(parse_amount("12a"), None);
        assert_eq!(parse_amount("--5"), None);
        assert_eq!(parse_amount("."), None);
        assert_eq!(parse_amount("1e400"), None);
        assert_eq!(parse_amount("99999999999999999999999999999999"), None);
    }

    #[test]
    fn keeps_printed_scale() {
        assert_eq!(parse_amount("9,280.00").unwrap().scale(), 2);
        assert_eq!(half_ulp(d("9280.00")), d("0.005"));
        assert_eq!(half_ulp(d("9638")), d("0.5"));
    }

    #[test]
    fn formats_for_people() {
        assert_eq!(group(d("1308.26"), 2), "1,308.26");
        assert_eq!(group(d("-6593.315"), 2), "-6,593.32");
        assert_eq!(display_amount(d("9280"), Unit::Wanyuan, Lang::Zh), "9,280.00 万元");
        assert_eq!(display_amount(d("44350"), Unit::Wanyuan, Lang::Zh), "4.44 亿元");
        assert_eq!(display_amount(d("371514655.00"), Unit::Yuan, Lang::Zh), "3.72 亿元");
        assert_eq!(display_amount(d("17280.00"), Unit::Yuan, Lang::Zh), "1.73 万元");
        assert_eq!(display_amount(d("500"), Unit::Yuan, Lang::En), "500.00 yuan");
    }

    #[test]
    fn displays_amounts_at_the_edge_of_decimal_without_overflow() {
        assert_eq!(display_amount(Decimal::MAX, Unit::Wanyuan, Lang::Zh), "7,922,816,251,426,433,759,354,395.03 亿元");
        assert_eq!(display_amount(Decimal::MIN, Unit::Yiyuan, Lang::En), "-79,228,162,514,264,337,593,543,950,335.00 100m yuan");
        assert_eq!(convert(Decimal::MAX, Unit::Yuan, Unit::Yiyuan), d("792281625142643375935.43950335"));
        assert_eq!(display_amount(d("0.5"), Unit::Yiyuan, Lang::Zh), "5,000.00 万元");
    }

    #[test]
    fn converts_exactly() {
        assert_eq!(to_yuan(d("44350"), Unit::Wanyuan), d("443500000"));
        assert_eq!(convert(d("371514655.00"), Unit::Yuan, Unit::Wanyuan), d("37151.4655"));
        assert_eq!(percent(d("6593.32"), d("50943.32"), 2).unwrap(), "12.94%");
    }
}
