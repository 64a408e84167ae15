//! Checks inside and across the function-classification tables: hierarchy sums, 合计 = 基本 + 项目
//! on every row. The same code across tables is `cross`'s.

use super::{compare, Amt, Check, Finding, Scope, Severity};
use crate::model::{Budget, FunctionRow, FunctionTable, Level};
use crate::money::Unit;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A function table with every row's code resolved: printed codes as they are, code-less rows
/// (收支总表 lists names only) matched by name against the reference table.
pub(crate) struct View<'a> {
    pub t: &'a FunctionTable,
    pub codes: Vec<Option<String>>,
    pub scope: Scope,
    /// An income-by-function table (收入决算表): never compared with expenditure.
    pub income: bool,
    pub reference: bool,
}

impl View<'_> {
    pub fn code(&self, i: usize) -> Option<&str> {
        self.codes.get(i).and_then(|c| c.as_deref())
    }
    /// First row index per resolved code.
    fn index(&self) -> HashMap<&str, usize> {
        let mut m = HashMap::new();
        for i in 0..self.t.rows.len() {
            if let Some(c) = self.code(i) {
                m.entry(c).or_insert(i);
            }
        }
        m
    }
    /// The nearest printed ancestor of each row (`2080505` → `20805`, or `208` when the 款 row is absent).
    fn parents(&self) -> Vec<Option<usize>> {
        let idx = self.index();
        (0..self.t.rows.len())
            .map(|i| {
                let c = self.code(i)?;
                if idx.get(c) != Some(&i) {
                    return None;
                }
                [5usize, 3]
                    .iter()
                    .filter(|&&n| n < c.len())
                    .find_map(|&n| c.get(..n).and_then(|p| idx.get(p).copied()))
            })
            .collect()
    }
    /// Rows that belong to no printed ancestor (the 类 rows, normally), duplicates left out.
    fn roots(&self, parents: &[Option<usize>]) -> Vec<usize> {
        let idx = self.index();
        (0..self.t.rows.len())
            .filter(|&i| parents.get(i).copied().flatten().is_none())
            .filter(|&i| self.code(i).map(|c| idx.get(c) == Some(&i)).unwrap_or(false))
            .collect()
    }
    /// The table's expenditure total: its 合计 row, else Σ of its roots.
    pub fn total(&self) -> Option<Vec<Amt>> {
        let u = self.t.unit;
        if let Some(r) = &self.t.total {
            if let Some(a) = eff(r, Col::Total, u) {
                return Some(vec![a]);
            }
        }
        let parents = self.parents();
        let roots = self.roots(&parents);
        if roots.is_empty() {
            return None;
        }
        roots.iter().map(|&i| self.t.rows.get(i).and_then(|r| eff(r, Col::Total, u))).collect()
    }
}

/// Is this title an income table (收入总表 / 收入决算表), not expenditure?
fn is_income_title(title: &str) -> bool {
    title.contains("收入") && !title.contains("支出") && !title.contains("收支")
}

/// Strips printed ordinals (`一、`, `（一）`, `1.`), `（类）` tags, blanks; unifies brackets.
pub(crate) fn norm_name(name: &str) -> String {
    const CN: &str = "一二三四五六七八九十百零〇两";
    let mut s: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '．' => '.',
            _ => c,
        })
        .collect();
    // `(一)` / `(1)`
    if let Some(rest) = s.strip_prefix('(') {
        if let Some((inner, after)) = rest.split_once(')') {
            if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit() || CN.contains(c)) {
                s = after.to_string();
            }
        }
    }
    // `一、` / `1.` / `1、`
    let lead: String = s.chars().take_while(|c| c.is_ascii_digit() || CN.contains(*c)).collect();
    if !lead.is_empty() {
        if let Some(rest) = s.strip_prefix(lead.as_str()) {
            if let Some(r) = rest.strip_prefix('、').or_else(|| rest.strip_prefix('.')) {
                s = r.to_string();
            }
        }
    }
    for tag in ["(类)", "(款)", "(项)"] {
        if let Some(r) = s.strip_suffix(tag) {
            s = r.to_string();
        }
    }
    s
}

fn valid_code(code: &str) -> Option<String> {
    Level::of_code(code).map(|_| code.to_string())
}

/// Resolves each row's code; code-less rows by name against `reference`, walking forward in the
/// reference's order so a 款 and its 项 of the same name (其他一般公共服务支出) map in turn.
fn resolve(reference: Option<&FunctionTable>, t: &FunctionTable) -> Vec<Option<String>> {
    let entries: Vec<(String, &str)> = reference
        .map(|r| {
            r.rows
                .iter()
                .filter(|row| Level::of_code(&row.code).is_some())
                .map(|row| (norm_name(&row.name), row.code.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let mut cursor = 0usize;
    t.rows
        .iter()
        .map(|row| {
            if let Some(c) = valid_code(&row.code) {
                if let Some(p) = entries.iter().position(|(_, rc)| *rc == c) {
                    cursor = p + 1;
                }
                return Some(c);
            }
            if !row.code.trim().is_empty() || row.name.contains("合计") || row.name.contains("总计") {
                return None;
            }
            let n = norm_name(&row.name);
            if n.is_empty() {
                return None;
            }
            let ahead = entries.iter().enumerate().skip(cursor).find(|(_, (en, _))| *en == n).map(|(p, _)| p);
            let pos = ahead.or_else(|| {
                let mut all = entries.iter().enumerate().filter(|(_, (en, _))| *en == n);
                match (all.next(), all.next()) {
                    (Some((p, _)), None) => Some(p),
                    _ => None,
                }
            })?;
            cursor = pos + 1;
            entries.get(pos).map(|(_, c)| c.to_string())
        })
        .collect()
}

/// Builds the views; the reference is the primary table when it prints codes, else the
/// expenditure table printing the most codes.
pub(crate) fn views(budget: &Budget) -> Vec<View<'_>> {
    let coded = |t: &FunctionTable| t.rows.iter().filter(|r| Level::of_code(&r.code).is_some()).count();
    let primary = budget.functions().filter(|t| !is_income_title(&t.title) && coded(t) > 0);
    let reference = primary.or_else(|| {
        let mut best: Option<&FunctionTable> = None;
        for t in budget.function_tables.iter().filter(|t| !is_income_title(&t.title)) {
            if coded(t) > best.map(coded).unwrap_or(0) {
                best = Some(t);
            }
        }
        best
    });
    budget
        .function_tables
        .iter()
        .map(|t| {
            let is_ref = reference.map(|r| std::ptr::eq(r, t)).unwrap_or(false);
            View {
                t,
                codes: resolve(if is_ref { None } else { reference }, t),
                scope: Scope::of(&t.title),
                income: is_income_title(&t.title),
                reference: is_ref,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Col {
    Total,
    Basic,
    Project,
}

impl Col {
    pub const ALL: [Col; 3] = [Col::Total, Col::Basic, Col::Project];
    pub fn zh(self) -> &'static str {
        match self {
            Col::Total => "合计",
            Col::Basic => "基本支出",
            Col::Project => "项目支出",
        }
    }
    pub fn raw(self, r: &FunctionRow) -> Option<Decimal> {
        match self {
            Col::Total => r.total,
            Col::Basic => r.basic,
            Col::Project => r.project,
        }
    }
}

/// A cell as a number: printed, or a blank that the row shows to be zero (合计 equals the other
/// column), else unknown.
pub(crate) fn eff(r: &FunctionRow, c: Col, unit: Unit) -> Option<Amt> {
    if let Some(v) = c.raw(r) {
        return Some(Amt::printed(v, unit));
    }
    let other = match c {
        Col::Basic => r.project,
        Col::Project => r.basic,
        Col::Total => return None,
    };
    match (r.total, other) {
        (Some(t), Some(o)) if t == o => Some(Amt::zero(unit)),
        _ => None,
    }
}

pub(crate) fn label(code: Option<&str>, r: &FunctionRow) -> String {
    match code {
        Some(c) if !c.is_empty() => format!("{c} {}", r.name.trim()),
        _ => r.name.trim().to_string(),
    }
}

fn lines(rows: &[&FunctionRow]) -> String {
    crate::model::Source::places(rows.iter().map(|r| &r.source))
}

fn level_sum_name(codes: &[Option<&str>]) -> &'static str {
    let lv: Vec<Option<Level>> = codes.iter().map(|c| c.and_then(Level::of_code)).collect();
    let same = lv.windows(2).all(|w| w.first() == w.last());
    match lv.first() {
        Some(Some(Level::Class)) if same => "Σ类",
        Some(Some(Level::Section)) if same => "Σ款",
        Some(Some(Level::Item)) if same => "Σ项",
        _ => "Σ下级",
    }
}

/// Σ children vs parent in one column; `None` when it cannot or need not be checked.
fn sum_check(
    parent: &FunctionRow,
    kids: &[&FunctionRow],
    col: Col,
    unit: Unit,
    claim: &str,
    sum_name: &str,
    note: &str,
) -> Option<Finding> {
    if col.raw(parent).is_none() && kids.iter().all(|k| col.raw(k).is_none()) {
        return None;
    }
    let pa = eff(parent, col, unit)?;
    let ka: Vec<Amt> = kids.iter().map(|k| eff(k, col, unit)).collect::<Option<_>>()?;
    let mut sources = vec![parent.source.clone()];
    sources.extend(kids.iter().map(|k| k.source.clone()));
    compare(
        Check::Hierarchy,
        &ka,
        &[pa],
        &format!("{claim} [{}]：{sum_name}", col.zh()),
        format!("{} ↔ {sum_name} ({})", parent.source.cite(), lines(kids)),
        note,
        sources,
    )
}

/// 类 = Σ款, 款 = Σ项 in every column of every table; Σ类 = the table's 合计 row.
pub(crate) fn hierarchy(views: &[View], out: &mut Vec<Finding>) {
    for v in views {
        let t = v.t;
        let parents = v.parents();
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); t.rows.len()];
        for (i, p) in parents.iter().enumerate() {
            if let Some(k) = p.and_then(|p| kids.get_mut(p)) {
                k.push(i);
            }
        }
        let mut broken: HashMap<(usize, Col), String> = HashMap::new();
        for (p, ks) in kids.iter().enumerate() {
            let Some(parent) = t.rows.get(p) else { continue };
            if ks.is_empty() {
                continue;
            }
            let krows: Vec<&FunctionRow> = ks.iter().filter_map(|&k| t.rows.get(k)).collect();
            let kcodes: Vec<Option<&str>> = ks.iter().map(|&k| v.code(k)).collect();
            let sum_name = level_sum_name(&kcodes);
            for col in Col::ALL {
                let name = label(v.code(p), parent);
                if let Some(f) = sum_check(parent, &krows, col, t.unit, &name, sum_name, "") {
                    if f.severity == Severity::Error {
                        let why = format!(
                            "{name} 印 {}，但其{sum_name}为 {}",
                            f.actual.map(super::num).unwrap_or_default(),
                            f.expected.map(super::num).unwrap_or_default()
                        );
                        broken.insert((p, col), why);
                    }
                    out.push(f);
                }
            }
        }
        let Some(total) = &t.total else { continue };
        let roots = v.roots(&parents);
        if roots.is_empty() {
            continue;
        }
        let rrows: Vec<&FunctionRow> = roots.iter().filter_map(|&i| t.rows.get(i)).collect();
        let rcodes: Vec<Option<&str>> = roots.iter().map(|&i| v.code(i)).collect();
        let sum_name = level_sum_name(&rcodes);
        for col in Col::ALL {
            let causes: Vec<&str> = roots.iter().filter_map(|&i| broken.get(&(i, col)).map(|s| s.as_str())).collect();
            let note = if causes.is_empty() { String::new() } else { format!("原因：{}", causes.join("；")) };
            let claim = format!("「{}」 合计", t.title);
            if let Some(f) = sum_check(total, &rrows, col, t.unit, &claim, sum_name, &note) {
                out.push(f);
            }
        }
    }
}

/// 合计 = 基本支出 + 项目支出 on every row printing all three.
pub(crate) fn row_identity(views: &[View], out: &mut Vec<Finding>) {
    for v in views {
        let u = v.t.unit;
        let rows = v.t.rows.iter().enumerate().map(|(i, r)| (v.code(i), r));
        for (code, r) in rows.chain(v.t.total.iter().map(|r| (None, r))) {
            let (Some(t), Some(b), Some(p)) = (r.total, r.basic, r.project) else { continue };
            let name = if code.is_none() && r.name.trim().is_empty() { "合计".to_string() } else { label(code, r) };
            if let Some(f) = compare(
                Check::RowIdentity,
                &[Amt::printed(b, u), Amt::printed(p, u)],
                &[Amt::printed(t, u)],
                &format!("「{}」 {name}：基本支出 + 项目支出", v.t.title),
                r.source.cite(),
                "",
                vec![r.source.clone()],
            ) {
                out.push(f);
            }
        }
    }
}

/// The row of `v` whose 类/款/项 names follow `path`, with its code.
pub(crate) fn find_path<'a>(v: &View<'a>, path: &[String]) -> Option<(&'a FunctionRow, String)> {
    let want: Vec<String> = path.iter().map(|p| norm_name(p)).collect();
    let depth_len = |d: usize| match d {
        0 => 3,
        1 => 5,
        _ => 7,
    };
    let mut prefix = String::new();
    let mut found: Option<usize> = None;
    for (d, w) in want.iter().enumerate() {
        let (i, _) = v.t.rows.iter().enumerate().find(|(i, r)| {
            v.code(*i).map(|c| c.len() == depth_len(d) && c.starts_with(prefix.as_str())).unwrap_or(false)
                && norm_name(&r.name) == *w
        })?;
        prefix = v.code(i)?.to_string();
        found = Some(i);
    }
    let i = found?;
    Some((v.t.rows.get(i)?, prefix))
}
