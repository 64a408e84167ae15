//! The standard security handler (ISO 32000-1 §7.6.3, ISO 32000-2 §7.6.4), for documents that
//! open without a password: many portals publish PDFs that are encrypted only to forbid copying
//! or printing (an owner password), and a viewer opens them with the empty user password. RC4
//! (40–128 bits, V1/V2 and V4's /V2), AES-128 (V4 /AESV2) and AES-256 (V5, revisions 5 and 6) are
//! read. A document that needs a user password, or another security handler (certificates), is
//! refused with a message saying so.
//!
//! Only streams are decrypted: text lives in content streams, fonts' CMaps and object streams;
//! encrypted strings in dictionaries (titles, annotations) carry nothing this reader uses. The
//! ciphers and keys are here; reading the Encrypt dictionary is `security`'s.

use super::aes::Aes;
use super::md5::md5;
use super::object::Ref;
use super::sha2::{sha256, sha384, sha512};

/// The password padding string (ISO 32000-1 §7.6.3.3, algorithm 2, step a).
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08, 0x2E, 0x2E, 0x00,
    0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    /// Streams are not encrypted (V4 with /StmF /Identity).
    Identity,
    Rc4,
    Aes128,
    Aes256,
}

pub struct Decryptor {
    pub(super) method: Method,
    pub(super) key: Vec<u8>,
}

impl Decryptor {
    pub fn decrypt_stream(&self, id: Ref, data: &[u8]) -> Vec<u8> {
        match self.method {
            Method::Identity => data.to_vec(),
            Method::Rc4 => rc4(&self.object_key(id, false), data),
            Method::Aes128 => {
                Aes::new(&self.object_key(id, true)).map(|a| a.decrypt_cbc_iv_first(data)).unwrap_or_default()
            }
            Method::Aes256 => Aes::new(&self.key).map(|a| a.decrypt_cbc_iv_first(data)).unwrap_or_default(),
        }
    }

    /// Algorithm 1: the file key extended with the object's number and generation.
    fn object_key(&self, id: Ref, aes: bool) -> Vec<u8> {
        let mut k = self.key.clone();
        k.extend_from_slice(&id.num.to_le_bytes()[..3]);
        k.extend_from_slice(&id.gen.to_le_bytes());
        if aes {
            k.extend_from_slice(b"sAlT");
        }
        let n = (self.key.len() + 5).min(16);
        md5(&k)[..n].to_vec()
    }
}

fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    if key.is_empty() {
        return data.to_vec();
    }
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, usize::from(j));
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|&b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[usize::from(i)]);
            s.swap(usize::from(i), usize::from(j));
            b ^ s[usize::from(s[usize::from(i)].wrapping_add(s[usize::from(j)]))]
        })
        .collect()
}

/// Algorithm 2 with the empty password.
pub(super) fn rc4_aes128_key(r: i64, n: usize, o: &[u8], p: i32, id0: &[u8], encrypt_metadata: bool) -> Vec<u8> {
    let mut input = PAD.to_vec();
    input.extend_from_slice(o.get(..32).unwrap_or(o));
    input.extend_from_slice(&p.to_le_bytes());
    input.extend_from_slice(id0);
    if r >= 4 && !encrypt_metadata {
        input.extend_from_slice(&[0xff; 4]);
    }
    let mut hash = md5(&input);
    if r >= 3 {
        for _ in 0..50 {
            hash = md5(&hash[..n]);
        }
    }
    hash[..n].to_vec()
}

/// Algorithms 4 and 5: does the empty password open the document?
pub(super) fn user_password_ok(r: i64, key: &[u8], u: &[u8], id0: &[u8]) -> bool {
    if r == 2 {
        return rc4(key, &PAD) == u.get(..32).unwrap_or(u);
    }
    let mut input = PAD.to_vec();
    input.extend_from_slice(id0);
    let mut x = rc4(key, &md5(&input));
    for i in 1..=19u8 {
        let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
        x = rc4(&k, &x);
    }
    u.get(..16).is_some_and(|u| u == &x[..16])
}

/// Revisions 5 and 6 (AES-256): checks the empty password against /U and unwraps the file key
/// from /UE.
pub(super) fn aes256_key(r: i64, u: &[u8], ue: &[u8]) -> Option<Vec<u8>> {
    let (hash, validation, key_salt) = (u.get(..32)?, u.get(32..40)?, u.get(40..48)?);
    if hash_r6(r, &[], validation) != hash {
        return None;
    }
    let kek = hash_r6(r, &[], key_salt);
    let aes = Aes::new(&kek)?;
    let key = aes.decrypt_cbc([0; 16], ue.get(..32)?);
    (key.len() == 32).then_some(key)
}

/// Algorithm 2.B (revision 6), or plain SHA-256 (revision 5), of password + salt (no user key:
/// only the user password is ever tried).
fn hash_r6(r: i64, password: &[u8], salt: &[u8]) -> Vec<u8> {
    let mut input = password.to_vec();
    input.extend_from_slice(salt);
    let mut k = sha256(&input).to_vec();
    if r < 6 {
        return k;
    }
    // 64 rounds at least; then on while the last byte of E exceeds the round count - 32 (it is
    // at most 255, so this ends by round 288).
    let mut round = 0u32;
    let mut e_last = 0u32;
    while round < 64 || e_last + 32 > round {
        let mut k1 = Vec::with_capacity(64 * (password.len() + k.len()));
        for _ in 0..64 {
            k1.extend_from_slice(password);
            k1.extend_from_slice(&k);
        }
        let (Some(key), Some(iv)) = (k.get(..16), k.get(16..32)) else { return k };
        let Some(aes) = Aes::new(key) else { return k };
        let mut ivb = [0u8; 16];
        ivb.copy_from_slice(iv);
        let e = aes.encrypt_cbc(ivb, &k1);
        // The first 16 bytes as a big-endian number, mod 3: 256 ≡ 1 (mod 3), so their sum mod 3.
        let sum: u32 = e.iter().take(16).map(|&b| u32::from(b)).sum();
        k = match sum % 3 {
            0 => sha256(&e).to_vec(),
            1 => sha384(&e).to_vec(),
            _ => sha512(&e).to_vec(),
        };
        e_last = u32::from(e.last().copied().unwrap_or(0));
        round += 1;
    }
    k.truncate(32);
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_known_answer() {
        // RFC 6229-style vector: key "Key", plaintext "Plaintext".
        let c = rc4(b"Key", b"Plaintext");
        assert_eq!(c, [0xBB, 0xF3, 0x16, 0xE8, 0xD9, 0x40, 0xAF, 0x0A, 0xD3]);
        assert_eq!(rc4(b"Key", &c), b"Plaintext");
    }
}
