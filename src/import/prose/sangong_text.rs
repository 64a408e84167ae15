//! "三公" figures stated in the text: the category keys (公务接待费, 因公出国（境）费 …), each amount
//! filed under the category named before it, prior-year comparisons attached to the figure they
//! follow, and "其中…持平" carried to each category.

use super::numbers::{completion, Num};
use super::prior::{in_cmp, prior_of, Cmp};
use super::subjects::light_clean;
use super::txt::{clause_start, excerpt, Txt};
use super::Reader;
use crate::model::{SanGongCategory, SanGongStatement, Source, Statement};
use crate::money::{convert, Unit};
use rust_decimal::Decimal;
use SanGongCategory::*;

/// The words that name each category, as documents spell them.
const SANGONG_KEYS: [(&str, SanGongCategory); 15] = [
    ("公务用车购置和运行维护费", Vehicles),
    ("公务用车购置及运行维护费", Vehicles),
    ("公务用车购置及运行费", Vehicles),
    ("公务用车购置和运行费", Vehicles),
    ("公务用车购置费", VehiclePurchase),
    ("公务用车运行维护费", VehicleOperation),
    ("公务用车运行费", VehicleOperation),
    ("公务接待费", Reception),
    ("因公出国（境）费", Abroad),
    ("因公出国(境)费", Abroad),
    ("因公出国（境）经费", Abroad),
    ("因公出国(境)经费", Abroad),
    ("三公”经费", Total),
    ("三公\"经费", Total),
    ("三公经费", Total),
];

/// A category's words found in a paragraph: where they start and end.
#[derive(Debug, Clone, Copy)]
struct Key {
    pos: usize,
    end: usize,
    cat: SanGongCategory,
}

/// The paragraph names “三公”经费 as a whole (not only one of its categories).
pub(super) fn names_sangong_total(t: &Txt) -> bool {
    sangong_keys(t).iter().any(|k| k.cat == Total)
}

fn sangong_keys(t: &Txt) -> Vec<Key> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        // Every key starts with one of these: the others are not tried at each character.
        if !matches!(t.ch(i), Some('公' | '因' | '三')) {
            i += 1;
            continue;
        }
        // Keys are listed longest first, so the first match is the most specific.
        if let Some(&(k, cat)) = SANGONG_KEYS.iter().find(|(k, _)| t.at(i, k)) {
            let end = i + k.chars().count();
            out.push(Key { pos: i, end, cat });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

impl Reader<'_> {
    fn sangong_stmt(&mut self, cat: SanGongCategory, amount: Decimal, unit: Unit, source: Source) -> usize {
        // The text often states a figure twice (overview, then detail): one statement.
        let found = self
            .b
            .sangong_text
            .iter()
            .position(|s| s.category == cat && s.amount == amount && s.unit == unit);
        let idx = match found {
            Some(i) => i,
            None => {
                self.b.sangong_text.push(SanGongStatement {
                    category: cat,
                    amount,
                    unit,
                    prior: None,
                    source,
                });
                self.b.sangong_text.len() - 1
            }
        };
        self.last_sangong = Some(idx);
        idx
    }

    fn latest_of(&self, cat: SanGongCategory) -> Option<usize> {
        self.b.sangong_text.iter().rposition(|s| s.category == cat)
    }

    pub(super) fn sangong(&mut self, t: &Txt, nums: &[Num], cmps: &[Cmp]) {
        let keys = sangong_keys(t);
        let amounts: Vec<Num> = nums.iter().filter(|n| n.is_amount() && !in_cmp(cmps, n)).copied().collect();
        let mut created: Vec<(usize, usize)> = Vec::new();
        let mut initial: Option<(SanGongCategory, Decimal, Unit, usize)> = None;
        let prev_cat = self.sangong_cat;
        let cat_before = |pos: usize| keys.iter().rev().find(|k| k.end <= pos).map(|k| k.cat).or(prev_cat);
        // Amounts and comparisons in text order.
        let mut events: Vec<(usize, Option<&Num>, Option<&Cmp>)> = amounts
            .iter()
            .map(|n| (n.start, Some(n), None))
            .chain(cmps.iter().map(|c| (c.start, None, Some(c))))
            .collect();
        crate::order::by_position(&mut events, |e| e.0);
        for (_, n, c) in events {
            if let Some(n) = n {
                let Some(cat) = cat_before(n.start) else { continue };
                let unit = n.unit().unwrap_or(self.b.unit);
                let s = clause_start(t, n.start, 0);
                let label = t.s(s, n.start);
                // `…支出决算减少0.15万元`: a change without its year, not the level; `（含外宾接待支出
                // 0.00万元）`: a part named in brackets, not the category.
                let bare = label.trim_end();
                if ["减少", "增加", "下降", "增长", "压减", "节约"].iter().any(|w| bare.ends_with(w))
                    || bare.rfind(['（', '(']).is_some_and(|b| bare[b..].contains('含') && !bare[b..].contains(['）', ')']))
                {
                    continue;
                }
                if label.ends_with("年初预算为") || label.ends_with("年初预算") {
                    let subj = t.find("年初预算", s, n.start).unwrap_or(s);
                    initial = Some((cat, n.v, unit, subj));
                    continue;
                }
                let src = Source::text(t.line(s), &excerpt(t, s, n.after));
                let idx = self.sangong_stmt(cat, n.v, unit, src);
                created.push((n.start, idx));
                if let Some((icat, iv, iu, subj_end)) = initial.take() {
                    if icat == cat {
                        let subj_start = clause_start(t, subj_end, 0);
                        let percent = completion(t, nums, n.after);
                        self.b.statements.push(Statement {
                            subject: light_clean(&t.s(subj_start, subj_end)),
                            path: Vec::new(),
                            amount: n.v,
                            unit,
                            percent,
                            percent_of: percent.map(|_| "initial_budget".to_string()),
                            initial_budget: Some(convert(iv, iu, unit)),
                            source: Source::text(t.line(subj_start), &excerpt(t, subj_start, n.after)),
                        });
                    }
                }
            } else if let Some(c) = c {
                // `购置及运行维护费364.17万元（…运行维护费346.17万元，比上年增加3.02万元。）比上年增加
                // 21.02万元`: a comparison after a closing bracket is of the amount before the bracket.
                let anchor = bracket_opened_before(t, c.start).unwrap_or(c.start);
                let last = created.iter().rev().find(|(p, _)| *p < anchor).copied();
                let key = keys.iter().rev().find(|k| k.end <= anchor);
                let idx = match (last, key) {
                    (Some((p, _)), Some(k)) if k.pos > p => self.latest_of(k.cat),
                    (Some((_, i)), _) => Some(i),
                    (None, Some(k)) => self.latest_of(k.cat),
                    (None, None) => self.last_sangong,
                };
                match idx.and_then(|i| self.b.sangong_text.get(i).map(|s| (i, s.unit, s.prior.is_none()))) {
                    Some((i, unit, true)) => {
                        let prior = prior_of(t, c, c.start, unit);
                        if let Some(s) = self.b.sangong_text.get_mut(i) {
                            s.prior = Some(prior);
                        }
                    }
                    Some(_) => {}
                    None => self.warn(
                        t.line(c.start),
                        format!("“三公”经费的比较找不到所比的金额：«{}»", excerpt(t, c.start, c.end)),
                    ),
                }
            }
        }
        // "与2023年度持平。其中：因公出国（境）费支出决算持平；…": each category unchanged too.
        if let Some(first) = cmps.iter().find(|c| c.unchanged) {
            for k in keys.iter().filter(|k| k.pos > first.end) {
                let ce = (k.end..t.len()).find(|&i| matches!(t.c[i], '，' | '；' | '。' | ';')).unwrap_or(t.len());
                let has_num = nums.iter().any(|n| n.start >= k.end && n.start < ce);
                let has_cmp = cmps.iter().any(|c| c.start >= k.pos && c.start < ce);
                if has_num || has_cmp || !t.s(k.end, ce).contains("持平") {
                    continue;
                }
                if let Some(i) = self.latest_of(k.cat) {
                    let unit = self.b.sangong_text.get(i).map_or(self.b.unit, |s| s.unit);
                    let mut prior = prior_of(t, first, k.pos, unit);
                    prior.source = Source::text(t.line(k.pos), &excerpt(t, k.pos, ce));
                    if let Some(s) = self.b.sangong_text.get_mut(i).filter(|s| s.prior.is_none()) {
                        s.prior = Some(prior);
                    }
                }
            }
        }
        if let Some(k) = keys.last() {
            self.sangong_cat = Some(k.cat);
        }
    }
}

/// Where the bracket closed just before `at` (over white space and a full stop) was opened.
fn bracket_opened_before(t: &Txt, at: usize) -> Option<usize> {
    let mut i = at;
    while i > 0 && matches!(t.c[i - 1], '。' | ' ' | '\n') {
        i -= 1;
    }
    if i == 0 || !matches!(t.c[i - 1], '）' | ')') {
        return None;
    }
    let mut depth = 0usize;
    for j in (0..i).rev() {
        match t.c[j] {
            '）' | ')' => depth += 1,
            '（' | '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, read_text};
    use rust_decimal::Decimal;

    #[test]
    fn sangong_outside_its_section() {
        let b = read_text("第八部分 其他需要说明情况\n2022 年“三公”经费预算 17.66 万元，比 2021 年预算减少 0.1 万元，减少 0.56%。");
        assert!(b.comparisons.is_empty());
        assert_eq!(b.sangong_text.len(), 1);
        assert_eq!(b.sangong_text[0].prior.as_ref().and_then(|p| p.change), Some(d("-0.1")));
    }

    #[test]
    fn a_comparison_after_a_bracket_is_of_the_amount_before_it() {
        let b = read_text("第五部分 “三公”经费预算情况\n公务用车购置及运行维护费364.17万元（公务用车购置费18万元，比2025年增加18万元；公务用车运行维护费346.17万元，比2025年增加3.02万元。）比2025年增加21.02万元，增长6.1%。");
        let got: Vec<(&str, Decimal, Option<Decimal>)> =
            b.sangong_text.iter().map(|s| (s.category.as_str(), s.amount, s.prior.as_ref().and_then(|p| p.change))).collect();
        assert_eq!(
            got,
            [
                ("vehicles", d("364.17"), Some(d("21.02"))),
                ("vehicle_purchase", d("18"), Some(d("18"))),
                ("vehicle_operation", d("346.17"), Some(d("3.02"))),
            ]
        );
    }

    #[test]
    fn seed_sangong() {
        let b = read_text("第五部分 一般公共预算“三公”经费预算情况

2022 年“三公”经费预算 17.66 万元，比 2021 年预算减少 0.1 万元，减少 0.56%，主要是公务接待费 6.65 万元，公务用车购置和运行维护费 11.01 万元，较 2021 年预算减少的原因是为厉行节约，从严控制费用。

1. 因公出国（境）费用。2022 年预算数 0 万元，为进一步规范因公出国（境）经费管理，因此各单位 2022 年因公出国（境）经费预算数为 0 万元，在实际执行中根据计划据实调配。

2. 公务接待费。2022 年预算数 6.65 万元，比 2021 年减少 0.1 万元，主要是用于招商引资等业务活动开支的接待支出。

3. 公务用车购置和运行维护费。2022 年预算数 11.01 万元，其中：

公务用车购置费 2022 年预算数 0 万元，比 2021 年预算数增加 0 万元，主要是无购买公务用车计划；

公务用车运行维护费 2022 年预算数 11.01 万元，比 2021 年预算数增加 0 万元，主要是我中心实有公务用车 3 辆。

第六部分 部门预算绩效管理情况");
        let got: Vec<(&str, Decimal, Option<Decimal>, u32)> = b
            .sangong_text
            .iter()
            .map(|s| (s.category.as_str(), s.amount, s.prior.as_ref().and_then(|p| p.change), s.source.line))
            .collect();
        assert_eq!(
            got,
            [
                ("total", d("17.66"), Some(d("-0.1")), 3),
                ("reception", d("6.65"), Some(d("-0.1")), 3),
                ("vehicles", d("11.01"), None, 3),
                ("abroad", d("0"), None, 5),
                ("vehicle_purchase", d("0"), Some(d("0")), 11),
                ("vehicle_operation", d("11.01"), Some(d("0")), 13),
            ]
        );
        assert_eq!(b.sangong_text[0].prior.as_ref().unwrap().percent, Some(d("-0.56")));
        assert_eq!(b.sangong_text[1].prior.as_ref().unwrap().source.line, 7);
        assert!(b.comparisons.is_empty() && b.warnings.is_empty());
    }

    #[test]
    fn putuo_sangong_unchanged() {
        let b = read_text("一、2025年“三公”经费预算情况说明
2025年“三公”经费预算数为867.50万元，与2024年预算持平。其中：
（一）因公出国（境）费839万元，与2024年预算持平。
（二）公务用车购置及运行费0万元，与2024年预算持平。其中：公务用车购置费0万元，与2024年预算持平；公务用车运行费0万
元，与2024年预算持平。
（三）公务接待费28.50万元。与2024年预算持平，主要原因是根据本部门实际业务需求开展公务接待。
二、机关运行经费预算
2025年上海市普陀区人民政府办公室财政拨款的机关运行经费预算为213.28万元。");
        let got: Vec<(&str, Decimal, bool, u32)> = b
            .sangong_text
            .iter()
            .map(|s| (s.category.as_str(), s.amount, s.prior.as_ref().is_some_and(|p| p.unchanged && p.year == 2024), s.source.line))
            .collect();
        assert_eq!(
            got,
            [
                ("total", d("867.50"), true, 2),
                ("abroad", d("839"), true, 3),
                ("vehicles", d("0"), true, 4),
                ("vehicle_purchase", d("0"), true, 4),
                ("vehicle_operation", d("0"), true, 4),
                ("reception", d("28.50"), true, 6),
            ]
        );
        // After the 三公 section: a running-cost figure without a comparison is a statement.
        assert_eq!(b.statements.len(), 1);
        assert_eq!((b.statements[0].subject.as_str(), b.statements[0].amount), ("机关运行经费预算", d("213.28")));
        assert!(b.warnings.is_empty());
    }

    #[test]
    fn final_accounts_sangong() {
        let b = read_text("七、财政拨款“三公”经费支出决算情况说明
（一）“三公”经费财政拨款支出决算总体情况说明。
“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的
0%，其中：因公出国（境）费决算为0.00万元，完成预算的0%；公务用车购置及运行
维护费支出决算为0.00万元，完成预算的0%；公务接待费支出决算为0.00万元，完成
预算的0%。
2024年度“三公”经费财政拨款支出决算数与2023年度持平。其中：因公出国
（境）费支出决算持平；公务用车购置及运行维护费支出决算持平；公务接待费支出
决算持平。");
        let got: Vec<(&str, Decimal, bool)> = b
            .sangong_text
            .iter()
            .map(|s| (s.category.as_str(), s.amount, s.prior.as_ref().is_some_and(|p| p.unchanged && p.year == 2023)))
            .collect();
        assert_eq!(
            got,
            [("total", d("0.00"), true), ("abroad", d("0.00"), true), ("vehicles", d("0.00"), true), ("reception", d("0.00"), true)]
        );
        assert_eq!(b.statements.len(), 1);
        let s = &b.statements[0];
        assert_eq!(s.subject, "“三公”经费财政拨款支出");
        assert_eq!((s.amount, s.initial_budget, s.percent), (d("0.00"), Some(d("0.95")), Some(d("0"))));
        assert_eq!(s.percent_of.as_deref(), Some("initial_budget"));
    }
}
