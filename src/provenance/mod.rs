//! Provenance: which paragraphs a post reproduces from another source, and
//! how we know (`reproduced_by`), computed once per document.
//!
//! This is its own stage, after scoring, rather than part of `structure/`:
//! `structure/` says what a post is from its text and markup alone, before
//! anything is scored (boilerplate, embedded posts, lead-in lines), while
//! provenance also reads the model's scores (a lead-in's passage ends where
//! the blogger's opinion starts) and other documents (shared passages).
//!
//! - [`own`]: what the post itself says: a block quote, a lead-in's passage
//!   ([`leadin`]), an embedded post's text.
//! - [`shared`]: passages shared with other documents of the run or with
//!   `--reference` sources: fingerprints, the one index that finds them,
//!   and the rule that makes a paragraph shared.
//! - [`resolve`]: the post itself first, then a reference source, then
//!   another document of the run.
//!
//! Data flows in one way: `tag.rs` calls [`own`] for each document it
//! scores; shared passages are resolved by whoever holds the whole run
//! (the CLI's one-pass writer in `output/`, the Python package, a Spark
//! job), through [`shared`].

pub mod leadin;
pub mod shared;

use crate::doc::Document;
use crate::structure::Structure;
use leadin::ParagraphFacts;
use serde::Serialize;

/// Why a paragraph is marked reproduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReproducedBy {
    /// Marked up as a block quote (`<blockquote>`, `<q>`, Markdown `> `).
    Blockquote,
    /// Introduced by the paragraph before it ("... writes:").
    LeadIn,
    /// The text of an embedded post pasted as text: the paragraph before a
    /// tweet's author line ("— Name (@handle) March 3, 2026").
    Embed,
    /// Found in a reference document given with `--reference`.
    Reference,
    /// The same passage appears in another document of the run.
    Shared,
}

impl ReproducedBy {
    /// The name written in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ReproducedBy::Blockquote => "blockquote",
            ReproducedBy::LeadIn => "lead-in",
            ReproducedBy::Embed => "embed",
            ReproducedBy::Reference => "reference",
            ReproducedBy::Shared => "shared",
        }
    }
}

/// What the post itself says about each paragraph of `doc`: a block quote,
/// a lead-in's passage (which reads `facts`, the scores), or the text of an
/// embedded post that is not boilerplate; `None` for the writer's own.
pub fn own(
    doc: &Document,
    structure: &Structure,
    facts: &[ParagraphFacts],
) -> Vec<Option<ReproducedBy>> {
    let lead_in = leadin::reproduced(doc, facts);
    doc.paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.block_quote {
                Some(ReproducedBy::Blockquote)
            } else if lead_in[i] {
                Some(ReproducedBy::LeadIn)
            } else if structure.embedded[i] && structure.skipped[i].is_none() {
                Some(ReproducedBy::Embed)
            } else {
                None
            }
        })
        .collect()
}

/// A paragraph's provenance, given what the post itself says (`own`, from
/// [`own`]) and whether it shares a passage with another document
/// (`shared`), one of them a `--reference` source (`by_reference`). The
/// post itself comes first; then a reference source, then another document
/// of the run.
pub fn resolve(
    own: Option<ReproducedBy>,
    shared: bool,
    by_reference: bool,
) -> Option<ReproducedBy> {
    match own {
        Some(ReproducedBy::Blockquote | ReproducedBy::LeadIn | ReproducedBy::Embed) => own,
        _ if by_reference => Some(ReproducedBy::Reference),
        _ if shared => Some(ReproducedBy::Shared),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_post_itself_comes_first_then_references_then_the_run() {
        use ReproducedBy::*;
        for own in [Blockquote, LeadIn, Embed] {
            assert_eq!(resolve(Some(own), true, true), Some(own));
        }
        assert_eq!(resolve(None, true, true), Some(Reference));
        assert_eq!(resolve(None, true, false), Some(Shared));
        assert_eq!(resolve(None, false, false), None);
        // Tagging again with an index replaces what an index gave before.
        assert_eq!(resolve(Some(Shared), false, false), None);
    }
}
