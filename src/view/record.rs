//! `stance tag` JSONL records read back, grouped into one [`DocView`] per
//! document.
//!
//! The reader is tolerant: fields it does not know are ignored and the
//! newer fields (`comment`, the page metadata) may be missing, so output of
//! older and newer versions of `stance tag` reads alike.

use crate::doc::Label;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// One paragraph record as `stance tag` writes it in JSONL.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TagRecord {
    /// Document id.
    pub doc: String,
    /// 0-based paragraph index in its document.
    pub paragraph: usize,
    /// Byte span in the document text.
    #[serde(default)]
    pub start: usize,
    /// End of the byte span.
    #[serde(default)]
    pub end: usize,
    /// `fact`, `quotation` or `opinion`; `None` when skipped.
    #[serde(default)]
    pub label: Option<String>,
    /// Probability per label; `None` when skipped.
    #[serde(default)]
    pub scores: Option<BTreeMap<String, f64>>,
    /// The paragraph's text.
    pub text: String,
    /// How it is reproduced from another source (`blockquote`, `lead-in`,
    /// `reference`, `shared`), if it is.
    #[serde(default)]
    pub reproduced_by: Option<String>,
    /// Ids of the other documents that share a passage with it.
    #[serde(default)]
    pub shared_with: Vec<String>,
    /// Why it is boilerplate, if it is.
    #[serde(default)]
    pub skipped: Option<String>,
    /// The markup element it came from.
    #[serde(default)]
    pub element: Option<String>,
    /// `negative`, `neutral` or `positive`, when the model has a sentiment head.
    #[serde(default)]
    pub sentiment: Option<String>,
    /// Probability per sentiment class.
    #[serde(default)]
    pub sentiment_scores: Option<BTreeMap<String, f64>>,
    /// A reader comment under the article.
    #[serde(default)]
    pub comment: Option<bool>,
    /// The page's title, when the input had one.
    #[serde(default)]
    pub title: Option<String>,
    /// The page's address, when the input had one.
    #[serde(default)]
    pub url: Option<String>,
    /// The site it was published on.
    #[serde(default)]
    pub site: Option<String>,
    /// The document's language.
    #[serde(default)]
    pub language: Option<String>,
    /// Tone toward each requested target it mentions (`--target`).
    #[serde(default)]
    pub targets: Option<Vec<TargetRecord>>,
    /// The document's genre (`news`, `analysis`, `opinion`, `review`,
    /// `blog`, `other`), the same in each of its records.
    #[serde(default)]
    pub genre: Option<String>,
    /// How sure the genre is (1 when the page declares it).
    #[serde(default)]
    pub genre_score: Option<f64>,
}

impl TagRecord {
    /// The stance label, when it is one of the three (`None` when skipped).
    pub fn stance(&self) -> Option<Label> {
        self.label.as_deref()?.parse().ok()
    }

    /// The probability of `label` (0 when skipped or absent).
    pub fn p(&self, label: &str) -> f64 {
        self.scores
            .as_ref()
            .and_then(|s| s.get(label))
            .copied()
            .unwrap_or(0.0)
    }

    /// Whether the paragraph is reproduced from another source.
    pub fn is_reproduced(&self) -> bool {
        self.reproduced_by.is_some()
    }

    /// Words of the text (runs of non-space).
    pub fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }

    /// Positive minus negative sentiment probability, in -1..=1.
    pub fn polarity(&self) -> Option<f64> {
        let s = self.sentiment_scores.as_ref()?;
        Some(s.get("positive").copied().unwrap_or(0.0) - s.get("negative").copied().unwrap_or(0.0))
    }
}

/// One document's records, in paragraph order.
#[derive(Debug, Clone, PartialEq)]
pub struct DocView {
    /// Document id.
    pub id: String,
    /// Its records.
    pub paragraphs: Vec<TagRecord>,
}

impl DocView {
    /// The page title when the records carry one, else the document id.
    pub fn title(&self) -> &str {
        self.meta(|r| r.title.as_deref()).unwrap_or(&self.id)
    }

    /// The page address, when the records carry one.
    pub fn url(&self) -> Option<&str> {
        self.meta(|r| r.url.as_deref())
    }

    /// The site, when the records carry one.
    pub fn site(&self) -> Option<&str> {
        self.meta(|r| r.site.as_deref())
    }

    fn meta<'a>(&'a self, f: impl Fn(&'a TagRecord) -> Option<&'a str>) -> Option<&'a str> {
        self.paragraphs
            .iter()
            .find_map(|r| f(r).filter(|s| !s.trim().is_empty()))
    }
}

/// What receives whole documents: a renderer.
pub trait DocSink {
    /// Renders (or keeps) one document.
    fn doc(&mut self, doc: DocView) -> io::Result<()>;
    /// Called once after the last document.
    fn finish(&mut self) -> io::Result<()>;
}

/// Longest JSONL line accepted (one paragraph's record); longer input is
/// not `stance tag` output and is refused instead of buffered without end.
const MAX_LINE: usize = 256 << 20;

/// A [`Write`] that takes `stance tag` JSONL bytes, parses each line and
/// hands the documents, grouped, to a [`DocSink`]. Wrapped around an output
/// it turns the tag pipeline's records into a rendered view; fed a file with
/// [`io::copy`] it renders existing output.
pub struct RecordLines<S: DocSink> {
    name: String,
    line: usize,
    pending: Vec<u8>,
    current: Option<DocView>,
    records: usize,
    sink: S,
}

impl<S: DocSink> RecordLines<S> {
    /// Reads records into `sink`; `name` names the input in errors.
    pub fn new(name: &str, sink: S) -> Self {
        RecordLines {
            name: name.to_string(),
            line: 0,
            pending: Vec::new(),
            current: None,
            records: 0,
            sink,
        }
    }

    /// Starts naming errors after another input (several files in a row).
    pub fn next_input(&mut self, name: &str) -> io::Result<()> {
        self.end_line()?;
        self.name = name.to_string();
        self.line = 0;
        Ok(())
    }

    /// Records read so far.
    pub fn records(&self) -> usize {
        self.records
    }

    fn end_line(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let line = std::mem::take(&mut self.pending);
        self.line += 1;
        self.record(&line)
    }

    fn record(&mut self, line: &[u8]) -> io::Result<()> {
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(());
        }
        let r: TagRecord = serde_json::from_slice(line).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}:{}: not a `stance tag` record ({e}); expected JSONL written by `stance tag`",
                    self.name, self.line
                ),
            )
        })?;
        self.records += 1;
        match &mut self.current {
            Some(d) if d.id == r.doc => d.paragraphs.push(r),
            _ => {
                let next = DocView {
                    id: r.doc.clone(),
                    paragraphs: vec![r],
                };
                if let Some(done) = self.current.replace(next) {
                    self.sink.doc(done)?;
                }
            }
        }
        Ok(())
    }

    /// Hands over the last document, finishes the sink and returns it.
    pub fn finish(mut self) -> io::Result<S> {
        self.end_line()?;
        if let Some(done) = self.current.take() {
            self.sink.doc(done)?;
        }
        self.sink.finish()?;
        Ok(self.sink)
    }
}

impl<S: DocSink> Write for RecordLines<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(nl) = rest.iter().position(|&b| b == b'\n') {
            self.pending.extend_from_slice(&rest[..nl]);
            self.line += 1;
            let line = std::mem::take(&mut self.pending);
            self.record(&line)?;
            self.pending = line;
            self.pending.clear();
            rest = &rest[nl + 1..];
        }
        if self.pending.len() + rest.len() > MAX_LINE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}:{}: a line longer than {} MiB is not a `stance tag` record",
                    self.name,
                    self.line + 1,
                    MAX_LINE >> 20
                ),
            ));
        }
        self.pending.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Whether `first_line` is a `stance tag` record rather than an input
/// document (`{"id", "text"}` / `{"id", "paragraphs"}`).
pub fn is_tag_record(first_line: &str) -> bool {
    match serde_json::from_str::<serde_json::Value>(first_line) {
        Ok(serde_json::Value::Object(m)) => {
            m.contains_key("doc") && m.contains_key("paragraph") && m.contains_key("text")
        }
        _ => false,
    }
}

/// The tone toward one target in one paragraph, as a record carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRecord {
    /// The target's name.
    pub target: String,
    /// Its mentions in the paragraph.
    pub mentions: usize,
    /// negative, neutral or positive.
    #[serde(default)]
    pub sentiment: Option<String>,
    /// Probability per class.
    #[serde(default)]
    pub sentiment_scores: BTreeMap<String, f64>,
}

impl TargetRecord {
    /// p(positive) - p(negative), -1..1.
    pub fn tone(&self) -> f64 {
        let p = |c: &str| self.sentiment_scores.get(c).copied().unwrap_or(0.0);
        p("positive") - p("negative")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A record line as `stance tag` writes it (extra fields included).
    pub fn line(doc: &str, i: usize, label: Option<(&str, [f64; 3])>, text: &str) -> String {
        let (label, scores) = match label {
            Some((l, [f, q, o])) => (
                format!("{l:?}"),
                format!("{{\"fact\":{f},\"quotation\":{q},\"opinion\":{o}}}"),
            ),
            None => ("null".into(), "null".into()),
        };
        let skipped = if label == "null" {
            "\"heading\""
        } else {
            "null"
        };
        format!(
            "{{\"doc\":{doc:?},\"paragraph\":{i},\"start\":0,\"end\":1,\"label\":{label},\"scores\":{scores},\"text\":{text:?},\"reproduced\":false,\"reproduced_by\":null,\"shared_with\":[],\"skipped\":{skipped},\"element\":null,\"sentiment\":null,\"sentiment_scores\":null,\"comment\":false,\"title\":null,\"extra\":1}}\n"
        )
    }

    #[derive(Default)]
    struct Keep(Vec<DocView>, bool);

    impl DocSink for Keep {
        fn doc(&mut self, doc: DocView) -> io::Result<()> {
            self.0.push(doc);
            Ok(())
        }
        fn finish(&mut self) -> io::Result<()> {
            self.1 = true;
            Ok(())
        }
    }

    #[test]
    fn records_group_by_document_across_split_writes() {
        let text = [
            line("a", 0, None, "Head"),
            line("a", 1, Some(("fact", [0.7, 0.2, 0.1])), "One two three."),
            line("b", 0, Some(("opinion", [0.1, 0.1, 0.8])), "I think so."),
        ]
        .concat();
        let mut w = RecordLines::new("t.jsonl", Keep::default());
        // Byte by byte: lines are reassembled whatever the write sizes.
        for b in text.as_bytes() {
            w.write_all(std::slice::from_ref(b)).unwrap();
        }
        assert_eq!(w.records(), 3);
        let keep = w.finish().unwrap();
        assert!(keep.1, "finish reaches the sink");
        let ids: Vec<(&str, usize)> = keep
            .0
            .iter()
            .map(|d| (d.id.as_str(), d.paragraphs.len()))
            .collect();
        assert_eq!(ids, [("a", 2), ("b", 1)]);
        let p = &keep.0[0].paragraphs[1];
        assert_eq!(
            (p.label.as_deref(), p.p("fact"), p.words()),
            (Some("fact"), 0.7, 3)
        );
        assert_eq!(keep.0[0].paragraphs[0].skipped.as_deref(), Some("heading"));
        assert_eq!(keep.0[0].title(), "a", "no title: the id");
    }

    #[test]
    fn a_bad_line_is_named_by_file_and_line() {
        let mut w = RecordLines::new("t.jsonl", Keep::default());
        w.write_all(line("a", 0, None, "x").as_bytes()).unwrap();
        let err = w
            .write_all(b"{\"id\": \"post\", \"text\": \"hi\"}\n")
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.jsonl:2: not a `stance tag` record"),
            "{err}"
        );
    }

    #[test]
    fn tag_records_are_told_from_input_documents() {
        assert!(is_tag_record(line("a", 0, None, "x").trim()));
        assert!(!is_tag_record("{\"id\": \"a\", \"text\": \"hi\"}"));
        assert!(!is_tag_record("plain text"));
    }
}
