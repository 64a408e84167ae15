//! Browser tests of the wasm edge: real canvases in headless Chromium, pixels read back where the
//! scene says a mark is (and is not), hit-testing, drill-down, and errors that cross as JS `Error`s
//! without breaking the module. Run: `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(all(target_arch = "wasm32", feature = "importer", feature = "viewer"))]

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yusuan::web::{self, BudgetHandle, Chart};

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("fixtures/futian-investment-2022.txt");
const PUTUO: &str = include_str!("fixtures/putuo-commerce-budget-2025.txt");
const W: f64 = 640.0;
const H: f64 = 420.0;

fn canvas(w: f64, h: f64) -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_attribute("style", &format!("display:block;width:{w}px;height:{h}px"))
        .unwrap();
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

fn opts(kind: &str) -> JsValue {
    let o = js_sys::Object::new();
    Reflect::set(&o, &"kind".into(), &kind.into()).unwrap();
    o.into()
}

fn seed() -> BudgetHandle {
    match web::import_text(&SEED.into()) {
        Ok(b) => b,
        Err(e) => panic!("seed does not import: {}", message(e)),
    }
}

fn mount(kind: &str, budget: &BudgetHandle) -> (HtmlCanvasElement, Chart) {
    let c = canvas(W, H);
    match Chart::new(c.clone(), budget, opts(kind)) {
        Ok(chart) => (c, chart),
        Err(e) => panic!("{kind}: {}", message(e)),
    }
}

/// The text of the JS `Error` a `JsError` becomes on the JS side.
fn message(e: wasm_bindgen::JsError) -> String {
    let v: JsValue = e.into();
    assert!(v.is_instance_of::<js_sys::Error>(), "not a JS Error: {v:?}");
    String::from(v.unchecked_into::<js_sys::Error>().message())
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or(f64::NAN)
}

fn pixel(c: &HtmlCanvasElement, x: f64, y: f64) -> [u8; 4] {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    // Buffer px = CSS px × devicePixelRatio (the chart sized the buffer itself).
    let s = c.width() as f64 / W;
    let d = ctx
        .get_image_data((x * s).floor(), (y * s).floor(), 1.0, 1.0)
        .unwrap()
        .data();
    [d[0], d[1], d[2], d[3]]
}

fn color(v: &JsValue) -> [u8; 4] {
    let a: js_sys::Array = v.clone().dyn_into().unwrap();
    let c = |i| a.get(i).as_f64().unwrap_or(0.0) as u8;
    [c(0), c(1), c(2), c(3)]
}

/// Text boxes (estimated generously) and other geometry, to tell which points are free of drawing.
struct Geometry {
    shapes: Vec<JsValue>,
}

impl Geometry {
    fn of(chart: &Chart) -> Geometry {
        let scene = chart.scene().map_err(message).unwrap();
        let shapes: js_sys::Array = get(&scene, "shapes").dyn_into().unwrap();
        Geometry {
            shapes: shapes.iter().collect(),
        }
    }

    /// Whether a visible shape after `after` (any shape when None) draws within `margin` of the
    /// point. Fully transparent shapes (hit areas) draw nothing.
    fn covered(&self, x: f64, y: f64, after: Option<usize>, margin: f64) -> bool {
        self.shapes
            .iter()
            .enumerate()
            .filter(|(i, _)| after.is_none_or(|a| *i > a))
            .any(|(_, s)| {
                let t = get(s, "type").as_string().unwrap_or_default();
                let inside = |x0: f64, y0: f64, x1: f64, y1: f64| {
                    x >= x0.min(x1) - margin
                        && x <= x0.max(x1) + margin
                        && y >= y0.min(y1) - margin
                        && y <= y0.max(y1) + margin
                };
                let visible =
                    || color(&get(s, "fill"))[3] > 0 || !get(s, "stroke").is_null() && !get(s, "stroke").is_undefined();
                match t.as_str() {
                    "rect" => {
                        visible()
                            && inside(
                                num(s, "x"),
                                num(s, "y"),
                                num(s, "x") + num(s, "w"),
                                num(s, "y") + num(s, "h"),
                            )
                    }
                    "arc" => {
                        let r = num(s, "r1");
                        visible() && inside(num(s, "cx") - r, num(s, "cy") - r, num(s, "cx") + r, num(s, "cy") + r)
                    }
                    "line" => inside(num(s, "x1"), num(s, "y1"), num(s, "x2"), num(s, "y2")),
                    "text" => {
                        let size = num(s, "size");
                        let n = get(s, "text").as_string().unwrap_or_default().chars().count() as f64;
                        let w = n * size * 1.1;
                        let (x0, x1) = match get(s, "anchor").as_string().as_deref() {
                            Some("end") => (num(s, "x") - w, num(s, "x")),
                            Some("middle") => (num(s, "x") - w / 2.0, num(s, "x") + w / 2.0),
                            _ => (num(s, "x"), num(s, "x") + w),
                        };
                        inside(x0, num(s, "y") - size * 1.2, x1, num(s, "y") + size * 1.2)
                    }
                    _ => false,
                }
            })
    }

    /// Points inside each marked shape that no later visible shape covers:
    /// (shape index, x, y, fill). Transparent shapes (hit areas) are included; their fill has alpha 0.
    fn mark_points(&self) -> Vec<(usize, f64, f64, [u8; 4])> {
        let mut out = Vec::new();
        for (i, s) in self.shapes.iter().enumerate() {
            if get(s, "mark").as_f64().is_none() {
                continue;
            }
            let fill = color(&get(s, "fill"));
            let candidates: Vec<(f64, f64)> = match get(s, "type").as_string().as_deref() {
                Some("rect") => {
                    let (x, y, w, h) = (num(s, "x"), num(s, "y"), num(s, "w"), num(s, "h"));
                    (1..8)
                        .flat_map(|a| (1..8).map(move |b| (x + w * a as f64 / 8.0, y + h * b as f64 / 8.0)))
                        .collect()
                }
                Some("arc") => {
                    let (cx, cy, r0, r1, a0, a1) = (
                        num(s, "cx"),
                        num(s, "cy"),
                        num(s, "r0"),
                        num(s, "r1"),
                        num(s, "start"),
                        num(s, "end"),
                    );
                    (1..8)
                        .flat_map(|a| {
                            (1..4).map(move |b| (a0 + (a1 - a0) * a as f64 / 8.0, r0 + (r1 - r0) * b as f64 / 4.0))
                        })
                        .map(|(a, r)| (cx + r * a.sin(), cy - r * a.cos()))
                        .collect()
                }
                _ => continue,
            };
            // At least 2 px inside so anti-aliased edges do not count.
            if let Some((x, y)) = candidates
                .into_iter()
                .find(|&(x, y)| !self.covered(x, y, Some(i), 2.0) && self.inside(i, x, y, 2.0))
            {
                out.push((i, x, y, fill));
            }
        }
        out
    }

    /// The mark of the topmost marked shape containing the point (what a hit-test must answer).
    fn topmost_mark(&self, x: f64, y: f64) -> Option<usize> {
        (0..self.shapes.len())
            .rev()
            .find(|&i| self.inside(i, x, y, 0.0))
            .and_then(|i| get(&self.shapes[i], "mark").as_f64())
            .map(|m| m as usize)
    }

    fn inside(&self, i: usize, x: f64, y: f64, inset: f64) -> bool {
        let s = &self.shapes[i];
        if get(s, "mark").as_f64().is_none() {
            return false;
        }
        match get(s, "type").as_string().as_deref() {
            Some("rect") => {
                let (rx, ry, w, h) = (num(s, "x"), num(s, "y"), num(s, "w"), num(s, "h"));
                x >= rx + inset && x <= rx + w - inset && y >= ry + inset && y <= ry + h - inset
            }
            Some("arc") => {
                let (dx, dy) = (x - num(s, "cx"), y - num(s, "cy"));
                let r = (dx * dx + dy * dy).sqrt();
                let mut a = dx.atan2(-dy);
                if a < 0.0 {
                    a += std::f64::consts::TAU;
                }
                // Radial and angular distance from the sector's edges.
                r >= num(s, "r0") + inset
                    && r <= num(s, "r1") - inset
                    && (a - num(s, "start")) * r >= inset
                    && (num(s, "end") - a) * r >= inset
            }
            _ => false,
        }
    }

    /// A point with no drawing within 6 px.
    fn empty_point(&self) -> Option<(f64, f64)> {
        (0..40)
            .flat_map(|a| (0..28).map(move |b| (4.0 + a as f64 * (W - 8.0) / 39.0, 4.0 + b as f64 * (H - 8.0) / 27.0)))
            .find(|&(x, y)| !self.covered(x, y, None, 6.0))
    }
}

fn close(a: [u8; 4], b: [u8; 4], tol: u8) -> bool {
    a.iter().zip(b.iter()).all(|(p, q)| p.abs_diff(*q) <= tol)
}

/// Every kind: the chart draws its marks where the scene says, the background stays empty, and
/// hit-testing at those points returns the mark.
fn check_kind(kind: &str) {
    let budget = seed();
    let (c, chart) = mount(kind, &budget);
    assert_eq!(
        chart.message(),
        None,
        "{kind}: the seed has the data, yet the chart shows a message"
    );
    assert!(chart.mark_count() > 0, "{kind}: no marks");
    assert!(!chart.title().is_empty(), "{kind}: no title");
    let g = Geometry::of(&chart);
    let points = g.mark_points();
    assert!(!points.is_empty(), "{kind}: no uncovered point inside any marked shape");
    let bg_point = g.empty_point().expect("some empty point on the canvas");
    let bg = pixel(&c, bg_point.0, bg_point.1);
    let mut drawn = 0;
    for &(shape, x, y, fill) in &points {
        let p = pixel(&c, x, y);
        if fill[3] > 0 {
            drawn += 1;
            assert!(
                !close(p, bg, 8),
                "{kind}: shape {shape} at ({x:.1},{y:.1}) shows the background colour {p:?}"
            );
        }
        if fill[3] == 255 {
            assert!(
                close(p, fill, 2),
                "{kind}: shape {shape} at ({x:.1},{y:.1}) is {p:?}, scene says fill {fill:?}"
            );
        }
        assert_eq!(chart.hit(x, y), g.topmost_mark(x, y), "{kind}: hit({x:.1},{y:.1})");
        assert!(chart.hit(x, y).is_some());
    }
    assert!(drawn > 0, "{kind}: no visible marked shape to check");
    assert_eq!(
        chart.hit(bg_point.0, bg_point.1),
        None,
        "{kind}: hit on empty point {bg_point:?}"
    );
    // Tooltip lines of every mark are non-empty text.
    for m in 0..chart.mark_count() {
        assert!(
            chart.lines(m).iter().any(|l| !l.trim().is_empty()),
            "{kind}: mark {m} has no tooltip text"
        );
    }
}

#[wasm_bindgen_test]
fn composition_draws_marks_where_the_scene_says() {
    check_kind("composition");
}

#[wasm_bindgen_test]
fn functions_draws_marks_where_the_scene_says() {
    check_kind("functions");
}

#[wasm_bindgen_test]
fn projects_draws_marks_where_the_scene_says() {
    check_kind("projects");
}

#[wasm_bindgen_test]
fn change_draws_marks_where_the_scene_says() {
    check_kind("change");
}

#[wasm_bindgen_test]
fn waterfall_draws_marks_where_the_scene_says() {
    check_kind("waterfall");
}

#[wasm_bindgen_test]
fn sangong_draws_marks_where_the_scene_says() {
    check_kind("sangong");
}

#[wasm_bindgen_test]
fn balance_draws_marks_where_the_scene_says() {
    check_kind("balance");
}

#[wasm_bindgen_test]
fn tasks_draws_marks_where_the_scene_says() {
    check_kind("tasks");
}

#[wasm_bindgen_test]
fn canvas_buffer_follows_css_size_times_pixel_ratio() {
    let budget = seed();
    let (c, mut chart) = mount("composition", &budget);
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    assert_eq!(c.width(), (W * dpr).round() as u32);
    assert_eq!(c.height(), (H * dpr).round() as u32);
    c.set_attribute("style", "display:block;width:320px;height:240px")
        .unwrap();
    chart.resize().map_err(message).unwrap();
    assert_eq!(c.width(), (320.0 * dpr).round() as u32);
    let scene = chart.scene().map_err(message).unwrap();
    assert_eq!(num(&scene, "width"), 320.0);
    assert_eq!(num(&scene, "height"), 240.0);
}

#[wasm_bindgen_test]
fn projects_hit_and_keyboard_focus_reach_the_largest_project() {
    let budget = seed();
    let (_c, mut chart) = mount("projects", &budget);
    let mut found = None;
    for _ in 0..chart.mark_count() {
        let f = chart.focus_next().map_err(message).unwrap().expect("a focused mark");
        if chart.lines(f).iter().any(|l| l.contains("产业发展专项资金")) {
            found = Some(f);
            break;
        }
    }
    let f = found.expect("ArrowRight reaches 产业发展专项资金");
    assert!(
        chart.lines(f).iter().any(|l| l.contains("28,000.00 万元")),
        "{:?}",
        chart.lines(f)
    );
    // The mark's bbox centre hits the same mark.
    let m = chart.mark(f).map_err(message).unwrap();
    let bbox: js_sys::Array = get(&m, "bbox").dyn_into().unwrap();
    let b: Vec<f64> = bbox.iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(chart.hit(b[0] + b[2] / 2.0, b[1] + b[3] / 2.0), Some(f));
}

#[wasm_bindgen_test]
fn functions_drills_into_a_class_and_back() {
    let budget = seed();
    let (_c, mut chart) = mount("functions", &budget);
    let top = (0..chart.mark_count()).find(|&m| !get(&chart.mark(m).map_err(message).unwrap(), "drill").is_null());
    let top = top.expect("a drillable 类");
    let label = get(&chart.mark(top).map_err(message).unwrap(), "label")
        .as_string()
        .unwrap();
    let before = chart.mark_count();
    assert!(chart.drill(top).map_err(message).unwrap());
    assert_eq!(chart.depth(), 1);
    let crumbs = chart.breadcrumb();
    assert_eq!(crumbs.len(), 2, "{crumbs:?}");
    assert!(
        crumbs[1].contains(&label) || label.contains(&crumbs[1]),
        "{crumbs:?} vs {label}"
    );
    assert!(chart.back().map_err(message).unwrap());
    assert_eq!(chart.depth(), 0);
    assert!(chart.breadcrumb().is_empty());
    assert_eq!(chart.mark_count(), before);
    assert!(
        !chart.back().map_err(message).unwrap(),
        "back at the root changes nothing"
    );
}

#[wasm_bindgen_test]
fn garbage_text_throws_an_error_and_the_module_keeps_working() {
    let e = match web::import_text(&"这不是预算文件\n合计 12 34\n}{".into()) {
        Err(e) => message(e),
        Ok(_) => panic!("garbage imported as a budget"),
    };
    assert!(e.contains("这不像是公开的部门预算或部门决算的文本"), "{e}");
    let e = match web::import_text(&"部门预算\n\u{0}\u{7}".into()) {
        Err(e) => message(e),
        Ok(_) => panic!("binary data imported as a budget"),
    };
    assert!(e.contains("第 2 行") && e.contains("NUL"), "{e}");
    let e2 = match web::import_text(&"".into()) {
        Err(e) => message(e),
        Ok(_) => panic!("empty text imported as a budget"),
    };
    assert!(e2.contains("输入为空"), "{e2}");
    // Still usable: a chart mounts on the seed afterwards.
    let budget = seed();
    let (_c, chart) = mount("composition", &budget);
    assert!(chart.mark_count() > 0);
}

#[wasm_bindgen_test]
fn bad_options_throw_errors_naming_the_problem() {
    let budget = seed();
    let e = Chart::new(canvas(100.0, 100.0), &budget, opts("pie"))
        .err()
        .map(message)
        .unwrap();
    assert!(e.contains("unknown chart kind \"pie\""), "{e}");
    let o = js_sys::Object::new();
    let e = Chart::new(canvas(100.0, 100.0), &budget, o.into())
        .err()
        .map(message)
        .unwrap();
    assert!(e.contains("`kind` is required"), "{e}");
    let o = opts("projects");
    Reflect::set(&o, &"lang".into(), &"fr".into()).unwrap();
    let e = Chart::new(canvas(100.0, 100.0), &budget, o).err().map(message).unwrap();
    assert!(e.contains("unknown lang \"fr\""), "{e}");
    let e = web::format_amount("12,3", "万元", "zh", None)
        .err()
        .map(message)
        .unwrap();
    assert!(e.contains("not a decimal"), "{e}");
    assert_eq!(
        web::format_amount("44350", "万元", "zh", None)
            .map_err(message)
            .unwrap(),
        "44,350.00 万元"
    );
    // A good chart still mounts afterwards.
    let (_c, chart) = mount("projects", &budget);
    assert!(chart.mark_count() > 0);
}

#[wasm_bindgen_test]
fn update_switches_budget_and_resets_the_drill_path() {
    let seed = seed();
    let putuo = match web::import_text(&PUTUO.into()) {
        Ok(b) => b,
        Err(e) => panic!("putuo: {}", message(e)),
    };
    assert_ne!(seed.department(), putuo.department());
    let (_c, mut chart) = mount("functions", &seed);
    let top = (0..chart.mark_count())
        .find(|&m| !get(&chart.mark(m).unwrap(), "drill").is_null())
        .unwrap();
    chart.drill(top).map_err(message).unwrap();
    chart.update(&putuo).map_err(message).unwrap();
    assert_eq!(chart.depth(), 0);
    assert!(chart.mark_count() > 0);
    let labels: Vec<String> = (0..chart.mark_count())
        .map(|m| get(&chart.mark(m).unwrap(), "label").as_string().unwrap_or_default())
        .collect();
    let seed_chart = mount("functions", &seed).1;
    let seed_labels: Vec<String> = (0..seed_chart.mark_count())
        .map(|m| {
            get(&seed_chart.mark(m).unwrap(), "label")
                .as_string()
                .unwrap_or_default()
        })
        .collect();
    assert_ne!(labels, seed_labels);
}

#[wasm_bindgen_test]
fn png_export_draws_at_twice_the_css_size() {
    let budget = seed();
    let (_c, chart) = mount("composition", &budget);
    let out = canvas(10.0, 10.0);
    chart.draw_to(out.clone(), 2.0).map_err(message).unwrap();
    assert_eq!((out.width(), out.height()), ((W * 2.0) as u32, (H * 2.0) as u32));
    let e = chart.draw_to(out, f64::NAN).err().map(message).unwrap();
    assert!(e.contains("outside"), "{e}");
}

#[wasm_bindgen_test]
fn json_round_trips_and_bad_json_throws_with_its_place() {
    let budget = seed();
    let json = budget.to_json();
    let back = web::from_json(&json.as_str().into()).map_err(message).unwrap();
    assert_eq!(back.department(), "深圳市福田区投资推广和企业服务中心");
    assert_eq!(back.to_json(), json);
    let e = web::from_json(&"{\"format\": \"yusuan/1\", \"budget\": {".into())
        .err()
        .map(message)
        .unwrap();
    assert!(e.contains("line 1"), "{e}");
    let e = web::from_json(&"{\"format\": \"yusuan/9\", \"budget\": {}}".into())
        .err()
        .map(message)
        .unwrap();
    assert!(e.contains("yusuan/9"), "{e}");
    // The module still draws afterwards, from the JSON-loaded budget too.
    let (_c, chart) = mount("functions", &back);
    assert!(chart.mark_count() > 0);
}

#[wasm_bindgen_test]
fn summary_and_audit_cross_as_plain_objects_with_exact_amounts() {
    let budget = seed();
    let s = budget.summary(None).map_err(message).unwrap();
    // Without the rows: the same figures, no function list.
    let short = budget.summary(Some(false)).map_err(message).unwrap();
    assert_eq!(get(&short, "expenditure_total").as_string().as_deref(), Some("443500000"));
    assert_eq!(js_sys::Array::from(&get(&short, "functions")).length(), 0);
    assert!(js_sys::Array::from(&get(&s, "functions")).length() > 20);
    assert_eq!(
        get(&s, "department").as_string().as_deref(),
        Some("深圳市福田区投资推广和企业服务中心")
    );
    // 44,350 万元 in 元, as an exact decimal string (never a float).
    assert_eq!(get(&s, "expenditure_total").as_string().as_deref(), Some("443500000"));
    let findings: js_sys::Array = budget.audit().map_err(message).unwrap().dyn_into().unwrap();
    for f in findings.iter() {
        let sev = get(&f, "severity").as_string().unwrap();
        assert!(["error", "warning", "rounding"].contains(&sev.as_str()), "{sev}");
        assert!(get(&f, "where").as_string().is_some_and(|w| !w.is_empty()));
    }
    assert_eq!(
        web::display_amount("443500000", "元", "zh").map_err(message).unwrap(),
        "4.44 亿元"
    );
    assert_eq!(
        web::format_amount("443500000", "元", "zh", Some("万元".into()))
            .map_err(message)
            .unwrap(),
        "44,350.00 万元"
    );
    assert_eq!(
        web::percent("3263.74", "44350", 2).map_err(message).unwrap().as_deref(),
        Some("7.36%")
    );
    assert_eq!(web::percent("1", "0", 2).map_err(message).unwrap(), None);
}

#[wasm_bindgen_test]
fn live_counts_fall_back_when_charts_and_budgets_are_dropped() {
    let (charts0, budgets0) = (web::live_charts(), web::live_budgets());
    let budget = seed();
    assert_eq!(web::live_budgets(), budgets0 + 1);
    let (_a, a) = mount("functions", &budget);
    let (_b, b) = mount("projects", &budget);
    // Two charts, one budget: they share it.
    assert_eq!((web::live_charts(), web::live_budgets()), (charts0 + 2, budgets0 + 1));
    let json = a.budget_json();
    assert_eq!(json, budget.to_json(), "a chart's JSON is its budget's");
    a.destroy();
    assert_eq!(web::live_charts(), charts0 + 1);
    // The handle goes, the chart still holds the budget.
    drop(budget);
    assert_eq!(web::live_budgets(), budgets0 + 1);
    assert!(b.mark_count() > 0);
    drop(b);
    assert_eq!((web::live_charts(), web::live_budgets()), (charts0, budgets0));
}

#[wasm_bindgen_test]
fn csv_is_the_shared_writer_with_bom_and_one_line_per_row() {
    let budget = seed();
    let (_c, chart) = mount("change", &budget);
    let csv = chart.csv();
    assert!(csv.starts_with('\u{FEFF}'), "no BOM");
    let rows: js_sys::Array = get(&chart.table().map_err(message).unwrap(), "rows")
        .dyn_into()
        .unwrap();
    assert_eq!(csv.trim_end().split("\r\n").count(), rows.length() as usize + 1);
    assert!(csv.contains("产业发展专项资金"), "{csv}");
    // A plain negative amount stays a number; nothing starts with a bare formula sign.
    assert!(csv.contains(",\"-7,013.00\"") || csv.contains(",-7013"), "{csv}");
    assert!(!csv
        .split("\r\n")
        .flat_map(|l| l.split(','))
        .any(|c| c.starts_with('=') || c.starts_with('+')));
}

#[wasm_bindgen_test]
fn audit_first_counts_every_finding_and_sends_the_first_of_each_severity() {
    let budget = seed();
    let all: js_sys::Array = budget.audit().map_err(message).unwrap().dyn_into().unwrap();
    let count = |sev: &str| {
        all.iter()
            .filter(|f| get(f, "severity").as_string().as_deref() == Some(sev))
            .count()
    };
    let first = budget.audit_first(2).map_err(message).unwrap();
    let counts = get(&first, "counts");
    for sev in ["error", "warning", "rounding"] {
        assert_eq!(num(&counts, sev) as usize, count(sev), "{sev}");
    }
    assert_eq!((count("error"), count("warning"), count("rounding")), (6, 3, 7));
    let shown: js_sys::Array = get(&first, "findings").dyn_into().unwrap();
    // Two of each severity, the audit's first two of each, in its order.
    assert_eq!(shown.length(), 6);
    let messages =
        |a: &js_sys::Array| -> Vec<String> { a.iter().map(|f| get(&f, "message").as_string().unwrap()).collect() };
    let expected: Vec<String> = ["error", "warning", "rounding"]
        .iter()
        .flat_map(|sev| {
            all.iter()
                .filter(move |f| get(f, "severity").as_string().as_deref() == Some(*sev))
                .take(2)
                .map(|f| (all.index_of(&f, 0), get(&f, "message").as_string().unwrap()))
                .collect::<Vec<_>>()
        })
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_values()
        .collect();
    assert_eq!(messages(&shown), expected);
    // The prior-year statement about total expenditure, as the text makes it.
    let prior = budget.prior_expenditure().map_err(message).unwrap();
    assert_eq!(get(&prior, "measure").as_string().as_deref(), Some("expenditure_total"));
    let p = get(&prior, "prior");
    assert_eq!(num(&p, "year"), 2021.0);
    assert_eq!(get(&p, "change").as_string().as_deref(), Some("-6593.32"));
}

/// toWire/fromWire as the import worker and the page use them: the same budget on the other side
/// (same JSON, same summary), and bytes that are not an encoding give an Error naming the byte.
#[wasm_bindgen_test]
fn wire_round_trip_gives_the_same_budget() {
    for text in [SEED, PUTUO] {
        let b = web::import_text(&text.into()).unwrap_or_else(|e| panic!("{}", message(e)));
        let bytes = b.to_wire().unwrap_or_else(|e| panic!("{}", message(e)));
        let back = web::from_wire(&js_sys::Uint8Array::from(&bytes[..])).unwrap_or_else(|e| panic!("{}", message(e)));
        assert_eq!(back.to_json(), b.to_json());
        assert_eq!(back.department(), b.department());
        let (s1, s2) = (b.summary(None).unwrap(), back.summary(None).unwrap());
        assert_eq!(js_sys::JSON::stringify(&s1).unwrap(), js_sys::JSON::stringify(&s2).unwrap());
        assert!(bytes.len() * 2 < b.to_json().len());
        // Cut short by one byte: an Error, and the module still works.
        let cut = js_sys::Uint8Array::from(&bytes[..bytes.len() - 1]);
        let e = message(web::from_wire(&cut).err().expect("a truncated encoding decoded"));
        assert!(e.starts_with("yusuan wire data, byte "), "{e}");
    }
    let e = message(web::from_wire(&js_sys::Uint8Array::from(&b"{\"format\""[..])).err().unwrap());
    assert_eq!(e, "yusuan wire data, byte 0: not yusuan wire data (no YSW magic)");
    assert!(seed().to_json().contains("深圳市福田区投资推广和企业服务中心"));
}

/// The worker's parts (`intoWireParts`) through a `WireReader`: the same budget; a part missing is
/// an Error; the handle given away is used up.
#[wasm_bindgen_test]
fn wire_parts_put_the_budget_back_together() {
    let want = web::import_text(&PUTUO.into()).unwrap_or_else(|e| panic!("{}", message(e)));
    let given = web::import_text(&PUTUO.into()).unwrap_or_else(|e| panic!("{}", message(e)));
    let parts = given.into_wire_parts(Some(5)).unwrap_or_else(|e| panic!("{}", message(e)));
    assert!(parts.len() > 3, "{} parts", parts.len());
    let mut r = web::WireReader::new(&parts[0]).unwrap_or_else(|e| panic!("{}", message(e)));
    for p in &parts[1..] {
        r.push(p).unwrap_or_else(|e| panic!("{}", message(e)));
    }
    let back = r.finish().unwrap_or_else(|e| panic!("{}", message(e)));
    assert_eq!(back.to_json(), want.to_json());
    let mut r = web::WireReader::new(&parts[0]).unwrap_or_else(|e| panic!("{}", message(e)));
    r.push(&parts[1]).unwrap_or_else(|e| panic!("{}", message(e)));
    let e = message(r.finish().err().expect("a budget with rows missing"));
    assert!(e.starts_with("yusuan wire data: function table 0: 5 of "), "{e}");
}
