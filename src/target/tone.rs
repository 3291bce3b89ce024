//! Tone toward the requested targets, per tagged paragraph: each content
//! paragraph gets one [`TargetTone`] per target it mentions (an empty list
//! when it mentions none); skipped paragraphs get none. Run after the
//! paragraph heads, and only when targets were asked for, so tagging
//! without targets does no extra work.

use super::TargetSpec;
use crate::model::target::TargetScorer;
use crate::tag::Tagged;

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
pub fn tones(scorer: &TargetScorer, targets: &[TargetSpec], text: &str) -> Vec<TargetTone> {
    let mut tokens = None;
    targets
        .iter()
        .filter_map(|spec| {
            let mentions = spec.mentions(text);
            if mentions.is_empty() {
                return None;
            }
            let tokens = tokens.get_or_insert_with(|| scorer.tokens(text));
            let s = scorer.score(text, tokens, &mentions);
            Some(TargetTone {
                target: spec.name.clone(),
                mentions: mentions.len(),
                label: s.label,
                probabilities: s.probabilities,
            })
        })
        .collect()
}

/// Sets the `targets` of every content paragraph of one document's
/// `tagged` paragraphs.
pub fn annotate(scorer: &TargetScorer, targets: &[TargetSpec], tagged: &mut [Tagged]) {
    for t in tagged {
        if t.skipped.is_none() {
            t.targets = Some(tones(scorer, targets, &t.paragraph.text));
        }
    }
}
