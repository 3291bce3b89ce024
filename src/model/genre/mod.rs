//! The genre head: a page's genre (`genre::Genre`) from its page features
//! (`genre::features`), by a multinomial logistic regression over the
//! standardised features (`train.rs`). Stored in the model file beside the
//! paragraph heads; `stance tag` uses it for pages that do not declare
//! their genre.

pub mod recipe;
mod train;

pub use train::{cross_validate, train_genre, GenreExample, GenreParams};

use super::GridPoint;
use crate::genre::features;
use crate::genre::Genre;
use crate::metrics::Report;
use serde::{Deserialize, Serialize};

/// The fitted genre head, as the model file stores it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenreHead {
    /// The genres, in weight-column order (`Genre::ALL`'s names).
    pub classes: Vec<String>,
    /// The features used (names of `genre::features::NAMES`), in weight-row
    /// order.
    pub features: Vec<String>,
    /// Each feature's training mean, subtracted before scaling.
    pub mean: Vec<f64>,
    /// Each feature's training standard deviation (1 where it was 0).
    pub scale: Vec<f64>,
    /// Row-major weights: one row per feature, one column per class.
    pub weights: Vec<f64>,
    /// Per-class intercept.
    pub intercept: Vec<f64>,
    /// Per-class logit offset for unequal class frequencies (zero when CV
    /// found the training priors better).
    pub class_bias: Vec<f64>,
    /// How the head was trained.
    pub training: GenreTraining,
}

impl crate::genre::GenreScorer for GenreHead {
    /// The most probable genre and its probability.
    fn predict(&self, x: &[f64; features::NAMES.len()]) -> (Genre, f64) {
        let p = self.probabilities(x);
        let (c, score) = crate::metrics::argmax(&p);
        let genre = Genre::parse(&self.classes[c]).unwrap_or(Genre::Other);
        (genre, score)
    }
}

/// What the model file records about the genre head's training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenreTraining {
    /// The hyperparameters.
    pub params: GenreParams,
    /// The data: spec, SHA-256 of the files read, pages per genre.
    pub sources: Vec<GenreSourceInfo>,
    /// The chosen L2 strength.
    pub alpha: f64,
    /// Whether the class bias balances the priors (chosen by CV).
    pub balanced: bool,
    /// Out-of-fold accuracy per alpha (the better prior treatment); `std`
    /// over folds.
    pub grid: Vec<GridPoint>,
    /// The out-of-fold report at the chosen settings, the classifier alone.
    pub cv: Report,
    /// The same pages with a declared genre taking precedence, as `stance
    /// tag` gives them.
    pub cv_declared_first: Report,
}

/// One training source of the genre head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenreSourceInfo {
    /// The spec as given (`webpages:DIR`, `articles:DIR`).
    pub path: String,
    /// SHA-256 of the files read.
    pub sha256: String,
    /// Pages per genre, in `classes` order.
    pub counts: Vec<usize>,
}

impl GenreHead {
    /// The genre probabilities of a page with features `x` (all of
    /// `genre::features::NAMES`, in that order), in `classes` order.
    pub fn probabilities(&self, x: &[f64; features::NAMES.len()]) -> Vec<f64> {
        let k = self.classes.len();
        let mut l: Vec<f64> = self
            .intercept
            .iter()
            .zip(&self.class_bias)
            .map(|(a, b)| a + b)
            .collect();
        for (r, name) in self.features.iter().enumerate() {
            let Some(i) = features::index_of(name) else {
                continue;
            };
            let v = (x[i] - self.mean[r]) / self.scale[r];
            for (c, out) in l.iter_mut().enumerate() {
                *out += v * self.weights[r * k + c];
            }
        }
        crate::model::score::softmax_in_place(&mut l);
        l
    }

    /// Checks that the stored arrays agree with each other.
    pub fn validate(&self) -> std::result::Result<(), String> {
        let names: Vec<&str> = Genre::ALL.iter().map(|g| g.name()).collect();
        if self.classes != names {
            return Err(format!(
                "genre head has classes {:?}, expected {names:?}",
                self.classes
            ));
        }
        if let Some(f) = self
            .features
            .iter()
            .find(|f| features::index_of(f).is_none())
        {
            return Err(format!("genre head uses an unknown feature {f:?}"));
        }
        let (f, k) = (self.features.len(), self.classes.len());
        if self.weights.len() != f * k
            || self.mean.len() != f
            || self.scale.len() != f
            || self.intercept.len() != k
            || self.class_bias.len() != k
        {
            return Err("genre head arrays have the wrong lengths".into());
        }
        if self
            .weights
            .iter()
            .chain(&self.mean)
            .chain(&self.scale)
            .chain(&self.intercept)
            .chain(&self.class_bias)
            .any(|w| !w.is_finite())
            || self.scale.iter().any(|s| *s <= 0.0)
        {
            return Err("genre head has non-finite weights or a zero scale".into());
        }
        Ok(())
    }
}
