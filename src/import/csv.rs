//! CSV of a simple line table, as a spreadsheet user writes it: code, name, amount, optionally
//! 基本支出 / 项目支出 and last year's amount → a `Budget` with one function table.
//!
//! Accepted: a header row in Chinese or English (`科目编码,科目名称,金额（万元）` or
//! `code,name,amount`), codes joined (`2010301`) or split into 类 / 款 / 项 columns (`201,03,01`,
//! with blank upper parts filled from the rows above), the unit in the header (`金额（万元）`) or
//! on a line of its own (`单位：万元`) before the header, a title line, thousands separators,
//! RFC 4180 quoting, a UTF-8 BOM, and `,` `;` or tab as separator (whatever the header row uses).
//! A row without code whose name is 合计 / total is the table's total.
//!
//! Nothing is guessed silently: a cell that is not an amount, a code that is not 3, 5 or 7 digits,
//! a code printed twice, a row longer than the header, an unclosed quote are errors naming the row
//! (the line of the file, 1-based) and the column. An unstated unit is read as 万元 with a warning.

use crate::model::{Budget, Comparison, DocKind, FunctionRow, FunctionTable, Level, Measure, PriorYear, Source, Warning};
use crate::money::{parse_amount, Unit};
use rust_decimal::Decimal;
use std::fmt;

/// Where and what: `row 7, column amount: '1,2,3' is not an amount`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// Line of the file where the record starts (1-based); 0 for the file as a whole.
    pub row: usize,
    /// The column's role (`code`, `name`, `amount`, `basic`, `project`, `prior`, `class`,
    /// `section`, `item`) and, when it differs, the header as printed.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, &self.column) {
            (0, _) => f.write_str(&self.message),
            (r, Some(c)) => write!(f, "row {r}, column {c}: {}", self.message),
            (r, None) => write!(f, "row {r}: {}", self.message),
        }
    }
}

impl std::error::Error for CsvError {}

fn err(row: usize, message: impl Into<String>) -> CsvError {
    CsvError {
        row,
        column: None,
        message: message.into(),
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Code,
    Class,
    Section,
    Item,
    Name,
    Amount,
    Basic,
    Project,
    Prior,
    /// 占比 / share / 备注: read by people, not by yusuan.
    Ignored,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Code => "code",
            Role::Class => "class",
            Role::Section => "section",
            Role::Item => "item",
            Role::Name => "name",
            Role::Amount => "amount",
            Role::Basic => "basic",
            Role::Project => "project",
            Role::Prior => "prior",
            Role::Ignored => "ignored",
        }
    }
    fn is_money(self) -> bool {
        matches!(self, Role::Amount | Role::Basic | Role::Project | Role::Prior)
    }
}

const HEADERS: &[(Role, &[&str])] = &[
    (
        Role::Code,
        &[
            "编码",
            "科目编码",
            "功能分类科目编码",
            "功能科目编码",
            "代码",
            "科目代码",
            "code",
            "functioncode",
            "function_code",
        ],
    ),
    (Role::Class, &["类", "class"]),
    (Role::Section, &["款", "section"]),
    (Role::Item, &["项", "item"]),
    (
        Role::Name,
        &[
            "名称",
            "科目名称",
            "功能分类科目名称",
            "功能科目名称",
            "科目",
            "name",
            "functionname",
            "function_name",
        ],
    ),
    (
        Role::Amount,
        &[
            "金额",
            "合计",
            "总计",
            "支出合计",
            "本年合计",
            "本年金额",
            "本年预算",
            "本年预算数",
            "预算数",
            "决算数",
            "amount",
            "total",
        ],
    ),
    (Role::Basic, &["基本支出", "基本", "basic", "basicexpenditure"]),
    (
        Role::Project,
        &["项目支出", "project", "projects", "projectexpenditure"],
    ),
    (
        Role::Prior,
        &[
            "上年",
            "上年金额",
            "上年数",
            "上年预算",
            "上年预算数",
            "上年决算",
            "上年决算数",
            "上年执行数",
            "prior",
            "prioryear",
            "lastyear",
            "prior_year",
            "last_year",
        ],
    ),
    (
        Role::Ignored,
        &[
            "占比",
            "比重",
            "share",
            "percent",
            "%",
            "备注",
            "note",
            "notes",
            "增减",
            "增减幅度",
            "change",
        ],
    ),
];

/// A recognised header cell: role, unit stated in it, the header as printed.
#[derive(Debug, Clone)]
struct Column {
    role: Role,
    unit: Option<Unit>,
    printed: String,
    /// A year the header names (`2023年预算数`).
    year: Option<i32>,
}

impl Column {
    fn label(&self) -> String {
        if normalise(&self.printed) == self.role.as_str() {
            self.role.as_str().to_string()
        } else {
            format!("{} «{}»", self.role.as_str(), self.printed.trim())
        }
    }
}

/// A cell without the `'` a spreadsheet writer puts before `=` `+` `-` `@` (formula guard).
fn unguard(cell: &str) -> &str {
    let t = cell.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => t,
    }
}

/// Lower case, no spaces (also full-width), no BOM, no spreadsheet guard `'`.
fn normalise(s: &str) -> String {
    s.trim_start_matches('\u{FEFF}')
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The unit a header's brackets or a unit line name, exactly: 元 / 万元 / 亿元 (also 人民币万元),
/// yuan / 10k yuan / 10,000 yuan / 100m yuan. `美元` is not 元.
fn unit_in(text: &str) -> Option<Unit> {
    let t = normalise(text);
    let t = t.strip_prefix("人民币").unwrap_or(&t);
    match t {
        "元" | "yuan" | "rmb" | "cny" | "rmbyuan" | "cnyyuan" => Some(Unit::Yuan),
        "万元" | "万" | "10kyuan" | "10,000yuan" | "10000yuan" | "tenthousandyuan" | "yuan10k" => {
            Some(Unit::Wanyuan)
        }
        "亿元" | "亿" | "100myuan" | "100millionyuan" | "100,000,000yuan" | "100000000yuan" => Some(Unit::Yiyuan),
        _ => None,
    }
}

/// `单位：万元`, `金额单位: 元`, `Unit: 10k yuan` → the text after the label; `None` for other text.
fn unit_line(cell: &str) -> Option<&str> {
    let t = cell.trim();
    let lower = t.to_lowercase();
    let label = ["金额单位", "单位", "unit", "units"]
        .into_iter()
        .find(|l| lower.starts_with(l))?;
    let rest = t.get(label.len()..)?.trim_start();
    rest.strip_prefix([':', '：']).map(str::trim)
}

/// `20dd` in the text (a year), when there is exactly one.
fn only_year_in(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = None;
    for i in 0..chars.len() {
        let Some(w) = chars.get(i..i + 4) else { break };
        let digits = w.iter().all(|c| c.is_ascii_digit());
        let before = i
            .checked_sub(1)
            .and_then(|j| chars.get(j))
            .is_some_and(|c| c.is_ascii_digit());
        let after = chars.get(i + 4).is_some_and(|c| c.is_ascii_digit());
        if digits && !before && !after && w.first() == Some(&'2') && w.get(1) == Some(&'0') {
            let y: String = w.iter().collect();
            let y: i32 = y.parse().ok()?;
            if found.is_some_and(|f| f != y) {
                return None;
            }
            found = Some(y);
        }
    }
    found
}

/// Reads a header cell: `金额（万元）` → amount in 万元; `Amount (10k yuan)` → amount in 万元.
fn column_of(cell: &str) -> Option<Column> {
    let printed = cell.trim().trim_start_matches('\u{FEFF}').to_string();
    let mut body = printed.clone();
    let mut unit = None;
    // A trailing (…) or （…） naming a unit.
    if let Some(open) = body.rfind(['(', '（']) {
        let inner = body
            .get(open..)
            .unwrap_or_default()
            .trim_matches(|c| matches!(c, '(' | ')' | '（' | '）'));
        if body.ends_with([')', '）']) {
            if let Some(u) = unit_in(inner) {
                unit = Some(u);
                body = body.get(..open).unwrap_or_default().to_string();
            }
        }
    }
    let key = normalise(&body);
    let year = only_year_in(&key);
    // `2023年预算数` → 预算数 with a year; `上年（2023年）` has its year in the brackets.
    let bare: String = key
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches('年')
        .to_string();
    let role = HEADERS
        .iter()
        .find(|(_, words)| words.iter().any(|w| *w == key || (!bare.is_empty() && *w == bare)))
        .map(|(r, _)| *r)?;
    let year = year.or_else(|| only_year_in(&printed));
    Some(Column {
        role,
        unit,
        printed,
        year,
    })
}

/// One record of the file: its first line (1-based) and its fields.
#[derive(Debug)]
struct Record {
    row: usize,
    cells: Vec<String>,
}

impl Record {
    fn blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// RFC 4180 records with `sep`: quoted fields may hold the separator, `""` and line breaks.
fn records(text: &str, sep: char) -> Result<Vec<Record>, CsvError> {
    let (recs, unclosed) = records_lenient(text, sep);
    match unclosed {
        Some(e) => Err(e),
        None => Ok(recs),
    }
}

/// The records, and the error of a quote left open at the end (the records read until then are
/// kept: the header search reads a cut-off head of the file).
fn records_lenient(text: &str, sep: char) -> (Vec<Record>, Option<CsvError>) {
    let mut out = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut line = 1usize;
    let mut start = 1usize;
    let mut quoted = false;
    let mut quote_row = 0usize;
    let mut at_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                quote_row = line;
                at_start = false;
            }
            c if c == sep => {
                cells.push(std::mem::take(&mut cell));
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                cells.push(std::mem::take(&mut cell));
                out.push(Record {
                    row: start,
                    cells: std::mem::take(&mut cells),
                });
                line += 1;
                start = line;
                at_start = true;
            }
            _ => {
                // Spaces before an opening quote (`, "1,234"`) still let the quote open.
                if !(at_start && (c == ' ' || c == '\t')) {
                    at_start = false;
                }
                cell.push(c);
            }
        }
    }
    let unclosed = quoted.then(|| {
        err(
            quote_row,
            "a quoted field (\"…) is not closed before the end of the file",
        )
    });
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        out.push(Record { row: start, cells });
    }
    (out, unclosed)
}

/// How many header rows to look through (a title and a unit line may come first).
const HEADER_SEARCH: usize = 12;

/// The separator and header of the file: the separator that splits a row into the most
/// recognised columns, among the first non-blank lines.
fn find_header(text: &str) -> Option<(char, usize)> {
    let mut best: Option<(usize, char, usize)> = None;
    for sep in [',', '\t', ';'] {
        // A bad quote further down is not this search's business: look at the first lines only.
        let head: String = text.lines().take(HEADER_SEARCH * 2).collect::<Vec<_>>().join("\n");
        let (recs, _) = records_lenient(&head, sep);
        for (i, r) in recs.iter().filter(|r| !r.blank()).take(HEADER_SEARCH).enumerate() {
            let cols: Vec<Column> = r.cells.iter().filter_map(|c| column_of(c)).collect();
            let money = cols.iter().any(|c| c.role.is_money());
            let keyed = cols
                .iter()
                .any(|c| matches!(c.role, Role::Code | Role::Class | Role::Name));
            let score = cols.iter().filter(|c| c.role != Role::Ignored).count();
            if money && keyed && score >= 2 && best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, sep, i));
            }
        }
    }
    best.map(|(_, sep, i)| (sep, i))
}

/// Does this text look like a CSV line table (a header row among its first five non-blank lines)?
/// Published documents start with a title and a table of contents, so their tables come later.
pub fn looks_like_csv(text: &str) -> bool {
    // The first lines only, and at most this much of them: a document without line breaks is not
    // searched through (its one line can be megabytes).
    const HEAD: usize = 4096;
    let mut end = text.len().min(HEAD);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head: String = text[..end]
        .trim_start_matches('\u{FEFF}')
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .collect::<Vec<_>>()
        .join("\n");
    find_header(&head).is_some()
}

/// Reads a CSV line table into a budget with one function table.
pub fn import_csv(text: &str) -> Result<Budget, CsvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(err(0, "the file is empty"));
    }
    let Some((sep, header_at)) = find_header(text) else {
        return Err(err(
            0,
            format!(
                "no header row in the first {HEADER_SEARCH} lines: expected columns such as 科目编码/code, \
                 科目名称/name and 金额/amount (or 合计/total), separated by `,` `;` or tab"
            ),
        ));
    };
    let recs = records(text, sep)?;
    let mut rows = recs.iter().filter(|r| !r.blank());
    let preamble: Vec<&Record> = rows.by_ref().take(header_at).collect();
    let Some(header) = rows.next() else {
        return Err(err(0, "no header row"));
    };
    let mut warnings: Vec<Warning> = Vec::new();

    // Columns.
    let mut cols: Vec<Option<Column>> = Vec::new();
    for (i, cell) in header.cells.iter().enumerate() {
        let col = column_of(cell);
        if let Some(c) = &col {
            if c.role != Role::Ignored {
                if let Some(j) = cols.iter().position(|o| o.as_ref().is_some_and(|o| o.role == c.role)) {
                    return Err(CsvError {
                        row: header.row,
                        column: Some(c.label()),
                        message: format!(
                            "a second {} column (columns {} and {}); keep one",
                            c.role.as_str(),
                            j + 1,
                            i + 1
                        ),
                    });
                }
            }
        } else if !cell.trim().is_empty() {
            warnings.push(Warning {
                line: header.row as u32,
                message: format!(
                    "column {} «{}» is not one yusuan reads; it is left out",
                    i + 1,
                    cell.trim()
                ),
                page: None,
            });
        }
        cols.push(col);
    }
    let find = |role: Role| cols.iter().position(|c| c.as_ref().is_some_and(|c| c.role == role));
    let (code_at, class_at, section_at, item_at) = (
        find(Role::Code),
        find(Role::Class),
        find(Role::Section),
        find(Role::Item),
    );
    let name_at = find(Role::Name);
    let (amount_at, basic_at, project_at, prior_at) = (
        find(Role::Amount),
        find(Role::Basic),
        find(Role::Project),
        find(Role::Prior),
    );
    if code_at.is_none() && class_at.is_none() {
        return Err(err(
            header.row,
            "the header has no code column (科目编码/编码/code, or 类/款/项 columns)",
        ));
    }
    if name_at.is_none() {
        return Err(err(header.row, "the header has no name column (科目名称/名称/name)"));
    }
    if amount_at.is_none() && basic_at.is_none() && project_at.is_none() {
        return Err(err(
            header.row,
            "the header has no amount column (金额/合计/amount/total)",
        ));
    }

    // Preamble: title, unit line, department line (each may share a row with the others).
    let mut title = String::new();
    let mut stated_unit: Option<(Unit, usize)> = None;
    let mut department = String::new();
    for r in &preamble {
        for c in r.cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            if let Some(u) = unit_line(c) {
                match unit_in(u) {
                    Some(u) => stated_unit = Some((u, r.row)),
                    None => return Err(err(r.row, format!("'{c}' names no unit yusuan knows (元, 万元, 亿元)"))),
                }
            } else if let Some(rest) = ["部门", "编制单位", "单位名称", "预算单位", "department"]
                .iter()
                .find_map(|l| c.to_lowercase().starts_with(l).then(|| c.get(l.len()..)).flatten())
                .and_then(|rest| rest.trim_start().strip_prefix([':', '：']))
            {
                department = rest.trim().to_string();
            } else if title.is_empty() {
                title = c.to_string();
            }
        }
    }

    // One unit for the table: every amount header and the unit line must agree.
    let mut unit: Option<(Unit, String)> = stated_unit.map(|(u, _)| (u, "the unit line".to_string()));
    for c in cols.iter().flatten().filter(|c| c.role.is_money()) {
        if let Some(u) = c.unit {
            match &unit {
                Some((v, from)) if *v != u => {
                    return Err(CsvError {
                        row: header.row,
                        column: Some(c.label()),
                        message: format!(
                            "unit {} differs from {} in {from}; one table has one unit",
                            u.zh(),
                            v.zh()
                        ),
                    })
                }
                Some(_) => {}
                None => unit = Some((u, format!("column {}", c.label()))),
            }
        }
    }
    let unit = match unit {
        Some((u, _)) => u,
        None => {
            warnings.push(Warning {
                line: header.row as u32,
                message: "no unit stated (a line 单位：万元, or 金额（万元） in the header); amounts read as 万元"
                    .into(),
                page: None,
            });
            Unit::Wanyuan
        }
    };

    let kind_text = format!("{title} {}", header.cells.join(" "));
    let kind = if kind_text.contains("决算") {
        DocKind::FinalAccounts
    } else {
        DocKind::Budget
    };
    let year = only_year_in(&title).or_else(|| {
        amount_at
            .and_then(|i| cols.get(i))
            .and_then(|c| c.as_ref())
            .and_then(|c| c.year)
    });
    if department.is_empty() && year.is_some() {
        department = department_of(&title);
    }
    let table_title = if title.is_empty() {
        "CSV".to_string()
    } else {
        title.clone()
    };
    let prior_year = prior_at
        .and_then(|i| cols.get(i))
        .and_then(|c| c.as_ref())
        .and_then(|c| c.year)
        .or(year.map(|y| y - 1));
    if prior_at.is_some() && prior_year.is_none() {
        warnings.push(Warning {
            line: header.row as u32,
            message: "the prior-year column names no year and the title none either; its year is recorded as 0".into(),
            page: None,
        });
    }

    let label = |at: usize| {
        cols.get(at)
            .and_then(|c| c.as_ref())
            .map(|c| c.label())
            .unwrap_or_default()
    };
    let cell = |r: &Record, at: Option<usize>| -> String {
        at.and_then(|i| r.cells.get(i))
            .map(|c| unguard(c).trim().to_string())
            .unwrap_or_default()
    };
    let money = |r: &Record, at: Option<usize>| -> Result<Option<Decimal>, CsvError> {
        let raw = cell(r, at);
        if raw.is_empty() || matches!(raw.as_str(), "-" | "—" | "－" | "–") {
            return Ok(None);
        }
        parse_amount(&raw).map(Some).ok_or_else(|| CsvError {
            row: r.row,
            column: at.map(label),
            message: format!("'{raw}' is not an amount (write it as 1234.50 or 1,234.50)"),
        })
    };

    let mut fn_rows: Vec<FunctionRow> = Vec::new();
    let mut total: Option<FunctionRow> = None;
    let mut comparisons: Vec<Comparison> = Vec::new();
    let mut carried: (String, String) = (String::new(), String::new());
    for r in rows {
        if r.cells.iter().skip(header.cells.len()).any(|c| !c.trim().is_empty()) {
            let n = r.cells.len();
            let hint = if sep == ',' {
                "; in a comma-separated file a number with thousands separators must be quoted (\"1,234.00\")"
            } else {
                ""
            };
            return Err(err(
                r.row,
                format!(
                    "{n} fields, but the header (row {}) has {}{hint}",
                    header.row,
                    header.cells.len()
                ),
            ));
        }
        let name = cell(r, name_at);
        let (t, b, p, prior) = (
            money(r, amount_at)?,
            money(r, basic_at)?,
            money(r, project_at)?,
            money(r, prior_at)?,
        );
        if name.is_empty() && t.is_none() && b.is_none() && p.is_none() && prior.is_none() {
            // A note under the table (注：…), or a code alone: nothing to read.
            let text: Vec<&str> = r.cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
            warnings.push(Warning {
                line: r.row as u32,
                message: format!("«{}» has no name and no amount; not read", text.join(" ")),
                page: None,
            });
            continue;
        }
        let code = record_code(r, code_at, class_at, section_at, item_at, &mut carried, &label)?;
        let source = Source::row(r.row as u32, &table_title, &name);
        let Some(code) = code else {
            let key = normalise(&name);
            if matches!(
                key.as_str(),
                "合计" | "总计" | "支出合计" | "本年支出合计" | "total" | "合计数"
            ) {
                if total.is_some() {
                    return Err(err(r.row, "a second 合计 row"));
                }
                if let (Some(py), Some(amount)) = (prior, t) {
                    comparisons.push(comparison(
                        "支出合计",
                        Measure::ExpenditureTotal,
                        amount,
                        py,
                        prior_year,
                        unit,
                        &source,
                    ));
                }
                total = Some(FunctionRow {
                    code: String::new(),
                    name,
                    total: t,
                    basic: b,
                    project: p,
                    source,
                });
                continue;
            }
            if t.is_none() && b.is_none() && p.is_none() && prior.is_none() {
                warnings.push(Warning {
                    line: r.row as u32,
                    message: format!("«{name}» has no code and no amount; not read"),
                    page: None,
                });
                continue;
            }
            return Err(CsvError {
                row: r.row,
                column: code_at.or(class_at).map(label),
                message: "no code: every line needs its 类/款/项 code (only the 合计 row goes without)".into(),
            });
        };
        if name.is_empty() {
            return Err(CsvError {
                row: r.row,
                column: name_at.map(label),
                message: format!("line {code} has no name"),
            });
        }
        if let Some(first) = fn_rows.iter().find(|f| f.code == code) {
            return Err(CsvError {
                row: r.row,
                column: code_at.or(item_at).or(section_at).or(class_at).map(label),
                message: format!("code {code} is already on row {}", first.source.line),
            });
        }
        if let Some(py) = prior {
            match t {
                Some(amount) => comparisons.push(comparison(
                    &name,
                    Measure::Function(code.clone()),
                    amount,
                    py,
                    prior_year,
                    unit,
                    &source,
                )),
                None => warnings.push(Warning {
                    line: r.row as u32,
                    message: format!(
                        "line {code} has last year's amount but none for this year; the comparison is left out"
                    ),
                    page: None,
                }),
            }
        }
        fn_rows.push(FunctionRow {
            code,
            name,
            total: t,
            basic: b,
            project: p,
            source,
        });
    }
    if fn_rows.is_empty() {
        return Err(err(header.row, "the header is followed by no line with a code"));
    }
    let budget = Budget {
        department,
        year,
        kind,
        unit,
        function_tables: vec![FunctionTable {
            title: table_title,
            unit,
            rows: fn_rows,
            total,
        }],
        comparisons,
        warnings,
        ..Budget::default()
    };
    // The gate's refusal named by row and column: the row is the source's line, the column the
    // one the refused field was read from.
    crate::gate::admit(budget).map_err(|r| {
        let at = match r.path.rsplit('.').next().unwrap_or("") {
            "total" => amount_at,
            "basic" => basic_at,
            "project" => project_at,
            "amount" if r.path.contains(".prior.") => prior_at,
            "amount" => amount_at,
            "name" => name_at,
            "code" => code_at.or(item_at).or(section_at).or(class_at),
            _ => None,
        };
        CsvError { row: r.source.as_ref().map_or(0, |s| s.line as usize), column: at.map(label), message: r.problem.en() }
    })
}

fn comparison(
    subject: &str,
    measure: Measure,
    amount: Decimal,
    prior: Decimal,
    year: Option<i32>,
    unit: Unit,
    source: &Source,
) -> Comparison {
    Comparison {
        subject: subject.to_string(),
        measure,
        amount,
        prior: PriorYear {
            year: year.unwrap_or(0),
            amount: Some(prior),
            change: None,
            percent: None,
            unchanged: false,
            unit,
            source: source.clone(),
        },
    }
}

/// `上海市普陀区财政局2024年度部门决算` → `上海市普陀区财政局`; `2022年深圳市某中心部门预算` → `深圳市某中心`.
fn department_of(title: &str) -> String {
    let Some(y) = only_year_in(title) else { return String::new() };
    let y = y.to_string();
    let mut t = title.to_string();
    for word in [format!("{y}年度"), format!("{y} 年"), format!("{y}年"), y] {
        t = t.replacen(&word, " ", 1);
    }
    for word in ["部门预算", "部门决算", "区级", "预算", "决算"] {
        t = t.replace(word, " ");
    }
    t.split_whitespace().collect::<Vec<_>>().join("")
}

/// The row's code: the code column, else the 类 / 款 / 项 columns (blank upper parts taken from
/// the rows above). `None` for a row without any code.
fn record_code(
    r: &Record,
    code_at: Option<usize>,
    class_at: Option<usize>,
    section_at: Option<usize>,
    item_at: Option<usize>,
    carried: &mut (String, String),
    label: &dyn Fn(usize) -> String,
) -> Result<Option<String>, CsvError> {
    let get = |at: Option<usize>| -> String {
        at.and_then(|i| r.cells.get(i))
            .map(|c| c.chars().filter(|c| !c.is_whitespace()).collect())
            .unwrap_or_default()
    };
    let bad = |at: Option<usize>, raw: &str, what: &str| CsvError {
        row: r.row,
        column: at.map(label),
        message: format!("'{raw}' is not {what}"),
    };
    let joined = get(code_at);
    if !joined.is_empty() {
        if Level::of_code(&joined).is_none() {
            return Err(bad(
                code_at,
                &joined,
                "a function code (3, 5 or 7 digits: 类 201, 款 20101, 项 2010101)",
            ));
        }
        // A joined code starts a new branch for rows that use the split columns after it.
        *carried = (
            joined.get(..3).unwrap_or_default().to_string(),
            joined
                .get(..5)
                .filter(|_| joined.len() >= 5)
                .unwrap_or_default()
                .to_string(),
        );
        return Ok(Some(joined));
    }
    let (c, s, i) = (get(class_at), get(section_at), get(item_at));
    if c.is_empty() && s.is_empty() && i.is_empty() {
        return Ok(None);
    }
    let digits = |v: &str| v.bytes().all(|b| b.is_ascii_digit());
    if !c.is_empty() {
        if c.len() != 3 || !digits(&c) {
            return Err(bad(class_at, &c, "a 类 code (3 digits, e.g. 201)"));
        }
        if carried.0 != c {
            *carried = (c.clone(), String::new());
        }
    }
    if !s.is_empty() {
        let class = &carried.0;
        let full = match s.len() {
            2 if digits(&s) => format!("{class}{s}"),
            5 if digits(&s) => s.clone(),
            _ => return Err(bad(section_at, &s, "a 款 code (2 digits after the 类, or all 5)")),
        };
        if class.is_empty() {
            return Err(CsvError {
                row: r.row,
                column: section_at.map(label),
                message: format!("款 '{s}' has no 类: none on this row or above it"),
            });
        }
        if !full.starts_with(class.as_str()) {
            return Err(bad(section_at, &s, &format!("a 款 of 类 {class}")));
        }
        carried.1 = full;
    }
    if !i.is_empty() {
        let section = &carried.1;
        let full = match i.len() {
            2 if digits(&i) => format!("{section}{i}"),
            7 if digits(&i) => i.clone(),
            _ => return Err(bad(item_at, &i, "a 项 code (2 digits after the 款, or all 7)")),
        };
        if section.is_empty() {
            return Err(CsvError {
                row: r.row,
                column: item_at.map(label),
                message: format!(
                    "项 '{i}' has no 款: none on this row or above it under 类 {}",
                    if carried.0.is_empty() { "—" } else { &carried.0 }
                ),
            });
        }
        if !full.starts_with(section.as_str()) {
            return Err(bad(item_at, &i, &format!("a 项 of 款 {section}")));
        }
        return Ok(Some(full));
    }
    if !s.is_empty() {
        return Ok(Some(carried.1.clone()));
    }
    Ok(Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells_with_units_and_years() {
        let c = column_of("金额（万元）").unwrap();
        assert_eq!((c.role, c.unit), (Role::Amount, Some(Unit::Wanyuan)));
        let c = column_of("Amount (10k yuan)").unwrap();
        assert_eq!((c.role, c.unit), (Role::Amount, Some(Unit::Wanyuan)));
        let c = column_of("2023年预算数").unwrap();
        assert_eq!((c.role, c.year), (Role::Amount, Some(2023)));
        let c = column_of("项目支出(元)").unwrap();
        assert_eq!((c.role, c.unit), (Role::Project, Some(Unit::Yuan)));
        assert_eq!(column_of("项").unwrap().role, Role::Item);
        assert!(column_of("说明文字").is_none());
    }

    #[test]
    fn records_follow_rfc_4180() {
        let r = records("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\n", ',').unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].cells, vec!["a", "b,c", "say \"hi\""]);
        assert_eq!(
            (r[1].row, r[1].cells.clone()),
            (2, vec!["two\nlines".to_string(), "x".to_string()])
        );
        assert_eq!(records("a,\"b\n", ',').unwrap_err().row, 1);
    }

    #[test]
    fn years_and_departments_from_titles() {
        assert_eq!(only_year_in("上海市普陀区财政局2024年度部门决算"), Some(2024));
        assert_eq!(only_year_in("20240 号"), None);
        assert_eq!(
            department_of("上海市普陀区财政局2024年度部门决算"),
            "上海市普陀区财政局"
        );
        assert_eq!(
            department_of("2022 年深圳市福田区投资推广和企业服务中心部门预算"),
            "深圳市福田区投资推广和企业服务中心"
        );
    }
}
