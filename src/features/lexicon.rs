//! The polarity lexicon: scores from public lexicons, learnt per stem at
//! training time ([`PolarityLexicon`]). In this project "lexicon" means
//! these public word scores; our own word lists are cue words
//! (`analyze/cues.rs`, stemmed into `CueLists` by `features/dense/`).
//!
//! Two lexicons made by other people are read from a directory at
//! training time only (`--lexicons DIR`; the project does not ship them):
//! the Pattern subjectivity/polarity lexicon (`pattern-en-sentiment.xml`,
//! adjectives per WordNet sense) and VADER (`vader_lexicon.txt`, mean
//! valence per token). Their words are analysed with the head's own
//! analyzer, so a stem gets the mean score of the words (and senses) that
//! stem to it; the model file stores those per-stem values, and tagging
//! reads nothing but the model.

use crate::analyze::{AnalyzerConfig, Stem, Token, TokenKind, NEG_PREFIX};
use crate::error::{Error, Result};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The files a lexicon directory must hold.
pub const PATTERN_FILE: &str = "pattern-en-sentiment.xml";
/// VADER's lexicon file.
pub const VADER_FILE: &str = "vader_lexicon.txt";

/// Per-stem scores of the public lexicons, as stored in a model file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolarityLexicon {
    /// Stem → Pattern subjectivity (0..1; NaN-free, absent when the stem is
    /// not in Pattern).
    pub subjectivity: BTreeMap<String, f32>,
    /// Stem → Pattern polarity (−1..1).
    pub polarity: BTreeMap<String, f32>,
    /// Stem → VADER mean valence divided by 4 (−1..1).
    pub valence: BTreeMap<String, f32>,
}

/// Sums of a paragraph's lexicon scores.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PolaritySums {
    /// Pattern subjectivity of words outside quotation marks.
    pub subjectivity: f64,
    /// Absolute Pattern polarity of words outside quotation marks.
    pub polarity_strength: f64,
    /// Positive VADER valence (sign flipped inside a negation mark).
    pub valence_positive: f64,
    /// Negative VADER valence, as a positive number.
    pub valence_negative: f64,
}

/// `name="value"` of one XML element line.
fn attr<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = line.find(&key)? + key.len();
    let len = line[start..].find('"')?;
    Some(&line[start..start + len])
}

/// Mean of every value collected per key.
fn means(sums: BTreeMap<String, (f64, usize)>) -> BTreeMap<String, f32> {
    sums.into_iter()
        .map(|(k, (s, n))| (k, (s / n as f64) as f32))
        .collect()
}

impl PolarityLexicon {
    /// Reads both lexicons from `dir` and stems their words as `config`
    /// analyses text.
    pub fn load(dir: &Path, config: &AnalyzerConfig) -> Result<PolarityLexicon> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))
        };
        let pattern = read(PATTERN_FILE)?;
        let vader = read(VADER_FILE)?;
        Self::parse(
            &dir.join(PATTERN_FILE).display().to_string(),
            &pattern,
            &dir.join(VADER_FILE).display().to_string(),
            &vader,
            config,
        )
    }

    /// Builds the per-stem scores from the two files' texts.
    pub fn parse(
        pattern_name: &str,
        pattern: &str,
        vader_name: &str,
        vader: &str,
        config: &AnalyzerConfig,
    ) -> Result<PolarityLexicon> {
        let stem = config.stemmer.map(Stem::new);
        let normalise = |w: &str| -> Option<String> {
            if !w
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
                || w.is_empty()
            {
                return None;
            }
            let w = if config.lowercase {
                w.to_lowercase()
            } else {
                w.to_string()
            };
            Some(match &stem {
                Some(s) => s.word(&w),
                None => w,
            })
        };
        let mut subjectivity = BTreeMap::new();
        let mut polarity = BTreeMap::new();
        for (n, line) in pattern.lines().enumerate() {
            let line = line.trim();
            if !line.starts_with("<word ") {
                continue;
            }
            let bad = || {
                Error::parse(
                    pattern_name,
                    n + 1,
                    "a <word> without form, polarity and subjectivity",
                )
            };
            let form = attr(line, "form").ok_or_else(bad)?;
            let p: f64 = attr(line, "polarity")
                .and_then(|v| v.parse().ok())
                .ok_or_else(bad)?;
            let s: f64 = attr(line, "subjectivity")
                .and_then(|v| v.parse().ok())
                .ok_or_else(bad)?;
            let Some(key) = normalise(form) else { continue };
            let e = subjectivity.entry(key.clone()).or_insert((0.0, 0));
            e.0 += s;
            e.1 += 1;
            let e = polarity.entry(key).or_insert((0.0, 0));
            e.0 += p;
            e.1 += 1;
        }
        let mut valence = BTreeMap::new();
        for (n, line) in vader.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(token), Some(v)) = (fields.next(), fields.next()) else {
                return Err(Error::parse(
                    vader_name,
                    n + 1,
                    "expected token<TAB>valence<TAB>...",
                ));
            };
            let v: f64 = v.trim().parse().map_err(|_| {
                Error::parse(vader_name, n + 1, format!("valence {v:?} is not a number"))
            })?;
            let Some(key) = normalise(token) else {
                continue;
            };
            let e = valence.entry(key).or_insert((0.0, 0));
            e.0 += v / 4.0;
            e.1 += 1;
        }
        if subjectivity.is_empty() || valence.is_empty() {
            return Err(Error::data(
                format!("{pattern_name} / {vader_name}"),
                "no lexicon entries found",
            ));
        }
        Ok(PolarityLexicon {
            subjectivity: means(subjectivity),
            polarity: means(polarity),
            valence: means(valence),
        })
    }
}

/// [`PolarityLexicon`] arranged for tagging: one hash lookup per token finds
/// all three scores of its stem (the model file keeps its sorted maps; this
/// is built once per head when the model is loaded).
#[derive(Debug, Clone, Default)]
pub struct PolarityTable {
    /// Stem → subjectivity, polarity, valence (see [`Entry`]).
    map: FxHashMap<String, Entry>,
}

/// One stem's scores; a bit of `present` per score the stem has, in the
/// order subjectivity, polarity, valence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Entry {
    values: [f32; 3],
    present: u8,
}

impl PolarityTable {
    /// The table of `scores`.
    pub fn new(scores: &PolarityLexicon) -> Self {
        let mut map: FxHashMap<String, Entry> = FxHashMap::default();
        for (i, m) in [&scores.subjectivity, &scores.polarity, &scores.valence]
            .into_iter()
            .enumerate()
        {
            for (stem, &v) in m {
                let e = map.entry(stem.clone()).or_default();
                e.values[i] = v;
                e.present |= 1 << i;
            }
        }
        PolarityTable { map }
    }

    /// The sums of a paragraph's analysed tokens.
    pub fn sums(&self, tokens: &[Token]) -> PolaritySums {
        sums_of(tokens, |_, term| self.map.get(term).copied())
    }

    /// Every stem with a score.
    pub fn stems(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// A stem's scores.
    pub(crate) fn entry(&self, stem: &str) -> Option<Entry> {
        self.map.get(stem).copied()
    }
}

/// The sums of a paragraph's analysed tokens, `entry(i, term)` giving the
/// scores of token `i`, whose term without a negation mark is `term`.
pub(crate) fn sums_of(
    tokens: &[Token],
    mut entry: impl FnMut(usize, &str) -> Option<Entry>,
) -> PolaritySums {
    let mut out = PolaritySums::default();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        let (term, negated) = match t.term.strip_prefix(NEG_PREFIX) {
            Some(term) => (term, true),
            None => (t.term.as_str(), false),
        };
        let Some(e) = entry(i, term) else {
            continue;
        };
        let [s, p, v] = e.values;
        if !t.quoted {
            if e.present & 1 != 0 {
                out.subjectivity += s as f64;
            }
            if e.present & 2 != 0 {
                out.polarity_strength += (p as f64).abs();
            }
        }
        if e.present & 4 != 0 {
            let v = if negated { -v as f64 } else { v as f64 };
            if v > 0.0 {
                out.valence_positive += v;
            } else {
                out.valence_negative -= v;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;

    const PATTERN: &str = r#"<?xml version="1.0"?>
<sentiment>
<word form="splendid" wordnet_id="a-1" pos="JJ" polarity="0.8" subjectivity="1.0" intensity="1.0" confidence="0.9" />
<word form="splendid" wordnet_id="a-2" pos="JJ" polarity="0.6" subjectivity="0.6" intensity="1.0" confidence="0.9" />
<word form="annual" wordnet_id="a-3" pos="JJ" polarity="0.0" subjectivity="0.0" intensity="1.0" confidence="0.9" />
<word form="awful" wordnet_id="a-4" pos="JJ" polarity="-1.0" subjectivity="1.0" intensity="1.0" confidence="0.9" />
</sentiment>"#;
    const VADER: &str =
        "splendid\t2.8\t0.6\t[3, 3]\nawful\t-3.2\t0.4\t[-3, -3]\n:-)\t1.3\t0.4\t[1, 1]\n";

    #[test]
    fn stems_get_the_mean_of_their_senses_and_sums_skip_quotes() {
        let config = AnalyzerConfig {
            negation: true,
            ..Default::default()
        };
        let lex = PolarityLexicon::parse("p.xml", PATTERN, "v.txt", VADER, &config).unwrap();
        let stem = |w: &str| Analyzer::new(config.clone()).analyze(w)[0].term.clone();
        assert!((lex.subjectivity[&stem("splendid")] - 0.8).abs() < 1e-6);
        assert!((lex.valence[&stem("awful")] + 0.8).abs() < 1e-6);
        assert_eq!(lex.valence.len(), 2, "emoticons are not words");
        let analyzer = Analyzer::new(config);
        let s = PolarityTable::new(&lex)
            .sums(&analyzer.analyze("A splendid annual fair, not awful. “Awful,” he said."));
        assert!((s.subjectivity - 1.8).abs() < 1e-6, "{s:?}");
        assert!((s.polarity_strength - 1.7).abs() < 1e-6, "{s:?}");
        // `not awful` flips its valence; the quoted "awful" still counts.
        assert!((s.valence_positive - (0.7 + 0.8)).abs() < 1e-6, "{s:?}");
        assert!((s.valence_negative - 0.8).abs() < 1e-6, "{s:?}");
    }

    #[test]
    fn bad_lexicon_lines_name_the_file_and_line() {
        let config = AnalyzerConfig::default();
        let e = PolarityLexicon::parse("p.xml", "<word form=\"x\" />", "v.txt", VADER, &config)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("p.xml:1:"), "{e}");
        let e = PolarityLexicon::parse("p.xml", PATTERN, "v.txt", "good\tvery\n", &config)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("v.txt:1:"), "{e}");
    }
}
