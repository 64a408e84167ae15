//! The scene: what a chart draws, in CSS pixels, with every shape tagged by the mark (datum) it
//! shows. One scene renders to canvas (wasm) and SVG (native), answers hit-tests, and yields the
//! tooltip text, screen-reader text and the data table. f64 here is pixel geometry only; amounts
//! stay `Decimal` in `Mark`.

use crate::money::{Lang, Unit};
use rust_decimal::Decimal;
use serde::Serialize;

/// An sRGB colour with alpha 0–255.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Color(pub u8, pub u8, pub u8, pub u8);

impl Color {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color(r, g, b, 255)
    }
    pub fn css(self) -> String {
        if self.3 == 255 {
            format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
        } else {
            format!("rgba({},{},{},{:.3})", self.0, self.1, self.2, self.3 as f64 / 255.0)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Baseline {
    Top,
    Middle,
    Alphabetic,
    Bottom,
}

/// One drawing primitive. `mark` is the index into `Scene::marks` of the datum it shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Shape {
    Rect { x: f64, y: f64, w: f64, h: f64, fill: Color, stroke: Option<Color>, mark: Option<usize> },
    /// An annular sector: radii `r0` (inner, 0 for a pie) to `r1`, angles in radians clockwise from 12 o'clock.
    Arc { cx: f64, cy: f64, r0: f64, r1: f64, start: f64, end: f64, fill: Color, mark: Option<usize> },
    Line { x1: f64, y1: f64, x2: f64, y2: f64, color: Color, width: f64 },
    /// Text already fitted (truncated with … where needed) to `max_width`.
    Text { x: f64, y: f64, text: String, size: f64, color: Color, anchor: Anchor, baseline: Baseline, bold: bool },
}

/// One datum a person can hover, focus, and drill into.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// Stable id within the chart (e.g. the function code `20805` or `project:3`).
    pub id: String,
    /// The full label as printed in the document (never truncated).
    pub label: String,
    pub value: Decimal,
    pub unit: Unit,
    /// Share of its parent in percent, when meaningful.
    pub share: Option<Decimal>,
    /// Signed change against last year, when known (same unit).
    pub change: Option<Decimal>,
    /// Last year's amount, when known.
    pub prior: Option<Decimal>,
    /// Tooltip / aria text lines, already formatted (`9,280.00 万元`).
    pub lines: Vec<String>,
    /// The drill-down target (a path understood by the chart kind), when the mark can be opened.
    pub drill: Option<String>,
    /// Bounding box in CSS px for focus highlight: x, y, w, h.
    pub bbox: [f64; 4],
}

/// One row of the accessible data table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow(pub Vec<String>);

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DataTable {
    pub header: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// A drawn chart: geometry, data, and the text around it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    pub source: String,
    pub shapes: Vec<Shape>,
    pub marks: Vec<Mark>,
    /// Breadcrumb of the current drill path (root first), empty at the root.
    pub breadcrumb: Vec<String>,
    /// A short message instead of a chart when the data is absent.
    pub message: Option<String>,
    pub table: DataTable,
    /// One-sentence description for screen readers.
    pub description: String,
}

impl Shape {
    /// Whether the point (CSS px) lies on this rectangle or ring sector; other shapes have no area.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        match *self {
            Shape::Rect { x: rx, y: ry, w, h, .. } => x >= rx && x <= rx + w && y >= ry && y <= ry + h,
            Shape::Arc { cx, cy, r0, r1, start, end, .. } => {
                let (dx, dy) = (x - cx, y - cy);
                let r = (dx * dx + dy * dy).sqrt();
                if r < r0 || r > r1 {
                    return false;
                }
                // Clockwise from 12 o'clock, in [0, 2π).
                let mut a = super::trig::atan2(dx, -dy);
                if a < 0.0 {
                    a += std::f64::consts::TAU;
                }
                a >= start && a <= end
            }
            _ => false,
        }
    }
}

impl Scene {
    /// The mark under the point (CSS px), topmost shape first.
    pub fn hit(&self, x: f64, y: f64) -> Option<usize> {
        self.shapes.iter().rev().find_map(|s| match *s {
            Shape::Rect { mark: Some(m), .. } | Shape::Arc { mark: Some(m), .. } => s.contains(x, y).then_some(m),
            _ => None,
        })
    }
}

/// Measures text width in CSS px for a font size; the browser measures with the canvas, natively
/// an estimate is used (so SVG snapshots are stable).
pub trait Measure {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64;
}

/// Native estimate: CJK and full-width characters are 1 em, others about 0.55 em.
pub struct EstimateMeasure;

impl Measure for EstimateMeasure {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let em: f64 = text
            .chars()
            .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else if c.is_ascii_uppercase() || c.is_ascii_digit() { 0.6 } else { 0.5 })
            .sum();
        em * size * if bold { 1.05 } else { 1.0 }
    }
}

/// Fits `text` into `max` px, cutting at a character boundary and appending `…`.
pub fn ellipsize(m: &dyn Measure, text: &str, size: f64, bold: bool, max: f64) -> String {
    if m.width(text, size, bold) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().chain(std::iter::once(&'…')).collect();
        if m.width(&candidate, size, bold) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 {
        return String::new();
    }
    chars[..lo].iter().chain(std::iter::once(&'…')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsis_fits_the_width() {
        let m = EstimateMeasure;
        let s = ellipsize(&m, "其他支持中小企业发展和管理支出", 10.0, false, 60.0);
        assert!(s.ends_with('…'));
        assert!(m.width(&s, 10.0, false) <= 60.0);
        assert_eq!(ellipsize(&m, "短", 10.0, false, 60.0), "短");
    }

    #[test]
    fn hit_finds_arc_and_rect() {
        let mut scene = Scene {
            width: 100.0,
            height: 100.0,
            lang: Lang::Zh,
            title: String::new(),
            subtitle: String::new(),
            source: String::new(),
            shapes: vec![],
            marks: vec![],
            breadcrumb: vec![],
            message: None,
            table: DataTable::default(),
            description: String::new(),
        };
        scene.shapes.push(Shape::Arc { cx: 50.0, cy: 50.0, r0: 10.0, r1: 40.0, start: 0.0, end: 1.0, fill: Color::rgb(0, 0, 0), mark: Some(0) });
        scene.shapes.push(Shape::Rect { x: 0.0, y: 90.0, w: 10.0, h: 10.0, fill: Color::rgb(0, 0, 0), stroke: None, mark: Some(1) });
        assert_eq!(scene.hit(55.0, 20.0), Some(0)); // just clockwise of 12 o'clock
        assert_eq!(scene.hit(45.0, 20.0), None); // just anticlockwise
        assert_eq!(scene.hit(50.0, 50.0), None); // in the hole
        assert_eq!(scene.hit(5.0, 95.0), Some(1));
    }
}
