//! Naive-Bayes log-count-ratio scaling of the n-gram features (NBSVM,
//! Wang & Manning 2012), for a multinomial head.
//!
//! NBSVM multiplies each binarised n-gram by its log-count ratio
//! `r = ln(p / q)`, `p` and `q` the smoothed, normalised counts of the
//! n-gram in the positive and in the other rows, so the linear model starts
//! from what a Naive Bayes model knows about each n-gram. With three
//! classes there is one ratio per class; one multinomial model needs one
//! scale per column, so each n-gram is scaled by its largest ratio in
//! absolute value (how strongly it tells some class from the rest),
//! normalised to a mean of 1 over the vocabulary and interpolated with 1 by
//! `beta` (0: plain tf-idf, 1: the full ratio).
//!
//! The scale is learnt from the training rows of each fit (per fold in
//! cross-validation) and folded into the vectorizer's idf, so a model file
//! stores it without a new field and tagging costs nothing more.

use crate::error::Result;
use crate::features::Tfidf;

/// Per-column NB scales of `tfidf`'s features, from the training rows'
/// feature columns (`rows[i]`: the feature indices present in row `i`) and
/// their labels (`k` classes), interpolated with 1 by `beta`.
pub fn scales(
    n_features: usize,
    rows: &[Vec<u32>],
    labels: &[usize],
    k: usize,
    beta: f64,
) -> Vec<f64> {
    // Binarised document counts per class and column.
    let mut counts = vec![vec![0.0f64; n_features]; k];
    for (row, &label) in rows.iter().zip(labels) {
        for &f in row {
            counts[label][f as usize] += 1.0;
        }
    }
    let all: Vec<f64> = (0..n_features)
        .map(|j| counts.iter().map(|c| c[j]).sum())
        .collect();
    let total_all: f64 = all.iter().sum();
    let totals: Vec<f64> = counts.iter().map(|c| c.iter().sum()).collect();
    let v = n_features as f64;
    // Each class against the rest, both smoothed by one per column.
    let strength: Vec<f64> = (0..n_features)
        .map(|j| {
            (0..k)
                .map(|c| {
                    let p = (counts[c][j] + 1.0) / (totals[c] + v);
                    let q = (all[j] - counts[c][j] + 1.0) / (total_all - totals[c] + v);
                    (p / q).ln().abs()
                })
                .fold(0.0, f64::max)
        })
        .collect();
    let mean = strength.iter().sum::<f64>() / n_features.max(1) as f64;
    strength
        .into_iter()
        .map(|s| {
            let r = if mean > 0.0 { s / mean } else { 1.0 };
            (1.0 - beta) + beta * r
        })
        .collect()
}

/// `tfidf` with its idf multiplied by the NB scales learnt from `docs`
/// (analysed training rows) and `labels`; unchanged when `beta` is 0.
pub fn scaled<S: AsRef<str>>(
    tfidf: Tfidf,
    docs: &[&[S]],
    labels: &[usize],
    k: usize,
    beta: f64,
) -> Result<Tfidf> {
    if beta == 0.0 || tfidf.is_empty() {
        return Ok(tfidf);
    }
    let rows: Vec<Vec<u32>> = docs
        .iter()
        .map(|d| tfidf.transform(d).into_iter().map(|(f, _)| f).collect())
        .collect();
    let s = scales(tfidf.len(), &rows, labels, k, beta);
    let idf: Vec<f64> = tfidf.idf().iter().zip(&s).map(|(i, s)| i * s).collect();
    Tfidf::from_parts(tfidf.params().clone(), tfidf.terms().to_vec(), idf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::TfidfParams;

    #[test]
    fn a_term_of_one_class_is_scaled_above_a_term_of_every_class() {
        // Column 0 in every row; column 1 only in class 0; column 2 in
        // classes 0 and 1 alike.
        let rows = vec![
            vec![0, 1, 2],
            vec![0, 1],
            vec![0, 2],
            vec![0, 2],
            vec![0],
            vec![0],
        ];
        let labels = [0, 0, 1, 1, 2, 2];
        let s = scales(3, &rows, &labels, 3, 1.0);
        assert!(s[1] > s[2] && s[2] > s[0], "{s:?}");
        assert!((s.iter().sum::<f64>() / 3.0 - 1.0).abs() < 1e-12, "mean 1");
        let half = scales(3, &rows, &labels, 3, 0.5);
        for (h, f) in half.iter().zip(&s) {
            assert!((h - (0.5 + 0.5 * f)).abs() < 1e-12);
        }
        assert_eq!(scales(3, &rows, &labels, 3, 0.0), vec![1.0; 3]);
    }

    #[test]
    fn scaling_folds_into_the_idf_and_keeps_the_vocabulary() {
        let docs: Vec<Vec<&str>> = vec![
            vec!["we", "think", "rain"],
            vec!["we", "think", "wind"],
            vec!["rain", "fell"],
            vec!["wind", "fell"],
        ];
        let params = TfidfParams {
            ngram_max: 1,
            min_df: 1,
            ..Default::default()
        };
        let tfidf = params.fit(&docs).unwrap();
        let refs: Vec<&[&str]> = docs.iter().map(|d| d.as_slice()).collect();
        let labels = [1, 1, 0, 0];
        let nb = scaled(tfidf.clone(), &refs, &labels, 2, 1.0).unwrap();
        assert_eq!(nb.terms(), tfidf.terms());
        let idf = |t: &Tfidf, w: &str| t.idf()[t.terms().iter().position(|x| x == w).unwrap()];
        // `think` only in class 1, `rain` in both: the ratio lifts `think`.
        assert!(idf(&nb, "think") / idf(&tfidf, "think") > idf(&nb, "rain") / idf(&tfidf, "rain"));
        let same = scaled(tfidf.clone(), &refs, &labels, 2, 0.0).unwrap();
        assert_eq!(same.idf(), tfidf.idf());
    }
}
