//! Numbers in prose: every run of digits with what follows it (万元 / 亿元 / 元, a bare 万 after an
//! amount, %, or nothing), so a reader takes an amount only where the words say it is one.

use super::txt::{skip_sep, Txt};
use crate::money::{parse_amount, Unit};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Amount(Unit),
    Percent,
    Other,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Num {
    pub(super) v: Decimal,
    pub(super) start: usize,
    /// After the unit word (or the digits when there is none).
    pub(super) after: usize,
    pub(super) kind: Kind,
}

impl Num {
    pub(super) fn unit(&self) -> Option<Unit> {
        match self.kind {
            Kind::Amount(u) => Some(u),
            _ => None,
        }
    }
    pub(super) fn is_amount(&self) -> bool {
        self.unit().is_some()
    }
}

pub(super) fn numbers(t: &Txt) -> Vec<Num> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let starts = t.ch(i).is_some_and(|c| c.is_ascii_digit())
            && !(i > 0 && t.ch(i - 1).is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ','));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while let Some(c) = t.ch(j) {
            let digit_next = t.ch(j + 1).is_some_and(|n| n.is_ascii_digit());
            if c.is_ascii_digit() || ((c == ',' || c == '.') && digit_next) {
                j += 1;
            } else {
                break;
            }
        }
        // Amounts of 10^14 or more are no budget's (and could overflow sums): not read.
        let Some(v) = parse_amount(&t.s(i, j)).filter(|&v| crate::gate::below_limit(v)) else {
            i = j;
            continue;
        };
        let bare_wan = |n: Option<char>| {
            n.is_none_or(|c| matches!(c, '，' | '。' | '；' | '、' | '：' | ',' | ';' | '）' | ')' | '合' | '其' | '等'))
        };
        let (kind, after) = if t.at(j, "万元") {
            (Kind::Amount(Unit::Wanyuan), j + 2)
        } else if t.at(j, "亿元") {
            (Kind::Amount(Unit::Yiyuan), j + 2)
        } else if t.at(j, "元") {
            (Kind::Amount(Unit::Yuan), j + 1)
        } else if t.at(j, "万") && bare_wan(t.ch(j + 1)) {
            // `1170.00万，其中…` : a bare 万 after an amount means 万元.
            (Kind::Amount(Unit::Wanyuan), j + 1)
        } else if t.at(j, "%") {
            (Kind::Percent, j + 1)
        } else {
            (Kind::Other, j)
        };
        out.push(Num { v, start: i, after, kind });
        i = j;
    }
    out
}

pub(super) fn num_at(nums: &[Num], pos: usize) -> Option<Num> {
    nums.iter().find(|n| n.start == pos).copied()
}

pub(super) fn neg(v: Decimal) -> Decimal {
    if v.is_zero() {
        v
    } else {
        -v
    }
}

/// "完成年初预算的98.20%" / "完成预算的0%" right after an amount.
pub(super) fn completion(t: &Txt, nums: &[Num], pos: usize) -> Option<Decimal> {
    let p = skip_sep(t, pos);
    if !t.at(p, "完成") {
        return None;
    }
    nums.iter().find(|n| n.kind == Kind::Percent && n.start > p && n.start <= p + 10).map(|n| n.v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use super::super::tests::d;

    #[test]
    fn numbers_carry_units() {
        let t = Txt::normalized("收入 44,350 万元，1720.00万，下降 12.94%，2021 年，3 辆，29,381.00万元", 1);
        let n = numbers(&t);
        let kinds: Vec<(Decimal, Kind)> = n.iter().map(|n| (n.v, n.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (d("44350"), Kind::Amount(Unit::Wanyuan)),
                (d("1720.00"), Kind::Amount(Unit::Wanyuan)),
                (d("12.94"), Kind::Percent),
                (d("2021"), Kind::Other),
                (d("3"), Kind::Other),
                (d("29381.00"), Kind::Amount(Unit::Wanyuan)),
            ]
        );
    }
}
