//! Exports of a budget for other tools: a Fiscal Data Package (`fdp`), CSV of a chart's data
//! table or of the function table (one writer shared by the CLI and the web), and PNG natively.
//!
//! Amounts leave as the exact decimals of the model (`Decimal`'s own digits, the printed scale
//! kept): nothing here goes through a float.

#[cfg(feature = "importer")]
pub mod fdp;
#[cfg(not(target_arch = "wasm32"))]
pub mod png;

use crate::chart::{DataTable, TableRow};
use crate::model::Budget;
use crate::money::{parse_amount, Lang, Unit};
use rust_decimal::Decimal;

/// Prepended by writers whose CSV is meant for spreadsheets: without it Excel reads UTF-8 as the
/// local code page and every Chinese name turns to mojibake. `import_csv` skips it.
pub const UTF8_BOM: &str = "\u{FEFF}";

/// The data table as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold
/// `,` `"` CR or LF, quotes doubled). Cells a spreadsheet would run as a formula (starting with
/// `=` `+` `-` `@`, tab or CR) get a leading `'`, except plain signed numbers such as `-252.00`,
/// which stay numbers.
pub fn table_csv(table: &DataTable) -> String {
    let mut out = String::new();
    write_row(&mut out, table.header.iter().map(|s| s.as_str()), true);
    for TableRow(cells) in &table.rows {
        write_row(&mut out, cells.iter().map(|s| s.as_str()), true);
    }
    out
}

/// One CSV record with CRLF. `neutralise` guards against formula injection (tables for people);
/// machine files (the FDP's CSV) are written as is.
pub(crate) fn write_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>, neutralise: bool) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let guarded;
        let cell = if neutralise && is_formula(cell) {
            guarded = format!("'{cell}");
            guarded.as_str()
        } else {
            cell
        };
        out.push_str(&quote(cell));
    }
    out.push_str("\r\n");
}

/// The field as RFC 4180 writes it.
pub(crate) fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Would a spreadsheet evaluate this cell? A plain negative number (`-252.00`, `-1,308.26`) is a
/// value, not a formula, and is kept so the column stays numeric. A leading `+` always is guarded:
/// spreadsheets store `+5` as the formula `=+5`.
fn is_formula(cell: &str) -> bool {
    match cell.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => parse_amount(cell).is_none(),
        _ => false,
    }
}

/// The primary function table as a spreadsheet reads it: every 类/款/项 row with code, name and
/// 合计 / 基本支出 / 项目支出 in the table's unit (named in the header, `合计（万元）`), then the
/// 合计 row when the table prints one. `import_csv` reads it back to the same amounts.
pub fn functions_table(budget: &Budget, lang: Lang) -> Option<DataTable> {
    let table = budget.functions()?;
    let unit = table.unit;
    let head = |zh: &str, en: &str| match lang {
        Lang::Zh => format!("{zh}（{}）", unit.zh()),
        Lang::En => format!("{en} ({})", unit_en(unit)),
    };
    let header = match lang {
        Lang::Zh => vec!["科目编码".to_string(), "科目名称".to_string()],
        Lang::En => vec!["code".to_string(), "name".to_string()],
    }
    .into_iter()
    .chain([
        head("合计", "total"),
        head("基本支出", "basic"),
        head("项目支出", "project"),
    ])
    .collect();
    let num = |v: Option<Decimal>| v.map(|d| d.to_string()).unwrap_or_default();
    let mut rows: Vec<TableRow> = table
        .rows
        .iter()
        .map(|r| {
            TableRow(vec![
                r.code.clone(),
                r.name.clone(),
                num(r.total),
                num(r.basic),
                num(r.project),
            ])
        })
        .collect();
    if let Some(t) = &table.total {
        let label = match lang {
            Lang::Zh => "合计",
            Lang::En => "total",
        };
        rows.push(TableRow(vec![
            String::new(),
            label.to_string(),
            num(t.total),
            num(t.basic),
            num(t.project),
        ]));
    }
    Some(DataTable { header, rows })
}

/// The function table as a CSV file for spreadsheets: a title line naming the department, year
/// and document (so `import_csv` gets them back), then `functions_table`. No BOM: add
/// `UTF8_BOM` when writing a file for Excel.
pub fn functions_csv(budget: &Budget, lang: Lang) -> Option<String> {
    let table = functions_table(budget, lang)?;
    // The title is the document's own (Chinese) name in either language: it is data, not a label.
    let doc = match budget.kind {
        crate::model::DocKind::Budget => "部门预算",
        crate::model::DocKind::FinalAccounts => "部门决算",
    };
    let year = budget.year.map_or(String::new(), |y| format!("{y}年"));
    let title = format!("{} {year}{doc}", budget.department);
    let mut out = String::new();
    write_row(&mut out, std::iter::once(title.trim()), true);
    out.push_str(&table_csv(&table));
    Some(out)
}

/// Unit words a spreadsheet header in English can carry and `import_csv` reads back.
pub(crate) fn unit_en(unit: Unit) -> &'static str {
    match unit {
        Unit::Yuan => "yuan",
        Unit::Wanyuan => "10k yuan",
        Unit::Yiyuan => "100m yuan",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> DataTable {
        DataTable {
            header: vec!["名称".into(), "金额".into()],
            rows: rows
                .iter()
                .map(|r| TableRow(r.iter().map(|s| s.to_string()).collect()))
                .collect(),
        }
    }

    #[test]
    fn quotes_what_rfc_4180_requires() {
        let t = table(&[&["a,b", "1,308.26"], &["say \"hi\"", "x\ny"]]);
        assert_eq!(
            table_csv(&t),
            "名称,金额\r\n\"a,b\",\"1,308.26\"\r\n\"say \"\"hi\"\"\",\"x\ny\"\r\n"
        );
    }

    #[test]
    fn neutralises_formulas_but_keeps_signed_numbers() {
        let t = table(&[
            &["=HYPERLINK(\"x\")", "-252.00"],
            &["@SUM(A1)", "-1,308.26"],
            &["-cmd|' /C calc'!A0", "+-5"],
            &["\tx", "-"],
            &["\rx", "−252.00"],
            &["-12.9%", "+11.0%"],
            &["-%", "+1,2"],
        ]);
        let csv = table_csv(&t);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"x\"\")\",-252.00");
        assert_eq!(lines[2], "'@SUM(A1),\"-1,308.26\"");
        assert_eq!(lines[3], "'-cmd|' /C calc'!A0,'+-5");
        assert_eq!(lines[4], "'\tx,'-");
        assert_eq!(lines[5], "\"'\rx\",−252.00");
        assert_eq!(lines[6], "'-12.9%,'+11.0%");
        assert_eq!(lines[7], "'-%,\"'+1,2\"");
    }
}
