//! Is this a PDF at all? Portals serve HTML error pages, Word files and OFD documents under a
//! `.pdf` name; saying what the bytes are instead tells the reader what to do next.

use super::error::PdfError;
use super::object::find;

/// How far into the file the `%PDF-` header may start (viewers accept junk before it).
const HEADER_WINDOW: usize = 64 << 10;

pub fn check(bytes: &[u8]) -> Result<(), PdfError> {
    let head = bytes.get(..HEADER_WINDOW.min(bytes.len())).unwrap_or(bytes);
    if find(head, b"%PDF-", 0).is_some() {
        return Ok(());
    }
    // No header, but the body of a PDF (a file cut at the front): try to read it.
    if find(bytes, b"endobj", 0).is_some() && (find(bytes, b"/Type", 0).is_some()) {
        return Ok(());
    }
    Err(PdfError::new(describe(bytes)))
}

fn describe(bytes: &[u8]) -> String {
    let trimmed = trim_start(bytes);
    if trimmed.is_empty() {
        return if bytes.is_empty() {
            "文件是空的（0 字节），不是 PDF".to_string()
        } else {
            format!("文件只有空白（{} 字节），不是 PDF", bytes.len())
        };
    }
    let lower: Vec<u8> = trimmed.iter().take(1024).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || find(&lower, b"<html", 0).is_some()
        || find(&lower, b"<head", 0).is_some()
    {
        let title = html_title(trimmed).map(|t| format!("（标题：«{t}»）")).unwrap_or_default();
        return format!(
            "这不是 PDF，而是一个网页（HTML）{title}：网站常把错误页或跳转页存成 .pdf，请在浏览器中打开原链接重新下载"
        );
    }
    if trimmed.starts_with(b"PK\x03\x04") {
        let kind = if find(bytes, b"OFD.xml", 0).is_some() {
            "OFD 版式文件（请用 OFD 阅读器另存为 PDF）"
        } else if find(bytes, b"word/", 0).is_some() {
            "Word 文档（.docx，请另存为 PDF）"
        } else if find(bytes, b"xl/", 0).is_some() {
            "Excel 表格（.xlsx，请另存为 PDF 或导出为 CSV）"
        } else {
            "ZIP 压缩包（请先解压）"
        };
        return format!("这不是 PDF，而是{kind}");
    }
    if trimmed.starts_with(b"\xD0\xCF\x11\xE0") {
        return "这不是 PDF，而是旧版 Office / WPS 文件（.doc、.xls、.wps、.et），请另存为 PDF".to_string();
    }
    if trimmed.starts_with(b"\xFF\xD8\xFF") || trimmed.starts_with(b"\x89PNG") || trimmed.starts_with(b"GIF8") {
        return "这不是 PDF，而是一张图片：yusuan 只能读取带文字的 PDF".to_string();
    }
    if trimmed.starts_with(b"Rar!") || trimmed.starts_with(b"7z\xBC\xAF") {
        return "这不是 PDF，而是压缩包（请先解压）".to_string();
    }
    if trimmed.starts_with(b"{\\rtf") {
        return "这不是 PDF，而是 RTF 文档，请另存为 PDF".to_string();
    }
    if let Ok(text) = std::str::from_utf8(trimmed) {
        if !text.chars().take(2000).any(|c| c.is_control() && !c.is_whitespace()) {
            let start: String = text.chars().take(30).collect::<String>().replace(['\n', '\r'], " ");
            return format!("这不是 PDF，而是纯文本（开头是«{}»）：纯文本请直接交给文本导入", start.trim());
        }
    }
    let start: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02X}")).collect();
    format!("不是 PDF 文件：开头没有 %PDF- 标记（前几个字节是 {}）", start.join(" "))
}

fn trim_start(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let i = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    b.get(i..).unwrap_or(&[])
}

fn html_title(b: &[u8]) -> Option<String> {
    let head = b.get(..b.len().min(8192))?;
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let open = find(&lower, b"<title", 0)?;
    let start = find(&lower, b">", open)? + 1;
    let end = find(&lower, b"</title", start)?;
    let t = String::from_utf8_lossy(head.get(start..end)?).trim().to_string();
    (!t.is_empty()).then(|| t.chars().take(40).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(b: &[u8]) -> String {
        check(b).err().map(|e| e.message).unwrap_or_default()
    }

    #[test]
    fn what_the_bytes_are_instead() {
        assert!(msg(b"").contains("空的"));
        assert!(msg(b" \n ").contains("空白"));
        let html = msg("<!DOCTYPE html><html><head><title>404 页面不存在</title></head></html>".as_bytes());
        assert!(html.contains("网页") && html.contains("404 页面不存在"), "{html}");
        assert!(msg(b"PK\x03\x04....word/document.xml").contains("Word"));
        assert!(msg(b"PK\x03\x04....OFD.xml").contains("OFD"));
        assert!(msg(b"\xD0\xCF\x11\xE0\xA1\xB1").contains("Office"));
        assert!(msg(b"\xFF\xD8\xFF\xE0").contains("图片"));
        assert!(msg("一、部门预算\n收入合计".as_bytes()).contains("纯文本"));
        assert!(msg(b"\x00\x01\x02garbage").contains("00 01 02"));
    }

    #[test]
    fn a_header_after_junk_is_a_pdf() {
        assert!(check(b"junk junk\n%PDF-1.7\n").is_ok());
    }
}
