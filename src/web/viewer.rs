//! The viewer module's exports (feature `viewer`): a budget from our JSON (`json_lite`, without
//! serde_json) or from the import worker's wire parts, and charts drawn on canvases with their
//! hit test, keyboard focus, drill-down, data table and CSV. This is all an embed loads.

use super::{hold, js_bytes, js_text, to_js, BudgetHandle, Held, Input, Live, LIVE_CHARTS};
use crate::chart::{self, Kind, Measure, Options, Scene, Theme};
use crate::money::{self, Lang, Unit};
use js_sys::{JsString, Uint8Array};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Text is measured in the font stack the renderer draws with.
use crate::chart::style::FONT as FONT_FAMILY;

/// Entries kept in a chart's text-width cache before it is emptied (labels repeat across redraws;
/// the bound keeps a long session from growing without limit).
const MEASURE_CACHE_MAX: usize = 4096;

/// Reads our JSON format (`{"format": "yusuan/1", "budget": …}`). Throws an `Error` naming the
/// JSON path, line and column of the fault.
#[wasm_bindgen(js_name = fromJson)]
pub fn from_json(text: &JsString) -> Result<BudgetHandle, JsError> {
    let text = js_text(text, Input::Json)?;
    hold(crate::json_lite::from_json(&text).map_err(|e| JsError::new(&e.to_string()))?)
}

/// Reads our JSON format from a file's bytes (UTF-8, or UTF-16 with its byte order mark).
#[wasm_bindgen(js_name = fromJsonBytes)]
pub fn from_json_bytes(bytes: &Uint8Array) -> Result<BudgetHandle, JsError> {
    let bytes = js_bytes(bytes, Input::Json)?;
    hold(crate::json_lite::from_json_bytes(&bytes).map_err(|e| JsError::new(&e.to_string()))?)
}

/// A budget from `Budget.toWire()` bytes made by this same module (a worker hands its import to the
/// page this way: far smaller and faster to read than JSON). Throws an `Error` naming the byte offset
/// of a fault; bytes from another build of yusuan are refused or misread, so use only within one build.
#[wasm_bindgen(js_name = fromWire)]
pub fn from_wire(bytes: &Uint8Array) -> Result<BudgetHandle, JsError> {
    let bytes = wire_bytes(bytes)?;
    hold(crate::wire::from_wire(&bytes).map_err(|e| JsError::new(&e.to_string()))?)
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
        hold(self.inner.finish().map_err(|e| JsError::new(&e.to_string()))?)
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
    /// The budget in our JSON format (byte for byte what the command line writes).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        crate::json_lite::to_json(&self.inner)
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
        crate::json_lite::to_json(&self.budget)
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
