//! sin, cos, atan2 and pow for pixel geometry and contrast. In the browser they come from JS
//! `Math`: Rust's own (libm: `rem_pio2` and the kernels, `atan2`, `pow`) add ≈ 7 KB of wasm.
//! Natively they are std's, so SVG snapshots do not move.

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::Math;
    pub fn sin(x: f64) -> f64 {
        Math::sin(x)
    }
    pub fn cos(x: f64) -> f64 {
        Math::cos(x)
    }
    pub fn atan2(y: f64, x: f64) -> f64 {
        Math::atan2(y, x)
    }
    pub fn pow(x: f64, y: f64) -> f64 {
        Math::pow(x, y)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn sin(x: f64) -> f64 {
        x.sin()
    }
    pub fn cos(x: f64) -> f64 {
        x.cos()
    }
    pub fn atan2(y: f64, x: f64) -> f64 {
        y.atan2(x)
    }
    pub fn pow(x: f64, y: f64) -> f64 {
        x.powf(y)
    }
}

pub use imp::{atan2, cos, pow, sin};
