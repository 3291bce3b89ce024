//! The model file: a one-line header, then the model as JSON.
//!
//! ```text
//! stance-model <format version> sha256:<hex digest of the body> bytes:<body length>
//! {"heads": [...]}
//! ```
//!
//! The header lets a reader refuse a file of another format version before
//! parsing it, and detect truncation (length) and silent corruption
//! (digest). The body is pretty-printed JSON with a fixed field order and
//! shortest round-trip floats, so the same model gives the same bytes.

use super::Model;
use crate::atomic::write_atomic;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

/// First word of every model file.
pub const MAGIC: &str = "stance-model";
/// The format version this build writes. It reads this one and every
/// earlier one (version 1 heads have no context stage; they load with none).
pub const FORMAT_VERSION: u32 = 2;

impl Model {
    /// Serialises the model with its header.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut body = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::Internal(format!("cannot serialise the model: {e}")))?;
        body.push(b'\n');
        let digest = Sha256::digest(&body);
        let mut out = format!(
            "{MAGIC} {FORMAT_VERSION} sha256:{digest:x} bytes:{}\n",
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// Parses a model file's bytes; `name` is used in error messages.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Model> {
        let err = |message: String| Error::Model {
            path: name.to_string(),
            message,
        };
        let newline = bytes.iter().position(|&b| b == b'\n').filter(|&n| n < 512);
        let header = newline.and_then(|n| std::str::from_utf8(&bytes[..n]).ok());
        let Some(header) = header.filter(|h| h.starts_with(MAGIC)) else {
            return Err(err(format!("not a stance model file (it does not start with `{MAGIC}`); pass a file written by `stance train`")));
        };
        let body = &bytes[header.len() + 1..];
        let fields: Vec<&str> = header.split(' ').collect();
        let version: u32 = fields.get(1).and_then(|v| v.parse().ok()).ok_or_else(|| err("model header has no format version; the file is damaged, retrain it with `stance train`".into()))?;
        if version == 0 || version > FORMAT_VERSION {
            return Err(err(format!(
                "model format version {version}, but this stance (v{}) reads version {FORMAT_VERSION} and earlier; retrain the model with this version's `stance train`, or use the stance release that wrote it",
                env!("CARGO_PKG_VERSION")
            )));
        }
        let field = |key: &str| fields.iter().find_map(|f| f.strip_prefix(key));
        let (Some(digest), Some(len)) = (
            field("sha256:"),
            field("bytes:").and_then(|l| l.parse::<usize>().ok()),
        ) else {
            return Err(err(
                "model header is incomplete; the file is damaged, retrain it with `stance train`"
                    .into(),
            ));
        };
        if body.len() != len {
            return Err(err(format!(
                "model file is truncated or has extra bytes (header says {len} bytes of body, found {}); copy it again or retrain it with `stance train`",
                body.len()
            )));
        }
        if format!("{:x}", Sha256::digest(body)) != digest {
            return Err(err("model file is corrupted (checksum mismatch); copy it again or retrain it with `stance train`".into()));
        }
        let model: Model = serde_json::from_slice(body).map_err(|e| {
            err(format!("model content does not match this stance version's format ({e}); retrain it with `stance train`"))
        })?;
        if model.heads.is_empty() {
            return Err(err("model has no classifier heads".into()));
        }
        for head in &model.heads {
            head.validate().map_err(|e| {
                err(format!(
                    "inconsistent model: {e}; retrain it with `stance train`"
                ))
            })?;
        }
        if let Some(target) = &model.target {
            target.validate().map_err(|e| {
                err(format!(
                    "inconsistent model: {e}; retrain it with `stance train`"
                ))
            })?;
        }
        if let Some(genre) = &model.genre {
            genre.validate().map_err(|e| {
                err(format!(
                    "inconsistent model: {e}; retrain it with `stance train`"
                ))
            })?;
        }
        Ok(model)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Model> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Model::from_bytes(&bytes, &path.display().to_string())
    }

    /// Writes the model atomically (temporary file, then rename).
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes()?;
        write_atomic(path, |w| w.write_all(&bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::train::tests::separable_source;
    use crate::model::{train, TrainParams};
    use crate::progress::Quiet;

    fn small_model() -> Model {
        let params = TrainParams {
            folds: 0,
            alphas: vec![1.0],
            tfidf: crate::features::TfidfParams {
                min_df: 1,
                ..Default::default()
            },
            ..Default::default()
        };
        Model {
            heads: vec![train(&params, &[separable_source()], &Quiet).unwrap()],
            target: None,
            genre: None,
        }
    }

    #[test]
    fn round_trip_keeps_every_score() {
        let m = small_model();
        let bytes = m.to_bytes().unwrap();
        let back = Model::from_bytes(&bytes, "m").unwrap();
        assert!(
            back.to_bytes().unwrap() == bytes,
            "not byte-identical after a round trip"
        );
        let (a, b) = (&m.heads[0], &back.heads[0]);
        let (fa, fb) = (a.featurizer(), b.featurizer());
        for text in [
            "“We go,” she said.",
            "I think it is a disgrace.",
            "The vote was on Monday.",
        ] {
            assert_eq!(a.score_text(&fa, text), b.score_text(&fb, text));
        }
    }

    #[test]
    fn a_calibration_step_round_trips_and_older_files_load_without_one() {
        let mut m = small_model();
        let plain = m.to_bytes().unwrap();
        assert!(
            !String::from_utf8_lossy(&plain).contains("\"calibration\""),
            "a head without the step writes no calibration block"
        );
        m.heads[0].calibration = Some(crate::model::Calibration {
            objective: crate::model::CalibrationObjective::Share,
            temperature: 0.7,
            bias: vec![0.0, 0.25, -0.5],
            relabel: false,
            documents: 80,
            paragraphs: 2400,
        });
        let bytes = m.to_bytes().unwrap();
        let back = Model::from_bytes(&bytes, "m").unwrap();
        assert_eq!(back.heads[0].calibration, m.heads[0].calibration);
        assert!(back.to_bytes().unwrap() == bytes);
        assert!(Model::from_bytes(&plain, "old").unwrap().heads[0]
            .calibration
            .is_none());
        m.heads[0].calibration.as_mut().unwrap().bias.pop();
        assert!(
            Model::from_bytes(&m.to_bytes().unwrap(), "m").is_err(),
            "two biases for three classes"
        );
    }

    #[test]
    fn damaged_files_give_clear_errors() {
        let bytes = small_model().to_bytes().unwrap();
        let msg = |b: &[u8]| Model::from_bytes(b, "m.model").unwrap_err().to_string();
        assert!(msg(&bytes[..bytes.len() - 10]).contains("truncated"));
        let mut corrupt = bytes.clone();
        let i = corrupt.len() - 20;
        corrupt[i] ^= 0x01;
        assert!(msg(&corrupt).contains("corrupted"));
        let newer = String::from_utf8(bytes.clone()).unwrap().replacen(
            "stance-model 2 ",
            "stance-model 9 ",
            1,
        );
        let m = msg(newer.as_bytes());
        assert!(
            m.contains("format version 9") && m.contains("reads version 2"),
            "{m}"
        );
        assert!(msg(b"hello world\n").contains("not a stance model file"));
        assert!(msg(b"").contains("not a stance model file"));
        assert!(msg(&[0xff, 0xfe, 0x00]).contains("not a stance model file"));
    }

    /// Rewrites a model's JSON body and gives it a valid header, as a newer
    /// or different build of stance would have written it.
    fn with_body(bytes: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let (_, body) = text.split_once('\n').unwrap();
        let body = edit(body);
        let digest = Sha256::digest(body.as_bytes());
        format!(
            "{MAGIC} {FORMAT_VERSION} sha256:{digest:x} bytes:{}\n{body}",
            body.len()
        )
        .into_bytes()
    }

    #[test]
    fn other_analyzer_settings_are_refused_with_advice() {
        let bytes = small_model().to_bytes().unwrap();
        let other = with_body(&bytes, |b| {
            b.replacen(
                "\"lowercase\": true",
                "\"lowercase\": true, \"transliterate\": true",
                1,
            )
        });
        let err = Model::from_bytes(&other, "m.model")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown field `transliterate`")
                && err.contains("retrain it with `stance train`"),
            "{err}"
        );
        let other = with_body(&bytes, |b| {
            b.replacen("\"stemmer\": \"english\"", "\"stemmer\": \"klingon\"", 1)
        });
        let err = Model::from_bytes(&other, "m.model")
            .unwrap_err()
            .to_string();
        assert!(err.contains("klingon"), "{err}");
        // Unchanged content with a rebuilt header still loads.
        assert!(Model::from_bytes(&with_body(&bytes, |b| b.to_string()), "m").is_ok());
    }

    #[test]
    fn inconsistent_content_is_refused() {
        let mut m = small_model();
        m.heads[0].weights.pop();
        let bytes = m.to_bytes().unwrap();
        assert!(Model::from_bytes(&bytes, "m")
            .unwrap_err()
            .to_string()
            .contains("inconsistent model"));
    }
}
