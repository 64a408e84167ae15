//! The WebAssembly edge: wasm-bindgen bindings and JsValue conversion only. Every decision about
//! data, layout and drawing lives in the core (`import`, `audit`, `summary`, `chart`, `render`);
//! these files turn its results into JS values and JS errors. Every exported function returns
//! `Result<_, JsError>` or a plain value and never panics on input.
//!
//! Two modules are built from them (README "Size and speed"): the *viewer* (`viewer.rs`, feature
//! `viewer`: a budget from our JSON or from wire parts, charts on canvases) is all an embedding page
//! loads; the *importer* (`importer.rs`, feature `importer`: documents, JSON through serde_json,
//! summary, audit, wire parts out) runs in the import worker. What both need is here. A build with
//! both features (the tests') has every export once.

use crate::model::Budget;
use js_sys::JsString;
#[cfg(any(feature = "viewer", feature = "importer"))]
use js_sys::Uint8Array;
#[cfg(feature = "importer")]
use serde::Serialize;
use std::ops::Deref;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::prelude::*;

// The one-kind modules' allocator; the viewer and the importer keep the standard one.
#[cfg(all(feature = "embed", not(feature = "viewer"), not(feature = "importer")))]
mod alloc;
#[cfg(all(feature = "embed", not(feature = "viewer"), not(feature = "importer")))]
#[global_allocator]
static ALLOC: alloc::Blocks = alloc::Blocks::new();
#[cfg(feature = "embed")]
mod canvas;
#[cfg(feature = "embed")]
mod embed;
#[cfg(feature = "importer")]
mod importer;
#[cfg(feature = "viewer")]
mod viewer;

#[cfg(feature = "embed")]
pub use embed::*;
#[cfg(feature = "importer")]
pub use importer::*;
#[cfg(feature = "viewer")]
pub use viewer::*;

#[wasm_bindgen(start)]
fn start() {
    // A panic aborts the module; at least say why in the console.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()))
    }));
}

#[cfg(feature = "importer")]
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot convert to a JS value: {e}")))
}

/// A string in double quotes, as `{:?}` writes plain text (without `Debug`'s escaping tables).
#[cfg(feature = "embed")]
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Charts and budgets alive in the module: an embedding page can check that removing its charts
/// gave their memory back (`liveCharts()` returns to what it was).
static LIVE_CHARTS: AtomicUsize = AtomicUsize::new(0);
static LIVE_BUDGETS: AtomicUsize = AtomicUsize::new(0);

/// Counts one live object in `counter` from creation to drop.
struct Live(&'static AtomicUsize);

impl Live {
    fn new(counter: &'static AtomicUsize) -> Live {
        counter.fetch_add(1, Ordering::Relaxed);
        Live(counter)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Charts alive in the module (made and not yet destroyed or freed).
#[wasm_bindgen(js_name = liveCharts)]
pub fn live_charts() -> usize {
    LIVE_CHARTS.load(Ordering::Relaxed)
}

/// Budgets alive in the module: a budget lives while a `Budget` handle or a chart showing it does.
#[wasm_bindgen(js_name = liveBudgets)]
pub fn live_budgets() -> usize {
    LIVE_BUDGETS.load(Ordering::Relaxed)
}

/// A budget with its place in the live count.
struct Held {
    budget: Budget,
    _live: Live,
}

impl Held {
    fn new(budget: Budget) -> Rc<Held> {
        Rc::new(Held {
            budget,
            _live: Live::new(&LIVE_BUDGETS),
        })
    }
}

impl Deref for Held {
    type Target = Budget;
    fn deref(&self) -> &Budget {
        &self.budget
    }
}

/// A budget loaded into the module. Charts keep a shared reference, so one budget serves many charts.
#[wasm_bindgen(js_name = Budget)]
pub struct BudgetHandle {
    inner: Rc<Held>,
}

#[wasm_bindgen(js_class = Budget)]
impl BudgetHandle {
    #[wasm_bindgen(getter)]
    pub fn department(&self) -> String {
        self.inner.department.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn year(&self) -> Option<i32> {
        self.inner.year
    }

    /// `"budget"` (预算) or `"final_accounts"` (决算).
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        match self.inner.kind {
            crate::model::DocKind::Budget => "budget".into(),
            crate::model::DocKind::FinalAccounts => "final_accounts".into(),
        }
    }
}

/// The largest input (in bytes of UTF-8) the readers accept: the core's limit, the same for
/// documents and JSON.
const MAX_INPUT: usize = crate::json_lite::MAX_BYTES;
#[cfg(feature = "importer")]
const _: () = assert!(crate::import::MAX_BYTES == MAX_INPUT && crate::json::MAX_BYTES == MAX_INPUT);

/// Largest input in bytes (8 MiB) the readers accept; a page can refuse a bigger file before reading it.
#[wasm_bindgen(js_name = maxInputBytes)]
pub fn max_input_bytes() -> usize {
    MAX_INPUT
}

/// What the input is, for the size message: the importer's and the JSON reader's wording.
#[derive(Clone, Copy)]
enum Input {
    Document,
    Json,
}

fn too_large(what: Input, at_least: usize) -> JsError {
    JsError::new(&refusal(what, at_least))
}

fn refusal(what: Input, at_least: usize) -> String {
    // A document's reader sees this (worded as the importer's own refusal); JSON's, a developer.
    match what {
        Input::Document => format!("输入至少有 {at_least} 字节；yusuan 只导入不超过 {MAX_INPUT} 字节（8 MiB）的文件"),
        Input::Json => format!("input is at least {at_least} bytes; yusuan reads JSON of at most {MAX_INPUT} bytes (8 MiB)"),
    }
}

/// The refusal of an input of at least `size` bytes (or UTF-16 units) when that is over the limit,
/// in the words of the reader that would refuse it (`document`: the importer's), else `undefined`:
/// the page refuses a huge paste or file before it copies it anywhere (the import worker included).
#[wasm_bindgen(js_name = tooLarge)]
pub fn too_large_message(size: usize, document: bool) -> Option<String> {
    (size > MAX_INPUT).then(|| refusal(if document { Input::Document } else { Input::Json }, size))
}

/// A JS string as Rust text. Refused before it is copied into wasm memory when it cannot be within
/// the limit (a string of n UTF-16 units takes at least n bytes of UTF-8): a 50 MB paste must not
/// grow the module's memory, which never shrinks again.
fn js_text(text: &JsString, what: Input) -> Result<String, JsError> {
    let value: &JsValue = text.as_ref();
    if !value.is_string() {
        return Err(JsError::new(&format!(
            "expected the text as a string, got {}",
            value.js_typeof().as_string().unwrap_or_default()
        )));
    }
    let units = text.length() as usize;
    if units > MAX_INPUT {
        return Err(too_large(what, units));
    }
    // The 50,000-line city: 2.1 M UTF-16 units of text, 37 MB of memory after its import.
    reserve_for(what, units.saturating_mul(17));
    Ok(String::from(text))
}

/// Grows wasm memory once for a document's import, rather than page by page while the model is
/// built. The block is freed at once and the allocator carves the model from it.
fn reserve_for(what: Input, bytes: usize) {
    if matches!(what, Input::Document) {
        let mut block = Vec::<u8>::new();
        // A failed reservation only means growth page by page, as without it.
        let _ = block.try_reserve_exact(bytes);
    }
}

/// A byte array copied into wasm memory, after the size check.
#[cfg(any(feature = "viewer", feature = "importer"))]
fn js_bytes(bytes: &Uint8Array, what: Input) -> Result<Vec<u8>, JsError> {
    let value: &JsValue = bytes.as_ref();
    if !value.is_instance_of::<Uint8Array>() {
        return Err(JsError::new(&format!(
            "expected the file's bytes as a Uint8Array, got {}",
            value.js_typeof().as_string().unwrap_or_default()
        )));
    }
    let len = bytes.length() as usize;
    if len > MAX_INPUT {
        return Err(too_large(what, len));
    }
    // 3.3 MB of UTF-8, 37 MB of memory: the 50,000-line city again.
    reserve_for(what, len.saturating_mul(11));
    Ok(bytes.to_vec())
}

fn hold(budget: Budget) -> Result<BudgetHandle, JsError> {
    Ok(BudgetHandle {
        inner: Held::new(budget),
    })
}

// The importer's only (a page gets the list with its figures): an embed's viewer need not carry it.
#[cfg(feature = "importer")]
#[wasm_bindgen(js_class = Budget)]
impl BudgetHandle {
    /// The files the budget was read from, when several (北京's 附件1 and 附件2): a number's
    /// `source.file` is an index into this list. Empty for a budget read from one file.
    #[wasm_bindgen(getter)]
    pub fn files(&self) -> Vec<String> {
        self.inner.files.clone()
    }
}
