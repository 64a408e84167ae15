//! The same code's amounts across expenditure tables, where the tables cover the same money
//! (their scope, their totals or the stated totals say so).

use super::tables::{eff, label, Col, View};
use super::totals::Places;
use super::{compare, judge, Check, Finding, Severity};
use std::collections::{HashMap, HashSet};

/// Can two tables be compared row by row? Same scope, or both state the same total (then they
/// cover the same money), or the scopes are known to state the same expenditure total.
fn comparable(a: &View, b: &View, places: &Places) -> bool {
    if a.income || b.income {
        return false;
    }
    if a.scope == b.scope {
        return true;
    }
    if let (Some(ta), Some(tb)) = (a.total(), b.total()) {
        return judge(&ta, &tb).map(|v| v.severity != Some(Severity::Error)).unwrap_or(false);
    }
    places.same_money(a.scope, b.scope)
}

/// The same code's amounts across expenditure tables: each table against the reference (or the
/// first table printing that code).
pub(crate) fn cross_rows(views: &[View], places: &Places, out: &mut Vec<Finding>) {
    let Some(ri) = views.iter().position(|v| v.reference) else { return };
    let Some(rv) = views.get(ri) else { return };
    let ok: Vec<bool> = views.iter().map(|v| v.reference || comparable(v, rv, places)).collect();
    // Anchor per code: the reference's row, else the first comparable table printing it.
    let mut anchor: HashMap<String, (usize, usize)> = HashMap::new();
    let order = std::iter::once(ri).chain((0..views.len()).filter(|&i| i != ri));
    for vi in order {
        if !ok.get(vi).copied().unwrap_or(false) {
            continue;
        }
        let Some(v) = views.get(vi) else { continue };
        for i in 0..v.t.rows.len() {
            if let Some(c) = v.code(i) {
                anchor.entry(c.to_string()).or_insert((vi, i));
            }
        }
    }
    for (vi, v) in views.iter().enumerate() {
        if !ok.get(vi).copied().unwrap_or(false) {
            continue;
        }
        let mut seen = HashSet::new();
        for (i, r) in v.t.rows.iter().enumerate() {
            let Some(c) = v.code(i) else { continue };
            if !seen.insert(c) {
                continue;
            }
            let Some(&(ai, aj)) = anchor.get(c) else { continue };
            if ai == vi {
                continue;
            }
            let Some(av) = views.get(ai) else { continue };
            let Some(ar) = av.t.rows.get(aj) else { continue };
            for col in Col::ALL {
                if col.raw(r).is_none() && col.raw(ar).is_none() {
                    continue;
                }
                let (Some(a), Some(b)) = (eff(ar, col, av.t.unit), eff(r, col, v.t.unit)) else { continue };
                if let Some(f) = compare(
                    Check::CrossTable,
                    &[a],
                    &[b],
                    &format!("{} [{}]：「{}」 vs 「{}」", label(Some(c), ar), col.zh(), av.t.title, v.t.title),
                    format!("{} ↔ {}", ar.source.cite(), r.source.cite()),
                    "",
                    vec![ar.source.clone(), r.source.clone()],
                ) {
                    out.push(f);
                }
            }
        }
    }
}
