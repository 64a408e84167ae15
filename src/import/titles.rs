//! Table titles: which table a title line names, across the variants of 预算 and 决算 documents
//! (`收支总表`, `1. 2025年部门财务收支预算总表`, `一、收入支出决算总表`, `- (七) 一般公共预算支出表（按功能分类）`).

use super::text::{compact, numbering};

/// The tables yusuan knows by title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TableKind {
    /// 收支总表 / 财务收支预算总表 / 收入支出决算总表: income | expenditure, department-wide.
    Overview,
    /// 收入总表 / 收入预算总表 / 收入决算表.
    Income,
    /// 支出总表 / 支出预算总表 / 支出决算表.
    Expenditure,
    /// 基本支出总表.
    Basic,
    /// 项目支出总表.
    Project,
    /// 政府预算拨款收支总表 / 财政拨款收支预算总表 / 财政拨款收入支出决算总表.
    Fiscal,
    /// 一般公共预算支出表（按功能分类）/ 一般公共预算支出功能分类预算表 / 一般公共预算财政拨款支出决算表.
    GeneralFunction,
    /// 一般公共预算基本支出 by economic classification.
    GeneralBasic,
    /// "三公"经费.
    SanGong,
    /// 政府性基金预算 tables.
    GovFund,
    /// 国有资本经营预算 tables.
    StateCapital,
    /// 单位整体支出绩效目标表 / 绩效目标表.
    Performance,
    /// Tables yusuan does not read, known so that their lines end the table before them: 机关运行经费,
    /// 政府采购, 政府购买服务, and tables by economic classification other than the basic one.
    Unread,
}

/// The kind and the title as printed (numbering, dot leaders and spaces removed) when the line is
/// a table title; `None` for anything else, sentences that mention a table included.
pub(crate) fn title_of(line: &str) -> Option<(TableKind, String)> {
    let mut s = line.trim();
    if s.is_empty() || s.len() > 240 || !s.contains('表') {
        return None;
    }
    s = s.strip_prefix("- ").unwrap_or(s);
    // `预算01表 收支总表`, `预算 01表`, `公开02表`, `预算表12 …`: a form number before the title.
    s = strip_form_number(s);
    // `表 1 收支总表` / `表1` / `表一` prefix
    if let Some(r) = s.strip_prefix('表') {
        let r2 = r.trim_start();
        let d: usize = r2
            .chars()
            .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
            .map(char::len_utf8)
            .sum();
        if d > 0 {
            s = r2[d..].trim_start();
        }
    }
    let (_, rest) = numbering(s);
    s = rest;
    // 目录 dot leaders and page numbers.
    for leader in ["…", "...", "···", "．．．"] {
        if let Some(i) = s.find(leader) {
            s = &s[..i];
        }
    }
    let t = compact(s);
    let n = t.chars().count();
    if !(4..=48).contains(&n) {
        return None;
    }
    if t.contains(['。', '，', '；', '：', ':', ',', ';']) || t.contains("详见") || t.contains("见附") {
        return None;
    }
    // Digits only as the year (2025年 / 2024年度).
    let digits_ok = {
        let without_year = strip_year(&t);
        !without_year.bytes().any(|b| b.is_ascii_digit())
    };
    if !digits_ok {
        return None;
    }
    let core = strip_trailing_paren(&t);
    if !core.ends_with('表') {
        return None;
    }
    let kind = kind_of(&t)?;
    Some((kind, t))
}

/// `预算01表 ` / `预算 01 表` / `公开02表` / `决算03表` / `预算表12 ` at the start of a title line.
fn strip_form_number(s: &str) -> &str {
    for word in ["预算", "决算", "公开"] {
        let Some(r) = s.strip_prefix(word) else { continue };
        let r = r.trim_start();
        let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
        // 01表 …
        let d = digits(r);
        if d > 0 {
            if let Some(rest) = r[d..].trim_start().strip_prefix('表') {
                return rest.trim_start();
            }
        }
        // 表12 …
        if let Some(r2) = r.strip_prefix('表') {
            let r2 = r2.trim_start();
            let d = digits(r2);
            if d > 0 {
                return r2[d..].trim_start();
            }
        }
    }
    s
}

fn strip_year(t: &str) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find("20") {
        let after = &rest[i..];
        let b = after.as_bytes();
        if b.len() >= 4 && b[..4].iter().all(|c| c.is_ascii_digit()) && after[4..].starts_with('年') {
            out.push_str(&rest[..i]);
            rest = &after[4..];
        } else {
            out.push_str(&rest[..i + 2]);
            rest = &after[2..];
        }
    }
    out.push_str(rest);
    out
}

/// `一般公共预算支出表（按功能分类）` → `一般公共预算支出表`.
fn strip_trailing_paren(t: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if t.ends_with(close) {
            if let Some(i) = t.rfind(open) {
                return &t[..i];
            }
        }
    }
    t
}

fn kind_of(t: &str) -> Option<TableKind> {
    use TableKind::*;
    let has = |w: &str| t.contains(w);
    Some(if has("三公") {
        SanGong
    } else if has("绩效目标表") {
        Performance
    } else if has("机关运行经费") || has("政府采购") || has("购买服务") {
        Unread
    } else if (has("经济分类") || has("经济科目")) && has("基本支出") {
        GeneralBasic
    } else if has("经济分类") || has("经济科目") {
        Unread
    } else if has("政府性基金") {
        GovFund
    } else if has("国有资本经营") {
        StateCapital
    } else if has("财政拨款收支") || has("政府预算拨款收支") || has("财政拨款收入支出") {
        Fiscal
    } else if has("收支总表") || has("收入支出决算总表") || has("收支预算总表") || has("收入支出总表") || has("收支总体情况表")
    {
        Overview
    } else if has("一般公共预算") && has("基本支出") {
        GeneralBasic
    } else if has("一般公共预算") && has("支出") {
        GeneralFunction
    } else if has("收入") {
        Income
    } else if has("基本支出") {
        Basic
    } else if has("项目支出") {
        Project
    } else if has("支出") {
        Expenditure
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use TableKind::*;

    fn kind(s: &str) -> Option<TableKind> {
        title_of(s).map(|(k, _)| k)
    }

    #[test]
    fn knows_the_variants() {
        assert_eq!(kind("收支总表"), Some(Overview));
        assert_eq!(kind("- (二) 收入总表"), Some(Income));
        assert_eq!(kind("- (四) 基本支出总表"), Some(Basic));
        assert_eq!(kind("政府预算拨款收支总表"), Some(Fiscal));
        assert_eq!(kind("一般公共预算支出表（按功能分类）"), Some(GeneralFunction));
        assert_eq!(title_of("    预算01表 收支总表").map(|t| t.1), Some("收支总表".to_string()));
        assert_eq!(kind("预算 01表 收支总表"), Some(Overview));
        assert_eq!(kind("预算表12 项目支出绩效目标表"), Some(Performance));
        assert_eq!(kind("公开05表 一般公共预算财政拨款支出表"), Some(GeneralFunction));
        assert_eq!(kind("一般公共预算“三公”经费支出表"), Some(SanGong));
        assert_eq!(kind("一般公共预算机关运行经费支出预算表"), Some(Unread));
        assert_eq!(kind("政府采购预算明细表"), Some(Unread));
        assert_eq!(kind("一般公共预算项目支出情况表（按经济分类科目）"), Some(Unread));
        assert_eq!(kind("财政拨款基本支出表（经济科目）"), Some(GeneralBasic));
        assert_eq!(kind("收支总体情况表"), Some(Overview));
        assert_eq!(kind("财政拨款收支总体情况表"), Some(Fiscal));
        assert_eq!(kind("单位整体支出绩效目标表"), Some(Performance));
        assert_eq!(kind("1. 2025年部门财务收支预算总表"), Some(Overview));
        assert_eq!(kind("4．2025年部门财政拨款收支预算总表"), Some(Fiscal));
        assert_eq!(kind("8．2025年部门一般公共预算基本支出部门预算经济分类预算表 ………… 12"), Some(GeneralBasic));
        assert_eq!(kind("一、收入支出决算总表"), Some(Overview));
        assert_eq!(kind("收入决算表"), Some(Income));
        assert_eq!(kind("支出决算表"), Some(Expenditure));
        assert_eq!(kind("财政拨款收入支出决算总表"), Some(Fiscal));
        assert_eq!(kind("一般公共预算财政拨款支出决算表"), Some(GeneralFunction));
        assert_eq!(kind("一般公共预算财政拨款基本支出决算表"), Some(GeneralBasic));
        assert_eq!(kind("财政拨款 三公 经费支出决算表"), Some(SanGong));
        assert_eq!(kind("政府性基金预算财政拨款收入支出决算表"), Some(GovFund));
        assert_eq!(
            title_of("2025年部门一般公共预算支出功能分类预算表").unwrap().1,
            "2025年部门一般公共预算支出功能分类预算表"
        );
    }

    #[test]
    fn sentences_are_not_titles() {
        assert_eq!(kind("详见单位的项目绩效目标表"), None);
        assert_eq!(kind("注：本表本年无发生额。"), None);
        assert_eq!(kind("2022 年深圳市福田区投资推广和企业 服务中心 部门预算"), None);
        assert_eq!(kind("201 一般公共服务支出 21,601,733.00"), None);
    }
}
