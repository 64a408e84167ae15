//! Any bytes into the JSON loader: no panic, and whatever loads writes back to the same budget.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(budget) = yusuan::json::from_json(text) else { return };
    let written = yusuan::json::to_json(&budget);
    let again = yusuan::json::from_json(&written).expect("what to_json writes, from_json reads");
    assert_eq!(again, budget, "JSON → load → JSON → load changed the budget");
    assert_eq!(yusuan::json::to_json(&again), written, "JSON written twice differs");
});
