//! Tone toward the requested targets, per tagged paragraph: each content
//! paragraph gets one [`TargetTone`] per target it mentions (an empty list
//! when it mentions none); skipped paragraphs get none. Run after the
//! paragraph heads, and only when targets were asked for, so tagging
//! without targets does no extra work.

use super::TargetSpec;
use crate::analyze::Token;
use std::ops::Range;

/// What scores the tone toward one target's mentions in a text (the
/// model's target head, `model::target::TargetScorer`). A trait, so this
/// module needs nothing from `model/`, which builds on `target/features`.
pub trait MentionScorer {
    /// The text's tokens as the scorer reads them (once per paragraph,
    /// shared by every target it mentions).
    fn tokens(&self, text: &str) -> Vec<Token>;
    /// The most probable class and the probability of each class
    /// (negative, neutral, positive) toward the target at `mentions`.
    fn score(&self, text: &str, tokens: &[Token], mentions: &[Range<usize>]) -> (usize, Vec<f64>);
}

/// Sentiment toward one target in one paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetTone {
    /// The target's name (as requested, not the alias found).
    pub target: String,
    /// How many times the paragraph mentions it (any of its names).
    pub mentions: usize,
    /// Class index of the most probable sentiment.
    pub label: usize,
    /// negative, neutral, positive.
    pub probabilities: Vec<f64>,
}

/// The tone toward each of `targets` that `text` mentions, in the order
/// the targets were given.
pub fn tones(scorer: &impl MentionScorer, targets: &[TargetSpec], text: &str) -> Vec<TargetTone> {
    let mut tokens = None;
    targets
        .iter()
        .filter_map(|spec| {
            let mentions = spec.mentions(text);
            if mentions.is_empty() {
                return None;
            }
            let tokens = tokens.get_or_insert_with(|| scorer.tokens(text));
            let (label, probabilities) = scorer.score(text, tokens, &mentions);
            Some(TargetTone {
                target: spec.name.clone(),
                mentions: mentions.len(),
                label,
                probabilities,
            })
        })
        .collect()
}
