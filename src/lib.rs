//! yusuan (预算): Chinese government department budgets (部门预算) and final accounts (部门决算),
//! read from their published text into one exact model, audited with exact decimals, and drawn as
//! interactive charts on `<canvas>` through WebAssembly.
//!
//! The core (`money`, `model`, `import`, `json`, `audit`, `summary`, `chart`) has no web dependency;
//! `web` is the thin wasm-bindgen edge and holds no logic.
//!
//! Features pick what a wasm module holds (all are on by default, and natively): `viewer` reads a
//! budget in our JSON or wire form and draws it; `importer` reads documents, CSV and JSON through
//! serde_json, and audits and summarises them; `pdf` adds the PDF reader to the importer.

#[cfg(feature = "importer")]
pub mod audit;
pub mod chart;
pub mod dec;
pub mod export;
pub mod gate;
#[cfg(feature = "importer")]
pub mod import;
pub mod json;
pub mod json_lite;
pub mod model;
pub mod money;
pub mod order;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod render;
#[cfg(feature = "importer")]
pub mod summary;
#[cfg(feature = "pdf")]
pub mod survey;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(feature = "importer")]
pub use audit::{audit, Check, Finding, Severity};
#[cfg(feature = "importer")]
pub use import::{import_text, ImportError};
pub use model::Budget;
pub use money::{Lang, Unit};
