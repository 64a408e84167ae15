//! Colours, type sizes and the fixed vocabulary charts print, per theme and language.

use super::scene::Color;
use super::Theme;
use crate::money::{group, Lang, Unit};
use rust_decimal::Decimal;

/// Font stack for every text shape (the browser picks the first installed CJK face).
pub const FONT: &str = "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif";

/// Okabe–Ito, ordered so neighbours stay distinguishable for the common colour-vision deficiencies.
/// Orange, pink, sky blue, yellow and grey are darkened (same hue) to ≥ 3.2:1 on white, so every
/// mark meets WCAG 1.4.11 (non-text contrast ≥ 3:1); tests/contrast.rs checks it.
const OKABE_ITO: [Color; 8] = [
    Color::rgb(0x00, 0x72, 0xB2),
    Color::rgb(0xBD, 0x83, 0x00),
    Color::rgb(0x00, 0x9E, 0x73),
    Color::rgb(0xCA, 0x73, 0xA3),
    Color::rgb(0x1D, 0x96, 0xDB),
    Color::rgb(0xD5, 0x5E, 0x00),
    Color::rgb(0x9C, 0x92, 0x0C),
    Color::rgb(0x8F, 0x8F, 0x8F),
];

/// The same hues, lifted so they keep their contrast against a dark page.
const OKABE_ITO_DARK: [Color; 8] = [
    Color::rgb(0x3A, 0x9B, 0xD9),
    Color::rgb(0xF0, 0xB0, 0x30),
    Color::rgb(0x2B, 0xC0, 0x95),
    Color::rgb(0xDC, 0x95, 0xBE),
    Color::rgb(0x7C, 0xC8, 0xF0),
    Color::rgb(0xF0, 0x7A, 0x2A),
    Color::rgb(0xF0, 0xE4, 0x42),
    Color::rgb(0xAA, 0xAA, 0xAA),
];

/// Everything a chart colours, resolved for one theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub background: Color,
    pub text: Color,
    /// Secondary text (subtitle, source, axis labels): still ≥ 4.5:1 on the background.
    pub muted: Color,
    pub grid: Color,
    pub axis: Color,
    pub series: [Color; 8],
    /// Main bar colour (this year).
    pub primary: Color,
    /// Last year's bars.
    pub prior: Color,
    pub increase: Color,
    pub decrease: Color,
    pub focus: Color,
    /// Dark and light text used on fills (picked by contrast).
    pub ink_dark: Color,
    pub ink_light: Color,
}

pub fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Light => Palette {
            background: Color::rgb(0xFF, 0xFF, 0xFF),
            text: Color::rgb(0x1D, 0x1D, 0x1D),
            muted: Color::rgb(0x5E, 0x5E, 0x5E),
            grid: Color::rgb(0xE6, 0xE6, 0xE6),
            axis: Color::rgb(0xB8, 0xB8, 0xB8),
            series: OKABE_ITO,
            primary: OKABE_ITO[0],
            // Last year's grey at 3.4:1 on white (a mark, so ≥ 3:1).
            prior: Color::rgb(0x8C, 0x8C, 0x8C),
            increase: Color::rgb(0x00, 0x9E, 0x73),
            decrease: Color::rgb(0xD5, 0x5E, 0x00),
            focus: Color::rgb(0x1D, 0x1D, 0x1D),
            // Pure black: vermillion (#D55E00) reaches 4.5:1 only against black.
            ink_dark: Color::rgb(0x00, 0x00, 0x00),
            ink_light: Color::rgb(0xFF, 0xFF, 0xFF),
        },
        Theme::Dark => Palette {
            background: Color::rgb(0x1B, 0x1D, 0x21),
            text: Color::rgb(0xEE, 0xEE, 0xEE),
            muted: Color::rgb(0xB4, 0xB4, 0xB4),
            grid: Color::rgb(0x36, 0x39, 0x3F),
            axis: Color::rgb(0x5A, 0x5E, 0x66),
            series: OKABE_ITO_DARK,
            primary: OKABE_ITO_DARK[0],
            prior: Color::rgb(0x6B, 0x6F, 0x78),
            increase: Color::rgb(0x2B, 0xC0, 0x95),
            decrease: Color::rgb(0xF0, 0x7A, 0x2A),
            focus: Color::rgb(0xFF, 0xFF, 0xFF),
            ink_dark: Color::rgb(0x14, 0x14, 0x14),
            ink_light: Color::rgb(0xFF, 0xFF, 0xFF),
        },
    }
}

impl Palette {
    /// Text colour for a label drawn on `fill`: whichever of dark/light ink contrasts more.
    pub fn ink_on(&self, fill: Color) -> Color {
        if contrast(self.ink_dark, fill) >= contrast(self.ink_light, fill) {
            self.ink_dark
        } else {
            self.ink_light
        }
    }
    pub fn series(&self, i: usize) -> Color {
        self.series[i % self.series.len()]
    }
}

fn channel(c: u8) -> f64 {
    let c = c as f64 / 255.0;
    if c <= 0.03928 {
        c / 12.92
    } else {
        super::trig::pow((c + 0.055) / 1.055, 2.4)
    }
}

/// WCAG relative luminance.
pub fn luminance(c: Color) -> f64 {
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// WCAG contrast ratio (1–21) of two opaque colours.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Mixes `c` toward `toward` by `t` (0 = c, 1 = toward); used for tints.
pub fn mix(c: Color, toward: Color, t: f64) -> Color {
    let f = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round().clamp(0.0, 255.0) as u8;
    Color(f(c.0, toward.0), f(c.1, toward.1), f(c.2, toward.2), 255)
}

/// Type sizes in CSS px for a canvas width: smaller on phones, larger on wide embeds.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub title: f64,
    pub subtitle: f64,
    pub label: f64,
    pub small: f64,
    pub pad: f64,
}

pub fn sizes(width: f64) -> Sizes {
    if width < 420.0 {
        Sizes {
            title: 15.0,
            subtitle: 11.0,
            label: 11.0,
            small: 10.0,
            pad: 8.0,
        }
    } else if width > 800.0 {
        Sizes {
            title: 20.0,
            subtitle: 13.0,
            label: 12.5,
            small: 11.0,
            pad: 16.0,
        }
    } else {
        Sizes {
            title: 17.0,
            subtitle: 12.0,
            label: 12.0,
            small: 10.5,
            pad: 12.0,
        }
    }
}

/// Picks the Chinese or English wording.
pub fn tr(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Exact amount with the unit word: `9,280.00 万元` (more decimals only when the value has them).
pub fn amount(v: Decimal, unit: Unit, lang: Lang) -> String {
    let dp = v.normalize().scale().max(2);
    match lang {
        Lang::Zh => format!("{} {}", group(v, dp), unit.zh()),
        Lang::En => format!("{} {}", group(v, dp), unit.en()),
    }
}

/// A rounded amount for headlines: `4.44 亿元`, `2,796.41 万元` (Chinese); `443.50 million yuan`
/// (English reads millions, not 亿 or 万).
pub fn headline(v: Decimal, unit: Unit, lang: Lang) -> String {
    match lang {
        Lang::Zh => crate::money::display_amount(v, unit, lang),
        Lang::En => {
            let yuan = crate::money::to_yuan(v, unit);
            let (n, word) = if yuan.abs() >= Decimal::from(1_000_000_000) {
                (yuan / Decimal::from(1_000_000_000), " billion yuan")
            } else if yuan.abs() >= Decimal::from(1_000_000) {
                (yuan / Decimal::from(1_000_000), " million yuan")
            } else {
                (yuan, " yuan")
            };
            format!("{}{word}", group(n, 2))
        }
    }
}

/// Exact amount without unit for table cells: `9,280.00`.
pub fn cell(v: Decimal) -> String {
    group(v, v.normalize().scale().max(2))
}

/// Amount as a sentence prints it: `44,350`, `1,308.26` (no trailing zeros).
pub fn compact_amount(v: Decimal) -> String {
    group(v, v.normalize().scale().min(2))
}

/// The screen-reader sentence "whole, then its largest part": `{head}{total}{unit}{mid}{name}{value}{unit}，占{share}`
/// in Chinese, `{head}{total} {unit}{mid}{name} at {value} {unit}, {share}{tail}` in English (`head`,
/// `mid` and `tail` already in the language). Built with `push_str`: one copy for every chart kind.
#[allow(clippy::too_many_arguments)]
pub fn largest_sentence(lang: Lang, unit: Unit, head: &str, total: Decimal, mid: &str, name: &str, value: Decimal, share: &str, tail: &str) -> String {
    let (u, sep, at, comma) = match lang {
        Lang::Zh => (unit.zh(), "", "", "，占"),
        Lang::En => (unit.en(), " ", " at ", ", "),
    };
    let mut s = String::with_capacity(128);
    for part in [head, &compact_amount(total), sep, u, mid, name, at, &compact_amount(value), sep, u, comma, share, tail] {
        s.push_str(part);
    }
    s
}

/// Amount with a leading sign (`+216.62`, `−252.00`, true minus sign).
pub fn signed(v: Decimal, unit: Unit, lang: Lang) -> String {
    let body = amount(v.abs(), unit, lang);
    if v.is_sign_negative() && !v.is_zero() {
        format!("−{body}")
    } else if v.is_zero() {
        body
    } else {
        format!("+{body}")
    }
}

/// `part / whole` in percent, rounded to `dp` places (exact decimal arithmetic).
pub fn pct(part: Decimal, whole: Decimal, dp: u32) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let p = crate::dec::checked_mul(part, Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    Some(p.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

/// `20.9%`, `−2.6%` with one decimal (`signed` adds + for gains).
pub fn pct_text(p: Decimal, signed: bool) -> String {
    let body = group(p.abs(), 1);
    if p.is_sign_negative() && !p.is_zero() {
        format!("−{body}%")
    } else if signed && !p.is_zero() {
        format!("+{body}%")
    } else {
        format!("{body}%")
    }
}

/// Share of `whole` as text, one decimal; a positive sliver that rounds to zero reads `<0.1%`.
pub fn share_text(part: Decimal, whole: Decimal) -> String {
    match pct(part, whole, 1) {
        Some(p) if p.is_zero() && part > Decimal::ZERO && whole > Decimal::ZERO => "<0.1%".into(),
        Some(p) => pct_text(p, false),
        None => String::new(),
    }
}

/// `占 20.9%` / `20.9% of total` (`None` when the whole is zero).
pub fn share_line(part: Decimal, whole: Decimal, lang: Lang) -> Option<String> {
    if whole.is_zero() {
        return None;
    }
    let t = share_text(part, whole);
    Some(match lang {
        Lang::Zh => format!("占 {t}"),
        Lang::En => format!("{t} of total"),
    })
}

/// `比2021年 −252.00 万元（−2.6%）` / `vs 2021: −252.00 10k yuan (−2.6%)`; `与2021年持平` when zero.
pub fn change_line(change: Decimal, prior: Decimal, prior_year: Option<i32>, unit: Unit, lang: Lang) -> String {
    let year = prior_year.map(|y| y.to_string());
    if change.is_zero() {
        return match (lang, year) {
            (Lang::Zh, Some(y)) => format!("与{y}年持平"),
            (Lang::Zh, None) => "与上年持平".into(),
            (Lang::En, Some(y)) => format!("unchanged from {y}"),
            (Lang::En, None) => "unchanged from last year".into(),
        };
    }
    let p = pct(change, prior, 1).map(|p| pct_text(p, true));
    let delta = signed(change, unit, lang);
    match lang {
        Lang::Zh => {
            let head = match year {
                Some(y) => format!("比{y}年"),
                None => "比上年".into(),
            };
            match p {
                Some(p) => format!("{head} {delta}（{p}）"),
                None => format!("{head} {delta}"),
            }
        }
        Lang::En => {
            let head = match year {
                Some(y) => format!("vs {y}:"),
                None => "vs last year:".into(),
            };
            match p {
                Some(p) => format!("{head} {delta} ({p})"),
                None => format!("{head} {delta}"),
            }
        }
    }
}

/// How a chart prints amounts of one data unit. A 元 table whose amounts run into the millions
/// is labelled in 万元 (nine-digit 元 labels do not fit a bar or a block); tooltips and the data
/// table keep the exact printed amounts either way.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Disp {
    pub unit: Unit,
    pub show: Unit,
}

impl Disp {
    pub fn exact(unit: Unit) -> Disp {
        Disp { unit, show: unit }
    }
    pub fn for_values(unit: Unit, max: Decimal) -> Disp {
        if unit == Unit::Yuan && max.abs() >= Decimal::from(1_000_000) {
            Disp { unit, show: Unit::Wanyuan }
        } else {
            Disp::exact(unit)
        }
    }
    /// The number in the display unit, two decimals, grouped, no unit word.
    pub fn num(&self, v: Decimal) -> String {
        if self.show == self.unit {
            cell(v)
        } else {
            group(crate::money::convert(v, self.unit, self.show), 2)
        }
    }
    /// The number with the display unit word: `29,381.00 万元`.
    pub fn label(&self, v: Decimal, lang: Lang) -> String {
        let word = match lang {
            Lang::Zh => self.show.zh(),
            Lang::En => self.show.en(),
        };
        format!("{} {word}", self.num(v))
    }
    /// An axis tick (in the data unit) in the display unit, without needless decimals.
    pub fn tick(&self, t: Decimal) -> String {
        compact_amount(crate::money::convert(t, self.unit, self.show))
    }
    /// `单位：万元`, noting the tables' own unit when labels were converted.
    pub fn note(&self, lang: Lang) -> String {
        let n = unit_note(self.show, lang);
        if self.show == self.unit {
            n
        } else {
            match lang {
                Lang::Zh => format!("{n}（原表单位：{}）", self.unit.zh()),
                Lang::En => format!("{n} (tables in {})", self.unit.en()),
            }
        }
    }
}

/// `单位：万元` / `Unit: 10k yuan`.
pub fn unit_note(unit: Unit, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("单位：{}", unit.zh()),
        Lang::En => format!("Unit: {}", unit.en()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn text_on_fills_meets_contrast() {
        for theme in [Theme::Light, Theme::Dark] {
            let p = palette(theme);
            for c in p.series {
                assert!(contrast(p.ink_on(c), c) >= 4.5, "{c:?} in {theme:?}");
            }
            assert!(contrast(p.text, p.background) >= 4.5);
            assert!(contrast(p.muted, p.background) >= 4.5);
        }
    }

    #[test]
    fn formats_changes() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(
            change_line(d("-252"), d("9532"), Some(2021), Unit::Wanyuan, Lang::Zh),
            "比2021年 −252.00 万元（−2.6%）"
        );
        assert_eq!(
            change_line(d("216.62"), d("1963.38"), Some(2021), Unit::Wanyuan, Lang::En),
            "vs 2021: +216.62 10k yuan (+11.0%)"
        );
        assert_eq!(compact_amount(d("44350.00")), "44,350");
        let disp = Disp::for_values(Unit::Yuan, d("293810000"));
        assert_eq!(disp.label(d("21601733"), Lang::Zh), "2,160.17 万元");
        assert_eq!(disp.tick(d("100000000")), "10,000");
        assert_eq!(disp.note(Lang::Zh), "单位：万元（原表单位：元）");
        assert_eq!(Disp::for_values(Unit::Yuan, d("17280")).label(d("17280"), Lang::Zh), "17,280.00 元");
        assert_eq!(Disp::exact(Unit::Wanyuan).label(d("28000"), Lang::Zh), "28,000.00 万元");
        assert_eq!(share_text(d("0.70"), d("9639.25")), "<0.1%");
        assert_eq!(share_text(d("0"), d("9639.25")), "0.0%");
        assert_eq!(share_line(d("9280"), d("44350"), Lang::Zh).unwrap(), "占 20.9%");
        assert_eq!(compact_amount(d("1308.26")), "1,308.26");
        assert_eq!(amount(d("28000"), Unit::Wanyuan, Lang::Zh), "28,000.00 万元");
        assert_eq!(headline(d("44350"), Unit::Wanyuan, Lang::Zh), "4.44 亿元");
        assert_eq!(headline(d("44350"), Unit::Wanyuan, Lang::En), "443.50 million yuan");
        assert_eq!(headline(d("152.59"), Unit::Wanyuan, Lang::En), "1.53 million yuan");
    }
}
