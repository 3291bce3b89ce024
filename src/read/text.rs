//! Plain text documents: the whole file is one document.

use crate::doc::Document;
use crate::split::split_text;

/// A plain-text document named `id`, split into paragraphs.
pub fn document(id: &str, text: String) -> Document {
    let paragraphs = split_text(&text);
    Document {
        id: id.to_string(),
        text,
        paragraphs,
        meta: Default::default(),
        targets: Vec::new(),
    }
}
