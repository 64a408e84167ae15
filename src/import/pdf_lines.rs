//! A PDF's positioned text as the importer's lines. Runs on one baseline make a line (rows from
//! y); runs close together on it make a cell (a name in two runs, a number); cells keep where they
//! stand, in the units of a laid-out text (half an em of the page's usual font: the width of a
//! digit), so the tables are read by the same position rules as `pdftotext -layout` text — but
//! with the true positions: no drift, an empty cell an empty cell.
//!
//! A line's text is its cells with two spaces between them, as a laid-out text has them; each
//! line keeps its page.

use super::lines::Line;
use crate::pdf::{Document, Run};

/// Runs whose baselines differ by less than this share a line (of their font size).
const SAME_LINE: f32 = 0.35;
/// Runs apart by less than this (of their font size) are one cell.
const SAME_CELL: f32 = 0.6;

/// The document's lines, numbered from 1, page after page.
pub(crate) fn lines_of(doc: &Document) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for page in &doc.pages {
        let unit = column_unit(&page.runs);
        for row in baseline_rows(&page.runs) {
            let cells = join_runs(&row);
            if cells.is_empty() || page_number_in_margin(&row, &cells, page.height) {
                continue;
            }
            let no = u32::try_from(out.len() + 1).unwrap_or(u32::MAX);
            let text = cells.iter().map(|c| c.2.as_str()).collect::<Vec<_>>().join("  ");
            let spans = cells.iter().map(|c| (c.0 / unit, c.1 / unit)).collect();
            out.push(Line {
                no,
                text,
                indent: 0,
                page: page.number.saturating_sub(1),
                spans: Some(spans),
                y: row.first().map(|r| r.y / unit),
            });
        }
    }
    out
}

/// `- 6 -`, `6`, `第 6 页` alone in the top or bottom margin: the page's number, not its text.
fn page_number_in_margin(row: &[&Run], cells: &[(f32, f32, String)], height: f32) -> bool {
    let y = row.first().map_or(0.0, |r| r.y);
    let margin = height.is_finite() && height > 0.0 && (y > height * 0.9 || y < height * 0.06);
    let text: String = cells.iter().map(|c| c.2.as_str()).collect();
    margin && super::text::is_page_number(&text)
}

/// Half the page's usual font size: a digit's width, the unit a laid-out text counts in.
fn column_unit(runs: &[Run]) -> f32 {
    let mut sizes: Vec<f32> = runs.iter().map(|r| r.size).filter(|s| s.is_finite() && *s > 0.0).collect();
    sizes.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
    (size * 0.5).max(0.5)
}

/// The runs of a page grouped into lines by baseline, top to bottom, each left to right.
fn baseline_rows(runs: &[Run]) -> Vec<Vec<&Run>> {
    let mut sorted: Vec<&Run> = runs.iter().filter(|r| r.x.is_finite() && r.y.is_finite() && !r.text.trim().is_empty()).collect();
    sorted.sort_by(|a, b| a.y.partial_cmp(&b.y).unwrap_or(std::cmp::Ordering::Equal));
    let mut out: Vec<Vec<&Run>> = Vec::new();
    let mut base = f32::NEG_INFINITY;
    for r in sorted {
        let tol = SAME_LINE * r.size.max(1.0);
        match out.last_mut() {
            Some(line) if (r.y - base).abs() <= tol => line.push(r),
            _ => {
                base = r.y;
                out.push(vec![r]);
            }
        }
    }
    for line in &mut out {
        line.sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap_or(std::cmp::Ordering::Equal));
    }
    out
}

/// A run that holds an amount and the label after it (`508.642853年终结转结余`: one string in some
/// PDFs) as two pieces, each with its share of the run's width; any other run whole.
fn amount_apart(r: &Run) -> Vec<(&str, f32, f32)> {
    let (x0, x1) = (r.x, r.x + r.width.max(0.0));
    let text = r.text.trim();
    let cut = text.find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))).unwrap_or(text.len());
    let (head, rest) = text.split_at(cut);
    let label_follows = rest.chars().next().is_some_and(|c| !c.is_ascii());
    if !label_follows || !head.contains(['.', ',']) || super::grid::amount_of(head).is_none() {
        return vec![(text, x0, x1)];
    }
    // A digit is half an em wide, a Chinese character one.
    let (digits, chars) = (head.len() as f32 * 0.5, rest.chars().count() as f32);
    let at = x0 + (x1 - x0) * digits / (digits + chars);
    vec![(head, x0, at), (rest, at, x1)]
}

/// The cells of a line: runs closer than `SAME_CELL` of their size joined (without a space
/// between Chinese characters, with one between Latin letters or digits), each with where it
/// starts and ends.
fn join_runs(row: &[&Run]) -> Vec<(f32, f32, String)> {
    let mut out: Vec<(f32, f32, String)> = Vec::new();
    for (r, (piece, x0, x1)) in row.iter().flat_map(|r| amount_apart(r).into_iter().map(move |p| (r, p))) {
        let text = piece.trim();
        if text.is_empty() {
            continue;
        }
        // An amount is a cell of its own: next to a label (a two-sided table's 304,413,900 and
        // 一、教育支出) or to another amount, however close.
        let number = |t: &str| super::grid::amount_of(t).is_some();
        match out.last_mut() {
            Some(c) if x0 - c.1 <= SAME_CELL * r.size.max(1.0) && !number(&c.2) && !number(text) => {
                let latin = |ch: Option<char>| ch.is_some_and(|ch| ch.is_ascii_alphanumeric());
                if latin(c.2.chars().last()) && latin(text.chars().next()) {
                    c.2.push(' ');
                }
                c.2.push_str(text);
                c.1 = c.1.max(x1);
            }
            _ => out.push((x0, x1, text.to_string())),
        }
    }
    // Two spaces are the cells' separator in a line's text: none inside a cell.
    for c in &mut out {
        while c.2.contains("  ") {
            c.2 = c.2.replace("  ", " ");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{Page, Run};

    fn run(x: f32, y: f32, width: f32, text: &str) -> Run {
        Run { x, y, width, size: 10.0, text: text.to_string() }
    }

    #[test]
    fn runs_on_one_baseline_are_a_line_and_close_runs_a_cell() {
        let doc = Document {
            pages: vec![
                Page {
                    number: 1,
                    width: 595.0,
                    height: 842.0,
                    runs: vec![
                        run(200.0, 100.4, 40.0, "1,509.59"),
                        run(20.0, 100.0, 30.0, "20113"),
                        run(60.0, 100.2, 20.0, "商贸"),
                        run(81.0, 100.2, 20.0, "事务"),
                        run(20.0, 120.0, 40.0, "合计"),
                    ],
                },
                Page { number: 2, width: 595.0, height: 842.0, runs: vec![run(20.0, 50.0, 40.0, "注：")] },
            ],
            warnings: Vec::new(),
        };
        let lines = lines_of(&doc);
        let texts: Vec<(&str, u32, u32)> = lines.iter().map(|l| (l.text.as_str(), l.no, l.page)).collect();
        assert_eq!(texts, [("20113  商贸事务  1,509.59", 1, 0), ("合计", 2, 0), ("注：", 3, 1)]);
        // Positions in half-ems of the page's font (10 pt → 5 pt a column).
        assert_eq!(lines[0].spans.as_deref(), Some(&[(4.0, 10.0), (12.0, 20.2), (40.0, 48.0)][..]));
    }
}
