//! Snowball stemming filter, wrapping `rust-stemmers`.
//!
//! [`Language`] is our own serde enum so the model file does not depend on
//! the stemmer crate's types.

use super::{Token, TokenKind};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use thread_local::ThreadLocal;

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
///
/// Words repeat (a few thousand make up most of any text), and Snowball is
/// the costliest step of analysis, so stems are memoised: a map from word to
/// stem (`None` when the word is its own stem), cleared when it reaches
/// [`CACHE_LIMIT`] entries so memory stays bounded. Each thread keeps its
/// own map, so tagging threads never wait on each other for a lookup.
pub struct Stem {
    stemmer: Stemmer,
    cache: ThreadLocal<RefCell<FxHashMap<String, Option<String>>>>,
}

/// Most words memoised by one stemmer, per thread.
pub const CACHE_LIMIT: usize = 100_000;

impl Stem {
    /// A stemmer for `language`.
    pub fn new(language: Language) -> Self {
        Stem {
            stemmer: Stemmer::create(language.algorithm()),
            cache: ThreadLocal::new(),
        }
    }

    /// The stem of one word, as [`Stem::apply`] stems a word token (for
    /// word lists and lexicons, stemmed as the text is).
    pub fn word(&self, word: &str) -> String {
        let mut t = Token {
            term: word.to_string(),
            from: 0,
            to: 0,
            kind: TokenKind::Word,
            quoted: false,
        };
        self.apply(&mut t);
        t.term
    }

    /// Snowball's stem of one word, not memoised (for a caller that keeps
    /// its own memo).
    pub fn snowball<'w>(&self, word: &'w str) -> std::borrow::Cow<'w, str> {
        self.stemmer.stem(word)
    }

    /// Stems the token's term in place.
    pub fn apply(&self, token: &mut Token) {
        self.apply_all(std::slice::from_mut(token));
    }

    /// Stems every token's term in place (the thread's memo is fetched
    /// once for them all).
    pub fn apply_all(&self, tokens: &mut [Token]) {
        let mut cache = self.cache.get_or_default().borrow_mut();
        for token in tokens {
            if token.kind != TokenKind::Word {
                continue;
            }
            if let Some(hit) = cache.get(&token.term) {
                if let Some(stem) = hit {
                    token.term.clone_from(stem);
                }
                continue;
            }
            let stemmed = self.stemmer.stem(&token.term);
            let entry = (stemmed != token.term).then(|| stemmed.into_owned());
            if cache.len() >= CACHE_LIMIT {
                cache.clear();
            }
            cache.insert(token.term.clone(), entry.clone());
            if let Some(stem) = entry {
                token.term = stem;
            }
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
    fn cached_stems_equal_fresh_ones() {
        let stem = Stem::new(Language::English);
        for _ in 0..2 {
            let t = stemmed("running runs generously");
            let mut again = tokenize("running runs generously");
            again.iter_mut().for_each(|t| stem.apply(t));
            assert_eq!(t, again);
        }
        assert!(stem.cache.get_or_default().borrow().len() <= 3);
    }

    #[test]
    fn possessive_is_removed() {
        let t = stemmed("iran's");
        assert_eq!(t[0].term, "iran");
    }
}
