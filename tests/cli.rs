//! The real `yusuan` binary: usage, exit codes, one-line errors, summary/audit output on the seed
//! and on a hand-built budget, stdin, and `import -o` read back.

#[path = "support/sample.rs"]
mod sample;

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/futian-investment-2022.txt");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn yusuan(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Exit 2 with exactly one line on stderr and nothing on stdout; returns that line.
fn fails(r: &Run) -> &str {
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.ends_with('\n') && r.stderr.lines().count() == 1, "not one line: {:?}", r.stderr);
    assert!(!r.stderr.contains("panicked"));
    r.stderr.trim_end()
}

/// A fresh directory per test (tests run in parallel).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yusuan-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

fn sample_json(dir: &Path) -> String {
    write(dir, "sample.json", yusuan::json::to_json(&sample::seed_like()).as_bytes())
}

/// What the library's audit says about the sample, as {"error", "warning", "rounding"} counts:
/// the CLI must report the same (the sample is partial, so the audit does find things).
fn sample_counts() -> Value {
    let findings = yusuan::audit(&sample::seed_like());
    let n = |s: yusuan::Severity| findings.iter().filter(|f| f.severity == s).count();
    serde_json::json!({"error": n(yusuan::Severity::Error), "warning": n(yusuan::Severity::Warning), "rounding": n(yusuan::Severity::Rounding)})
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

// ---- usage ----

#[test]
fn help_and_version() {
    let r = yusuan(&["--help"], None);
    assert_eq!(r.code, 0);
    for line in ["yusuan import DOC [-o OUT.json]", "yusuan summary FILE [--json]", "yusuan audit FILE [--json]", "Exit status: 0 ok"] {
        assert!(r.stdout.contains(line), "{line}");
    }
    assert_eq!(yusuan(&["-h"], None).stdout, r.stdout);
    assert_eq!(yusuan(&["help"], None).stdout, r.stdout);

    let v = yusuan(&["--version"], None);
    assert_eq!((v.code, v.stdout.as_str()), (0, concat!("yusuan ", env!("CARGO_PKG_VERSION"), "\n")));

    let h = yusuan(&["audit", "--help"], None);
    assert_eq!(h.code, 0);
    assert!(h.stdout.starts_with("Usage: yusuan audit FILE [--json]\n"));
    assert_eq!(yusuan(&["help", "audit"], None).stdout, h.stdout);
}

#[test]
fn usage_errors_are_one_line_and_exit_2() {
    assert_eq!(fails(&yusuan(&[], None)), "yusuan: no command given (yusuan import|summary|audit|render|export FILE); see `yusuan --help`");
    assert_eq!(fails(&yusuan(&["frob"], None)), "yusuan: unknown command `frob` (commands: import, summary, audit, render, export, survey); see `yusuan --help`");
    assert_eq!(fails(&yusuan(&["--frob"], None)), "yusuan: unknown option `--frob`; see `yusuan --help`");
    assert_eq!(fails(&yusuan(&["summary"], None)), "yusuan: summary: missing FILE (usage: yusuan summary FILE [--json]); see `yusuan --help`");
    // Several paths are one budget (北京's 附件1 and 附件2): the first that cannot be read is named.
    assert_eq!(fails(&yusuan(&["summary", "a", "b"], None)), "yusuan: a: cannot read: no such file or directory");
    assert_eq!(
        fails(&yusuan(&["survey", "a", "b"], None)),
        "yusuan: survey: unexpected argument `b` (usage: yusuan survey DIR [--json] [--require read=P,consistent=P,scanned=P]); see `yusuan --help`"
    );
    assert_eq!(fails(&yusuan(&["summary", "--jsn", "a"], None)), "yusuan: summary: unknown option `--jsn`; see `yusuan --help`");
    assert_eq!(fails(&yusuan(&["audit", "-o", "x", "a"], None)), "yusuan: audit: unknown option `-o`; see `yusuan --help`");
    assert_eq!(fails(&yusuan(&["import", "a", "-o"], None)), "yusuan: import: `-o` needs a value; see `yusuan --help`");
    assert_eq!(fails(&yusuan(&["help", "frob"], None)), "yusuan: unknown command `frob`; see `yusuan --help`");
}

// ---- unreadable input ----

#[test]
fn missing_file_directory_and_empty_input() {
    let dir = scratch("unreadable");
    let missing = dir.join("nope.txt");
    let missing = missing.to_str().unwrap();
    assert_eq!(fails(&yusuan(&["summary", missing], None)), format!("yusuan: {missing}: cannot read: no such file or directory"));
    let d = dir.to_str().unwrap();
    assert_eq!(fails(&yusuan(&["audit", d], None)), format!("yusuan: {d}: is a directory, not a file"));
    let empty = write(&dir, "empty.txt", b"  \n\n");
    assert_eq!(fails(&yusuan(&["summary", &empty], None)), format!("yusuan: {empty}: 输入为空：没有可导入的文本"));
    assert_eq!(fails(&yusuan(&["summary", "-"], Some(b""))), "yusuan: <stdin>: 输入为空：没有可导入的文本");
}

#[test]
fn non_utf8_text_names_the_line_and_byte() {
    let dir = scratch("utf8");
    // 部门预算 in GBK on line 2: what a GBK-encoded download looks like.
    let gbk = write(&dir, "gbk.txt", b"2022\n\xb2\xbf\xc3\xc5\xd4\xa4\xcb\xe3\n");
    assert_eq!(
        fails(&yusuan(&["summary", &gbk], None)),
        format!("yusuan: {gbk}: 第 2 行：不是 UTF-8 文本：字节偏移 5 处的 0xB2 无法解码；以 GBK / GB18030 保存的文件须先转换为 UTF-8（iconv -f GB18030 -t UTF-8）")
    );
    // A UTF-16 byte order mark and then one byte: not whole UTF-16 text.
    let r = yusuan(&["audit", "-"], Some(b"\xff\xfe{"));
    assert_eq!(fails(&r), "yusuan: <stdin>: UTF-16 文本（以 UTF-16 的 BOM 开头）有 3 个字节，不是偶数：文件不完整，或者并非 UTF-16");
    // The same text as UTF-16, as Windows Notepad saves it: read like its UTF-8.
    let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain("输入".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let r = yusuan(&["summary", "-"], Some(&utf16));
    assert!(fails(&r).contains("未找到预算表"), "{}", fails(&r));
}

#[test]
fn garbage_text_is_refused_in_one_line() {
    let dir = scratch("garbage");
    let g = write(&dir, "garbage.txt", "hello\nthis is not a budget\n\u{1}\u{2}\n".as_bytes());
    let line = fails(&yusuan(&["summary", &g], None)).to_string();
    assert!(line.starts_with(&format!("yusuan: {g}: ")), "{line}");
    let bin: Vec<u8> = (0u8..=127).cycle().take(4096).collect();
    let b = write(&dir, "binary.dat", &bin);
    let line = fails(&yusuan(&["audit", &b], None)).to_string();
    assert!(line.starts_with(&format!("yusuan: {b}: ")), "{line}");
}

#[test]
fn bad_json_names_path_line_and_column() {
    let dir = scratch("badjson");
    let good = yusuan::json::to_json(&sample::seed_like());
    let bad = good.replacen("\"name\": \"商贸事务\",\n            \"total\": \"1509.59\"", "\"name\": \"商贸事务\",\n            \"total\": 1509.59", 1);
    assert_ne!(bad, good);
    let line_no = bad.lines().position(|l| l.contains("\"total\": 1509.59")).unwrap() + 1;
    let f = write(&dir, "bad.json", bad.as_bytes());
    assert_eq!(
        fails(&yusuan(&["summary", &f], None)),
        format!("yusuan: {f}: budget.function_tables[0].rows[1].total (line {line_no}, column 22): expected a decimal string such as \"1234.50\", got 1509.59")
    );
    let syntax = write(&dir, "syntax.json", b"{\"format\": \"yusuan/1\",\n \"budget\": {\"department\" \"x\"}}");
    assert_eq!(fails(&yusuan(&["audit", &syntax], None)), format!("yusuan: {syntax}: line 2, column 26 (in budget.department): expected `:`"));
    let v2 = write(&dir, "v2.json", good.replacen("yusuan/1", "yusuan/2", 1).as_bytes());
    assert_eq!(
        fails(&yusuan(&["summary", &v2, "--json"], None)),
        format!("yusuan: {v2}: format (line 2, column 13): unsupported format version \"yusuan/2\": this yusuan reads \"yusuan/1\"")
    );
}

// ---- summary, audit, import on a hand-built budget ----

#[test]
fn summary_json_of_a_json_file() {
    let dir = scratch("summary-json");
    let f = sample_json(&dir);
    let r = yusuan(&["summary", &f, "--json"], None);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let s = json(&r.stdout);
    assert_eq!(s["department"], "深圳市福田区投资推广和企业服务中心");
    assert_eq!(s["year"], 2022);
    assert_eq!(s["kind"], "budget");
    assert_eq!(s["unit"], "万元");
    assert_eq!(s["income_total"], "443380000");
    assert_eq!(s["expenditure_total"], "443500000");
    assert_eq!(s["basic_total"], "32637400.00");
    assert_eq!(s["project_total"], "410862600.00");
    assert_eq!(s["carry_over_in"], "120000");
    assert_eq!(s["carry_over_out"], "0");
    assert_eq!(s["prior_year"], 2021);
    assert_eq!(s["prior_expenditure_total"], "509433200.00");
    assert_eq!(s["functions"][5], json(r#"{"code": "2080116", "name": "引进人才费用", "total": "92800000.00", "basic": null, "project": "92800000.00"}"#));
    assert_eq!(s["economic"][0], json(r#"{"category": "personnel", "name": "人员支出", "amount": "27964100.00"}"#));
    assert_eq!(s["findings"], sample_counts());
    // In the order written (serde_json's Value sorts keys, so read the text).
    let keys: Vec<&str> = r.stdout.lines().filter_map(|l| l.strip_prefix("  \"")?.split('"').next()).collect();
    assert_eq!(
        keys,
        [
            "department", "year", "kind", "unit", "income_total", "expenditure_total", "basic_total", "project_total",
            "carry_over_in", "carry_over_out", "economic", "functions", "prior_year", "prior_expenditure_total", "findings"
        ]
    );
}

#[test]
fn human_summary_is_a_readable_table() {
    let dir = scratch("summary-text");
    let f = sample_json(&dir);
    let r = yusuan(&["summary", &f], None);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "Department 部门            深圳市福田区投资推广和企业服务中心");
    assert!(lines.contains(&"Expenditure 支出合计       44,350.00 万元"), "{}", r.stdout);
    assert!(lines.contains(&"Expenditure 2021 上年支出  50,943.32 万元 (change -12.94%)"), "{}", r.stdout);
    assert!(lines.contains(&"208      社会保障和就业支出              9,638.00      358.00      9,280.00"), "{}", r.stdout);
    let c = sample_counts();
    let plural = |v: &Value, word: &str| format!("{v} {word}{}", if v == 1 { "" } else { "s" });
    let audit_line = format!("Audit: {}, {}, {}", plural(&c["error"], "error"), plural(&c["warning"], "warning"), plural(&c["rounding"], "rounding note"));
    assert_eq!(lines.last(), Some(&audit_line.as_str()));
}

#[test]
fn stdin_dash_reads_the_same_as_a_file() {
    let dir = scratch("stdin");
    let f = sample_json(&dir);
    let from_file = yusuan(&["summary", "--json", &f], None);
    let from_stdin = yusuan(&["summary", "--json", "-"], Some(std::fs::read(&f).unwrap().as_slice()));
    assert_eq!(from_stdin.code, 0);
    assert_eq!(from_stdin.stdout, from_file.stdout);
    let audit = yusuan(&["audit", "-", "--json"], Some(std::fs::read(&f).unwrap().as_slice()));
    let counts = sample_counts();
    assert_eq!(audit.code, if counts["error"] == 0 { 0 } else { 1 }, "{}", audit.stderr);
    assert_eq!(json(&audit.stdout)["counts"], counts);
    assert_eq!(audit.stdout, yusuan(&["audit", "--json", &f], None).stdout);
}

#[test]
fn import_writes_our_json_to_a_file_or_stdout() {
    let dir = scratch("import");
    let f = sample_json(&dir);
    let out = dir.join("out.json");
    let out = out.to_str().unwrap();
    let r = yusuan(&["import", &f, "-o", out], None);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    // The sample carries one import warning: reported on stderr with its line.
    assert_eq!(r.stderr, format!("yusuan: {f}: line 300: warning: row without code\n"));
    let written = std::fs::read_to_string(out).unwrap();
    assert_eq!(written, format!("{}\n", yusuan::json::to_json(&sample::seed_like())));
    assert_eq!(yusuan(&["import", &f], None).stdout, written);
    assert_eq!(yusuan(&["import", &f, &format!("--output={out}")], None).code, 0);
    let bad = dir.join("no/such/dir/out.json");
    let bad = bad.to_str().unwrap();
    assert_eq!(fails(&yusuan(&["import", &f, "-o", bad], None)), format!("yusuan: {bad}: cannot write: no such file or directory"));
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    let dir = scratch("pipe");
    let f = sample_json(&dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["import", &f])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

// ---- the seed document (needs the importer and the audit) ----

#[test]
fn seed_summary_json() {
    let r = yusuan(&["summary", SEED, "--json"], None);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stderr);
    let s = json(&r.stdout);
    assert_eq!(s["department"], "深圳市福田区投资推广和企业服务中心");
    assert_eq!(s["year"], 2022);
    assert_eq!(s["kind"], "budget");
    assert_eq!(s["unit"], "万元");
    // 44,350 万元 printed without decimals: 443500000 元, scale kept (no ".00").
    assert_eq!(s["expenditure_total"], "443500000");
    assert_eq!(s["income_total"], "443380000");
    assert_eq!(s["basic_total"], "32637400.00");
    assert_eq!(s["project_total"], "410862600.00");
    assert_eq!(s["carry_over_in"], "120000");
    assert_eq!(s["carry_over_out"], "0");
    assert_eq!(s["prior_year"], 2021);
    // 44,350 − (−6,593.32) = 50,943.32 万元.
    assert_eq!(s["prior_expenditure_total"], "509433200.00");
    let codes: Vec<&str> = s["functions"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "201", "20113", "2011399", "20199", "2019999", "208", "20801", "2080116", "20805", "2080502", "2080505", "2080506",
            "20899", "2089999", "210", "21011", "2101102", "215", "21508", "2150899", "221", "22102", "2210201", "2210203"
        ]
    );
    let f = |code: &str| s["functions"].as_array().unwrap().iter().find(|f| f["code"] == code).unwrap().clone();
    assert_eq!(f("201"), json(r#"{"code": "201", "name": "一般公共服务支出", "total": "63013200.00", "basic": "24950600.00", "project": "38062600.00"}"#));
    assert_eq!(f("208"), json(r#"{"code": "208", "name": "社会保障和就业支出", "total": "96380000", "basic": "3580000", "project": "92800000"}"#));
    assert_eq!(f("2150899")["total"], "280000000");
    assert_eq!(f("2210203"), json(r#"{"code": "2210203", "name": "购房补贴", "total": "1091600.00", "basic": "1091600.00", "project": "0"}"#));
    let economic: Vec<(&str, &str)> =
        s["economic"].as_array().unwrap().iter().map(|e| (e["category"].as_str().unwrap(), e["amount"].as_str().unwrap())).collect();
    assert_eq!(
        economic,
        [("personnel", "27964100.00"), ("public", "3147400.00"), ("households", "1525900.00"), ("project", "410862600.00")]
    );
    assert!(s["findings"]["error"].as_u64().unwrap() > 0, "the seed has real errors (e.g. 208: 9,637.86 vs 9,638)");
}

#[test]
fn seed_audit_exits_1_with_findings_in_json() {
    let r = yusuan(&["audit", SEED, "--json"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let a = json(&r.stdout);
    assert_eq!(a["department"], "深圳市福田区投资推广和企业服务中心");
    let findings = a["findings"].as_array().unwrap();
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert!(errors > 0);
    assert_eq!(a["counts"]["error"].as_u64(), Some(errors as u64));
    assert_eq!(a["counts"]["warning"].as_u64(), Some(findings.iter().filter(|f| f["severity"] == "warning").count() as u64));
    assert_eq!(a["counts"]["rounding"].as_u64(), Some(findings.iter().filter(|f| f["severity"] == "rounding").count() as u64));
    for f in findings {
        for key in ["severity", "check", "where", "expected", "actual", "difference", "message"] {
            assert!(f.get(key).is_some(), "finding without {key}: {f}");
        }
        assert!(["error", "warning", "rounding"].contains(&f["severity"].as_str().unwrap()));
        for key in ["expected", "actual", "difference"] {
            assert!(f[key].is_null() || f[key].is_string(), "{key} must be a decimal string: {f}");
        }
    }
    // Errors first, then warnings, then rounding notes.
    let order: Vec<u8> = findings.iter().map(|f| match f["severity"].as_str() { Some("error") => 0, Some("warning") => 1, _ => 2 }).collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]));
    // 208 社会保障和就业支出: 9,637.86 in 收支总表, 9,638 in 表7 — one of the seed's real discrepancies.
    assert!(findings.iter().any(|f| f["where"].as_str().unwrap_or("").contains("社会保障和就业支出") || f["message"].as_str().unwrap_or("").contains("社会保障和就业支出")));
}

#[test]
fn seed_audit_human_output() {
    let r = yusuan(&["audit", SEED], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json_run = json(&yusuan(&["audit", SEED, "--json"], None).stdout);
    let (e, w, n) = (&json_run["counts"]["error"], &json_run["counts"]["warning"], &json_run["counts"]["rounding"]);
    let plural = |v: &Value, word: &str| format!("{v} {word}{}", if v == 1 { "" } else { "s" });
    let last = r.stdout.lines().last().unwrap();
    assert_eq!(last, format!("{}, {}, {}", plural(e, "error"), plural(w, "warning"), plural(n, "rounding note")));
    assert!(r.stdout.contains("\nerrors:\n  error ["));
    let finding_lines = r.stdout.lines().filter(|l| l.starts_with("  ")).count();
    assert_eq!(finding_lines, json_run["findings"].as_array().unwrap().len());
}

#[test]
fn seed_import_then_summary_reads_back_identically() {
    let dir = scratch("seed-import");
    let out = dir.join("seed.json");
    let out = out.to_str().unwrap();
    let r = yusuan(&["import", SEED, "-o", out], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let from_text = yusuan(&["summary", SEED, "--json"], None);
    let from_json = yusuan(&["summary", out, "--json"], None);
    assert_eq!(from_json.code, 0, "{}", from_json.stderr);
    assert_eq!(from_json.stdout, from_text.stdout);
    assert_eq!(yusuan(&["summary", out], None).stdout, yusuan(&["summary", SEED], None).stdout);
    let a = yusuan(&["audit", out, "--json"], None);
    assert_eq!((a.code, a.stdout), (1, yusuan(&["audit", SEED, "--json"], None).stdout));
}

#[test]
fn every_fixture_imports_and_summarizes() {
    for name in ["putuo-commerce-budget-2025.txt", "putuo-finance-final-accounts-2024.txt", "putuo-govoffice-budget-2025.txt"] {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let r = yusuan(&["summary", &path, "--json"], None);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let s = json(&r.stdout);
        // The Putuo budgets print 元, the Putuo final accounts 万元.
        assert_eq!(s["unit"], if name.contains("final") { "万元" } else { "元" }, "{name}");
        assert_eq!(s["year"], if name.contains("2024") { 2024 } else { 2025 }, "{name}");
        assert_eq!(s["kind"], if name.contains("final") { "final_accounts" } else { "budget" }, "{name}");
        assert!(s["expenditure_total"].is_string(), "{name}: {}", s["expenditure_total"]);
        assert!(!s["functions"].as_array().unwrap().is_empty(), "{name}");
    }
}
