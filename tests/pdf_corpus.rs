//! The PDF reader on the training corpus (`../shared/corpus` beside the crate: CI has it; without
//! it these tests print a note and pass).
//!
//! - Every PDF is read without a panic.
//! - Text: for every file where pdftotext (`text/NNN.txt`, `-layout`) finds text, the reader must
//!   find at least 99% of the same multiset of CJK ideographs and ASCII digits (white space and
//!   layout aside); the figure of each file and the total are printed.
//! - Refusals: the files where pdftotext finds no text layer (scans) must be refused as having no
//!   text layer, in those words.
//! - Positions: table rows from seven cities' producers (WPS, Word, Excel, Aspose, iText …): a
//!   row's amounts share its label's baseline within 1.5 pt, and right-aligned amounts in one
//!   column share their right edge (x + width) within 1 pt across rows, blank cells included.

use std::collections::HashMap;
use std::path::PathBuf;
use yusuan::pdf::{self, Document, Run};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("pdf").is_dir() && dir.join("text").is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: no corpus at {} (the PDF corpus tests need ../shared/corpus)", dir.display());
        None
    }
}

/// What the comparison counts: CJK ideographs and ASCII digits, the characters of names and
/// amounts (punctuation and Latin letters are compared by eye with examples/pdftext.rs).
fn counted(c: char) -> bool {
    c.is_ascii_digit() || ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn multiset<'a>(texts: impl Iterator<Item = &'a str>) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for t in texts {
        for c in t.chars().filter(|&c| counted(c)) {
            *m.entry(c).or_insert(0) += 1;
        }
    }
    m
}

/// How many of `want`'s characters `got` has (multiset intersection).
fn found(want: &HashMap<char, usize>, got: &HashMap<char, usize>) -> usize {
    want.iter().map(|(c, n)| (*n).min(got.get(c).copied().unwrap_or(0))).sum()
}

#[test]
fn every_corpus_pdf_reads_and_has_the_text_pdftotext_finds() {
    let Some(dir) = corpus() else { return };
    let mut names: Vec<String> = std::fs::read_dir(dir.join("pdf"))
        .expect("corpus pdf dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    assert!(names.len() >= 150, "corpus has {} PDFs", names.len());
    let (mut want_total, mut found_total, mut extra_total) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    let mut refused = Vec::new();
    let mut lowest: Option<(f64, String)> = None;
    for name in &names {
        let stem = name.trim_end_matches(".pdf");
        let bytes = std::fs::read(dir.join("pdf").join(name)).expect("read pdf");
        let reference = std::fs::read_to_string(dir.join("text").join(format!("{stem}.txt"))).unwrap_or_default();
        let want = multiset(std::iter::once(reference.as_str()));
        let want_n: usize = want.values().sum();
        let visible = reference.chars().filter(|c| !c.is_whitespace()).count();
        let result = std::panic::catch_unwind(|| pdf::read(&bytes));
        let doc: Document = match result {
            Err(_) => {
                failures.push(format!("{name}: PANIC"));
                continue;
            }
            Ok(Err(e)) => {
                // pdftotext finds no text layer here either (at most a stamp on a scan, r405).
                if visible < 20 && e.message.contains("没有文字层") && e.message.contains("扫描图像") {
                    refused.push(format!("{name}: {e}"));
                } else {
                    failures.push(format!("{name}: refused although pdftotext finds {visible} characters: {e}"));
                }
                continue;
            }
            Ok(Ok(d)) => d,
        };
        if visible == 0 {
            failures.push(format!("{name}: pdftotext finds no text, yet it was read"));
            continue;
        }
        let got = multiset(doc.pages.iter().flat_map(|p| p.runs.iter().map(|r| r.text.as_str())));
        let hit = found(&want, &got);
        // The intersection is symmetric: what `got` has beyond it is not in pdftotext's text.
        let extra = got.values().sum::<usize>().saturating_sub(hit);
        let pct = if want_n == 0 { 100.0 } else { 100.0 * hit as f64 / want_n as f64 };
        println!("{stem}\t{} pages\t{hit}/{want_n}\t{pct:.3}%\textra {extra}", doc.pages.len());
        want_total += want_n;
        found_total += hit;
        extra_total += extra;
        if lowest.as_ref().is_none_or(|(p, _)| pct < *p) {
            lowest = Some((pct, stem.to_string()));
        }
        if pct < 99.0 {
            failures.push(format!("{name}: {hit} of {want_n} characters ({pct:.2}%)"));
        }
    }
    let total_pct = 100.0 * found_total as f64 / want_total.max(1) as f64;
    println!(
        "TOTAL {} files read, {} refused: {found_total}/{want_total} characters found ({total_pct:.4}%), {extra_total} not in pdftotext's text; lowest file {:?}",
        names.len() - refused.len() - failures.len(),
        refused.len(),
        lowest
    );
    for r in &refused {
        println!("refused {r}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(total_pct >= 99.9, "total {total_pct:.3}%");
}

/// The files pdftotext finds no text in (scans; r405 has only a serial number stamped on a scan)
/// are refused for having no text layer.
#[test]
fn scanned_corpus_files_are_refused_as_scans() {
    let Some(dir) = corpus() else { return };
    for stem in ["175", "177", "179", "r143", "r404", "r405", "r407", "r408", "r409", "r410", "r422"] {
        let bytes = std::fs::read(dir.join("pdf").join(format!("{stem}.pdf"))).expect("read pdf");
        match pdf::read(&bytes) {
            Ok(d) => panic!("{stem}: read {} pages", d.pages.len()),
            Err(e) => assert!(
                e.message.starts_with("此 PDF 没有文字层（共 ") && e.message.contains("请找原始电子版或先做 OCR"),
                "{stem}: {e}"
            ),
        }
    }
}

/// One table: rows by their label, and each row's amounts by column (`None`: a blank cell).
struct Table {
    file: &'static str,
    page: u32,
    rows: &'static [(&'static str, &'static [Option<&'static str>])],
}

const TABLES: &[Table] = &[
    // 上海, WPS 表格: 支出预算总表 (合计, 基本支出, 项目支出); 社保 has no 项目支出.
    Table {
        file: "001",
        page: 10,
        rows: &[
            ("教育支出", &[Some("326,658,710"), Some("254,273,240"), Some("72,385,470")]),
            ("职业教育", &[Some("326,658,710"), Some("254,273,240"), Some("72,385,470")]),
            ("高等职业教育", &[Some("317,058,710"), Some("254,273,240"), Some("62,785,470")]),
            ("社会保障和就业支出", &[Some("48,817,900"), Some("48,817,900"), None]),
        ],
    },
    // 广州, Word: six columns, zeros printed.
    Table {
        file: "098",
        page: 10,
        rows: &[
            (
                "一般公共服务支出",
                &[Some("16.25"), Some("0.00"), Some("16.25"), Some("0.00"), Some("0.00"), Some("0.00")],
            ),
            (
                "科学技术支出",
                &[Some("5,204.11"), Some("0.00"), Some("5,204.11"), Some("0.00"), Some("0.00"), Some("0.00")],
            ),
            (
                "社会保障和就业支出",
                &[Some("14,762.98"), Some("14,762.98"), Some("0.00"), Some("0.00"), Some("0.00"), Some("0.00")],
            ),
        ],
    },
    // 广州, UniGB-UCS2-H fonts (no ToUnicode): labels sit 0.6 pt below their amounts.
    Table {
        file: "107",
        page: 1,
        rows: &[
            ("合计：", &[Some("37,367.86"), Some("35,790.09")]),
            ("广州市生态环境局", &[Some("12,887.86"), Some("12,887.86")]),
        ],
    },
    // 苏州, LZW content: 社保's one amount beside 合计 is in the 基本支出 column, not 项目支出
    // (the importer's vanished-cell problem; x says which column).
    Table {
        file: "131",
        page: 10,
        rows: &[
            ("社会保障和就业支出", &[Some("3,061.29"), Some("3,061.29"), None]),
            ("交通运输支出", &[Some("237,947.90"), Some("17,577.12"), Some("220,370.78")]),
        ],
    },
    // 长沙.
    Table {
        file: "172",
        page: 14,
        rows: &[
            ("一般公共服务支出", &[Some("3.00"), Some("3.00"), Some("3.00")]),
            ("公共安全支出", &[Some("68,629.12"), Some("68,629.12"), Some("50,367.61")]),
        ],
    },
    // 福州.
    Table {
        file: "182",
        page: 12,
        rows: &[
            ("社会保障和就业支出", &[Some("1073.21"), Some("1073.21"), None]),
            ("卫生健康支出", &[Some("349680.44"), Some("5616.80"), Some("344063.64")]),
            ("住房保障支出", &[Some("1151.25"), Some("1151.25"), None]),
        ],
    },
    // 北京: six decimals, 基本支出 blank.
    Table {
        file: "r132",
        page: 12,
        rows: &[
            ("其他解决历史遗留问题及改革成本支出", &[Some("6,243.540000"), None, Some("6,243.540000")]),
            ("国有经济结构调整支出", &[Some("436,306.760000"), None, Some("436,306.760000")]),
            ("支持科技进步支出", &[Some("48,035.540000"), None, Some("48,035.540000")]),
        ],
    },
    // 上海, another producer.
    Table {
        file: "r100",
        page: 8,
        rows: &[
            ("社会保障和就业支出", &[Some("1,510,245"), Some("1,510,245")]),
            ("卫生健康支出", &[Some("502,443"), Some("502,443")]),
            ("住房保障支出", &[Some("390,788"), Some("390,788")]),
        ],
    },
    // 武汉 (国家信访局 final accounts).
    Table {
        file: "r399",
        page: 8,
        rows: &[
            ("一般公共服务支出", &[Some("16,770.89"), Some("15,892.45")]),
            ("教育支出", &[Some("140.61"), Some("140.61")]),
            ("社会保障和就业支出", &[Some("2,026.32"), Some("2,026.32")]),
        ],
    },
];

fn is_amount(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '-')
}

#[test]
fn table_rows_share_a_baseline_and_columns_a_right_edge() {
    let Some(dir) = corpus() else { return };
    for t in TABLES {
        let bytes = std::fs::read(dir.join("pdf").join(format!("{}.pdf", t.file))).expect("read pdf");
        let doc = pdf::read(&bytes).unwrap_or_else(|e| panic!("{}: {e}", t.file));
        let page =
            doc.pages.iter().find(|p| p.number == t.page).unwrap_or_else(|| panic!("{}: no page {}", t.file, t.page));
        let mut edges: Vec<Vec<f32>> = Vec::new();
        for (label, cells) in t.rows {
            let at = |r: &Run| format!("{}:{} «{}»", t.file, t.page, r.text);
            let l = page
                .runs
                .iter()
                .find(|r| r.text == *label)
                .unwrap_or_else(|| panic!("{}:{} no «{label}»", t.file, t.page));
            let mut row: Vec<&Run> =
                page.runs.iter().filter(|r| r.x > l.x && (r.y - l.y).abs() <= 1.5 && is_amount(&r.text)).collect();
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let want: Vec<&str> = cells.iter().flatten().copied().collect();
            let got: Vec<&str> = row.iter().take(want.len()).map(|r| r.text.as_str()).collect();
            assert_eq!(got, want, "{}:{} row «{label}»", t.file, t.page);
            let mut it = row.iter();
            for (col, cell) in cells.iter().enumerate() {
                if edges.len() <= col {
                    edges.push(Vec::new());
                }
                if cell.is_some() {
                    if let Some(r) = it.next() {
                        assert!((r.y - l.y).abs() <= 1.5, "{} off the row's baseline", at(r));
                        edges[col].push(r.x + r.width);
                    }
                }
            }
        }
        for (col, e) in edges.iter().enumerate() {
            let (lo, hi) = e.iter().fold((f32::MAX, f32::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            assert!(hi - lo <= 1.0, "{}:{} column {col}: right edges {e:?}", t.file, t.page);
        }
        // Rows sort by y: the labels are in reading order.
        let ys: Vec<f32> =
            t.rows.iter().filter_map(|(l, _)| page.runs.iter().find(|r| r.text == *l).map(|r| r.y)).collect();
        assert!(ys.windows(2).all(|w| w[0] < w[1]), "{}: rows out of order {ys:?}", t.file);
    }
}
