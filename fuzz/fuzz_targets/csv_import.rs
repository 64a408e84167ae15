//! Any text into the CSV line-table importer: no panic; what it reads, its own CSV export reads
//! back to the same codes and amounts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yusuan::import::csv::import_csv;
use yusuan::money::Lang;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(budget) = import_csv(&text) else { return };
    let Some(csv) = yusuan::export::functions_csv(&budget, Lang::Zh) else { return };
    let again = import_csv(&csv).expect("functions_csv output reads back");
    let amounts = |b: &yusuan::Budget| -> Vec<_> {
        b.function_tables
            .first()
            .map(|t| t.rows.iter().map(|r| (r.code.clone(), r.total, r.basic, r.project)).collect())
            .unwrap_or_default()
    };
    assert_eq!(amounts(&again), amounts(&budget), "CSV → export → CSV changed codes or amounts");
});
