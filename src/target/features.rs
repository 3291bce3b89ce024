//! The features of one target's mentions in a text, for the target head:
//! what surrounds each mention (the words before and after it, weighted by
//! distance; its clause; its sentence), whether the target acts or is acted
//! upon, and the polarity-lexicon hits in its clause against the rest of
//! the sentence, inside quotation marks or not. A text with several
//! mentions gets the mean of their features, so "Smith attacked Jones"
//! gives each of the two its own row.

use crate::analyze::{cues, Token, TokenKind, NEG_PREFIX};
use crate::features::PolarityLexicon;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;

/// A group of features, switched on or off in the head's settings (for
/// ablations: `stance train --task target --groups ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// Every word of the text (`s:`), L2-normalised.
    Sentence,
    /// The words of the mention's clause (`c:`), L2-normalised.
    Clause,
    /// Words before (`l:`) and after (`r:`) the mention in its sentence,
    /// weighted 1/√distance up to the window.
    Window,
    /// The word right before (`l1:`) and right after (`r1:`).
    Neighbours,
    /// Lexicon valence and polarity: in the clause, before and after the
    /// mention, in the rest of the sentence and text, in quotation marks.
    Lexicon,
    /// Subject or object of its clause, speaker ("X said"), agent ("by X"),
    /// possessive, pronoun; role × clause valence.
    Role,
    /// The mention inside quotation marks, the share of quoted words.
    Quotes,
    /// Word pairs of the text (`s2:`) and of the mention's clause (`c2:`),
    /// L2-normalised.
    Bigrams,
}

impl Group {
    /// Every group, in order.
    pub const ALL: [Group; 8] = [
        Group::Sentence,
        Group::Clause,
        Group::Window,
        Group::Neighbours,
        Group::Lexicon,
        Group::Role,
        Group::Quotes,
        Group::Bigrams,
    ];

    /// The group's name.
    pub fn name(self) -> &'static str {
        match self {
            Group::Sentence => "sentence",
            Group::Clause => "clause",
            Group::Window => "window",
            Group::Neighbours => "neighbours",
            Group::Lexicon => "lexicon",
            Group::Role => "role",
            Group::Quotes => "quotes",
            Group::Bigrams => "bigrams",
        }
    }

    /// The group called `name`.
    pub fn from_name(name: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.name() == name)
    }
}

/// Which features the head computes, stored in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureConfig {
    /// The groups switched on.
    pub groups: Vec<Group>,
    /// Words either side of a mention in the window group.
    pub window: usize,
    /// Weight of the text's word bag against the mention's own features.
    #[serde(default = "one")]
    pub sentence_scale: f64,
}

fn one() -> f64 {
    1.0
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            groups: Group::ALL.to_vec(),
            window: 5,
            sentence_scale: 1.0,
        }
    }
}

/// Scores per stem: VADER valence, Pattern polarity, and our own polar
/// word lists (`analyze/cues.rs`: +1 / -1), for lookups.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    map: HashMap<String, [f64; 3]>,
}

/// The lexicons' names, in score order.
const LEXICONS: [&str; 3] = ["vader", "pattern", "ours"];

impl Lexicon {
    /// The lookup table of a stored lexicon, with our word lists stemmed
    /// as `analyzer` stems.
    pub fn new(lex: &PolarityLexicon, analyzer: &crate::analyze::Analyzer) -> Lexicon {
        let mut map: HashMap<String, [f64; 3]> = HashMap::new();
        for (stem, &v) in &lex.valence {
            map.entry(stem.clone()).or_default()[0] = v as f64;
        }
        for (stem, &p) in &lex.polarity {
            map.entry(stem.clone()).or_default()[1] = p as f64;
        }
        for (words, sign) in [(cues::POSITIVE, 1.0), (cues::NEGATIVE, -1.0)] {
            for w in words.split_whitespace() {
                if let Some(stem) = analyzer.terms(w).into_iter().next() {
                    map.entry(stem).or_default()[2] = sign;
                }
            }
        }
        Lexicon { map }
    }

    /// A token's scores, their sign flipped inside a negation.
    fn of(&self, t: &Token) -> [f64; 3] {
        if t.kind != TokenKind::Word {
            return [0.0; 3];
        }
        let (term, sign) = match t.term.strip_prefix(NEG_PREFIX) {
            Some(term) => (term, -1.0),
            None => (t.term.as_str(), 1.0),
        };
        self.map.get(term).map_or([0.0; 3], |s| s.map(|v| sign * v))
    }
}

/// Words after which a subject or a clause's start is still to come.
const LEADERS: &[&str] = &[
    "the",
    "a",
    "an",
    "mr",
    "ms",
    "mrs",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "former",
    "and",
    "then",
    "when",
    "as",
    "if",
    "so",
    "also",
    "even",
    "both",
];
/// Words that open a new clause.
const CLAUSE_WORDS: &[&str] = &[
    "but", "although", "though", "whereas", "however", "while", "yet", "because", "unless",
    "which", "who", "whom", "whose", "that",
];
/// Reporting verbs right after a speaker.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "wrote",
    "writes",
    "argued",
    "argues",
    "claimed",
    "claims",
    "stated",
    "insisted",
    "noted",
    "explained",
    "warned",
    "tweeted",
];
/// Personal pronouns (NewsMTSC labels some pronoun mentions).
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "him", "her", "them", "his", "hers", "their", "it", "its", "we", "i",
];

/// The raw lowercase word of a token.
fn word(text: &str, t: &Token) -> String {
    text[t.from..t.to].to_lowercase()
}

/// Whether the gap between tokens `i - 1` and `i` (or token `i` itself)
/// ends a sentence.
fn sentence_break(text: &str, tokens: &[Token], i: usize) -> bool {
    let gap = &text[tokens[i - 1].to..tokens[i].from];
    gap.contains(['.', '\n']) || matches!(tokens[i - 1].term.as_str(), "?" | "!")
}

/// Whether a clause ends between tokens `i - 1` and `i`.
fn clause_break(text: &str, tokens: &[Token], i: usize) -> bool {
    let gap = &text[tokens[i - 1].to..tokens[i].from];
    sentence_break(text, tokens, i)
        || gap.contains([',', ';', '(', ')', '\u{2014}', '\u{2013}'])
        || gap.contains(" - ")
        || tokens[i - 1].term == ":"
        || CLAUSE_WORDS.contains(&word(text, &tokens[i]).as_str())
}

/// Accumulates named feature values.
#[derive(Default)]
struct Acc(HashMap<String, f64>);

impl Acc {
    fn add(&mut self, name: impl Into<String>, v: f64) {
        if v != 0.0 {
            *self.0.entry(name.into()).or_default() += v;
        }
    }
}

/// L2-normalised counts of `terms` prefixed by `prefix`, into `acc`.
fn bag<'a>(acc: &mut Acc, prefix: &str, terms: impl Iterator<Item = &'a str>, scale: f64) {
    let mut counts: HashMap<&str, f64> = HashMap::new();
    for t in terms {
        *counts.entry(t).or_default() += 1.0;
    }
    let norm = counts.values().map(|c| c * c).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (t, c) in counts {
            acc.add(format!("{prefix}{t}"), scale * c / norm);
        }
    }
}

/// The features of the mentions `mentions` (byte spans) of one target in
/// `text`, whose analysed tokens (negation marked) are `tokens`: name and
/// value, the mean over the mentions, sorted by name.
pub fn extract(
    config: &FeatureConfig,
    lex: &Lexicon,
    text: &str,
    tokens: &[Token],
    mentions: &[Range<usize>],
) -> Vec<(String, f64)> {
    let on = |g: Group| config.groups.contains(&g);
    let mut acc = Acc::default();
    let n = tokens.len();
    let vals: Vec<[f64; 3]> = tokens.iter().map(|t| lex.of(t)).collect();
    if on(Group::Sentence) {
        let terms = tokens.iter().map(|t| t.term.as_str());
        bag(&mut acc, "s:", terms, config.sentence_scale);
    }
    let pairs = |range: Range<usize>| -> Vec<String> {
        range
            .clone()
            .skip(1)
            .map(|i| format!("{}_{}", tokens[i - 1].term, tokens[i].term))
            .collect()
    };
    if on(Group::Bigrams) {
        let p = pairs(0..n);
        bag(
            &mut acc,
            "s2:",
            p.iter().map(String::as_str),
            config.sentence_scale,
        );
    }
    let quoted_words = tokens.iter().filter(|t| t.quoted).count();
    for m in mentions {
        // The mention's tokens a..b; an empty range at its place when it
        // has none (a mention made of punctuation).
        let a = tokens.iter().position(|t| t.to > m.start).unwrap_or(n);
        let b = tokens[a..]
            .iter()
            .position(|t| t.from >= m.end)
            .map_or(n, |k| a + k)
            .max(a);
        let mut s0 = a;
        while s0 > 0 && !sentence_break(text, tokens, s0) {
            s0 -= 1;
        }
        let mut s1 = b.max(a + 1).min(n);
        while s1 < n && !sentence_break(text, tokens, s1) {
            s1 += 1;
        }
        let mut c0 = a;
        while c0 > s0 && !clause_break(text, tokens, c0) {
            c0 -= 1;
        }
        let mut c1 = b.max(a + 1).min(n);
        while c1 < s1 && !clause_break(text, tokens, c1) {
            c1 += 1;
        }
        let outside = |i: &usize| *i < a || *i >= b;
        if on(Group::Clause) {
            bag(
                &mut acc,
                "c:",
                (c0..c1).filter(outside).map(|i| tokens[i].term.as_str()),
                1.0,
            );
        }
        if on(Group::Bigrams) {
            let p = pairs(c0..c1);
            bag(&mut acc, "c2:", p.iter().map(String::as_str), 1.0);
        }
        if on(Group::Window) {
            for d in 1..=config.window {
                let w = 1.0 / (d as f64).sqrt();
                if a >= s0 + d {
                    acc.add(format!("l:{}", tokens[a - d].term), w);
                }
                if b + d <= s1 {
                    acc.add(format!("r:{}", tokens[b + d - 1].term), w);
                }
            }
        }
        if on(Group::Neighbours) {
            if a > s0 {
                acc.add(format!("l1:{}", tokens[a - 1].term), 1.0);
            } else {
                acc.add("l1:^", 1.0);
            }
            if b < s1 {
                acc.add(format!("r1:{}", tokens[b].term), 1.0);
            } else {
                acc.add("r1:$", 1.0);
            }
        }
        let sum = |range: Range<usize>, j: usize, sign: f64| -> f64 {
            range
                .filter(outside)
                .map(|i| vals[i][j])
                .filter(|v| v * sign > 0.0)
                .sum::<f64>()
                .abs()
        };
        let clause_pos = sum(c0..c1, 0, 1.0);
        let clause_neg = sum(c0..c1, 0, -1.0);
        if on(Group::Lexicon) {
            for (j, lexicon) in LEXICONS.iter().enumerate() {
                for (sign, pole) in [(1.0, "pos"), (-1.0, "neg")] {
                    let parts = [
                        ("clause", sum(c0..c1, j, sign)),
                        ("before", sum(s0..a, j, sign)),
                        ("after", sum(b..s1, j, sign)),
                        ("sentence_out", sum(s0..c0, j, sign) + sum(c1..s1, j, sign)),
                        ("text_out", sum(0..s0, j, sign) + sum(s1..n, j, sign)),
                    ];
                    for (part, v) in parts {
                        acc.add(format!("lex:{lexicon}_{part}_{pole}"), v);
                    }
                    let quoted: f64 = (s0..s1)
                        .filter(|&i| outside(&i) && tokens[i].quoted)
                        .map(|i| vals[i][j])
                        .filter(|v| v * sign > 0.0)
                        .sum::<f64>()
                        .abs();
                    acc.add(format!("lex:{lexicon}_quoted_{pole}"), quoted);
                    let near: f64 = (c0..c1)
                        .filter(outside)
                        .map(|i| {
                            let d = if i < a { a - i } else { i + 1 - b };
                            vals[i][j] / (d as f64).sqrt()
                        })
                        .filter(|v| v * sign > 0.0)
                        .sum::<f64>()
                        .abs();
                    acc.add(format!("lex:{lexicon}_near_{pole}"), near);
                }
            }
        }
        if on(Group::Role) {
            let leading = (c0..a).all(|i| {
                let w = word(text, &tokens[i]);
                LEADERS.contains(&w.as_str()) || CLAUSE_WORDS.contains(&w.as_str())
            });
            let role = if leading { "subject" } else { "object" };
            acc.add(format!("role:{role}"), 1.0);
            acc.add(format!("role:{role}*pos"), clause_pos);
            acc.add(format!("role:{role}*neg"), clause_neg);
            if b < n && SPEECH.contains(&word(text, &tokens[b]).as_str()) {
                acc.add("role:speaker", 1.0);
            }
            if a > 0 && word(text, &tokens[a - 1]) == "by" {
                acc.add("role:agent", 1.0);
            }
            let said = (s0..s1).any(|i| SPEECH.contains(&word(text, &tokens[i]).as_str()));
            acc.add("role:speech_in_sentence", if said { 1.0 } else { 0.0 });
            let surface = text[m.clone()].to_lowercase();
            if surface.ends_with("'s") || surface.ends_with("\u{2019}s") {
                acc.add("role:possessive", 1.0);
            }
            if PRONOUNS.contains(&surface.as_str()) {
                acc.add("role:pronoun", 1.0);
            }
            if a == 0 {
                acc.add("role:first", 1.0);
            }
        }
        if on(Group::Quotes) {
            if (a..b).any(|i| tokens[i].quoted) {
                acc.add("quote:mention", 1.0);
            }
            if n > 0 {
                acc.add("quote:share", quoted_words as f64 / n as f64);
            }
        }
    }
    let k = mentions.len().max(1) as f64;
    let mut out: Vec<(String, f64)> = acc
        .0
        .into_iter()
        .map(|(name, v)| {
            // The text-wide bags are added once, the rest once per mention.
            let v = if name.starts_with("s:") || name.starts_with("s2:") {
                v
            } else {
                v / k
            };
            (name, v)
        })
        .collect();
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Analyzer, AnalyzerConfig};

    fn features(text: &str, target: &str) -> HashMap<String, f64> {
        let analyzer = Analyzer::new(AnalyzerConfig {
            negation: true,
            ..AnalyzerConfig::default()
        });
        let tokens = analyzer.analyze(text);
        let mut lex = PolarityLexicon::default();
        lex.valence.insert("attack".into(), -0.5);
        lex.valence.insert("prais".into(), 0.6);
        let mentions = crate::target::mentions(text, &[target]);
        extract(
            &FeatureConfig::default(),
            &Lexicon::new(&lex, &analyzer),
            text,
            &tokens,
            &mentions,
        )
        .into_iter()
        .collect()
    }

    #[test]
    fn each_mention_reads_its_own_side_and_clause() {
        let smith = features("Smith attacked Jones, but Brown praised Smith.", "Jones");
        assert_eq!(smith.get("role:object"), Some(&1.0));
        assert_eq!(smith.get("l1:attack"), Some(&1.0));
        assert!(smith.get("lex:vader_clause_neg").unwrap() > &0.4);
        assert_eq!(smith.get("lex:vader_clause_pos"), None);
        let brown = features("Smith attacked Jones, but Brown praised Smith.", "Brown");
        assert_eq!(brown.get("role:subject"), Some(&1.0));
        assert_eq!(brown.get("r1:prais"), Some(&1.0));
        assert!(brown.get("lex:vader_clause_pos").unwrap() > &0.5);
        assert!(brown.get("lex:vader_before_neg").unwrap() > &0.4);
        // Both texts share the sentence bag.
        assert_eq!(smith.get("s:attack"), brown.get("s:attack"));
    }

    #[test]
    fn negation_flips_the_lexicon_and_quotes_are_seen() {
        let f = features("Critics did not attack Lee, \"a fine man\".", "Lee");
        assert!(f.get("lex:vader_clause_pos").unwrap() > &0.4);
        assert!(f.contains_key("quote:share"));
        let g = features("\"Lee is weak,\" Kim said.", "Kim");
        assert_eq!(g.get("role:speaker"), Some(&1.0));
        let h = features("\"Lee is weak,\" Kim said.", "Lee");
        assert_eq!(h.get("quote:mention"), Some(&1.0));
    }
}
