//! Subjects: what a clause names before its amount, cleaned of list markers, 其中 and years; the
//! measure a compared subject is (部门预算支出 → `expenditure_total`), 类/款/项 paths and the keys
//! a share's base is named by.

use super::txt::{is_sep, marker_len, sentence_end, strip_marker, Txt};
use crate::model::Measure;

/// Drops list markers, 其中, a leading year and a trailing 为: what the clause names.
pub(super) fn light_clean(s: &str) -> String {
    let mut s = strip_marker(s.trim());
    for p in ["其中：", "其中:", "其中，", "其中", "包括：", "包括", "主要是", "本部门", "本单位"] {
        if let Some(r) = s.strip_prefix(p) {
            s = r.to_string();
        }
    }
    let t = Txt::normalized(&s, 0);
    if (0..4).all(|k| t.ch(k).is_some_and(|c| c.is_ascii_digit())) && t.ch(4) == Some('年') {
        let mut k = 5;
        if t.ch(k) == Some('度') {
            k += 1;
        }
        if matches!(t.ch(k), Some('，' | ',')) {
            k += 1;
        }
        s = t.s(k, t.len());
    }
    for p in ["本部门", "本单位"] {
        if let Some(r) = s.strip_prefix(p) {
            s = r.to_string();
        }
    }
    let s = s.strip_suffix('为').unwrap_or(&s).to_string();
    s.trim_matches(|c: char| is_sep(c) || c == ' ').to_string()
}

/// Words a compared subject starts with; what stands before them is the department's name.
const SUBJECT_HEADS: [&str; 14] = [
    "部门预算",
    "收入预算",
    "支出预算",
    "机关运行经费",
    "收入支出总计",
    "财政拨款",
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "三公",
    "本年收入",
    "本年支出",
    "政府采购",
    "预算收入",
];

pub(super) fn cmp_subject(s: &str, department: &str) -> String {
    let mut s = light_clean(s);
    if !department.is_empty() {
        if let Some(r) = s.strip_prefix(department) {
            s = light_clean(r);
        }
    }
    let t = Txt::normalized(&s, 0);
    // 机关运行经费 is the subject even after "财政拨款的".
    let head = t
        .find("机关运行经费", 0, t.len())
        .or_else(|| SUBJECT_HEADS.iter().filter_map(|h| t.find(h, 0, t.len())).min());
    if let Some(mut h) = head {
        if h > 0 && matches!(t.ch(h - 1), Some('“' | '"')) {
            h -= 1;
        }
        s = light_clean(&t.s(h, t.len()));
    }
    s
}

/// The measure a compared subject names (`部门预算支出` → `ExpenditureTotal`).
pub(super) fn measure(s: &str) -> Measure {
    if s.contains("机关运行经费") {
        Measure::RunningCosts
    } else if s == "收入支出总计" {
        Measure::GrandTotal
    } else if s.contains("财政拨款收入支出总计") {
        Measure::FiscalGrandTotal
    } else if matches!(s, "部门预算收入" | "收入预算" | "预算收入" | "部门收入预算") {
        Measure::IncomeTotal
    } else if matches!(s, "部门预算支出" | "支出预算" | "预算支出" | "部门支出预算") {
        Measure::ExpenditureTotal
    } else if s.starts_with("一般公共预算") && s.contains("支出") {
        Measure::GeneralBudgetExpenditure
    } else if s.starts_with("政府性基金") && s.contains("支出") {
        Measure::GovernmentFundExpenditure
    } else if s.starts_with("国有资本经营") && s.contains("支出") {
        Measure::StateCapitalExpenditure
    } else if s.starts_with("财政拨款收入") {
        Measure::FiscalIncome
    } else if s.starts_with("财政拨款支出") {
        Measure::FiscalExpenditure
    } else {
        Measure::Other
    }
}

pub(super) fn same_subject(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && (a == b || a.ends_with(b) || b.ends_with(a))
}

/// 类/款/项 names: `A（类）B（款）C（项）` or `A-B-C`.
pub(super) fn parse_path(s: &str) -> Vec<String> {
    let c: Vec<char> = s.chars().collect();
    let level = |i: usize| {
        matches!(c.get(i), Some('（' | '('))
            && matches!(c.get(i + 1), Some('类' | '款' | '项'))
            && matches!(c.get(i + 2), Some('）' | ')'))
    };
    if (0..c.len()).any(level) {
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut i = 0;
        while i < c.len() {
            if level(i) {
                let name = cur.trim().trim_matches(['“', '”', '"']).to_string();
                if !name.is_empty() {
                    out.push(name);
                }
                cur.clear();
                i += 3;
            } else {
                cur.push(c[i]);
                i += 1;
            }
        }
        return out;
    }
    let parts: Vec<String> = s
        .split(['-', '－', '—'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() >= 2 {
        parts
    } else {
        Vec::new()
    }
}

pub(super) fn base_key(s: &str) -> String {
    match s {
        "本年收入合计" | "本年收入" => "income_this_year".into(),
        "本年支出合计" | "本年支出" => "expenditure_this_year".into(),
        "年初预算" => "initial_budget".into(),
        "一般公共预算财政拨款支出" => "general_budget_expenditure".into(),
        _ => s.to_string(),
    }
}

/// The 类/款/项 subject a numbered final-accounts item opens with.
pub(super) fn item_subject(t: &Txt) -> Option<(String, Vec<String>)> {
    let m = marker_len(t, 0)?;
    let end = sentence_end(t, m);
    let close = (m..end).find(|&i| t.at(i, "项）") || t.at(i, "项)"))?;
    let subject = t.s(m, close + 2);
    let path = parse_path(&subject);
    (path.len() >= 2).then_some((subject, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            parse_path("卫生健康支出（类）行政事业单位医疗（款)行政单位医疗（项）"),
            vec!["卫生健康支出", "行政事业单位医疗", "行政单位医疗"]
        );
        assert_eq!(
            parse_path("一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行"),
            vec!["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"]
        );
        assert_eq!(parse_path("一般公共服务支出（类）"), vec!["一般公共服务支出"]);
        assert!(parse_path("财政拨款收入").is_empty());
    }
}
