//! Scene → plotters `DrawingBackend`: canvas in the browser (plotters-canvas), SVG natively.
//! The scene is already laid out in CSS px; here every coordinate, font size and line width is
//! multiplied by `scale` (devicePixelRatio) so HiDPI screens get crisp output.

use crate::chart::scene::{Anchor, Baseline, Color, Scene, Shape};
use crate::chart::style::{palette, FONT};
use crate::chart::trig::{cos, sin};
use crate::chart::{EstimateMeasure, Measure, Theme};
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily, FontStyle};
use std::f64::consts::TAU;

fn bc(c: Color) -> BackendColor {
    BackendColor {
        alpha: c.3 as f64 / 255.0,
        rgb: (c.0, c.1, c.2),
    }
}

/// A colour with a stroke width (device px).
struct Pen {
    color: BackendColor,
    width: u32,
}

impl BackendStyle for Pen {
    fn color(&self) -> BackendColor {
        self.color
    }
    fn stroke_width(&self) -> u32 {
        self.width
    }
}

#[derive(Debug)]
pub struct NoFontError;
impl std::fmt::Display for NoFontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("text is drawn by the backend's own font engine")
    }
}
impl std::error::Error for NoFontError {}

/// Text style handed to the backend: canvas and SVG draw text themselves from family, size,
/// weight and anchor, so no font rasteriser is linked (keeps the wasm small).
pub struct Font {
    pub size: f64,
    pub color: BackendColor,
    pub bold: bool,
    pub pos: Pos,
}

impl BackendTextStyle for Font {
    type FontError = NoFontError;
    fn color(&self) -> BackendColor {
        self.color
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn style(&self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }
    fn anchor(&self) -> Pos {
        self.pos
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(FONT)
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), NoFontError> {
        let w = EstimateMeasure.width(text, self.size, self.bold);
        Ok(((0, 0), (w.round() as i32, (self.size * 1.2).round() as i32)))
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(&self, _text: &str, _pos: BackendCoord, _draw: F) -> Result<Result<(), E>, NoFontError> {
        // Pixel backends without a font engine draw no text rather than failing.
        Ok(Ok(()))
    }
}

fn err<E: std::error::Error + Send + Sync>(e: DrawingErrorKind<E>) -> String {
    e.to_string()
}

/// Device coordinate: CSS px × scale, rounded (backends take integers).
fn dev(v: f64, scale: f64) -> i32 {
    let d = (v * scale).round();
    if d.is_finite() {
        d.clamp(-1e6, 1e6) as i32
    } else {
        0
    }
}

/// Outline of an annular sector as a polygon, one vertex per ~1.5 device px of outer arc.
pub fn arc_points(cx: f64, cy: f64, r0: f64, r1: f64, start: f64, end: f64, scale: f64) -> Vec<BackendCoord> {
    let sweep = (end - start).clamp(0.0, TAU);
    let segs = ((sweep * r1 * scale / 1.5).ceil() as usize).clamp(2, 2000);
    let pt = |r: f64, a: f64| (dev(cx + r * sin(a), scale), dev(cy - r * cos(a), scale));
    let mut pts = Vec::with_capacity(2 * segs + 2);
    for i in 0..=segs {
        pts.push(pt(r1, start + sweep * i as f64 / segs as f64));
    }
    if r0 > 0.0 {
        let inner = ((sweep * r0 * scale / 1.5).ceil() as usize).clamp(2, 2000);
        for i in (0..=inner).rev() {
            pts.push(pt(r0, start + sweep * i as f64 / inner as f64));
        }
    } else {
        pts.push(pt(0.0, 0.0));
    }
    pts
}

/// A backend that can fill an annular sector itself. The default is the polygon of `arc_points`
/// (the SVG backend); the canvas draws true arcs instead: a ring of four slices was about a
/// thousand `lineTo` calls across the wasm boundary, where `arc` takes two.
pub trait Sectors: DrawingBackend {
    /// Fills the sector between radii `r0` and `r1` from angle `start` to `end` (radians clockwise
    /// from 12 o'clock), in CSS px scaled by `scale`.
    #[allow(clippy::too_many_arguments)]
    fn fill_sector(&mut self, cx: f64, cy: f64, r0: f64, r1: f64, start: f64, end: f64, scale: f64, color: BackendColor) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.fill_polygon(arc_points(cx, cy, r0, r1, start, end, scale), &color)
    }
}

/// The scale `render` draws at for a requested one: 1 for nonsense, at most 8.
pub fn device_scale(scale: f64) -> f64 {
    if scale.is_finite() && scale > 0.0 {
        scale.min(8.0)
    } else {
        1.0
    }
}

/// Draws `scene` scaled by `scale` (devicePixelRatio, through `device_scale`), with the mark `focus` outlined.
pub fn render<DB: Sectors>(scene: &Scene, backend: &mut DB, scale: f64, focus: Option<usize>, theme: Theme) -> Result<(), String> {
    let scale = device_scale(scale);
    let pal = palette(theme);
    backend.ensure_prepared().map_err(err)?;
    let (w, h) = backend.get_size();
    backend.draw_rect((0, 0), (w as i32, h as i32), &bc(pal.background), true).map_err(err)?;
    for s in &scene.shapes {
        draw_shape(backend, s, scale)?;
    }
    if let Some(f) = focus {
        outline(backend, scene, f, scale, pal.focus)?;
    }
    backend.present().map_err(err)
}

fn draw_shape<DB: Sectors>(b: &mut DB, s: &Shape, scale: f64) -> Result<(), String> {
    match s {
        Shape::Rect { x, y, w, h, fill, stroke, .. } => {
            let (p0, p1) = ((dev(*x, scale), dev(*y, scale)), (dev(x + w, scale), dev(y + h, scale)));
            if fill.3 > 0 {
                b.draw_rect(p0, p1, &bc(*fill), true).map_err(err)?;
            }
            if let Some(c) = stroke {
                b.draw_rect(
                    p0,
                    p1,
                    &Pen {
                        color: bc(*c),
                        width: scale.round().max(1.0) as u32,
                    },
                    false,
                )
                .map_err(err)?;
            }
        }
        Shape::Arc {
            cx,
            cy,
            r0,
            r1,
            start,
            end,
            fill,
            ..
        } => {
            if fill.3 > 0 && end > start {
                b.fill_sector(*cx, *cy, *r0, *r1, *start, *end, scale, bc(*fill)).map_err(err)?;
            }
        }
        Shape::Line { x1, y1, x2, y2, color, width } => {
            let pen = Pen {
                color: bc(*color),
                width: (width * scale).round().max(1.0) as u32,
            };
            b.draw_line((dev(*x1, scale), dev(*y1, scale)), (dev(*x2, scale), dev(*y2, scale)), &pen)
                .map_err(err)?;
        }
        Shape::Text {
            x,
            y,
            text,
            size,
            color,
            anchor,
            baseline,
            bold,
        } => {
            let h_pos = match anchor {
                Anchor::Start => HPos::Left,
                Anchor::Middle => HPos::Center,
                Anchor::End => HPos::Right,
            };
            // plotters has no alphabetic baseline: use the bottom of the em box, a fifth of the size lower.
            let (v_pos, dy) = match baseline {
                Baseline::Top => (VPos::Top, 0.0),
                Baseline::Middle => (VPos::Center, 0.0),
                Baseline::Bottom => (VPos::Bottom, 0.0),
                Baseline::Alphabetic => (VPos::Bottom, size * 0.2),
            };
            let font = Font {
                size: size * scale,
                color: bc(*color),
                bold: *bold,
                pos: Pos::new(h_pos, v_pos),
            };
            b.draw_text(text, &font, (dev(*x, scale), dev(y + dy, scale))).map_err(err)?;
        }
    }
    Ok(())
}

/// Outlines the visible shapes of mark `m` (or its bbox when it has none).
fn outline<DB: DrawingBackend>(b: &mut DB, scene: &Scene, m: usize, scale: f64, color: Color) -> Result<(), String> {
    let pen = Pen {
        color: bc(color),
        width: (2.0 * scale).round().max(1.0) as u32,
    };
    let mut drew = false;
    // A rect inside another of the same mark (the 基本/项目 strip in a treemap block) is not outlined.
    let rects: Vec<[f64; 4]> = scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Rect { x, y, w, h, fill, mark: Some(k), .. } if *k == m && fill.3 > 0 => Some([*x, *y, *w, *h]),
            _ => None,
        })
        .collect();
    let inside = |r: [f64; 4]| rects.iter().any(|o| *o != r && o[0] <= r[0] && o[1] <= r[1] && o[0] + o[2] >= r[0] + r[2] && o[1] + o[3] >= r[1] + r[3]);
    for s in &scene.shapes {
        match s {
            Shape::Rect { x, y, w, h, fill, mark: Some(k), .. } if *k == m && fill.3 > 0 && !inside([*x, *y, *w, *h]) => {
                let pts = [
                    (x - 1.0, y - 1.0),
                    (x + w + 1.0, y - 1.0),
                    (x + w + 1.0, y + h + 1.0),
                    (x - 1.0, y + h + 1.0),
                    (x - 1.0, y - 1.0),
                ];
                b.draw_path(pts.iter().map(|(px, py)| (dev(*px, scale), dev(*py, scale))), &pen).map_err(err)?;
                drew = true;
            }
            Shape::Arc {
                cx,
                cy,
                r0,
                r1,
                start,
                end,
                mark: Some(k),
                ..
            } if *k == m => {
                let mut pts = arc_points(*cx, *cy, *r0, *r1 + 2.0, *start, *end, scale);
                if let Some(first) = pts.first().copied() {
                    pts.push(first);
                }
                b.draw_path(pts, &pen).map_err(err)?;
                drew = true;
            }
            _ => {}
        }
    }
    if !drew {
        if let Some(mk) = scene.marks.get(m) {
            let [x, y, w, h] = mk.bbox;
            let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
            b.draw_path(pts.iter().map(|(px, py)| (dev(*px, scale), dev(*py, scale))), &pen).map_err(err)?;
        }
    }
    Ok(())
}

/// plotters' SVG backend writes `font-size = size / 1.24` (its own font-size convention); this
/// wrapper hands it `size × 1.24` so SVG text has the CSS size the scene was laid out with.
#[cfg(not(target_arch = "wasm32"))]
struct SvgSized<'a>(plotters::backend::SVGBackend<'a>);

#[cfg(not(target_arch = "wasm32"))]
impl DrawingBackend for SvgSized<'_> {
    type ErrorType = <plotters::backend::SVGBackend<'static> as DrawingBackend>::ErrorType;
    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(a, b, s)
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S, fill: bool) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(a, b, s, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, p: I, s: &S) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(p, s)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, p: I, s: &S) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(p, s)
    }
    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let font = Font {
            size: style.size() * 1.24,
            color: style.color(),
            bold: matches!(style.style(), FontStyle::Bold),
            pos: style.anchor(),
        };
        self.0.draw_text(text, &font, pos)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Sectors for SvgSized<'_> {}

/// The scene as an SVG document (native only), at 1 CSS px per SVG unit.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_svg(scene: &Scene, theme: Theme) -> String {
    let mut out = String::new();
    let size = (
        scene.width.clamp(1.0, 20_000.0).round() as u32,
        scene.height.clamp(1.0, 20_000.0).round() as u32,
    );
    {
        let mut b = SvgSized(plotters::backend::SVGBackend::with_string(&mut out, size));
        // Drawing into a String cannot fail; a failure would only truncate the drawing.
        let _ = render(scene, &mut b, 1.0, None, theme);
    }
    out
}

/// The scene as an SVG document drawn at `scale` device px per CSS px (native only): the SVG is
/// `scale` times larger, with shapes placed at that precision (a PNG rasterized from it 1:1 gets
/// round arcs rather than a 1× polygon blown up).
#[cfg(not(target_arch = "wasm32"))]
pub fn to_svg_scaled(scene: &Scene, theme: Theme, scale: f64) -> String {
    let scale = if scale.is_finite() && scale > 0.0 { scale.min(8.0) } else { 1.0 };
    let mut out = String::new();
    let size = (
        (scene.width.clamp(1.0, 20_000.0) * scale).round() as u32,
        (scene.height.clamp(1.0, 20_000.0) * scale).round() as u32,
    );
    {
        let mut b = SvgSized(plotters::backend::SVGBackend::with_string(&mut out, size));
        let _ = render(scene, &mut b, scale, None, theme);
    }
    out
}
