//! The PDF reader on small files made for one feature each: the encrypted and restructured
//! variants of tests/fixtures/pdf/plain.pdf (made by qpdf, see the README there), and files this
//! test writes itself (rotation, forms, inline images, damaged tables, refusals).

use yusuan::pdf::{self, Document, PdfError};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn texts(doc: &Document) -> Vec<String> {
    doc.pages.iter().flat_map(|p| p.runs.iter().map(|r| r.text.clone())).collect()
}

fn read_ok(bytes: &[u8]) -> Document {
    match pdf::read(bytes) {
        Ok(d) => d,
        Err(e) => panic!("refused: {e}"),
    }
}

fn refusal(bytes: &[u8]) -> PdfError {
    match pdf::read(bytes) {
        Ok(d) => panic!("read, expected a refusal: {:?}", texts(&d)),
        Err(e) => e,
    }
}

/// Writes a PDF from object bodies (object i + 1 is `objs[i]`), a classic table and a trailer.
fn build(objs: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1)
            .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// One page (object 3) drawing `content`, with F1 = Helvetica (WinAnsi, standard widths) and
/// `page_extra` added to the page dictionary; `more` are objects 6, 7, … . A `/Font << … >>` in
/// `resources_extra` adds to F1.
fn one_page(content: &str, page_extra: &str, resources_extra: &str, more: &[Vec<u8>]) -> Vec<u8> {
    let (fonts, resources_extra) = match resources_extra.strip_prefix("/Font << ") {
        Some(rest) => rest.split_once(">>").unwrap_or((rest, "")),
        None => ("", resources_extra),
    };
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 4 0 R {fonts} >> {resources_extra} >> /Contents 5 0 R {page_extra} >>"
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        stream("", content.as_bytes()),
    ];
    objs.extend_from_slice(more);
    build(&objs, "")
}

fn run_of<'a>(doc: &'a Document, text: &str) -> &'a pdf::Run {
    doc.pages
        .iter()
        .flat_map(|p| &p.runs)
        .find(|r| r.text == text)
        .unwrap_or_else(|| panic!("no run {text}: {:?}", texts(doc)))
}

#[test]
fn plain_fixture_text_and_positions() {
    let doc = read_ok(&fixture("plain.pdf"));
    assert_eq!(texts(&doc), vec!["预算合计", "1,234.56"]);
    let p = &doc.pages[0];
    assert_eq!((p.number, p.width, p.height), (1, 595.0, 842.0));
    let label = run_of(&doc, "预算合计");
    // Baseline at 842 - 770 = 72 from the top; four 12 pt ideographs are 48 pt wide.
    assert_eq!((label.x, label.y, label.width, label.size), (72.0, 72.0, 48.0, 12.0));
    let amount = run_of(&doc, "1,234.56");
    assert!((amount.x + amount.width - 500.0).abs() < 0.01, "right edge {}", amount.x + amount.width);
}

#[test]
fn encrypted_with_an_owner_password_only_opens() {
    for name in ["rc4-40.pdf", "rc4-128.pdf", "aes-128.pdf", "aes-256.pdf", "aes-256-r5.pdf"] {
        let doc = match pdf::read(&fixture(name)) {
            Ok(d) => d,
            Err(e) => panic!("{name}: {e}"),
        };
        assert_eq!(texts(&doc), vec!["预算合计", "1,234.56"], "{name}");
    }
}

#[test]
fn a_user_password_is_refused_in_words() {
    let e = refusal(&fixture("user-password.pdf"));
    assert!(e.message.contains("密码"), "{e}");
}

#[test]
fn object_streams_and_cross_reference_streams() {
    let doc = read_ok(&fixture("objstm.pdf"));
    assert_eq!(texts(&doc), vec!["预算合计", "1,234.56"]);
}

#[test]
fn rotate_applies_and_a_landscape_page_reads_across() {
    // The usual landscape page: content drawn a quarter turn anticlockwise in a portrait box,
    // /Rotate 90 to show it upright. Shown 800 wide and 600 high, the text reads across.
    let doc = read_ok(&one_page("BT /F1 10 Tf 0 1 -1 0 500 100 Tm (landscape) Tj ET", "/Rotate 90", "", &[]));
    let p = &doc.pages[0];
    assert_eq!((p.width, p.height), (800.0, 600.0));
    let r = run_of(&doc, "landscape");
    // User point (500, 100) shows at x = 100, y = 500 on the rotated page.
    assert_eq!((r.x, r.y, r.size), (100.0, 500.0, 10.0));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn a_rotate_that_turns_upright_text_sideways_is_read_as_a_reader_would() {
    // qpdf --rotate=+90 on an upright page: a viewer shows the text running down; a reader turns
    // the page back, and so does the reader here (with a warning).
    let doc = read_ok(&fixture("rotate-90.pdf"));
    let p = &doc.pages[0];
    assert_eq!((p.width, p.height), (595.0, 842.0));
    assert_eq!(texts(&doc), vec!["预算合计", "1,234.56"]);
    let label = run_of(&doc, "预算合计");
    assert!((label.x - 72.0).abs() < 0.01 && (label.y - 72.0).abs() < 0.01, "{label:?}");
    assert!(doc.warnings.iter().any(|w| w.message.contains("旋转")));
}

#[test]
fn forms_inline_images_and_marked_content() {
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Matrix [1 0 0 1 100 0] /Resources << /Font << /F1 4 0 R >> >>",
        b"BT /F1 10 Tf 0 700 Td (inform) Tj ET",
    );
    let doc = read_ok(&one_page(
        "/P << /MCID 0 >> BDC BT /F1 10 Tf 50 750 Td (before) Tj ET EMC \
         BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\x45\x49 EI \
         q /Fm1 Do Q BT /F1 10 Tf 50 650 Td (after) Tj ET",
        "",
        "/XObject << /Fm1 6 0 R >>",
        &[form],
    ));
    assert_eq!(texts(&doc), vec!["before", "inform", "after"]);
    let r = run_of(&doc, "inform");
    assert_eq!((r.x, r.y), (100.0, 100.0));
}

#[test]
fn a_form_drawing_itself_ends() {
    let form = stream(
        "/Subtype /Form /Resources << /XObject << /Me 6 0 R >> /Font << /F1 4 0 R >> >>",
        b"BT /F1 10 Tf 10 10 Td (x) Tj ET /Me Do",
    );
    let doc = read_ok(&one_page("/Me Do", "", "/XObject << /Me 6 0 R >>", &[form]));
    assert!(texts(&doc).iter().all(|t| t == "x"));
    assert!(doc.warnings.iter().any(|w| w.message.contains("嵌套")));
}

#[test]
fn content_drawn_sideways_is_turned_to_read_across() {
    // A landscape table printed onto a portrait page without /Rotate: text runs up the page.
    let doc = read_ok(&one_page("BT /F1 10 Tf 0 1 -1 0 100 50 Tm (total 1,234.56) Tj ET", "", "", &[]));
    let p = &doc.pages[0];
    assert_eq!((p.width, p.height), (800.0, 600.0));
    assert_eq!(texts(&doc), vec!["total", "1,234.56"]);
    assert!(doc.warnings.iter().any(|w| w.message.contains("旋转")));
}

#[test]
fn broken_cross_references_are_rebuilt() {
    let good = one_page("BT /F1 10 Tf 50 750 Td (hello) Tj ET", "", "", &[]);
    // startxref pointing nowhere.
    let s = String::from_utf8_lossy(&good).replace("startxref\n", "startxref\n9").into_bytes();
    let doc = read_ok(&s);
    assert_eq!(texts(&doc), vec!["hello"]);
    assert!(doc.warnings.iter().any(|w| w.message.contains("重建")));
    // Every offset shifted by junk inserted after the header.
    let mut shifted = good[..9].to_vec();
    shifted.extend_from_slice(b"% junk junk junk\n");
    shifted.extend_from_slice(&good[9..]);
    assert_eq!(texts(&read_ok(&shifted)), vec!["hello"]);
    // No table and no trailer at all.
    let cut = good.windows(4).position(|w| w == b"xref").unwrap_or(good.len());
    assert_eq!(texts(&read_ok(&good[..cut])), vec!["hello"]);
}

#[test]
fn truncated_files_never_panic() {
    let file = fixture("aes-128.pdf");
    for n in 0..file.len() {
        let _ = pdf::read(&file[..n]);
    }
    let file = fixture("objstm.pdf");
    for n in 0..file.len() {
        let _ = pdf::read(&file[..n]);
    }
}

#[test]
fn refusals_say_what_the_file_is() {
    assert!(refusal(b"").message.contains("空的"));
    assert!(refusal("<html><head><title>404</title></head></html>".as_bytes()).message.contains("网页"));
    // A PDF whose only page draws an image: a scan.
    let img = stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray",
        b"\x80",
    );
    let e = refusal(&one_page("q 600 0 0 800 0 0 cm /Im0 Do Q", "", "/XObject << /Im0 6 0 R >>", &[img]));
    assert!(e.message.contains("没有文字层") && e.message.contains("共 1 页"), "{e}");
    // A page with nothing on it.
    assert!(refusal(&one_page("", "", "", &[])).message.contains("没有文字"));
    // Only objects that are not pages.
    let e = refusal(b"%PDF-1.4\n1 0 obj << /Foo 1 >> endobj\n%%EOF");
    assert!(e.message.contains("损坏"), "{e}");
}

#[test]
fn an_identity_font_without_to_unicode_is_reported_not_guessed() {
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [<< /Subtype /CIDFontType2 /DW 1000 >>] >>".to_vec();
    let e = refusal(&one_page("BT /F2 10 Tf 50 700 Td <12345678> Tj ET", "", "/Font << /F2 6 0 R >>", &[font]));
    assert!(e.message.contains("无法解码") && e.message.contains("ToUnicode"), "{e}");
}

#[test]
fn progress_counts_pages() {
    let mut seen = Vec::new();
    let doc = pdf::read_with_progress(&fixture("plain.pdf"), &mut |done, total| seen.push((done, total)));
    assert!(doc.is_ok());
    assert_eq!(seen, vec![(1, 1)]);
}

#[test]
fn a_page_error_displays_its_page() {
    let e = PdfError { page: Some(2), message: "内容流已损坏".into() };
    assert_eq!(e.to_string(), "第 2 页：内容流已损坏");
}

/// Byte-level mutations of the fixtures and fuzz seeds, in this debug build (overflow checks on,
/// which the release fuzzer does not have): no input may panic the reader. `PDF_MUTATIONS=N`
/// runs N per file (default 200). The AES-256 revision 6 file is left to the fuzzer: its password
/// hash (64 rounds or more of AES and SHA-2) takes a second per read unoptimised.
#[test]
fn mutated_files_never_panic() {
    let n: usize = std::env::var("PDF_MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let dir = |d: &str| format!("{}/{d}", env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in ["tests/fixtures/pdf", "fuzz/seeds/pdf"] {
        for e in std::fs::read_dir(dir(d)).into_iter().flatten().flatten() {
            if e.path().extension().is_some_and(|x| x == "pdf") && !e.path().ends_with("aes-256.pdf") {
                files.push(std::fs::read(e.path()).unwrap_or_default());
            }
        }
    }
    assert!(files.len() >= 10);
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const TOKENS: &[&[u8]] = &[
        b"0 0 R", b"<<", b">>", b"[", b"]", b"(", b")", b"<", b">", b"/Length 99999999", b"-1", b"999999999999",
        b"stream\n", b"endstream", b"obj", b"endobj", b"xref", b"trailer", b"startxref", b"/Kids [1 0 R]", b"q",
        b"Q", b"BT", b"TJ", b"Do", b"BI ID EI", b"/Predictor 15", b"/Filter /LZWDecode", b"1e308", b"NaN", b"%",
    ];
    for f in &files {
        for _ in 0..n {
            let mut m = f.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % (m.len() + 1);
                match next() % 5 {
                    0 if !m.is_empty() => {
                        let i = at.min(m.len() - 1);
                        m[i] = next() as u8;
                    }
                    1 => {
                        let t = TOKENS[(next() as usize) % TOKENS.len()];
                        m.splice(at..at, t.iter().copied());
                    }
                    2 => {
                        let end = (at + (next() as usize) % 64).min(m.len());
                        m.drain(at..end);
                    }
                    3 => {
                        let end = (at + (next() as usize) % 64).min(m.len());
                        let chunk: Vec<u8> = m[at..end].to_vec();
                        let to = (next() as usize) % (m.len() + 1);
                        m.splice(to..to, chunk);
                    }
                    _ => m.truncate(at),
                }
            }
            let _ = pdf::read(&m);
        }
    }
}

#[test]
fn a_broken_file_whose_objects_live_in_object_streams_is_rebuilt() {
    // objstm.pdf keeps its pages in an object stream and its trailer in a cross-reference stream;
    // with startxref pointing nowhere, neither is found through the table (pdftotext gives up).
    let mut f = fixture("objstm.pdf");
    let at = f.windows(9).rposition(|w| w == b"startxref").unwrap_or(0) + 10;
    f.insert(at, b'1');
    let doc = read_ok(&f);
    assert_eq!(texts(&doc), vec!["预算合计", "1,234.56"]);
    assert!(doc.warnings.iter().any(|w| w.message.contains("重建")));
}

/// Fuzz crash (fuzz/artifacts: crash-cbe5d5e7…): a MediaBox corner of 3.3e62 made the page's
/// height infinite as an f32. An absurd box is ignored like a missing one.
#[test]
fn a_media_box_of_huge_numbers_is_ignored_not_an_infinite_page() {
    let doc = read_ok(&one_page(
        "BT /F1 10 Tf 50 50 Td (ok) Tj ET",
        "/CropBox [0 333333333333333333333333333333333333333333333333333333333333330 595 842]",
        "",
        &[],
    ));
    let p = &doc.pages[0];
    assert!(p.width.is_finite() && p.height.is_finite(), "{} × {}", p.width, p.height);
    assert_eq!((p.width, p.height), (600.0, 800.0));
    let f = String::from_utf8_lossy(&one_page("BT /F1 10 Tf 50 50 Td (ok) Tj ET", "", "", &[]))
        .replace("/MediaBox [0 0 600 800]", "/MediaBox [0 -100000000000 600 800]")
        .into_bytes();
    let p = &read_ok(&f).pages[0];
    assert_eq!((p.width, p.height), (612.0, 792.0));
}

/// Render mode 3 (an OCR layer under a scan) is text to pdftotext, which prints it: kept here too.
#[test]
fn invisible_text_is_kept_as_pdftotext_keeps_it() {
    let doc = read_ok(&one_page("BT /F1 12 Tf 72 700 Td (visible) Tj ET BT /F1 12 Tf 3 Tr 72 680 Td (invisible) Tj ET", "", "", &[]));
    assert_eq!(texts(&doc), vec!["visible", "invisible"]);
}
