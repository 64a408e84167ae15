//! The performance-target table (绩效目标表): tasks with their amounts, 金额合计, 年度总体目标 and
//! the indicators (一级 / 二级 / 三级 / 目标值; a blank level repeats the row above).

use super::tables::Block;
use super::lines::Line as TextLine;
use super::text::{amount, cells, compact, tokens};
use crate::model::{Indicator, Line, Performance, Source, Task, Warning};
use crate::money::Unit;
use rust_decimal::Decimal;

#[derive(PartialEq)]
enum Part {
    Tasks,
    Goal,
    Indicators,
}

/// 一级指标 names (alone in a row they start a new group with no 二级 yet).
const LEVEL1: &[&str] = &["产出", "效益", "满意度", "产出指标", "效益指标", "满意度指标", "成本指标"];

pub(crate) fn read_performance(block: &Block, lines: &[TextLine], unit: Unit, warnings: &mut Vec<Warning>) -> Performance {
    let title = block.title.as_str();
    let mut perf = Performance::default();
    let mut part = Part::Tasks;
    let (mut level1, mut level2) = (String::new(), String::new());
    let tabbed = block.body.iter().any(|&i| lines[i].tabbed());
    for &i in &block.body {
        let l = &lines[i];
        if l.is_blank() {
            continue;
        }
        // Once the table started, a line without cells is prose after it.
        if tabbed && !l.tabbed() {
            if perf.tasks.is_empty() && part == Part::Tasks {
                continue;
            }
            break;
        }
        let parts: Vec<&str> =
            if tabbed { cells(&l.text).into_iter().filter(|c| !c.is_empty()).collect() } else { tokens(&l.text) };
        let Some(first) = parts.first().map(|p| compact(p)) else { continue };
        if first.starts_with("年度总体目标") {
            part = Part::Goal;
            let rest: Vec<&str> = parts[1..].to_vec();
            let inline = first.trim_start_matches("年度总体目标").to_string();
            perf.goal =
                [inline.as_str()].into_iter().chain(rest).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
            continue;
        }
        if parts.iter().any(|p| compact(p).contains("一级指标")) {
            part = Part::Indicators;
            continue;
        }
        match part {
            Part::Tasks => task_row(l, &parts, unit, title, &mut perf, warnings),
            Part::Goal => {
                if !perf.goal.is_empty() {
                    perf.goal.push(' ');
                }
                perf.goal.push_str(&parts.join(" "));
            }
            Part::Indicators => {
                let mut cs: Vec<String> = parts.iter().map(|p| p.trim().to_string()).collect();
                if cs.first().is_some_and(|c| compact(c) == "年度绩效指标") {
                    cs.remove(0);
                }
                if cs.len() < 2 || cs.len() > 4 {
                    warnings.push(Warning {
                        line: l.no,
                        message: format!("{title}：指标行有 {} 个单元格（应为三级指标和指标值，可另有一级 / 二级指标），未读取", cs.len()),
                        page: None,
                    });
                    continue;
                }
                let target = cs.pop().unwrap_or_default();
                let name = cs.pop().unwrap_or_default();
                match cs.as_slice() {
                    [a, b] => {
                        level1 = a.clone();
                        level2 = b.clone();
                    }
                    [a] if LEVEL1.contains(&compact(a).as_str()) => {
                        level1 = a.clone();
                        level2 = String::new();
                    }
                    [b] => level2 = b.clone(),
                    _ => {}
                }
                perf.indicators.push(Indicator {
                    level1: level1.clone(),
                    level2: level2.clone(),
                    name: name.clone(),
                    target,
                    source: Source::row(l.no, title, &name),
                });
            }
        }
    }
    perf
}

fn task_row(
    l: &TextLine,
    parts: &[&str],
    unit: Unit,
    title: &str,
    perf: &mut Performance,
    warnings: &mut Vec<Warning>,
) {
    // Header and identity rows.
    if parts.iter().any(|p| {
        let c = compact(p);
        c == "任务名称" || c == "总额" || c.starts_with("其中：") || c == "主管部门"
    }) {
        return;
    }
    let k = parts.iter().rev().take(3).take_while(|p| amount(p).is_some()).count();
    let texts: Vec<&str> = parts[..parts.len() - k].iter().copied().filter(|p| compact(p) != "年度主要任务").collect();
    let values: Vec<Decimal> = parts[parts.len() - k..].iter().filter_map(|p| amount(p)).collect();
    if k == 0 {
        // A description carried onto the next line (or the next page).
        if let Some(last) = perf.tasks.last_mut() {
            if !last.description.is_empty() {
                last.description.push(' ');
            }
            last.description.push_str(&texts.join(" "));
        }
        return;
    }
    let Some(name) = texts.first().map(|t| t.trim().to_string()) else {
        warnings.push(Warning { line: l.no, message: format!("{title}：有金额而没有任务名称，未读取"), page: None });
        return;
    };
    let Some(&total) = values.first() else { return };
    let source = Source::row(l.no, title, &name);
    if compact(&name) == "金额合计" || compact(&name) == "合计" {
        perf.stated_total = Some(Line { name, amount: total, unit, depth: 0, source });
        return;
    }
    let (fiscal, other) = match values.as_slice() {
        [_, f, o] => (Some(*f), Some(*o)),
        [_] => (None, None),
        _ => {
            warnings.push(Warning {
                line: l.no,
                message: format!(
                    "{title}：«{name}» 在总额 / 财政拨款 / 其他资金三栏印了 {} 个金额；只读取总额",
                    values.len()
                ),
                page: None,
            });
            (None, None)
        }
    };
    perf.tasks.push(Task {
        name,
        description: texts.get(1..).unwrap_or(&[]).join(" "),
        total,
        fiscal,
        other,
        unit,
        source,
    });
}
