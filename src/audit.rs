//! Exact arithmetic checks over a `Budget` → findings.
//!
//! Every amount is a `Decimal` as printed; nothing is ever converted to a float.
//!
//! # Rounding rule
//!
//! Each printed amount carries its precision in its `Decimal` scale: `9,638` is printed to 1 (万元),
//! `6,301.32` to 0.01. Rounding to the printed precision can hide at most half a unit of the last
//! place (`money::half_ulp`). A comparison involves several printed operands (a parent and its
//! children, two tables, a sentence and a table); its **tolerance** is the sum of the half-units of
//! every operand, all converted to one unit. Amounts in different units are compared in 元, which
//! is exact (万元 → 元 multiplies by 10⁴). A zero — printed `0`/`0.00` or a blank cell read as
//! zero — is taken as nil and adds no tolerance: these documents print `0` for an empty cell even
//! where the other cells carry two decimals.
//!
//! * `|difference| = 0` → no finding;
//! * `0 < |difference| ≤ tolerance` → [`Severity::Rounding`] (尾数误差: the document's own rounding
//!   can explain it);
//! * larger → [`Severity::Error`].
//!
//! `difference` is always `actual − expected`, where *actual* is the figure the document states and
//! *expected* what the arithmetic (or the anchor place) says.
//!
//! # Percentages
//!
//! A printed percentage `q` (scale `s`, half-unit `h = 0.5·10⁻ˢ`) is checked against
//! `p = num / den × 100` computed exactly from the printed amounts. A ratio never prints exactly, so
//! `|q − p| ≤ h` (q is a correct rounding of p, half-up or half-even alike) gives no finding. The
//! amounts themselves are rounded; the sound bound used for their effect is `e = max |corner − p|`
//! over the four corners `(num ± δnum) / (den ± δden) × 100`, δ the operands' half-units (the ratio is
//! monotonic in each operand while the denominator keeps its sign, so the corners bound it). Then
//! `|q − p| ≤ h + e` → Rounding, larger → Error. If the denominator's interval contains zero the
//! ratio is unbounded and the percentage cannot be contradicted.
//!
//! # Scopes
//!
//! Tables and sentences cover different funds: all funds (收支总表), appropriations (财政拨款 /
//! 政府预算拨款), the general public budget (一般公共预算) … Totals are compared only within one
//! scope; expenditure rows, 基本/项目 totals are compared across scopes only when those scopes state
//! the same expenditure total (then they cover the same money).

mod cross;
mod prose;
mod tables;
mod totals;

use crate::dec;
use crate::model::{Budget, Source};
use crate::money::{self, Unit};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A difference larger than the document's rounding explains.
    Error,
    /// Something could not be checked or looks suspicious.
    Warning,
    /// A difference within the document's own rounding (尾数误差).
    Rounding,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Rounding => "rounding",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "提示",
            Severity::Rounding => "尾差",
        }
    }
}

/// What a finding checked: a stable id, the snake_case name in JSON and in the CLI's lines
/// (`hierarchy`, `row_identity`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// 类 = Σ款, 款 = Σ项 in every column; Σ类 = the table's 合计 row.
    Hierarchy,
    /// 合计 = 基本支出 + 项目支出 on a row.
    RowIdentity,
    /// The same code or total in two places (two tables, a table and a sentence).
    CrossTable,
    /// 收入总计 = 支出总计, carry-overs, income lines against their total.
    Balance,
    /// 人员 + 公用 + 对个人和家庭 + 项目 against the expenditure totals.
    EconomicSplit,
    /// The projects the text lists against 项目支出.
    ProjectsSum,
    /// A project's components against the project.
    ComponentsSum,
    /// A stated change against last year: prior = amount − change, the percent, 持平.
    PriorChange,
    /// 三公: the table's sums, its 增减 row, the text against the table.
    Sangong,
    /// 绩效目标表: the tasks against 金额合计 and the year's expenditure.
    TasksSum,
    /// 政府采购: 货物 + 工程 + 服务 against the total, the text against the tables.
    Procurement,
    /// Amounts and shares the prose states against the tables they name.
    Statements,
    /// Two sides that differ by exactly a unit factor (元/万元/亿元): a mislabelled unit.
    Unit,
    /// A table the 目录 lists that the text does not hold.
    Missing,
    /// A warning of the importer.
    Import,
}

impl Check {
    pub const ALL: [Check; 15] = [
        Check::Hierarchy,
        Check::RowIdentity,
        Check::CrossTable,
        Check::Balance,
        Check::EconomicSplit,
        Check::ProjectsSum,
        Check::ComponentsSum,
        Check::PriorChange,
        Check::Sangong,
        Check::TasksSum,
        Check::Procurement,
        Check::Statements,
        Check::Unit,
        Check::Missing,
        Check::Import,
    ];

    /// The stable id (`row_identity`).
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Hierarchy => "hierarchy",
            Check::RowIdentity => "row_identity",
            Check::CrossTable => "cross_table",
            Check::Balance => "balance",
            Check::EconomicSplit => "economic_split",
            Check::ProjectsSum => "projects_sum",
            Check::ComponentsSum => "components_sum",
            Check::PriorChange => "prior_change",
            Check::Sangong => "sangong",
            Check::TasksSum => "tasks_sum",
            Check::Procurement => "procurement",
            Check::Statements => "statements",
            Check::Unit => "unit",
            Check::Missing => "missing",
            Check::Import => "import",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One audit finding: what was checked, where, the expected and actual amounts and their difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// What was checked.
    pub check: Check,
    /// Human citation of the places involved (both of them).
    #[serde(rename = "where")]
    pub where_: String,
    pub expected: Option<Decimal>,
    pub actual: Option<Decimal>,
    /// `actual − expected`.
    pub difference: Option<Decimal>,
    /// Unit of `expected`, `actual`, `difference` and `tolerance`; `None` for percentages.
    pub unit: Option<Unit>,
    pub message: String,
    /// The places compared.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The rounding tolerance the difference was judged against (see the module docs).
    #[serde(default)]
    pub tolerance: Option<Decimal>,
}

impl Finding {
    /// One line for people: `[错误 error] hierarchy: <message> — <where>`.
    pub fn display(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{} {}] {}: {} — {}",
            self.severity.zh(),
            self.severity.label(),
            self.check,
            self.message,
            self.where_
        )
    }
}

/// True when any finding is an error (not a rounding note or a warning).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Runs every check, in a fixed order (tables, totals, prose, import notes).
pub fn audit(budget: &Budget) -> Vec<Finding> {
    let mut out = Vec::new();
    let views = tables::views(budget);
    tables::hierarchy(&views, &mut out);
    tables::row_identity(&views, &mut out);
    let places = totals::places(budget, &views);
    cross::cross_rows(&views, &places, &mut out);
    totals::cross_totals(&places, &mut out);
    totals::balance(budget, &places, &mut out);
    totals::economic_split(budget, &places, &mut out);
    prose::projects(budget, &places, &mut out);
    prose::prior_changes(budget, &mut out);
    prose::sangong(budget, &mut out);
    totals::tasks(budget, &places, &mut out);
    totals::procurement(budget, &places, &mut out);
    prose::comparisons(budget, &places, &mut out);
    prose::statements(budget, &views, &places, &mut out);
    import_notes(budget, &mut out);
    out
}

fn import_notes(budget: &Budget, out: &mut Vec<Finding>) {
    for t in &budget.missing_tables {
        out.push(warning(
            Check::Missing,
            format!("目录列出 «{t}»"),
            format!("表「{t}」列在目录中，正文里却没有：其数字无法核对"),
            Vec::new(),
        ));
    }
    for w in &budget.warnings {
        // The importer also warns about the tables it lists as missing: one finding is enough.
        if budget.missing_tables.iter().any(|t| w.message.contains(&format!("«{t}»")) && w.message.contains("目录")) {
            continue;
        }
        let source = Source { page: w.page, ..Source::text(w.line, "") };
        out.push(warning(Check::Import, source.place(), format!("导入：{}", w.message), vec![source]));
    }
}

// ---------------------------------------------------------------------------------------------
// Exact comparison machinery shared by the checks.

/// A printed amount with its unit. `exact` amounts (a blank read as zero, a derived zero) carry no
/// rounding tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Amt {
    pub v: Decimal,
    pub unit: Unit,
    pub exact: bool,
}

impl Amt {
    /// A printed amount; a printed zero is nil (documents print `0` for an empty cell whatever
    /// the precision of their other cells), so it carries no tolerance.
    pub fn printed(v: Decimal, unit: Unit) -> Amt {
        Amt { v, unit, exact: v.is_zero() }
    }
    pub fn zero(unit: Unit) -> Amt {
        Amt { v: Decimal::ZERO, unit, exact: true }
    }
    pub fn neg(self) -> Amt {
        Amt { v: -self.v, ..self }
    }
    /// Half a unit of the last printed place, in this amount's unit.
    pub fn half(&self) -> Decimal {
        if self.exact {
            Decimal::ZERO
        } else {
            half(self.v)
        }
    }
    /// Value and half-unit in `unit`, which is `self.unit` or 元 (so conversion only multiplies).
    pub(crate) fn in_unit(&self, unit: Unit) -> Option<(Decimal, Decimal)> {
        if self.unit == unit {
            Some((self.v, self.half()))
        } else {
            let k = self.unit.factor().checked_div(unit.factor())?;
            Some((dec::checked_mul(self.v, k)?, dec::checked_mul(self.half(), k)?))
        }
    }
}

/// `money::half_ulp`, safe at the largest scale.
pub(crate) fn half(v: Decimal) -> Decimal {
    if v.scale() >= 28 {
        Decimal::ZERO
    } else {
        money::half_ulp(v)
    }
}

/// The unit all operands share, else 元.
pub(crate) fn common_unit(amts: &[Amt]) -> Unit {
    match amts.first() {
        Some(a) if amts.iter().all(|b| b.unit == a.unit) => a.unit,
        _ => Unit::Yuan,
    }
}

/// Outcome of comparing Σ expected with Σ actual.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Verdict {
    /// `None` when the two agree exactly.
    pub severity: Option<Severity>,
    pub expected: Decimal,
    pub actual: Decimal,
    pub diff: Decimal,
    pub tol: Decimal,
    pub unit: Unit,
    /// The two sides differ by exactly a unit factor (10⁴ or 10⁸): a mislabelled unit.
    pub unit_slip: bool,
}

/// Compares Σ`expected` with Σ`actual` under the rounding rule. `None` on arithmetic overflow.
pub(crate) fn judge(expected: &[Amt], actual: &[Amt]) -> Option<Verdict> {
    let all: Vec<Amt> = expected.iter().chain(actual).copied().collect();
    let unit = common_unit(&all);
    let mut e = Decimal::ZERO;
    let mut a = Decimal::ZERO;
    let mut tol = Decimal::ZERO;
    for x in expected {
        let (v, h) = x.in_unit(unit)?;
        e = dec::checked_add(e, v)?;
        tol = dec::checked_add(tol, h)?;
    }
    for x in actual {
        let (v, h) = x.in_unit(unit)?;
        a = dec::checked_add(a, v)?;
        tol = dec::checked_add(tol, h)?;
    }
    let diff = dec::checked_sub(a, e)?;
    let severity = if diff.is_zero() {
        None
    } else if diff.abs() <= tol {
        Some(Severity::Rounding)
    } else {
        Some(Severity::Error)
    };
    let unit_slip = severity == Some(Severity::Error) && !e.is_zero() && !a.is_zero() && {
        [Decimal::from(10_000), Decimal::from(100_000_000)].iter().any(|k| {
            // Only when the scaled tolerance is small against the amount (0.3 ×10⁴ ≈ 2,961.68 is no slip).
            let near = |big: Decimal, small: Decimal| -> bool {
                match (dec::checked_mul(small, *k), dec::checked_mul(tol, *k)) {
                    (Some(s), Some(t)) => {
                        t <= big.abs() / Decimal::from(1000) && dec::checked_sub(big, s).map(|d| d.abs() <= t).unwrap_or(false)
                    }
                    _ => false,
                }
            };
            near(a, e) || near(e, a)
        })
    };
    Some(Verdict { severity, expected: e, actual: a, diff, tol, unit, unit_slip })
}

/// `9,639.25` — grouped, keeping the printed scale.
pub(crate) fn num(v: Decimal) -> String {
    let v = if v.scale() > 6 { v.normalize() } else { v };
    money::group(v, v.scale().min(10))
}

/// Amount with its unit: `9,638 万元`.
pub(crate) fn amt_str(a: Amt) -> String {
    format!("{} {}", num(a.v), a.unit.zh())
}

/// What the verdict means, in words.
fn verdict_words(v: &Verdict) -> String {
    let (d, t, u) = (num(v.diff.abs()), num(v.tol), v.unit.zh());
    match v.severity {
        Some(Severity::Rounding) => format!("差 {d} {u} ≤ 容差 {t}：文件自身的尾数误差"),
        _ => format!("差 {d} {u} > 容差 {t}：超出文件自身的舍入"),
    }
}

/// Builds the finding for a verdict that is not an exact match. `claim` reads like
/// `208 社会保障和就业支出 [合计]: Σ款`, the message then says `= expected ≠ actual (差 …)`.
pub(crate) fn finding(
    check: Check,
    v: &Verdict,
    claim: &str,
    where_: String,
    note: &str,
    sources: Vec<Source>,
) -> Option<Finding> {
    let severity = v.severity?;
    let (check, extra) = if v.unit_slip {
        (Check::Unit, "；两者相差一个单位倍数（元/万元/亿元）：单位标错了？")
    } else {
        (check, "")
    };
    let message = format!(
        "{claim} = {} ≠ {} {}（{}）{extra}{}",
        num(v.expected),
        num(v.actual),
        v.unit.zh(),
        verdict_words(v),
        if note.is_empty() { String::new() } else { format!("；{note}") },
    );
    Some(Finding {
        severity,
        check,
        where_,
        expected: Some(v.expected),
        actual: Some(v.actual),
        difference: Some(v.diff),
        unit: Some(v.unit),
        message,
        sources,
        tolerance: Some(v.tol),
    })
}

/// Judges and, when the two sides differ, builds the finding.
pub(crate) fn compare(
    check: Check,
    expected: &[Amt],
    actual: &[Amt],
    claim: &str,
    where_: String,
    note: &str,
    sources: Vec<Source>,
) -> Option<Finding> {
    let v = judge(expected, actual)?;
    finding(check, &v, claim, where_, note, sources)
}

pub(crate) fn warning(check: Check, where_: String, message: String, sources: Vec<Source>) -> Finding {
    Finding {
        severity: Severity::Warning,
        check,
        where_,
        expected: None,
        actual: None,
        difference: None,
        unit: None,
        message,
        sources,
        tolerance: None,
    }
}

/// Outcome of checking a printed percentage against the ratio of two printed amounts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PercentVerdict {
    pub severity: Option<Severity>,
    /// The exact ratio × 100, rounded for reporting to four places beyond the printed ones.
    pub expected: Decimal,
    pub printed: Decimal,
    pub tol: Decimal,
}

/// Checks printed percent `q` against `num / den × 100` (see the module docs). `None` when the
/// ratio cannot be formed (zero denominator, overflow).
pub(crate) fn judge_percent(q: Decimal, num: Amt, den: Amt) -> Option<PercentVerdict> {
    let unit = common_unit(&[num, den]);
    let (n, dn) = num.in_unit(unit)?;
    let (d, dd) = den.in_unit(unit)?;
    judge_percent_raw(q, n, dn, d, dd)
}

/// As [`judge_percent`] with the operands' half-units given (for derived operands such as
/// `prior = amount − change`, whose uncertainty is the sum of both).
pub(crate) fn judge_percent_raw(q: Decimal, n: Decimal, dn: Decimal, d: Decimal, dd: Decimal) -> Option<PercentVerdict> {
    if d.is_zero() {
        return None;
    }
    let ratio = |n: Decimal, d: Decimal| -> Option<Decimal> { dec::checked_mul(n, Decimal::ONE_HUNDRED)?.checked_div(d) };
    let p = ratio(n, d)?;
    let h = half(q);
    let off = dec::checked_sub(q, p)?.abs();
    let dp = q.scale().saturating_add(4).min(20);
    let report = p.round_dp(dp);
    if off <= h {
        return Some(PercentVerdict { severity: None, expected: report, printed: q, tol: h });
    }
    let lo = dec::checked_sub(d, dd)?;
    let hi = dec::checked_add(d, dd)?;
    if lo.is_zero() || hi.is_zero() || lo.is_sign_negative() != hi.is_sign_negative() {
        return Some(PercentVerdict { severity: Some(Severity::Rounding), expected: report, printed: q, tol: round_up(off, dp) });
    }
    let mut effect = Decimal::ZERO;
    for nn in [dec::checked_sub(n, dn)?, dec::checked_add(n, dn)?] {
        for dd in [lo, hi] {
            effect = effect.max(dec::checked_sub(ratio(nn, dd)?, p)?.abs());
        }
    }
    let tol = dec::checked_add(h, effect)?;
    let severity = if off <= tol { Severity::Rounding } else { Severity::Error };
    Some(PercentVerdict { severity: Some(severity), expected: report, printed: q, tol: round_up(tol, dp) })
}

fn round_up(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::AwayFromZero)
}

/// Builds the finding for a percentage verdict that is not fine.
pub(crate) fn percent_finding(
    check: Check,
    v: &PercentVerdict,
    claim: &str,
    where_: String,
    sources: Vec<Source>,
) -> Option<Finding> {
    let severity = v.severity?;
    let diff = dec::checked_sub(v.printed, v.expected).unwrap_or_default();
    let words = match severity {
        Severity::Rounding => format!(
            "差 {} 个百分点 ≤ 容差 {}：金额的尾数误差可以解释",
            num(diff.abs()),
            num(v.tol)
        ),
        _ => format!("差 {} 个百分点 > 容差 {}：超出舍入", num(diff.abs()), num(v.tol)),
    };
    Some(Finding {
        severity,
        check,
        where_,
        expected: Some(v.expected),
        actual: Some(v.printed),
        difference: Some(diff),
        unit: None,
        message: format!("{claim} = {}% ≠ 印 {}%（{words}）", num(v.expected), num(v.printed)),
        sources,
        tolerance: Some(v.tol),
    })
}

/// Which funds a table or sentence covers (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Scope {
    All,
    Fiscal,
    GeneralPublic,
    GovFund,
    StateCapital,
}

impl Scope {
    pub fn of(text: &str) -> Scope {
        if text.contains("一般公共预算") {
            Scope::GeneralPublic
        } else if text.contains("政府性基金") {
            Scope::GovFund
        } else if text.contains("国有资本") {
            Scope::StateCapital
        } else if text.contains("财政拨款") || text.contains("政府预算拨款") {
            Scope::Fiscal
        } else {
            Scope::All
        }
    }
    /// Scope of a place: a table by its title; a sentence by its words before the first figure
    /// (the subject), so "本年收入合计…其中：财政拨款收入…" stays all-funds.
    pub fn of_source(s: &Source) -> Scope {
        match &s.table {
            Some(t) => Scope::of(t),
            None => {
                // Skip a leading year ("2024年度…") before reading up to the first figure.
                let label = s.label.trim_start_matches(|c: char| c.is_ascii_digit());
                let label = label.strip_prefix('年').map(|l| l.strip_prefix('度').unwrap_or(l)).unwrap_or(label);
                let subject: String = label.chars().take_while(|c| !c.is_ascii_digit()).collect();
                Scope::of(&subject)
            }
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Scope::All => "全部资金",
            Scope::Fiscal => "财政拨款",
            Scope::GeneralPublic => "一般公共预算",
            Scope::GovFund => "政府性基金",
            Scope::StateCapital => "国有资本经营",
        }
    }
}

/// Citation of several places: `a ↔ b`.
pub(crate) fn cite_pair(a: &Source, b: &Source) -> String {
    format!("{} ↔ {}", a.cite(), b.cite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_ids_are_their_json_names() {
        for c in Check::ALL {
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.as_str()));
            assert_eq!(c.to_string(), c.as_str());
            assert_eq!(serde_json::from_str::<Check>(&format!("\"{c}\"")).unwrap(), c);
        }
        assert!(serde_json::from_str::<Check>("\"cross-table\"").is_err());
    }
}
