//! JSON values written as serde_json writes them.

pub(super) fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

pub(super) fn int(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// A float as serde_json writes it: shortest round-trip digits, `null`
/// when not finite.
pub(super) fn json_f64(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(v).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

fn json_scores(out: &mut Vec<u8>, classes: &[String], values: &[f64]) {
    out.push(b'{');
    for (i, (k, &v)) in classes.iter().zip(values).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(out, k);
        out.push(b':');
        json_f64(out, v);
    }
    out.push(b'}');
}

/// Scores by class name, or `null`.
pub(super) fn json_opt_scores(out: &mut Vec<u8>, scores: Option<(&[String], &[f64])>) {
    match scores {
        Some((classes, values)) => json_scores(out, classes, values),
        None => out.extend_from_slice(b"null"),
    }
}

pub(super) fn json_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => json_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string, escaped as serde_json escapes it: `"` and `\`, the
/// short escapes for \b \t \n \f \r, `\u00XX` (lowercase hex) for other
/// control characters; everything else (including non-ASCII) as is.
/// Runs of plain bytes are skipped eight at a time ([`plain8`]) and copied
/// in one go: most text has nothing to escape.
pub(super) fn json_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            if plain8(u64::from_le_bytes(word.try_into().expect("8 bytes"))) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        i += 1;
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[run..i - 1]);
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xf) as usize]);
        } else {
            out.extend_from_slice(escape);
        }
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Whether none of the eight bytes of `w` needs escaping in JSON: no
/// control character (below 0x20), no `"`, no `\`. Exact (no false
/// answer either way): the classic "has zero byte" / "has byte less than"
/// tests, whose borrows can only flag bytes above one really flagged.
#[inline]
fn plain8(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    let quote = zero_in(w ^ (ONES * b'"' as u64));
    let backslash = zero_in(w ^ (ONES * b'\\' as u64));
    control | quote | backslash == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_at_every_position_match_serde_json() {
        // Every byte that needs escaping, and plain neighbours (ASCII just
        // above and below the specials, non-ASCII), at every offset of
        // strings around the eight-byte step.
        let specials = [
            '"', '\\', '\n', '\t', '\r', '\u{8}', '\u{c}', '\u{0}', '\u{1f}', '\u{1}',
        ];
        let plain = ['!', '#', '[', ']', ' ', 'a', 'é', '\u{7f}', '\u{2028}'];
        for len in 0..20 {
            for at in 0..len {
                for &c in specials.iter().chain(&plain) {
                    for &fill in &plain {
                        let mut s: Vec<char> = vec![fill; len];
                        s[at] = c;
                        if at + 3 < len {
                            s[at + 3] = '"';
                        }
                        let s: String = s.into_iter().collect();
                        let mut got = Vec::new();
                        json_str(&mut got, &s);
                        assert_eq!(
                            String::from_utf8(got).unwrap(),
                            serde_json::to_string(&s).unwrap(),
                            "{s:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn plain8_is_exact_for_every_byte_in_every_lane() {
        for b in 0..=255u8 {
            let needs = b < 0x20 || b == b'"' || b == b'\\';
            for lane in 0..8 {
                for fill in [b'a', 0x80, 0xff, 0x21, 0x5d] {
                    let mut w = [fill; 8];
                    w[lane] = b;
                    assert_eq!(
                        plain8(u64::from_le_bytes(w)),
                        !needs,
                        "byte {b:#x} lane {lane} fill {fill:#x}"
                    );
                }
            }
        }
    }
}
