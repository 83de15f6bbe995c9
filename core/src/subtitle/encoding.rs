//! Decoding subtitle bytes: byte order marks, a named encoding, or detection.
//!
//! Order: a BOM wins; then an encoding the caller names; then UTF-8 when the
//! bytes are valid UTF-8; otherwise the legacy encoding `chardetng` detects
//! (windows-1252, windows-1256, GBK…), reported as a warning so a wrong guess
//! can be corrected with an explicit encoding.

use encoding_rs::Encoding;

use crate::error::{Error, Format, Location, Result, Warning};
use crate::sources::SourceName;

/// Text decoded from bytes, with how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte order mark.
    pub text: String,
    /// The WHATWG name of the encoding used (`UTF-8`, `windows-1252`).
    pub encoding: &'static str,
    /// Whether the bytes started with a byte order mark.
    pub bom: bool,
    /// A warning when the encoding was guessed.
    pub warnings: Vec<Warning>,
}

/// Decodes `bytes` as described in the module docs.
///
/// # Errors
/// `srt.encoding` / `vtt.encoding` for an unknown encoding label, or for bytes
/// that are invalid in the encoding a BOM or the caller names (at the line of
/// the first bad byte when it is UTF-8).
///
/// # Example
/// ```
/// use crosscut::error::Format;
/// use crosscut::subtitle::encoding::decode;
/// let d = decode(b"caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu", None, Format::Srt, &None)?;
/// assert_eq!((d.text.as_str(), d.encoding), ("café crème brûlée, déjà vu", "windows-1252"));
/// assert_eq!(d.warnings.len(), 1);
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn decode(bytes: &[u8], encoding: Option<&str>, format: Format, source: &SourceName) -> Result<Decoded> {
    let at = || Location {
        source: source.clone(),
        ..Location::default()
    };
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        let text = if enc == encoding_rs::UTF_8 {
            crate::sources::text::utf8(body, format, source)?
        } else {
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                return Err(Error::encoding(format, format!("invalid {} byte sequence", enc.name())).at(at()));
            }
            text.into_owned()
        };
        return Ok(Decoded {
            text,
            encoding: enc.name(),
            bom: true,
            warnings: Vec::new(),
        });
    }
    if let Some(label) = encoding {
        let enc = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::encoding(
                format,
                format!("unknown encoding {label:?}; use a WHATWG label such as windows-1252 or gb18030"),
            )
            .at(at())
        })?;
        if enc == encoding_rs::UTF_8 {
            let text = crate::sources::text::utf8(bytes, format, source)?;
            return Ok(Decoded {
                text,
                encoding: enc.name(),
                bom: false,
                warnings: Vec::new(),
            });
        }
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(Error::encoding(format, format!("invalid {} byte sequence", enc.name())).at(at()));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            bom: false,
            warnings: Vec::new(),
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
            bom: false,
            warnings: Vec::new(),
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
    if enc == encoding_rs::UTF_8 {
        // Invalid UTF-8 that looks like nothing else: report the first bad byte.
        return Err(crate::sources::text::utf8(bytes, format, source)
            .err()
            .unwrap_or_else(|| Error::encoding(format, "invalid UTF-8")));
    }
    let (text, _, had_errors) = enc.decode(bytes);
    if had_errors {
        return Err(Error::encoding(
            format,
            format!(
                "the bytes are neither UTF-8 nor valid {} (the closest legacy encoding)",
                enc.name()
            ),
        )
        .at(at()));
    }
    let warning = Warning {
        location: Location {
            source: source.clone(),
            line: 1,
            ..Location::default()
        },
        message: format!(
            "not UTF-8: decoded as {} (detected); name the encoding if that is wrong",
            enc.name()
        ),
    };
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        bom: false,
        warnings: vec![warning],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_labels_and_errors() {
        let d = decode(b"\xEF\xBB\xBFab", None, Format::Srt, &None).unwrap();
        assert_eq!((d.text.as_str(), d.bom, d.encoding), ("ab", true, "UTF-8"));
        let d = decode(b"\xFF\xFEa\0b\0", None, Format::Srt, &None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("ab", "UTF-16LE"));
        let d = decode(b"\xC7\xE1", Some("windows-1256"), Format::Srt, &None).unwrap();
        assert_eq!(d.text, "ال");
        // Cyrillic in windows-1251 without a BOM is detected, with a warning.
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("Мой старший брат вернулся домой на Новый год.");
        let d = decode(&cp1251, None, Format::Srt, &None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Мой старший брат вернулся домой на Новый год.", "windows-1251")
        );
        assert!(d.warnings[0].message.contains("windows-1251"));
        let e = decode(b"a", Some("klingon"), Format::Vtt, &None).unwrap_err();
        assert_eq!(e.code(), "vtt.encoding");
        let e = decode(b"\xEF\xBB\xBFok\n\xC5W", None, Format::Srt, &Some("x.srt".into())).unwrap_err();
        assert_eq!(e.code(), "srt.encoding");
        assert_eq!(e.location().map(|l| l.line), Some(2));
    }
}
