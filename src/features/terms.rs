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

use super::lexicon::{Entry, PolarityTable};
use super::{CueLists, Tfidf};
use crate::analyze::{Analyzer, Token, TokenBuf, TokenKind, NEG_PREFIX};
use rustc_hash::FxHashMap;

/// The row of a term no table knows.
pub const UNKNOWN: u32 = u32::MAX;

/// Every term some table of the tagger's heads knows, without negation
/// marks, numbered; and the word lists' bits per row.
#[derive(Debug, Clone, Default)]
pub struct TermTable {
    rows: FxHashMap<String, u32>,
    /// [`CueLists::bits`] of each row's term.
    bits: Vec<u16>,
}

/// Most words one [`WordMemo`] holds; it is emptied when full, so memory
/// stays bounded whatever the input.
pub const MEMO_LIMIT: usize = 100_000;

/// What one tagging thread knows about the words it has seen: each word
/// (lowercased, before stemming) → its stem (`None` when the word is its
/// own stem) and the stem's row. One hash lookup per word token then
/// gives both, where stemming through the analyzer's memo and looking the
/// stem up in the [`TermTable`] took two.
#[derive(Debug, Default)]
pub struct WordMemo {
    words: FxHashMap<String, (Option<Box<str>>, u32)>,
}

impl WordMemo {
    /// Stems `term` in place (by `stem` when the word is new) and returns
    /// its stem's row (by `row_of` when new).
    fn resolve(
        &mut self,
        term: &mut String,
        stem: impl FnOnce(&str) -> std::borrow::Cow<'_, str>,
        row_of: impl FnOnce(&str) -> u32,
    ) -> u32 {
        if let Some((stemmed, row)) = self.words.get(term.as_str()) {
            if let Some(s) = stemmed {
                term.clear();
                term.push_str(s);
            }
            return *row;
        }
        let stemmed = stem(term);
        let row = row_of(&stemmed);
        let entry: Option<Box<str>> = (*stemmed != **term).then(|| stemmed.as_ref().into());
        if self.words.len() >= MEMO_LIMIT {
            self.words.clear();
        }
        self.words.insert(term.clone(), (entry.clone(), row));
        if let Some(s) = entry {
            term.clear();
            term.push_str(&s);
        }
        row
    }
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
        lists: &CueLists,
        heads: &[(&Tfidf, Option<&PolarityTable>)],
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

    /// Analyses `text` up to stemming into `buf`, as
    /// [`Analyzer::analyze_base_into`] does, and gives each token's row, as
    /// [`TermTable::rows`] does: each word is looked up once in `memo` for
    /// both its stem and its row.
    pub fn analyze_rows(
        &self,
        analyzer: &Analyzer,
        text: &str,
        buf: &mut TokenBuf,
        memo: &mut WordMemo,
        rows: &mut Vec<u32>,
    ) {
        analyzer.analyze_unstemmed_into(text, buf);
        rows.clear();
        let stemmer = analyzer.stemmer();
        for t in buf.tokens_mut() {
            rows.push(match (t.kind, stemmer) {
                (TokenKind::Word, Some(stemmer)) => {
                    memo.resolve(&mut t.term, |w| stemmer.snowball(w), |s| self.row_of(s))
                }
                _ => self.row_of(&t.term),
            });
        }
    }

    /// The row of a base term.
    fn row_of(&self, term: &str) -> u32 {
        self.rows.get(term).copied().unwrap_or(UNKNOWN)
    }

    /// Each base token's row (tokens before negation marking).
    pub fn rows(&self, tokens: &[Token], out: &mut Vec<u32>) {
        out.clear();
        out.extend(tokens.iter().map(|t| self.row_of(&t.term)));
    }

    /// Each token's word-list bits, as [`CueLists::bits`] gives them.
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
    use crate::analyze::test_util::plain_and_negating;
    use crate::analyze::{Analyzer, AnalyzerConfig};
    use crate::features::{PolarityLexicon, TfidfParams};

    #[test]
    fn rows_give_what_each_table_gives_by_term() {
        let (plain, negating) = plain_and_negating();
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
        let mut scores = PolarityLexicon::default();
        scores.valence.insert("awful".into(), -0.8);
        scores.valence.insert("happi".into(), 0.6);
        scores.subjectivity.insert("awful".into(), 1.0);
        let lexicon = PolarityTable::new(&scores);
        let lists = CueLists::new(plain.config());
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

    #[test]
    fn analyze_rows_gives_the_tokens_and_rows_of_the_plain_chain() {
        let (plain, negating) = plain_and_negating();
        let train = [
            "The ferry was not late, and nobody said it was awful.",
            "Riders were not happy about the new timetable in 2019.",
        ];
        let docs: Vec<Vec<String>> = train.iter().map(|t| negating.terms(t)).collect();
        let tfidf = TfidfParams {
            min_df: 1,
            ..Default::default()
        }
        .fit(&docs)
        .unwrap();
        let lists = CueLists::new(plain.config());
        let (table, _) = TermTable::new(&lists, &[(&tfidf, None)]);
        let (mut buf, mut memo, mut rows, mut want) =
            (TokenBuf::new(), WordMemo::default(), Vec::new(), Vec::new());
        // Twice, so the second round reads every word from the memo.
        for _ in 0..2 {
            for text in train.iter().chain(&[
                "“Running late,” the Mayor said: 40% of RUNS failed! See https://x.org/a",
                "Hardly a success — nobody isn’t happy; ÉTIENNE, Zürich and 東京 1,000.5 times?",
                "Words no table has: zebra quokka 'quoted' zebras.",
                "",
            ]) {
                table.analyze_rows(&plain, text, &mut buf, &mut memo, &mut rows);
                let base = plain.analyze_base(text);
                assert_eq!(buf.tokens(), base.as_slice(), "{text}");
                table.rows(&base, &mut want);
                assert_eq!(rows, want, "{text}");
                assert!(
                    rows.iter().any(|&r| r != UNKNOWN) || base.len() < 6,
                    "{text}"
                );
                // Negation marks added in place give the negating chain.
                let mut marked = buf.tokens().to_vec();
                negating.finish_in_place(text, &mut marked);
                assert_eq!(marked, negating.analyze(text), "{text}");
            }
        }
        // An unstemmed chain looks words up as they are.
        let unstemmed = Analyzer::new(AnalyzerConfig {
            stemmer: None,
            ..AnalyzerConfig::default()
        });
        let text = "Riders were running late";
        table.analyze_rows(
            &unstemmed,
            text,
            &mut buf,
            &mut WordMemo::default(),
            &mut rows,
        );
        assert_eq!(buf.tokens(), unstemmed.analyze_base(text).as_slice());
    }
}
