//! Amounts the prose states about named things: the economic split (人员支出 / 公用支出 / …),
//! 政府采购 and its goods / works / services, performance-managed funds, function items
//! ("“一般公共服务支出（类）…（项）”938.99万元"), shares ("占99.79%"), 年初预算 against 决算, and
//! the rows of the 重点项目 table printed inside the text part.

use super::numbers::{completion, num_at, Kind, Num};
use super::subjects::{base_key, light_clean, parse_path};
use super::txt::{clause_start, excerpt, group_start, marker_len, sentence_end, skip_sep, Txt};
use super::Reader;
use crate::model::{EconomicCategory, EconomicLine, Procurement, Source, StatedTotal, Statement, TotalKind};
use crate::money::{convert, parse_amount, Unit};

impl Reader<'_> {
    /// The 重点项目 table inside the text part: `项目名称 \t 预算数（万元） \t 绩效目标`.
    pub(super) fn key_project_row(&mut self, no: u32, raw: &str) {
        // Every table line comes here: only two cells and a count, nothing collected.
        let cells = || crate::import::text::tab_cells(raw);
        let mut it = cells();
        let first = it.next().unwrap_or("");
        let second = it.next().unwrap_or("");
        if first == "项目名称" && second.contains("预算") {
            self.key_table = Some((Unit::find_in(second).unwrap_or(self.b.unit), cells().count()));
            return;
        }
        let Some((unit, width)) = self.key_table else { return };
        if cells().count() != width {
            // Another table starts: rows of the 重点项目 table have its header's width.
            self.key_table = None;
            return;
        }
        if let (false, Some(v)) =
            (first.is_empty(), parse_amount(second).filter(|&v| crate::gate::below_limit(v)))
        {
            self.b.statements.push(Statement {
                subject: first.to_string(),
                path: Vec::new(),
                amount: v,
                unit,
                percent: None,
                percent_of: None,
                initial_budget: None,
                source: Source::row(no, "重点项目", first),
            });
        }
    }

    /// 人员支出 / 公用支出 / 对个人和家庭的补助 / 项目支出 followed by their amount. Tables win:
    /// a category already present is left alone.
    pub(super) fn economic(&mut self, t: &Txt, nums: &[Num]) {
        const WORDS: [(&str, EconomicCategory); 9] = [
            ("人员支出", EconomicCategory::Personnel),
            ("人员经费", EconomicCategory::Personnel),
            ("公用支出", EconomicCategory::Public),
            ("公用经费", EconomicCategory::Public),
            ("对个人和家庭的补助支出", EconomicCategory::Households),
            ("对个人和家庭补助支出", EconomicCategory::Households),
            ("对个人和家庭的补助", EconomicCategory::Households),
            ("对个人和家庭补助", EconomicCategory::Households),
            ("项目支出", EconomicCategory::Project),
        ];
        for n in nums.iter().filter(|n| n.is_amount()) {
            let Some(unit) = n.unit() else { continue };
            for (w, cat) in WORDS {
                let len = w.chars().count();
                if n.start < len || !t.at(n.start - len, w) {
                    continue;
                }
                // 日常公用经费 is the running-cost measure, not the economic split.
                if n.start > len && t.ch(n.start - len - 1) == Some('常') {
                    continue;
                }
                if !self.b.economic.iter().any(|e| e.category == cat) {
                    let s = n.start - len;
                    let mut label = excerpt(t, s, n.after);
                    // Under a heading on the 一般公共预算 basic table, the sentence's funds are
                    // those (the audit reads a sentence's scope from its words).
                    if let Some(scope) = self.basic_scope.filter(|w| !label.contains(w)) {
                        label = format!("（{scope}）{label}");
                    }
                    self.b.economic.push(EconomicLine { category: cat, amount: n.v, unit, source: Source::text(t.line(s), &label) });
                }
                break;
            }
        }
    }

    /// "政府采购预算38.20万元，其中：政府采购货物预算7.80万元、…工程…0万元、…服务…30.40万元"
    pub(super) fn procurement(&mut self, t: &Txt, nums: &[Num]) {
        if self.procurement_done {
            return;
        }
        let mut a = 0;
        while a < t.len() {
            let b = sentence_end(t, a);
            let sa = a;
            a = b + 1;
            let Some(p) = t.find("政府采购", sa, b) else { continue };
            let Some(q) = t.find("其中", p, b) else { continue };
            let Some(total) = nums.iter().find(|n| n.is_amount() && n.start > p && n.start < q).copied() else {
                continue;
            };
            // One sentence: the total near its words and 其中 right after it (a performance table's
            // cells run together without a full stop, and name 政府采购 and 服务 far apart).
            if total.start - p > 40 || q.saturating_sub(total.after) > 6 {
                continue;
            }
            let unit = total.unit().unwrap_or(self.b.unit);
            let (mut goods, mut works, mut services) = (None, None, None);
            for n in nums.iter().filter(|n| n.is_amount() && n.start > q && n.start < b) {
                let label = t.s(clause_start(t, n.start, q), n.start);
                let v = Some(convert(n.v, n.unit().unwrap_or(unit), unit));
                if label.contains("货物") {
                    goods = goods.or(v);
                } else if label.contains("工程") {
                    works = works.or(v);
                } else if label.contains("服务") {
                    services = services.or(v);
                }
            }
            if goods.is_none() && works.is_none() && services.is_none() {
                continue;
            }
            let source = Source::text(t.line(sa), &excerpt(t, sa, b));
            if self.b.procurement.is_none() {
                self.b.procurement =
                    Some(Procurement { total: total.v, goods, works, services, unit, source: source.clone() });
            }
            self.b.totals.push(StatedTotal { kind: TotalKind::Procurement, amount: total.v, unit, source });
            self.procurement_done = true;
            return;
        }
    }

    /// "涉及预算资金 41,086.26 万元，设置并编报 8 个项目绩效目标" (the count is not an amount).
    pub(super) fn performance(&mut self, t: &Txt, nums: &[Num]) {
        for n in nums.iter().filter(|n| n.is_amount()) {
            let s = clause_start(t, n.start, 0);
            let label = t.s(s, n.start);
            if !(label.starts_with("涉及") && (label.ends_with("资金") || label.ends_with("金额"))) {
                continue;
            }
            let ctx = t.s(group_start(t, n.start), n.start);
            let subject = if ctx.contains("跟踪") {
                "绩效跟踪评价"
            } else if ctx.contains("自评") {
                "绩效自评"
            } else {
                "项目绩效目标"
            };
            self.b.statements.push(Statement {
                subject: subject.to_string(),
                path: Vec::new(),
                amount: n.v,
                unit: n.unit().unwrap_or(self.b.unit),
                percent: None,
                percent_of: None,
                initial_budget: None,
                source: Source::text(t.line(s), &excerpt(t, s, n.after)),
            });
        }
    }

    /// "1. “一般公共服务支出（类）商贸事务（款）行政运行（项）”938.99万元，主要用于…"
    pub(super) fn function_item(&mut self, t: &Txt, nums: &[Num]) {
        let Some(m) = marker_len(t, 0) else { return };
        if !matches!(t.ch(m), Some('“' | '"')) {
            return;
        }
        let Some(close) = (m + 1..t.len()).find(|&i| matches!(t.c[i], '”' | '"')) else { return };
        let mut p = close + 1;
        if t.at(p, "科目") {
            p += 2;
        }
        let Some(n) = num_at(nums, p).filter(Num::is_amount) else { return };
        let subject = t.s(m + 1, close);
        self.b.statements.push(Statement {
            path: parse_path(&subject),
            subject,
            amount: n.v,
            unit: n.unit().unwrap_or(self.b.unit),
            percent: None,
            percent_of: None,
            initial_budget: None,
            source: Source::text(t.line(m), &excerpt(t, m, n.after)),
        });
    }

    /// "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；…"
    pub(super) fn shares(&mut self, t: &Txt, nums: &[Num]) {
        let base = nums
            .iter()
            .filter(|n| n.is_amount())
            .find(|n| {
                let p = skip_sep(t, n.after);
                t.at(p, "其中") || t.at(p, "主要用于")
            })
            .map(|n| base_key(&light_clean(&t.s(clause_start(t, n.start, 0), n.start))));
        for n in nums.iter().filter(|n| n.is_amount()) {
            let p = skip_sep(t, n.after);
            if !t.at(p, "占") {
                continue;
            }
            let Some(pct) = nums.iter().find(|m| m.kind == Kind::Percent && m.start > p && m.start <= p + 12).copied()
            else {
                continue;
            };
            let between = t.s(p + 1, pct.start);
            let percent_of = if between.is_empty() {
                base.clone()
            } else {
                Some(base_key(between.strip_suffix('的').unwrap_or(&between)))
            };
            let s = clause_start(t, n.start, 0);
            let subject = light_clean(&t.s(s, n.start));
            if subject.is_empty() {
                continue;
            }
            self.b.statements.push(Statement {
                path: parse_path(&subject),
                subject,
                amount: n.v,
                unit: n.unit().unwrap_or(self.b.unit),
                percent: Some(pct.v),
                percent_of,
                initial_budget: None,
                source: Source::text(t.line(s), &excerpt(t, s, pct.after)),
            });
        }
    }

    /// "年初预算为1560.05万元，支出决算为1511.89万元，完成年初预算的98.20%"
    pub(super) fn initial_budgets(&mut self, t: &Txt, nums: &[Num]) {
        let mut from = 0;
        while let Some(p) = t.find("年初预算", from, t.len()) {
            from = p + 4;
            let mut q = p + 4;
            if t.at(q, "数为") {
                q += 2;
            } else if t.at(q, "为") {
                q += 1;
            }
            let Some(a) = num_at(nums, q).filter(Num::is_amount) else { continue };
            let end = sentence_end(t, a.after);
            let d = t
                .find("决算数为", a.after, end)
                .map(|x| x + 4)
                .or_else(|| t.find("决算为", a.after, end).map(|x| x + 3));
            let Some(b) = d.and_then(|d| num_at(nums, d)).filter(Num::is_amount) else { continue };
            let unit = b.unit().unwrap_or(self.b.unit);
            let s = clause_start(t, p, 0);
            let named = light_clean(&t.s(s, p));
            let (subject, path) = if named.is_empty() {
                match self.item.clone() {
                    Some(item) => item,
                    None => {
                        self.warn(t.line(p), format!("年初预算数没有说明是哪一项：«{}»", excerpt(t, p, b.after)));
                        continue;
                    }
                }
            } else {
                let path = parse_path(&named);
                (named, path)
            };
            let percent = completion(t, nums, b.after);
            self.b.statements.push(Statement {
                subject,
                path,
                amount: b.v,
                unit,
                percent,
                percent_of: percent.map(|_| "initial_budget".to_string()),
                initial_budget: Some(convert(a.v, a.unit().unwrap_or(unit), unit)),
                source: Source::text(t.line(s), &excerpt(t, s, b.after)),
            });
            from = b.after;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, read_text};
    use super::super::read_prose;
    use crate::model::{Budget, EconomicCategory, EconomicLine, Source, TotalKind};
    use crate::money::Unit;
    use rust_decimal::Decimal;

    #[test]
    fn economic_split_from_a_sentence_broken_across_blank_lines() {
        let b = read_text(
            "深圳市福田区投资推广和企业服务中心预算 44,350 万元，包括人员支出 2,796.41 万元、公用支出 314.74 万元、对个人和\n\n家庭的补助支出 152.59 万元、项目支出 41,086.26 万元。\n\n（一）人员支出 2,796.41 万元，主要包括：基本工资。",
        );
        let got: Vec<(EconomicCategory, Decimal, u32)> =
            b.economic.iter().map(|e| (e.category, e.amount, e.source.line)).collect();
        assert_eq!(
            got,
            vec![
                (EconomicCategory::Personnel, d("2796.41"), 1),
                (EconomicCategory::Public, d("314.74"), 1),
                // The sentence piece "对个人和…" starts on line 1, its amount is on line 3.
                (EconomicCategory::Households, d("152.59"), 1),
                (EconomicCategory::Project, d("41086.26"), 3),
            ]
        );
    }

    #[test]
    fn the_basic_table_section_names_the_funds_of_its_economic_split() {
        // Central departments: 人员经费 / 公用经费 under the 一般公共预算基本支出表 heading are of
        // the 一般公共预算, which the audit reads from the sentence's words.
        let b = read_text("六、关于一般公共预算基本支出表的说明\n\n国家信访局2026年一般公共预算基本支出9,880.88万元，其中：\n\n人员经费7,504.62万元，主要包括：基本工资。\n\n公用经费2,376.26万元，主要包括：办公费。\n");
        let labels: Vec<(EconomicCategory, &str)> = b.economic.iter().map(|e| (e.category, e.source.label.as_str())).collect();
        assert_eq!(labels.len(), 2, "{labels:?}");
        assert!(labels.iter().all(|(_, l)| l.starts_with("（一般公共预算）")), "{labels:?}");
        let b = read_text("六、人员经费和公用经费\n\n人员经费7,504.62万元，主要包括：基本工资。\n");
        assert!(!b.economic[0].source.label.contains("一般公共预算"));
    }

    #[test]
    fn tables_win_over_prose_for_the_economic_split() {
        let mut b = Budget::default();
        b.economic.push(EconomicLine {
            category: EconomicCategory::Personnel,
            amount: d("2152.26"),
            unit: Unit::Wanyuan,
            source: Source::row(364, "一般公共预算财政拨款基本支出决算表", "人员经费合计"),
        });
        read_prose(&[(468, "一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，主要包括：基本工资；公用经费184.65万元，主要包括：办公费。")], &mut b);
        assert_eq!(b.economic.len(), 2);
        assert_eq!(b.economic[0].source.table.as_deref(), Some("一般公共预算财政拨款基本支出决算表"));
        assert_eq!((b.economic[1].category, b.economic[1].amount), (EconomicCategory::Public, d("184.65")));
    }

    #[test]
    fn procurement_forms() {
        let b = read_text("深圳市福田区投资推广和企业服务中心政府采购项目纳入\n\n2022 年部门预算共计 19.5 万元，其中货物采购 19.5 万元、工程采购 0 万元、服务采购 0 万元。");
        let p = b.procurement.as_ref().unwrap();
        assert_eq!((p.total, p.goods, p.works, p.services), (d("19.5"), Some(d("19.5")), Some(d("0")), Some(d("0"))));
        assert_eq!(p.source.line, 1);
        assert_eq!(b.totals.len(), 1);
        assert_eq!(b.totals[0].kind, TotalKind::Procurement);

        let b = read_text("2025年度本部门政府采购预算38.20万元，其中：政府采购货物预算7.80万元、政府采购工程预算0万元、政府采购服务预算30.40万\n元。\n2025年本部门面向中小企业预留政府采购项目预算金额34万元，其中，预留给小型和微型企业的政府采购项目预算为34万元。");
        let p = b.procurement.as_ref().unwrap();
        assert_eq!((p.total, p.goods, p.works, p.services), (d("38.20"), Some(d("7.80")), Some(d("0")), Some(d("30.40"))));

        let b = read_text("上海市普陀区财政局2024年度政府采购金额（以合同签订为准）为251.25万元，其\n中：货物采购金额4.79万元、工程采购金额0万元、服务采购金额246.47万元。");
        let p = b.procurement.as_ref().unwrap();
        assert_eq!((p.total, p.goods, p.works, p.services), (d("251.25"), Some(d("4.79")), Some(d("0")), Some(d("246.47"))));
    }

    #[test]
    fn function_statements() {
        let b = read_text("财政拨款支出主要内容如下：
1. “一般公共服务支出（类）商贸事务（款）行政运行（项）”938.99万元，主要用于机关行政运行和机关人员经费支出 。
8. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”141.09万元，主要用于
人员社会保险费缴纳。\u{c}9. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”70.54万元，主要用于人员职
业年金缴纳。
13. “资源勘探工业信息等支出（类）支持中小企业发展和管理支出（款)其他支持中小企业发展和管理支出（项）”29,381.00万
元，主要用于支持中小企业发展和管理。
2. “一般公共服务支出-政府办公厅（室）及相关机构事务-一般行政管理事务”科目4,614万元，主要用于为行政单位。");
        let got: Vec<(Vec<&str>, Decimal, u32)> = b
            .statements
            .iter()
            .map(|s| (s.path.iter().map(String::as_str).collect(), s.amount, s.source.line))
            .collect();
        assert_eq!(
            got,
            [
                (vec!["一般公共服务支出", "商贸事务", "行政运行"], d("938.99"), 2),
                (vec!["社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"], d("141.09"), 3),
                (vec!["社会保障和就业支出", "行政事业单位养老支出", "机关事业单位职业年金缴费支出"], d("70.54"), 4),
                (vec!["资源勘探工业信息等支出", "支持中小企业发展和管理支出", "其他支持中小企业发展和管理支出"], d("29381.00"), 6),
                (vec!["一般公共服务支出", "政府办公厅（室）及相关机构事务", "一般行政管理事务"], d("4614"), 8),
            ]
        );
        assert!(b.statements.iter().all(|s| s.unit == Unit::Wanyuan && s.percent.is_none()));
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn final_accounts_shares_and_initial_budgets() {
        let b = read_text("二、收入决算情况说明
本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他
收入6.2万元，占0.21%；
（二）一般公共预算财政拨款支出决算结构情况
一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出
（类）2106.66万元，占71.73%；社会保障和就业支出（类）326.72万元，占11.11%；
（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出2940.05万元，占本年支出合计的100.00%。
一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完
成年初预算的98.20%。决算数小于预算数的主要原因：个别项目调减。其中：
1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人
员经费及公用经费等的基本支出。年初预算为1560.05万元，支出决算为1511.89万
元。决算数小于预算数的主要原因：人员进出及退休变化。");
        let got: Vec<(&str, Decimal, Option<Decimal>, Option<&str>, Option<Decimal>, u32)> = b
            .statements
            .iter()
            .map(|s| (s.subject.as_str(), s.amount, s.percent, s.percent_of.as_deref(), s.initial_budget, s.source.line))
            .collect();
        assert_eq!(
            got,
            [
                ("财政拨款收入", d("2940.05"), Some(d("99.79")), Some("income_this_year"), None, 2),
                ("其他收入", d("6.2"), Some(d("0.21")), Some("income_this_year"), None, 2),
                ("一般公共服务支出（类）", d("2106.66"), Some(d("71.73")), Some("general_budget_expenditure"), None, 5),
                ("社会保障和就业支出（类）", d("326.72"), Some(d("11.11")), Some("general_budget_expenditure"), None, 6),
                ("一般公共预算财政拨款支出", d("2940.05"), Some(d("100.00")), Some("expenditure_this_year"), None, 8),
                ("一般公共预算财政拨款支出", d("2940.05"), Some(d("98.20")), Some("initial_budget"), Some(d("2993.92")), 9),
                ("一般公共服务支出（类）财政事务（款）行政运行（项）", d("1511.89"), None, None, Some(d("1560.05")), 12),
            ]
        );
        assert_eq!(b.statements[2].path, ["一般公共服务支出"]);
        assert_eq!(b.statements[6].path, ["一般公共服务支出", "财政事务", "行政运行"]);
        assert_eq!(b.totals.len(), 1);
        assert_eq!((b.totals[0].kind, b.totals[0].amount), (TotalKind::IncomeThisYear, d("2946.25")));
    }

    #[test]
    fn performance_amounts_not_counts() {
        let b = read_text("2022 年所有项目支出预算纳入部门预算绩效管理，涉及预算资金 41,086.26 万元，设置并编报 8 个项目绩效目标。\n截至 2021 年 10 月，共有车辆 3 辆；单价 50 万元以上通用设备 0 台（套）。\n全过程绩效管理实施情况跟踪：编报绩效目标的2024年度项目4个，涉及预算金额598.42万元；绩效跟踪评价的2024年度项目4个，涉及预算金额598.42万元；绩效自评的2024年度项目4个，涉及预算金额598.42万元。");
        let got: Vec<(&str, Decimal, u32)> =
            b.statements.iter().map(|s| (s.subject.as_str(), s.amount, s.source.line)).collect();
        assert_eq!(
            got,
            [
                ("项目绩效目标", d("41086.26"), 1),
                ("项目绩效目标", d("598.42"), 3),
                ("绩效跟踪评价", d("598.42"), 3),
                ("绩效自评", d("598.42"), 3),
            ]
        );
    }
}
