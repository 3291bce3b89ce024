//! Extraction: the cue words stemmed into [`CueLists`] with a head's own
//! analyzer, and the raw (unscaled) dense feature values of an analysed
//! paragraph.
//!
//! Values are computed from the analysed tokens (which know whether they
//! sit inside quotation marks), so a first-person pronoun inside a quote
//! counts towards the quotation, not towards the writer's own stance.

use super::DenseFeature;
use crate::analyze::cues::{
    ATTRIBUTION, DOWNTONERS, EVALUATIVE, FIRST_PERSON, HEDGE, INTENSIFIERS, NEGATIVE, NEGATORS,
    POSITIVE, SECOND_PERSON,
};
use crate::analyze::{AnalyzerConfig, NEG_PREFIX};
use crate::analyze::{Stem, Token, TokenKind, QUOTE_TERM};
use rustc_hash::FxHashMap;

/// The cue words ([`crate::analyze::cues`]) stemmed for the dense
/// features, built once per head with the head's own analyzer settings: one
/// map from term to a bit per list, so each token costs one lookup.
/// (Not to be confused with the public lexicons' per-stem scores,
/// [`PolarityLexicon`](crate::features::PolarityLexicon).)
#[derive(Debug, Clone)]
pub struct CueLists {
    lists: FxHashMap<String, u16>,
    /// [`DOWNTONERS`] as (stem, byte length of the unstemmed word).
    downtoners: Vec<(String, usize)>,
    /// Whether the analyzer marks negation itself (`not_` prefixes); when
    /// it does not, the extractor scopes [`NEGATORS`] on its own.
    marked: bool,
}

const ATTRIBUTION_BIT: u16 = 1;
const FIRST_PERSON_BIT: u16 = 2;
const SECOND_PERSON_BIT: u16 = 4;
const HEDGE_BIT: u16 = 8;
const EVALUATIVE_BIT: u16 = 16;
const POSITIVE_BIT: u16 = 32;
const NEGATIVE_BIT: u16 = 64;
const INTENSIFIER_BIT: u16 = 128;
const NEGATOR_BIT: u16 = 256;
/// The stem of a downtoner (`hardly` → `hard`): checked further by length.
const DOWNTONER_BIT: u16 = 512;

/// How many words a negation opened by the extractor reaches (the
/// analyzer's own scope).
const NEGATION_SCOPE: usize = 4;

impl CueLists {
    /// Normalises the built-in word lists the way `config` normalises text.
    pub fn new(config: &AnalyzerConfig) -> Self {
        let stem = config.stemmer.map(Stem::new);
        let normalise = |w: &str| stem.as_ref().map_or_else(|| w.to_string(), |s| s.word(w));
        let mut lists: FxHashMap<String, u16> = FxHashMap::default();
        for (words, bit) in [
            (ATTRIBUTION, ATTRIBUTION_BIT),
            (FIRST_PERSON, FIRST_PERSON_BIT),
            (SECOND_PERSON, SECOND_PERSON_BIT),
            (HEDGE, HEDGE_BIT),
            (EVALUATIVE, EVALUATIVE_BIT),
        ] {
            for w in words {
                *lists.entry(normalise(w)).or_insert(0) |= bit;
            }
        }
        for (words, bit) in [
            (POSITIVE, POSITIVE_BIT),
            (NEGATIVE, NEGATIVE_BIT),
            (INTENSIFIERS, INTENSIFIER_BIT),
            (NEGATORS, NEGATOR_BIT),
        ] {
            for w in words.split_whitespace() {
                *lists.entry(normalise(w)).or_insert(0) |= bit;
            }
        }
        let downtoners: Vec<(String, usize)> =
            DOWNTONERS.iter().map(|w| (normalise(w), w.len())).collect();
        for (stem, _) in &downtoners {
            *lists.entry(stem.clone()).or_insert(0) |= DOWNTONER_BIT;
        }
        CueLists {
            lists,
            downtoners,
            marked: config.negation,
        }
    }

    /// Raw (unscaled) values of `features` for one analysed paragraph.
    pub fn extract(&self, tokens: &[Token], features: &[DenseFeature], out: &mut Vec<f64>) {
        self.extract_with(tokens, &self.bits(tokens), features, out);
    }

    /// Each token's cue-list memberships (a bit per list; 0 for numbers and
    /// punctuation). Negation marks are ignored, so the bits of base tokens
    /// serve a head that marks negation too: a tagger with two heads looks
    /// each word up once.
    pub fn bits(&self, tokens: &[Token]) -> Vec<u16> {
        tokens
            .iter()
            .map(|t| match t.kind {
                TokenKind::Word | TokenKind::Url => {
                    self.bits_of(t.term.strip_prefix(NEG_PREFIX).unwrap_or(&t.term))
                }
                TokenKind::Number | TokenKind::Punct => 0,
            })
            .collect()
    }

    /// The list bits of a word's term (without a negation mark).
    pub fn bits_of(&self, term: &str) -> u16 {
        self.lists.get(term).copied().unwrap_or(0)
    }

    /// Every term of the word lists.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.lists.keys().map(String::as_str)
    }

    /// [`CueLists::extract`] with the tokens' [`CueLists::bits`] given.
    pub fn extract_with(
        &self,
        tokens: &[Token],
        bits: &[u16],
        features: &[DenseFeature],
        out: &mut Vec<f64>,
    ) {
        // Negation scopes only matter to the polarity features; the stance
        // head skips that bookkeeping.
        let polarity = features.iter().any(|f| DenseFeature::POLARITY.contains(f));
        let mut words = 0usize;
        let mut quoted = 0usize;
        let (mut attribution, mut first, mut second, mut hedge, mut eval) = (0, 0, 0, 0, 0);
        let (mut questions, mut exclamations, mut numbers) = (0, 0, 0);
        let (mut positive, mut negative, mut neg_positive, mut neg_negative) = (0, 0, 0, 0);
        let mut intensified = 0;
        // A negation scope opened here (downtoners, `far from`, and negators
        // when the analyzer does not mark them): words it still reaches.
        let mut scope = 0usize;
        let mut last_end: Option<usize> = None;
        let (mut after_intensifier, mut after_far) = (false, false);
        for (t, &bits) in tokens.iter().zip(bits) {
            // The text is white-space folded, so more than one byte between
            // two tokens is dropped punctuation (`,` `.` `;` dashes,
            // brackets), which ends a scope as in the analyzer.
            if last_end.is_some_and(|end| t.from > end + 1) {
                scope = 0;
            }
            last_end = Some(t.to);
            match t.kind {
                TokenKind::Punct => {
                    scope = 0;
                    (after_intensifier, after_far) = (false, false);
                    if !t.quoted {
                        match t.term.as_str() {
                            "?" => questions += 1,
                            "!" => exclamations += 1,
                            _ => {}
                        }
                    }
                    if t.term == "%" {
                        numbers += 1;
                    }
                }
                TokenKind::Number => {
                    (after_intensifier, after_far) = (false, false);
                    words += 1;
                    numbers += 1;
                    quoted += t.quoted as usize;
                }
                TokenKind::Word | TokenKind::Url => {
                    words += 1;
                    let unmarked = t.term.strip_prefix(NEG_PREFIX);
                    let term = unmarked.unwrap_or(&t.term);
                    if t.quoted {
                        quoted += 1;
                    } else {
                        attribution += (bits & ATTRIBUTION_BIT != 0) as usize;
                        first += (bits & FIRST_PERSON_BIT != 0) as usize;
                        second += (bits & SECOND_PERSON_BIT != 0) as usize;
                        hedge += (bits & HEDGE_BIT != 0) as usize;
                        eval += (bits & EVALUATIVE_BIT != 0) as usize;
                    }
                    // Unlike the stance cue lists, polarity words inside
                    // quotation marks count too: sentiment is about what the
                    // paragraph reports, whoever's words carry it ("a
                    // “disaster” for the town" is negative either way),
                    // while the stance features ask whose words they are.
                    if bits & (POSITIVE_BIT | NEGATIVE_BIT) != 0 {
                        let negated = unmarked.is_some() || scope > 0;
                        match (bits & POSITIVE_BIT != 0, negated) {
                            (true, false) => positive += 1,
                            (true, true) => neg_positive += 1,
                            (false, false) => negative += 1,
                            (false, true) => neg_negative += 1,
                        }
                        intensified += after_intensifier as usize;
                    }
                    if !polarity {
                        continue;
                    }
                    let opens = (bits & DOWNTONER_BIT != 0 && self.is_downtoner(term, t))
                        || (after_far && term == "from")
                        || (!self.marked && (bits & NEGATOR_BIT != 0 || term.ends_with("n't")));
                    after_intensifier = bits & INTENSIFIER_BIT != 0;
                    after_far = term == "far";
                    if opens {
                        scope = NEGATION_SCOPE;
                    } else if t.kind == TokenKind::Word {
                        scope = scope.saturating_sub(1);
                    }
                }
            }
        }
        let per_word = |n: usize| {
            if words == 0 {
                0.0
            } else {
                n as f64 / words as f64
            }
        };
        let log = |n: usize| (n as f64).ln_1p();
        for f in features {
            out.push(match f {
                DenseFeature::QuoteShare => per_word(quoted),
                DenseFeature::OpensWithQuote => {
                    tokens.first().is_some_and(|t| t.term == QUOTE_TERM) as u8 as f64
                }
                DenseFeature::Attribution => log(attribution),
                DenseFeature::FirstPerson => per_word(first),
                DenseFeature::SecondPerson => per_word(second),
                DenseFeature::Hedge => per_word(hedge),
                DenseFeature::Evaluative => per_word(eval),
                DenseFeature::Question => log(questions),
                DenseFeature::Exclamation => log(exclamations),
                DenseFeature::Numbers => per_word(numbers),
                DenseFeature::Length => log(words),
                DenseFeature::Positive => per_word(positive),
                DenseFeature::Negative => per_word(negative),
                DenseFeature::NegatedPositive => per_word(neg_positive),
                DenseFeature::NegatedNegative => per_word(neg_negative),
                DenseFeature::Intensified => per_word(intensified),
                // Filled in by `Position::fill` when the position is known.
                DenseFeature::Position | DenseFeature::First | DenseFeature::Last => f64::NAN,
                // Filled in by the featurizer from the head's polarity lexicon.
                DenseFeature::Subjectivity
                | DenseFeature::PolarityStrength
                | DenseFeature::ValencePositive
                | DenseFeature::ValenceNegative => 0.0,
            });
        }
    }

    /// Whether `t` (whose term, without a `not_` prefix, is `term`) is one
    /// of [`DOWNTONERS`]: its stem, from a word of the downtoner's length.
    fn is_downtoner(&self, term: &str, t: &Token) -> bool {
        self.downtoners
            .iter()
            .any(|(stem, len)| stem == term && t.to - t.from == *len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;

    /// The default (stance) features' raw values: ALL is a prefix of EVERY.
    fn values(text: &str) -> Vec<f64> {
        let mut v = every(text, false);
        v.truncate(DenseFeature::ALL.len());
        v
    }

    fn get(v: &[f64], f: DenseFeature) -> f64 {
        v[DenseFeature::ALL.iter().position(|&x| x == f).unwrap()]
    }

    #[test]
    fn quotation_features() {
        let v = values("“We will not close a single route,” the director said.");
        assert!((get(&v, DenseFeature::QuoteShare) - 7.0 / 10.0).abs() < 1e-12);
        assert_eq!(get(&v, DenseFeature::OpensWithQuote), 1.0);
        assert_eq!(get(&v, DenseFeature::Attribution), 2f64.ln());
        // "We" is inside the quote: not the writer's first person.
        assert_eq!(get(&v, DenseFeature::FirstPerson), 0.0);
    }

    #[test]
    fn opinion_features() {
        let v = values("I think we must act. Isn't it obvious? You know it is outrageous!");
        assert!(get(&v, DenseFeature::FirstPerson) > 0.1);
        assert!(get(&v, DenseFeature::SecondPerson) > 0.0);
        assert!(get(&v, DenseFeature::Hedge) > 0.0);
        assert!(get(&v, DenseFeature::Evaluative) > 0.0);
        assert_eq!(get(&v, DenseFeature::Question), 2f64.ln());
        assert_eq!(get(&v, DenseFeature::Exclamation), 2f64.ln());
        assert_eq!(get(&v, DenseFeature::QuoteShare), 0.0);
    }

    #[test]
    fn fact_features() {
        let v = values("The council voted 7-2 on 4 March 2024 to cut 12% of routes.");
        assert!(get(&v, DenseFeature::Numbers) > 0.3);
        assert_eq!(get(&v, DenseFeature::FirstPerson), 0.0);
        assert!((get(&v, DenseFeature::Length) - 14f64.ln_1p()).abs() < 1e-12);
    }

    #[test]
    fn empty_paragraph_is_all_finite() {
        assert!(values("").iter().all(|v| v.is_finite()));
        assert!(values("?!").iter().all(|v| v.is_finite()));
    }

    /// Every feature's raw value, with or without the analyzer's negation
    /// marking.
    fn every(text: &str, negation: bool) -> Vec<f64> {
        let cfg = AnalyzerConfig {
            negation,
            ..AnalyzerConfig::default()
        };
        let a = Analyzer::new(cfg.clone());
        let lex = CueLists::new(&cfg);
        let mut out = Vec::new();
        lex.extract(&a.analyze(text), &DenseFeature::EVERY, &mut out);
        out
    }

    fn of(v: &[f64], f: DenseFeature) -> f64 {
        v[DenseFeature::EVERY.iter().position(|&x| x == f).unwrap()]
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn polarity_lists_do_not_overlap_once_stemmed() {
        let lex = CueLists::new(&AnalyzerConfig::default());
        for (term, bits) in &lex.lists {
            let polar = bits & (POSITIVE_BIT | NEGATIVE_BIT);
            assert_ne!(polar, POSITIVE_BIT | NEGATIVE_BIT, "{term} is both");
            assert!(
                polar == 0 || bits & (INTENSIFIER_BIT | NEGATOR_BIT) == 0,
                "{term} is polar and an intensifier or negator"
            );
        }
        let count = |bit| lex.lists.values().filter(|b| *b & bit != 0).count();
        assert!(count(POSITIVE_BIT) > 150 && count(NEGATIVE_BIT) > 200);
    }

    #[test]
    fn polar_words_per_word() {
        // 11 words (the number counts), 4 positive, one after "very".
        let v = every(
            "Shares gained 12% after a very strong quarter, a welcome relief.",
            true,
        );
        assert!(close(of(&v, DenseFeature::Positive), 4.0 / 11.0));
        assert!(close(of(&v, DenseFeature::Intensified), 1.0 / 11.0));
        assert_eq!(of(&v, DenseFeature::Negative), 0.0);
        assert_eq!(of(&v, DenseFeature::NegatedPositive), 0.0);
        let v = every("The crash killed three people and injured dozens.", true);
        assert!(close(of(&v, DenseFeature::Negative), 3.0 / 8.0));
        assert_eq!(of(&v, DenseFeature::Positive), 0.0);
    }

    #[test]
    fn not_bad_at_all_is_negated_negative() {
        for negation in [true, false] {
            let v = every("The results were not bad at all.", negation);
            assert!(close(of(&v, DenseFeature::NegatedNegative), 1.0 / 7.0));
            assert_eq!(of(&v, DenseFeature::Negative), 0.0);
            let v = every("It isn't a good deal, but a great one.", negation);
            assert!(close(of(&v, DenseFeature::NegatedPositive), 1.0 / 9.0));
            // The comma ends the negation: "great" is plainly positive.
            assert!(close(of(&v, DenseFeature::Positive), 1.0 / 9.0));
        }
    }

    #[test]
    fn downtoners_negate() {
        for negation in [true, false] {
            let v = every(
                "The launch was hardly a success and far from perfect.",
                negation,
            );
            assert!(close(of(&v, DenseFeature::NegatedPositive), 2.0 / 10.0));
            assert_eq!(of(&v, DenseFeature::Positive), 0.0);
            let v = every("Barely a win. A great day", negation);
            assert!(close(of(&v, DenseFeature::NegatedPositive), 1.0 / 6.0));
            assert!(close(of(&v, DenseFeature::Positive), 1.0 / 6.0));
        }
        // "bare" and "hard" share the downtoners' stems but do not negate
        // (without the analyzer's marking, which treats `hard` as `hardly`).
        let v = every("A bare majority, hard work and a clear win", false);
        assert!(close(of(&v, DenseFeature::Positive), 1.0 / 9.0));
        assert_eq!(of(&v, DenseFeature::NegatedPositive), 0.0);
    }

    #[test]
    fn quoted_polar_words_count() {
        let v = every("“It was a disaster,” she said.", true);
        assert!(close(of(&v, DenseFeature::Negative), 1.0 / 6.0));
        // The stance cue lists skip the quoted "disaster".
        assert_eq!(of(&v, DenseFeature::Evaluative), 0.0);
    }

    #[test]
    fn polarity_of_empty_text_is_zero() {
        let v = every("", true);
        assert!(DenseFeature::POLARITY.iter().all(|&f| of(&v, f) == 0.0));
    }
}
