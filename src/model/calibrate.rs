//! Calibration on whole documents: vector scaling of a head's final
//! probabilities (a temperature and per-class biases on the
//! log-probabilities), applied after the context stage to the paragraphs of
//! documents of two or more content paragraphs.
//!
//! The first stage and the context stage are fitted on paragraph rows
//! (most of them editorials, lone paragraphs and sentences); nothing in
//! them asks that the probability-weighted word shares of a *page* come
//! out right. This step is fitted (in `model/train/calibrate.rs`) on
//! held-out probabilities of whole labelled documents, the articles' out of
//! fold and web pages the head never trained on, so that they do. A lone
//! paragraph or sentence keeps its scores, as with the context stage: the
//! step knows nothing about them, and the sentence corpora stay as they
//! were.
//!
//! `p'_c ∝ exp(ln p_c / T + b_c)`: `T` above 1 softens every paragraph's
//! probabilities, below 1 sharpens them; `b_c` moves weight toward a class
//! on every page. The temperature alone never changes the most probable
//! class; the biases can, and `relabel` says whether the label follows the
//! calibrated probabilities or stays the context stage's argmax.

use super::score::softmax_in_place;
use super::Scores;
use crate::metrics::argmax;
use serde::{Deserialize, Serialize};

/// What a calibration is fitted to minimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum CalibrationObjective {
    /// No calibration step.
    #[default]
    None,
    /// The temperature only, by log-loss over paragraphs (never changes a
    /// label).
    Temperature,
    /// Temperature and per-class biases by log-loss over paragraphs.
    #[cfg_attr(feature = "cli", value(name = "log_loss"))]
    LogLoss,
    /// Temperature and per-class biases by the mean per-document share
    /// error of the probability-weighted word shares.
    Share,
}

impl CalibrationObjective {
    /// Every objective, in report order.
    pub const ALL: [CalibrationObjective; 4] = [
        CalibrationObjective::None,
        CalibrationObjective::Temperature,
        CalibrationObjective::LogLoss,
        CalibrationObjective::Share,
    ];

    /// The name, as in recipes, `--calibrate` and the model file.
    pub fn name(self) -> &'static str {
        match self {
            CalibrationObjective::None => "none",
            CalibrationObjective::Temperature => "temperature",
            CalibrationObjective::LogLoss => "log_loss",
            CalibrationObjective::Share => "share",
        }
    }
}

/// A fitted calibration step of a head (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// What it was fitted to minimise.
    pub objective: CalibrationObjective,
    /// `T`: the log-probabilities are divided by it.
    pub temperature: f64,
    /// Per-class bias added to the scaled log-probabilities (the first
    /// class's is 0: only differences matter).
    pub bias: Vec<f64>,
    /// Whether a paragraph's label is the calibrated argmax (`true`) or the
    /// context stage's (`false`: the probabilities, and so the
    /// probability-weighted shares and their intervals, are calibrated, but
    /// never past the point where the label stops being the most probable
    /// class; see [`Calibration::apply`]).
    pub relabel: bool,
    /// Documents and paragraphs it was fitted on.
    pub documents: usize,
    /// Paragraphs it was fitted on.
    pub paragraphs: usize,
}

impl Calibration {
    /// The calibrated probabilities of one paragraph.
    pub fn probabilities(&self, p: &[f64]) -> Vec<f64> {
        let mut z: Vec<f64> = p
            .iter()
            .zip(&self.bias)
            .map(|(p, b)| p.max(1e-12).ln() / self.temperature + b)
            .collect();
        softmax_in_place(&mut z);
        z
    }

    /// One paragraph's calibrated scores. Without `relabel`, a paragraph
    /// whose most probable class the step would change is moved only part
    /// of the way, to where its label is still (just) the most probable:
    /// labels stay the context stage's and remain the argmax.
    pub fn apply(&self, s: Scores) -> Scores {
        let q = self.probabilities(&s.probabilities);
        let top = argmax(&q).0;
        if self.relabel || top == s.label {
            return Scores {
                probabilities: q,
                label: top,
            };
        }
        let (p, l) = (&s.probabilities, s.label);
        // On the segment (1 − λ)·q + λ·p, the label's margin over class c
        // grows linearly in λ; the smallest λ where no class beats it.
        let lambda = (0..q.len())
            .filter(|&c| q[c] > q[l])
            .map(|c| {
                let (gap, back) = (q[c] - q[l], p[l] - p[c]);
                gap / (gap + back)
            })
            .fold(0.0f64, f64::max);
        let lambda = (lambda + 1e-9).min(1.0);
        let probabilities: Vec<f64> = q
            .iter()
            .zip(p)
            .map(|(q, p)| (1.0 - lambda) * q + lambda * p)
            .collect();
        let label = argmax(&probabilities).0;
        Scores {
            probabilities,
            label,
        }
    }

    /// A document's content paragraphs' scores, calibrated when there are
    /// two or more (a lone paragraph keeps its scores, as with the context
    /// stage).
    pub fn apply_document(&self, scores: Vec<Scores>) -> Vec<Scores> {
        if scores.len() < 2 {
            return scores;
        }
        scores.into_iter().map(|s| self.apply(s)).collect()
    }

    /// Checks the stored values against the head's `k` classes.
    pub fn validate(&self, k: usize) -> std::result::Result<(), String> {
        if self.bias.len() != k {
            return Err(format!(
                "calibration has {} biases, expected {k}",
                self.bias.len()
            ));
        }
        if !(self.temperature.is_finite() && self.temperature > 0.0)
            || self.bias.iter().any(|b| !b.is_finite())
        {
            return Err("calibration has a non-finite or non-positive value".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal(temperature: f64, bias: Vec<f64>, relabel: bool) -> Calibration {
        Calibration {
            objective: CalibrationObjective::LogLoss,
            temperature,
            bias,
            relabel,
            documents: 1,
            paragraphs: 2,
        }
    }

    fn scores(p: [f64; 3]) -> Scores {
        Scores {
            probabilities: p.to_vec(),
            label: argmax(&p).0,
        }
    }

    #[test]
    fn identity_calibration_changes_nothing() {
        let c = cal(1.0, vec![0.0; 3], true);
        let p = c.probabilities(&[0.7, 0.2, 0.1]);
        for (a, b) in p.iter().zip([0.7, 0.2, 0.1]) {
            assert!((a - b).abs() < 1e-12, "{p:?}");
        }
    }

    #[test]
    fn temperature_sharpens_or_softens_and_keeps_the_label() {
        let s = scores([0.6, 0.3, 0.1]);
        let sharp = cal(0.5, vec![0.0; 3], true).apply(s.clone());
        let soft = cal(2.0, vec![0.0; 3], true).apply(s.clone());
        assert!(sharp.probabilities[0] > 0.6 && soft.probabilities[0] < 0.6);
        assert_eq!((sharp.label, soft.label), (0, 0));
        assert!((sharp.probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn biases_move_weight_and_relabel_only_when_asked() {
        let s = scores([0.5, 0.1, 0.4]);
        let toward_opinion = vec![0.0, 0.0, 1.0];
        let moved = cal(1.0, toward_opinion.clone(), true).apply(s.clone());
        assert!(moved.probabilities[2] > moved.probabilities[0]);
        assert_eq!(moved.label, 2);
        let kept = cal(1.0, toward_opinion, false).apply(s.clone());
        assert_eq!(kept.label, 0, "the stage's label stays");
        assert_eq!(argmax(&kept.probabilities).0, 0, "and is the most probable");
        // Moved toward opinion as far as the label allows: to the tie.
        assert!(kept.probabilities[2] > s.probabilities[2]);
        assert!((kept.probabilities[0] - kept.probabilities[2]).abs() < 1e-6);
        assert!((kept.probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Where the label does not change, both give the same.
        let sure = scores([0.9, 0.05, 0.05]);
        assert_eq!(
            cal(1.0, vec![0.0, 0.0, 1.0], false).apply(sure.clone()),
            cal(1.0, vec![0.0, 0.0, 1.0], true).apply(sure)
        );
    }

    #[test]
    fn a_lone_paragraph_keeps_its_scores() {
        let c = cal(0.5, vec![0.0, 0.0, 1.0], true);
        let lone = vec![scores([0.5, 0.1, 0.4])];
        assert_eq!(c.apply_document(lone.clone()), lone);
        assert_ne!(c.apply_document(vec![lone[0].clone(); 2])[0], lone[0]);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(cal(1.0, vec![0.0; 2], true).validate(3).is_err());
        assert!(cal(0.0, vec![0.0; 3], true).validate(3).is_err());
        assert!(cal(f64::NAN, vec![0.0; 3], true).validate(3).is_err());
        assert!(cal(1.2, vec![0.0, 0.1, -0.3], true).validate(3).is_ok());
    }
}
