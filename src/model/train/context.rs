//! Training the document-context stage (`model/context.rs`) on the first
//! stage's out-of-fold probabilities.
//!
//! The stage's inputs for fold f's rows come from a first stage that never
//! saw fold f, so its alpha is chosen by cross-validation over the first
//! stage's folds (fitted on the other folds' rows), then it is fitted on
//! every row. The steps: group rows into documents ([`documents`]), build
//! each row's stage inputs ([`StageInputs`]), choose the alpha
//! ([`choose_alpha`]), fit on every row, and measure the prior treatments
//! it is compared with ([`prior_treatments`]).

use super::cv::{mean_macro_f1, source_reports, Oof};
use super::Rows;
use crate::corpus::{Example, Source};
use crate::error::{Error, Result};
use crate::metrics;
use crate::model::context::{self, ContextStage};
use crate::model::info::{ContextCv, GridPoint, PriorTreatment, SourceFigure};
use crate::model::sparse::{self, Csr};
use crate::model::{Balance, Scores, TrainParams};
use crate::progress::Progress;
use rayon::prelude::*;
use std::collections::HashMap;

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
/// chooses its alpha by cross-validation over the first stage's folds, then
/// fits it on every row. Also measures the prior treatments on the same
/// rows.
pub(super) fn fit_context(
    params: &TrainParams,
    sources: &[Source],
    rows: &Rows,
    oof: &Oof,
    progress: &dyn Progress,
) -> Result<(ContextStage, ContextCv, Vec<Scores>)> {
    let k = params.task.classes().len();
    let inputs = StageInputs::new(params, rows, oof);
    progress.phase(
        "context stage",
        (params.folds * params.context_alphas.len()) as u64,
    );
    let want_balanced = params.context_balance == Balance::Prior;
    let StageCv {
        alpha,
        grid,
        plain: stacked_plain,
        balanced: stacked_balanced,
    } = choose_alpha(params, sources, rows, oof, &inputs, progress)?;
    let all: Vec<usize> = (0..rows.labels.len())
        .filter(|&i| inputs.in_doc[i])
        .collect();
    if all.is_empty() {
        return Err(Error::NoDocuments);
    }
    let mut stage = fit_stage(params, &inputs, &rows.labels, &all, alpha)?;
    if want_balanced {
        stage = prior_balanced(&stage, &rows.labels, &all, k);
    }
    let stacked = if want_balanced {
        &stacked_balanced
    } else {
        &stacked_plain
    };
    let priors = prior_treatments(
        params,
        sources,
        rows,
        oof,
        &stacked_plain,
        &stacked_balanced,
    );
    let summary = ContextCv {
        grid,
        alpha,
        sources: source_reports(params, sources, rows, &numbered(stacked)),
        priors,
    };
    let stacked = if want_balanced {
        stacked_balanced
    } else {
        stacked_plain
    };
    Ok((stage, summary, stacked))
}

/// Every row's stage inputs (its own and its document's first-stage
/// probabilities and cues), stored once per distinct row.
struct StageInputs {
    /// Per row: its document and place in it (see [`documents`]).
    place: Vec<(usize, usize)>,
    /// Per document, per member: the stage's input vector.
    doc_inputs: Vec<Vec<Vec<f64>>>,
    /// Per row: whether its document has two or more content paragraphs.
    /// The stage learns from, and applies to, only those; lone rows keep
    /// their first-stage scores.
    in_doc: Vec<bool>,
    /// The stage's input width.
    cols: usize,
}

impl StageInputs {
    fn new(params: &TrainParams, rows: &Rows, oof: &Oof) -> Self {
        let k = params.task.classes().len();
        let (docs, place) = documents(rows);
        let mut doc_inputs: Vec<Vec<Vec<f64>>> = Vec::with_capacity(docs.len());
        for members in &docs {
            let probs: Vec<&[f64]> = members
                .iter()
                .map(|&i| oof.scores[i].probabilities.as_slice())
                .collect();
            let texts: Vec<&str> = members
                .iter()
                .map(|&i| rows.examples[i].text.as_str())
                .collect();
            doc_inputs.push(context::inputs(&params.context, &probs, &texts));
        }
        let in_doc: Vec<bool> = (0..rows.labels.len())
            .map(|i| docs[place[i].0].len() > 1)
            .collect();
        StageInputs {
            place,
            doc_inputs,
            in_doc,
            cols: context::width(&params.context, k),
        }
    }

    /// Row `i`'s input vector.
    fn x(&self, i: usize) -> &[f64] {
        let (d, j) = self.place[i];
        &self.doc_inputs[d][j]
    }
}

/// Fits the stage on rows `idx` at `alpha` with the sparse solver.
fn fit_stage(
    params: &TrainParams,
    inputs: &StageInputs,
    labels: &[usize],
    idx: &[usize],
    alpha: f64,
) -> Result<ContextStage> {
    let k = params.task.classes().len();
    let cols = inputs.cols;
    let mut x = Csr::new(cols);
    for &i in idx {
        x.push_row(
            inputs
                .x(i)
                .iter()
                .enumerate()
                .filter(|(_, v)| **v != 0.0)
                .map(|(j, &v)| (j as u32, v)),
        );
    }
    let y: Vec<usize> = idx.iter().map(|&i| labels[i]).collect();
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
}

/// The stage with its logits shifted by −ln(prior of its training rows
/// `idx`), as the first stage's `prior` balance does.
fn prior_balanced(stage: &ContextStage, labels: &[usize], idx: &[usize], k: usize) -> ContextStage {
    let mut counts = vec![0usize; k];
    for &i in idx {
        counts[labels[i]] += 1;
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
}

/// Out-of-fold scores of every row with the stage at `alpha`, as fitted
/// and prior-balanced (lone rows keep their first-stage scores).
fn stage_out_of_fold(
    params: &TrainParams,
    rows: &Rows,
    oof: &Oof,
    inputs: &StageInputs,
    alpha: f64,
    progress: &dyn Progress,
) -> Result<(Vec<Scores>, Vec<Scores>)> {
    let k = params.task.classes().len();
    let n = rows.labels.len();
    let per_fold: Vec<Result<Vec<(usize, Scores, Scores)>>> = (0..params.folds)
        .into_par_iter()
        .map(|f| {
            let train_idx: Vec<usize> = (0..n)
                .filter(|&i| inputs.in_doc[i] && oof.fold_of[i] != f)
                .collect();
            let stage = fit_stage(params, inputs, &rows.labels, &train_idx, alpha)?;
            let bal = prior_balanced(&stage, &rows.labels, &train_idx, k);
            progress.advance(1);
            Ok((0..n)
                .filter(|&i| inputs.in_doc[i] && oof.fold_of[i] == f)
                .map(|i| {
                    (
                        i,
                        stage.score_inputs(inputs.x(i)),
                        bal.score_inputs(inputs.x(i)),
                    )
                })
                .collect())
        })
        .collect();
    let mut plain: Vec<Scores> = oof.scores.clone();
    let mut bal: Vec<Scores> = oof.scores.clone();
    for r in per_fold {
        for (i, a, b) in r? {
            plain[i] = a;
            bal[i] = b;
        }
    }
    Ok((plain, bal))
}

/// What the stage's cross-validation chose.
struct StageCv {
    /// The chosen alpha.
    alpha: f64,
    /// Every alpha tried, with its score.
    grid: Vec<GridPoint>,
    /// Out-of-fold scores at the chosen alpha, of the stage as fitted.
    plain: Vec<Scores>,
    /// The same, of the stage prior-balanced.
    balanced: Vec<Scores>,
}

/// Chooses the stage's alpha by its mean per-source macro-F1 out of fold
/// (of the balanced stage when `context_balance` is `prior`).
fn choose_alpha(
    params: &TrainParams,
    sources: &[Source],
    rows: &Rows,
    oof: &Oof,
    inputs: &StageInputs,
    progress: &dyn Progress,
) -> Result<StageCv> {
    let want_balanced = params.context_balance == Balance::Prior;
    let mut grid = Vec::new();
    let mut best: Option<(f64, f64, Vec<Scores>, Vec<Scores>)> = None;
    for &alpha in &params.context_alphas {
        let (plain, bal) = stage_out_of_fold(params, rows, oof, inputs, alpha, progress)?;
        let chosen = if want_balanced { &bal } else { &plain };
        let score = mean_macro_f1(&source_reports(params, sources, rows, &numbered(chosen)));
        progress.note(&format!(
            "context stage alpha {alpha:<8} CV macro-F1 {score:.4}"
        ));
        grid.push(GridPoint {
            alpha,
            macro_f1: score,
            std: 0.0,
        });
        if best.as_ref().is_none_or(|b| score > b.1) {
            best = Some((alpha, score, plain, bal));
        }
    }
    let (alpha, _, plain, bal) =
        best.ok_or_else(|| Error::Params("context_alphas is empty".into()))?;
    Ok(StageCv {
        alpha,
        grid,
        plain,
        balanced: bal,
    })
}

/// Each way of setting class priors, measured on the same out-of-fold
/// rows: the first stage as trained, the first stage with the training
/// data's priors (when it was balanced), and the stage plain and balanced.
fn prior_treatments(
    params: &TrainParams,
    sources: &[Source],
    rows: &Rows,
    oof: &Oof,
    stacked_plain: &[Scores],
    stacked_balanced: &[Scores],
) -> Vec<PriorTreatment> {
    let treatment = |name: &str, scores: &[Scores]| {
        let reports = source_reports(params, sources, rows, &numbered(scores));
        PriorTreatment {
            treatment: name.to_string(),
            macro_f1: mean_macro_f1(&reports),
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
        priors.push(treatment("none", &with_training_priors(params, rows, oof)));
    }
    priors.push(treatment("context", stacked_plain));
    priors.push(treatment("context-balanced", stacked_balanced));
    priors
}

/// The first stage's out-of-fold scores with its prior correction undone
/// (the training data's class priors put back).
fn with_training_priors(params: &TrainParams, rows: &Rows, oof: &Oof) -> Vec<Scores> {
    let k = params.task.classes().len();
    let n = rows.labels.len();
    let mut counts = vec![0usize; k];
    for &l in &rows.labels {
        counts[l] += 1;
    }
    let prior: Vec<f64> = counts.iter().map(|&c| c as f64 / n as f64).collect();
    oof.scores
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
            Scores {
                probabilities: p,
                label,
            }
        })
        .collect()
}

/// Scores paired with their row numbers, as [`source_reports`] takes them.
fn numbered(scores: &[Scores]) -> Vec<(usize, &Scores)> {
    scores.iter().enumerate().collect()
}

#[cfg(test)]
mod tests {
    use super::super::rows;
    use super::super::tests::separable_source;
    use super::*;

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
}
