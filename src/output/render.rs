//! [`Renderer`]: records of one format and field list into byte buffers.

use super::csv_cells::{
    csv_cell, csv_end, csv_escaped, csv_needs_quotes, csv_scores, csv_sep, display_f64,
};
use super::json::{bool_str, int, json_f64, json_opt_scores, json_opt_str, json_str};
use super::{Field, OutputFormat, Record};
use crate::provenance::ReproducedBy;
use crate::structure::boilerplate::SkipReason;
use crate::tag::Tagged;
use crate::target::tone::TargetTone;

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

/// `targets` as JSON: a list of `{"target", "mentions", "sentiment",
/// "sentiment_scores"}`, or null.
fn json_targets(out: &mut Vec<u8>, targets: Option<&[TargetTone]>) {
    let Some(targets) = targets else {
        out.extend_from_slice(b"null");
        return;
    };
    out.push(b'[');
    for (i, t) in targets.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"target\":");
        json_str(out, &t.target);
        out.extend_from_slice(b",\"mentions\":");
        int(out, t.mentions);
        out.extend_from_slice(b",\"sentiment\":");
        json_str(out, SENTIMENT_COLUMNS[t.label]);
        out.extend_from_slice(b",\"sentiment_scores\":");
        let classes = SENTIMENT_COLUMNS.map(String::from);
        json_opt_scores(out, Some((&classes[..], &t.probabilities[..])));
        out.push(b'}');
    }
    out.push(b']');
}

/// Renders records of one format and field list into byte buffers.
#[derive(Debug, Clone)]
pub struct Renderer {
    format: OutputFormat,
    fields: Vec<Field>,
    /// `fields` is every field ([`Field::ALL`]): a record with targets then
    /// gets its `targets` field too.
    every: bool,
    /// The model's genre head, for the `genre` fields.
    genre: Option<std::sync::Arc<crate::model::genre::GenreHead>>,
}

impl Renderer {
    /// A renderer of `fields` (in this order) in `format`.
    pub fn new(format: OutputFormat, fields: Vec<Field>) -> Self {
        let every = fields[..] == Field::ALL[..];
        Renderer {
            format,
            fields,
            every,
            genre: None,
        }
    }

    /// The renderer with the model's genre head (`None`: the fixed rule
    /// estimates undeclared genres).
    pub fn with_genre(mut self, head: Option<crate::model::genre::GenreHead>) -> Self {
        self.genre = head.map(std::sync::Arc::new);
        self
    }

    /// The genre head the `genre` fields use.
    pub fn genre_head(&self) -> Option<&crate::model::genre::GenreHead> {
        self.genre.as_deref()
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
            let columns: Vec<&str> = match f {
                Field::Scores => classes.iter().map(String::as_str).collect(),
                Field::SentimentScores => SENTIMENT_COLUMNS.to_vec(),
                f => {
                    csv_sep(out, &mut first);
                    csv_cell(out, f.name().as_bytes());
                    continue;
                }
            };
            for c in columns {
                csv_sep(out, &mut first);
                csv_cell(out, format!("p_{c}").as_bytes());
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

    /// The provenance `field` of `t`, begun at `start` in `out`, and where
    /// it went when `spans` is asked for.
    fn provenance_at(
        &self,
        field: Field,
        t: &Tagged,
        out: &mut Vec<u8>,
        start: usize,
        spans: Option<&mut Vec<Span>>,
    ) {
        self.provenance(field, t.reproduced_by, &t.shared_with, out);
        if let Some(spans) = spans {
            spans.push(Span {
                field,
                start,
                end: out.len(),
            });
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
                Field::Scores => json_opt_scores(
                    out,
                    t.stance.as_ref().map(|s| (r.classes, &s.probabilities[..])),
                ),
                Field::Text => json_str(out, &p.text),
                Field::Reproduced | Field::ReproducedBy | Field::SharedWith => {
                    self.provenance_at(f, t, out, start, spans.as_deref_mut())
                }
                Field::Skipped => json_opt_str(out, t.skipped.map(SkipReason::as_str)),
                Field::Element => json_opt_str(out, p.element.as_deref()),
                Field::Sentiment => json_opt_str(out, sentiment.map(|(s, c)| c[s.label].as_str())),
                Field::SentimentScores => {
                    json_opt_scores(out, sentiment.map(|(s, c)| (c, &s.probabilities[..])))
                }
                Field::Comment => out.extend_from_slice(bool_str(p.comment).as_bytes()),
                Field::Title
                | Field::Author
                | Field::Published
                | Field::Site
                | Field::Url
                | Field::Language => json_opt_str(out, f.meta(r.meta)),
                Field::Genre => json_opt_str(out, r.genre.map(|g| g.genre.name())),
                Field::GenreScore => match r.genre {
                    Some(g) => json_f64(out, g.score),
                    None => out.extend_from_slice(b"null"),
                },
                Field::Targets => json_targets(out, t.targets.as_deref()),
            }
        }
        // Every field by default: a document's own targets (a JSONL
        // `targets` key) add the field to its records only.
        if self.every && t.targets.is_some() {
            out.extend_from_slice(b",\"targets\":");
            json_targets(out, t.targets.as_deref());
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
                Field::Scores => csv_scores(
                    out,
                    &mut first,
                    t.stance.as_ref().map(|s| &s.probabilities[..]),
                    r.classes.len(),
                ),
                Field::SentimentScores => csv_scores(
                    out,
                    &mut first,
                    sentiment.map(|(s, _)| &s.probabilities[..]),
                    SENTIMENT_COLUMNS.len(),
                ),
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
                            self.provenance_at(f, t, out, start, spans.as_deref_mut())
                        }
                        Field::Skipped => {
                            csv_cell(out, t.skipped.map_or("", SkipReason::as_str).as_bytes())
                        }
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
                        Field::Genre => {
                            if let Some(g) = r.genre {
                                csv_cell(out, g.genre.name().as_bytes());
                            }
                        }
                        Field::GenreScore => {
                            if let Some(g) = r.genre {
                                display_f64(out, g.score);
                            }
                        }
                        Field::Targets => {
                            let cell: Vec<String> = t
                                .targets
                                .iter()
                                .flatten()
                                .map(|x| format!("{}:{}", x.target, SENTIMENT_COLUMNS[x.label]))
                                .collect();
                            csv_cell(out, cell.join("|").as_bytes())
                        }
                        Field::Scores | Field::SentimentScores => unreachable!(),
                    }
                }
            }
        }
        csv_end(out, row);
    }
}
