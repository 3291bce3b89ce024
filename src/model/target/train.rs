//! Training the target head: NewsMTSC rows → feature rows → a vocabulary
//! of the feature names seen at least `min_count` times → L2 strength and
//! class priors chosen by cross-validation (folds keep a sentence's rows
//! together) → the final fit on every row, with the same sparse solver as
//! the paragraph heads.

use super::{TargetHead, TargetSourceInfo, TargetTraining};
use crate::analyze::{Analyzer, AnalyzerConfig};
use crate::error::{Error, Result};
use crate::features::PolarityLexicon;
use crate::metrics;
use crate::model::sparse::{self, Csr};
use crate::model::GridPoint;
use crate::progress::Progress;
use crate::target::corpus::{TargetExample, TargetSource};
use crate::target::features::{self, FeatureConfig, Lexicon};
use crate::task::Task;
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The target head's hyperparameters (the `[params]` of a target recipe).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TargetParams {
    /// L2 strengths tried in cross-validation.
    pub alphas: Vec<f64>,
    /// Folds (at least 2).
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// Feature names seen in fewer training rows are dropped.
    pub min_count: usize,
    /// Which features.
    pub features: FeatureConfig,
    /// The lexicon directory (relative to the recipe), read at training
    /// time only.
    pub lexicons: Option<String>,
    /// L-BFGS iteration cap.
    pub max_iterations: u64,
    /// L-BFGS gradient tolerance per row.
    pub gradient_tolerance: f64,
}

impl Default for TargetParams {
    fn default() -> Self {
        TargetParams {
            alphas: vec![1.0, 3.0, 10.0],
            folds: 5,
            seed: 42,
            min_count: 2,
            features: FeatureConfig::default(),
            lexicons: None,
            max_iterations: 500,
            gradient_tolerance: 1e-4,
        }
    }
}

/// One feature row per example.
type Row = Vec<(String, f64)>;

/// FNV-1a of the seed and a text: the fold of a sentence.
fn fold_of(seed: u64, text: &str, folds: usize) -> usize {
    let mut h: u64 = 0xcbf29ce484222325 ^ seed;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    (h % folds as u64) as usize
}

/// Log prior correction that makes the classes equally likely a priori.
fn balancing(y: &[usize], k: usize) -> Vec<f64> {
    let mut counts = vec![0.0f64; k];
    for &c in y {
        counts[c] += 1.0;
    }
    let n: f64 = counts.iter().sum();
    counts
        .iter()
        .map(|&c| ((n / k as f64) / c.max(1.0)).ln())
        .collect()
}

/// Trains the head on `sources` (held-out sentences already removed).
pub fn train_target(
    params: &TargetParams,
    sources: &[TargetSource],
    removed: &[usize],
    lexicon: PolarityLexicon,
    progress: &dyn Progress,
) -> Result<TargetHead> {
    let k = Task::Target.classes().len();
    if params.folds < 2 || params.alphas.is_empty() {
        return Err(Error::Params(
            "the target head needs at least 2 folds and one alpha".into(),
        ));
    }
    let analyzer_config = AnalyzerConfig {
        negation: true,
        ..AnalyzerConfig::default()
    };
    let analyzer = Analyzer::new(analyzer_config.clone());
    let lex = Lexicon::new(&lexicon, &analyzer);
    let examples: Vec<&TargetExample> = sources.iter().flat_map(|s| &s.examples).collect();
    if examples.len() < params.folds * k {
        return Err(Error::Params(format!(
            "the target head needs at least {} training rows, found {}",
            params.folds * k,
            examples.len()
        )));
    }
    progress.phase("featurising", examples.len() as u64);
    let mut token_memo: HashMap<&str, Vec<crate::analyze::Token>> = HashMap::new();
    let rows: Vec<Row> = examples
        .iter()
        .map(|e| {
            let tokens = token_memo
                .entry(e.text.as_str())
                .or_insert_with(|| analyzer.analyze(&e.text));
            progress.advance(1);
            features::extract(
                &params.features,
                &lex,
                &e.text,
                tokens,
                std::slice::from_ref(&e.mention),
            )
        })
        .collect();
    let y: Vec<usize> = examples.iter().map(|e| e.label).collect();
    // The vocabulary: names in at least min_count rows (no labels read).
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for row in &rows {
        for (name, _) in row {
            *seen.entry(name.as_str()).or_default() += 1;
        }
    }
    let mut vocabulary: Vec<String> = seen
        .into_iter()
        .filter(|(_, c)| *c >= params.min_count)
        .map(|(n, _)| n.to_string())
        .collect();
    vocabulary.sort();
    let index: HashMap<&str, u32> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as u32))
        .collect();
    let sparse_rows: Vec<Vec<(u32, f64)>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .filter_map(|(n, v)| index.get(n.as_str()).map(|&i| (i, *v)))
                .collect()
        })
        .collect();
    let csr = |which: &[usize]| {
        let mut x = Csr::new(vocabulary.len());
        for &i in which {
            x.push_row(sparse_rows[i].iter().copied());
        }
        x
    };
    let fold: Vec<usize> = examples
        .iter()
        .map(|e| fold_of(params.seed, &e.text, params.folds))
        .collect();
    let tol = |rows: usize| params.gradient_tolerance * rows as f64;
    // Out-of-fold logits (without bias) per alpha, and each fold's bias.
    progress.phase(
        "cross-validation",
        (params.folds * params.alphas.len()) as u64,
    );
    let mut oof = vec![vec![vec![0.0; k]; y.len()]; params.alphas.len()];
    let mut fold_bias = vec![vec![0.0; k]; params.folds];
    for (f, bias) in fold_bias.iter_mut().enumerate() {
        let train: Vec<usize> = (0..y.len()).filter(|&i| fold[i] != f).collect();
        let test: Vec<usize> = (0..y.len()).filter(|&i| fold[i] == f).collect();
        let x = csr(&train);
        let ty: Vec<usize> = train.iter().map(|&i| y[i]).collect();
        *bias = balancing(&ty, k);
        let mut warm: Option<Array2<f64>> = None;
        for (ai, &alpha) in params.alphas.iter().enumerate() {
            let fit = sparse::fit(
                &x,
                &ty,
                k,
                alpha,
                tol(ty.len()),
                params.max_iterations,
                warm.as_ref(),
            )?;
            for &i in &test {
                oof[ai][i] = logits(&fit.params, &sparse_rows[i], k);
            }
            warm = Some(fit.params);
            progress.advance(1);
        }
    }
    // Choose alpha and the prior treatment by out-of-fold macro-F1.
    let labels = Task::Target.classes();
    let mut best: Option<(f64, usize, bool, metrics::Report)> = None;
    let mut grid = Vec::new();
    for (ai, &alpha) in params.alphas.iter().enumerate() {
        let mut point: Option<(f64, f64, bool, metrics::Report)> = None;
        for balanced in [false, true] {
            let probs: Vec<Vec<f64>> = (0..y.len())
                .map(|i| {
                    let mut l = oof[ai][i].clone();
                    if balanced {
                        for (v, b) in l.iter_mut().zip(&fold_bias[fold[i]]) {
                            *v += b;
                        }
                    }
                    crate::model::score::softmax_in_place(&mut l);
                    l
                })
                .collect();
            let predicted: Vec<usize> = probs.iter().map(|p| metrics::argmax(p).0).collect();
            let report = metrics::report(labels, &y, &predicted, Some(&probs));
            let per_fold: Vec<f64> = (0..params.folds)
                .map(|f| {
                    let (g, p): (Vec<usize>, Vec<usize>) = (0..y.len())
                        .filter(|&i| fold[i] == f)
                        .map(|i| (y[i], predicted[i]))
                        .unzip();
                    metrics::report(labels, &g, &p, None).macro_f1
                })
                .collect();
            let mean = per_fold.iter().sum::<f64>() / per_fold.len() as f64;
            let std = (per_fold.iter().map(|v| (v - mean).powi(2)).sum::<f64>()
                / per_fold.len() as f64)
                .sqrt();
            if point.as_ref().is_none_or(|p| report.macro_f1 > p.0) {
                point = Some((report.macro_f1, std, balanced, report));
            }
        }
        let (f1, std, balanced, report) = point.expect("two treatments were scored");
        grid.push(GridPoint {
            alpha,
            macro_f1: f1,
            std,
        });
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, ai, balanced, report));
        }
    }
    let (_, ai, balanced, report) = best.expect("at least one alpha");
    let alpha = params.alphas[ai];
    progress.phase("final fit", 1);
    let all: Vec<usize> = (0..y.len()).collect();
    let fit = sparse::fit(
        &csr(&all),
        &y,
        k,
        alpha,
        0.5 * tol(y.len()),
        params.max_iterations,
        None,
    )?;
    progress.advance(1);
    let f = vocabulary.len();
    let weights: Vec<f64> = fit
        .params
        .rows()
        .into_iter()
        .take(f)
        .flatten()
        .copied()
        .collect();
    let intercept: Vec<f64> = fit.params.row(f).to_vec();
    let class_bias = if balanced {
        balancing(&y, k)
    } else {
        vec![0.0; k]
    };
    let sources = sources
        .iter()
        .zip(removed)
        .map(|(s, &removed)| {
            let mut counts = vec![0; k];
            for e in &s.examples {
                counts[e.label] += 1;
            }
            TargetSourceInfo {
                path: s.spec.clone(),
                sha256: s.sha256.clone(),
                counts,
                removed,
            }
        })
        .collect();
    // Keep only the lexicon entries the features read.
    let lexicon = PolarityLexicon {
        subjectivity: Default::default(),
        ..lexicon
    };
    let head = TargetHead {
        classes: labels.iter().map(|c| c.to_string()).collect(),
        analyzer: analyzer_config,
        features: params.features.clone(),
        vocabulary,
        weights,
        intercept,
        class_bias,
        lexicon,
        training: TargetTraining {
            params: params.clone(),
            sources,
            alpha,
            balanced,
            grid,
            cv: Some(report),
        },
    };
    head.validate()?;
    Ok(head)
}

/// `row · W + b` for parameters in the solver's layout.
fn logits(params: &Array2<f64>, row: &[(u32, f64)], k: usize) -> Vec<f64> {
    let f = params.nrows() - 1;
    let mut l: Vec<f64> = params.row(f).to_vec();
    for &(i, v) in row {
        for (c, out) in l.iter_mut().enumerate().take(k) {
            *out += v * params[[i as usize, c]];
        }
    }
    l
}

/// Drops examples whose sentence is in `held_out`; returns how many went.
pub fn drop_held_out(source: &mut TargetSource, held_out: &HashSet<String>) -> usize {
    let before = source.examples.len();
    source.examples.retain(|e| !held_out.contains(&e.text));
    before - source.examples.len()
}
