//! The full viewer's exports beyond `embed.rs` (feature `viewer`): a budget from a JSON file's
//! bytes or from the import worker's wire parts, amount formatting for pages, and marks and whole
//! scenes as plain objects. With every `kind-*` feature this is the module of pages that show
//! several kinds or import (`yusuan_viewer`).

use super::embed::{parse_lang, Chart};
use super::{hold, js_bytes, js_text, BudgetHandle, Input};
use crate::chart::Kind;
use crate::money::{self, Unit};
use js_sys::{JsString, Uint8Array};
use rust_decimal::Decimal;
use wasm_bindgen::prelude::*;

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
    Kind::ALL.iter().filter(|k| k.drawn()).map(|k| k.as_str().to_string()).collect()
}

/// What the viewer's charts have beyond a kind module's (whose page script makes both from what it
/// holds: the JSON file it read, and `tableToCsv(chart.table())`, the same rule as `csv()`).
#[wasm_bindgen]
impl Chart {
    /// The budget this chart shows, in our JSON format (the "JSON" download).
    #[wasm_bindgen(js_name = budgetJson)]
    pub fn budget_json(&self) -> String {
        crate::json_lite::to_json(&self.budget)
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
}
