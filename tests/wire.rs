//! The wire format (src/wire.rs) that hands a budget from the worker to the page: round trips of the
//! four fixtures, a hand-built budget and a synthetic 10k-line city budget equal the original; every
//! truncation and thousands of mutations of real bytes give errors, never panics.

#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "support/sample.rs"]
mod sample;
#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use proptest::prelude::*;
use yusuan::model::Budget;
use yusuan::wire::{from_wire, to_wire, MAGIC};

use fixtures::{fixture, FIXTURES};

fn round_trip(b: &Budget) -> Vec<u8> {
    let bytes = to_wire(b).unwrap();
    let back = from_wire(&bytes).unwrap();
    assert_eq!(&back, b);
    // Scale and sign of every Decimal, and absent vs empty fields, survive: the JSON is identical.
    assert_eq!(yusuan::json::to_json(&back), yusuan::json::to_json(b));
    bytes
}

#[test]
fn fixtures_round_trip_exactly() {
    for name in FIXTURES {
        let b = fixture(name);
        assert!(b.functions().is_some_and(|t| !t.rows.is_empty()), "{name}: no function rows");
        let bytes = round_trip(&b);
        let json = yusuan::json::to_json(&b).len();
        // Far smaller than the JSON (field names and Sources written out there).
        assert!(bytes.len() * 2 < json, "{name}: wire {} bytes, JSON {json}", bytes.len());
    }
}

#[test]
fn hand_built_budget_round_trips() {
    round_trip(&sample::seed_like());
    // A Source without a table is written as the None tag (skip_serializing_if) and reads back as None.
    let b = fixture("futian-investment-2022");
    assert!(b.statements.iter().any(|s| s.source.table.is_none()), "no prose Source to exercise skip_field");
    assert!(b.function_tables.iter().all(|t| t.rows.iter().all(|r| r.source.table.is_some())));
    round_trip(&b);
}

#[test]
fn empty_budget_round_trips() {
    let b = Budget::default();
    let bytes = round_trip(&b);
    assert_eq!(&bytes[..4], &MAGIC);
}

#[test]
fn synthetic_10k_lines_round_trip() {
    let b = yusuan::import_text(&synth::city(10_000, 7)).unwrap();
    let rows = b.functions().map_or(0, |t| t.rows.len());
    assert!(rows >= 10_000, "{rows} rows");
    let bytes = round_trip(&b);
    let json = yusuan::json::to_json(&b).len();
    assert!(bytes.len() * 2 < json, "wire {} bytes, JSON {json}", bytes.len());
}

/// A budget whose function rows exercise every branch of the row codec: amounts of every scale and
/// sign (a negative zero, a 96-bit mantissa), blank columns, a label other than the name, a row
/// without a table, two titles in one part, and warnings.
fn odd_rows() -> Budget {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    use yusuan::model::{FunctionRow, FunctionTable, Source, Warning};
    let mut b = sample::seed_like();
    let amounts = ["0", "0.00", "-0.50", "99999999999999.99", "-12", "3.1415926535", "-0", "-0.000", "7.9228162514264337593543950335", "-7.922816251426433759354395033"];
    let rows = amounts
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let d = Decimal::from_str(s).unwrap();
            FunctionRow {
                code: format!("20{i}"),
                name: format!("名称{i}"),
                total: Some(d),
                basic: (i % 2 == 0).then_some(-d),
                project: None,
                source: match i % 4 {
                    0 => Source::row(i as u32, "表一", &format!("名称{i}")),
                    1 => Source::row(u32::MAX, "表二", "另一个标签"),
                    // A PDF's number: its page, and the file of a budget read from two.
                    2 => Source { page: Some(u32::MAX - 1), file: Some(1), ..Source::row(7, "表一", "页") },
                    _ => Source::text(0, ""),
                },
            }
        })
        .collect();
    b.function_tables.push(FunctionTable { title: "odd".into(), unit: yusuan::money::Unit::Yuan, rows, total: None });
    // More distinct titles in one part than it lists: the rest are written with their row.
    let many = (0..30u32)
        .map(|i| FunctionRow {
            code: format!("{}", 201 + i % 3),
            name: "同名".into(),
            total: None,
            basic: None,
            project: None,
            source: Source::row(i, &format!("表 {}", i % 12), "同名"),
        })
        .collect();
    b.function_tables.push(FunctionTable { title: "many titles".into(), unit: yusuan::money::Unit::Yuan, rows: many, total: None });
    b.function_tables.push(FunctionTable { title: "empty".into(), unit: yusuan::money::Unit::Yuan, rows: vec![], total: None });
    b.warnings = (0..50).map(|i| Warning { line: i * 1000, message: format!("警告 {i}"), page: None }).collect();
    b.files = vec!["附件1：情况说明.pdf".into(), "附件2：报表.pdf".into()];
    b
}

#[test]
fn decimals_keep_scale_and_sign() {
    let b = odd_rows();
    round_trip(&b);
    let back = from_wire(&to_wire(&b).unwrap()).unwrap();
    let odd = back.function_tables.iter().find(|t| t.title == "odd").unwrap();
    let printed: Vec<String> = odd.rows.iter().map(|r| r.total.unwrap().to_string()).collect();
    let want: Vec<String> = b.function_tables.iter().find(|t| t.title == "odd").unwrap().rows.iter().map(|r| r.total.unwrap().to_string()).collect();
    assert_eq!(printed, want);
    assert_eq!(printed[2], "-0.50");
    // A 96-bit mantissa (scale 28: below the amount limit).
    assert_eq!(printed[8], "7.9228162514264337593543950335");
    // The same mantissa at scale 0 is beyond the limit: the bytes decode, the gate refuses.
    let mut huge = b.clone();
    huge.function_tables[1].rows[8].total = Some(rust_decimal::Decimal::MAX);
    let e = from_wire(&to_wire(&huge).unwrap()).unwrap_err().to_string();
    assert_eq!(e, "yusuan wire data: budget.function_tables[1].rows[8].total: amount \"79228162514264337593543950335\" is too large: yusuan reads amounts below 10^14 (100,000,000,000,000) in their unit");
    // A negative zero keeps its sign (from_parts alone would drop it).
    let neg_zero = odd.rows[6].total.unwrap();
    assert!(neg_zero.is_zero());
    assert_eq!(neg_zero.is_sign_negative(), b.function_tables.iter().find(|t| t.title == "odd").unwrap().rows[6].total.unwrap().is_sign_negative());
    assert_eq!(odd.rows[1].source.label, "另一个标签");
    assert_eq!(odd.rows[3].source.table, None);
    // A PDF's page and the file of a two-file budget cross too.
    assert_eq!((odd.rows[2].source.page, odd.rows[2].source.file), (Some(u32::MAX - 1), Some(1)));
    assert_eq!(back.files.len(), 2);
}

#[test]
fn odd_rows_in_parts_of_every_size() {
    use yusuan::wire::{to_parts, PartsReader};
    let b = odd_rows();
    for per in [1, 2, 3, 7, 4096] {
        let parts = to_parts(&b, per).unwrap();
        let mut r = PartsReader::new(&parts[0]).unwrap();
        for p in &parts[1..] {
            r.push(p).unwrap();
        }
        assert_eq!(r.finish().unwrap(), b, "{per} rows per part");
    }
    // Warnings come in parts too; one left out is named.
    let parts = to_parts(&b, 10).unwrap();
    let mut r = PartsReader::new(&parts[0]).unwrap();
    for p in &parts[1..parts.len() - 1] {
        r.push(p).unwrap();
    }
    assert_eq!(r.finish().unwrap_err().to_string(), "yusuan wire data: 40 of 50 warnings came");
}

#[test]
fn a_title_is_written_once_per_part() {
    // The seed's function table: every row names the same title, written once.
    let b = fixture("futian-investment-2022");
    let parts = yusuan::wire::to_parts(&b, usize::MAX).unwrap();
    let t = b.functions().unwrap();
    let title = t.rows[0].source.table.clone().unwrap();
    assert!(t.rows.len() > 10);
    let table = b.function_tables.iter().position(|x| std::ptr::eq(x, t)).unwrap();
    let part = &parts[1 + b.function_tables[..table].iter().filter(|x| !x.rows.is_empty()).count()];
    let hits = part.windows(title.len()).filter(|w| *w == title.as_bytes()).count();
    assert_eq!(hits, 1);
}

#[test]
fn the_head_is_the_budget_without_rows_and_warnings() {
    use yusuan::wire::PartsReader;
    for b in [sample::seed_like(), fixture("putuo-finance-final-accounts-2024"), odd_rows()] {
        let mut bare = b.clone();
        for t in &mut bare.function_tables {
            t.rows.clear();
        }
        bare.warnings.clear();
        let back = PartsReader::new(&yusuan::wire::to_parts(&bare, 4096).unwrap()[0]).unwrap().finish().unwrap();
        assert_eq!(back, bare);
    }
}

#[test]
fn the_head_is_the_budgets_json_without_indentation() {
    use yusuan::wire::PartsReader;
    let b = fixture("futian-investment-2022");
    let parts = yusuan::wire::to_parts(&b, 4096).unwrap();
    let mut bare = b.clone();
    for t in &mut bare.function_tables {
        t.rows.clear();
    }
    bare.warnings.clear();
    // MAGIC, the head's kind, the table count and each table's row count, the warning count, then
    // the JSON as `to_json` writes it less the indentation: nothing to unpack, so a forged head
    // cannot make the reader allocate more than it was given.
    let counts: Vec<u8> = [0u8, b.function_tables.len() as u8]
        .into_iter()
        .chain(b.function_tables.iter().map(|t| t.rows.len() as u8))
        .chain([b.warnings.len() as u8])
        .collect();
    assert!(b.function_tables.iter().all(|t| t.rows.len() < 128) && b.warnings.len() < 128);
    assert_eq!(&parts[0][..4], &MAGIC);
    assert_eq!(&parts[0][4..4 + counts.len()], &counts[..]);
    let text = std::str::from_utf8(&parts[0][4 + counts.len()..]).unwrap();
    let pretty = yusuan::json::to_json(&bare);
    assert_eq!(yusuan::json::from_json(text).unwrap(), bare);
    assert!(text.len() < pretty.len() && !text.contains('\n'), "head {} bytes, JSON {}", text.len(), pretty.len());
    assert_eq!(PartsReader::new(&parts[0]).unwrap().finish().err().unwrap().to_string(), format!(
        "yusuan wire data: function table 0: 0 of {} rows came",
        b.function_tables[0].rows.len()
    ));
}

#[test]
fn forged_lengths_fail_before_allocating() {
    use yusuan::wire::PartsReader;
    // A part count of 2^62.
    let b = [&MAGIC[..], &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]].concat();
    let e = from_wire(&b).unwrap_err().to_string();
    assert_eq!(e, "yusuan wire data, byte 4: 4611686018427387904 items announced, 0 left".replace(" 0 left", " 0 bytes left"));
    // A varint of eleven bytes.
    let b = [&MAGIC[..], &[0xff; 11]].concat();
    assert_eq!(from_wire(&b).unwrap_err().to_string(), "yusuan wire data, byte 4: an integer beyond 64 bits");
    // A part of a million bytes in ten.
    let b = [&MAGIC[..], &[1, 0xc0, 0x84, 0x3d], &[0u8; 10]].concat();
    assert_eq!(from_wire(&b).unwrap_err().to_string(), "yusuan wire data, byte 5: 1000000 items announced, 10 bytes left");
    // A rows part announcing a million rows in ten bytes, and a code of 2^62 bytes.
    let parts = yusuan::wire::to_parts(&fixture("futian-investment-2022"), 4096).unwrap();
    let mut r = PartsReader::new(&parts[0]).unwrap();
    let forged = [&MAGIC[..], &[1, 0, 0xc0, 0x84, 0x3d], &[0u8; 10]].concat();
    assert_eq!(r.push(&forged).unwrap_err().to_string(), "yusuan wire data, byte 6: 1000000 items announced, 10 bytes left");
    let forged = [&MAGIC[..], &[1, 0, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40], &[0u8; 10]].concat();
    assert_eq!(r.push(&forged).unwrap_err().to_string(), "yusuan wire data, byte 8: 4611686018427387904 bytes announced, 10 left");
    // An amount header that is not one, a title index past the part's titles.
    let forged = [&MAGIC[..], &[1, 0, 1, 0, 1, b'1', 0, 0x1d, 0, 0, 0, 0, 0, 0, 0]].concat();
    assert_eq!(r.push(&forged).unwrap_err().to_string(), "yusuan wire data, byte 11: 0x1d does not start an amount");
    let forged = [&MAGIC[..], &[1, 0, 1, 0, 1, b'1', 0, 0xff, 0xff, 0xff, 7, 3, 0, 0, 0]].concat();
    assert_eq!(r.push(&forged).unwrap_err().to_string(), "yusuan wire data, byte 15: title 1 of a part with 0");
    // The same row well formed goes in (and is the only thing that did).
    let good = [&MAGIC[..], &[1, 0, 1, 0, 1, b'1', 0, 0xff, 0xff, 0xff, 7, 0, 0, 0, 0]].concat();
    r.push(&good).unwrap();
}

#[test]
fn bad_json_in_the_head_is_an_error() {
    use yusuan::wire::PartsReader;
    let head = |json: &[u8]| [&MAGIC[..], &[0, 0, 0], json].concat();
    let e = PartsReader::new(&head(b"{\"format\":1}")).err().unwrap().to_string();
    assert!(e.starts_with("yusuan wire data, byte 7: the budget's JSON (from here): "), "{e}");
    let e = PartsReader::new(&head(b"\xff")).err().unwrap().to_string();
    assert_eq!(e, "yusuan wire data, byte 7: the budget's JSON is not UTF-8 (at its byte 0)");
    // Nesting far past serde_json's limit: an error, not a stack overflow.
    let deep = format!("{{\"format\":\"yusuan/1\",\"budget\":{{\"x\":{}{}}}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(PartsReader::new(&head(deep.as_bytes())).is_err());
    // A head announcing two tables for a budget of none.
    let json = yusuan::json::to_json(&Budget::default());
    let e = PartsReader::new(&[&MAGIC[..], &[0, 2, 0, 0, 0], json.as_bytes()].concat()).err().unwrap().to_string();
    assert!(e.contains("announces rows for 2 function tables, the budget has 0"), "{e}");
}

#[test]
fn every_truncation_is_an_error() {
    let b = fixture("futian-investment-2022");
    let bytes = to_wire(&b).unwrap();
    for n in 0..bytes.len() {
        let e = from_wire(&bytes[..n]).expect_err("a truncated encoding decoded");
        assert!(e.to_string().starts_with("yusuan wire data, byte "), "{e}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        from_wire(&longer).unwrap_err().to_string(),
        format!("yusuan wire data, byte {}: 1 bytes left over after the value", bytes.len())
    );
}

#[test]
fn foreign_bytes_are_named() {
    assert_eq!(
        from_wire(b"{\"format\":\"yusuan/1\"}").unwrap_err().to_string(),
        "yusuan wire data, byte 0: not yusuan wire data (no YSW magic)"
    );
    assert_eq!(
        from_wire(b"YSW\x07").unwrap_err().to_string(),
        "yusuan wire data, byte 3: wire format version 7 (this build reads 2)"
    );
}

#[test]
fn every_truncation_of_a_part_is_an_error() {
    use yusuan::wire::{to_parts, PartsReader};
    let parts = to_parts(&fixture("putuo-commerce-budget-2025"), 50).unwrap();
    assert!(parts.len() > 3);
    for n in 0..parts[0].len() {
        assert!(PartsReader::new(&parts[0][..n]).is_err(), "head cut to {n} bytes");
    }
    for p in &parts[1..] {
        let mut r = PartsReader::new(&parts[0]).unwrap();
        for n in 0..p.len() {
            let e = r.push(&p[..n]).expect_err("a truncated part went in").to_string();
            assert!(e.starts_with("yusuan wire data, byte "), "{e}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Any byte changed, inserted or removed in a real encoding: decodes to something or errors.
    #[test]
    fn mutated_bytes_never_panic(pos in 0usize..100_000, byte in any::<u8>(), op in 0u8..3) {
        thread_local!(static BYTES: Vec<u8> = to_wire(&fixture("putuo-commerce-budget-2025")).unwrap());
        let mut b = BYTES.with(|b| b.clone());
        let at = pos % b.len();
        match op {
            0 => b[at] = byte,
            1 => b.insert(at, byte),
            _ => { b.remove(at); }
        }
        let _ = from_wire(&b);
    }

    #[test]
    fn random_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..400)) {
        let b = [&MAGIC[..], &tail].concat();
        let _ = from_wire(&b);
    }
}

/// The largest accepted document of tests/e2e/hostile.test.mjs (the seed's function table repeated
/// to just under 8 MiB): `cargo test --release --test wire -- --ignored --nocapture` prints timings.
#[test]
#[ignore]
fn time_largest_document() {
    let seed = fixtures::fixture_text("futian-investment-2022");
    let lines: Vec<&str> = seed.split('\n').collect();
    let first = lines.iter().position(|l| l.starts_with("\t201\t一般公共服务支出\t6,301.32")).unwrap();
    let last = lines.iter().position(|l| l.starts_with("\t2210203\t购房补贴")).unwrap();
    let block = lines[first..=last].join("\n") + "\n";
    let head = lines[..=last].join("\n") + "\n";
    let tail = lines[last + 1..].join("\n");
    let n = (yusuan::import::MAX_BYTES - 4096 - head.len() - tail.len()) / block.len();
    let text = head + &block.repeat(n) + &tail;
    let t = std::time::Instant::now();
    let b = yusuan::import_text(&text).unwrap();
    let import = t.elapsed();
    let t = std::time::Instant::now();
    let bytes = to_wire(&b).unwrap();
    let enc = t.elapsed();
    let t = std::time::Instant::now();
    let back = from_wire(&bytes).unwrap();
    let dec = t.elapsed();
    let t = std::time::Instant::now();
    drop(back);
    let drop_t = t.elapsed();
    let json = yusuan::json::to_json(&b);
    println!(
        "{} bytes, {} rows: import {import:?}, to_wire {enc:?} ({} bytes), from_wire {dec:?} (drop {drop_t:?}), JSON {} bytes",
        text.len(),
        b.functions().map_or(0, |t| t.rows.len()),
        bytes.len(),
        json.len()
    );
}

#[test]
fn parts_put_the_budget_back_together() {
    use yusuan::wire::{to_parts, PartsReader};
    let b = yusuan::import_text(&synth::city(3_000, 3)).unwrap();
    let rows: usize = b.function_tables.iter().map(|t| t.rows.len()).sum();
    let parts = to_parts(&b, 1000).unwrap();
    let want_parts: usize = b.function_tables.iter().map(|t| t.rows.len().div_ceil(1000)).sum();
    assert_eq!(parts.len(), 1 + want_parts, "{rows} rows");
    let mut r = PartsReader::new(&parts[0]).unwrap();
    for p in &parts[1..] {
        r.push(p).unwrap();
    }
    assert_eq!(r.finish().unwrap(), b);

    // A part missing, a part twice, a part of another budget's table, a truncated part: errors.
    let mut r = PartsReader::new(&parts[0]).unwrap();
    for p in &parts[2..] {
        r.push(p).unwrap();
    }
    let e = r.finish().unwrap_err().to_string();
    assert!(e.starts_with("yusuan wire data: function table 0: "), "{e}");
    let mut r = PartsReader::new(&parts[0]).unwrap();
    for p in &parts[1..] {
        r.push(p).unwrap();
    }
    assert!(r.push(&parts[1]).unwrap_err().to_string().contains("announced"));
    let small = to_parts(&fixture("futian-investment-2022"), 1000).unwrap();
    let mut r = PartsReader::new(&small[0]).unwrap();
    let e = r.push(&parts[parts.len() - 1]).unwrap_err().to_string();
    assert!(e.contains("rows so far") || e.contains("the budget has"), "{e}");
    let mut r = PartsReader::new(&parts[0]).unwrap();
    let len = parts[1].len();
    for n in (0..len).step_by(97).chain(len - 3..len) {
        assert!(r.push(&parts[1][..n]).is_err());
    }
    assert!(PartsReader::new(&parts[1]).is_err(), "a row part read as the head");
}
