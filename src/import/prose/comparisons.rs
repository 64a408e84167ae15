//! Comparisons about income, expenditure, running costs …: each prior-year phrase matched with the
//! amount it is about (the one before it, or the subject named after "与2023年度相比"), its measure
//! from the subject's words; and the totals the prose states (本年收入合计, 基本支出 …).

use super::numbers::Num;
use super::prior::{in_cmp, prior_of, Cmp};
use super::subjects::{cmp_subject, measure, same_subject};
use super::txt::{clause_start, excerpt, Txt};
use super::Reader;
use crate::model::{Comparison, Source, StatedTotal, Statement, TotalKind};
use crate::money::Unit;
use rust_decimal::Decimal;

/// An amount of a paragraph with the subject its clause names: what a comparison may be about.
#[derive(Debug, Clone)]
pub(super) struct Target {
    subject: String,
    amount: Decimal,
    unit: Unit,
    /// Where the subject starts.
    start: usize,
    num_start: usize,
    /// After the amount's unit.
    after: usize,
    line: u32,
}

impl Reader<'_> {
    fn targets(&self, t: &Txt, nums: &[Num], cmps: &[Cmp]) -> Vec<Target> {
        nums.iter()
            .filter(|n| n.is_amount() && !in_cmp(cmps, n))
            .map(|n| {
                let s = clause_start(t, n.start, 0);
                Target {
                    subject: cmp_subject(&t.s(s, n.start), &self.department),
                    amount: n.v,
                    unit: n.unit().unwrap_or(self.b.unit),
                    start: s,
                    num_start: n.start,
                    after: n.after,
                    line: t.line(s),
                }
            })
            .collect()
    }

    /// Comparisons about income, expenditure, running costs …; totals the prose states.
    pub(super) fn general(&mut self, t: &Txt, nums: &[Num], cmps: &[Cmp]) {
        let targets = self.targets(t, nums, cmps);
        let mut used = vec![false; targets.len()];
        for c in cmps {
            let mut before = targets.iter().enumerate().filter(|(_, x)| x.num_start < c.start);
            let found: Option<(Option<usize>, Target, String)> = match c.subject_after {
                Some((a, b)) => {
                    let subject = cmp_subject(&t.s(a, b), &self.department);
                    let here = before
                        .clone()
                        .rfind(|(_, x)| same_subject(&x.subject, &subject))
                        .map(|(i, x)| (Some(i), x.clone(), subject.clone()));
                    here.or_else(|| {
                        self.recent
                            .iter()
                            .rev()
                            .find(|x| same_subject(&x.subject, &subject))
                            .map(|x| (None, x.clone(), subject.clone()))
                    })
                }
                None => before.next_back().map(|(i, x)| (Some(i), x.clone(), x.subject.clone())),
            };
            let Some((idx, target, subject)) = found else {
                self.warn(
                    t.line(c.start),
                    format!("与上年的比较找不到所比的金额：«{}»", excerpt(t, c.start, c.end)),
                );
                continue;
            };
            if let Some(i) = idx {
                if used.get(i).copied().unwrap_or(false) {
                    self.warn(
                        t.line(c.start),
                        format!("同一金额第二次与上年比较：«{}»", excerpt(t, c.start, c.end)),
                    );
                    continue;
                }
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
            // "与2023年度相比，…" names its subject itself: cite that sentence alone.
            let from = if idx.is_some() && c.subject_after.is_none() { target.start } else { c.start };
            let prior = prior_of(t, c, from, target.unit);
            self.b.comparisons.push(Comparison {
                measure: measure(&subject),
                subject,
                amount: target.amount,
                prior,
            });
        }
        for (i, x) in targets.iter().enumerate() {
            let src = || Source::text(x.line, &excerpt(t, x.start, x.after));
            if x.subject.contains("机关运行经费") && !used.get(i).copied().unwrap_or(true) {
                self.b.statements.push(Statement {
                    subject: x.subject.clone(),
                    path: Vec::new(),
                    amount: x.amount,
                    unit: x.unit,
                    percent: None,
                    percent_of: None,
                    initial_budget: None,
                    source: src(),
                });
            }
            let kind = match x.subject.as_str() {
                "本年收入合计" => Some(TotalKind::IncomeThisYear),
                "本年支出合计" => Some(TotalKind::ExpenditureThisYear),
                "基本支出" => Some(TotalKind::Basic),
                "项目支出" => Some(TotalKind::Project),
                _ => None,
            };
            if let Some(kind) = kind {
                let dup = self
                    .b
                    .totals
                    .iter()
                    .any(|s| s.kind == kind && s.amount == x.amount && s.source.table.is_none());
                if !dup {
                    self.b.totals.push(StatedTotal { kind, amount: x.amount, unit: x.unit, source: src() });
                }
            }
        }
        self.recent.extend(targets);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, read_text};
    use crate::model::Measure;
    use crate::money::Unit;
    use rust_decimal::Decimal;

    #[test]
    fn seed_totals_compared_with_last_year() {
        let b = read_text(
            "2022 年深圳市福田区投资推广和企业服务中心部门预算收入 44,350 万元，比 2021 年减少 6,593.32 万元，下降 12.94%。2022 年部门预算支出 44,350 万元，比 2021 年减少 6,593.32 万元，下降 12.94%。",
        );
        assert_eq!(b.comparisons.len(), 2);
        let inc = &b.comparisons[0];
        assert_eq!((inc.subject.as_str(), &inc.measure), ("部门预算收入", &Measure::IncomeTotal));
        let exp = b.prior_expenditure().unwrap();
        assert_eq!(exp.subject, "部门预算支出");
        assert_eq!(exp.amount, d("44350"));
        assert_eq!(exp.prior.year, 2021);
        assert_eq!(exp.prior.change, Some(d("-6593.32")));
        assert_eq!(exp.prior.percent, Some(d("-12.94")));
        assert!(!exp.prior.unchanged);
        assert_eq!(exp.prior.unit, Unit::Wanyuan);
        assert_eq!(exp.prior.amount, None);
        assert_eq!(exp.prior.source.line, 1);
        assert!(b.warnings.is_empty());
    }

    #[test]
    fn comparison_measures() {
        let b = read_text(
            "2025年，上海市普陀区商务委员会收入预算37,151.47万元，其中：财政拨款收入37,151.47万元，比2024年预算执行数增加\n24,558.18万元；事业收入0万元。\n支出预算37,151.47万元，比2024年预算增加1万元。财政拨款支出预算中，一般\n公共预算拨款支出预算37,151.47万元，比2024年预算增加24,491.71万元；政府性基金拨款支出预算0万元，比2024年预算执行数持平；\n国有资本经营预算拨款支出预算0万元，比2024年预算执行数持平。",
        );
        let got: Vec<(&str, &Measure, Decimal, u32)> = b
            .comparisons
            .iter()
            .map(|c| (c.subject.as_str(), &c.measure, c.amount, c.prior.source.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("财政拨款收入", &Measure::FiscalIncome, d("37151.47"), 1),
                ("支出预算", &Measure::ExpenditureTotal, d("37151.47"), 3),
                ("一般公共预算拨款支出预算", &Measure::GeneralBudgetExpenditure, d("37151.47"), 3),
                ("政府性基金拨款支出预算", &Measure::GovernmentFundExpenditure, d("0"), 4),
                ("国有资本经营预算拨款支出预算", &Measure::StateCapitalExpenditure, d("0"), 5),
            ]
        );
        assert_eq!(b.comparisons[0].prior.change, Some(d("24558.18")));
        assert_eq!(b.comparisons[0].prior.percent, None);
    }

    #[test]
    fn final_accounts_compare_a_subject_named_after_the_year() {
        let b = read_text(
            "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入\n支出总计减少56.95万元，下降1.87%。主要原因：基本支出中人员进出。\n上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。与2023年度相比，\n财政拨款收入支出总计持平。",
        );
        assert_eq!(b.comparisons.len(), 2, "{:#?}", b.comparisons);
        let g = &b.comparisons[0];
        assert_eq!((g.subject.as_str(), &g.measure, g.amount), ("收入支出总计", &Measure::GrandTotal, d("2995.39")));
        assert_eq!((g.prior.year, g.prior.change, g.prior.percent), (2023, Some(d("-56.95")), Some(d("-1.87"))));
        assert_eq!(g.prior.source.line, 1);
        let f = &b.comparisons[1];
        assert_eq!((&f.measure, f.amount, f.prior.unchanged), (&Measure::FiscalGrandTotal, d("0.3"), true));
        assert_eq!(f.prior.source.line, 3);
    }
}
