//! Prints a PDF's text as `yusuan::pdf` reads it, to compare with `pdftotext -layout` by eye.
//!
//!     cargo run --release --example pdftext -- file.pdf            # laid out as text
//!     cargo run --release --example pdftext -- file.pdf --runs     # page, x, y, width, size, text
//!     cargo run --release --example pdftext -- file.pdf --page 3   # one page
//!
//! Layout: runs whose baselines are within half a font size share a line; a run starts at column
//! x / (half the page's median font size), CJK characters taking two columns, as a monospaced
//! terminal shows them.

use std::process::ExitCode;
use yusuan::pdf::{self, Page};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--") && a.parse::<u32>().is_err()) else {
        eprintln!("usage: pdftext FILE.pdf [--runs] [--page N]");
        return ExitCode::from(2);
    };
    let runs_mode = args.iter().any(|a| a == "--runs");
    let only: Option<u32> =
        args.iter().position(|a| a == "--page").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok());
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let doc = match pdf::read(&bytes) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    for w in &doc.warnings {
        eprintln!("warning: {w}");
    }
    for page in doc.pages.iter().filter(|p| only.is_none_or(|n| n == p.number)) {
        if runs_mode {
            for r in &page.runs {
                println!("{}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{}", page.number, r.x, r.y, r.width, r.size, r.text);
            }
        } else {
            print!("{}", layout(page));
            print!("\x0c");
        }
    }
    ExitCode::SUCCESS
}

fn columns(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum()
}

fn layout(page: &Page) -> String {
    let mut sizes: Vec<f32> = page.runs.iter().map(|r| r.size).collect();
    sizes.sort_by(f32::total_cmp);
    let median = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0);
    let col = median / 2.0;
    let mut runs: Vec<&pdf::Run> = page.runs.iter().collect();
    runs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<Vec<&pdf::Run>> = Vec::new();
    for r in runs {
        match lines.last_mut() {
            Some(line) if (line[0].y - r.y).abs() <= 0.5 * line[0].size.max(r.size) => line.push(r),
            _ => lines.push(vec![r]),
        }
    }
    let mut out = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut text = String::new();
        let mut at = 0usize;
        for r in line {
            let want = (r.x / col).max(0.0) as usize;
            // At least one space between runs, so cells never glue.
            let pad = if want > at {
                want - at
            } else if at > 0 {
                1
            } else {
                0
            };
            text.extend(std::iter::repeat_n(' ', pad));
            text.push_str(&r.text);
            at += pad + columns(&r.text);
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}
