//! Snowball stemming filter, wrapping `rust-stemmers`.
//!
//! [`Language`] is our own serde enum so the model file does not depend on
//! the stemmer crate's types.

use super::{Token, TokenKind};
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

/// Stemming languages the model file can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Snowball English (Porter 2).
    English,
}

impl Language {
    fn algorithm(self) -> Algorithm {
        match self {
            Language::English => Algorithm::English,
        }
    }
}

/// Stems word tokens; numbers, URLs and punctuation pass through.
pub struct Stem {
    stemmer: Stemmer,
}

impl Stem {
    /// A stemmer for `language`.
    pub fn new(language: Language) -> Self {
        Stem {
            stemmer: Stemmer::create(language.algorithm()),
        }
    }

    /// Stems the token's term in place.
    pub fn apply(&self, token: &mut Token) {
        if token.kind != TokenKind::Word {
            return;
        }
        let stemmed = self.stemmer.stem(&token.term);
        if stemmed != token.term {
            token.term = stemmed.into_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{test_util::assert_token, tokenize};
    use super::*;

    fn stemmed(s: &str) -> Vec<Token> {
        let stem = Stem::new(Language::English);
        let mut t = tokenize(s);
        t.iter_mut().for_each(|t| stem.apply(t));
        t
    }

    #[test]
    fn snowball_english_stems_words_only() {
        let t = stemmed("running generously 1999 ?");
        assert_token(&t[0], "run", 0, 7);
        assert_token(&t[1], "generous", 8, 18);
        assert_token(&t[2], "1999", 19, 23);
        assert_token(&t[3], "?", 24, 25);
    }

    #[test]
    fn possessive_is_removed() {
        let t = stemmed("iran's");
        assert_eq!(t[0].term, "iran");
    }
}
