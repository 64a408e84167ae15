//! Any bytes into the PDF reader: no panic, no hang (the limits), and what it reads is sane:
//! pages numbered 1..n with finite sizes, runs with text and finite, non-negative geometry, and
//! progress reported once per page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut calls = 0u32;
    let result = yusuan::pdf::read_with_progress(data, &mut |done, total| {
        calls += 1;
        assert!(done <= total && done == calls, "progress {done}/{total} after {calls} calls");
    });
    let Ok(doc) = result else { return };
    assert_eq!(calls as usize, doc.pages.len());
    for (i, page) in doc.pages.iter().enumerate() {
        assert_eq!(page.number as usize, i + 1);
        assert!(page.width.is_finite() && page.height.is_finite() && page.width > 0.0 && page.height > 0.0);
        for r in &page.runs {
            assert!(!r.text.is_empty() && !r.text.chars().all(char::is_whitespace), "empty run {r:?}");
            assert!(r.x.is_finite() && r.y.is_finite() && r.size.is_finite(), "{r:?}");
            assert!(r.width.is_finite() && r.width >= 0.0, "{r:?}");
        }
    }
});
