//! From last year's total to this year's: each project's stated change, then the rest (基本支出
//! and items the text gives no change for) as one residual computed exactly, so the bars add up
//! to the stated totals. Horizontal, so long names fit on a phone.

use super::bars::{self, Mode};
use super::change::{rows as compared, Row};
use super::layout::{mark, px, ticks, Frame, Label};
use super::scene::{Anchor, Baseline, Measure};
use super::style::{amount, cell, compact_amount, pct, pct_text, signed, tr, Disp};
use super::{Options, Scene};
use crate::model::Budget;
use crate::money::{Lang, Unit};
use rust_decimal::Decimal;

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Start,
    Change,
    Residual,
    End,
}

struct Bar {
    id: String,
    label: String,
    from: Decimal,
    to: Decimal,
    step: Step,
    lines: Vec<String>,
}

// Not inlined into `chart::build`: a browser compiles a wasm function the first time it runs, so
// one function holding every kind would compile the kinds a page does not draw.
#[inline(never)]
pub fn build(budget: &Budget, opts: &Options, m: &dyn Measure) -> Scene {
    let mut f = Frame::new(opts, m, budget);
    let lang = opts.lang;
    let (total, items, unit) = compared(budget, lang);
    let yname = |y: Option<i32>| match (y, lang) {
        (Some(y), Lang::Zh) => format!("{y}年"),
        (Some(y), Lang::En) => y.to_string(),
        (None, _) => String::new(),
    };
    let py = total.as_ref().and_then(|t| t.prior_year).or(budget.year.map(|y| y - 1));
    let (pname, cname) = (yname(py), yname(budget.year));
    f.title = f.tr(&format!("从{pname}到{cname}：支出变化"), &format!("From {pname} to {cname}: what changed"));
    let Some(total) = total else {
        let msg = f.tr("本预算未说明上年支出合计", "No prior-year total in this budget");
        return f.message(msg);
    };
    let mut steps: Vec<&Row> = items.iter().filter(|r| !r.change.is_zero()).collect();
    crate::order::largest_first(&mut steps, |r| Some(r.change.abs()));
    let stated = crate::dec::sum(items.iter().map(|r| r.change));
    let residual = crate::dec::minus(total.change, stated);

    // Before the subtitle, which names the unit: the stated totals may be in another unit than the tables.
    f.disp = Disp::for_values(unit, total.prior.max(total.current));
    f.subtitle = f.tr(
        &format!(
            "{} · {pname} {} → {cname} {}（{}）",
            f.disp.note(lang),
            amount(total.prior, unit, lang),
            amount(total.current, unit, lang),
            signed(total.change, unit, lang)
        ),
        &format!(
            "{} · {pname} {} → {cname} {} ({})",
            f.disp.note(lang),
            amount(total.prior, unit, lang),
            amount(total.current, unit, lang),
            signed(total.change, unit, lang)
        ),
    );
    f.description = describe(&total, &steps, &pname, &cname, unit, lang);

    let area = f.area();
    let cap = bars::capacity(&f, area).max(4);
    // Start, steps, residual, end: the smallest steps fold into the residual when rows run out.
    let keep = cap.saturating_sub(3).min(steps.len());
    let folded: Vec<&Row> = steps.split_off(keep);
    let rest = crate::dec::plus(residual, crate::dec::sum(folded.iter().map(|r| r.change)));

    let mut list: Vec<Bar> = Vec::new();
    let start_label = f.tr(&format!("{pname}支出合计"), &format!("{pname} total"));
    list.push(Bar {
        id: "start".into(),
        label: start_label.clone(),
        from: Decimal::ZERO,
        to: total.prior,
        step: Step::Start,
        lines: vec![start_label, amount(total.prior, unit, lang)],
    });
    let mut pos = total.prior;
    let mut table: Vec<Vec<String>> = vec![vec![list[0].label.clone(), String::new(), cell(total.prior)]];
    for r in &steps {
        let to = crate::dec::plus(pos, r.change);
        let mut lines = vec![r.label.clone(), signed(r.change, unit, lang)];
        if let Some(p) = pct(r.change, r.prior, 1) {
            lines[1] = format!(
                "{}{}",
                lines[1],
                tr(lang, &format!("（{}）", pct_text(p, true)), &format!(" ({})", pct_text(p, true)))
            );
        }
        lines.push(format!("{pname} {} → {cname} {}", amount(r.prior, unit, lang), amount(r.current, unit, lang)));
        table.push(vec![r.label.clone(), cell(r.change), cell(to)]);
        list.push(Bar {
            id: r.id.clone(),
            label: r.label.clone(),
            from: pos,
            to,
            step: Step::Change,
            lines,
        });
        pos = to;
    }
    if !rest.is_zero() || !folded.is_empty() {
        let label = if folded.is_empty() {
            f.tr("基本支出等其他变化", "Basic spending and other")
        } else {
            f.tr(
                &format!("其他 {} 项及基本支出等", folded.len()),
                &format!("{} other items, basic spending etc.", folded.len()),
            )
        };
        let to = crate::dec::plus(pos, rest);
        let mut lines = vec![
            label.clone(),
            signed(rest, unit, lang),
            f.tr("支出合计的变化减去各项目说明的变化", "total change minus the changes stated for projects"),
        ];
        if !folded.is_empty() {
            lines.push(
                folded
                    .iter()
                    .map(|r| format!("{} {}", r.label, signed(r.change, unit, lang)))
                    .collect::<Vec<_>>()
                    .join("、"),
            );
        }
        table.push(vec![label.clone(), cell(rest), cell(to)]);
        list.push(Bar {
            id: "residual".into(),
            label,
            from: pos,
            to,
            step: Step::Residual,
            lines,
        });
        pos = to;
    }
    let end_label = f.tr(&format!("{cname}支出合计"), &format!("{cname} total"));
    // pos == total.current by construction (residual is computed from the stated totals).
    list.push(Bar {
        id: "end".into(),
        label: end_label.clone(),
        from: Decimal::ZERO,
        to: pos,
        step: Step::End,
        lines: vec![end_label.clone(), amount(pos, unit, lang)],
    });
    table.push(vec![end_label, String::new(), cell(pos)]);
    f.set_table(
        vec![
            f.tr("项目", "Item"),
            f.tr(&format!("增减（{}）", unit.zh()), &format!("Change ({})", unit.en())),
            f.tr(&format!("累计（{}）", unit.zh()), &format!("Running total ({})", unit.en())),
        ],
        table,
    );

    draw(&mut f, area, list, unit);
    f.finish()
}

fn value_text(b: &Bar, disp: Disp) -> String {
    match b.step {
        Step::Start | Step::End => disp.num(b.to),
        _ => {
            let c = crate::dec::minus(b.to, b.from);
            let sign = if c < Decimal::ZERO { "−" } else { "+" };
            format!("{sign}{}", disp.num(c.abs()))
        }
    }
}

fn draw(f: &mut Frame, area: [f64; 4], list: Vec<Bar>, unit: Unit) {
    let size = f.sz.label;
    let n = list.len();
    let labels: Vec<String> = list.iter().map(|b| b.label.clone()).collect();
    let disp = f.disp;
    let values: Vec<String> = list.iter().map(|b| value_text(b, disp)).collect();
    let geo = bars::rows(f, area, &labels, &values, n);
    let max = list.iter().map(|b| b.from.max(b.to)).fold(Decimal::ZERO, Decimal::max);
    if max <= Decimal::ZERO {
        return;
    }
    let x = |v: Decimal| geo.x0 + geo.len * px(v.max(Decimal::ZERO)) / px(max);
    let bottom = geo.top + geo.rh * n as f64;
    let (grid, muted, text, axis) = (f.pal.grid, f.pal.muted, f.pal.text, f.pal.axis);
    let target = if geo.len < 160.0 {
        2
    } else if geo.len < 320.0 {
        3
    } else {
        5
    };
    for t in ticks(max, target) {
        if t > max {
            continue;
        }
        let tx = x(t);
        f.line(tx, geo.top, tx, bottom, grid, 1.0);
        let s = f.disp.tick(t);
        f.text(
            Label::new(&s, tx, bottom + 3.0, f.sz.small, muted)
                .anchor(if t.is_zero() { Anchor::Start } else { Anchor::Middle })
                .baseline(Baseline::Top),
        );
    }
    let mut prev_end: Option<(f64, f64)> = None;
    for (i, b) in list.into_iter().enumerate() {
        let idx = f.marks.len();
        let row_y = geo.top + geo.rh * i as f64;
        let by = row_y + geo.bar_dy;
        let (x0, x1) = (x(b.from.min(b.to)), x(b.from.max(b.to)));
        let fill = match b.step {
            Step::Start | Step::End => f.pal.primary,
            Step::Change | Step::Residual if b.to < b.from => f.pal.decrease,
            _ => f.pal.increase,
        };
        f.hit_area(area[0], row_y, area[2], geo.rh, idx);
        // Connector from the previous bar's end to this bar's start.
        if let Some((px_, py_)) = prev_end {
            f.line(px_, py_, px_, by, axis, 1.0);
        }
        let w = (x1 - x0).max(1.0);
        f.rect(x0, by, w, geo.thick, fill, Some(idx));
        prev_end = Some((x(b.to), by + geo.thick));
        let v = value_text(&b, disp);
        match geo.mode {
            Mode::Side => {
                bars::side_name(f, &geo, &b.label, by, matches!(b.step, Step::Start | Step::End));
                // Right of the bar, or left of it when a decrease leaves no room on the right.
                let right = Label::new(&v, x1 + 4.0, by + geo.thick / 2.0, size, text);
                if x1 + 4.0 + f.m.width(&v, size, false) <= area[0] + area[2] && f.fit(&right).is_some() {
                    f.text(right);
                } else {
                    f.text(Label::new(&v, x0 - 4.0, by + geo.thick / 2.0, size, text).anchor(Anchor::End));
                }
            }
            Mode::Stacked => {
                bars::stacked_labels(f, &geo, area, row_y, &b.label, &v, matches!(b.step, Step::Start | Step::End))
            }
        }
        let value = match b.step {
            Step::Start | Step::End => b.to,
            _ => crate::dec::minus(b.to, b.from),
        };
        let mut mk = mark(b.id, &b.label, value, unit);
        if matches!(b.step, Step::Change | Step::Residual) {
            mk.change = Some(value);
        }
        mk.lines = b.lines;
        mk.bbox = [x0, by, w, geo.thick];
        f.marks.push(mk);
    }
}

fn describe(total: &Row, steps: &[&Row], pname: &str, cname: &str, unit: Unit, lang: Lang) -> String {
    let dir_zh = if total.change < Decimal::ZERO { "减少" } else { "增加" };
    let mut s = match lang {
        Lang::Zh => format!(
            "支出从{pname}的{}{u}变为{cname}的{}{u}，{dir_zh}{}{u}",
            compact_amount(total.prior),
            compact_amount(total.current),
            compact_amount(total.change.abs()),
            u = unit.zh()
        ),
        Lang::En => format!(
            "Spending went from {} {u} in {pname} to {} {u} in {cname}, {} {} {u}",
            compact_amount(total.prior),
            compact_amount(total.current),
            if total.change < Decimal::ZERO { "down" } else { "up" },
            compact_amount(total.change.abs()),
            u = unit.en()
        ),
    };
    if let Some(b) = steps.first() {
        let dir = if b.change < Decimal::ZERO {
            tr(lang, "减少", "down")
        } else {
            tr(lang, "增加", "up")
        };
        match lang {
            Lang::Zh => s.push_str(&format!("；其中{}{dir}{}{}", b.label, compact_amount(b.change.abs()), unit.zh())),
            Lang::En => s.push_str(&format!("; {} {dir} {} {}", b.label, compact_amount(b.change.abs()), unit.en())),
        }
    }
    s
}
