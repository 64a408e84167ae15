//! Published document text → `Budget`.
//!
//! The text is what PDF extraction gives: tab-separated tables with every cell (Shenzhen), or
//! space-separated ones whose blank cells vanished, with form-feed page breaks that glue lines
//! (Shanghai). The importer finds tables by title (`titles`), follows them across pages
//! (`tables`), reads each kind (`functions`, `twosided`, `sangong`, `economic`, `performance`),
//! places numbers whose cells vanished by the arithmetic (`resolve`), then reads the prose.
//! Every number keeps the line it was printed on; what cannot be read becomes a warning.

pub mod csv;
mod economic;
mod facts;
mod functions;
mod grid;
mod input;
mod lines;
#[cfg(feature = "pdf")]
mod pdf_lines;
mod performance;
mod prose;
mod resolve;
mod sangong;
mod several;
mod tables;
mod text;
mod titles;
mod twosided;

use crate::model::{
    Budget, EconomicCategory, EconomicLine, FunctionRow, FunctionTable, Level, Source, StatedTotal, TotalKind, Warning,
};
use crate::money::Unit;
use std::fmt;
use tables::Block;
use lines::Line;
use text::{amount, cells, compact, plain_name};
use titles::TableKind;

pub use input::{format_of, read, read_with_progress, Format, InputError};
pub use several::read_files;

/// Why a text could not be read as a budget document at all. Recoverable problems are
/// `Budget::warnings` instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line of the text, 0 when the problem is the whole input.
    pub line: u32,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "第 {} 行：{}", self.line, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for ImportError {}

/// How the importer begins its refusal of a text that is no budget document at all.
const NOT_A_BUDGET: &str = "未找到预算表";

impl ImportError {
    /// The text holds neither a budget table nor a document title: it is not a budget.
    pub fn not_a_budget(&self) -> bool {
        self.message.starts_with(NOT_A_BUDGET)
    }
    /// The input holds no text at all (what a scan's text layer gives).
    pub fn no_text(&self) -> bool {
        self.message.starts_with(lines::EMPTY)
    }
}

/// Input larger than this is refused (8 MiB).
pub use lines::MAX_BYTES;

/// Reads the text of a published 部门预算 / 部门决算.
pub fn import_text(input: &str) -> Result<Budget, ImportError> {
    let (lines, folded) = lines::normalize_noted(input)?;
    import_lines(lines, &folded, input.len(), false)
}

/// Reads a published 部门预算 / 部门决算 as a PDF: its text with the positions the PDF gives
/// (`pdf::read`), laid out as lines (`pdf_lines`), through the same reader as a text. Every number
/// and warning names its page. `progress` hears of the pages read (done, total).
#[cfg(feature = "pdf")]
pub fn import_pdf(bytes: &[u8], progress: &mut dyn FnMut(u32, u32)) -> Result<Budget, InputError> {
    several::read_one(several::Document::pdf(bytes, progress)?)
}

/// The reader of every document, from its numbered lines (text or a PDF laid out).
/// `joined`: several files read as one (`several`), whose second title is no pasted second document.
fn import_lines(mut lines: Vec<Line>, folded: &[u32], input_len: usize, joined: bool) -> Result<Budget, ImportError> {
    let input_len_of = input_len;
    let mut layout = tables::find_tables(&lines);
    let title = facts::title_line(&lines);
    // Two documents pasted into one text: only the first is read (their tables would mix).
    let mut second: Option<Warning> = None;
    if let Some(cut) = facts::second_document(&lines, title, &layout.blocks).filter(|_| !joined) {
        if let Some(l) = lines.get(cut) {
            second = Some(Warning {
                line: l.no,
                message: format!(
                    "此处另起一份文件（«{}»）：两份文件粘贴在了一起？只读取第一份（到第 {} 行为止）",
                    l.text.trim(),
                    l.no.saturating_sub(1)
                ),
                page: None,
            });
        }
        lines.truncate(cut);
        layout = tables::find_tables(&lines);
    }
    // Without a title, tables of a shape yusuan does not read (a 项目支出情况表 in a 绩效评价报告)
    // make no budget either: nothing of a budget would be read from them.
    let only_unread = layout.blocks.iter().all(|b| matches!(b.kind, TableKind::Basic | TableKind::Project | TableKind::Unread));
    if only_unread && title.is_none() {
        let long_lines = lines.len() < 3 && input_len_of > 2000;
        let found: Vec<&str> = layout.blocks.iter().map(|b| b.title.as_str()).take(3).collect();
        return Err(ImportError {
            line: 0,
            message: format!(
                "{NOT_A_BUDGET}（收支总表、支出总表、一般公共预算支出表 …），也未找到文件标题（…部门预算 / …部门决算）：\
                 这不像是公开的部门预算或部门决算的文本{}{}",
                if long_lines { "（全文只有一行：换行符丢失了？）" } else { "" },
                if found.is_empty() { String::new() } else { format!("（只有 «{}»，不是预算的标准表）", found.join("»、«")) }
            ),
        });
    }
    let mut budget = Budget {
        department: facts::department(&lines, title),
        year: facts::year(&lines, title, &layout.blocks),
        kind: facts::kind(&lines, title, &layout.blocks),
        unit: facts::main_unit(&layout.blocks),
        ..Budget::default()
    };
    if layout.blocks.is_empty() {
        budget.warnings.push(Warning { line: 0, message: "文本中未找到表格，只读取正文".into(), page: None });
    }
    if let Some(&first) = folded.first() {
        budget.warnings.push(Warning {
            line: first,
            message: format!(
                "有 {} 行的全角数字或分隔符（１２３，４５６．７８）按半角（123,456.78）读取，第一处在第 {first} 行",
                folded.len()
            ),
            page: None,
        });
    }
    budget.warnings.extend(second);
    if layout.blocks.iter().any(|b| b.unit.is_none()) && layout.blocks.iter().all(|b| b.unit.is_none()) {
        budget.warnings.push(Warning {
            line: layout.blocks.first().map_or(0, |b| b.line),
            message: format!(
                "各表都没有印出单位（单位：元 / 万元）：金额按此类文件常用的单位 {} 读取，请核对原文",
                budget.unit
            ),
            page: None,
        });
    }
    let unsettled = read_tables(&lines, &layout.blocks, &mut budget);
    missing_tables(&layout, &mut budget);

    // Tables first, so the prose reader can tell what the sentences add.
    let numbered: Vec<(u32, &str)> = lines.iter().map(|l| (l.no, l.text.as_str())).collect();
    prose::read_prose(&numbered, &mut budget);
    sangong::settle(&mut budget, unsettled);
    complete_economic(&mut budget);
    // Cells and sentences skip amounts of 10^14 or more; one that still got in (a difference the
    // prose derives) is refused by the gate rather than overflow a sum or a 元 conversion later.
    crate::gate::admit(budget).map_err(rejected)
}

/// The gate's refusal in the importer's words: the line and the place it cites.
fn rejected(r: crate::gate::Rejection) -> ImportError {
    match &r.source {
        Some(s) => ImportError { line: s.line, message: format!("{}（{}）", r.problem.zh(), s.cite()) },
        None => ImportError { line: 0, message: format!("{}（{}）", r.problem.zh(), r.path) },
    }
}

/// Reads a document given as bytes, as a file or a download delivers it: UTF-8 (with or without
/// a BOM), or UTF-16 with its BOM (what Windows Notepad saves as "Unicode"). Other bytes are
/// refused with the line of the first one that does not decode: GBK / GB18030 text must be
/// converted to UTF-8 first. The size limit is checked before anything is decoded.
pub fn import_bytes(input: &[u8]) -> Result<Budget, ImportError> {
    let text = lines::decode(input)?;
    import_text(&text)
}

/// A function table with where it came from, before ordering.
struct Found {
    kind: TableKind,
    table: FunctionTable,
    /// For two-sided tables: per row, printed as a 类 (`一、…`); codes come from the primary table.
    classes: Option<Vec<bool>>,
}

/// Reads every table into the budget; returns the 三公 lines the sentences may still settle.
fn read_tables(lines: &[Line], blocks: &[Block], budget: &mut Budget) -> Vec<sangong::Unsettled> {
    let mut found: Vec<Found> = Vec::new();
    let mut unsettled = Vec::new();
    let warnings = &mut budget.warnings;
    for block in blocks {
        let unit = block.unit.unwrap_or(budget.unit);
        match block.kind {
            TableKind::Overview | TableKind::Fiscal => {
                let t = twosided::read_twosided(block, lines, unit, warnings);
                // The fiscal table states fiscal funds only: its income lines are not the department's,
                // and its totals keep the fiscal title, which the audit and `Budget::stated` read as their scope.
                if block.kind == TableKind::Overview {
                    budget.income.extend(t.income);
                }
                budget.totals.extend(t.totals);
                found.push(Found { kind: block.kind, table: t.expenditure, classes: Some(t.classes) });
            }
            TableKind::Expenditure if !functions::has_codes(block, lines) => {
                budget.totals.extend(per_unit_expenditure(block, lines, unit, &budget.department, warnings));
            }
            TableKind::GeneralFunction
            | TableKind::Expenditure
            | TableKind::Income
            | TableKind::GovFund
            | TableKind::StateCapital => {
                let table = functions::read_functions(block, lines, unit, &budget.department, warnings);
                if matches!(block.kind, TableKind::GeneralFunction | TableKind::Expenditure | TableKind::Income) {
                    budget.totals.extend(table_totals(block.kind, &table));
                }
                found.push(Found { kind: block.kind, table, classes: None });
            }
            TableKind::GeneralBasic => budget.economic.extend(economic::read_economic(block, lines, unit, warnings)),
            TableKind::SanGong => {
                let (rows, open) = sangong::read_sangong(block, lines, unit, budget.year, warnings);
                budget.sangong.extend(rows);
                unsettled.extend(open);
            }
            TableKind::Performance => {
                if budget.performance.is_none() {
                    budget.performance = Some(performance::read_performance(block, lines, unit, warnings));
                }
            }
            TableKind::Unread => {}
            TableKind::Basic | TableKind::Project => warnings.push(Warning {
                line: block.line,
                message: format!(
                    "{}：yusuan 暂不能读取此表的版式，表中数字未导入",
                    block.title
                ),
                page: None,
            }),
        }
    }
    order_function_tables(found, budget);
    unsettled
}

/// The primary table first (一般公共预算 by function, else 支出总表 with codes), then the others
/// in print order; two-sided tables get their codes from the primary one.
fn order_function_tables(mut found: Vec<Found>, budget: &mut Budget) {
    let has_amounts = |t: &FunctionTable| t.rows.iter().any(|r| r.total.is_some() && !r.code.is_empty());
    let primary = found
        .iter()
        .position(|f| f.kind == TableKind::GeneralFunction && has_amounts(&f.table))
        .or_else(|| found.iter().position(|f| f.kind == TableKind::Expenditure && has_amounts(&f.table)));
    let primary_table = primary.map(|i| found.remove(i).table);
    for f in &mut found {
        if let Some(classes) = &f.classes {
            assign_codes(&mut f.table, classes, primary_table.as_ref(), &mut budget.warnings);
        }
    }
    budget.function_tables = primary_table.into_iter().chain(found.into_iter().map(|f| f.table)).collect();
}

/// Codes for the expenditure side of a two-sided table, by name against the primary table: 类
/// rows (`一、…`) by class name; the rows under a 类 by name among that class's rows, in order.
fn assign_codes(
    table: &mut FunctionTable,
    classes: &[bool],
    primary: Option<&FunctionTable>,
    warnings: &mut Vec<Warning>,
) {
    let empty: Vec<FunctionRow> = Vec::new();
    let prows = primary.map_or(&empty, |p| &p.rows);
    // Each primary name once, not once per row looked up.
    let pnames: Vec<String> = prows.iter().map(|r| plain_name(&r.name)).collect();
    let mut class_code: Option<String> = None;
    let mut cursor = 0usize;
    for (k, row) in table.rows.iter_mut().enumerate() {
        let name = plain_name(&row.name);
        let is_class = classes.get(k).copied().unwrap_or(false);
        let found = if is_class {
            let in_primary = prows.iter().zip(&pnames).position(|(r, n)| r.level() == Some(Level::Class) && *n == name);
            // A 类 the primary table does not print (its money is another fund's): by its name.
            if in_primary.is_none() {
                if let Some(code) = crate::model::class_code(&name) {
                    row.code = code.to_string();
                    class_code = Some(row.code.clone());
                    continue;
                }
            }
            in_primary
        } else {
            class_code.as_ref().and_then(|cc| {
                let under = |r: &FunctionRow| r.code.starts_with(cc.as_str()) && r.code.len() > cc.len();
                let from = |start: usize| {
                    (start..prows.len()).find(|&j| under(&prows[j]) && pnames[j] == name)
                };
                from(cursor).or_else(|| from(0))
            })
        };
        match found {
            Some(j) => {
                row.code = prows[j].code.clone();
                if is_class {
                    class_code = Some(row.code.clone());
                }
                cursor = j + 1;
            }
            None => {
                if is_class {
                    class_code = None;
                }
                if primary.is_some() {
                    warnings.push(Warning {
                        line: row.source.line,
                        message: format!(
                            "{}：«{}» 在 {} 中找不到对应的{}，其科目编码留空",
                            table.title,
                            row.name,
                            primary.map_or("", |p| p.title.as_str()),
                            if is_class { "类" } else { "本类下的款或项" }
                        ),
                        page: None,
                    });
                }
            }
        }
    }
}

/// A function table's 合计 row as stated totals.
fn table_totals(kind: TableKind, table: &FunctionTable) -> Vec<StatedTotal> {
    let Some(t) = &table.total else { return Vec::new() };
    let mut out = Vec::new();
    let mut push = |k: TotalKind, v: Option<rust_decimal::Decimal>| {
        if let Some(amount) = v {
            out.push(StatedTotal { kind: k, amount, unit: table.unit, source: t.source.clone() });
        }
    };
    if kind == TableKind::Income {
        push(TotalKind::IncomeThisYear, t.total);
    } else {
        push(TotalKind::ExpenditureThisYear, t.total);
        push(TotalKind::Basic, t.basic);
        push(TotalKind::Project, t.project);
    }
    out
}

/// 支出总表 by budget unit (no codes): 支出总计, 基本支出, 项目支出 and 政府采购 小计 of its 合计
/// row, or of the department's own row when it is the only unit.
fn per_unit_expenditure(
    block: &Block,
    lines: &[Line],
    unit: Unit,
    department: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<StatedTotal> {
    let title = block.title.as_str();
    let body: Vec<&Line> = block.body.iter().map(|&i| &lines[i]).filter(|l| !l.is_blank()).collect();
    if !body.iter().any(|l| l.tabbed()) {
        warnings.push(Warning {
            line: block.line,
            message: format!("{title}：按预算单位列示的表没有分列的单元格，未读取"),
            page: None,
        });
        return Vec::new();
    }
    let mut header: Vec<String> = Vec::new();
    let mut rows: Vec<(&Line, Vec<&str>)> = Vec::new();
    for l in &body {
        let cs = cells(&l.text);
        if cs.iter().any(|c| amount(c).is_some()) {
            rows.push((l, cs));
        } else if rows.is_empty() {
            for (k, c) in cs.iter().enumerate() {
                if header.len() <= k {
                    header.push(String::new());
                }
                header[k].push_str(&compact(c));
            }
        }
    }
    let row = rows
        .iter()
        .find(|(_, cs)| cs.first().is_some_and(|c| compact(c) == "合计"))
        .or_else(|| rows.iter().find(|(_, cs)| cs.first().is_some_and(|c| compact(c) == department)))
        .or_else(|| (rows.len() == 1).then(|| &rows[0]));
    let Some((l, cs)) = row else {
        if !rows.is_empty() {
            warnings.push(Warning {
                line: block.line,
                message: format!("{title}：有多个预算单位而没有合计行，未读取合计数"),
                page: None,
            });
        }
        return Vec::new();
    };
    let label = cs.first().copied().unwrap_or("");
    let mut out = Vec::new();
    for (k, h) in header.iter().enumerate() {
        let kind = if h == "支出总计" || h == "合计" || h == "本年支出合计" {
            TotalKind::ExpenditureThisYear
        } else if h == "基本支出" {
            TotalKind::Basic
        } else if h == "项目支出" {
            TotalKind::Project
        } else if h.contains("政府采购") && h.ends_with("小计") {
            TotalKind::Procurement
        } else {
            continue;
        };
        let Some(c) = cs.get(k).filter(|c| !c.is_empty()) else { continue };
        match amount(c) {
            Some(v) => out.push(StatedTotal {
                kind,
                amount: v,
                unit,
                source: Source::row(l.no, title, &format!("{label} {h}")),
            }),
            None => {
                warnings.push(Warning { line: l.no, message: format!("{title}：«{h}»：{}", text::not_an_amount(c)), page: None })
            }
        }
    }
    out
}

/// Tables the 目录 lists that the text does not hold.
fn missing_tables(layout: &tables::Layout, budget: &mut Budget) {
    let mut used = vec![false; layout.blocks.len()];
    for entry in &layout.toc {
        let hit = layout.blocks.iter().enumerate().position(|(k, b)| !used[k] && b.kind == entry.kind);
        match hit {
            Some(k) => used[k] = true,
            None => {
                let name = strip_numbering_title(&entry.title);
                budget.warnings.push(Warning {
                    line: entry.line,
                    message: format!("表 «{name}» 列在目录中，正文里却没有印出"),
                    page: None,
                });
                budget.missing_tables.push(name);
            }
        }
    }
}

fn strip_numbering_title(t: &str) -> String {
    text::numbering(t).1.to_string()
}

/// With the basic split from a table (人员 / 公用), the project part completes the composition:
/// the primary table's 合计 项目支出, when no line states it yet.
fn complete_economic(budget: &mut Budget) {
    let from_table = budget.economic.iter().any(|e| e.source.table.is_some());
    let has_project = budget.economic.iter().any(|e| e.category == EconomicCategory::Project);
    if !from_table || has_project {
        return;
    }
    let Some(t) = budget.functions().and_then(|f| f.total.as_ref().map(|t| (f.unit, t))) else { return };
    let (unit, total) = t;
    if let Some(amount) = total.project {
        budget.economic.push(EconomicLine {
            category: EconomicCategory::Project,
            amount,
            unit,
            source: total.source.clone(),
        });
    }
}
