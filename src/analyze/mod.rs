//! Text analysis: a tokenizer followed by a chain of small filters.
//!
//! `text → tokenize → lowercase → normalise (numbers, URLs) → stem → terms`
//!
//! Every [`Token`] keeps the byte offsets of the source text it came from;
//! filters change the term, never the offsets. The whole chain is described
//! by an [`AnalyzerConfig`] that is stored in the model file, so tagging
//! always rebuilds exactly the analyzer the model was trained with.
//!
//! One file per step: `tokenizer.rs` (tokens with offsets and quotation
//! marks), `normalize.rs`, `stem.rs`, `negation.rs` (the filters),
//! `buffer.rs` (a reusable token buffer for tagging). [`cues`] holds our
//! cue-word lists (attribution, pronouns, hedges, evaluative and polar
//! words): plain words that `structure/` reads as they are and
//! `features/dense/` stems with a head's analyzer.

mod buffer;
pub mod cues;
pub mod identity;
mod negation;
mod normalize;
mod stem;
mod tokenizer;

pub use buffer::TokenBuf;
pub use negation::{mark_negation, NEG_PREFIX};
pub use normalize::normalize;
pub use stem::{Language, Stem};
pub use tokenizer::{is_dash_attributed, tokenize, tokenize_into};

use serde::{Deserialize, Serialize};

/// What a token is, as decided by the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits starting with a letter (`don't`, `U.S`, `covid19`).
    Word,
    /// A number (`12`, `1,000`, `3.5`).
    Number,
    /// A web address.
    Url,
    /// Punctuation that carries meaning for the labels: quotation marks,
    /// `?`, `!`, `:` and `%`.
    Punct,
}

/// One token: a term and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The term, changed by each filter (lowercased, stemmed, ...).
    pub term: String,
    /// Byte offset of the token's first byte in the analysed text.
    pub from: usize,
    /// Byte offset one past the token's last byte.
    pub to: usize,
    /// Token class.
    pub kind: TokenKind,
    /// Whether the token sits between an opening and a closing quotation mark.
    pub quoted: bool,
}

/// The term every quotation mark is folded to, whatever its shape.
pub const QUOTE_TERM: &str = "\"";

/// Analyzer settings, stored in the model file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnalyzerConfig {
    /// Lowercase every term.
    pub lowercase: bool,
    /// Stemming language; `None` keeps words as they are.
    pub stemmer: Option<Language>,
    /// Replace numbers with `#num` (or `#year` for 1800-2099).
    pub normalize_numbers: bool,
    /// Replace web addresses with `#url`.
    pub normalize_urls: bool,
    /// Keep quotation marks, `?`, `!`, `:` and `%` as tokens.
    pub keep_punct: bool,
    /// Prefix `not_` to the words after a negation up to the next
    /// punctuation (`not bad at all` → `not not_bad not_at not_all`).
    #[serde(default)]
    pub negation: bool,
    /// Replace proper names inside sentences by `#name` and religions,
    /// nationalities, ethnicities and sexual identities by `#group`
    /// (`identity.rs`), so who is named carries no label weight. Off for
    /// models trained before it existed.
    #[serde(default)]
    pub mask_identity: bool,
    /// With `mask_identity`: the words of the training text whose capital
    /// is no name ([`identity::common_words`]), filled in by training. Empty:
    /// capitalised words inside a sentence are names, sentence starts not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identity_common_words: Vec<String>,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            lowercase: true,
            stemmer: Some(Language::English),
            normalize_numbers: true,
            normalize_urls: true,
            keep_punct: true,
            negation: false,
            mask_identity: false,
            identity_common_words: Vec::new(),
        }
    }
}

/// A ready-to-use analyzer built from an [`AnalyzerConfig`].
pub struct Analyzer {
    config: AnalyzerConfig,
    stem: Option<Stem>,
    identity: Option<identity::IdentityMask>,
}

impl Analyzer {
    /// Builds the analyzer described by `config`.
    pub fn new(config: AnalyzerConfig) -> Self {
        let stem = config.stemmer.map(Stem::new);
        let identity = config.mask_identity.then(|| {
            let common = &config.identity_common_words;
            identity::IdentityMask::new((!common.is_empty()).then_some(common.as_slice()))
        });
        Analyzer {
            config,
            stem,
            identity,
        }
    }

    /// The settings this analyzer was built from.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// Runs the whole chain over `text`.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let tokens = self.analyze_base(text);
        self.finish(text, tokens)
    }

    /// The chain up to stemming: everything but negation marking. Two
    /// analyzers that differ only in [`AnalyzerConfig::negation`] produce
    /// the same base tokens, so a tagger with two such heads analyses each
    /// paragraph once (see [`Analyzer::same_base`]).
    pub fn analyze_base(&self, text: &str) -> Vec<Token> {
        let mut buf = TokenBuf::new();
        self.analyze_base_into(text, &mut buf);
        buf.into_tokens()
    }

    /// [`Analyzer::analyze_base`] into a reused buffer (no allocation per
    /// token once it has warmed up).
    pub fn analyze_base_into(&self, text: &str, buf: &mut TokenBuf) {
        self.analyze_unstemmed_into(text, buf);
        if let Some(stem) = &self.stem {
            stem.apply_all(buf.tokens_mut());
        }
    }

    /// The chain up to stemming, stemming left out: for a caller that
    /// stems word tokens itself through its own memo (see
    /// [`Analyzer::stemmer`] and `features::terms`).
    pub fn analyze_unstemmed_into(&self, text: &str, buf: &mut TokenBuf) {
        tokenize_into(text, buf);
        let tokens = buf.tokens_mut();
        // Before punctuation goes: masking reads sentence starts from it.
        if let Some(identity) = &self.identity {
            identity.mask(text, tokens);
        }
        if !self.config.keep_punct {
            tokens.retain(|t| t.kind != TokenKind::Punct);
        }
        for t in tokens.iter_mut() {
            if self.config.lowercase && t.kind == TokenKind::Word {
                lowercase(&mut t.term);
            }
            normalize(t, self.config.normalize_numbers, self.config.normalize_urls);
        }
    }

    /// The stemmer of the chain, if it stems.
    pub fn stemmer(&self) -> Option<&Stem> {
        self.stem.as_ref()
    }

    /// The rest of the chain on base tokens of `text`: negation marking.
    pub fn finish(&self, text: &str, mut tokens: Vec<Token>) -> Vec<Token> {
        self.finish_in_place(text, &mut tokens);
        tokens
    }

    /// [`Analyzer::finish`] in place.
    pub fn finish_in_place(&self, text: &str, tokens: &mut [Token]) {
        if self.config.negation {
            mark_negation(text, tokens);
        }
    }

    /// Whether `other` yields the same base tokens as this analyzer.
    pub fn same_base(&self, other: &Analyzer) -> bool {
        let strip = |c: &AnalyzerConfig| AnalyzerConfig {
            negation: false,
            ..c.clone()
        };
        strip(&self.config) == strip(&other.config)
    }

    /// The terms of `text`, in order (what the vectorizer counts).
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyze(text).into_iter().map(|t| t.term).collect()
    }
}

/// Lowercases in place, allocating only when a character changes length.
fn lowercase(term: &mut String) {
    if term
        .bytes()
        .all(|b| !b.is_ascii_uppercase() && b.is_ascii())
    {
        return;
    }
    if term.is_ascii() {
        term.make_ascii_lowercase();
    } else {
        *term = term.to_lowercase();
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::{Analyzer, AnalyzerConfig, Token};

    /// The default analyzer, and the same with negation marks (the
    /// stance and the sentiment head's chains).
    pub fn plain_and_negating() -> (Analyzer, Analyzer) {
        let negating = Analyzer::new(AnalyzerConfig {
            negation: true,
            ..AnalyzerConfig::default()
        });
        (Analyzer::new(AnalyzerConfig::default()), negating)
    }

    /// Checks one token's term and source offsets.
    pub fn assert_token(token: &Token, term: &str, from: usize, to: usize) {
        assert_eq!(token.term, term, "term of {token:?}");
        assert_eq!((token.from, token.to), (from, to), "offsets of {token:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_chain_lowercases_stems_and_normalises() {
        let a = Analyzer::new(AnalyzerConfig::default());
        let terms = a.terms("“Running late,” the Mayor said in 2019: 40% of RUNS failed!");
        assert_eq!(
            terms,
            [
                "\"", "run", "late", "\"", "the", "mayor", "said", "in", "#year", ":", "#num", "%",
                "of", "run", "fail", "!"
            ]
        );
    }

    #[test]
    fn punctuation_can_be_dropped() {
        let cfg = AnalyzerConfig {
            keep_punct: false,
            stemmer: None,
            ..AnalyzerConfig::default()
        };
        let a = Analyzer::new(cfg);
        assert_eq!(a.terms("Why? “Because.”"), ["why", "because"]);
    }

    #[test]
    fn offsets_survive_the_filters() {
        let a = Analyzer::new(AnalyzerConfig::default());
        let text = "Ministers were RUNNING";
        let t = a.analyze(text);
        test_util::assert_token(&t[2], "run", 15, 22);
        assert_eq!(&text[t[2].from..t[2].to], "RUNNING");
    }

    #[test]
    fn base_then_finish_is_the_whole_chain() {
        let (plain, negating) = test_util::plain_and_negating();
        assert!(plain.same_base(&negating));
        let text = "It was not a good year, said nobody.";
        let base = plain.analyze_base(text);
        assert_eq!(plain.finish(text, base.clone()), plain.analyze(text));
        assert_eq!(negating.finish(text, base), negating.analyze(text));
        assert_ne!(plain.analyze(text), negating.analyze(text));
        let unstemmed = Analyzer::new(AnalyzerConfig {
            stemmer: None,
            ..AnalyzerConfig::default()
        });
        assert!(!plain.same_base(&unstemmed));
    }

    #[test]
    fn lowercase_handles_non_ascii() {
        let mut s = String::from("ÉTIENNE");
        lowercase(&mut s);
        assert_eq!(s, "étienne");
    }
}
