//! Training the genre head: one example per labelled page (its features and
//! the readers' genre) → L2 strength and class priors chosen by stratified
//! k-fold cross-validation over pages (features standardised on each fold's
//! training pages) → the final fit on every page, with the same sparse
//! solver as the other heads (linfa-logistic's objective).

use super::{GenreHead, GenreSourceInfo, GenreTraining};
use crate::error::{Error, Result};
use crate::genre::{features, Genre};
use crate::metrics::{self, Report};
use crate::model::sparse::{self, Csr};
use crate::model::GridPoint;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// The genre head's hyperparameters (the `[params]` of models/genre.toml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GenreParams {
    /// L2 strengths tried in cross-validation.
    pub alphas: Vec<f64>,
    /// Folds (at least 2), stratified by genre.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// The features used (`genre::features::NAMES`; empty: all).
    pub features: Vec<String>,
    /// L-BFGS iteration cap.
    pub max_iterations: u64,
    /// L-BFGS gradient tolerance per page.
    pub gradient_tolerance: f64,
}

impl Default for GenreParams {
    fn default() -> Self {
        GenreParams {
            alphas: vec![1.0, 3.0, 10.0, 30.0],
            folds: 5,
            seed: 42,
            features: Vec::new(),
            max_iterations: 1000,
            gradient_tolerance: 1e-5,
        }
    }
}

/// One labelled page.
#[derive(Debug, Clone)]
pub struct GenreExample {
    /// The page's key (folds are assigned by it).
    pub key: String,
    /// Its features, all of `genre::features::NAMES`.
    pub x: [f64; features::NAMES.len()],
    /// The readers' genre.
    pub gold: Genre,
    /// The genre the page declares, if any.
    pub declared: Option<Genre>,
}

/// What cross-validation found: the chosen settings and the out-of-fold
/// figures at them.
#[derive(Debug, Clone)]
pub struct CvOutcome {
    /// The chosen L2 strength.
    pub alpha: f64,
    /// Whether balancing the priors was better.
    pub balanced: bool,
    /// Out-of-fold accuracy per alpha.
    pub grid: Vec<GridPoint>,
    /// The classifier alone, out of fold.
    pub report: Report,
    /// Declared genres first, the classifier's otherwise.
    pub declared_first: Report,
    /// Out-of-fold probabilities per page.
    pub probabilities: Vec<Vec<f64>>,
}

/// FNV-1a of the seed and a key.
fn hash(seed: u64, key: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325 ^ seed;
    for b in key.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Each page's fold: per genre, its pages in hash order dealt out in turn,
/// so every fold holds about the same share of each genre.
fn folds_of(examples: &[GenreExample], folds: usize, seed: u64) -> Vec<usize> {
    let mut fold = vec![0; examples.len()];
    let mut next = 0usize;
    for g in Genre::ALL {
        let mut members: Vec<usize> = (0..examples.len())
            .filter(|&i| examples[i].gold == g)
            .collect();
        members.sort_by_key(|&i| (hash(seed, &examples[i].key), i));
        for i in members {
            fold[i] = next % folds;
            next += 1;
        }
    }
    fold
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

/// The columns of the used features, from the params.
fn columns(params: &GenreParams) -> Result<Vec<usize>> {
    if params.features.is_empty() {
        return Ok((0..features::NAMES.len()).collect());
    }
    params
        .features
        .iter()
        .map(|f| {
            features::index_of(f).ok_or_else(|| {
                Error::Params(format!(
                    "unknown genre feature {f:?}; known: {}",
                    features::NAMES.join(", ")
                ))
            })
        })
        .collect()
}

/// Mean and standard deviation (1 where constant) of the used columns
/// over the pages `rows`.
fn standardiser(examples: &[GenreExample], rows: &[usize], cols: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let n = rows.len().max(1) as f64;
    let mean: Vec<f64> = cols
        .iter()
        .map(|&c| rows.iter().map(|&i| examples[i].x[c]).sum::<f64>() / n)
        .collect();
    let scale = cols
        .iter()
        .zip(&mean)
        .map(|(&c, m)| {
            let v = rows
                .iter()
                .map(|&i| (examples[i].x[c] - m).powi(2))
                .sum::<f64>()
                / n;
            if v > 1e-12 {
                v.sqrt()
            } else {
                1.0
            }
        })
        .collect();
    (mean, scale)
}

/// One page's standardised row.
fn row(e: &GenreExample, cols: &[usize], mean: &[f64], scale: &[f64]) -> Vec<(u32, f64)> {
    cols.iter()
        .enumerate()
        .map(|(j, &c)| (j as u32, (e.x[c] - mean[j]) / scale[j]))
        .collect()
}

/// `row · W + b` for parameters in the solver's layout.
fn logits(params: &Array2<f64>, row: &[(u32, f64)]) -> Vec<f64> {
    let f = params.nrows() - 1;
    let mut l: Vec<f64> = params.row(f).to_vec();
    for &(i, v) in row {
        for (c, out) in l.iter_mut().enumerate() {
            *out += v * params[[i as usize, c]];
        }
    }
    l
}

fn check(params: &GenreParams, examples: &[GenreExample]) -> Result<()> {
    if params.folds < 2 || params.alphas.is_empty() {
        return Err(Error::Params(
            "the genre head needs at least 2 folds and one alpha".into(),
        ));
    }
    if examples.len() < 2 * params.folds {
        return Err(Error::Params(format!(
            "the genre head needs at least {} labelled pages, found {}",
            2 * params.folds,
            examples.len()
        )));
    }
    Ok(())
}

/// Stratified k-fold cross-validation over pages: every alpha of `params`,
/// with and without balanced priors (or only `balanced` when given); the
/// setting with the best out-of-fold accuracy (ties: the first, i.e. the
/// smaller alpha, training priors before balanced ones).
pub fn cross_validate(
    params: &GenreParams,
    examples: &[GenreExample],
    balanced: Option<bool>,
) -> Result<CvOutcome> {
    check(params, examples)?;
    let cols = columns(params)?;
    let k = Genre::ALL.len();
    let at = |g: Genre| Genre::ALL.iter().position(|x| *x == g).unwrap_or(0);
    let y: Vec<usize> = examples.iter().map(|e| at(e.gold)).collect();
    let fold = folds_of(examples, params.folds, params.seed);
    let mut oof = vec![vec![vec![0.0; k]; y.len()]; params.alphas.len()];
    let mut fold_bias = vec![vec![0.0; k]; params.folds];
    for (f, bias) in fold_bias.iter_mut().enumerate() {
        let train: Vec<usize> = (0..y.len()).filter(|&i| fold[i] != f).collect();
        let test: Vec<usize> = (0..y.len()).filter(|&i| fold[i] == f).collect();
        let (mean, scale) = standardiser(examples, &train, &cols);
        let mut x = Csr::new(cols.len());
        for &i in &train {
            x.push_row(row(&examples[i], &cols, &mean, &scale));
        }
        let ty: Vec<usize> = train.iter().map(|&i| y[i]).collect();
        *bias = balancing(&ty, k);
        for (ai, &alpha) in params.alphas.iter().enumerate() {
            let fit = sparse::fit(
                &x,
                &ty,
                k,
                alpha,
                params.gradient_tolerance * ty.len() as f64,
                params.max_iterations,
                None,
            )?;
            for &i in &test {
                oof[ai][i] = logits(&fit.params, &row(&examples[i], &cols, &mean, &scale));
            }
        }
    }
    let labels: Vec<&str> = Genre::ALL.iter().map(|g| g.name()).collect();
    let mut best: Option<(f64, CvOutcome)> = None;
    let mut grid = Vec::new();
    for (ai, &alpha) in params.alphas.iter().enumerate() {
        let mut point: Option<(f64, f64, bool, Vec<Vec<f64>>)> = None;
        let treatments = match balanced {
            Some(b) => vec![b],
            None => vec![false, true],
        };
        for balanced in treatments {
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
            let right: Vec<bool> = (0..y.len())
                .map(|i| metrics::argmax(&probs[i]).0 == y[i])
                .collect();
            let accuracy = right.iter().filter(|r| **r).count() as f64 / y.len() as f64;
            let per_fold: Vec<f64> = (0..params.folds)
                .map(|f| {
                    let (n, r) = (0..y.len())
                        .filter(|&i| fold[i] == f)
                        .fold((0, 0), |(n, r), i| (n + 1, r + right[i] as usize));
                    r as f64 / n.max(1) as f64
                })
                .collect();
            let mean = per_fold.iter().sum::<f64>() / per_fold.len() as f64;
            let std = (per_fold.iter().map(|v| (v - mean).powi(2)).sum::<f64>()
                / per_fold.len() as f64)
                .sqrt();
            if point.as_ref().is_none_or(|p| accuracy > p.0) {
                point = Some((accuracy, std, balanced, probs));
            }
        }
        let (accuracy, std, balanced, probs) = point.expect("a treatment was scored");
        grid.push(GridPoint {
            alpha,
            macro_f1: accuracy,
            std,
        });
        if best.as_ref().is_none_or(|b| accuracy > b.0) {
            let predicted: Vec<usize> = probs.iter().map(|p| metrics::argmax(p).0).collect();
            let report = metrics::report(&labels, &y, &predicted, Some(&probs));
            let first: Vec<usize> = examples
                .iter()
                .zip(&predicted)
                .map(|(e, &p)| e.declared.map_or(p, at))
                .collect();
            let declared_first = metrics::report(&labels, &y, &first, None);
            best = Some((
                accuracy,
                CvOutcome {
                    alpha,
                    balanced,
                    grid: Vec::new(),
                    report,
                    declared_first,
                    probabilities: probs,
                },
            ));
        }
    }
    let (_, mut outcome) = best.expect("at least one alpha");
    outcome.grid = grid;
    Ok(outcome)
}

/// Trains the head on `examples`: settings by [`cross_validate`], then one
/// fit on every page.
pub fn train_genre(
    params: &GenreParams,
    examples: &[GenreExample],
    sources: Vec<GenreSourceInfo>,
) -> Result<GenreHead> {
    let cv = cross_validate(params, examples, None)?;
    let cols = columns(params)?;
    let k = Genre::ALL.len();
    let at = |g: Genre| Genre::ALL.iter().position(|x| *x == g).unwrap_or(0);
    let y: Vec<usize> = examples.iter().map(|e| at(e.gold)).collect();
    let all: Vec<usize> = (0..examples.len()).collect();
    let (mean, scale) = standardiser(examples, &all, &cols);
    let mut x = Csr::new(cols.len());
    for e in examples {
        x.push_row(row(e, &cols, &mean, &scale));
    }
    let fit = sparse::fit(
        &x,
        &y,
        k,
        cv.alpha,
        0.5 * params.gradient_tolerance * y.len() as f64,
        params.max_iterations,
        None,
    )?;
    let f = cols.len();
    let weights: Vec<f64> = fit
        .params
        .rows()
        .into_iter()
        .take(f)
        .flatten()
        .copied()
        .collect();
    let intercept = fit.params.row(f).to_vec();
    let class_bias = if cv.balanced {
        balancing(&y, k)
    } else {
        vec![0.0; k]
    };
    let head = GenreHead {
        classes: Genre::ALL.iter().map(|g| g.name().to_string()).collect(),
        features: cols
            .iter()
            .map(|&c| features::NAMES[c].to_string())
            .collect(),
        mean,
        scale,
        weights,
        intercept,
        class_bias,
        training: GenreTraining {
            params: params.clone(),
            sources,
            alpha: cv.alpha,
            balanced: cv.balanced,
            grid: cv.grid,
            cv: cv.report,
            cv_declared_first: cv.declared_first,
        },
    };
    head.validate().map_err(Error::Params)?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages whose first feature says their genre, with noise elsewhere.
    fn pages() -> Vec<GenreExample> {
        (0..60)
            .map(|i| {
                let g = Genre::ALL[i % 3];
                let mut x = [0.0; features::NAMES.len()];
                x[0] = (i % 3) as f64 + 0.1 * ((i * 7) % 5) as f64;
                x[1] = ((i * 13) % 11) as f64;
                GenreExample {
                    key: format!("page{i}"),
                    x,
                    gold: g,
                    declared: (i == 0).then_some(Genre::Review),
                }
            })
            .collect()
    }

    #[test]
    fn learns_a_separable_genre_and_reports_both_ways() {
        use crate::genre::GenreScorer;
        let params = GenreParams {
            alphas: vec![0.1, 1.0],
            features: vec!["fact_share".into(), "quotation_share".into()],
            ..GenreParams::default()
        };
        let examples = pages();
        let head = train_genre(&params, &examples, Vec::new()).unwrap();
        assert!(head.training.cv.accuracy > 0.9, "{:?}", head.training.cv);
        // The one page that declares a wrong genre costs declared-first.
        assert!(head.training.cv_declared_first.accuracy < head.training.cv.accuracy);
        for e in &examples[1..6] {
            assert_eq!(head.predict(&e.x).0, e.gold);
        }
        let folds = folds_of(&examples, 5, 42);
        for f in 0..5 {
            assert_eq!(folds.iter().filter(|&&x| x == f).count(), 12);
        }
        assert!(cross_validate(
            &GenreParams {
                features: vec!["nope".into()],
                ..params
            },
            &examples,
            None
        )
        .is_err());
    }
}
