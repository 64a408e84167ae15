//! Exact arithmetic checks over a `Budget` → findings. (Being written: see issue 2.)

use crate::model::{Budget, Source};
use crate::money::Unit;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A difference larger than the document's rounding explains.
    Error,
    /// Something could not be checked or looks suspicious.
    Warning,
    /// A difference within the document's own rounding (尾数误差).
    Rounding,
}

/// One audit finding: what was checked, where, the expected and actual amounts and their difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable check id, e.g. `hierarchy_sum`, `row_identity`, `cross_table`.
    pub check: String,
    /// Human citation of the places involved (both of them).
    #[serde(rename = "where")]
    pub where_: String,
    pub expected: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub difference: Option<Decimal>,
    pub unit: Option<Unit>,
    pub message: String,
    /// The places compared.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// Runs every check.
pub fn audit(_budget: &Budget) -> Vec<Finding> {
    Vec::new()
}
