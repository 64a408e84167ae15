//! yusuan (预算): Chinese government department budgets (部门预算) and final accounts (部门决算),
//! read from their published text into one exact model, audited with exact decimals, and drawn as
//! interactive charts on `<canvas>` through WebAssembly.
//!
//! The core (`money`, `model`, `import`, `json`, `audit`, `summary`, `chart`) has no web dependency;
//! `web` is the thin wasm-bindgen edge and holds no logic.

pub mod audit;
pub mod chart;
pub mod csv_import;
pub mod export;
pub mod import;
pub mod json;
pub mod model;
pub mod money;
pub mod pdf;
pub mod render;
pub mod summary;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use audit::{audit, Finding, Severity};
pub use import::{import_text, ImportError};
pub use model::Budget;
pub use money::{Lang, Unit};
