//! Browser tests of the wasm edge against hostile input: every case of the bad-input catalogue
//! (tests/bad/, compiled in through tests/bad_list.rs) through the exported API, inputs far beyond
//! the limits, wrong types and sizes from JS, and 1,000 mount/update/destroy cycles with the
//! module's memory measured. After each ordeal a good chart must still draw in the same instance.
//! Run: `cargo test --target wasm32-unknown-unknown --test web_hostile` (headless Chromium).
#![cfg(all(target_arch = "wasm32", feature = "importer", feature = "viewer"))]

#[path = "bad_list.rs"]
mod bad_list;

use js_sys::{JsString, Reflect, Uint8Array};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yusuan::web::{self, BudgetHandle, Chart};

wasm_bindgen_test_configure!(run_in_browser);

/// Bytes allocated and not yet freed by the whole test module (yusuan included): a leak shows
/// here long before the module's memory grows by a 64 KiB page.
struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const SEED: &str = include_str!("fixtures/futian-investment-2022.txt");
const PUTUO: &str = include_str!("fixtures/putuo-commerce-budget-2025.txt");
const KINDS: [&str; 8] = [
    "composition",
    "functions",
    "projects",
    "change",
    "waterfall",
    "sangong",
    "balance",
    "tasks",
];
const LIMIT: usize = 8 * 1024 * 1024;

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn canvas(w: f64, h: f64) -> HtmlCanvasElement {
    let doc = document();
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

/// The text of the JS `Error` a `JsError` becomes on the JS side.
fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    assert!(v.is_instance_of::<js_sys::Error>(), "not a JS Error: {v:?}");
    String::from(v.unchecked_into::<js_sys::Error>().message())
}

fn import(text: &str) -> BudgetHandle {
    web::import_text(&text.into())
        .map_err(message)
        .expect("the fixture imports")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// The module's linear memory in bytes (it grows in 64 KiB pages and never shrinks).
fn memory_bytes() -> f64 {
    let m: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    m.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64
}

/// Samples of the canvas that differ from its top-left pixel (the background): a drawn chart has many.
fn painted(c: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let d = ctx
        .get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data();
    let bg = [d[0], d[1], d[2]];
    d.chunks_exact(4)
        .step_by(7)
        .filter(|p| p[3] > 0 && p[..3].iter().zip(bg).map(|(a, b)| a.abs_diff(b) as u32).sum::<u32>() > 30)
        .count()
}

/// A good chart of the seed in this instance: drawn (pixels), and hit-testing finds its marks.
fn a_good_chart_still_draws(what: &str) {
    let budget = import(SEED);
    let c = canvas(640.0, 420.0);
    let chart = Chart::new(c.clone(), &budget, opts("functions"))
        .map_err(message)
        .expect("the seed's chart mounts");
    assert!(chart.mark_count() > 0, "{what}: no marks");
    let n = painted(&c);
    assert!(n > 500, "{what}: the canvas is nearly blank ({n} painted samples)");
    let m = chart.mark(0).map_err(message).unwrap();
    let bbox: js_sys::Array = get(&m, "bbox").dyn_into().unwrap();
    let b: Vec<f64> = bbox.iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(
        chart.hit(b[0] + b[2] / 2.0, b[1] + b[3] / 2.0),
        Some(0),
        "{what}: hit-testing"
    );
    chart.destroy();
    c.remove();
}

/// What one case gave through the API: the error message, or the budget.
enum Outcome {
    Error(String),
    Read(BudgetHandle),
}

/// Reads a case as a page would: text through `importText` / `importJson` (the importer's readers,
/// by its extension), bytes that are not UTF-8 through `importBytes` / `importJsonBytes`. For UTF-8
/// cases the byte readers must agree with the text ones, and for JSON the viewer's reader
/// (`fromJson` / `fromJsonBytes`, without serde_json) must give the same verdict and budget.
fn read(name: &str, bytes: &[u8]) -> Outcome {
    let json = name.ends_with(".json");
    let from_bytes = |b: &[u8]| {
        let arr = Uint8Array::from(b);
        if json {
            web::import_json_bytes(&arr)
        } else {
            web::import_bytes(&arr, Some(name.to_string()), None)
        }
    };
    let result = match std::str::from_utf8(bytes) {
        Ok(text) => {
            let s = JsString::from(text);
            let r = if json { web::import_json(&s) } else { web::import_text(&s) }.map_err(message);
            let b = from_bytes(bytes).map_err(message);
            agree(name, "text and byte readers", &r, &b);
            if json {
                agree(name, "importer and viewer", &r, &web::from_json(&s).map_err(message));
            }
            r
        }
        Err(_) => from_bytes(bytes).map_err(message),
    };
    if json {
        let viewer = web::from_json_bytes(&Uint8Array::from(bytes)).map_err(message);
        agree(name, "importer and viewer (bytes)", &result, &viewer);
    }
    match result {
        Ok(b) => Outcome::Read(b),
        Err(e) => Outcome::Error(e),
    }
}

/// Two readers of the same input: both refuse, or both read the same budget. The text and byte
/// readers also say the same words.
fn agree(name: &str, what: &str, a: &Result<BudgetHandle, String>, b: &Result<BudgetHandle, String>) {
    match (a, b) {
        (Ok(x), Ok(y)) => assert_eq!(x.to_json(), y.to_json(), "{name}: {what} disagree"),
        (Err(x), Err(y)) if what == "text and byte readers" => assert_eq!(x, y, "{name}: {what} disagree"),
        (Err(_), Err(_)) => {}
        _ => panic!("{name}: {what} disagree: {:?} vs {:?}", a.as_ref().err(), b.as_ref().err()),
    }
}

/// Checks an outcome against its `.expect` text (the format tests/bad_inputs.rs documents).
fn check(o: &Outcome, expect: &str) -> Result<(), String> {
    let mut lines = expect
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let first = lines.next().ok_or("empty .expect file")?;
    let (kind, want) = first.split_once(':').ok_or("bad first .expect line")?;
    let want = want.trim();
    let handle = match (kind, o) {
        ("error", Outcome::Error(e)) if e.contains(want) => return Ok(()),
        ("error", Outcome::Error(e)) => return Err(format!("expected an error containing «{want}», got «{e}»")),
        ("error", Outcome::Read(_)) => return Err(format!("expected an error containing «{want}», got a budget")),
        (_, Outcome::Error(e)) => return Err(format!("expected a result ({kind}), got the error «{e}»")),
        ("warning" | "ok", Outcome::Read(b)) => b,
        _ => return Err(format!("unknown expectation kind «{kind}»")),
    };
    let written = handle.to_json();
    // The budget as the JS side holds it, read back natively to look at its warnings.
    let budget = yusuan::json::from_json(&written).map_err(|e| format!("its JSON does not read back: {e}"))?;
    if kind == "warning" {
        let warnings: Vec<String> = budget
            .warnings
            .iter()
            .map(|w| format!("第 {} 行：{}", w.line, w.message))
            .collect();
        if !warnings.iter().any(|w| w.contains(want)) {
            return Err(format!("expected a warning containing «{want}», got {warnings:#?}"));
        }
    }
    let rows: usize = budget.function_tables.iter().map(|t| t.rows.len()).sum();
    if budget.department.trim().is_empty() && rows == 0 {
        return Err("the result is not usable: no department and no function rows".into());
    }
    for l in lines {
        match l.split_once(':') {
            Some(("has", s)) if !written.contains(s.trim()) => return Err(format!("result lacks «{}»", s.trim())),
            Some(("lacks", s)) if written.contains(s.trim()) => return Err(format!("result has «{}»", s.trim())),
            Some(("has" | "lacks", _)) => {}
            _ => return Err(format!("unknown expectation line «{l}»")),
        }
    }
    Ok(())
}

/// Everything a page does with a budget it read: summary, audit, every chart kind with its
/// tooltip lines, table and CSV, a drill-down and the keyboard focus. Nothing may throw.
fn use_fully(name: &str, b: &BudgetHandle, c: &HtmlCanvasElement) {
    b.summary(None)
        .map_err(message)
        .unwrap_or_else(|e| panic!("{name}: summary: {e}"));
    b.audit()
        .map_err(message)
        .unwrap_or_else(|e| panic!("{name}: audit: {e}"));
    for kind in KINDS {
        let mut chart = Chart::new(c.clone(), b, opts(kind))
            .map_err(message)
            .unwrap_or_else(|e| panic!("{name} {kind}: {e}"));
        for m in 0..chart.mark_count() {
            assert!(
                !chart.lines(m).is_empty(),
                "{name} {kind}: mark {m} has no tooltip lines"
            );
        }
        chart
            .table()
            .map_err(message)
            .unwrap_or_else(|e| panic!("{name} {kind}: table: {e}"));
        assert!(chart.csv().starts_with('\u{feff}'));
        chart
            .focus_next()
            .map_err(message)
            .unwrap_or_else(|e| panic!("{name} {kind}: focus: {e}"));
        if let Some(m) = (0..chart.mark_count()).find(|&m| !get(&chart.mark(m).unwrap(), "drill").is_null()) {
            assert!(chart
                .drill(m)
                .map_err(message)
                .unwrap_or_else(|e| panic!("{name} {kind}: drill: {e}")));
            chart.back().map_err(message).unwrap();
        }
        chart.destroy();
    }
}

#[wasm_bindgen_test]
fn the_whole_catalogue_through_the_api_then_a_good_chart_draws() {
    let cases = bad_list::CASES;
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let c = canvas(320.0, 240.0);
    let (charts0, budgets0) = (web::live_charts(), web::live_budgets());
    let mut failures = Vec::new();
    let (mut errors, mut readable) = (0, 0);
    for (name, bytes, expect) in cases {
        let outcome = read(name, bytes);
        if let Err(why) = check(&outcome, expect) {
            failures.push(format!("{name}: {why}"));
        }
        match &outcome {
            Outcome::Error(_) => errors += 1,
            Outcome::Read(b) => {
                readable += 1;
                use_fully(name, b, &c);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Nothing the cases made is still alive.
    assert_eq!((web::live_charts(), web::live_budgets()), (charts0, budgets0));
    wasm_bindgen_test::console_log!(
        "catalogue: {} cases through the API: {errors} errors, {readable} read",
        cases.len()
    );
    assert_eq!(errors + readable, cases.len());
    a_good_chart_still_draws("after the catalogue");
}

/// Inputs far beyond the limits are refused with the size or nesting error, fast, and those that
/// cannot be within the limit are refused before they are copied into wasm memory.
#[wasm_bindgen_test]
fn huge_inputs_are_refused_fast_and_before_they_are_copied() {
    let check = |what: &str, r: Result<BudgetHandle, JsError>, want: &str, started: f64| {
        let took = now() - started;
        let e = match r {
            Err(e) => message(e),
            Ok(_) => panic!("{what}: read"),
        };
        assert!(e.contains(want), "{what}: «{e}» lacks «{want}»");
        assert!(took < 2000.0, "{what}: took {took} ms");
        wasm_bindgen_test::console_log!("{what}: refused in {took} ms: {e}");
    };
    let seed = JsString::from(SEED);
    let seed_bytes = SEED.len();

    // 50 MB of document text (made in JS: the test must not put it in wasm memory itself).
    let big = seed.repeat((50_000_000 / seed_bytes + 1) as i32);
    let before = memory_bytes();
    let t = now();
    check(
        "50 MB document",
        web::import_text(&big),
        "yusuan 只导入不超过 8388608 字节",
        t,
    );
    let t = now();
    check(
        "50 MB document as JSON",
        web::from_json(&big),
        "yusuan reads JSON of at most 8388608 bytes",
        t,
    );
    let t = now();
    check(
        "50 MB of bytes",
        web::import_bytes(&Uint8Array::new_with_length(50_000_000), None, None),
        "不超过 8388608 字节",
        t,
    );
    let t = now();
    check(
        "50 MB of JSON bytes",
        web::from_json_bytes(&Uint8Array::new_with_length(50_000_000)),
        "at most 8388608 bytes",
        t,
    );
    assert_eq!(memory_bytes(), before, "a refused 50 MB input grew the module's memory");

    // One byte over the limit in ASCII: refused by its length alone.
    let over = JsString::from("a").repeat(LIMIT as i32 + 1);
    let t = now();
    check(
        "8 MiB + 1 byte",
        web::import_text(&over),
        "输入至少有 8388609 字节",
        t,
    );
    assert_eq!(memory_bytes(), before);

    // Within the limit in UTF-16 units, over it in UTF-8 bytes (Chinese takes 3): the core's own
    // check, with the exact byte count.
    let n = LIMIT / 3 + 1;
    let wide = JsString::from("预").repeat(n as i32);
    assert!((wide.length() as usize) < LIMIT);
    let t = now();
    check(
        "8 MiB + 1 of Chinese",
        web::import_text(&wide),
        &format!("输入有 {} 字节", n * 3),
        t,
    );

    // The seed's JSON padded to 50 MB.
    let json = JsString::from(import(SEED).to_json().as_str());
    let padded = json.concat(&JsString::from(" ").repeat(50_000_000));
    let t = now();
    check(
        "50 MB JSON",
        web::from_json(&padded),
        "yusuan reads JSON of at most 8388608 bytes",
        t,
    );

    // 100-level nesting (a department name that is an array of arrays), and 100,000 levels.
    let nested = format!(
        "{{\"format\": \"yusuan/1\", \"budget\": {{\"department\": {}0{}}}}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    let t = now();
    check(
        "100-level JSON",
        web::from_json(&nested.as_str().into()),
        "line 1, column 111: nested deeper than 64 levels",
        t,
    );
    let deep = JsString::from("[")
        .repeat(100_000)
        .concat(&JsString::from("]").repeat(100_000));
    let t = now();
    check(
        "100,000-level JSON",
        web::from_json(&deep),
        "nested deeper than 64 levels",
        t,
    );

    a_good_chart_still_draws("after the huge inputs");
}

/// Amounts of 10^14 or more would overflow where yusuan converts to 元 and sums: refused at load
/// with their place, never a panic in summary() or a chart.
#[wasm_bindgen_test]
fn amounts_beyond_the_limit_are_refused_at_load() {
    let json = import(SEED).to_json();
    let huge = json.replacen(
        "\"total\": \"1509.59\"",
        "\"total\": \"79228162514264337593543950335\"",
        1,
    );
    assert_ne!(huge, json);
    let e = web::from_json(&huge.as_str().into())
        .err()
        .map(message)
        .expect("refused");
    assert!(
        e.contains("79228162514264337593543950335") && e.contains("is too large") && e.contains("line"),
        "{e}"
    );
    // In a document: a 28-digit cell is no amount (the importer leaves it blank with a warning),
    // so 万元 → 元 cannot overflow later.
    let doc = SEED.replace(
        "\t20113\t商贸事务\t1,509.59",
        "\t20113\t商贸事务\t1,000,000,000,000,000,000,000,000,000",
    );
    assert_ne!(doc, SEED);
    let b = web::import_text(&doc.as_str().into()).map_err(message).expect("reads");
    let read = yusuan::json::from_json(&b.to_json()).expect("its JSON reads back");
    let row = read.function_tables[0]
        .rows
        .iter()
        .find(|r| r.code == "20113")
        .expect("row 20113");
    assert_eq!(row.total, None);
    assert!(
        read.warnings.iter().any(|w| w.message.contains("过大")),
        "{:?}",
        read.warnings
    );
    use_fully("a 28-digit cell", &b, &canvas(320.0, 240.0));
    // Just below the limit reads, and everything a page does with it works.
    let edge = json.replacen("\"total\": \"1509.59\"", "\"total\": \"99999999999999.99\"", 1);
    let b = web::from_json(&edge.as_str().into())
        .map_err(message)
        .expect("below the limit reads");
    use_fully("99,999,999,999,999.99", &b, &canvas(320.0, 240.0));
    // The number formatters refuse what they cannot convert instead of overflowing.
    let max = "79228162514264337593543950335";
    let e = web::format_amount(max, "亿元", "zh", Some("元".into()))
        .err()
        .map(message)
        .expect("refused");
    assert!(e.contains("is too large to write in 元"), "{e}");
    assert_eq!(
        web::display_amount(max, "万元", "zh").map_err(message).unwrap(),
        "7,922,816,251,426,433,759,354,395.03 亿元"
    );
    assert_eq!(
        web::format_amount(max, "元", "zh", Some("亿元".into()))
            .map_err(message)
            .unwrap(),
        "792,281,625,142,643,375,935.44 亿元"
    );
    assert_eq!(
        web::percent(max, "0.0000000000000000000000000001", 6)
            .map_err(message)
            .unwrap(),
        None
    );
    a_good_chart_still_draws("after amounts beyond the limit");
}

/// Wrong types and sizes from JS: each exported function answers with an Error (or a harmless
/// value), never a panic that would stop the module.
#[wasm_bindgen_test]
fn wrong_types_and_sizes_from_js_give_errors_not_panics() {
    let budget = import(SEED);
    let err = |r: Result<Chart, JsError>| r.err().map(message).expect("an error");
    // Not a string / not bytes (wasm-bindgen does not check these types at the boundary).
    for v in [
        JsValue::from(5),
        JsValue::UNDEFINED,
        JsValue::NULL,
        js_sys::Object::new().into(),
    ] {
        let e = web::import_text(v.unchecked_ref()).err().map(message).expect("refused");
        assert!(e.contains("expected the text as a string"), "{e}");
        let e = web::from_json(v.unchecked_ref()).err().map(message).expect("refused");
        assert!(e.contains("expected the text as a string"), "{e}");
        let e = web::import_bytes(v.unchecked_ref(), None, None)
            .err()
            .map(message)
            .expect("refused");
        assert!(e.contains("expected the file's bytes as a Uint8Array"), "{e}");
        let e = web::from_wire(v.unchecked_ref()).err().map(message).expect("refused");
        assert!(e.contains("expected the wire bytes as a Uint8Array"), "{e}");
        let e = web::WireReader::new(v.unchecked_ref()).err().map(message).expect("refused");
        assert!(e.contains("expected the wire bytes as a Uint8Array"), "{e}");
    }
    // Bytes that are not an encoding of this build: an Error naming the byte.
    let e = web::from_wire(&Uint8Array::from(&SEED.as_bytes()[..64])).err().map(message).expect("refused");
    assert_eq!(e, "yusuan wire data, byte 0: not yusuan wire data (no YSW magic)");
    let e = web::from_wire(&Uint8Array::from(&[b'Y', b'S', b'W', 2, 0xff, 0xff, 0xff][..])).err().map(message).expect("refused");
    assert_eq!(e, "yusuan wire data, byte 7: the data ends early");
    // A JS string with a lone surrogate (not valid text): it crosses as U+FFFD, and the document
    // around it still reads.
    let lone = JsString::from(SEED).concat(&JsString::from_char_code1(0xD800));
    let b = web::import_text(&lone).map_err(message).expect("reads");
    assert_eq!(b.department(), "深圳市福田区投资推广和企业服务中心");
    let e = web::from_json(
        &JsString::from("{\"format\": \"yusuan/1\", \"budget\": ").concat(&JsString::from_char_code1(0xDC00)),
    )
    .err()
    .map(message)
    .expect("refused");
    assert!(e.contains("line 1"), "{e}");
    // Not a canvas.
    let div: JsValue = document().create_element("div").unwrap().into();
    let e = err(Chart::new(div.clone().unchecked_into(), &budget, opts("functions")));
    assert!(e.contains("expected a <canvas> element, got object"), "{e}");
    let e = err(Chart::new(JsValue::NULL.unchecked_into(), &budget, opts("functions")));
    assert!(e.contains("expected a <canvas> element, got null"), "{e}");
    // Options of the wrong shape.
    for (o, want) in [
        (JsValue::from("functions"), "chart options"),
        (JsValue::from(7), "chart options"),
        (js_sys::Array::new().into(), "chart options"),
        (JsValue::NULL, "`kind` is required"),
        (js_sys::JSON::parse(r#"{"kind": 5}"#).unwrap(), "chart options"),
        (
            js_sys::JSON::parse(r#"{"kind": "functions", "lang": {}}"#).unwrap(),
            "chart options",
        ),
        (
            js_sys::JSON::parse(r#"{"kind": "functions", "theme": "neon"}"#).unwrap(),
            "unknown theme",
        ),
        (
            js_sys::JSON::parse(r#"{"kind": "__proto__"}"#).unwrap(),
            "unknown chart kind",
        ),
    ] {
        let e = err(Chart::new(canvas(50.0, 50.0), &budget, o));
        assert!(e.contains(want), "«{e}» lacks «{want}»");
    }
    // Canvas sizes: not laid out (display:none → the default size), 1×1 px, a sliver, and one
    // beyond what a canvas buffer holds (drawn at a smaller scale, not left empty).
    let hidden = canvas(100.0, 100.0);
    hidden.set_attribute("style", "display:none").unwrap();
    let chart = Chart::new(hidden.clone(), &budget, opts("functions"))
        .map_err(message)
        .unwrap();
    let scene = chart.scene().map_err(message).unwrap();
    assert_eq!(
        (get(&scene, "width").as_f64(), get(&scene, "height").as_f64()),
        (Some(640.0), Some(400.0))
    );
    for (w, h) in [(1.0, 1.0), (1.0, 3000.0), (3000.0, 2.0), (3.0, 3.0)] {
        for kind in KINDS {
            let c = canvas(w, h);
            let mut chart = Chart::new(c.clone(), &budget, opts(kind))
                .map_err(message)
                .unwrap_or_else(|e| panic!("{kind} {w}×{h}: {e}"));
            chart.focus_next().map_err(message).unwrap();
            chart.resize().map_err(message).unwrap();
            chart.destroy();
            c.remove();
        }
    }
    let giant = canvas(20_000.0, 20_000.0);
    let mut chart = Chart::new(giant.clone(), &budget, opts("composition"))
        .map_err(message)
        .unwrap();
    assert!(
        giant.width() <= 16_384 && giant.height() <= 16_384,
        "{}×{}",
        giant.width(),
        giant.height()
    );
    assert!(giant.width() as f64 * giant.height() as f64 <= 67_108_864.0);
    assert!(giant.width() >= 8000, "buffer {} px wide", giant.width());
    assert!(chart.mark_count() > 0);
    // Hit-testing and marks with numbers JS can send: NaN, infinities, indices out of range.
    for (x, y) in [(f64::NAN, f64::NAN), (f64::INFINITY, f64::NEG_INFINITY), (-1.0, 1e308)] {
        assert_eq!(chart.hit(x, y), None);
    }
    assert!(chart.lines(usize::MAX).is_empty());
    assert!(chart.mark(usize::MAX).map_err(message).unwrap().is_undefined());
    chart.set_focus(Some(usize::MAX)).map_err(message).unwrap();
    assert_eq!(chart.focus(), None);
    assert!(!chart.drill(usize::MAX).map_err(message).unwrap());
    assert!(!chart.go_to(usize::MAX).map_err(message).unwrap());
    assert!(!chart.back().map_err(message).unwrap());
    // PNG scale: only 0 < scale ≤ 8, and only what fits a canvas.
    let out = canvas(10.0, 10.0);
    for s in [f64::NAN, f64::INFINITY, -1.0, 0.0, 9.0, 1e308] {
        let e = chart.draw_to(out.clone(), s).err().map(message).expect("refused");
        assert!(e.contains("outside 0–8"), "{e}");
    }
    let e = chart
        .draw_to(out.clone(), 2.0)
        .err()
        .map(message)
        .expect("40,000 px a side is refused");
    assert!(e.contains("beyond what a canvas holds"), "{e}");
    let e = chart
        .draw_to(div.unchecked_into(), 1.0)
        .err()
        .map(message)
        .expect("refused");
    assert!(e.contains("expected a <canvas>"), "{e}");
    // Options changes of the wrong shape leave the chart as it was.
    assert!(chart.set_options(JsValue::from(3)).is_err());
    chart.set_options(JsValue::UNDEFINED).map_err(message).unwrap();
    chart.destroy();
    giant.remove();
    // Amount formatting with what a form field may hold.
    for v in [
        "NaN", "", " ", "1e5", "--1", "Infinity", "0x10", "1_000", "+5", "1.", ".5", "1,000", "１２",
    ] {
        let e = web::format_amount(v, "万元", "zh", None)
            .err()
            .map(message)
            .expect("refused");
        assert!(e.contains("is not a decimal"), "{v}: {e}");
    }
    assert!(web::format_amount("1", "千元", "zh", None)
        .err()
        .map(message)
        .unwrap()
        .contains("unknown unit"));
    assert!(web::display_amount("1", "元", "fr")
        .err()
        .map(message)
        .unwrap()
        .contains("unknown lang"));
    assert_eq!(
        web::percent("1", "3", u32::MAX).map_err(message).unwrap().as_deref(),
        Some("33.333333%")
    );
    a_good_chart_still_draws("after wrong types and sizes");
}

/// 1,000 cycles of mount → update (another budget) → hover → destroy, through the kinds: the
/// module's memory and its live allocations stay flat, and the live counters return.
#[wasm_bindgen_test]
fn a_thousand_mount_update_destroy_cycles_keep_memory_flat() {
    const WARM_UP: usize = 50;
    const CYCLES: usize = 1000;
    let seed = import(SEED);
    let putuo = import(PUTUO);
    let (charts0, budgets0) = (web::live_charts(), web::live_budgets());
    let c = canvas(240.0, 160.0);
    let cycle = |i: usize| {
        let kind = KINDS[i % KINDS.len()];
        let mut chart = Chart::new(c.clone(), &seed, opts(kind)).map_err(message).unwrap();
        chart.update(&putuo).map_err(message).unwrap();
        let _ = chart.hit(120.0, 80.0);
        let _ = chart.lines(0);
        assert_eq!(web::live_charts(), charts0 + 1);
        chart.destroy();
    };
    for i in 0..WARM_UP {
        cycle(i);
    }
    let (mem0, live0) = (memory_bytes(), LIVE_BYTES.load(Ordering::Relaxed));
    let t = now();
    for i in WARM_UP..CYCLES {
        cycle(i);
    }
    let took = now() - t;
    let (mem1, live1) = (memory_bytes(), LIVE_BYTES.load(Ordering::Relaxed));
    wasm_bindgen_test::console_log!(
        "memory: {mem0} B after {WARM_UP} cycles, {mem1} B after {CYCLES} ({:+} B); live heap {live0} → {live1} B ({:+} B); {:.2} ms a cycle",
        mem1 - mem0,
        live1 - live0,
        took / (CYCLES - WARM_UP) as f64
    );
    assert!(
        mem1 - mem0 <= 65_536.0,
        "memory grew by {} B over {} cycles",
        mem1 - mem0,
        CYCLES - WARM_UP
    );
    assert!(
        (live1 - live0).abs() <= 1024,
        "live heap changed by {} B over {} cycles",
        live1 - live0,
        CYCLES - WARM_UP
    );
    assert_eq!((web::live_charts(), web::live_budgets()), (charts0, budgets0));
    drop((seed, putuo));
    assert_eq!((web::live_charts(), web::live_budgets()), (charts0, budgets0 - 2));
    a_good_chart_still_draws("after 1,000 cycles");
}

/// Several files from JS (`importFiles`): wrong shapes, too many, too large, a PDF that is no budget
/// (its page reported to the progress callback, which may throw), and two texts that are one budget.
/// Each answers with an Error or a budget, never a panic.
#[wasm_bindgen_test]
fn import_files_answers_wrong_shapes_with_errors_and_reads_two_texts_as_one() {
    let file = |name: JsValue, bytes: JsValue| -> JsValue {
        let o = js_sys::Object::new();
        Reflect::set(&o, &"name".into(), &name).unwrap();
        Reflect::set(&o, &"bytes".into(), &bytes).unwrap();
        o.into()
    };
    let list = |items: Vec<JsValue>| -> JsValue { items.into_iter().collect::<js_sys::Array>().into() };
    let refused = |files: JsValue| web::import_files(&files, None).err().map(message).expect("refused");
    assert!(refused(JsValue::from(5)).starts_with("expected the files as an array of {name, bytes}"));
    assert_eq!(refused(list(vec![JsValue::NULL])), "files[0].name: expected the file's name as a string");
    let e = refused(list(vec![file("a.txt".into(), JsValue::from("text"))]));
    assert_eq!(e, "files[0].bytes («a.txt»): expected the file's bytes as a Uint8Array");
    let many = (0..17).map(|i| file(format!("{i}.txt").into(), Uint8Array::new_with_length(1).into())).collect();
    assert!(refused(list(many)).starts_with("一次给出了 17 个文件"));
    let e = refused(list(vec![file("big.pdf".into(), Uint8Array::new_with_length(9_000_000).into())]));
    assert!(e.starts_with("«big.pdf»：输入至少有 9000000 字节"), "{e}");
    assert!(refused(list(vec![])).contains("没有给出文件"));

    // A PDF without a budget in it: its one page is reported, then the reader's refusal; a
    // progress callback that throws does not stop the read.
    let pdf = include_bytes!("fixtures/pdf/plain.pdf");
    let seen = js_sys::Array::new();
    let record = js_sys::Function::new_with_args("seen", "return (done, total) => seen.push(`${done}/${total}`)")
        .call1(&JsValue::NULL, &seen)
        .unwrap();
    let e = web::import_files(&list(vec![file("plain.pdf".into(), Uint8Array::from(&pdf[..]).into())]), Some(record.unchecked_into()))
        .err()
        .map(message)
        .expect("refused");
    assert!(e.contains("未找到预算表"), "{e}");
    assert_eq!(seen.join(",").as_string().unwrap(), "1/1");
    let throws = js_sys::Function::new_with_args("d, t", "throw new Error('page display broken')");
    let e = web::import_bytes(&Uint8Array::from(&pdf[..]), Some("plain.pdf".into()), Some(throws)).err().map(message).expect("refused");
    assert!(e.contains("未找到预算表"), "{e}");

    // The seed cut in two at its function table: one budget, the files listed.
    let cut = SEED.find("一般公共预算支出表").unwrap();
    let two = list(vec![
        file("附件1.txt".into(), Uint8Array::from(SEED[..cut].as_bytes()).into()),
        file("附件2.txt".into(), Uint8Array::from(SEED[cut..].as_bytes()).into()),
    ]);
    let b = web::import_files(&two, None).map_err(message).expect("read");
    assert_eq!(b.department(), "深圳市福田区投资推广和企业服务中心");
    assert_eq!(b.files(), ["附件1.txt", "附件2.txt"]);
}
