//! The reader's refusals and warnings. Messages are Chinese, as the importer's are: the people who
//! read them are journalists reading Chinese budgets.

use std::fmt;

/// Why a document could not be read at all (or, with `page`, which page stopped it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError {
    /// 1-based page the problem is on; `None` when it is the whole file.
    pub page: Option<u32>,
    pub message: String,
}

/// How the refusal of a scan begins (a PDF whose pages are images only).
pub(crate) const NO_TEXT_LAYER: &str = "此 PDF 没有文字层";

impl PdfError {
    pub(crate) fn new(message: impl Into<String>) -> PdfError {
        PdfError { page: None, message: message.into() }
    }
    /// The PDF has no text layer: its pages are scanned images.
    pub fn no_text_layer(&self) -> bool {
        self.message.starts_with(NO_TEXT_LAYER)
    }
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            Some(p) => write!(f, "第 {p} 页：{}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for PdfError {}

/// Something the reader worked around: a page it skipped, a damaged table it rebuilt, glyphs it
/// could not decode. The document is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfWarning {
    /// 1-based page, `None` for the whole file.
    pub page: Option<u32>,
    pub message: String,
}

impl fmt::Display for PdfWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            Some(p) => write!(f, "第 {p} 页：{}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_error_names_its_page() {
        let e = PdfError { page: Some(3), message: "内容流已损坏".into() };
        assert_eq!(e.to_string(), "第 3 页：内容流已损坏");
        assert_eq!(PdfError::new("不是 PDF").to_string(), "不是 PDF");
    }
}
