//! The wire format (src/wire.rs) that hands a budget from the worker to the page: round trips of the
//! four fixtures, a hand-built budget and a synthetic 10k-line city budget equal the original; every
//! truncation and thousands of mutations of real bytes give errors, never panics.

#[path = "support/sample.rs"]
mod sample;
#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use proptest::prelude::*;
use yusuan::model::Budget;
use yusuan::wire::{from_bytes, from_wire, to_bytes, to_wire, MAGIC};

const FIXTURES: [&str; 4] = [
    "futian-investment-2022.txt",
    "putuo-commerce-budget-2025.txt",
    "putuo-finance-final-accounts-2024.txt",
    "putuo-govoffice-budget-2025.txt",
];

fn fixture(name: &str) -> Budget {
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    yusuan::import_text(&text).unwrap()
}

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
    let b = fixture("futian-investment-2022.txt");
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

#[test]
fn decimals_keep_scale_and_sign() {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    for s in ["0", "0.00", "-0.50", "99999999999999.99", "-12", "3.1415926535"] {
        let d = Decimal::from_str(s).unwrap();
        let back: Decimal = from_bytes(&to_bytes(&d).unwrap()).unwrap();
        assert_eq!(back.to_string(), s);
    }
    for v in [0i64, -1, 1, i64::MIN, i64::MAX, 63, -64, 64] {
        let back: i64 = from_bytes(&to_bytes(&v).unwrap()).unwrap();
        assert_eq!(back, v);
    }
}

#[test]
fn every_truncation_is_an_error() {
    let b = fixture("futian-investment-2022.txt");
    let bytes = to_wire(&b).unwrap();
    for n in 0..bytes.len() {
        let e = from_wire(&bytes[..n]).expect_err("a truncated encoding decoded");
        assert!(e.to_string().starts_with("yusuan wire data"), "{e}");
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
        "yusuan wire data, byte 3: wire format version 7 (this build reads 1)"
    );
}

#[test]
fn forged_lengths_fail_before_allocating() {
    // department: a string of 2^62 bytes.
    let mut b = MAGIC.to_vec();
    b.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
    let e = from_wire(&b).unwrap_err().to_string();
    assert_eq!(e, "yusuan wire data, byte 4: 4611686018427387904 bytes announced, 0 left");
    // A varint of eleven bytes.
    let b = [&MAGIC[..], &[0xff; 11]].concat();
    assert_eq!(from_wire(&b).unwrap_err().to_string(), "yusuan wire data, byte 4: an integer beyond 64 bits");
    // A Vec<u8> claiming a million elements in ten bytes.
    let b = [&MAGIC[..], &[0xc0, 0x84, 0x3d], &[0u8; 10]].concat();
    let e = from_bytes::<Vec<u8>>(&b).unwrap_err().to_string();
    assert_eq!(e, "yusuan wire data, byte 4: 1000000 items announced, 10 bytes left");
}

#[test]
fn deep_nesting_is_bounded() {
    // Option<Option<…>> two hundred deep, all Some: refused at the depth limit, not a stack overflow.
    #[derive(serde::Deserialize, Debug)]
    struct Deep(#[allow(dead_code)] Option<Box<Deep>>);
    let b = [&MAGIC[..], &[1u8; 200][..], &[0u8]].concat();
    let e = from_bytes::<Deep>(&b).unwrap_err().to_string();
    assert!(e.contains("nested deeper than 64"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Any byte changed, inserted or removed in a real encoding: decodes to something or errors.
    #[test]
    fn mutated_bytes_never_panic(pos in 0usize..100_000, byte in any::<u8>(), op in 0u8..3) {
        thread_local!(static BYTES: Vec<u8> = to_wire(&fixture("putuo-commerce-budget-2025.txt")).unwrap());
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
    let seed = std::fs::read_to_string(format!("{}/tests/fixtures/futian-investment-2022.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
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
    let parts = to_parts(b.clone(), 1000).unwrap();
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
    let small = to_parts(fixture("futian-investment-2022.txt"), 1000).unwrap();
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
