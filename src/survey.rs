//! How well a set of documents reads: one verdict per document and a tally, for `yusuan survey`.
//!
//! A document is **read** when yusuan found the department's name, a stated expenditure total and
//! the 类 rows of its function table; **consistent** when, in addition, the 类 rows add up to the
//! table's 合计 within the document's rounding, 基本 + 项目 = 合计 where the table prints both,
//! and the audit finds no error. Documents that cannot be read are told apart by why: no text
//! layer (a scan), not a budget at all, the prose half of a budget published in two files, or a
//! budget the importer could not read.

use crate::audit::{audit, Severity};
use crate::dec;
use crate::model::{Budget, Level};
use crate::money::half_ulp;
use rust_decimal::Decimal;
use serde::Serialize;

/// What became of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Read, its 类 rows add up and the audit finds no error.
    Consistent,
    /// Name, total and 类 rows read; the arithmetic does not close (see the reasons).
    Read,
    /// A budget, but its name, total or 类 rows were not found.
    Partial,
    /// The prose half of a budget published in two files (北京's 附件1): no tables to read.
    ProseOnly,
    /// A PDF without a text layer: refused with the "no text layer" message.
    Scanned,
    /// Not a budget document (a notice, a catalogue, an error page): refused.
    NotBudget,
    /// Refused for another reason (damaged, encrypted …).
    Refused,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Read => "read",
            Verdict::Partial => "partial",
            Verdict::ProseOnly => "prose-only",
            Verdict::Scanned => "scanned",
            Verdict::NotBudget => "not-a-budget",
            Verdict::Refused => "refused",
        }
    }
}

/// One document's line of the survey.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub file: String,
    pub verdict: Verdict,
    pub department: String,
    pub year: Option<i32>,
    /// 类 rows of the primary function table.
    pub classes: usize,
    pub errors: usize,
    /// Why the document is not consistent (or why it was refused), most telling first.
    pub reasons: Vec<String>,
    pub millis: u64,
}

/// Words a department's name never holds: their presence means a title or a heading was taken for it.
const NOT_IN_A_NAME: [&str; 9] = ["预算", "决算", "年度", "公开", "说明", "报表", "目录", "单位：", "部门："];

/// The department's name as read looks like one: no title words, no digits, a plausible length.
pub fn clean_name(name: &str) -> bool {
    let n = name.chars().count();
    (2..=50).contains(&n)
        && !name.chars().any(|c| c.is_ascii_digit() || c.is_whitespace())
        && !NOT_IN_A_NAME.iter().any(|w| name.contains(w))
        // `…局2026年度部门预算` with only the year taken out.
        && !name.ends_with('度')
}

/// The verdict on a budget that was read, with the reasons it falls short of consistent.
pub fn judge(budget: &Budget) -> (Verdict, usize, Vec<String>) {
    let mut reasons = Vec::new();
    let table = budget.functions();
    let classes: Vec<_> = table.map(|t| t.rows.iter().filter(|r| r.level() == Some(Level::Class)).collect()).unwrap_or_default();
    if !clean_name(&budget.department) {
        reasons.push(format!("部门名称不对：«{}»", budget.department));
    }
    let stated_total = table.and_then(|t| t.total.as_ref()).and_then(|r| r.total).is_some()
        || budget.stated(crate::model::TotalKind::ExpenditureThisYear).is_some()
        || budget.stated(crate::model::TotalKind::ExpenditureGrand).is_some();
    if !stated_total {
        reasons.push("没有读到支出合计".into());
    }
    if classes.is_empty() {
        reasons.push("没有读到功能分类的类行".into());
    }
    let findings = audit(budget);
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    if !reasons.is_empty() {
        // Performance-target forms published on their own: a table of the budget family, but no
        // budget (no income, expenditure or function table).
        if budget.function_tables.is_empty() && budget.totals.is_empty() && budget.income.is_empty() && budget.performance.is_some() {
            return (Verdict::NotBudget, errors, vec!["只有绩效目标表，没有收支表、功能分类表或合计数：不是部门预算或决算".into()]);
        }
        let prose = table.is_none() && budget.totals.iter().all(|t| t.source.table.is_none());
        let verdict = if prose && clean_name(&budget.department) { Verdict::ProseOnly } else { Verdict::Partial };
        return (verdict, errors, reasons);
    }
    // 类 rows against the table's 合计, within the rounding of the amounts added.
    if let (Some(t), Some(total)) = (table, table.and_then(|t| t.total.as_ref()).and_then(|r| r.total)) {
        let values: Vec<Decimal> = classes.iter().filter_map(|r| r.total).collect();
        let sum = dec::sum(values.iter().copied());
        let tolerance = dec::sum(values.iter().map(|v| half_ulp(*v))) + half_ulp(total);
        let diff = (sum - total).abs();
        if diff > tolerance {
            reasons.push(format!("{}：类行之和 {sum} ≠ 合计 {total}（差 {diff}）", t.title));
        }
        if let Some(r) = t.total.as_ref() {
            if let (Some(b), Some(p)) = (r.basic, r.project) {
                let d = (b + p - total).abs();
                if d > half_ulp(b) + half_ulp(p) + half_ulp(total) {
                    reasons.push(format!("{}：合计行 基本 {b} + 项目 {p} ≠ {total}", t.title));
                }
            }
        }
    }
    for f in findings.iter().filter(|f| f.severity == Severity::Error).take(3) {
        reasons.push(format!("[{}] {}", f.check, f.message));
    }
    let verdict = if reasons.is_empty() { Verdict::Consistent } else { Verdict::Read };
    (verdict, errors, reasons)
}

/// Reads one file through the one door (`import::read`) and judges it.
pub fn survey_file(name: &str, bytes: &[u8]) -> Entry {
    let start = now_millis();
    let file = name.rsplit('/').next().unwrap_or(name).to_string();
    let mut entry = Entry { file, verdict: Verdict::Refused, department: String::new(), year: None, classes: 0, errors: 0, reasons: Vec::new(), millis: 0 };
    match crate::import::read(name, bytes) {
        Ok(budget) => {
            let (verdict, errors, reasons) = judge(&budget);
            entry.classes = budget
                .functions()
                .map_or(0, |t| t.rows.iter().filter(|r| r.level() == Some(Level::Class)).count());
            entry.verdict = verdict;
            entry.errors = errors;
            entry.reasons = reasons;
            entry.department = budget.department;
            entry.year = budget.year;
        }
        Err(e) => {
            entry.verdict = match &e {
                crate::import::InputError::Text(t) if t.not_a_budget() => Verdict::NotBudget,
                // A text without any text: what a scanned PDF's text layer gives.
                crate::import::InputError::Text(t) if t.no_text() => Verdict::Scanned,
                crate::import::InputError::Pdf(p) if p.no_text_layer() => Verdict::Scanned,
                _ => Verdict::Refused,
            };
            entry.reasons.push(e.to_string());
        }
    }
    entry.millis = now_millis().saturating_sub(start);
    entry
}

#[cfg(not(target_arch = "wasm32"))]
fn now_millis() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

#[cfg(target_arch = "wasm32")]
fn now_millis() -> u64 {
    0
}

/// The tally of a survey.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    pub documents: usize,
    pub consistent: usize,
    pub read: usize,
    pub partial: usize,
    pub prose_only: usize,
    pub scanned: usize,
    pub not_budget: usize,
    pub refused: usize,
    pub millis: u64,
}

impl Tally {
    pub fn of(entries: &[Entry]) -> Tally {
        let mut t = Tally { documents: entries.len(), ..Tally::default() };
        for e in entries {
            t.millis += e.millis;
            match e.verdict {
                Verdict::Consistent => t.consistent += 1,
                Verdict::Read => t.read += 1,
                Verdict::Partial => t.partial += 1,
                Verdict::ProseOnly => t.prose_only += 1,
                Verdict::Scanned => t.scanned += 1,
                Verdict::NotBudget => t.not_budget += 1,
                Verdict::Refused => t.refused += 1,
            }
        }
        t
    }
    /// Budgets with tables and a text layer: what "read" and "consistent" are counted against.
    pub fn with_tables(&self) -> usize {
        self.consistent + self.read + self.partial + self.refused
    }
    /// Read (consistent included), in percent of `with_tables`.
    pub fn read_percent(&self) -> f64 {
        pct(self.consistent + self.read, self.with_tables())
    }
    pub fn consistent_percent(&self) -> f64 {
        pct(self.consistent, self.with_tables())
    }
    /// One line for people.
    pub fn line(&self) -> String {
        format!(
            "{} documents: {} with tables — read {} ({:.1}%), consistent {} ({:.1}%), partial {}, refused {}; prose only {}; scanned {}; not a budget {}",
            self.documents,
            self.with_tables(),
            self.consistent + self.read,
            self.read_percent(),
            self.consistent,
            self.consistent_percent(),
            self.partial,
            self.refused,
            self.prose_only,
            self.scanned,
            self.not_budget
        )
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 * 100.0 / d as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_titles_are_not_clean() {
        assert!(clean_name("深圳市福田区投资推广和企业服务中心"));
        assert!(!clean_name("度信息公开"));
        assert!(!clean_name("北京市商务局2026年度部门预算"));
        assert!(!clean_name(""));
        assert!(!clean_name("国家信访局度 "));
        assert!(!clean_name("国家信访局度"));
    }
}
