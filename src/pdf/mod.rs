//! PDF bytes → positioned text, natively and in wasm32 with the same code.
//!
//! `read` gives every page's *runs*: glyphs on one baseline with no visible gap (a word, a
//! number, a table cell's text), placed on the page as a reader sees it. Table reading is built
//! on top of this elsewhere; this module knows nothing of budgets.
//!
//! # Coordinates
//! PDF points, origin at the top left of the page's visible box (CropBox within MediaBox), y
//! growing downwards, `/Rotate` applied: rows sort by `y` ascending. `Run::x`/`Run::y` are the
//! first glyph's origin **on the baseline**; `x + width` is where the last glyph's ink ends (its
//! advance without character spacing), so it is a right-aligned number's right edge. `size` is
//! the font size as drawn (text matrix and CTM applied); the glyph box top is about `y - size`.
//! A page whose text mostly runs up, down or upside down (content drawn sideways without
//! `/Rotate`) is turned so that it reads across, with a warning, as a reader turns the paper.
//!
//! # Runs
//! Glyphs join in drawing order while they share a baseline and a size (within 15%) and the gap
//! from the previous glyph's advance is at most 0.25 of the size (`runs::MAX_GAP`); a space glyph
//! ends a run and is not kept; no space is invented. Text drawn twice at nearly one place (fake
//! bold) is kept once and glyphs whose origin is off the page are dropped, with pdftotext's rules.
//! Invisible text (render mode 3) is kept, as pdftotext keeps it (an OCR layer is text).
//!
//! # Text
//! `/ToUnicode` first; then Unicode predefined CMaps (`Uni…-UCS2/UTF16/UTF8/UTF32-H/V`: the
//! codes are the text), simple fonts' encodings (Standard, WinAnsi, MacRoman, `/Differences` with
//! glyph-list, `uniXXXX`, `uXXXX`, `G41`/`c65` names). Kangxi radicals fold to the ideographs
//! (⽣ → 生), as pdftotext shows them. Not carried: Adobe-GB1/CNS1/Japan1/Korea1 CID → Unicode
//! tables and the GBK/Big5/Shift-JIS code tables, for fonts without ToUnicode (no corpus file
//! needs them; such glyphs are dropped with a warning naming the font and the encoding, and a
//! document with no other text is refused — never garbage).
//!
//! # Encryption
//! The standard security handler with the empty user password (owner-password-only files, which
//! portals use to forbid copying): RC4 40–128 bit (V1, V2, V4), AES-128 (V4) and AES-256 (V5, R5
//! and R6). A user password or another handler is refused in words. Streams only are decrypted.
//!
//! # Design
//! Own object layer, not lopdf 0.36. Measured here: a probe that only loads a document with lopdf
//! and decodes every page's content is 625 KB of wasm (247 KB gzip -9) and pulls 30-odd crates
//! (nom, rand, encoding_rs, aes, sha2, stringprep with Unicode normalisation tables …); lopdf's
//! tracker has crash reports from crafted files (issue #532, 0.44: unbounded page-tree
//! recursion, huge `/W` allocation, unwraps), and a panic in wasm kills the module. This reader
//! depends on `miniz_oxide` only, bounds every loop and allocation in `limits`, and reads
//! indices with `.get()`. Compiled alone into a wasm module (only `read` exported, `strip`):
//! 294 KB, 114 KB gzip -9 at the repo's opt-level 3 (256 KB, 112 KB after wasm-opt -Oz); 203 KB,
//! 87 KB gzip at opt-level "z" (about 3× slower natively, 138 ms for 40 pages); a skeleton module
//! with only the allocator and string formatting is 7 KB gzip of that.
//!
//! # Figures (corpus of 162 PDFs from 10 cities, tests/pdf_corpus.rs, benches/pdf.rs)
//! - Text against pdftotext -layout: the 151 files with text have every CJK ideograph and digit
//!   pdftotext finds (3,071,541 of 3,071,541) and none it does not; counting every non-space
//!   character (Latin and punctuation too), 3,447,431 of 3,447,431.
//! - Geometry against pdftotext -bbox: over the 222,884 words whose text is unique on their page,
//!   left and right edges agree within 0.01 pt (all of them).
//! - Refused: the 11 scans (no text layer; r405's only text is a serial number on a scan).
//! - Speed (release, criterion, this shared 2-core machine): 40 pages (r140.pdf, 388 KB) in
//!   36–44 ms; all 162 files (72 MB) in 2.1–3.1 s.
//!
//! One concept per file: `lexer` (tokens), `object` (objects, indirect objects), `xref` (tables,
//! streams, recovery scan), `store` (on-demand objects, object streams, stream decoding),
//! `filters`/`lzw`/`predictor` (decoding), `crypt`, `md5`, `sha2`, `aes` (standard security
//! handler), `pages` (page tree), `page` (one page), `content` (operators), `interp` (graphics and
//! text state), `matrix`, `font`, `cmap`, `encoding`, `metrics`, `radicals` (text decoding and
//! widths), `runs` (glyphs → runs), `sniff` (what a non-PDF is), `error`, `limits`.

mod aes;
mod cmap;
mod content;
mod crypt;
mod encoding;
mod error;
mod filters;
mod font;
mod interp;
mod lexer;
pub mod limits;
mod lzw;
mod matrix;
mod md5;
mod metrics;
mod object;
mod page;
mod pages;
mod predictor;
mod radicals;
mod runs;
mod security;
mod sha2;
mod sniff;
mod store;
mod xref;

pub use error::{PdfError, PdfWarning};

/// A document's pages, in order, and what was worked around to read them.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub pages: Vec<Page>,
    pub warnings: Vec<PdfWarning>,
}

/// One page as a reader sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    /// Visible width and height in points, rotation applied.
    pub width: f32,
    pub height: f32,
    /// In the order the document draws them.
    pub runs: Vec<Run>,
}

/// A run of glyphs on one baseline with no visible gap: a word, a number, a table cell's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Start of the first glyph's baseline, points from the page's left edge.
    pub x: f32,
    /// The baseline, points from the page's top edge (y grows downwards).
    pub y: f32,
    /// From `x` to the end of the last glyph's advance.
    pub width: f32,
    /// Font size as drawn, points.
    pub size: f32,
    pub text: String,
}

/// Reads a PDF's text with positions.
pub fn read(bytes: &[u8]) -> Result<Document, PdfError> {
    read_with_progress(bytes, &mut |_, _| {})
}

/// `read`, calling `progress(pages done, total)` after each page.
pub fn read_with_progress(bytes: &[u8], progress: &mut dyn FnMut(u32, u32)) -> Result<Document, PdfError> {
    if bytes.len() > limits::MAX_INPUT_BYTES {
        return Err(PdfError::new(format!(
            // Whole MiB, rounded up: formatting a float would add 20 KB of wasm for one message.
            "文件太大（{} MiB）：最多读取 {} MiB 的 PDF",
            bytes.len().div_ceil(1 << 20),
            limits::MAX_INPUT_BYTES >> 20
        )));
    }
    sniff::check(bytes)?;
    let mut store = store::Store::new(bytes);
    let mut warnings = Vec::new();
    if store.rebuilt {
        warnings.push(PdfWarning {
            page: None, message: "交叉引用表缺失或损坏：已扫描全文重建".to_string()
        });
    }
    if let Some(d) = security::open(&store)? {
        store.set_decryptor(d);
    }
    let tree = pages::collect(&store);
    if tree.pages.is_empty() {
        return Err(PdfError::new(if store.rebuilt {
            "PDF 已损坏，无法修复：找不到交叉引用表，扫描全文也没有找到任何页面"
        } else {
            "PDF 已损坏：页面树里没有任何页面"
        }));
    }
    if tree.recovered {
        warnings.push(PdfWarning {
            page: None,
            message: format!("页面树已损坏：按对象编号顺序读取了 {} 个页面，页序可能不对", tree.pages.len()),
        });
    }
    if tree.truncated {
        warnings.push(PdfWarning {
            page: None,
            message: format!("文件超过 {} 页：只读取了前 {} 页", limits::MAX_PAGES, limits::MAX_PAGES),
        });
    }
    let total = tree.pages.len() as u32;
    let mut fonts = interp::FontCache::new();
    let mut ops_left = limits::MAX_OPS_TOTAL;
    let mut pages = Vec::with_capacity(tree.pages.len());
    let (mut images, mut chars) = (0u32, 0usize);
    let mut scanned: Vec<u32> = Vec::new();
    for (i, info) in tree.pages.iter().enumerate() {
        let number = i as u32 + 1;
        let r = page::read(&store, info, number, &mut fonts, &mut ops_left);
        warnings.extend(r.warnings.into_iter().map(|message| PdfWarning { page: Some(number), message }));
        images += r.images;
        chars += r.chars;
        if r.image_cover >= SCANNED_PAGE_COVER && r.chars < SCANNED_PAGE_CHARS {
            scanned.push(number);
        }
        pages.push(r.page);
        progress(number, total);
    }
    let undecodable = warnings.iter().find(|w| w.message.contains("无法解码，已略去")).cloned();
    let no_text_layer = || {
        PdfError::new(format!(
            "{}（共 {total} 页，都只是扫描图像）：yusuan 只能读取带文字的 PDF，请找原始电子版或先做 OCR",
            error::NO_TEXT_LAYER
        ))
    };
    if chars == 0 {
        return Err(match undecodable {
            Some(w) => {
                PdfError::new(format!("此 PDF 的文字无法解码（{}）：请找原始电子版，或用其他工具导出文字", w.message))
            }
            None if images > 0 => no_text_layer(),
            // Pages of paths only: text printed as outlines, or a blank document.
            None => PdfError::new(format!(
                "此 PDF 没有文字（共 {total} 页，页面上既没有文字，也没有图像；文字可能被转成了曲线）：yusuan 只能读取带文字的 PDF"
            )),
        });
    }
    if scanned.len() == tree.pages.len() {
        return Err(no_text_layer());
    }
    for number in scanned {
        warnings
            .push(PdfWarning { page: Some(number), message: "此页只有扫描图像，没有文字层".to_string() });
    }
    Ok(Document { pages, warnings })
}

/// A page that images cover at least half of, with fewer characters than this, is a scan: a
/// stamp, a page number or a file number on a scanned page is not a text layer (r405.pdf has a
/// serial number on its first scan).
const SCANNED_PAGE_CHARS: usize = 20;
const SCANNED_PAGE_COVER: f64 = 0.5;
