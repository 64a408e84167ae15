//! Expenditure by function classification (功能分类) as a treemap: 类 at the root, a 类's 款 and a
//! 款's 项 when drilled. Colour follows the 类; a two-tone strip at the foot of each block shows
//! the 基本支出 / 项目支出 split.

use super::layout::{mark, px, year_prefix, Frame, Label};
use super::scene::{ellipsize, Anchor, Baseline, Color, Measure};
use super::style::{amount, cell, largest_sentence, mix, pct, pct_text, share_line, share_text, Disp};
use super::treemap::squarify;
use super::{Options, Scene};
use crate::model::{Budget, FunctionRow, FunctionTable, Level};
use crate::money::Lang;
use rust_decimal::Decimal;

/// Strip colours: 基本 dark, 项目 light; the same on every block so the legend reads once.
/// Blocks drawn at one level. A table pasted many times over can give thousands of 类 at the top; past
/// this the smallest fold into one block with their exact sum (the data table still lists every row).
pub const MAX_BLOCKS: usize = 240;

const BASIC: Color = Color(24, 24, 24, 235);
const PROJECT: Color = Color(255, 255, 255, 215);

fn positive(r: &FunctionRow) -> bool {
    r.total.is_some_and(|t| t > Decimal::ZERO)
}

/// Rows one level below `parent` (the top level when `None`), drawable ones only.
fn children<'t>(t: &'t FunctionTable, parent: Option<&str>) -> Vec<&'t FunctionRow> {
    match parent {
        // `level()` first: `parent_code` slices bytes, safe only on the all-digit codes `level` accepts.
        Some(p) => t.rows.iter().filter(|r| r.level().is_some() && r.parent_code() == Some(p) && positive(r)).collect(),
        None => {
            // The shallowest level printed (类 normally; 款 when a table starts there).
            let top = t.rows.iter().filter(|r| positive(r)).filter_map(|r| r.level()).min();
            t.rows.iter().filter(|r| top.is_some() && r.level() == top && positive(r)).collect()
        }
    }
}

fn level_name(l: Option<Level>, lang: Lang) -> &'static str {
    match (l, lang) {
        (Some(Level::Class), Lang::Zh) => "类",
        (Some(Level::Section), Lang::Zh) => "款",
        (Some(Level::Item), Lang::Zh) => "项",
        (Some(Level::Class), Lang::En) => "class",
        (Some(Level::Section), Lang::En) => "section",
        (Some(Level::Item), Lang::En) => "item",
        (None, Lang::Zh) => "项",
        (None, Lang::En) => "line",
    }
}

/// (basic, project) of a row, filling a blank column from 合计 − the other.
fn split(r: &FunctionRow) -> Option<(Decimal, Decimal)> {
    crate::dec::fill_pair(r.total?, r.basic, r.project)
}

// Not inlined into `chart::build`: a browser compiles a wasm function the first time it runs, so
// one function holding every kind would compile the kinds a page does not draw.
#[inline(never)]
pub fn build(budget: &Budget, opts: &Options, m: &dyn Measure) -> Scene {
    let mut f = Frame::new(opts, m, budget);
    let lang = opts.lang;
    let yp = year_prefix(budget, lang);
    f.title = f.tr(&format!("{yp}支出功能分类"), &format!("{yp}spending by function"));
    let Some(table) = budget.functions() else {
        let msg = f.tr("本预算未列出功能分类支出", "No spending by function in this budget");
        return f.message(msg);
    };
    let unit = table.unit;
    let roots = children(table, None);
    if roots.is_empty() {
        let msg = f.tr("本预算未列出功能分类支出", "No spending by function in this budget");
        return f.message(msg);
    }
    // Colours belong to the top-level rows by rank, so a drilled view keeps its parent's colour.
    let mut ranked = roots.clone();
    crate::order::largest_first(&mut ranked, |r| r.total);
    // Looked up, not scanned: a table of many thousand rows made the scans per block quadratic.
    // (code, rank) by code, the best rank of a code first: a binary search finds it (a sorted
    // list rather than a hash map keeps SipHash and hashbrown out of the wasm).
    let rank: Vec<(&str, usize)> = {
        let order = crate::order::order(ranked.len(), &|a, b| ranked[a].code > ranked[b].code);
        order.into_iter().map(|i| (ranked[i].code.as_str(), i)).collect()
    };
    let rank_of = |p: &str| rank.binary_search_by(|(c, _)| c.cmp(&p)).ok().map(|k| {
        // The first entry of that code (ties keep input order: the best rank).
        let mut k = k;
        while k > 0 && rank[k - 1].0 == p {
            k -= 1;
        }
        rank[k].1
    });
    // The best-ranked top-level row whose code begins `code`.
    let colour_of = |code: &str| -> usize { (1..=code.len()).filter_map(|n| code.get(..n).and_then(rank_of)).min().unwrap_or(0) };
    // Codes with drawable rows below them, sorted for a binary search.
    let parents: Vec<&str> = {
        let codes: Vec<&str> = table.rows.iter().filter(|r| r.level().is_some() && positive(r)).filter_map(|r| r.parent_code()).collect();
        crate::order::order(codes.len(), &|a, b| codes[a] > codes[b]).into_iter().map(|i| codes[i]).collect()
    };

    // Follow the drill path as far as it names rows that have children.
    let mut parent: Option<&FunctionRow> = None;
    let mut trail: Vec<&FunctionRow> = Vec::new();
    for id in &opts.path {
        let here = children(table, parent.map(|p| p.code.as_str()));
        match here.into_iter().find(|r| &r.code == id && !children(table, Some(&r.code)).is_empty()) {
            Some(r) => {
                trail.push(r);
                parent = Some(r);
            }
            None => break,
        }
    }
    let mut rows = children(table, parent.map(|p| p.code.as_str()));
    crate::order::largest_first(&mut rows, |r| r.total);
    let sum = crate::dec::sum(rows.iter().filter_map(|r| r.total));
    f.disp = Disp::for_values(unit, rows.iter().filter_map(|r| r.total).max().unwrap_or_default());
    let level = rows.first().and_then(|r| r.level());

    if !trail.is_empty() {
        f.breadcrumb.push(f.tr("全部", "All"));
        f.breadcrumb.extend(trail.iter().map(|r| r.name.clone()));
    }
    // Headline total: the parent's printed total, or the table's 合计, else the sum drawn.
    let headline = match parent {
        Some(p) => p.total.unwrap_or(sum),
        None => table.total.as_ref().and_then(|t| t.total).unwrap_or(sum),
    };
    let scope = match parent {
        Some(p) => p.name.clone(),
        None => f.tr(&format!("{yp}支出"), &format!("{yp}spending")),
    };
    f.subtitle = match lang {
        Lang::Zh => format!("{} · {}合计 {} · 点击色块查看下一级", f.disp.note(lang), scope, amount(headline, unit, lang)),
        Lang::En => format!(
            "{} · {} total {} · click a block for its parts",
            f.disp.note(lang),
            scope,
            amount(headline, unit, lang)
        ),
    };
    let lv = level_name(level, lang);
    if let Some(first) = rows.first() {
        let share = share_text(first.total.unwrap_or_default(), sum);
        let (head, mid) = match lang {
            Lang::Zh => (scope.clone(), format!("，按功能分类最大一{lv}为")),
            Lang::En => (format!("{scope}: "), format!("; the largest {lv} by function is ")),
        };
        let value = first.total.unwrap_or_default();
        f.description = largest_sentence(lang, unit, &head, headline, &mid, &first.name, value, &share, "");
    }
    let cu = unit.zh();
    let ce = unit.en();
    f.set_table(
        vec![
            f.tr("科目编码", "Code"),
            f.tr("科目名称", "Name"),
            f.tr(&format!("合计（{cu}）"), &format!("Total ({ce})")),
            f.tr(&format!("基本支出（{cu}）"), &format!("Basic ({ce})")),
            f.tr(&format!("项目支出（{cu}）"), &format!("Projects ({ce})")),
            f.tr("占比", "Share"),
        ],
        rows.iter()
            .map(|r| {
                vec![
                    r.code.clone(),
                    r.name.clone(),
                    r.total.map(cell).unwrap_or_default(),
                    r.basic.map(cell).unwrap_or_default(),
                    r.project.map(cell).unwrap_or_default(),
                    r.total.map(|t| share_text(t, sum)).unwrap_or_default(),
                ]
            })
            .collect(),
    );

    let folded: FunctionRow;
    if rows.len() > MAX_BLOCKS {
        let rest = rows.split_off(MAX_BLOCKS - 1);
        let sum_of = |col: fn(&FunctionRow) -> Option<Decimal>| {
            let v: Vec<Decimal> = rest.iter().filter_map(|r| col(r)).collect();
            (!v.is_empty()).then(|| crate::dec::sum(v))
        };
        folded = FunctionRow {
            code: String::new(),
            name: super::bars::others_label(lang, rest.len()),
            total: sum_of(|r| r.total),
            basic: sum_of(|r| r.basic),
            project: sum_of(|r| r.project),
            source: Default::default(),
        };
        rows.push(&folded);
    }

    let area = f.area();
    let legend_h = legend(&mut f, area);
    let bx = [area[0], area[1] + legend_h, area[2], (area[3] - legend_h).max(0.0)];
    let values: Vec<f64> = rows.iter().map(|r| px(r.total.unwrap_or_default())).collect();
    let rects = squarify(&values, bx);
    let bg = f.pal.background;
    for (i, (r, q)) in rows.iter().zip(rects).enumerate() {
        let total = r.total.unwrap_or_default();
        let base = f.pal.series(colour_of(&r.code));
        // Siblings of one 类 alternate two shades so neighbouring blocks stay apart; the second is
        // mixed toward the text colour (away from the background) so it keeps ≥ 3:1 against it.
        let fill = if parent.is_some() && i % 2 == 1 { mix(base, f.pal.text, 0.28) } else { base };
        let idx = f.marks.len();
        f.rect_stroked(q[0], q[1], q[2], q[3], fill, bg, Some(idx));
        let strip_h = if q[3] >= 24.0 { 5.0 } else { 0.0 };
        if let Some((b, _p)) = split(r).filter(|_| strip_h > 0.0 && total > Decimal::ZERO) {
            let bw = (q[2] - 2.0) * (px(b) / px(total)).clamp(0.0, 1.0);
            let sy = q[1] + q[3] - strip_h - 1.0;
            f.rect(q[0] + 1.0, sy, bw, strip_h, BASIC, Some(idx));
            f.rect(q[0] + 1.0 + bw, sy, (q[2] - 2.0 - bw).max(0.0), strip_h, PROJECT, Some(idx));
        }
        block_labels(&mut f, r, q, fill, strip_h, total, sum);

        let id = if r.code.is_empty() { "others".to_string() } else { r.code.clone() };
        let mut mk = mark(id, &r.name, total, unit);
        mk.share = pct(total, sum, 1);
        mk.lines.push(r.name.clone());
        if !r.code.is_empty() {
            mk.lines.push(match lang {
                Lang::Zh => format!("科目编码 {}（{}）", r.code, level_name(r.level(), lang)),
                Lang::En => format!("code {} ({})", r.code, level_name(r.level(), lang)),
            });
        }
        mk.lines.push(amount(total, unit, lang));
        mk.lines.extend(share_line(total, sum, lang));
        if let Some((b, p)) = split(r) {
            mk.lines.push(f.tr(
                &format!("基本支出 {} · 项目支出 {}", amount(b, unit, lang), amount(p, unit, lang)),
                &format!("basic {} · projects {}", amount(b, unit, lang), amount(p, unit, lang)),
            ));
        }
        if !r.code.is_empty() && parents.binary_search(&r.code.as_str()).is_ok() {
            mk.drill = Some(r.code.clone());
        }
        mk.bbox = q;
        f.marks.push(mk);
    }
    f.finish()
}

/// The 基本/项目 key above the blocks; returns the height it took.
fn legend(f: &mut Frame, area: [f64; 4]) -> f64 {
    let size = f.sz.small;
    let h = size * 1.7;
    if area[3] < h * 3.0 {
        return 0.0;
    }
    let y = area[1] + size * 0.6;
    let sw = size * 0.9;
    let mut x = area[0];
    let muted = f.pal.muted;
    // Each swatch is a small block with the strip at its foot, as on the treemap: a bare near-black
    // or white swatch would vanish against a dark or light page.
    let block = f.pal.series(0);
    for (fill, zh, en) in [(BASIC, "基本支出", "basic"), (PROJECT, "项目支出", "projects")] {
        let text = f.tr(zh, en);
        let tw = f.m.width(&text, size, false);
        if x + sw + 4.0 + tw > area[0] + area[2] {
            break;
        }
        f.rect(x, y - sw / 2.0, sw * 2.0, sw, block, None);
        f.rect(x + 1.0, y + sw * 0.1, sw * 2.0 - 2.0, sw * 0.4 - 1.0, fill, None);
        f.reserve([x, y - sw / 2.0, sw * 2.0, sw]);
        if f.text(Label::new(&text, x + sw * 2.0 + 4.0, y, size, muted)).is_none() {
            break;
        }
        x += sw * 2.0 + 4.0 + tw + 12.0;
    }
    let note = f.tr("（各色块底部的色条）", "(strip at the foot of each block)");
    f.text(Label::new(&note, x, y, size, muted).max(area[0] + area[2] - x));
    h
}

/// Name, amount and share inside a block, as many lines as fit; a name that would keep fewer
/// than two characters is dropped rather than shown as a stub.
#[allow(clippy::too_many_arguments)]
fn block_labels(f: &mut Frame, r: &FunctionRow, q: [f64; 4], fill: Color, strip_h: f64, total: Decimal, sum: Decimal) {
    let size = f.sz.label;
    let pad = 5.0;
    let inner_w = q[2] - 2.0 * pad;
    let inner_h = q[3] - 2.0 * pad - strip_h;
    let line_h = size * 1.25;
    if inner_w < size * 2.0 || inner_h < line_h {
        return;
    }
    let name = ellipsize(f.m, &r.name, size, true, inner_w);
    if name.chars().count() < 3 && name != r.name {
        return;
    }
    let ink = f.pal.ink_on(Color(fill.0, fill.1, fill.2, 255));
    let mut y = q[1] + pad;
    if f.text(Label::new(&name, q[0] + pad, y, size, ink).baseline(Baseline::Top).bold().max(inner_w))
        .is_none()
    {
        return;
    }
    y += line_h;
    if inner_h >= line_h * 2.0 {
        let value = f.disp.label(total, f.lang);
        if f.m.width(&value, size, false) <= inner_w {
            f.text(Label::new(&value, q[0] + pad, y, size, ink).baseline(Baseline::Top));
            y += line_h;
        }
    }
    if inner_h >= line_h * 3.0 {
        if let Some(p) = pct(total, sum, 1) {
            let s = pct_text(p, false);
            f.text(
                Label::new(&s, q[0] + pad, y, size, ink)
                    .baseline(Baseline::Top)
                    .anchor(Anchor::Start)
                    .max(inner_w),
            );
        }
    }
}
