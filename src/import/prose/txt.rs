//! The positioned text of a paragraph: PDF text breaks sentences anywhere (mid-word, across blank
//! lines and page breaks, at a fixed width), so a paragraph is kept as characters that each
//! remember the line they came from (`Txt`), and every `Source` names the line where its words
//! start. Here too: the folding of full-width digits, list markers, headings, lines that glued a
//! new item to a sentence, and the clause and sentence bounds the readers cut at.

/// Longest excerpt kept in a `Source` label (characters).
const EXCERPT: usize = 80;

/// Text with a line number per character.
#[derive(Debug, Clone, Default)]
pub(super) struct Txt {
    pub(super) c: Vec<char>,
    pub(super) l: Vec<u32>,
}

impl Txt {
    /// One line of text (or a phrase, line 0) as a `Txt`: full-width digits and signs read as ASCII; whitespace goes, except a single space that keeps
    /// two numbers (or a list marker and a number, `1. 2025年`) apart.
    pub(super) fn normalized(raw: &str, line: u32) -> Txt {
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

    pub(super) fn len(&self) -> usize {
        self.c.len()
    }
    pub(super) fn push(&mut self, ch: char, line: u32) {
        self.c.push(ch);
        self.l.push(line);
    }
    pub(super) fn ch(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }
    pub(super) fn line(&self, i: usize) -> u32 {
        self.l.get(i).or_else(|| self.l.last()).copied().unwrap_or(0)
    }
    pub(super) fn s(&self, a: usize, b: usize) -> String {
        let b = b.min(self.c.len());
        if a >= b {
            return String::new();
        }
        self.c[a..b].iter().collect()
    }
    pub(super) fn all(&self) -> String {
        self.c.iter().collect()
    }
    pub(super) fn at(&self, i: usize, pat: &str) -> bool {
        (i..).zip(pat.chars()).all(|(k, p)| self.c.get(k) == Some(&p))
    }
    pub(super) fn find(&self, pat: &str, from: usize, to: usize) -> Option<usize> {
        (from..to.min(self.len())).find(|&i| self.at(i, pat))
    }
    pub(super) fn ends_with(&self, pat: &str) -> bool {
        let n = pat.chars().count();
        self.len() >= n && self.at(self.len() - n, pat)
    }
    pub(super) fn slice(&self, a: usize, b: usize) -> Txt {
        let b = b.min(self.len());
        let a = a.min(b);
        Txt { c: self.c[a..b].to_vec(), l: self.l[a..b].to_vec() }
    }
    pub(super) fn append(&mut self, other: &Txt) {
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

pub(super) fn excerpt(t: &Txt, a: usize, b: usize) -> String {
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

fn fold(ch: char) -> char {
    match ch {
        '０'..='９' => char::from_u32(ch as u32 - '０' as u32 + '0' as u32).unwrap_or(ch),
        '．' => '.',
        '％' => '%',
        '\u{3000}' => ' ',
        _ => ch,
    }
}

pub(super) fn is_sep(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '。' | '！' | '？' | '、' | ';' | ':')
}

pub(super) fn ends_sentence(t: &Txt) -> bool {
    matches!(t.c.last(), Some('。' | '！' | '？'))
}

const CJK_NUM: &str = "一二三四五六七八九十百零〇";

/// Length of a list marker at `i` (`1.`, `1、`, `（一）`, `(1)`, `一、`, `第一部分`), if any.
pub(super) fn marker_len(t: &Txt, i: usize) -> Option<usize> {
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

pub(super) fn digit_marker(t: &Txt) -> bool {
    marker_len(t, 0).is_some()
        && (t.ch(0).is_some_and(|c| c.is_ascii_digit())
            || (matches!(t.ch(0), Some('（' | '(')) && t.ch(1).is_some_and(|c| c.is_ascii_digit())))
}

pub(super) fn strip_marker(s: &str) -> String {
    let t = Txt::normalized(s, 0);
    match marker_len(&t, 0) {
        Some(n) => t.s(n, t.len()).trim().to_string(),
        None => s.to_string(),
    }
}

/// A heading stands alone: a numbered title without sentence punctuation, a 第X部分 part, a
/// table-of-contents entry, or a title such as `XXX经费情况说明`.
pub(super) fn is_heading(t: &Txt) -> bool {
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

/// Start of the clause that ends at `pos`: just after the nearest separator, not before `floor`.
pub(super) fn clause_start(t: &Txt, pos: usize, floor: usize) -> usize {
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
pub(super) fn group_start(t: &Txt, pos: usize) -> usize {
    let mut i = pos.min(t.len());
    while i > 0 {
        if matches!(t.c[i - 1], '；' | '：' | '。' | ';' | ':') {
            return i;
        }
        i -= 1;
    }
    0
}

pub(super) fn sentence_end(t: &Txt, from: usize) -> usize {
    (from..t.len()).find(|&i| matches!(t.c[i], '。' | '！' | '？')).unwrap_or(t.len())
}

pub(super) fn skip_sep(t: &Txt, p: usize) -> usize {
    if matches!(t.ch(p), Some('，' | ',' | '、')) {
        p + 1
    } else {
        p
    }
}

/// Splits a line where pdf text glued a new item or a title to the end of a sentence:
/// `…缴纳。9. “…`, `…0台（套）。科技创新专项经费情况说明`, `…绩效目标表生命健康专项…经费情况说明`.
pub(super) fn split_glued_items(t: &Txt) -> Vec<Txt> {
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

    #[test]
    fn markers_are_not_numbers() {
        let t = Txt::normalized("1. 2025年部门财务收支预算总表", 1);
        assert_eq!(marker_len(&t, 0), Some(3));
        assert_eq!(marker_len(&Txt::normalized("161.62万元", 1), 0), None);
        assert_eq!(marker_len(&Txt::normalized("（四）项目支出", 1), 0), Some(3));
        assert_eq!(marker_len(&Txt::normalized("十一、其他", 1), 0), Some(3));
        assert_eq!(marker_len(&Txt::normalized("第五部分 一般", 1), 0), Some(4));
    }
}
