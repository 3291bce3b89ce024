//! Bytes → text: binary detection and UTF-8 decoding.

use crate::error::{Error, Result};

/// The outcome of decoding an input.
#[derive(Debug, PartialEq)]
pub enum Decoded {
    /// Text, with a warning when invalid bytes were replaced.
    Text {
        text: String,
        warning: Option<String>,
    },
    /// The bytes look binary (a NUL in the first 8 KiB).
    Binary,
}

/// Decodes `bytes` as UTF-8 (a leading BOM is dropped). Invalid sequences
/// are replaced by U+FFFD with a warning naming the first bad byte offset,
/// or refused when `strict`.
pub fn decode(name: &str, bytes: &[u8], strict: bool) -> Result<Decoded> {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Ok(Decoded::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded::Text {
            text: s.to_string(),
            warning: None,
        }),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = line_of(bytes, offset);
            if strict {
                return Err(Error::parse(
                    name,
                    line,
                    format!("invalid UTF-8 at byte offset {offset} (refused because of --strict)"),
                ));
            }
            Ok(Decoded::Text {
                text: String::from_utf8_lossy(bytes).into_owned(),
                warning: Some(format!("{name}:{line}: invalid UTF-8 at byte offset {offset}; undecodable bytes replaced with U+FFFD")),
            })
        }
    }
}

/// 1-based line number of byte `offset` in `bytes`.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_text_and_bom() {
        assert_eq!(
            decode("a", "\u{feff}héllo".as_bytes(), false).unwrap(),
            Decoded::Text {
                text: "héllo".into(),
                warning: None
            }
        );
    }

    #[test]
    fn invalid_utf8_is_lossy_with_offset_or_refused() {
        let bytes = b"line one\nbad \xff byte";
        match decode("f.txt", bytes, false).unwrap() {
            Decoded::Text { text, warning } => {
                assert_eq!(text, "line one\nbad \u{fffd} byte");
                assert_eq!(warning.unwrap(), "f.txt:2: invalid UTF-8 at byte offset 13; undecodable bytes replaced with U+FFFD");
            }
            other => panic!("{other:?}"),
        }
        let err = decode("f.txt", bytes, true).unwrap_err().to_string();
        assert!(
            err.starts_with("f.txt:2: invalid UTF-8 at byte offset 13"),
            "{err}"
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            decode("b", b"PK\x03\x04\x00\x00", false).unwrap(),
            Decoded::Binary
        );
    }
}
