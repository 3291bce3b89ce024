//! The fits: [`prepare`] fits the vectorizer and the dense scaler on a set
//! of rows and balances the classes (the parameters → fitted step, as
//! linfa separates them); [`fit_sparse_path`] fits every alpha with the
//! sparse solver for cross-validation; [`fit_final`] finds the optimum with
//! the sparse solver and lets linfa-logistic fit the dense matrix from
//! there. The result is a [`Fitted`] set of head parts.

use crate::error::{Error, Result};
use crate::features::{DenseScaler, Tfidf};
use crate::model::info::TrainingInfo;
use crate::model::score::Analysed;
use crate::model::sparse::{self, Csr};
use crate::model::{Balance, Classifier, Precision, TrainParams};
use linfa::traits::Fit;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2, Axis};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Fitted parts of a head, before they are wrapped with their metadata.
pub(super) struct Fitted {
    tfidf: Tfidf,
    dense: DenseScaler,
    weights: Vec<f64>,
    intercept: Vec<f64>,
    class_bias: Vec<f64>,
}

/// A dense training matrix in the precision linfa fits in.
enum Matrix {
    F32(Array2<f32>),
    F64(Array2<f64>),
}

/// Training rows of one fit: fitted vectorizer and scaler, class prior
/// correction, and which examples make the rows (with oversampling, some
/// appear more than once).
pub(super) struct Prepared {
    tfidf: Tfidf,
    dense: DenseScaler,
    class_bias: Vec<f64>,
    /// The examples that make the rows, in row order.
    pub(super) rows: Vec<usize>,
    y: Array1<usize>,
}

impl Prepared {
    /// Columns: tf-idf terms, then dense features.
    pub(super) fn cols(&self) -> usize {
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
            .map_err(|e| Error::Internal(e.to_string()))?;
        (classes, stacked)
    }};
}

/// Fits the vectorizer and the dense scaler on rows `idx` and balances the
/// classes as `params.balance` asks: the training rows of one fit.
pub(super) fn prepare(
    params: &TrainParams,
    analysed: &[Analysed],
    labels: &[usize],
    idx: &[usize],
) -> Result<Prepared> {
    let k = params.task.classes().len();
    let docs: Vec<&[String]> = idx.iter().map(|&i| analysed[i].terms.as_slice()).collect();
    let doc_labels: Vec<usize> = idx.iter().map(|&i| labels[i]).collect();
    let tfidf = params.tfidf.fit_labelled(&docs, Some(&doc_labels))?;
    let tfidf = crate::model::nb::scaled(tfidf, &docs, &doc_labels, k, params.nb_scaling)?;
    let raw: Vec<Vec<f64>> = idx.iter().map(|&i| analysed[i].dense.clone()).collect();
    let dense = DenseScaler::fit(&params.dense, &raw);

    let mut counts = vec![0usize; k];
    for &i in idx {
        counts[labels[i]] += 1;
    }
    if let Some(c) = counts.iter().position(|&c| c == 0) {
        return Err(Error::MissingClass {
            class: params.task.classes()[c].to_string(),
            rows: "a training fold",
        });
    }
    let (rows, class_bias) = balance(params, labels, idx, &counts);
    let y: Array1<usize> = rows.iter().map(|&i| labels[i]).collect();
    Ok(Prepared {
        tfidf,
        dense,
        class_bias,
        rows,
        y,
    })
}

/// The rows of a fit over `idx` (with `counts` rows per class) and the
/// per-class logit offsets, as `params.balance` asks: `prior` keeps the
/// rows and offsets each class by −ln(its share), centred; `oversample`
/// repeats the smaller classes' rows (whole copies, then a seeded random
/// part) up to the largest class.
fn balance(
    params: &TrainParams,
    labels: &[usize],
    idx: &[usize],
    counts: &[usize],
) -> (Vec<usize>, Vec<f64>) {
    let k = counts.len();
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
    (rows, class_bias)
}

/// Fits each alpha in turn with the sparse solver, each starting from the
/// previous solution. Used for cross-validation: no dense matrix is built.
pub(super) fn fit_sparse_path(
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
pub(super) fn fit_final(
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
    if let Some(c) = (0..k).find(|c| !classes.contains(c)) {
        return Err(Error::MissingClass {
            class: params.task.classes()[c].to_string(),
            rows: "the training data",
        });
    }
    if classes.len() != k {
        return Err(Error::Internal(format!(
            "linfa fitted {} classes, expected {k}",
            classes.len()
        )));
    }
    Ok((p.fitted(&stacked), warm.iterations))
}

/// Wraps fitted parts into a scoring-ready head (metadata left empty).
pub(super) fn fitted_head(params: &TrainParams, f: Fitted) -> Classifier {
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
        calibration: None,
        training: TrainingInfo {
            stance_version: String::new(),
            params: params.clone(),
            sources: Vec::new(),
            counts: Vec::new(),
            alpha: 0.0,
            cv: None,
            languages: crate::language::ENGLISH
                .iter()
                .map(|l| l.to_string())
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{separable_source, small_params};
    use super::*;
    use crate::model::Featurizer;

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
