//! Glyphs → runs: consecutive glyphs on one baseline, of one size, with no visible gap between
//! them, joined in the order the document draws them. A space glyph, a gap wider than a quarter
//! of the font size, a change of baseline or size, or a step backwards ends a run; no space is
//! ever invented. Glyphs outside the page are dropped, and text drawn twice at (nearly) the same
//! place — fake bold, shadows — is kept once, with pdftotext's tolerances (0.1 of the size along
//! the line, 0.2 across it).

use super::interp::Glyph;
use super::limits::MAX_RUNS_PER_PAGE;
use super::Run;
use std::collections::HashMap;

/// Widest gap inside a run, as a fraction of the font size. Table cells are separated by their
/// padding (a few points, 0.3 em or more at the corpus' 6–12 pt); inter-character spacing of
/// justified text and kerning stay below.
pub const MAX_GAP: f32 = 0.25;
/// How far a glyph may start before the previous one's end (kerning, rounding).
const MAX_OVERLAP: f32 = 0.2;
/// Baseline and size tolerance, as a fraction of the size.
const SAME_LINE: f32 = 0.15;

struct Open {
    run: Run,
    /// Where the next glyph would start (advances with spacing).
    end: f32,
    /// Where the ink ends (the last glyph's own width, without spacing).
    ink_end: f32,
    last_x: f32,
    last_text: (u32, u32),
}

/// Builds a page's runs; the flag says the page had more than the limit (the rest are dropped).
pub fn build(glyphs: &[Glyph], text: &str, width: f32, height: f32) -> (Vec<Run>, bool) {
    let mut runs: Vec<Run> = Vec::new();
    let mut open: Option<Open> = None;
    let mut truncated = false;
    let close = |open: &mut Option<Open>, runs: &mut Vec<Run>, truncated: &mut bool| {
        if let Some(o) = open.take() {
            if runs.len() >= MAX_RUNS_PER_PAGE {
                *truncated = true;
            } else {
                let mut r = o.run;
                r.width = (o.ink_end - r.x).max(0.0);
                runs.push(r);
            }
        }
    };
    for g in glyphs {
        let t = text.get(g.start as usize..g.end as usize).unwrap_or("");
        if t.chars().all(char::is_whitespace) {
            close(&mut open, &mut runs, &mut truncated);
            continue;
        }
        if !on_page(g, width, height) {
            continue;
        }
        let horizontal = g.adv_x >= 0.0 && g.adv_y.abs() <= 0.1 * g.adv_x.max(g.size * 0.01);
        if let Some(o) = open.as_mut() {
            let size = o.run.size;
            let same_line =
                horizontal && (g.size - size).abs() <= SAME_LINE * size && (g.y - o.run.y).abs() <= SAME_LINE * size;
            if same_line {
                // The same glyph again where the last one was: fake bold, drawn twice.
                let last = text.get(o.last_text.0 as usize..o.last_text.1 as usize);
                if last == Some(t) && (g.x - o.last_x).abs() <= 0.1 * size {
                    continue;
                }
                let gap = g.x - o.end;
                if gap <= MAX_GAP * size && gap >= -MAX_OVERLAP * size {
                    o.run.text.push_str(t);
                    o.end = o.end.max(g.x + g.adv_x);
                    o.ink_end = o.ink_end.max(g.x + g.ink);
                    o.last_x = g.x;
                    o.last_text = (g.start, g.end);
                    continue;
                }
            }
        }
        close(&mut open, &mut runs, &mut truncated);
        let run = Run { x: g.x, y: g.y, width: 0.0, size: g.size, text: t.to_string() };
        if horizontal {
            open =
                Some(Open { run, end: g.x + g.adv_x, ink_end: g.x + g.ink, last_x: g.x, last_text: (g.start, g.end) });
        } else {
            // Rotated or vertical glyphs stand alone: a run's width is along the page's x.
            let mut r = run;
            r.width = g.adv_x.abs();
            if runs.len() >= MAX_RUNS_PER_PAGE {
                truncated = true;
            } else {
                runs.push(r);
            }
        }
    }
    close(&mut open, &mut runs, &mut truncated);
    (dedup(runs), truncated)
}

/// Which way a page's text mostly reads, as a quarter turn the reader would give the page to
/// read it left to right: 0, 90 (the text runs down the page), 180 (upside down), 270 (up).
pub fn reading_turn(glyphs: &[Glyph]) -> u16 {
    let mut count = [0usize; 4];
    for g in glyphs {
        let (dx, dy) = (g.adv_x, g.adv_y);
        // Only glyphs along an axis vote: a diagonal watermark says nothing of how to turn.
        let k = if dy.abs() <= 0.2 * dx.abs() {
            if dx > 0.0 {
                0
            } else {
                2
            }
        } else if dx.abs() <= 0.2 * dy.abs() {
            if dy > 0.0 {
                1
            } else {
                3
            }
        } else {
            continue;
        };
        count[k] += 1;
    }
    let total: usize = count.iter().sum();
    // Only a page whose text mostly runs another way is turned; a few rotated labels are not.
    match (1..4).find(|&k| count[k] * 2 > total && count[k] >= MIN_TURNED) {
        Some(k) => k as u16 * 90,
        None => 0,
    }
}

/// Fewest glyphs running another way that turn a page (a page number or a stamp does not).
const MIN_TURNED: usize = 10;

/// Turns glyphs (and the page size) by `reading_turn`'s quarter turns, so the text reads left to
/// right on the turned page.
pub fn turn(glyphs: &mut [Glyph], width: f32, height: f32, turn: u16) -> (f32, f32) {
    for g in glyphs.iter_mut() {
        let (x, y, dx, dy) = (g.x, g.y, g.adv_x, g.adv_y);
        (g.x, g.y, g.adv_x, g.adv_y) = match turn {
            // Text running down: the page's right edge becomes its top.
            90 => (y, width - x, dy, -dx),
            180 => (width - x, height - y, -dx, -dy),
            // Text running up: the page's left edge becomes its top.
            270 => (height - y, x, -dy, dx),
            _ => (x, y, dx, dy),
        };
    }
    if turn % 180 == 90 {
        (height, width)
    } else {
        (width, height)
    }
}

/// A glyph is on the page when its origin is, or its advance reaches into the page from the
/// left or the top: pdftotext's test, so a table row cut by the page's bottom edge (repeated at
/// the top of the next page, as spreadsheets print) is dropped as it drops it.
fn on_page(g: &Glyph, width: f32, height: f32) -> bool {
    g.x + g.adv_x >= 0.0 && g.x <= width && g.y + g.adv_y >= 0.0 && g.y <= height
}

/// Drops runs that repeat an earlier run's text at nearly its place.
fn dedup(runs: Vec<Run>) -> Vec<Run> {
    let mut seen: HashMap<String, Vec<(f32, f32)>> = HashMap::new();
    let mut out = Vec::with_capacity(runs.len());
    for r in runs {
        let places = seen.entry(r.text.clone()).or_default();
        let dup = places.iter().any(|&(x, y)| (r.x - x).abs() <= 0.1 * r.size && (r.y - y).abs() <= 0.2 * r.size);
        if !dup {
            places.push((r.x, r.y));
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of one string laid out from (x, y) with per-character advances.
    fn layout(parts: &[(&str, f32, f32, f32)], size: f32) -> (Vec<Glyph>, String) {
        let mut text = String::new();
        let mut glyphs = Vec::new();
        for &(s, mut x, y, adv) in parts {
            for ch in s.chars() {
                let start = text.len() as u32;
                text.push(ch);
                glyphs.push(Glyph { x, y, adv_x: adv, adv_y: 0.0, ink: adv, size, start, end: text.len() as u32 });
                x += adv;
            }
        }
        (glyphs, text)
    }

    fn texts(parts: &[(&str, f32, f32, f32)], size: f32) -> Vec<String> {
        let (g, t) = layout(parts, size);
        build(&g, &t, 600.0, 800.0).0.into_iter().map(|r| r.text).collect()
    }

    #[test]
    fn cells_split_on_gaps_and_words_on_spaces() {
        // 一般公共预算 then, 20 pt further, 1,234.56 (digits half an em wide).
        assert_eq!(
            texts(&[("一般公共预算", 50.0, 100.0, 10.0), ("1,234.56", 130.0, 100.0, 5.0)], 10.0),
            vec!["一般公共预算", "1,234.56"]
        );
        assert_eq!(texts(&[("total amount", 50.0, 100.0, 5.0)], 10.0), vec!["total", "amount"]);
        // A gap of 0.2 em is inside a run; 0.3 em is not.
        assert_eq!(texts(&[("ab", 0.0, 100.0, 5.0), ("cd", 12.0, 100.0, 5.0)], 10.0), vec!["abcd"]);
        assert_eq!(texts(&[("ab", 0.0, 100.0, 5.0), ("cd", 13.0, 100.0, 5.0)], 10.0), vec!["ab", "cd"]);
    }

    #[test]
    fn a_run_ends_where_its_ink_ends_not_after_the_last_character_spacing() {
        // Four glyphs 10 wide with 2 of character spacing: the run is 4 × 10 + 3 × 2 = 46 wide.
        let (mut g, t) = layout(&[("abcd", 0.0, 100.0, 12.0)], 10.0);
        for x in g.iter_mut() {
            x.ink = 10.0;
        }
        let (runs, _) = build(&g, &t, 600.0, 800.0);
        assert_eq!(runs[0].width, 46.0);
    }

    #[test]
    fn baseline_size_and_position_of_runs() {
        let (g, t) = layout(&[("合计", 50.0, 100.0, 9.0), ("100.00", 200.0, 100.5, 4.5)], 9.0);
        let (runs, _) = build(&g, &t, 600.0, 800.0);
        assert_eq!(runs.len(), 2);
        assert_eq!((runs[1].x, runs[1].y, runs[1].width, runs[1].size), (200.0, 100.5, 27.0, 9.0));
        // Another baseline is another run even without a gap.
        assert_eq!(texts(&[("ab", 0.0, 100.0, 5.0), ("cd", 10.0, 110.0, 5.0)], 10.0), vec!["ab", "cd"]);
    }

    #[test]
    fn a_page_of_text_running_down_is_turned_to_read_across() {
        // Text drawn downwards from (500, 100): each glyph 10 below the last.
        let mut glyphs: Vec<Glyph> = (0..12)
            .map(|i| Glyph {
                x: 500.0,
                y: 100.0 + 10.0 * i as f32,
                adv_x: 0.0,
                adv_y: 10.0,
                ink: 10.0,
                size: 10.0,
                start: 3 * i,
                end: 3 * i + 3,
            })
            .collect();
        assert_eq!(reading_turn(&glyphs), 90);
        let (w, h) = turn(&mut glyphs, 600.0, 800.0, 90);
        assert_eq!((w, h), (800.0, 600.0));
        let (runs, _) = build(&glyphs, "预算合计预算合计预算合计", w, h);
        assert_eq!(runs.len(), 1);
        assert_eq!((runs[0].text.as_str(), runs[0].x, runs[0].y, runs[0].width), ("预算合计预算合计预算合计", 100.0, 100.0, 120.0));
        // Upside down and upwards.
        let mut up =
            vec![Glyph { x: 100.0, y: 700.0, adv_x: 0.0, adv_y: -10.0, ink: 10.0, size: 10.0, start: 0, end: 1 }];
        assert_eq!(reading_turn(&up.repeat(10)), 270);
        // Fewer than ten glyphs running up (a page number, a stamp) turn nothing.
        assert_eq!(reading_turn(&up.repeat(9)), 0);
        turn(&mut up, 600.0, 800.0, 270);
        assert_eq!((up[0].x, up[0].y, up[0].adv_x, up[0].adv_y), (100.0, 100.0, 10.0, 0.0));
        let mut down =
            vec![Glyph { x: 500.0, y: 100.0, adv_x: -10.0, adv_y: 0.0, ink: 10.0, size: 10.0, start: 0, end: 1 }];
        assert_eq!(reading_turn(&down.repeat(10)), 180);
        // A diagonal watermark turns nothing.
        let diagonal = Glyph { x: 100.0, y: 700.0, adv_x: 7.0, adv_y: -7.0, ink: 10.0, size: 10.0, start: 0, end: 1 };
        assert_eq!(reading_turn(&[diagonal; 50]), 0);
        turn(&mut down, 600.0, 800.0, 180);
        assert_eq!((down[0].x, down[0].y, down[0].adv_x), (100.0, 700.0, 10.0));
    }

    #[test]
    fn fake_bold_and_off_page_text() {
        // The same cell drawn twice, 0.3 pt apart: once.
        assert_eq!(texts(&[("预算", 50.0, 100.0, 10.0), ("预算", 50.3, 100.0, 10.0)], 10.0), vec!["预算"]);
        // A glyph drawn twice in place inside a run.
        let (mut g, t) = layout(&[("12", 0.0, 100.0, 5.0)], 10.0);
        let dup = Glyph { x: 0.2, ..g[0] };
        g.insert(1, dup);
        assert_eq!(build(&g, &t, 600.0, 800.0).0.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), vec!["12"]);
        assert!(texts(&[("hidden", -100.0, 100.0, 5.0), ("below", 0.0, 900.0, 5.0)], 10.0).is_empty());
        // A row whose baseline is just under the bottom edge is gone, though its top shows.
        assert!(texts(&[("cut", 10.0, 802.0, 5.0)], 10.0).is_empty());
        assert_eq!(texts(&[("top", 10.0, 2.0, 5.0)], 10.0), vec!["top"]);
    }
}
