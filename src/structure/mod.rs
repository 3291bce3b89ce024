//! Post structure: what a post is, from its text and markup alone, before
//! anything is scored (LABELS.md, "Not labelled"). Computed once per
//! document as a [`Structure`]:
//!
//! - `boilerplate/`: what is not content, each paragraph's [`SkipReason`]
//!   (headings and headlines, bylines, dates, credits, comment headers and
//!   forms, share lines); `lines.rs` holds the rule for each kind of line,
//!   `mod.rs` what a line's neighbours change (headlines, lists).
//! - `embedded.rs`: the text of embedded posts pasted as text (before a
//!   tweet's author line).
//! - `leadin.rs`: lines that introduce another source's text ("Roggio
//!   writes:") and the signs of the blogger's own voice.
//!
//! Which paragraphs are reproduced from elsewhere is decided after scoring,
//! from these facts, in [`provenance`](crate::provenance).

pub mod boilerplate;
pub mod embedded;
pub mod leadin;

pub use boilerplate::SkipReason;

use crate::doc::Document;

/// What a post is, paragraph by paragraph, before anything is scored:
/// computed once per document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    /// Why each paragraph is not content (boilerplate), or `None`.
    pub skipped: Vec<Option<SkipReason>>,
    /// Whether each paragraph is the text of an embedded post pasted as
    /// text (see [`embedded::embedded_posts`]).
    pub embedded: Vec<bool>,
}

impl Structure {
    /// The structure of `doc`.
    pub fn of(doc: &Document) -> Self {
        let embedded = embedded::embedded_posts(doc);
        let skipped = boilerplate::skip_reasons(doc, &embedded);
        Structure { skipped, embedded }
    }
}
