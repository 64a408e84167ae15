//! The prose half of the importer: prior-year comparisons, project items and their components,
//! "三公" figures, procurement, the economic split and other amounts the sentences state.
//!
//! PDF text breaks sentences anywhere (mid-word, across blank lines and page breaks, at a fixed
//! width), so lines are first joined into paragraphs that remember, per character, the line the
//! character came from: every `Source` names the line where its words start. Nothing is guessed:
//! a number is only taken when the words around it say what it is; a sentence that reads like a
//! comparison but does not parse becomes a warning with its line.
//!
//! One concept per module: `txt` (the positioned text of a paragraph: markers, headings, clause
//! and sentence bounds), `numbers` (amounts and percentages with their units), `prior` (the
//! prior-year phrase "比2021年减少…" parsed), `subjects` (what a clause names: cleaned subjects,
//! measures, 类/款/项 paths), then what each kind of paragraph yields: `comparisons` (a comparison
//! matched with the amount it is about, stated totals), `sangong_text` (三公 figures),
//! `projects` (project items and their components) and `statements` (function items, shares,
//! initial budgets, procurement, performance, the economic split). Here: the entry, the lines
//! joined into paragraphs, and the dispatch of each paragraph to the readers.

mod comparisons;
mod numbers;
mod prior;
mod projects;
mod sangong_text;
mod statements;
mod subjects;
mod txt;

use crate::model::{Budget, SanGongCategory, Warning};
use crate::money::{parse_amount, Unit};
use comparisons::Target;
use numbers::{numbers, Num};
use prior::comparisons;
use projects::project_heading_name;
use sangong_text::names_sangong_total;
use subjects::item_subject;
use txt::{digit_marker, ends_sentence, is_heading, marker_len, split_glued_items, Txt};

/// Reads the prose of a normalized document (1-based line numbers of the original input).
/// Table lines are skipped, and so is everything after the 表格部分 heading where there is one.
pub fn read_prose(lines: &[(u32, &str)], budget: &mut Budget) {
    let end = prose_end(lines);
    let mut r = Reader::new(budget);
    let mut cur = Txt::default();
    for &(no, raw) in lines.get(..end).unwrap_or(lines) {
        // A form feed is a page break; pdf text sometimes glues the next page to the same line.
        for piece in raw.split('\u{c}') {
            r.piece(no, piece, &mut cur);
        }
    }
    r.flush(&mut cur);
}

/// Where the prose ends: the 表格部分 heading, when it is not the table-of-contents entry.
fn prose_end(lines: &[(u32, &str)]) -> usize {
    for (idx, (_, raw)) in lines.iter().enumerate().rev() {
        // Only a line ending in 表格部分 can be the heading: others are not copied.
        if !raw.trim_end().ends_with('分') {
            continue;
        }
        let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let t = Txt::normalized(&s, 0);
        let rest = match marker_len(&t, 0) {
            Some(n) => t.s(n, t.len()),
            None => s.clone(),
        };
        if rest != "表格部分" {
            continue;
        }
        let next = lines.get(idx + 1..).unwrap_or(&[]).iter().map(|(_, r)| r.trim()).find(|r| !r.is_empty());
        let toc = next.is_some_and(|n| {
            n.starts_with('-') || n.starts_with('(') || n.starts_with('（') || n.starts_with('第')
        });
        if !toc {
            return idx;
        }
    }
    lines.len()
}

/// A table row printed with spaces: numbers standing alone and no sentence punctuation, or a
/// classification code first (`201 13 01 行政运行 …`).
fn table_like(raw: &str) -> bool {
    let toks: Vec<&str> = raw.split_whitespace().collect();
    let Some(first) = toks.first() else { return false };
    if toks.len() > 1 && first.len() == 3 && first.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    if raw.contains(['，', '。', '；']) {
        return false;
    }
    let unit_next = |s: &str| {
        s.starts_with(['万', '元', '亿', '%', '％', '年', '月', '日', '个', '家', '辆', '台', '人', '次', '项', '倍'])
    };
    toks.iter().enumerate().any(|(i, tok)| {
        parse_amount(tok).is_some() && !toks.get(i + 1).is_some_and(|n| unit_next(n))
    })
}

// ---------------------------------------------------------------------------------------------
// The reader: paragraphs → model.

/// Reads paragraph after paragraph into the budget, keeping what a paragraph leaves to those after
/// it: the section it is in, a list of projects being read, the amounts named recently. Its
/// readers are `impl Reader` blocks in the module of each concept.
struct Reader<'b> {
    b: &'b mut Budget,
    department: String,
    sangong: bool,
    /// After "项目支出 … 具体包括：" the numbered items are projects.
    project_list: bool,
    /// The name of a `XXX经费情况说明` section waiting for its 项目总预算 sentence.
    project_section: Option<String>,
    /// Amounts named earlier in the section, for "与2023年度相比，<subject>减少…".
    recent: Vec<Target>,
    /// The 类/款/项 subject of the current numbered item (final accounts).
    item: Option<(String, Vec<String>)>,
    last_sangong: Option<usize>,
    sangong_cat: Option<SanGongCategory>,
    /// Unit and width of the 重点项目 table (项目名称 | 预算数（万元） | 绩效目标) being read.
    key_table: Option<(Unit, usize)>,
    procurement_done: bool,
    /// The funds a section on a basic-expenditure table speaks of (`关于一般公共预算基本支出表的
    /// 说明`): its 人员经费 / 公用经费 are of those funds, not the department's.
    basic_scope: Option<&'static str>,
}

impl<'b> Reader<'b> {
    fn new(b: &'b mut Budget) -> Self {
        let department = b.department.trim().to_string();
        Reader {
            b,
            department,
            sangong: false,
            project_list: false,
            project_section: None,
            recent: Vec::new(),
            item: None,
            last_sangong: None,
            sangong_cat: None,
            key_table: None,
            procurement_done: false,
            basic_scope: None,
        }
    }

    fn warn(&mut self, line: u32, message: String) {
        self.b.warnings.push(Warning { line, message, page: None });
    }

    fn piece(&mut self, no: u32, raw: &str, cur: &mut Txt) {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            if ends_sentence(cur) {
                self.flush(cur);
            }
            return;
        }
        if raw.contains('\t') {
            self.flush(cur);
            self.key_project_row(no, raw);
            return;
        }
        // `- 34 -`, `34`, `第 34 页`: a page number inside a sentence that runs on to the next page.
        if crate::import::text::is_page_number(trimmed) {
            return;
        }
        self.key_table = None;
        if table_like(trimmed) {
            self.flush(cur);
            return;
        }
        let t = Txt::normalized(trimmed, no);
        for part in split_glued_items(&t) {
            if is_heading(&part) {
                self.flush(cur);
                self.heading(&part);
                continue;
            }
            if marker_len(&part, 0).is_some() || ends_sentence(cur) {
                self.flush(cur);
            }
            cur.append(&part);
        }
    }

    fn flush(&mut self, cur: &mut Txt) {
        if cur.c.is_empty() {
            return;
        }
        let t = std::mem::take(cur);
        self.paragraph(&t);
    }

    fn heading(&mut self, t: &Txt) {
        let s = t.all();
        self.sangong = s.contains("三公");
        self.project_list = false;
        self.recent.clear();
        self.item = None;
        self.sangong_cat = None;
        self.basic_scope = if s.contains("基本支出") {
            ["一般公共预算", "政府性基金", "国有资本经营", "财政拨款"].into_iter().find(|w| s.contains(w))
        } else {
            None
        };
        if let Some(name) = project_heading_name(&s) {
            self.project_section = Some(name);
        } else if s.starts_with('第') {
            self.project_section = None;
        }
    }

    fn paragraph(&mut self, t: &Txt) {
        let nums = numbers(t);
        let mut warnings = Vec::new();
        let cmps = comparisons(t, &nums, self.b.year, &mut warnings);
        self.b.warnings.extend(warnings);
        if marker_len(t, 0).is_some() {
            self.item = item_subject(t);
        }
        self.economic(t, &nums);
        if self.project_list {
            if digit_marker(t) {
                self.project_item(t, &nums, &cmps);
                return;
            }
            self.project_list = false;
        }
        let s = t.all();
        if s.contains("项目支出") && (t.ends_with("包括：") || t.ends_with("包括:") || t.ends_with("如下：")) {
            self.project_list = true;
        }
        if self.project_section.is_some() && s.contains("项目总预算") {
            self.project_section(t, &nums);
            return;
        }
        // A 三公 sentence outside its own section still speaks of 三公.
        let sangong_words = names_sangong_total(t) && nums.iter().any(Num::is_amount);
        if self.sangong || sangong_words {
            self.sangong(t, &nums, &cmps);
            return;
        }
        self.procurement(t, &nums);
        self.performance(t, &nums);
        self.function_item(t, &nums);
        self.shares(t, &nums);
        self.initial_budgets(t, &nums);
        self.general(t, &nums, &cmps);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Comparison;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    pub(super) fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    pub(super) fn read(lines: &[(u32, &str)]) -> Budget {
        let mut b = Budget::default();
        read_prose(lines, &mut b);
        b
    }

    #[test]
    fn a_page_number_does_not_end_a_sentence() {
        for p in ["- 34 -", "34", "第 34 页", "第34页，共40页", "— 2 —"] {
            assert!(crate::import::text::is_page_number(p), "{p}");
        }
        for p in ["2026", "34万元", "第三部分", "- 附件 -", "123456"] {
            assert!(!crate::import::text::is_page_number(p), "{p}");
        }
        let b = read_text("第五部分 “三公”经费预算情况\n“三公”经费预算17.66万元，比2021年\n\n- 3 -\n\n预算减少0.1万元，减少0.56%。");
        let prior = b.sangong_text.first().and_then(|s| s.prior.as_ref()).and_then(|p| p.change);
        assert_eq!(prior, Some(d("-0.1")));
    }

    fn numbered(text: &str) -> Vec<(u32, String)> {
        text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect()
    }

    pub(super) fn read_text(text: &str) -> Budget {
        let owned = numbered(text);
        let lines: Vec<(u32, &str)> = owned.iter().map(|(n, s)| (*n, s.as_str())).collect();
        read(&lines)
    }

    pub(super) fn only_cmp(b: &Budget) -> &Comparison {
        assert_eq!(b.comparisons.len(), 1, "{:#?}", b.comparisons);
        &b.comparisons[0]
    }

    #[test]
    fn tables_and_the_table_part_are_skipped() {
        let b = read_text("二、表格部分
- (一) 收支总表
第二部分 部门预算收支总体情况
部门预算支出 100 万元，比 2021 年减少 1 万元，下降 1%。
2022 年，本部门重点项目绩效目标情况如下：
项目名称\t预算数（万元）\t绩效目标
其他一般公共服务支出\t2,180\t主要用于综合信息服务平台项目，比 2021 年减少 5 万元。
一、政府预算拨款\t44,338\t一、一般公共服务支出\t6,301.32
201 13 01 行政运行 9,389,913.00 9,389,913.00
二、表格部分
表 1
部门预算支出 999 万元，比 2021 年减少 9 万元，下降 9%。");
        let c = only_cmp(&b);
        assert_eq!((c.amount, c.prior.source.line), (d("100"), 4));
        assert_eq!(b.statements.len(), 1);
        let s = &b.statements[0];
        assert_eq!((s.subject.as_str(), s.amount, s.unit, s.source.line), ("其他一般公共服务支出", d("2180"), Unit::Wanyuan, 7));
        assert_eq!(s.source.table.as_deref(), Some("重点项目"));
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for text in ["", "比", "比2021", "比2021年", "比2021年减少", "较2021年预算减少，", "“", "1. “", "1. “a”", "项目总预算",
            "（四）项目支出 5 万元，具体包括：\n1.", "9999999999999999999999999999999999万元，比2021年减少1万元",
            "年初预算为", "年初预算为1万元，决算为", "占", "1万元，占", "其中", "政府采购其中1万元", "“三公”经费比2021年减少1万元"] {
            let b = read_text(text);
            assert!(b.projects.is_empty(), "{text}");
        }
        let b = read_text("第五部分 “三公”经费\n比2021年减少1万元。");
        assert_eq!(b.warnings.len(), 1);
    }

    #[test]
    fn tables_are_recognised() {
        assert!(table_like("201 13 01 行政运行 9,389,913.00 9,389,913.00"));
        assert!(table_like("1.00 1.00 171.01"));
        assert!(table_like("九、卫生健康支出 60.99"));
        assert!(!table_like("2022 年部门预算支出 44,350 万元，比 2021 年减少 6,593.32 万元，下降 12.94%。"));
        assert!(!table_like("深圳市福田区投资推广和企业服务中心政府采购项目纳入"));
    }

}
