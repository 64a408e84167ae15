//! The importer module's exports (feature `importer`): published text, a document file's bytes and
//! our JSON (through `json::from_json`, the command line's reader) into a budget; its summary,
//! prior-year comparison and audit as plain objects; the budget as wire parts for the viewer
//! module (`fromWire` / `WireReader` there). It runs in the import worker (`www/yusuan-worker.js`),
//! or on the page when a worker cannot start.

use super::{hold, js_bytes, js_text, to_js, BudgetHandle, Input};
use js_sys::{Array, Function, JsString, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Reads the published text of a 部门预算 / 部门决算, or a CSV line table pasted whole (a header
/// such as 科目编码,科目名称,金额 in its first lines). Throws an `Error` naming the line and problem.
#[wasm_bindgen(js_name = importText)]
pub fn import_text(text: &JsString) -> Result<BudgetHandle, JsError> {
    let text = js_text(text, Input::Document)?;
    let read = if crate::import::csv::looks_like_csv(&text) {
        crate::import::csv::import_csv(&text).map_err(|e| JsError::new(&e.to_string()))
    } else {
        crate::import_text(&text).map_err(|e| JsError::new(&e.to_string()))
    };
    hold(read?)
}

/// Reads a file's bytes through the importer's one door (`import::read`, as the command line
/// does): a PDF by its first bytes (`%PDF-`) or its `name`, else by its `name` when it ends in
/// .csv, .tsv, .json or .txt, else by its content. Text is UTF-8, or UTF-16 with its byte order
/// mark; other encodings (GBK) are refused with the line and byte that do not decode. PDFs are
/// read by the `yusuan_pdf` module (feature `pdf`); this module without it refuses them, saying so.
/// `progress(done, total)` is called as a PDF's pages are read.
#[wasm_bindgen(js_name = importBytes)]
pub fn import_bytes(
    bytes: &Uint8Array,
    name: Option<String>,
    progress: Option<Function>,
) -> Result<BudgetHandle, JsError> {
    let bytes = js_bytes(bytes, Input::Document)?;
    let name = name.unwrap_or_default();
    let mut tell = progress_of(progress.as_ref());
    hold(crate::import::read_with_progress(&name, &bytes, &mut tell).map_err(|e| JsError::new(&e.to_string()))?)
}

/// Reads several files as one budget (`import::read_files`, as `yusuan import a.pdf b.pdf`): 北京
/// publishes a department's prose (附件1) and its tables (附件2) as two PDFs. `files` is an array of
/// `{name, bytes}` (`bytes` a Uint8Array), read in the order given; every number keeps which file
/// it came from (`source.file`, an index into the budget's `files`) and its page there. One file
/// reads as `importBytes` reads it. `progress(done, total)` hears of each PDF's pages in turn.
#[wasm_bindgen(js_name = importFiles)]
pub fn import_files(
    #[wasm_bindgen(unchecked_param_type = "{ name: string; bytes: Uint8Array }[]")] files: &JsValue,
    progress: Option<Function>,
) -> Result<BudgetHandle, JsError> {
    if !Array::is_array(files) {
        return Err(JsError::new(&format!(
            "expected the files as an array of {{name, bytes}}, got {}",
            files.js_typeof().as_string().unwrap_or_default()
        )));
    }
    let list = Array::from(files);
    let count = list.length() as usize;
    // Checked here too, before any file is copied into wasm memory.
    if count > crate::gate::MAX_FILES {
        return Err(JsError::new(&format!(
            "一次给出了 {count} 个文件：同一份预算最多由 {} 个文件组成",
            crate::gate::MAX_FILES
        )));
    }
    let mut read: Vec<(String, Vec<u8>)> = Vec::with_capacity(count);
    for (k, item) in list.iter().enumerate() {
        let field = |key: &str| Reflect::get(&item, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        let name = field("name").as_string().ok_or_else(|| JsError::new(&format!("files[{k}].name: expected the file's name as a string")))?;
        let bytes = field("bytes");
        let bytes = bytes.dyn_ref::<Uint8Array>().ok_or_else(|| JsError::new(&format!("files[{k}].bytes («{name}»): expected the file's bytes as a Uint8Array")))?;
        let bytes = js_bytes(bytes, Input::Document).map_err(|_| {
            JsError::new(&format!("«{name}»：{}", super::refusal(Input::Document, bytes.length() as usize)))
        })?;
        read.push((name, bytes));
    }
    let files: Vec<(&str, &[u8])> = read.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let mut tell = progress_of(progress.as_ref());
    hold(crate::import::read_files(&files, &mut tell).map_err(|e| JsError::new(&e.to_string()))?)
}

/// A JS `progress(done, total)` as the importer's callback; what it throws is ignored (a page's
/// progress display must not stop an import).
fn progress_of(f: Option<&Function>) -> impl FnMut(u32, u32) + '_ {
    move |done, total| {
        if let Some(f) = f {
            let _ = f.call2(&JsValue::NULL, &JsValue::from(done), &JsValue::from(total));
        }
    }
}

/// Reads our JSON format with the command line's reader (`json::from_json`): the worker's reader
/// of a large JSON file. Throws an `Error` naming the JSON path, line and column of the fault.
#[wasm_bindgen(js_name = importJson)]
pub fn import_json(text: &JsString) -> Result<BudgetHandle, JsError> {
    let text = js_text(text, Input::Json)?;
    hold(crate::json::from_json(&text).map_err(|e| JsError::new(&e.to_string()))?)
}

/// `importJson` for a file's bytes (UTF-8, or UTF-16 with its byte order mark).
#[wasm_bindgen(js_name = importJsonBytes)]
pub fn import_json_bytes(bytes: &Uint8Array) -> Result<BudgetHandle, JsError> {
    let bytes = js_bytes(bytes, Input::Json)?;
    hold(crate::json::from_json_bytes(&bytes).map_err(|e| JsError::new(&e.to_string()))?)
}

#[wasm_bindgen(js_class = Budget)]
impl BudgetHandle {
    /// The budget as parts for a `WireReader` of the viewer module (at most `rowsPerPart` function
    /// rows each, default 4096). Takes the budget: this handle is used up, and its memory freed.
    #[wasm_bindgen(js_name = intoWireParts)]
    pub fn into_wire_parts(self, rows_per_part: Option<usize>) -> Result<Vec<Uint8Array>, JsError> {
        let parts = crate::wire::to_parts(&self.inner, rows_per_part.unwrap_or(crate::wire::ROWS_PER_PART))
            .map_err(|e| JsError::new(&e.to_string()))?;
        drop(self);
        Ok(parts.iter().map(|p| Uint8Array::from(&p[..])).collect())
    }

    /// The budget as parts for a `WireReader` of the viewer module, keeping it (for its summary and
    /// audit afterwards).
    #[wasm_bindgen(js_name = wireParts)]
    pub fn wire_parts(&self, rows_per_part: Option<usize>) -> Result<Vec<Uint8Array>, JsError> {
        let parts = crate::wire::to_parts(&self.inner, rows_per_part.unwrap_or(crate::wire::ROWS_PER_PART))
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(parts.iter().map(|p| Uint8Array::from(&p[..])).collect())
    }

    /// The budget as compact bytes for `fromWire` in the viewer module (a worker to its page): not a
    /// storage or exchange format (that is our JSON).
    #[wasm_bindgen(js_name = toWire)]
    pub fn to_wire(&self) -> Result<Vec<u8>, JsError> {
        crate::wire::to_wire(&self.inner).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The headline figures (`yusuan summary`): amounts in 元 as exact decimal strings.
    /// `summary(false)` leaves out `functions` (every row of the function table): a page showing
    /// only the totals need not convert a table of a hundred thousand rows to JS objects.
    pub fn summary(&self, rows: Option<bool>) -> Result<JsValue, JsError> {
        let mut s = crate::summary::summary(&self.inner);
        if rows == Some(false) {
            s.functions.clear();
        }
        to_js(&s)
    }

    /// What the text says about last year's total expenditure — else about its fiscal or
    /// general-budget expenditure, named by `measure` and `subject` — (`subject`, `measure`, `amount`,
    /// `prior: {year, amount, change, percent, unchanged, unit, source}`, `prior.amount` derived from
    /// the change when only that is printed), or `undefined`: the page's key figure without
    /// converting the whole budget to JSON.
    #[wasm_bindgen(js_name = priorExpenditure)]
    pub fn prior_expenditure(&self) -> Result<JsValue, JsError> {
        match self.inner.headline_comparison() {
            Some(c) => to_js(&c),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The audit for a page that lists findings: `{counts: {error, warning, rounding}, checks,
    /// findings}` with at most `limit` findings of each severity (in the audit's order); `checks`
    /// counts every finding by its check and severity (`{hierarchy: {error, warning, rounding}, …}`,
    /// only checks that found something), from which a page says what kind of doubt a read leaves.
    /// A document with a table pasted twice has a hundred thousand findings; sending them all to JS
    /// takes longer than the audit.
    #[wasm_bindgen(js_name = auditFirst)]
    pub fn audit_first(&self, limit: usize) -> Result<JsValue, JsError> {
        #[derive(Serialize, Default, Clone, Copy)]
        struct Counts {
            error: usize,
            warning: usize,
            rounding: usize,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            counts: Counts,
            checks: std::collections::BTreeMap<&'static str, Counts>,
            findings: Vec<&'a crate::Finding>,
        }
        let all = crate::audit(&self.inner);
        let mut out = Out {
            counts: Counts::default(),
            checks: Default::default(),
            findings: Vec::new(),
        };
        for f in &all {
            let by_check = out.checks.entry(f.check.as_str()).or_default();
            let (n, c) = match f.severity {
                crate::Severity::Error => (&mut out.counts.error, &mut by_check.error),
                crate::Severity::Warning => (&mut out.counts.warning, &mut by_check.warning),
                crate::Severity::Rounding => (&mut out.counts.rounding, &mut by_check.rounding),
            };
            *c += 1;
            *n += 1;
            if *n <= limit {
                out.findings.push(f);
            }
        }
        to_js(&out)
    }

    /// The audit findings (`severity`, `check`, `where`, `expected`, `actual`, `difference`, `unit`,
    /// `message`, `sources`); amounts are exact decimal strings.
    pub fn audit(&self) -> Result<JsValue, JsError> {
        to_js(&crate::audit(&self.inner))
    }
}
