//! Several files, one budget. 北京 publishes a department's prose (附件1) and its tables (附件2)
//! as two PDFs; a reader gives both, and yusuan reads them as one document, in the order given.
//! Every number keeps which file it came from (`Source::file`, an index into `Budget::files`), and
//! its line or page is the one in that file.
//!
//! Only documents join: text or PDF. JSON and CSV are whole budgets already and are refused here.

use super::input::{format_of, Format, InputError};
use super::lines::{self, Line};
use super::{import_lines, ImportError};
#[cfg(feature = "pdf")]
use super::pdf_lines;
use crate::model::{Budget, Warning};
use crate::gate::MAX_FILES;
#[cfg(feature = "pdf")]
use crate::pdf::PdfError;

/// One document's lines, numbered within it, ready to be read with others.
pub(crate) struct Document {
    pub lines: Vec<Line>,
    /// Lines whose full-width digits were folded (text only).
    pub folded: Vec<u32>,
    pub bytes: usize,
    /// The PDF page of each line (1-based, by `Line::no`), `None` for text.
    pub pages: Option<Vec<u32>>,
    /// What the PDF reader noted (fonts it could not map …).
    pub warnings: Vec<Warning>,
}

impl Document {
    /// A PDF laid out as lines; `progress` hears of the pages read.
    #[cfg(feature = "pdf")]
    pub(crate) fn pdf(bytes: &[u8], progress: &mut dyn FnMut(u32, u32)) -> Result<Document, InputError> {
        let doc = crate::pdf::read_with_progress(bytes, progress).map_err(InputError::Pdf)?;
        let lines = pdf_lines::lines_of(&doc);
        let pages = lines.iter().map(|l| l.page + 1).collect();
        let warnings = doc.warnings.into_iter().map(|w| Warning { line: 0, message: w.message, page: w.page }).collect();
        Ok(Document { lines, folded: Vec::new(), bytes: bytes.len(), pages: Some(pages), warnings })
    }

    /// A document's text, as bytes (UTF-8 or UTF-16 with its mark).
    pub(crate) fn text(bytes: &[u8]) -> Result<Document, InputError> {
        let text = lines::decode(bytes).map_err(InputError::Text)?;
        let (lines, folded) = lines::normalize_noted(&text).map_err(InputError::Text)?;
        Ok(Document { lines, folded, bytes: bytes.len(), pages: None, warnings: Vec::new() })
    }

    fn page(&self, line: u32) -> Option<u32> {
        self.pages.as_ref()?.get((line as usize).wrapping_sub(1)).copied()
    }
}

/// Reads one document: a PDF's lines or a text's, each number citing its page when there is one.
#[cfg(feature = "pdf")]
pub(crate) fn read_one(mut doc: Document) -> Result<Budget, InputError> {
    let lines = std::mem::take(&mut doc.lines);
    let mut budget = import_lines(lines, &doc.folded, doc.bytes, false).map_err(|e| in_document(&doc, e))?;
    budget.sources_mut(|s| s.page = doc.page(s.line));
    for w in &mut budget.warnings {
        w.page = doc.page(w.line);
    }
    budget.warnings.extend(doc.warnings);
    Ok(budget)
}

/// The importer's refusal placed in a document: a PDF's page, or the text's line.
fn in_document(doc: &Document, e: ImportError) -> InputError {
    match doc.page(e.line) {
        #[cfg(feature = "pdf")]
        Some(p) => InputError::Pdf(PdfError { page: Some(p), message: e.message }),
        _ => InputError::Text(e),
    }
}

/// Reads several files (name, bytes) as one budget, in the order given. One file reads as
/// `import::read` reads it.
#[cfg_attr(not(feature = "pdf"), allow(unused_variables))]
pub fn read_files(files: &[(&str, &[u8])], progress: &mut dyn FnMut(u32, u32)) -> Result<Budget, InputError> {
    match files {
        [] => return Err(InputError::Text(ImportError { line: 0, message: format!("{}：没有给出文件", lines::EMPTY) })),
        [(name, bytes)] => return super::input::read_with_progress(name, bytes, progress),
        _ if files.len() > MAX_FILES => {
            return Err(InputError::Text(ImportError {
                line: 0,
                message: format!("一次给出了 {} 个文件：同一份预算最多由 {MAX_FILES} 个文件组成", files.len()),
            }))
        }
        _ => {}
    }
    let named = |name: &str, e: InputError| -> InputError {
        match e {
            #[cfg(feature = "pdf")]
            InputError::Pdf(p) => InputError::Pdf(PdfError { page: p.page, message: format!("«{name}»：{}", p.message) }),
            InputError::Text(t) => InputError::Text(ImportError { line: 0, message: text_error_in(name, &t) }),
            other => other,
        }
    };
    let mut docs = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let doc = match format_of(name, bytes) {
            #[cfg(feature = "pdf")]
            Format::Pdf => Document::pdf(bytes, progress),
            #[cfg(not(feature = "pdf"))]
            Format::Pdf => Err(super::input::no_pdf_reader(name)),
            Format::Text => Document::text(bytes),
            Format::Json | Format::Csv => Err(InputError::Text(ImportError {
                line: 0,
                message: format!(
                    "«{name}» 是一份{}：几个文件合读时，只读同一份文件的正文和表格（PDF 或文本）",
                    if format_of(name, bytes) == Format::Json { " JSON" } else { " CSV 表" }
                ),
            })),
        };
        docs.push(doc.map_err(|e| named(name, e))?);
    }
    // One numbering for all: each file's lines follow the previous file's.
    let mut joined: Vec<Line> = Vec::new();
    let mut folded: Vec<u32> = Vec::new();
    let mut starts: Vec<u32> = Vec::with_capacity(docs.len());
    let mut bytes = 0;
    for doc in &docs {
        let start = joined.last().map_or(0, |l| l.no);
        starts.push(start);
        let first_page = joined.last().map_or(0, |l| l.page + 1);
        joined.extend(doc.lines.iter().map(|l| Line { no: l.no + start, page: l.page + first_page, ..l.clone() }));
        folded.extend(doc.folded.iter().map(|n| n + start));
        bytes += doc.bytes;
    }
    // The joined line `no` → (file, its own line).
    let locate = |no: u32| -> (usize, u32) {
        let k = starts.iter().rposition(|&s| no > s).unwrap_or(0);
        (k, no - starts[k])
    };
    // A refusal at a line: placed in its own file, and named by it.
    let mut budget = import_lines(joined, &folded, bytes, true).map_err(|e| {
        if e.line == 0 {
            return InputError::Text(e);
        }
        let (k, line) = locate(e.line);
        named(file_name(files[k].0), in_document(&docs[k], ImportError { line, message: e.message }))
    })?;
    budget.sources_mut(|s| {
        if s.line > 0 {
            let (k, line) = locate(s.line);
            s.line = line;
            s.page = docs[k].page(line);
            s.file = u32::try_from(k).ok();
        }
    });
    for w in &mut budget.warnings {
        if w.line > 0 {
            let (k, line) = locate(w.line);
            w.line = line;
            w.page = docs[k].page(line);
            w.message = format!("«{}»：{}", file_name(files[k].0), w.message);
        }
    }
    for (k, doc) in docs.iter_mut().enumerate() {
        let name = file_name(files[k].0);
        budget.warnings.extend(doc.warnings.drain(..).map(|w| Warning { message: format!("«{name}»：{}", w.message), ..w }));
    }
    budget.files = files.iter().map(|(name, _)| file_name(name).to_string()).collect();
    crate::gate::admit(budget).map_err(|r| InputError::Text(super::rejected(r)))
}

fn text_error_in(name: &str, e: &ImportError) -> String {
    if e.line > 0 {
        format!("«{name}» 第 {} 行：{}", e.line, e.message)
    } else {
        format!("«{name}»：{}", e.message)
    }
}

/// The name a reader knows a file by: its path's last part.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}
