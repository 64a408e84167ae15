//! Project items (项目支出) as sorted bars, largest first; a project whose components the text
//! lists drills into them. Without project items, the function items that carry 项目支出 stand in
//! (the subtitle says so).

use super::bars::{self, Bar};
use super::layout::{mark, year_prefix, Frame};
use super::style::{amount, cell, change_line, largest_sentence, pct, pct_text, share_line, share_text, Disp};
use super::{Options, Scene};
use crate::chart::scene::Measure;
use crate::model::{Budget, Level, PriorYear};
use crate::money::{Lang, Unit};
use rust_decimal::Decimal;

/// One bar's worth of data before layout.
struct Item {
    id: String,
    label: String,
    value: Decimal,
    prior: Option<(Decimal, Decimal, i32)>,
    drill: Option<String>,
    extra: Vec<String>,
}

/// (prior amount, change, prior year) from a stated comparison; prior = amount − change when unstated.
pub fn prior_of(amount: Decimal, p: &PriorYear) -> Option<(Decimal, Decimal, i32)> {
    p.resolve(amount).map(|(a, c)| (a, c, p.year))
}

// Not inlined into `chart::build`: a browser compiles a wasm function the first time it runs, so
// one function holding every kind would compile the kinds a page does not draw.
#[inline(never)]
pub fn build(budget: &Budget, opts: &Options, m: &dyn Measure) -> Scene {
    let mut f = Frame::new(opts, m, budget);
    let lang = opts.lang;
    let yp = year_prefix(budget, lang);
    f.title = f.tr(&format!("{yp}项目支出"), &format!("{yp}project spending"));

    let (items, unit, fallback) = if !budget.projects.is_empty() {
        let unit = budget.projects.first().map(|p| p.unit).unwrap_or(budget.unit);
        let items = budget
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| Item {
                id: format!("project:{i}"),
                label: p.name.clone(),
                value: p.amount,
                prior: p.prior.as_ref().and_then(|y| prior_of(p.amount, y)),
                drill: (!p.components.is_empty()).then(|| format!("project:{i}")),
                extra: Vec::new(),
            })
            .collect::<Vec<_>>();
        (items, unit, false)
    } else if let Some(t) = budget.functions() {
        // The deepest rows (项 where printed, else 款/类) that carry project spending.
        let deepest = t.rows.iter().filter_map(|r| r.level()).max();
        let items = t
            .rows
            .iter()
            .filter(|r| r.level().is_some() && r.level() == deepest)
            .filter_map(|r| {
                let p = r.project.filter(|p| *p > Decimal::ZERO)?;
                Some(Item {
                    id: r.code.clone(),
                    label: r.name.clone(),
                    value: p,
                    prior: None,
                    drill: None,
                    extra: vec![format!("{} {}", r.code, level_word(r.level(), lang))],
                })
            })
            .collect::<Vec<_>>();
        (items, t.unit, true)
    } else {
        (Vec::new(), budget.unit, false)
    };
    if items.is_empty() {
        let msg = f.tr("本预算未列出项目明细", "No project items in this budget");
        return f.message(msg);
    }

    // Drill into one project's components.
    if let Some(idx) = drilled(budget, opts) {
        if let Some(p) = budget.projects.get(idx) {
            return components(f, budget, idx, p, m);
        }
    }

    let total = crate::dec::sum(items.iter().map(|i| i.value));
    f.disp = Disp::for_values(unit, items.iter().map(|i| i.value).max().unwrap_or_default());
    f.subtitle = if fallback {
        f.tr(
            &format!(
                "{} · 按功能分类的项目支出（本预算未列出项目明细）· 合计 {}",
                f.disp.note(lang),
                amount(total, unit, lang)
            ),
            &format!(
                "{} · project spending by function (no project list in this budget) · total {}",
                f.disp.note(lang),
                amount(total, unit, lang)
            ),
        )
    } else {
        f.tr(
            &format!("{} · {} 个项目，合计 {}", f.disp.note(lang), items.len(), amount(total, unit, lang)),
            &format!("{} · {} projects, total {}", f.disp.note(lang), items.len(), amount(total, unit, lang)),
        )
    };
    let mut items = items;
    crate::order::largest_first(&mut items, |r| Some(r.value));

    f.set_table(
        vec![
            f.tr("项目", "Project"),
            f.tr(&format!("金额（{}）", unit.zh()), &format!("Amount ({})", unit.en())),
            f.tr("占比", "Share"),
            f.tr("比上年增减", "Change vs last year"),
        ],
        items
            .iter()
            .map(|it| {
                vec![
                    it.label.clone(),
                    cell(it.value),
                    share_text(it.value, total),
                    it.prior.map(|(_, c, _)| cell(c)).unwrap_or_default(),
                ]
            })
            .collect(),
    );
    if let Some(first) = items.first() {
        let share = share_text(first.value, total);
        let (head, mid, tail) = match lang {
            Lang::Zh => (format!("{yp}项目支出"), "，最大一项为", ""),
            Lang::En => (format!("{yp}project spending "), "; the largest item is ", " of the total"),
        };
        f.description = largest_sentence(lang, unit, &head, total, mid, &first.label, first.value, &share, tail);
    }

    let area = f.area();
    let cap = bars::capacity(&f, area);
    let bars_list = bucket(items, cap, total, unit, f.disp, lang);
    bars::draw(&mut f, area, bars_list);
    f.finish()
}

fn level_word(l: Option<Level>, lang: Lang) -> &'static str {
    match (l, lang) {
        (Some(Level::Class), Lang::Zh) => "类",
        (Some(Level::Section), Lang::Zh) => "款",
        (Some(Level::Item), Lang::Zh) => "项",
        (Some(Level::Class), Lang::En) => "class",
        (Some(Level::Section), Lang::En) => "section",
        (Some(Level::Item), Lang::En) => "item",
        (None, _) => "",
    }
}

fn drilled(budget: &Budget, opts: &Options) -> Option<usize> {
    let id = opts.path.first()?;
    let idx: usize = id.strip_prefix("project:")?.parse().ok()?;
    budget.projects.get(idx).filter(|p| !p.components.is_empty()).map(|_| idx)
}

/// Items as bars; when more than fit, the smallest go into one `其他 N 项` bar.
fn bucket(items: Vec<Item>, cap: usize, total: Decimal, unit: Unit, disp: Disp, lang: Lang) -> Vec<Bar> {
    let cap = cap.max(2);
    let (shown, rest): (Vec<Item>, Vec<Item>) = if items.len() > cap {
        let mut it = items.into_iter();
        let shown: Vec<Item> = it.by_ref().take(cap - 1).collect();
        (shown, it.collect())
    } else {
        (items, Vec::new())
    };
    let mut out: Vec<Bar> = shown.into_iter().map(|it| to_bar(it, total, unit, disp, lang)).collect();
    if !rest.is_empty() {
        let sum = crate::dec::sum(rest.iter().map(|i| i.value));
        let label = bars::others_label(lang, rest.len());
        let mut mk = mark("others".into(), &label, sum, unit);
        mk.share = pct(sum, total, 1);
        mk.lines = vec![label.clone(), amount(sum, unit, lang)];
        mk.lines.extend(share_line(sum, total, lang));
        let names: Vec<String> = rest.iter().map(|i| i.label.clone()).collect();
        mk.lines.push(names.join("、"));
        out.push(Bar {
            value_label: disp.label(sum, lang),
            mark: mk,
            color: None,
        });
    }
    out
}

fn to_bar(it: Item, total: Decimal, unit: Unit, disp: Disp, lang: Lang) -> Bar {
    let mut mk = mark(it.id, &it.label, it.value, unit);
    mk.share = pct(it.value, total, 1);
    mk.lines.push(it.label.clone());
    mk.lines.extend(it.extra);
    mk.lines.push(amount(it.value, unit, lang));
    mk.lines.extend(share_line(it.value, total, lang));
    if let Some((prior, change, year)) = it.prior {
        mk.prior = Some(prior);
        mk.change = Some(change);
        mk.lines.push(change_line(change, prior, Some(year), unit, lang));
    }
    mk.drill = it.drill;
    Bar {
        value_label: disp.label(it.value, lang),
        mark: mk,
        color: None,
    }
}

fn components(mut f: Frame, budget: &Budget, idx: usize, p: &crate::model::Project, _m: &dyn Measure) -> Scene {
    let lang = f.lang;
    let unit = p.unit;
    let yp = year_prefix(budget, lang);
    f.title = f.tr(&format!("{yp}项目支出"), &format!("{yp}project spending"));
    f.breadcrumb = vec![f.tr("全部项目", "All projects"), p.name.clone()];
    let listed = crate::dec::sum(p.components.iter().map(|c| c.amount));
    f.disp = Disp::for_values(unit, p.amount);
    let mut items: Vec<Item> = p
        .components
        .iter()
        .enumerate()
        .map(|(j, c)| Item {
            id: format!("project:{idx}:{j}"),
            label: c.name.clone(),
            value: c.amount,
            prior: None,
            drill: None,
            extra: Vec::new(),
        })
        .collect();
    crate::order::largest_first(&mut items, |r| Some(r.value));
    // A partial list (…等) leaves part of the project unnamed: show it so the bars add up.
    let rest = crate::dec::minus(p.amount, listed);
    if rest > Decimal::ZERO {
        items.push(Item {
            id: format!("project:{idx}:rest"),
            label: f.tr("其他（未列明）", "Other (not itemised)"),
            value: rest,
            prior: None,
            drill: None,
            extra: Vec::new(),
        });
    }
    f.subtitle = f.tr(
        &format!(
            "{} · {}共 {}，列明 {} 项",
            f.disp.note(lang),
            p.name,
            amount(p.amount, unit, lang),
            p.components.len()
        ),
        &format!(
            "{} · {}: {}, {} components listed",
            f.disp.note(lang),
            p.name,
            amount(p.amount, unit, lang),
            p.components.len()
        ),
    );
    f.set_table(
        vec![
            f.tr("组成部分", "Component"),
            f.tr(&format!("金额（{}）", unit.zh()), &format!("Amount ({})", unit.en())),
            f.tr("占项目", "Share of project"),
        ],
        items
            .iter()
            .map(|it| {
                vec![
                    it.label.clone(),
                    cell(it.value),
                    pct(it.value, p.amount, 1).map(|q| pct_text(q, false)).unwrap_or_default(),
                ]
            })
            .collect(),
    );
    if let Some(first) = items.first() {
        let share = pct(first.value, p.amount, 1).map(|q| pct_text(q, false)).unwrap_or_default();
        let (head, mid) = match lang {
            Lang::Zh => (p.name.clone(), "，其中最大一项为"),
            Lang::En => (format!("{}: ", p.name), "; the largest component is "),
        };
        f.description = largest_sentence(lang, unit, &head, p.amount, mid, &first.label, first.value, &share, "");
    }
    let area = f.area();
    let cap = bars::capacity(&f, area);
    let bars_list = bucket(items, cap, p.amount, unit, f.disp, lang);
    bars::draw(&mut f, area, bars_list);
    f.finish()
}
