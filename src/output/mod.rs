//! Per-paragraph records → JSONL or CSV.
//!
//! Field order is fixed: `doc`, `paragraph`, `start`, `end`, `label`,
//! `scores` (one probability per class, in class order), `text`, then
//! `reproduced`, `reproduced_by`, `shared_with`, `skipped`, `element`,
//! `sentiment`, `sentiment_scores`, then `comment` (a reader comment below
//! the article) and the document's page metadata `title`, `author`,
//! `published`, `site`, `url`, `language` (null when the page does not
//! say); a [`Field`] list picks some of them
//! (in the order given). `label`, `scores` and the sentiment fields are
//! null for skipped boilerplate (the sentiment fields also when the model
//! has no sentiment head). CSV flattens `scores` to `p_<class>` columns and
//! `sentiment_scores` to `p_negative,p_neutral,p_positive` (empty when null)
//! and joins `shared_with` with `|`.
//!
//! [`Renderer`] writes records straight into a byte buffer, with no
//! allocation per record: numbers go through `itoa` and `zmij` (what
//! serde_json uses, so a JSONL record is byte for byte what serde_json
//! makes of [`Record`]'s `Serialize`), strings are escaped as serde_json and
//! the csv crate escape them. It can also say where each provenance field
//! was written, so a record rendered before its shared passages are known
//! can be patched later ([`Renderer::record`], [`Renderer::provenance`]).
//!
//! Files: `field.rs` (the fields, their names, `--fields`), `render.rs`
//! (the renderer), `json.rs` / `csv_cells.rs` (escaping, numbers),
//! `crosspost.rs` (the CLI's one pass: rendered records wait, under
//! `--memory`, for the run's shared passages, then are patched and written
//! in input order).

pub mod crosspost;
mod csv_cells;
mod field;
mod json;
mod render;
#[cfg(test)]
mod tests;

pub use field::Field;
pub use render::{Renderer, Span};

use crate::doc::{Document, PageMeta};
use crate::tag::Tagged;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::Serialize;
use std::io::{self, Write};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OutputFormat {
    /// One JSON object per paragraph.
    Jsonl,
    /// One CSV row per paragraph, with a header.
    Csv,
}

/// One output record.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    /// Document id.
    pub doc: &'a str,
    /// The tagged paragraph.
    pub tagged: &'a Tagged<'a>,
    /// Class names of the stance head.
    pub classes: &'a [String],
    /// Class names of the sentiment head, when the model has one.
    pub sentiment_classes: Option<&'a [String]>,
    /// The document's page metadata ([`PageMeta::EMPTY`] when it has none).
    pub meta: &'a PageMeta,
    /// The document's genre ([`crate::tag::genre_of_tagged`]), the same in
    /// every record of a document; `None` writes null.
    pub genre: Option<crate::genre::GenreEstimate>,
}

struct ScoreMap<'a>(&'a [String], &'a [f64]);

impl Serialize for ScoreMap<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter().zip(self.1) {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

struct Targets<'a>(&'a [crate::target::tone::TargetTone]);

impl Serialize for Targets<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        #[derive(Serialize)]
        struct Tone<'a> {
            target: &'a str,
            mentions: usize,
            sentiment: &'a str,
            sentiment_scores: ScoreMap<'a>,
        }
        let classes: Vec<String> = crate::task::Task::Target
            .classes()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for t in self.0 {
            seq.serialize_element(&Tone {
                target: &t.target,
                mentions: t.mentions,
                sentiment: &classes[t.label],
                sentiment_scores: ScoreMap(&classes, &t.probabilities),
            })?;
        }
        seq.end()
    }
}

/// The record with every field, as serde sees it (for library users who
/// serialise records themselves; [`Renderer`] writes the same JSON).
impl Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.tagged;
        let p = t.paragraph;
        let mut st = s.serialize_struct("Record", 23)?;
        st.serialize_field("doc", self.doc)?;
        st.serialize_field("paragraph", &p.index)?;
        st.serialize_field("start", &p.start)?;
        st.serialize_field("end", &p.end)?;
        st.serialize_field("label", &t.stance.as_ref().map(|s| &self.classes[s.label]))?;
        st.serialize_field(
            "scores",
            &t.stance
                .as_ref()
                .map(|s| ScoreMap(self.classes, &s.probabilities)),
        )?;
        st.serialize_field("text", &p.text)?;
        st.serialize_field("reproduced", &t.reproduced_by.is_some())?;
        st.serialize_field("reproduced_by", &t.reproduced_by)?;
        st.serialize_field("shared_with", &t.shared_with)?;
        st.serialize_field("skipped", &t.skipped)?;
        st.serialize_field("element", &p.element)?;
        let sentiment = t.sentiment.as_ref().zip(self.sentiment_classes);
        st.serialize_field("sentiment", &sentiment.map(|(s, c)| &c[s.label]))?;
        st.serialize_field(
            "sentiment_scores",
            &sentiment.map(|(s, c)| ScoreMap(c, &s.probabilities)),
        )?;
        st.serialize_field("comment", &p.comment)?;
        for f in &Field::ALL[15..21] {
            st.serialize_field(f.name(), &f.meta(self.meta))?;
        }
        st.serialize_field("genre", &self.genre.map(|g| g.genre.name()))?;
        st.serialize_field("genre_score", &self.genre.map(|g| g.score))?;
        if let Some(targets) = &t.targets {
            st.serialize_field("targets", &Targets(targets))?;
        }
        st.end()
    }
}

impl Renderer {
    /// Appends the records of `doc`'s tagged paragraphs, in order, to
    /// `out`; after each, `each` gets its paragraph, the byte range it took
    /// in `out` and where its provenance fields are (see [`Span`]).
    pub fn document(
        &self,
        doc: &Document,
        tagged: &[Tagged],
        classes: &[String],
        sentiment_classes: Option<&[String]>,
        out: &mut Vec<u8>,
        mut each: impl FnMut(&Tagged, std::ops::Range<usize>, &[Span]),
    ) {
        let mut spans = Vec::new();
        // Once per document, and only when written.
        let genre = self
            .fields()
            .iter()
            .any(|f| matches!(f, Field::Genre | Field::GenreScore))
            .then(|| {
                let head = self
                    .genre_head()
                    .map(|h| h as &dyn crate::genre::GenreScorer);
                crate::tag::genre_of_tagged(doc, tagged, classes, head)
            });
        for t in tagged {
            let start = out.len();
            spans.clear();
            let record = Record {
                doc: &doc.id,
                tagged: t,
                classes,
                sentiment_classes,
                meta: &doc.meta,
                genre,
            };
            self.record(&record, out, Some(&mut spans));
            each(t, start..out.len(), &spans);
        }
    }
}

/// Writes records in one format.
pub struct RecordWriter<W: Write> {
    renderer: Renderer,
    out: W,
    /// CSV: the header is still to be written.
    header_due: bool,
    /// Each record is rendered here, then written.
    buf: Vec<u8>,
}

impl<W: Write> RecordWriter<W> {
    /// A writer of `format`, every field, over `w`.
    pub fn new(format: OutputFormat, w: W) -> Self {
        Self::with_fields(format, Field::ALL.to_vec(), w)
    }

    /// A writer of `fields` (in this order) in `format` over `w`.
    pub fn with_fields(format: OutputFormat, fields: Vec<Field>, w: W) -> Self {
        RecordWriter {
            renderer: Renderer::new(format, fields),
            out: w,
            header_due: format == OutputFormat::Csv,
            buf: Vec::new(),
        }
    }

    /// How this writer renders records (to render them elsewhere, e.g. in
    /// parallel, and [`RecordWriter::append`] them in order).
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// Writes the CSV header now if it is still due (no-op for JSONL).
    pub fn write_header(&mut self, classes: &[String]) -> io::Result<()> {
        if self.header_due {
            self.buf.clear();
            self.renderer.header(classes, &mut self.buf);
            self.out.write_all(&self.buf)?;
            self.header_due = false;
        }
        Ok(())
    }

    /// Appends bytes rendered by this writer's [`Renderer`].
    pub fn append(&mut self, rendered: &[u8]) -> io::Result<()> {
        self.out.write_all(rendered)
    }

    /// Writes one record.
    pub fn write(&mut self, r: &Record) -> io::Result<()> {
        self.write_header(r.classes)?;
        self.buf.clear();
        self.renderer.record(r, &mut self.buf, None);
        self.out.write_all(&self.buf)
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}
