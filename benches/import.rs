//! Native import speed (criterion): the seed document, and synthetic city budgets of 1k, 10k and
//! 50k function-table lines from `examples/synth.rs`. `cargo bench --bench import`; a filter
//! narrows it (`cargo bench --bench import -- seed`). Throughput is reported in input bytes.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

fn seed() -> String {
    let path = format!(
        "{}/tests/fixtures/futian-investment-2022.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn import_seed(c: &mut Criterion) {
    let text = seed();
    // A check that the run measures a real import, not an early error.
    let b = yusuan::import_text(&text).expect("seed imports");
    assert!(b.functions().is_some_and(|t| t.rows.len() > 20));
    let mut g = c.benchmark_group("import");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("seed", |bench| bench.iter(|| yusuan::import_text(black_box(&text))));
    g.finish();
}

fn import_city(c: &mut Criterion) {
    let mut g = c.benchmark_group("import_city");
    g.sample_size(10);
    for n in [1_000usize, 10_000, 50_000] {
        let text = synth::city(n, 2024);
        let b = yusuan::import_text(&text).expect("synthetic city imports");
        assert_eq!(b.functions().map(|t| t.rows.len()), Some(n));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &text, |bench, t| {
            bench.iter(|| yusuan::import_text(black_box(t)))
        });
    }
    g.finish();
}

fn audit_city(c: &mut Criterion) {
    let mut g = c.benchmark_group("audit_city");
    g.sample_size(10);
    for n in [1_000usize, 10_000, 50_000] {
        let b = yusuan::import_text(&synth::city(n, 2024)).expect("synthetic city imports");
        // The generator's sums are exact: an audit finding would mean the benchmark times error paths.
        assert!(yusuan::audit(&b).is_empty(), "synthetic city of {n} lines has audit findings");
        g.bench_with_input(BenchmarkId::from_parameter(n), &b, |bench, b| {
            bench.iter(|| yusuan::audit(black_box(b)))
        });
    }
    g.finish();
}

criterion_group!(benches, import_seed, import_city, audit_city);
criterion_main!(benches);
