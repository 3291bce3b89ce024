//! Explanations: which features a head weighs most for each class, and
//! which features pushed one paragraph toward its label. A document's
//! paragraphs are explained as [`Tagger`](crate::Tagger) scores them
//! ([`explain_document`]): boilerplate skipped, each content paragraph's own
//! model (the first stage), then the document-context stage's rescoring and
//! the reader-comment rule, so the label is the one `stance tag` writes.
//!
//! Multinomial weights are only defined up to a shift shared by all
//! classes, so every weight shown is centred: `w[f][c] - mean_k w[f][k]`.
//! A positive value favours the class over the average of the others.

use crate::doc::Label;
use crate::features::{Position, SparseVec};
use crate::metrics::argmax;
use crate::model::context::{input_names, inputs};
use crate::model::{Classifier, Featurizer, Scores};
use crate::tag::content_positions;
use crate::task::Task;
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

/// One input of the document-context stage and its share of the final
/// label's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContextInput {
    /// The input's name (`own:opinion`, `document:fact`, `previous:quotation`,
    /// `position`, ...: see [`input_names`]).
    pub input: String,
    /// Its value for this paragraph.
    pub value: f64,
    /// Its weight for the final label, centred over the classes.
    pub weight: f64,
    /// `value * weight`.
    pub contribution: f64,
}

/// The document-context stage's rescoring of one paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContextExplanation {
    /// The stage's label.
    pub label: String,
    /// The stage's probabilities, in class order.
    pub scores: Vec<(String, f64)>,
    /// The inputs pushing toward its label (largest first), then against it.
    pub inputs: Vec<ContextInput>,
}

/// One paragraph of a document, explained as `stance tag` scores it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphExplanation {
    /// The paragraph's own model (the first stage), as [`explain_text`]
    /// gives it (at its place among the content paragraphs).
    pub first: Explanation,
    /// The document-context stage, when the head has one and the document
    /// has two or more content paragraphs (a lone one keeps the first
    /// stage's scores).
    pub context: Option<ContextExplanation>,
    /// A reader comment: its fact probability was moved to opinion
    /// (LABELS.md: comments are opinions unless they are quotations).
    pub comment_rule: bool,
    /// The head's calibration step rescaled the probabilities (documents of
    /// two or more content paragraphs; see `model/calibrate.rs`).
    pub calibrated: bool,
    /// The final label, as `stance tag` writes it.
    pub label: String,
    /// The final probabilities, in class order.
    pub scores: Vec<(String, f64)>,
}

/// Explains the paragraphs of one document as
/// [`Tagger::tag`](crate::Tagger::tag) scores them: `texts` in reading
/// order, `skipped` whether each is not content (boilerplate, or a
/// language the model was not trained on), `in_comments` whether each is a
/// reader comment (below a comment header, or marked by the HTML reader).
/// `None` for a skipped paragraph. The context stage and the comment rule
/// are the stance head's: another head gets its first stage alone, as in
/// `stance tag`.
pub fn explain_document(
    head: &Classifier,
    featurizer: &Featurizer,
    texts: &[&str],
    skipped: &[bool],
    in_comments: &[bool],
    n: usize,
) -> Vec<Option<ParagraphExplanation>> {
    let positions = content_positions(skipped);
    let content: Vec<usize> = (0..texts.len()).filter(|&i| !skipped[i]).collect();
    let first: Vec<Explanation> = content
        .iter()
        .map(|&i| explain_text(head, featurizer, texts[i], positions[i], n))
        .collect();
    let probs: Vec<Vec<f64>> = first
        .iter()
        .map(|e| e.scores.iter().map(|s| s.1).collect())
        .collect();
    let stance = head.task == Task::Stance;
    let contexts: Vec<Option<ContextExplanation>> = match &head.context {
        Some(stage) if stance && content.len() >= 2 => {
            let rows: Vec<&[f64]> = probs.iter().map(Vec::as_slice).collect();
            let content_texts: Vec<&str> = content.iter().map(|&i| texts[i]).collect();
            let names = input_names(&stage.groups, &head.classes);
            inputs(&stage.groups, &rows, &content_texts)
                .iter()
                .map(|x| {
                    let s = stage.score_inputs(x);
                    let k = head.classes.len();
                    let centred = |j: usize| {
                        let row = &stage.weights[j * k..(j + 1) * k];
                        row[s.label] - row.iter().sum::<f64>() / k as f64
                    };
                    let all: Vec<ContextInput> = x
                        .iter()
                        .enumerate()
                        .map(|(j, &value)| ContextInput {
                            input: names[j].clone(),
                            value,
                            weight: centred(j),
                            contribution: value * centred(j),
                        })
                        .collect();
                    Some(ContextExplanation {
                        label: head.classes[s.label].clone(),
                        scores: head.classes.iter().cloned().zip(s.probabilities).collect(),
                        inputs: strongest(all, n, |c| c.contribution, |c| &c.input),
                    })
                })
                .collect()
        }
        _ => vec![None; content.len()],
    };
    let fact = Label::Fact.column(&head.classes).filter(|_| stance);
    let opinion = Label::Opinion
        .column(&head.classes)
        .unwrap_or(head.classes.len() - 1);
    // The calibration step, as `Classifier::in_context` applies it: after
    // the stage, to documents of two or more content paragraphs.
    let calibration = head
        .calibration
        .as_ref()
        .filter(|_| stance && content.len() >= 2);
    let mut out: Vec<Option<ParagraphExplanation>> = vec![None; texts.len()];
    for ((i, first), context) in content.into_iter().zip(first).zip(contexts) {
        let mut p: Vec<f64> = match &context {
            Some(c) => c.scores.iter().map(|s| s.1).collect(),
            None => first.scores.iter().map(|s| s.1).collect(),
        };
        let mut label = argmax(&p).0;
        if let Some(c) = calibration {
            let s = c.apply(crate::model::Scores {
                probabilities: p,
                label,
            });
            (p, label) = (s.probabilities, s.label);
        }
        let comment_rule = in_comments[i] && fact.is_some();
        if let (Some(fact), true) = (fact, comment_rule) {
            p[opinion] += p[fact];
            p[fact] = 0.0;
            label = argmax(&p).0;
        }
        let label = head.classes[label].clone();
        out[i] = Some(ParagraphExplanation {
            first,
            context,
            comment_rule,
            calibrated: calibration.is_some(),
            label,
            scores: head.classes.iter().cloned().zip(p).collect(),
        });
    }
    out
}

/// The `n` items with the largest positive `value`, largest first, then the
/// `n` most negative, most negative first; ties by name.
fn strongest<T: Clone>(
    mut all: Vec<T>,
    n: usize,
    value: impl Fn(&T) -> f64,
    name: impl Fn(&T) -> &str,
) -> Vec<T> {
    all.retain(|c| value(c) != 0.0);
    all.sort_by(|a, b| {
        value(b)
            .total_cmp(&value(a))
            .then_with(|| name(a).cmp(name(b)))
    });
    let positive = all.iter().filter(|c| value(c) > 0.0).take(n).cloned();
    let negative = all.iter().rev().filter(|c| value(c) < 0.0).take(n).cloned();
    positive.chain(negative).collect()
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
    let contributions: Vec<Contribution> = values
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
        .collect();
    Explanation {
        label: head.classes[label].clone(),
        scores: head.classes.iter().cloned().zip(probabilities).collect(),
        contributions: strongest(contributions, n, |c| c.contribution, |c| &c.feature),
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
    fn a_document_is_explained_as_tagged() {
        let h = head();
        let f = h.featurizer();
        let texts = [
            "The council voted 7-2 on Tuesday to close the depot.",
            "Leave a Comment",
            "The depot opened in 1931 and employs forty drivers.",
        ];
        let out = explain_document(
            &h,
            &f,
            &texts,
            &[false, true, false],
            &[false, true, true],
            5,
        );
        assert!(out[1].is_none(), "skipped");
        // A content paragraph at its place among the content paragraphs.
        let first = out[0].as_ref().unwrap();
        let positions = content_positions(&[false, true, false]);
        let alone = explain_text(&h, &f, texts[0], positions[0], 5);
        assert_eq!(first.first, alone);
        assert_eq!((&first.label, &first.scores), (&alone.label, &alone.scores));
        assert!(
            first.context.is_none(),
            "the fixture head has no context stage"
        );
        // A reader comment's fact probability goes to opinion.
        let comment = out[2].as_ref().unwrap();
        assert!(comment.comment_rule);
        assert!(comment.first.scores[0].1 > 0.0);
        assert_eq!(comment.scores[0].1, 0.0);
        let sum: f64 = comment.scores.iter().map(|s| s.1).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        assert_ne!(comment.label, "fact");
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
