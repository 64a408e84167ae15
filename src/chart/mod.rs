//! Chart kinds → `Scene`. Each kind lives in its own file and builds a scene from a `Budget`.

pub mod balance;
pub mod bars;
pub mod change;
pub mod composition;
pub mod functions;
pub mod layout;
pub mod projects;
pub mod sangong;
pub mod scene;
pub mod style;
pub mod tasks;
pub mod treemap;
pub mod trig;
pub mod waterfall;

pub use scene::{Anchor, Baseline, Color, DataTable, EstimateMeasure, Mark, Measure, Scene, Shape, TableRow};

use crate::model::Budget;
use crate::money::Lang;

/// The chart kinds yusuan draws from one budget.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Composition,
    Functions,
    Projects,
    Change,
    Waterfall,
    Sangong,
    Balance,
    Tasks,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Composition,
        Kind::Functions,
        Kind::Projects,
        Kind::Change,
        Kind::Waterfall,
        Kind::Sangong,
        Kind::Balance,
        Kind::Tasks,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Composition => "composition",
            Kind::Functions => "functions",
            Kind::Projects => "projects",
            Kind::Change => "change",
            Kind::Waterfall => "waterfall",
            Kind::Sangong => "sangong",
            Kind::Balance => "balance",
            Kind::Tasks => "tasks",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    /// Whether this build draws the kind (its `kind-*` feature; a wasm module for one kind draws only it).
    pub fn drawn(self) -> bool {
        match self {
            Kind::Composition => cfg!(feature = "kind-composition"),
            Kind::Functions => cfg!(feature = "kind-functions"),
            Kind::Projects => cfg!(feature = "kind-projects"),
            Kind::Change => cfg!(feature = "kind-change"),
            Kind::Waterfall => cfg!(feature = "kind-waterfall"),
            Kind::Sangong => cfg!(feature = "kind-sangong"),
            Kind::Balance => cfg!(feature = "kind-balance"),
            Kind::Tasks => cfg!(feature = "kind-tasks"),
        }
    }
}

/// Light or dark page the chart sits on.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// What to draw: canvas size in CSS px, language, theme and the drill-down path (ids from
/// `Mark::drill`, root first; unknown ids are ignored).
#[derive(Clone, Debug)]
pub struct Options {
    pub width: f64,
    pub height: f64,
    pub lang: Lang,
    pub theme: Theme,
    pub path: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: 640.0,
            height: 400.0,
            lang: Lang::Zh,
            theme: Theme::Light,
            path: Vec::new(),
        }
    }
}

/// Builds the scene of one chart kind. Never panics; absent data gives a scene with a message.
pub fn build(kind: Kind, budget: &Budget, opts: &Options, m: &dyn Measure) -> Scene {
    match kind {
        #[cfg(feature = "kind-composition")]
        Kind::Composition => composition::build(budget, opts, m),
        #[cfg(feature = "kind-projects")]
        Kind::Projects => projects::build(budget, opts, m),
        #[cfg(feature = "kind-functions")]
        Kind::Functions => functions::build(budget, opts, m),
        #[cfg(feature = "kind-change")]
        Kind::Change => change::build(budget, opts, m),
        #[cfg(feature = "kind-waterfall")]
        Kind::Waterfall => waterfall::build(budget, opts, m),
        #[cfg(feature = "kind-sangong")]
        Kind::Sangong => sangong::build(budget, opts, m),
        #[cfg(feature = "kind-balance")]
        Kind::Balance => balance::build(budget, opts, m),
        #[cfg(feature = "kind-tasks")]
        Kind::Tasks => tasks::build(budget, opts, m),
        // A module built without this kind (its features): `Kind::drawn` tells callers beforehand.
        #[allow(unreachable_patterns)]
        _ => layout::Frame::new(opts, m, budget).message(String::new()),
    }
}
