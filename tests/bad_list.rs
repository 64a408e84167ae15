//! The bad-input catalogue (tests/bad/) as one compiled-in list, for the browser tests, which have
//! no file system: `tests/web_hostile.rs` includes this file. The native test below checks the list
//! against the directory; after adding a case, rewrite the list with
//! `YUSUAN_BLESS=1 cargo test --test bad_list`.

/// (file name, its bytes, its `.expect` text), in file order.
#[allow(dead_code)]
#[rustfmt::skip]
pub const CASES: &[(&str, &[u8], &str)] = &[
    // BEGIN generated
    ("01-json-truncated.json", include_bytes!("bad/01-json-truncated.json"), include_str!("bad/01-json-truncated.expect")),
    ("02-json-trailing-comma.json", include_bytes!("bad/02-json-trailing-comma.json"), include_str!("bad/02-json-trailing-comma.expect")),
    ("03-json-single-quotes.json", include_bytes!("bad/03-json-single-quotes.json"), include_str!("bad/03-json-single-quotes.expect")),
    ("04-json-amount-as-number.json", include_bytes!("bad/04-json-amount-as-number.json"), include_str!("bad/04-json-amount-as-number.expect")),
    ("05-json-amount-1e400.json", include_bytes!("bad/05-json-amount-1e400.json"), include_str!("bad/05-json-amount-1e400.expect")),
    ("06-json-amount-nan-string.json", include_bytes!("bad/06-json-amount-nan-string.json"), include_str!("bad/06-json-amount-nan-string.expect")),
    ("07-json-amount-nan-literal.json", include_bytes!("bad/07-json-amount-nan-literal.json"), include_str!("bad/07-json-amount-nan-literal.expect")),
    ("08-json-amount-double-minus.json", include_bytes!("bad/08-json-amount-double-minus.json"), include_str!("bad/08-json-amount-double-minus.expect")),
    ("09-json-amount-fullwidth.json", include_bytes!("bad/09-json-amount-fullwidth.json"), include_str!("bad/09-json-amount-fullwidth.expect")),
    ("10-json-amount-chinese-comma.json", include_bytes!("bad/10-json-amount-chinese-comma.json"), include_str!("bad/10-json-amount-chinese-comma.expect")),
    ("11-json-amount-paren-negative.json", include_bytes!("bad/11-json-amount-paren-negative.json"), include_str!("bad/11-json-amount-paren-negative.expect")),
    ("12-json-amount-beyond-decimal.json", include_bytes!("bad/12-json-amount-beyond-decimal.json"), include_str!("bad/12-json-amount-beyond-decimal.expect")),
    ("13-json-amount-exponent-string.json", include_bytes!("bad/13-json-amount-exponent-string.json"), include_str!("bad/13-json-amount-exponent-string.expect")),
    ("14-json-rows-not-array.json", include_bytes!("bad/14-json-rows-not-array.json"), include_str!("bad/14-json-rows-not-array.expect")),
    ("15-json-year-as-string.json", include_bytes!("bad/15-json-year-as-string.json"), include_str!("bad/15-json-year-as-string.expect")),
    ("16-json-unknown-unit.json", include_bytes!("bad/16-json-unknown-unit.json"), include_str!("bad/16-json-unknown-unit.expect")),
    ("17-json-missing-format.json", include_bytes!("bad/17-json-missing-format.json"), include_str!("bad/17-json-missing-format.expect")),
    ("18-json-future-version.json", include_bytes!("bad/18-json-future-version.json"), include_str!("bad/18-json-future-version.expect")),
    ("19-json-unknown-field.json", include_bytes!("bad/19-json-unknown-field.json"), include_str!("bad/19-json-unknown-field.expect")),
    ("20-json-duplicate-key.json", include_bytes!("bad/20-json-duplicate-key.json"), include_str!("bad/20-json-duplicate-key.expect")),
    ("21-json-html-error-page.json", include_bytes!("bad/21-json-html-error-page.json"), include_str!("bad/21-json-html-error-page.expect")),
    ("22-json-empty.json", include_bytes!("bad/22-json-empty.json"), include_str!("bad/22-json-empty.expect")),
    ("23-json-top-level-array.json", include_bytes!("bad/23-json-top-level-array.json"), include_str!("bad/23-json-top-level-array.expect")),
    ("24-json-bom.json", include_bytes!("bad/24-json-bom.json"), include_str!("bad/24-json-bom.expect")),
    ("25-json-crlf.json", include_bytes!("bad/25-json-crlf.json"), include_str!("bad/25-json-crlf.expect")),
    ("26-json-non-utf8.json", include_bytes!("bad/26-json-non-utf8.json"), include_str!("bad/26-json-non-utf8.expect")),
    ("27-json-lone-surrogate.json", include_bytes!("bad/27-json-lone-surrogate.json"), include_str!("bad/27-json-lone-surrogate.expect")),
    ("28-json-negative-line.json", include_bytes!("bad/28-json-negative-line.json"), include_str!("bad/28-json-negative-line.expect")),
    ("29-json-csv-export.json", include_bytes!("bad/29-json-csv-export.json"), include_str!("bad/29-json-csv-export.expect")),
    ("30-json-two-documents.json", include_bytes!("bad/30-json-two-documents.json"), include_str!("bad/30-json-two-documents.expect")),
    ("31-json-row-without-code.json", include_bytes!("bad/31-json-row-without-code.json"), include_str!("bad/31-json-row-without-code.expect")),
    ("32-doc-empty.txt", include_bytes!("bad/32-doc-empty.txt"), include_str!("bad/32-doc-empty.expect")),
    ("33-doc-prose-only.txt", include_bytes!("bad/33-doc-prose-only.txt"), include_str!("bad/33-doc-prose-only.expect")),
    ("34-doc-nul-byte.txt", include_bytes!("bad/34-doc-nul-byte.txt"), include_str!("bad/34-doc-nul-byte.expect")),
    ("35-doc-gbk.txt", include_bytes!("bad/35-doc-gbk.txt"), include_str!("bad/35-doc-gbk.expect")),
    ("36-doc-utf16.txt", include_bytes!("bad/36-doc-utf16.txt"), include_str!("bad/36-doc-utf16.expect")),
    ("37-doc-bom.txt", include_bytes!("bad/37-doc-bom.txt"), include_str!("bad/37-doc-bom.expect")),
    ("38-doc-crlf.txt", include_bytes!("bad/38-doc-crlf.txt"), include_str!("bad/38-doc-crlf.expect")),
    ("39-doc-amount-1e400.txt", include_bytes!("bad/39-doc-amount-1e400.txt"), include_str!("bad/39-doc-amount-1e400.expect")),
    ("40-doc-amount-nan.txt", include_bytes!("bad/40-doc-amount-nan.txt"), include_str!("bad/40-doc-amount-nan.expect")),
    ("41-doc-amount-double-minus.txt", include_bytes!("bad/41-doc-amount-double-minus.txt"), include_str!("bad/41-doc-amount-double-minus.expect")),
    ("42-doc-amount-fullwidth.txt", include_bytes!("bad/42-doc-amount-fullwidth.txt"), include_str!("bad/42-doc-amount-fullwidth.expect")),
    ("43-doc-amount-chinese-comma.txt", include_bytes!("bad/43-doc-amount-chinese-comma.txt"), include_str!("bad/43-doc-amount-chinese-comma.expect")),
    ("44-doc-amount-paren-negative.txt", include_bytes!("bad/44-doc-amount-paren-negative.txt"), include_str!("bad/44-doc-amount-paren-negative.expect")),
    ("45-doc-amount-beyond-decimal.txt", include_bytes!("bad/45-doc-amount-beyond-decimal.txt"), include_str!("bad/45-doc-amount-beyond-decimal.expect")),
    ("46-doc-amount-with-unit.txt", include_bytes!("bad/46-doc-amount-with-unit.txt"), include_str!("bad/46-doc-amount-with-unit.expect")),
    ("47-doc-unit-missing.txt", include_bytes!("bad/47-doc-unit-missing.txt"), include_str!("bad/47-doc-unit-missing.expect")),
    ("48-doc-duplicate-code.txt", include_bytes!("bad/48-doc-duplicate-code.txt"), include_str!("bad/48-doc-duplicate-code.expect")),
    ("49-doc-section-without-class.txt", include_bytes!("bad/49-doc-section-without-class.txt"), include_str!("bad/49-doc-section-without-class.expect")),
    ("50-doc-item-before-its-section.txt", include_bytes!("bad/50-doc-item-before-its-section.txt"), include_str!("bad/50-doc-item-before-its-section.expect")),
    ("51-doc-table-cut-in-half.txt", include_bytes!("bad/51-doc-table-cut-in-half.txt"), include_str!("bad/51-doc-table-cut-in-half.expect")),
    ("52-doc-two-documents-pasted.txt", include_bytes!("bad/52-doc-two-documents-pasted.txt"), include_str!("bad/52-doc-two-documents-pasted.expect")),
    ("53-doc-missing-tables.txt", include_bytes!("bad/53-doc-missing-tables.txt"), include_str!("bad/53-doc-missing-tables.expect")),
    ("54-doc-binary-noise.txt", include_bytes!("bad/54-doc-binary-noise.txt"), include_str!("bad/54-doc-binary-noise.expect")),
    ("55-doc-row-with-extra-cells.txt", include_bytes!("bad/55-doc-row-with-extra-cells.txt"), include_str!("bad/55-doc-row-with-extra-cells.expect")),
    ("56-doc-space-as-thousands.txt", include_bytes!("bad/56-doc-space-as-thousands.txt"), include_str!("bad/56-doc-space-as-thousands.expect")),
    ("57-doc-header-without-rows.txt", include_bytes!("bad/57-doc-header-without-rows.txt"), include_str!("bad/57-doc-header-without-rows.expect")),
    ("58-doc-html-page.txt", include_bytes!("bad/58-doc-html-page.txt"), include_str!("bad/58-doc-html-page.expect")),
    ("59-doc-amount-too-large.txt", include_bytes!("bad/59-doc-amount-too-large.txt"), include_str!("bad/59-doc-amount-too-large.expect")),
    ("60-json-amount-too-large.json", include_bytes!("bad/60-json-amount-too-large.json"), include_str!("bad/60-json-amount-too-large.expect")),
    ("61-doc-prose-amount-too-large.txt", include_bytes!("bad/61-doc-prose-amount-too-large.txt"), include_str!("bad/61-doc-prose-amount-too-large.expect")),
    ("69-json-unknown-measure.json", include_bytes!("bad/69-json-unknown-measure.json"), include_str!("bad/69-json-unknown-measure.expect")),
    ("70-json-unknown-sangong-category.json", include_bytes!("bad/70-json-unknown-sangong-category.json"), include_str!("bad/70-json-unknown-sangong-category.expect")),
    // END generated
];

/// The list's lines for the cases in tests/bad/, in file order.
#[cfg(not(target_arch = "wasm32"))]
fn expected_lines() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/bad exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".json"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| {
            let stem = n.rsplit_once('.').map_or(n.as_str(), |(s, _)| s);
            assert!(
                dir.join(format!("{stem}.expect")).is_file(),
                "{n} has no {stem}.expect beside it"
            );
            format!("    (\"{n}\", include_bytes!(\"bad/{n}\"), include_str!(\"bad/{stem}.expect\")),")
        })
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_list_holds_every_case_of_tests_bad() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_list.rs");
    let source = std::fs::read_to_string(&path).expect("tests/bad_list.rs is readable");
    let (head, rest) = source.split_once("    // BEGIN generated\n").expect("BEGIN marker");
    let (listed, tail) = rest.split_once("    // END generated\n").expect("END marker");
    let want = expected_lines();
    let have: Vec<String> = listed.lines().map(str::to_string).collect();
    if have != want && std::env::var_os("YUSUAN_BLESS").is_some() {
        let text = format!(
            "{head}    // BEGIN generated\n{}\n    // END generated\n{tail}",
            want.join("\n")
        );
        std::fs::write(&path, text).expect("tests/bad_list.rs is writable");
        return;
    }
    assert_eq!(
        have, want,
        "tests/bad_list.rs is out of date: run YUSUAN_BLESS=1 cargo test --test bad_list"
    );
    assert_eq!(CASES.len(), want.len());
    assert!(CASES.len() >= 40, "{} cases", CASES.len());
}
