//! Reading one page: its visible box and rotation, its content streams, the interpreter, the
//! runs. A page that cannot be read gives warnings, never an error for the document.

use super::interp::{describe, FontCache, Interp};
use super::matrix::Matrix;
use super::object::Object;
use super::pages::PageInfo;
use super::runs;
use super::store::Store;
use super::Page;

/// US Letter, the spec's default when a page gives no usable MediaBox.
const DEFAULT_BOX: [f64; 4] = [0.0, 0.0, 612.0, 792.0];

/// What reading a page gave besides its runs.
pub struct PageResult {
    pub page: Page,
    pub warnings: Vec<String>,
    pub images: u32,
    /// The share of the page images cover (summed, so it can pass 1).
    pub image_cover: f64,
    /// Characters of text on the page (spaces excluded).
    pub chars: usize,
}

/// `ops_left`: the document's operator budget, reduced by what this page uses.
pub fn read(
    store: &Store<'_>,
    info: &PageInfo,
    number: u32,
    fonts: &mut FontCache,
    ops_left: &mut usize,
) -> PageResult {
    let media = info.media_box.unwrap_or(DEFAULT_BOX);
    // The crop box is what a viewer shows; it is clipped to the media box.
    let visible = info.crop_box.and_then(|c| intersect(c, media)).unwrap_or(media);
    let rotate = match info.rotate.rem_euclid(360) {
        r @ (90 | 180 | 270) => r,
        _ => 0,
    };
    let (w, h) = (visible[2] - visible[0], visible[3] - visible[1]);
    let (width, height) = if rotate % 180 == 90 { (h, w) } else { (w, h) };
    let mut warnings = Vec::new();
    let content = contents(store, &info.dict, &mut warnings);
    let out = Interp::new(store, fonts, *ops_left).run_page(&content, &info.resources, Matrix::page(visible, rotate));
    *ops_left = ops_left.saturating_sub(out.ops);
    warnings.extend(out.warnings);
    for (font, count, why) in &out.undecoded {
        warnings.push(format!("字体 {font} 的 {count} 个字符无法解码，已略去：{why}"));
    }
    let mut glyphs = out.glyphs;
    let (mut width, mut height) = (width as f32, height as f32);
    // Content drawn sideways on an upright page (a landscape table printed onto a portrait page
    // without /Rotate): the reader turns the page, and so does this.
    let turned = runs::reading_turn(&glyphs);
    if turned != 0 {
        (width, height) = runs::turn(&mut glyphs, width, height, turned);
        warnings.push(format!("此页文字是旋转排版的：已按文字方向转正（转 {turned}°）"));
    }
    let (runs, truncated) = runs::build(&glyphs, &out.text, width, height);
    if truncated {
        warnings.push(format!("页面上的文字块超过 {} 个，其余部分未读", super::limits::MAX_RUNS_PER_PAGE));
    }
    let chars = runs.iter().map(|r| r.text.chars().count()).sum();
    PageResult {
        page: Page { number, width, height, runs },
        warnings,
        images: out.images,
        image_cover: out.image_area / (f64::from(width) * f64::from(height)).max(1.0),
        chars,
    }
}

fn intersect(a: [f64; 4], b: [f64; 4]) -> Option<[f64; 4]> {
    let r = [a[0].max(b[0]), a[1].max(b[1]), a[2].min(b[2]), a[3].min(b[3])];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

/// The page's content: one stream, or an array of streams joined (a token may run across the
/// boundary between two, ISO 32000-1 §7.8.2). Streams that fail to decode are skipped with a
/// warning.
fn contents(store: &Store<'_>, page: &super::object::Dict, warnings: &mut Vec<String>) -> Vec<u8> {
    let c = store.get_in(page, b"Contents");
    let parts: Vec<Object> = match &*c {
        Object::Array(a) => a.clone(),
        Object::Stream(_) => vec![(*c).clone()],
        _ => Vec::new(),
    };
    let mut data = Vec::new();
    for p in &parts {
        let s = store.resolve(p);
        let Some(stream) = s.as_stream() else { continue };
        match store.decode(stream) {
            Ok(d) => {
                data.extend_from_slice(&d);
                data.push(b'\n');
            }
            Err(e) => warnings.push(format!("内容流无法解码（{}），已跳过", describe(&e))),
        }
    }
    data
}
