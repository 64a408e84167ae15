//! Placeholder: the standard security handler comes next.
use super::object::Ref;

pub struct Decryptor;

impl Decryptor {
    pub fn decrypt_stream(&self, _id: Ref, data: &[u8]) -> Vec<u8> {
        data.to_vec()
    }
}

use super::error::PdfError;
use super::store::Store;

pub fn open(store: &Store<'_>) -> Result<Option<Decryptor>, PdfError> {
    if store.trailer.get(b"Encrypt").is_some() {
        return Err(PdfError::new("此 PDF 已加密"));
    }
    Ok(None)
}
