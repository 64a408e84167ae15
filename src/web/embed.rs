//! The exports every viewer module has (feature `embed`): a budget from our JSON (`json_lite`,
//! without serde_json) and charts drawn on canvases with their hit test, keyboard focus,
//! drill-down, data table, CSV and JSON. Built with one `kind-*` feature, this is the module an
//! embed of that kind downloads (`yusuan_functions` …); the full viewer (`viewer.rs`) adds the rest.

use super::canvas::number;
use super::{hold, js_text, quoted, BudgetHandle, Held, Input, Live, LIVE_CHARTS};
use crate::chart::{self, Kind, Measure, Options, Scene, Theme};
use crate::money::Lang;
use js_sys::JsString;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Text is measured in the font stack the renderer draws with.
use crate::chart::style::FONT as FONT_FAMILY;

/// Entries kept in a chart's text-width cache before it is emptied (the bound keeps a long
/// session from growing without limit).
const MEASURE_CACHE_MAX: usize = 4096;

/// Reads our JSON from text that `JSON.parse` has accepted (the page checks that first): the
/// budget, or `undefined` where the viewer's `fromJson` refuses the text (and says where and why).
/// What a one-kind module reads JSON with: without messages or a syntax pass, a third of the code.
#[wasm_bindgen(js_name = fromParsedJson)]
pub fn from_parsed_json(text: &JsString) -> Result<Option<BudgetHandle>, JsError> {
    let text = js_text(text, Input::Json)?;
    crate::json_lite::from_parsed_json(&text).map(hold).transpose()
}

/// Text widths from the canvas' own `measureText`, so labels fit in the font the browser draws with.
struct CanvasMeasure {
    ctx: CanvasRenderingContext2d,
    cache: RefCell<WidthCache>,
}

/// Widths already measured, by a 64-bit hash of text, size and weight (open addressing; emptied
/// when half full, which bounds a long session): labels repeat across redraws, and a call into the
/// canvas costs more than this lookup.
struct WidthCache {
    slots: Vec<(u64, f64)>,
    used: usize,
}

impl WidthCache {
    fn new() -> WidthCache {
        WidthCache { slots: Vec::new(), used: 0 }
    }

    fn key(text: &str, size: f64, bold: bool) -> u64 {
        // FNV-1a over the text, then the size's bits and the weight; 0 marks an empty slot.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes().chain(size.to_bits().to_le_bytes()).chain([u8::from(bold)]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        h.max(1)
    }

    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (key as usize) & mask;
        while self.slots[i].0 != 0 && self.slots[i].0 != key {
            i = (i + 1) & mask;
        }
        i
    }

    fn get(&self, key: u64) -> Option<f64> {
        if self.slots.is_empty() {
            return None;
        }
        let (k, w) = self.slots[self.slot(key)];
        (k == key).then_some(w)
    }

    fn insert(&mut self, key: u64, w: f64) {
        if self.used * 2 >= self.slots.len() {
            self.slots.clear();
            self.slots.resize(2 * MEASURE_CACHE_MAX, (0, 0.0));
            self.used = 0;
        }
        let i = self.slot(key);
        self.used += usize::from(self.slots[i].0 == 0);
        self.slots[i] = (key, w);
    }
}

impl Measure for CanvasMeasure {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let key = WidthCache::key(text, size, bold);
        if let Some(w) = self.cache.borrow().get(key) {
            return w;
        }
        self.ctx.set_font(&super::canvas::font(bold, size, FONT_FAMILY));
        // measureText only fails on a detached context; an estimate keeps layout going.
        let w = match self.ctx.measure_text(text) {
            Ok(m) => m.width(),
            Err(_) => chart::EstimateMeasure.width(text, size, bold),
        };
        self.cache.borrow_mut().insert(key, w);
        w
    }
}

#[derive(Default)]
struct ChartOptions {
    kind: Option<String>,
    lang: Option<String>,
    theme: Option<String>,
}

pub(super) fn parse_lang(s: &str) -> Result<Lang, JsError> {
    match s {
        "zh" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        other => Err(JsError::new(&format!(
            "unknown lang {} (expected \"zh\" or \"en\")",
            quoted(other)
        ))),
    }
}

fn parse_theme(s: &str) -> Result<Theme, JsError> {
    match s {
        "light" => Ok(Theme::Light),
        "dark" => Ok(Theme::Dark),
        other => Err(JsError::new(&format!(
            "unknown theme {} (expected \"light\" or \"dark\")",
            quoted(other)
        ))),
    }
}

/// Options from JS: an object, or nothing (`undefined` / `null`); each option a string when given.
fn chart_options(options: JsValue) -> Result<ChartOptions, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(ChartOptions::default());
    }
    if !options.is_object() || js_sys::Array::is_array(&options) {
        return Err(JsError::new("chart options: expected an object {kind, lang?, theme?}"));
    }
    let get = |key: &str| -> Result<Option<String>, JsError> {
        let v = js_sys::Reflect::get(&options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.as_string().map(Some).ok_or_else(|| JsError::new(&format!("chart options: `{key}` must be a string")))
    };
    Ok(ChartOptions { kind: get("kind")?, lang: get("lang")?, theme: get("theme")? })
}

/// The names of the kinds `keep` keeps, comma-separated.
fn kind_list(keep: fn(Kind) -> bool) -> String {
    let mut out = String::new();
    for k in Kind::ALL.into_iter().filter(|k| keep(*k)) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(k.as_str());
    }
    out
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
    pub(super) budget: Rc<Held>,
    kind: Kind,
    opts: Options,
    pub(super) scene: Scene,
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
                "unknown chart kind {} (expected one of {})",
                quoted(&kind_name),
                kind_list(|_| true)
            ))
        })?;
        if !kind.drawn() {
            return Err(JsError::new(&format!(
                "this module draws {} charts only: load the viewer (yusuan_viewer) for {}",
                kind_list(|k| k.drawn()),
                quoted(&kind_name)
            )));
        }
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
            cache: RefCell::new(WidthCache::new()),
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

    /// Whether the chart was last drawn for a canvas of this CSS size. The page's ResizeObserver
    /// asks this instead of keeping a size of its own: reading one back after the widget's DOM
    /// goes in forced a second layout per mounted chart.
    #[wasm_bindgen(js_name = drawnAt)]
    pub fn drawn_at(&self, width: f64, height: f64) -> bool {
        self.opts.width == width && self.opts.height == height
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
            return Err(JsError::new(&format!("scale {} is outside 0–8", number(scale))));
        }
        let (w, h) = (self.scene.width * scale, self.scene.height * scale);
        if buffer_scale(self.scene.width, self.scene.height, scale) < scale {
            return Err(JsError::new(&format!(
                "a {}×{} px drawing is beyond what a canvas holds (16384 px a side, 67108864 px in all)",
                number(w.round()),
                number(h.round())
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
        Ok(self.scene.marks.get(mark).map_or(JsValue::UNDEFINED, js::mark))
    }

    /// The whole scene (shapes, marks, texts) as a plain object — for tests and custom renderers.
    pub fn scene(&self) -> Result<JsValue, JsError> {
        Ok(js::scene(&self.scene))
    }

    /// Whether a mark opens a level below it (`drill`): the pointer cursor and Enter.
    pub fn drillable(&self, mark: usize) -> bool {
        self.scene.marks.get(mark).is_some_and(|m| m.drill.is_some())
    }

    /// A mark's box in CSS px, `[x, y, w, h]` (where its tooltip goes when focused by keyboard).
    pub fn bbox(&self, mark: usize) -> Option<Vec<f64>> {
        self.scene.marks.get(mark).map(|m| m.bbox.to_vec())
    }

    /// The lowest edge of any mark in CSS px (0 without marks): how much height a bar list uses.
    #[wasm_bindgen(getter)]
    pub fn bottom(&self) -> f64 {
        self.scene.marks.iter().map(|m| m.bbox[1] + m.bbox[3]).fold(0.0, f64::max)
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
        Ok(js::table(&self.scene.table))
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
    let mut backend = super::canvas::Canvas::new(canvas.clone(), context_of(canvas)?, scale);
    crate::render::render(scene, &mut backend, scale, focus, theme)
        .map_err(|e| JsError::new(&format!("drawing failed: {e}")))
}

/// Marks, tables and scenes as plain JS objects, built by hand (serde's serializer is more code):
/// the shapes `serde_wasm_bindgen`'s JSON-compatible serializer gives the scene's `Serialize`
/// (fields in declaration order, amounts as decimal strings, `null` for `None`, colours as
/// `[r, g, b, a]`).
mod js {
    use crate::chart::scene::{Anchor, Baseline, Color, DataTable, Mark, Scene, Shape};
    use crate::json_lite::decimal_text;
    use js_sys::{Array, Object, Reflect};
    use rust_decimal::Decimal;
    use wasm_bindgen::JsValue;

    fn obj(fields: &[(&str, JsValue)]) -> JsValue {
        let o = Object::new();
        for (k, v) in fields {
            let _ = Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o.into()
    }

    fn array(items: impl Iterator<Item = JsValue>) -> JsValue {
        items.collect::<Array>().into()
    }

    fn strings(v: &[String]) -> JsValue {
        array(v.iter().map(|s| JsValue::from_str(s)))
    }

    fn text(s: &str) -> JsValue {
        JsValue::from_str(s)
    }

    fn opt_text(s: Option<&str>) -> JsValue {
        s.map_or(JsValue::NULL, JsValue::from_str)
    }

    fn num(v: f64) -> JsValue {
        JsValue::from_f64(v)
    }

    fn opt_dec(v: Option<Decimal>) -> JsValue {
        v.map_or(JsValue::NULL, |d| text(&decimal_text(d)))
    }

    fn opt_index(v: Option<usize>) -> JsValue {
        v.map_or(JsValue::NULL, |m| num(m as f64))
    }

    fn color(c: Color) -> JsValue {
        array([c.0, c.1, c.2, c.3].into_iter().map(|v| num(v.into())))
    }

    pub fn table(t: &DataTable) -> JsValue {
        obj(&[("header", strings(&t.header)), ("rows", array(t.rows.iter().map(|r| strings(&r.0))))])
    }

    pub fn mark(m: &Mark) -> JsValue {
        obj(&[
            ("id", text(&m.id)),
            ("label", text(&m.label)),
            ("value", opt_dec(Some(m.value))),
            ("unit", text(m.unit.zh())),
            ("share", opt_dec(m.share)),
            ("change", opt_dec(m.change)),
            ("prior", opt_dec(m.prior)),
            ("lines", strings(&m.lines)),
            ("drill", opt_text(m.drill.as_deref())),
            ("bbox", array(m.bbox.iter().map(|v| num(*v)))),
        ])
    }

    fn shape(s: &Shape) -> JsValue {
        match s {
            Shape::Rect { x, y, w, h, fill, stroke, mark } => obj(&[
                ("type", text("rect")),
                ("x", num(*x)),
                ("y", num(*y)),
                ("w", num(*w)),
                ("h", num(*h)),
                ("fill", color(*fill)),
                ("stroke", stroke.map_or(JsValue::NULL, color)),
                ("mark", opt_index(*mark)),
            ]),
            Shape::Arc { cx, cy, r0, r1, start, end, fill, mark } => obj(&[
                ("type", text("arc")),
                ("cx", num(*cx)),
                ("cy", num(*cy)),
                ("r0", num(*r0)),
                ("r1", num(*r1)),
                ("start", num(*start)),
                ("end", num(*end)),
                ("fill", color(*fill)),
                ("mark", opt_index(*mark)),
            ]),
            Shape::Line { x1, y1, x2, y2, color: c, width } => obj(&[
                ("type", text("line")),
                ("x1", num(*x1)),
                ("y1", num(*y1)),
                ("x2", num(*x2)),
                ("y2", num(*y2)),
                ("color", color(*c)),
                ("width", num(*width)),
            ]),
            Shape::Text { x, y, text: t, size, color: c, anchor, baseline, bold } => obj(&[
                ("type", text("text")),
                ("x", num(*x)),
                ("y", num(*y)),
                ("text", text(t)),
                ("size", num(*size)),
                ("color", color(*c)),
                ("anchor", text(match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                })),
                ("baseline", text(match baseline {
                    Baseline::Top => "top",
                    Baseline::Middle => "middle",
                    Baseline::Alphabetic => "alphabetic",
                    Baseline::Bottom => "bottom",
                })),
                ("bold", JsValue::from_bool(*bold)),
            ]),
        }
    }

    pub fn scene(s: &Scene) -> JsValue {
        obj(&[
            ("width", num(s.width)),
            ("height", num(s.height)),
            ("lang", text(match s.lang {
                crate::money::Lang::Zh => "zh",
                crate::money::Lang::En => "en",
            })),
            ("title", text(&s.title)),
            ("subtitle", text(&s.subtitle)),
            ("source", text(&s.source)),
            ("shapes", array(s.shapes.iter().map(shape))),
            ("marks", array(s.marks.iter().map(mark))),
            ("breadcrumb", strings(&s.breadcrumb)),
            ("message", opt_text(s.message.as_deref())),
            ("table", table(&s.table)),
            ("description", text(&s.description)),
        ])
    }
}
