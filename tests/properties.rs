//! Property tests of hostile input (proptest): arbitrary bytes and mutated documents never panic
//! the importer or the JSON loader; whatever imports survives our JSON format unchanged; the
//! audit's hierarchy sums equal a naive exact re-sum computed here.
//!
//! Cases per property: 48 by default (the suite stays quick on 2 cores); `PROPTEST_CASES=2000`
//! runs more. A failure is shrunk and its seed saved under tests/properties.proptest-regressions.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;
use std::collections::HashMap;
use yusuan::json::{from_json, to_json};
use yusuan::model::{Budget, FunctionRow, FunctionTable, Source};
use yusuan::money::Unit;

const FIXTURES: [&str; 4] = [
    include_str!("fixtures/futian-investment-2022.txt"),
    include_str!("fixtures/putuo-commerce-budget-2025.txt"),
    include_str!("fixtures/putuo-govoffice-budget-2025.txt"),
    include_str!("fixtures/putuo-finance-final-accounts-2024.txt"),
];

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48);
    Config { cases, ..Config::default() }
}

/// An imported budget written as JSON, read back and written again gives the same text and the
/// same budget.
fn assert_round_trip(b: &Budget) -> Result<(), TestCaseError> {
    let first = to_json(b);
    let back = from_json(&first).map_err(|e| TestCaseError::fail(format!("own JSON does not load: {e}")))?;
    prop_assert_eq!(&back, b);
    prop_assert_eq!(to_json(&back), first);
    Ok(())
}

/// One edit of a document's lines, as hand copying and bad extraction make them.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    /// Every digit of the line becomes this one.
    Digits(usize, char),
    /// Text inserted at a character position of the line.
    Insert(usize, usize, String),
    /// The text is cut at this fraction (per mille) of its lines.
    Truncate(u16),
}

fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\t".to_string()),
        Just("\u{c}".to_string()),
        Just("，".to_string()),
        Just("--".to_string()),
        Just("1e400".to_string()),
        Just("NaN".to_string()),
        Just("１２３".to_string()),
        Just("（12.00）".to_string()),
        Just("79,228,162,514,264,337,593,543,950,335".to_string()),
        Just("\t79,228,162,514,264,337,593,543,950".to_string()),
        Just(" 99,999,999,999,999.99".to_string()),
        Just("合计".to_string()),
        Just("单位：元".to_string()),
        Just("一般公共预算支出表（按功能分类）".to_string()),
        Just("2023年某某局部门预算".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{feff}".to_string()),
        "[0-9,.\\-]{1,12}",
        "\\PC{0,6}",
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0usize..2000;
    prop_oneof![
        at.clone().prop_map(Edit::Delete),
        at.clone().prop_map(Edit::Duplicate),
        (at.clone(), at.clone()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (at.clone(), prop::char::range('0', '9')).prop_map(|(a, c)| Edit::Digits(a, c)),
        (at.clone(), 0usize..80, junk()).prop_map(|(a, k, j)| Edit::Insert(a, k, j)),
        (0u16..1000).prop_map(Edit::Truncate),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for e in edits {
        let n = lines.len().max(1);
        match e {
            Edit::Delete(i) if !lines.is_empty() => {
                lines.remove(i % n);
            }
            Edit::Duplicate(i) if !lines.is_empty() => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Edit::Swap(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            Edit::Digits(i, d) if !lines.is_empty() => {
                let l = &mut lines[i % n];
                *l = l.chars().map(|c| if c.is_ascii_digit() { *d } else { c }).collect();
            }
            Edit::Insert(i, k, j) if !lines.is_empty() => {
                let l = &mut lines[i % n];
                let at = l.char_indices().nth(*k).map_or(l.len(), |(b, _)| b);
                l.insert_str(at, j);
            }
            Edit::Truncate(p) => lines.truncate(lines.len() * (*p as usize) / 1000),
            _ => {}
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic_the_importer_or_the_loader(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let text = String::from_utf8_lossy(&bytes);
        match yusuan::import_text(&text) {
            Ok(b) => assert_round_trip(&b)?,
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
        if let Err(e) = from_json(&text) {
            prop_assert!(!e.message.is_empty());
        }
        // The byte entry points see the raw bytes (not UTF-8, UTF-16 marks …).
        let _ = yusuan::import::import_bytes(&bytes);
        let _ = yusuan::json::from_json_bytes(&bytes);
    }

    #[test]
    fn arbitrary_json_shaped_text_never_panics_the_loader(
        text in "\\{\"format\": \"yusuan/1\", \"budget\": \\{(\"[a-z_]{1,12}\": ([0-9\\-\\.e]{1,8}|\"[^\"\\\\]{0,8}\"|\\[\\]|\\{\\}|null|true), ){0,6}\"department\": \"x\"\\}\\}"
    ) {
        match from_json(&text) {
            Ok(b) => assert_round_trip(&b)?,
            Err(e) => prop_assert!(!e.message.is_empty() && e.line >= 1, "{e}"),
        }
    }

    #[test]
    fn mutated_documents_import_or_fail_cleanly_and_survive_json(
        which in 0usize..FIXTURES.len(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let text = apply(FIXTURES[which], &edits);
        match yusuan::import_text(&text) {
            Ok(b) => {
                assert_round_trip(&b)?;
                // Whatever imports can be audited, summarised and charted without a panic.
                let _ = yusuan::audit(&b);
                let _ = yusuan::summary::summary(&b);
                for lang in [yusuan::Lang::Zh, yusuan::Lang::En] {
                    let o = yusuan::chart::Options { lang, ..Default::default() };
                    for kind in yusuan::chart::Kind::ALL {
                        let _ = yusuan::chart::build(kind, &b, &o, &yusuan::chart::EstimateMeasure);
                    }
                }
            }
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }

    #[test]
    fn audit_hierarchy_sums_equal_a_naive_exact_re_sum(table in function_table()) {
        let budget = Budget { department: "测试".into(), unit: Unit::Wanyuan, function_tables: vec![table.clone()], ..Budget::default() };
        let findings = yusuan::audit(&budget);
        // (line of the parent, column) → (expected, actual) as the audit states them.
        let mut stated: HashMap<(u32, &str), (Decimal, Decimal)> = HashMap::new();
        for f in findings.iter().filter(|f| matches!(f.check, yusuan::Check::Hierarchy | yusuan::Check::Unit)) {
            let (Some(parent), Some(e), Some(a)) = (f.sources.first(), f.expected, f.actual) else { continue };
            let col = ["合计", "基本支出", "项目支出"].into_iter().find(|c| f.message.contains(&format!("[{c}]")));
            let Some(col) = col else { continue };
            prop_assert!(stated.insert((parent.line, col), (e, a)).is_none(), "two findings for one sum: {f}");
        }
        let mut expected: HashMap<(u32, &str), (Decimal, Decimal)> = HashMap::new();
        for (parent, kids) in naive_families(&table) {
            for (col, get) in COLUMNS {
                let sum: Decimal = kids.iter().map(|k| get(k)).sum();
                let printed = get(parent);
                if sum != printed {
                    expected.insert((parent.source.line, col), (sum, printed));
                }
            }
        }
        prop_assert_eq!(stated, expected);
    }
}

type Column = (&'static str, fn(&FunctionRow) -> Decimal);
const COLUMNS: [Column; 3] = [
    ("合计", |r| r.total.unwrap_or_default()),
    ("基本支出", |r| r.basic.unwrap_or_default()),
    ("项目支出", |r| r.project.unwrap_or_default()),
];

/// Every parent with its children, found by code prefix the simple way: 类 → 款 of 5 digits
/// starting with it, 款 → 项 of 7; the 合计 row → every 类.
fn naive_families(t: &FunctionTable) -> Vec<(&FunctionRow, Vec<&FunctionRow>)> {
    let mut out = Vec::new();
    for p in &t.rows {
        let want = p.code.len() + 2;
        let kids: Vec<&FunctionRow> =
            t.rows.iter().filter(|r| r.code.len() == want && r.code.starts_with(&p.code)).collect();
        if !kids.is_empty() {
            out.push((p, kids));
        }
    }
    if let Some(total) = &t.total {
        out.push((total, t.rows.iter().filter(|r| r.code.len() == 3).collect()));
    }
    out
}

/// An amount as printed: up to a billion, 0–2 decimals, sometimes negative.
fn amount() -> impl Strategy<Value = Decimal> {
    (-1_000_000_000i64..1_000_000_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s))
}

/// A 类/款/项 table whose sums hold, then a few printed amounts changed (anywhere, the 合计 row
/// too) so that some sums break by a rounding-sized or a large difference.
fn function_table() -> impl Strategy<Value = FunctionTable> {
    let item = (amount(), amount());
    let section = prop::collection::vec(item, 0..4);
    let class = prop::collection::vec(section, 0..4);
    let shape = prop::collection::vec(class, 1..5);
    let edits = prop::collection::vec((0usize..64, 0usize..3, prop_oneof![Just(Decimal::new(1, 2)), amount()]), 0..4);
    (shape, edits).prop_map(|(classes, edits)| {
        let mut rows: Vec<FunctionRow> = Vec::new();
        let mut line = 10u32;
        let mut push = |rows: &mut Vec<FunctionRow>, code: String, b: Decimal, p: Decimal| {
            line += 1;
            rows.push(FunctionRow {
                name: format!("科目{code}"),
                source: Source::row(line, "测试表", &code),
                code,
                total: Some(b + p),
                basic: Some(b),
                project: Some(p),
            });
        };
        let (mut tb, mut tp) = (Decimal::ZERO, Decimal::ZERO);
        for (ci, sections) in classes.iter().enumerate() {
            let ccode = format!("2{:02}", ci + 1);
            let at = rows.len();
            push(&mut rows, ccode.clone(), Decimal::ZERO, Decimal::ZERO);
            let (mut cb, mut cp) = (Decimal::ZERO, Decimal::ZERO);
            for (si, items) in sections.iter().enumerate() {
                let scode = format!("{ccode}{:02}", si + 1);
                let sat = rows.len();
                push(&mut rows, scode.clone(), Decimal::ZERO, Decimal::ZERO);
                let (mut sb, mut sp) = (Decimal::ZERO, Decimal::ZERO);
                for (ii, (b, p)) in items.iter().enumerate() {
                    push(&mut rows, format!("{scode}{:02}", ii + 1), *b, *p);
                    sb += *b;
                    sp += *p;
                }
                set(&mut rows[sat], sb, sp);
                cb += sb;
                cp += sp;
            }
            set(&mut rows[at], cb, cp);
            tb += cb;
            tp += cp;
        }
        let mut total = FunctionRow {
            code: String::new(),
            name: "合计".into(),
            total: Some(tb + tp),
            basic: Some(tb),
            project: Some(tp),
            source: Source::row(9, "测试表", "合计"),
        };
        for (at, col, delta) in edits {
            let (n, k) = (rows.len(), at % (rows.len() + 1));
            let row = if k == n { &mut total } else { &mut rows[k] };
            let cell = match col {
                0 => &mut row.total,
                1 => &mut row.basic,
                _ => &mut row.project,
            };
            *cell = cell.map(|v| v + delta);
        }
        FunctionTable { title: "测试表".into(), unit: Unit::Wanyuan, rows, total: Some(total) }
    })
}

fn set(r: &mut FunctionRow, b: Decimal, p: Decimal) {
    r.basic = Some(b);
    r.project = Some(p);
    r.total = Some(b + p);
}

#[test]
fn the_mutations_reach_the_importer_s_warnings() {
    // A fixed mutation (digits replaced on a table row, a line duplicated, the end cut off) gives
    // a budget with warnings, not a silent success: the generator exercises real paths.
    let text = apply(FIXTURES[0], &[Edit::Digits(306, '7'), Edit::Duplicate(310), Edit::Truncate(900)]);
    let b = yusuan::import_text(&text).expect("the seed still imports");
    assert!(b.warnings.iter().any(|w| w.message.contains("印了两次")), "{:#?}", b.warnings);
    assert_round_trip(&b).expect("round trip");
}
