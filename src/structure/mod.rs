//! Post structure: what is not content (boilerplate), and which paragraphs
//! the post reproduces from elsewhere (block quotes, lead-ins, passages
//! shared with other posts or with a reference corpus). See LABELS.md,
//! "Provenance" and "Not labelled".

pub mod boilerplate;
pub mod crosspost;
pub mod leadin;
pub mod shared;

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
