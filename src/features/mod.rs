//! Features: TF-IDF over stemmed n-grams, plus a few dense features that a
//! bag of words cannot see (how much of the paragraph is quoted, who speaks).
//!
//! A paragraph's feature vector is `[tf-idf terms… | dense features…]`; the
//! model's weight rows follow the same order.
//!
//! What is where: analysed terms → `tfidf.rs` (params → fitted vocabulary
//! and idf → sparse rows); analysed tokens → `dense/` (the feature
//! catalogue, extraction with our cue words, positions, the scaler);
//! `lexicon.rs` holds the public lexicons' per-stem scores
//! ([`PolarityLexicon`]) some dense features read; `terms.rs` numbers every
//! term any head of a tagger knows, so each token is looked up once.
//! Everything here is fitted by `model/train/` and stored in the head.

pub mod dense;
pub mod lexicon;
pub mod terms;
pub mod tfidf;

pub use dense::{CueLists, DenseFeature, DenseScaler, Position};
pub use lexicon::{PolarityLexicon, PolaritySums, PolarityTable};
pub use tfidf::{Selection, SparseVec, Tfidf, TfidfParams};
