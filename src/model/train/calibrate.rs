//! Fitting the calibration step (`model/calibrate.rs`) on whole documents.
//!
//! Its documents are the head's training documents (`articles:`, scored
//! out of fold by the cross-validation, context stage included) and the
//! calibration sources (`calibrate` in a recipe: `webpages:`, never trained
//! on, scored by the final head). Only documents of two or more paragraphs
//! count: the step applies to no other. Each objective
//! ([`CalibrationObjective`]) is measured by page-grouped cross-validation
//! (a document's paragraphs in one fold: the step for fold f is fitted on
//! the other folds' documents), then the recipe's objective is fitted on
//! every document.
//!
//! Four parameters at most (the log-temperature and the biases of all
//! classes but the first) over a few thousand paragraphs: a Nelder-Mead
//! simplex minimises either objective, the share error included, which is
//! not smooth.

use crate::metrics::{self, ShareRow};
use crate::model::calibrate::{Calibration, CalibrationObjective};
use crate::model::info::{CalibrationCv, CalibrationFigure, CalibrationVariant};
use crate::model::Scores;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// One scored paragraph of a calibration document.
#[derive(Debug, Clone)]
pub(crate) struct CalRow {
    /// Its words (as the summary counts them).
    pub words: usize,
    /// Its gold class.
    pub gold: usize,
    /// Its held-out scores (after the context stage).
    pub scores: Scores,
}

/// One calibration document: its source's index and its paragraphs in
/// reading order.
#[derive(Debug, Clone)]
pub(crate) struct CalDoc {
    pub source: usize,
    pub rows: Vec<CalRow>,
}

/// Parameters → a calibration (θ = ln T, then the biases of classes 1..k).
fn from_theta(theta: &[f64], k: usize, objective: CalibrationObjective) -> Calibration {
    let mut bias = vec![0.0; k];
    for (b, t) in bias.iter_mut().skip(1).zip(&theta[1..]) {
        *b = *t;
    }
    Calibration {
        objective,
        temperature: theta[0].exp(),
        bias,
        relabel: true,
        documents: 0,
        paragraphs: 0,
    }
}

/// Mean log-loss of `docs`' paragraphs under `c`.
fn log_loss(c: &Calibration, docs: &[&CalDoc]) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for d in docs {
        for r in &d.rows {
            let p = c.probabilities(&r.scores.probabilities);
            sum -= p[r.gold].max(1e-12).ln();
            n += 1;
        }
    }
    sum / n.max(1) as f64
}

/// Mean per-document share error of the probability-weighted shares.
fn share_loss(c: &Calibration, docs: &[&CalDoc], k: usize) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    let mut gold = vec![0.0; k];
    let mut soft = vec![0.0; k];
    for d in docs {
        gold.iter_mut().for_each(|g| *g = 0.0);
        soft.iter_mut().for_each(|s| *s = 0.0);
        let mut total = 0.0;
        for r in &d.rows {
            let w = r.words as f64;
            total += w;
            gold[r.gold] += w;
            for (s, p) in soft
                .iter_mut()
                .zip(c.probabilities(&r.scores.probabilities))
            {
                *s += w * p;
            }
        }
        if total > 0.0 {
            sum += gold
                .iter()
                .zip(&soft)
                .map(|(g, s)| (g - s).abs())
                .sum::<f64>()
                / (2.0 * total);
            n += 1;
        }
    }
    sum / n.max(1) as f64
}

/// Minimises `f` from `start` with the Nelder-Mead simplex (standard
/// coefficients, initial steps of 0.5, a fixed number of iterations: the
/// result is deterministic).
fn nelder_mead(f: &dyn Fn(&[f64]) -> f64, start: &[f64]) -> Vec<f64> {
    let n = start.len();
    let mut simplex: Vec<(Vec<f64>, f64)> = (0..=n)
        .map(|i| {
            let mut x = start.to_vec();
            if i > 0 {
                x[i - 1] += 0.5;
            }
            let v = f(&x);
            (x, v)
        })
        .collect();
    for _ in 0..400 * n {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        if simplex[n].1 - simplex[0].1 < 1e-10 {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|(x, _)| x[j]).sum::<f64>() / n as f64)
            .collect();
        let along = |t: f64| -> Vec<f64> {
            centroid
                .iter()
                .zip(&simplex[n].0)
                .map(|(c, w)| c + t * (c - w))
                .collect()
        };
        let reflected = along(1.0);
        let fr = f(&reflected);
        if fr < simplex[0].1 {
            let expanded = along(2.0);
            let fe = f(&expanded);
            simplex[n] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let contracted = along(if fr < simplex[n].1 { 0.5 } else { -0.5 });
            let fc = f(&contracted);
            if fc < fr.min(simplex[n].1) {
                simplex[n] = (contracted, fc);
            } else {
                let best = simplex[0].0.clone();
                for (x, v) in simplex.iter_mut().skip(1) {
                    for (xj, bj) in x.iter_mut().zip(&best) {
                        *xj = bj + 0.5 * (*xj - bj);
                    }
                    *v = f(x);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    simplex.swap_remove(0).0
}

/// Fits `objective` on `docs` (`None` for [`CalibrationObjective::None`]).
pub(crate) fn fit(
    objective: CalibrationObjective,
    docs: &[&CalDoc],
    k: usize,
) -> Option<Calibration> {
    let dims = match objective {
        CalibrationObjective::None => return None,
        CalibrationObjective::Temperature => 1,
        CalibrationObjective::LogLoss | CalibrationObjective::Share => k,
    };
    let loss = |theta: &[f64]| -> f64 {
        let mut full = vec![0.0; k];
        full[..theta.len()].copy_from_slice(theta);
        let c = from_theta(&full, k, objective);
        match objective {
            CalibrationObjective::Share => share_loss(&c, docs, k),
            _ => log_loss(&c, docs),
        }
    };
    let theta = nelder_mead(&loss, &vec![0.0; dims]);
    let mut full = vec![0.0; k];
    full[..dims].copy_from_slice(&theta);
    let mut c = from_theta(&full, k, objective);
    c.documents = docs.len();
    c.paragraphs = docs.iter().map(|d| d.rows.len()).sum();
    Some(c)
}

/// Page-grouped folds: each source's documents shuffled with the seed and
/// dealt round-robin, so every fold holds some of every source.
fn assign_folds(docs: &[CalDoc], folds: usize, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut fold_of = vec![0; docs.len()];
    let sources = docs.iter().map(|d| d.source + 1).max().unwrap_or(0);
    let mut next = 0;
    for s in 0..sources {
        let mut mine: Vec<usize> = (0..docs.len()).filter(|&d| docs[d].source == s).collect();
        mine.shuffle(&mut rng);
        for d in mine {
            fold_of[d] = next % folds;
            next += 1;
        }
    }
    fold_of
}

/// The figures of `docs` (scores as given) per source.
fn figures(
    docs: &[CalDoc],
    sources: &[String],
    classes: &[&str],
    opinion: Option<usize>,
) -> Vec<CalibrationFigure> {
    let k = classes.len();
    (0..sources.len())
        .filter_map(|s| {
            let mine: Vec<&CalDoc> = docs.iter().filter(|d| d.source == s).collect();
            if mine.is_empty() {
                return None;
            }
            let rows = mine.iter().flat_map(|d| &d.rows);
            let gold: Vec<usize> = rows.clone().map(|r| r.gold).collect();
            let pred: Vec<usize> = rows.clone().map(|r| r.scores.label).collect();
            let probs: Vec<Vec<f64>> = rows.map(|r| r.scores.probabilities.clone()).collect();
            let report = metrics::report(classes, &gold, &pred, Some(&probs));
            let share_docs: Vec<Vec<ShareRow>> = mine
                .iter()
                .map(|d| {
                    d.rows
                        .iter()
                        .map(|r| ShareRow {
                            words: r.words,
                            gold: r.gold,
                            predicted: r.scores.label,
                            probabilities: &r.scores.probabilities,
                        })
                        .collect()
                })
                .collect();
            Some(CalibrationFigure {
                path: sources[s].clone(),
                documents: mine.len(),
                macro_f1: report.macro_f1,
                opinion_f1: opinion.map(|o| report.classes[o].f1),
                ece: report.ece.unwrap_or(0.0),
                share_error: metrics::share_error(k, &share_docs),
                coverage: metrics::interval_coverage(k, &share_docs),
            })
        })
        .collect()
}

/// `docs` with every paragraph's scores calibrated by `c`.
fn calibrated(docs: &[&CalDoc], c: Option<&Calibration>) -> Vec<CalDoc> {
    docs.iter()
        .map(|d| CalDoc {
            source: d.source,
            rows: d
                .rows
                .iter()
                .map(|r| CalRow {
                    words: r.words,
                    gold: r.gold,
                    scores: match c {
                        Some(c) => c.apply(r.scores.clone()),
                        None => r.scores.clone(),
                    },
                })
                .collect(),
        })
        .collect()
}

/// Every objective measured by page-grouped cross-validation (labels
/// following the calibrated probabilities or not, as `relabel` says), and
/// `chosen` also fitted per source (a calibration per kind of document:
/// does it matter?); then `chosen` fitted on every document (`None` when
/// it is `none`, or when fewer documents than folds have two paragraphs).
pub(crate) fn calibrate(
    chosen: CalibrationObjective,
    relabel: bool,
    docs: Vec<CalDoc>,
    sources: &[String],
    classes: &[&str],
    folds: usize,
    seed: u64,
) -> (Option<Calibration>, Option<CalibrationCv>) {
    let k = classes.len();
    let docs: Vec<CalDoc> = docs.into_iter().filter(|d| d.rows.len() >= 2).collect();
    if docs.len() < folds.max(2) {
        return (None, None);
    }
    let opinion = classes.iter().position(|c| *c == "opinion");
    let fold_of = assign_folds(&docs, folds, seed);
    let fitted = |objective, train: &[&CalDoc]| {
        fit(objective, train, k).map(|mut c| {
            c.relabel = relabel;
            c
        })
    };
    // Out-of-fold documents under `objective`, fitted on the other folds'
    // documents (of the same source only, when `per_source`).
    let out_of_fold = |objective, per_source: bool| -> Vec<CalDoc> {
        let mut out: Vec<(usize, CalDoc)> = Vec::new();
        for f in 0..folds {
            for s in 0..sources.len() {
                let test_idx: Vec<usize> = (0..docs.len())
                    .filter(|&d| fold_of[d] == f && docs[d].source == s)
                    .collect();
                let train: Vec<&CalDoc> = (0..docs.len())
                    .filter(|&d| fold_of[d] != f && (!per_source || docs[d].source == s))
                    .map(|d| &docs[d])
                    .collect();
                let test: Vec<&CalDoc> = test_idx.iter().map(|&d| &docs[d]).collect();
                let c = fitted(objective, &train);
                out.extend(test_idx.into_iter().zip(calibrated(&test, c.as_ref())));
            }
        }
        out.sort_by_key(|(d, _)| *d);
        out.into_iter().map(|(_, d)| d).collect()
    };
    let all: Vec<&CalDoc> = docs.iter().collect();
    let mut variants: Vec<CalibrationVariant> = CalibrationObjective::ALL
        .iter()
        .map(|&objective| {
            let full = fitted(objective, &all);
            CalibrationVariant {
                objective,
                per_source: false,
                temperature: full.as_ref().map_or(1.0, |c| c.temperature),
                bias: full.map_or(vec![0.0; k], |c| c.bias),
                sources: figures(&out_of_fold(objective, false), sources, classes, opinion),
            }
        })
        .collect();
    if chosen != CalibrationObjective::None && sources.len() > 1 {
        variants.push(CalibrationVariant {
            objective: chosen,
            per_source: true,
            temperature: 1.0,
            bias: Vec::new(),
            sources: figures(&out_of_fold(chosen, true), sources, classes, opinion),
        });
    }
    let cv = CalibrationCv {
        folds,
        documents: docs.len(),
        chosen,
        variants,
    };
    (fitted(chosen, &all), Some(cv))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::argmax;

    fn row(words: usize, gold: usize, p: [f64; 3]) -> CalRow {
        CalRow {
            words,
            gold,
            scores: Scores {
                probabilities: p.to_vec(),
                label: argmax(&p).0,
            },
        }
    }

    /// Pages whose paragraphs are right but too unsure (every gold class
    /// at 0.5): a calibration should sharpen them.
    fn unsure_pages(n: usize) -> Vec<CalDoc> {
        (0..n)
            .map(|i| CalDoc {
                source: i % 2,
                rows: (0..4)
                    .map(|j| {
                        let gold = (i + j) % 3;
                        let mut p = [0.25; 3];
                        p[gold] = 0.5;
                        row(10 + j, gold, p)
                    })
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn log_loss_sharpens_right_but_unsure_probabilities() {
        let docs = unsure_pages(20);
        let all: Vec<&CalDoc> = docs.iter().collect();
        let c = fit(CalibrationObjective::Temperature, &all, 3).unwrap();
        assert!(c.temperature < 0.5, "T = {}", c.temperature);
        let before = share_loss(&from_theta(&[0.0; 3], 3, c.objective), &all, 3);
        assert!(share_loss(&c, &all, 3) < before / 2.0);
    }

    #[test]
    fn the_share_objective_finds_a_missing_class_bias() {
        // Gold opinion everywhere, probabilities leaning fact: a bias
        // toward opinion lowers the share error.
        let docs: Vec<CalDoc> = (0..10)
            .map(|i| CalDoc {
                source: 0,
                rows: vec![row(20, 2, [0.5, 0.1, 0.4]), row(30 + i, 2, [0.4, 0.1, 0.5])],
            })
            .collect();
        let all: Vec<&CalDoc> = docs.iter().collect();
        let c = fit(CalibrationObjective::Share, &all, 3).unwrap();
        assert!(c.bias[2] > c.bias[0], "{c:?}");
        assert!(share_loss(&c, &all, 3) < 0.1);
    }

    #[test]
    fn cross_validation_reports_every_objective_per_source() {
        let sources = vec!["a".to_string(), "b".to_string()];
        let (c, cv) = calibrate(
            CalibrationObjective::LogLoss,
            true,
            unsure_pages(20),
            &sources,
            &["fact", "quotation", "opinion"],
            5,
            42,
        );
        let (c, cv) = (c.unwrap(), cv.unwrap());
        assert_eq!(c.documents, 20);
        assert_eq!(cv.variants.len(), CalibrationObjective::ALL.len() + 1);
        assert!(cv.variants.last().unwrap().per_source);
        let none = &cv.variants[0].sources[0];
        let fitted = &cv.variants[2].sources[0];
        assert_eq!(none.documents, 10);
        assert!(fitted.share_error.probabilities < none.share_error.probabilities);
        assert_eq!(fitted.macro_f1, none.macro_f1, "sharpening keeps labels");
        assert!(none.coverage.is_some());
    }
}
