//! Chart kinds on the seed: marks, labels, tables, descriptions, hit-testing, drill paths,
//! layout (no text outside the canvas, no overlapping labels), the renderer through a recording
//! backend, and SVG snapshots (YUSUAN_BLESS=1 rewrites them; a mismatch writes <kind>.actual.svg).

use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;
use yusuan::chart::layout::{overlaps, shape_text_box};
use yusuan::chart::{build, EstimateMeasure, Kind, Measure, Options, Scene, Shape, Theme};
use yusuan::model::Budget;
use yusuan::money::Lang;

/// The seed document through the real importer (parsed once).
fn seed() -> Budget {
    static SEED: OnceLock<Budget> = OnceLock::new();
    SEED.get_or_init(|| {
        let text = include_str!("fixtures/futian-investment-2022.txt");
        yusuan::import_text(text).expect("the seed imports")
    })
    .clone()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn opts(w: f64, h: f64) -> Options {
    Options {
        width: w,
        height: h,
        lang: Lang::Zh,
        theme: Theme::Light,
        path: vec![],
    }
}

fn at(kind: Kind, w: f64, h: f64, path: &[&str]) -> Scene {
    let mut o = opts(w, h);
    o.path = path.iter().map(|s| s.to_string()).collect();
    build(kind, &seed(), &o, &EstimateMeasure)
}

fn chart(kind: Kind) -> Scene {
    at(kind, 640.0, 400.0, &[])
}

fn labels(s: &Scene) -> Vec<&str> {
    s.marks.iter().map(|m| m.label.as_str()).collect()
}

fn ids(s: &Scene) -> Vec<&str> {
    s.marks.iter().map(|m| m.id.as_str()).collect()
}

fn texts(s: &Scene) -> Vec<&str> {
    s.shapes
        .iter()
        .filter_map(|sh| match sh {
            Shape::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// A point that lies on mark `i`: the middle of its arc for donut slices, else its bbox centre.
fn probe(s: &Scene, i: usize) -> (f64, f64) {
    for sh in &s.shapes {
        if let Shape::Arc {
            cx,
            cy,
            r0,
            r1,
            start,
            end,
            mark: Some(m),
            ..
        } = sh
        {
            if *m == i {
                let (a, r) = ((start + end) / 2.0, (r0 + r1) / 2.0);
                return (cx + r * a.sin(), cy - r * a.cos());
            }
        }
    }
    let b = s.marks[i].bbox;
    (b[0] + b[2] / 2.0, b[1] + b[3] / 2.0)
}

/// Text inside the canvas, no two text boxes overlapping, every mark hit at its probe point,
/// every mark with tooltip lines and a bbox inside the canvas.
fn check_layout(s: &Scene, m: &dyn Measure, what: &str) {
    let boxes: Vec<[f64; 4]> = s.shapes.iter().filter_map(|sh| shape_text_box(m, sh)).collect();
    for (i, b) in boxes.iter().enumerate() {
        assert!(
            b[0] >= -0.01 && b[1] >= -0.01 && b[0] + b[2] <= s.width + 0.01 && b[1] + b[3] <= s.height + 0.01,
            "{what}: text {i} {b:?} outside {}×{}",
            s.width,
            s.height
        );
        for (j, o) in boxes.iter().enumerate().skip(i + 1) {
            assert!(!overlaps(*b, *o), "{what}: text {i} {b:?} overlaps text {j} {o:?}\n{:?}", texts(s));
        }
    }
    for (i, mk) in s.marks.iter().enumerate() {
        let (x, y) = probe(s, i);
        assert_eq!(s.hit(x, y), Some(i), "{what}: mark {i} {} not hit at ({x:.1},{y:.1})", mk.label);
        assert!(!mk.lines.is_empty() && mk.lines[0] == mk.label, "{what}: mark {i} lines {:?}", mk.lines);
        let b = mk.bbox;
        assert!(
            b[0] >= -0.01 && b[1] >= -0.01 && b[0] + b[2] <= s.width + 0.01 && b[1] + b[3] <= s.height + 0.01,
            "{what}: bbox {b:?}"
        );
    }
}

/// Measures 15% wider than the estimate, as a browser font may.
struct Wide;
impl Measure for Wide {
    fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        EstimateMeasure.width(text, size, bold) * 1.15
    }
}

#[test]
fn layout_holds_at_every_size_language_theme_and_path() {
    let paths: &[&[&str]] = &[
        &[],
        &["208"],
        &["208", "20805"],
        &["project:6"],
        &["project:5"],
        &["others"],
        &["others", "others"],
    ];
    for kind in Kind::ALL {
        for (w, h) in [(300.0, 240.0), (420.0, 300.0), (640.0, 400.0), (960.0, 540.0)] {
            for lang in [Lang::Zh, Lang::En] {
                for theme in [Theme::Light, Theme::Dark] {
                    for path in paths {
                        for m in [&EstimateMeasure as &dyn Measure, &Wide] {
                            let o = Options {
                                width: w,
                                height: h,
                                lang,
                                theme,
                                path: path.iter().map(|s| s.to_string()).collect(),
                            };
                            let s = build(kind, &seed(), &o, m);
                            let what = format!("{} {w}×{h} {lang:?} {theme:?} {path:?}", kind.as_str());
                            assert!(s.message.is_none(), "{what}: {:?}", s.message);
                            assert!(!s.marks.is_empty(), "{what}");
                            check_layout(&s, m, &what);
                        }
                    }
                }
            }
        }
    }
}

/// The Putuo samples (元, 决算, split codes): every kind either draws cleanly or says why not.
#[test]
fn other_documents_lay_out_cleanly() {
    for name in ["putuo-commerce-budget-2025", "putuo-finance-final-accounts-2024", "putuo-govoffice-budget-2025"] {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let b = yusuan::import_text(&text).unwrap();
        for kind in Kind::ALL {
            for (w, h) in [(300.0, 240.0), (640.0, 400.0), (960.0, 540.0)] {
                for lang in [Lang::Zh, Lang::En] {
                    let o = Options {
                        width: w,
                        height: h,
                        lang,
                        theme: Theme::Light,
                        path: vec![],
                    };
                    let s = build(kind, &b, &o, &EstimateMeasure);
                    let what = format!("{name} {} {w}×{h} {lang:?}", kind.as_str());
                    assert_eq!(s.message.is_some(), s.marks.is_empty(), "{what}");
                    check_layout(&s, &EstimateMeasure, &what);
                    // Drill into every drillable mark once.
                    for mk in s.marks.iter().filter(|m| m.drill.is_some()) {
                        let mut o2 = o.clone();
                        o2.path = vec![mk.drill.clone().unwrap_or_default()];
                        let s2 = build(kind, &b, &o2, &EstimateMeasure);
                        check_layout(&s2, &EstimateMeasure, &format!("{what} → {:?}", o2.path));
                    }
                }
            }
        }
    }
    // A 元 document is labelled in 万元 with the tables' unit noted; tooltips stay exact.
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/putuo-commerce-budget-2025.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let b = yusuan::import_text(&text).unwrap();
    let s = build(Kind::Functions, &b, &opts(640.0, 400.0), &EstimateMeasure);
    assert!(s.subtitle.starts_with("单位：万元（原表单位：元）"), "{}", s.subtitle);
    assert_eq!(s.marks[0].lines[2], "293,810,000.00 元");
    assert!(texts(&s).contains(&"29,381.00 万元"));
}

#[test]
fn absent_data_gives_a_message_for_every_kind() {
    let empty = Budget::default();
    for kind in Kind::ALL {
        for lang in [Lang::Zh, Lang::En] {
            let mut o = opts(300.0, 240.0);
            o.lang = lang;
            let s = build(kind, &empty, &o, &EstimateMeasure);
            assert!(s.message.is_some(), "{}", kind.as_str());
            assert!(s.marks.is_empty() && s.table.rows.is_empty());
            assert!(
                texts(&s).contains(&s.message.as_deref().unwrap_or_default()),
                "{}: message drawn",
                kind.as_str()
            );
            check_layout(&s, &EstimateMeasure, kind.as_str());
        }
    }
    let s = build(Kind::Projects, &empty, &opts(640.0, 400.0), &EstimateMeasure);
    assert_eq!(s.message.as_deref(), Some("本预算未列出项目明细"));
    let mut o = opts(640.0, 400.0);
    o.lang = Lang::En;
    assert_eq!(
        build(Kind::Projects, &empty, &o, &EstimateMeasure).message.as_deref(),
        Some("No project items in this budget")
    );
}

#[test]
fn nonsense_sizes_do_not_panic() {
    for kind in Kind::ALL {
        for (w, h) in [(0.0, 0.0), (f64::NAN, 10.0), (1.0, 1.0), (50.0, 30.0), (1e9, 1e9), (-5.0, 400.0)] {
            let s = build(kind, &seed(), &opts(w, h), &EstimateMeasure);
            assert!(s.width.is_finite() && s.height.is_finite());
            let _ = yusuan::render::to_svg(&s, Theme::Dark);
        }
    }
}

#[test]
fn kinds_parse_and_print() {
    for k in Kind::ALL {
        assert_eq!(Kind::parse(k.as_str()), Some(k));
    }
    assert_eq!(Kind::parse("treemap"), None);
}

#[test]
fn composition_is_the_economic_split() {
    let s = chart(Kind::Composition);
    assert_eq!(s.title, "2022年支出构成");
    assert_eq!(labels(&s), ["项目支出", "人员支出", "公用支出", "对个人和家庭的补助"]);
    assert_eq!(s.marks[0].value, d("41086.26"));
    assert_eq!(s.marks[0].share, Some(d("92.6")));
    assert_eq!(s.marks[0].lines, ["项目支出", "41,086.26 万元", "占 92.6%"]);
    assert_eq!(s.marks[3].lines, ["对个人和家庭的补助", "152.59 万元", "占 0.3%"]);
    assert!(texts(&s).contains(&"4.44 亿元"), "total in the hole");
    assert!(texts(&s).contains(&"2,796.41 万元 · 6.3%"));
    assert_eq!(s.table.rows.len(), 5);
    assert_eq!(s.table.rows[4].0, ["合计", "44,350.00", "100.0%"]);
    assert_eq!(s.description, "2022年支出44,350万元，其中项目支出41,086.26万元，占92.6%");
    assert_eq!(s.source, "数据来源：深圳市福田区投资推广和企业服务中心 2022年部门预算");
    // Legend rows answer the pointer too (thin slices are hard to hit).
    let legend_hit = s.shapes.iter().find_map(|sh| match sh {
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            mark: Some(3),
            ..
        } if fill.3 == 0 => Some((x + w / 2.0, y + h / 2.0)),
        _ => None,
    });
    let (x, y) = legend_hit.expect("legend row for the smallest slice");
    assert_eq!(s.hit(x, y), Some(3));
}

#[test]
fn functions_treemap_drills_class_section_item() {
    let s = chart(Kind::Functions);
    assert_eq!(ids(&s), ["215", "208", "201", "221", "210"]);
    assert_eq!(s.marks[0].label, "资源勘探工业信息支出");
    assert_eq!(s.marks[0].drill.as_deref(), Some("215"));
    assert_eq!(s.marks[0].lines[2], "28,000.00 万元");
    assert_eq!(s.marks[0].lines[4], "基本支出 0.00 万元 · 项目支出 28,000.00 万元");
    assert!(s.breadcrumb.is_empty());
    assert_eq!(
        s.description,
        "2022年支出44,350万元，按功能分类最大一类为资源勘探工业信息支出28,000万元，占63.1%"
    );
    assert_eq!(s.table.rows.len(), 5);
    assert_eq!(s.table.rows[1].0, ["208", "社会保障和就业支出", "9,638.00", "358.00", "9,280.00", "21.7%"]);
    assert!(texts(&s).contains(&"资源勘探工业信息支出"));
    // Areas follow the values.
    let area = |i: usize| s.marks[i].bbox[2] * s.marks[i].bbox[3];
    assert!((area(0) / area(1) - 28000.0 / 9638.0).abs() < 1e-6);

    let s = at(Kind::Functions, 640.0, 400.0, &["208"]);
    assert_eq!(ids(&s), ["20801", "20805", "20899"]);
    assert_eq!(s.breadcrumb, ["全部", "社会保障和就业支出"]);
    assert_eq!(s.marks[1].drill.as_deref(), Some("20805"));
    assert_eq!(s.marks[2].lines[3], "占 <0.1%", "0.70 of 9,639.25 is not nothing");

    let s = at(Kind::Functions, 640.0, 400.0, &["208", "20805"]);
    assert_eq!(ids(&s), ["2080505", "2080502", "2080506"]);
    assert_eq!(s.breadcrumb, ["全部", "社会保障和就业支出", "行政事业单位养老支出"]);
    assert!(s.marks.iter().all(|m| m.drill.is_none()));
    assert_eq!(s.marks[0].share, Some(d("45.5")));

    // Unknown ids are ignored: the root is shown.
    assert_eq!(ids(&at(Kind::Functions, 640.0, 400.0, &["999"])), ["215", "208", "201", "221", "210"]);
    assert_eq!(ids(&at(Kind::Functions, 640.0, 400.0, &["208", "nope"])), ["20801", "20805", "20899"]);
}

#[test]
fn functions_skip_blank_and_zero_rows() {
    let mut b = seed();
    let t = &mut b.function_tables[0];
    if let Some(r) = t.rows.iter_mut().find(|r| r.code == "210") {
        r.total = None;
    }
    if let Some(r) = t.rows.iter_mut().find(|r| r.code == "221") {
        r.total = Some(d("0"));
    }
    let s = build(Kind::Functions, &b, &opts(640.0, 400.0), &EstimateMeasure);
    assert_eq!(ids(&s), ["215", "208", "201"]);
}

/// Regression: a code that is not digits (from hand-edited JSON) must not reach byte slicing.
#[test]
fn functions_survive_odd_codes() {
    let mut b = seed();
    let mut odd = b.function_tables[0].rows[0].clone();
    odd.code = "ab一".into();
    b.function_tables[0].rows.push(odd.clone());
    odd.code = "20一".into();
    b.function_tables[0].rows.push(odd);
    for path in [vec![], vec!["ab一".to_string()], vec!["208".to_string()]] {
        let mut o = opts(640.0, 400.0);
        o.path = path;
        let s = build(Kind::Functions, &b, &o, &EstimateMeasure);
        assert!(!s.marks.iter().any(|m| m.id.contains('一')));
    }
}

#[test]
fn projects_are_sorted_bars_largest_first() {
    let s = chart(Kind::Projects);
    assert_eq!(s.marks.len(), 8);
    assert_eq!(s.marks[0].label, "产业发展专项资金");
    assert_eq!(s.marks[0].value, d("28000"));
    assert_eq!(
        s.marks[0].lines,
        ["产业发展专项资金", "28,000.00 万元", "占 68.1%", "比2021年 −7,013.00 万元（−20.0%）"]
    );
    assert_eq!(s.marks[0].prior, Some(d("35013")));
    assert_eq!(s.marks[0].drill.as_deref(), Some("project:6"));
    assert_eq!(labels(&s)[1..4], ["人才政策经费", "其他一般公共服务支出", "一般管理事务"]);
    let reserve = s.marks.iter().find(|m| m.label == "预算准备金").unwrap();
    assert_eq!(reserve.lines[3], "与2021年持平");
    assert!(reserve.drill.is_none(), "no components listed");
    assert!(texts(&s).contains(&"28,000.00 万元"));
    assert!(texts(&s).contains(&"1,308.26 万元"));
    assert_eq!(s.table.rows.len(), 8);
    assert_eq!(s.table.rows[0].0, ["产业发展专项资金", "28,000.00", "68.1%", "-7,013.00"]);
    assert_eq!(s.description, "2022年项目支出41,086.26万元，最大一项为产业发展专项资金28,000万元，占68.1%");
    // Bars are proportional.
    assert!((s.marks[0].bbox[2] / s.marks[1].bbox[2] - 28000.0 / 9280.0).abs() < 1e-9);
}

#[test]
fn projects_drill_into_components() {
    let s = at(Kind::Projects, 640.0, 400.0, &["project:6"]);
    assert_eq!(labels(&s), ["招商引资分项", "行业协会分项"]);
    assert_eq!(s.marks[0].value, d("25000.00"));
    assert_eq!(s.breadcrumb, ["全部项目", "产业发展专项资金"]);
    assert_eq!(s.marks[1].lines, ["行业协会分项", "3,000.00 万元", "占 10.7%"]);
    // 一般管理事务 lists its parts with 等: the unnamed rest is shown so the bars add up.
    let s = at(Kind::Projects, 640.0, 400.0, &["project:5"]);
    let rest = s.marks.last().unwrap();
    assert_eq!(rest.label, "其他（未列明）");
    assert_eq!(rest.value, d("812.66"));
    assert_eq!(s.marks.iter().map(|m| m.value).sum::<Decimal>(), d("1308.26"));
    // A project without components ignores the path.
    assert_eq!(at(Kind::Projects, 640.0, 400.0, &["project:0"]).marks.len(), 8);
}

#[test]
fn projects_bucket_the_smallest_on_a_phone() {
    let s = at(Kind::Projects, 300.0, 240.0, &[]);
    let last = s.marks.last().unwrap();
    let n: usize = last.label.trim_start_matches("其他 ").trim_end_matches(" 项").parse().unwrap();
    assert_eq!(s.marks.len() - 1 + n, 8);
    assert_eq!(s.marks.iter().map(|m| m.value).sum::<Decimal>(), d("41086.26"));
    assert_eq!(s.marks[0].label, "产业发展专项资金");
}

#[test]
fn projects_fall_back_to_function_items() {
    let mut b = seed();
    b.projects.clear();
    let s = build(Kind::Projects, &b, &opts(640.0, 400.0), &EstimateMeasure);
    assert_eq!(ids(&s), ["2150899", "2080116", "2019999", "2011399"]);
    assert_eq!(s.marks[3].value, d("1488.26"));
    assert!(s.subtitle.contains("本预算未列出项目明细"), "{}", s.subtitle);
}

#[test]
fn change_pairs_last_year_and_this_year() {
    let s = chart(Kind::Change);
    assert_eq!(s.title, "2022年与2021年相比");
    assert_eq!(s.marks[0].label, "支出合计");
    assert_eq!(
        (s.marks[0].value, s.marks[0].prior, s.marks[0].change),
        (d("44350"), Some(d("50943.32")), Some(d("-6593.32")))
    );
    assert_eq!(s.marks[0].lines[3], "比2021年 −6,593.32 万元（−12.9%）");
    assert_eq!(s.marks[1].label, "产业发展专项资金");
    assert_eq!(s.marks.len(), 9);
    assert!(texts(&s).contains(&"−7,013.00（−20.0%）"));
    assert!(texts(&s).contains(&"+382.00（+41.2%）"));
    assert!(texts(&s).contains(&"持平"));
    assert_eq!(s.table.rows[0].0, ["支出合计", "50,943.32", "44,350.00", "-6,593.32", "−12.9%"]);
    assert_eq!(
        s.description,
        "2022年支出44,350万元，比2021年减少6,593.32万元（12.9%），变化最大的是产业发展专项资金（−7,013万元）"
    );
    // Change bars diverge from one zero line: decreases end there from the left.
    let dec = s
        .shapes
        .iter()
        .filter(|sh| matches!(sh, Shape::Rect { mark: Some(1), fill, .. } if fill.3 > 0))
        .count();
    assert_eq!(dec, 3, "prior bar, current bar, change bar");
}

#[test]
fn waterfall_adds_up_to_the_stated_totals() {
    let s = chart(Kind::Waterfall);
    let first = &s.marks[0];
    let last = s.marks.last().unwrap();
    assert_eq!((first.label.as_str(), first.value), ("2021年支出合计", d("50943.32")));
    assert_eq!((last.label.as_str(), last.value), ("2022年支出合计", d("44350")));
    let steps: Decimal = s.marks[1..s.marks.len() - 1].iter().map(|m| m.value).sum();
    assert_eq!(first.value + steps, last.value);
    let residual = s.marks.iter().find(|m| m.id == "residual").unwrap();
    assert_eq!(residual.value, d("158.06"));
    assert_eq!(residual.label, "基本支出等其他变化");
    assert_eq!(s.marks[1].label, "产业发展专项资金");
    assert!(!labels(&s).contains(&"预算准备金"), "no change, no step");
    assert_eq!(
        s.description,
        "支出从2021年的50,943.32万元变为2022年的44,350万元，减少6,593.32万元；其中产业发展专项资金减少7,013万元"
    );
    assert_eq!(s.table.rows.last().unwrap().0, ["2022年支出合计", "", "44,350.00"]);
    // On a phone the smallest steps fold into the residual; the sum still holds.
    let s = at(Kind::Waterfall, 300.0, 240.0, &[]);
    let steps: Decimal = s.marks[1..s.marks.len() - 1].iter().map(|m| m.value).sum();
    assert_eq!(s.marks[0].value + steps, d("44350"));
}

#[test]
fn sangong_by_category_last_year_vs_this_year() {
    let s = chart(Kind::Sangong);
    assert_eq!(ids(&s), ["total", "abroad", "reception", "vehicle_purchase", "vehicle_operation"]);
    assert_eq!(
        (s.marks[0].value, s.marks[0].prior, s.marks[0].change),
        (d("17.66"), Some(d("17.76")), Some(d("-0.10")))
    );
    assert_eq!(
        s.marks[2].lines,
        ["公务接待费", "2022年 6.65 万元", "2021年 6.75 万元", "比2021年 −0.10 万元（−1.5%）"]
    );
    assert!(texts(&s).contains(&"11.01 万元"));
    assert!(texts(&s).contains(&"6.75"));
    assert_eq!(s.table.rows[2].0, ["公务接待费", "6.75", "6.65", "-0.10"]);
    assert_eq!(
        s.description,
        "2022年“三公”经费17.66万元，比2021年减少0.1万元（0.6%），最大一项为公务用车运行维护费11.01万元"
    );
    // Without the table the sentences stand in.
    let mut b = seed();
    b.sangong.clear();
    let s = build(Kind::Sangong, &b, &opts(640.0, 400.0), &EstimateMeasure);
    assert_eq!(ids(&s), ["total", "abroad", "reception", "vehicle_purchase", "vehicle_operation"]);
    assert_eq!(s.marks[0].prior, Some(d("17.76")), "17.66 − (−0.1)");
    assert_eq!(s.marks[2].prior, Some(d("6.75")));
}

fn putuo_commerce() -> Budget {
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/putuo-commerce-budget-2025.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
    yusuan::import_text(&text).unwrap()
}

#[test]
fn sangong_table_with_vanished_cells_is_completed_by_the_sentences() {
    // Putuo prints only `1.00 1.00 171.01` in its 三公 table; the sentences give every category
    // and “与2024年预算持平”.
    let s = build(Kind::Sangong, &putuo_commerce(), &opts(640.0, 400.0), &EstimateMeasure);
    assert_eq!(ids(&s), ["total", "abroad", "reception", "vehicle_purchase", "vehicle_operation"]);
    assert_eq!((s.marks[0].value, s.marks[0].prior), (d("1.00"), Some(d("1.00"))));
    assert_eq!((s.marks[1].value, s.marks[1].prior), (d("0"), Some(d("0"))));
    assert_eq!(s.marks[2].lines[2], "2024年 1.00 万元");
    assert!(s.subtitle.starts_with("单位：万元 · 灰色为2024年，蓝色为2025年"), "{}", s.subtitle);
    // A sentence whose amount disagrees with the table lends no last year to it.
    let mut b = putuo_commerce();
    b.sangong_text.iter_mut().filter(|t| t.category == yusuan::model::SanGongCategory::Total).for_each(|t| t.amount = d("2.00"));
    let s = build(Kind::Sangong, &b, &opts(640.0, 400.0), &EstimateMeasure);
    assert_eq!((s.marks[0].value, s.marks[0].prior), (d("1.00"), None));
}

#[test]
fn change_shows_the_stated_comparisons_when_no_total_or_project_is_compared() {
    let s = build(Kind::Change, &putuo_commerce(), &opts(640.0, 400.0), &EstimateMeasure);
    assert_eq!(s.message, None);
    // As printed, in the text's order; 政府性基金 and 国有资本经营 are 0 both years and left out.
    assert_eq!(labels(&s), ["财政拨款收入", "财政拨款支出预算", "一般公共预算拨款支出预算"]);
    assert_eq!(
        (s.marks[1].value, s.marks[1].prior, s.marks[1].change),
        (d("37151.47"), Some(d("12659.76")), Some(d("24491.71")))
    );
    // The unit named is the sentences' (万元), not the tables' (元).
    assert!(s.subtitle.starts_with("单位：万元 · "), "{}", s.subtitle);
    assert!(s.subtitle.ends_with("按文件所述的对比"), "{}", s.subtitle);
    assert!(texts(&s).contains(&"+24,491.71（+193.5%）"));
}

#[test]
fn balance_shows_income_against_spending() {
    let s = chart(Kind::Balance);
    assert_eq!(
        labels(&s),
        [
            "政府预算拨款",
            "上年结转",
            "资源勘探工业信息支出",
            "社会保障和就业支出",
            "一般公共服务支出",
            "住房保障支出",
            "卫生健康支出"
        ]
    );
    assert_eq!(s.marks[1].value, d("12"));
    assert_eq!(s.marks[0].lines[2], "占收入总计 100.0%");
    assert_eq!(texts(&s).iter().filter(|t| **t == "44,350.00 万元").count(), 2);
    assert_eq!(s.table.rows.len(), 9);
    assert_eq!(
        s.description,
        "2022年收入总计44,350万元（含上年结转12万元），支出总计44,350万元，最大一类为资源勘探工业信息支出28,000万元"
    );
    // Equal totals, equal column heights.
    let h = |r: std::ops::Range<usize>| {
        s.shapes
            .iter()
            .filter_map(|sh| match sh {
                Shape::Rect { h, fill, mark: Some(m), .. } if fill.3 > 0 && r.contains(m) => Some(*h),
                _ => None,
            })
            .sum::<f64>()
    };
    assert!((h(0..2) - h(2..7)).abs() < 0.5);
}

#[test]
fn tasks_bars_with_others_and_indicators_in_the_table() {
    let s = chart(Kind::Tasks);
    assert_eq!(s.marks[0].label, "招商引资分项");
    assert_eq!(s.marks[0].lines[1], "25,000.00 万元");
    let last = s.marks.last().unwrap();
    assert!(last.label.starts_with("其他 ") && last.drill.as_deref() == Some("others"), "{}", last.label);
    assert_eq!(s.marks.iter().map(|m| m.value).sum::<Decimal>(), d("44350.01"));
    assert_eq!(
        s.table.header,
        ["类别", "任务名称 / 三级指标", "金额（万元）", "一级指标", "二级指标", "目标值"]
    );
    assert_eq!(s.table.rows.len(), 21 + 52, "21 tasks, 52 indicators");
    assert_eq!(s.table.rows[21].0, ["指标", "重点楼宇及园区信息采集频次", "", "产出", "数量", "每季度至少一次"]);
    assert!(s
        .description
        .starts_with("2022年绩效目标表列出21项任务，合计44,350.01万元，最大一项为招商引资分项25,000万元，占56.4%"));
    let shown = s.marks.len() - 1;
    let s2 = at(Kind::Tasks, 640.0, 400.0, &["others"]);
    assert_eq!(s2.breadcrumb[0], "全部任务");
    assert!(!labels(&s2).contains(&"招商引资分项"));
    assert!(s2.marks.len() + shown >= 21 - 1);
}

#[test]
fn english_translates_fixed_vocabulary_and_keeps_names() {
    let mut o = opts(640.0, 400.0);
    o.lang = Lang::En;
    let titles: Vec<String> = Kind::ALL.iter().map(|k| build(*k, &seed(), &o, &EstimateMeasure).title).collect();
    assert_eq!(
        titles,
        [
            "2022 spending by type",
            "2022 spending by function",
            "2022 project spending",
            "2022 compared with 2021",
            "From 2021 to 2022: what changed",
            "2022 'three public' expenses: trips abroad, receptions, vehicles",
            "2022 income and spending",
            "2022 performance targets: main tasks",
        ]
    );
    let s = build(Kind::Composition, &seed(), &o, &EstimateMeasure);
    assert_eq!(s.source, "Source: 深圳市福田区投资推广和企业服务中心, 2022 department budget");
    assert_eq!(s.marks[0].lines, ["Projects", "41,086.26 10k yuan", "92.6% of total"]);
    assert!(texts(&s).contains(&"443.50") && texts(&s).contains(&"million yuan"), "{:?}", texts(&s));
    let s = build(Kind::Projects, &seed(), &o, &EstimateMeasure);
    assert_eq!(s.marks[0].label, "产业发展专项资金", "document names stay as printed");
    assert_eq!(s.marks[0].lines[3], "vs 2021: −7,013.00 10k yuan (−20.0%)");
    assert_eq!(s.table.header[0], "Project");
}

#[test]
fn dark_theme_uses_light_text_on_dark_background() {
    let mut o = opts(640.0, 400.0);
    o.theme = Theme::Dark;
    let s = build(Kind::Projects, &seed(), &o, &EstimateMeasure);
    let Some(Shape::Text { color, .. }) = s.shapes.iter().find(|sh| matches!(sh, Shape::Text { .. })) else {
        panic!("no text")
    };
    assert!(color.0 > 200 && color.1 > 200, "title colour {color:?}");
    let svg = yusuan::render::to_svg(&s, Theme::Dark);
    assert!(svg.contains("#1B1D21") || svg.contains("#1b1d21"), "dark background");
}

// --- renderer ---------------------------------------------------------------------------

#[derive(Default)]
struct Recorder {
    rects: Vec<(BackendCoord, BackendCoord, bool)>,
    polygons: usize,
    paths: usize,
    lines: Vec<u32>,
    texts: Vec<(String, f64)>,
    own_arcs: bool,
    sectors: Vec<[f64; 7]>,
}

impl DrawingBackend for Recorder {
    type ErrorType = std::fmt::Error;
    fn get_size(&self) -> (u32, u32) {
        (1280, 800)
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn draw_pixel(&mut self, _: BackendCoord, _: BackendColor) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, _: &S, fill: bool) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.rects.push((a, b, fill));
        Ok(())
    }
    fn draw_line<S: BackendStyle>(&mut self, _: BackendCoord, _: BackendCoord, s: &S) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.lines.push(s.stroke_width());
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, _: I, _: &S) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.paths += 1;
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, _: I, _: &S) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.polygons += 1;
        Ok(())
    }
    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, _: BackendCoord) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.texts.push((text.to_string(), style.size()));
        Ok(())
    }
}

/// Fills sectors as the SVG backend does (polygons), or, with `own_arcs`, as the canvas does with
/// `arc`: then it records each slice's geometry (CSS px, with the scale) instead.
impl yusuan::render::Sectors for Recorder {
    fn fill_sector(&mut self, cx: f64, cy: f64, r0: f64, r1: f64, start: f64, end: f64, scale: f64, c: BackendColor) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if !self.own_arcs {
            return self.fill_polygon(yusuan::render::arc_points(cx, cy, r0, r1, start, end, scale), &c);
        }
        self.sectors.push([cx, cy, r0, r1, start, end, scale]);
        Ok(())
    }
}

#[test]
fn a_backend_with_its_own_arcs_gets_every_slice() {
    let s = chart(Kind::Composition);
    let mut r = Recorder { own_arcs: true, ..Recorder::default() };
    yusuan::render::render(&s, &mut r, 2.0, None, Theme::Light).unwrap();
    let arcs: Vec<[f64; 7]> = s
        .shapes
        .iter()
        .filter_map(|sh| match sh {
            Shape::Arc { cx, cy, r0, r1, start, end, fill, .. } if fill.3 > 0 && end > start => Some([*cx, *cy, *r0, *r1, *start, *end, 2.0]),
            _ => None,
        })
        .collect();
    assert_eq!(arcs.len(), 4);
    assert_eq!(r.sectors, arcs);
    assert_eq!(r.polygons, 0, "no polygon when the backend draws arcs");
}

#[test]
fn render_scales_every_shape_for_hidpi() {
    let s = chart(Kind::Composition);
    let mut r = Recorder::default();
    yusuan::render::render(&s, &mut r, 2.0, None, Theme::Light).unwrap();
    assert_eq!(r.rects[0], ((0, 0), (1280, 800), true), "background first");
    let text_shapes: Vec<(&str, f64)> = s
        .shapes
        .iter()
        .filter_map(|sh| match sh {
            Shape::Text { text, size, .. } => Some((text.as_str(), *size)),
            _ => None,
        })
        .collect();
    assert_eq!(r.texts.len(), text_shapes.len());
    for ((t, size), (rt, rsize)) in text_shapes.iter().zip(&r.texts) {
        assert_eq!(t, rt);
        assert_eq!(size * 2.0, *rsize);
    }
    assert_eq!(r.polygons, 4, "one polygon per slice");
    assert_eq!(r.paths, 0);
    // Focus outlines the mark's shapes.
    let mut r = Recorder::default();
    yusuan::render::render(&s, &mut r, 2.0, Some(0), Theme::Light).unwrap();
    assert!(r.paths >= 1);
    // A treemap block is outlined once, not around its 基本/项目 strip as well.
    let s = chart(Kind::Functions);
    let mut r = Recorder::default();
    yusuan::render::render(&s, &mut r, 2.0, Some(1), Theme::Light).unwrap();
    assert_eq!(r.paths, 1);
    // Grid lines keep at least one device pixel, scaled.
    let s = chart(Kind::Projects);
    let mut r = Recorder::default();
    yusuan::render::render(&s, &mut r, 2.0, None, Theme::Light).unwrap();
    assert!(!r.lines.is_empty() && r.lines.iter().all(|w| *w == 2));
}

#[test]
fn arcs_are_smooth_at_2x() {
    let pts = yusuan::render::arc_points(100.0, 100.0, 50.0, 90.0, 0.0, std::f64::consts::PI, 2.0);
    // Outer half circle of radius 180 device px: one vertex every ≤ 1.5 px.
    assert!(pts.len() > (std::f64::consts::PI * 180.0 / 1.5) as usize);
}

// --- snapshots --------------------------------------------------------------------------

#[test]
fn svg_snapshots() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let bless = std::env::var("YUSUAN_BLESS").is_ok_and(|v| v == "1");
    let mut failed = Vec::new();
    for kind in Kind::ALL {
        let svg = yusuan::render::to_svg(&chart(kind), Theme::Light);
        let path = dir.join(format!("{}.svg", kind.as_str()));
        let actual = dir.join(format!("{}.actual.svg", kind.as_str()));
        match std::fs::read_to_string(&path) {
            Ok(want) if want == svg && !bless => {
                let _ = std::fs::remove_file(&actual);
            }
            Ok(_) if !bless => {
                std::fs::write(&actual, &svg).unwrap();
                failed.push(kind.as_str());
            }
            _ => {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &svg).unwrap();
            }
        }
    }
    assert!(
        failed.is_empty(),
        "snapshots differ: {failed:?} (see tests/snapshots/*.actual.svg; YUSUAN_BLESS=1 to accept)"
    );
}

/// YUSUAN_DUMP=<dir> writes every kind at phone, default and wide sizes for looking at.
#[test]
fn dump_for_review() {
    let Ok(dir) = std::env::var("YUSUAN_DUMP") else { return };
    std::fs::create_dir_all(&dir).unwrap();
    for kind in Kind::ALL {
        for (w, h) in [(300.0, 240.0), (640.0, 400.0), (960.0, 540.0)] {
            for (theme, tn) in [(Theme::Light, "light"), (Theme::Dark, "dark")] {
                for lang in [Lang::Zh, Lang::En] {
                    let o = Options {
                        width: w,
                        height: h,
                        lang,
                        theme,
                        path: vec![],
                    };
                    let s = build(kind, &seed(), &o, &EstimateMeasure);
                    let svg = yusuan::render::to_svg(&s, theme);
                    std::fs::write(format!("{dir}/{}-{w}x{h}-{tn}-{lang:?}.svg", kind.as_str()), svg).unwrap();
                }
            }
        }
    }
    for (kind, path) in [(Kind::Functions, vec!["208"]), (Kind::Functions, vec!["208", "20805"]), (Kind::Projects, vec!["project:4"]), (Kind::Tasks, vec!["others"])] {
        for (w, h) in [(300.0, 240.0), (640.0, 400.0)] {
            let mut o = opts(w, h);
            o.path = path.iter().map(|s| s.to_string()).collect();
            let s = build(kind, &seed(), &o, &EstimateMeasure);
            std::fs::write(format!("{dir}/drill-{}-{}-{w}x{h}.svg", kind.as_str(), path.join("_")), yusuan::render::to_svg(&s, Theme::Light)).unwrap();
        }
    }
    for name in ["putuo-commerce-budget-2025", "putuo-finance-final-accounts-2024", "putuo-govoffice-budget-2025"] {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let Ok(b) = yusuan::import_text(&text) else { continue };
        for kind in Kind::ALL {
            for (w, h) in [(300.0, 240.0), (640.0, 400.0)] {
                let s = build(kind, &b, &opts(w, h), &EstimateMeasure);
                std::fs::write(format!("{dir}/{name}-{}-{w}x{h}.svg", kind.as_str()), yusuan::render::to_svg(&s, Theme::Light)).unwrap();
            }
        }
    }
}

/// The seed with its primary function table replaced by `n` copies of its 201 row, the i-th valued `value(i)`.
fn seed_with_classes(n: i64, value: impl Fn(i64) -> Decimal) -> Budget {
    let mut b = seed();
    let t = b.function_tables.iter_mut().find(|t| !t.rows.is_empty()).unwrap();
    let template = t.rows.iter().find(|r| r.code == "201").unwrap().clone();
    t.rows = (0..n)
        .map(|i| {
            let mut r = template.clone();
            r.total = Some(value(i));
            r
        })
        .collect();
    b
}

#[test]
fn functions_fold_thousands_of_blocks_into_one_with_their_exact_sum() {
    // A function table pasted over and over: 1,000 rows of 类 at the top level.
    let b = seed_with_classes(1000, |i| Decimal::new(1000 + i, 2));
    let s = build(Kind::Functions, &b, &opts(640.0, 400.0), &EstimateMeasure);
    assert_eq!(s.table.rows.len(), 1000, "the data table lists every row");
    assert_eq!(s.marks.len(), yusuan::chart::functions::MAX_BLOCKS);
    let last = s.marks.last().unwrap();
    let folded = 1000 - (yusuan::chart::functions::MAX_BLOCKS - 1);
    assert_eq!((last.id.as_str(), last.label.clone()), ("others", format!("其他 {folded} 项")));
    // The smallest rows (10.00 … 17.60) are the folded ones: Σ = folded × (10.00 + 17.60) / 2.
    let want: Decimal = (0..folded as i64).map(|i| Decimal::new(1000 + i, 2)).sum();
    assert_eq!(last.value, want);
    assert_eq!(last.drill, None);
}

#[test]
fn balance_folds_a_flood_of_classes_into_one_segment() {
    let b = seed_with_classes(500, |i| Decimal::new(100 + i, 0));
    let s = build(Kind::Balance, &b, &opts(640.0, 400.0), &EstimateMeasure);
    let others = s.marks.iter().find(|m| m.id == "others").expect("a folded segment");
    // 30 segments: the 29 largest (571 … 599) and the other 471 (100 … 570) in one.
    assert_eq!(others.label, "其他 471 项");
    assert_eq!(others.value, (100..571).map(Decimal::from).sum::<Decimal>());
    assert_eq!(s.marks.iter().filter(|m| m.id == "201").count(), 29);
}

#[test]
fn the_widget_warms_the_fonts_the_charts_draw_with() {
    // www/yusuan.js measures text in these sizes while the module compiles (the first text of each
    // size and weight costs the browser a font lookup); other sizes would warm fonts never used.
    let script = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/yusuan.js")).unwrap();
    assert!(script.contains(&format!("const FONT = '{}';", yusuan::chart::style::FONT)), "FONT differs");
    let s = yusuan::chart::style::sizes(640.0);
    let warm = format!(
        "const WARM = ['bold {}px', 'normal {}px', 'bold {}px', 'normal {}px', 'bold {}px'];",
        s.title, s.label, s.label, s.small, s.small
    );
    assert!(script.contains(&warm), "expected {warm}");
}
