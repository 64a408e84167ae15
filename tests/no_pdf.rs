//! The importer built without the PDF reader (feature `pdf` off), as the browser's `yusuan_importer`
//! module is: a PDF, alone or among several files, is refused in words that say why and name the
//! file — never a panic —, and text still reads, alone or joined. The PDF reader is the
//! `yusuan_pdf` module's (features `pdf`), which the import worker loads for a PDF.
//!
//! Run: `cargo test --no-default-features --features importer --test no_pdf` (./test.sh does). With
//! the default features this file holds no test.
#![cfg(all(feature = "importer", not(feature = "pdf")))]

use yusuan::import::{format_of, read, read_files, Format};

const PDF: &[u8] = include_bytes!("fixtures/pdf/plain.pdf");
const SEED: &str = include_str!("fixtures/futian-investment-2022.txt");

#[test]
fn a_pdf_is_refused_saying_the_reader_is_not_in_this_build() {
    assert_eq!(format_of("plain.pdf", PDF), Format::Pdf);
    let e = read("dir/plain.pdf", PDF).unwrap_err().to_string();
    assert_eq!(
        e,
        "«plain.pdf» 是一份 PDF，而这个模块（yusuan_importer）不含 PDF 阅读器：PDF 由 yusuan_pdf 模块读取（Cargo 特性 pdf）"
    );
    // By its bytes alone (no name), and by its name alone (bytes that are no PDF).
    assert!(read("", PDF).unwrap_err().to_string().starts_with("输入是一份 PDF"));
    assert!(read("x.PDF", b"hello").unwrap_err().to_string().starts_with("«x.PDF» 是一份 PDF"));
}

#[test]
fn several_files_with_a_pdf_among_them_name_it() {
    let files: [(&str, &[u8]); 2] = [("附件1.txt", SEED.as_bytes()), ("附件2.pdf", PDF)];
    let e = read_files(&files, &mut |_, _| panic!("no PDF page is read")).unwrap_err().to_string();
    assert!(e.contains("«附件2.pdf» 是一份 PDF") && e.contains("不含 PDF 阅读器"), "{e}");
}

#[test]
fn text_still_reads_alone_and_joined() {
    let one = read("seed.txt", SEED.as_bytes()).unwrap();
    assert_eq!(one.department, "深圳市福田区投资推广和企业服务中心");
    let (head, tail) = SEED.split_at(SEED.find("一般公共预算支出表").unwrap());
    let files: [(&str, &[u8]); 2] = [("a.txt", head.as_bytes()), ("b.txt", tail.as_bytes())];
    let joined = read_files(&files, &mut |_, _| {}).unwrap();
    assert_eq!(joined.files, ["a.txt", "b.txt"]);
    assert_eq!(joined.department, one.department);
}
