//! Features: TF-IDF over stemmed n-grams, plus a few dense features that a
//! bag of words cannot see (how much of the paragraph is quoted, who speaks).
//!
//! A paragraph's feature vector is `[tf-idf terms… | dense features…]`; the
//! model's weight rows follow the same order.

pub mod dense;
pub mod lexicon;
pub mod terms;
pub mod tfidf;

pub use dense::{DenseFeature, DenseScaler, Lexicons, Position, EVALUATIVE};
pub use lexicon::{LexiconScores, LexiconSums, LexiconTable};
pub use tfidf::{Selection, SparseVec, Tfidf, TfidfParams};
