//! The WebAssembly edge: wasm-bindgen bindings and JsValue conversion only. Every decision about
//! data, layout and drawing lives in the core (`import`, `audit`, `summary`, `chart`, `render`);
//! this file turns its results into JS values and JS errors. Every exported function returns
//! `Result<_, JsError>` or a plain value and never panics on input.

use crate::chart::{self, Kind, Measure, Options, Scene, Theme};
use crate::model::Budget;
use crate::money::{self, Lang, Unit};
use js_sys::{JsString, Uint8Array};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Deref;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Text is measured in the font stack the renderer draws with.
use crate::chart::style::FONT as FONT_FAMILY;

/// Entries kept in a chart's text-width cache before it is emptied (labels repeat across redraws;
/// the bound keeps a long session from growing without limit).
const MEASURE_CACHE_MAX: usize = 4096;

#[wasm_bindgen(start)]
fn start() {
    // A panic aborts the module; at least say why in the console.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()))
    }));
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot convert to a JS value: {e}")))
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

/// The largest input (in bytes of UTF-8) `importText`, `fromJson` and the byte readers accept:
/// the core's limit, the same for documents and JSON.
const MAX_INPUT: usize = crate::import::MAX_BYTES;
const _: () = assert!(crate::import::MAX_BYTES == crate::json::MAX_BYTES);

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
    // A document's reader sees this (worded as the importer's own refusal); JSON's, a developer.
    JsError::new(&match what {
        Input::Document => format!("输入至少有 {at_least} 字节；yusuan 只导入不超过 {MAX_INPUT} 字节（8 MiB）的文件"),
        Input::Json => format!("input is at least {at_least} bytes; yusuan reads JSON of at most {MAX_INPUT} bytes (8 MiB)"),
    })
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

/// A budget from wire bytes, checked against the amount limit (`model::AMOUNT_LIMIT`: beyond it
/// sums and unit conversions could overflow, and a panic would stop the module for the whole page).
/// The importer and the JSON reader refuse such amounts themselves.
fn hold_checked(budget: Budget) -> Result<BudgetHandle, JsError> {
    if let Some((v, source)) = budget.amount_beyond_limit() {
        return Err(JsError::new(&format!(
            "line {}: amount {v} is too large: yusuan reads amounts below 10^14 (100,000,000,000,000) in their unit ({})",
            source.line,
            source.cite()
        )));
    }
    hold(budget)
}

fn hold(budget: Budget) -> Result<BudgetHandle, JsError> {
    Ok(BudgetHandle {
        inner: Held::new(budget),
    })
}

/// Reads the published text of a 部门预算 / 部门决算. Throws an `Error` naming the line and problem.
#[wasm_bindgen(js_name = importText)]
pub fn import_text(text: &JsString) -> Result<BudgetHandle, JsError> {
    let text = js_text(text, Input::Document)?;
    hold(crate::import_text(&text).map_err(|e| JsError::new(&e.to_string()))?)
}

/// Reads a document file's bytes: UTF-8, or UTF-16 with its byte order mark. Other encodings
/// (GBK) are refused with the line and byte that do not decode.
#[wasm_bindgen(js_name = importBytes)]
pub fn import_bytes(bytes: &Uint8Array) -> Result<BudgetHandle, JsError> {
    let bytes = js_bytes(bytes, Input::Document)?;
    hold(crate::import::import_bytes(&bytes).map_err(|e| JsError::new(&e.to_string()))?)
}

/// Reads our JSON format (`{"format": "yusuan/1", "budget": …}`). Throws an `Error` naming the
/// JSON path, line and column of the fault.
#[wasm_bindgen(js_name = fromJson)]
pub fn from_json(text: &JsString) -> Result<BudgetHandle, JsError> {
    let text = js_text(text, Input::Json)?;
    hold(crate::json::from_json(&text).map_err(|e| JsError::new(&e.to_string()))?)
}

/// Reads our JSON format from a file's bytes (UTF-8, or UTF-16 with its byte order mark).
#[wasm_bindgen(js_name = fromJsonBytes)]
pub fn from_json_bytes(bytes: &Uint8Array) -> Result<BudgetHandle, JsError> {
    let bytes = js_bytes(bytes, Input::Json)?;
    hold(crate::json::from_json_bytes(&bytes).map_err(|e| JsError::new(&e.to_string()))?)
}

/// A budget from `Budget.toWire()` bytes made by this same module (a worker hands its import to the
/// page this way: far smaller and faster to read than JSON). Throws an `Error` naming the byte offset
/// of a fault; bytes from another build of yusuan are refused or misread, so use only within one build.
#[wasm_bindgen(js_name = fromWire)]
pub fn from_wire(bytes: &Uint8Array) -> Result<BudgetHandle, JsError> {
    let bytes = wire_bytes(bytes)?;
    hold_checked(crate::wire::from_wire(&bytes).map_err(|e| JsError::new(&e.to_string()))?)
}

/// Puts together a budget sent as `Budget.intoWireParts()`: the page decodes it a part per task,
/// so a budget of 191k rows never holds the page in one long task.
#[wasm_bindgen]
pub struct WireReader {
    inner: crate::wire::PartsReader,
}

#[wasm_bindgen]
impl WireReader {
    /// Starts from the first part (the budget without its function rows and warnings).
    #[wasm_bindgen(constructor)]
    pub fn new(head: &Uint8Array) -> Result<WireReader, JsError> {
        let bytes = wire_bytes(head)?;
        Ok(WireReader {
            inner: crate::wire::PartsReader::new(&bytes).map_err(|e| JsError::new(&e.to_string()))?,
        })
    }

    /// Adds the next part of rows.
    pub fn push(&mut self, part: &Uint8Array) -> Result<(), JsError> {
        let bytes = wire_bytes(part)?;
        self.inner.push(&bytes).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The budget, once every part has come; the reader must not be used afterwards.
    pub fn finish(self) -> Result<BudgetHandle, JsError> {
        hold_checked(self.inner.finish().map_err(|e| JsError::new(&e.to_string()))?)
    }
}

fn wire_bytes(bytes: &Uint8Array) -> Result<Vec<u8>, JsError> {
    let value: &JsValue = bytes.as_ref();
    if !value.is_instance_of::<Uint8Array>() {
        return Err(JsError::new(&format!(
            "expected the wire bytes as a Uint8Array, got {}",
            value.js_typeof().as_string().unwrap_or_default()
        )));
    }
    Ok(bytes.to_vec())
}

#[wasm_bindgen(js_class = Budget)]
impl BudgetHandle {
    /// The budget as parts for a `WireReader` in another instance of this module (at most
    /// `rowsPerPart` function rows each, default 4096). Takes the budget: this handle is used up,
    /// and its memory freed unless a chart still shows it.
    #[wasm_bindgen(js_name = intoWireParts)]
    pub fn into_wire_parts(self, rows_per_part: Option<usize>) -> Result<Vec<Uint8Array>, JsError> {
        let parts = crate::wire::to_parts(&self.inner, rows_per_part.unwrap_or(crate::wire::ROWS_PER_PART))
            .map_err(|e| JsError::new(&e.to_string()))?;
        drop(self);
        Ok(parts.iter().map(|p| Uint8Array::from(&p[..])).collect())
    }

    /// The budget as compact bytes for `fromWire` in another instance of this module (a worker to
    /// its page): not a storage or exchange format (that is `toJson`).
    #[wasm_bindgen(js_name = toWire)]
    pub fn to_wire(&self) -> Result<Vec<u8>, JsError> {
        crate::wire::to_wire(&self.inner).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The budget in our JSON format.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        crate::json::to_json(&self.inner)
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

    /// The audit for a page that lists findings: `{counts: {error, warning, rounding}, findings}`
    /// with at most `limit` findings of each severity (in the audit's order). A document with a table
    /// pasted twice has a hundred thousand findings; sending them all to JS takes longer than the audit.
    #[wasm_bindgen(js_name = auditFirst)]
    pub fn audit_first(&self, limit: usize) -> Result<JsValue, JsError> {
        #[derive(Serialize, Default)]
        struct Counts {
            error: usize,
            warning: usize,
            rounding: usize,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            counts: Counts,
            findings: Vec<&'a crate::Finding>,
        }
        let all = crate::audit(&self.inner);
        let mut out = Out {
            counts: Counts::default(),
            findings: Vec::new(),
        };
        for f in &all {
            let n = match f.severity {
                crate::Severity::Error => &mut out.counts.error,
                crate::Severity::Warning => &mut out.counts.warning,
                crate::Severity::Rounding => &mut out.counts.rounding,
            };
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

/// An amount as the JSON format and the summary write it: `-?digits(.digits)?` (rust_decimal on
/// its own would also take `1_000` and `+5`).
fn parse_decimal(value: &str) -> Result<Decimal, JsError> {
    let v = value.trim();
    let digits = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(plain(int) && plain(frac)) {
        return Err(JsError::new(&format!(
            "amount {value:?} is not a decimal (write it as 1234.50 or -12)"
        )));
    }
    Decimal::from_str_exact(v).map_err(|e| JsError::new(&format!("amount {value:?} is not a decimal: {e}")))
}

fn parse_unit(unit: &str) -> Result<Unit, JsError> {
    match unit {
        "元" => Ok(Unit::Yuan),
        "万元" => Ok(Unit::Wanyuan),
        "亿元" => Ok(Unit::Yiyuan),
        other => Err(JsError::new(&format!(
            "unknown unit {other:?} (expected 元, 万元 or 亿元)"
        ))),
    }
}

/// An exact decimal string in `unit` (`"元"`, `"万元"`, `"亿元"`) written in unit `to` (default:
/// the same), two decimals, grouped: `formatAmount("443500000", "元", "zh", "万元")` → `"44,350.00 万元"`.
#[wasm_bindgen(js_name = formatAmount)]
pub fn format_amount(value: &str, unit: &str, lang: &str, to: Option<String>) -> Result<String, JsError> {
    let (v, from) = (parse_decimal(value)?, parse_unit(unit)?);
    let to = match to {
        Some(t) => parse_unit(&t)?,
        None => from,
    };
    // To a smaller unit the conversion multiplies (亿元 → 元 by 10⁸): refuse what would overflow.
    if from.factor() > to.factor() && v.checked_mul(from.factor() / to.factor()).is_none() {
        return Err(JsError::new(&format!(
            "amount {value:?} {} is too large to write in {}",
            from.zh(),
            to.zh()
        )));
    }
    Ok(money::format_in(money::convert(v, from, to), to, parse_lang(lang)?))
}

/// An amount as it reads best (`"9,280.00 万元"`, `"4.44 亿元"` from 1 亿 up).
#[wasm_bindgen(js_name = displayAmount)]
pub fn display_amount(value: &str, unit: &str, lang: &str) -> Result<String, JsError> {
    Ok(money::display_amount(
        parse_decimal(value)?,
        parse_unit(unit)?,
        parse_lang(lang)?,
    ))
}

/// `num / den` in percent with `decimals` places (`"12.94%"`); `undefined` when `den` is zero.
#[wasm_bindgen]
pub fn percent(num: &str, den: &str, decimals: u32) -> Result<Option<String>, JsError> {
    Ok(money::percent(
        parse_decimal(num)?,
        parse_decimal(den)?,
        decimals.min(6),
    ))
}

/// Every chart kind the module draws, in page order.
#[wasm_bindgen]
pub fn kinds() -> Vec<String> {
    Kind::ALL.iter().map(|k| k.as_str().to_string()).collect()
}

/// Text widths from the canvas' own `measureText`, so labels fit in the font the browser draws with.
struct CanvasMeasure {
    ctx: CanvasRenderingContext2d,
    cache: RefCell<HashMap<(String, u64, bool), f64>>,
}

impl Measure for CanvasMeasure {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let key = (text.to_string(), size.to_bits(), bold);
        if let Some(w) = self.cache.borrow().get(&key) {
            return *w;
        }
        self.ctx.set_font(&format!(
            "{} {}px {}",
            if bold { "bold" } else { "normal" },
            size,
            FONT_FAMILY
        ));
        // measureText only fails on a detached context; an estimate keeps layout going.
        let w = match self.ctx.measure_text(text) {
            Ok(m) => m.width(),
            Err(_) => chart::EstimateMeasure.width(text, size, bold),
        };
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= MEASURE_CACHE_MAX {
            cache.clear();
        }
        cache.insert(key, w);
        w
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ChartOptions {
    kind: Option<String>,
    lang: Option<String>,
    theme: Option<String>,
}

fn parse_lang(s: &str) -> Result<Lang, JsError> {
    match s {
        "zh" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        other => Err(JsError::new(&format!(
            "unknown lang {other:?} (expected \"zh\" or \"en\")"
        ))),
    }
}

fn parse_theme(s: &str) -> Result<Theme, JsError> {
    match s {
        "light" => Ok(Theme::Light),
        "dark" => Ok(Theme::Dark),
        other => Err(JsError::new(&format!(
            "unknown theme {other:?} (expected \"light\" or \"dark\")"
        ))),
    }
}

/// Options from JS: an object, or nothing (`undefined` / `null`).
fn chart_options(options: JsValue) -> Result<ChartOptions, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(ChartOptions::default());
    }
    serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("chart options: {e}")))
}

/// wasm-bindgen does not check imported types at the boundary: a `<div>` or `null` passed as the
/// canvas would fail deep in drawing code.
fn is_canvas(canvas: &HtmlCanvasElement) -> Result<(), JsError> {
    let value: &JsValue = canvas.as_ref();
    // A canvas of another frame is not an instance of this frame's class: its tag name tells.
    let tag = || {
        js_sys::Reflect::get(value, &JsValue::from_str("tagName"))
            .ok()
            .and_then(|t| t.as_string())
    };
    if value.is_instance_of::<HtmlCanvasElement>() || (value.is_object() && tag().as_deref() == Some("CANVAS")) {
        Ok(())
    } else {
        Err(JsError::new(&format!(
            "expected a <canvas> element, got {}",
            if value.is_null() {
                "null".to_string()
            } else {
                value.js_typeof().as_string().unwrap_or_default()
            }
        )))
    }
}

fn context_of(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| JsError::new("the canvas has no 2d context"))
}

/// One chart on one canvas. Sizes are CSS px; the canvas buffer is CSS size × devicePixelRatio.
#[wasm_bindgen]
pub struct Chart {
    canvas: HtmlCanvasElement,
    measure: CanvasMeasure,
    budget: Rc<Held>,
    kind: Kind,
    opts: Options,
    scene: Scene,
    focus: Option<usize>,
    scale: f64,
    _live: Live,
}

#[wasm_bindgen]
impl Chart {
    /// Mounts a chart: `options` is `{kind, lang?: "zh"|"en", theme?: "light"|"dark"}`. Draws at once.
    #[wasm_bindgen(constructor)]
    pub fn new(canvas: HtmlCanvasElement, budget: &BudgetHandle, options: JsValue) -> Result<Chart, JsError> {
        is_canvas(&canvas)?;
        let o = chart_options(options)?;
        let kind_name = o
            .kind
            .ok_or_else(|| JsError::new("chart options: `kind` is required"))?;
        let kind = Kind::parse(&kind_name).ok_or_else(|| {
            JsError::new(&format!(
                "unknown chart kind {kind_name:?} (expected one of {})",
                kinds().join(", ")
            ))
        })?;
        let mut opts = Options::default();
        if let Some(l) = o.lang {
            opts.lang = parse_lang(&l)?;
        }
        if let Some(t) = o.theme {
            opts.theme = parse_theme(&t)?;
        }
        let ctx = context_of(&canvas)?;
        let measure = CanvasMeasure {
            ctx,
            cache: RefCell::new(HashMap::new()),
        };
        let scale = fit_buffer(&canvas, &mut opts);
        let scene = chart::build(kind, &budget.inner, &opts, &measure);
        let c = Chart {
            canvas,
            measure,
            budget: budget.inner.clone(),
            kind,
            opts,
            scene,
            focus: None,
            scale,
            _live: Live::new(&LIVE_CHARTS),
        };
        c.draw()?;
        Ok(c)
    }

    /// Shows another budget (back at the root, nothing focused).
    pub fn update(&mut self, budget: &BudgetHandle) -> Result<(), JsError> {
        self.budget = budget.inner.clone();
        self.opts.path.clear();
        self.focus = None;
        self.rebuild()
    }

    /// Changes language and/or theme: `{lang?, theme?}`.
    #[wasm_bindgen(js_name = setOptions)]
    pub fn set_options(&mut self, options: JsValue) -> Result<(), JsError> {
        let o = chart_options(options)?;
        if let Some(l) = o.lang {
            self.opts.lang = parse_lang(&l)?;
        }
        if let Some(t) = o.theme {
            self.opts.theme = parse_theme(&t)?;
        }
        self.rebuild()
    }

    /// Reads the canvas' CSS size and devicePixelRatio, sizes the buffer to match and redraws.
    pub fn resize(&mut self) -> Result<(), JsError> {
        self.scale = fit_buffer(&self.canvas, &mut self.opts);
        self.rebuild()
    }

    fn rebuild(&mut self) -> Result<(), JsError> {
        self.scene = chart::build(self.kind, &self.budget, &self.opts, &self.measure);
        if self.focus.is_some_and(|f| f >= self.scene.marks.len()) {
            self.focus = None;
        }
        self.draw()
    }

    fn draw(&self) -> Result<(), JsError> {
        draw_scene(&self.canvas, &self.scene, self.scale, self.focus, self.opts.theme)
    }

    /// Draws the current scene onto another canvas at `scale` (e.g. 2 for a PNG download).
    #[wasm_bindgen(js_name = drawTo)]
    pub fn draw_to(&self, canvas: HtmlCanvasElement, scale: f64) -> Result<(), JsError> {
        is_canvas(&canvas)?;
        if !(scale.is_finite() && scale > 0.0 && scale <= 8.0) {
            return Err(JsError::new(&format!("scale {scale} is outside 0–8")));
        }
        let (w, h) = (self.scene.width * scale, self.scene.height * scale);
        if buffer_scale(self.scene.width, self.scene.height, scale) < scale {
            return Err(JsError::new(&format!(
                "a {w:.0}×{h:.0} px drawing is beyond what a canvas holds ({MAX_SIDE} px a side, {MAX_AREA} px in all)"
            )));
        }
        canvas.set_width(w.round() as u32);
        canvas.set_height(h.round() as u32);
        draw_scene(&canvas, &self.scene, scale, None, self.opts.theme)
    }

    /// Clears the canvas; the chart must not be used afterwards.
    pub fn destroy(self) {
        if let Ok(ctx) = context_of(&self.canvas) {
            ctx.clear_rect(0.0, 0.0, self.canvas.width() as f64, self.canvas.height() as f64);
        }
    }

    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.kind.as_str().to_string()
    }

    /// The budget this chart shows, in our JSON format (the "JSON" download of an embed).
    #[wasm_bindgen(js_name = budgetJson)]
    pub fn budget_json(&self) -> String {
        crate::json::to_json(&self.budget)
    }

    /// The mark under a point in CSS px relative to the canvas' top-left corner.
    pub fn hit(&self, x: f64, y: f64) -> Option<usize> {
        self.scene.hit(x, y)
    }

    /// The tooltip / screen-reader lines of a mark.
    pub fn lines(&self, mark: usize) -> Vec<String> {
        self.scene.marks.get(mark).map(|m| m.lines.clone()).unwrap_or_default()
    }

    /// One mark as a plain object (`id`, `label`, `value`, `lines`, `drill`, `bbox`, …).
    pub fn mark(&self, mark: usize) -> Result<JsValue, JsError> {
        match self.scene.marks.get(mark) {
            Some(m) => to_js(m),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    #[wasm_bindgen(getter, js_name = markCount)]
    pub fn mark_count(&self) -> usize {
        self.scene.marks.len()
    }

    #[wasm_bindgen(getter)]
    pub fn focus(&self) -> Option<usize> {
        self.focus
    }

    /// Focuses a mark (highlighted when drawn); `undefined` clears the focus.
    #[wasm_bindgen(js_name = setFocus)]
    pub fn set_focus(&mut self, mark: Option<usize>) -> Result<(), JsError> {
        self.focus = mark.filter(|m| *m < self.scene.marks.len());
        self.draw()
    }

    /// Moves the focus to the next mark (the first when none), wrapping around; returns it.
    #[wasm_bindgen(js_name = focusNext)]
    pub fn focus_next(&mut self) -> Result<Option<usize>, JsError> {
        let n = self.scene.marks.len();
        self.focus = (n > 0).then(|| self.focus.map_or(0, |f| (f + 1) % n));
        self.draw()?;
        Ok(self.focus)
    }

    /// Moves the focus to the previous mark (the last when none), wrapping around; returns it.
    #[wasm_bindgen(js_name = focusPrev)]
    pub fn focus_prev(&mut self) -> Result<Option<usize>, JsError> {
        let n = self.scene.marks.len();
        self.focus = (n > 0).then(|| self.focus.map_or(n - 1, |f| (f + n - 1) % n));
        self.draw()?;
        Ok(self.focus)
    }

    /// Opens a mark that can be drilled into; returns whether the chart changed.
    pub fn drill(&mut self, mark: usize) -> Result<bool, JsError> {
        let Some(id) = self.scene.marks.get(mark).and_then(|m| m.drill.clone()) else {
            return Ok(false);
        };
        self.opts.path.push(id);
        self.focus = None;
        self.rebuild()?;
        Ok(true)
    }

    /// Goes up one level; returns whether the chart changed.
    pub fn back(&mut self) -> Result<bool, JsError> {
        if self.opts.path.pop().is_none() {
            return Ok(false);
        }
        self.focus = None;
        self.rebuild()?;
        Ok(true)
    }

    /// Goes to the drill level `depth` (0 = root), as a breadcrumb click does.
    #[wasm_bindgen(js_name = goTo)]
    pub fn go_to(&mut self, depth: usize) -> Result<bool, JsError> {
        if depth >= self.opts.path.len() {
            return Ok(false);
        }
        self.opts.path.truncate(depth);
        self.focus = None;
        self.rebuild()?;
        Ok(true)
    }

    #[wasm_bindgen(getter)]
    pub fn depth(&self) -> usize {
        self.opts.path.len()
    }

    #[wasm_bindgen(getter)]
    pub fn breadcrumb(&self) -> Vec<String> {
        self.scene.breadcrumb.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.scene.title.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn subtitle(&self) -> String {
        self.scene.subtitle.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn source(&self) -> String {
        self.scene.source.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn description(&self) -> String {
        self.scene.description.clone()
    }

    /// The message shown instead of a chart when the data is absent.
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> Option<String> {
        self.scene.message.clone()
    }

    /// The chart's data as `{header: string[], rows: string[][]}`.
    pub fn table(&self) -> Result<JsValue, JsError> {
        to_js(&self.scene.table)
    }

    /// The chart's data as CSV for spreadsheets: the writer the CLI uses (BOM, CRLF, formula-like
    /// cells neutralised, plain negative numbers kept as numbers).
    pub fn csv(&self) -> String {
        format!(
            "{}{}",
            crate::export::UTF8_BOM,
            crate::export::table_csv(&self.scene.table)
        )
    }

    /// The whole scene (shapes, marks, texts) as a plain object — for tests and custom renderers.
    pub fn scene(&self) -> Result<JsValue, JsError> {
        to_js(&self.scene)
    }
}

/// Chromium's canvas limits (Firefox and Safari are similar or smaller): beyond them a canvas
/// silently draws nothing.
const MAX_SIDE: f64 = 16_384.0;
const MAX_AREA: f64 = 67_108_864.0; // 8192²

/// The largest scale ≤ `want` at which a `w`×`h` CSS px scene fits a canvas buffer.
fn buffer_scale(w: f64, h: f64, want: f64) -> f64 {
    let side = MAX_SIDE / w.max(h);
    let area = (MAX_AREA / (w * h)).sqrt();
    want.min(side).min(area)
}

/// Sizes the canvas buffer to its CSS size × devicePixelRatio and puts the CSS size into `opts`;
/// returns the scale drawn at. A canvas not laid out yet (display:none) gets the default size; a
/// huge one (or a huge pixel ratio) gets a smaller buffer that the browser stretches, not an empty one.
fn fit_buffer(canvas: &HtmlCanvasElement, opts: &mut Options) -> f64 {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0);
    let (w, h) = (canvas.client_width(), canvas.client_height());
    let (w, h) = if w > 0 && h > 0 {
        (w as f64, h as f64)
    } else {
        (Options::default().width, Options::default().height)
    };
    opts.width = w;
    opts.height = h;
    let scale = buffer_scale(w, h, dpr);
    canvas.set_width(((w * scale).round() as u32).max(1));
    canvas.set_height(((h * scale).round() as u32).max(1));
    scale
}

fn draw_scene(
    canvas: &HtmlCanvasElement,
    scene: &Scene,
    scale: f64,
    focus: Option<usize>,
    theme: Theme,
) -> Result<(), JsError> {
    let mut backend = plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| JsError::new("the canvas has no 2d context"))?;
    crate::render::render(scene, &mut backend, scale, focus, theme)
        .map_err(|e| JsError::new(&format!("drawing failed: {e}")))
}
