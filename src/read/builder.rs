//! Builds a document from extracted paragraphs (HTML, Markdown): the
//! document text is the paragraphs joined by a blank line, and each
//! paragraph's span points into it.

use crate::doc::{fold_whitespace, Document, Paragraph};

/// Accumulates extracted paragraphs.
#[derive(Default)]
pub struct Builder {
    text: String,
    paragraphs: Vec<Paragraph>,
    /// Paragraphs pushed while this is set are reader comments.
    pub comment: bool,
}

impl Builder {
    /// Adds a paragraph (white space folded; empty text is dropped).
    pub fn push(&mut self, raw: &str, element: &str, block_quote: bool) {
        self.push_styled(raw, element, block_quote, false);
    }

    /// Adds a paragraph, `bold` when the markup sets all of its text in bold.
    pub fn push_styled(&mut self, raw: &str, element: &str, block_quote: bool, bold: bool) {
        let folded = fold_whitespace(raw);
        if folded.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(&folded);
        let mut p = Paragraph::new(self.paragraphs.len(), start, self.text.len(), folded);
        p.element = Some(element.to_string());
        p.block_quote = block_quote;
        p.comment = self.comment;
        p.bold = bold;
        self.paragraphs.push(p);
    }

    /// Whether no paragraph was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// The finished document.
    pub fn finish(self, id: &str) -> Document {
        Document {
            id: id.to_string(),
            text: self.text,
            paragraphs: self.paragraphs,
            meta: Default::default(),
            targets: Vec::new(),
        }
    }
}
