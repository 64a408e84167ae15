//! “三公”经费 by category, last year (grey) against this year (blue), every value labelled:
//! the amounts are small and readers compare them to the cent. From the 三公 table rows, else
//! from the sentences that state them.

use super::bars::{self, Mode};
use super::layout::{mark, px, year_prefix, Frame, Label};
use super::scene::Measure;
use super::style::{amount, cell, change_line, compact_amount, pct, pct_text, tr, Disp};
use super::{Options, Scene};
use crate::model::{Budget, DocKind, SanGong, SanGongCategory};
use crate::money::{Lang, Unit};
use rust_decimal::Decimal;

struct Row {
    key: SanGongCategory,
    label: String,
    current: Decimal,
    prior: Option<Decimal>,
}

/// The two sides compared, with their names, and the rows.
struct Data {
    unit: Unit,
    before: String,
    after: String,
    prior_year: Option<i32>,
    rows: Vec<Row>,
}

fn yname(y: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{y}年"),
        Lang::En => y.to_string(),
    }
}

/// Categories to show: purchase and operation separately when printed, else the combined vehicles.
fn keys(has: &dyn Fn(SanGongCategory) -> bool) -> Vec<SanGongCategory> {
    let split = has(SanGongCategory::VehiclePurchase) || has(SanGongCategory::VehicleOperation);
    SanGongCategory::ALL.into_iter().filter(|&k| has(k) && !(k == SanGongCategory::Vehicles && split)).collect()
}

/// The row of `phase`, else the first.
fn pick<'b>(rows: &[&'b SanGong], phase: Option<DocKind>) -> Option<&'b SanGong> {
    rows.iter().copied().find(|r| r.phase == phase).or(rows.first().copied())
}

fn from_table(b: &Budget, lang: Lang) -> Option<Data> {
    let dated: Vec<&SanGong> = b.sangong.iter().filter(|r| r.year.is_some()).collect();
    let year = b.year.or_else(|| dated.iter().filter_map(|r| r.year).max())?;
    let this: Vec<&SanGong> = dated.iter().copied().filter(|r| r.year == Some(year)).collect();
    let last: Vec<&SanGong> = dated.iter().copied().filter(|r| r.year == Some(year - 1)).collect();
    // Final accounts print 预算数 and 决算数 for one year: compare those when no prior year is printed.
    let (cur, prev, before, after, prior_year) = if !last.is_empty() {
        (
            pick(&this, Some(b.kind)).or(pick(&this, None))?,
            pick(&last, Some(b.kind)),
            yname(year - 1, lang),
            yname(year, lang),
            Some(year - 1),
        )
    } else {
        let fin = this.iter().copied().find(|r| r.phase == Some(DocKind::FinalAccounts));
        let bud = this.iter().copied().find(|r| r.phase == Some(DocKind::Budget));
        match (fin, bud) {
            (Some(fa), Some(bu)) => (fa, Some(bu), tr(lang, "预算数", "budget"), tr(lang, "决算数", "actual"), None),
            _ => (this.first().copied()?, None, yname(year - 1, lang), yname(year, lang), Some(year - 1)),
        }
    };
    let unit = cur.unit;
    let rows = keys(&|k| cur.get(k).is_some())
        .into_iter()
        .filter_map(|k| {
            Some(Row {
                key: k,
                label: tr(lang, k.zh(), k.en()),
                current: cur.get(k)?,
                prior: prev.filter(|p| p.unit == unit).and_then(|p| p.get(k)),
            })
        })
        .collect::<Vec<_>>();
    (!rows.is_empty()).then_some(Data {
        unit,
        before,
        after,
        prior_year,
        rows,
    })
}

fn from_text(b: &Budget, lang: Lang) -> Option<Data> {
    let first = b.sangong_text.first()?;
    let unit = first.unit;
    let find = |k: SanGongCategory| b.sangong_text.iter().find(|s| s.category == k && s.unit == unit);
    let mut prior_year = None;
    let rows = keys(&|k| find(k).is_some())
        .into_iter()
        .filter_map(|k| {
            let s = find(k)?;
            let prior = s.prior.as_ref().and_then(|p| {
                prior_year = prior_year.or(Some(p.year));
                super::projects::prior_of(s.amount, p).map(|(a, _, _)| a)
            });
            Some(Row {
                key: k,
                label: tr(lang, k.zh(), k.en()),
                current: s.amount,
                prior,
            })
        })
        .collect::<Vec<_>>();
    let year = b.year;
    let py = prior_year.or(year.map(|y| y - 1));
    let before = py.map(|y| yname(y, lang)).unwrap_or_else(|| tr(lang, "上年", "last year"));
    let after = year.map(|y| yname(y, lang)).unwrap_or_else(|| tr(lang, "本年", "this year"));
    (!rows.is_empty()).then_some(Data {
        unit,
        before,
        after,
        prior_year: py,
        rows,
    })
}

/// The table is the authority for this year's amounts. When it compares nothing (a table with
/// vanished cells, or one without last year), the sentences' categories and last-year figures
/// complete it; a sentence's last year is taken only where its amount equals the table's.
fn merge(table: Data, text: Data) -> Data {
    if table.unit != text.unit || table.rows.iter().any(|r| r.prior.is_some()) {
        return table;
    }
    let mut rows: Vec<Row> = Vec::new();
    for k in SanGongCategory::ALL {
        let t = table.rows.iter().find(|r| r.key == k);
        let x = text.rows.iter().find(|r| r.key == k);
        let row = match (t, x) {
            (Some(t), Some(x)) => Row {
                key: k,
                label: t.label.clone(),
                current: t.current,
                prior: if t.current == x.current { x.prior } else { None },
            },
            (Some(r), None) | (None, Some(r)) => Row { key: r.key, label: r.label.clone(), current: r.current, prior: r.prior },
            (None, None) => continue,
        };
        rows.push(row);
    }
    if rows.iter().any(|r| matches!(r.key, SanGongCategory::VehiclePurchase | SanGongCategory::VehicleOperation)) {
        rows.retain(|r| r.key != SanGongCategory::Vehicles);
    }
    let (before, prior_year) = if rows.iter().any(|r| r.prior.is_some()) {
        (text.before, text.prior_year)
    } else {
        (table.before, table.prior_year)
    };
    Data { unit: table.unit, before, after: table.after, prior_year, rows }
}

// Not inlined into `chart::build`: a browser compiles a wasm function the first time it runs, so
// one function holding every kind would compile the kinds a page does not draw.
#[inline(never)]
pub fn build(budget: &Budget, opts: &Options, m: &dyn Measure) -> Scene {
    let mut f = Frame::new(opts, m, budget);
    let lang = opts.lang;
    let yp = year_prefix(budget, lang);
    f.title = f.tr(
        &format!("{yp}“三公”经费"),
        &format!("{yp}'three public' expenses: trips abroad, receptions, vehicles"),
    );
    let data = match (from_table(budget, lang), from_text(budget, lang)) {
        (Some(t), Some(x)) => Some(merge(t, x)),
        (t, x) => t.or(x),
    };
    let Some(data) = data else {
        let msg = f.tr("本预算未列出“三公”经费", "No 'three public' expenses in this budget");
        return f.message(msg);
    };
    let unit = data.unit;
    f.disp = Disp::for_values(
        unit,
        data.rows.iter().map(|r| r.current.max(r.prior.unwrap_or_default())).max().unwrap_or_default(),
    );
    let (before, after) = (data.before.clone(), data.after.clone());
    let any_prior = data.rows.iter().any(|r| r.prior.is_some());
    f.subtitle = if any_prior {
        f.tr(
            &format!("{} · 灰色为{before}，蓝色为{after}", f.disp.note(lang)),
            &format!("{} · grey {before}, blue {after}", f.disp.note(lang)),
        )
    } else {
        f.disp.note(lang)
    };
    f.set_table(
        vec![f.tr("类别", "Category"), before.clone(), after.clone(), f.tr("增减", "Change")],
        data.rows
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    r.prior.map(cell).unwrap_or_default(),
                    cell(r.current),
                    r.prior.map(|p| cell(crate::dec::minus(r.current, p))).unwrap_or_default(),
                ]
            })
            .collect(),
    );
    f.description = describe(&data, lang);

    let area = f.area();
    let size = f.sz.label;
    let small = f.sz.small;
    let key_h = if any_prior { small * 1.6 } else { 0.0 };
    let body = [area[0], area[1] + key_h, area[2], (area[3] - key_h).max(0.0)];
    let n = data.rows.len();
    let labels: Vec<String> = data.rows.iter().map(|r| r.label.clone()).collect();
    let values: Vec<String> = data.rows.iter().map(|r| f.disp.label(r.current, lang)).collect();
    let mut geo = bars::rows(&f, body, &labels, &values, n);
    // Few rows, two bars each: let rows grow taller than plain bar charts so both values fit.
    if geo.mode == Mode::Side {
        geo.rh = ((body[3] - small * 1.5) / n.max(1) as f64).min(size * 4.2);
        geo.thick = (geo.rh * 0.72).min(34.0);
        geo.bar_dy = (geo.rh - geo.thick) / 2.0;
    }
    let (text, muted, prior_c, cur_c, grid) = (f.pal.text, f.pal.muted, f.pal.prior, f.pal.primary, f.pal.grid);
    if any_prior {
        let hy = area[1] + key_h / 2.0;
        let mut x = geo.x0;
        for (c, t) in [(prior_c, &before), (cur_c, &after)] {
            let sw = small * 0.9;
            f.rect(x, hy - sw / 2.0, sw, sw, c, None);
            f.reserve([x, hy - sw / 2.0, sw, sw]);
            if let Some(b) = f.text(Label::new(t, x + sw + 4.0, hy, small, muted)) {
                x = b[0] + b[2] + 12.0;
            }
        }
    }
    let max = data
        .rows
        .iter()
        .map(|r| r.current.max(r.prior.unwrap_or_default()))
        .fold(Decimal::ZERO, Decimal::max);
    let len = |v: Decimal| {
        if max > Decimal::ZERO {
            geo.len * px(v.max(Decimal::ZERO)) / px(max)
        } else {
            0.0
        }
    };
    let bottom = geo.top + geo.rh * n as f64;
    f.line(geo.x0, geo.top, geo.x0, bottom, f.pal.axis, 1.0);
    for (i, r) in data.rows.iter().enumerate() {
        let idx = f.marks.len();
        let row_y = geo.top + geo.rh * i as f64;
        let by = row_y + geo.bar_dy;
        f.hit_area(area[0], row_y, area[2], geo.rh, idx);
        if r.key == SanGongCategory::Total && i + 1 < n {
            f.line(area[0], row_y + geo.rh, area[0] + area[2], row_y + geo.rh, grid, 1.0);
        }
        let half = if r.prior.is_some() { geo.thick / 2.0 } else { geo.thick };
        let cy = by + geo.thick - half;
        if let Some(p) = r.prior {
            f.rect(geo.x0, by, len(p), half - 0.5, prior_c, Some(idx));
        }
        let lc = len(r.current);
        f.rect(geo.x0, cy, lc, half, cur_c, Some(idx));
        let cur_text = f.disp.label(r.current, lang);
        match geo.mode {
            Mode::Side => {
                bars::side_name(&mut f, &geo, &r.label, by, r.key == SanGongCategory::Total);
                // Each bar's own value at its end when both fit, else this year's only, centred.
                let two = r.prior.is_some() && half >= small * 1.15;
                if two {
                    let p = r.prior.unwrap_or_default();
                    let pt = f.disp.num(p);
                    f.text(Label::new(&pt, geo.x0 + len(p) + 4.0, by + half / 2.0, small, muted));
                    f.text(Label::new(&cur_text, geo.x0 + lc + 4.0, cy + half / 2.0, small, text));
                } else {
                    f.text(Label::new(
                        &cur_text,
                        geo.x0 + lc.max(len(r.prior.unwrap_or_default())) + 4.0,
                        by + geo.thick / 2.0,
                        size,
                        text,
                    ));
                }
            }
            Mode::Stacked => {
                let v = match r.prior {
                    Some(p) => format!("{} → {}", f.disp.num(p), f.disp.num(r.current)),
                    None => f.disp.num(r.current),
                };
                bars::stacked_labels(&mut f, &geo, area, row_y, &r.label, &v, r.key == SanGongCategory::Total);
            }
        }
        let mut mk = mark(r.key.as_str().to_string(), &r.label, r.current, unit);
        mk.lines = vec![r.label.clone(), format!("{after} {}", amount(r.current, unit, lang))];
        if let Some(p) = r.prior {
            mk.prior = Some(p);
            mk.change = Some(crate::dec::minus(r.current, p));
            mk.lines.push(format!("{before} {}", amount(p, unit, lang)));
            mk.lines.push(match data.prior_year {
                Some(y) => change_line(crate::dec::minus(r.current, p), p, Some(y), unit, lang),
                None => tr(
                    lang,
                    &format!("与{before}相比 {}", super::style::signed(crate::dec::minus(r.current, p), unit, lang)),
                    &format!("vs {before}: {}", super::style::signed(crate::dec::minus(r.current, p), unit, lang)),
                ),
            });
        }
        mk.bbox = [geo.x0, by, lc.max(len(r.prior.unwrap_or_default())).max(1.0), geo.thick];
        f.marks.push(mk);
    }
    f.finish()
}

fn unit_word(u: Unit, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => u.zh(),
        Lang::En => u.en(),
    }
}

fn describe(d: &Data, lang: Lang) -> String {
    let u = unit_word(d.unit, lang);
    let total = d.rows.iter().find(|r| r.key == SanGongCategory::Total);
    let biggest = d
        .rows
        .iter()
        .filter(|r| r.key != SanGongCategory::Total && r.current > Decimal::ZERO)
        .max_by_key(|r| r.current);
    let mut s = match (total, lang) {
        (Some(t), Lang::Zh) => {
            let mut s = format!("{}“三公”经费{}{u}", d.after, compact_amount(t.current));
            if let Some(p) = t.prior {
                let c = crate::dec::minus(t.current, p);
                if c.is_zero() {
                    s.push_str(&format!("，与{}持平", d.before));
                } else {
                    let dir = if c < Decimal::ZERO { "减少" } else { "增加" };
                    let pc = pct(c.abs(), p, 1).map(|x| format!("（{}）", pct_text(x, false))).unwrap_or_default();
                    s.push_str(&format!("，比{}{dir}{}{u}{pc}", d.before, compact_amount(c.abs())));
                }
            }
            s
        }
        (Some(t), Lang::En) => {
            let mut s = format!("'Three public' expenses {} {u} in {}", compact_amount(t.current), d.after);
            if let Some(p) = t.prior {
                let c = crate::dec::minus(t.current, p);
                let pc = pct(c.abs(), p, 1).map(|x| format!(" ({})", pct_text(x, false))).unwrap_or_default();
                if c.is_zero() {
                    s.push_str(&format!(", unchanged from {}", d.before));
                } else {
                    s.push_str(&format!(
                        ", {} {} {u}{pc} from {}",
                        if c < Decimal::ZERO { "down" } else { "up" },
                        compact_amount(c.abs()),
                        d.before
                    ));
                }
            }
            s
        }
        (None, Lang::Zh) => format!("{}“三公”经费", d.after),
        (None, Lang::En) => format!("'Three public' expenses in {}", d.after),
    };
    if let Some(b) = biggest {
        match lang {
            Lang::Zh => s.push_str(&format!("，最大一项为{}{}{u}", b.label, compact_amount(b.current))),
            Lang::En => s.push_str(&format!("; the largest is {} at {} {u}", b.label.to_ascii_lowercase(), compact_amount(b.current))),
        }
    }
    s
}
