//! The Encrypt dictionary of a document, read through the object store: which cipher and key
//! open it with the empty user password (`crypt`), or the refusal that says why none does.

use super::crypt::{aes256_key, rc4_aes128_key, user_password_ok, Decryptor, Method};
use super::error::PdfError;
use super::object::{Dict, Object};
use super::store::Store;

const NEEDS_PASSWORD: &str = "此 PDF 设有打开密码：yusuan 只能读取不用密码就能打开的 PDF，请找未加密的版本";

/// The decryptor for an encrypted document, `None` for a plain one, or the refusal.
pub fn open(store: &Store<'_>) -> Result<Option<Decryptor>, PdfError> {
    if store.trailer.get(b"Encrypt").is_none() {
        return Ok(None);
    }
    let enc = store.get_in(&store.trailer, b"Encrypt");
    let Some(e) = enc.as_dict() else {
        return Err(PdfError::new("此 PDF 已加密，但加密信息已损坏，无法解密"));
    };
    let filter = e.name(b"Filter").unwrap_or(b"Standard");
    if filter != b"Standard" {
        return Err(PdfError::new(format!(
            "此 PDF 用 {} 安全处理程序加密（证书或专有加密）：yusuan 只能读取标准加密且不需要密码的 PDF",
            String::from_utf8_lossy(filter)
        )));
    }
    let int = |k: &[u8]| store.get_in(e, k).as_int();
    let bytes = |k: &[u8]| store.get_in(e, k).as_str().map(<[u8]>::to_vec).unwrap_or_default();
    let v = int(b"V").unwrap_or(0);
    let r = int(b"R").unwrap_or(2);
    let (o, u) = (bytes(b"O"), bytes(b"U"));
    let p = int(b"P").unwrap_or(-1) as i32;
    let id0 = match &*store.get_in(&store.trailer, b"ID") {
        Object::Array(a) => a.first().and_then(|o| store.resolve(o).as_str().map(<[u8]>::to_vec)).unwrap_or_default(),
        _ => Vec::new(),
    };
    let encrypt_metadata = !matches!(&*store.get_in(e, b"EncryptMetadata"), Object::Bool(false));

    if v == 5 || r >= 5 {
        let key = aes256_key(r, &u, &bytes(b"UE")).ok_or_else(|| PdfError::new(NEEDS_PASSWORD))?;
        let method = stream_method(store, e).unwrap_or(Method::Aes256);
        return Ok(Some(Decryptor { method: if method == Method::Identity { method } else { Method::Aes256 }, key }));
    }
    let (method, bits) = match v {
        1 => (Method::Rc4, 40),
        2 | 3 => (Method::Rc4, int(b"Length").unwrap_or(40)),
        4 => {
            let m = stream_method(store, e).unwrap_or(Method::Rc4);
            (m, crypt_filter_length(store, e).unwrap_or(128))
        }
        _ => {
            return Err(PdfError::new(format!("此 PDF 的加密版本（V {v}）无法识别：yusuan 读不了")));
        }
    };
    let n = usize::try_from((bits / 8).clamp(5, 16)).unwrap_or(16);
    let n = if r == 2 { 5 } else { n };
    let key = rc4_aes128_key(r, n, &o, p, &id0, encrypt_metadata);
    if !user_password_ok(r, &key, &u, &id0) {
        return Err(PdfError::new(NEEDS_PASSWORD));
    }
    Ok(Some(Decryptor { method, key }))
}

/// V4's stream crypt filter: /StmF names an entry of /CF, whose /CFM says the cipher.
fn stream_method(store: &Store<'_>, e: &Dict) -> Option<Method> {
    let stmf = store.get_in(e, b"StmF");
    let name = stmf.as_name()?;
    if name == b"Identity" {
        return Some(Method::Identity);
    }
    let cf = store.dict_in(e, b"CF")?;
    let filter = store.dict_in(&cf, name)?;
    match filter.name(b"CFM") {
        Some(b"AESV2") => Some(Method::Aes128),
        Some(b"AESV3") => Some(Method::Aes256),
        Some(b"V2") => Some(Method::Rc4),
        Some(b"None") => Some(Method::Identity),
        _ => None,
    }
}

/// The key length of V4's stream crypt filter, in bits (its /Length is in bytes by the spec,
/// in bits by some producers).
fn crypt_filter_length(store: &Store<'_>, e: &Dict) -> Option<i64> {
    let name = store.get_in(e, b"StmF").as_name()?.to_vec();
    let cf = store.dict_in(e, b"CF")?;
    let filter = store.dict_in(&cf, &name)?;
    let len = store.get_in(&filter, b"Length").as_int().or_else(|| store.get_in(e, b"Length").as_int())?;
    Some(if len <= 32 { len * 8 } else { len })
}

