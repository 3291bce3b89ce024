//! One lookup per token for every head of a tagger.
//!
//! Tagging looks every token up in several tables: the stance and the
//! sentiment head's tf-idf vocabularies, the dense features' word lists and
//! the sentiment head's lexicon scores. When the heads share their analysis
//! up to stemming (see [`crate::model::Featurizer::same_base`]), a
//! [`TermTable`] built once per model gives each base term a row, and
//! every table becomes an array over rows: a paragraph's tokens are hashed
//! once, then each head reads its arrays. The values are the tables' own,
//! so scores are exactly those of looking each table up by term.

use super::lexicon::{Entry, LexiconTable};
use super::{Lexicons, Tfidf};
use crate::analyze::{Token, TokenKind, NEG_PREFIX};
use rustc_hash::FxHashMap;

/// The row of a term no table knows.
pub const UNKNOWN: u32 = u32::MAX;

/// Every term some table of the tagger's heads knows, without negation
/// marks, numbered; and the word lists' bits per row.
#[derive(Debug, Clone, Default)]
pub struct TermTable {
    rows: FxHashMap<String, u32>,
    /// [`Lexicons::bits`] of each row's term.
    bits: Vec<u16>,
}

/// One head's tables over the rows of a [`TermTable`].
#[derive(Debug, Clone, Default)]
pub struct HeadTerms {
    /// The tf-idf `(term id, unigram feature)` of each row's term.
    plain: Vec<(u32, u32)>,
    /// The same for the term with a negation mark.
    negated: Vec<(u32, u32)>,
    /// The lexicon scores of each row's term, when the head uses them.
    lexicon: Option<Vec<Entry>>,
}

/// What a head needs to score resolved tokens.
#[derive(Clone, Copy)]
pub struct Resolved<'a> {
    /// Each token's row in the [`TermTable`] ([`UNKNOWN`] if none).
    pub rows: &'a [u32],
    /// Each token's word-list bits.
    pub bits: &'a [u16],
    /// The head's tables.
    pub head: &'a HeadTerms,
}

impl TermTable {
    /// The table of these heads' tf-idf vocabularies and lexicon scores,
    /// and of the word lists (shared by heads of the same base).
    pub fn new(
        lists: &Lexicons,
        heads: &[(&Tfidf, Option<&LexiconTable>)],
    ) -> (Self, Vec<HeadTerms>) {
        let mut rows: FxHashMap<String, u32> = FxHashMap::default();
        let mut add = |term: &str| {
            let term = term.strip_prefix(NEG_PREFIX).unwrap_or(term);
            if !rows.contains_key(term) {
                let next = rows.len() as u32;
                rows.insert(term.to_string(), next);
            }
        };
        lists.terms().for_each(&mut add);
        for (tfidf, lexicon) in heads {
            tfidf.single_terms().for_each(&mut add);
            if let Some(l) = lexicon {
                l.stems().for_each(&mut add);
            }
        }
        let mut by_row: Vec<&str> = vec![""; rows.len()];
        for (term, &row) in &rows {
            by_row[row as usize] = term;
        }
        let bits = by_row.iter().map(|t| lists.bits_of(t)).collect();
        let mut negated_term = String::new();
        let heads = heads
            .iter()
            .map(|(tfidf, lexicon)| HeadTerms {
                plain: by_row.iter().map(|t| tfidf.term_id(t)).collect(),
                negated: by_row
                    .iter()
                    .map(|t| {
                        negated_term.clear();
                        negated_term.push_str(NEG_PREFIX);
                        negated_term.push_str(t);
                        tfidf.term_id(&negated_term)
                    })
                    .collect(),
                lexicon: lexicon.map(|l| {
                    by_row
                        .iter()
                        .map(|t| l.entry(t).unwrap_or_default())
                        .collect()
                }),
            })
            .collect();
        (TermTable { rows, bits }, heads)
    }

    /// Each base token's row (tokens before negation marking).
    pub fn rows(&self, tokens: &[Token], out: &mut Vec<u32>) {
        out.clear();
        out.extend(
            tokens
                .iter()
                .map(|t| self.rows.get(t.term.as_str()).copied().unwrap_or(UNKNOWN)),
        );
    }

    /// Each token's word-list bits, as [`Lexicons::bits`] gives them.
    pub fn bits(&self, tokens: &[Token], rows: &[u32], out: &mut Vec<u16>) {
        out.clear();
        out.extend(tokens.iter().zip(rows).map(|(t, &r)| match t.kind {
            TokenKind::Word | TokenKind::Url if r != UNKNOWN => self.bits[r as usize],
            _ => 0,
        }));
    }
}

impl HeadTerms {
    /// The tf-idf `(term id, unigram feature)` of each token (marked or
    /// not), as [`Tfidf::term_id`] gives it for the token's term.
    pub fn tfidf_ids<'a>(
        &'a self,
        tokens: &'a [Token],
        rows: &'a [u32],
    ) -> impl Iterator<Item = (u32, u32)> + 'a {
        tokens.iter().zip(rows).map(|(t, &r)| {
            if r == UNKNOWN {
                (u32::MAX, u32::MAX)
            } else if t.term.starts_with(NEG_PREFIX) {
                self.negated[r as usize]
            } else {
                self.plain[r as usize]
            }
        })
    }

    /// The lexicon scores of each row, when the head has them.
    pub(crate) fn lexicon(&self) -> Option<&[Entry]> {
        self.lexicon.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Analyzer, AnalyzerConfig};
    use crate::features::{LexiconScores, TfidfParams};

    #[test]
    fn rows_give_what_each_table_gives_by_term() {
        let plain = Analyzer::new(AnalyzerConfig::default());
        let negating = Analyzer::new(AnalyzerConfig {
            negation: true,
            ..AnalyzerConfig::default()
        });
        let texts = [
            "The ferry was not late, and nobody said it was awful.",
            "I think the ferry was late again! “Awful,” she said.",
            "Riders were not happy about the new timetable.",
        ];
        let fit = |a: &Analyzer| {
            let docs: Vec<Vec<String>> = texts.iter().map(|t| a.terms(t)).collect();
            TfidfParams {
                min_df: 1,
                ..Default::default()
            }
            .fit(&docs)
            .unwrap()
        };
        let (stance, sentiment) = (fit(&plain), fit(&negating));
        assert!(sentiment.terms().iter().any(|t| t.starts_with(NEG_PREFIX)));
        let mut scores = LexiconScores::default();
        scores.valence.insert("awful".into(), -0.8);
        scores.valence.insert("happi".into(), 0.6);
        scores.subjectivity.insert("awful".into(), 1.0);
        let lexicon = LexiconTable::new(&scores);
        let lists = Lexicons::new(plain.config());
        let (table, heads) =
            TermTable::new(&lists, &[(&stance, None), (&sentiment, Some(&lexicon))]);
        let (mut rows, mut bits) = (Vec::new(), Vec::new());
        for text in texts.iter().chain(&["Words no table has: zebra quokka."]) {
            let base = plain.analyze_base(text);
            table.rows(&base, &mut rows);
            table.bits(&base, &rows, &mut bits);
            assert_eq!(bits, lists.bits(&base), "{text}");
            let marked = negating.finish(text, base.clone());
            for (tokens, tfidf, head) in [
                (&base, &stance, &heads[0]),
                (&marked, &sentiment, &heads[1]),
            ] {
                let by_term: Vec<_> = tokens.iter().map(|t| tfidf.term_id(&t.term)).collect();
                let by_row: Vec<_> = head.tfidf_ids(tokens, &rows).collect();
                assert_eq!(by_row, by_term, "{text}");
            }
            let entries = heads[1].lexicon().unwrap();
            let by_row = crate::features::lexicon::sums_of(&marked, |i, _| {
                (rows[i] != UNKNOWN).then(|| entries[rows[i] as usize])
            });
            assert_eq!(by_row, lexicon.sums(&marked), "{text}");
        }
        assert!(heads[0].lexicon().is_none());
    }
}
