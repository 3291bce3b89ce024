//! Training: analyse every example once, choose the L2 strength by
//! stratified, grouped k-fold cross-validation, then fit the final head on
//! all the data.
//!
//! Inside each fold the vectorizer and the dense scaler are fitted on the
//! training part only, so the CV figures are honest estimates. Alphas are
//! fitted from the strongest to the weakest penalty, each starting from the
//! previous solution (a warm start along the regularisation path), and
//! folds run in parallel; results do not depend on the thread count.

use super::context::{self, ContextStage, Cue};
use super::score::{Analysed, Featurizer};
use super::sparse::{self, Csr};
use super::{Balance, Classifier, Precision, TrainParams};
use crate::corpus::{Example, Kind, Scheme, Source};
use crate::error::{Error, Result};
use crate::features::{DenseFeature, DenseScaler, Tfidf};
use crate::metrics::{self, Report};
use crate::progress::Progress;
use linfa::traits::Fit;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2, Axis};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A training data source as recorded in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    /// Path as given to `stance train`.
    pub path: String,
    /// Format it was read as.
    pub kind: Kind,
    /// SHA-256 of its content.
    pub sha256: String,
    /// Examples per class.
    pub counts: Vec<usize>,
    /// How many times each example was repeated in training.
    #[serde(default = "one")]
    pub weight: usize,
    /// Examples dropped before training: repeats of earlier texts, or texts
    /// of a held-out (excluded) set.
    #[serde(default)]
    pub removed: usize,
}

fn one() -> usize {
    1
}

/// Cross-validated figures of one alpha.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridPoint {
    /// L2 strength.
    pub alpha: f64,
    /// The selection score: out-of-fold macro-F1 of each source (in its own
    /// scheme), averaged over sources.
    pub macro_f1: f64,
    /// Standard deviation of that score over folds.
    pub std: f64,
}

/// Out-of-fold figures of one training source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceReport {
    /// The source as given.
    pub path: String,
    /// Its out-of-fold report (two classes for opinion-vs-not corpora).
    pub report: Report,
}

/// What cross-validation found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvSummary {
    /// Number of folds.
    pub folds: usize,
    /// Every alpha tried, in the order given.
    pub grid: Vec<GridPoint>,
    /// Out-of-fold report over all training rows at the chosen alpha.
    pub report: Report,
    /// Out-of-fold report of each source at the chosen alpha.
    #[serde(default)]
    pub sources: Vec<SourceReport>,
    /// The context stage's cross-validation, when the head has one.
    #[serde(default)]
    pub context: Option<ContextCv>,
}

/// What cross-validation found for the context stage and for the prior
/// treatments it is compared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextCv {
    /// Every stage alpha tried (mean per-source macro-F1, over the same folds).
    pub grid: Vec<GridPoint>,
    /// The chosen stage alpha.
    pub alpha: f64,
    /// Out-of-fold report of each source with the stage.
    pub sources: Vec<SourceReport>,
    /// Each prior treatment's out-of-fold figures per source.
    pub priors: Vec<PriorTreatment>,
}

/// One way of setting class priors, measured out of fold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorTreatment {
    /// `balanced` (first stage, corrected to equal priors), `none` (first
    /// stage with the training data's priors), `context` (the stage: priors
    /// learnt from each kind of input and its document), `context-balanced`
    /// (the stage, its logits then corrected to equal priors of its rows).
    pub treatment: String,
    /// Mean of the per-source macro-F1.
    pub macro_f1: f64,
    /// Per source: macro-F1 and expected calibration error.
    pub sources: Vec<SourceFigure>,
}

/// A source's macro-F1 and calibration error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceFigure {
    /// The source as given.
    pub path: String,
    /// Macro-F1 in its own scheme.
    pub macro_f1: f64,
    /// Expected calibration error (10 bins of the top probability).
    pub ece: f64,
}

/// Out-of-fold first-stage scores of every training row at the chosen
/// alpha, and the fold each row was tested in.
struct Oof {
    fold_of: Vec<usize>,
    scores: Vec<super::Scores>,
}

/// Rows grouped into documents: every distinct example with a position,
/// grouped by source and group and put in reading order; every other row
/// alone. A row repeated by its source's weight takes its first copy's
/// place. Returns the documents (row indices) and, per row, its document
/// and place in it.
fn documents(rows: &Rows) -> (Vec<Vec<usize>>, Vec<(usize, usize)>) {
    let mut first_row: HashMap<*const Example, usize> = HashMap::new();
    let mut doc_of_group: HashMap<(usize, &str), usize> = HashMap::new();
    let mut docs: Vec<Vec<usize>> = Vec::new();
    for (i, e) in rows.examples.iter().enumerate() {
        if first_row.contains_key(&(*e as *const Example)) {
            continue;
        }
        first_row.insert(*e as *const Example, i);
        match e.position {
            Some(_) => {
                let d = *doc_of_group
                    .entry((rows.source[i], e.group.as_str()))
                    .or_insert_with(|| {
                        docs.push(Vec::new());
                        docs.len() - 1
                    });
                docs[d].push(i);
            }
            None => docs.push(vec![i]),
        }
    }
    for d in &mut docs {
        d.sort_by_key(|&i| rows.examples[i].position.map_or(0, |p| p.index));
    }
    let mut place = vec![(0, 0); rows.examples.len()];
    for (d, members) in docs.iter().enumerate() {
        for (j, &i) in members.iter().enumerate() {
            place[i] = (d, j);
        }
    }
    for (i, e) in rows.examples.iter().enumerate() {
        let first = first_row[&(*e as *const Example)];
        place[i] = place[first];
    }
    (docs, place)
}

/// Trains the context stage on out-of-fold first-stage probabilities:
/// chooses its alpha by cross-validation over the first stage's folds (the
/// stage's inputs for fold f's rows come from a first stage that never saw
/// fold f; the stage is fitted on the other folds' rows), then fits it on
/// every row. Also measures the prior treatments on the same rows.
fn fit_context(
    params: &TrainParams,
    sources: &[Source],
    rows: &Rows,
    oof: &Oof,
    progress: &dyn Progress,
) -> Result<(ContextStage, ContextCv)> {
    let k = params.task.classes().len();
    let n = rows.labels.len();
    let (docs, place) = documents(rows);
    let cues: Vec<Cue> = rows.examples.iter().map(|e| Cue::of(&e.text)).collect();
    let mut doc_inputs: Vec<Vec<Vec<f64>>> = Vec::with_capacity(docs.len());
    for members in &docs {
        let probs: Vec<&[f64]> = members
            .iter()
            .map(|&i| oof.scores[i].probabilities.as_slice())
            .collect();
        let c: Vec<Cue> = members.iter().map(|&i| cues[i]).collect();
        doc_inputs.push(context::inputs(&params.context, &probs, &c));
    }
    let x_of = |i: usize| -> &[f64] {
        let (d, j) = place[i];
        &doc_inputs[d][j]
    };
    let cols = context::width(&params.context, k);
    let fit = |idx: &[usize], alpha: f64| -> Result<ContextStage> {
        let mut x = Csr::new(cols);
        for &i in idx {
            x.push_row(
                x_of(i)
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| **v != 0.0)
                    .map(|(j, &v)| (j as u32, v)),
            );
        }
        let y: Vec<usize> = idx.iter().map(|&i| rows.labels[i]).collect();
        let fit = sparse::fit(
            &x,
            &y,
            k,
            alpha,
            params.gradient_tolerance * 1e-2 * idx.len() as f64,
            params.max_iterations.max(500),
            None,
        )?;
        let weights: Vec<f64> = fit
            .params
            .rows()
            .into_iter()
            .take(cols)
            .flat_map(|r| r.to_vec())
            .collect();
        Ok(ContextStage {
            groups: params.context.clone(),
            weights,
            intercept: fit.params.row(cols).to_vec(),
            alpha,
        })
    };
    // The stage learns from, and applies to, documents of two or more
    // content paragraphs; lone rows keep their first-stage scores.
    let in_doc: Vec<bool> = (0..n).map(|i| docs[place[i].0].len() > 1).collect();
    let folds = params.folds;
    progress.phase(
        "context stage",
        (folds * params.context_alphas.len()) as u64,
    );
    let mut grid = Vec::new();
    // The stage with its logits shifted by −ln(prior of its training
    // rows), as the first stage's `prior` balance does.
    let balanced = |stage: &ContextStage, idx: &[usize]| -> ContextStage {
        let mut counts = vec![0usize; k];
        for &i in idx {
            counts[rows.labels[i]] += 1;
        }
        let raw: Vec<f64> = counts
            .iter()
            .map(|&c| -((c.max(1)) as f64 / idx.len() as f64).ln())
            .collect();
        let mean = raw.iter().sum::<f64>() / k as f64;
        let mut out = stage.clone();
        for (b, r) in out.intercept.iter_mut().zip(raw) {
            *b += r - mean;
        }
        out
    };
    let want_balanced = params.context_balance == Balance::Prior;
    // Per alpha: out-of-fold scores of the stage as fitted and balanced.
    type Both = (Vec<super::Scores>, Vec<super::Scores>);
    let mut best: Option<(f64, f64, Both)> = None;
    for &alpha in &params.context_alphas {
        let per_fold: Vec<Result<Vec<(usize, super::Scores, super::Scores)>>> = (0..folds)
            .into_par_iter()
            .map(|f| {
                let train_idx: Vec<usize> = (0..n)
                    .filter(|&i| in_doc[i] && oof.fold_of[i] != f)
                    .collect();
                let stage = fit(&train_idx, alpha)?;
                let bal = balanced(&stage, &train_idx);
                progress.advance(1);
                Ok((0..n)
                    .filter(|&i| in_doc[i] && oof.fold_of[i] == f)
                    .map(|i| (i, stage.score_inputs(x_of(i)), bal.score_inputs(x_of(i))))
                    .collect())
            })
            .collect();
        let mut plain: Vec<super::Scores> = oof.scores.clone();
        let mut bal: Vec<super::Scores> = oof.scores.clone();
        for r in per_fold {
            for (i, a, b) in r? {
                plain[i] = a;
                bal[i] = b;
            }
        }
        let chosen = if want_balanced { &bal } else { &plain };
        let scored: Vec<(usize, &super::Scores)> = chosen.iter().enumerate().collect();
        let reports = source_reports(params, sources, rows, &scored);
        let score =
            reports.iter().map(|r| r.report.macro_f1).sum::<f64>() / reports.len().max(1) as f64;
        progress.note(&format!(
            "context stage alpha {alpha:<8} CV macro-F1 {score:.4}"
        ));
        grid.push(GridPoint {
            alpha,
            macro_f1: score,
            std: 0.0,
        });
        if best.as_ref().is_none_or(|b| score > b.1) {
            best = Some((alpha, score, (plain, bal)));
        }
    }
    let (alpha, _, (stacked_plain, stacked_balanced)) =
        best.ok_or_else(|| Error::Params("context_alphas is empty".into()))?;
    let all: Vec<usize> = (0..n).filter(|&i| in_doc[i]).collect();
    if all.is_empty() {
        return Err(Error::Training(
            "the context stage needs documents of two or more paragraphs (Webis editorials, labelled articles); none of the sources has any".into(),
        ));
    }
    let mut stage = fit(&all, alpha)?;
    if want_balanced {
        stage = balanced(&stage, &all);
    }
    let stacked = if want_balanced {
        &stacked_balanced
    } else {
        &stacked_plain
    };

    // Prior treatments, measured on the same out-of-fold rows.
    let mut counts = vec![0usize; k];
    for &l in &rows.labels {
        counts[l] += 1;
    }
    let prior: Vec<f64> = counts.iter().map(|&c| c as f64 / n as f64).collect();
    let unbalanced: Vec<super::Scores> = oof
        .scores
        .iter()
        .map(|s| {
            let mut p: Vec<f64> = match params.balance {
                // The first stage's prior correction, undone.
                Balance::Prior => s
                    .probabilities
                    .iter()
                    .zip(&prior)
                    .map(|(p, q)| p * q)
                    .collect(),
                _ => s.probabilities.clone(),
            };
            let sum: f64 = p.iter().sum();
            p.iter_mut().for_each(|v| *v /= sum);
            let label = metrics::argmax(&p).0;
            super::Scores {
                probabilities: p,
                label,
            }
        })
        .collect();
    let treatment = |name: &str, scores: &[super::Scores]| {
        let scored: Vec<(usize, &super::Scores)> = scores.iter().enumerate().collect();
        let reports = source_reports(params, sources, rows, &scored);
        PriorTreatment {
            treatment: name.to_string(),
            macro_f1: reports.iter().map(|r| r.report.macro_f1).sum::<f64>()
                / reports.len().max(1) as f64,
            sources: reports
                .iter()
                .map(|r| SourceFigure {
                    path: r.path.clone(),
                    macro_f1: r.report.macro_f1,
                    ece: r.report.ece.unwrap_or(f64::NAN),
                })
                .collect(),
        }
    };
    let first_name = match params.balance {
        Balance::Prior => "balanced",
        Balance::None => "none",
        Balance::Oversample => "oversampled",
    };
    let mut priors = vec![treatment(first_name, &oof.scores)];
    if params.balance == Balance::Prior {
        priors.push(treatment("none", &unbalanced));
    }
    priors.push(treatment("context", &stacked_plain));
    priors.push(treatment("context-balanced", &stacked_balanced));
    let scored: Vec<(usize, &super::Scores)> = stacked.iter().enumerate().collect();
    let summary = ContextCv {
        grid,
        alpha,
        sources: source_reports(params, sources, rows, &scored),
        priors,
    };
    Ok((stage, summary))
}

/// How a head was trained, stored in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingInfo {
    /// Version of stance that trained it.
    pub stance_version: String,
    /// The hyperparameters.
    pub params: TrainParams,
    /// The data sources.
    pub sources: Vec<SourceInfo>,
    /// Training examples per class.
    pub counts: Vec<usize>,
    /// The chosen L2 strength.
    pub alpha: f64,
    /// Cross-validation results, when CV ran.
    pub cv: Option<CvSummary>,
}

/// Fitted parts of a head, before they are wrapped with their metadata.
struct Fitted {
    tfidf: Tfidf,
    dense: DenseScaler,
    weights: Vec<f64>,
    intercept: Vec<f64>,
    class_bias: Vec<f64>,
}

/// The rows training sees: each example, repeated by its source's weight.
struct Rows<'a> {
    examples: Vec<&'a Example>,
    /// Training label (opinion-vs-not sentences mostly in quotation marks
    /// become quotations, by LABELS.md's precedence).
    labels: Vec<usize>,
    /// The corpus label, used for scoring in the source's own scheme.
    gold: Vec<usize>,
    /// Index of the source.
    source: Vec<usize>,
}

fn rows<'a>(params: &TrainParams, sources: &'a [Source]) -> Rows<'a> {
    let mut r = Rows {
        examples: Vec::new(),
        labels: Vec::new(),
        gold: Vec::new(),
        source: Vec::new(),
    };
    let quotation = params.task.parse_label("quotation").ok();
    for (si, s) in sources.iter().enumerate() {
        for e in &s.examples {
            let mut label = e.label;
            if let (Some(q), true) = (
                quotation,
                params.quoted_sentences_are_quotations && e.scheme == Scheme::OpinionVsNot,
            ) {
                if crate::corpus::mostly_quoted(&e.text) {
                    label = q;
                }
            }
            for _ in 0..s.weight.max(1) {
                r.examples.push(e);
                r.labels.push(label);
                r.gold.push(e.label);
                r.source.push(si);
            }
        }
    }
    r
}

/// Trains one head on `sources` with `params`.
pub fn train(
    params: &TrainParams,
    sources: &[Source],
    progress: &dyn Progress,
) -> Result<Classifier> {
    train_with_lexicon(params, sources, None, progress)
}

/// [`train`] with the per-stem lexicon scores the lexicon dense features
/// need (read from `params.lexicons` by the caller); they are stored in
/// the head.
pub fn train_with_lexicon(
    params: &TrainParams,
    sources: &[Source],
    lexicon: Option<crate::features::LexiconScores>,
    progress: &dyn Progress,
) -> Result<Classifier> {
    params.check()?;
    let uses_lexicon = params
        .dense
        .iter()
        .any(|f| DenseFeature::LEXICON.contains(f));
    if uses_lexicon && lexicon.is_none() {
        return Err(Error::Params(
            "the lexicon dense features need the public lexicons: give --lexicons DIR (or `lexicons` in the recipe's [params])".into(),
        ));
    }
    let lexicon = lexicon.filter(|_| uses_lexicon);
    let task = params.task;
    let k = task.classes().len();
    let rows = rows(params, sources);
    let final_rows = match params.balance {
        Balance::Oversample => {
            k * (0..k)
                .map(|c| rows.labels.iter().filter(|&&l| l == c).count())
                .max()
                .unwrap_or(0)
        }
        _ => rows.labels.len(),
    };
    let fitted_params = params.fit_to_memory(final_rows)?;
    if fitted_params.tfidf.max_features != params.tfidf.max_features {
        progress.warn(&format!(
            "{final_rows} rows: keeping {} n-grams (not {}) so the final fit's matrix fits in \
             dense_matrix_mib = {} MiB",
            fitted_params.tfidf.max_features, params.tfidf.max_features, params.dense_matrix_mib
        ));
    }
    let params = &fitted_params;
    let examples = &rows.examples;
    let labels = &rows.labels;
    let mut counts = vec![0usize; k];
    for &l in labels {
        counts[l] += 1;
    }
    let need = params.folds.max(2);
    if let Some(c) = (0..k).find(|&c| counts[c] < need) {
        return Err(Error::Training(format!(
            "class {:?} has {} training example(s); at least {need} are needed (one per cross-validation fold)",
            task.classes()[c],
            counts[c]
        )));
    }

    let featurizer = Featurizer::new(&params.analyzer, &params.dense).with_lexicon(lexicon.clone());
    progress.phase("analysing", examples.len() as u64);
    let analysed: Vec<Analysed> = examples
        .par_iter()
        .map(|e| {
            let a = featurizer.analyse_at(&e.text, e.position);
            progress.advance(1);
            a
        })
        .collect();

    let mut alphas = params.alphas.clone();
    alphas.sort_by(|a, b| b.total_cmp(a));
    alphas.dedup();

    let (alpha, mut cv, oof) = if params.folds >= 2 {
        let (alpha, summary, oof) =
            cross_validate(params, sources, &rows, &analysed, &alphas, progress)?;
        (alpha, Some(summary), Some(oof))
    } else {
        (params.alphas[0], None, None)
    };
    let context = match (&oof, params.context.is_empty()) {
        (_, true) => None,
        (None, false) => {
            return Err(Error::Params(
                "the context stage is trained on out-of-fold probabilities: it needs cross-validation (folds >= 2)".into(),
            ))
        }
        (Some(oof), false) => {
            let (stage, summary) = fit_context(params, sources, &rows, oof, progress)?;
            if let Some(cv) = cv.as_mut() {
                cv.context = Some(summary);
            }
            Some(stage)
        }
    };

    progress.phase("fitting final model", 1);
    let all: Vec<usize> = (0..examples.len()).collect();
    let prepared = prepare(params, &analysed, labels, &all)?;
    let (fitted, iterations) = fit_final(params, &prepared, &analysed, alpha)?;
    progress.note(&format!(
        "final fit: {} rows x {} columns, alpha {alpha}, {iterations} L-BFGS iterations",
        prepared.rows.len(),
        prepared.cols()
    ));
    progress.advance(1);

    let sources_info = sources
        .iter()
        .map(|s| SourceInfo {
            path: s.path.clone(),
            kind: s.kind,
            sha256: s.sha256.clone(),
            counts: crate::corpus::counts(&s.examples, task),
            weight: s.weight,
            removed: s.removed,
        })
        .collect();
    let head = Classifier {
        task,
        classes: task.classes().iter().map(|c| c.to_string()).collect(),
        analyzer: params.analyzer.clone(),
        tfidf: fitted.tfidf,
        dense: fitted.dense,
        weights: fitted.weights,
        intercept: fitted.intercept,
        class_bias: fitted.class_bias,
        lexicon,
        context,
        training: TrainingInfo {
            stance_version: env!("CARGO_PKG_VERSION").to_string(),
            params: params.clone(),
            sources: sources_info,
            counts,
            alpha,
            cv,
        },
    };
    head.validate()?;
    Ok(head)
}

/// One fold's test rows and, per alpha, their scores.
type FoldResult = (Vec<usize>, Vec<Vec<super::Scores>>);

fn cross_validate(
    params: &TrainParams,
    sources: &[Source],
    rows: &Rows,
    analysed: &[Analysed],
    alphas: &[f64],
    progress: &dyn Progress,
) -> Result<(f64, CvSummary, Oof)> {
    let labels = &rows.labels;
    let k = params.task.classes().len();
    let folds = params.folds;
    let fold_of = assign_folds(&rows.examples, labels, k, folds, params.seed);
    progress.phase("cross-validation", (folds * alphas.len()) as u64);
    let results: Vec<Result<FoldResult>> = (0..folds)
        .into_par_iter()
        .map(|f| {
            let train_idx: Vec<usize> = (0..labels.len()).filter(|&i| fold_of[i] != f).collect();
            let test_idx: Vec<usize> = (0..labels.len()).filter(|&i| fold_of[i] == f).collect();
            let prepared = prepare(params, analysed, labels, &train_idx)?;
            let per_alpha = fit_sparse_path(params, &prepared, analysed, alphas)?
                .into_iter()
                .map(|fitted| {
                    let head = fitted_head(params, fitted);
                    progress.advance(1);
                    test_idx
                        .iter()
                        .map(|&i| head.score_analysed(&analysed[i]))
                        .collect()
                })
                .collect();
            Ok((test_idx, per_alpha))
        })
        .collect();
    let results: Vec<FoldResult> = results.into_iter().collect::<Result<_>>()?;

    let mut grid = Vec::new();
    for (a, &alpha) in alphas.iter().enumerate() {
        let per_fold: Vec<f64> = results
            .iter()
            .map(|(test, per_alpha)| {
                let scored: Vec<(usize, &super::Scores)> =
                    test.iter().copied().zip(per_alpha[a].iter()).collect();
                source_reports(params, sources, rows, &scored)
                    .iter()
                    .map(|r| r.report.macro_f1)
                    .sum::<f64>()
                    / sources_present(rows, test) as f64
            })
            .collect();
        let all: Vec<(usize, &super::Scores)> = results
            .iter()
            .flat_map(|(test, per_alpha)| test.iter().copied().zip(per_alpha[a].iter()))
            .collect();
        let reports = source_reports(params, sources, rows, &all);
        let score =
            reports.iter().map(|r| r.report.macro_f1).sum::<f64>() / reports.len().max(1) as f64;
        let mean = per_fold.iter().sum::<f64>() / per_fold.len() as f64;
        let var = per_fold
            .iter()
            .map(|f| (f - mean) * (f - mean))
            .sum::<f64>()
            / per_fold.len() as f64;
        progress.note(&format!(
            "alpha {alpha:<8} CV macro-F1 {score:.4} ± {:.4}",
            var.sqrt()
        ));
        grid.push((
            a,
            GridPoint {
                alpha,
                macro_f1: score,
                std: var.sqrt(),
            },
            reports,
        ));
    }
    // Best score; on ties the stronger penalty (listed first).
    let best = grid
        .iter()
        .fold(
            None::<&(usize, GridPoint, Vec<SourceReport>)>,
            |best, g| match best {
                Some(b) if b.1.macro_f1 >= g.1.macro_f1 => Some(b),
                _ => Some(g),
            },
        )
        .map(|g| g.0)
        .unwrap_or(0);
    let class_names = params.task.classes();
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    let mut probs = Vec::new();
    for (test, per_alpha) in &results {
        for (&i, s) in test.iter().zip(&per_alpha[best]) {
            gold.push(labels[i]);
            pred.push(s.label);
            probs.push(s.probabilities.clone());
        }
    }
    let report = metrics::report(class_names, &gold, &pred, Some(&probs));
    let source_reports = grid[best].2.clone();
    let mut scores: Vec<Option<super::Scores>> = vec![None; labels.len()];
    for (test, per_alpha) in results {
        for (i, s) in test
            .into_iter()
            .zip(per_alpha.into_iter().nth(best).unwrap_or_default())
        {
            scores[i] = Some(s);
        }
    }
    let oof = Oof {
        fold_of,
        scores: scores
            .into_iter()
            .map(|s| s.ok_or_else(|| Error::Training("a row was in no fold".into())))
            .collect::<Result<_>>()?,
    };
    // Report the grid in the order the user gave it.
    let mut grid_points: Vec<GridPoint> = Vec::new();
    for &a in &params.alphas {
        if let Some((_, g, _)) = grid.iter().find(|(_, g, _)| g.alpha == a) {
            if !grid_points.iter().any(|p| p.alpha == a) {
                grid_points.push(g.clone());
            }
        }
    }
    Ok((
        alphas[best],
        CvSummary {
            folds,
            grid: grid_points,
            report,
            sources: source_reports,
            context: None,
        },
        oof,
    ))
}

/// Number of distinct sources among `rows`.
fn sources_present(rows: &Rows, idx: &[usize]) -> usize {
    let mut seen: Vec<usize> = idx.iter().map(|&i| rows.source[i]).collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len().max(1)
}

/// Per-source reports of scored rows, each in its source's own scheme:
/// opinion-vs-not corpora as two classes (opinion when its probability is
/// above one half), the others with every class.
fn source_reports(
    params: &TrainParams,
    sources: &[Source],
    rows: &Rows,
    scored: &[(usize, &super::Scores)],
) -> Vec<SourceReport> {
    let names = params.task.classes();
    let opinion = params.task.parse_label("opinion").ok();
    let mut out = Vec::new();
    for (si, s) in sources.iter().enumerate() {
        let mine: Vec<&(usize, &super::Scores)> = scored
            .iter()
            .filter(|(i, _)| rows.source[*i] == si)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let binary = rows.examples[mine[0].0].scheme == Scheme::OpinionVsNot;
        let report = match (binary, opinion) {
            (true, Some(o)) => {
                let gold: Vec<usize> = mine
                    .iter()
                    .map(|(i, _)| (rows.gold[*i] == o) as usize)
                    .collect();
                let probs: Vec<Vec<f64>> = mine
                    .iter()
                    .map(|(_, sc)| vec![1.0 - sc.probabilities[o], sc.probabilities[o]])
                    .collect();
                let pred: Vec<usize> = probs.iter().map(|p| (p[1] > 0.5) as usize).collect();
                metrics::report(&["not-opinion", "opinion"], &gold, &pred, Some(&probs))
            }
            _ => {
                let gold: Vec<usize> = mine.iter().map(|(i, _)| rows.gold[*i]).collect();
                let pred: Vec<usize> = mine.iter().map(|(_, sc)| sc.label).collect();
                let probs: Vec<Vec<f64>> = mine
                    .iter()
                    .map(|(_, sc)| sc.probabilities.clone())
                    .collect();
                metrics::report(names, &gold, &pred, Some(&probs))
            }
        };
        out.push(SourceReport {
            path: s.path.clone(),
            report,
        });
    }
    out
}

/// Stratified, grouped fold assignment: groups (one editorial, or one
/// paragraph) are shuffled with the seed within their majority class and
/// each goes to the fold with the fewest examples of that class.
fn assign_folds(
    examples: &[&Example],
    labels: &[usize],
    k: usize,
    folds: usize,
    seed: u64,
) -> Vec<usize> {
    let mut group_index: HashMap<&str, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, e) in examples.iter().enumerate() {
        let g = *group_index.entry(e.group.as_str()).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[g].push(i);
    }
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (g, m) in members.iter().enumerate() {
        let mut c = vec![0usize; k];
        for &i in m {
            c[labels[i]] += 1;
        }
        let major = (0..k)
            .max_by_key(|&j| (c[j], std::cmp::Reverse(j)))
            .unwrap_or(0);
        buckets[major].push(g);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut per_fold = vec![vec![0usize; k]; folds];
    let mut totals = vec![0usize; folds];
    let mut fold_of = vec![0usize; labels.len()];
    for (class, bucket) in buckets.iter_mut().enumerate() {
        bucket.shuffle(&mut rng);
        for &g in bucket.iter() {
            let f = (0..folds)
                .min_by_key(|&f| (per_fold[f][class], totals[f], f))
                .unwrap_or(0);
            for &i in &members[g] {
                fold_of[i] = f;
                per_fold[f][labels[i]] += 1;
                totals[f] += 1;
            }
        }
    }
    fold_of
}

/// A dense training matrix in the precision linfa fits in.
enum Matrix {
    F32(Array2<f32>),
    F64(Array2<f64>),
}

/// Training rows of one fit: fitted vectorizer and scaler, class prior
/// correction, and which examples make the rows (with oversampling, some
/// appear more than once).
struct Prepared {
    tfidf: Tfidf,
    dense: DenseScaler,
    class_bias: Vec<f64>,
    rows: Vec<usize>,
    y: Array1<usize>,
}

impl Prepared {
    /// Columns: tf-idf terms, then dense features.
    fn cols(&self) -> usize {
        self.tfidf.len() + self.dense.features.len()
    }

    /// linfa's absolute gradient tolerance for these rows.
    fn tolerance(&self, params: &TrainParams) -> f64 {
        params.gradient_tolerance * self.y.len() as f64
    }

    /// The training rows, sparse: tf-idf columns, then scaled dense features.
    fn sparse(&self, analysed: &[Analysed]) -> Csr {
        let v = self.tfidf.len() as u32;
        let mut x = Csr::new(self.cols());
        for &i in &self.rows {
            let mut scaled = analysed[i].dense.clone();
            self.dense.apply(&mut scaled);
            let dense = scaled
                .into_iter()
                .enumerate()
                .map(|(j, x)| (v + j as u32, x));
            x.push_row(
                self.tfidf
                    .transform(&analysed[i].terms)
                    .into_iter()
                    .chain(dense),
            );
        }
        x
    }

    /// The fitted head parts from linfa-layout parameters
    /// (`(features + 1) × classes`, intercept last).
    fn fitted(&self, stacked: &Array2<f64>) -> Fitted {
        let f = self.cols();
        // Row-major (feature, class) layout regardless of ndarray's memory order.
        let weights: Vec<f64> = stacked
            .rows()
            .into_iter()
            .take(f)
            .flat_map(|r| r.to_vec())
            .collect();
        Fitted {
            tfidf: self.tfidf.clone(),
            dense: self.dense.clone(),
            weights,
            intercept: stacked.row(f).to_vec(),
            class_bias: self.class_bias.clone(),
        }
    }
}

/// The dense matrix linfa fits, in the requested precision.
fn dense_matrix(x: &Csr, precision: Precision) -> Matrix {
    match precision {
        Precision::F32 => Matrix::F32(x.to_dense(|v| v as f32)),
        Precision::F64 => Matrix::F64(x.to_dense(|v| v)),
    }
}

/// Fits linfa-logistic on `x` in its own precision, starting from `warm`,
/// and returns its parameters stacked in linfa's layout as f64. A macro
/// because linfa-logistic's float trait is private, so no generic function
/// can name it.
macro_rules! fit_linfa {
    ($t:ty, $x:expr, $y:expr, $params:expr, $alpha:expr, $tol:expr, $warm:expr) => {{
        let lr = MultiLogisticRegression::<$t>::default()
            .alpha($alpha as $t)
            .max_iterations($params.max_iterations)
            .gradient_tolerance($tol as $t)
            .initial_params($warm.mapv(|v| v as $t));
        let model = lr.fit(&linfa::DatasetBase::new($x.view(), $y.view()))?;
        let classes = model.classes().to_vec();
        let mut stacked = model.params().mapv(|v| v as f64);
        stacked
            .push(Axis(0), model.intercept().mapv(|v| v as f64).view())
            .map_err(|e| Error::Training(e.to_string()))?;
        (classes, stacked)
    }};
}

fn prepare(
    params: &TrainParams,
    analysed: &[Analysed],
    labels: &[usize],
    idx: &[usize],
) -> Result<Prepared> {
    let k = params.task.classes().len();
    let docs: Vec<&[String]> = idx.iter().map(|&i| analysed[i].terms.as_slice()).collect();
    let doc_labels: Vec<usize> = idx.iter().map(|&i| labels[i]).collect();
    let tfidf = params.tfidf.fit_labelled(&docs, Some(&doc_labels))?;
    let tfidf = super::nb::scaled(tfidf, &docs, &doc_labels, k, params.nb_scaling)?;
    let raw: Vec<Vec<f64>> = idx.iter().map(|&i| analysed[i].dense.clone()).collect();
    let dense = DenseScaler::fit(&params.dense, &raw);

    let mut counts = vec![0usize; k];
    for &i in idx {
        counts[labels[i]] += 1;
    }
    if let Some(c) = counts.iter().position(|&c| c == 0) {
        return Err(Error::Training(format!(
            "class {:?} is missing from a training fold",
            params.task.classes()[c]
        )));
    }
    let mut rows: Vec<usize> = idx.to_vec();
    let mut class_bias = vec![0.0; k];
    match params.balance {
        Balance::None => {}
        Balance::Prior => {
            let n = idx.len() as f64;
            let raw: Vec<f64> = counts.iter().map(|&c| -(c as f64 / n).ln()).collect();
            let mean = raw.iter().sum::<f64>() / k as f64;
            class_bias = raw.into_iter().map(|b| b - mean).collect();
        }
        Balance::Oversample => {
            let target = counts.iter().copied().max().unwrap_or(0);
            let mut rng = ChaCha8Rng::seed_from_u64(params.seed ^ 0x5eed);
            for (class, &count) in counts.iter().enumerate() {
                if count == target {
                    continue;
                }
                let mut members: Vec<usize> = idx
                    .iter()
                    .copied()
                    .filter(|&i| labels[i] == class)
                    .collect();
                let mut missing = target - count;
                while missing >= count {
                    rows.extend_from_slice(&members);
                    missing -= count;
                }
                members.shuffle(&mut rng);
                rows.extend_from_slice(&members[..missing]);
            }
        }
    }
    let y: Array1<usize> = rows.iter().map(|&i| labels[i]).collect();
    Ok(Prepared {
        tfidf,
        dense,
        class_bias,
        rows,
        y,
    })
}

/// Fits each alpha in turn with the sparse solver, each starting from the
/// previous solution. Used for cross-validation: no dense matrix is built.
fn fit_sparse_path(
    params: &TrainParams,
    p: &Prepared,
    analysed: &[Analysed],
    alphas: &[f64],
) -> Result<Vec<Fitted>> {
    let k = params.task.classes().len();
    let x = p.sparse(analysed);
    let y = p.y.as_slice().unwrap_or(&[]);
    let mut warm: Option<Array2<f64>> = None;
    let mut out = Vec::with_capacity(alphas.len());
    for &alpha in alphas {
        let fit = sparse::fit(
            &x,
            y,
            k,
            alpha,
            p.tolerance(params),
            params.max_iterations,
            warm.as_ref(),
        )?;
        out.push(p.fitted(&fit.params));
        warm = Some(fit.params);
    }
    Ok(out)
}

/// The final fit: the sparse solver finds the optimum (to half linfa's
/// tolerance), then linfa-logistic fits the dense matrix from there. linfa
/// checks its convergence test before its first step, so from a converged
/// start it only confirms the solution; the model is linfa's fit either way.
fn fit_final(
    params: &TrainParams,
    p: &Prepared,
    analysed: &[Analysed],
    alpha: f64,
) -> Result<(Fitted, u64)> {
    let k = params.task.classes().len();
    let tolerance = p.tolerance(params);
    let x = p.sparse(analysed);
    let y = p.y.as_slice().unwrap_or(&[]);
    let warm = sparse::fit(
        &x,
        y,
        k,
        alpha,
        0.5 * tolerance,
        params.max_iterations,
        None,
    )?;
    let (classes, stacked) = match dense_matrix(&x, params.precision) {
        Matrix::F32(x) => fit_linfa!(f32, x, p.y, params, alpha, tolerance, warm.params),
        Matrix::F64(x) => fit_linfa!(f64, x, p.y, params, alpha, tolerance, warm.params),
    };
    if classes != (0..k).collect::<Vec<_>>() {
        return Err(Error::Training(
            "a class is missing from the training data".into(),
        ));
    }
    Ok((p.fitted(&stacked), warm.iterations))
}

/// Wraps fitted parts into a scoring-ready head (metadata left empty).
fn fitted_head(params: &TrainParams, f: Fitted) -> Classifier {
    Classifier {
        task: params.task,
        classes: params
            .task
            .classes()
            .iter()
            .map(|c| c.to_string())
            .collect(),
        analyzer: params.analyzer.clone(),
        tfidf: f.tfidf,
        dense: f.dense,
        weights: f.weights,
        intercept: f.intercept,
        class_bias: f.class_bias,
        lexicon: None,
        context: None,
        training: TrainingInfo {
            stance_version: String::new(),
            params: params.clone(),
            sources: Vec::new(),
            counts: Vec::new(),
            alpha: 0.0,
            cv: None,
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::corpus::Scheme;
    use crate::progress::Quiet;
    use crate::task::Task;

    /// A small, clearly separable stance data set built in code.
    pub fn separable_source() -> Source {
        let facts = [
            "The council voted on Tuesday to close the depot",
            "Officials said the bridge reopened on Monday",
            "The company reported revenue of 12 million in March",
            "Police arrested two men near the station on Friday",
            "The museum will open a new wing in October",
            "The ministry published the annual budget figures",
            "The train was delayed by forty minutes on Sunday",
            "The school board approved the new calendar on Monday",
        ];
        let quotes = [
            "“We will not close a single route,” the director said",
            "“This is the best day of my life,” she said after the race",
            "“Every bus that runs today will run next year,” he said",
            "“We are proud of the crews,” the chief said on Friday",
            "“I have never seen anything like it,” the farmer said",
            "“Nobody told us about the change,” a resident said",
            "“The numbers speak for themselves,” the minister said",
            "“We expect to finish by spring,” the engineer said",
        ];
        let opinions = [
            "I think this decision is a disgrace and we must fight it",
            "Frankly the council should be ashamed of itself",
            "What a ridiculous waste of money this whole plan is",
            "We deserve better than these incompetent leaders",
            "Make no mistake, this is a disaster for the city",
            "I honestly believe the mayor has lost the plot",
            "Shame on them for ignoring the people who rely on buses",
            "This is outrageous and you should tell them so",
        ];
        let mut examples = Vec::new();
        for (label, texts) in [facts, quotes, opinions].iter().enumerate() {
            for (i, t) in texts.iter().enumerate() {
                examples.push(Example {
                    text: t.to_string(),
                    label,
                    origin: format!("test:{label}:{i}"),
                    group: format!("g{label}{i}"),
                    scheme: Scheme::Full,
                    position: None,
                });
            }
        }
        Source {
            path: "test".into(),
            kind: Kind::Labelled,
            sha256: String::new(),
            examples,
            weight: 1,
            removed: 0,
        }
    }

    fn small_params() -> TrainParams {
        TrainParams {
            tfidf: crate::features::TfidfParams {
                min_df: 1,
                ..Default::default()
            },
            folds: 3,
            alphas: vec![0.1, 1.0],
            ..Default::default()
        }
    }

    #[test]
    fn learns_separable_data_and_reports_cv() {
        let head = train(&small_params(), &[separable_source()], &Quiet).unwrap();
        let cv = head.training.cv.as_ref().unwrap();
        assert_eq!(cv.grid.len(), 2);
        assert!(cv.report.macro_f1 > 0.8, "{}", cv.report.to_table());
        let f = head.featurizer();
        let s = head.score_text(&f, "“We will keep every station open,” the manager said");
        assert_eq!(s.label, 1, "{s:?}");
        let s = head.score_text(&f, "I think this plan is a disgrace and a waste");
        assert_eq!(s.label, 2, "{s:?}");
    }

    #[test]
    fn folds_are_stratified_and_keep_groups_together() {
        let src = separable_source();
        let mut examples: Vec<&Example> = src.examples.iter().collect();
        let mut grouped = src.examples[0].clone();
        grouped.group = src.examples[1].group.clone();
        examples[0] = &grouped;
        let labels: Vec<usize> = examples.iter().map(|e| e.label).collect();
        let folds = assign_folds(&examples, &labels, 3, 4, 7);
        assert_eq!(folds[0], folds[1], "same group, same fold");
        for f in 0..4 {
            for c in 0..3 {
                let n = (0..labels.len())
                    .filter(|&i| folds[i] == f && labels[i] == c)
                    .count();
                assert!((1..=3).contains(&n), "fold {f} class {c}: {n}");
            }
        }
        assert_eq!(
            folds,
            assign_folds(&examples, &labels, 3, 4, 7),
            "deterministic"
        );
    }

    #[test]
    fn sparse_scores_equal_linfa_predict_probabilities() {
        let params = TrainParams {
            balance: Balance::None,
            folds: 0,
            alphas: vec![0.5],
            precision: Precision::F64,
            ..small_params()
        };
        let src = separable_source();
        let featurizer = Featurizer::new(&params.analyzer, &params.dense);
        let analysed: Vec<Analysed> = src
            .examples
            .iter()
            .map(|e| featurizer.analyse(&e.text))
            .collect();
        let labels: Vec<usize> = src.examples.iter().map(|e| e.label).collect();
        let idx: Vec<usize> = (0..labels.len()).collect();
        let prepared = prepare(&params, &analysed, &labels, &idx).unwrap();
        // linfa on its own, from zeros, on the dense matrix.
        let lr = MultiLogisticRegression::default()
            .alpha(0.5)
            .max_iterations(params.max_iterations)
            .gradient_tolerance(prepared.tolerance(&params));
        let Matrix::F64(x) = dense_matrix(&prepared.sparse(&analysed), Precision::F64) else {
            panic!("f64 was requested")
        };
        let linfa_model = lr
            .fit(&linfa::DatasetBase::new(x.view(), prepared.y.view()))
            .unwrap();
        let expected = linfa_model.predict_probabilities(&x);
        // The same fitted parameters, scored sparsely by our head.
        let mut stacked = linfa_model.params().clone();
        stacked
            .push(Axis(0), linfa_model.intercept().view())
            .unwrap();
        let head = fitted_head(&params, prepared.fitted(&stacked));
        // And the path training takes (sparse warm start, then linfa) lands
        // on the same optimum up to the convergence tolerance.
        let trained = fitted_head(
            &params,
            fit_final(&params, &prepared, &analysed, 0.5).unwrap().0,
        );
        for a in &analysed {
            let (p, q) = (head.score_analysed(a), trained.score_analysed(a));
            assert_eq!(p.label, q.label);
            for c in 0..3 {
                assert!((p.probabilities[c] - q.probabilities[c]).abs() < 0.02);
            }
        }
        for (i, a) in analysed.iter().enumerate() {
            let got = head.score_analysed(a).probabilities;
            for c in 0..3 {
                assert!(
                    (got[c] - expected[[i, c]]).abs() < 1e-9,
                    "row {i} class {c}: {} vs {}",
                    got[c],
                    expected[[i, c]]
                );
            }
        }
    }

    #[test]
    fn too_few_examples_of_a_class_is_a_clear_error() {
        let mut src = separable_source();
        src.examples
            .retain(|e| e.label != 1 || e.origin.ends_with(":0"));
        let err = train(&small_params(), &[src], &Quiet).unwrap_err();
        assert!(
            err.to_string()
                .contains("class \"quotation\" has 1 training example"),
            "{err}"
        );
        let _ = Task::Stance;
    }

    #[test]
    fn weights_repeat_rows_and_quoted_sentences_become_quotations() {
        let mut src = separable_source();
        src.weight = 3;
        let sentence = Example {
            text: "“We will never give in to these demands,” the senator said.".into(),
            label: 2,
            origin: "s".into(),
            group: "s".into(),
            scheme: Scheme::OpinionVsNot,
            position: None,
        };
        let plain = Example {
            text: "What a shameful display this was.".into(),
            origin: "p".into(),
            group: "p".into(),
            ..sentence.clone()
        };
        let binary = Source {
            path: "b".into(),
            kind: Kind::Newssd,
            sha256: String::new(),
            examples: vec![sentence, plain],
            weight: 1,
            removed: 0,
        };
        let sources = [src, binary];
        let r = rows(&TrainParams::default(), &sources);
        assert_eq!(r.examples.len(), 24 * 3 + 2);
        assert_eq!(
            &r.labels[72..],
            [1, 2],
            "quoted SUBJ sentence trains as a quotation"
        );
        assert_eq!(
            &r.gold[72..],
            [2, 2],
            "but is scored as the corpus labels it"
        );
        let off = TrainParams {
            quoted_sentences_are_quotations: false,
            ..Default::default()
        };
        assert_eq!(&rows(&off, &sources).labels[72..], [2, 2]);
    }

    #[test]
    fn cv_reports_each_source_in_its_scheme() {
        let mut a = separable_source();
        a.path = "three-labels".into();
        let mut b = separable_source();
        b.path = "binary".into();
        for e in b.examples.iter_mut() {
            e.scheme = Scheme::OpinionVsNot;
            e.group = format!("b{}", e.group);
            if e.label == 1 {
                e.label = 0;
            }
        }
        let head = train(&small_params(), &[a, b], &Quiet).unwrap();
        let cv = head.training.cv.unwrap();
        assert_eq!(cv.sources.len(), 2);
        assert_eq!(
            cv.sources[0].report.labels,
            ["fact", "quotation", "opinion"]
        );
        assert_eq!(cv.sources[1].report.labels, ["not-opinion", "opinion"]);
        let mean = (cv.sources[0].report.macro_f1 + cv.sources[1].report.macro_f1) / 2.0;
        let chosen = cv
            .grid
            .iter()
            .find(|g| g.alpha == head.training.alpha)
            .unwrap();
        assert!((chosen.macro_f1 - mean).abs() < 1e-12);
    }

    #[test]
    fn documents_group_positioned_rows_in_reading_order() {
        let mut src = separable_source();
        src.examples.truncate(5);
        // Examples 0..3 are one document, listed out of order; 3 and 4 alone.
        for (i, index) in [(0, 2), (1, 0), (2, 1)] {
            src.examples[i].group = "doc".into();
            src.examples[i].position = Some(crate::features::Position { index, count: 3 });
        }
        src.weight = 2;
        let sources = [src];
        let r = rows(&TrainParams::default(), &sources);
        assert_eq!(r.examples.len(), 10, "every example twice");
        let (docs, place) = documents(&r);
        assert_eq!(docs, [vec![2, 4, 0], vec![6], vec![8]]);
        // The second copy of a row takes its first copy's place.
        assert_eq!(place[1], place[0]);
        assert_eq!(place[0], (0, 2));
        assert_eq!(place[9], (2, 0));
    }

    #[test]
    fn oversampling_balances_rows() {
        let mut src = separable_source();
        src.examples.retain(|e| {
            e.label != 0
                || e.origin.ends_with(":0")
                || e.origin.ends_with(":1")
                || e.origin.ends_with(":2")
        });
        let params = TrainParams {
            balance: Balance::Oversample,
            ..small_params()
        };
        let featurizer = Featurizer::new(&params.analyzer, &params.dense);
        let analysed: Vec<Analysed> = src
            .examples
            .iter()
            .map(|e| featurizer.analyse(&e.text))
            .collect();
        let labels: Vec<usize> = src.examples.iter().map(|e| e.label).collect();
        let idx: Vec<usize> = (0..labels.len()).collect();
        let p = prepare(&params, &analysed, &labels, &idx).unwrap();
        let per_class: Vec<usize> = (0..3)
            .map(|c| p.y.iter().filter(|&&y| y == c).count())
            .collect();
        assert_eq!(per_class, [8, 8, 8]);
    }
}
