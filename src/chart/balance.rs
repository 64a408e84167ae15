//! 收支总表 as two stacked columns side by side: income (top-level lines plus 上年结转) and
//! expenditure (function classes plus 结转下年). Equal heights show the balance; labels sit
//! outside the columns and small segments give up their label rather than overlap.

use super::layout::{mark, px, relax, year_prefix, Frame, Label};
use super::scene::{Anchor, Baseline, Color, Measure};
use super::style::{amount, cell, compact_amount, mix, pct, share_text, Disp};
use super::{Options, Scene};
use crate::model::{Budget, TotalKind};
use crate::money::{Lang, Unit};
use rust_decimal::Decimal;

/// Expenditure segments drawn (the budget standard has about 25 功能分类 类); a table pasted many
/// times over folds its smallest classes into one segment with their exact sum.
const MAX_SEGMENTS: usize = 30;

struct Seg {
    id: String,
    label: String,
    value: Decimal,
    color: Color,
}

// Not inlined into `chart::build`: a browser compiles a wasm function the first time it runs, so
// one function holding every kind would compile the kinds a page does not draw.
#[inline(never)]
pub fn build(budget: &Budget, opts: &Options, m: &dyn Measure) -> Scene {
    let mut f = Frame::new(opts, m, budget);
    let lang = opts.lang;
    let yp = year_prefix(budget, lang);
    f.title = f.tr(&format!("{yp}收支总表"), &format!("{yp}income and spending"));
    let unit = budget.income.first().map(|l| l.unit).unwrap_or(budget.unit);
    let stated = |k: TotalKind| budget.stated(k).filter(|t| t.unit == unit).map(|t| t.amount);

    // Income: top-level lines, then carry-over from last year unless a line already is it.
    // Money in is drawn in neutral greys; money out in the function-class colours.
    // t > 0 lightens toward the background, t < 0 darkens toward the text; kept within −0.3…0.3 so
    // every grey stays ≥ 3:1 against the background in both themes (WCAG 1.4.11).
    let grey = |t: f64| {
        if t >= 0.0 {
            mix(f.pal.muted, f.pal.background, t)
        } else {
            mix(f.pal.muted, f.pal.text, -t)
        }
    };
    let income: Vec<Seg> = budget
        .income
        .iter()
        .filter(|l| l.depth == 0 && l.unit == unit && l.amount > Decimal::ZERO)
        .enumerate()
        .map(|(i, l)| Seg {
            id: format!("income:{i}"),
            label: l.name.clone(),
            value: l.amount,
            color: grey([0.0, -0.3, 0.15][i % 3]),
        })
        .collect();
    let mut income = income;
    let has_carry = budget
        .income
        .iter()
        .any(|l| l.depth == 0 && (has(&l.name, "结转") || has(&l.name, "结余")));
    if !has_carry {
        if let Some(c) = stated(TotalKind::CarryOverIn).filter(|c| *c > Decimal::ZERO) {
            income.push(Seg {
                id: "carry_in".into(),
                label: f.tr("上年结转", "Carried over from last year"),
                value: c,
                color: grey(0.3),
            });
        }
    }
    // Expenditure: function classes (same colours as the treemap), then carry-forward.
    let mut spend: Vec<Seg> = Vec::new();
    if let Some(t) = budget.functions().filter(|t| t.unit == unit) {
        let top = t
            .rows
            .iter()
            .filter(|r| r.total.is_some_and(|v| v > Decimal::ZERO))
            .filter_map(|r| r.level())
            .min();
        let mut classes: Vec<_> = t
            .rows
            .iter()
            .filter(|r| top.is_some() && r.level() == top && r.total.is_some_and(|v| v > Decimal::ZERO))
            .collect();
        crate::order::largest_first(&mut classes, |r| r.total);
        // A column of segments stays readable: past MAX_SEGMENTS the smallest fold into one.
        let rest = if classes.len() > MAX_SEGMENTS { classes.split_off(MAX_SEGMENTS - 1) } else { Vec::new() };
        spend = classes
            .iter()
            .enumerate()
            .map(|(i, r)| Seg {
                id: r.code.clone(),
                label: r.name.clone(),
                value: r.total.unwrap_or_default(),
                color: f.pal.series(i),
            })
            .collect();
        if !rest.is_empty() {
            spend.push(Seg {
                id: "others".into(),
                label: super::bars::others_label(lang, rest.len()),
                value: crate::dec::sum(rest.iter().filter_map(|r| r.total)),
                color: grey(0.0),
            });
        }
    }
    if let Some(c) = stated(TotalKind::CarryOverOut).filter(|c| *c > Decimal::ZERO) {
        spend.push(Seg {
            id: "carry_out".into(),
            label: f.tr("结转下年", "Carried forward to next year"),
            value: c,
            color: grey(0.3),
        });
    }
    if income.is_empty() || spend.is_empty() {
        let msg = f.tr("本预算未列出收支总表", "No income and spending summary in this budget");
        return f.message(msg);
    }
    let in_sum = crate::dec::sum(income.iter().map(|s| s.value));
    f.disp = Disp::for_values(unit, income.iter().chain(spend.iter()).map(|s| s.value).max().unwrap_or_default());
    let out_sum = crate::dec::sum(spend.iter().map(|s| s.value));
    // Headline totals as the table states them; segments keep their printed values.
    let in_total = stated(TotalKind::IncomeGrand).unwrap_or(in_sum);
    let out_total = stated(TotalKind::ExpenditureGrand).unwrap_or(out_sum);
    let (in_name, out_name) = (f.tr("收入总计", "Income"), f.tr("支出总计", "Spending"));
    f.subtitle = f.tr(
        &format!("{} · 左：收入（含上年结转），右：支出（按功能分类，含结转下年）", f.disp.note(lang)),
        &format!(
            "{} · left: income incl. carry-over; right: spending by function incl. carry-forward",
            f.disp.note(lang)
        ),
    );
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &income {
        rows.push(vec![in_name.clone(), s.label.clone(), cell(s.value), share_text(s.value, in_sum)]);
    }
    rows.push(vec![in_name.clone(), f.tr("合计", "Total"), cell(in_total), String::new()]);
    for s in &spend {
        rows.push(vec![out_name.clone(), s.label.clone(), cell(s.value), share_text(s.value, out_sum)]);
    }
    rows.push(vec![out_name.clone(), f.tr("合计", "Total"), cell(out_total), String::new()]);
    f.set_table(
        vec![
            f.tr("方向", "Side"),
            f.tr("项目", "Line"),
            f.tr(&format!("金额（{}）", unit.zh()), &format!("Amount ({})", unit.en())),
            f.tr("占比", "Share"),
        ],
        rows,
    );
    f.description = describe(&income, &spend, in_total, out_total, &yp, unit, lang);

    let area = f.area();
    let size = f.sz.label;
    let head_h = size * 2.7;
    let cw = (area[2] * 0.16).clamp(24.0, 110.0);
    let gap = (area[2] * 0.06).clamp(12.0, 48.0);
    let mid = area[0] + area[2] / 2.0;
    let (xi, xo) = (mid - gap / 2.0 - cw, mid + gap / 2.0);
    let top = area[1] + head_h;
    let h = (area[3] - head_h).max(0.0);
    let max = in_sum.max(out_sum);
    let (text, muted, bg) = (f.pal.text, f.pal.muted, f.pal.background);
    // Column heads: centred when they fit over their column, else flush to the outer edge so
    // the two heads grow apart instead of into each other.
    for (x, name, total, left) in [(xi, &in_name, in_total, true), (xo, &out_name, out_total, false)] {
        // The unit word goes (the subtitle states it) before the head leaves its column.
        let full = f.disp.label(total, lang);
        let bare = f.disp.num(total);
        let fits = |t: &str| f.m.width(t, size, true).max(f.m.width(name, size, false)) <= cw + gap / 2.0;
        let v = if fits(&full) { full } else { bare };
        let (hx, anchor) = if fits(&v) {
            (x + cw / 2.0, Anchor::Middle)
        } else if left {
            (x + cw, Anchor::End)
        } else {
            (x, Anchor::Start)
        };
        f.text(Label::new(name, hx, area[1], size, muted).anchor(anchor).baseline(Baseline::Top));
        f.text(
            Label::new(&v, hx, area[1] + size * 1.3, size, text)
                .anchor(anchor)
                .baseline(Baseline::Top)
                .bold(),
        );
    }
    let side_w = (xi - area[0] - 6.0).max(0.0);
    let draw_side = |f: &mut Frame, segs: &[Seg], x: f64, sum: Decimal, left: bool, side_name: &str| {
        let line_h = size * 1.25;
        // Segments first, then labels relaxed so small neighbours do not collide; a leader line
        // joins a label that had to move to its segment.
        let mut y = top;
        let mut wanted: Vec<(f64, f64)> = Vec::new();
        let mut texts: Vec<Vec<String>> = Vec::new();
        for s in segs {
            let idx = f.marks.len();
            let sh = if max > Decimal::ZERO { h * px(s.value) / px(max) } else { 0.0 };
            f.rect_stroked(x, y, cw, sh, s.color, bg, Some(idx));
            let v = f.disp.label(s.value, lang);
            let one = format!("{} {}", s.label, v);
            let lines = if f.m.width(&one, size, false) <= side_w && sh < line_h * 2.0 {
                vec![one]
            } else {
                vec![s.label.clone(), v]
            };
            wanted.push((y + sh / 2.0, line_h * lines.len() as f64));
            texts.push(lines);
            let mut mk = mark(s.id.clone(), &s.label, s.value, unit);
            mk.share = pct(s.value, sum, 1);
            mk.lines = vec![s.label.clone(), amount(s.value, unit, lang)];
            if mk.share.is_some() {
                let t = share_text(s.value, sum);
                mk.lines.push(match lang {
                    Lang::Zh => format!("占{side_name} {t}"),
                    Lang::En => format!("{t} of {}", side_name.to_ascii_lowercase()),
                });
            }
            mk.bbox = [x, y, cw, sh];
            f.marks.push(mk);
            y += sh;
        }
        // Slivers still get pointer targets a few pixels tall, side by side, not stacked.
        let first = f.marks.len() - segs.len();
        let tiny: Vec<usize> = (first..f.marks.len()).filter(|&i| f.marks[i].bbox[3] < 4.0).collect();
        let wish: Vec<(f64, f64)> = tiny.iter().map(|&i| (f.marks[i].bbox[1] + f.marks[i].bbox[3] / 2.0, 4.0)).collect();
        for (&i, c) in tiny.iter().zip(relax(&wish, top, top + h + 8.0)) {
            f.hit_area(x, c - 2.0, cw, 4.0, i);
            f.marks[i].bbox = [x, c - 2.0, cw, 4.0];
        }
        let centres = relax(&wanted, top, top + h);
        let edge = if left { x } else { x + cw };
        let (lx, anchor) = if left { (x - 12.0, Anchor::End) } else { (x + cw + 12.0, Anchor::Start) };
        for ((lines, &(want, hgt)), c) in texts.iter().zip(&wanted).zip(centres) {
            if c + hgt / 2.0 > top + h + 0.5 {
                continue;
            }
            let mut placed = false;
            for (k, t) in lines.iter().enumerate() {
                let ly = c - hgt / 2.0 + line_h * (k as f64 + 0.5);
                let colour = if k == 0 { text } else { muted };
                placed |= f.text(Label::new(t, lx, ly, size, colour).anchor(anchor).max(side_w - 6.0)).is_some();
            }
            if placed && (c - want).abs() > 2.0 {
                let tip = if left { lx + 2.0 } else { lx - 2.0 };
                f.line(edge, want, tip, c, muted, 1.0);
            }
        }
    };
    draw_side(&mut f, &income, xi, in_sum, true, &in_name);
    draw_side(&mut f, &spend, xo, out_sum, false, &out_name);
    f.finish()
}

fn describe(income: &[Seg], spend: &[Seg], in_total: Decimal, out_total: Decimal, yp: &str, unit: Unit, lang: Lang) -> String {
    let carry = income.iter().find(|s| s.id == "carry_in").map(|s| s.value);
    let biggest = spend.iter().filter(|s| s.id != "carry_out").max_by_key(|s| s.value);
    match lang {
        Lang::Zh => {
            let u = unit.zh();
            let mut s = format!("{yp}收入总计{}{u}", compact_amount(in_total));
            if let Some(c) = carry {
                s.push_str(&format!("（含上年结转{}{u}）", compact_amount(c)));
            }
            s.push_str(&format!("，支出总计{}{u}", compact_amount(out_total)));
            if let Some(b) = biggest {
                s.push_str(&format!("，最大一类为{}{}{u}", b.label, compact_amount(b.value)));
            }
            s
        }
        Lang::En => {
            let u = unit.en();
            let mut s = format!("{yp}income {} {u}", compact_amount(in_total));
            if let Some(c) = carry {
                s.push_str(&format!(" (incl. {} {u} carried over)", compact_amount(c)));
            }
            s.push_str(&format!(", spending {} {u}", compact_amount(out_total)));
            if let Some(b) = biggest {
                s.push_str(&format!("; the largest class is {} at {} {u}", b.label, compact_amount(b.value)));
            }
            s
        }
    }
}

/// Whether `text` contains `part`: a byte search (the same answer for UTF-8) without core's
/// substring searcher, ≈ 3 KB gzip of the module.
fn has(text: &str, part: &str) -> bool {
    text.as_bytes().windows(part.len()).any(|w| w == part.as_bytes())
}
