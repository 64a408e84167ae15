//! CSV line tables as spreadsheet users write them → `Budget`: joined and split codes, Chinese and
//! English headers, units in the header or on a line, BOM, `;` and tab separators, quoted
//! thousands, 合计 and last-year columns; the round trip export → import keeps every amount
//! exactly; bad files name the row (and column) in one line; the CLI reads *.csv and sniffed CSV.

use rust_decimal::Decimal;
use std::io::Write;
use std::process::{Command, Stdio};
use std::str::FromStr;
use yusuan::chart::{self, EstimateMeasure, Kind, Options};
use yusuan::import::csv::{import_csv, looks_like_csv};
use yusuan::export::{functions_csv, table_csv, UTF8_BOM};
use yusuan::model::{Budget, DocKind, FunctionRow, Measure};
use yusuan::{Lang, Unit};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn read(text: &str) -> Budget {
    import_csv(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// (code, name, total, basic, project), amounts as printed.
type Row = (String, String, Option<String>, Option<String>, Option<String>);

/// Every row of the function table, amounts as printed.
fn rows(b: &Budget) -> Vec<Row> {
    let s = |v: Option<Decimal>| v.map(|d| d.to_string());
    b.function_tables[0]
        .rows
        .iter()
        .map(|r| (r.code.clone(), r.name.clone(), s(r.total), s(r.basic), s(r.project)))
        .collect()
}

fn row(code: &str, name: &str, t: Option<&str>, b: Option<&str>, p: Option<&str>) -> Row {
    let s = |v: Option<&str>| v.map(str::to_string);
    (code.into(), name.into(), s(t), s(b), s(p))
}

fn warnings(b: &Budget) -> Vec<String> {
    b.warnings
        .iter()
        .map(|w| format!("{}: {}", w.line, w.message))
        .collect()
}

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::{fixture, FIXTURES};

// ---- good files ----

#[test]
fn joined_codes_chinese_header_unit_in_header_quoted_thousands_and_total() {
    let b = read(
        "科目编码,科目名称,金额（万元）,基本支出（万元）,项目支出（万元）\r\n\
         201,一般公共服务支出,\"6,301.32\",\"2,495.06\",\"3,806.26\"\r\n\
         20113,商贸事务,\"1,509.59\",21.33,\"1,488.26\"\r\n\
         2011399,其他商贸事务支出,\"1,509.59\",21.33,\"1,488.26\"\r\n\
         ,合计,\"6,301.32\",\"2,495.06\",\"3,806.26\"\r\n",
    );
    assert_eq!(
        rows(&b),
        [
            row(
                "201",
                "一般公共服务支出",
                Some("6301.32"),
                Some("2495.06"),
                Some("3806.26")
            ),
            row("20113", "商贸事务", Some("1509.59"), Some("21.33"), Some("1488.26")),
            row(
                "2011399",
                "其他商贸事务支出",
                Some("1509.59"),
                Some("21.33"),
                Some("1488.26")
            ),
        ]
    );
    let t = &b.function_tables[0];
    assert_eq!(
        (t.unit, b.unit, b.kind, b.year),
        (Unit::Wanyuan, Unit::Wanyuan, DocKind::Budget, None)
    );
    let total = t.total.as_ref().unwrap();
    assert_eq!(
        (total.name.as_str(), total.total, total.source.line),
        ("合计", Some(d("6301.32")), 5)
    );
    assert_eq!(
        (t.rows[1].source.line, t.rows[1].source.label.as_str()),
        (3, "商贸事务")
    );
    assert!(b.warnings.is_empty(), "{:?}", warnings(&b));
}

#[test]
fn split_codes_with_title_unit_line_and_blank_parts_filled_from_above() {
    let b = read(
        "上海市普陀区商务委员会2025年部门预算\n\
         单位：元\n\
         类,款,项,科目名称,合计,基本支出,项目支出\n\
         201,,,一般公共服务支出,21601733.00,12291733.00,9310000.00\n\
         ,13,,商贸事务,21601733.00,12291733.00,9310000.00\n\
         ,,01,行政运行,9389913.00,9389913.00,\n\
         ,,02,一般行政管理事务,4545000.00,,4545000.00\n\
         208,05,,行政事业单位养老支出,3808085.00,3808085.00,\n\
         208,05,01,行政单位离退休,1661216.00,1661216.00,\n\
         ,,,,,,\n\
         215,21508,2150899,其他支持中小企业发展和管理支出,293810000.00,,293810000.00\n",
    );
    let codes: Vec<&str> = b.function_tables[0].rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        ["201", "20113", "2011301", "2011302", "20805", "2080501", "2150899"]
    );
    assert_eq!(
        rows(&b)[2],
        row("2011301", "行政运行", Some("9389913.00"), Some("9389913.00"), None)
    );
    assert_eq!(
        (b.department.as_str(), b.year, b.unit),
        ("上海市普陀区商务委员会", Some(2025), Unit::Yuan)
    );
    assert_eq!(b.function_tables[0].title, "上海市普陀区商务委员会2025年部门预算");
}

#[test]
fn english_header_prior_year_and_final_accounts() {
    let b = read(
        "Putuo Finance Bureau 2024 final accounts 决算\n\
         code,name,amount (10k yuan),basic,project,prior year,share\n\
         201,General public services,2106.66,1503.52,603.14,1560.05,71.7%\n\
         2010601,Administration,1511.89,1503.52,8.37,,\n\
         ,total,2106.66,1503.52,603.14,1600\n",
    );
    assert_eq!(
        (b.kind, b.year, b.unit),
        (DocKind::FinalAccounts, Some(2024), Unit::Wanyuan)
    );
    assert_eq!(
        rows(&b)[0],
        row(
            "201",
            "General public services",
            Some("2106.66"),
            Some("1503.52"),
            Some("603.14")
        )
    );
    let c: Vec<(&str, &Measure, Decimal, Option<Decimal>, i32)> = b
        .comparisons
        .iter()
        .map(|c| {
            (
                c.subject.as_str(),
                &c.measure,
                c.amount,
                c.prior.amount,
                c.prior.year,
            )
        })
        .collect();
    assert_eq!(
        c,
        [
            (
                "General public services",
                &Measure::Function("201".into()),
                d("2106.66"),
                Some(d("1560.05")),
                2023
            ),
            ("支出合计", &Measure::ExpenditureTotal, d("2106.66"), Some(d("1600")), 2023),
        ]
    );
    // The summary's prior-year total comes from the 合计 row's comparison.
    assert_eq!(b.prior_expenditure().unwrap().prior.amount, Some(d("1600")));
}

#[test]
fn bom_semicolons_and_no_unit_read_as_wanyuan_with_a_warning() {
    let b = read("\u{FEFF}编码;名称;金额;备注说明\n201;一般公共服务支出;1234.5;见说明\n20101;人大事务;-;\n");
    assert_eq!(
        rows(&b),
        [
            row("201", "一般公共服务支出", Some("1234.5"), None, None),
            row("20101", "人大事务", None, None, None)
        ]
    );
    assert_eq!(b.unit, Unit::Wanyuan);
    assert_eq!(
        warnings(&b),
        [
            "1: column 4 «备注说明» is not one yusuan reads; it is left out",
            "1: no unit stated (a line 单位：万元, or 金额（万元） in the header); amounts read as 万元",
        ]
    );
}

#[test]
fn tab_separated_as_pasted_from_a_spreadsheet_with_spaces_and_notes() {
    let b = read(
        "2023年某单位部门预算\n单位:万元\n\n科目 编码\t科目名称\t合计\t基本支出\t项目支出\n\
         201\t一般公共服务支出\t1,000.00\t400\t600.00\n 20101 \t 人大事务 \t（12.00）\t\t\n\
         注：本表为示例。\t\t\t\t\n",
    );
    assert_eq!(
        rows(&b),
        [
            row("201", "一般公共服务支出", Some("1000.00"), Some("400"), Some("600.00")),
            row("20101", "人大事务", Some("-12.00"), None, None)
        ]
    );
    assert_eq!((b.year, b.department.as_str()), (Some(2023), "某单位"));
    assert_eq!(
        warnings(&b),
        ["7: «注：本表为示例。» has no name and no amount; not read"]
    );
}

#[test]
fn spreadsheet_formula_guards_are_taken_off() {
    let b = read("科目编码,科目名称,金额（元）\n201,'=一般公共服务,'-5\n");
    assert_eq!(rows(&b), [row("201", "=一般公共服务", Some("-5"), None, None)]);
}

// ---- round trips ----

#[test]
fn function_table_csv_round_trips_every_fixture_exactly() {
    for name in FIXTURES {
        let b = fixture(name);
        for lang in [Lang::Zh, Lang::En] {
            let csv = format!("{UTF8_BOM}{}", functions_csv(&b, lang).unwrap());
            let back = read(&csv);
            let t = b.functions().unwrap();
            let t2 = &back.function_tables[0];
            assert_eq!(t2.rows.len(), t.rows.len(), "{name}");
            let key = |r: &FunctionRow| {
                (
                    r.code.clone(),
                    r.name.clone(),
                    r.total.map(|v| v.to_string()),
                    r.basic.map(|v| v.to_string()),
                    r.project.map(|v| v.to_string()),
                )
            };
            for (a, z) in t.rows.iter().zip(&t2.rows) {
                assert_eq!(key(a), key(z), "{name} {lang:?}");
            }
            let (a, z) = (t.total.as_ref().unwrap(), t2.total.as_ref().unwrap());
            assert_eq!((a.total, a.basic, a.project), (z.total, z.basic, z.project), "{name}");
            assert_eq!(
                (t2.unit, back.year, back.kind, back.department.as_str()),
                (t.unit, b.year, b.kind, b.department.as_str()),
                "{name}"
            );
            assert!(back.warnings.is_empty(), "{name}: {:?}", warnings(&back));
        }
    }
}

#[test]
fn functions_chart_data_table_round_trips_through_table_csv() {
    // What the page's "CSV" button downloads (grouped amounts, a share column) reads back exactly.
    for name in FIXTURES {
        let b = fixture(name);
        let t = b.functions().unwrap();
        let class = t
            .rows
            .iter()
            .find(|r| r.level() == Some(yusuan::model::Level::Class))
            .unwrap();
        for path in [vec![], vec![class.code.clone()]] {
            for lang in [Lang::Zh, Lang::En] {
                let scene = chart::build(
                    Kind::Functions,
                    &b,
                    &Options {
                        lang,
                        path: path.clone(),
                        ..Options::default()
                    },
                    &EstimateMeasure,
                );
                let back = read(&table_csv(&scene.table));
                assert_eq!(back.function_tables[0].unit, t.unit, "{name}");
                let got = &back.function_tables[0].rows;
                assert_eq!(got.len(), scene.table.rows.len(), "{name} {path:?}");
                for r in got {
                    let m = t.rows.iter().find(|m| m.code == r.code).unwrap();
                    assert_eq!(
                        (&r.name, r.total, r.basic, r.project),
                        (&m.name, m.total, m.basic, m.project),
                        "{name} {}",
                        r.code
                    );
                }
            }
        }
    }
}

#[test]
fn documents_are_not_taken_for_csv() {
    for name in FIXTURES {
        let text =
            std::fs::read_to_string(format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert!(!looks_like_csv(&text), "{name}");
    }
    assert!(looks_like_csv("某单位2024年预算\n单位：元\n编码,名称,金额\n201,x,1\n"));
}

// ---- bad files: one error naming the row ----

#[test]
fn bad_files_name_the_row_and_column() {
    let cases: &[(&str, &str)] = &[
        ("", "the file is empty"),
        ("a,b,c\n1,2,3\n", "no header row in the first 12 lines: expected columns such as 科目编码/code, 科目名称/name and 金额/amount (or 合计/total), separated by `,` `;` or tab"),
        ("名称,金额\n一般公共服务支出,5\n", "row 1: the header has no code column (科目编码/编码/code, or 类/款/项 columns)"),
        ("编码,金额（万元）\n201,5\n", "row 1: the header has no name column (科目名称/名称/name)"),
        (
            "科目编码,科目名称,金额\n201,一般公共服务支出,1,2,3\n",
            "row 2: 5 fields, but the header (row 1) has 3; in a comma-separated file a number with thousands separators must be quoted (\"1,234.00\")",
        ),
        ("编码,名称,金额\n201,一般公共服务支出,5\n20101,人大事务,\"1,2,3\"\n", "row 3, column amount «金额»: '1,2,3' is not an amount (write it as 1234.50 or 1,234.50)"),
        (
            "科目编码,科目名称,金额\n201,一般公共服务支出,5\n\n20A01,人大事务,5\n",
            "row 4, column code «科目编码»: '20A01' is not a function code (3, 5 or 7 digits: 类 201, 款 20101, 项 2010101)",
        ),
        ("code,name,amount\n201,a,5\n20101,b,5\n201,c,5\n", "row 4, column code: code 201 is already on row 2"),
        ("code,name,amount\n201,a,5\n20101,\"b,5\n2010101,c,5\n", "row 3: a quoted field (\"…) is not closed before the end of the file"),
        ("编码,名称,金额,合计\n201,a,5,5\n", "row 1, column amount «合计»: a second amount column (columns 3 and 4); keep one"),
        (
            "编码,名称,金额（万元）,基本支出（元）\n201,a,5,5\n",
            "row 1, column basic «基本支出（元）»: unit 元 differs from 万元 in column amount «金额（万元）»; one table has one unit",
        ),
        ("单位：美元\n编码,名称,金额\n201,a,5\n", "row 1: '单位：美元' names no unit yusuan knows (元, 万元, 亿元)"),
        ("类,款,项,名称,金额\n,13,,商贸事务,5\n", "row 2, column section «款»: 款 '13' has no 类: none on this row or above it"),
        ("类,款,项,名称,金额\n201,,,一般公共服务支出,5\n,20813,,x,5\n", "row 3, column section «款»: '20813' is not a 款 of 类 201"),
        ("类,款,项,名称,金额\n201,,,一般公共服务支出,5\n,,01,行政运行,5\n", "row 3, column item «项»: 项 '01' has no 款: none on this row or above it under 类 201"),
        ("编码,名称,金额\n201,一般公共服务支出,5\n,其他,7\n", "row 3, column code «编码»: no code: every line needs its 类/款/项 code (only the 合计 row goes without)"),
        ("编码,名称,金额\n201,,5\n", "row 2, column name «名称»: line 201 has no name"),
        ("编码,名称,金额\n,合计,5\n", "row 1: the header is followed by no line with a code"),
    ];
    assert!(cases.len() >= 8);
    for (text, expected) in cases {
        let e = import_csv(text).expect_err(text);
        assert_eq!(e.to_string(), *expected, "{text}");
    }
}

// ---- the CLI ----

fn yusuan(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn cli_reads_csv_files_and_sniffed_stdin() {
    let dir = std::env::temp_dir().join(format!("yusuan-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = format!(
        "{}/tests/fixtures/futian-investment-2022.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let path = dir.join("seed.csv");
    let p = path.to_str().unwrap();
    let (code, out, err) = yusuan(&["export", &seed, "--format", "csv", "-o", p], None);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(UTF8_BOM.as_bytes()),
        "a CSV file for spreadsheets starts with a BOM"
    );

    // summary --json of the CSV: the function table's figures in 元, exactly.
    let (code, out, err) = yusuan(&["summary", p, "--json"], None);
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["department"].as_str(), v["year"].as_i64(), v["unit"].as_str()),
        (Some("深圳市福田区投资推广和企业服务中心"), Some(2022), Some("万元"))
    );
    assert_eq!(v["expenditure_total"], "443500000");
    assert_eq!(v["functions"][1]["code"], "20113");
    assert_eq!(v["functions"][1]["total"], "15095900.00");

    // Standard input is sniffed; CSV warnings go to stderr, prefixed with the row.
    let (code, out, err) = yusuan(&["import", "-"], Some("编码,名称,金额\n201,一般公共服务支出,5\n"));
    assert_eq!(code, 0);
    assert_eq!(err, "yusuan: <stdin>: row 1: warning: no unit stated (a line 单位：万元, or 金额（万元） in the header); amounts read as 万元\n");
    let back = yusuan::json::from_json(&out).unwrap();
    assert_eq!(back.function_tables[0].rows[0].total, Some(d("5")));

    // A bad CSV is one line on stderr with the row, exit 2.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "编码,名称,金额\n201,一般公共服务支出,\"1,2,3\"\n").unwrap();
    let (code, out, err) = yusuan(&["summary", bad.to_str().unwrap()], None);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "yusuan: {}: row 2, column amount «金额»: '1,2,3' is not an amount (write it as 1234.50 or 1,234.50)\n",
            bad.display()
        )
    );

    // A chart's data table as CSV, English headers.
    let (code, out, _) = yusuan(
        &[
            "export",
            &seed,
            "--format",
            "csv",
            "--chart",
            "composition",
            "--lang",
            "en",
        ],
        None,
    );
    assert_eq!(code, 0);
    assert_eq!(out.lines().next(), Some("Type,Amount (10k yuan),Share"));
    assert!(out.contains("Projects,\"41,086.26\","), "{out}");
}
