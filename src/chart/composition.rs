//! The economic split (人员 / 公用 / 对个人和家庭补助 / 项目) as a donut, largest slice first
//! clockwise from 12 o'clock, the total in the hole and a legend with amounts and shares.
//! Legend rows are hoverable too: thin slices are hard to hit on a phone.

use super::layout::{mark, px, year_prefix, Frame, Label};
use super::scene::{Anchor, Baseline, Measure, Shape};
use super::style::{amount, cell, compact_amount, headline, pct, pct_text, share_line, share_text, Disp};
use super::trig::{cos, sin};
use super::{Options, Scene};
use crate::model::{Budget, EconomicCategory};
use crate::money::Lang;
use rust_decimal::Decimal;
use std::f64::consts::TAU;

pub fn name(c: EconomicCategory, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => c.zh(),
        Lang::En => c.en(),
    }
}

// Not inlined into `chart::build`: a browser compiles a wasm function the first time it runs, so
// one function holding every kind would compile the kinds a page does not draw.
#[inline(never)]
pub fn build(budget: &Budget, opts: &Options, m: &dyn Measure) -> Scene {
    let mut f = Frame::new(opts, m, budget);
    let lang = opts.lang;
    let yp = year_prefix(budget, lang);
    f.title = f.tr(&format!("{yp}支出构成"), &format!("{yp}spending by type"));
    // One entry per category (a document may state a category twice: keep the first).
    let mut lines: Vec<&crate::model::EconomicLine> = Vec::new();
    for l in &budget.economic {
        if !lines.iter().any(|k| k.category == l.category) {
            lines.push(l);
        }
    }
    let unit = lines.first().map(|l| l.unit).unwrap_or(budget.unit);
    let total = crate::dec::sum(lines.iter().map(|l| l.amount));
    f.disp = Disp::for_values(unit, lines.iter().map(|l| l.amount).max().unwrap_or_default());
    if lines.is_empty() || total <= Decimal::ZERO || lines.iter().any(|l| l.unit != unit) {
        let msg = f.tr("本预算未列出按经济分类的支出构成", "No breakdown by spending type in this budget");
        return f.message(msg);
    }
    crate::order::largest_first(&mut lines, |r| Some(r.amount));
    let slices: Vec<_> = lines.iter().filter(|l| l.amount > Decimal::ZERO).collect();

    f.subtitle = f.tr(
        &format!("{} · 按经济分类，合计 {}", f.disp.note(lang), amount(total, unit, lang)),
        &format!("{} · by economic type, total {}", f.disp.note(lang), amount(total, unit, lang)),
    );
    if let Some(first) = slices.first() {
        let share = share_text(first.amount, total);
        f.description = match lang {
            Lang::Zh => format!(
                "{yp}支出{}{}，其中{}{}{}，占{share}",
                compact_amount(total),
                unit.zh(),
                name(first.category, lang),
                compact_amount(first.amount),
                unit.zh()
            ),
            Lang::En => format!(
                "{yp}spending {} {}, of which {} {} {}, {share}",
                compact_amount(total),
                unit.en(),
                name(first.category, lang).to_ascii_lowercase(),
                compact_amount(first.amount),
                unit.en()
            ),
        };
    }
    let mut rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| vec![name(l.category, lang).to_string(), cell(l.amount), share_text(l.amount, total)])
        .collect();
    rows.push(vec![f.tr("合计", "Total"), cell(total), "100.0%".into()]);
    f.set_table(
        vec![
            f.tr("类别", "Type"),
            f.tr(&format!("金额（{}）", unit.zh()), &format!("Amount ({})", unit.en())),
            f.tr("占比", "Share"),
        ],
        rows,
    );

    let area = f.area();
    let (size, small) = (f.sz.label, f.sz.small);
    let line_h = size * 1.3;
    let entry_h = line_h * 2.0 + 4.0;
    let legend_h = entry_h * slices.len() as f64;
    let side = area[2] >= area[3] * 1.35;
    // Legend as wide as its longest entry; donut and legend centred as one group.
    let legend_w = slices
        .iter()
        .map(|l| {
            let share = share_text(l.amount, total);
            let detail = format!("{} · {}", f.disp.label(l.amount, lang), share);
            f.m.width(name(l.category, lang), size, false).max(f.m.width(&detail, size, false))
        })
        .fold(0.0, f64::max)
        + size * 0.85
        + 6.0;
    let (r1, cx, cy, lx, ly, lw) = if side {
        let r = (area[3] / 2.0 - 2.0).min(area[2] * 0.24).clamp(10.0, 170.0);
        let group = 2.0 * r + 24.0 + legend_w;
        let x0 = area[0] + ((area[2] - group) / 2.0).max(0.0);
        let lx = x0 + 2.0 * r + 24.0;
        (
            r,
            x0 + r,
            area[1] + area[3] / 2.0,
            lx,
            area[1] + ((area[3] - legend_h) / 2.0).max(0.0),
            area[0] + area[2] - lx,
        )
    } else {
        let r = ((area[3] - legend_h - 10.0) / 2.0).min(area[2] / 2.0).clamp(10.0, 170.0);
        (r, area[0] + area[2] / 2.0, area[1] + r, area[0], area[1] + 2.0 * r + 10.0, area[2])
    };
    let r0 = r1 * 0.58;

    let mut a = 0.0;
    for (i, l) in slices.iter().enumerate() {
        let idx = f.marks.len();
        let sweep = TAU * px(l.amount) / px(total);
        // The last slice closes the ring exactly.
        let end = if i + 1 == slices.len() { TAU } else { (a + sweep).min(TAU) };
        let fill = f.pal.series(i);
        f.shapes.push(Shape::Arc {
            cx,
            cy,
            r0,
            r1,
            start: a,
            end,
            fill,
            mark: Some(idx),
        });
        // Share inside the ring when the slice is wide enough to hold it.
        let share = pct(l.amount, total, 1);
        if let Some(p) = share {
            let text = pct_text(p, false);
            let mid = (a + end) / 2.0;
            let rm = (r0 + r1) / 2.0;
            let (tx, ty) = (cx + rm * sin(mid), cy - rm * cos(mid));
            let chord = 2.0 * rm * sin(((end - a) / 2.0).min(std::f64::consts::FRAC_PI_2));
            if chord >= f.m.width(&text, small, true) + 6.0 && r1 - r0 >= small * 1.4 {
                let ink = f.pal.ink_on(fill);
                f.text(Label::new(&text, tx, ty, small, ink).anchor(Anchor::Middle).bold());
            }
        }
        // The category's id: its variant name in lower case (as `Debug` wrote it, without `Debug`).
        let id = match l.category {
            EconomicCategory::Personnel => "personnel",
            EconomicCategory::Public => "public",
            EconomicCategory::Households => "households",
            EconomicCategory::Project => "project",
        };
        let mut mk = mark(id.to_string(), name(l.category, lang), l.amount, unit);
        mk.share = share;
        mk.lines = vec![name(l.category, lang).to_string(), amount(l.amount, unit, lang)];
        mk.lines.extend(share_line(l.amount, total, lang));
        mk.bbox = sector_bbox(cx, cy, r0, r1, a, end);
        f.marks.push(mk);
        a = end;
    }

    // Total in the hole.
    let head = f.tr("合计", "Total");
    let value = headline(total, unit, lang);
    let hole = 2.0 * r0 * 0.85;
    let (text, muted) = (f.pal.text, f.pal.muted);
    // The title's size (smaller only in a small ring): one font size fewer on the chart, and a
    // browser sets up each size of a font once, on a cold page a few ms each.
    let big = f.sz.title.min(r0 * 0.42);
    if f.m.width(&value, big, true) <= hole {
        f.text(
            Label::new(&head, cx, cy - big * 0.55, small, muted)
                .anchor(Anchor::Middle)
                .baseline(Baseline::Bottom),
        );
        f.text(Label::new(&value, cx, cy + big * 0.1, big, text).anchor(Anchor::Middle).bold());
    } else if let Some((num, word)) = value.split_once(' ') {
        // Too wide for one line: the number big, its unit word small beneath.
        if f.m.width(num, big, true) <= hole && f.m.width(word, small, false) <= hole {
            f.text(
                Label::new(&head, cx, cy - big * 0.6, small, muted)
                    .anchor(Anchor::Middle)
                    .baseline(Baseline::Bottom),
            );
            f.text(Label::new(num, cx, cy, big, text).anchor(Anchor::Middle).bold());
            f.text(
                Label::new(word, cx, cy + big * 0.6, small, muted)
                    .anchor(Anchor::Middle)
                    .baseline(Baseline::Top),
            );
        }
    }

    // Legend: swatch, name, then amount · share; each row hoverable for its slice.
    for (i, l) in slices.iter().enumerate() {
        let y = ly + entry_h * i as f64;
        let sw = size * 0.85;
        let fill = f.pal.series(i);
        f.rect(lx, y + (line_h - sw) / 2.0, sw, sw, fill, Some(i));
        f.reserve([lx, y + (line_h - sw) / 2.0, sw, sw]);
        let tx = lx + sw + 6.0;
        let tw = (lw - sw - 6.0).max(0.0);
        f.text(Label::new(name(l.category, lang), tx, y + line_h / 2.0, size, text).max(tw));
        let share = share_text(l.amount, total);
        // Exact amount and share when they fit; else the share with a rounded amount; else the share.
        let short = format!("{} · {}", share, headline(l.amount, unit, lang));
        let detail = [format!("{} · {}", f.disp.label(l.amount, lang), share), short, share.clone()]
            .into_iter()
            .find(|t| f.m.width(t, size, false) <= tw)
            .unwrap_or(share);
        f.text(Label::new(&detail, tx, y + line_h * 1.5, size, muted).max(tw));
        f.hit_area(lx, y, lw.max(0.0), entry_h, i);
    }
    f.finish()
}

/// Bounding box of an annular sector (clockwise from 12 o'clock).
pub fn sector_bbox(cx: f64, cy: f64, r0: f64, r1: f64, start: f64, end: f64) -> [f64; 4] {
    let mut pts: Vec<(f64, f64)> = Vec::new();
    let n = 64;
    for i in 0..=n {
        let t = start + (end - start) * i as f64 / n as f64;
        for r in [r0, r1] {
            pts.push((cx + r * sin(t), cy - r * cos(t)));
        }
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in pts {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    [x0, y0, x1 - x0, y1 - y0]
}
