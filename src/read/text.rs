//! Plain text documents: the whole file is one document.

use super::split::split_text;
use crate::doc::Document;

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
