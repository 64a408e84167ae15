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

/// 北京's 附件1 (prose) and 附件2 (tables) of one department read as one budget: the name from the
/// prose, the tables' totals, every number citing the file and page it was printed on, and the
/// same numbers as the tables file alone gives.
#[test]
fn a_beijing_pair_is_one_budget_with_each_number_citing_its_file() {
    let Some(dir) = corpus() else { return };
    let prose = std::fs::read(dir.join("pdf/r161.pdf")).unwrap();
    let tables = std::fs::read(dir.join("pdf/r162.pdf")).unwrap();
    let pair = yusuan::import::read_files(&[("r161.pdf", &prose), ("r162.pdf", &tables)], &mut |_, _| {}).unwrap();
    let alone = yusuan::import::read("r162.pdf", &tables).unwrap();
    assert_eq!(pair.files, vec!["r161.pdf".to_string(), "r162.pdf".to_string()]);
    assert_eq!(pair.department, "北京市气象局");
    let totals = |b: &yusuan::Budget| b.totals.iter().filter(|t| t.source.table.is_some()).map(|t| (t.kind, t.amount)).collect::<Vec<_>>();
    assert_eq!(totals(&pair), totals(&alone));
    // Tables from the second file, each on its own page of it; statements from the first.
    for t in pair.totals.iter().filter(|t| t.source.table.is_some()) {
        assert_eq!(t.source.file, Some(1), "{:?}", t.source);
        let page = t.source.page.unwrap();
        let same = alone.totals.iter().find(|a| a.kind == t.kind && a.amount == t.amount && a.source.line == t.source.line);
        assert_eq!(same.and_then(|a| a.source.page), Some(page), "{:?}", t.source);
    }
    assert!(!pair.statements.is_empty() || !pair.comparisons.is_empty());
    assert!(pair.comparisons.iter().map(|c| &c.prior.source).chain(pair.statements.iter().map(|s| &s.source)).all(|s| s.file == Some(0)));
    // Our JSON keeps the files and each number's file.
    let json = yusuan::json::to_json(&pair);
    assert_eq!(yusuan::json::from_json(&json).unwrap(), pair);
    assert!(json.contains("\"files\"") && json.contains("\"file\": 1"));
}

/// Several files: what cannot join is refused, naming the file.
#[test]
fn several_files_refuse_what_cannot_join() {
    let doc = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/futian-investment-2022.txt")).unwrap();
    let e = yusuan::import::read_files(&[("a.txt", &doc), ("b.json", b"{}")], &mut |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("«b.json»") && e.contains("JSON"), "{e}");
    let e = yusuan::import::read_files(&[("a.txt", &doc), ("b.pdf", b"%PDF-1.4 nothing")], &mut |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("«b.pdf»"), "{e}");
    let many: Vec<(&str, &[u8])> = (0..17).map(|_| ("a.txt", doc.as_slice())).collect();
    assert!(yusuan::import::read_files(&many, &mut |_, _| {}).unwrap_err().to_string().contains("16"));
    // Two texts: the second's numbers cite its own lines.
    let b = yusuan::import::read_files(&[("a.txt", &doc), ("b.txt", "2022年预算说明\n本年支出合计比2021年减少1.00万元。\n".as_bytes())], &mut |_, _| {}).unwrap();
    assert_eq!(b.files, vec!["a.txt".to_string(), "b.txt".to_string()]);
    assert!(b.function_tables.iter().flat_map(|t| &t.rows).all(|r| r.source.file == Some(0)));
}

fn read_corpus(dir: &std::path::Path, name: &str) -> yusuan::Budget {
    let bytes = std::fs::read(dir.join("pdf").join(name)).unwrap();
    yusuan::import::read(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn errors(b: &yusuan::Budget) -> Vec<String> {
    yusuan::audit::audit(b).into_iter().filter(|f| f.severity == yusuan::audit::Severity::Error).map(|f| f.message).collect()
}

/// Layouts of the family that were misread, read right (each a rule, not a file: see the tests
/// of `import::grid` and `import::functions`).
#[test]
fn misread_layouts_of_the_family_read_right() {
    let Some(dir) = corpus() else { return };
    // A page without its header where one row fills 项目支出 (苏州 支出总表).
    let b = read_corpus(&dir, "138.pdf");
    let row = b.function_tables.iter().find(|t| t.title == "支出总表").and_then(|t| t.rows.iter().find(|r| r.code == "2200199")).expect("2200199");
    assert_eq!((row.basic, row.project.map(|p| p.to_string())), (None, Some("6613.62".to_string())));
    assert_eq!(errors(&b), Vec::<String>::new());
    // Names centred on their rows, above and below the code (普陀 final accounts).
    let b = read_corpus(&dir, "putuo-planning-resources-bureau-final-accounts-2024.pdf");
    let t = b.function_tables.iter().find(|t| t.title == "一般公共预算财政拨款支出决算表").expect("table");
    let name = |code: &str| t.rows.iter().find(|r| r.code == code).map(|r| r.name.clone()).unwrap_or_default();
    assert_eq!(
        ["208", "20805", "2080506", "21201", "2120101", "21202"].map(name),
        ["社会保障和就业支出", "行政事业单位养老支出", "机关事业单位职业年金缴费支出", "城乡社区管理事务", "行政运行", "城乡社区规划与管理"]
    );
    assert_eq!(errors(&b), Vec::<String>::new());
    // A central department (国家信访局): its 一般公共预算支出表 prints 2025's 执行数 before 2026's
    // 预算数, under a header whose years split from their 年; the form number 部门公开表 3 is
    // no row of the table above it; a share of the 一般公共预算 said to be of the department's.
    let b = read_corpus(&dir, "156.pdf");
    let general = b.function_tables.iter().find(|t| t.title == "一般公共预算支出表").expect("table");
    assert_eq!(general.total.as_ref().and_then(|t| t.total).map(|v| v.to_string()), Some("16474.82".into()));
    assert_eq!(errors(&b), Vec::<String>::new());
    let findings = yusuan::audit::audit(&b);
    assert!(findings.iter().any(|f| f.message.contains("这是占") && f.message.contains("一般公共预算支出表")));
    // 北京's 三公 table: «拨款预算总额» is the 合计; a blank cell's amount goes where the header
    // word over it stands (0.100000 under 公务接待费), alone and with the prose beside it.
    let b = read_corpus(&dir, "r162.pdf");
    let sg = b.sangong.first().expect("三公 row");
    assert_eq!((sg.abroad, sg.reception.map(|v| v.to_string())), (None, Some("0.100000".into())));
    let prose = std::fs::read(dir.join("pdf/r161.pdf")).unwrap();
    let tables = std::fs::read(dir.join("pdf/r162.pdf")).unwrap();
    let pair = yusuan::import::read_files(&[("r161.pdf", &prose), ("r162.pdf", &tables)], &mut |_, _| {}).unwrap();
    assert_eq!(pair.sangong.first().and_then(|r| r.reception).map(|v| v.to_string()), Some("0.100000".into()));
    assert_eq!(errors(&pair), Vec::<String>::new());
    for name in ["r114.pdf", "r140.pdf", "r156.pdf"] {
        assert!(read_corpus(&dir, name).sangong.iter().any(|r| r.total.is_some() && r.abroad.is_some()), "{name}");
    }
    // A 小计 left blank over printed 购置 and 运行 (r150) is not a nil subtotal.
    assert!(errors(&read_corpus(&dir, "r150.pdf")).iter().all(|e| !e.contains("三公")));
    // A 绩效评价报告 is no budget.
    let bytes = std::fs::read(dir.join("pdf/176.pdf")).unwrap();
    let e = yusuan::import::read("176.pdf", &bytes).unwrap_err();
    assert!(e.to_string().contains("未找到预算表"), "{e}");
}

/// Every corpus PDF the audit finds errors in is listed, checked by hand, in
/// `tests/corpus/audit-errors.md`, and every one listed still has them: an error of ours cannot
/// come back unnoticed, nor a fixed one stay listed.
#[test]
fn the_documents_with_audit_errors_are_those_listed_by_hand() {
    let Some(dir) = corpus() else { return };
    let list = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/audit-errors.md")).unwrap();
    let mut listed: Vec<String> =
        list.lines().filter_map(|l| l.strip_prefix("## ")).filter(|h| h.ends_with(".pdf")).map(str::to_string).collect();
    listed.sort();
    let mut found: Vec<String> = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(dir.join("pdf")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for name in names.iter().filter(|n| n.ends_with(".pdf")) {
        let bytes = std::fs::read(dir.join("pdf").join(name)).unwrap();
        let entry = yusuan::survey::survey_file(name, &bytes);
        if entry.verdict == yusuan::survey::Verdict::Read && entry.errors > 0 {
            found.push(name.clone());
        }
    }
    assert_eq!(found, listed, "documents with audit errors (left) vs tests/corpus/audit-errors.md (right)");
}
