//! The bad-input catalogue (tests/bad/): real-world shapes of broken input, each with the error
//! or warning yusuan must give. `NN-name.txt` is document text (read through `import_text`),
//! `NN-name.json` our JSON format (`json::from_json`), `NN-name.csv` a spreadsheet line table
//! (`import::csv::import_csv`); files that are not UTF-8 go through the byte entry points
//! (`import::import_bytes`, `json::from_json_bytes`). Every case also goes through the CLI
//! (`yusuan summary`): an error is one line on stderr and exit status 2. Each `NN-name.expect`:
//!
//! ```text
//! error: <substring of the error as displayed>
//! warning: <substring of one warning, displayed as `第 N 行：message`>
//! ok:                        (reads without an error; warnings allowed)
//! has: <substring of the result written back as JSON>      (any number of these)
//! lacks: <substring that must not be in it>
//! ```
//!
//! A `warning:` or `ok:` result must be usable: a department or function rows. Inputs too big to
//! commit (50 MB, 100-level nesting, one 4 MiB line) are made here at run time.
//! `YUSUAN_BAD_PRINT=1 cargo test --test bad_inputs -- --nocapture` prints what each case gives.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use yusuan::json::{from_json, from_json_bytes, to_json};
use yusuan::model::Budget;

/// What one case gave: the error text, or the budget.
enum Outcome {
    Error(String),
    Read(Box<Budget>),
}

fn run(name: &str, bytes: &[u8]) -> Outcome {
    let json = name.ends_with(".json");
    if name.ends_with(".csv") {
        let text = String::from_utf8_lossy(bytes);
        return match yusuan::import::csv::import_csv(&text) {
            Ok(b) => Outcome::Read(Box::new(b)),
            Err(e) => Outcome::Error(e.to_string()),
        };
    }
    let result = match (std::str::from_utf8(bytes), json) {
        (Ok(text), true) => {
            let r = from_json(text).map_err(|e| e.to_string());
            // The byte entry point agrees with the text one on UTF-8 input.
            let b = from_json_bytes(bytes).map_err(|e| e.to_string());
            assert_eq!(r, b, "{name}: from_json and from_json_bytes disagree");
            r
        }
        (Ok(text), false) => {
            let r = yusuan::import_text(text).map_err(|e| e.to_string());
            let b = yusuan::import::import_bytes(bytes).map_err(|e| e.to_string());
            assert_eq!(r, b, "{name}: import_text and import_bytes disagree");
            r
        }
        (Err(_), true) => from_json_bytes(bytes).map_err(|e| e.to_string()),
        (Err(_), false) => yusuan::import::import_bytes(bytes).map_err(|e| e.to_string()),
    };
    match result {
        Ok(b) => Outcome::Read(Box::new(b)),
        Err(e) => Outcome::Error(e),
    }
}

fn warnings(b: &Budget) -> Vec<String> {
    b.warnings.iter().map(|w| format!("第 {} 行：{}", w.line, w.message)).collect()
}

fn usable(b: &Budget) -> bool {
    !b.department.trim().is_empty() || b.function_tables.iter().any(|t| !t.rows.is_empty())
}

fn describe(o: &Outcome) -> String {
    match o {
        Outcome::Error(e) => format!("error: {e}"),
        Outcome::Read(b) => {
            let rows: usize = b.function_tables.iter().map(|t| t.rows.len()).sum();
            format!("read: department «{}», {rows} function rows, warnings {:#?}", b.department, warnings(b))
        }
    }
}

/// Checks one outcome against its expectation lines; `Err` says what differs.
fn check(o: &Outcome, expect: &str) -> Result<(), String> {
    let mut lines = expect.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#'));
    let first = lines.next().ok_or("empty .expect file")?;
    let (kind, want) = first.split_once(':').ok_or("first line must be `error:`, `warning:` or `ok:`")?;
    let want = want.trim();
    let budget = match (kind, o) {
        ("error", Outcome::Error(e)) if e.contains(want) => return Ok(()),
        ("error", _) => return Err(format!("expected an error containing «{want}»")),
        (_, Outcome::Error(_)) => return Err(format!("expected a result ({kind})")),
        ("warning", Outcome::Read(b)) => {
            if !warnings(b).iter().any(|w| w.contains(want)) {
                return Err(format!("expected a warning containing «{want}»"));
            }
            b
        }
        ("ok", Outcome::Read(b)) => b,
        _ => return Err(format!("unknown expectation kind «{kind}»")),
    };
    if !usable(budget) {
        return Err("the result is not usable: no department and no function rows".into());
    }
    let written = to_json(budget);
    for l in lines {
        match l.split_once(':') {
            Some(("has", s)) if !written.contains(s.trim()) => return Err(format!("result lacks «{}»", s.trim())),
            Some(("lacks", s)) if written.contains(s.trim()) => return Err(format!("result has «{}»", s.trim())),
            Some(("has" | "lacks", _)) => {}
            _ => return Err(format!("unknown expectation line «{l}»")),
        }
    }
    Ok(())
}

/// Every case of tests/bad/ with its expectation text, in file order.
fn catalogue() -> Vec<(String, Vec<u8>, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/bad exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "json" | "csv")))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let expect = std::fs::read_to_string(p.with_extension("expect"))
                .unwrap_or_else(|_| panic!("{name}: no {} beside it", p.with_extension("expect").display()));
            (name, std::fs::read(&p).expect("readable case"), expect)
        })
        .collect()
}

/// The seed document, for inputs made at run time.
fn seed() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/futian-investment-2022.txt"))
        .expect("seed fixture")
}

/// Inputs too large to commit.
fn generated() -> Vec<(String, Vec<u8>, String)> {
    let seed = seed();
    let mut out = Vec::new();
    // A 50 MB document (a scanned PDF's text layer pasted whole, or the wrong file).
    let big: String = seed.repeat(50_000_000 / seed.len() + 1);
    out.push((
        "g1-doc-50MB.txt".into(),
        big.into_bytes(),
        "error: yusuan 只导入不超过 8388608 字节（8 MiB）的文件".into(),
    ));
    // The same as JSON.
    let json = to_json(&yusuan::import_text(&seed).expect("seed imports"));
    let pad = " ".repeat(50_000_000);
    out.push((
        "g2-json-50MB.json".into(),
        format!("{json}{pad}").into_bytes(),
        "error: yusuan reads JSON of at most 8388608 bytes".into(),
    ));
    // 100-level nesting: a department name that is an array of arrays…
    let nested = format!(
        "{{\"format\": \"yusuan/1\", \"budget\": {{\"department\": {}0{}}}}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    out.push((
        "g3-json-nested-100.json".into(),
        nested.into_bytes(),
        "error: line 1, column 111: nested deeper than 64 levels".into(),
    ));
    // …and 100 000 levels, which would overflow the stack of a recursive parser.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    out.push(("g4-json-nested-100000.json".into(), deep.into_bytes(), "error: nested deeper than 64 levels".into()));
    // A document whose line breaks were lost: one 4 MiB line (the importer must stay linear).
    let one_line = seed.replace(['\n', '\r'], " ").repeat(4 * 1024 * 1024 / seed.len() + 1);
    out.push(("g5-doc-one-4MiB-line.txt".into(), one_line.into_bytes(), "error: 换行符丢失了？".into()));
    // 20 000 copies of one table row: linear time (a quadratic step took minutes here).
    let rows = format!(
        "一般公共预算支出表（按功能分类）\n单位：万元\n{}",
        "\t201\t一般公共服务支出\t6,301.32\t2,495.06\t3,806.26\n".repeat(20_000)
    );
    out.push((
        "g6-doc-20000-rows.txt".into(),
        rows.into_bytes(),
        "warning: 科目编码 201 «一般公共服务支出» 印了两次（第 3 行和第 4 行）".into(),
    ));
    out
}

#[test]
fn every_bad_input_gives_its_expected_error_or_warning() {
    let print = std::env::var_os("YUSUAN_BAD_PRINT").is_some();
    let cases = catalogue();
    assert!(cases.len() >= 40, "the catalogue holds {} cases; the issue asks for at least 40", cases.len());
    let mut failures = Vec::new();
    for (name, bytes, expect) in cases.iter().chain(generated().iter()) {
        let start = Instant::now();
        let outcome = run(name, bytes);
        let took = start.elapsed();
        if print {
            println!("== {name} ({took:.1?})\n{}\n", describe(&outcome));
        }
        if let Err(why) = check(&outcome, expect) {
            failures.push(format!("{name}: {why}\n   got {}", describe(&outcome)));
        }
        // Bounded time even in a debug build: refusing or reading any case takes seconds, not minutes.
        if took > Duration::from_secs(20) {
            failures.push(format!("{name}: took {took:.1?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the bad inputs do not behave as expected:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Regression: amounts near `Decimal::MAX` in a table imported fine, then the summary's 元
/// conversion overflowed (a panic, which in wasm aborts the module and blanks every chart). The
/// importer now leaves cells of 10^14 or more blank with a warning, so nothing downstream can
/// overflow: summary, audit and every chart kind in both languages.
#[test]
fn amounts_near_decimal_max_never_reach_the_summary_or_the_charts() {
    let max = "79,228,162,514,264,337,593,543,950";
    let text = seed().replace("\t28,000\t0\t28,000", &format!("\t{max}\t0\t{max}"));
    let b = yusuan::import_text(&text).expect("the document still imports");
    assert!(
        b.warnings.iter().any(|w| w.message.contains(&format!("金额 «{max}» 无法解析（过大"))),
        "{:#?}",
        b.warnings
    );
    assert!(yusuan::gate::check(&b).is_ok());
    let s = yusuan::summary::summary(&b);
    assert!(s.expenditure_total.is_some());
    assert!(!yusuan::audit(&b).is_empty());
    for lang in [yusuan::Lang::Zh, yusuan::Lang::En] {
        for kind in yusuan::chart::Kind::ALL {
            let o = yusuan::chart::Options { lang, ..Default::default() };
            let scene = yusuan::chart::build(kind, &b, &o, &yusuan::chart::EstimateMeasure);
            assert!(!scene.title.is_empty());
        }
    }
}

/// The catalogue through the CLI, as a user meets it: an expected error is one line on stderr,
/// `yusuan: FILE: <the error>`, with exit status 2; a case that reads exits 0 or 1 (audit errors)
/// and prints the summary.
#[test]
fn every_bad_input_through_the_cli() {
    let dir = std::env::temp_dir().join(format!("yusuan-bad-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (name, bytes, expect) in catalogue() {
        let file = dir.join(&name);
        std::fs::write(&file, &bytes).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan")).arg("summary").arg(&file).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        let first = expect.lines().find(|l| !l.trim().is_empty() && !l.starts_with('#')).unwrap_or("");
        match first.split_once(':') {
            Some(("error", want)) => {
                let want = want.trim();
                let lines: Vec<&str> = stderr.lines().collect();
                if code != Some(2) || lines.len() != 1 || !lines[0].contains(want) {
                    failures.push(format!("{name}: exit {code:?}, stderr {stderr:?}; expected one line with «{want}», exit 2"));
                }
            }
            _ => {
                if !matches!(code, Some(0 | 1)) || out.stdout.is_empty() {
                    failures.push(format!("{name}: exit {code:?}, stderr {stderr:?}; expected a summary"));
                }
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
