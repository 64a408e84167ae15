//! AES (FIPS 197) with 128- and 256-bit keys, block by block, and CBC as PDF uses it: AESV2
//! (AES-128) and AESV3 (AES-256) streams are CBC with the IV in their first 16 bytes and PKCS#5
//! padding (ISO 32000-1 §7.6.2); revision 6's password hash encrypts with AES-128-CBC. A plain
//! table implementation: a few documents' streams, not a data link.

const SBOX: [u8; 256] = [
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76, 0xca, 0x82, 0xc9,
    0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0, 0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f,
    0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15, 0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07,
    0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75, 0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3,
    0x29, 0xe3, 0x2f, 0x84, 0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58,
    0xcf, 0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8, 0x51, 0xa3,
    0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2, 0xcd, 0x0c, 0x13, 0xec, 0x5f,
    0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73, 0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88,
    0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb, 0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac,
    0x62, 0x91, 0x95, 0xe4, 0x79, 0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a,
    0xae, 0x08, 0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a, 0x70,
    0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e, 0xe1, 0xf8, 0x98, 0x11,
    0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf, 0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42,
    0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
];

const INV_SBOX: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[SBOX[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn xtime(b: u8) -> u8 {
    (b << 1) ^ if b & 0x80 != 0 { 0x1b } else { 0 }
}

fn mul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0;
    while b != 0 {
        if b & 1 != 0 {
            p ^= a;
        }
        a = xtime(a);
        b >>= 1;
    }
    p
}

pub struct Aes {
    round_keys: Vec<[u8; 16]>,
}

impl Aes {
    /// A 16- or 32-byte key; `None` for other lengths.
    pub fn new(key: &[u8]) -> Option<Aes> {
        let nk = match key.len() {
            16 => 4,
            32 => 8,
            _ => return None,
        };
        let rounds = nk + 6;
        let mut w: Vec<[u8; 4]> = key.chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]).collect();
        let mut rcon = 1u8;
        for i in nk..4 * (rounds + 1) {
            let mut t = w[i - 1];
            if i % nk == 0 {
                t = [SBOX[t[1] as usize] ^ rcon, SBOX[t[2] as usize], SBOX[t[3] as usize], SBOX[t[0] as usize]];
                rcon = xtime(rcon);
            } else if nk > 6 && i % nk == 4 {
                t = t.map(|b| SBOX[b as usize]);
            }
            let prev = w[i - nk];
            w.push([prev[0] ^ t[0], prev[1] ^ t[1], prev[2] ^ t[2], prev[3] ^ t[3]]);
        }
        let round_keys = w
            .chunks_exact(4)
            .map(|c| {
                let mut k = [0u8; 16];
                for (j, word) in c.iter().enumerate() {
                    k[4 * j..4 * j + 4].copy_from_slice(word);
                }
                k
            })
            .collect();
        Some(Aes { round_keys })
    }

    fn add(s: &mut [u8; 16], k: &[u8; 16]) {
        for (a, b) in s.iter_mut().zip(k) {
            *a ^= b;
        }
    }

    pub fn encrypt_block(&self, block: &mut [u8; 16]) {
        let n = self.round_keys.len() - 1;
        Aes::add(block, &self.round_keys[0]);
        for r in 1..=n {
            for b in block.iter_mut() {
                *b = SBOX[*b as usize];
            }
            // ShiftRows: row r of the column-major state rotates left by r.
            let s = *block;
            for c in 0..4 {
                for row in 0..4 {
                    block[4 * c + row] = s[4 * ((c + row) % 4) + row];
                }
            }
            if r != n {
                for c in 0..4 {
                    let col = [block[4 * c], block[4 * c + 1], block[4 * c + 2], block[4 * c + 3]];
                    for row in 0..4 {
                        block[4 * c + row] =
                            mul(col[row], 2) ^ mul(col[(row + 1) % 4], 3) ^ col[(row + 2) % 4] ^ col[(row + 3) % 4];
                    }
                }
            }
            Aes::add(block, &self.round_keys[r]);
        }
    }

    pub fn decrypt_block(&self, block: &mut [u8; 16]) {
        let n = self.round_keys.len() - 1;
        Aes::add(block, &self.round_keys[n]);
        for r in (0..n).rev() {
            let s = *block;
            for c in 0..4 {
                for row in 0..4 {
                    block[4 * ((c + row) % 4) + row] = s[4 * c + row];
                }
            }
            for b in block.iter_mut() {
                *b = INV_SBOX[*b as usize];
            }
            Aes::add(block, &self.round_keys[r]);
            if r != 0 {
                for c in 0..4 {
                    let col = [block[4 * c], block[4 * c + 1], block[4 * c + 2], block[4 * c + 3]];
                    for row in 0..4 {
                        block[4 * c + row] = mul(col[row], 14)
                            ^ mul(col[(row + 1) % 4], 11)
                            ^ mul(col[(row + 2) % 4], 13)
                            ^ mul(col[(row + 3) % 4], 9);
                    }
                }
            }
        }
    }

    /// CBC decryption of `data` whose first 16 bytes are the IV; PKCS#5 padding removed when it
    /// is valid. A trailing partial block is dropped, as viewers do.
    pub fn decrypt_cbc_iv_first(&self, data: &[u8]) -> Vec<u8> {
        let Some((iv, body)) = data.split_first_chunk::<16>() else { return Vec::new() };
        let mut out = self.decrypt_cbc(*iv, body);
        if let Some(&p) = out.last() {
            let p = usize::from(p);
            if (1..=16).contains(&p) && p <= out.len() && out[out.len() - p..].iter().all(|&b| usize::from(b) == p) {
                out.truncate(out.len() - p);
            }
        }
        out
    }

    pub fn decrypt_cbc(&self, iv: [u8; 16], data: &[u8]) -> Vec<u8> {
        let mut prev = iv;
        let mut out = Vec::with_capacity(data.len());
        for chunk in data.chunks_exact(16) {
            let mut block = [0u8; 16];
            block.copy_from_slice(chunk);
            let cipher = block;
            self.decrypt_block(&mut block);
            for (b, p) in block.iter_mut().zip(prev) {
                *b ^= p;
            }
            out.extend_from_slice(&block);
            prev = cipher;
        }
        out
    }

    /// CBC encryption without padding (the data is a whole number of blocks).
    pub fn encrypt_cbc(&self, iv: [u8; 16], data: &[u8]) -> Vec<u8> {
        let mut prev = iv;
        let mut out = Vec::with_capacity(data.len());
        for chunk in data.chunks_exact(16) {
            let mut block = [0u8; 16];
            for i in 0..16 {
                block[i] = chunk[i] ^ prev[i];
            }
            self.encrypt_block(&mut block);
            out.extend_from_slice(&block);
            prev = block;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn seq(n: u8) -> Vec<u8> {
        (0..n).collect()
    }

    #[test]
    fn fips_197_appendix_c() {
        let plain: [u8; 16] =
            [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff];
        for (key, expect) in
            [(seq(16), "69c4e0d86a7b0430d8cdb78070b4c55a"), (seq(32), "8ea2b7ca516745bfeafc49904b496089")]
        {
            let aes = Aes::new(&key).map(|a| {
                let mut b = plain;
                a.encrypt_block(&mut b);
                let enc = hex(&b);
                a.decrypt_block(&mut b);
                (enc, b)
            });
            assert_eq!(aes, Some((expect.to_string(), plain)));
        }
        assert!(Aes::new(&[0; 24]).is_none());
    }

    #[test]
    fn cbc_round_trip_with_padding() {
        let Some(aes) = Aes::new(&seq(16)) else { return };
        let iv = [7u8; 16];
        let mut padded = b"BT (hello) Tj ET".to_vec();
        padded.extend_from_slice(&[16u8; 16]);
        let mut data = iv.to_vec();
        data.extend(aes.encrypt_cbc(iv, &padded));
        assert_eq!(aes.decrypt_cbc_iv_first(&data), b"BT (hello) Tj ET");
        assert!(aes.decrypt_cbc_iv_first(&data[..10]).is_empty());
    }
}
