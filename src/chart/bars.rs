//! Sorted horizontal bars with value labels, shared by projects and tasks. Wide canvases put the
//! labels in a column left of the bars; narrow ones (phones) put each label above its bar, so
//! long Chinese names keep most of their characters.

use super::layout::{px, ticks, Frame, Label};
use super::scene::{Anchor, Baseline, Color, Mark};
use super::style::tr;
use rust_decimal::Decimal;

/// One bar: its mark (id, label, value, lines, drill already set) and the value label to print.
pub struct Bar {
    pub mark: Mark,
    pub value_label: String,
    pub color: Option<Color>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
    /// Label column left of the bars.
    Side,
    /// Label above each bar (narrow canvases).
    Stacked,
}

/// How the rows of a bar chart sit in the plot area.
#[derive(Clone, Copy, Debug)]
pub struct Rows {
    pub mode: Mode,
    pub label_w: f64,
    /// Where bars start and the longest bar's length.
    pub x0: f64,
    pub len: f64,
    pub top: f64,
    /// Height of one row and the bar thickness in it.
    pub rh: f64,
    pub thick: f64,
    /// Vertical offset of the bar inside its row.
    pub bar_dy: f64,
    pub label_size: f64,
}

/// Lowest row height (px) still readable in each mode.
pub fn min_row(f: &Frame, mode: Mode) -> f64 {
    match mode {
        Mode::Side => f.sz.label * 1.45,
        Mode::Stacked => f.sz.label * 1.25 + 8.0,
    }
}

pub fn mode_for(f: &Frame) -> Mode {
    if f.width() < 480.0 {
        Mode::Stacked
    } else {
        Mode::Side
    }
}

/// Rows that fit in `area` (leaving room for the axis labels).
pub fn capacity(f: &Frame, area: [f64; 4]) -> usize {
    let h = area[3] - axis_h(f);
    (h / min_row(f, mode_for(f))).floor().max(1.0) as usize
}

fn axis_h(f: &Frame) -> f64 {
    f.sz.small * 1.5
}

/// Lays out `n` rows whose labels and value labels are given (for widths).
pub fn rows(f: &Frame, area: [f64; 4], labels: &[String], value_labels: &[String], n: usize) -> Rows {
    let mode = mode_for(f);
    let size = f.sz.label;
    let n = n.max(1) as f64;
    let h = (area[3] - axis_h(f)).max(0.0);
    let rh = (h / n).min(match mode {
        Mode::Side => size * 3.0,
        Mode::Stacked => size * 3.6,
    });
    let vw = value_labels.iter().map(|v| f.m.width(v, size, false)).fold(0.0, f64::max) + 6.0;
    match mode {
        Mode::Side => {
            let widest = labels.iter().map(|l| f.m.width(l, size, false)).fold(0.0, f64::max);
            let label_w = widest.min(area[2] * 0.36) + 8.0;
            let x0 = area[0] + label_w;
            let len = (area[0] + area[2] - vw - x0).max(10.0);
            let thick = (rh * 0.64).min(24.0);
            Rows {
                mode,
                label_w,
                x0,
                len,
                top: area[1],
                rh,
                thick,
                bar_dy: (rh - thick) / 2.0,
                label_size: size,
            }
        }
        Mode::Stacked => {
            // Name and value share the line above the bar; the bar may use the full width.
            let label_h = size * 1.3;
            let thick = (rh - label_h - 3.0).clamp(4.0, 14.0);
            Rows {
                mode,
                label_w: area[2],
                x0: area[0],
                len: area[2].max(10.0),
                top: area[1],
                rh,
                thick,
                bar_dy: label_h,
                label_size: size,
            }
        }
    }
}

/// Vertical grid at nice ticks of `max`, labels under the last row.
pub fn grid(f: &mut Frame, r: &Rows, max: Decimal, n: usize) {
    if max <= Decimal::ZERO {
        return;
    }
    let target = if r.len < 160.0 {
        2
    } else if r.len < 320.0 {
        3
    } else {
        5
    };
    let ts = ticks(max, target);
    let top_tick = ts.last().copied().unwrap_or(max);
    // Scale to the data maximum, so the longest bar uses the whole length; ticks beyond it are dropped.
    let bottom = r.top + r.rh * n as f64;
    let (grid, muted, small) = (f.pal.grid, f.pal.muted, f.sz.small);
    for t in ts {
        if t > max && t == top_tick {
            continue;
        }
        let x = r.x0 + r.len * px(t) / px(max);
        f.line(x, r.top, x, bottom, grid, 1.0);
        let text = f.disp.tick(t);
        f.text(
            Label::new(&text, x, bottom + 3.0, small, muted)
                .anchor(if t.is_zero() { Anchor::Start } else { Anchor::Middle })
                .baseline(Baseline::Top),
        );
    }
}

/// Draws the bars (already in display order) into `area`; pushes their marks.
pub fn draw(f: &mut Frame, area: [f64; 4], bars: Vec<Bar>) {
    let labels: Vec<String> = bars.iter().map(|b| b.mark.label.clone()).collect();
    let values: Vec<String> = bars.iter().map(|b| b.value_label.clone()).collect();
    let n = bars.len();
    let r = rows(f, area, &labels, &values, n);
    let max = bars.iter().map(|b| b.mark.value).fold(Decimal::ZERO, Decimal::max);
    grid(f, &r, max, n);
    for (i, bar) in bars.into_iter().enumerate() {
        let idx = f.marks.len();
        let row_y = r.top + r.rh * i as f64;
        let len = if max > Decimal::ZERO {
            r.len * px(bar.mark.value.max(Decimal::ZERO)) / px(max)
        } else {
            0.0
        };
        let by = row_y + r.bar_dy;
        let fill = bar.color.unwrap_or(f.pal.primary);
        // Whole row hoverable (label too), drawn first so the bar stays on top.
        f.hit_area(area[0], row_y, area[2], r.rh, idx);
        f.rect(r.x0, by, len.max(1.0), r.thick, fill, Some(idx));
        match r.mode {
            Mode::Side => {
                side_name(f, &r, &bar.mark.label, by, false);
                value_label(f, &bar.value_label, r.x0 + len, by, r.thick, r.label_size, fill, area[0] + area[2]);
            }
            Mode::Stacked => stacked_labels(f, &r, area, row_y, &bar.mark.label, &bar.value_label, false),
        }
        let mut mark = bar.mark;
        mark.bbox = [r.x0, by, len.max(1.0), r.thick];
        f.marks.push(mark);
    }
}

/// The row's name in the label column, right-aligned against the bar (`Mode::Side`); bold for totals.
pub fn side_name(f: &mut Frame, r: &Rows, name: &str, by: f64, bold: bool) {
    let l = Label::new(name, r.x0 - 8.0, by + r.thick / 2.0, r.label_size, f.pal.text).anchor(Anchor::End).max(r.label_w - 8.0);
    f.text(if bold { l.bold() } else { l });
}

/// `Mode::Stacked`: the value right-aligned and the name left on the line above the bar at `row_y`.
pub fn stacked_labels(f: &mut Frame, r: &Rows, area: [f64; 4], row_y: f64, name: &str, value: &str, bold: bool) {
    let (ly, size, text) = (row_y + r.bar_dy / 2.0, r.label_size, f.pal.text);
    let vw = f.m.width(value, size, false);
    f.text(Label::new(value, area[0] + area[2], ly, size, text).anchor(Anchor::End));
    let l = Label::new(name, area[0], ly, size, text).max(area[2] - vw - 8.0);
    f.text(if bold { l.bold() } else { l });
}

/// Value label right of the bar end, or inside the bar's end when it does not fit outside.
#[allow(clippy::too_many_arguments)]
pub fn value_label(f: &mut Frame, text: &str, end: f64, y: f64, thick: f64, size: f64, fill: Color, right: f64) {
    let cy = y + thick / 2.0;
    let outside = Label::new(text, end + 4.0, cy, size, f.pal.text);
    if end + 4.0 + f.m.width(text, size, false) <= right + 0.01 && f.fit(&outside).is_some() {
        f.text(outside);
        return;
    }
    if thick >= size * 1.1 {
        let ink = f.pal.ink_on(fill);
        f.text(Label::new(text, end - 4.0, cy, size, ink).anchor(Anchor::End));
    }
}

/// `其他 N 项` / `N others`, N grouped by thousands (`其他 27,876 项`).
pub fn others_label(lang: crate::money::Lang, n: usize) -> String {
    let n = crate::money::group(rust_decimal::Decimal::from(n), 0);
    tr(lang, &format!("其他 {n} 项"), &format!("{n} others"))
}
