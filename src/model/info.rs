//! What a model file stores about how each head was trained: the
//! hyperparameters, the data sources (path, format, checksum, counts), the
//! chosen L2 strength and the cross-validation figures.
//!
//! These are plain records: the trainer (`train/`) fills them in, the model
//! file carries them inside each [`super::Classifier`], and `stance train`
//! prints them. Their serde names are part of the model file's format.

use super::TrainParams;
use crate::corpus::Kind;
use crate::metrics::Report;
use serde::{Deserialize, Serialize};

/// A training data source as recorded in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    /// Path as given to `stance train`.
    pub path: String,
    /// Format it was read as.
    pub kind: Kind,
    /// SHA-256 of its content.
    pub sha256: String,
    /// Examples per class.
    pub counts: Vec<usize>,
    /// How many times each example was repeated in training.
    #[serde(default = "one")]
    pub weight: usize,
    /// Examples dropped before training: repeats of earlier texts, or texts
    /// of a held-out (excluded) set.
    #[serde(default)]
    pub removed: usize,
}

fn one() -> usize {
    1
}

/// Cross-validated figures of one alpha.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridPoint {
    /// L2 strength.
    pub alpha: f64,
    /// The selection score: out-of-fold macro-F1 of each source (in its own
    /// scheme), averaged over sources.
    pub macro_f1: f64,
    /// Standard deviation of that score over folds.
    pub std: f64,
}

/// Out-of-fold figures of one training source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceReport {
    /// The source as given.
    pub path: String,
    /// Its out-of-fold report (two classes for opinion-vs-not corpora).
    pub report: Report,
    /// Its per-document share error out of fold, for sources of whole pages
    /// (`articles:`, `webpages:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_error: Option<crate::metrics::ShareError>,
}

/// What cross-validation found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvSummary {
    /// Number of folds.
    pub folds: usize,
    /// Every alpha tried, in the order given.
    pub grid: Vec<GridPoint>,
    /// Out-of-fold report over all training rows at the chosen alpha.
    pub report: Report,
    /// Out-of-fold report of each source at the chosen alpha.
    #[serde(default)]
    pub sources: Vec<SourceReport>,
    /// The context stage's cross-validation, when the head has one.
    #[serde(default)]
    pub context: Option<ContextCv>,
    /// The calibration step's page-grouped cross-validation, when the
    /// recipe asks for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<CalibrationCv>,
}

/// What the calibration step's page-grouped cross-validation found, for
/// every objective (see `model/calibrate.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationCv {
    /// Number of folds (a document's paragraphs in one).
    pub folds: usize,
    /// Documents of two or more paragraphs it was measured on.
    pub documents: usize,
    /// The objective the head's step was fitted with.
    pub chosen: crate::model::CalibrationObjective,
    /// Each objective: fitted on every document, and its out-of-fold
    /// figures per source.
    pub variants: Vec<CalibrationVariant>,
}

/// One calibration objective, measured out of fold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationVariant {
    /// The objective (`none`: the head's scores as they are).
    pub objective: crate::model::CalibrationObjective,
    /// Fitted per source (a calibration per kind of document) in the
    /// cross-validation only; the head's step is one for all documents.
    #[serde(default)]
    pub per_source: bool,
    /// Its temperature fitted on every document (1, and no biases, for a
    /// per-source variant: it has one fit per source).
    pub temperature: f64,
    /// Its per-class biases fitted on every document.
    pub bias: Vec<f64>,
    /// Out-of-fold figures per source.
    pub sources: Vec<CalibrationFigure>,
}

/// One source's out-of-fold figures under a calibration objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationFigure {
    /// The source as given.
    pub path: String,
    /// Its documents of two or more paragraphs.
    pub documents: usize,
    /// Macro-F1 of the calibrated argmax labels.
    pub macro_f1: f64,
    /// F1 of the opinion class, for heads that have one.
    pub opinion_f1: Option<f64>,
    /// Expected calibration error of the top probability.
    pub ece: f64,
    /// Per-document share error (argmax labels and probabilities).
    pub share_error: crate::metrics::ShareError,
    /// Share of (document, class) pairs whose gold word share lies inside
    /// the summary's 95 % interval (`metrics::interval_coverage`).
    pub coverage: Option<f64>,
}

/// What cross-validation found for the context stage and for the prior
/// treatments it is compared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextCv {
    /// Every stage alpha tried (mean per-source macro-F1, over the same folds).
    pub grid: Vec<GridPoint>,
    /// The chosen stage alpha.
    pub alpha: f64,
    /// Out-of-fold report of each source with the stage.
    pub sources: Vec<SourceReport>,
    /// Each prior treatment's out-of-fold figures per source.
    pub priors: Vec<PriorTreatment>,
}

/// One way of setting class priors, measured out of fold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorTreatment {
    /// `balanced` (first stage, corrected to equal priors), `none` (first
    /// stage with the training data's priors), `context` (the stage: priors
    /// learnt from each kind of input and its document), `context-balanced`
    /// (the stage, its logits then corrected to equal priors of its rows).
    pub treatment: String,
    /// Mean of the per-source macro-F1.
    pub macro_f1: f64,
    /// Per source: macro-F1 and expected calibration error.
    pub sources: Vec<SourceFigure>,
}

/// A source's macro-F1 and calibration error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceFigure {
    /// The source as given.
    pub path: String,
    /// Macro-F1 in its own scheme.
    pub macro_f1: f64,
    /// Expected calibration error (10 bins of the top probability).
    pub ece: f64,
}

/// How a head was trained, stored in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingInfo {
    /// Version of stance that trained it.
    pub stance_version: String,
    /// The hyperparameters.
    pub params: TrainParams,
    /// The data sources.
    pub sources: Vec<SourceInfo>,
    /// Training examples per class.
    pub counts: Vec<usize>,
    /// The chosen L2 strength.
    pub alpha: f64,
    /// Cross-validation results, when CV ran.
    pub cv: Option<CvSummary>,
    /// The languages of the training text (ISO 639-1), as detected when
    /// training. Written only when not English alone, so English models
    /// keep their bytes; a model without the field was trained on English.
    #[serde(default = "english", skip_serializing_if = "is_english")]
    pub languages: Vec<String>,
}

fn english() -> Vec<String> {
    crate::language::ENGLISH
        .iter()
        .map(|l| l.to_string())
        .collect()
}

fn is_english(languages: &Vec<String>) -> bool {
    *languages == english()
}
