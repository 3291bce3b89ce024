//! linfa-logistic's objective on sparse rows.
//!
//! `MultiLogisticRegression` fits a dense matrix: every L-BFGS pass costs
//! rows × features × classes, although a paragraph has only a few dozen
//! non-zero TF-IDF entries among thousands of columns. This module minimises
//! the very same function,
//!
//! `-Σᵢ log softmax(xᵢ·W + b)[yᵢ] + α/2 ‖W‖²` (intercept not penalised),
//!
//! with the same optimiser (argmin's L-BFGS, memory 10, More–Thuente line
//! search, stop when the gradient's L2 norm falls under the tolerance), but
//! each pass costs only non-zeros × classes. Training uses it for the
//! cross-validation fits and to warm-start the final linfa fit, which then
//! starts at a point that already meets linfa's own convergence test.
//!
//! Parameters use linfa's layout: a `(features + 1) × classes` matrix whose
//! last row is the intercept, flattened row-major.

use crate::error::{Error, Result};
use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use std::sync::Mutex;

/// Rows in compressed sparse row form.
#[derive(Debug, Clone, Default)]
pub struct Csr {
    /// Number of columns.
    pub cols: usize,
    /// `indptr[r]..indptr[r + 1]` are row `r`'s entries.
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl Csr {
    /// An empty matrix with `cols` columns.
    pub fn new(cols: usize) -> Self {
        Csr {
            cols,
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Appends a row from `(column, value)` entries; zeros are dropped.
    pub fn push_row(&mut self, entries: impl IntoIterator<Item = (u32, f64)>) {
        for (c, v) in entries {
            debug_assert!((c as usize) < self.cols);
            if v != 0.0 {
                self.indices.push(c);
                self.values.push(v);
            }
        }
        self.indptr.push(self.indices.len());
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// The same rows as a dense matrix, each value cast by `cast`.
    pub fn to_dense<T: Copy + Default>(&self, cast: impl Fn(f64) -> T) -> Array2<T> {
        let mut x = Array2::<T>::default((self.rows(), self.cols));
        for (r, mut row) in x.rows_mut().into_iter().enumerate() {
            for (c, v) in self.row(r) {
                row[c] = cast(v);
            }
        }
        x
    }

    fn row(&self, r: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let span = self.indptr[r]..self.indptr[r + 1];
        self.indices[span.clone()]
            .iter()
            .map(|&c| c as usize)
            .zip(self.values[span].iter().copied())
    }
}

/// Rows per work unit. Fixed, so partial sums are added in the same order
/// whatever the thread count and results are reproducible.
const CHUNK: usize = 512;

/// Parameters with the cost and gradient there.
type Evaluated = (Array1<f64>, f64, Array1<f64>);

/// The objective on one training set.
struct Problem<'a> {
    x: &'a Csr,
    y: &'a [usize],
    k: usize,
    alpha: f64,
    /// The line search asks for the cost and then the gradient at the same
    /// point; both come from one pass over the rows, kept here.
    last: Mutex<Option<Evaluated>>,
}

impl Problem<'_> {
    /// Cost and gradient at `w`, from one pass over the rows.
    fn eval(&self, w: &Array1<f64>) -> (f64, Array1<f64>) {
        if let Ok(last) = self.last.lock() {
            if let Some((p, c, g)) = last.as_ref() {
                if p == w {
                    return (*c, g.clone());
                }
            }
        }
        let (k, f) = (self.k, self.x.cols);
        let w = w
            .as_slice()
            .map(|s| s.to_vec())
            .unwrap_or_else(|| w.to_vec());
        let partials: Vec<(f64, Vec<f64>)> = (0..self.x.rows())
            .collect::<Vec<_>>()
            .par_chunks(CHUNK)
            .map(|rows| {
                let mut grad = vec![0.0; (f + 1) * k];
                let mut loss = 0.0;
                let mut h = vec![0.0; k];
                for &r in rows {
                    h.copy_from_slice(&w[f * k..]);
                    for (c, v) in self.x.row(r) {
                        for (hj, wj) in h.iter_mut().zip(&w[c * k..(c + 1) * k]) {
                            *hj += v * wj;
                        }
                    }
                    // Stable log-sum-exp, then softmax in place.
                    let max = h.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let sum: f64 = h.iter().map(|v| (v - max).exp()).sum();
                    let lse = max + sum.ln();
                    loss += lse - h[self.y[r]];
                    for hj in h.iter_mut() {
                        *hj = (*hj - lse).exp();
                    }
                    h[self.y[r]] -= 1.0;
                    for (c, v) in self.x.row(r) {
                        for (gj, dj) in grad[c * k..(c + 1) * k].iter_mut().zip(&h) {
                            *gj += v * dj;
                        }
                    }
                    for (gj, dj) in grad[f * k..].iter_mut().zip(&h) {
                        *gj += dj;
                    }
                }
                (loss, grad)
            })
            .collect();
        let mut loss = 0.0;
        let mut grad = vec![0.0; (f + 1) * k];
        for (l, g) in partials {
            loss += l;
            for (a, b) in grad.iter_mut().zip(g) {
                *a += b;
            }
        }
        let mut penalty = 0.0;
        for (g, wv) in grad[..f * k].iter_mut().zip(&w[..f * k]) {
            *g += self.alpha * wv;
            penalty += wv * wv;
        }
        let cost = loss + 0.5 * self.alpha * penalty;
        let grad = Array1::from(grad);
        if let Ok(mut last) = self.last.lock() {
            *last = Some((Array1::from(w), cost, grad.clone()));
        }
        (cost, grad)
    }
}

impl CostFunction for Problem<'_> {
    type Param = Array1<f64>;
    type Output = f64;
    fn cost(&self, w: &Self::Param) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.eval(w).0)
    }
}

impl Gradient for Problem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;
    fn gradient(&self, w: &Self::Param) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        Ok(self.eval(w).1)
    }
}

/// What a sparse fit returns.
pub struct SparseFit {
    /// `(features + 1) × classes`, the last row the intercept: the layout
    /// linfa-logistic takes as initial parameters.
    pub params: Array2<f64>,
    /// L-BFGS iterations run.
    pub iterations: u64,
}

/// Minimises the objective on `x` with labels `y` in `0..k`, from `warm`
/// (same layout as [`SparseFit::params`]) or from zeros.
pub fn fit(
    x: &Csr,
    y: &[usize],
    k: usize,
    alpha: f64,
    tolerance: f64,
    max_iterations: u64,
    warm: Option<&Array2<f64>>,
) -> Result<SparseFit> {
    let f = x.cols;
    let init = match warm {
        Some(w) if w.dim() == (f + 1, k) => Array1::from_iter(w.iter().copied()),
        Some(w) => {
            return Err(Error::Internal(format!(
                "warm start has shape {:?}, expected {:?}",
                w.dim(),
                (f + 1, k)
            )))
        }
        None => Array1::zeros((f + 1) * k),
    };
    let problem = Problem {
        x,
        y,
        k,
        alpha,
        last: Mutex::new(None),
    };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(tolerance)
        .map_err(lbfgs_error)?;
    let result = Executor::new(problem, solver)
        .configure(|s| s.param(init).max_iters(max_iterations))
        .run()
        .map_err(lbfgs_error)?;
    let state = result.state();
    let iterations = state.get_iter();
    let best = state.get_best_param().ok_or_else(|| Error::Solver {
        solver: "sparse L-BFGS",
        message: "returned no parameters".into(),
    })?;
    let params = Array2::from_shape_vec((f + 1, k), best.to_vec())
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(SparseFit { params, iterations })
}

/// An argmin error as a solver error.
fn lbfgs_error(e: argmin::core::Error) -> Error {
    Error::Solver {
        solver: "sparse L-BFGS",
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::traits::Fit;
    use linfa_logistic::MultiLogisticRegression;

    /// A small problem with overlapping classes, so the optimum is finite.
    fn problem(n: usize) -> (Csr, Array2<f64>, Vec<usize>) {
        let cols = 6;
        let mut x = Csr::new(cols);
        let mut dense = Array2::zeros((n, cols));
        let mut y = Vec::new();
        for r in 0..n {
            let class = r % 3;
            let entries: Vec<(u32, f64)> = (0..cols as u32)
                .filter(|&c| (r * 7 + c as usize * 3) % 5 < 2 || c as usize == class * 2)
                .map(|c| (c, ((r * 13 + c as usize * 7) % 10) as f64 / 10.0 + 0.1))
                .collect();
            for &(c, v) in &entries {
                dense[(r, c as usize)] = v;
            }
            x.push_row(entries);
            // Some label noise.
            y.push(if r % 11 == 0 { (class + 1) % 3 } else { class });
        }
        (x, dense, y)
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let (x, _, y) = problem(60);
        let p = Problem {
            x: &x,
            y: &y,
            k: 3,
            alpha: 0.7,
            last: Mutex::new(None),
        };
        let w = Array1::from_iter((0..21).map(|i| ((i * 5) % 7) as f64 / 10.0 - 0.3));
        let (c0, g) = p.eval(&w);
        for i in 0..w.len() {
            let mut w2 = w.clone();
            let h = 1e-6;
            w2[i] += h;
            let (c1, _) = p.eval(&w2);
            let numeric = (c1 - c0) / h;
            assert!(
                (numeric - g[i]).abs() < 1e-4 * (1.0 + g[i].abs()),
                "coordinate {i}: numeric {numeric}, analytic {}",
                g[i]
            );
        }
    }

    #[test]
    fn reaches_the_optimum_linfa_reaches() {
        let (x, dense, y) = problem(60);
        assert_eq!(x.to_dense(|v| v), dense);
        let alpha = 0.5;
        let ours = fit(&x, &y, 3, alpha, 1e-8, 500, None).unwrap();
        let linfa = MultiLogisticRegression::<f64>::default()
            .alpha(alpha)
            .gradient_tolerance(1e-8)
            .max_iterations(500)
            .fit(&linfa::DatasetBase::new(
                dense.view(),
                Array1::from(y.clone()),
            ))
            .unwrap();
        let w = linfa.params();
        let b = linfa.intercept();
        for c in 0..3 {
            for f in 0..6 {
                assert!((ours.params[(f, c)] - w[(f, c)]).abs() < 1e-5);
            }
            assert!((ours.params[(6, c)] - b[c]).abs() < 1e-5);
        }
    }

    #[test]
    fn a_converged_warm_start_needs_no_iterations() {
        let (x, _, y) = problem(60);
        let first = fit(&x, &y, 3, 1.0, 1e-6, 500, None).unwrap();
        assert!(first.iterations > 0);
        let again = fit(&x, &y, 3, 1.0, 1e-6, 500, Some(&first.params)).unwrap();
        assert_eq!(again.iterations, 0);
        assert_eq!(again.params, first.params);
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let (x, _, y) = problem(3 * CHUNK + 17);
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| fit(&x, &y, 3, 0.3, 1e-6, 500, None).unwrap().params)
        };
        assert_eq!(run(1), run(3));
    }
}
