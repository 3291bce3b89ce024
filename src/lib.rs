//! # stance
//!
//! Labels every paragraph of a blog post or news article as **reported
//! fact**, **quotation** or **editorial opinion**, with a probability for
//! each label. Definitions: `LABELS.md` of the project (the contract for
//! data, tests and evaluation).
//!
//! Data flows one way:
//!
//! ```text
//! read (text, JSONL, HTML, Markdown) → split (paragraphs + byte spans) →
//! structure (boilerplate, block quotes, lead-ins, shared passages) →
//! analyze (tokenize, lowercase, normalise, stem) → features (tf-idf +
//! dense) → model (logistic scores) → output (JSONL / CSV records)
//! ```
//!
//! Training reads labelled data ([`corpus`]), cross-validates and fits a
//! [`model::Classifier`] with linfa-logistic, and saves a versioned,
//! checksummed [`Model`] file that carries its whole pipeline.
//!
//! ```no_run
//! use stance::{Model, Tagger};
//! let model = Model::load("models/default.model".as_ref())?;
//! let tagger = Tagger::new(&model)?;
//! let doc = stance::read::text_document("post.txt", "A report.\n\nI think it is wrong.".into());
//! for t in tagger.tag(&doc) {
//!     match (&t.stance, t.skipped) {
//!         (Some(s), _) => println!("{} {:?}", t.paragraph.index, s.probabilities),
//!         (None, reason) => println!("{} skipped: {reason:?}", t.paragraph.index),
//!     }
//! }
//! # Ok::<(), stance::Error>(())
//! ```

pub mod analyze;
pub mod atomic;
pub mod corpus;
pub mod doc;
pub mod embedded;
pub mod error;
pub mod explain;
pub mod features;
pub mod genre;
pub mod language;
pub mod metrics;
pub mod model;
pub mod output;
pub mod progress;
pub mod provenance;
pub mod read;
pub mod spill;
pub mod structure;
pub mod tag;
pub mod target;
pub mod task;
pub mod view;

pub use doc::{Document, Label, Paragraph};
pub use embedded::default_model;
pub use error::{Error, Result};
pub use model::{Classifier, Model, TrainParams};
pub use tag::{Tagged, Tagger};
pub use task::Task;
