//! Performance-target tasks (绩效目标表 年度主要任务) by amount as sorted bars; when more tasks
//! than rows fit, the smallest share one `其他 N 项` bar that drills into them. The indicators
//! (一级/二级/三级指标, 目标值) are text, not amounts: they go into the data table, where screen
//! readers and the table toggle reach them.

use super::bars::{self, Bar};
use super::layout::{mark, year_prefix, Frame};
use super::scene::Measure;
use super::style::{amount, cell, compact_amount, pct, share_line, share_text, Disp};
use super::{Options, Scene};
use crate::model::{Budget, Task};
use crate::money::Lang;
use rust_decimal::Decimal;

// Not inlined into `chart::build`: a browser compiles a wasm function the first time it runs, so
// one function holding every kind would compile the kinds a page does not draw.
#[inline(never)]
pub fn build(budget: &Budget, opts: &Options, m: &dyn Measure) -> Scene {
    let mut f = Frame::new(opts, m, budget);
    let lang = opts.lang;
    let yp = year_prefix(budget, lang);
    f.title = f.tr(&format!("{yp}绩效目标：主要任务"), &format!("{yp}performance targets: main tasks"));
    let perf = budget.performance.as_ref();
    let unit = perf.and_then(|p| p.tasks.first()).map(|t| t.unit).unwrap_or(budget.unit);
    let mut tasks: Vec<(usize, &Task)> = perf
        .map(|p| p.tasks.iter().enumerate().filter(|(_, t)| t.unit == unit).collect())
        .unwrap_or_default();
    if tasks.is_empty() {
        let msg = f.tr("本预算未列出绩效目标任务", "No performance tasks in this budget");
        return f.message(msg);
    }
    crate::order::largest_first(&mut tasks, |r| Some(r.1.total));
    let total = crate::dec::sum(tasks.iter().map(|(_, t)| t.total));
    f.disp = Disp::for_values(unit, tasks.first().map(|(_, t)| t.total).unwrap_or_default());
    let indicators = perf.map(|p| p.indicators.as_slice()).unwrap_or_default();

    f.subtitle = f.tr(
        &format!(
            "{} · {} 项任务，合计 {}；绩效指标见数据表",
            f.disp.note(lang),
            tasks.len(),
            amount(total, unit, lang)
        ),
        &format!(
            "{} · {} tasks, total {}; indicators in the data table",
            f.disp.note(lang),
            tasks.len(),
            amount(total, unit, lang)
        ),
    );
    let (ttask, tind) = (f.tr("任务", "Task"), f.tr("指标", "Indicator"));
    let mut rows: Vec<Vec<String>> = tasks
        .iter()
        .map(|(_, t)| vec![ttask.clone(), t.name.clone(), cell(t.total), String::new(), String::new(), String::new()])
        .collect();
    rows.extend(indicators.iter().map(|i| {
        vec![
            tind.clone(),
            i.name.clone(),
            String::new(),
            i.level1.clone(),
            i.level2.clone(),
            i.target.clone(),
        ]
    }));
    f.set_table(
        vec![
            f.tr("类别", "Kind"),
            f.tr("任务名称 / 三级指标", "Task / indicator"),
            f.tr(&format!("金额（{}）", unit.zh()), &format!("Amount ({})", unit.en())),
            f.tr("一级指标", "Level 1"),
            f.tr("二级指标", "Level 2"),
            f.tr("目标值", "Target"),
        ],
        rows,
    );
    if let Some((_, first)) = tasks.first() {
        let share = share_text(first.total, total);
        f.description = match lang {
            Lang::Zh => format!(
                "{yp}绩效目标表列出{}项任务，合计{}{u}，最大一项为{}{}{u}，占{share}；另列绩效指标{}项，见数据表",
                tasks.len(),
                compact_amount(total),
                first.name,
                compact_amount(first.total),
                indicators.len(),
                u = unit.zh()
            ),
            Lang::En => format!(
                "{yp}performance table lists {} tasks totalling {} {u}; the largest is {} at {} {u}, {share}; {} indicators are in the data table",
                tasks.len(),
                compact_amount(total),
                first.name,
                compact_amount(first.total),
                indicators.len(),
                u = unit.en()
            ),
        };
    }

    let area = f.area();
    let cap = bars::capacity(&f, area).max(2);
    // Each `others` in the path skips the tasks shown one level up.
    let mut skip = 0;
    for id in &opts.path {
        if id == "others" && tasks.len() > skip + cap {
            skip += cap - 1;
            let label = bars::others_label(lang, tasks.len() - (skip));
            if f.breadcrumb.is_empty() {
                f.breadcrumb.push(f.tr("全部任务", "All tasks"));
            }
            f.breadcrumb.push(label);
        } else {
            break;
        }
    }
    if !f.breadcrumb.is_empty() {
        // The breadcrumb takes a line of the header: lay the frame out again.
        f.reset();
        let area = f.area();
        return draw(f, area, &tasks[skip..], total, unit);
    }
    draw(f, area, &tasks, total, unit)
}

fn draw(mut f: Frame, area: [f64; 4], tasks: &[(usize, &Task)], total: Decimal, unit: crate::money::Unit) -> Scene {
    let lang = f.lang;
    let cap = bars::capacity(&f, area).max(2);
    let (shown, rest) = if tasks.len() > cap { tasks.split_at(cap - 1) } else { (tasks, &[][..]) };
    let mut list: Vec<Bar> = shown
        .iter()
        .map(|(i, t)| {
            let mut mk = mark(format!("task:{i}"), &t.name, t.total, unit);
            mk.share = pct(t.total, total, 1);
            mk.lines = vec![t.name.clone(), amount(t.total, unit, lang)];
            mk.lines.extend(share_line(t.total, total, lang));
            if let Some(fiscal) = t.fiscal.filter(|v| *v != t.total) {
                mk.lines.push(f.tr(
                    &format!("其中财政拨款 {}", amount(fiscal, unit, lang)),
                    &format!("of which fiscal {}", amount(fiscal, unit, lang)),
                ));
            }
            if !t.description.is_empty() && t.description != t.name {
                mk.lines.push(t.description.clone());
            }
            Bar {
                value_label: f.disp.label(t.total, lang),
                mark: mk,
                color: None,
            }
        })
        .collect();
    if !rest.is_empty() {
        let sum = crate::dec::sum(rest.iter().map(|(_, t)| t.total));
        let label = bars::others_label(lang, rest.len());
        let mut mk = mark("others".into(), &label, sum, unit);
        mk.share = pct(sum, total, 1);
        mk.lines = vec![label.clone(), amount(sum, unit, lang)];
        mk.lines.extend(share_line(sum, total, lang));
        mk.lines.push(rest.iter().map(|(_, t)| t.name.as_str()).collect::<Vec<_>>().join("、"));
        mk.drill = Some("others".into());
        list.push(Bar {
            value_label: f.disp.label(sum, lang),
            mark: mk,
            color: Some(f.pal.prior),
        });
    }
    bars::draw(&mut f, area, list);
    f.finish()
}
