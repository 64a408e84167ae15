//! Scene → PNG natively (the CLI's `render -o chart.png`): the scene is written as SVG at the
//! target scale (`render::to_svg_scaled`) and rasterized 1:1 by resvg, with the system's fonts.
//! One drawing path serves SVG and PNG; text is shaped by a real font engine (rustybuzz), with
//! fallback to any installed font that has the glyph.

use crate::chart::{Scene, Shape, Theme};
use crate::render::to_svg_scaled;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Larger images are refused: 64 Mpx is 256 MiB of pixels before encoding.
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;

/// An encoded PNG and what the reader should know about it.
#[derive(Debug, Clone)]
pub struct Png {
    pub bytes: Vec<u8>,
    /// Device pixels (CSS size × scale).
    pub width: u32,
    pub height: u32,
    /// Font problems: characters no installed font can draw (they come out blank).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PngError {
    /// The image would exceed `MAX_PIXELS`.
    TooLarge { width: u64, height: u64 },
    /// resvg could not read the SVG yusuan wrote (a bug, reported rather than hidden).
    Svg(String),
    /// The pixmap could not be allocated or encoded.
    Encode(String),
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PngError::TooLarge { width, height } => {
                write!(
                    f,
                    "a {width}×{height} px image is larger than {} Mpx; choose a smaller --width/--height",
                    MAX_PIXELS >> 20
                )
            }
            PngError::Svg(m) => write!(f, "cannot rasterize the chart's SVG: {m}"),
            PngError::Encode(m) => write!(f, "cannot encode the PNG: {m}"),
        }
    }
}

impl std::error::Error for PngError {}

/// The system's fonts, loaded once per process (about 30 ms for a few dozen files).
fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        // Unnamed generic families resolve to a CJK face when one is installed.
        if let Some(family) = cjk_family(&db) {
            db.set_sans_serif_family(family);
        }
        Arc::new(db)
    })
    .clone()
}

/// A family that draws Chinese (tested on 预 and 算 in the font's own cmap).
fn cjk_family(db: &fontdb::Database) -> Option<String> {
    db.faces()
        .find(|face| ['预', '算'].iter().all(|&c| has_glyph(db, face.id, c)))
        .and_then(|face| face.families.first().map(|(name, _)| name.clone()))
}

fn has_glyph(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some()
    })
    .unwrap_or(false)
}

/// Characters of the scene's text that no installed font has.
fn missing_glyphs(db: &fontdb::Database, scene: &Scene) -> Vec<char> {
    let mut chars: Vec<char> = scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text { text, .. } => Some(text.chars()),
            _ => None,
        })
        .flatten()
        .filter(|c| !c.is_whitespace())
        .collect();
    crate::order::by_position(&mut chars, |&c| c as usize);
    chars.dedup();
    let faces: Vec<fontdb::ID> = db.faces().map(|f| f.id).collect();
    // Parse each face once and strike off what it covers.
    for id in faces {
        if chars.is_empty() {
            break;
        }
        db.with_face_data(id, |data, index| {
            if let Ok(face) = ttf_parser::Face::parse(data, index) {
                chars.retain(|&c| face.glyph_index(c).is_none());
            }
        });
    }
    chars
}

/// Renders `scene` at `scale` device px per CSS px (2 for print) into a PNG.
pub fn to_png(scene: &Scene, theme: Theme, scale: f64) -> Result<Png, PngError> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale.min(8.0)
    } else {
        1.0
    };
    let width = (scene.width.clamp(1.0, 20_000.0) * scale).round() as u64;
    let height = (scene.height.clamp(1.0, 20_000.0) * scale).round() as u64;
    if width * height > MAX_PIXELS {
        return Err(PngError::TooLarge { width, height });
    }
    let db = fonts();
    let mut warnings = Vec::new();
    let missing = missing_glyphs(&db, scene);
    if !missing.is_empty() {
        let sample: String = missing.iter().take(8).collect();
        let cjk = missing.iter().any(|&c| c as u32 >= 0x2E80);
        warnings.push(format!(
            "no installed font has {} of the chart's characters (e.g. {sample}); they are left blank{}",
            missing.len(),
            if cjk {
                ". Install a Chinese font: `apt-get install fonts-wqy-microhei` (scripts/setup.sh browser does)"
            } else {
                ""
            }
        ));
    }
    let svg = to_svg_scaled(scene, theme, scale);
    let opt = usvg::Options {
        fontdb: db,
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &opt).map_err(|e| PngError::Svg(e.to_string()))?;
    let (w, h) = (width as u32, height as u32);
    let mut pixmap = Pixmap::new(w, h).ok_or_else(|| PngError::Encode(format!("no {w}×{h} pixmap")))?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    let bytes = pixmap.encode_png().map_err(|e| PngError::Encode(e.to_string()))?;
    Ok(Png {
        bytes,
        width: w,
        height: h,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::scene::{Anchor, Baseline, Color, DataTable};
    use crate::money::Lang;

    fn scene(text: &str) -> Scene {
        Scene {
            width: 120.0,
            height: 50.0,
            lang: Lang::Zh,
            title: String::new(),
            subtitle: String::new(),
            source: String::new(),
            shapes: vec![Shape::Text {
                x: 4.0,
                y: 4.0,
                text: text.into(),
                size: 14.0,
                color: Color::rgb(0, 0, 0),
                anchor: Anchor::Start,
                baseline: Baseline::Top,
                bold: false,
            }],
            marks: vec![],
            breadcrumb: vec![],
            message: None,
            table: DataTable::default(),
            description: String::new(),
        }
    }

    #[test]
    fn characters_no_font_has_are_named_in_a_warning() {
        // U+10FFFD is a private-use code point no system font maps.
        let png = to_png(&scene("A\u{10FFFD}"), Theme::Light, 2.0).unwrap();
        assert_eq!((png.width, png.height), (240, 100));
        assert_eq!(png.warnings.len(), 1);
        assert!(
            png.warnings[0].starts_with("no installed font has 1 of the chart's characters (e.g. \u{10FFFD})"),
            "{}",
            png.warnings[0]
        );
    }

    #[test]
    fn oversized_images_are_refused() {
        let mut s = scene("x");
        (s.width, s.height) = (8000.0, 8000.0);
        assert_eq!(
            to_png(&s, Theme::Light, 4.0).unwrap_err(),
            PngError::TooLarge {
                width: 32000,
                height: 32000
            }
        );
    }
}
