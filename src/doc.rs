//! The plain data that crosses module borders: documents, paragraphs, labels.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A whole input document: a post, an article, one JSONL record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Identifier written into every output record (a path, or a JSONL `id`).
    pub id: String,
    /// The source text that paragraph spans point into.
    pub text: String,
    /// Paragraphs, in reading order. Filled by a reader (plain text by [`crate::read::split`]).
    /// A web page's reader comments ([`Paragraph::comment`]) come after its
    /// article.
    pub paragraphs: Vec<Paragraph>,
    /// What the page says about itself (HTML meta tags, Open Graph, JSON-LD;
    /// Markdown front matter); empty for text and JSONL.
    pub meta: PageMeta,
    /// Targets whose tone this document asks for (a JSONL `targets` key),
    /// on top of those given to the tagger.
    pub targets: Vec<TargetSpec>,
}

impl Document {
    /// A document of these paragraphs, as a JSONL `paragraphs` record
    /// gives them: the text is the paragraphs joined by a blank line, each
    /// paragraph's span pointing into it, no markup and no metadata.
    pub fn from_paragraphs<S: Into<String>>(
        id: impl Into<String>,
        paragraphs: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut text = String::new();
        let mut out = Vec::new();
        for (index, p) in paragraphs.into_iter().enumerate() {
            let p = p.into();
            if index > 0 {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(&p);
            out.push(Paragraph::new(index, start, text.len(), p));
        }
        Document {
            id: id.into(),
            text,
            paragraphs: out,
            meta: PageMeta::EMPTY,
            targets: Vec::new(),
        }
    }
}

/// A page's metadata, as published with it. Every field is optional: pages
/// carry any subset, text and JSONL inputs none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageMeta {
    /// The article's title.
    pub title: Option<String>,
    /// Its author(s), as the page names them.
    pub author: Option<String>,
    /// Publication date, `YYYY-MM-DD` when the page gives one that parses.
    pub published: Option<String>,
    /// The site's name.
    pub site: Option<String>,
    /// The canonical URL.
    pub url: Option<String>,
    /// Language code (`en`, `de`, ...).
    pub language: Option<String>,
    /// What the page says of its kind, read for its genre (`genre.rs`);
    /// boxed, as most inputs have none.
    pub kind: Option<Box<PageKind>>,
}

/// What a page says of its kind of writing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageKind {
    /// The section it files itself under (`article:section`, JSON-LD
    /// `articleSection`).
    pub section: Option<String>,
    /// Its schema.org / Open Graph types (JSON-LD `@type`, `og:type`).
    pub schema_types: Vec<String>,
}

impl PageMeta {
    /// No metadata (text and JSONL documents).
    pub const EMPTY: PageMeta = PageMeta {
        title: None,
        author: None,
        published: None,
        site: None,
        url: None,
        language: None,
        kind: None,
    };
}

/// One paragraph of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// 0-based position in the document.
    pub index: usize,
    /// Byte offset of the first byte in [`Document::text`].
    pub start: usize,
    /// Byte offset one past the last byte in [`Document::text`].
    pub end: usize,
    /// The paragraph's text with internal line breaks and runs of white space
    /// folded to single spaces (what the classifier sees and what is written).
    pub text: String,
    /// The markup element it came from (`p`, `li`, `blockquote`, `h2`, ...),
    /// for HTML and Markdown inputs.
    pub element: Option<String>,
    /// Marked up as a quotation block (`<blockquote>`, a `<q>` covering most
    /// of it, Markdown `> `): reproduced from another source.
    pub block_quote: bool,
    /// A reader comment below a web page's article (found by the
    /// extractor's comment extraction), not the article itself.
    pub comment: bool,
    /// The markup sets all of its text in bold (`<b>`, `<strong>`): on a
    /// short line without a full stop, a subhead styled by hand.
    pub bold: bool,
}

impl Paragraph {
    /// A plain paragraph (no markup information).
    pub fn new(index: usize, start: usize, end: usize, text: String) -> Self {
        Paragraph {
            index,
            start,
            end,
            text,
            element: None,
            block_quote: false,
            comment: false,
            bold: false,
        }
    }

    /// Whether the markup says this is a heading.
    pub fn is_heading(&self) -> bool {
        matches!(
            self.element.as_deref(),
            Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6")
        )
    }
}

/// The three stance labels, in the fixed order used for score columns and
/// model weight columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Neutral report of events, figures or indirect speech.
    Fact,
    /// More than half the words are someone's quoted words.
    Quotation,
    /// The writer argues, judges, predicts or exhorts.
    Opinion,
}

impl Label {
    /// All labels, in column order.
    pub const ALL: [Label; 3] = [Label::Fact, Label::Quotation, Label::Opinion];

    /// Column index of this label.
    pub fn index(self) -> usize {
        self as usize
    }

    /// This label's column among a stance head's `classes` (a model file
    /// stores its class names), if the head has it.
    pub fn column(self, classes: &[String]) -> Option<usize> {
        classes.iter().position(|c| c == self.as_str())
    }

    /// The label's name as written in data and output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Label::Fact => "fact",
            Label::Quotation => "quotation",
            Label::Opinion => "opinion",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Label {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fact" => Ok(Label::Fact),
            "quotation" | "quote" => Ok(Label::Quotation),
            "opinion" => Ok(Label::Opinion),
            other => Err(format!(
                "unknown label {other:?}: expected fact, quotation or opinion"
            )),
        }
    }
}

/// Paragraphs longer than this are classified (and shingled) from their
/// first this-many bytes: a 50 MB "paragraph" is not prose, and this keeps
/// time and memory per paragraph bounded whatever the input.
pub const MAX_ANALYSED_BYTES: usize = 1 << 20;

/// The first [`MAX_ANALYSED_BYTES`] of `text`, cut at a character boundary.
pub fn analysed_prefix(text: &str) -> &str {
    if text.len() <= MAX_ANALYSED_BYTES {
        return text;
    }
    let mut end = MAX_ANALYSED_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Folds every run of white space (including line breaks) to one space and
/// trims both ends: the text form of a paragraph.
pub fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A target as the user names it: `NAME` or `NAME=alias|alias`. Every name
/// is matched case-insensitively as whole words, possessives included.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TargetSpec {
    /// The name reported in the output.
    pub name: String,
    /// Other names of the same target.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl TargetSpec {
    /// Parses `NAME` or `NAME=alias|alias` (surrounding spaces trimmed);
    /// an empty name or alias is an error naming the spec.
    pub fn parse(spec: &str) -> Result<TargetSpec, String> {
        let (name, aliases) = match spec.split_once('=') {
            Some((n, a)) => (n, a.split('|').map(str::trim).collect::<Vec<_>>()),
            None => (spec, Vec::new()),
        };
        let name = name.trim();
        if name.is_empty() || aliases.iter().any(|a| a.is_empty()) {
            return Err(format!(
                "bad target {spec:?}: expected NAME or NAME=alias|alias, with no empty name"
            ));
        }
        Ok(TargetSpec {
            name: name.to_string(),
            aliases: aliases.into_iter().map(String::from).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_through_text() {
        for label in Label::ALL {
            assert_eq!(label.as_str().parse::<Label>().unwrap(), label);
        }
        assert_eq!(" Opinion ".parse::<Label>().unwrap(), Label::Opinion);
        let classes: Vec<String> = ["fact", "quotation", "opinion"].map(String::from).into();
        assert_eq!(Label::Opinion.column(&classes), Some(2));
        let binary: Vec<String> = ["not-opinion", "opinion"].map(String::from).into();
        assert_eq!(Label::Fact.column(&binary), None);
        assert!("neutral".parse::<Label>().is_err());
    }

    #[test]
    fn analysed_prefix_cuts_at_a_char_boundary() {
        let long = "é".repeat(MAX_ANALYSED_BYTES);
        let p = analysed_prefix(&long);
        assert!(p.len() <= MAX_ANALYSED_BYTES && p.len() > MAX_ANALYSED_BYTES - 4);
        assert_eq!(analysed_prefix("short"), "short");
    }

    #[test]
    fn fold_whitespace_joins_lines() {
        assert_eq!(fold_whitespace("  a\n  b\t\tc  "), "a b c");
        assert_eq!(fold_whitespace(""), "");
    }
}
