//! The content stream interpreter, for text (ISO 32000-1 §8.4, §9.3–9.4): graphics state (`q`,
//! `Q`, `cm`), text state (`Tf`, `Tc`, `Tw`, `Tz`, `TL`, `Ts`, `Tr`), text positioning (`BT`,
//! `Td`, `TD`, `Tm`, `T*`) and showing (`Tj`, `TJ`, `'`, `"`), Form XObjects (`Do`, with their
//! own matrix and resources, to a bounded depth) and ExtGState fonts (`gs`). It produces glyphs
//! already placed on the page as a reader sees it; everything that only paints is skipped, but
//! images are counted so a page of scans can be told from an empty one.
//!
//! Invisible text (render mode 3, an OCR layer under a scan) is kept, as pdftotext keeps it.

use super::content::{Content, INLINE_IMAGE};
use super::font::Font;
use super::limits::{MAX_FORM_DEPTH, MAX_GLYPHS_PER_PAGE, MAX_OPS_PER_PAGE, MAX_PAGE_TEXT_BYTES, MAX_SAVED_STATES};
use super::matrix::Matrix;
use super::object::{Dict, Object};
use super::store::Store;
use std::collections::HashMap;
use std::rc::Rc;

/// One glyph as drawn: its origin on the baseline, its advance, and its text (a range of
/// `Output::text`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub x: f32,
    pub y: f32,
    pub adv_x: f32,
    pub adv_y: f32,
    /// The glyph's own width along its advance, without character and word spacing: where its
    /// ink ends (what pdftotext's word boxes measure, so a right-aligned number's edge is exact).
    pub ink: f32,
    pub size: f32,
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Default)]
pub struct Output {
    pub glyphs: Vec<Glyph>,
    pub text: String,
    /// Images drawn (image XObjects and inline images).
    pub images: u32,
    /// Their area on the page, summed (points²): a scan covers the page.
    pub image_area: f64,
    /// Fonts whose codes had no text: name → (glyphs, why).
    pub undecoded: Vec<(String, u32, String)>,
    pub warnings: Vec<String>,
    /// Operators interpreted.
    pub ops: usize,
}

/// Fonts loaded once per document, by object number.
pub type FontCache = HashMap<u32, Rc<Font>>;

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_space: f64,
    word_space: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
}

pub struct Interp<'s, 'a> {
    store: &'s Store<'a>,
    fonts: &'s mut FontCache,
    pub out: Output,
    ops: usize,
    /// Operators this page may still run: the page's limit or what is left of the document's.
    max_ops: usize,
    stopped: bool,
}

/// The fonts and forms a content stream names, looked up once per name.
struct Scope<'d> {
    resources: &'d Dict,
    fonts: HashMap<Vec<u8>, Option<Rc<Font>>>,
}

impl<'s, 'a> Interp<'s, 'a> {
    /// `ops_left`: what is left of the document's operator budget.
    pub fn new(store: &'s Store<'a>, fonts: &'s mut FontCache, ops_left: usize) -> Interp<'s, 'a> {
        let max_ops = ops_left.min(MAX_OPS_PER_PAGE);
        Interp { store, fonts, out: Output::default(), ops: 0, max_ops, stopped: false }
    }

    /// Interprets a page's content with `ctm` as the initial transformation (user space → the
    /// page as read).
    pub fn run_page(mut self, content: &[u8], resources: &Dict, ctm: Matrix) -> Output {
        let state = State {
            ctm,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        self.run(content, resources, state, 0);
        self.out.ops = self.ops;
        self.out
    }

    fn run(&mut self, content: &[u8], resources: &Dict, mut st: State, depth: usize) {
        let mut scope = Scope { resources, fonts: HashMap::new() };
        let mut stack: Vec<State> = Vec::new();
        let mut overflow = 0usize;
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut c = Content::new(content);
        let mut operands: Vec<Object> = Vec::new();
        while let Some(op) = c.next_op(&mut operands) {
            if self.stopped {
                return;
            }
            self.ops += 1;
            if self.ops > self.max_ops {
                self.stopped = true;
                self.out.warnings.push(if self.max_ops < MAX_OPS_PER_PAGE {
                    format!("文件内容超过 {} 个操作符，此页其余部分未读", super::limits::MAX_OPS_TOTAL)
                } else {
                    format!("页面内容超过 {MAX_OPS_PER_PAGE} 个操作符，其余部分未读")
                });
                return;
            }
            let n = |i: usize| operands.get(i).and_then(Object::as_f64);
            match op {
                b"q" => {
                    if stack.len() < MAX_SAVED_STATES {
                        stack.push(st.clone());
                    } else {
                        overflow += 1;
                    }
                }
                b"Q" => {
                    if overflow > 0 {
                        overflow -= 1;
                    } else if let Some(s) = stack.pop() {
                        st = s;
                    }
                }
                b"cm" => {
                    if let Some(m) = six(&operands) {
                        let next = m.then(&st.ctm);
                        if next.is_finite() {
                            st.ctm = next;
                        }
                    }
                }
                b"BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"Tf" => {
                    if let (Some(Object::Name(name)), Some(size)) = (operands.first(), n(1)) {
                        st.font = self.font(&mut scope, name);
                        st.size = size;
                    }
                }
                b"Tc" => st.char_space = n(0).unwrap_or(st.char_space),
                b"Tw" => st.word_space = n(0).unwrap_or(st.word_space),
                b"Tz" => st.h_scale = n(0).map_or(st.h_scale, |v| v / 100.0),
                b"TL" => st.leading = n(0).unwrap_or(st.leading),
                b"Ts" => st.rise = n(0).unwrap_or(st.rise),
                b"Td" | b"TD" => {
                    if let (Some(x), Some(y)) = (n(0), n(1)) {
                        if op == b"TD" {
                            st.leading = -y;
                        }
                        tlm = Matrix::translate(x, y).then(&tlm);
                        tm = tlm;
                    }
                }
                b"Tm" => {
                    if let Some(m) = six(&operands).filter(Matrix::is_finite) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = Matrix::translate(0.0, -st.leading).then(&tlm);
                    tm = tlm;
                }
                b"Tj" => {
                    if let Some(s) = operands.first().and_then(Object::as_str) {
                        self.show(&st, &mut tm, s);
                    }
                }
                b"'" | b"\"" => {
                    if op == b"\"" {
                        st.word_space = n(0).unwrap_or(st.word_space);
                        st.char_space = n(1).unwrap_or(st.char_space);
                    }
                    tlm = Matrix::translate(0.0, -st.leading).then(&tlm);
                    tm = tlm;
                    if let Some(s) = operands.last().and_then(Object::as_str) {
                        self.show(&st, &mut tm, s);
                    }
                }
                b"TJ" => {
                    if let Some(items) = operands.first().and_then(Object::as_array) {
                        for item in items {
                            match item {
                                Object::Str(s) => self.show(&st, &mut tm, s),
                                _ => {
                                    if let Some(adj) = item.as_f64() {
                                        let shift = -adj / 1000.0 * st.size;
                                        let vertical = st.font.as_ref().is_some_and(|f| f.vertical);
                                        tm = if vertical {
                                            Matrix::translate(0.0, shift)
                                        } else {
                                            Matrix::translate(shift * st.h_scale, 0.0)
                                        }
                                        .then(&tm);
                                    }
                                }
                            }
                        }
                    }
                }
                b"Do" => {
                    if let Some(Object::Name(name)) = operands.first() {
                        self.xobject(&scope, name, &st, depth);
                    }
                }
                b"gs" => {
                    if let Some(Object::Name(name)) = operands.first() {
                        if let Some((font, size)) = self.gs_font(&scope, name) {
                            st.font = font;
                            st.size = size;
                        }
                    }
                }
                INLINE_IMAGE => self.image(&st.ctm),
                _ => {}
            }
        }
    }

    fn font(&mut self, scope: &mut Scope<'_>, name: &[u8]) -> Option<Rc<Font>> {
        if let Some(f) = scope.fonts.get(name) {
            return f.clone();
        }
        let fonts = self.store.dict_in(scope.resources, b"Font").unwrap_or_default();
        let f = fonts.get(name).and_then(|o| self.font_object(o));
        scope.fonts.insert(name.to_vec(), f.clone());
        f
    }

    fn font_object(&mut self, o: &Object) -> Option<Rc<Font>> {
        let num = match o {
            Object::Ref(r) => Some(r.num),
            _ => None,
        };
        if let Some(f) = num.and_then(|n| self.fonts.get(&n)) {
            return Some(f.clone());
        }
        let d = self.store.resolve(o).as_dict().cloned()?;
        let f = Rc::new(Font::load(self.store, &d));
        if let Some(n) = num {
            self.fonts.insert(n, f.clone());
        }
        Some(f)
    }

    fn gs_font(&mut self, scope: &Scope<'_>, name: &[u8]) -> Option<(Option<Rc<Font>>, f64)> {
        let states = self.store.dict_in(scope.resources, b"ExtGState")?;
        let gs = self.store.dict_in(&states, name)?;
        let spec = self.store.get_in(&gs, b"Font");
        let arr = spec.as_array()?;
        let size = arr.get(1).and_then(|o| self.store.resolve(o).as_f64())?;
        let font = arr.first().and_then(|o| self.font_object(o));
        Some((font, size))
    }

    /// An image fills the unit square of the current matrix.
    fn image(&mut self, ctm: &Matrix) {
        self.out.images += 1;
        let area = (ctm.a * ctm.d - ctm.b * ctm.c).abs();
        if area.is_finite() {
            self.out.image_area += area;
        }
    }

    fn xobject(&mut self, scope: &Scope<'_>, name: &[u8], st: &State, depth: usize) {
        let Some(xobjects) = self.store.dict_in(scope.resources, b"XObject") else { return };
        let obj = self.store.get_in(&xobjects, name);
        let Object::Stream(s) = &*obj else { return };
        match s.dict.name(b"Subtype") {
            Some(b"Image") => self.image(&st.ctm),
            Some(b"Form") => {
                if depth >= MAX_FORM_DEPTH {
                    self.out
                        .warnings
                        .push(format!("表单对象（Form XObject）嵌套超过 {MAX_FORM_DEPTH} 层，更深的部分未读"));
                    return;
                }
                let data = match self.store.decode(s) {
                    Ok(d) => d,
                    Err(e) => {
                        self.out.warnings.push(format!(
                            "表单对象 /{} 无法解码（{}）",
                            String::from_utf8_lossy(name),
                            describe(&e)
                        ));
                        return;
                    }
                };
                let m = match &*self.store.get_in(&s.dict, b"Matrix") {
                    Object::Array(a) => {
                        let v: Vec<f64> = a.iter().filter_map(|o| self.store.resolve(o).as_f64()).collect();
                        Matrix::from_slice(&v).filter(Matrix::is_finite).unwrap_or(Matrix::IDENTITY)
                    }
                    _ => Matrix::IDENTITY,
                };
                let own = self.store.dict_in(&s.dict, b"Resources");
                let resources = own.as_ref().unwrap_or(scope.resources);
                let mut inner = st.clone();
                inner.ctm = m.then(&st.ctm);
                self.run(&data, resources, inner, depth + 1);
            }
            _ => {}
        }
    }

    fn show(&mut self, st: &State, tm: &mut Matrix, s: &[u8]) {
        let Some(font) = st.font.clone() else { return };
        let mut i = 0;
        while let Some(rest) = s.get(i..).filter(|r| !r.is_empty()) {
            let start = self.out.text.len();
            let code = font.next(rest, &mut self.out.text);
            i += code.len;
            let m = tm.then(&st.ctm);
            let ws = if code.word_space { st.word_space } else { 0.0 };
            let (tx, ty) = if font.vertical {
                (0.0, -f64::from(code.width) * st.size + st.char_space + ws)
            } else {
                ((f64::from(code.width) * st.size + st.char_space + ws) * st.h_scale, 0.0)
            };
            if !code.decoded {
                self.note_undecoded(&font);
            }
            if self.out.text.len() > start {
                if self.out.glyphs.len() >= MAX_GLYPHS_PER_PAGE || self.out.text.len() > MAX_PAGE_TEXT_BYTES {
                    self.out.text.truncate(start);
                    self.stopped = true;
                    self.out.warnings.push(format!(
                        "页面文字超过 {MAX_GLYPHS_PER_PAGE} 个字形或 {} MiB，其余部分未读",
                        MAX_PAGE_TEXT_BYTES >> 20
                    ));
                    return;
                }
                let (x, y) = m.apply(0.0, st.rise);
                let (ax, ay) = m.vector(tx, ty);
                let own = f64::from(code.width) * st.size;
                let (ix, iy) = if font.vertical { m.vector(0.0, -own) } else { m.vector(own * st.h_scale, 0.0) };
                let ink = (ix * ix + iy * iy).sqrt() * own.signum();
                let (hx, hy) = m.vector(0.0, st.size * f64::from(font.em));
                let size = (hx * hx + hy * hy).sqrt();
                let g = Glyph {
                    x: x as f32,
                    y: y as f32,
                    adv_x: ax as f32,
                    adv_y: ay as f32,
                    ink: ink as f32,
                    size: size as f32,
                    start: start as u32,
                    end: self.out.text.len() as u32,
                };
                if g.x.is_finite()
                    && g.y.is_finite()
                    && g.adv_x.is_finite()
                    && g.adv_y.is_finite()
                    && g.ink.is_finite()
                    && g.size.is_finite()
                {
                    self.out.glyphs.push(g);
                } else {
                    self.out.text.truncate(start);
                }
            }
            *tm = Matrix::translate(tx, ty).then(tm);
        }
    }

    fn note_undecoded(&mut self, font: &Font) {
        match self.out.undecoded.iter_mut().find(|(n, _, _)| *n == font.name) {
            Some(e) => e.1 += 1,
            None => self.out.undecoded.push((font.name.clone(), 1, font.why_undecodable())),
        }
    }
}

fn six(operands: &[Object]) -> Option<Matrix> {
    let v: Vec<f64> = operands.iter().filter_map(Object::as_f64).collect();
    Matrix::from_slice(v.get(v.len().checked_sub(6)?..)?)
}

/// A decode failure in words.
pub fn describe(e: &super::filters::DecodeError) -> String {
    use super::filters::DecodeError;
    match e {
        DecodeError::Image => "图像编码".to_string(),
        DecodeError::Unsupported(f) => format!("不支持的过滤器 {f}"),
        DecodeError::TooLarge => format!("解压后超过 {} MiB 的上限", super::limits::MAX_STREAM_BYTES >> 20),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store over a one-font file: F1 is a simple font with 500-unit widths, F2 an Identity-H
    /// font whose ToUnicode maps 0x0001 → 预 and 0x0002 → 算 (widths 1000).
    fn file() -> Vec<u8> {
        let tu =
            "1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <9884> <0002> <7B97> endbfchar";
        format!(
            "%PDF-1.7\n1 0 obj << /Subtype /Type1 /FirstChar 32 /Widths [{}] /Encoding /WinAnsiEncoding >> endobj\n\
             2 0 obj << /Subtype /Type0 /Encoding /Identity-H /ToUnicode 3 0 R /DescendantFonts [<< /DW 1000 >>] >> endobj\n\
             3 0 obj << /Length {} >> stream\n{tu}\nendstream endobj\ntrailer << >>",
            vec!["500"; 95].join(" "),
            tu.len()
        )
        .into_bytes()
    }

    fn glyphs(content: &str, ctm: Matrix) -> Vec<(String, f32, f32, f32, f32)> {
        let f = file();
        let store = Store::new(&f);
        let mut cache = FontCache::new();
        let res = super::super::object::parse_object(&mut super::super::lexer::Lexer::new(
            b"<< /Font << /F1 1 0 R /F2 2 0 R >> >>",
        ))
        .ok()
        .and_then(|o| o.as_dict().cloned())
        .unwrap_or_default();
        let out = Interp::new(&store, &mut cache, usize::MAX).run_page(content.as_bytes(), &res, ctm);
        out.glyphs
            .iter()
            .map(|g| (out.text[g.start as usize..g.end as usize].to_string(), g.x, g.y, g.adv_x, g.size))
            .collect()
    }

    #[test]
    fn td_tj_and_advances() {
        let g = glyphs("BT /F1 10 Tf 100 700 Td (ab) Tj ET", Matrix::IDENTITY);
        assert_eq!(g, vec![("a".into(), 100.0, 700.0, 5.0, 10.0), ("b".into(), 105.0, 700.0, 5.0, 10.0)]);
    }

    #[test]
    fn tj_kerning_char_and_word_spacing_and_scaling() {
        let g = glyphs("BT /F1 10 Tf 2 Tc 3 Tw 50 Tz [(a) -1000 ( b)] TJ ET", Matrix::IDENTITY);
        // a: advance (5 + 2) × 0.5 = 3.5; the -1000 kern moves 10 × 0.5 = 5 right; the space
        // gets the word spacing too: (5 + 2 + 3) × 0.5 = 5.
        let xs: Vec<f32> = g.iter().map(|t| t.1).collect();
        assert_eq!(xs, vec![0.0, 8.5, 13.5]);
    }

    #[test]
    fn leading_tstar_quote_and_td_capital() {
        let g =
            glyphs("BT /F1 10 Tf 0 100 Td 12 TL (a) Tj T* (b) Tj (c) ' 5 -20 TD (d) Tj T* (e) Tj ET", Matrix::IDENTITY);
        let ys: Vec<f32> = g.iter().map(|t| t.2).collect();
        assert_eq!(ys, vec![100.0, 88.0, 76.0, 56.0, 36.0]);
    }

    #[test]
    fn ctm_text_matrix_and_the_wps_flip() {
        // WPS: flip the page, then a text matrix that flips back and scales 0.05 with a 240 font.
        let page = Matrix::page([0.0, 0.0, 841.85, 595.25], 0);
        let g = glyphs(
            "q 1 0 0 -1 0 595.25 cm BT /F2 240 Tf 0.05 0 0 -0.05 58.8 121.6 Tm <0001>Tj 240 -0 TD <0002>Tj ET Q",
            page,
        );
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].0, "预");
        assert!((g[0].1 - 58.8).abs() < 1e-3 && (g[0].2 - 121.6).abs() < 1e-3, "{g:?}");
        assert!((g[0].3 - 12.0).abs() < 1e-3 && (g[0].4 - 12.0).abs() < 1e-3);
        assert!((g[1].1 - 70.8).abs() < 1e-3 && (g[1].2 - 121.6).abs() < 1e-3);
    }

    #[test]
    fn q_restores_state_and_unbalanced_q_is_harmless() {
        let g = glyphs("Q Q q 2 0 0 2 0 0 cm q Q Q BT /F1 10 Tf (a) Tj ET", Matrix::IDENTITY);
        assert_eq!(g[0].4, 10.0);
        let many = format!("{} BT /F1 10 Tf (a) Tj ET", "q ".repeat(10_000));
        assert_eq!(glyphs(&many, Matrix::IDENTITY).len(), 1);
    }

    #[test]
    fn no_font_no_glyphs_and_rise() {
        assert!(glyphs("BT (a) Tj ET", Matrix::IDENTITY).is_empty());
        let g = glyphs("BT /F1 10 Tf 5 Ts (a) Tj ET", Matrix::IDENTITY);
        assert_eq!(g[0].2, 5.0);
    }
}
