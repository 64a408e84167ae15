//! PDF reading speed (criterion): a 40-page budget (北京 r140.pdf, 388 KB) and the whole
//! corpus, from `../shared/corpus` beside the crate. Without the corpus, the bundled one-page
//! fixture is timed instead (and a note printed). `cargo bench --bench pdf`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pdf");
    dir.is_dir().then_some(dir)
}

fn forty_pages(c: &mut Criterion) {
    let (name, bytes) = match corpus() {
        Some(dir) => ("r140 (40 pages)", std::fs::read(dir.join("r140.pdf")).expect("r140.pdf")),
        None => {
            eprintln!("no ../shared/corpus: timing tests/fixtures/pdf/plain.pdf instead");
            let p = format!("{}/tests/fixtures/pdf/plain.pdf", env!("CARGO_MANIFEST_DIR"));
            ("plain (1 page)", std::fs::read(p).expect("fixture"))
        }
    };
    // A check that the run measures a real read, not an early error.
    let doc = yusuan::pdf::read(&bytes).expect("reads");
    assert!(doc.pages.iter().map(|p| p.runs.len()).sum::<usize>() > 10);
    let mut g = c.benchmark_group("pdf");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function(name, |b| b.iter(|| yusuan::pdf::read(black_box(&bytes))));
    g.finish();
}

fn whole_corpus(c: &mut Criterion) {
    let Some(dir) = corpus() else { return };
    let mut files: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    files.sort_by_key(Vec::len);
    let total: u64 = files.iter().map(|f| f.len() as u64).sum();
    let mut g = c.benchmark_group("pdf_corpus");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(total));
    g.bench_function(format!("all {} files", files.len()), |b| {
        b.iter(|| {
            for f in &files {
                let _ = black_box(yusuan::pdf::read(black_box(f)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, forty_pages, whole_corpus);
criterion_main!(benches);
