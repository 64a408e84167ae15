//! Scene → plotters `DrawingBackend` (canvas in the browser, SVG natively).

use crate::chart::{Scene, Theme};
use plotters_backend::DrawingBackend;

/// Draws `scene` scaled by `scale` (devicePixelRatio), with the mark `focus` highlighted.
pub fn render<DB: DrawingBackend>(scene: &Scene, backend: &mut DB, scale: f64, focus: Option<usize>, theme: Theme) -> Result<(), String> {
    let _ = (scene, scale, focus, theme);
    backend.ensure_prepared().map_err(|e| e.to_string())?;
    backend.present().map_err(|e| e.to_string())
}

/// The scene as an SVG document (native only).
#[cfg(not(target_arch = "wasm32"))]
pub fn to_svg(scene: &Scene, theme: Theme) -> String {
    let mut out = String::new();
    {
        let mut b = plotters::backend::SVGBackend::with_string(&mut out, (scene.width.max(1.0) as u32, scene.height.max(1.0) as u32));
        let _ = render(scene, &mut b, 1.0, None, theme);
    }
    out
}
