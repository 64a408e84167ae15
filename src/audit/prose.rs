//! Checks of what the text states: projects and their components, prior-year changes, 三公,
//! totals named in sentences, shares and path-named function amounts.

use crate::dec;
use super::tables::{find_path, View};
use super::totals::{kind_zh, Place, Places};
use super::{
    compare, finding, judge, judge_percent, judge_percent_raw, percent_finding, warning, Amt, Check, Finding, Scope, Severity,
};
use crate::model::{Budget, DocKind, Measure, PriorYear, SanGong, SanGongCategory, Source, TotalKind};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// Components sum to their project; the projects sum to 项目支出.
pub(crate) fn projects(budget: &Budget, places: &Places, out: &mut Vec<Finding>) {
    for p in &budget.projects {
        if p.components.is_empty() {
            continue;
        }
        let amts: Vec<Amt> = p.components.iter().map(|c| Amt::printed(c.amount, p.unit)).collect();
        let item = Amt::printed(p.amount, p.unit);
        let mut sources = vec![p.source.clone()];
        sources.extend(p.components.iter().map(|c| c.source.clone()));
        let Some(v) = judge(&amts, &[item]) else { continue };
        let claim = format!("{}：Σ {} 个组成部分", p.name.trim(), p.components.len());
        let where_ = p.source.cite();
        if p.components_complete {
            if let Some(f) = finding(Check::ComponentsSum, &v, &claim, where_, "", sources) {
                out.push(f);
            }
        } else if v.severity == Some(Severity::Error) && v.diff.is_sign_negative() {
            // A partial list (…等) may fall short of the item but cannot exceed it.
            if let Some(mut f) = finding(Check::ComponentsSum, &v, &claim, where_, "未列全的清单（…等）却超过该项", sources) {
                f.severity = Severity::Warning;
                out.push(f);
            }
        }
    }
    if budget.projects.is_empty() {
        return;
    }
    let Some(total) = places.anchor_any(TotalKind::Project) else { return };
    let amts: Vec<Amt> = budget.projects.iter().map(|p| Amt::printed(p.amount, p.unit)).collect();
    let Some(v) = judge(&amts, &[total.amt]) else { return };
    let mut sources: Vec<Source> = budget.projects.iter().map(|p| p.source.clone()).collect();
    sources.push(total.source.clone());
    let claim = format!("Σ {} 个项目 vs 项目支出 {}", budget.projects.len(), total.what());
    let where_ = format!("{} … ↔ {}", sources.first().map(|s| s.cite()).unwrap_or_default(), total.source.cite());
    if v.severity == Some(Severity::Error) && v.diff.is_sign_positive() {
        // The text describes fewer projects than 项目支出 holds: a coverage note, not a contradiction.
        let share = dec::checked_mul(v.expected, Decimal::ONE_HUNDRED).and_then(|x| x.checked_div(v.actual)).map(|x| x.round_dp(1));
        out.push(Finding {
            severity: Severity::Warning,
            check: Check::ProjectsSum,
            where_,
            expected: Some(v.expected),
            actual: Some(v.actual),
            difference: Some(v.diff),
            unit: Some(v.unit),
            message: format!(
                "正文介绍了 {} 个项目，合计 {} {u}，占{}项目支出 {} {u} 的 {}%：并未列出全部项目，无法核对其合计",
                budget.projects.len(),
                super::num(v.expected),
                total.what(),
                super::num(v.actual),
                share.map(super::num).unwrap_or_else(|| "?".into()),
                u = v.unit.zh(),
            ),
            sources,
            tolerance: Some(v.tol),
        });
    } else if let Some(f) = finding(Check::ProjectsSum, &v, &claim, where_, "", sources) {
        out.push(f);
    }
}

/// Every stated prior-year figure against the amounts: prior = amount − change, percent =
/// change / prior × 100, 持平 means no change.
pub(crate) fn prior_changes(budget: &Budget, out: &mut Vec<Finding>) {
    for c in &budget.comparisons {
        check_prior(&c.subject, Amt::printed(c.amount, c.prior.unit), &c.prior, out);
    }
    for p in &budget.projects {
        if let Some(pr) = &p.prior {
            check_prior(&p.name, Amt::printed(p.amount, p.unit), pr, out);
        }
    }
    for s in &budget.sangong_text {
        if let Some(pr) = &s.prior {
            check_prior(&format!("三公 {}", sangong_zh(s.category)), Amt::printed(s.amount, s.unit), pr, out);
        }
    }
}

fn check_prior(subject: &str, amount: Amt, prior: &PriorYear, out: &mut Vec<Finding>) {
    let unit = prior.unit;
    let change = prior.change.map(|v| Amt::printed(v, unit));
    let stated = prior.amount.map(|v| Amt::printed(v, unit));
    let where_ = prior.source.cite();
    let subject = subject.trim();
    let y = prior.year;
    if prior.unchanged {
        let nonzero = |v: Option<Decimal>| v.filter(|x| !x.is_zero());
        if let Some(c) = nonzero(prior.change) {
            out.push(Finding {
                severity: Severity::Error,
                check: Check::PriorChange,
                where_: where_.clone(),
                expected: Some(Decimal::ZERO),
                actual: Some(c),
                difference: Some(c),
                unit: Some(unit),
                message: format!("{subject}：正文称与{y}年持平，但增减为 {} {}", super::num(c), unit.zh()),
                sources: vec![prior.source.clone()],
                tolerance: Some(Decimal::ZERO),
            });
        }
        if let Some(q) = nonzero(prior.percent) {
            out.push(Finding {
                severity: Severity::Error,
                check: Check::PriorChange,
                where_: where_.clone(),
                expected: Some(Decimal::ZERO),
                actual: Some(q),
                difference: Some(q),
                unit: None,
                message: format!("{subject}：正文称与{y}年持平，但增减幅度为 {}%", super::num(q)),
                sources: vec![prior.source.clone()],
                tolerance: Some(Decimal::ZERO),
            });
        }
        if let Some(s) = stated {
            if let Some(f) = compare(
                Check::PriorChange,
                &[amount],
                &[s],
                &format!("{subject}：{y}年数（持平）vs 本年数"),
                where_,
                "",
                vec![prior.source.clone()],
            ) {
                out.push(f);
            }
        }
        return;
    }
    if let (Some(s), Some(c)) = (stated, change) {
        if let Some(f) = compare(
            Check::PriorChange,
            &[amount, c.neg()],
            &[s],
            &format!("{subject}：本年 {} − 增减 {} vs {y}年", super::amt_str(amount), super::amt_str(c)),
            where_.clone(),
            "",
            vec![prior.source.clone()],
        ) {
            out.push(f);
        }
    }
    let Some(q) = prior.percent else { return };
    // change and prior in one unit, with their half-units (a derived operand carries both).
    let u = super::common_unit(&[amount, change.unwrap_or(amount), stated.unwrap_or(amount)]);
    let Some((a, da)) = amount.in_unit(u) else { return };
    let pair = match (change, stated) {
        (Some(c), Some(s)) => c.in_unit(u).zip(s.in_unit(u)),
        (Some(c), None) => c.in_unit(u).and_then(|(c, dc)| Some(((c, dc), (dec::checked_sub(a, c)?, dec::checked_add(da, dc)?)))),
        (None, Some(s)) => s.in_unit(u).and_then(|(s, ds)| Some(((dec::checked_sub(a, s)?, dec::checked_add(da, ds)?), (s, ds)))),
        (None, None) => None,
    };
    let Some(((c, dc), (p, dp))) = pair else { return };
    // Sentences print the percent unsigned next to 增/减 words; the change's sign is checked above.
    let Some(v) = judge_percent_raw(q.abs(), c.abs(), dc, p, dp) else { return };
    if let Some(f) = percent_finding(
        Check::PriorChange,
        &v,
        &format!("{subject}：增减 {} / {y}年 {} × 100", super::num(c), super::num(p)),
        where_,
        vec![prior.source.clone()],
    ) {
        out.push(f);
    }
}

/// The category as findings name it, after "三公 " (shorter than `SanGongCategory::zh`).
fn sangong_zh(cat: SanGongCategory) -> &'static str {
    match cat {
        SanGongCategory::Total => "合计",
        SanGongCategory::Abroad => "因公出国(境)费",
        SanGongCategory::Reception => "公务接待费",
        SanGongCategory::Vehicles => "公务用车购置及运行费",
        SanGongCategory::VehiclePurchase => "公务用车购置费",
        SanGongCategory::VehicleOperation => "公务用车运行维护费",
    }
}

fn sg_any(r: &SanGong) -> bool {
    SanGongCategory::ALL.iter().any(|&c| r.get(c).is_some())
}

/// A 三公 cell; a blank in a row printing other figures is nil — unless the importer warned about
/// that row's line (cells it could not place are left blank and are unknown, not nil).
fn sg_cell(r: &SanGong, cat: SanGongCategory, uncertain: &HashSet<u32>) -> Option<Amt> {
    match r.get(cat) {
        Some(v) => Some(Amt::printed(v, r.unit)),
        None if sg_any(r) && !uncertain.contains(&r.source.line) => Some(Amt::zero(r.unit)),
        None => None,
    }
}

fn sg_row_name(r: &SanGong) -> String {
    let phase = match r.phase {
        Some(DocKind::Budget) => " 预算数",
        Some(DocKind::FinalAccounts) => " 决算数",
        None => "",
    };
    match r.year {
        Some(y) => format!("三公 {y}年{phase}"),
        None if r.source.label.contains('增') => format!("三公 增减{phase}"),
        // A table of one row and no year printed (北京's 附件2 read alone).
        None => format!("三公{phase}"),
    }
}

/// 三公 table identities, the 增减 row, and the text against the table.
pub(crate) fn sangong(budget: &Budget, out: &mut Vec<Finding>) {
    let uncertain: HashSet<u32> = budget.warnings.iter().map(|w| w.line).collect();
    let sg_cell = |r: &SanGong, cat: SanGongCategory| sg_cell(r, cat, &uncertain);
    for r in &budget.sangong {
        for (parent, words) in [
            (SanGongCategory::Total, "因公出国 + 公务接待 + 公务用车"),
            (SanGongCategory::Vehicles, "公务用车购置 + 运行"),
        ] {
            let parts = parent.parts();
            // A total left blank over printed parts (北京 r150's 小计) is not printed, not nil.
            if parts.iter().all(|&p| r.get(p).is_none()) || r.get(parent).is_none() {
                continue;
            }
            let Some(pv) = sg_cell(r, parent) else { continue };
            // 公务用车 blank over its printed 购置 and 运行: those stand in the 合计's sum.
            let printed = |q: &SanGongCategory| r.get(*q).map(|v| Amt::printed(v, r.unit));
            let part = |p: SanGongCategory| -> Vec<Amt> {
                let car: Vec<Amt> = SanGongCategory::Vehicles.parts().iter().filter_map(printed).collect();
                if p == SanGongCategory::Vehicles && r.get(p).is_none() && !car.is_empty() {
                    car
                } else {
                    sg_cell(r, p).into_iter().collect()
                }
            };
            let amts: Vec<Amt> = parts.iter().flat_map(|&p| part(p)).collect();
            if let Some(f) = compare(
                Check::Sangong,
                &amts,
                &[pv],
                &format!("{} {}：{words}", sg_row_name(r), sangong_zh(parent)),
                r.source.cite(),
                "",
                vec![r.source.clone()],
            ) {
                out.push(f);
            }
        }
    }
    let this_year = budget.year.or_else(|| budget.sangong.iter().filter_map(|r| r.year).max());
    // 增减 = this year − last year, per column.
    for c in budget.sangong.iter().filter(|r| r.year.is_none()) {
        let Some(y) = this_year else { continue };
        let pick = |yy: i32| {
            budget.sangong.iter().find(|r| r.year == Some(yy) && r.phase == c.phase).or_else(|| {
                let mut it = budget.sangong.iter().filter(|r| r.year == Some(yy));
                match (it.next(), it.next()) {
                    (Some(r), None) => Some(r),
                    _ => None,
                }
            })
        };
        let (Some(t), Some(l)) = (pick(y), pick(y - 1)) else { continue };
        for f in SanGongCategory::ALL {
            let (cv, tv, lv) = (c.get(f), t.get(f), l.get(f));
            if cv.is_none() && tv.is_none() && lv.is_none() {
                continue;
            }
            let (Some(ca), Some(ta), Some(la)) = (sg_cell(c, f), sg_cell(t, f), sg_cell(l, f)) else { continue };
            if let Some(x) = compare(
                Check::Sangong,
                &[ta, la.neg()],
                &[ca],
                &format!("三公 {}：{y}年 − {}年 vs 增减", sangong_zh(f), y - 1),
                format!("{} ↔ {}", c.source.cite(), t.source.cite()),
                "",
                vec![c.source.clone(), t.source.clone(), l.source.clone()],
            ) {
                out.push(x);
            }
        }
    }
    // The row a sentence of this document speaks about: this year, this document's phase.
    let row_for = |year: i32| -> Option<&SanGong> {
        let rows: Vec<&SanGong> = budget.sangong.iter().filter(|r| r.year == Some(year)).collect();
        rows.iter().find(|r| r.phase == Some(budget.kind)).or_else(|| rows.iter().find(|r| r.phase.is_none())).copied()
    };
    for s in &budget.sangong_text {
        let cat = sangong_zh(s.category);
        if let Some(r) = this_year.and_then(row_for) {
            if let Some(ta) = sg_cell(r, s.category) {
                if let Some(f) = compare(
                    Check::Sangong,
                    &[ta],
                    &[Amt::printed(s.amount, s.unit)],
                    &format!("三公 {cat}：表 vs 正文"),
                    super::cite_pair(&r.source, &s.source),
                    "",
                    vec![r.source.clone(), s.source.clone()],
                ) {
                    out.push(f);
                }
            }
        }
        let Some(pr) = &s.prior else { continue };
        let Some(r) = row_for(pr.year) else { continue };
        let Some(ta) = sg_cell(r, s.category) else { continue };
        let amount = Amt::printed(s.amount, s.unit);
        let actual: Vec<Amt> = if let Some(a) = pr.amount {
            vec![Amt::printed(a, pr.unit)]
        } else if pr.unchanged {
            vec![amount]
        } else if let Some(c) = pr.change {
            vec![amount, Amt::printed(c, pr.unit).neg()]
        } else {
            continue;
        };
        if let Some(f) = compare(
            Check::Sangong,
            &[ta],
            &actual,
            &format!("三公 {cat} {}年：表 vs 正文（本年 − 增减）", pr.year),
            super::cite_pair(&r.source, &pr.source),
            "",
            vec![r.source.clone(), pr.source.clone()],
        ) {
            out.push(f);
        }
    }
}

/// The totals a measure names: the kinds that may be meant and their scope.
fn measure_targets(measure: &Measure) -> Option<(Vec<TotalKind>, Scope)> {
    use TotalKind::*;
    Some(match measure {
        Measure::IncomeTotal => (vec![IncomeThisYear, IncomeGrand], Scope::All),
        Measure::ExpenditureTotal => (vec![ExpenditureThisYear, ExpenditureGrand], Scope::All),
        Measure::GrandTotal => (vec![IncomeGrand, ExpenditureGrand], Scope::All),
        Measure::FiscalGrandTotal => (vec![IncomeGrand, ExpenditureGrand], Scope::Fiscal),
        Measure::FiscalIncome => (vec![IncomeThisYear, IncomeGrand], Scope::Fiscal),
        Measure::FiscalExpenditure => (vec![ExpenditureThisYear, ExpenditureGrand], Scope::Fiscal),
        Measure::GeneralBudgetExpenditure => (vec![ExpenditureThisYear], Scope::GeneralPublic),
        Measure::GovernmentFundExpenditure => (vec![ExpenditureThisYear], Scope::GovFund),
        Measure::StateCapitalExpenditure => (vec![ExpenditureThisYear], Scope::StateCapital),
        Measure::Other | Measure::RunningCosts | Measure::Function(_) => return None,
    })
}

/// The totals an importer key of `Statement::percent_of` names: this year's income or
/// expenditure, or a measure's name.
fn key_targets(key: &str) -> Option<(Vec<TotalKind>, Scope)> {
    match key {
        "income_this_year" => Some((vec![TotalKind::IncomeThisYear], Scope::All)),
        "expenditure_this_year" => Some((vec![TotalKind::ExpenditureThisYear], Scope::All)),
        _ => measure_targets(&Measure::from_name(key)?),
    }
}

/// A printed phrase naming a total (`本年支出合计`, `一般公共预算财政拨款支出`): side from 收入/支出,
/// 总计 or this year's, scope from its words.
fn phrase_targets(phrase: &str) -> Option<(Vec<TotalKind>, Scope)> {
    use TotalKind::*;
    // 政府采购支出总额, 三公经费支出: a part's own total, which no budget total states.
    if ["采购", "购买服务", "三公", "机关运行", "合同"].iter().any(|w| phrase.contains(w)) {
        return None;
    }
    let (this, grand) = if phrase.contains("收入") {
        (IncomeThisYear, IncomeGrand)
    } else if phrase.contains("支出") {
        (ExpenditureThisYear, ExpenditureGrand)
    } else {
        return None;
    };
    let kinds = if phrase.contains("总计") { vec![grand] } else { vec![this] };
    Some((kinds, Scope::of(phrase)))
}

/// The place stating `kind` for `scope`; expenditure kinds may come from a scope stating the same
/// expenditure total.
fn place_for(places: &Places, kind: TotalKind, scope: Scope) -> Option<&Place> {
    places.anchor(kind, scope).or_else(|| {
        if matches!(kind, TotalKind::ExpenditureThisYear | TotalKind::Basic | TotalKind::Project) {
            places.list.iter().find(|p| p.kind == kind && p.from_table && places.same_money(p.scope, scope))
        } else {
            None
        }
    })
}

/// Totals named by sentences with a prior-year comparison ("部门预算收入 44,350 万元") against the
/// tables. Only the importer's measure says a subject is a total (机关运行经费支出 is not).
pub(crate) fn comparisons(budget: &Budget, places: &Places, out: &mut Vec<Finding>) {
    for c in &budget.comparisons {
        let Some((kinds, scope)) = measure_targets(&c.measure) else { continue };
        let amt = Amt::printed(c.amount, c.prior.unit);
        let cands: Vec<(&Place, super::Verdict)> = kinds
            .iter()
            .filter_map(|&k| place_for(places, k, scope))
            .filter_map(|p| judge(&[p.amt], &[amt]).map(|v| (p, v)))
            .collect();
        // 收入支出总计 names both sides: each must match. Otherwise one matching candidate (本年 or
        // 总计) is enough, else the closest is reported.
        let report: Vec<(&Place, super::Verdict)> = if matches!(c.measure, Measure::GrandTotal | Measure::FiscalGrandTotal) {
            cands
        } else if cands.iter().any(|(_, v)| v.severity.is_none()) {
            Vec::new()
        } else {
            cands.into_iter().min_by_key(|(_, v)| v.diff.abs()).into_iter().collect()
        };
        let mut reported: Vec<rust_decimal::Decimal> = Vec::new();
        for (p, v) in report {
            if v.severity.is_none() || reported.contains(&v.expected) {
                continue;
            }
            reported.push(v.expected);
            let tag = if scope == Scope::All { String::new() } else { format!(" ({})", scope.zh()) };
            if let Some(f) = finding(
                Check::CrossTable,
                &v,
                &format!("{}{tag}：{} {} vs 正文", c.subject.trim(), kind_zh(p.kind), p.what()),
                super::cite_pair(&p.source, &c.prior.source),
                "",
                vec![p.source.clone(), c.prior.source.clone()],
            ) {
                out.push(f);
            }
        }
    }
}

/// The place a share's base names (an importer key or a printed phrase).
fn base_place<'a>(places: &'a Places, of: &str) -> Option<&'a Place> {
    let (kinds, scope) = key_targets(of).or_else(|| phrase_targets(of))?;
    kinds.iter().find_map(|&k| place_for(places, k, scope))
}

/// Path-named amounts vs the function table; shares vs the totals they name; completion of the
/// initial budget.
pub(crate) fn statements(budget: &Budget, views: &[View], places: &Places, out: &mut Vec<Finding>) {
    let mut tables: Vec<&View> = views.iter().filter(|v| !v.income && v.reference).collect();
    tables.extend(views.iter().filter(|v| !v.income && !v.reference));
    for s in &budget.statements {
        let amt = Amt::printed(s.amount, s.unit);
        let subject = s.subject.trim();
        if !s.path.is_empty() {
            // Every table that prints the row: final accounts print an item in the whole 支出决算表
            // and in the 一般公共预算财政拨款 table, and a paragraph states one of them. The first that
            // agrees is the one it states; when none does, the first is reported.
            let hits: Vec<_> = tables.iter().filter_map(|v| find_path(v, &s.path).map(|(r, c)| (*v, r, c))).collect();
            let agrees = |(v, r, _): &(&View, &crate::model::FunctionRow, String)| {
                super::tables::eff(r, super::tables::Col::Total, v.t.unit)
                    .and_then(|ta| super::judge(&[ta], &[amt]))
                    .is_some_and(|verdict| verdict.severity != Some(Severity::Error))
            };
            let hit = hits.iter().find(|h| agrees(h)).or(hits.first()).cloned();
            match hit {
                Some((v, r, code)) => {
                    if let Some(ta) = super::tables::eff(r, super::tables::Col::Total, v.t.unit) {
                        if let Some(f) = compare(
                            Check::Statements,
                            &[ta],
                            &[amt],
                            &format!("{code} {}：「{}」 vs 正文", s.path.join("-"), v.t.title),
                            super::cite_pair(&r.source, &s.source),
                            "",
                            vec![r.source.clone(), s.source.clone()],
                        ) {
                            out.push(f);
                        }
                    }
                }
                None if !tables.is_empty() => out.push(warning(
                    Check::Statements,
                    s.source.cite(),
                    format!("{}：表中没有这些名称的功能分类行，未核对", s.path.join("-")),
                    vec![s.source.clone()],
                )),
                None => {}
            }
        }
        let Some(q) = s.percent else { continue };
        let of = s.percent_of.as_deref().unwrap_or(if s.initial_budget.is_some() { "initial_budget" } else { "" });
        // The base and, for a named total, its place in the document.
        let (base, named, base_name): (Amt, Option<&Place>, String) = if of == "initial_budget" {
            match s.initial_budget {
                Some(ib) => (Amt::printed(ib, s.unit), None, format!("年初预算 {}", super::amt_str(Amt::printed(ib, s.unit)))),
                None => continue,
            }
        } else {
            match base_place(places, of) {
                Some(p) => (p.amt, Some(p), format!("{} {}", kind_zh(p.kind), p.what())),
                None => {
                    out.push(warning(
                        Check::Statements,
                        s.source.cite(),
                        format!("{subject}：占 «{of}» 的 {}%，但文件中找不到这个合计，未核对", super::num(q)),
                        vec![s.source.clone()],
                    ));
                    continue;
                }
            }
        };
        let share_of = |base: Amt| judge_percent(q.abs(), Amt { v: amt.v.abs(), ..amt }, Amt { v: base.v.abs(), ..base });
        let Some(v) = share_of(base) else { continue };
        // The share is of another total of the document than the one its words name (a paragraph
        // on the 一般公共预算 table giving a share "of the department's expenditure" that is of the
        // 一般公共预算's): said as a warning with both totals, the figures being the tables'.
        let other = named.filter(|_| v.severity == Some(Severity::Error)).and_then(|n| {
            places.list.iter().filter(|p| p.kind == n.kind && p.from_table && p.scope != n.scope).find(|p| {
                share_of(p.amt).is_some_and(|w| w.severity.is_none())
            })
        });
        if let (Some(o), Some(n)) = (other, named) {
            out.push(warning(
                Check::Statements,
                super::cite_pair(&s.source, &o.source),
                format!(
                    "{subject} {}：文中说占 «{of}» 的 {}%，这是占 {} {} 的比例（占 {} {} 为 {}%）",
                    super::amt_str(amt),
                    super::num(q),
                    kind_zh(o.kind),
                    o.what(),
                    kind_zh(n.kind),
                    n.what(),
                    super::num(v.expected)
                ),
                vec![s.source.clone(), o.source.clone(), n.source.clone()],
            ));
            continue;
        }
        let mut sources = vec![s.source.clone()];
        let where_ = match named {
            Some(n) => {
                sources.push(n.source.clone());
                super::cite_pair(&s.source, &n.source)
            }
            None => s.source.cite(),
        };
        if let Some(f) = percent_finding(
            Check::Statements,
            &v,
            &format!("{subject} {} / {base_name} × 100", super::amt_str(amt)),
            where_,
            sources,
        ) {
            out.push(f);
        }
    }
    initial_budgets(budget, out);
}

/// Final accounts state each item's 年初预算 and the total's: when the items' amounts make up the
/// total, their initial budgets must make up the total's initial budget.
fn initial_budgets(budget: &Budget, out: &mut Vec<Finding>) {
    let with_ib: Vec<&crate::model::Statement> = budget.statements.iter().filter(|s| s.initial_budget.is_some()).collect();
    let Some(depth) = with_ib.iter().map(|s| s.path.len()).max().filter(|&d| d > 0) else { return };
    let items: Vec<&crate::model::Statement> = with_ib.iter().copied().filter(|s| s.path.len() == depth).collect();
    let amounts: Vec<Amt> = items.iter().map(|s| Amt::printed(s.amount, s.unit)).collect();
    let initials: Vec<Amt> = items.iter().filter_map(|s| s.initial_budget.map(|v| Amt::printed(v, s.unit))).collect();
    for t in with_ib.iter().filter(|s| s.path.is_empty()) {
        let Some(ib) = t.initial_budget else { continue };
        let covered = judge(&amounts, &[Amt::printed(t.amount, t.unit)]).map(|v| v.severity != Some(Severity::Error)).unwrap_or(false);
        if !covered {
            continue;
        }
        let mut sources = vec![t.source.clone()];
        sources.extend(items.iter().map(|s| s.source.clone()));
        if let Some(f) = compare(
            Check::Statements,
            &initials,
            &[Amt::printed(ib, t.unit)],
            &format!("{} 年初预算：其 {} 项的年初预算之和", t.subject.trim(), items.len()),
            format!("{} ↔ {}", t.source.cite(), super::totals::line_span(&sources[1..])),
            "",
            sources,
        ) {
            out.push(f);
        }
    }
}
