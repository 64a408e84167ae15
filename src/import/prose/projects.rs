//! Project items: the numbered list after "项目支出 … 具体包括：" (name, amount, the components
//! after 包括, the prior-year phrase), and the `XXX经费情况说明` sections whose 项目总预算 sentence
//! lists its parts. A list that ends in 等 is partial.

use super::numbers::{num_at, Num};
use super::prior::{in_cmp, prior_of, Cmp};
use super::subjects::light_clean;
use super::txt::{clause_start, excerpt, marker_len, sentence_end, strip_marker, Txt};
use super::Reader;
use crate::model::{Component, Project, Source};
use crate::money::{convert, Unit};

impl Reader<'_> {
    /// "2. 投资促进管理预算 180 万元，主要包括：A 60 万元，B 90 万元。较 2021 年预算减少 73 万元，减幅 28.85%…"
    pub(super) fn project_item(&mut self, t: &Txt, nums: &[Num], cmps: &[Cmp]) {
        let m = marker_len(t, 0).unwrap_or(0);
        let Some(first) = nums.iter().find(|n| n.is_amount() && n.start >= m && !in_cmp(cmps, n)).copied() else {
            self.warn(t.line(0), format!("项目条目没有金额：«{}»", excerpt(t, 0, t.len())));
            return;
        };
        let unit = first.unit().unwrap_or(self.b.unit);
        let name = project_name(&t.s(m, first.start));
        if name.is_empty() {
            self.warn(t.line(m), format!("项目条目没有名称：«{}»", excerpt(t, 0, first.after)));
            return;
        }
        let end = sentence_end(t, first.after);
        let (components, complete) = match t.find("包括", first.after, end) {
            Some(p) => {
                let mut a = p + 2;
                if matches!(t.ch(a), Some('：' | ':')) {
                    a += 1;
                }
                components(t, nums, cmps, a, end, unit)
            }
            None => (Vec::new(), false),
        };
        let prior = cmps.iter().find(|c| c.start >= first.after).map(|c| prior_of(t, c, c.start, unit));
        self.b.projects.push(Project {
            name,
            amount: first.v,
            unit,
            components,
            components_complete: complete,
            prior,
            source: Source::text(t.line(m), &excerpt(t, m, first.after)),
        });
    }

    /// "六、年度预算安排 2025年度项目总预算1170.00万，其中A870.00万，B70.00万，…合计1170.00万。"
    pub(super) fn project_section(&mut self, t: &Txt, nums: &[Num]) {
        let Some(name) = self.project_section.take() else { return };
        let Some(p) = t.find("项目总预算", 0, t.len()) else { return };
        let mut q = p + 5;
        if matches!(t.ch(q), Some('为' | '：' | ':')) {
            q += 1;
        }
        let Some(total) = num_at(nums, q).filter(Num::is_amount) else {
            self.warn(t.line(p), format!("项目 «{name}»：项目总预算没有金额"));
            return;
        };
        let unit = total.unit().unwrap_or(self.b.unit);
        let end = sentence_end(t, total.after);
        let mut comps = Vec::new();
        let mut closing = None;
        let mut prev = total.after;
        let mut last_after = None;
        for n in nums.iter().filter(|n| n.is_amount() && n.start > total.after && n.start < end) {
            let s = clause_start(t, n.start, prev);
            let label = light_clean(&t.s(s, n.start));
            prev = n.after;
            if label.contains("合计") || label.contains("总计") {
                closing = Some(*n);
                continue;
            }
            if label.is_empty() {
                continue;
            }
            comps.push(Component {
                name: label,
                amount: convert(n.v, n.unit().unwrap_or(unit), unit),
                source: Source::text(t.line(s), &excerpt(t, s, n.after)),
            });
            last_after = Some(n.after);
        }
        let complete = last_after.is_some_and(|a| t.ch(a) != Some('等'));
        if let Some(c) = closing {
            let v = convert(c.v, c.unit().unwrap_or(unit), unit);
            if v != total.v {
                self.warn(
                    t.line(c.start),
                    format!("项目 «{name}»：合计 {v} 与项目总预算 {} 不一致", total.v),
                );
            }
        }
        let label = format!("{name}：{}", excerpt(t, clause_start(t, p, 0), total.after));
        self.b.projects.push(Project {
            name,
            amount: total.v,
            unit,
            components: comps,
            components_complete: complete,
            prior: None,
            source: Source::text(t.line(p), &label),
        });
    }
}

/// `XXX经费情况说明` → `XXX` (not the table-of-contents entry `七、项目经费情况说明`).
pub(super) fn project_heading_name(s: &str) -> Option<String> {
    let s = s.trim_end_matches(['…', '.', '·', ' ']);
    let name = strip_marker(s.strip_suffix("经费情况说明")?);
    (!name.is_empty() && name != "项目").then_some(name)
}

/// `投资促进管理预算` → `投资促进管理`; `产业发展专项资金/产业发展专项资金预算` → `产业发展专项资金`.
fn project_name(raw: &str) -> String {
    let s = raw.trim().trim_end_matches(['为', '：', ':']);
    let s = s.strip_suffix("预算").unwrap_or(s).trim();
    let parts: Vec<&str> = s.split(['/', '／']).map(str::trim).collect();
    match parts.first() {
        Some(first) if parts.len() > 1 && parts.iter().all(|p| p == first) => first.to_string(),
        _ => s.to_string(),
    }
}

/// "<name> <amount> 万元" pieces after 包括：, with "用于…" clauses between them; a list that ends
/// in 等 is partial.
fn components(t: &Txt, nums: &[Num], cmps: &[Cmp], a: usize, b: usize, unit: Unit) -> (Vec<Component>, bool) {
    let mut out = Vec::new();
    let mut prev = a;
    let mut last_after = None;
    for n in nums.iter().filter(|n| n.is_amount() && n.start >= a && n.start < b && !in_cmp(cmps, n)) {
        let s = clause_start(t, n.start, prev);
        let name = light_clean(&t.s(s, n.start));
        prev = n.after;
        if name.is_empty() {
            continue;
        }
        out.push(Component {
            name,
            amount: convert(n.v, n.unit().unwrap_or(unit), unit),
            source: Source::text(t.line(s), &excerpt(t, s, n.after)),
        });
        last_after = Some(n.after);
    }
    let complete = last_after.is_some_and(|p| t.ch(p) != Some('等'));
    (out, complete)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, read_text};
    use crate::money::Unit;
    use rust_decimal::Decimal;

    const SEED_PROJECTS: &str = "（四）项目支出 41,086.26 万元，具体包括：

1. 预算准备金预算 40 万元，主要包括：用于年度预算中不可预见的政策性支出等，按照不高于项目支出的 5% 以内的规模预留。与 2021 年预算持平。

2. 投资促进管理预算 180 万元，主要包括：国内外招商引资推介会宣传 60 万元，尽职调查事项 90 万元，福田区招商引资智能平台维护费 30 万元。较 2021 年预算减少 73 万元，减幅 28.85%，主要原因是疫情减少国内外招商推介活动。

4. 人才政策经费预算 9,280 万元，主要包括：英才荟专项经

费 9,280 万元，用于发放专业人才考察补贴、创业起步补贴和设立海外招商引智联络点。较 2021 年预算减少 252 万元，减幅 3%，主要原因是受疫情影响。

6. 一般管理事务预算 1,308.26 万元，主要包括：办公设备购置 44.5 万元，培训费 9 万元，基层党建 16.83 万元等。较 2021 年预算增加 382 万元，增幅 41%，主要原因是机构合并。

7. 产业发展专项资金/产业发展专项资金预算 28,000 万元，主要包括：招商引资分项 25,000.00 万元，用于招商引资工作，吸引优质项目落户等方面；行业协会分项 3,000 万元，用于支持产业行业协会发展。较 2021 年预算减少 7,013 万元，减幅 20%。

第四部分 政府采购预算情况

1. 不是项目 5 万元。";

    #[test]
    fn seed_projects() {
        let b = read_text(SEED_PROJECTS);
        let names: Vec<&str> = b.projects.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["预算准备金", "投资促进管理", "人才政策经费", "一般管理事务", "产业发展专项资金"]);
        let p = &b.projects[0];
        assert_eq!((p.amount, p.unit, p.source.line), (d("40"), Unit::Wanyuan, 3));
        assert!(p.components.is_empty() && !p.components_complete);
        let prior = p.prior.as_ref().unwrap();
        assert!(prior.unchanged && prior.change.is_none() && prior.year == 2021);

        let p = &b.projects[1];
        let comps: Vec<(&str, Decimal)> = p.components.iter().map(|c| (c.name.as_str(), c.amount)).collect();
        assert_eq!(comps, [("国内外招商引资推介会宣传", d("60")), ("尽职调查事项", d("90")), ("福田区招商引资智能平台维护费", d("30"))]);
        assert!(p.components_complete);
        let prior = p.prior.as_ref().unwrap();
        assert_eq!((prior.change, prior.percent), (Some(d("-73")), Some(d("-28.85"))));

        // The component's name starts on line 7, its amount is on line 9.
        let p = &b.projects[2];
        assert_eq!(p.components.len(), 1);
        assert_eq!((p.components[0].name.as_str(), p.components[0].amount), ("英才荟专项经费", d("9280")));
        assert_eq!(p.components[0].source.line, 7);
        assert!(p.components_complete);
        assert_eq!(p.prior.as_ref().unwrap().source.line, 9);

        let p = &b.projects[3];
        assert_eq!(p.components.len(), 3);
        assert!(!p.components_complete, "a list ending in 等 is partial");
        assert_eq!(p.prior.as_ref().unwrap().percent, Some(d("41")));

        let p = &b.projects[4];
        assert_eq!(p.amount, d("28000"));
        let comps: Vec<(&str, Decimal)> = p.components.iter().map(|c| (c.name.as_str(), c.amount)).collect();
        assert_eq!(comps, [("招商引资分项", d("25000.00")), ("行业协会分项", d("3000"))]);
        // No comparison leaks into the general list.
        assert!(b.comparisons.is_empty());
    }

    #[test]
    fn putuo_project_sections() {
        let text = "辆）0台（套）。\u{c}科技创新专项经费情况说明
一、项目概述
加快推动本区企业创新驱动发展。
六、年度预算安排
2025年度项目总预算1720.00万，其中各级企业技术中心及专精特新认定1720.00万。
七、绩效目标
详见单位的项目绩效目标表生命健康专项（政策资金）经费情况说明
一、项目概述
六、年度预算安排
2025年度项目总预算1170.00万，其中支持企业规模化发展870.00万，支持企业创新化发展70.00万，支持企业协同化发展
180.00万，支持企业国际化发展50.00万，合计1170.00万。
七、绩效目标
详见单位的项目绩效目标表坏账专项经费情况说明
六、年度预算安排
2025年度项目总预算100.00万，其中甲60.00万，乙30.00万，合计90.00万。
详见单位的项目绩效目标表督查工作业务经费项目经费情况说明
六、年度预算安排
结合区政府重点工作推进情况，根据合同条款，按时拨付资金。";
        let b = read_text(text);
        let names: Vec<&str> = b.projects.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["科技创新专项", "生命健康专项（政策资金）", "坏账专项"]);
        let p = &b.projects[1];
        assert_eq!((p.amount, p.unit, p.source.line), (d("1170.00"), Unit::Wanyuan, 10));
        let comps: Vec<(&str, Decimal, u32)> =
            p.components.iter().map(|c| (c.name.as_str(), c.amount, c.source.line)).collect();
        assert_eq!(
            comps,
            [
                ("支持企业规模化发展", d("870.00"), 10),
                ("支持企业创新化发展", d("70.00"), 10),
                ("支持企业协同化发展", d("180.00"), 10),
                ("支持企业国际化发展", d("50.00"), 11),
            ]
        );
        assert!(p.components_complete);
        assert_eq!(b.projects[0].components.len(), 1);
        // 合计 90 ≠ 100: said, not hidden.
        assert_eq!(b.warnings.len(), 1, "{:?}", b.warnings);
        assert_eq!(b.warnings[0].line, 15);
    }
}
