//! CRC-32 (ISO-HDLC, the checksum of zlib and PNG) for the artifact footer and
//! the shard of a translation unit.
//!
//! Natively this is crc32fast (hardware-accelerated where the CPU allows,
//! else slice-by-16 with a 16 KB table). With the `small-code` feature (the
//! wasm build) it is the `crc` crate with a 1 KB table: slower, but 15 KB
//! less to download. Both give the same values.

/// A CRC-32 computed over several pieces.
pub(crate) struct Crc32 {
    #[cfg(not(feature = "small-code"))]
    inner: crc32fast::Hasher,
    #[cfg(feature = "small-code")]
    inner: crc::Digest<'static, u32, crc::Table<1>>,
}

#[cfg(feature = "small-code")]
static CRC_32: crc::Crc<u32, crc::Table<1>> = crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC);

impl Crc32 {
    /// A checksum of nothing yet.
    pub(crate) fn new() -> Crc32 {
        #[cfg(not(feature = "small-code"))]
        let inner = crc32fast::Hasher::new();
        #[cfg(feature = "small-code")]
        let inner = CRC_32.digest();
        Crc32 { inner }
    }

    /// Adds `bytes` to the checksum.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.inner.update(bytes);
    }

    /// The checksum of everything added.
    pub(crate) fn finalize(self) -> u32 {
        self.inner.finalize()
    }
}

/// The CRC-32 of `bytes`.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut h = Crc32::new();
    h.update(bytes);
    h.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn check_value() {
        // The catalogued check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    proptest! {
        #[test]
        fn equals_crc32fast_in_pieces(a in proptest::collection::vec(any::<u8>(), 0..300), b in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut h = Crc32::new();
            h.update(&a);
            h.update(&b);
            let whole: Vec<u8> = a.iter().chain(&b).copied().collect();
            prop_assert_eq!(h.finalize(), crc32fast::hash(&whole));
            prop_assert_eq!(crc32(&whole), crc32fast::hash(&whole));
        }
    }
}
