//! A file through everything a user meets: the one door (`import::read`: a document's text, a CSV
//! line table, or by content), then the summary, the audit, every chart kind in both languages
//! and themes, and each scene drawn as SVG. No panic anywhere; every SVG is well formed enough to
//! open (one root, no NaN or infinite coordinate) and no label of the file becomes markup.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yusuan::chart::{build, EstimateMeasure, Kind, Options, Theme};
use yusuan::Lang;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the name the file arrives with: the door decides by it, else by content.
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = match pick % 3 {
        0 => "budget.txt",
        1 => "table.csv",
        _ => "",
    };
    let Ok(budget) = yusuan::import::read(name, bytes) else { return };
    let _ = yusuan::summary::summary(&budget);
    let _ = yusuan::audit(&budget);
    for (lang, theme) in [(Lang::Zh, Theme::Light), (Lang::En, Theme::Dark)] {
        let opts = Options { lang, theme, ..Options::default() };
        for kind in Kind::ALL {
            let scene = build(kind, &budget, &opts, &EstimateMeasure);
            let svg = yusuan::render::to_svg(&scene, theme);
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{kind:?}: not one SVG root");
            assert_eq!(svg.matches("<svg").count(), 1, "{kind:?}: a label became markup");
            assert!(geometry_is_finite(&svg), "{kind:?}: a coordinate is not a number");
        }
    }
});

/// Every geometry attribute (x, y, width, points, d …) holds numbers: no `NaN`, no `inf`. Text
/// content is not looked at: a document may name anything.
fn geometry_is_finite(svg: &str) -> bool {
    const GEOMETRY: [&str; 13] = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "points", "d"];
    let mut rest = svg;
    while let Some(i) = rest.find("=\"") {
        let name = rest[..i].rsplit(|c: char| c.is_whitespace() || c == '<').next().unwrap_or("");
        let value_start = i + 2;
        let Some(len) = rest[value_start..].find('"') else { return true };
        let value = &rest[value_start..value_start + len];
        if GEOMETRY.contains(&name) && (value.contains("NaN") || value.contains("inf")) {
            return false;
        }
        rest = &rest[value_start + len..];
    }
    true
}
