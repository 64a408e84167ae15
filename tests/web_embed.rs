//! Browser tests of the one-kind modules as embeds load them: built with `--no-default-features
//! --features embed,kinds` (the exports and the allocator of `yusuan_functions` and its siblings, every
//! kind drawn so one run covers them all), they read our JSON through `fromParsedJson`, draw, and
//! never panic; what they refuse, the viewer's reader refuses too (tests/json_lite.rs holds the two
//! to the same verdict natively).
//! Run: `cargo test --target wasm32-unknown-unknown --no-default-features --features embed,kinds --test web_embed`.
#![cfg(all(target_arch = "wasm32", feature = "embed", not(feature = "viewer"), not(feature = "importer")))]

#[path = "bad_list.rs"]
mod bad_list;
#[path = "support/sample.rs"]
mod sample;

use js_sys::{JsString, Reflect};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yusuan::web::{self, BudgetHandle, Chart};

wasm_bindgen_test_configure!(run_in_browser);

const KINDS: [&str; 8] = ["composition", "functions", "projects", "change", "waterfall", "sangong", "balance", "tasks"];

fn canvas(w: f64, h: f64) -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_attribute("style", &format!("display:block;width:{w}px;height:{h}px")).unwrap();
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

fn opts(kind: &str) -> JsValue {
    let o = js_sys::Object::new();
    Reflect::set(&o, &"kind".into(), &kind.into()).unwrap();
    o.into()
}

fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    String::from(v.unchecked_into::<js_sys::Error>().message())
}

fn read(json: &str) -> Option<BudgetHandle> {
    web::from_parsed_json(&JsString::from(json)).map_err(message).unwrap()
}

fn painted(c: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64).unwrap().data();
    data.chunks(4).filter(|p| p[3] > 0).count()
}

/// The context's font and the scale of its transform (a, d).
fn text_state(c: &HtmlCanvasElement) -> (String, f64, f64) {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let get: js_sys::Function = Reflect::get(&ctx, &"getTransform".into()).unwrap().dyn_into().unwrap();
    let m = get.call0(&ctx).unwrap();
    let num = |k: &str| Reflect::get(&m, &k.into()).unwrap().as_f64().unwrap();
    (ctx.font(), num("a"), num("d"))
}

#[wasm_bindgen_test]
fn json_in_every_kind_out_with_marks_tooltips_and_drill_down() {
    let json = yusuan::json_lite::to_json(&sample::seed_like());
    let budget = read(&json).expect("reads");
    assert_eq!(budget.department(), sample::seed_like().department);
    assert_eq!((web::live_budgets(), web::live_charts()), (1, 0));
    for kind in KINDS {
        let c = canvas(640.0, 420.0);
        let mut chart = Chart::new(c.clone(), &budget, opts(kind)).map_err(message).unwrap();
        assert!(painted(&c) > 1000, "{kind}: nothing drawn");
        // What the widget's ResizeObserver asks: drawn for this CSS size, not for another.
        assert!(chart.drawn_at(640.0, 420.0) && !chart.drawn_at(640.0, 421.0), "{kind}: drawn size");
        // At twice the size (a PNG, a HiDPI screen) text goes in at the CSS size it was measured at,
        // under a scale transform that is undone after it.
        let big = canvas(10.0, 10.0);
        chart.draw_to(big.clone(), 2.0).map_err(message).unwrap();
        assert!(painted(&big) > 4000, "{kind}: nothing drawn at scale 2");
        let (font, a, d) = text_state(&big);
        let px: f64 = font.split("px").next().and_then(|s| s.rsplit(' ').next()).and_then(|s| s.parse().ok()).unwrap();
        assert!(px > 0.0 && px < 20.0, "{kind}: last text drawn at {font}");
        assert_eq!((a, d), (1.0, 1.0), "{kind}: transform left at {a}, {d}");
        big.remove();
        if chart.message().is_none() {
            assert!(chart.mark_count() > 0, "{kind}: no marks");
            for m in 0..chart.mark_count() {
                assert!(!chart.lines(m).is_empty(), "{kind}: a mark without tooltip");
                assert_eq!(chart.bbox(m).map(|b| b.len()), Some(4));
            }
            assert!(chart.bottom() > 0.0);
            let rows: js_sys::Array = Reflect::get(&chart.table().map_err(message).unwrap(), &"rows".into()).unwrap().into();
            assert!(rows.length() > 0, "{kind}: empty table");
            assert_eq!(chart.focus_next().map_err(message).unwrap(), Some(0));
            if let Some(m) = (0..chart.mark_count()).find(|&m| chart.drillable(m)) {
                assert!(chart.drill(m).map_err(message).unwrap());
                assert!(chart.back().map_err(message).unwrap());
            }
        }
        chart.destroy();
        c.remove();
    }
    assert_eq!(web::live_charts(), 0);
}

#[wasm_bindgen_test]
fn what_the_viewer_refuses_is_not_read_and_the_module_keeps_drawing() {
    let mut refused = 0;
    for (name, bytes, expect) in bad_list::CASES.iter().filter(|(n, ..)| n.ends_with(".json")) {
        let Ok(text) = std::str::from_utf8(bytes) else { continue };
        // The page asks only after JSON.parse; text it refuses is not asked about here either.
        if js_sys::JSON::parse(text.trim_start_matches('\u{feff}')).is_err() {
            continue;
        }
        let want_error = expect.trim_start().starts_with("error:");
        match read(text) {
            None => refused += 1,
            Some(_) => assert!(!want_error, "{name}: read, the viewer refuses it: {expect}"),
        }
    }
    assert!(refused >= 10, "{refused} refused");
    // A lone surrogate escape: JSON.parse takes it, serde_json (and so the viewer) does not.
    let json = yusuan::json_lite::to_json(&sample::seed_like()).replacen("深圳", "深\\ud800圳", 1);
    assert!(js_sys::JSON::parse(&json).is_ok());
    assert!(read(&json).is_none());
    let c = canvas(320.0, 240.0);
    let b = read(&yusuan::json_lite::to_json(&sample::seed_like())).unwrap();
    let chart = Chart::new(c.clone(), &b, opts("functions")).map_err(message).unwrap();
    assert!(chart.mark_count() > 0 && painted(&c) > 100);
}

/// The kind modules' allocator (power-of-two free lists): many budgets and charts made and freed,
/// redrawn at many sizes, and memory comes back to the same blocks (it does not grow each round).
#[wasm_bindgen_test]
fn memory_is_reused_across_loads_and_redraws() {
    let json = yusuan::json_lite::to_json(&sample::seed_like());
    let memory = || wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length();
    let c = canvas(600.0, 400.0);
    let mut after_first = 0;
    for round in 0..30 {
        let b = read(&json).unwrap();
        let mut chart = Chart::new(c.clone(), &b, opts(KINDS[round % KINDS.len()])).map_err(message).unwrap();
        for w in [200.0, 900.0, 480.0] {
            c.set_attribute("style", &format!("display:block;width:{w}px;height:300px")).unwrap();
            chart.resize().map_err(message).unwrap();
        }
        chart.destroy();
        drop(b);
        if round == 4 {
            after_first = memory();
        }
    }
    assert!(memory() <= after_first + 4 * 65_536, "memory kept growing: {after_first} → {}", memory());
    // Large and odd sizes still allocate (and strings far larger than any label).
    let big: String = "预算".repeat(200_000);
    assert_eq!(big.len(), 1_200_000);
    let v: Vec<u128> = (0..10_000u128).collect();
    assert_eq!(v.iter().sum::<u128>(), 49_995_000);
    assert_eq!(web::live_budgets(), 0);
}
