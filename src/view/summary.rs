//! One document's figures: how much of it is reporting, quotation and
//! opinion, how much is reproduced and from where, its mean sentiment and
//! its most opinionated paragraph.
//!
//! Shares are of words (a one-line quip weighs less than a long analysis)
//! over the labelled paragraphs: skipped boilerplate counts in
//! `paragraphs` and `skipped` but in no share.

use super::interval::ShareIntervals;
use super::record::DocView;
use crate::doc::Label;
use crate::structure::SkipReason;
use serde::Serialize;
use std::collections::BTreeSet;

/// Figures for one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Document id.
    pub doc: String,
    /// Page title, when known.
    pub title: Option<String>,
    /// Page address, when known.
    pub url: Option<String>,
    /// Paragraphs, skipped ones included.
    pub paragraphs: usize,
    /// Skipped (boilerplate) paragraphs.
    pub skipped: usize,
    /// Words in the labelled paragraphs.
    pub words: usize,
    /// Share of those words in paragraphs labelled `fact`.
    pub fact: f64,
    /// Share in paragraphs labelled `quotation`.
    pub quotation: f64,
    /// Share in paragraphs labelled `opinion`.
    pub opinion: f64,
    /// A 95 % interval for each label's share, from the probabilities
    /// (see [`super::interval`]).
    #[serde(flatten)]
    pub intervals: ShareIntervals,
    /// Share in paragraphs reproduced from another source.
    pub reproduced: f64,
    /// The other documents it shares passages with, sorted.
    pub shares_with: Vec<String>,
    /// Mean over labelled paragraphs of p(positive) − p(negative), in
    /// -1..=1; `None` when the model had no sentiment head.
    pub sentiment: Option<f64>,
    /// The labelled paragraph with the highest opinion probability.
    pub most_opinionated: Option<Opinionated>,
    /// The document's language, when its content was not labelled because
    /// the model was not trained on it (`skipped: language`; `?` when the
    /// records do not say which), else `None`. The table counts these
    /// documents below its rows instead of in a column.
    pub language_skipped: Option<String>,
    /// Tone toward each target its records mention (`stance tag --target`);
    /// not written when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<super::targets::TargetSummary>,
    /// The document's genre, when its records carry one.
    pub genre: Option<String>,
    /// How sure that genre is (1 when the page declares it).
    pub genre_score: Option<f64>,
}

/// A document's most opinionated paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opinionated {
    /// Its index in the document.
    pub paragraph: usize,
    /// Its opinion probability.
    pub p_opinion: f64,
    /// Its text.
    pub text: String,
}

impl Summary {
    /// The figures of `doc`.
    pub fn of(doc: &DocView) -> Summary {
        let mut words = 0usize;
        let mut by_label = [0usize; 3];
        let mut reproduced = 0usize;
        let mut shares_with = BTreeSet::new();
        let (mut polarity, mut with_sentiment) = (0.0, 0usize);
        let mut most: Option<&super::TagRecord> = None;
        let mut probabilities = Vec::new();
        for r in &doc.paragraphs {
            shares_with.extend(r.shared_with.iter().cloned());
            if r.label.is_none() {
                continue;
            }
            let w = r.words();
            words += w;
            probabilities.push((w, Label::ALL.map(|l| r.p(l.as_str()))));
            if let Some(l) = r.stance() {
                by_label[l.index()] += w;
            }
            if r.is_reproduced() {
                reproduced += w;
            }
            if let Some(p) = r.polarity() {
                polarity += p;
                with_sentiment += 1;
            }
            if most.is_none_or(|m| r.p(OPINION) > m.p(OPINION)) {
                most = Some(r);
            }
        }
        let share = |n: usize| {
            if words == 0 {
                0.0
            } else {
                n as f64 / words as f64
            }
        };
        Summary {
            doc: doc.id.clone(),
            title: doc.paragraphs.iter().find_map(|r| r.title.clone()),
            url: doc.url().map(str::to_string),
            paragraphs: doc.paragraphs.len(),
            skipped: doc
                .paragraphs
                .iter()
                .filter(|r| r.skipped.is_some())
                .count(),
            words,
            fact: share(by_label[0]),
            quotation: share(by_label[1]),
            opinion: share(by_label[2]),
            intervals: ShareIntervals::of(&probabilities),
            reproduced: share(reproduced),
            shares_with: shares_with.into_iter().collect(),
            sentiment: (with_sentiment > 0).then(|| polarity / with_sentiment as f64),
            most_opinionated: most.map(|r| Opinionated {
                paragraph: r.paragraph,
                p_opinion: r.p(OPINION),
                text: r.text.clone(),
            }),
            language_skipped: doc
                .paragraphs
                .iter()
                .find(|r| {
                    r.skipped.as_deref().and_then(SkipReason::from_name)
                        == Some(SkipReason::Language)
                })
                .map(|r| r.language.clone().unwrap_or_else(|| "?".into())),
            targets: super::targets::of(doc, &[]),
            genre: doc.paragraphs.iter().find_map(|r| r.genre.clone()),
            genre_score: doc.paragraphs.iter().find_map(|r| r.genre_score),
        }
    }

    /// The share of `label`.
    pub fn share(&self, label: Label) -> f64 {
        match label {
            Label::Fact => self.fact,
            Label::Quotation => self.quotation,
            Label::Opinion => self.opinion,
        }
    }

    /// CSV columns, in the order of [`Summary::csv_row`].
    pub const CSV_HEADER: [&'static str; 24] = [
        "doc",
        "title",
        "url",
        "paragraphs",
        "skipped",
        "words",
        "fact",
        "quotation",
        "opinion",
        "reproduced",
        "shares_with",
        "sentiment",
        "most_opinionated_paragraph",
        "most_opinionated_p",
        "most_opinionated_text",
        "language_skipped",
        "fact_low",
        "fact_high",
        "quotation_low",
        "quotation_high",
        "opinion_low",
        "opinion_high",
        "genre",
        "genre_score",
    ];

    /// One CSV row: `shares_with` joined with `|`, absent values empty.
    pub fn csv_row(&self) -> Vec<String> {
        let opt = |v: Option<String>| v.unwrap_or_default();
        let m = self.most_opinionated.as_ref();
        vec![
            self.doc.clone(),
            opt(self.title.clone()),
            opt(self.url.clone()),
            self.paragraphs.to_string(),
            self.skipped.to_string(),
            self.words.to_string(),
            self.fact.to_string(),
            self.quotation.to_string(),
            self.opinion.to_string(),
            self.reproduced.to_string(),
            self.shares_with.join("|"),
            opt(self.sentiment.map(|s| s.to_string())),
            opt(m.map(|m| m.paragraph.to_string())),
            opt(m.map(|m| m.p_opinion.to_string())),
            opt(m.map(|m| m.text.clone())),
            opt(self.language_skipped.clone()),
            self.intervals.fact_low.to_string(),
            self.intervals.fact_high.to_string(),
            self.intervals.quotation_low.to_string(),
            self.intervals.quotation_high.to_string(),
            self.intervals.opinion_low.to_string(),
            self.intervals.opinion_high.to_string(),
            opt(self.genre.clone()),
            opt(self.genre_score.map(|g| g.to_string())),
        ]
    }
}

/// The opinion label's name, as the records' scores are keyed.
const OPINION: &str = Label::Opinion.as_str();

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::record::{DocSink, RecordLines};
    use std::io::Write;

    struct Keep(Vec<DocView>);
    impl DocSink for Keep {
        fn doc(&mut self, doc: DocView) -> std::io::Result<()> {
            self.0.push(doc);
            Ok(())
        }
        fn finish(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn doc(jsonl: &str) -> DocView {
        let mut w = RecordLines::new("t", Keep(Vec::new()));
        w.write_all(jsonl.as_bytes()).unwrap();
        w.finish().unwrap().0.remove(0)
    }

    #[test]
    fn shares_are_of_words_in_labelled_paragraphs() {
        let text = r#"{"doc":"d","paragraph":0,"label":null,"scores":null,"text":"Big Headline Here","skipped":"headline","title":"A post"}
{"doc":"d","paragraph":1,"label":"fact","scores":{"fact":0.8,"quotation":0.1,"opinion":0.1},"text":"one two three four five six","sentiment_scores":{"negative":0.2,"neutral":0.5,"positive":0.3}}
{"doc":"d","paragraph":2,"label":"opinion","scores":{"fact":0.1,"quotation":0.1,"opinion":0.8},"text":"I think so","reproduced_by":"shared","shared_with":["e","c"],"sentiment_scores":{"negative":0.6,"neutral":0.3,"positive":0.1}}
{"doc":"d","paragraph":3,"label":"opinion","scores":{"fact":0.05,"quotation":0.05,"opinion":0.9},"text":"Wrong.","shared_with":["c"],"sentiment_scores":{"negative":0.7,"neutral":0.2,"positive":0.1}}
"#;
        let s = Summary::of(&doc(text));
        assert_eq!((s.paragraphs, s.skipped, s.words), (4, 1, 10));
        assert_eq!((s.fact, s.quotation, s.opinion), (0.6, 0.0, 0.4));
        assert!((s.reproduced - 0.3).abs() < 1e-12);
        assert_eq!(s.shares_with, ["c", "e"]);
        let mean = ((0.3 - 0.2) + (0.1 - 0.6) + (0.1 - 0.7)) / 3.0;
        assert!((s.sentiment.unwrap() - mean).abs() < 1e-12);
        let m = s.most_opinionated.as_ref().unwrap();
        assert_eq!(
            (m.paragraph, m.p_opinion, m.text.as_str()),
            (3, 0.9, "Wrong.")
        );
        assert_eq!(s.title.as_deref(), Some("A post"));
        // The intervals come from the labelled paragraphs' probabilities
        // and words (6, 3, 1): see view/interval.rs.
        let want = ShareIntervals::of(&[
            (6, [0.8, 0.1, 0.1]),
            (3, [0.1, 0.1, 0.8]),
            (1, [0.05, 0.05, 0.9]),
        ]);
        assert_eq!(s.intervals, want);
        assert!(s.intervals.fact_low < 0.6 && 0.6 < s.intervals.fact_high);
        let row = s.csv_row();
        assert_eq!(row.len(), Summary::CSV_HEADER.len());
        assert_eq!(row[10], "c|e");
        assert_eq!(row[16], want.fact_low.to_string());
        // No genre in these records: empty cells, null in JSON.
        assert_eq!((row[22].as_str(), row[23].as_str()), ("", ""));
        let with = text.replace(
            "\"title\":\"A post\"}",
            "\"title\":\"A post\",\"genre\":\"blog\",\"genre_score\":0.75}",
        );
        let g = Summary::of(&doc(&with));
        assert_eq!(
            (g.genre.as_deref(), g.genre_score),
            (Some("blog"), Some(0.75))
        );
        assert_eq!(g.csv_row()[22..], ["blog", "0.75"]);
    }

    #[test]
    fn a_document_not_labelled_for_its_language_says_which() {
        let s = Summary::of(&doc(
            r#"{"doc":"d","paragraph":0,"label":null,"scores":null,"text":"Hallo Welt, wie geht es","skipped":"language","language":"de"}"#,
        ));
        assert_eq!(s.language_skipped.as_deref(), Some("de"));
        assert_eq!(s.csv_row()[15], "de");
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["language_skipped"], "de");
    }

    #[test]
    fn a_document_of_boilerplate_has_no_shares_and_no_opinion() {
        let s = Summary::of(&doc(
            r#"{"doc":"d","paragraph":0,"label":null,"scores":null,"text":"Menu","skipped":"heading"}"#,
        ));
        assert_eq!((s.words, s.fact, s.opinion), (0, 0.0, 0.0));
        assert_eq!((s.sentiment, s.most_opinionated), (None, None));
    }
}
