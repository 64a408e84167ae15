//! The summary object of `yusuan summary`: the headline figures of one document, every amount
//! converted to 元 exactly (`money::to_yuan`), absent figures `None` (JSON `null`), never invented.
//!
//! Amounts keep the scale the document printed: 44,350 万元 → `"443500000"`, 50,943.32 万元 →
//! `"509433200.00"` (the product of the printed decimal and the unit's factor, not normalized).

use crate::dec;
use crate::audit::{audit, Severity};
use crate::model::{Budget, DocKind, EconomicCategory, Level, Measure, TotalKind};
use crate::money::{convert, group, to_yuan, Unit};
use rust_decimal::Decimal;
use serde::Serialize;

/// Headline figures of a budget, in 元.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub department: String,
    pub year: Option<i32>,
    /// `budget` (预算) or `final_accounts` (决算).
    pub kind: DocKind,
    /// The unit the document prints (`万元` / `元`); amounts here are in 元 whatever it is.
    pub unit: Unit,
    /// 本年收入合计 when stated, else 收入总计.
    pub income_total: Option<Decimal>,
    /// `Budget::expenditure_total`: 本年支出合计, else 支出总计, else the function table's total.
    pub expenditure_total: Option<Decimal>,
    /// Stated 基本支出 total, else the primary function table's 合计 row.
    pub basic_total: Option<Decimal>,
    /// Stated 项目支出 total, else the primary function table's 合计 row.
    pub project_total: Option<Decimal>,
    /// 上年结转 / 年初结转和结余.
    pub carry_over_in: Option<Decimal>,
    /// 结转下年 / 年末结转和结余.
    pub carry_over_out: Option<Decimal>,
    /// Economic split (人员 / 公用 / 对个人和家庭补助 / 项目) as stated, in that order.
    pub economic: Vec<EconomicAmount>,
    /// Every 类/款/项 row of the primary function table, in printed order.
    pub functions: Vec<FunctionAmount>,
    /// The year of the prior-year comparison of expenditure (else of income).
    pub prior_year: Option<i32>,
    /// Last year's expenditure total as the text states it (or this year's minus the stated change).
    pub prior_expenditure_total: Option<Decimal>,
    /// Audit findings by severity.
    pub findings: FindingCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EconomicAmount {
    pub category: EconomicCategory,
    /// 人员支出 …
    pub name: &'static str,
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionAmount {
    pub code: String,
    pub name: String,
    pub total: Option<Decimal>,
    pub basic: Option<Decimal>,
    pub project: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct FindingCounts {
    pub error: usize,
    pub warning: usize,
    pub rounding: usize,
}

/// Summarizes a budget (runs the audit for the finding counts).
pub fn summary(budget: &Budget) -> Summary {
    let stated = |kind| budget.stated(kind).map(|t| to_yuan(t.amount, t.unit));
    let table = budget.functions();
    let table_total = table.and_then(|t| t.total.as_ref().map(|r| (r, t.unit)));
    let from_table = |pick: fn(&crate::model::FunctionRow) -> Option<Decimal>| {
        table_total.and_then(|(r, unit)| pick(r).map(|v| to_yuan(v, unit)))
    };

    let economic = EconomicCategory::ALL
        .iter()
        .filter_map(|&c| {
            let line = budget.economic.iter().find(|l| l.category == c)?;
            Some(EconomicAmount { category: c, name: c.zh(), amount: to_yuan(line.amount, line.unit) })
        })
        .collect();

    let functions = table
        .map(|t| {
            t.rows
                .iter()
                .filter(|r| r.level().is_some())
                .map(|r| FunctionAmount {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    total: r.total.map(|v| to_yuan(v, t.unit)),
                    basic: r.basic.map(|v| to_yuan(v, t.unit)),
                    project: r.project.map(|v| to_yuan(v, t.unit)),
                })
                .collect()
        })
        .unwrap_or_default();

    let expenditure = budget.prior_expenditure();
    let income = budget.comparisons.iter().find(|c| c.measure == Measure::IncomeTotal);
    let prior_expenditure_total = expenditure.and_then(|c| {
        let p = &c.prior;
        let last = match (p.amount, p.change) {
            (Some(a), _) => a,
            (None, Some(change)) => dec::checked_sub(c.amount, change)?,
            (None, None) if p.unchanged => c.amount,
            (None, None) => return None,
        };
        Some(to_yuan(last, p.unit))
    });

    let mut findings = FindingCounts::default();
    for f in audit(budget) {
        match f.severity {
            Severity::Error => findings.error += 1,
            Severity::Warning => findings.warning += 1,
            Severity::Rounding => findings.rounding += 1,
        }
    }

    Summary {
        department: budget.department.clone(),
        year: budget.year,
        kind: budget.kind,
        unit: budget.unit,
        income_total: stated(TotalKind::IncomeThisYear).or_else(|| stated(TotalKind::IncomeGrand)),
        expenditure_total: budget.expenditure_total().map(|(v, u)| to_yuan(v, u)),
        basic_total: stated(TotalKind::Basic).or_else(|| from_table(|r| r.basic)),
        project_total: stated(TotalKind::Project).or_else(|| from_table(|r| r.project)),
        carry_over_in: stated(TotalKind::CarryOverIn),
        carry_over_out: stated(TotalKind::CarryOverOut),
        economic,
        functions,
        prior_year: expenditure.or(income).map(|c| c.prior.year),
        prior_expenditure_total,
        findings,
    }
}

impl Summary {
    /// A short table for people: amounts back in the document's unit, grouped, two decimals.
    pub fn to_text(&self) -> String {
        let unit = self.unit;
        let amount = |v: Option<Decimal>| match v {
            Some(y) => format!("{} {}", group(convert(y, Unit::Yuan, unit), 2), unit.zh()),
            None => "—".to_string(),
        };
        let kind = match self.kind {
            DocKind::Budget => "budget 预算",
            DocKind::FinalAccounts => "final accounts 决算",
        };
        let mut rows: Vec<(String, String)> = vec![
            ("Department 部门".into(), self.department.clone()),
            ("Year 年度".into(), self.year.map_or("—".into(), |y| y.to_string())),
            ("Document 类型".into(), kind.into()),
            ("Income 收入合计".into(), amount(self.income_total)),
            ("Expenditure 支出合计".into(), amount(self.expenditure_total)),
            ("  basic 基本支出".into(), amount(self.basic_total)),
            ("  projects 项目支出".into(), amount(self.project_total)),
        ];
        if self.carry_over_in.is_some() || self.carry_over_out.is_some() {
            rows.push(("Carry-over in 上年结转".into(), amount(self.carry_over_in)));
            rows.push(("Carry-over out 结转下年".into(), amount(self.carry_over_out)));
        }
        if let Some(y) = self.prior_year {
            let mut text = amount(self.prior_expenditure_total);
            if let (Some(now), Some(then)) = (self.expenditure_total, self.prior_expenditure_total) {
                if !then.is_zero() {
                    if let Some(p) = crate::money::percent(dec::minus(now, then), then, 2) {
                        let sign = if now >= then && !p.starts_with('-') { "+" } else { "" };
                        text.push_str(&format!(" (change {sign}{p})"));
                    }
                }
            }
            rows.push((format!("Expenditure {y} 上年支出"), text));
        }
        if !self.economic.is_empty() {
            rows.push(("Economic split 经济分类".into(), String::new()));
        }
        for e in &self.economic {
            rows.push((format!("  {}", e.name), amount(Some(e.amount))));
        }
        // Amounts (rows after the first three) right-aligned on their unit; a change note may follow.
        let amount_width = rows[3..].iter().map(|(_, v)| width(v.split(" (").next().unwrap_or(v))).max().unwrap_or(0);
        for (_, v) in rows.iter_mut().skip(3) {
            let head = width(v.split(" (").next().unwrap_or(v));
            if !v.is_empty() {
                *v = format!("{}{v}", " ".repeat(amount_width.saturating_sub(head)));
            }
        }
        let mut out = table(&rows, &[Align::Left, Align::Left]);

        if !self.functions.is_empty() {
            out.push_str(&format!("\nFunctions 功能分类 ({}):\n", unit.zh()));
            let mut rows: Vec<Vec<String>> =
                vec![vec!["code".into(), "name".into(), "total 合计".into(), "basic 基本".into(), "project 项目".into()]];
            for f in &self.functions {
                let indent = match Level::of_code(&f.code) {
                    Some(Level::Section) => "  ",
                    Some(Level::Item) => "    ",
                    _ => "",
                };
                let cell = |v: Option<Decimal>| v.map_or(String::new(), |y| group(convert(y, Unit::Yuan, unit), 2));
                rows.push(vec![f.code.clone(), format!("{indent}{}", f.name), cell(f.total), cell(f.basic), cell(f.project)]);
            }
            out.push_str(&grid(&rows, &[Align::Left, Align::Left, Align::Right, Align::Right, Align::Right]));
        }
        let c = self.findings;
        out.push_str(&format!(
            "\nAudit: {} error{}, {} warning{}, {} rounding note{}\n",
            c.error,
            plural(c.error),
            c.warning,
            plural(c.warning),
            c.rounding,
            plural(c.rounding)
        ));
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

fn table(rows: &[(String, String)], align: &[Align]) -> String {
    let rows: Vec<Vec<String>> = rows.iter().map(|(a, b)| vec![a.clone(), b.clone()]).collect();
    grid(&rows, align)
}

/// Columns padded to the widest cell, counting CJK characters as two terminal columns.
fn grid(rows: &[Vec<String>], align: &[Align]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..cols).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| width(s)).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = widths.get(c).copied().unwrap_or(0).saturating_sub(width(cell));
            if c > 0 {
                line.push_str("  ");
            }
            match align.get(c).copied().unwrap_or(Align::Left) {
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                }
                Align::Right => {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Terminal width: East Asian wide and fullwidth characters take two columns.
pub(crate) fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || (0x20000..=0x3FFFD).contains(&u);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Comparison, FunctionRow, FunctionTable, PriorYear, Source, StatedTotal};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn stated(kind: TotalKind, amount: &str, unit: Unit) -> StatedTotal {
        StatedTotal { kind, amount: d(amount), unit, source: Source::row(1, "收支总表", "") }
    }

    fn comparison(measure: Measure, amount: &str, prior: PriorYear) -> Comparison {
        Comparison { subject: measure.name().into(), measure, amount: d(amount), prior }
    }

    fn prior(year: i32, amount: Option<&str>, change: Option<&str>, unchanged: bool) -> PriorYear {
        PriorYear {
            year,
            amount: amount.map(d),
            change: change.map(d),
            percent: None,
            unchanged,
            unit: Unit::Yuan,
            source: Source::text(1, ""),
        }
    }

    #[test]
    fn absent_figures_stay_null() {
        let s = summary(&Budget::default());
        assert_eq!((s.income_total, s.expenditure_total, s.basic_total, s.project_total), (None, None, None, None));
        assert_eq!((s.carry_over_in, s.prior_year, s.prior_expenditure_total), (None, None, None));
        assert!(s.functions.is_empty() && s.economic.is_empty());
    }

    #[test]
    fn income_prefers_this_year_then_grand_total() {
        let mut b = Budget { unit: Unit::Yuan, ..Budget::default() };
        b.totals.push(stated(TotalKind::IncomeGrand, "120.50", Unit::Yuan));
        assert_eq!(summary(&b).income_total, Some(d("120.50")));
        b.totals.push(stated(TotalKind::IncomeThisYear, "1.5", Unit::Wanyuan));
        assert_eq!(summary(&b).income_total, Some(d("15000.0")));
    }

    #[test]
    fn basic_and_project_fall_back_to_the_table_total_row() {
        let row = |code: &str, t: &str, b: Option<&str>, p: Option<&str>| FunctionRow {
            code: code.into(),
            name: "x".into(),
            total: Some(d(t)),
            basic: b.map(d),
            project: p.map(d),
            source: Source::row(2, "表", "x"),
        };
        let b = Budget {
            function_tables: vec![FunctionTable {
                title: "表".into(),
                unit: Unit::Wanyuan,
                rows: vec![row("201", "3.5", Some("1"), None), row("20101", "3.5", Some("1"), None), row("", "9", None, None)],
                total: Some(row("", "3.5", Some("1"), Some("2.5"))),
            }],
            ..Budget::default()
        };
        let s = summary(&b);
        assert_eq!((s.basic_total, s.project_total), (Some(d("10000")), Some(d("25000.0"))));
        assert_eq!(s.expenditure_total, Some(d("35000.0")));
        // Rows without a 类/款/项 code are not functions; a blank cell stays null.
        assert_eq!(s.functions.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["201", "20101"]);
        assert_eq!(s.functions[0].project, None);
    }

    #[test]
    fn prior_expenditure_is_stated_or_derived_never_guessed() {
        let mut b = Budget::default();
        b.comparisons.push(comparison(Measure::IncomeTotal, "100", prior(2023, None, Some("-5"), false)));
        let s = summary(&b);
        assert_eq!((s.prior_year, s.prior_expenditure_total), (Some(2023), None));

        b.comparisons.push(comparison(Measure::ExpenditureTotal, "100.00", prior(2022, None, Some("-6.5"), false)));
        let s = summary(&b);
        assert_eq!((s.prior_year, s.prior_expenditure_total), (Some(2022), Some(d("106.50"))));

        b.comparisons[1].prior = prior(2022, Some("90"), Some("10"), false);
        assert_eq!(summary(&b).prior_expenditure_total, Some(d("90")));
        b.comparisons[1].prior = prior(2022, None, None, true);
        assert_eq!(summary(&b).prior_expenditure_total, Some(d("100.00")));
        b.comparisons[1].prior = prior(2022, None, None, false);
        assert_eq!(summary(&b).prior_expenditure_total, None);
    }

    #[test]
    fn cjk_counts_double() {
        assert_eq!(width("福田 ab"), 7);
        assert_eq!(width("（按功能分类）"), 14);
        assert_eq!(width("—"), 1);
    }

    #[test]
    fn grid_aligns_mixed_scripts() {
        let g = grid(
            &[vec!["部门".into(), "1".into()], vec!["ab".into(), "1,000".into()]],
            &[Align::Left, Align::Right],
        );
        assert_eq!(g, "部门      1\nab    1,000\n");
    }
}
