//! `yusuan export --format fdp`: the Fiscal Data Package of the seed and of each Putuo fixture,
//! written by the real binary. The descriptor parses and says what the document is (fiscal period,
//! phase, direction, currency, unit factor, hierarchy); every CSV cell equals the model exactly;
//! and `frictionless validate` (PyPI `frictionless`, in .venv: scripts/setup.sh python) passes.

use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use yusuan::export::fdp;
use yusuan::model::{Budget, DocKind, Level};
use yusuan::Unit;

const FIXTURES: [&str; 4] = [
    "futian-investment-2022",
    "putuo-commerce-budget-2025",
    "putuo-finance-final-accounts-2024",
    "putuo-govoffice-budget-2025",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.txt"))
}

fn budget(name: &str) -> Budget {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    yusuan::import_text(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A fresh directory per call: tests run in parallel and several export the same fixture.
fn scratch(name: &str) -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("yusuan-export-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary's `export --format fdp` into a fresh directory; returns it.
fn export(name: &str) -> PathBuf {
    let dir = scratch(name).join("package");
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args([
            "export",
            fixture(name).to_str().unwrap(),
            "--format",
            "fdp",
            "-o",
            dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = String::from_utf8(out.stdout).unwrap();
    for file in ["datapackage.json", "functions.csv", "income.csv", "economic.csv"] {
        assert!(listed.contains(&dir.join(file).display().to_string()), "{listed}");
    }
    dir
}

/// RFC 4180 records (the writer quotes fields with `,` `"` or line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(
        !quoted && cell.is_empty() && row.is_empty(),
        "CSV must end with a line break"
    );
    rows
}

/// The CSV as maps from column name to cell.
fn table(dir: &Path, file: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    assert!(
        text.ends_with("\r\n") && !text.starts_with('\u{FEFF}'),
        "{file}: CRLF lines, no BOM"
    );
    let rows = parse_csv(&text);
    let (header, body) = rows.split_first().unwrap();
    body.iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "{file}: {r:?}");
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

/// The cell exactly as the model's decimal prints (same digits, same scale), or empty for None.
fn same(cell: &str, model: Option<Decimal>, what: &str) {
    match model {
        Some(v) => {
            assert_eq!(cell, v.to_string(), "{what}");
            assert_eq!(Decimal::from_str(cell).unwrap(), v, "{what}");
        }
        None => assert_eq!(cell, "", "{what}"),
    }
}

fn descriptor(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("datapackage.json")).unwrap()).unwrap()
}

fn field<'a>(resource: &'a Value, name: &str) -> &'a Value {
    resource["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

fn resource<'a>(d: &'a Value, name: &str) -> &'a Value {
    d["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no resource {name}"))
}

#[test]
fn every_fixture_exports_exact_amounts_with_its_hierarchy() {
    for name in FIXTURES {
        let b = budget(name);
        let dir = export(name);
        let d = descriptor(&dir);
        let t = b.functions().unwrap();

        // Package: what the document is.
        assert_eq!(d["profile"], "tabular-data-package");
        assert_eq!(d["countryCode"], "CN");
        let y = b.year.unwrap();
        assert_eq!(d["fiscalPeriod"]["start"], format!("{y}-01-01"), "{name}");
        assert_eq!(d["fiscalPeriod"]["end"], format!("{y}-12-31"), "{name}");
        let phase = if b.kind == DocKind::FinalAccounts {
            "executed"
        } else {
            "approved"
        };
        assert_eq!(d["phase"], phase, "{name}");
        assert_eq!(d["department"], b.department.as_str());
        let names: Vec<&str> = d["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["path"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["functions.csv", "income.csv", "economic.csv"], "{name}");
        for path in names {
            assert!(dir.join(path).is_file(), "{name}: {path}");
        }

        // Amount fields state currency, unit factor, direction and phase; the model's measures too.
        let factor = match t.unit {
            Unit::Yuan => 1,
            Unit::Wanyuan => 10_000,
            Unit::Yiyuan => 100_000_000,
        };
        let functions = resource(&d, "functions");
        for f in ["amount", "basic", "project"] {
            let fd = field(functions, f);
            assert_eq!(
                (fd["type"].as_str(), fd["columnType"].as_str(), fd["currency"].as_str()),
                (Some("number"), Some("value"), Some("CNY"))
            );
            assert_eq!(fd["factor"], factor, "{name} {f}");
            assert_eq!(
                (fd["direction"].as_str(), fd["phase"].as_str()),
                (Some("expenditure"), Some(phase))
            );
            assert_eq!(d["model"]["measures"][f]["factor"], factor);
        }
        assert_eq!(field(resource(&d, "income"), "amount")["direction"], "revenue");
        assert_eq!(d["model"]["measures"]["income"]["direction"], "revenue");
        assert_eq!(functions["schema"]["primaryKey"], serde_json::json!(["code"]));
        let cls = &d["model"]["dimensions"]["functional_classification"];
        assert_eq!(
            (
                cls["classificationType"].as_str(),
                cls["attributes"]["item_code"]["parent"].as_str()
            ),
            (Some("functional"), Some("section_code"))
        );
        assert_eq!(cls["attributes"]["section_code"]["parent"], "class_code");
        assert_eq!(
            field(functions, "class_code")["columnType"],
            "functional-classification:generic:level1:code"
        );

        // functions.csv: one row per 类/款/项 line in printed order, the amounts exactly.
        let rows = table(&dir, "functions.csv");
        assert_eq!(rows.len(), t.rows.len(), "{name}");
        for (r, m) in rows.iter().zip(&t.rows) {
            let what = format!("{name} {}", m.code);
            assert_eq!(
                (r["code"].as_str(), r["name"].as_str()),
                (m.code.as_str(), m.name.as_str())
            );
            same(&r["amount"], m.total, &what);
            same(&r["basic"], m.basic, &what);
            same(&r["project"], m.project, &what);
            let level = m.level().unwrap();
            assert_eq!(r["level"], (level as u8 + 1).to_string(), "{what}");
            assert_eq!(r["class_code"], m.code[..3], "{what}");
            assert_eq!(
                r["section_code"],
                if level >= Level::Section { &m.code[..5] } else { "" },
                "{what}"
            );
            assert_eq!(
                r["item_code"],
                if level == Level::Item { m.code.as_str() } else { "" },
                "{what}"
            );
            let class = t
                .rows
                .iter()
                .find(|x| x.code == m.code[..3])
                .map_or("", |x| x.name.as_str());
            assert_eq!(r["class_name"], class, "{what}");
            assert_eq!(r["fiscal_year"], y.to_string());
            assert_eq!(r["source_line"], m.source.line.to_string());
        }
        let stated = &functions["statedTotal"];
        let total = t.total.as_ref().unwrap();
        assert_eq!(stated["amount"], total.total.unwrap().to_string(), "{name}");
        assert_eq!(stated["project"], total.project.unwrap().to_string(), "{name}");

        // income.csv and economic.csv, exactly.
        let income = table(&dir, "income.csv");
        assert_eq!(income.len(), b.income.len(), "{name}");
        for (r, l) in income.iter().zip(&b.income) {
            assert_eq!(
                (r["name"].as_str(), r["depth"].as_str()),
                (l.name.as_str(), l.depth.to_string().as_str())
            );
            same(&r["amount"], Some(l.amount), name);
        }
        let economic = table(&dir, "economic.csv");
        assert_eq!(economic.len(), b.economic.len(), "{name}");
        for (r, l) in economic.iter().zip(&b.economic) {
            assert_eq!(r["name"], l.category.zh());
            same(&r["amount"], Some(l.amount), name);
        }
    }
}

#[test]
fn seed_package_in_figures() {
    let dir = export("futian-investment-2022");
    let rows = table(&dir, "functions.csv");
    let r = rows.iter().find(|r| r["code"] == "2080505").unwrap();
    assert_eq!(
        [
            &r["level"],
            &r["class_name"],
            &r["section_name"],
            &r["item_name"],
            &r["amount"],
            &r["basic"],
            &r["project"]
        ],
        [
            "3",
            "社会保障和就业支出",
            "行政事业单位养老支出",
            "机关事业单位基本养老保险缴费支出",
            "162.56",
            "162.56",
            "0"
        ]
    );
    let d = descriptor(&dir);
    assert_eq!(d["title"], "深圳市福田区投资推广和企业服务中心 2022年部门预算");
    assert_eq!(d["unit"], "万元");
    assert_eq!(field(resource(&d, "functions"), "amount")["unit"], "万元");
}

/// `frictionless validate --json DIR/datapackage.json` from .venv: (valid, rows per resource, errors).
fn frictionless(dir: &Path) -> (bool, Vec<(String, u64)>, Vec<String>) {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/frictionless");
    assert!(
        bin.is_file(),
        "{} is missing: run `scripts/setup.sh python` (creates .venv and installs PyPI frictionless; ./test.sh does it)",
        bin.display()
    );
    let out = Command::new(&bin)
        .args(["validate", "--json"])
        .arg(dir.join("datapackage.json"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless gave no JSON report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let tasks = report["tasks"].as_array().unwrap();
    let rows = tasks
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_string(),
                t["stats"]["rows"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let text = |e: &Value| {
        format!(
            "{}: {}",
            e["type"].as_str().unwrap_or("?"),
            e["message"].as_str().unwrap_or("?")
        )
    };
    let mut errors: Vec<String> = report["errors"].as_array().into_iter().flatten().map(text).collect();
    errors.extend(
        tasks
            .iter()
            .flat_map(|t| t["errors"].as_array().unwrap().iter().map(text)),
    );
    (report["valid"] == true, rows, errors)
}

#[test]
fn frictionless_validates_every_fixture_package() {
    for name in FIXTURES {
        let b = budget(name);
        let dir = export(name);
        let (valid, rows, errors) = frictionless(&dir);
        assert!(valid, "{name}: {errors:#?}");
        let expected = vec![
            ("functions".to_string(), b.functions().unwrap().rows.len() as u64),
            ("income".to_string(), b.income.len() as u64),
            ("economic".to_string(), b.economic.len() as u64),
        ];
        assert_eq!(rows, expected, "{name}: frictionless read every row");
    }
}

#[test]
fn frictionless_rejects_a_package_that_breaks_its_schema() {
    // The validator really checks our constraints: a code off the pattern, an amount that is not a number.
    let dir = export("putuo-govoffice-budget-2025");
    let path = dir.join("functions.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replacen("\r\n201,", "\r\n2O1,", 1)
        .replacen(",12029501.84,", ",12,029,501.84,", 1);
    std::fs::write(&path, text).unwrap();
    let (valid, _, errors) = frictionless(&dir);
    assert!(!valid);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("constraint-error") && e.contains("\"2O1\"") && e.contains("pattern")),
        "{errors:#?}"
    );
    assert!(errors.iter().any(|e| e.starts_with("extra-cell")), "{errors:#?}");
}

#[test]
fn csv_import_with_prior_year_exports_and_validates() {
    // A spreadsheet line table with last year's amounts: the package gains prior_amount, exactly.
    let csv = "某区财政局2024年部门预算\r\n单位：元\r\n科目编码,科目名称,金额,基本支出,项目支出,上年金额\r\n\
               201,一般公共服务支出,\"1,000.50\",800.50,200,900\r\n20106,财政事务,1000.50,800.50,200,900.00\r\n\
               2010601,行政运行,\"1,000.50\",800.50,200,-\r\n,合计,1000.50,800.50,200,900\r\n";
    let dir = scratch("prior");
    std::fs::write(dir.join("t.csv"), csv).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["export", dir.join("t.csv").to_str().unwrap(), "--format", "fdp", "-o"])
        .arg(dir.join("pkg"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let d = descriptor(&dir.join("pkg"));
    assert_eq!(d["department"], "某区财政局");
    assert_eq!(d["model"]["measures"]["prior_amount"]["fiscalYear"], 2023);
    assert_eq!(field(resource(&d, "functions"), "amount")["factor"], 1);
    let rows = table(&dir.join("pkg"), "functions.csv");
    let cells: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r["code"].as_str(), r["amount"].as_str(), r["prior_amount"].as_str()))
        .collect();
    assert_eq!(
        cells,
        [
            ("201", "1000.50", "900"),
            ("20106", "1000.50", "900.00"),
            ("2010601", "1000.50", "")
        ]
    );
    let (valid, _, errors) = frictionless(&dir.join("pkg"));
    assert!(valid, "{errors:#?}");
}

#[test]
fn rows_without_a_usable_code_are_left_out_with_a_warning() {
    let mut b = budget("putuo-finance-final-accounts-2024");
    let t = &mut b.function_tables[0];
    t.rows[1].code = "2O106".into();
    let dup = t.rows[2].clone();
    t.rows.push(dup);
    let p = fdp::package(&b);
    assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
    assert!(
        p.warnings[0].contains("code '2O106' is not a 类/款/项 code"),
        "{}",
        p.warnings[0]
    );
    assert!(
        p.warnings[1].contains("code 2010601 is printed twice"),
        "{}",
        p.warnings[1]
    );
    let functions = &p.files.iter().find(|f| f.path == "functions.csv").unwrap().text;
    assert_eq!(functions.lines().count(), 1 + b.function_tables[0].rows.len() - 2);
}

#[test]
fn an_empty_budget_gives_a_descriptor_and_says_so() {
    let p = fdp::package(&Budget::default());
    assert_eq!(p.files.len(), 1);
    assert_eq!(p.files[0].path, "datapackage.json");
    let d: Value = serde_json::from_str(&p.files[0].text).unwrap();
    assert_eq!(d["resources"], serde_json::json!([]));
    assert!(d.get("fiscalPeriod").is_none());
    assert_eq!(
        p.warnings,
        ["the budget has no function table, income or economic lines: the package has no resource"]
    );
}

#[test]
fn export_usage_errors_are_one_line() {
    let seed = fixture("futian-investment-2022");
    let seed = seed.to_str().unwrap();
    let file = scratch("usage").join("a-file");
    std::fs::write(&file, "x").unwrap();
    let cases: [(&[&str], String); 5] = [
        (
            &["export", seed],
            "yusuan: export: --format fdp, csv or json is required; see `yusuan --help`".into(),
        ),
        (
            &["export", seed, "--format", "xml"],
            "yusuan: export: --format `xml`: fdp, csv or json; see `yusuan --help`".into(),
        ),
        (
            &["export", seed, "--format", "fdp"],
            "yusuan: export: --format fdp needs -o DIR (the package's directory); see `yusuan --help`".into(),
        ),
        (
            &["export", seed, "--format", "json", "--chart", "change"],
            "yusuan: export: --chart goes with --format csv; see `yusuan --help`".into(),
        ),
        (
            &["export", seed, "--format", "fdp", "-o", file.to_str().unwrap()],
            format!("yusuan: {}: exists and is not a directory", file.display()),
        ),
    ];
    for (args, expected) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().unwrap();
        assert_eq!((out.status.code(), out.stdout.len()), (Some(2), 0), "{args:?}");
        assert_eq!(String::from_utf8(out.stderr).unwrap().trim_end(), expected, "{args:?}");
    }
}
