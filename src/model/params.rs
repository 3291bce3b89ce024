//! Training hyperparameters, validated in one place.

use crate::analyze::AnalyzerConfig;
use crate::error::{Error, Result};
use crate::features::{DenseFeature, TfidfParams};
use crate::task::Task;
use serde::{Deserialize, Serialize};

/// How unequal class frequencies are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Balance {
    /// Train on the data as it is.
    None,
    /// Train as is, then shift each class's logit by `-ln(prior)` so
    /// predictions behave as if classes were equally frequent.
    Prior,
    /// Repeat examples of the smaller classes until every class has as many
    /// rows as the largest (costs training time and memory).
    Oversample,
}

/// Floating-point type of the training matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Half the memory and about twice the speed; weights agree with f64
    /// training to a few parts in a million.
    F32,
    /// Full precision.
    F64,
}

/// Everything `stance train` can set. Defaults are documented per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrainParams {
    /// The task to learn. Default stance.
    pub task: Task,
    /// Analyzer settings (default: lowercase, Snowball English, numbers and
    /// URLs normalised, meaningful punctuation kept, no negation marking).
    pub analyzer: AnalyzerConfig,
    /// TF-IDF settings (see [`TfidfParams`]).
    pub tfidf: TfidfParams,
    /// Dense features (default: all of [`DenseFeature::ALL`]).
    pub dense: Vec<DenseFeature>,
    /// L2 strengths tried by cross-validation (linfa's `alpha`, the penalty
    /// on the summed log-loss; about 1/C in scikit-learn terms).
    /// Default `[0.3, 1, 3, 10]`.
    pub alphas: Vec<f64>,
    /// Number of cross-validation folds; 0 or 1 skips CV and uses the first
    /// alpha. Default 5.
    pub folds: usize,
    /// Seed for fold assignment and oversampling. Default 42.
    pub seed: u64,
    /// L-BFGS iteration cap. Default 300.
    pub max_iterations: u64,
    /// L-BFGS gradient tolerance per training row (the loss is summed over
    /// rows, so the solver is given `gradient_tolerance * rows`). Default 1e-3.
    pub gradient_tolerance: f64,
    /// Class balancing. Default prior.
    pub balance: Balance,
    /// Train opinion-vs-not sentences (NewsSD-ENG, CheckThat!) that are
    /// mostly inside quotation marks as quotations, as LABELS.md's
    /// precedence says. Default true.
    #[serde(default = "yes")]
    pub quoted_sentences_are_quotations: bool,
    /// Training matrix precision. Default f32.
    #[serde(default = "default_precision")]
    pub precision: Precision,
    /// Memory cap, in MiB, for the dense matrix of the final linfa fit
    /// (rows × columns × 4 or 8 bytes). With more rows than fit, training
    /// keeps fewer n-grams (`max_features` is lowered and the note says
    /// so). Default 2048, so 100,000 paragraphs train in under 4 GB.
    #[serde(default = "default_dense_mib")]
    pub dense_matrix_mib: usize,
    /// Inputs of the document-context stage, a second logistic regression
    /// trained on out-of-fold probabilities (empty: no stage). Default empty.
    #[serde(default)]
    pub context: Vec<crate::model::ContextGroup>,
    /// Directory of the public lexicons (Pattern, VADER) the lexicon dense
    /// features are learnt from, as given (a recipe's path is relative to
    /// the recipe). Read at training time only. Default none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lexicons: Option<String>,
    /// Class priors of the context stage: `none` keeps what it learnt from
    /// its rows and their documents, `prior` shifts its logits to equal
    /// priors as the first stage does (`oversample` is not offered here).
    /// Default none.
    #[serde(default = "no_balance")]
    pub context_balance: Balance,
    /// L2 strengths tried for the context stage. Default `[0.1, 1, 10]`.
    #[serde(default = "default_context_alphas")]
    pub context_alphas: Vec<f64>,
    /// Naive-Bayes log-count-ratio scaling of the n-gram features (NBSVM,
    /// see `model/nb.rs`): 0 is plain tf-idf, 1 the full ratio, between
    /// them an interpolation. Learnt per fit (per fold in CV) and folded
    /// into the stored idf. Default 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub nb_scaling: f64,
    /// The calibration step fitted on whole documents after the context
    /// stage (`model/calibrate.rs`): what it minimises, `none` for no step.
    /// Its documents are the training sources of whole pages (out of
    /// fold) and the recipe's `calibrate` sources. Default none.
    #[serde(default, skip_serializing_if = "is_no_calibration")]
    pub calibration: crate::model::CalibrationObjective,
    /// Whether the calibration step may change a paragraph's label (its
    /// biases can move the most probable class); `false` keeps labels,
    /// moving a paragraph's probabilities only as far as its label stays
    /// the most probable class. Default true.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub calibration_relabel: bool,
    /// Whether the calibration sets (whole labelled pages the first stage
    /// never trains on) are training documents of the context stage too:
    /// scored by the final first stage, put in page-grouped folds of their
    /// own, and calibrated with their out-of-fold stage scores. The stage
    /// then sees blogs, reviews and columns while the first stage, and so
    /// every lone sentence, stays as it was. Default false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub context_pages: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_no_calibration(c: &crate::model::CalibrationObjective) -> bool {
    *c == crate::model::CalibrationObjective::None
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

fn no_balance() -> Balance {
    Balance::None
}

fn default_context_alphas() -> Vec<f64> {
    vec![0.1, 1.0, 10.0]
}

fn default_dense_mib() -> usize {
    2048
}

fn yes() -> bool {
    true
}

fn default_precision() -> Precision {
    Precision::F32
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            task: Task::Stance,
            analyzer: AnalyzerConfig::default(),
            tfidf: TfidfParams::default(),
            dense: DenseFeature::ALL.to_vec(),
            alphas: vec![0.3, 1.0, 3.0, 10.0],
            folds: 5,
            seed: 42,
            max_iterations: 300,
            gradient_tolerance: 1e-3,
            balance: Balance::Prior,
            quoted_sentences_are_quotations: true,
            precision: Precision::F32,
            dense_matrix_mib: default_dense_mib(),
            context: Vec::new(),
            lexicons: None,
            context_balance: Balance::None,
            context_alphas: default_context_alphas(),
            nb_scaling: 0.0,
            calibration: crate::model::CalibrationObjective::None,
            calibration_relabel: true,
            context_pages: false,
        }
    }
}

impl TrainParams {
    /// These parameters with `max_features` lowered, if needed, so that the
    /// final fit's dense matrix of `rows` rows stays within
    /// `dense_matrix_mib`. Errors when not even 100 n-grams would fit.
    pub fn fit_to_memory(&self, rows: usize) -> Result<TrainParams> {
        let bytes = match self.precision {
            Precision::F32 => 4,
            Precision::F64 => 8,
        };
        let budget = self.dense_matrix_mib.saturating_mul(1 << 20);
        let max_cols = budget / (rows.max(1) * bytes);
        let mut out = self.clone();
        if self.tfidf.max_features + self.dense.len() > max_cols {
            let n_grams = max_cols.saturating_sub(self.dense.len());
            if n_grams < 100 {
                return Err(Error::Params(format!(
                    "{rows} training rows leave room for only {n_grams} n-grams in \
                     dense_matrix_mib = {} MiB; raise it",
                    self.dense_matrix_mib
                )));
            }
            out.tfidf.max_features = n_grams;
        }
        Ok(out)
    }

    /// Validates every parameter.
    pub fn check(&self) -> Result<()> {
        self.tfidf.check()?;
        if self.alphas.is_empty() || self.alphas.iter().any(|a| !(a.is_finite() && *a > 0.0)) {
            return Err(Error::Params(format!(
                "alphas must be positive and finite, got {:?}",
                self.alphas
            )));
        }
        if self.folds > 50 {
            return Err(Error::Params(format!(
                "folds must be at most 50, got {}",
                self.folds
            )));
        }
        if self.max_iterations == 0 {
            return Err(Error::Params("max_iterations must be at least 1".into()));
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance > 0.0) {
            return Err(Error::Params("gradient_tolerance must be positive".into()));
        }
        if self
            .context_alphas
            .iter()
            .any(|a| !(a.is_finite() && *a > 0.0))
            || (!self.context.is_empty() && self.context_alphas.is_empty())
        {
            return Err(Error::Params(format!(
                "context_alphas must be positive and finite, got {:?}",
                self.context_alphas
            )));
        }
        if self.context_balance == Balance::Oversample {
            return Err(Error::Params(
                "context_balance is none or prior (the stage is not oversampled)".into(),
            ));
        }
        if !(0.0..=1.0).contains(&self.nb_scaling) {
            return Err(Error::Params(format!(
                "nb_scaling must be in [0, 1], got {}",
                self.nb_scaling
            )));
        }
        if self.dense_matrix_mib == 0 {
            return Err(Error::Params("dense_matrix_mib must be at least 1".into()));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(f) = self.dense.iter().find(|f| !seen.insert(**f)) {
            return Err(Error::Params(format!(
                "dense feature {} listed twice",
                f.name()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_refused() {
        assert!(TrainParams::default().check().is_ok());
        let bad = TrainParams {
            alphas: vec![1.0, -1.0],
            ..Default::default()
        };
        assert!(bad.check().unwrap_err().to_string().contains("alphas"));
        let bad = TrainParams {
            dense: vec![DenseFeature::Length, DenseFeature::Length],
            ..Default::default()
        };
        assert!(bad.check().is_err());
    }

    #[test]
    fn nb_scaling_is_optional_in_stored_params() {
        // Model files written before NB scaling existed have no
        // `nb_scaling`: they load as 0 (off), and a head trained with it
        // off is stored without the field, byte for byte as before.
        let mut stored = serde_json::to_value(TrainParams::default()).unwrap();
        assert!(stored.get("nb_scaling").is_none());
        let old: TrainParams = serde_json::from_value(stored.clone()).unwrap();
        assert_eq!(old.nb_scaling, 0.0);
        stored["nb_scaling"] = serde_json::json!(0.5);
        let new: TrainParams = serde_json::from_value(stored).unwrap();
        assert_eq!(new.nb_scaling, 0.5);
        let bad = TrainParams {
            nb_scaling: 1.5,
            ..Default::default()
        };
        assert!(bad.check().unwrap_err().to_string().contains("nb_scaling"));
    }

    #[test]
    fn the_dense_matrix_is_kept_within_its_memory_cap() {
        let p = TrainParams {
            dense_matrix_mib: 100,
            ..Default::default()
        };
        // 1,000 rows x 10,011 columns x 4 bytes = 40 MB: unchanged.
        assert_eq!(p.fit_to_memory(1_000).unwrap(), p);
        // 10,000 rows: 100 MiB / 40 kB per column row = 2,621 columns.
        let fitted = p.fit_to_memory(10_000).unwrap();
        assert_eq!(fitted.tfidf.max_features, 2_621 - p.dense.len());
        let err = p.fit_to_memory(1_000_000).unwrap_err().to_string();
        assert!(err.contains("dense_matrix_mib"), "{err}");
    }
}
