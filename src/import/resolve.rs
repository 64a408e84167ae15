//! Which column a number belongs to when blank cells vanished from the extracted text.
//!
//! A row printed as `201 13 01 行政运行 9,389,913.00 9,389,913.00` under 合计 / 基本支出 / 项目支出
//! has its total and one part; the part is 基本 or 项目. The arithmetic decides: the children of a
//! row sum to it column by column, so the ambiguous children of a row whose parts are known must
//! split into a subset that makes up its first column and the rest that makes up its second. A
//! row with one part has its other part blank, so its ambiguous children share its column: they
//! are decided together as one group. Only a unique split is taken; otherwise the cells stay
//! unknown and a warning says where.

use rust_decimal::Decimal;

/// The two part columns of a row (after its total).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Parts {
    /// Both part columns as printed (`None` = blank cell).
    Known(Option<Decimal>, Option<Decimal>),
    /// One part amount; the other is blank; which column it is in is unknown.
    One(Decimal),
    /// Nothing to place (no parts, or unreadable).
    Unknown,
}

#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub line: u32,
    pub parts: Parts,
}

/// The two parts of a row as decided (`None` = blank or unknown).
pub(crate) type PartPair = (Option<Decimal>, Option<Decimal>);

/// Children above this count are not searched (2^22 subsets is the bound).
pub(crate) const MAX_AMBIGUOUS: usize = 22;

/// Decides the parts of every node. `root` is the 合计 row when the table prints one; `codes`
/// nest by prefix (`2080505` under `20805` under `208`). `rounded` allows the document's own
/// rounding (tables converted to 万元) in the sums. `cols` names the two columns for messages.
/// Returns the parts per node (root last when given) and warnings as (line, message).
pub(crate) fn resolve(
    nodes: &[Node<'_>],
    root: Option<&Node<'_>>,
    rounded: bool,
    cols: (&str, &str),
) -> (Vec<PartPair>, Vec<(u32, String)>) {
    let mut all: Vec<&Node<'_>> = Vec::with_capacity(nodes.len() + 1);
    all.extend(nodes.iter());
    let root_idx = root.map(|r| {
        all.push(r);
        all.len() - 1
    });
    let n = all.len();
    let mut warnings = Vec::new();

    // Parent: the nearest printed ancestor by code prefix, else the 合计 row.
    let mut first_of_code = std::collections::HashMap::with_capacity(nodes.len());
    for (i, node) in nodes.iter().enumerate() {
        if !node.code.is_empty() {
            first_of_code.entry(node.code).or_insert(i);
        }
    }
    let parent: Vec<Option<usize>> = (0..n)
        .map(|i| {
            if Some(i) == root_idx {
                return None;
            }
            let code = all[i].code;
            let mut len = code.len();
            while len > 3 {
                len = if len > 5 { 5 } else { 3 };
                if let Some(&p) = code.get(..len).and_then(|c| first_of_code.get(c)) {
                    if p != i {
                        return Some(p);
                    }
                }
            }
            root_idx
        })
        .collect();

    // Groups: an ambiguous row under an ambiguous row shares its column.
    let mut group: Vec<usize> = (0..n).collect();
    fn group_root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    for i in 0..n {
        if let (Parts::One(_), Some(p)) = (all[i].parts, parent[i]) {
            if matches!(all[p].parts, Parts::One(_)) {
                let (a, b) = (group_root(&mut group, i), group_root(&mut group, p));
                group[a] = b;
            }
        }
    }

    // Decide each group at the known row above it.
    let mut decided: Vec<Option<bool>> = vec![None; n]; // by group root: true = first column
    let mut explained = vec![false; n];
    // Children lists built once: a scan per row would be quadratic in a long table.
    let mut children_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, p) in parent.iter().enumerate() {
        if let Some(list) = p.and_then(|p| children_of.get_mut(p)) {
            list.push(i);
        }
    }
    for k in 0..n {
        let Parts::Known(ka, kb) = all[k].parts else { continue };
        let children = std::mem::take(&mut children_of[k]);
        let amb: Vec<usize> = children.iter().copied().filter(|&i| matches!(all[i].parts, Parts::One(_))).collect();
        if amb.is_empty() {
            continue;
        }
        let mut known_a = Some(Decimal::ZERO);
        let mut known_b = Some(Decimal::ZERO);
        let mut terms = 1 + amb.len();
        for &c in &children {
            if let Parts::Known(a, b) = all[c].parts {
                known_a = known_a.and_then(|s| s.checked_add(a.unwrap_or_default()));
                known_b = known_b.and_then(|s| s.checked_add(b.unwrap_or_default()));
                terms += 1;
            }
        }
        let target_a = known_a.and_then(|s| ka.unwrap_or_default().checked_sub(s));
        let target_b = known_b.and_then(|s| kb.unwrap_or_default().checked_sub(s));
        let xs: Vec<Decimal> =
            amb.iter().map(|&i| if let Parts::One(x) = all[i].parts { x } else { Decimal::ZERO }).collect();
        let place = describe(all[k]);
        if amb.len() > MAX_AMBIGUOUS {
            warnings.push((
                all[k].line,
                format!("{place} 下有 {} 行各只印了一栏金额；超过 {MAX_AMBIGUOUS} 行不再推算，这些行的{} / {}不详", amb.len(), cols.0, cols.1),
            ));
            amb.iter().for_each(|&i| explained[i] = true);
            continue;
        }
        let split = match (target_a, target_b) {
            (Some(ta), Some(tb)) => unique_split(&xs, ta, tb, rounded, terms),
            _ => Split::Overflow,
        };
        match split {
            Split::One(mask) => {
                for (j, &i) in amb.iter().enumerate() {
                    let g = group_root(&mut group, i);
                    decided[g] = Some(mask & (1 << j) != 0);
                }
            }
            Split::None => {
                warnings.push((
                    all[k].line,
                    format!(
                        "{place} 下各行之和对不上其{} {} / {} {}：各行只印了一栏的金额无法归栏",
                        cols.0,
                        show(ka),
                        cols.1,
                        show(kb)
                    ),
                ));
                amb.iter().for_each(|&i| explained[i] = true);
            }
            Split::Many => {
                warnings.push((
                    all[k].line,
                    format!(
                        "{place} 下各行凑成其{} {} 的方式不止一种：这些行的各栏金额不详",
                        cols.0,
                        show(ka)
                    ),
                ));
                amb.iter().for_each(|&i| explained[i] = true);
            }
            Split::Overflow => {
                warnings.push((all[k].line, format!("{place} 下的金额过大，无法比较")));
                amb.iter().for_each(|&i| explained[i] = true);
            }
        }
    }

    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(match all[i].parts {
            Parts::Known(a, b) => (a, b),
            Parts::Unknown => (None, None),
            Parts::One(x) => {
                let g = group_root(&mut group, i);
                match decided[g] {
                    Some(true) => (Some(x), None),
                    Some(false) => (None, Some(x)),
                    None => {
                        // Said once per group, at its top row, unless its parent already said why.
                        let top = parent[i].is_none_or(|p| !matches!(all[p].parts, Parts::One(_)));
                        if top && !explained[i] {
                            warnings.push((
                                all[i].line,
                                format!(
                                    "{}：无法判断 {} 是{}还是{}（空白单元格已消失，也没有合计可以判定）",
                                    describe(all[i]),
                                    x,
                                    cols.0,
                                    cols.1
                                ),
                            ));
                        }
                        (None, None)
                    }
                }
            }
        });
    }
    (out, warnings)
}

fn describe(n: &Node<'_>) -> String {
    if n.code.is_empty() {
        format!("«{}»", n.name)
    } else {
        format!("{} «{}»", n.code, n.name)
    }
}

fn show(v: Option<Decimal>) -> String {
    v.map_or_else(|| "（空白）".to_string(), |d| d.to_string())
}

enum Split {
    One(u32),
    None,
    Many,
    Overflow,
}

/// The unique subset of `xs` summing to `ta` with the rest summing to `tb`: exact first, then
/// (for rounded tables) within half a unit of the last place per term.
fn unique_split(xs: &[Decimal], ta: Decimal, tb: Decimal, rounded: bool, terms: usize) -> Split {
    let scale = xs.iter().chain([&ta, &tb]).map(|d| d.scale()).max().unwrap_or(0);
    // Bounded so that sums of up to 2^5 terms cannot overflow.
    let fit = |d: Decimal| scaled(d, scale).filter(|v| v.unsigned_abs() < 1u128 << 100);
    let Some(ints) = xs.iter().map(|d| fit(*d)).collect::<Option<Vec<i128>>>() else { return Split::Overflow };
    let (Some(ta), Some(tb)) = (fit(ta), fit(tb)) else { return Split::Overflow };
    // Half a unit of the last place, per rounded term.
    let tol: i128 = if rounded && scale > 0 { 5 * terms as i128 / 10 } else { 0 };
    let total: i128 = ints.iter().sum();
    let k = ints.len();
    let (mut exact, mut exact_mask, mut near, mut near_mask) = (0u32, 0u32, 0u32, 0u32);
    let mut check = |mask: u32, sum: i128| {
        let (da, db) = ((sum - ta).abs(), (total - sum - tb).abs());
        if da == 0 && db == 0 {
            exact += 1;
            exact_mask = mask;
        } else if da <= tol && db <= tol {
            near += 1;
            near_mask = mask;
        }
    };
    let mut mask = 0u32;
    let mut sum = 0i128;
    check(0, 0);
    for g in 1u32..(1u32 << k) {
        let bit = g.trailing_zeros();
        mask ^= 1 << bit;
        if mask & (1 << bit) != 0 {
            sum += ints[bit as usize];
        } else {
            sum -= ints[bit as usize];
        }
        check(mask, sum);
    }
    match (exact, near) {
        (1, _) => Split::One(exact_mask),
        (0, 1) => Split::One(near_mask),
        (0, 0) => Split::None,
        _ => Split::Many,
    }
}

fn scaled(d: Decimal, scale: u32) -> Option<i128> {
    let m = d.mantissa();
    let up = scale.checked_sub(d.scale())?;
    10i128.checked_pow(up).and_then(|f| m.checked_mul(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn node(code: &str, parts: Parts) -> Node<'_> {
        Node { code, name: code, line: 1, parts }
    }

    #[test]
    fn places_parts_by_the_sums() {
        // 201 13 with basic 12,291,733 and project 9,310,000 over four one-part items.
        let nodes = vec![
            node("20113", Parts::Known(Some(d("12291733.00")), Some(d("9310000.00")))),
            node("2011301", Parts::One(d("9389913.00"))),
            node("2011302", Parts::One(d("4545000.00"))),
            node("2011350", Parts::One(d("2901820.00"))),
            node("2011399", Parts::One(d("4765000.00"))),
            node("206", Parts::One(d("17200000.00"))),
            node("20605", Parts::One(d("17200000.00"))),
        ];
        let root = node("", Parts::Known(Some(d("12291733.00")), Some(d("26510000.00"))));
        let (parts, warnings) = resolve(&nodes, Some(&root), false, ("基本支出", "项目支出"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(parts[1], (Some(d("9389913.00")), None));
        assert_eq!(parts[2], (None, Some(d("4545000.00"))));
        assert_eq!(parts[3], (Some(d("2901820.00")), None));
        assert_eq!(parts[6], (None, Some(d("17200000.00"))));
    }

    #[test]
    fn leaves_ties_unknown_with_a_warning() {
        let nodes = vec![node("201", Parts::One(d("5"))), node("208", Parts::One(d("5")))];
        let root = node("", Parts::Known(Some(d("5")), Some(d("5"))));
        let (parts, warnings) = resolve(&nodes, Some(&root), false, ("基本支出", "项目支出"));
        assert_eq!(parts[0], (None, None));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].1.contains("方式不止一种"));
    }

    #[test]
    fn rounding_only_where_the_table_is_rounded() {
        let nodes = vec![
            node("201", Parts::Known(Some(d("1503.52")), Some(d("603.14")))),
            node("208", Parts::One(d("326.72"))),
            node("210", Parts::One(d("60.99"))),
            node("221", Parts::One(d("445.69"))),
        ];
        let root = node("", Parts::Known(Some(d("2336.91")), Some(d("603.14"))));
        let (parts, w) = resolve(&nodes, Some(&root), true, ("基本支出", "项目支出"));
        assert!(w.is_empty());
        assert_eq!(parts[1], (Some(d("326.72")), None));
        let (parts, w) = resolve(&nodes, Some(&root), false, ("基本支出", "项目支出"));
        assert_eq!(parts[1], (None, None));
        assert_eq!(w.len(), 1);
    }
}
