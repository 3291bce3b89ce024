//! Standardisation of the dense features: the mean and deviation of each
//! feature over the training rows, stored in the head and applied to every
//! row at tagging time.

use super::DenseFeature;
use serde::{Deserialize, Serialize};

/// Standardisation of dense features, fitted on training rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenseScaler {
    /// Features in column order.
    pub features: Vec<DenseFeature>,
    /// Training mean of each feature.
    pub mean: Vec<f64>,
    /// Training standard deviation of each feature (1 where it was 0).
    pub scale: Vec<f64>,
}

impl DenseScaler {
    /// Fits mean and deviation over raw rows (each of `features.len()`
    /// values), skipping unknown (NaN) values.
    pub fn fit(features: &[DenseFeature], rows: &[Vec<f64>]) -> Self {
        let d = features.len();
        let mut n = vec![0usize; d];
        let mut sum = vec![0.0; d];
        for r in rows {
            for ((c, s), v) in n.iter_mut().zip(sum.iter_mut()).zip(r) {
                if !v.is_nan() {
                    *c += 1;
                    *s += v;
                }
            }
        }
        let mean: Vec<f64> = sum
            .iter()
            .zip(&n)
            .map(|(s, &c)| if c > 0 { s / c as f64 } else { 0.0 })
            .collect();
        let mut var = vec![0.0; d];
        for r in rows {
            for ((s, v), m) in var.iter_mut().zip(r).zip(&mean) {
                if !v.is_nan() {
                    *s += (v - m) * (v - m);
                }
            }
        }
        let scale = var
            .into_iter()
            .zip(&n)
            .map(|(v, &c)| {
                let v = v / c.max(1) as f64;
                if v > 1e-12 {
                    v.sqrt()
                } else {
                    1.0
                }
            })
            .collect();
        DenseScaler {
            features: features.to_vec(),
            mean,
            scale,
        }
    }

    /// Standardises one raw row in place; unknown values become 0, the
    /// training mean.
    pub fn apply(&self, row: &mut [f64]) {
        for ((v, m), s) in row.iter_mut().zip(&self.mean).zip(&self.scale) {
            *v = if v.is_nan() { 0.0 } else { (*v - m) / s };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaler_standardises() {
        let rows = vec![vec![1.0, 5.0], vec![3.0, 5.0]];
        let s = DenseScaler::fit(&[DenseFeature::Length, DenseFeature::Numbers], &rows);
        assert_eq!(s.mean, [2.0, 5.0]);
        assert_eq!(s.scale, [1.0, 1.0]);
        let mut r = vec![3.0, 5.0];
        s.apply(&mut r);
        assert_eq!(r, [1.0, 0.0]);
    }
}
