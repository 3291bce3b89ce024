//! The model: hyperparameters ([`TrainParams`]), training with
//! cross-validation ([`train`]), the fitted classifier ([`Classifier`]) that
//! scores paragraphs from their sparse features, and the model file.
//!
//! A [`Model`] holds one [`Classifier`] per task (a "head"); each head
//! carries its whole pipeline (analyzer settings, vocabulary, idf, dense
//! feature scaling, weights), so scoring rebuilds exactly what training used.
//!
//! What is where, in the order data flows through it:
//!
//! - `params.rs`: [`TrainParams`], the hyperparameters, checked in one
//!   `check()`;
//! - `train/`: labelled examples → a fitted [`Classifier`] (rows and the
//!   driver, cross-validation, the fits, the context stage's training),
//!   with `sparse.rs` (the solver on sparse rows) and `nb.rs` (optional
//!   NBSVM scaling) as its tools;
//! - `info.rs`: what a head records about its training ([`TrainingInfo`]);
//! - `score.rs`: text → [`Featurizer`] → [`Scores`], the scoring side;
//!   `context.rs`: the document-context stage applied after it;
//! - `file.rs`: the model file (header, checksum, JSON body).
//!
//! Scoring never imports the trainer: a [`Classifier`] is plain data that
//! training produces and the model file carries.

pub mod calibrate;
pub mod context;
mod file;
pub mod genre;
mod info;
pub mod nb;
mod params;
pub mod recipe;
mod score;
mod sparse;
pub mod target;
mod train;

pub use calibrate::{Calibration, CalibrationObjective};
pub use context::{ContextGroup, ContextStage};
pub use file::{FORMAT_VERSION, MAGIC};
pub use info::{
    CalibrationCv, CalibrationFigure, CalibrationVariant, ContextCv, CvSummary, GridPoint,
    PriorTreatment, SourceFigure, SourceInfo, SourceReport, TrainingInfo,
};
pub use params::{Balance, Precision, TrainParams};
pub use score::{Featurizer, Scores};
#[cfg(test)]
pub(crate) use train::tests::separable_source as train_fixture;
pub use train::{train, train_calibrated, train_with_lexicon};

use crate::analyze::AnalyzerConfig;
use crate::error::{Error, Result};
use crate::features::{DenseScaler, Tfidf};
use crate::task::Task;
use serde::{Deserialize, Serialize};

/// One fitted classification head.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classifier {
    /// What this head predicts.
    pub task: Task,
    /// Class names, in weight-column order.
    pub classes: Vec<String>,
    /// Analyzer settings used in training.
    pub analyzer: AnalyzerConfig,
    /// Fitted vocabulary and idf.
    pub tfidf: Tfidf,
    /// Dense features and their standardisation.
    pub dense: DenseScaler,
    /// Row-major weights: one row per feature (tf-idf terms, then dense
    /// features), one column per class, as fitted by linfa-logistic.
    pub weights: Vec<f64>,
    /// Per-class intercept, as fitted by linfa-logistic.
    pub intercept: Vec<f64>,
    /// Per-class logit offset that corrects for unequal class frequencies
    /// in the training data (zero when balancing was off).
    pub class_bias: Vec<f64>,
    /// Per-stem scores learnt from public lexicons at training time, for
    /// the lexicon dense features; `None` when the head uses none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lexicon: Option<crate::features::PolarityLexicon>,
    /// The document-context stage applied after this head's scores, per
    /// document (see [`context`]); `None` in heads without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ContextStage>,
    /// The calibration step applied after the context stage to documents
    /// of two or more content paragraphs (see [`calibrate`]); `None` in
    /// heads without one (and in model files older than it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
    /// How the head was trained.
    pub training: TrainingInfo,
}

impl Classifier {
    /// The final scores of one document's content paragraphs, in reading
    /// order, from their first-stage scores and texts: the context stage's,
    /// or the first stage's when the head has no stage; then calibrated
    /// when the head has a calibration step (documents of two or more
    /// paragraphs only, as the stage).
    pub fn in_context(&self, first: Vec<Scores>, texts: &[&str]) -> Vec<Scores> {
        let scores = match &self.context {
            Some(stage) if !first.is_empty() => stage.apply(&first, texts),
            _ => first,
        };
        match &self.calibration {
            Some(c) => c.apply_document(scores),
            None => scores,
        }
    }

    /// Whether a document's scores go through [`Classifier::in_context`]
    /// (a context stage or a calibration step), not the first stage alone.
    pub fn has_document_stage(&self) -> bool {
        self.context.is_some() || self.calibration.is_some()
    }

    /// Number of feature rows (tf-idf terms plus dense features).
    pub fn n_features(&self) -> usize {
        self.tfidf.len() + self.dense.features.len()
    }

    /// Checks that the stored arrays agree with each other.
    pub fn validate(&self) -> Result<()> {
        let k = self.classes.len();
        let bad = |m: String| Err(Error::Params(m));
        if self.classes != self.task.classes() {
            return bad(format!(
                "{} head has classes {:?}, expected {:?}",
                self.task.name(),
                self.classes,
                self.task.classes()
            ));
        }
        if self.weights.len() != self.n_features() * k {
            return bad(format!(
                "weights have {} values, expected {} features x {} classes",
                self.weights.len(),
                self.n_features(),
                k
            ));
        }
        if self.intercept.len() != k || self.class_bias.len() != k {
            return bad("intercept or class bias has the wrong length".into());
        }
        let d = self.dense.features.len();
        if self.dense.mean.len() != d || self.dense.scale.len() != d {
            return bad("dense feature scaling has the wrong length".into());
        }
        if self
            .weights
            .iter()
            .chain(&self.intercept)
            .chain(&self.class_bias)
            .any(|w| !w.is_finite())
        {
            return bad("weights contain non-finite values".into());
        }
        if let Some(stage) = &self.context {
            stage.validate(k).map_err(Error::Params)?;
        }
        if let Some(c) = &self.calibration {
            c.validate(k).map_err(Error::Params)?;
        }
        Ok(())
    }
}

/// A model file's content: one head per task.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// The heads, at most one per task.
    pub heads: Vec<Classifier>,
    /// The head that scores sentiment toward named targets, if trained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<target::TargetHead>,
    /// The head that estimates a page's genre, if trained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<genre::GenreHead>,
}

impl Model {
    /// The head for `task`, if the model has one.
    pub fn head(&self, task: Task) -> Option<&Classifier> {
        self.heads.iter().find(|h| h.task == task)
    }

    /// Adds `head`, replacing any head of the same task.
    pub fn set_head(&mut self, head: Classifier) {
        self.heads.retain(|h| h.task != head.task);
        self.heads.push(head);
        self.heads.sort_by_key(|h| h.task.name());
    }
}
