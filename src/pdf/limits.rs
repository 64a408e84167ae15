//! Every bound the reader keeps, in one place. A hostile or broken file can claim anything (a
//! stream that inflates to gigabytes, a page tree that loops, a form that draws itself): each
//! path that could grow or loop without end checks one of these. Passing a document-wide bound is
//! an error for the document; passing a page's bound skips that page with a warning.

/// Largest input accepted (64 MiB). The biggest corpus file is about 2 MiB.
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// Most pages read from one document.
pub const MAX_PAGES: usize = 2_000;

/// Most bytes one stream may decode to (zip bombs): 64 MiB.
pub const MAX_STREAM_BYTES: usize = 64 << 20;

/// Most bytes all streams of a document may decode to together: 512 MiB of work at most.
pub const MAX_TOTAL_DECODED: u64 = 512 << 20;

/// Most content-stream operators interpreted for one page, Form XObjects included (a form drawn
/// ten times from a form drawn ten times … multiplies). The corpus' busiest page has 58,939
/// (107.pdf, 广州).
pub const MAX_OPS_PER_PAGE: usize = 2_000_000;

/// Most operators for the whole document (2,000 pages of 2 million would run for minutes); the
/// corpus' busiest document has 1.0 million (107.pdf, 140 pages).
pub const MAX_OPS_TOTAL: usize = 50_000_000;

/// Most bytes of text one page may hold (a ToUnicode value can be long; a page repeating it
/// half a million times must not fill the memory).
pub const MAX_PAGE_TEXT_BYTES: usize = 8 << 20;

/// Longest text one character code may stand for (ligatures are a few characters; the spec allows
/// 512 bytes of UTF-16).
pub const MAX_CODE_TEXT_CHARS: usize = 64;

/// Most elements of one array or entries of one dictionary (a CJK font's /W has tens of
/// thousands).
pub const MAX_COLLECTION_LEN: usize = 1_000_000;

/// Most glyphs kept for one page before runs are built.
pub const MAX_GLYPHS_PER_PAGE: usize = 500_000;

/// Most runs kept for one page.
pub const MAX_RUNS_PER_PAGE: usize = 100_000;

/// Deepest nesting of arrays and dictionaries in one object.
pub const MAX_NESTING: usize = 64;

/// Deepest chain of Form XObjects drawing Form XObjects.
pub const MAX_FORM_DEPTH: usize = 12;

/// Longest chain of indirect references followed (`1 0 R` whose object is `2 0 R` …), and the
/// deepest nesting of object loads that need other objects (a stream's `/Length`, an object
/// stream's own entry).
pub const MAX_REF_CHAIN: usize = 16;

/// Most cross-reference sections followed through `/Prev` and `/XRefStm`.
pub const MAX_XREF_SECTIONS: usize = 512;

/// Deepest page tree (`/Kids` within `/Kids`).
pub const MAX_PAGE_TREE_DEPTH: usize = 64;

/// Most operands kept on the content stream's stack before an operator takes them (the longest
/// real operator takes a handful; a TJ array is one operand).
pub const MAX_OPERANDS: usize = 64;

/// Most entries read from one CMap (bfchar lines, bfrange and cidrange lines together).
pub const MAX_CMAP_ENTRIES: usize = 200_000;

/// Most graphics states saved with `q` at once.
pub const MAX_SAVED_STATES: usize = 256;
