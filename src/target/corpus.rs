//! NewsMTSC rows as target examples: a sentence, the byte span of the one
//! mention it is labelled for, and the polarity toward it. (The paragraph
//! sentiment reader, `corpus/newsmtsc.rs`, folds a sentence's rows into one
//! example; the target head needs each row.)

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::path::Path;

/// One labelled mention.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetExample {
    /// The sentence.
    pub text: String,
    /// Byte span of the mention in `text`.
    pub mention: Range<usize>,
    /// 0 negative, 1 neutral, 2 positive.
    pub label: usize,
    /// `file:line`, for messages.
    pub origin: String,
}

/// A file of target examples with its digest.
#[derive(Debug, Clone)]
pub struct TargetSource {
    /// As given (`newsmtsc:PATH`).
    pub spec: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Its rows.
    pub examples: Vec<TargetExample>,
}

/// Reads `newsmtsc:PATH` (or a bare path), relative paths under `base`.
pub fn load(spec: &str, base: Option<&Path>) -> Result<TargetSource> {
    let path = match spec.split_once(':') {
        Some(("newsmtsc", p)) => p,
        Some((kind, _)) if !kind.contains(['/', '\\', '.']) => {
            return Err(Error::data(
                spec,
                format!("sentiment toward targets is read from NewsMTSC only, not {kind}"),
            ))
        }
        _ => spec,
    };
    let full = match base {
        Some(b) if Path::new(path).is_relative() => b.join(path),
        _ => Path::new(path).to_path_buf(),
    };
    let bytes = std::fs::read(&full).map_err(|e| Error::io(&full, e))?;
    let name = full.display().to_string();
    let text = String::from_utf8(bytes)
        .map_err(|e| Error::parse(&name, 0, format!("invalid UTF-8: {e}")))?;
    let sha256 = format!("{:x}", Sha256::digest(text.as_bytes()));
    let mut examples = Vec::new();
    read(&name, &text, &mut examples)?;
    Ok(TargetSource {
        spec: spec.to_string(),
        sha256,
        examples,
    })
}

/// Parses NewsMTSC JSONL: `sentence`, `polarity` (-1, 0, 1) and the
/// mention's `from`/`to` in characters (code points).
pub fn read(path: &str, text: &str, out: &mut Vec<TargetExample>) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Record {
        sentence: String,
        polarity: f64,
        from: usize,
        to: usize,
    }
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |m: String| Error::parse(path, i + 1, m);
        let rec: Record =
            serde_json::from_str(line).map_err(|e| bad(format!("not a NewsMTSC record: {e}")))?;
        let byte = |c: usize| {
            rec.sentence
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(rec.sentence.len()))
                .nth(c)
        };
        let (Some(from), Some(to)) = (byte(rec.from), byte(rec.to)) else {
            return Err(bad(format!(
                "mention {}..{} lies outside the sentence",
                rec.from, rec.to
            )));
        };
        if from >= to {
            return Err(bad(format!("empty mention {}..{}", rec.from, rec.to)));
        }
        let label = match rec.polarity {
            p if p < 0.0 => 0,
            p if p > 0.0 => 2,
            _ => 1,
        };
        out.push(TargetExample {
            text: rec.sentence,
            mention: from..to,
            label,
            origin: format!("{path}:{}", i + 1),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_offsets_become_byte_spans() {
        let data = concat!(
            "{\"mention\": \"He\", \"polarity\": 1, \"from\": 1, \"to\": 3, \"sentence\": \"\u{201c}He won.\u{201d}\"}\n",
            "{\"mention\": \"Zoë\", \"polarity\": -1, \"from\": 4, \"to\": 7, \"sentence\": \"Zoë Zoë lost\"}\n",
        );
        let mut out = Vec::new();
        read("m.jsonl", data, &mut out).unwrap();
        assert_eq!(&out[0].text[out[0].mention.clone()], "He");
        assert_eq!(out[0].label, 2);
        assert_eq!(&out[1].text[out[1].mention.clone()], "Zoë");
        assert_eq!(out[1].mention.start, 5);
        assert_eq!(out[1].label, 0);
        let bad = "{\"polarity\": 0, \"from\": 4, \"to\": 40, \"sentence\": \"short\"}\n";
        let e = read("m.jsonl", bad, &mut out).unwrap_err().to_string();
        assert!(e.contains("m.jsonl:1"), "{e}");
    }
}
