//! Scoring: text → analysed terms and dense features → sparse logits →
//! class probabilities.
//!
//! Scoring never builds a dense row of the vocabulary: the logit of class
//! `c` is `intercept[c] + bias[c] + Σ value_i · W[i][c]` over the non-zero
//! tf-idf entries and the dense features, which is what linfa-logistic's
//! `predict_probabilities` computes with a dense row, at a fraction of the
//! cost.

use super::Classifier;
use crate::analyze::{Analyzer, AnalyzerConfig, Token};
use crate::features::lexicon::sums_of;
use crate::features::terms::{HeadTerms, Resolved, TermTable, UNKNOWN};
use crate::features::{
    CueLists, DenseFeature, PolarityLexicon, PolarityTable, Position, SparseVec,
};
use crate::metrics::argmax;

/// Analyzer plus dense-feature extraction for one head.
pub struct Featurizer {
    analyzer: Analyzer,
    cues: CueLists,
    dense: Vec<DenseFeature>,
    /// Per-stem scores of public lexicons, for [`DenseFeature::LEXICON`],
    /// when the head uses any of those features.
    polarity: Option<PolarityTable>,
}

/// A paragraph after analysis: its terms and raw dense feature values.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysed {
    /// Analysed terms, in order.
    pub terms: Vec<String>,
    /// Raw (unscaled) dense feature values.
    pub dense: Vec<f64>,
}

impl Featurizer {
    /// Builds the analysis chain and cue lists for these settings.
    pub fn new(analyzer: &AnalyzerConfig, dense: &[DenseFeature]) -> Self {
        Featurizer {
            analyzer: Analyzer::new(analyzer.clone()),
            cues: CueLists::new(analyzer),
            dense: dense.to_vec(),
            polarity: None,
        }
    }

    /// This featurizer with per-stem lexicon scores for the lexicon features.
    pub fn with_lexicon(mut self, scores: Option<PolarityLexicon>) -> Self {
        let used = self.dense.iter().any(|f| DenseFeature::LEXICON.contains(f));
        self.polarity = scores.filter(|_| used).map(|s| PolarityTable::new(&s));
        self
    }

    /// Analyses one paragraph whose place in its document is unknown.
    pub fn analyse(&self, text: &str) -> Analysed {
        self.analyse_at(text, None)
    }

    /// Analyses one paragraph at `position` in its document.
    pub fn analyse_at(&self, text: &str, position: Option<Position>) -> Analysed {
        let text = crate::doc::analysed_prefix(text);
        let tokens = self.analyzer.analyze(text);
        Analysed {
            dense: self.dense_values(&tokens, None, position),
            terms: tokens.into_iter().map(|t| t.term).collect(),
        }
    }

    /// Raw dense feature values of analysed tokens, their lexicon bits and
    /// scores looked up by term or already resolved.
    fn dense_values(
        &self,
        tokens: &[Token],
        resolved: Option<Resolved>,
        position: Option<Position>,
    ) -> Vec<f64> {
        let mut dense = Vec::with_capacity(self.dense.len());
        match resolved {
            Some(r) => self
                .cues
                .extract_with(tokens, r.bits, &self.dense, &mut dense),
            None => self.cues.extract(tokens, &self.dense, &mut dense),
        }
        Position::fill(position, &self.dense, &mut dense);
        if let Some(scores) = &self.polarity {
            let sums = match resolved.and_then(|r| r.head.lexicon().map(|l| (r.rows, l))) {
                Some((rows, entries)) => sums_of(tokens, |i, _| {
                    (rows[i] != UNKNOWN).then(|| entries[rows[i] as usize])
                }),
                None => scores.sums(tokens),
            };
            let words = tokens
                .iter()
                .filter(|t| t.kind != crate::analyze::TokenKind::Punct)
                .count()
                .max(1) as f64;
            for (f, v) in self.dense.iter().zip(dense.iter_mut()) {
                *v = match f {
                    DenseFeature::Subjectivity => sums.subjectivity / words,
                    DenseFeature::PolarityStrength => sums.polarity_strength / words,
                    DenseFeature::ValencePositive => sums.valence_positive / words,
                    DenseFeature::ValenceNegative => sums.valence_negative / words,
                    _ => continue,
                };
            }
        }
        dense
    }

    /// One [`TermTable`] for `heads` (which share their base: see
    /// [`Featurizer::same_base`]), and each head's tables over its rows.
    pub fn term_table(heads: &[(&Classifier, &Featurizer)]) -> (TermTable, Vec<HeadTerms>) {
        let tables: Vec<_> = heads
            .iter()
            .map(|(c, f)| (&c.tfidf, f.polarity.as_ref()))
            .collect();
        TermTable::new(&heads[0].1.cues, &tables)
    }

    /// Whether `other` starts from the same base tokens, so one
    /// [`Featurizer::base_tokens`] call can serve both.
    pub fn same_base(&self, other: &Featurizer) -> bool {
        self.analyzer.same_base(&other.analyzer)
    }

    /// The base tokens of a paragraph (analysis up to stemming), to hand to
    /// [`Featurizer::finish`] of this and any featurizer with the same base.
    pub fn base_tokens(&self, text: &str) -> Vec<Token> {
        self.analyzer
            .analyze_base(crate::doc::analysed_prefix(text))
    }

    /// The analysis chain.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Whether this featurizer marks negation (the only step after the base).
    pub fn marks_negation(&self) -> bool {
        self.analyzer.config().negation
    }

    /// Turns base tokens of `text` into this featurizer's tokens in place.
    pub fn finish(&self, text: &str, tokens: &mut [Token]) {
        let text = crate::doc::analysed_prefix(text);
        self.analyzer.finish_in_place(text, tokens);
    }
}

/// Tokens are looked up in the vocabulary by their term.
impl AsRef<str> for Token {
    fn as_ref(&self) -> &str {
        &self.term
    }
}

/// The probabilities of one paragraph and the label they pick.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// One probability per class, in the head's class order; they sum to 1.
    pub probabilities: Vec<f64>,
    /// Index of the most probable class.
    pub label: usize,
}

impl Classifier {
    /// The featurizer matching this head's training pipeline.
    pub fn featurizer(&self) -> Featurizer {
        Featurizer::new(&self.analyzer, &self.dense.features).with_lexicon(self.lexicon.clone())
    }

    /// Scores one paragraph's text (its place in a document unknown).
    pub fn score_text(&self, featurizer: &Featurizer, text: &str) -> Scores {
        self.score_text_at(featurizer, text, None)
    }

    /// Scores one paragraph's text at `position` in its document.
    pub fn score_text_at(
        &self,
        featurizer: &Featurizer,
        text: &str,
        position: Option<Position>,
    ) -> Scores {
        let tokens = featurizer
            .analyzer
            .analyze(crate::doc::analysed_prefix(text));
        self.score_tokens(featurizer, &tokens, position)
    }

    /// Scores a paragraph at `position` from its fully analysed tokens (see
    /// [`Featurizer::finish`]), without copying their terms.
    pub fn score_tokens(
        &self,
        featurizer: &Featurizer,
        tokens: &[Token],
        position: Option<Position>,
    ) -> Scores {
        let mut dense = featurizer.dense_values(tokens, None, position);
        self.dense.apply(&mut dense);
        self.score_features(&self.tfidf.transform(tokens), &dense)
    }

    /// [`Classifier::score_tokens`] with the tokens looked up once for
    /// several heads ([`Featurizer::term_table`]).
    pub fn score_resolved(
        &self,
        featurizer: &Featurizer,
        tokens: &[Token],
        resolved: Resolved,
        position: Option<Position>,
    ) -> Scores {
        let mut dense = featurizer.dense_values(tokens, Some(resolved), position);
        self.dense.apply(&mut dense);
        let row = self
            .tfidf
            .transform_ids(resolved.head.tfidf_ids(tokens, resolved.rows));
        self.score_features(&row, &dense)
    }

    /// Scores an analysed paragraph.
    pub fn score_analysed(&self, analysed: &Analysed) -> Scores {
        let row = self.tfidf.transform(&analysed.terms);
        let mut dense = analysed.dense.clone();
        self.dense.apply(&mut dense);
        self.score_features(&row, &dense)
    }

    /// Scores a paragraph from its tf-idf row and scaled dense features.
    pub fn score_features(&self, row: &SparseVec, dense: &[f64]) -> Scores {
        let k = self.classes.len();
        // The logits, turned into the probabilities in place: one
        // allocation per paragraph and head.
        let mut logits: Vec<f64> = self
            .intercept
            .iter()
            .zip(&self.class_bias)
            .map(|(a, b)| a + b)
            .collect();
        let offset = self.tfidf.len();
        let features = row
            .iter()
            .map(|&(f, v)| (f as usize, v))
            .chain(dense.iter().enumerate().map(|(j, &v)| (offset + j, v)));
        if let [a, b, c] = logits[..] {
            // Three classes (both shipped heads): the weights of a feature
            // are one 24-byte row, each class summed in the same order as
            // the general loop below, so the sums are bit for bit the same.
            let mut l = [a, b, c];
            for (feature, value) in features {
                let w = &self.weights[feature * 3..feature * 3 + 3];
                l[0] += value * w[0];
                l[1] += value * w[1];
                l[2] += value * w[2];
            }
            logits.copy_from_slice(&l);
        } else {
            for (feature, value) in features {
                let w = &self.weights[feature * k..(feature + 1) * k];
                for (l, w) in logits.iter_mut().zip(w) {
                    *l += value * w;
                }
            }
        }
        softmax_in_place(&mut logits);
        let label = argmax(&logits).0;
        Scores {
            probabilities: logits,
            label,
        }
    }
}

/// Numerically stable softmax, in place: logits in, probabilities out.
pub(crate) fn softmax_in_place(v: &mut [f64]) {
    let max = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    for x in v.iter_mut() {
        *x = (*x - max).exp();
    }
    let sum: f64 = v.iter().sum();
    for x in v.iter_mut() {
        *x /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn softmax(logits: &[f64]) -> Vec<f64> {
        let mut p = logits.to_vec();
        softmax_in_place(&mut p);
        p
    }

    #[test]
    fn softmax_is_stable_and_sums_to_one() {
        let p = softmax(&[1000.0, 1000.0, -1000.0]);
        assert!((p[0] - 0.5).abs() < 1e-12 && (p[1] - 0.5).abs() < 1e-12 && p[2] == 0.0);
        let p = softmax(&[0.1, -2.0, 3.5]);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
