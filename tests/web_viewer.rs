//! Browser tests of the viewer module as embeds load it: built with `--no-default-features
//! --features viewer` (no importer, audit, summary or serde_json in it), it reads our JSON and wire
//! parts, draws all eight kinds, and refuses the catalogue's bad JSON with its place.
//! Run: `cargo test --target wasm32-unknown-unknown --no-default-features --features viewer,kinds --test web_viewer`.
#![cfg(all(target_arch = "wasm32", feature = "viewer", not(feature = "importer")))]

#[path = "bad_list.rs"]
mod bad_list;
#[path = "support/sample.rs"]
mod sample;

use js_sys::{JsString, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yusuan::web::{self, BudgetHandle, Chart};

wasm_bindgen_test_configure!(run_in_browser);

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

/// The hand-built budget (every part of the model filled in) as our JSON, read by the viewer.
fn sample_budget() -> BudgetHandle {
    let json = yusuan::json_lite::to_json(&sample::seed_like());
    web::from_json(&JsString::from(json.as_str())).map_err(message).unwrap()
}

/// Non-background pixels on the canvas.
fn painted(c: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64).unwrap().data();
    data.chunks(4).filter(|p| p[3] > 0).count()
}

#[wasm_bindgen_test]
fn json_in_every_kind_out_with_marks_and_tooltips() {
    let budget = sample_budget();
    assert_eq!(budget.department(), sample::seed_like().department);
    // What the viewer writes is what it read, byte for byte.
    let json = yusuan::json_lite::to_json(&sample::seed_like());
    assert_eq!(budget.to_json(), json);
    for kind in web::kinds() {
        let c = canvas(640.0, 420.0);
        let chart = Chart::new(c.clone(), &budget, opts(&kind)).map_err(message).unwrap();
        assert!(painted(&c) > 1000, "{kind}: nothing drawn");
        if chart.message().is_none() {
            assert!(chart.mark_count() > 0, "{kind}: no marks");
            assert!((0..chart.mark_count()).all(|m| !chart.lines(m).is_empty()), "{kind}: a mark without tooltip");
            assert!(chart.csv().starts_with('\u{feff}'), "{kind}: CSV without BOM");
        }
        chart.destroy();
    }
}

#[wasm_bindgen_test]
fn wire_parts_from_the_importer_put_the_budget_back_together() {
    let b = sample::seed_like();
    // The importer's encoding (compiled into this test, not into the viewer's exports).
    let parts = yusuan::wire::to_parts(&b, 2).unwrap();
    assert!(parts.len() > 2);
    let mut r = web::WireReader::new(&Uint8Array::from(&parts[0][..])).map_err(message).unwrap();
    for p in &parts[1..] {
        r.push(&Uint8Array::from(&p[..])).map_err(message).unwrap();
    }
    let back = r.finish().map_err(message).unwrap();
    assert_eq!(back.to_json(), yusuan::json_lite::to_json(&b));
    let whole = yusuan::wire::to_wire(&b).unwrap();
    let one = web::from_wire(&Uint8Array::from(&whole[..])).map_err(message).unwrap();
    assert_eq!(one.to_json(), back.to_json());
}

#[wasm_bindgen_test]
fn bad_json_is_refused_with_its_place_and_the_module_keeps_drawing() {
    let mut refused = 0;
    for (name, bytes, expect) in bad_list::CASES.iter().filter(|(n, ..)| n.ends_with(".json")) {
        let r = web::from_json_bytes(&Uint8Array::from(*bytes));
        let want_error = expect.trim_start().starts_with("error:");
        match r {
            Err(e) => {
                let e = message(e);
                assert!(want_error, "{name}: refused: {e}");
                // A place: a line and column, or a JSON path.
                assert!(e.contains("line ") || e.contains("budget") || e.contains("format"), "{name}: no place in «{e}»");
                refused += 1;
            }
            Ok(_) => assert!(!want_error, "{name}: read, expected {expect}"),
        }
    }
    assert!(refused >= 28, "{refused} refused");
    let c = canvas(320.0, 240.0);
    let chart = Chart::new(c.clone(), &sample_budget(), opts("functions")).map_err(message).unwrap();
    assert!(chart.mark_count() > 0 && painted(&c) > 100);
}

#[wasm_bindgen_test]
fn documents_are_not_the_viewers_to_read() {
    // A document's text is not JSON: the viewer says so, with its first words.
    let e = web::from_json(&JsString::from("2022年部门预算\n一、部门职责")).err().map(message).unwrap();
    assert!(e.contains("not JSON"), "{e}");
    assert_eq!(web::too_large_message(9_000_000, true).as_deref().map(|m| m.contains("8 MiB")), Some(true));
    assert_eq!(web::too_large_message(100, true), None);
}
