//! Any text into the document importer: no panic; an imported budget survives our JSON format.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The page and the CLI hand the importer UTF-8; undecodable bytes arrive as U+FFFD.
    let text = String::from_utf8_lossy(data);
    let Ok(budget) = yusuan::import_text(&text) else { return };
    let written = yusuan::json::to_json(&budget);
    let again = yusuan::json::from_json(&written).expect("an imported budget loads back from its JSON");
    assert_eq!(again, budget, "imported budget changed through JSON");
});
