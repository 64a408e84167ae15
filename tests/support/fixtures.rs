//! The four bundled documents (tests/fixtures/*.txt), by name without `.txt`.
#![allow(dead_code)]

use yusuan::model::Budget;

pub const FIXTURES: [&str; 4] = [
    "futian-investment-2022",
    "putuo-commerce-budget-2025",
    "putuo-finance-final-accounts-2024",
    "putuo-govoffice-budget-2025",
];

pub fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

pub fn fixture(name: &str) -> Budget {
    yusuan::import_text(&fixture_text(name)).unwrap()
}
