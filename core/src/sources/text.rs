//! Decoding input bytes to text: byte order marks, UTF-16, and clear encoding errors.

use crate::error::{Error, Format, Location, Result};
use crate::sources::SourceName;

/// Decodes bytes that must be Unicode: UTF-8 (with or without BOM) or UTF-16 with a BOM.
///
/// A NUL character (U+0000) is refused: no text format crosscut reads allows
/// it, and it is the mark of binary data or of UTF-16 without a byte order mark.
///
/// # Errors
/// [`crate::ErrorKind::Encoding`] naming the line and column of the first invalid byte.
pub fn decode_unicode(bytes: &[u8], format: Format, source: &SourceName) -> Result<String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc != encoding_rs::UTF_8 {
            let body = bytes.get(bom_len..).unwrap_or_default();
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                return Err(Error::encoding(format, format!("invalid {} byte sequence", enc.name()))
                    .at(Location { source: source.clone(), ..Location::default() }));
            }
            refuse_nul(&text, format, source)?;
            return Ok(text.into_owned());
        }
    }
    let text = utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes), format, source)?;
    refuse_nul(&text, format, source)?;
    Ok(text)
}

/// What a NUL character in a text file means.
pub(crate) const NUL_MESSAGE: &str = "NUL character (U+0000): binary data, or UTF-16 without a byte order mark";

/// An encoding error at the first NUL character of `text`, if it has one.
pub(crate) fn refuse_nul(text: &str, format: Format, source: &SourceName) -> Result<()> {
    match text.find('\0') {
        None => Ok(()),
        Some(at) => Err(Error::encoding(format, NUL_MESSAGE).at(Location::from_offset(source.clone(), text, at))),
    }
}

/// The bytes as a UTF-8 string, or an encoding error at the line and column of
/// the first invalid byte.
pub(crate) fn utf8(body: &[u8], format: Format, source: &SourceName) -> Result<String> {
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let valid = e.valid_up_to();
            // The prefix up to `valid` is valid UTF-8 by definition.
            let prefix = std::str::from_utf8(body.get(..valid).unwrap_or_default()).unwrap_or_default();
            let bad = body.get(valid).copied().unwrap_or(0);
            Err(Error::encoding(format, format!("invalid UTF-8 byte 0x{bad:02X}"))
                .at(Location::from_offset(source.clone(), prefix, valid)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_reports_bad_bytes() {
        let src: SourceName = Some("t.csv".into());
        assert_eq!(decode_unicode(b"\xEF\xBB\xBFab", Format::Csv, &src).unwrap(), "ab");
        assert_eq!(decode_unicode(b"\xFF\xFEa\0b\0", Format::Csv, &src).unwrap(), "ab");
        assert_eq!(decode_unicode(b"\xFE\xFF\0a\0b", Format::Csv, &src).unwrap(), "ab");
        let err = decode_unicode(b"ok\ncaf\xE9", Format::Csv, &src).unwrap_err();
        assert_eq!(err.code(), "csv.encoding");
        assert_eq!(err.to_string(), "t.csv:2:4: invalid UTF-8 byte 0xE9; save the file as UTF-8 (or name its encoding)");
        let err = decode_unicode(b"a,b\nc\0,d", Format::Csv, &src).unwrap_err();
        assert_eq!((err.code().as_str(), err.location().map(|l| (l.line, l.column))), ("csv.encoding", Some((2, 2))));
        // UTF-16 without a byte order mark reads as UTF-8 with a NUL after each ASCII byte.
        assert_eq!(decode_unicode(b"e\0n\0", Format::Csv, &src).unwrap_err().code(), "csv.encoding");
    }
}
