//! Prior-year comparisons ("比2021年减少6,593.32万元，下降12.94%"): the phrase parsed into its
//! year, change and percent (or 持平). A phrase that reads like a comparison but does not parse is
//! a warning with its line, never a guess. Which amount a phrase is about is the readers' matter.

use super::numbers::{neg, num_at, Kind, Num};
use super::txt::{excerpt, sentence_end, skip_sep, Txt};
use crate::model::{PriorYear, Source, Warning};
use crate::money::Unit;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub(super) struct Cmp {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) year: i32,
    pub(super) change: Option<(Decimal, Unit)>,
    pub(super) percent: Option<Decimal>,
    pub(super) unchanged: bool,
    /// "与2023年度相比，<subject>减少…": the subject named after the anchor.
    pub(super) subject_after: Option<(usize, usize)>,
}

const SAME: [&str; 4] = ["持平", "相同", "一致", "不变"];
const UP: [&str; 3] = ["增加", "增长", "上升"];
const DOWN: [&str; 3] = ["减少", "下降", "降低"];
const PCT_VERBS: [(&str, bool); 14] = [
    ("增幅为", true),
    ("减幅为", false),
    ("降幅为", false),
    ("增长率为", true),
    ("增幅", true),
    ("减幅", false),
    ("降幅", false),
    ("增长", true),
    ("上升", true),
    ("增加", true),
    ("下降", false),
    ("减少", false),
    ("降低", false),
    ("减", false),
];

enum Verb {
    Same,
    Up,
    Down,
    Versus,
}

fn verb_at(t: &Txt, i: usize) -> Option<(Verb, usize)> {
    if let Some(v) = SAME.iter().find(|v| t.at(i, v)) {
        return Some((Verb::Same, i + v.chars().count()));
    }
    if let Some(v) = UP.iter().find(|v| t.at(i, v)) {
        return Some((Verb::Up, i + v.chars().count()));
    }
    if let Some(v) = DOWN.iter().find(|v| t.at(i, v)) {
        return Some((Verb::Down, i + v.chars().count()));
    }
    if t.at(i, "相比") || t.at(i, "对比") {
        return Some((Verb::Versus, i + 2));
    }
    None
}

/// `Ok(None)`: no comparison at `i`; `Err`: it reads like one but does not parse.
/// `doc_year` is the document's year: "比上年…" compares with the year before it.
fn parse_cmp(t: &Txt, i: usize, nums: &[Num], doc_year: Option<i32>) -> Result<Option<Cmp>, String> {
    if !matches!(t.ch(i), Some('比' | '较' | '与' | '同')) {
        return Ok(None);
    }
    let y = i + 1;
    let (year, k) = if (0..4).all(|k| t.ch(y + k).is_some_and(|c| c.is_ascii_digit())) && t.ch(y + 4) == Some('年') {
        (t.s(y, y + 4).parse::<i32>().map_err(|_| "年份无法读取".to_string())?, y + 5)
    } else if t.at(y, "上年") || t.at(y, "去年") {
        let Some(doc) = doc_year else {
            // Without the document's year "上年" names no year; only a real comparison warns.
            return match parse_cmp_rest(t, i, y + 2, 0, nums)? {
                Some(_) => Err("文件年度不详，“上年”指哪一年无从确定".into()),
                None => Ok(None),
            };
        };
        (doc - 1, y + 2)
    } else {
        return Ok(None);
    };
    parse_cmp_rest(t, i, k, year, nums)
}

/// The comparison after its anchor and year: qualifier, verb, change and percent.
fn parse_cmp_rest(t: &Txt, i: usize, mut k: usize, year: i32, nums: &[Num]) -> Result<Option<Cmp>, String> {
    if t.ch(k) == Some('度') {
        k += 1;
    }
    // A qualifier (预算 / 预算数 / 预算执行数 / 决算数 …, or what was budgeted: 财政拨款“三公”经费年初
    // 预算) may stand between the year and the verb; no number and no clause break within it.
    let mut found = None;
    for m in k..(k + 20).min(t.len()) {
        if matches!(t.c[m], '。' | '；' | '，' | ';' | ',') || t.c[m].is_ascii_digit() {
            break;
        }
        if let Some(v) = verb_at(t, m) {
            found = Some((m, v));
            break;
        }
    }
    let Some((_, (mut verb, mut p))) = found else { return Ok(None) };
    let mut subject_after = None;
    if let Verb::Versus = verb {
        let s = skip_sep(t, p);
        let mut hit = None;
        for m in s..(s + 30).min(t.len()) {
            if matches!(t.c[m], '。' | '；') {
                break;
            }
            if let Some((v, e)) = verb_at(t, m).filter(|(v, _)| !matches!(v, Verb::Versus)) {
                hit = Some((m, v, e));
                break;
            }
        }
        let Some((m, v, e)) = hit else { return Err("有“与…相比”却没有增加 / 减少 / 持平".into()) };
        subject_after = Some((s, m));
        verb = v;
        p = e;
    }
    let mut cmp = Cmp { start: i, end: p, year, change: None, percent: None, unchanged: false, subject_after };
    let up = match verb {
        Verb::Same => {
            cmp.unchanged = true;
            return Ok(Some(cmp));
        }
        Verb::Up => true,
        Verb::Down => false,
        Verb::Versus => return Ok(None),
    };
    if t.ch(p) == Some('了') || t.ch(p) == Some('为') {
        p += 1;
    }
    let sign = |v: Decimal, up: bool| if up { v } else { neg(v) };
    match num_at(nums, p) {
        Some(n) if n.kind == Kind::Percent => {
            cmp.percent = Some(sign(n.v, up));
            cmp.end = n.after;
        }
        Some(n) if n.is_amount() => {
            cmp.change = n.unit().map(|u| (sign(n.v, up), u));
            cmp.end = n.after;
            let q = skip_sep(t, n.after);
            if let Some((w, pup)) = PCT_VERBS.iter().find(|(w, _)| t.at(q, w)) {
                let mut r = q + w.chars().count();
                if matches!(t.ch(r), Some('为' | '了')) {
                    r += 1;
                }
                if let Some(pn) = num_at(nums, r).filter(|n| n.kind == Kind::Percent) {
                    cmp.percent = Some(sign(pn.v, *pup));
                    cmp.end = pn.after;
                }
            }
        }
        _ => {
            // "减少的原因是…" explains; a number that is not an amount is a form we do not know.
            let near = (p..(p + 3).min(t.len())).any(|m| t.c[m].is_ascii_digit());
            return if near { Err("增减额不是以万元 / 元计的金额".into()) } else { Ok(None) };
        }
    }
    Ok(Some(cmp))
}

pub(super) fn comparisons(t: &Txt, nums: &[Num], doc_year: Option<i32>, warnings: &mut Vec<Warning>) -> Vec<Cmp> {
    let mut out: Vec<Cmp> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match parse_cmp(t, i, nums, doc_year) {
            Ok(Some(c)) => {
                i = c.end.max(i + 1);
                out.push(c);
                continue;
            }
            Ok(None) => {}
            Err(why) => warnings.push(Warning {
                line: t.line(i),
                message: format!("与上年的比较无法读取（{why}）：«{}»", excerpt(t, i, sentence_end(t, i))),
                page: None,
            }),
        }
        i += 1;
    }
    out
}

pub(super) fn in_cmp(cmps: &[Cmp], n: &Num) -> bool {
    cmps.iter().any(|c| n.start >= c.start && n.start < c.end)
}

pub(super) fn prior_of(t: &Txt, c: &Cmp, from: usize, unit: Unit) -> PriorYear {
    PriorYear {
        year: c.year,
        amount: None,
        change: c.change.map(|(v, _)| v),
        percent: c.percent,
        unchanged: c.unchanged,
        unit: c.change.map_or(unit, |(_, u)| u),
        source: Source::text(t.line(from), &excerpt(t, from, c.end)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, only_cmp, read_text};
    use crate::model::Budget;
    use super::super::read_prose;

    #[test]
    fn comparison_forms() {
        let cases: [(&str, Option<&str>, Option<&str>, bool); 12] = [
            ("机关运行经费预算 100 万元，较 2021 年预算减少 73 万元，减幅 28.85%。", Some("-73"), Some("-28.85"), false),
            ("机关运行经费预算 100 万元，较 2021 年预算增加 5 万元，增幅 25%。", Some("5"), Some("25"), false),
            ("机关运行经费预算100万元，与2021年预算持平。", None, None, true),
            ("机关运行经费预算 0 万元，比 2021 年预算数增加 0 万元。", Some("0"), None, false),
            ("机关运行经费预算 0 万元，比 2021 年预算减少 0 万元，下降 0%。", Some("0"), Some("0"), false),
            ("机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。", Some("2.55"), Some("1.40"), false),
            ("机关运行经费支出１８４.６５万元，比２０２３年度减少２.５５万元，降幅１.４０％。", Some("-2.55"), Some("-1.40"), false),
            ("机关运行经费支出 184.65 万元 ，比 2023 年度 减少 2.55 万元 ， 下降 1.40% 。", Some("-2.55"), Some("-1.40"), false),
            ("机关运行经费支出184.65万元，比2023年下降1.40%。", None, Some("-1.40"), false),
            ("机关运行经费支出184.65万元，比2023年度上升了2.55万元，增幅为1.40%。", Some("2.55"), Some("1.40"), false),
            ("机关运行经费支出184.65万元，比2024年预算执行数持平。", None, None, true),
            ("机关运行经费支出184.65万元，较2021年预算减少0.1万元，减少0.56%。", Some("-0.1"), Some("-0.56"), false),
        ];
        for (text, change, percent, unchanged) in cases {
            let b = read_text(text);
            let c = only_cmp(&b);
            assert_eq!(c.measure, crate::model::Measure::RunningCosts, "{text}");
            assert_eq!(c.prior.change, change.map(d), "{text}");
            assert_eq!(c.prior.percent, percent.map(d), "{text}");
            assert_eq!(c.prior.unchanged, unchanged, "{text}");
            assert!(b.warnings.is_empty(), "{text}: {:?}", b.warnings);
        }
    }

    #[test]
    fn unparseable_comparisons_warn_with_their_line() {
        let b = read_text("说明。\n机关运行经费支出184.65万元，比2023年度增加约2.55万元。");
        assert!(b.comparisons.is_empty());
        assert_eq!(b.warnings.len(), 1);
        assert_eq!(b.warnings[0].line, 2);
        let b = read_text("比2023年度增加2.55万元。");
        assert!(b.comparisons.is_empty());
        assert_eq!(b.warnings.len(), 1, "{:?}", b.warnings);
        // An explanation is not a comparison.
        let b = read_text("较 2021 年预算减少的原因是为厉行节约。");
        assert!(b.comparisons.is_empty() && b.warnings.is_empty());
    }

    #[test]
    fn last_year_named_without_its_number() {
        let mut b = Budget { year: Some(2022), ..Budget::default() };
        read_prose(&[(5, "机关运行经费支出184.65万元，比上年度增加2.55万元，增长1.40%。")], &mut b);
        let c = only_cmp(&b);
        assert_eq!((c.prior.year, c.prior.change, c.prior.percent, c.prior.source.line), (2021, Some(d("2.55")), Some(d("1.40")), 5));
        // Without the document's year, 上年 is no year: a warning, not a guess.
        let b = read_text("机关运行经费支出184.65万元，较上年增加2.55万元。");
        assert!(b.comparisons.is_empty());
        assert_eq!(b.warnings.len(), 1);
        let b = read_text("较上年的变化见下表。");
        assert!(b.warnings.is_empty());
    }
}
