//! WCAG AA contrast of what the charts draw, on every fixture, kind, theme, language, a phone, a
//! card and a wide embed, at the root and one drill level down:
//! - text against whatever is drawn under it (the background, a bar, a treemap block): ≥ 4.5:1,
//!   ≥ 3:1 for large text (24 px, or 18.66 px bold);
//! - every filled mark (bar, block, sector) against the chart background: ≥ 3:1 (WCAG 1.4.11).
//!
//! Contrast is computed from the scene's colours, so it holds on canvas, in the PNG and in SVG alike.

use yusuan::chart::layout::shape_text_box;
use yusuan::chart::style::{contrast, palette};
use yusuan::chart::{build, Color, EstimateMeasure, Kind, Options, Scene, Shape, Theme};
use yusuan::money::Lang;

const FIXTURES: [(&str, &str); 4] = [
    ("futian", include_str!("fixtures/futian-investment-2022.txt")),
    (
        "putuo-commerce",
        include_str!("fixtures/putuo-commerce-budget-2025.txt"),
    ),
    (
        "putuo-finance",
        include_str!("fixtures/putuo-finance-final-accounts-2024.txt"),
    ),
    (
        "putuo-govoffice",
        include_str!("fixtures/putuo-govoffice-budget-2025.txt"),
    ),
];

/// `c` drawn over `under` (alpha compositing), opaque.
fn over(c: Color, under: Color) -> Color {
    let a = c.3 as f64 / 255.0;
    let f = |x: u8, y: u8| (x as f64 * a + y as f64 * (1.0 - a)).round() as u8;
    Color(f(c.0, under.0), f(c.1, under.1), f(c.2, under.2), 255)
}

/// The fill of a painted shape under the point.
fn contains(s: &Shape, x: f64, y: f64) -> Option<Color> {
    match *s {
        Shape::Rect { fill, .. } | Shape::Arc { fill, .. } if fill.3 > 0 && s.contains(x, y) => Some(fill),
        _ => None,
    }
}

/// The colour at a point just before shape `upto` is drawn.
fn colour_at(scene: &Scene, upto: usize, bg: Color, x: f64, y: f64) -> Color {
    scene.shapes[..upto]
        .iter()
        .fold(bg, |under, s| match contains(s, x, y) {
            Some(fill) => over(fill, under),
            None => under,
        })
}

fn check(scene: &Scene, theme: Theme, what: &str, failures: &mut Vec<String>) {
    let bg = palette(theme).background;
    for (i, s) in scene.shapes.iter().enumerate() {
        match s {
            Shape::Text {
                text,
                size,
                color,
                bold,
                ..
            } => {
                let Some([x, y, w, h]) = shape_text_box(&EstimateMeasure, s) else {
                    continue;
                };
                let large = *size >= 24.0 || (*bold && *size >= 18.66);
                let need = if large { 3.0 } else { 4.5 };
                // The middle of the text and four points inside its box: text crossing a bar's edge is
                // checked against both sides.
                let points = [(0.5, 0.5), (0.2, 0.3), (0.8, 0.3), (0.2, 0.7), (0.8, 0.7)];
                let worst = points
                    .iter()
                    .map(|(fx, fy)| {
                        let under = colour_at(scene, i, bg, x + w * fx, y + h * fy);
                        (contrast(over(*color, under), under), under)
                    })
                    .fold((f64::MAX, bg), |a, b| if b.0 < a.0 { b } else { a });
                if worst.0 < need {
                    failures.push(format!(
                        "{what}: text «{text}» {} on {} = {:.2}:1 < {need}",
                        color.css(),
                        worst.1.css(),
                        worst.0
                    ));
                }
            }
            Shape::Rect {
                fill, mark: Some(_), ..
            }
            | Shape::Arc {
                fill, mark: Some(_), ..
            } if fill.3 == 255 => {
                let c = contrast(*fill, bg);
                if c < 3.0 {
                    failures.push(format!(
                        "{what}: mark fill {} on {} = {c:.2}:1 < 3",
                        fill.css(),
                        bg.css()
                    ));
                }
            }
            _ => {}
        }
    }
}

#[test]
fn text_and_marks_meet_wcag_aa_contrast() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, text) in FIXTURES {
        let budget = yusuan::import_text(text).expect("fixture imports");
        for kind in Kind::ALL {
            for theme in [Theme::Light, Theme::Dark] {
                for lang in [Lang::Zh, Lang::En] {
                    for (w, h) in [(360.0, 420.0), (640.0, 420.0), (960.0, 540.0)] {
                        let mut opts = Options {
                            width: w,
                            height: h,
                            lang,
                            theme,
                            path: vec![],
                        };
                        let root = build(kind, &budget, &opts, &EstimateMeasure);
                        let what = format!("{name} {} {theme:?} {lang:?} {w}", kind.as_str());
                        check(&root, theme, &what, &mut failures);
                        checked += 1;
                        if let Some(id) = root.marks.iter().find_map(|m| m.drill.clone()) {
                            opts.path.push(id);
                            let drilled = build(kind, &budget, &opts, &EstimateMeasure);
                            check(&drilled, theme, &format!("{what} drilled"), &mut failures);
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    failures.sort();
    failures.dedup();
    assert!(checked > 300, "only {checked} scenes checked");
    assert!(
        failures.is_empty(),
        "{} contrast failures in {checked} scenes:\n{}",
        failures.len(),
        failures.iter().take(60).cloned().collect::<Vec<_>>().join("\n")
    );
}
