//! Explanations: which features a head weighs most for each class, and
//! which features pushed one paragraph toward its label.
//!
//! Multinomial weights are only defined up to a shift shared by all
//! classes, so every weight shown is centred: `w[f][c] - mean_k w[f][k]`.
//! A positive value favours the class over the average of the others.

use crate::features::{Position, SparseVec};
use crate::model::{Classifier, Featurizer, Scores};
use serde::Serialize;

/// Whether a feature is an n-gram of the vocabulary or a dense feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeatureKind {
    /// A stemmed unigram or bigram.
    Ngram,
    /// One of the dense features (`quote_share`, ...).
    Dense,
}

/// A feature and its centred weight for one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureWeight {
    /// The n-gram (`"said"`, `"i think"`) or dense feature name.
    pub feature: String,
    /// N-gram or dense.
    pub kind: FeatureKind,
    /// Centred weight.
    pub weight: f64,
}

/// The strongest features of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassFeatures {
    /// Class name.
    pub label: String,
    /// Features with the largest centred weight, strongest first.
    pub top: Vec<FeatureWeight>,
}

/// One feature's share of a paragraph's score for its label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The n-gram or dense feature name.
    pub feature: String,
    /// N-gram or dense.
    pub kind: FeatureKind,
    /// The feature's value in this paragraph (tf-idf, or standardised dense value).
    pub value: f64,
    /// Centred weight for the label.
    pub weight: f64,
    /// `value * weight`: what it adds to the label's logit against the average class.
    pub contribution: f64,
}

/// A paragraph's label, probabilities and top contributions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The predicted label.
    pub label: String,
    /// Probabilities per class, in class order.
    pub scores: Vec<(String, f64)>,
    /// Features pushing toward the label (largest first), then against it.
    pub contributions: Vec<Contribution>,
}

fn centred(head: &Classifier, feature: usize, class: usize) -> f64 {
    let k = head.classes.len();
    let row = &head.weights[feature * k..(feature + 1) * k];
    row[class] - row.iter().sum::<f64>() / k as f64
}

fn name_of(head: &Classifier, feature: usize) -> (String, FeatureKind) {
    let v = head.tfidf.len();
    if feature < v {
        (head.tfidf.terms()[feature].clone(), FeatureKind::Ngram)
    } else {
        (
            head.dense.features[feature - v].name().to_string(),
            FeatureKind::Dense,
        )
    }
}

/// The `n` features with the largest centred weight for each class.
pub fn top_features(head: &Classifier, n: usize) -> Vec<ClassFeatures> {
    let total = head.n_features();
    (0..head.classes.len())
        .map(|c| {
            let mut all: Vec<(usize, f64)> = (0..total).map(|f| (f, centred(head, f, c))).collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ClassFeatures {
                label: head.classes[c].clone(),
                top: all
                    .into_iter()
                    .take(n)
                    .map(|(f, weight)| {
                        let (feature, kind) = name_of(head, f);
                        FeatureWeight {
                            feature,
                            kind,
                            weight,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Explains one paragraph: its scores and the `n` strongest contributions
/// toward its label (positive) followed by the `n` strongest against it.
pub fn explain_text(
    head: &Classifier,
    featurizer: &Featurizer,
    text: &str,
    position: Option<Position>,
    n: usize,
) -> Explanation {
    let analysed = featurizer.analyse_at(text, position);
    let row: SparseVec = head.tfidf.transform(&analysed.terms);
    let mut dense = analysed.dense.clone();
    head.dense.apply(&mut dense);
    let Scores {
        probabilities,
        label,
    } = head.score_features(&row, &dense);
    let v = head.tfidf.len();
    let values = row
        .iter()
        .map(|&(f, x)| (f as usize, x))
        .chain(dense.iter().enumerate().map(|(j, &x)| (v + j, x)));
    let mut contributions: Vec<Contribution> = values
        .map(|(f, value)| {
            let weight = centred(head, f, label);
            let (feature, kind) = name_of(head, f);
            Contribution {
                feature,
                kind,
                value,
                weight,
                contribution: value * weight,
            }
        })
        .filter(|c| c.contribution != 0.0)
        .collect();
    contributions.sort_by(|a, b| {
        b.contribution
            .total_cmp(&a.contribution)
            .then_with(|| a.feature.cmp(&b.feature))
    });
    let positive: Vec<Contribution> = contributions
        .iter()
        .filter(|c| c.contribution > 0.0)
        .take(n)
        .cloned()
        .collect();
    let negative: Vec<Contribution> = contributions
        .iter()
        .rev()
        .filter(|c| c.contribution < 0.0)
        .take(n)
        .cloned()
        .collect();
    Explanation {
        label: head.classes[label].clone(),
        scores: head.classes.iter().cloned().zip(probabilities).collect(),
        contributions: positive.into_iter().chain(negative).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::TfidfParams;
    use crate::model::{train, TrainParams};
    use crate::progress::Quiet;

    fn head() -> Classifier {
        let params = TrainParams {
            folds: 0,
            alphas: vec![0.3],
            tfidf: TfidfParams {
                min_df: 1,
                ..Default::default()
            },
            ..Default::default()
        };
        train(&params, &[crate::model::train_fixture()], &Quiet).unwrap()
    }

    #[test]
    fn top_features_match_the_classes() {
        let h = head();
        let top = top_features(&h, 15);
        assert_eq!(top.len(), 3);
        let names = |c: usize| {
            top[c]
                .top
                .iter()
                .map(|f| f.feature.clone())
                .collect::<Vec<_>>()
        };
        assert!(
            names(1)
                .iter()
                .any(|f| f == "\"" || f == "quote_share" || f == "opens_with_quote"),
            "{:?}",
            names(1)
        );
        assert!(
            names(2)
                .iter()
                .any(|f| f == "i" || f == "first_person" || f == "disgrac" || f == "we"),
            "{:?}",
            names(2)
        );
        for c in &top {
            assert!(c.top.windows(2).all(|w| w[0].weight >= w[1].weight));
        }
    }

    #[test]
    fn contributions_explain_the_label() {
        let h = head();
        let f = h.featurizer();
        let e = explain_text(
            &h,
            &f,
            "“We will keep every station open,” the manager said.",
            None,
            5,
        );
        assert_eq!(e.label, "quotation");
        assert!(e.contributions[0].contribution > 0.0);
        let sum: f64 = e.scores.iter().map(|s| s.1).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        // Centred weights of one feature sum to zero over the classes.
        let s: f64 = (0..3).map(|c| centred(&h, 0, c)).sum();
        assert!(s.abs() < 1e-9);
    }
}
