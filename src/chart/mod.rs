//! Chart kinds → `Scene`. Each kind lives in its own file and builds a scene from a `Budget`.

pub mod scene;

pub use scene::{Anchor, Baseline, Color, DataTable, EstimateMeasure, Mark, Measure, Scene, Shape, TableRow};
