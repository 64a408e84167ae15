//! Published document text → `Budget`. (Being written: see issue 2.)

use crate::model::Budget;
use std::fmt;

/// Why a text could not be read as a budget document at all. Recoverable problems are
/// `Budget::warnings` instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line of the text, 0 when the problem is the whole input.
    pub line: u32,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for ImportError {}

/// Reads the text of a published 部门预算 / 部门决算.
pub fn import_text(_text: &str) -> Result<Budget, ImportError> {
    Err(ImportError { line: 0, message: "importer not written yet".into() })
}
