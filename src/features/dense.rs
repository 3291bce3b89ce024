//! Dense features: a handful of numbers per paragraph that a bag of stems
//! cannot express, each tied to a rule in LABELS.md.
//!
//! They are computed from the analysed tokens (which know whether they sit
//! inside quotation marks), so a first-person pronoun inside a quote counts
//! towards the quotation, not towards the writer's own stance. Each feature
//! is standardised with the training mean and deviation ([`DenseScaler`]).

use crate::analyze::{AnalyzerConfig, NEG_PREFIX};
use crate::analyze::{Stem, Token, TokenKind, QUOTE_TERM};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// The dense features a model can use. Names are stored in the model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenseFeature {
    /// Share of words inside quotation marks (LABELS.md: more than half
    /// makes a quotation).
    QuoteShare,
    /// 1 when the paragraph opens with a quotation mark.
    OpensWithQuote,
    /// Speech and attribution verbs outside quotes (`said`, `according`),
    /// log-scaled: attribution is normal in facts and quotations.
    Attribution,
    /// First-person pronouns outside quotes per word: the writer's stance.
    FirstPerson,
    /// Second-person pronouns outside quotes per word: addressing the reader.
    SecondPerson,
    /// Modal and hedge words outside quotes per word (`should`, `perhaps`).
    Hedge,
    /// Evaluative and intensifying words outside quotes per word.
    Evaluative,
    /// Question marks outside quotes, log-scaled (rhetorical questions).
    Question,
    /// Exclamation marks outside quotes, log-scaled.
    Exclamation,
    /// Numbers, years and percentages per word (reported figures).
    Numbers,
    /// `ln(1 + words)`.
    Length,
}

impl DenseFeature {
    /// Every feature, in a fixed order.
    pub const ALL: [DenseFeature; 11] = [
        DenseFeature::QuoteShare,
        DenseFeature::OpensWithQuote,
        DenseFeature::Attribution,
        DenseFeature::FirstPerson,
        DenseFeature::SecondPerson,
        DenseFeature::Hedge,
        DenseFeature::Evaluative,
        DenseFeature::Question,
        DenseFeature::Exclamation,
        DenseFeature::Numbers,
        DenseFeature::Length,
    ];

    /// The feature's name, as in the model file and `stance explain`.
    pub fn name(self) -> &'static str {
        match self {
            DenseFeature::QuoteShare => "quote_share",
            DenseFeature::OpensWithQuote => "opens_with_quote",
            DenseFeature::Attribution => "attribution",
            DenseFeature::FirstPerson => "first_person",
            DenseFeature::SecondPerson => "second_person",
            DenseFeature::Hedge => "hedge",
            DenseFeature::Evaluative => "evaluative",
            DenseFeature::Question => "question",
            DenseFeature::Exclamation => "exclamation",
            DenseFeature::Numbers => "numbers",
            DenseFeature::Length => "length",
        }
    }
}

const ATTRIBUTION: &[&str] = &[
    "said",
    "say",
    "says",
    "told",
    "tell",
    "according",
    "added",
    "stated",
    "announced",
    "wrote",
    "asked",
    "explained",
    "insisted",
    "noted",
    "claimed",
    "argued",
    "warned",
    "declared",
    "replied",
    "recalled",
    "acknowledged",
    "admitted",
    "confirmed",
    "reported",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "statement",
    "quoted",
    "interview",
];
const FIRST_PERSON: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "we're",
    "we've",
    "we'll",
    "let's",
];
const SECOND_PERSON: &[&str] = &[
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "you're",
    "you've",
    "you'll",
];
const HEDGE: &[&str] = &[
    "should",
    "must",
    "ought",
    "might",
    "may",
    "could",
    "would",
    "perhaps",
    "probably",
    "likely",
    "surely",
    "clearly",
    "obviously",
    "seems",
    "seem",
    "think",
    "believe",
    "doubt",
    "suspect",
    "hope",
    "wish",
    "frankly",
    "honestly",
    "arguably",
    "apparently",
    "maybe",
    "need",
    "needs",
];
/// Evaluative and intensifying words (also a cue of the writer's own voice
/// for lead-in detection).
pub const EVALUATIVE: &[&str] = &[
    "very",
    "really",
    "truly",
    "utterly",
    "absolutely",
    "totally",
    "extremely",
    "incredibly",
    "outstanding",
    "excellent",
    "great",
    "brilliant",
    "wonderful",
    "amazing",
    "awesome",
    "good",
    "bad",
    "terrible",
    "awful",
    "horrible",
    "disgraceful",
    "disgrace",
    "shameful",
    "shame",
    "ridiculous",
    "absurd",
    "stupid",
    "foolish",
    "pathetic",
    "disastrous",
    "disaster",
    "outrageous",
    "outrage",
    "scandal",
    "scandalous",
    "incompetent",
    "best",
    "worst",
    "better",
    "worse",
    "nonsense",
    "mistake",
    "wrong",
    "right",
    "deserve",
    "deserves",
    "fail",
    "failure",
    "hypocrisy",
    "hypocrite",
    "sadly",
    "unfortunately",
    "fortunately",
    "thankfully",
    "love",
    "hate",
    "sick",
    "tired",
];

/// Stemmed word lists for the lexical features, built once per model with
/// the model's own analyzer settings: one map from term to a bit per list,
/// so each token costs one lookup.
#[derive(Debug, Clone)]
pub struct Lexicons {
    lists: FxHashMap<String, u8>,
}

const ATTRIBUTION_BIT: u8 = 1;
const FIRST_PERSON_BIT: u8 = 2;
const SECOND_PERSON_BIT: u8 = 4;
const HEDGE_BIT: u8 = 8;
const EVALUATIVE_BIT: u8 = 16;

impl Lexicons {
    /// Normalises the built-in word lists the way `config` normalises text.
    pub fn new(config: &AnalyzerConfig) -> Self {
        let stem = config.stemmer.map(Stem::new);
        let mut lists: FxHashMap<String, u8> = FxHashMap::default();
        for (words, bit) in [
            (ATTRIBUTION, ATTRIBUTION_BIT),
            (FIRST_PERSON, FIRST_PERSON_BIT),
            (SECOND_PERSON, SECOND_PERSON_BIT),
            (HEDGE, HEDGE_BIT),
            (EVALUATIVE, EVALUATIVE_BIT),
        ] {
            for w in words {
                let mut t = Token {
                    term: w.to_string(),
                    from: 0,
                    to: 0,
                    kind: TokenKind::Word,
                    quoted: false,
                };
                if let Some(s) = &stem {
                    s.apply(&mut t);
                }
                *lists.entry(t.term).or_insert(0) |= bit;
            }
        }
        Lexicons { lists }
    }

    /// Raw (unscaled) values of `features` for one analysed paragraph.
    pub fn extract(&self, tokens: &[Token], features: &[DenseFeature], out: &mut Vec<f64>) {
        let mut words = 0usize;
        let mut quoted = 0usize;
        let (mut attribution, mut first, mut second, mut hedge, mut eval) = (0, 0, 0, 0, 0);
        let (mut questions, mut exclamations, mut numbers) = (0, 0, 0);
        for t in tokens {
            match t.kind {
                TokenKind::Punct => {
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
                    words += 1;
                    numbers += 1;
                    quoted += t.quoted as usize;
                }
                TokenKind::Word | TokenKind::Url => {
                    words += 1;
                    if t.quoted {
                        quoted += 1;
                        continue;
                    }
                    let term = t.term.strip_prefix(NEG_PREFIX).unwrap_or(&t.term);
                    let bits = self.lists.get(term).copied().unwrap_or(0);
                    attribution += (bits & ATTRIBUTION_BIT != 0) as usize;
                    first += (bits & FIRST_PERSON_BIT != 0) as usize;
                    second += (bits & SECOND_PERSON_BIT != 0) as usize;
                    hedge += (bits & HEDGE_BIT != 0) as usize;
                    eval += (bits & EVALUATIVE_BIT != 0) as usize;
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
            });
        }
    }
}

/// Standardisation of dense features, fitted on training rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenseScaler {
    /// Features in column order.
    pub features: Vec<DenseFeature>,
    /// Training mean of each feature.
    pub mean: Vec<f64>,
    /// Training standard deviation of each feature (1 where it was 0).
    pub scale: Vec<f64>,
}

impl DenseScaler {
    /// Fits mean and deviation over raw rows (each of `features.len()` values).
    pub fn fit(features: &[DenseFeature], rows: &[Vec<f64>]) -> Self {
        let d = features.len();
        let n = rows.len().max(1) as f64;
        let mut mean = vec![0.0; d];
        for r in rows {
            for (m, v) in mean.iter_mut().zip(r) {
                *m += v / n;
            }
        }
        let mut var = vec![0.0; d];
        for r in rows {
            for ((s, v), m) in var.iter_mut().zip(r).zip(&mean) {
                *s += (v - m) * (v - m) / n;
            }
        }
        let scale = var
            .into_iter()
            .map(|v| if v > 1e-12 { v.sqrt() } else { 1.0 })
            .collect();
        DenseScaler {
            features: features.to_vec(),
            mean,
            scale,
        }
    }

    /// Standardises one raw row in place.
    pub fn apply(&self, row: &mut [f64]) {
        for ((v, m), s) in row.iter_mut().zip(&self.mean).zip(&self.scale) {
            *v = (*v - m) / s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;

    fn values(text: &str) -> Vec<f64> {
        let cfg = AnalyzerConfig::default();
        let a = Analyzer::new(cfg.clone());
        let lex = Lexicons::new(&cfg);
        let mut out = Vec::new();
        lex.extract(&a.analyze(text), &DenseFeature::ALL, &mut out);
        out
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

    #[test]
    fn scaler_standardises() {
        let rows = vec![vec![1.0, 5.0], vec![3.0, 5.0]];
        let s = DenseScaler::fit(&[DenseFeature::Length, DenseFeature::Numbers], &rows);
        assert_eq!(s.mean, [2.0, 5.0]);
        assert_eq!(s.scale, [1.0, 1.0]);
        let mut r = vec![3.0, 5.0];
        s.apply(&mut r);
        assert_eq!(r, [1.0, 0.0]);
    }
}
