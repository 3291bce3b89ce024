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

use crate::doc::PageMeta;
use crate::structure::ReproducedBy;
use crate::tag::Tagged;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::Serialize;
use std::io::{self, Write};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One JSON object per paragraph.
    Jsonl,
    /// One CSV row per paragraph, with a header.
    Csv,
}

/// One output field (a JSONL key; one or more CSV columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Document id.
    Doc,
    /// 0-based paragraph index.
    Paragraph,
    /// Byte offset of the paragraph's start.
    Start,
    /// Byte offset one past its end.
    End,
    /// Most probable stance label.
    Label,
    /// Stance probabilities (CSV: `p_<class>` columns).
    Scores,
    /// The paragraph's text.
    Text,
    /// Whether it is reproduced from another source.
    Reproduced,
    /// Why it is reproduced.
    ReproducedBy,
    /// The other documents sharing the passage.
    SharedWith,
    /// Why it is boilerplate.
    Skipped,
    /// The markup element it came from.
    Element,
    /// Most probable sentiment label.
    Sentiment,
    /// Sentiment probabilities (CSV: `p_negative,p_neutral,p_positive`).
    SentimentScores,
    /// Whether it is a reader comment below the article.
    Comment,
    /// The page's title.
    Title,
    /// The page's author(s).
    Author,
    /// The page's publication date.
    Published,
    /// The page's site name.
    Site,
    /// The page's canonical URL.
    Url,
    /// The page's language.
    Language,
}

impl Field {
    /// Every field, in the default order.
    pub const ALL: [Field; 21] = [
        Field::Doc,
        Field::Paragraph,
        Field::Start,
        Field::End,
        Field::Label,
        Field::Scores,
        Field::Text,
        Field::Reproduced,
        Field::ReproducedBy,
        Field::SharedWith,
        Field::Skipped,
        Field::Element,
        Field::Sentiment,
        Field::SentimentScores,
        Field::Comment,
        Field::Title,
        Field::Author,
        Field::Published,
        Field::Site,
        Field::Url,
        Field::Language,
    ];

    /// The field's name (its JSONL key).
    pub fn name(self) -> &'static str {
        match self {
            Field::Doc => "doc",
            Field::Paragraph => "paragraph",
            Field::Start => "start",
            Field::End => "end",
            Field::Label => "label",
            Field::Scores => "scores",
            Field::Text => "text",
            Field::Reproduced => "reproduced",
            Field::ReproducedBy => "reproduced_by",
            Field::SharedWith => "shared_with",
            Field::Skipped => "skipped",
            Field::Element => "element",
            Field::Sentiment => "sentiment",
            Field::SentimentScores => "sentiment_scores",
            Field::Comment => "comment",
            Field::Title => "title",
            Field::Author => "author",
            Field::Published => "published",
            Field::Site => "site",
            Field::Url => "url",
            Field::Language => "language",
        }
    }

    /// The page-metadata value of a metadata field (`None` for others, and
    /// when the page does not say).
    fn meta(self, m: &PageMeta) -> Option<&str> {
        match self {
            Field::Title => m.title.as_deref(),
            Field::Author => m.author.as_deref(),
            Field::Published => m.published.as_deref(),
            Field::Site => m.site.as_deref(),
            Field::Url => m.url.as_deref(),
            Field::Language => m.language.as_deref(),
            _ => None,
        }
    }

    /// Whether the field depends on the passages shared with other
    /// documents (known only once every document has been read).
    pub fn is_provenance(self) -> bool {
        matches!(
            self,
            Field::Reproduced | Field::ReproducedBy | Field::SharedWith
        )
    }

    /// Parses a comma-separated list of field names (`doc,label,scores`).
    /// The error names the bad entry and lists the valid names.
    pub fn parse_list(list: &str) -> Result<Vec<Field>, String> {
        let valid = || {
            Field::ALL
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        for name in list.split(',').map(str::trim) {
            let field = Field::ALL
                .into_iter()
                .find(|f| f.name() == name)
                .ok_or_else(|| format!("unknown field `{name}`; valid fields: {}", valid()))?;
            if out.contains(&field) {
                return Err(format!("field `{name}` is listed twice"));
            }
            out.push(field);
        }
        Ok(out)
    }
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

/// The record with every field, as serde sees it (for library users who
/// serialise records themselves; [`Renderer`] writes the same JSON).
impl Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.tagged;
        let p = t.paragraph;
        let mut st = s.serialize_struct("Record", 21)?;
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
        for f in &Field::ALL[15..] {
            st.serialize_field(f.name(), &f.meta(self.meta))?;
        }
        st.end()
    }
}

/// Where a provenance field's value was written in a rendered record
/// (byte offsets in the buffer it was rendered into).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The field.
    pub field: Field,
    /// First byte of its value.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// CSV columns of `sentiment_scores`, whatever the sentiment head.
const SENTIMENT_COLUMNS: [&str; 3] = ["negative", "neutral", "positive"];

/// Renders records of one format and field list into byte buffers.
#[derive(Debug, Clone)]
pub struct Renderer {
    format: OutputFormat,
    fields: Vec<Field>,
}

impl Renderer {
    /// A renderer of `fields` (in this order) in `format`.
    pub fn new(format: OutputFormat, fields: Vec<Field>) -> Self {
        Renderer { format, fields }
    }

    /// The fields written, in order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The CSV header for a stance head with `classes`; nothing for JSONL.
    pub fn header(&self, classes: &[String], out: &mut Vec<u8>) {
        if self.format != OutputFormat::Csv {
            return;
        }
        let start = out.len();
        let mut first = true;
        for &f in &self.fields {
            match f {
                Field::Scores => {
                    for c in classes {
                        csv_sep(out, &mut first);
                        csv_cell(out, format!("p_{c}").as_bytes());
                    }
                }
                Field::SentimentScores => {
                    for c in SENTIMENT_COLUMNS {
                        csv_sep(out, &mut first);
                        csv_cell(out, format!("p_{c}").as_bytes());
                    }
                }
                f => {
                    csv_sep(out, &mut first);
                    csv_cell(out, f.name().as_bytes());
                }
            }
        }
        csv_end(out, start);
    }

    /// Appends one record (with its line end) to `out`. With `spans`, also
    /// pushes where each provenance field's value went.
    pub fn record(&self, r: &Record, out: &mut Vec<u8>, spans: Option<&mut Vec<Span>>) {
        match self.format {
            OutputFormat::Jsonl => self.jsonl(r, out, spans),
            OutputFormat::Csv => self.csv(r, out, spans),
        }
    }

    /// Appends the value of provenance `field` for a paragraph reproduced
    /// `by` and shared with `shared_with` (what [`Renderer::record`]
    /// writes for a record with these values).
    pub fn provenance<S: AsRef<str>>(
        &self,
        field: Field,
        by: Option<ReproducedBy>,
        shared_with: &[S],
        out: &mut Vec<u8>,
    ) {
        match self.format {
            OutputFormat::Jsonl => match field {
                Field::Reproduced => out.extend_from_slice(bool_str(by.is_some()).as_bytes()),
                Field::ReproducedBy => json_opt_str(out, by.map(|b| b.as_str())),
                Field::SharedWith => {
                    out.push(b'[');
                    for (i, id) in shared_with.iter().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        json_str(out, id.as_ref());
                    }
                    out.push(b']');
                }
                _ => unreachable!("{field:?} is not a provenance field"),
            },
            OutputFormat::Csv => {
                let start = out.len();
                match field {
                    Field::Reproduced => out.extend_from_slice(bool_str(by.is_some()).as_bytes()),
                    Field::ReproducedBy => {
                        out.extend_from_slice(by.map_or("", |b| b.as_str()).as_bytes())
                    }
                    Field::SharedWith => {
                        let quote = shared_with
                            .iter()
                            .any(|id| csv_needs_quotes(id.as_ref().as_bytes()));
                        if quote {
                            out.push(b'"');
                        }
                        for (i, id) in shared_with.iter().enumerate() {
                            if i > 0 {
                                out.push(b'|');
                            }
                            csv_escaped(out, id.as_ref().as_bytes(), quote);
                        }
                        if quote {
                            out.push(b'"');
                        }
                    }
                    _ => unreachable!("{field:?} is not a provenance field"),
                }
                // A row of one empty field is written `""` (as the csv crate
                // does), so that it is not read as a blank line.
                if out.len() == start && self.fields.len() == 1 {
                    out.extend_from_slice(b"\"\"");
                }
            }
        }
    }

    fn jsonl(&self, r: &Record, out: &mut Vec<u8>, mut spans: Option<&mut Vec<Span>>) {
        let t = r.tagged;
        let p = t.paragraph;
        let sentiment = t.sentiment.as_ref().zip(r.sentiment_classes);
        out.push(b'{');
        for (i, &f) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(f.name().as_bytes());
            out.extend_from_slice(b"\":");
            let start = out.len();
            match f {
                Field::Doc => json_str(out, r.doc),
                Field::Paragraph => int(out, p.index),
                Field::Start => int(out, p.start),
                Field::End => int(out, p.end),
                Field::Label => {
                    json_opt_str(out, t.stance.as_ref().map(|s| r.classes[s.label].as_str()))
                }
                Field::Scores => match &t.stance {
                    Some(s) => json_scores(out, r.classes, &s.probabilities),
                    None => out.extend_from_slice(b"null"),
                },
                Field::Text => json_str(out, &p.text),
                Field::Reproduced | Field::ReproducedBy | Field::SharedWith => {
                    self.provenance(f, t.reproduced_by, &t.shared_with, out);
                    if let Some(spans) = spans.as_deref_mut() {
                        spans.push(Span {
                            field: f,
                            start,
                            end: out.len(),
                        });
                    }
                }
                Field::Skipped => json_opt_str(out, t.skipped),
                Field::Element => json_opt_str(out, p.element.as_deref()),
                Field::Sentiment => json_opt_str(out, sentiment.map(|(s, c)| c[s.label].as_str())),
                Field::SentimentScores => match sentiment {
                    Some((s, c)) => json_scores(out, c, &s.probabilities),
                    None => out.extend_from_slice(b"null"),
                },
                Field::Comment => out.extend_from_slice(bool_str(p.comment).as_bytes()),
                Field::Title
                | Field::Author
                | Field::Published
                | Field::Site
                | Field::Url
                | Field::Language => json_opt_str(out, f.meta(r.meta)),
            }
        }
        out.extend_from_slice(b"}\n");
    }

    fn csv(&self, r: &Record, out: &mut Vec<u8>, mut spans: Option<&mut Vec<Span>>) {
        let t = r.tagged;
        let p = t.paragraph;
        let sentiment = t.sentiment.as_ref().zip(r.sentiment_classes);
        let row = out.len();
        let mut first = true;
        for &f in &self.fields {
            match f {
                Field::Scores => match &t.stance {
                    Some(s) => {
                        for &v in &s.probabilities {
                            csv_sep(out, &mut first);
                            display_f64(out, v);
                        }
                    }
                    None => {
                        for _ in r.classes {
                            csv_sep(out, &mut first);
                        }
                    }
                },
                Field::SentimentScores => match sentiment {
                    Some((s, _)) => {
                        for &v in &s.probabilities {
                            csv_sep(out, &mut first);
                            display_f64(out, v);
                        }
                    }
                    None => {
                        for _ in SENTIMENT_COLUMNS {
                            csv_sep(out, &mut first);
                        }
                    }
                },
                f => {
                    csv_sep(out, &mut first);
                    let start = out.len();
                    match f {
                        Field::Doc => csv_cell(out, r.doc.as_bytes()),
                        Field::Paragraph => int(out, p.index),
                        Field::Start => int(out, p.start),
                        Field::End => int(out, p.end),
                        Field::Label => {
                            if let Some(s) = &t.stance {
                                csv_cell(out, r.classes[s.label].as_bytes());
                            }
                        }
                        Field::Text => csv_cell(out, p.text.as_bytes()),
                        Field::Reproduced | Field::ReproducedBy | Field::SharedWith => {
                            self.provenance(f, t.reproduced_by, &t.shared_with, out);
                            if let Some(spans) = spans.as_deref_mut() {
                                spans.push(Span {
                                    field: f,
                                    start,
                                    end: out.len(),
                                });
                            }
                        }
                        Field::Skipped => csv_cell(out, t.skipped.unwrap_or("").as_bytes()),
                        Field::Element => {
                            csv_cell(out, p.element.as_deref().unwrap_or("").as_bytes())
                        }
                        Field::Sentiment => {
                            if let Some((s, c)) = sentiment {
                                csv_cell(out, c[s.label].as_bytes());
                            }
                        }
                        Field::Comment => out.extend_from_slice(bool_str(p.comment).as_bytes()),
                        Field::Title
                        | Field::Author
                        | Field::Published
                        | Field::Site
                        | Field::Url
                        | Field::Language => csv_cell(out, f.meta(r.meta).unwrap_or("").as_bytes()),
                        Field::Scores | Field::SentimentScores => unreachable!(),
                    }
                }
            }
        }
        csv_end(out, row);
    }
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

fn int(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// A float as serde_json writes it: shortest round-trip digits, `null`
/// when not finite.
fn json_f64(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(v).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// A float as `f64`'s `Display` writes it (what the CSV output has always
/// had: shortest round-trip digits, never an exponent).
fn display_f64(out: &mut Vec<u8>, v: f64) {
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{v}");
}

fn json_scores(out: &mut Vec<u8>, classes: &[String], values: &[f64]) {
    out.push(b'{');
    for (i, (k, &v)) in classes.iter().zip(values).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(out, k);
        out.push(b':');
        json_f64(out, v);
    }
    out.push(b'}');
}

fn json_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => json_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string, escaped as serde_json escapes it: `"` and `\`, the
/// short escapes for \b \t \n \f \r, `\u00XX` (lowercase hex) for other
/// control characters; everything else (including non-ASCII) as is.
fn json_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[run..i]);
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xf) as usize]);
        } else {
            out.extend_from_slice(escape);
        }
        run = i + 1;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

fn csv_sep(out: &mut Vec<u8>, first: &mut bool) {
    if !*first {
        out.push(b',');
    }
    *first = false;
}

/// Whether the csv crate (quote style "necessary") quotes this field.
fn csv_needs_quotes(field: &[u8]) -> bool {
    field
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// `field` with its quotes doubled when `quoted` (the caller writes the
/// surrounding quotes).
fn csv_escaped(out: &mut Vec<u8>, field: &[u8], quoted: bool) {
    if !quoted {
        out.extend_from_slice(field);
        return;
    }
    for part in field.split_inclusive(|&b| b == b'"') {
        out.extend_from_slice(part);
        if part.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
}

/// One CSV field, quoted only when it must be.
fn csv_cell(out: &mut Vec<u8>, field: &[u8]) {
    let quote = csv_needs_quotes(field);
    if quote {
        out.push(b'"');
    }
    csv_escaped(out, field, quote);
    if quote {
        out.push(b'"');
    }
}

/// Ends the CSV row begun at `row`: a row with nothing in it is written
/// `""`, as the csv crate writes a record of one empty field.
fn csv_end(out: &mut Vec<u8>, row: usize) {
    if out.len() == row {
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Paragraph;
    use crate::model::Scores;
    use crate::structure::ReproducedBy;

    fn sample() -> (Paragraph, Vec<String>) {
        (
            Paragraph::new(3, 10, 22, "Hi, \"there\".".into()),
            vec!["fact".into(), "quotation".into(), "opinion".into()],
        )
    }

    fn tagged(p: &Paragraph) -> Tagged<'_> {
        Tagged {
            paragraph: p,
            stance: Some(Scores {
                probabilities: vec![0.25, 0.5, 0.25],
                label: 1,
            }),
            sentiment: Some(Scores {
                probabilities: vec![0.5, 0.25, 0.25],
                label: 0,
            }),
            skipped: None,
            reproduced_by: Some(ReproducedBy::Shared),
            shared_with: vec!["a".into(), "b".into()],
        }
    }

    #[test]
    fn jsonl_fields_in_order() {
        let (p, classes) = sample();
        let meta = PageMeta {
            site: Some("North Side Notes".into()),
            ..PageMeta::default()
        };
        let t = tagged(&p);
        let skipped = Tagged {
            stance: None,
            skipped: Some("headline"),
            reproduced_by: None,
            shared_with: vec![],
            ..t.clone()
        };
        let mut w = RecordWriter::new(OutputFormat::Jsonl, Vec::new());
        w.write(&Record {
            doc: "d",
            tagged: &t,
            classes: &classes,
            sentiment_classes: None,
            meta: &meta,
        })
        .unwrap();
        w.write(&Record {
            doc: "d",
            tagged: &skipped,
            classes: &classes,
            sentiment_classes: None,
            meta: &meta,
        })
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "{\"doc\":\"d\",\"paragraph\":3,\"start\":10,\"end\":22,\"label\":\"quotation\",\"scores\":{\"fact\":0.25,\"quotation\":0.5,\"opinion\":0.25},\"text\":\"Hi, \\\"there\\\".\",\"reproduced\":true,\"reproduced_by\":\"shared\",\"shared_with\":[\"a\",\"b\"],\"skipped\":null,\"element\":null,\"sentiment\":null,\"sentiment_scores\":null,\"comment\":false,\"title\":null,\"author\":null,\"published\":null,\"site\":\"North Side Notes\",\"url\":null,\"language\":null}"
        );
        assert!(lines[1].contains("\"label\":null,\"scores\":null,") && lines[1].contains("\"reproduced\":false,\"reproduced_by\":null,\"shared_with\":[],\"skipped\":\"headline\""), "{}", lines[1]);
    }

    #[test]
    fn csv_flattens_scores() {
        let (mut p, classes) = sample();
        p.comment = true;
        let meta = PageMeta {
            title: Some("Depot, closed".into()),
            language: Some("en".into()),
            ..PageMeta::default()
        };
        let t = tagged(&p);
        let skipped = Tagged {
            stance: None,
            sentiment: None,
            skipped: Some("byline"),
            reproduced_by: None,
            shared_with: vec![],
            ..t.clone()
        };
        let sent: Vec<String> = ["negative", "neutral", "positive"]
            .map(String::from)
            .to_vec();
        let mut w = RecordWriter::new(OutputFormat::Csv, Vec::new());
        w.write(&Record {
            doc: "d",
            tagged: &t,
            classes: &classes,
            sentiment_classes: Some(&sent),
            meta: &meta,
        })
        .unwrap();
        w.write(&Record {
            doc: "d",
            tagged: &skipped,
            classes: &classes,
            sentiment_classes: Some(&sent),
            meta: &meta,
        })
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "doc,paragraph,start,end,label,p_fact,p_quotation,p_opinion,text,reproduced,reproduced_by,shared_with,skipped,element,sentiment,p_negative,p_neutral,p_positive,comment,title,author,published,site,url,language");
        assert_eq!(
            lines[1],
            "d,3,10,22,quotation,0.25,0.5,0.25,\"Hi, \"\"there\"\".\",true,shared,a|b,,,negative,0.5,0.25,0.25,true,\"Depot, closed\",,,,,en"
        );
        assert_eq!(
            lines[2],
            "d,3,10,22,,,,,\"Hi, \"\"there\"\".\",false,,,byline,,,,,,true,\"Depot, closed\",,,,,en"
        );
    }

    /// The CSV row as the writer made it with the csv crate before it was
    /// rendered by hand: the reference the renderer must match.
    fn csv_row_by_csv_crate(r: &Record) -> Vec<u8> {
        let t = r.tagged;
        let p = t.paragraph;
        let mut row = vec![
            r.doc.to_string(),
            p.index.to_string(),
            p.start.to_string(),
            p.end.to_string(),
            t.stance
                .as_ref()
                .map_or(String::new(), |s| r.classes[s.label].clone()),
        ];
        match &t.stance {
            Some(s) => row.extend(s.probabilities.iter().map(|v| v.to_string())),
            None => row.extend(r.classes.iter().map(|_| String::new())),
        }
        row.push(p.text.clone());
        row.push(t.reproduced_by.is_some().to_string());
        row.push(t.reproduced_by.map_or("", |b| b.as_str()).to_string());
        row.push(t.shared_with.join("|"));
        row.push(t.skipped.unwrap_or("").to_string());
        row.push(p.element.clone().unwrap_or_default());
        match t.sentiment.as_ref().zip(r.sentiment_classes) {
            Some((s, c)) => {
                row.push(c[s.label].clone());
                row.extend(s.probabilities.iter().map(|v| v.to_string()));
            }
            None => row.extend(std::iter::repeat_n(String::new(), 4)),
        }
        row.push(p.comment.to_string());
        for f in &Field::ALL[15..] {
            row.push(f.meta(r.meta).unwrap_or("").to_string());
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&row).unwrap();
        w.into_inner().unwrap()
    }

    fn arbitrary_text() -> impl Strategy<Value = String> {
        // ASCII with every control character and CSV/JSON special, plus
        // non-ASCII letters and quotes.
        proptest::collection::vec(
            prop_oneof![
                0u8..0x80u8,
                Just(b','),
                Just(b'"'),
                Just(b'\\'),
                Just(b'\n'),
            ]
            .prop_map(|b| b as char)
            .boxed()
            .prop_union(prop_oneof![Just('é'), Just('“'), Just('”'), Just('\u{2028}')].boxed()),
            0..40,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    fn arbitrary_float() -> impl Strategy<Value = f64> {
        prop_oneof![
            0.0f64..1.0,
            proptest::num::f64::ANY,
            Just(1e-7),
            Just(1.0),
            Just(0.0),
            Just(f64::NAN),
            Just(5e-324),
        ]
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn renderer_writes_what_serde_json_and_the_csv_crate_write(
            doc in arbitrary_text(),
            text in arbitrary_text(),
            element in proptest::option::of(arbitrary_text()),
            title in proptest::option::of(arbitrary_text()),
            shared in proptest::collection::vec(arbitrary_text(), 0..3),
            probs in proptest::collection::vec(arbitrary_float(), 3),
            sprobs in proptest::collection::vec(arbitrary_float(), 3),
            skipped in any::<bool>(),
            index in any::<usize>(),
            by in 0usize..6,
        ) {
            let classes: Vec<String> = ["fact", "quo\"te", "opinion"].map(String::from).to_vec();
            let sent: Vec<String> = ["negative", "neutral", "positive"].map(String::from).to_vec();
            let element_copy = element.clone();
            let mut p = Paragraph::new(index, index / 2, index / 3, text);
            p.element = element;
            p.comment = index % 2 == 0;
            let meta = PageMeta { title: title.clone(), site: element_copy.clone(), ..PageMeta::default() };
            let t = Tagged {
                paragraph: &p,
                stance: (!skipped).then(|| Scores { probabilities: probs.clone(), label: index % 3 }),
                sentiment: (!skipped).then(|| Scores { probabilities: sprobs.clone(), label: 2 }),
                skipped: skipped.then_some("byline"),
                reproduced_by: [None, Some(ReproducedBy::Blockquote), Some(ReproducedBy::LeadIn), Some(ReproducedBy::Reference), Some(ReproducedBy::Shared), Some(ReproducedBy::Embed)][by],
                shared_with: shared,
            };
            for sentiment_classes in [None, Some(&sent[..])] {
                let r = Record { doc: &doc, tagged: &t, classes: &classes, sentiment_classes, meta: &meta };
                let mut want = serde_json::to_vec(&r).unwrap();
                want.push(b'\n');
                let mut got = Vec::new();
                Renderer::new(OutputFormat::Jsonl, Field::ALL.to_vec()).record(&r, &mut got, None);
                prop_assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(want).unwrap());
                let mut got = Vec::new();
                Renderer::new(OutputFormat::Csv, Field::ALL.to_vec()).record(&r, &mut got, None);
                prop_assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(csv_row_by_csv_crate(&r)).unwrap());
            }
        }
    }

    #[test]
    fn provenance_spans_can_be_rendered_again() {
        let (p, classes) = sample();
        let t = Tagged {
            reproduced_by: None,
            shared_with: vec![],
            ..tagged(&p)
        };
        let shared = Tagged {
            shared_with: vec!["x,\"y\"".into(), "z".into()],
            reproduced_by: Some(ReproducedBy::Shared),
            ..t.clone()
        };
        for format in [OutputFormat::Jsonl, OutputFormat::Csv] {
            for fields in [
                Field::ALL.to_vec(),
                vec![Field::SharedWith],
                vec![
                    Field::Doc,
                    Field::SharedWith,
                    Field::Text,
                    Field::Reproduced,
                ],
            ] {
                let r = Renderer::new(format, fields);
                let record = |t| Record {
                    doc: "d",
                    tagged: t,
                    classes: &classes,
                    sentiment_classes: None,
                    meta: &PageMeta::EMPTY,
                };
                let mut before = Vec::new();
                let mut spans = Vec::new();
                r.record(&record(&t), &mut before, Some(&mut spans));
                let mut patched = Vec::new();
                let mut at = 0;
                for s in &spans {
                    patched.extend_from_slice(&before[at..s.start]);
                    r.provenance(
                        s.field,
                        shared.reproduced_by,
                        &shared.shared_with,
                        &mut patched,
                    );
                    at = s.end;
                }
                patched.extend_from_slice(&before[at..]);
                let mut want = Vec::new();
                r.record(&record(&shared), &mut want, None);
                assert_eq!(
                    String::from_utf8(patched).unwrap(),
                    String::from_utf8(want).unwrap()
                );
            }
        }
    }

    #[test]
    fn chosen_fields_and_their_errors() {
        let (p, classes) = sample();
        let t = tagged(&p);
        let fields = Field::parse_list("label,doc,scores").unwrap();
        let mut w = RecordWriter::with_fields(OutputFormat::Csv, fields.clone(), Vec::new());
        let r = Record {
            doc: "d",
            tagged: &t,
            classes: &classes,
            sentiment_classes: None,
            meta: &PageMeta::EMPTY,
        };
        w.write(&r).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            "label,doc,p_fact,p_quotation,p_opinion\nquotation,d,0.25,0.5,0.25\n"
        );
        let mut w = RecordWriter::with_fields(OutputFormat::Jsonl, fields, Vec::new());
        w.write(&r).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out, "{\"label\":\"quotation\",\"doc\":\"d\",\"scores\":{\"fact\":0.25,\"quotation\":0.5,\"opinion\":0.25}}\n");
        let e = Field::parse_list("doc,txt").unwrap_err();
        assert!(
            e.contains("unknown field `txt`") && e.contains("text, reproduced"),
            "{e}"
        );
        assert!(Field::parse_list("doc,doc").unwrap_err().contains("twice"));
        // One empty CSV field is written "" so that the row is not blank.
        let mut w = RecordWriter::with_fields(OutputFormat::Csv, vec![Field::Element], Vec::new());
        w.write(&r).unwrap();
        assert_eq!(
            String::from_utf8(w.finish().unwrap()).unwrap(),
            "element\n\"\"\n"
        );
    }
}
