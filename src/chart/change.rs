//! Last year vs this year per item: paired bars (last year grey, this year blue) and, beside
//! them, diverging bars of the change labelled with Δ and %. Phones show the change bars only.
//! The department's stated total comparison comes first, then the projects that state one.

use super::bars::{self, Mode};
use super::layout::{mark, px, Frame, Label};
use super::projects::prior_of;
use super::scene::{Anchor, Measure};
use super::style::{amount, cell, change_line, compact_amount, pct, pct_text, tr, Disp};
use super::{Options, Scene};
use crate::model::Budget;
use crate::money::{Lang, Unit};
use rust_decimal::Decimal;

/// One compared line: this year, last year, change (= this − last, exact).
pub struct Row {
    pub id: String,
    pub label: String,
    pub current: Decimal,
    pub prior: Decimal,
    pub change: Decimal,
    pub prior_year: Option<i32>,
    pub total: bool,
}

/// The rows the change and waterfall charts share: the total first (if stated), then projects.
pub fn rows(budget: &Budget, lang: Lang) -> (Option<Row>, Vec<Row>, Unit) {
    let total = budget.prior_expenditure().and_then(|c| {
        let (prior, change, year) = prior_of(c.amount, &c.prior)?;
        Some(Row {
            id: "total:expenditure".into(),
            label: tr(lang, "支出合计", "Total spending"),
            current: c.amount,
            prior,
            change,
            prior_year: Some(year),
            total: true,
        })
    });
    let unit = budget
        .prior_expenditure()
        .map(|c| c.prior.unit)
        .or_else(|| budget.projects.first().map(|p| p.unit))
        .unwrap_or(budget.unit);
    let mut items: Vec<Row> = budget
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| p.unit == unit)
        .filter_map(|(i, p)| {
            let (prior, change, year) = prior_of(p.amount, p.prior.as_ref()?)?;
            Some(Row {
                id: format!("project:{i}"),
                label: p.name.clone(),
                current: p.amount,
                prior,
                change,
                prior_year: Some(year),
                total: false,
            })
        })
        .collect();
    crate::order::largest_first(&mut items, |r| Some(r.current));
    (total, items, unit)
}

/// The text's other comparisons in its order (not the total, which `rows` takes), in the first one's
/// unit; lines that are nil both years (`政府性基金拨款支出预算0万元，…持平`) say nothing and are left out.
fn stated_rows(budget: &Budget) -> (Vec<Row>, Unit) {
    let unit = budget.comparisons.iter().map(|c| c.prior.unit).next().unwrap_or(budget.unit);
    let rows = budget
        .comparisons
        .iter()
        .enumerate()
        .filter(|(_, c)| c.measure != crate::model::Measure::ExpenditureTotal && c.prior.unit == unit)
        .filter_map(|(i, c)| {
            let (prior, change, year) = prior_of(c.amount, &c.prior)?;
            (!(prior.is_zero() && c.amount.is_zero())).then(|| Row {
                id: format!("comparison:{i}"),
                label: c.subject.clone(),
                current: c.amount,
                prior,
                change,
                prior_year: Some(year),
                total: false,
            })
        })
        .collect();
    (rows, unit)
}

/// `−7,013.00（−20.0%）` without unit (the subtitle carries it); `持平` for no change.
fn delta_label(r: &Row, disp: Disp, lang: Lang) -> String {
    if r.change.is_zero() {
        return tr(lang, "持平", "unchanged");
    }
    let sign = if r.change < Decimal::ZERO { "−" } else { "+" };
    let body = format!("{sign}{}", disp.num(r.change.abs()));
    match pct(r.change, r.prior, 1) {
        Some(p) => match lang {
            Lang::Zh => format!("{body}（{}）", pct_text(p, true)),
            Lang::En => format!("{body} ({})", pct_text(p, true)),
        },
        None => body,
    }
}

// Not inlined into `chart::build`: a browser compiles a wasm function the first time it runs, so
// one function holding every kind would compile the kinds a page does not draw.
#[inline(never)]
pub fn build(budget: &Budget, opts: &Options, m: &dyn Measure) -> Scene {
    let mut f = Frame::new(opts, m, budget);
    let lang = opts.lang;
    let (total, mut items, mut unit) = rows(budget, lang);
    // No total or project comparison: the other changes the text states (财政拨款, 一般公共预算…), as printed.
    let stated = total.is_none() && items.is_empty();
    if stated {
        (items, unit) = stated_rows(budget);
    }
    let py = total.as_ref().or(items.first()).and_then(|r| r.prior_year).or(budget.year.map(|y| y - 1));
    let cy = budget.year;
    let yname = |y: Option<i32>, fallback_zh: &str, fallback_en: &str| match (y, lang) {
        (Some(y), Lang::Zh) => format!("{y}年"),
        (Some(y), Lang::En) => y.to_string(),
        (None, _) => tr(lang, fallback_zh, fallback_en),
    };
    let (pname, cname) = (yname(py, "上年", "last year"), yname(cy, "本年", "this year"));
    f.title = match lang {
        Lang::Zh => format!("{cname}与{pname}相比"),
        Lang::En => format!("{cname} compared with {pname}"),
    };
    if total.is_none() && items.is_empty() {
        let msg = f.tr("本预算未说明与上年的对比", "No comparison with last year in this budget");
        return f.message(msg);
    }
    // Before the subtitle, which names the unit: the compared figures may be in another unit than the tables.
    f.disp = Disp::for_values(unit, total.iter().chain(items.iter()).map(|r| r.current.max(r.prior)).max().unwrap_or_default());
    let basis = if stated { f.tr("；按文件所述的对比", "; the comparisons the text states") } else { String::new() };
    f.subtitle = if paired_for(f.width()) {
        f.tr(
            &format!("{} · 灰色为{pname}，蓝色为{cname}；右侧为增减额（增减幅度）{basis}", f.disp.note(lang)),
            &format!("{} · grey {pname}, blue {cname}; right: change (percent){basis}", f.disp.note(lang)),
        )
    } else {
        f.tr(
            &format!("{} · {cname}比{pname}增减额（增减幅度）{basis}", f.disp.note(lang)),
            &format!("{} · change from {pname} to {cname} (percent){basis}", f.disp.note(lang)),
        )
    };
    let all: Vec<&Row> = total.iter().chain(items.iter()).collect();
    f.set_table(
        vec![
            f.tr("项目", "Item"),
            pname.clone(),
            cname.clone(),
            f.tr("增减", "Change"),
            f.tr("增减幅度", "Change %"),
        ],
        all.iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    cell(r.prior),
                    cell(r.current),
                    cell(r.change),
                    pct(r.change, r.prior, 1).map(|p| pct_text(p, true)).unwrap_or_default(),
                ]
            })
            .collect(),
    );
    f.description = describe(total.as_ref(), &items, &pname, &cname, unit, lang);

    let area = f.area();
    let cap = bars::capacity(&f, area).max(2);
    let mut shown: Vec<Row> = Vec::new();
    let mut rest: Vec<Row> = Vec::new();
    let budget_rows = cap.saturating_sub(total.is_some() as usize).max(1);
    for (i, r) in items.into_iter().enumerate() {
        if i + 1 < budget_rows || (i + 1 == budget_rows && rest.is_empty()) {
            shown.push(r);
        } else {
            rest.push(r);
        }
    }
    // Too many rows: the last shown one joins the bucket so the bucket takes its place.
    if !rest.is_empty() {
        if let Some(last) = shown.pop() {
            rest.insert(0, last);
        }
        let (c, p): (Decimal, Decimal) = rest.iter().fold((Decimal::ZERO, Decimal::ZERO), |(c, p), r| (crate::dec::plus(c, r.current), crate::dec::plus(p, r.prior)));
        shown.push(Row {
            id: "others".into(),
            label: bars::others_label(lang, rest.len()),
            current: c,
            prior: p,
            change: crate::dec::minus(c, p),
            prior_year: py,
            total: false,
        });
    }
    let rows: Vec<Row> = total.into_iter().chain(shown).collect();
    draw(&mut f, area, &rows, unit, &pname, &cname);
    f.finish()
}

/// Paired bars need room beside the change bars; phones get the change bars only.
fn paired_for(width: f64) -> bool {
    width >= 560.0
}

fn describe(total: Option<&Row>, items: &[Row], pname: &str, cname: &str, unit: Unit, lang: Lang) -> String {
    let biggest = items.iter().filter(|r| !r.change.is_zero()).max_by_key(|r| r.change.abs());
    let mut s = match (total, lang) {
        (Some(t), Lang::Zh) => {
            let dir = if t.change < Decimal::ZERO { "减少" } else { "增加" };
            let p = pct(t.change.abs(), t.prior, 1)
                .map(|p| format!("（{}）", pct_text(p, false)))
                .unwrap_or_default();
            format!(
                "{cname}支出{}{}，比{pname}{dir}{}{}{p}",
                compact_amount(t.current),
                unit.zh(),
                compact_amount(t.change.abs()),
                unit.zh()
            )
        }
        (Some(t), Lang::En) => {
            let dir = if t.change < Decimal::ZERO { "down" } else { "up" };
            let p = pct(t.change.abs(), t.prior, 1)
                .map(|p| format!(" ({})", pct_text(p, false)))
                .unwrap_or_default();
            format!(
                "{cname} spending {} {}, {dir} {} {}{p} from {pname}",
                compact_amount(t.current),
                unit.en(),
                compact_amount(t.change.abs()),
                unit.en()
            )
        }
        (None, Lang::Zh) => format!("{cname}与{pname}相比"),
        (None, Lang::En) => format!("{cname} compared with {pname}"),
    };
    if let Some(b) = biggest {
        let v = format!("{}{}", if b.change < Decimal::ZERO { "−" } else { "+" }, compact_amount(b.change.abs()));
        match lang {
            Lang::Zh => s.push_str(&format!("，变化最大的是{}（{v}{}）", b.label, unit.zh())),
            Lang::En => s.push_str(&format!("; the largest change is {} ({v} {})", b.label, unit.en())),
        }
    }
    s
}

fn draw(f: &mut Frame, area: [f64; 4], rows: &[Row], unit: Unit, pname: &str, cname: &str) {
    let lang = f.lang;
    let size = f.sz.label;
    let n = rows.len();
    let labels: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
    let deltas: Vec<String> = rows.iter().map(|r| delta_label(r, f.disp, lang)).collect();
    // Header line for the panels.
    let head_h = size * 1.5;
    let body = [area[0], area[1] + head_h, area[2], (area[3] - head_h).max(0.0)];
    let geo = bars::rows(f, body, &labels, &[], n);
    let paired = geo.mode == Mode::Side && paired_for(f.width());

    // Right of the labels: [paired bars] [change bars] [change labels, right-aligned column].
    let (px0, px1) = (if geo.mode == Mode::Side { geo.x0 } else { area[0] }, area[0] + area[2]);
    let label_col = if geo.mode == Mode::Side {
        deltas.iter().map(|d| f.m.width(d, size, false)).fold(0.0, f64::max) + 10.0
    } else {
        0.0
    };
    let room = (px1 - px0 - label_col).max(20.0);
    let (pair, delta) = if paired {
        let split = px0 + room * 0.58;
        ((px0, split - 14.0), (split, px0 + room))
    } else {
        ((0.0, 0.0), (px0, px0 + room))
    };
    let (muted, grid, text) = (f.pal.muted, f.pal.grid, f.pal.text);
    let (prior_c, cur_c, up, down) = (f.pal.prior, f.pal.primary, f.pal.increase, f.pal.decrease);
    let small = f.sz.small;
    let hy = area[1] + head_h / 2.0;
    if paired {
        // Key: two swatches with the years.
        let mut x = pair.0;
        for (c, t) in [(prior_c, pname), (cur_c, cname)] {
            let sw = small * 0.9;
            f.rect(x, hy - sw / 2.0, sw, sw, c, None);
            f.reserve([x, hy - sw / 2.0, sw, sw]);
            if let Some(b) = f.text(Label::new(t, x + sw + 4.0, hy, small, muted)) {
                x = b[0] + b[2] + 12.0;
            }
        }
    }
    let dtitle = f.tr("增减（幅度）", "Change (%)");
    f.text(Label::new(&dtitle, px1, hy, small, muted).anchor(Anchor::End));

    let max = rows.iter().map(|r| r.current.max(r.prior)).fold(Decimal::ZERO, Decimal::max);
    let neg = rows.iter().map(|r| -r.change).fold(Decimal::ZERO, Decimal::max);
    let pos = rows.iter().map(|r| r.change).fold(Decimal::ZERO, Decimal::max);
    let span = px(crate::dec::plus(neg, pos));
    let k = if span > 0.0 { (delta.1 - delta.0) / span } else { 0.0 };
    let zero = delta.0 + px(neg) * k;
    let bottom = geo.top + geo.rh * n as f64;
    f.line(zero, geo.top, zero, bottom, f.pal.axis, 1.0);
    if paired {
        f.line(pair.0, geo.top, pair.0, bottom, grid, 1.0);
    }

    for (i, r) in rows.iter().enumerate() {
        let idx = f.marks.len();
        let row_y = geo.top + geo.rh * i as f64;
        let by = row_y + geo.bar_dy;
        f.hit_area(area[0], row_y, area[2], geo.rh, idx);
        if r.total && i + 1 < n {
            f.line(area[0], row_y + geo.rh, area[0] + area[2], row_y + geo.rh, grid, 1.0);
        }
        let mut bbox = [zero, by, 1.0, geo.thick];
        if paired && max > Decimal::ZERO {
            let len = pair.1 - pair.0;
            let t = geo.thick / 2.0;
            let lp = len * px(r.prior) / px(max);
            let lc = len * px(r.current) / px(max);
            f.rect(pair.0, by, lp.max(1.0), t - 0.5, prior_c, Some(idx));
            f.rect(pair.0, by + t + 0.5, lc.max(1.0), t - 0.5, cur_c, Some(idx));
            bbox = [pair.0, by, lp.max(lc).max(1.0), geo.thick];
        }
        // Diverging bar of the change.
        let dl = px(r.change.abs()) * k;
        let (x, colour) = if r.change < Decimal::ZERO { (zero - dl, down) } else { (zero, up) };
        f.rect(x, by, dl.max(if r.change.is_zero() { 0.0 } else { 1.0 }), geo.thick, colour, Some(idx));
        if !paired {
            bbox = [x.min(zero), by, dl.max(1.0), geo.thick];
        }
        let d = &deltas[i];
        match geo.mode {
            Mode::Side => {
                bars::side_name(f, &geo, &r.label, by, r.total);
                f.text(Label::new(d, px1, by + geo.thick / 2.0, size, text).anchor(Anchor::End));
            }
            Mode::Stacked => bars::stacked_labels(f, &geo, area, row_y, &r.label, d, r.total),
        }
        let mut mk = mark(r.id.clone(), &r.label, r.current, unit);
        mk.prior = Some(r.prior);
        mk.change = Some(r.change);
        mk.lines = vec![
            r.label.clone(),
            format!("{cname} {}", amount(r.current, unit, lang)),
            format!("{pname} {}", amount(r.prior, unit, lang)),
            change_line(r.change, r.prior, r.prior_year, unit, lang),
        ];
        mk.bbox = bbox;
        f.marks.push(mk);
    }
}
