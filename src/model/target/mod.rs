//! The target head: sentiment toward one named target in a text, from the
//! features of its mentions (`target::features`), by a multinomial logistic
//! regression over a vocabulary of feature names learnt at training time
//! (`train.rs`). Stored in the model file beside the paragraph heads.

pub mod recipe;
mod train;

pub use train::{drop_held_out, train_target, TargetParams};

use super::GridPoint;
use crate::analyze::{Analyzer, AnalyzerConfig};
use crate::error::{Error, Result};
use crate::features::PolarityLexicon;
use crate::metrics::Report;
use crate::target::features::{self, FeatureConfig, Lexicon};
use crate::task::Task;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;

/// The fitted target head, as the model file stores it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetHead {
    /// negative, neutral, positive.
    pub classes: Vec<String>,
    /// How texts are tokenised (negation marked).
    pub analyzer: AnalyzerConfig,
    /// Which features are computed.
    pub features: FeatureConfig,
    /// Feature names, in weight-row order.
    pub vocabulary: Vec<String>,
    /// Row-major weights: one row per feature, one column per class.
    pub weights: Vec<f64>,
    /// Per-class intercept.
    pub intercept: Vec<f64>,
    /// Per-class logit offset for unequal class frequencies (zero when CV
    /// found the training priors better).
    pub class_bias: Vec<f64>,
    /// VADER valence and Pattern polarity per stem (from `--lexicons`).
    pub lexicon: PolarityLexicon,
    /// How the head was trained.
    pub training: TargetTraining,
}

/// What the model file records about the target head's training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetTraining {
    /// The hyperparameters.
    pub params: TargetParams,
    /// The data: spec, SHA-256, rows per class.
    pub sources: Vec<TargetSourceInfo>,
    /// The chosen L2 strength.
    pub alpha: f64,
    /// Whether the class bias balances the priors (chosen by CV).
    pub balanced: bool,
    /// Out-of-fold macro-F1 per alpha (balanced, the better of the two).
    pub grid: Vec<GridPoint>,
    /// The out-of-fold report at the chosen settings.
    pub cv: Option<Report>,
}

/// One training file of the target head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSourceInfo {
    /// As given.
    pub path: String,
    /// SHA-256 of its content.
    pub sha256: String,
    /// Rows per class.
    pub counts: Vec<usize>,
    /// Rows dropped because their sentence is in a held-out set.
    pub removed: usize,
}

impl TargetHead {
    /// Checks that the stored arrays agree with each other.
    pub fn validate(&self) -> Result<()> {
        let k = self.classes.len();
        let bad = |m: &str| Err(Error::Params(format!("target head: {m}")));
        if self.classes != Task::Target.classes() {
            return bad("unexpected classes");
        }
        if self.weights.len() != self.vocabulary.len() * k
            || self.intercept.len() != k
            || self.class_bias.len() != k
        {
            return bad("weights do not match the vocabulary and classes");
        }
        if self
            .weights
            .iter()
            .chain(&self.intercept)
            .any(|w| !w.is_finite())
        {
            return bad("weights contain non-finite values");
        }
        Ok(())
    }

    /// The scorer of this head (its lookup tables built once).
    pub fn scorer(&self) -> TargetScorer<'_> {
        let analyzer = Analyzer::new(self.analyzer.clone());
        TargetScorer {
            head: self,
            lexicon: Lexicon::new(&self.lexicon, &analyzer),
            analyzer,
            index: self
                .vocabulary
                .iter()
                .enumerate()
                .map(|(i, f)| (f.clone(), i))
                .collect(),
        }
    }
}

/// A target head ready to score texts.
pub struct TargetScorer<'h> {
    head: &'h TargetHead,
    analyzer: Analyzer,
    lexicon: Lexicon,
    index: HashMap<String, usize>,
}

/// Class probabilities toward one target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetScores {
    /// negative, neutral, positive.
    pub probabilities: Vec<f64>,
    /// The most probable class.
    pub label: usize,
}

impl TargetScorer<'_> {
    /// The head.
    pub fn head(&self) -> &TargetHead {
        self.head
    }

    /// Tokenises `text` as the head was trained (once per paragraph, for
    /// every target).
    pub fn tokens(&self, text: &str) -> Vec<crate::analyze::Token> {
        self.analyzer.analyze(text)
    }

    /// The feature row of `mentions` (byte spans) in `text`.
    pub fn row(
        &self,
        text: &str,
        tokens: &[crate::analyze::Token],
        mentions: &[Range<usize>],
    ) -> Vec<(String, f64)> {
        features::extract(&self.head.features, &self.lexicon, text, tokens, mentions)
    }

    /// Sentiment toward the target mentioned at `mentions` in `text`.
    pub fn score(
        &self,
        text: &str,
        tokens: &[crate::analyze::Token],
        mentions: &[Range<usize>],
    ) -> TargetScores {
        let row = self.row(text, tokens, mentions);
        let entries: Vec<(usize, f64)> = row
            .iter()
            .filter_map(|(name, v)| self.index.get(name).map(|&i| (i, *v)))
            .collect();
        let probabilities = probabilities(
            &entries,
            &self.head.weights,
            &self.head.intercept,
            &self.head.class_bias,
        );
        let label = crate::metrics::argmax(&probabilities).0;
        TargetScores {
            probabilities,
            label,
        }
    }

    /// Sentiment toward the target mentioned at `mention` in `text`.
    pub fn score_text(&self, text: &str, mentions: &[Range<usize>]) -> TargetScores {
        let tokens = self.tokens(text);
        self.score(text, &tokens, mentions)
    }
}

impl crate::target::tone::MentionScorer for TargetScorer<'_> {
    fn tokens(&self, text: &str) -> Vec<crate::analyze::Token> {
        TargetScorer::tokens(self, text)
    }

    fn score(
        &self,
        text: &str,
        tokens: &[crate::analyze::Token],
        mentions: &[Range<usize>],
    ) -> (usize, Vec<f64>) {
        let s = TargetScorer::score(self, text, tokens, mentions);
        (s.label, s.probabilities)
    }
}

/// Softmax of `entries · W + intercept + bias`.
fn probabilities(
    entries: &[(usize, f64)],
    weights: &[f64],
    intercept: &[f64],
    bias: &[f64],
) -> Vec<f64> {
    let k = intercept.len();
    let mut logits: Vec<f64> = intercept.iter().zip(bias).map(|(a, b)| a + b).collect();
    for &(i, v) in entries {
        for (c, l) in logits.iter_mut().enumerate() {
            *l += v * weights[i * k + c];
        }
    }
    crate::model::score::softmax_in_place(&mut logits);
    logits
}
