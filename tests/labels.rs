//! Labels are data: names a document (or a hand-edited JSON file) carries — HTML, script,
//! `javascript:` URLs, a right-to-left override, a 500-character name, emoji, spreadsheet
//! formulas — pass through import and every chart kind unchanged as text: exact in marks,
//! tooltips, aria description, breadcrumb and data table; escaped in SVG (no element or attribute
//! comes from a label); neutralised in CSV (no cell a spreadsheet would run as a formula).

use std::collections::HashSet;
use yusuan::chart::{build, EstimateMeasure, Kind, Options, Scene, Shape, Theme};
use yusuan::model::Budget;
use yusuan::money::Lang;

const IMG: &str = "<img/src=x/onerror=alert(1)>";
const SCRIPT: &str = "<script>alert(1)</script>";
const JS: &str = "javascript:alert(1)";
const RTL: &str = "\u{202e}出支障保房住";
const EMOJI: &str = "💰产业发展🚀";
/// An emoji ZWJ sequence: the joiner must survive the importer's removal of zero-width debris.
const ZWJ: &str = "👩\u{200d}💼人才❤\u{fe0f}\u{200d}🔥";
const HYPERLINK: &str = "=HYPERLINK(\"http://x\",\"y\")";
const AT: &str = "@SUM(A1:A9)";
const PLUS: &str = "+1+2";
const MINUS: &str = "-2+3";
/// Set on a row after import (a JSON file may hold spaces and quotes the importer would compact).
const QUOTED: &str = "<img src=x onerror=\"alert(1)\" a='b'>";

fn long() -> String {
    "卫生健康".repeat(125)
}

/// The seed with its names replaced by hostile ones, imported.
fn hostile() -> Budget {
    let text = include_str!("fixtures/futian-investment-2022.txt")
        .replace("资源勘探工业信息支出", IMG)
        .replace("社会保障和就业支出", SCRIPT)
        .replace("一般公共服务支出", JS)
        .replace("住房保障支出", RTL)
        .replace("卫生健康支出", &long())
        .replace("产业发展专项资金", EMOJI)
        .replace("人才政策经费", HYPERLINK)
        .replace("招商引资分项", AT)
        .replace("英才荟经费", PLUS)
        .replace("一般管理事务", MINUS)
        .replace("投资促进管理", ZWJ);
    let mut b = yusuan::import_text(&text).expect("the seed with hostile names imports");
    let f = b.function_tables.first_mut().expect("a function table");
    let row = f.rows.iter_mut().find(|r| r.code == "20805").expect("row 20805");
    row.name = QUOTED.to_string();
    b
}

/// Every kind at two sizes, and the function chart drilled into each hostile 类.
fn scenes(b: &Budget) -> Vec<(String, Scene)> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        for (w, h) in [(640.0, 400.0), (360.0, 640.0)] {
            let o = Options { width: w, height: h, ..Options::default() };
            out.push((format!("{} {w}×{h}", kind.as_str()), build(kind, b, &o, &EstimateMeasure)));
        }
    }
    for path in [vec!["215"], vec!["208"], vec!["208", "20805"], vec!["201"], vec!["221"], vec!["210"]] {
        let o = Options { path: path.iter().map(|s| s.to_string()).collect(), ..Options::default() };
        out.push((format!("functions {}", path.join("/")), build(Kind::Functions, b, &o, &EstimateMeasure)));
    }
    let en = Options { lang: Lang::En, ..Options::default() };
    out.push(("functions en".into(), build(Kind::Functions, b, &en, &EstimateMeasure)));
    out
}

fn all_labels() -> Vec<String> {
    [IMG, SCRIPT, JS, RTL, EMOJI, ZWJ, HYPERLINK, AT, PLUS, MINUS, QUOTED]
        .iter()
        .map(|s| s.to_string())
        .chain([long()])
        .collect()
}

#[test]
fn marks_tooltips_tables_and_breadcrumbs_carry_the_exact_strings() {
    let b = hostile();
    let scenes = scenes(&b);
    let marks: HashSet<&str> = scenes.iter().flat_map(|(_, s)| s.marks.iter().map(|m| m.label.as_str())).collect();
    let cells: HashSet<&str> =
        scenes.iter().flat_map(|(_, s)| s.table.rows.iter().flat_map(|r| r.0.iter().map(String::as_str))).collect();
    for label in all_labels() {
        assert!(marks.contains(label.as_str()), "no mark is labelled «{label}»");
        assert!(cells.contains(label.as_str()), "no data-table cell holds «{label}»");
    }
    for (what, s) in &scenes {
        for m in &s.marks {
            // The tooltip / aria lines name the mark by its whole label (never truncated).
            assert!(m.lines.first() == Some(&m.label), "{what}: tooltip of «{}» starts {:?}", m.label, m.lines.first());
        }
    }
    let crumbs = |path: &[&str]| {
        let o = Options { path: path.iter().map(|s| s.to_string()).collect(), ..Options::default() };
        build(Kind::Functions, &b, &o, &EstimateMeasure).breadcrumb
    };
    assert_eq!(crumbs(&["208"]).last().map(String::as_str), Some(SCRIPT));
    assert_eq!(crumbs(&["208", "20805"]).last().map(String::as_str), Some(QUOTED));
    assert_eq!(crumbs(&["221"]).last().map(String::as_str), Some(RTL));
    assert_eq!(crumbs(&["210"]).last(), Some(&long()));
    // The screen-reader sentence names the largest 类 as printed.
    let f = build(Kind::Functions, &b, &Options::default(), &EstimateMeasure);
    assert!(f.description.contains(&format!("最大一类为{IMG}")), "{}", f.description);
}

/// The SVG split into tags and text nodes (text unescaped); `Err` on a raw `<` or `&` in text.
fn svg_parts(svg: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let (mut tags, mut texts) = (Vec::new(), Vec::new());
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if !text.trim().is_empty() {
            texts.push(unescape(text.trim_matches('\n'))?);
        }
        let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
        tags.push(rest[open + 1..close].to_string());
        rest = &rest[close + 1..];
    }
    Ok((tags, texts))
}

fn unescape(t: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').ok_or(format!("a bare & in «{t}»"))? + i;
        out.push(match &rest[i..=end] {
            "&lt;" => '<',
            "&gt;" => '>',
            "&amp;" => '&',
            "&quot;" => '"',
            "&apos;" | "&#39;" => '\'',
            e => return Err(format!("unknown entity {e}")),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

const ELEMENTS: [&str; 10] = ["svg", "rect", "text", "line", "polyline", "polygon", "path", "circle", "g", "?xml"];

#[test]
fn svg_shows_every_label_as_escaped_text_and_no_label_becomes_markup() {
    let b = hostile();
    let mut drawn = 0;
    for (what, s) in scenes(&b) {
        let svg = yusuan::render::to_svg(&s, Theme::Light);
        let lower = svg.to_lowercase();
        assert!(!lower.contains("<script") && !lower.contains("<img"), "{what}: a label became an element");
        let (tags, texts) = svg_parts(&svg).unwrap_or_else(|e| panic!("{what}: {e}"));
        for tag in &tags {
            let name = tag.trim_start_matches('/').split([' ', '/', '\n']).next().unwrap_or("");
            assert!(ELEMENTS.contains(&name), "{what}: element «{name}» in <{tag}>");
            // Attributes hold numbers, colours and font names only: nothing from a label.
            for attr in tag.split_whitespace().skip(1) {
                let key = attr.split('=').next().unwrap_or("").to_lowercase();
                assert!(!key.starts_with("on") && !key.contains("href"), "{what}: attribute «{attr}»");
            }
            assert!(!tag.contains("alert") && !tag.contains("javascript"), "{what}: label text inside <{tag}>");
        }
        // Every string the scene draws is a text node of the SVG, exactly.
        let texts: HashSet<&str> = texts.iter().map(String::as_str).collect();
        for shape in &s.shapes {
            if let Shape::Text { text, .. } = shape {
                assert!(texts.contains(text.as_str()), "{what}: «{text}» is not a text node of the SVG");
                drawn += 1;
            }
        }
    }
    assert!(drawn > 100, "only {drawn} texts drawn");
    // The escaped forms are what the file holds.
    let f = yusuan::render::to_svg(&build(Kind::Functions, &b, &Options::default(), &EstimateMeasure), Theme::Light);
    assert!(f.contains("&lt;img/src=x/onerror=alert(1)&gt;"), "the largest block's label is drawn whole");
}

/// RFC 4180 fields of one CSV text.
fn csv_fields(csv: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',' | '\n') => out.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (_, c) => field.push(c),
        }
    }
    out
}

#[test]
fn csv_neutralises_formulas_and_keeps_numbers_and_names() {
    let b = hostile();
    let mut csvs: Vec<(String, String)> =
        scenes(&b).into_iter().map(|(what, s)| (what, yusuan::export::table_csv(&s.table))).collect();
    csvs.push(("functions_csv".into(), yusuan::export::functions_csv(&b, Lang::Zh).expect("a function table")));
    let mut fields: HashSet<String> = HashSet::new();
    for (what, csv) in &csvs {
        for f in csv_fields(csv.trim_start_matches(yusuan::export::UTF8_BOM)) {
            match f.chars().next() {
                Some('=' | '+' | '@' | '\t' | '\r') => panic!("{what}: cell «{f}» would run as a formula"),
                Some('-') => {
                    assert!(yusuan::money::parse_amount(&f).is_some(), "{what}: cell «{f}» would run as a formula")
                }
                _ => {}
            }
            fields.insert(f);
        }
    }
    for guarded in [HYPERLINK, AT, PLUS, MINUS] {
        assert!(fields.contains(&format!("'{guarded}")), "«{guarded}» is not written as '«{guarded}»");
    }
    // Names that are no formula are written as they are (quotes doubled by the CSV quoting only).
    for plain in [IMG, SCRIPT, JS, RTL, EMOJI, ZWJ, QUOTED] {
        assert!(fields.contains(plain), "«{plain}» is not a CSV cell as is");
    }
    assert!(fields.contains(&long()));
    // Negative amounts stay numbers.
    assert!(fields.contains("-7,013.00"));
}

#[test]
fn hostile_names_survive_json_exactly() {
    let b = hostile();
    let back = yusuan::json::from_json(&yusuan::json::to_json(&b)).expect("own JSON loads");
    assert_eq!(back, b);
}
