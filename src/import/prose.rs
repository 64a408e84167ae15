//! The prose half of the importer: prior-year comparisons, project items and their components,
//! "三公" figures, procurement, the economic split and other amounts the sentences state.
//!
//! PDF text breaks sentences anywhere (mid-word, across blank lines and page breaks, at a fixed
//! width), so lines are first joined into paragraphs that remember, per character, the line the
//! character came from: every `Source` names the line where its words start. Nothing is guessed:
//! a number is only taken when the words around it say what it is; a sentence that reads like a
//! comparison but does not parse becomes a warning with its line.

use crate::model::{
    Budget, Comparison, Component, EconomicCategory, EconomicLine, PriorYear, Procurement, Project,
    SanGongStatement, Source, StatedTotal, Statement, TotalKind, Warning,
};
use crate::money::{convert, parse_amount, Unit};
use rust_decimal::Decimal;

/// Longest excerpt kept in a `Source` label (characters).
const EXCERPT: usize = 80;

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

// ---------------------------------------------------------------------------------------------
// Text with a line number per character.

#[derive(Debug, Clone, Default)]
struct Txt {
    c: Vec<char>,
    l: Vec<u32>,
}

impl Txt {
    fn len(&self) -> usize {
        self.c.len()
    }
    fn push(&mut self, ch: char, line: u32) {
        self.c.push(ch);
        self.l.push(line);
    }
    fn ch(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }
    fn line(&self, i: usize) -> u32 {
        self.l.get(i).or_else(|| self.l.last()).copied().unwrap_or(0)
    }
    fn s(&self, a: usize, b: usize) -> String {
        let b = b.min(self.c.len());
        if a >= b {
            return String::new();
        }
        self.c[a..b].iter().collect()
    }
    fn all(&self) -> String {
        self.c.iter().collect()
    }
    fn at(&self, i: usize, pat: &str) -> bool {
        (i..).zip(pat.chars()).all(|(k, p)| self.c.get(k) == Some(&p))
    }
    fn find(&self, pat: &str, from: usize, to: usize) -> Option<usize> {
        (from..to.min(self.len())).find(|&i| self.at(i, pat))
    }
    fn ends_with(&self, pat: &str) -> bool {
        let n = pat.chars().count();
        self.len() >= n && self.at(self.len() - n, pat)
    }
    fn slice(&self, a: usize, b: usize) -> Txt {
        let b = b.min(self.len());
        let a = a.min(b);
        Txt { c: self.c[a..b].to_vec(), l: self.l[a..b].to_vec() }
    }
    fn append(&mut self, other: &Txt) {
        if let (Some(&p), Some(&n)) = (self.c.last(), other.c.first()) {
            // Words of Latin text or two numbers must not run together when lines join.
            if p.is_ascii_alphanumeric() && n.is_ascii_alphanumeric() {
                self.push(' ', other.line(0));
            }
        }
        self.c.extend_from_slice(&other.c);
        self.l.extend_from_slice(&other.l);
    }
}

fn excerpt(t: &Txt, a: usize, b: usize) -> String {
    let s = t.s(a, b);
    let s = s.trim_matches(|c: char| is_sep(c) || c == ' ');
    if s.chars().count() > EXCERPT {
        let mut out: String = s.chars().take(EXCERPT).collect();
        out.push('…');
        out
    } else {
        s.to_string()
    }
}

/// Full-width digits and signs read as ASCII; whitespace goes, except a single space that keeps
/// two numbers (or a list marker and a number, `1. 2025年`) apart.
fn normalize(raw: &str, line: u32) -> Txt {
    let n = raw.chars().count();
    let mut t = Txt { c: Vec::with_capacity(n), l: Vec::with_capacity(n) };
    let mut space = false;
    for ch in raw.chars() {
        let ch = fold(ch);
        if ch.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            if let Some(&p) = t.c.last() {
                if (p.is_ascii_alphanumeric() || p == '.') && ch.is_ascii_alphanumeric() {
                    t.push(' ', line);
                }
            }
            space = false;
        }
        t.push(ch, line);
    }
    t
}

fn fold(ch: char) -> char {
    match ch {
        '０'..='９' => char::from_u32(ch as u32 - '０' as u32 + '0' as u32).unwrap_or(ch),
        '．' => '.',
        '％' => '%',
        '\u{3000}' => ' ',
        _ => ch,
    }
}

fn is_sep(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '。' | '！' | '？' | '、' | ';' | ':')
}

fn ends_sentence(t: &Txt) -> bool {
    matches!(t.c.last(), Some('。' | '！' | '？'))
}

const CJK_NUM: &str = "一二三四五六七八九十百零〇";

/// Length of a list marker at `i` (`1.`, `1、`, `（一）`, `(1)`, `一、`, `第一部分`), if any.
fn marker_len(t: &Txt, i: usize) -> Option<usize> {
    let c0 = t.ch(i)?;
    if c0.is_ascii_digit() {
        let mut j = i;
        while t.ch(j).is_some_and(|c| c.is_ascii_digit()) && j - i < 3 {
            j += 1;
        }
        // `1.2025` or `161.62` is a number, not a marker.
        return match (t.ch(j), t.ch(j + 1)) {
            (Some('.' | '、'), Some(n)) if !n.is_ascii_digit() => Some(j + 1 + usize::from(n == ' ') - i),
            (Some('.' | '、'), None) => Some(j + 1 - i),
            _ => None,
        };
    }
    if c0 == '（' || c0 == '(' {
        let mut j = i + 1;
        while t.ch(j).is_some_and(|c| c.is_ascii_digit() || CJK_NUM.contains(c)) && j - i < 4 {
            j += 1;
        }
        return (j > i + 1 && matches!(t.ch(j), Some('）' | ')'))).then_some(j + 1 - i);
    }
    if CJK_NUM.contains(c0) {
        let mut j = i;
        while t.ch(j).is_some_and(|c| CJK_NUM.contains(c)) && j - i < 3 {
            j += 1;
        }
        return (t.ch(j) == Some('、')).then_some(j + 1 - i);
    }
    if c0 == '第' {
        let mut j = i + 1;
        while t.ch(j).is_some_and(|c| CJK_NUM.contains(c)) && j - i < 4 {
            j += 1;
        }
        return (j > i + 1 && t.at(j, "部分")).then_some(j + 2 - i);
    }
    None
}

fn digit_marker(t: &Txt) -> bool {
    marker_len(t, 0).is_some()
        && (t.ch(0).is_some_and(|c| c.is_ascii_digit())
            || (matches!(t.ch(0), Some('（' | '(')) && t.ch(1).is_some_and(|c| c.is_ascii_digit())))
}

fn strip_marker(s: &str) -> String {
    let t = normalize(s, 0);
    match marker_len(&t, 0) {
        Some(n) => t.s(n, t.len()).trim().to_string(),
        None => s.to_string(),
    }
}

/// A heading stands alone: a numbered title without sentence punctuation, a 第X部分 part, a
/// table-of-contents entry, or a title such as `XXX经费情况说明`.
fn is_heading(t: &Txt) -> bool {
    let s = t.all();
    let n = t.len();
    let punct = s.chars().any(|c| matches!(c, '，' | '。' | '；' | '：' | ';' | ':' | '？' | '！'));
    if s.starts_with('-') || s == "目录" {
        return true;
    }
    if t.ch(0) == Some('第') && marker_len(t, 0).is_some() {
        return true;
    }
    if punct || n > 40 {
        return false;
    }
    let cjk_marker = marker_len(t, 0).is_some() && !digit_marker(t);
    // Only these endings: a wrapped line of a sentence may well end in 情况.
    let title = ["情况说明", "编制说明", "名词解释", "主要职能", "机构设置"]
        .iter()
        .any(|e| s.trim_end_matches(['…', '.', '·']).ends_with(e));
    cjk_marker || (title && n <= 30 && !digit_marker(t))
}

/// Where the prose ends: the 表格部分 heading, when it is not the table-of-contents entry.
fn prose_end(lines: &[(u32, &str)]) -> usize {
    for (idx, (_, raw)) in lines.iter().enumerate().rev() {
        // Only a line ending in 表格部分 can be the heading: others are not copied.
        if !raw.trim_end().ends_with('分') {
            continue;
        }
        let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let t = normalize(&s, 0);
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
// Numbers in prose.

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Amount(Unit),
    Percent,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Num {
    v: Decimal,
    start: usize,
    /// After the unit word (or the digits when there is none).
    after: usize,
    kind: Kind,
}

impl Num {
    fn unit(&self) -> Option<Unit> {
        match self.kind {
            Kind::Amount(u) => Some(u),
            _ => None,
        }
    }
    fn is_amount(&self) -> bool {
        self.unit().is_some()
    }
}

fn numbers(t: &Txt) -> Vec<Num> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let starts = t.ch(i).is_some_and(|c| c.is_ascii_digit())
            && !(i > 0 && t.ch(i - 1).is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ','));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while let Some(c) = t.ch(j) {
            let digit_next = t.ch(j + 1).is_some_and(|n| n.is_ascii_digit());
            if c.is_ascii_digit() || ((c == ',' || c == '.') && digit_next) {
                j += 1;
            } else {
                break;
            }
        }
        // Amounts of 10^14 or more are no budget's (and could overflow sums): not read.
        let Some(v) = parse_amount(&t.s(i, j)).filter(|&v| crate::gate::below_limit(v)) else {
            i = j;
            continue;
        };
        let bare_wan = |n: Option<char>| {
            n.is_none_or(|c| matches!(c, '，' | '。' | '；' | '、' | '：' | ',' | ';' | '）' | ')' | '合' | '其' | '等'))
        };
        let (kind, after) = if t.at(j, "万元") {
            (Kind::Amount(Unit::Wanyuan), j + 2)
        } else if t.at(j, "亿元") {
            (Kind::Amount(Unit::Yiyuan), j + 2)
        } else if t.at(j, "元") {
            (Kind::Amount(Unit::Yuan), j + 1)
        } else if t.at(j, "万") && bare_wan(t.ch(j + 1)) {
            // `1170.00万，其中…` : a bare 万 after an amount means 万元.
            (Kind::Amount(Unit::Wanyuan), j + 1)
        } else if t.at(j, "%") {
            (Kind::Percent, j + 1)
        } else {
            (Kind::Other, j)
        };
        out.push(Num { v, start: i, after, kind });
        i = j;
    }
    out
}

fn num_at(nums: &[Num], pos: usize) -> Option<Num> {
    nums.iter().find(|n| n.start == pos).copied()
}

fn neg(v: Decimal) -> Decimal {
    if v.is_zero() {
        v
    } else {
        -v
    }
}

/// Start of the clause that ends at `pos`: just after the nearest separator, not before `floor`.
fn clause_start(t: &Txt, pos: usize, floor: usize) -> usize {
    let mut i = pos.min(t.len());
    while i > floor {
        let c = t.c[i - 1];
        let comma = c == ',' && !(i >= 2 && t.c[i - 2].is_ascii_digit() && t.ch(i).is_some_and(|n| n.is_ascii_digit()));
        if is_sep(c) || comma {
            return i;
        }
        i -= 1;
    }
    floor
}

/// Start of the clause group (after `；`, `：` or the sentence end) that holds `pos`.
fn group_start(t: &Txt, pos: usize) -> usize {
    let mut i = pos.min(t.len());
    while i > 0 {
        if matches!(t.c[i - 1], '；' | '：' | '。' | ';' | ':') {
            return i;
        }
        i -= 1;
    }
    0
}

fn sentence_end(t: &Txt, from: usize) -> usize {
    (from..t.len()).find(|&i| matches!(t.c[i], '。' | '！' | '？')).unwrap_or(t.len())
}

fn skip_sep(t: &Txt, p: usize) -> usize {
    if matches!(t.ch(p), Some('，' | ',' | '、')) {
        p + 1
    } else {
        p
    }
}

// ---------------------------------------------------------------------------------------------
// Prior-year comparisons ("比2021年减少6,593.32万元，下降12.94%").

#[derive(Debug, Clone)]
struct Cmp {
    start: usize,
    end: usize,
    year: i32,
    change: Option<(Decimal, Unit)>,
    percent: Option<Decimal>,
    unchanged: bool,
    /// "与2023年度相比，<subject>减少…": the subject named after the anchor.
    subject_after: Option<(usize, usize)>,
}

const SAME: [&str; 4] = ["持平", "相同", "一致", "不变"];
const UP: [&str; 3] = ["增加", "增长", "上升"];
const DOWN: [&str; 3] = ["减少", "下降", "降低"];
const PCT_VERBS: [(&str, bool); 14] = [
    ("增幅为", true),
    ("减幅为", false),
    ("降幅为", false),
    ("增长率为", true),
    ("增幅", true),
    ("减幅", false),
    ("降幅", false),
    ("增长", true),
    ("上升", true),
    ("增加", true),
    ("下降", false),
    ("减少", false),
    ("降低", false),
    ("减", false),
];

enum Verb {
    Same,
    Up,
    Down,
    Versus,
}

fn verb_at(t: &Txt, i: usize) -> Option<(Verb, usize)> {
    if let Some(v) = SAME.iter().find(|v| t.at(i, v)) {
        return Some((Verb::Same, i + v.chars().count()));
    }
    if let Some(v) = UP.iter().find(|v| t.at(i, v)) {
        return Some((Verb::Up, i + v.chars().count()));
    }
    if let Some(v) = DOWN.iter().find(|v| t.at(i, v)) {
        return Some((Verb::Down, i + v.chars().count()));
    }
    if t.at(i, "相比") || t.at(i, "对比") {
        return Some((Verb::Versus, i + 2));
    }
    None
}

/// `Ok(None)`: no comparison at `i`; `Err`: it reads like one but does not parse.
/// `doc_year` is the document's year: "比上年…" compares with the year before it.
fn parse_cmp(t: &Txt, i: usize, nums: &[Num], doc_year: Option<i32>) -> Result<Option<Cmp>, String> {
    if !matches!(t.ch(i), Some('比' | '较' | '与' | '同')) {
        return Ok(None);
    }
    let y = i + 1;
    let (year, k) = if (0..4).all(|k| t.ch(y + k).is_some_and(|c| c.is_ascii_digit())) && t.ch(y + 4) == Some('年') {
        (t.s(y, y + 4).parse::<i32>().map_err(|_| "年份无法读取".to_string())?, y + 5)
    } else if t.at(y, "上年") || t.at(y, "去年") {
        let Some(doc) = doc_year else {
            // Without the document's year "上年" names no year; only a real comparison warns.
            return match parse_cmp_rest(t, i, y + 2, 0, nums)? {
                Some(_) => Err("文件年度不详，“上年”指哪一年无从确定".into()),
                None => Ok(None),
            };
        };
        (doc - 1, y + 2)
    } else {
        return Ok(None);
    };
    parse_cmp_rest(t, i, k, year, nums)
}

/// The comparison after its anchor and year: qualifier, verb, change and percent.
fn parse_cmp_rest(t: &Txt, i: usize, mut k: usize, year: i32, nums: &[Num]) -> Result<Option<Cmp>, String> {
    if t.ch(k) == Some('度') {
        k += 1;
    }
    // A qualifier (预算 / 预算数 / 预算执行数 / 决算数 …) may stand between the year and the verb.
    let mut found = None;
    for m in k..(k + 8).min(t.len()) {
        if matches!(t.c[m], '。' | '；' | '，') {
            break;
        }
        if let Some(v) = verb_at(t, m) {
            found = Some((m, v));
            break;
        }
    }
    let Some((_, (mut verb, mut p))) = found else { return Ok(None) };
    let mut subject_after = None;
    if let Verb::Versus = verb {
        let s = skip_sep(t, p);
        let mut hit = None;
        for m in s..(s + 30).min(t.len()) {
            if matches!(t.c[m], '。' | '；') {
                break;
            }
            if let Some((v, e)) = verb_at(t, m).filter(|(v, _)| !matches!(v, Verb::Versus)) {
                hit = Some((m, v, e));
                break;
            }
        }
        let Some((m, v, e)) = hit else { return Err("有“与…相比”却没有增加 / 减少 / 持平".into()) };
        subject_after = Some((s, m));
        verb = v;
        p = e;
    }
    let mut cmp = Cmp { start: i, end: p, year, change: None, percent: None, unchanged: false, subject_after };
    let up = match verb {
        Verb::Same => {
            cmp.unchanged = true;
            return Ok(Some(cmp));
        }
        Verb::Up => true,
        Verb::Down => false,
        Verb::Versus => return Ok(None),
    };
    if t.ch(p) == Some('了') || t.ch(p) == Some('为') {
        p += 1;
    }
    let sign = |v: Decimal, up: bool| if up { v } else { neg(v) };
    match num_at(nums, p) {
        Some(n) if n.kind == Kind::Percent => {
            cmp.percent = Some(sign(n.v, up));
            cmp.end = n.after;
        }
        Some(n) if n.is_amount() => {
            cmp.change = n.unit().map(|u| (sign(n.v, up), u));
            cmp.end = n.after;
            let q = skip_sep(t, n.after);
            if let Some((w, pup)) = PCT_VERBS.iter().find(|(w, _)| t.at(q, w)) {
                let mut r = q + w.chars().count();
                if matches!(t.ch(r), Some('为' | '了')) {
                    r += 1;
                }
                if let Some(pn) = num_at(nums, r).filter(|n| n.kind == Kind::Percent) {
                    cmp.percent = Some(sign(pn.v, *pup));
                    cmp.end = pn.after;
                }
            }
        }
        _ => {
            // "减少的原因是…" explains; a number that is not an amount is a form we do not know.
            let near = (p..(p + 3).min(t.len())).any(|m| t.c[m].is_ascii_digit());
            return if near { Err("增减额不是以万元 / 元计的金额".into()) } else { Ok(None) };
        }
    }
    Ok(Some(cmp))
}

fn comparisons(t: &Txt, nums: &[Num], doc_year: Option<i32>, warnings: &mut Vec<Warning>) -> Vec<Cmp> {
    let mut out: Vec<Cmp> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match parse_cmp(t, i, nums, doc_year) {
            Ok(Some(c)) => {
                i = c.end.max(i + 1);
                out.push(c);
                continue;
            }
            Ok(None) => {}
            Err(why) => warnings.push(Warning {
                line: t.line(i),
                message: format!("与上年的比较无法读取（{why}）：«{}»", excerpt(t, i, sentence_end(t, i))),
            }),
        }
        i += 1;
    }
    out
}

fn in_cmp(cmps: &[Cmp], n: &Num) -> bool {
    cmps.iter().any(|c| n.start >= c.start && n.start < c.end)
}

fn prior_of(t: &Txt, c: &Cmp, from: usize, unit: Unit) -> PriorYear {
    PriorYear {
        year: c.year,
        amount: None,
        change: c.change.map(|(v, _)| v),
        percent: c.percent,
        unchanged: c.unchanged,
        unit: c.change.map_or(unit, |(_, u)| u),
        source: Source::text(t.line(from), &excerpt(t, from, c.end)),
    }
}

// ---------------------------------------------------------------------------------------------
// Subjects.

/// Drops list markers, 其中, a leading year and a trailing 为: what the clause names.
fn light_clean(s: &str) -> String {
    let mut s = strip_marker(s.trim());
    for p in ["其中：", "其中:", "其中，", "其中", "包括：", "包括", "主要是", "本部门", "本单位"] {
        if let Some(r) = s.strip_prefix(p) {
            s = r.to_string();
        }
    }
    let t = normalize(&s, 0);
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

fn cmp_subject(s: &str, department: &str) -> String {
    let mut s = light_clean(s);
    if !department.is_empty() {
        if let Some(r) = s.strip_prefix(department) {
            s = light_clean(r);
        }
    }
    let t = normalize(&s, 0);
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

fn measure(s: &str) -> &'static str {
    if s.contains("机关运行经费") {
        "running_costs"
    } else if s == "收入支出总计" {
        "grand_total"
    } else if s.contains("财政拨款收入支出总计") {
        "fiscal_grand_total"
    } else if matches!(s, "部门预算收入" | "收入预算" | "预算收入" | "部门收入预算") {
        "income_total"
    } else if matches!(s, "部门预算支出" | "支出预算" | "预算支出" | "部门支出预算") {
        "expenditure_total"
    } else if s.starts_with("一般公共预算") && s.contains("支出") {
        "general_budget_expenditure"
    } else if s.starts_with("政府性基金") && s.contains("支出") {
        "government_fund_expenditure"
    } else if s.starts_with("国有资本经营") && s.contains("支出") {
        "state_capital_expenditure"
    } else if s.starts_with("财政拨款收入") {
        "fiscal_income"
    } else if s.starts_with("财政拨款支出") {
        "fiscal_expenditure"
    } else {
        ""
    }
}

fn same_subject(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && (a == b || a.ends_with(b) || b.ends_with(a))
}

/// 类/款/项 names: `A（类）B（款）C（项）` or `A-B-C`.
fn parse_path(s: &str) -> Vec<String> {
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

fn base_key(s: &str) -> String {
    match s {
        "本年收入合计" | "本年收入" => "income_this_year".into(),
        "本年支出合计" | "本年支出" => "expenditure_this_year".into(),
        "年初预算" => "initial_budget".into(),
        "一般公共预算财政拨款支出" => "general_budget_expenditure".into(),
        _ => s.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// 三公 categories.

const SANGONG_KEYS: [(&str, &str); 15] = [
    ("公务用车购置和运行维护费", "vehicles"),
    ("公务用车购置及运行维护费", "vehicles"),
    ("公务用车购置及运行费", "vehicles"),
    ("公务用车购置和运行费", "vehicles"),
    ("公务用车购置费", "vehicle_purchase"),
    ("公务用车运行维护费", "vehicle_operation"),
    ("公务用车运行费", "vehicle_operation"),
    ("公务接待费", "reception"),
    ("因公出国（境）费", "abroad"),
    ("因公出国(境)费", "abroad"),
    ("因公出国（境）经费", "abroad"),
    ("因公出国(境)经费", "abroad"),
    ("三公”经费", "total"),
    ("三公\"经费", "total"),
    ("三公经费", "total"),
];

#[derive(Debug, Clone, Copy)]
struct Key {
    pos: usize,
    end: usize,
    cat: &'static str,
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
        if let Some((k, cat)) = SANGONG_KEYS.iter().find(|(k, _)| t.at(i, k)) {
            let end = i + k.chars().count();
            out.push(Key { pos: i, end, cat });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The reader: paragraphs → model.

#[derive(Debug, Clone)]
struct Target {
    subject: String,
    amount: Decimal,
    unit: Unit,
    /// Where the subject starts.
    start: usize,
    num_start: usize,
    /// After the amount's unit.
    after: usize,
    line: u32,
}

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
    sangong_cat: Option<&'static str>,
    /// Unit and width of the 重点项目 table (项目名称 | 预算数（万元） | 绩效目标) being read.
    key_table: Option<(Unit, usize)>,
    procurement_done: bool,
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
        }
    }

    fn warn(&mut self, line: u32, message: String) {
        self.b.warnings.push(Warning { line, message });
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
            self.tab_row(no, raw);
            return;
        }
        self.key_table = None;
        if table_like(trimmed) {
            self.flush(cur);
            return;
        }
        let t = normalize(trimmed, no);
        for part in split_glued(&t) {
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
        if let Some(name) = project_heading_name(&s) {
            self.project_section = Some(name);
        } else if s.starts_with('第') {
            self.project_section = None;
        }
    }

    /// The 重点项目 table inside the text part: `项目名称 \t 预算数（万元） \t 绩效目标`.
    fn tab_row(&mut self, no: u32, raw: &str) {
        // Every table line comes here: only two cells and a count, nothing collected.
        let cells = || super::text::tab_cells(raw);
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
        let sangong_words = sangong_keys(t).iter().any(|k| k.cat == "total") && nums.iter().any(Num::is_amount);
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

    /// 人员支出 / 公用支出 / 对个人和家庭的补助 / 项目支出 followed by their amount. Tables win:
    /// a category already present is left alone.
    fn economic(&mut self, t: &Txt, nums: &[Num]) {
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
                    self.b.economic.push(EconomicLine {
                        category: cat,
                        amount: n.v,
                        unit,
                        source: Source::text(t.line(s), &excerpt(t, s, n.after)),
                    });
                }
                break;
            }
        }
    }

    /// "2. 投资促进管理预算 180 万元，主要包括：A 60 万元，B 90 万元。较 2021 年预算减少 73 万元，减幅 28.85%…"
    fn project_item(&mut self, t: &Txt, nums: &[Num], cmps: &[Cmp]) {
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
    fn project_section(&mut self, t: &Txt, nums: &[Num]) {
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

    fn sangong_stmt(&mut self, cat: &'static str, amount: Decimal, unit: Unit, source: Source) -> usize {
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
                    category: cat.to_string(),
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

    fn latest_of(&self, cat: &str) -> Option<usize> {
        self.b.sangong_text.iter().rposition(|s| s.category == cat)
    }

    fn sangong(&mut self, t: &Txt, nums: &[Num], cmps: &[Cmp]) {
        let keys = sangong_keys(t);
        let amounts: Vec<Num> = nums.iter().filter(|n| n.is_amount() && !in_cmp(cmps, n)).copied().collect();
        let mut created: Vec<(usize, usize)> = Vec::new();
        let mut initial: Option<(&'static str, Decimal, Unit, usize)> = None;
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
                let last = created.iter().rev().find(|(p, _)| *p < c.start).copied();
                let key = keys.iter().rev().find(|k| k.end <= c.start);
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

    /// "政府采购预算38.20万元，其中：政府采购货物预算7.80万元、…工程…0万元、…服务…30.40万元"
    fn procurement(&mut self, t: &Txt, nums: &[Num]) {
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
    fn performance(&mut self, t: &Txt, nums: &[Num]) {
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
    fn function_item(&mut self, t: &Txt, nums: &[Num]) {
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
    fn shares(&mut self, t: &Txt, nums: &[Num]) {
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
    fn initial_budgets(&mut self, t: &Txt, nums: &[Num]) {
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

    fn targets(&self, t: &Txt, nums: &[Num], cmps: &[Cmp]) -> Vec<Target> {
        nums.iter()
            .filter(|n| n.is_amount() && !in_cmp(cmps, n))
            .map(|n| {
                let s = clause_start(t, n.start, 0);
                Target {
                    subject: cmp_subject(&t.s(s, n.start), &self.department),
                    amount: n.v,
                    unit: n.unit().unwrap_or(self.b.unit),
                    start: s,
                    num_start: n.start,
                    after: n.after,
                    line: t.line(s),
                }
            })
            .collect()
    }

    /// Comparisons about income, expenditure, running costs …; totals the prose states.
    fn general(&mut self, t: &Txt, nums: &[Num], cmps: &[Cmp]) {
        let targets = self.targets(t, nums, cmps);
        let mut used = vec![false; targets.len()];
        for c in cmps {
            let mut before = targets.iter().enumerate().filter(|(_, x)| x.num_start < c.start);
            let found: Option<(Option<usize>, Target, String)> = match c.subject_after {
                Some((a, b)) => {
                    let subject = cmp_subject(&t.s(a, b), &self.department);
                    let here = before
                        .clone()
                        .rfind(|(_, x)| same_subject(&x.subject, &subject))
                        .map(|(i, x)| (Some(i), x.clone(), subject.clone()));
                    here.or_else(|| {
                        self.recent
                            .iter()
                            .rev()
                            .find(|x| same_subject(&x.subject, &subject))
                            .map(|x| (None, x.clone(), subject.clone()))
                    })
                }
                None => before.next_back().map(|(i, x)| (Some(i), x.clone(), x.subject.clone())),
            };
            let Some((idx, target, subject)) = found else {
                self.warn(
                    t.line(c.start),
                    format!("与上年的比较找不到所比的金额：«{}»", excerpt(t, c.start, c.end)),
                );
                continue;
            };
            if let Some(i) = idx {
                if used.get(i).copied().unwrap_or(false) {
                    self.warn(
                        t.line(c.start),
                        format!("同一金额第二次与上年比较：«{}»", excerpt(t, c.start, c.end)),
                    );
                    continue;
                }
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
            // "与2023年度相比，…" names its subject itself: cite that sentence alone.
            let from = if idx.is_some() && c.subject_after.is_none() { target.start } else { c.start };
            let prior = prior_of(t, c, from, target.unit);
            self.b.comparisons.push(Comparison {
                measure: measure(&subject).to_string(),
                subject,
                amount: target.amount,
                prior,
            });
        }
        for (i, x) in targets.iter().enumerate() {
            let src = || Source::text(x.line, &excerpt(t, x.start, x.after));
            if x.subject.contains("机关运行经费") && !used.get(i).copied().unwrap_or(true) {
                self.b.statements.push(Statement {
                    subject: x.subject.clone(),
                    path: Vec::new(),
                    amount: x.amount,
                    unit: x.unit,
                    percent: None,
                    percent_of: None,
                    initial_budget: None,
                    source: src(),
                });
            }
            let kind = match x.subject.as_str() {
                "本年收入合计" => Some(TotalKind::IncomeThisYear),
                "本年支出合计" => Some(TotalKind::ExpenditureThisYear),
                "基本支出" => Some(TotalKind::Basic),
                "项目支出" => Some(TotalKind::Project),
                _ => None,
            };
            if let Some(kind) = kind {
                let dup = self
                    .b
                    .totals
                    .iter()
                    .any(|s| s.kind == kind && s.amount == x.amount && s.source.table.is_none());
                if !dup {
                    self.b.totals.push(StatedTotal { kind, amount: x.amount, unit: x.unit, source: src() });
                }
            }
        }
        self.recent.extend(targets);
    }
}

/// "完成年初预算的98.20%" / "完成预算的0%" right after an amount.
fn completion(t: &Txt, nums: &[Num], pos: usize) -> Option<Decimal> {
    let p = skip_sep(t, pos);
    if !t.at(p, "完成") {
        return None;
    }
    nums.iter().find(|n| n.kind == Kind::Percent && n.start > p && n.start <= p + 10).map(|n| n.v)
}

/// The 类/款/项 subject a numbered final-accounts item opens with.
fn item_subject(t: &Txt) -> Option<(String, Vec<String>)> {
    let m = marker_len(t, 0)?;
    let end = sentence_end(t, m);
    let close = (m..end).find(|&i| t.at(i, "项）") || t.at(i, "项)"))?;
    let subject = t.s(m, close + 2);
    let path = parse_path(&subject);
    (path.len() >= 2).then_some((subject, path))
}

/// `XXX经费情况说明` → `XXX` (not the table-of-contents entry `七、项目经费情况说明`).
fn project_heading_name(s: &str) -> Option<String> {
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

/// Splits a line where pdf text glued a new item or a title to the end of a sentence:
/// `…缴纳。9. “…`, `…0台（套）。科技创新专项经费情况说明`, `…绩效目标表生命健康专项…经费情况说明`.
fn split_glued(t: &Txt) -> Vec<Txt> {
    let mut cuts = Vec::new();
    for i in 1..t.len() {
        if t.c[i - 1] == '。' && digit_marker(&t.slice(i, t.len())) {
            cuts.push(i);
        }
    }
    let s = t.all();
    if s.ends_with("经费情况说明") {
        let after_stop = (0..t.len()).rev().find(|&i| t.c[i] == '。').map(|i| i + 1);
        let after_table = (0..t.len()).rev().find(|&i| t.at(i, "目标表")).map(|i| i + 3);
        if let Some(c) = after_stop.max(after_table).filter(|&c| c > 0 && c < t.len()) {
            cuts.push(c);
        }
    }
    crate::order::by_position(&mut cuts, |c| *c);
    cuts.dedup();
    let mut out = Vec::new();
    let mut a = 0;
    for c in cuts {
        if c > a {
            out.push(t.slice(a, c));
            a = c;
        }
    }
    out.push(t.slice(a, t.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn read(lines: &[(u32, &str)]) -> Budget {
        let mut b = Budget::default();
        read_prose(lines, &mut b);
        b
    }


    fn numbered(text: &str) -> Vec<(u32, String)> {
        text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l.to_string())).collect()
    }

    fn read_text(text: &str) -> Budget {
        let owned = numbered(text);
        let lines: Vec<(u32, &str)> = owned.iter().map(|(n, s)| (*n, s.as_str())).collect();
        read(&lines)
    }

    fn only_cmp(b: &Budget) -> &Comparison {
        assert_eq!(b.comparisons.len(), 1, "{:#?}", b.comparisons);
        &b.comparisons[0]
    }

    #[test]
    fn seed_totals_compared_with_last_year() {
        let b = read_text(
            "2022 年深圳市福田区投资推广和企业服务中心部门预算收入 44,350 万元，比 2021 年减少 6,593.32 万元，下降 12.94%。2022 年部门预算支出 44,350 万元，比 2021 年减少 6,593.32 万元，下降 12.94%。",
        );
        assert_eq!(b.comparisons.len(), 2);
        let inc = &b.comparisons[0];
        assert_eq!((inc.subject.as_str(), inc.measure.as_str()), ("部门预算收入", "income_total"));
        let exp = b.prior_expenditure().unwrap();
        assert_eq!(exp.subject, "部门预算支出");
        assert_eq!(exp.amount, d("44350"));
        assert_eq!(exp.prior.year, 2021);
        assert_eq!(exp.prior.change, Some(d("-6593.32")));
        assert_eq!(exp.prior.percent, Some(d("-12.94")));
        assert!(!exp.prior.unchanged);
        assert_eq!(exp.prior.unit, Unit::Wanyuan);
        assert_eq!(exp.prior.amount, None);
        assert_eq!(exp.prior.source.line, 1);
        assert!(b.warnings.is_empty());
    }

    #[test]
    fn comparison_forms() {
        let cases: [(&str, Option<&str>, Option<&str>, bool); 12] = [
            ("机关运行经费预算 100 万元，较 2021 年预算减少 73 万元，减幅 28.85%。", Some("-73"), Some("-28.85"), false),
            ("机关运行经费预算 100 万元，较 2021 年预算增加 5 万元，增幅 25%。", Some("5"), Some("25"), false),
            ("机关运行经费预算100万元，与2021年预算持平。", None, None, true),
            ("机关运行经费预算 0 万元，比 2021 年预算数增加 0 万元。", Some("0"), None, false),
            ("机关运行经费预算 0 万元，比 2021 年预算减少 0 万元，下降 0%。", Some("0"), Some("0"), false),
            ("机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。", Some("2.55"), Some("1.40"), false),
            ("机关运行经费支出１８４.６５万元，比２０２３年度减少２.５５万元，降幅１.４０％。", Some("-2.55"), Some("-1.40"), false),
            ("机关运行经费支出 184.65 万元 ，比 2023 年度 减少 2.55 万元 ， 下降 1.40% 。", Some("-2.55"), Some("-1.40"), false),
            ("机关运行经费支出184.65万元，比2023年下降1.40%。", None, Some("-1.40"), false),
            ("机关运行经费支出184.65万元，比2023年度上升了2.55万元，增幅为1.40%。", Some("2.55"), Some("1.40"), false),
            ("机关运行经费支出184.65万元，比2024年预算执行数持平。", None, None, true),
            ("机关运行经费支出184.65万元，较2021年预算减少0.1万元，减少0.56%。", Some("-0.1"), Some("-0.56"), false),
        ];
        for (text, change, percent, unchanged) in cases {
            let b = read_text(text);
            let c = only_cmp(&b);
            assert_eq!(c.measure, "running_costs", "{text}");
            assert_eq!(c.prior.change, change.map(d), "{text}");
            assert_eq!(c.prior.percent, percent.map(d), "{text}");
            assert_eq!(c.prior.unchanged, unchanged, "{text}");
            assert!(b.warnings.is_empty(), "{text}: {:?}", b.warnings);
        }
    }

    #[test]
    fn comparison_measures() {
        let b = read_text(
            "2025年，上海市普陀区商务委员会收入预算37,151.47万元，其中：财政拨款收入37,151.47万元，比2024年预算执行数增加\n24,558.18万元；事业收入0万元。\n支出预算37,151.47万元，比2024年预算增加1万元。财政拨款支出预算中，一般\n公共预算拨款支出预算37,151.47万元，比2024年预算增加24,491.71万元；政府性基金拨款支出预算0万元，比2024年预算执行数持平；\n国有资本经营预算拨款支出预算0万元，比2024年预算执行数持平。",
        );
        let got: Vec<(&str, &str, Decimal, u32)> = b
            .comparisons
            .iter()
            .map(|c| (c.subject.as_str(), c.measure.as_str(), c.amount, c.prior.source.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("财政拨款收入", "fiscal_income", d("37151.47"), 1),
                ("支出预算", "expenditure_total", d("37151.47"), 3),
                ("一般公共预算拨款支出预算", "general_budget_expenditure", d("37151.47"), 3),
                ("政府性基金拨款支出预算", "government_fund_expenditure", d("0"), 4),
                ("国有资本经营预算拨款支出预算", "state_capital_expenditure", d("0"), 5),
            ]
        );
        assert_eq!(b.comparisons[0].prior.change, Some(d("24558.18")));
        assert_eq!(b.comparisons[0].prior.percent, None);
    }

    #[test]
    fn final_accounts_compare_a_subject_named_after_the_year() {
        let b = read_text(
            "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入\n支出总计减少56.95万元，下降1.87%。主要原因：基本支出中人员进出。\n上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。与2023年度相比，\n财政拨款收入支出总计持平。",
        );
        assert_eq!(b.comparisons.len(), 2, "{:#?}", b.comparisons);
        let g = &b.comparisons[0];
        assert_eq!((g.subject.as_str(), g.measure.as_str(), g.amount), ("收入支出总计", "grand_total", d("2995.39")));
        assert_eq!((g.prior.year, g.prior.change, g.prior.percent), (2023, Some(d("-56.95")), Some(d("-1.87"))));
        assert_eq!(g.prior.source.line, 1);
        let f = &b.comparisons[1];
        assert_eq!((f.measure.as_str(), f.amount, f.prior.unchanged), ("fiscal_grand_total", d("0.3"), true));
        assert_eq!(f.prior.source.line, 3);
    }

    #[test]
    fn unparseable_comparisons_warn_with_their_line() {
        let b = read_text("说明。\n机关运行经费支出184.65万元，比2023年度增加约2.55万元。");
        assert!(b.comparisons.is_empty());
        assert_eq!(b.warnings.len(), 1);
        assert_eq!(b.warnings[0].line, 2);
        let b = read_text("比2023年度增加2.55万元。");
        assert!(b.comparisons.is_empty());
        assert_eq!(b.warnings.len(), 1, "{:?}", b.warnings);
        // An explanation is not a comparison.
        let b = read_text("较 2021 年预算减少的原因是为厉行节约。");
        assert!(b.comparisons.is_empty() && b.warnings.is_empty());
    }

    #[test]
    fn last_year_named_without_its_number() {
        let mut b = Budget { year: Some(2022), ..Budget::default() };
        read_prose(&[(5, "机关运行经费支出184.65万元，比上年度增加2.55万元，增长1.40%。")], &mut b);
        let c = only_cmp(&b);
        assert_eq!((c.prior.year, c.prior.change, c.prior.percent, c.prior.source.line), (2021, Some(d("2.55")), Some(d("1.40")), 5));
        // Without the document's year, 上年 is no year: a warning, not a guess.
        let b = read_text("机关运行经费支出184.65万元，较上年增加2.55万元。");
        assert!(b.comparisons.is_empty());
        assert_eq!(b.warnings.len(), 1);
        let b = read_text("较上年的变化见下表。");
        assert!(b.warnings.is_empty());
    }

    #[test]
    fn sangong_outside_its_section() {
        let b = read_text("第八部分 其他需要说明情况\n2022 年“三公”经费预算 17.66 万元，比 2021 年预算减少 0.1 万元，减少 0.56%。");
        assert!(b.comparisons.is_empty());
        assert_eq!(b.sangong_text.len(), 1);
        assert_eq!(b.sangong_text[0].prior.as_ref().and_then(|p| p.change), Some(d("-0.1")));
    }

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
    fn numbers_carry_units() {
        let t = normalize("收入 44,350 万元，1720.00万，下降 12.94%，2021 年，3 辆，29,381.00万元", 1);
        let n = numbers(&t);
        let kinds: Vec<(Decimal, Kind)> = n.iter().map(|n| (n.v, n.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (d("44350"), Kind::Amount(Unit::Wanyuan)),
                (d("1720.00"), Kind::Amount(Unit::Wanyuan)),
                (d("12.94"), Kind::Percent),
                (d("2021"), Kind::Other),
                (d("3"), Kind::Other),
                (d("29381.00"), Kind::Amount(Unit::Wanyuan)),
            ]
        );
    }

    #[test]
    fn markers_are_not_numbers() {
        let t = normalize("1. 2025年部门财务收支预算总表", 1);
        assert_eq!(marker_len(&t, 0), Some(3));
        assert_eq!(marker_len(&normalize("161.62万元", 1), 0), None);
        assert_eq!(marker_len(&normalize("（四）项目支出", 1), 0), Some(3));
        assert_eq!(marker_len(&normalize("十一、其他", 1), 0), Some(3));
        assert_eq!(marker_len(&normalize("第五部分 一般", 1), 0), Some(4));
    }

    #[test]
    fn tables_are_recognised() {
        assert!(table_like("201 13 01 行政运行 9,389,913.00 9,389,913.00"));
        assert!(table_like("1.00 1.00 171.01"));
        assert!(table_like("九、卫生健康支出 60.99"));
        assert!(!table_like("2022 年部门预算支出 44,350 万元，比 2021 年减少 6,593.32 万元，下降 12.94%。"));
        assert!(!table_like("深圳市福田区投资推广和企业服务中心政府采购项目纳入"));
    }

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
