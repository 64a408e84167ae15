//! The canvas drawing backend: what plotters-canvas did (the same calls, in the same order), with
//! colours and font sizes written without float formatting. `render::render` draws through it.
//! Colours are `#rrggbb` (`#rrggbbaa` when translucent), which the canvas reads to the same
//! 8-bit channels as plotters-canvas' `rgba(r,g,b,a)`; font sizes get three decimals at most.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas and its 2d context, with the state this drawing has set on it: a chart sets the same
/// fill, font and text anchors over and over (about 110 `font` and 110 `fillStyle` sets for the
/// seed's three charts), and each set is a call into the browser that parses its string.
pub struct Canvas {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    fill: String,
    font: String,
    align: &'static str,
    baseline: &'static str,
    /// Device px per CSS px of this drawing.
    scale: f64,
}

/// A refusal of the canvas (a text it could not draw).
#[derive(Debug)]
pub struct CanvasError;

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the canvas refused to draw")
    }
}

impl std::error::Error for CanvasError {}

type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

/// A call the canvas threw on (a text it could not draw, an arc it refused), as plotters' error.
fn refused<E>(_: E) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError)
}

/// `#rrggbb`, or `#rrggbbaa` when not opaque.
pub fn color(c: BackendColor) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let alpha = (c.alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
    let mut s = String::with_capacity(9);
    s.push('#');
    for v in [c.rgb.0, c.rgb.1, c.rgb.2, alpha].into_iter().take(if alpha == 255 { 3 } else { 4 }) {
        s.push(HEX[usize::from(v >> 4)] as char);
        s.push(HEX[usize::from(v & 15)] as char);
    }
    s
}

/// A number for a message, without float formatting: `NaN`, `inf`, or up to three decimals.
pub fn number(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let mut s = String::from(if v < 0.0 { "-" } else { "" });
    if v.is_infinite() {
        s.push_str("inf");
        return s;
    }
    let milli = (v.abs().min(1e15) * 1000.0).round() as u64;
    s.push_str(&(milli / 1000).to_string());
    push_millis(&mut s, milli % 1000);
    s
}

/// `.5`, `.25`, `.125` for 500, 250, 125 thousandths (nothing for 0).
fn push_millis(s: &mut String, mut frac: u64) {
    if frac > 0 {
        s.push('.');
        let mut div = 100;
        while frac > 0 {
            s.push(char::from(b'0' + (frac / div) as u8));
            frac %= div;
            div /= 10;
        }
    }
}

/// `size` px in a CSS font shorthand with `family`: `bold 10.5px …` (sizes to 1/1000 px).
pub fn font(bold: bool, size: f64, family: &str) -> String {
    let mut s = String::from(if bold { "bold " } else { "normal " });
    let milli = (size.clamp(0.0, 1e6) * 1000.0).round() as u64;
    s.push_str(&(milli / 1000).to_string());
    push_millis(&mut s, milli % 1000);
    s.push_str("px ");
    s.push_str(family);
    s
}

impl Canvas {
    /// A drawing on `canvas` at `scale` device px per CSS px (as `render` takes it): nothing is known
    /// of the context's state yet, so every first set goes through.
    pub fn new(canvas: HtmlCanvasElement, ctx: CanvasRenderingContext2d, scale: f64) -> Canvas {
        let scale = crate::render::device_scale(scale);
        Canvas { canvas, ctx, fill: String::new(), font: String::new(), align: "", baseline: "", scale }
    }

    fn set_fill(&mut self, c: BackendColor) {
        let css = color(c);
        if css != self.fill {
            self.ctx.set_fill_style_str(&css);
            self.fill = css;
        }
    }

    fn set_font(&mut self, font: String) {
        if font != self.font {
            self.ctx.set_font(&font);
            self.font = font;
        }
    }

    fn set_anchors(&mut self, align: &'static str, baseline: &'static str) {
        if align != self.align {
            self.ctx.set_text_align(align);
            self.align = align;
        }
        if baseline != self.baseline {
            self.ctx.set_text_baseline(baseline);
            self.baseline = baseline;
        }
    }

    fn line_style(&self, style: &impl BackendStyle) {
        self.ctx.set_stroke_style_str(&color(style.color()));
        self.ctx.set_line_width(style.stroke_width() as f64);
    }
}

/// A vertical or horizontal line moved by half a pixel, so it is not blurred over two.
fn fine(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut a, mut b) = ((from.0 as f64, from.1 as f64), (to.0 as f64, to.1 as f64));
    if a.0 == b.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if a.1 == b.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    (a, b)
}

impl DrawingBackend for Canvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Drawn {
        if c.alpha > 0.0 {
            self.set_fill(c);
            self.ctx.fill_rect(f64::from(p.0), f64::from(p.1), 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            let (a, b) = fine(from, to);
            self.line_style(style);
            self.ctx.begin_path();
            self.ctx.move_to(a.0, a.1);
            self.ctx.line_to(b.0, b.1);
            self.ctx.stroke();
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, style: &S, fill: bool) -> Drawn {
        if style.color().alpha > 0.0 {
            let (x, y, w, h) = (f64::from(a.0), f64::from(a.1), f64::from(b.0 - a.0), f64::from(b.1 - a.1));
            if fill {
                self.set_fill(style.color());
                self.ctx.fill_rect(x, y, w, h);
            } else {
                self.line_style(style);
                self.ctx.stroke_rect(x, y, w, h);
            }
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            let mut path = path.into_iter();
            self.ctx.begin_path();
            if let Some(p) = path.next() {
                self.line_style(style);
                self.ctx.move_to(f64::from(p.0), f64::from(p.1));
                for p in path {
                    self.ctx.line_to(f64::from(p.0), f64::from(p.1));
                }
            }
            self.ctx.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            let mut path = path.into_iter();
            self.ctx.begin_path();
            if let Some(p) = path.next() {
                self.set_fill(style.color());
                self.ctx.move_to(f64::from(p.0), f64::from(p.1));
                for p in path {
                    self.ctx.line_to(f64::from(p.0), f64::from(p.1));
                }
                self.ctx.close_path();
            }
            self.ctx.fill();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Drawn {
        let c = style.color();
        if c.alpha > 0.0 {
            let anchor = style.anchor();
            let align = match anchor.h_pos {
                HPos::Left => "start",
                HPos::Right => "end",
                HPos::Center => "center",
            };
            let baseline = match anchor.v_pos {
                VPos::Top => "top",
                VPos::Center => "middle",
                VPos::Bottom => "bottom",
            };
            self.set_anchors(align, baseline);
            self.set_fill(c);
            // Text goes in at its CSS size under a scale transform, at the same device position: the
            // font and the shaping the chart's measureText did at that size serve the drawing too. Drawn
            // at the device size (twice the CSS size at devicePixelRatio 2), each label was shaped a
            // second time and each size's font fallback looked up again: the seed's three charts
            // mounted 10 ms slower on a cold page (68.7 against 58.2 ms, 31 interleaved loads).
            let k = self.scale;
            self.set_font(font(matches!(style.style(), FontStyle::Bold), style.size() / k, style.family().as_str()));
            if k != 1.0 {
                self.ctx.set_transform(k, 0.0, 0.0, k, 0.0, 0.0).map_err(refused)?;
            }
            let drawn = self.ctx.fill_text(text, f64::from(pos.0) / k, f64::from(pos.1) / k);
            if k != 1.0 {
                self.ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).map_err(refused)?;
            }
            drawn.map_err(refused)?;
        }
        Ok(())
    }
}

impl crate::render::Sectors for Canvas {
    /// The canvas' own arcs: the scene's angles run clockwise from 12 o'clock, the canvas' from 3 o'clock.
    fn fill_sector(&mut self, cx: f64, cy: f64, r0: f64, r1: f64, start: f64, end: f64, scale: f64, c: BackendColor) -> Drawn {
        if c.alpha > 0.0 && end > start {
            let (x, y) = (cx * scale, cy * scale);
            let quarter = std::f64::consts::FRAC_PI_2;
            let (a, b) = (start - quarter, start - quarter + (end - start).min(std::f64::consts::TAU));
            self.set_fill(c);
            self.ctx.begin_path();
            self.ctx.arc(x, y, r1.max(0.0) * scale, a, b).map_err(refused)?;
            if r0 > 0.0 {
                self.ctx.arc_with_anticlockwise(x, y, r0 * scale, b, a, true).map_err(refused)?;
            } else {
                self.ctx.line_to(x, y);
            }
            self.ctx.close_path();
            self.ctx.fill();
        }
        Ok(())
    }
}
