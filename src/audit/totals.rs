//! Totals stated in several places, the balance of income and expenditure, the economic split,
//! performance tasks and procurement.

use super::tables::{eff, Col, View};
use super::{compare, judge, Amt, Check, Finding, Scope, Severity};
use crate::model::{Budget, EconomicCategory, EconomicLine, Line, Source, TotalKind};
use std::collections::HashMap;

/// A total as one place states it (a table, a sentence, or a function table's 合计 row).
pub(crate) struct Place {
    pub kind: TotalKind,
    pub amt: Amt,
    pub scope: Scope,
    pub source: Source,
    pub from_table: bool,
}

impl Place {
    /// `「收支总表」` or `正文 «…»`.
    pub fn what(&self) -> String {
        match &self.source.table {
            Some(t) => format!("「{t}」"),
            None => format!("正文 «{}»", self.source.label),
        }
    }
}

pub(crate) struct Places {
    pub list: Vec<Place>,
    /// Scopes stating the same expenditure total share a group.
    group: HashMap<Scope, usize>,
}

pub(crate) fn kind_zh(k: TotalKind) -> &'static str {
    match k {
        TotalKind::IncomeThisYear => "本年收入合计",
        TotalKind::IncomeGrand => "收入总计",
        TotalKind::ExpenditureThisYear => "本年支出合计",
        TotalKind::ExpenditureGrand => "支出总计",
        TotalKind::CarryOverIn => "上年结转",
        TotalKind::CarryOverOut => "结转下年",
        TotalKind::Basic => "基本支出",
        TotalKind::Project => "项目支出",
        TotalKind::Procurement => "政府采购",
    }
}

const SCOPES: [Scope; 5] = [Scope::All, Scope::Fiscal, Scope::GeneralPublic, Scope::GovFund, Scope::StateCapital];

impl Places {
    /// The place anchoring a kind in a scope: the first table stating it, else the first sentence.
    pub fn anchor(&self, kind: TotalKind, scope: Scope) -> Option<&Place> {
        let mut it = self.list.iter().filter(|p| p.kind == kind && p.scope == scope);
        let first = it.clone().next();
        it.find(|p| p.from_table).or(first)
    }
    /// The anchor in the widest scope stating the kind.
    pub fn anchor_any(&self, kind: TotalKind) -> Option<&Place> {
        SCOPES.iter().find_map(|&s| self.anchor(kind, s))
    }
    /// Do the two scopes state the same expenditure total?
    pub fn same_money(&self, a: Scope, b: Scope) -> bool {
        a == b || matches!((self.group.get(&a), self.group.get(&b)), (Some(x), Some(y)) if x == y)
    }
}

/// Every stated total plus the 合计 rows of the expenditure function tables.
pub(crate) fn places(budget: &Budget, views: &[View]) -> Places {
    let mut list: Vec<Place> = budget
        .totals
        .iter()
        .map(|t| Place {
            kind: t.kind,
            amt: Amt::printed(t.amount, t.unit),
            scope: Scope::of_source(&t.source),
            source: t.source.clone(),
            from_table: t.source.table.is_some(),
        })
        .collect();
    for v in views.iter().filter(|v| !v.income) {
        let Some(r) = &v.t.total else { continue };
        let mut source = r.source.clone();
        if source.table.is_none() {
            source.table = Some(v.t.title.clone());
        }
        for (col, kind) in [
            (Col::Total, TotalKind::ExpenditureThisYear),
            (Col::Basic, TotalKind::Basic),
            (Col::Project, TotalKind::Project),
        ] {
            if col.raw(r).is_none() {
                continue;
            }
            let Some(amt) = eff(r, col, v.t.unit) else { continue };
            // A table already stating this total (收支总表's 本年支出合计) is not a second place.
            if list.iter().any(|p| p.kind == kind && p.source.line == source.line && p.source.table == source.table) {
                continue;
            }
            list.push(Place { kind, amt, scope: v.scope, source: source.clone(), from_table: true });
        }
    }
    let mut places = Places { list, group: HashMap::new() };
    let mut reps: Vec<Amt> = Vec::new();
    for s in SCOPES {
        let Some(a) = places.anchor(TotalKind::ExpenditureThisYear, s).map(|p| p.amt) else { continue };
        let g = reps
            .iter()
            .position(|r| judge(&[*r], &[a]).map(|v| v.severity != Some(Severity::Error)).unwrap_or(false))
            .unwrap_or(reps.len());
        if g == reps.len() {
            reps.push(a);
        }
        places.group.insert(s, g);
    }
    places
}

pub(crate) fn same_place(a: &Source, b: &Source) -> bool {
    a.line == b.line && a.table == b.table && a.label == b.label
}

/// The same total stated in several places: each against the anchor of its scope. 基本/项目 totals
/// are compared across scopes that state the same expenditure total.
pub(crate) fn cross_totals(places: &Places, out: &mut Vec<Finding>) {
    for (i, p) in places.list.iter().enumerate() {
        let across = matches!(p.kind, TotalKind::Basic | TotalKind::Project);
        let same_key =
            |q: &Place| q.kind == p.kind && if across { places.same_money(q.scope, p.scope) } else { q.scope == p.scope };
        let mut key = places.list.iter().enumerate().filter(|(_, q)| same_key(q));
        let first = key.clone().next();
        let Some((ai, a)) = key.find(|(_, q)| q.from_table).or(first) else { continue };
        if ai == i || same_place(&a.source, &p.source) {
            continue;
        }
        let scope = if p.scope == Scope::All { String::new() } else { format!(" ({})", p.scope.zh()) };
        if let Some(f) = compare(
            Check::CrossTable,
            &[a.amt],
            &[p.amt],
            &format!("{}{scope}：{} vs {}", kind_zh(p.kind), a.what(), p.what()),
            super::cite_pair(&a.source, &p.source),
            "",
            vec![a.source.clone(), p.source.clone()],
        ) {
            out.push(f);
        }
    }
}

/// 收入总计 = 支出总计; 本年收入合计 + 上年结转 = 收入总计; 本年支出合计 + 结转下年 = 支出总计;
/// income lines sum to 本年收入合计 (sub-lines to their line).
pub(crate) fn balance(budget: &Budget, places: &Places, out: &mut Vec<Finding>) {
    for s in SCOPES {
        let get = |k| places.anchor(k, s);
        let tag = if s == Scope::All { String::new() } else { format!(" ({})", s.zh()) };
        if let (Some(ig), Some(eg)) = (get(TotalKind::IncomeGrand), get(TotalKind::ExpenditureGrand)) {
            if let Some(f) = compare(
                Check::Balance,
                &[ig.amt],
                &[eg.amt],
                &format!("收入总计 vs 支出总计{tag}"),
                super::cite_pair(&ig.source, &eg.source),
                "",
                vec![ig.source.clone(), eg.source.clone()],
            ) {
                out.push(f);
            }
        }
        for (this, carry, grand, words) in [
            (TotalKind::IncomeThisYear, TotalKind::CarryOverIn, TotalKind::IncomeGrand, "本年收入合计 + 上年结转"),
            (TotalKind::ExpenditureThisYear, TotalKind::CarryOverOut, TotalKind::ExpenditureGrand, "本年支出合计 + 结转下年"),
        ] {
            let (Some(t), Some(g)) = (get(this), get(grand)) else { continue };
            let mut parts = vec![t.amt];
            let mut sources = vec![t.source.clone()];
            match get(carry) {
                Some(c) => {
                    parts.push(c.amt);
                    sources.push(c.source.clone());
                }
                // One table printing both lines and no carry-over line: the carry-over is nil.
                None if t.from_table && t.source.table == g.source.table => {}
                None => continue,
            }
            let lhs = sources.iter().map(|s| s.cite()).collect::<Vec<_>>().join(" + ");
            sources.push(g.source.clone());
            if let Some(f) = compare(
                Check::Balance,
                &parts,
                &[g.amt],
                &format!("{words}{tag} vs {}", kind_zh(grand)),
                format!("{lhs} ↔ {}", g.source.cite()),
                "",
                sources,
            ) {
                out.push(f);
            }
        }
    }
    income_lines(budget, places, out);
}

fn income_lines(budget: &Budget, places: &Places, out: &mut Vec<Finding>) {
    // Lines grouped by the table (or text) that prints them, in first-seen order.
    let mut groups: Vec<(Option<String>, Vec<&Line>)> = Vec::new();
    for l in &budget.income {
        match groups.iter_mut().find(|(t, _)| *t == l.source.table) {
            Some((_, v)) => v.push(l),
            None => groups.push((l.source.table.clone(), vec![l])),
        }
    }
    for (table, lines) in groups {
        let scope = table.as_deref().map(Scope::of).unwrap_or(Scope::All);
        let same_table = places
            .list
            .iter()
            .find(|p| p.kind == TotalKind::IncomeThisYear && table.is_some() && p.source.table == table);
        let Some(total) = same_table.or_else(|| places.anchor(TotalKind::IncomeThisYear, scope)) else { continue };
        // Lines printed below 本年收入合计 in its own table belong to the carry-over.
        let cut = same_table.map(|p| p.source.line).filter(|&l| l > 0);
        let lines: Vec<&Line> = lines.into_iter().filter(|l| cut.map(|c| l.source.line < c).unwrap_or(true)).collect();
        let top: Vec<&Line> = lines.iter().copied().filter(|l| l.depth == 0).collect();
        if !top.is_empty() {
            let amts: Vec<Amt> = top.iter().map(|l| Amt::printed(l.amount, l.unit)).collect();
            let mut sources: Vec<Source> = top.iter().map(|l| l.source.clone()).collect();
            let span = line_span(&sources);
            sources.push(total.source.clone());
            let names: Vec<&str> = top.iter().map(|l| l.name.trim()).collect();
            if let Some(f) = compare(
                Check::Balance,
                &amts,
                &[total.amt],
                &format!("收入各行之和（{}）vs 本年收入合计", names.join(" + ")),
                format!("{span} ↔ {}", total.source.cite()),
                "",
                sources,
            ) {
                out.push(f);
            }
        }
        // Sub-lines following a top line sum to it.
        let mut i = 0;
        while i < lines.len() {
            let Some(head) = lines.get(i).copied().filter(|l| l.depth == 0) else {
                i += 1;
                continue;
            };
            let subs: Vec<&Line> = lines.iter().copied().skip(i + 1).take_while(|l| l.depth > 0).collect();
            i += 1 + subs.len();
            if subs.is_empty() {
                continue;
            }
            let amts: Vec<Amt> = subs.iter().map(|l| Amt::printed(l.amount, l.unit)).collect();
            let sub_sources: Vec<Source> = subs.iter().map(|l| l.source.clone()).collect();
            let span = line_span(&sub_sources);
            let mut sources = vec![head.source.clone()];
            sources.extend(sub_sources);
            if let Some(f) = compare(
                Check::Balance,
                &amts,
                &[Amt::printed(head.amount, head.unit)],
                &format!("{}：各子项之和", head.name.trim()),
                format!("{} ↔ {span}", head.source.cite()),
                "",
                sources,
            ) {
                out.push(f);
            }
        }
    }
}

pub(crate) fn line_span(sources: &[Source]) -> String {
    let table = sources
        .first()
        .map(|s| s.table.clone().unwrap_or_else(|| "正文".into()))
        .unwrap_or_default();
    format!("{table}，{}", Source::places(sources))
}

/// 人员 + 公用 + 对个人和家庭 + 项目 = 支出; the non-project part = 基本支出; 项目 = 项目支出.
pub(crate) fn economic_split(budget: &Budget, places: &Places, out: &mut Vec<Finding>) {
    let mut first: HashMap<EconomicCategory, &EconomicLine> = HashMap::new();
    for e in &budget.economic {
        match first.get(&e.category) {
            None => {
                first.insert(e.category, e);
            }
            Some(a) => {
                if let Some(f) = compare(
                    Check::EconomicSplit,
                    &[Amt::printed(a.amount, a.unit)],
                    &[Amt::printed(e.amount, e.unit)],
                    &format!("{} stated twice", e.category.zh()),
                    super::cite_pair(&a.source, &e.source),
                    "",
                    vec![a.source.clone(), e.source.clone()],
                ) {
                    out.push(f);
                }
            }
        }
    }
    let cats: Vec<&EconomicLine> = EconomicCategory::ALL.iter().filter_map(|c| first.get(c).copied()).collect();
    if cats.is_empty() {
        return;
    }
    let mut emit = |parts: &[&EconomicLine], p: &Place| {
        let amts: Vec<Amt> = parts.iter().map(|e| Amt::printed(e.amount, e.unit)).collect();
        let mut sources: Vec<Source> = parts.iter().map(|e| e.source.clone()).collect();
        let span = line_span(&sources);
        sources.push(p.source.clone());
        let names = parts.iter().map(|e| e.category.zh()).collect::<Vec<_>>().join(" + ");
        if let Some(f) = compare(
            Check::EconomicSplit,
            &amts,
            &[p.amt],
            &format!("{names} vs {} {}", kind_zh(p.kind), p.what()),
            format!("{span} ↔ {}", p.source.cite()),
            "",
            sources,
        ) {
            out.push(f);
        }
    };
    let project: Vec<&EconomicLine> = cats.iter().copied().filter(|e| e.category == EconomicCategory::Project).collect();
    let basic: Vec<&EconomicLine> = cats.iter().copied().filter(|e| e.category != EconomicCategory::Project).collect();
    // Parts are compared with a total of the money they cover: 人员 / 公用 from the general
    // public budget's basic table with the general public budget's totals, not the department's.
    let anchor = |parts: &[&EconomicLine], kind: TotalKind| -> Option<&Place> {
        let scope = scope_of(parts, places)?;
        let mut it = places.list.iter().filter(|p| p.kind == kind && places.same_money(p.scope, scope));
        let first = it.clone().next();
        it.find(|p| p.from_table && p.scope == scope).or(first)
    };
    if !project.is_empty() && !basic.is_empty() {
        if let Some(p) = anchor(&cats, TotalKind::ExpenditureThisYear) {
            emit(&cats, p);
        }
    }
    if !basic.is_empty() {
        if let Some(p) = anchor(&basic, TotalKind::Basic) {
            emit(&basic, p);
        }
    }
    if !project.is_empty() {
        if let Some(p) = anchor(&project, TotalKind::Project) {
            emit(&project, p);
        }
    }
}

/// The scope the parts state amounts of, when they agree (or cover the same money).
fn scope_of(parts: &[&EconomicLine], places: &Places) -> Option<Scope> {
    let first = Scope::of_source(&parts.first()?.source);
    parts.iter().all(|e| places.same_money(Scope::of_source(&e.source), first)).then_some(first)
}

/// 绩效目标表: Σ tasks = 金额合计; each task's 财政拨款 + 其他资金 = 总额; 金额合计 vs 本年支出合计.
pub(crate) fn tasks(budget: &Budget, places: &Places, out: &mut Vec<Finding>) {
    let Some(perf) = &budget.performance else { return };
    for t in &perf.tasks {
        let (Some(f), Some(o)) = (t.fiscal, t.other) else { continue };
        if let Some(x) = compare(
            Check::TasksSum,
            &[Amt::printed(f, t.unit), Amt::printed(o, t.unit)],
            &[Amt::printed(t.total, t.unit)],
            &format!("{}：财政拨款 + 其他资金", t.name.trim()),
            t.source.cite(),
            "",
            vec![t.source.clone()],
        ) {
            out.push(x);
        }
    }
    let Some(st) = &perf.stated_total else { return };
    let stated = Amt::printed(st.amount, st.unit);
    if !perf.tasks.is_empty() {
        let amts: Vec<Amt> = perf.tasks.iter().map(|t| Amt::printed(t.total, t.unit)).collect();
        let mut sources: Vec<Source> = perf.tasks.iter().map(|t| t.source.clone()).collect();
        let span = line_span(&sources);
        sources.push(st.source.clone());
        if let Some(f) = compare(
            Check::TasksSum,
            &amts,
            &[stated],
            &format!("Σ {} 项任务 vs 金额合计", perf.tasks.len()),
            format!("{span} ↔ {}", st.source.cite()),
            "",
            sources,
        ) {
            out.push(f);
        }
    }
    if let Some(p) = places.anchor_any(TotalKind::ExpenditureThisYear) {
        if let Some(f) = compare(
            Check::TasksSum,
            &[p.amt],
            &[stated],
            &format!("绩效目标表 金额合计 vs 本年支出合计 {}", p.what()),
            super::cite_pair(&p.source, &st.source),
            "",
            vec![p.source.clone(), st.source.clone()],
        ) {
            out.push(f);
        }
    }
}

/// 货物 + 工程 + 服务 = 政府采购 total; the prose total vs the tables' 政府采购.
pub(crate) fn procurement(budget: &Budget, places: &Places, out: &mut Vec<Finding>) {
    let Some(p) = &budget.procurement else { return };
    let parts = [p.goods, p.works, p.services];
    if parts.iter().any(|x| x.is_some()) {
        let amts: Vec<Amt> = parts
            .iter()
            .map(|x| match x {
                Some(v) => Amt::printed(*v, p.unit),
                None => Amt::zero(p.unit),
            })
            .collect();
        if let Some(f) = compare(
            Check::Procurement,
            &amts,
            &[Amt::printed(p.total, p.unit)],
            "政府采购: 货物 + 工程 + 服务",
            p.source.cite(),
            "",
            vec![p.source.clone()],
        ) {
            out.push(f);
        }
    }
    for q in places.list.iter().filter(|q| q.kind == TotalKind::Procurement && !same_place(&q.source, &p.source)) {
        let this = if p.source.table.is_some() { "政府采购表" } else { "正文" };
        if let Some(f) = compare(
            Check::Procurement,
            &[q.amt],
            &[Amt::printed(p.total, p.unit)],
            &format!("政府采购：{} vs {this}", q.what()),
            super::cite_pair(&q.source, &p.source),
            "",
            vec![q.source.clone(), p.source.clone()],
        ) {
            out.push(f);
        }
    }
}
