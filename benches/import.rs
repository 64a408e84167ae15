//! Import speed: the seed document imported N times (`cargo bench --bench import`, or
//! `cargo bench --bench import -- 2000` for another N). Prints the mean time per import.

use std::time::Instant;

fn main() {
    let n: u32 = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(500);
    let path = format!("{}/tests/fixtures/futian-investment-2022.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("seed fixture");
    // Warm-up, and a check that the run measures a real import.
    let b = yusuan::import_text(&text).expect("seed imports");
    assert!(b.functions().is_some());
    let start = Instant::now();
    let mut rows = 0usize;
    for _ in 0..n {
        let b = yusuan::import_text(std::hint::black_box(&text)).expect("seed imports");
        rows += b.function_tables.iter().map(|t| t.rows.len()).sum::<usize>();
    }
    let elapsed = start.elapsed();
    let mean = elapsed / n;
    println!(
        "import seed ({} bytes, {} lines): {n} runs, mean {:.1} µs per import ({} rows read per run)",
        text.len(),
        text.lines().count(),
        mean.as_secs_f64() * 1e6,
        rows / n as usize
    );
}
