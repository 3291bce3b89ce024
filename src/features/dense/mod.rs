//! Dense features: a handful of numbers per paragraph that a bag of stems
//! cannot express, each tied to a rule in LABELS.md.
//!
//! How a paragraph's dense row is made, file by file:
//!
//! 1. `catalogue.rs`: which features exist ([`DenseFeature`]) and the
//!    lists a head picks from; a head stores its choice by name.
//! 2. `extract.rs`: the cue words of [`crate::analyze::cues`] stemmed with
//!    the head's analyzer ([`CueLists`]), then counted over the analysed
//!    tokens (which know whether they sit inside quotation marks) into raw
//!    values; the public-lexicon features are filled in by the featurizer
//!    (`model/score.rs`) from [`PolarityLexicon`](super::PolarityLexicon).
//! 3. `position.rs`: where the paragraph sits in its document
//!    ([`Position`]), when known; NaN when not.
//! 4. `scaler.rs`: each value standardised with the training mean and
//!    deviation ([`DenseScaler`]); unknown values land on the mean.
//!
//! The polarity features ([`DenseFeature::POLARITY`]) are meant for the
//! sentiment head and are not in the default list [`DenseFeature::ALL`].

mod catalogue;
mod extract;
mod position;
mod scaler;

pub use catalogue::DenseFeature;
pub use extract::CueLists;
pub use position::Position;
pub use scaler::DenseScaler;
