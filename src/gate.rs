//! The one gate. Every way a `Budget` comes into being — a document's text or PDF, a CSV line
//! table, our JSON, the wire form — ends in [`admit`], which enforces the limits and the model's
//! invariants. The readers' public entry points return what `admit` returns, so none can skip it;
//! a reader may refuse a value earlier to say where in its own terms (a CSV row and column, a line
//! of the text), never instead.
//!
//! What the limits protect: amounts below 10¹⁴ in their unit cannot overflow `Decimal` anywhere
//! yusuan adds, converts (×10⁸ for 亿元 → 元) or takes shares; bounded strings and counts keep a
//! hand-made file from making the page lay out megabytes of one label or a million bars.

use crate::model::*;
use rust_decimal::Decimal;
use std::fmt;

/// Amounts are below 10¹⁴ in their unit (100 万亿 元 when the unit is 元): more than any
/// government budget prints, and far enough below `Decimal::MAX` that sums and unit conversions
/// cannot overflow: every amount takes at least 16 bytes of text at the limit, so an 8 MiB input
/// holds too few of them for a sum to reach `Decimal::MAX` (7.9 × 10²⁸).
pub const AMOUNT_LIMIT: Decimal = Decimal::from_parts(276447232, 23283, 0, false, 0);
/// Function-table rows, all tables together (the 50,000-line city has 50,000).
pub const MAX_ROWS: usize = 1_000_000;
/// Entries of any other list of the budget (income lines, totals, projects, warnings …).
pub const MAX_ENTRIES: usize = 200_000;
/// Characters in one string (a name, a label, a title, a message). The longest a corpus
/// document prints is a performance goal of a few hundred.
pub const MAX_CHARS: usize = 65_536;
/// Files one budget is read from (北京 publishes two: the prose and the tables).
pub const MAX_FILES: usize = 16;
/// Years a budget, a prior year or a 三公 row may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// `v.abs() < AMOUNT_LIMIT`, on the mantissa: comparing Decimals of different scales rescales one
/// (128-bit multiplications), and the importer asks this of every cell.
pub fn below_limit(v: Decimal) -> bool {
    // 10^(14 + scale) bounds the mantissa; from 10^39 on it exceeds u128, and any 96-bit mantissa
    // (below 8·10^28) is below it.
    const BOUNDS: [u128; 25] = {
        let mut b = [0u128; 25];
        let mut p: u128 = 100_000_000_000_000;
        let mut k = 0;
        while k < 25 {
            b[k] = p;
            if k < 24 {
                p *= 10;
            }
            k += 1;
        }
        b
    };
    BOUNDS.get(v.scale() as usize).is_none_or(|&bound| v.mantissa().unsigned_abs() < bound)
}

/// What the gate refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An amount of 10¹⁴ or more in its unit.
    AmountBeyondLimit(Decimal),
    /// A list longer than its limit (`what` names it).
    TooMany { what: &'static str, count: usize, limit: usize },
    /// A string longer than `MAX_CHARS` characters.
    TooLong { chars: usize },
    /// A function row's code that is neither blank nor 3, 5 or 7 digits (类 / 款 / 项).
    BadCode(String),
    /// A year outside `YEARS`.
    BadYear(i32),
    /// A source pointing at a file the budget does not name.
    NoSuchFile(u32),
}

impl Problem {
    /// The problem in Chinese, as the importer words its errors.
    pub fn zh(&self) -> String {
        match self {
            Problem::AmountBeyondLimit(v) => {
                format!("金额 {v} 过大：yusuan 只读取小于 10^14（100,000,000,000,000，按其单位计）的金额")
            }
            Problem::TooMany { what, count, limit } => format!("{what}有 {count} 条，超过 yusuan 的上限 {limit} 条"),
            Problem::TooLong { chars } => format!("文字有 {chars} 个字符，超过 yusuan 的上限 {MAX_CHARS} 个"),
            Problem::BadCode(c) => format!("科目编码 «{}» 不是 3、5 或 7 位数字（类、款、项）", clip(c)),
            Problem::BadYear(y) => format!("年份 {y} 不在 {}–{} 之间", YEARS.start(), YEARS.end()),
            Problem::NoSuchFile(f) => format!("出处指向第 {} 个文件，预算却没有这个文件", f + 1),
        }
    }
    /// The problem in English, as the JSON, CSV and wire readers word theirs.
    pub fn en(&self) -> String {
        match self {
            Problem::AmountBeyondLimit(v) => format!(
                "amount \"{v}\" is too large: yusuan reads amounts below 10^14 (100,000,000,000,000) in their unit"
            ),
            Problem::TooMany { what, count, limit } => {
                format!("{count} entries ({what}); yusuan reads at most {limit}")
            }
            Problem::TooLong { chars } => format!("text of {chars} characters; yusuan reads at most {MAX_CHARS}"),
            Problem::BadCode(c) => {
                format!("code \"{}\" is not a function classification code (3, 5 or 7 digits, or blank)", clip(c))
            }
            Problem::BadYear(y) => format!("year {y} is outside {}–{}", YEARS.start(), YEARS.end()),
            Problem::NoSuchFile(f) => format!("source file {f}: the budget names no such file"),
        }
    }
}

/// The first 40 characters of a string the gate quotes.
fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Where the gate refused: the JSON path of the value in our format
/// (`budget.function_tables[0].rows[3].total`), the value's source where it has one, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub path: String,
    pub source: Option<Source>,
    pub problem: Problem,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.problem.en())
    }
}

impl std::error::Error for Rejection {}

/// Lets `budget` in when it keeps every limit and invariant; otherwise says where it does not
/// (the first fault in field order).
// A large `Err` (a `Source` in it) is fine here: it is made once per refused document, and the
// walk itself passes a box (`Checked`).
#[allow(clippy::result_large_err)]
pub fn admit(budget: Budget) -> Result<Budget, Rejection> {
    check(&budget)?;
    Ok(budget)
}

/// The checks of `admit`, on a borrowed budget.
#[allow(clippy::result_large_err)]
pub fn check(budget: &Budget) -> Result<(), Rejection> {
    let mut w = Walk { path: vec![Seg::Key("budget")], files: budget.files.len() };
    w.budget(budget).map_err(|r| *r)
}

#[derive(Clone, Copy)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

/// The walk over a budget, with the path of where it is (rendered only for a rejection).
struct Walk {
    path: Vec<Seg>,
    /// How many files the budget names (`Source::file` must point at one).
    files: usize,
}

/// Boxed: a `Result` one word wide keeps the walk's code small (every check passes it along).
type Checked = Result<(), Box<Rejection>>;

impl Walk {
    #[inline(never)]
    fn reject(&self, key: Option<&'static str>, source: Option<&Source>, problem: Problem) -> Box<Rejection> {
        let mut path = String::new();
        for seg in self.path.iter().copied().chain(key.map(Seg::Key)) {
            match seg {
                Seg::Key(k) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                }
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        Box::new(Rejection { path, source: source.cloned(), problem })
    }

    fn amount(&self, key: &'static str, v: Decimal, source: &Source) -> Checked {
        if below_limit(v) {
            Ok(())
        } else {
            Err(self.reject(Some(key), Some(source), Problem::AmountBeyondLimit(v)))
        }
    }

    fn maybe(&self, key: &'static str, v: Option<Decimal>, source: &Source) -> Checked {
        v.map_or(Ok(()), |v| self.amount(key, v, source))
    }

    fn text(&self, key: &'static str, s: &str, source: Option<&Source>) -> Checked {
        // Bytes bound characters from above: most strings are out without counting.
        if s.len() <= MAX_CHARS {
            return Ok(());
        }
        let chars = s.chars().count();
        if chars <= MAX_CHARS {
            return Ok(());
        }
        Err(self.reject(Some(key), source, Problem::TooLong { chars }))
    }

    fn year(&self, key: &'static str, y: Option<i32>, source: Option<&Source>) -> Checked {
        match y {
            Some(y) if !YEARS.contains(&y) => Err(self.reject(Some(key), source, Problem::BadYear(y))),
            _ => Ok(()),
        }
    }

    fn source(&mut self, s: &Source) -> Checked {
        self.path.push(Seg::Key("source"));
        let Source { line: _, table, label, page: _, file } = s;
        if let Some(f) = file {
            if *f as usize >= self.files {
                self.path.pop();
                return Err(self.reject(Some("source"), Some(s), Problem::NoSuchFile(*f)));
            }
        }
        let r = self.text("table", table.as_deref().unwrap_or(""), Some(s)).and_then(|_| self.text("label", label, Some(s)));
        self.path.pop();
        r
    }

    /// Each entry of `list` under `key`, counted against `limit` first.
    fn list<T>(
        &mut self,
        key: &'static str,
        what: &'static str,
        list: &[T],
        limit: usize,
        mut each: impl FnMut(&mut Walk, &T) -> Checked,
    ) -> Checked {
        if list.len() > limit {
            return Err(self.reject(Some(key), None, Problem::TooMany { what, count: list.len(), limit }));
        }
        self.path.push(Seg::Key(key));
        for (i, item) in list.iter().enumerate() {
            self.path.push(Seg::Index(i));
            let r = each(self, item);
            self.path.pop();
            r?;
        }
        self.path.pop();
        Ok(())
    }

    fn nested<T>(&mut self, key: &'static str, item: &T, each: impl FnOnce(&mut Walk, &T) -> Checked) -> Checked {
        self.path.push(Seg::Key(key));
        let r = each(self, item);
        self.path.pop();
        r
    }

    fn budget(&mut self, b: &Budget) -> Checked {
        // Every field named: one added to `Budget` must be added here too (the compiler says so).
        let Budget {
            department,
            year,
            kind: _,
            unit: _,
            income,
            totals,
            function_tables,
            economic,
            projects,
            sangong,
            sangong_text,
            comparisons,
            statements,
            procurement,
            performance,
            missing_tables,
            warnings,
            files,
        } = b;
        self.text("department", department, None)?;
        self.year("year", *year, None)?;
        self.list("income", "收入行", income, MAX_ENTRIES, Walk::line)?;
        self.list("totals", "合计数", totals, MAX_ENTRIES, |w, t| {
            w.amount("amount", t.amount, &t.source)?;
            w.source(&t.source)
        })?;
        let rows: usize = function_tables.iter().map(|t| t.rows.len()).sum();
        if rows > MAX_ROWS {
            return Err(self.reject(
                Some("function_tables"),
                None,
                Problem::TooMany { what: "功能分类表的行", count: rows, limit: MAX_ROWS },
            ));
        }
        self.list("function_tables", "功能分类表", function_tables, MAX_ENTRIES, |w, t| {
            let FunctionTable { title, unit: _, rows, total } = t;
            w.text("title", title, None)?;
            w.list("rows", "功能分类表的行", rows, MAX_ROWS, Walk::row)?;
            match total {
                Some(r) => w.nested("total", r, Walk::row),
                None => Ok(()),
            }
        })?;
        self.list("economic", "经济分类行", economic, MAX_ENTRIES, |w, e| {
            w.amount("amount", e.amount, &e.source)?;
            w.source(&e.source)
        })?;
        self.list("projects", "项目", projects, MAX_ENTRIES, |w, p| {
            let Project { name, amount, unit: _, components, components_complete: _, prior, source } = p;
            w.text("name", name, Some(source))?;
            w.amount("amount", *amount, source)?;
            w.list("components", "项目的组成部分", components, MAX_ENTRIES, |w, c| {
                w.text("name", &c.name, Some(&c.source))?;
                w.amount("amount", c.amount, &c.source)?;
                w.source(&c.source)
            })?;
            w.prior("prior", prior.as_ref())?;
            w.source(source)
        })?;
        self.list("sangong", "“三公”经费行", sangong, MAX_ENTRIES, |w, s| {
            let SanGong { year, phase: _, total, abroad, reception, vehicles, vehicle_purchase, vehicle_operation, unit: _, source } = s;
            w.year("year", *year, Some(source))?;
            w.maybe("total", *total, source)?;
            w.maybe("abroad", *abroad, source)?;
            w.maybe("reception", *reception, source)?;
            w.maybe("vehicles", *vehicles, source)?;
            w.maybe("vehicle_purchase", *vehicle_purchase, source)?;
            w.maybe("vehicle_operation", *vehicle_operation, source)?;
            w.source(source)
        })?;
        self.list("sangong_text", "“三公”经费说明", sangong_text, MAX_ENTRIES, |w, s| {
            w.amount("amount", s.amount, &s.source)?;
            w.prior("prior", s.prior.as_ref())?;
            w.source(&s.source)
        })?;
        self.list("comparisons", "与上年的比较", comparisons, MAX_ENTRIES, |w, c| {
            w.text("subject", &c.subject, Some(&c.prior.source))?;
            w.amount("amount", c.amount, &c.prior.source)?;
            w.prior("prior", Some(&c.prior))
        })?;
        self.list("statements", "正文所述金额", statements, MAX_ENTRIES, |w, s| {
            let Statement { subject, path, amount, unit: _, percent, percent_of, initial_budget, source } = s;
            w.text("subject", subject, Some(source))?;
            w.list("path", "科目路径", path, MAX_ENTRIES, |w, p| w.text("name", p, Some(source)))?;
            w.amount("amount", *amount, source)?;
            w.maybe("percent", *percent, source)?;
            w.text("percent_of", percent_of.as_deref().unwrap_or(""), Some(source))?;
            w.maybe("initial_budget", *initial_budget, source)?;
            w.source(source)
        })?;
        if let Some(p) = procurement {
            self.nested("procurement", p, |w, p| {
                let Procurement { total, goods, works, services, unit: _, source } = p;
                w.amount("total", *total, source)?;
                w.maybe("goods", *goods, source)?;
                w.maybe("works", *works, source)?;
                w.maybe("services", *services, source)?;
                w.source(source)
            })?;
        }
        if let Some(p) = performance {
            self.nested("performance", p, |w, p| {
                let Performance { tasks, stated_total, goal, indicators } = p;
                w.list("tasks", "绩效任务", tasks, MAX_ENTRIES, |w, t| {
                    let Task { name, description, total, fiscal, other, unit: _, source } = t;
                    w.text("name", name, Some(source))?;
                    w.text("description", description, Some(source))?;
                    w.amount("total", *total, source)?;
                    w.maybe("fiscal", *fiscal, source)?;
                    w.maybe("other", *other, source)?;
                    w.source(source)
                })?;
                if let Some(l) = stated_total {
                    w.nested("stated_total", l, Walk::line)?;
                }
                w.text("goal", goal, None)?;
                w.list("indicators", "绩效指标", indicators, MAX_ENTRIES, |w, i| {
                    let Indicator { level1, level2, name, target, source } = i;
                    for (k, s) in [("level1", level1), ("level2", level2), ("name", name), ("target", target)] {
                        w.text(k, s, Some(source))?;
                    }
                    w.source(source)
                })
            })?;
        }
        self.list("missing_tables", "未印出的表", missing_tables, MAX_ENTRIES, |w, t| w.text("title", t, None))?;
        self.list("warnings", "导入提示", warnings, MAX_ENTRIES, |w, x| w.text("message", &x.message, None))?;
        self.list("files", "文件", files, MAX_FILES, |w, f| w.text("name", f, None))
    }

    fn line(&mut self, l: &Line) -> Checked {
        let Line { name, amount, unit: _, depth: _, source } = l;
        self.text("name", name, Some(source))?;
        self.amount("amount", *amount, source)?;
        self.source(source)
    }

    fn row(&mut self, r: &FunctionRow) -> Checked {
        let FunctionRow { code, name, total, basic, project, source } = r;
        let digits = code.bytes().all(|b| b.is_ascii_digit());
        if !(code.is_empty() || digits && matches!(code.len(), 3 | 5 | 7)) {
            return Err(self.reject(Some("code"), Some(source), Problem::BadCode(code.clone())));
        }
        self.text("name", name, Some(source))?;
        self.maybe("total", *total, source)?;
        self.maybe("basic", *basic, source)?;
        self.maybe("project", *project, source)?;
        self.source(source)
    }

    fn prior(&mut self, key: &'static str, p: Option<&PriorYear>) -> Checked {
        let Some(p) = p else { return Ok(()) };
        self.nested(key, p, |w, p| {
            let PriorYear { year, amount, change, percent, unchanged: _, unit: _, source } = p;
            // 0: the year is not known (a CSV's prior-year column that names none).
            w.year("year", Some(*year).filter(|&y| y != 0), Some(source))?;
            w.maybe("amount", *amount, source)?;
            w.maybe("change", *change, source)?;
            w.maybe("percent", *percent, source)?;
            w.source(source)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn row(code: &str, total: &str) -> FunctionRow {
        FunctionRow {
            code: code.into(),
            name: "一般公共服务支出".into(),
            total: Some(Decimal::from_str(total).unwrap()),
            basic: None,
            project: None,
            source: Source::row(2, "表", "一般公共服务支出"),
        }
    }

    fn with_rows(rows: Vec<FunctionRow>) -> Budget {
        Budget {
            function_tables: vec![FunctionTable { title: "表".into(), unit: crate::money::Unit::Wanyuan, rows, total: None }],
            ..Budget::default()
        }
    }

    #[test]
    fn below_limit_agrees_with_the_decimal_comparison() {
        for s in [
            "0", "1", "-1", "99999999999999", "99999999999999.99", "100000000000000", "-100000000000000",
            "100000000000000.00", "99999999999999.9999999999999", "0.0000000000000000000000000001",
            "79228162514264337593543950335", "-79228162514264337593543950335", "7.9228162514264337593543950335",
            "1000000000000000", "12345678901234.5678",
        ] {
            let v = Decimal::from_str(s).unwrap();
            assert_eq!(below_limit(v), v.abs() < AMOUNT_LIMIT, "{s}");
        }
        for scale in 0..=28 {
            for m in [1i128, 99_999_999_999_999, 100_000_000_000_000, 10i128.pow(20), 79_228_162_514_264_337_593_543_950_335] {
                let v = Decimal::from_i128_with_scale(m, scale);
                assert_eq!(below_limit(v), v.abs() < AMOUNT_LIMIT, "{m} scale {scale}");
            }
        }
    }

    #[test]
    fn amounts_at_the_limit_are_refused_with_their_path_and_source() {
        assert!(admit(with_rows(vec![row("201", "99999999999999.99")])).is_ok());
        let r = admit(with_rows(vec![row("201", "1"), row("20101", "-100000000000000")])).unwrap_err();
        assert_eq!(r.path, "budget.function_tables[0].rows[1].total");
        assert_eq!(r.source.as_ref().map(|s| s.line), Some(2));
        assert_eq!(r.problem, Problem::AmountBeyondLimit(Decimal::from_str("-100000000000000").unwrap()));
        assert!(r.problem.zh().starts_with("金额 -100000000000000 过大"), "{}", r.problem.zh());
    }

    #[test]
    fn codes_strings_years_and_counts_are_bounded() {
        let r = admit(with_rows(vec![row("20a", "1")])).unwrap_err();
        assert_eq!((r.path.as_str(), r.problem), ("budget.function_tables[0].rows[0].code", Problem::BadCode("20a".into())));
        assert!(admit(with_rows(vec![row("", "1"), row("2010101", "1")])).is_ok());
        let long = Budget { department: "名".repeat(MAX_CHARS + 1), ..Budget::default() };
        let r = admit(long).unwrap_err();
        assert_eq!((r.path.as_str(), r.problem), ("budget.department", Problem::TooLong { chars: MAX_CHARS + 1 }));
        assert!(admit(Budget { department: "名".repeat(MAX_CHARS), ..Budget::default() }).is_ok());
        let r = admit(Budget { year: Some(20222), ..Budget::default() }).unwrap_err();
        assert_eq!(r.problem, Problem::BadYear(20222));
        let many = Budget {
            warnings: vec![Warning { line: 1, message: String::new(), page: None }; MAX_ENTRIES + 1],
            ..Budget::default()
        };
        let r = admit(many).unwrap_err();
        assert_eq!(r.path, "budget.warnings");
        assert!(matches!(r.problem, Problem::TooMany { count, .. } if count == MAX_ENTRIES + 1));
        let mut b = with_rows(vec![row("201", "1")]);
        b.sangong.push(SanGong {
            year: Some(2022),
            phase: None,
            total: None,
            abroad: None,
            reception: None,
            vehicles: None,
            vehicle_purchase: Some(Decimal::MAX),
            vehicle_operation: None,
            unit: crate::money::Unit::Yuan,
            source: Source::row(9, "三公", "2022年"),
        });
        assert_eq!(admit(b).unwrap_err().path, "budget.sangong[0].vehicle_purchase");
    }
}
