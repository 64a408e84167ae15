//! The frame every chart shares (title, subtitle, breadcrumb, source line) and text placement
//! that never lets two labels overlap or leave the canvas: a label that does not fit is
//! shortened with an ellipsis or dropped, never drawn on top of another.

use super::scene::{ellipsize, Anchor, Baseline, Color, DataTable, Mark, Measure, Scene, Shape, TableRow};
use super::style::{self, Palette, Sizes};
use super::Options;
use crate::model::{Budget, DocKind};
use crate::money::{Lang, Unit};
use rust_decimal::Decimal;

/// The box `[x, y, w, h]` a text shape occupies, estimated with `m` (same rule for layout and tests).
#[allow(clippy::too_many_arguments)]
pub fn text_box(m: &dyn Measure, text: &str, x: f64, y: f64, size: f64, anchor: Anchor, baseline: Baseline, bold: bool) -> [f64; 4] {
    let w = m.width(text, size, bold);
    let left = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - w / 2.0,
        Anchor::End => x - w,
    };
    let h = size * 1.2;
    let top = match baseline {
        Baseline::Top => y,
        Baseline::Middle => y - h / 2.0,
        Baseline::Bottom => y - h,
        Baseline::Alphabetic => y - size * 0.95,
    };
    [left, top, w, h]
}

/// The box of a `Shape::Text`, `None` for other shapes.
pub fn shape_text_box(m: &dyn Measure, s: &Shape) -> Option<[f64; 4]> {
    match s {
        Shape::Text {
            x,
            y,
            text,
            size,
            anchor,
            baseline,
            bold,
            ..
        } => Some(text_box(m, text, *x, *y, *size, *anchor, *baseline, *bold)),
        _ => None,
    }
}

pub fn overlaps(a: [f64; 4], b: [f64; 4]) -> bool {
    // Touching edges is fine; a sliver of overlap from float noise is not counted.
    const E: f64 = 0.01;
    a[0] + a[2] > b[0] + E && b[0] + b[2] > a[0] + E && a[1] + a[3] > b[1] + E && b[1] + b[3] > a[1] + E
}

/// A text label waiting to be placed.
#[derive(Clone, Debug)]
pub struct Label<'s> {
    pub text: &'s str,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub color: Color,
    pub anchor: Anchor,
    pub baseline: Baseline,
    pub bold: bool,
    /// Width available; the text is ellipsized to it (`f64::INFINITY` for none).
    pub max_width: f64,
}

impl<'s> Label<'s> {
    pub fn new(text: &'s str, x: f64, y: f64, size: f64, color: Color) -> Self {
        Label {
            text,
            x,
            y,
            size,
            color,
            anchor: Anchor::Start,
            baseline: Baseline::Middle,
            bold: false,
            max_width: f64::INFINITY,
        }
    }
    pub fn anchor(mut self, a: Anchor) -> Self {
        self.anchor = a;
        self
    }
    pub fn baseline(mut self, b: Baseline) -> Self {
        self.baseline = b;
        self
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn max(mut self, w: f64) -> Self {
        self.max_width = w;
        self
    }
}

/// A scene under construction.
pub struct Frame<'a> {
    pub opts: &'a Options,
    pub m: &'a dyn Measure,
    pub pal: Palette,
    pub sz: Sizes,
    /// How amounts are labelled (kinds set it once they know their unit and largest value).
    pub disp: style::Disp,
    pub lang: Lang,
    pub shapes: Vec<Shape>,
    pub marks: Vec<Mark>,
    boxes: Vec<[f64; 4]>,
    pub title: String,
    pub subtitle: String,
    pub source: String,
    pub breadcrumb: Vec<String>,
    pub table: DataTable,
    pub description: String,
}

impl<'a> Frame<'a> {
    pub fn new(opts: &'a Options, m: &'a dyn Measure, budget: &Budget) -> Self {
        let w = sane(opts.width, 640.0);
        Frame {
            opts,
            m,
            pal: style::palette(opts.theme),
            disp: style::Disp::exact(budget.unit),
            sz: style::sizes(w),
            lang: opts.lang,
            shapes: Vec::new(),
            marks: Vec::new(),
            boxes: Vec::new(),
            title: String::new(),
            subtitle: String::new(),
            source: source_line(budget, opts.lang),
            breadcrumb: Vec::new(),
            table: DataTable::default(),
            description: String::new(),
        }
    }

    pub fn width(&self) -> f64 {
        sane(self.opts.width, 640.0)
    }
    pub fn height(&self) -> f64 {
        sane(self.opts.height, 400.0)
    }
    pub fn tr(&self, zh: &str, en: &str) -> String {
        style::tr(self.lang, zh, en)
    }

    /// Places a label if, after ellipsizing, it lies inside the canvas and clear of every placed
    /// label. Returns its box, or `None` when it was dropped.
    pub fn text(&mut self, l: Label) -> Option<[f64; 4]> {
        let b = self.fit(&l)?;
        let text = ellipsize(self.m, l.text, l.size, l.bold, l.max_width.min(self.width()));
        self.boxes.push(b);
        self.shapes.push(Shape::Text {
            x: l.x,
            y: l.y,
            text,
            size: l.size,
            color: l.color,
            anchor: l.anchor,
            baseline: l.baseline,
            bold: l.bold,
        });
        Some(b)
    }

    /// The box the label would take, or `None` if it cannot be placed.
    pub fn fit(&self, l: &Label) -> Option<[f64; 4]> {
        let text = ellipsize(self.m, l.text, l.size, l.bold, l.max_width.min(self.width()));
        if text.is_empty() {
            return None;
        }
        let b = text_box(self.m, &text, l.x, l.y, l.size, l.anchor, l.baseline, l.bold);
        let inside = b[0] >= -0.01 && b[1] >= -0.01 && b[0] + b[2] <= self.width() + 0.01 && b[1] + b[3] <= self.height() + 0.01;
        if !inside || self.boxes.iter().any(|o| overlaps(*o, b)) {
            return None;
        }
        Some(b)
    }

    /// Forgets everything drawn (to lay the frame out again, e.g. once a breadcrumb is known).
    pub fn reset(&mut self) {
        self.shapes.clear();
        self.marks.clear();
        self.boxes.clear();
    }

    /// Reserves an area no label may enter (e.g. a legend swatch).
    pub fn reserve(&mut self, b: [f64; 4]) {
        self.boxes.push(b);
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Color, mark: Option<usize>) {
        if w.is_finite() && h.is_finite() && w >= 0.0 && h >= 0.0 {
            self.shapes.push(Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke: None,
                mark,
            });
        }
    }
    #[allow(clippy::too_many_arguments)]
    pub fn rect_stroked(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Color, stroke: Color, mark: Option<usize>) {
        if w.is_finite() && h.is_finite() && w >= 0.0 && h >= 0.0 {
            self.shapes.push(Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke: Some(stroke),
                mark,
            });
        }
    }
    /// An invisible rectangle that makes a row or legend entry hoverable for `mark`.
    pub fn hit_area(&mut self, x: f64, y: f64, w: f64, h: f64, mark: usize) {
        self.rect(x, y, w, h, Color(0, 0, 0, 0), Some(mark));
    }
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, color: Color, width: f64) {
        self.shapes.push(Shape::Line { x1, y1, x2, y2, color, width });
    }

    /// Draws title, subtitle, breadcrumb and source line; returns the plot area `[x, y, w, h]`.
    pub fn area(&mut self) -> [f64; 4] {
        let (w, h) = (self.width(), self.height());
        let pad = self.sz.pad;
        let mut y = pad;
        let title = self.title.clone();
        let (ts, ss, small) = (self.sz.title, self.sz.subtitle, self.sz.small);
        let (text, muted) = (self.pal.text, self.pal.muted);
        for line in wrap(self.m, &title, ts, true, w - 2.0 * pad, 2) {
            if let Some(b) = self.text(Label::new(&line, pad, y, ts, text).baseline(Baseline::Top).bold().max(w - 2.0 * pad)) {
                y = b[1] + b[3];
            }
        }
        y += 2.0;
        let sub = self.subtitle.clone();
        for line in wrap(self.m, &sub, ss, false, w - 2.0 * pad, 2) {
            if let Some(b) = self.text(Label::new(&line, pad, y, ss, muted).baseline(Baseline::Top).max(w - 2.0 * pad)) {
                y = b[1] + b[3];
            }
        }
        if !self.breadcrumb.is_empty() {
            let mut crumb = String::new();
            for (i, c) in self.breadcrumb.iter().enumerate() {
                if i > 0 {
                    crumb.push_str(" › ");
                }
                crumb.push_str(c);
            }
            if let Some(b) = self.text(Label::new(&crumb, pad, y + 2.0, ss, text).baseline(Baseline::Top).bold().max(w - 2.0 * pad)) {
                y = b[1] + b[3];
            }
        }
        let src = self.source.clone();
        let mut bottom = h - pad;
        for line in wrap(self.m, &src, small, false, w - 2.0 * pad, 2).iter().rev() {
            if let Some(b) = self.text(Label::new(line, pad, bottom, small, muted).baseline(Baseline::Bottom).max(w - 2.0 * pad)) {
                bottom = b[1];
            }
        }
        let top = y + pad * 0.75;
        let bottom = (bottom - pad * 0.5).max(top);
        [pad, top, (w - 2.0 * pad).max(0.0), bottom - top]
    }

    pub fn set_table(&mut self, header: Vec<String>, rows: Vec<Vec<String>>) {
        self.table = DataTable {
            header,
            rows: rows.into_iter().map(TableRow).collect(),
        };
    }

    pub fn finish(self) -> Scene {
        Scene {
            width: sane(self.opts.width, 640.0),
            height: sane(self.opts.height, 400.0),
            lang: self.lang,
            title: self.title,
            subtitle: self.subtitle,
            source: self.source,
            shapes: self.shapes,
            marks: self.marks,
            breadcrumb: self.breadcrumb,
            message: None,
            table: self.table,
            description: self.description,
        }
    }

    /// A scene that says why there is no chart: title, the message centred, the source line.
    pub fn message(mut self, msg: String) -> Scene {
        self.shapes.clear();
        self.marks.clear();
        self.boxes.clear();
        let area = self.area();
        let (cx, cy) = (area[0] + area[2] / 2.0, area[1] + area[3] / 2.0);
        let (size, muted) = (self.sz.label, self.pal.muted);
        self.text(Label::new(&msg, cx, cy, size, muted).anchor(Anchor::Middle).max(area[2]));
        self.description = msg.clone();
        let mut s = self.finish();
        s.message = Some(msg);
        s.table = DataTable::default();
        s
    }
}

/// Moves labels (wanted centre, height) along one axis so none overlap, keeping each as close to
/// its wish as order allows, inside [lo, hi]. Returns the centres in the same order; when they
/// cannot all fit they are packed from `lo` and the caller drops those past `hi`.
pub fn relax(wanted: &[(f64, f64)], lo: f64, hi: f64) -> Vec<f64> {
    let centres: Vec<f64> = wanted.iter().map(|w| w.0).collect();
    let order = crate::order::order_f64(&centres, false);
    let mut top: Vec<f64> = order.iter().map(|&i| wanted[i].0 - wanted[i].1 / 2.0).collect();
    let hs: Vec<f64> = order.iter().map(|&i| wanted[i].1).collect();
    // Push down past the previous label, then back up from the bottom edge, then down from the top.
    for k in 0..top.len() {
        let min = if k == 0 { lo } else { top[k - 1] + hs[k - 1] };
        top[k] = top[k].max(min);
    }
    for k in (0..top.len()).rev() {
        let max = if k + 1 == top.len() { hi - hs[k] } else { top[k + 1] - hs[k] };
        top[k] = top[k].min(max);
    }
    for k in 0..top.len() {
        let min = if k == 0 { lo } else { top[k - 1] + hs[k - 1] };
        top[k] = top[k].max(min);
    }
    let mut out = vec![0.0; wanted.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = top[k] + hs[k] / 2.0;
    }
    out
}

/// Breaks `text` into at most `max_lines` lines of at most `max` px: CJK may break between any
/// two characters, Latin words stay whole, and a break after ` · `, `，` or a space is preferred
/// near a line's end. The last line is ellipsized if text remains.
pub fn wrap(m: &dyn Measure, text: &str, size: f64, bold: bool, max: f64, max_lines: usize) -> Vec<String> {
    // Most titles fit on one line: one measurement instead of one per prefix (each a call into
    // the browser; 240 of them per three charts, before this).
    if m.width(text, size, bold) <= max {
        let t = text.trim();
        return if t.is_empty() { Vec::new() } else { vec![t.to_string()] };
    }
    wrap_greedy(m, text, size, bold, max, max_lines)
}

/// `wrap` by growing each line unit by unit.
fn wrap_greedy(m: &dyn Measure, text: &str, size: f64, bold: bool, max: f64, max_lines: usize) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for c in text.chars() {
        let joins = c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '(' | ')' | '-' | '+' | ':' | '\'');
        match units.last_mut() {
            Some(u)
                if joins
                    && u.chars()
                        .last()
                        .is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, '.' | ',' | '%' | '(' | '-' | '+' | '\'')) =>
            {
                u.push(c)
            }
            _ => units.push(c.to_string()),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < units.len() {
        let cand = format!("{cur}{}", units[i]);
        if m.width(&cand, size, bold) <= max || cur.is_empty() {
            cur = cand;
            i += 1;
            continue;
        }
        if lines.len() + 1 == max_lines {
            break;
        }
        // Prefer a break after a separator in the last 40% of the line.
        let chars: Vec<char> = cur.chars().collect();
        let cut = (0..chars.len())
            .rev()
            .take((chars.len() * 2 / 5).max(1))
            .find(|&k| matches!(chars[k], ' ' | '·' | '，' | ',' | '、' | '：'))
            .map(|k| k + 1);
        match cut {
            Some(k) if k < chars.len() => {
                lines.push(chars[..k].iter().collect::<String>().trim_end().to_string());
                cur = chars[k..].iter().collect();
            }
            _ => {
                lines.push(cur.trim_end().to_string());
                cur = String::new();
            }
        }
        cur = cur.trim_start().to_string();
    }
    if i < units.len() {
        let rest: String = units[i..].concat();
        cur.push_str(&rest);
    }
    if !cur.is_empty() {
        lines.push(ellipsize(m, cur.trim(), size, bold, max));
    }
    lines.retain(|l| !l.is_empty());
    lines
}

fn sane(v: f64, default: f64) -> f64 {
    if v.is_finite() && v >= 1.0 {
        v.min(20_000.0)
    } else {
        default
    }
}

/// `数据来源：<部门> 2022年部门预算` / `Source: <department>, 2022 department budget`.
pub fn source_line(b: &Budget, lang: Lang) -> String {
    let doc = match (b.kind, lang) {
        (DocKind::Budget, Lang::Zh) => "部门预算",
        (DocKind::FinalAccounts, Lang::Zh) => "部门决算",
        (DocKind::Budget, Lang::En) => "department budget",
        (DocKind::FinalAccounts, Lang::En) => "final accounts",
    };
    let dept = b.department.trim();
    match lang {
        Lang::Zh => {
            let year = b.year.map(|y| format!("{y}年")).unwrap_or_default();
            let sep = if dept.is_empty() { "" } else { " " };
            format!("数据来源：{dept}{sep}{year}{doc}")
        }
        Lang::En => {
            let year = b.year.map(|y| format!("{y} ")).unwrap_or_default();
            if dept.is_empty() {
                format!("Source: {year}{doc}")
            } else {
                format!("Source: {dept}, {year}{doc}")
            }
        }
    }
}

/// `2022年` / `2022 ` prefix for titles (empty when the year is unknown).
pub fn year_prefix(b: &Budget, lang: Lang) -> String {
    match (b.year, lang) {
        (Some(y), Lang::Zh) => format!("{y}年"),
        (Some(y), Lang::En) => format!("{y} "),
        (None, _) => String::new(),
    }
}

/// A mark with its core data; kinds add lines, drill, bbox.
pub fn mark(id: String, label: &str, value: Decimal, unit: Unit) -> Mark {
    Mark {
        id,
        label: label.to_string(),
        value,
        unit,
        share: None,
        change: None,
        prior: None,
        lines: Vec::new(),
        drill: None,
        bbox: [0.0; 4],
    }
}

/// Decimal → f64 for pixel geometry only.
pub fn px(v: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    v.to_f64().filter(|f| f.is_finite()).unwrap_or(0.0)
}

/// A "nice" axis step (1, 2, 2.5 or 5 × 10ⁿ) so that `max` spans about `target` steps. Exact.
pub fn nice_step(max: Decimal, target: u32) -> Decimal {
    let max = max.abs();
    if max.is_zero() || target == 0 {
        return Decimal::ONE;
    }
    let raw = max / Decimal::from(target);
    let mut pow = Decimal::ONE;
    // Bring `pow` to the power of ten at or below `raw`.
    let mut guard = 0;
    while crate::dec::times(pow, Decimal::TEN) <= raw && guard < 28 {
        pow = crate::dec::times(pow, Decimal::TEN);
        guard += 1;
    }
    while pow > raw && guard < 56 {
        pow /= Decimal::TEN;
        guard += 1;
    }
    for f in [Decimal::ONE, Decimal::TWO, Decimal::new(25, 1), Decimal::from(5), Decimal::TEN] {
        let step = crate::dec::times(pow, f);
        if step >= raw {
            return step;
        }
    }
    crate::dec::times(pow, Decimal::TEN)
}

/// Ticks 0, step, 2·step … up to and including the first ≥ max.
pub fn ticks(max: Decimal, target: u32) -> Vec<Decimal> {
    let step = nice_step(max, target);
    let mut out = vec![Decimal::ZERO];
    let mut t = Decimal::ZERO;
    while t < max && out.len() < 50 {
        t = crate::dec::plus(t, step);
        out.push(t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn nice_steps() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(nice_step(d("28000"), 4), d("10000"));
        assert_eq!(nice_step(d("17.76"), 4), d("5"));
        assert_eq!(nice_step(d("0.7"), 4), d("0.2"));
        assert_eq!(ticks(d("28000"), 4), vec![d("0"), d("10000"), d("20000"), d("30000")]);
    }

    #[test]
    fn relaxed_labels_do_not_overlap() {
        let c = relax(&[(50.0, 10.0), (52.0, 10.0), (99.0, 10.0), (100.0, 10.0)], 0.0, 100.0);
        assert_eq!(c, vec![50.0, 60.0, 85.0, 95.0]);
        let c = relax(&[(5.0, 10.0)], 20.0, 100.0);
        assert_eq!(c, vec![25.0]);
    }

    #[test]
    fn wraps_on_separators() {
        let m = super::super::scene::EstimateMeasure;
        let lines = wrap(&m, "数据来源：深圳市福田区投资推广和企业服务中心 2022年部门预算", 10.0, false, 240.0, 2);
        assert_eq!(lines, vec!["数据来源：深圳市福田区投资推广和企业服务中心", "2022年部门预算"]);
        assert_eq!(wrap(&m, "短", 10.0, false, 200.0, 2), vec!["短"]);
        // The one-measurement shortcut gives what growing the line gives.
        for text in ["", "  ", " 短 ", "数据来源：深圳市福田区投资推广和企业服务中心 2022年部门预算", "Source: Futian, 2022 department budget", "单位：万元 · 合计 44,350.00 万元"] {
            for max in [1.0, 40.0, 100.0, 180.0, 240.0, 400.0, 2000.0] {
                for lines in [1, 2, 3] {
                    assert_eq!(wrap(&m, text, 10.0, false, max, lines), wrap_greedy(&m, text, 10.0, false, max, lines), "{text:?} {max} {lines}");
                }
            }
        }
        let l = wrap(&m, &"长".repeat(100), 10.0, false, 100.0, 2);
        assert_eq!(l.len(), 2);
        assert!(l[1].ends_with('…'));
    }
}
