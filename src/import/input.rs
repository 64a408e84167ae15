//! The one door for a file: its name and bytes → a `Budget`, whichever reader it needs. The
//! command line and the page both come in here, so a file reads the same everywhere.
//!
//! A PDF is known by its first bytes (`%PDF-`) or its name; otherwise the format is the file's
//! extension when it names one (`.json`, `.csv`/`.tsv`, `.txt`), else its content: JSON starts
//! with `{`, a CSV line table has a header row among its first lines, anything else is a
//! document's text. The reader's own error comes back as it is, in its
//! reader's words.

use super::csv::{import_csv, looks_like_csv, CsvError};
use super::{lines, ImportError};
use crate::json::{self, JsonError};
use crate::model::Budget;
use std::fmt;

/// Which reader a file goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A published document's text (`import_text`).
    Text,
    /// A spreadsheet line table (`import::csv`).
    Csv,
    /// Our JSON (`json::from_json_bytes`).
    Json,
    /// A PDF (`import_pdf`): by its first bytes, or by its name (a web page served as `.pdf` is
    /// then refused as what it is).
    Pdf,
}

/// Why a file could not be read, in the words of the reader it went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    Text(ImportError),
    Csv(CsvError),
    Json(JsonError),
    #[cfg(feature = "pdf")]
    Pdf(crate::pdf::PdfError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Text(e) => e.fmt(f),
            InputError::Csv(e) => e.fmt(f),
            InputError::Json(e) => e.fmt(f),
            #[cfg(feature = "pdf")]
            InputError::Pdf(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for InputError {}

/// The reader for a file named `name` (a path or a bare name; empty when there is none, as for
/// standard input or pasted text) holding `bytes`.
pub fn format_of(name: &str, bytes: &[u8]) -> Format {
    let lower = name.to_lowercase();
    // `%PDF-` within the first KiB, as readers allow; or the name.
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    if head.windows(5).any(|w| w == b"%PDF-") || lower.ends_with(".pdf") {
        return Format::Pdf;
    }
    if lower.ends_with(".json") {
        return Format::Json;
    }
    if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        return Format::Csv;
    }
    if lower.ends_with(".txt") || lower.ends_with(".text") {
        return Format::Text;
    }
    // By content: a BOM and leading white space are skipped.
    let start = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match start.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::Json,
        // The first lines decide; a UTF-16 text is decoded for it.
        _ => match lines::decode(bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes)) {
            Ok(head) if looks_like_csv(&head) => Format::Csv,
            _ => Format::Text,
        },
    }
}

/// Reads a file by its name and content (see `format_of`). Every reader ends in the gate.
pub fn read(name: &str, bytes: &[u8]) -> Result<Budget, InputError> {
    read_with_progress(name, bytes, &mut |_, _| {})
}

/// `read`, telling `progress` of a PDF's pages read (done, total).
#[cfg_attr(not(feature = "pdf"), allow(unused_variables))]
pub fn read_with_progress(name: &str, bytes: &[u8], progress: &mut dyn FnMut(u32, u32)) -> Result<Budget, InputError> {
    match format_of(name, bytes) {
        Format::Json => json::from_json_bytes(bytes).map_err(InputError::Json),
        Format::Csv => {
            let text = lines::decode(bytes).map_err(InputError::Text)?;
            import_csv(&text).map_err(InputError::Csv)
        }
        Format::Text => super::import_bytes(bytes).map_err(InputError::Text),
        #[cfg(feature = "pdf")]
        Format::Pdf => super::import_pdf(bytes, progress),
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => Err(no_pdf_reader(name)),
    }
}

/// A build without the PDF reader (the browser's `yusuan_importer` module; the reader is the
/// `yusuan_pdf` module's, feature `pdf`) refuses a PDF in these words.
#[cfg(not(feature = "pdf"))]
pub(crate) fn no_pdf_reader(name: &str) -> InputError {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    InputError::Text(ImportError {
        line: 0,
        message: format!(
            "{}是一份 PDF，而这个模块（yusuan_importer）不含 PDF 阅读器：PDF 由 yusuan_pdf 模块读取（Cargo 特性 pdf）",
            if name.is_empty() { "输入".to_string() } else { format!("«{name}» ") }
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_decide_before_content() {
        assert_eq!(format_of("a.json", b"<!DOCTYPE html>"), Format::Json);
        assert_eq!(format_of("A.CSV", b"{"), Format::Csv);
        assert_eq!(format_of("a.txt", b"{\"format\":1}"), Format::Text);
        assert_eq!(format_of("", b"\xef\xbb\xbf  {\"format\""), Format::Json);
        assert_eq!(format_of("-", "科目编码,科目名称,金额\n201,一般公共服务支出,1\n".as_bytes()), Format::Csv);
        assert_eq!(format_of("", "2022年部门预算\n收支总表\n".as_bytes()), Format::Text);
    }

    #[test]
    fn each_reader_answers_in_its_own_words() {
        let e = read("x.json", b"[]").unwrap_err().to_string();
        assert!(e.contains("expected an object"), "{e}");
        let e = read("x.csv", "科目编码,科目名称,金额\n201,一般公共服务支出,1e400\n".as_bytes()).unwrap_err().to_string();
        assert!(e.starts_with("row 2, column amount"), "{e}");
        let e = read("x.txt", b"").unwrap_err().to_string();
        assert!(e.contains("输入为空"), "{e}");
    }
}
