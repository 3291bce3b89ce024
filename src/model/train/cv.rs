//! Cross-validation of the first stage: grouped, stratified folds; every
//! alpha fitted on every fold (in parallel, warm-started along the alpha
//! path); the alpha with the best mean per-source macro-F1; and each row's
//! out-of-fold scores at that alpha, which the context stage learns from.

use super::fit::{fit_sparse_path, fitted_head, prepare};
use super::Rows;
use crate::corpus::{Example, Scheme, Source};
use crate::error::{Error, Result};
use crate::metrics;
use crate::model::info::{CvSummary, GridPoint, SourceReport};
use crate::model::score::Analysed;
use crate::model::{Scores, TrainParams};
use crate::progress::Progress;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Out-of-fold first-stage scores of every training row at the chosen
/// alpha, and the fold each row was tested in.
pub(super) struct Oof {
    pub(super) fold_of: Vec<usize>,
    pub(super) scores: Vec<Scores>,
}

/// One fold's test rows and, per alpha, their scores.
type FoldResult = (Vec<usize>, Vec<Vec<Scores>>);

/// One alpha's index in the sorted path, its figures, and its per-source
/// reports.
type Measured = (usize, GridPoint, Vec<SourceReport>);

/// Cross-validates `alphas` (sorted from the strongest penalty): returns
/// the chosen alpha, what CV found, and the out-of-fold scores at it.
pub(super) fn cross_validate(
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
    let results = fit_folds(params, labels, analysed, alphas, &fold_of, progress)?;
    let grid = measure_alphas(params, sources, rows, alphas, &results, progress);
    let best = best_alpha(&grid);
    let report = pooled_report(params, labels, &results, best);
    let source_reports = grid[best].2.clone();
    let oof = Oof {
        scores: out_of_fold(results, best, labels.len())?,
        fold_of,
    };
    Ok((
        alphas[best],
        CvSummary {
            folds,
            grid: in_given_order(params, &grid),
            report,
            sources: source_reports,
            context: None,
            calibration: None,
        },
        oof,
    ))
}

/// Fits every alpha on each fold's training rows (folds in parallel) and
/// scores the fold's test rows.
fn fit_folds(
    params: &TrainParams,
    labels: &[usize],
    analysed: &[Analysed],
    alphas: &[f64],
    fold_of: &[usize],
    progress: &dyn Progress,
) -> Result<Vec<FoldResult>> {
    let results: Vec<Result<FoldResult>> = (0..params.folds)
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
    results.into_iter().collect()
}

/// Each alpha's selection score (mean per-source macro-F1 over all
/// out-of-fold rows), its deviation over folds, and its source reports.
fn measure_alphas(
    params: &TrainParams,
    sources: &[Source],
    rows: &Rows,
    alphas: &[f64],
    results: &[FoldResult],
    progress: &dyn Progress,
) -> Vec<Measured> {
    let mut grid = Vec::new();
    for (a, &alpha) in alphas.iter().enumerate() {
        let per_fold: Vec<f64> = results
            .iter()
            .map(|(test, per_alpha)| {
                let scored: Vec<(usize, &Scores)> =
                    test.iter().copied().zip(per_alpha[a].iter()).collect();
                source_reports(params, sources, rows, &scored)
                    .iter()
                    .map(|r| r.report.macro_f1)
                    .sum::<f64>()
                    / sources_present(rows, test) as f64
            })
            .collect();
        let all: Vec<(usize, &Scores)> = results
            .iter()
            .flat_map(|(test, per_alpha)| test.iter().copied().zip(per_alpha[a].iter()))
            .collect();
        let reports = source_reports(params, sources, rows, &all);
        let score = mean_macro_f1(&reports);
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
    grid
}

/// The index of the best score; on ties the stronger penalty (listed
/// first).
fn best_alpha(grid: &[Measured]) -> usize {
    grid.iter()
        .fold(None::<&Measured>, |best, g| match best {
            Some(b) if b.1.macro_f1 >= g.1.macro_f1 => Some(b),
            _ => Some(g),
        })
        .map(|g| g.0)
        .unwrap_or(0)
}

/// The out-of-fold report over all rows (every class) at alpha `best`.
fn pooled_report(
    params: &TrainParams,
    labels: &[usize],
    results: &[FoldResult],
    best: usize,
) -> metrics::Report {
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    let mut probs = Vec::new();
    for (test, per_alpha) in results {
        for (&i, s) in test.iter().zip(&per_alpha[best]) {
            gold.push(labels[i]);
            pred.push(s.label);
            probs.push(s.probabilities.clone());
        }
    }
    metrics::report(params.task.classes(), &gold, &pred, Some(&probs))
}

/// Each row's scores at alpha `best`, from the fold it was tested in.
fn out_of_fold(results: Vec<FoldResult>, best: usize, n: usize) -> Result<Vec<Scores>> {
    let mut scores: Vec<Option<Scores>> = vec![None; n];
    for (test, per_alpha) in results {
        for (i, s) in test
            .into_iter()
            .zip(per_alpha.into_iter().nth(best).unwrap_or_default())
        {
            scores[i] = Some(s);
        }
    }
    scores
        .into_iter()
        .map(|s| s.ok_or_else(|| Error::Internal("a row was in no fold".into())))
        .collect()
}

/// The grid in the order the user gave the alphas (each once).
fn in_given_order(params: &TrainParams, grid: &[Measured]) -> Vec<GridPoint> {
    let mut grid_points: Vec<GridPoint> = Vec::new();
    for &a in &params.alphas {
        if let Some((_, g, _)) = grid.iter().find(|(_, g, _)| g.alpha == a) {
            if !grid_points.iter().any(|p| p.alpha == a) {
                grid_points.push(g.clone());
            }
        }
    }
    grid_points
}

/// The mean of the sources' macro-F1 (the selection score).
pub(super) fn mean_macro_f1(reports: &[SourceReport]) -> f64 {
    reports.iter().map(|r| r.report.macro_f1).sum::<f64>() / reports.len().max(1) as f64
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
pub(super) fn source_reports(
    params: &TrainParams,
    sources: &[Source],
    rows: &Rows,
    scored: &[(usize, &Scores)],
) -> Vec<SourceReport> {
    let names = params.task.classes();
    let opinion = params.task.parse_label("opinion").ok();
    let mut out = Vec::new();
    for (si, s) in sources.iter().enumerate() {
        let mine: Vec<&(usize, &Scores)> = scored
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
        let share_error = s
            .kind
            .is_documents()
            .then(|| document_share_error(names.len(), rows, &mine));
        out.push(SourceReport {
            path: s.path.clone(),
            report,
            share_error,
        });
    }
    out
}

/// The per-document share error of one source's scored rows: rows grouped
/// into documents by group, each paragraph once (a weighted source repeats
/// its rows), words as the summary counts them.
fn document_share_error(k: usize, rows: &Rows, mine: &[&(usize, &Scores)]) -> metrics::ShareError {
    // Ordered by group, so the mean sums in one order and the model file's
    // bytes do not depend on a hash seed.
    let mut docs: BTreeMap<&str, BTreeMap<usize, metrics::ShareRow>> = BTreeMap::new();
    for (i, sc) in mine {
        let e = rows.examples[*i];
        docs.entry(e.group.as_str()).or_default().insert(
            e.position.map_or(*i, |p| p.index),
            metrics::ShareRow {
                words: e.text.split_whitespace().count(),
                gold: rows.gold[*i],
                predicted: sc.label,
                probabilities: &sc.probabilities,
            },
        );
    }
    let docs: Vec<Vec<metrics::ShareRow>> = docs
        .into_values()
        .map(|d| d.into_values().collect())
        .collect();
    metrics::share_error(k, &docs)
}

/// Stratified, grouped fold assignment: groups (one editorial, or one
/// paragraph) are shuffled with the seed within their majority class and
/// each goes to the fold with the fewest examples of that class.
pub(super) fn assign_folds(
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

#[cfg(test)]
mod tests {
    use super::super::tests::{separable_source, small_params};
    use super::*;
    use crate::model::train::train;
    use crate::progress::Quiet;

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
}
