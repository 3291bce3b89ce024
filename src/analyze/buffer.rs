//! A reusable token vector: tagging analyses millions of paragraphs, and a
//! fresh `String` per token was the largest cost after the tokenizer itself.
//! A [`TokenBuf`] keeps the term strings of the paragraph before and hands
//! them out again, so once it has warmed up, analysing a paragraph
//! allocates nothing.

use super::{Token, TokenKind};

/// Tokens of one paragraph, with the strings of earlier paragraphs' terms
/// kept for reuse.
#[derive(Debug, Default)]
pub struct TokenBuf {
    pub(super) tokens: Vec<Token>,
    /// Emptied term strings, ready to be filled again.
    spare: Vec<String>,
    /// The tokenizer's per-token quotation flags (double, single).
    pub(super) in_double: Vec<bool>,
    pub(super) in_single: Vec<bool>,
}

impl TokenBuf {
    /// An empty buffer.
    pub fn new() -> Self {
        TokenBuf::default()
    }

    /// Drops every token, keeping their term strings for the next ones.
    pub fn clear(&mut self) {
        self.spare.extend(self.tokens.drain(..).map(|t| {
            let mut s = t.term;
            s.clear();
            s
        }));
        self.in_double.clear();
        self.in_single.clear();
    }

    /// Appends a token whose term `fill` writes into an empty string.
    pub(super) fn push_with(
        &mut self,
        from: usize,
        to: usize,
        kind: TokenKind,
        fill: impl FnOnce(&mut String),
    ) {
        let mut term = self.spare.pop().unwrap_or_default();
        fill(&mut term);
        self.tokens.push(Token {
            term,
            from,
            to,
            kind,
            quoted: false,
        });
    }

    /// The tokens.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The tokens, to change in place (filters, negation marks).
    pub fn tokens_mut(&mut self) -> &mut Vec<Token> {
        &mut self.tokens
    }

    /// The tokens, taken out of the buffer.
    pub fn into_tokens(self) -> Vec<Token> {
        self.tokens
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tokenize, tokenize_into};
    use super::*;

    #[test]
    fn a_reused_buffer_tokenizes_like_a_fresh_one() {
        let mut buf = TokenBuf::new();
        // Longer and shorter texts in turn, so reused strings are both
        // too long and too short for their next term.
        for text in [
            "“Running late,” the Mayor said in 2019: 40% of RUNS failed!",
            "No.",
            "Iran’s army, 1,000.5 strong, met at https://example.org/a?b=1 — Ortiz",
            "",
            "Москва и Zürich — 東京 'quoted' words",
        ] {
            tokenize_into(text, &mut buf);
            assert_eq!(buf.tokens(), tokenize(text).as_slice(), "{text}");
        }
        assert!(!buf.spare.is_empty() || buf.tokens().len() > 1);
    }
}
