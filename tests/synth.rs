//! The synthetic city budget of the scale benchmarks (examples/synth.rs): yusuan reads it exactly as
//! generated, every sum holds, and the same seed gives the same text.

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use rust_decimal::Decimal;

#[test]
fn imports_with_exactly_the_requested_rows_and_no_findings() {
    for n in [3usize, 40, 1_000] {
        let text = synth::city(n, 2024);
        let b = yusuan::import_text(&text).expect("synthetic city imports");
        let t = b.functions().expect("function table");
        assert_eq!(t.rows.len(), n, "{n} lines requested");
        assert!(b.warnings.is_empty(), "{n}: {:?}", b.warnings);
        assert!(yusuan::audit(&b).is_empty(), "{n}: the generator's sums must be exact");
        // The stated total is the sum of the 类 rows, and each row's parts add up to its total.
        let classes: Decimal = t
            .rows
            .iter()
            .filter(|r| r.code.len() == 3)
            .filter_map(|r| r.total)
            .sum();
        assert_eq!(t.total.as_ref().and_then(|r| r.total), Some(classes));
        for r in &t.rows {
            assert_eq!(r.basic.zip(r.project).map(|(b, p)| b + p), r.total, "row {}", r.code);
        }
    }
}

#[test]
fn thousand_lines_have_25_classes_and_owned_items() {
    let b = yusuan::import_text(&synth::city(1_000, 2024)).expect("imports");
    let t = b.functions().expect("function table");
    assert_eq!(t.rows.iter().filter(|r| r.code.len() == 3).count(), 25);
    let items: Vec<_> = t.rows.iter().filter(|r| r.code.len() == 7).collect();
    assert!(
        items.iter().all(|r| r.name.contains('·')),
        "项 lines name their department"
    );
    assert_eq!(items[0].code, "2010101");
    assert_eq!(items[0].name, "行政运行·市发展改革委");
    assert_eq!(b.department, "示例市市本级");
    assert_eq!(b.year, Some(2024));
}

#[test]
fn deterministic_per_seed() {
    assert_eq!(synth::city(500, 7), synth::city(500, 7));
    assert_ne!(synth::city(500, 7), synth::city(500, 8));
}

#[test]
fn sizes_are_clamped_to_what_the_codes_allow() {
    let rows = |text: &str| text.lines().filter(|l| l.starts_with('\t')).count();
    assert_eq!(rows(&synth::city(0, 1)), 3);
    assert_eq!(synth::MAX_LINES, 257_426);
    assert_eq!(rows(&synth::city(usize::MAX, 1)), synth::MAX_LINES);
}
