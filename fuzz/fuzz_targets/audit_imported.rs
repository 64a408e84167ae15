//! Imported (possibly damaged) documents through the audit, the summary and every chart kind:
//! what a portal does with a URL's content. No panic; findings are self-consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yusuan::chart::{build, EstimateMeasure, Kind, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(budget) = yusuan::import_text(&text) else { return };
    for f in yusuan::audit(&budget) {
        if let (Some(e), Some(a), Some(d)) = (f.expected, f.actual, f.difference) {
            assert_eq!(a.checked_sub(e), Some(d), "difference is not actual − expected: {f}");
        }
        if let (Some(d), Some(t)) = (f.difference, f.tolerance) {
            match f.severity {
                yusuan::Severity::Rounding => assert!(d.abs() <= t && !d.is_zero(), "{f}"),
                yusuan::Severity::Error if f.check == yusuan::Check::Hierarchy => assert!(d.abs() > t, "{f}"),
                _ => {}
            }
        }
    }
    let _ = yusuan::summary::summary(&budget);
    let opts = Options::default();
    for kind in Kind::ALL {
        let _ = build(kind, &budget, &opts, &EstimateMeasure);
    }
});
