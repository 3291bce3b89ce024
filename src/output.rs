//! Per-paragraph records → JSONL or CSV.
//!
//! Field order is fixed: `doc`, `paragraph`, `start`, `end`, `label`,
//! `scores` (one probability per class, in class order), `text`, then
//! `reproduced`, `reproduced_by`, `shared_with`, `skipped`, `element`,
//! `sentiment`, `sentiment_scores`. `label`, `scores` and the sentiment
//! fields are null for skipped boilerplate (the sentiment fields also when
//! the model has no sentiment head). CSV flattens `scores` to `p_<class>`
//! columns and `sentiment_scores` to `p_negative,p_neutral,p_positive`
//! (empty when null) and joins `shared_with` with `|`.

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

impl Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.tagged;
        let p = t.paragraph;
        let mut st = s.serialize_struct("Record", 14)?;
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
        st.end()
    }
}

/// Renders one CSV row into `scratch` and copies it to `out`.
fn write_row<W: Write>(out: &mut W, scratch: &mut Vec<u8>, row: &[String]) -> io::Result<()> {
    scratch.clear();
    {
        let mut w = csv::Writer::from_writer(&mut *scratch);
        w.write_record(row)?;
        w.flush()?;
    }
    out.write_all(scratch)
}

/// The CSV columns for a stance head with `classes`.
fn csv_header(classes: &[String]) -> Vec<String> {
    let mut cols: Vec<String> = ["doc", "paragraph", "start", "end", "label"]
        .map(String::from)
        .to_vec();
    cols.extend(classes.iter().map(|c| format!("p_{c}")));
    cols.push("text".into());
    cols.extend(
        [
            "reproduced",
            "reproduced_by",
            "shared_with",
            "skipped",
            "element",
            "sentiment",
        ]
        .map(String::from),
    );
    cols.extend(["negative", "neutral", "positive"].map(|c| format!("p_{c}")));
    cols
}

/// Writes records in one format.
pub enum RecordWriter<W: Write> {
    /// JSON Lines.
    Jsonl(W),
    /// CSV; the header is written before the first record.
    Csv {
        out: W,
        header: bool,
        /// Rows are rendered here, then copied to `out`.
        scratch: Vec<u8>,
    },
}

impl<W: Write> RecordWriter<W> {
    /// A writer of `format` over `w`.
    pub fn new(format: OutputFormat, w: W) -> Self {
        match format {
            OutputFormat::Jsonl => RecordWriter::Jsonl(w),
            OutputFormat::Csv => RecordWriter::Csv {
                out: w,
                header: false,
                scratch: Vec::new(),
            },
        }
    }

    /// A writer that continues an output whose CSV header is already
    /// written (used to render records of one document in parallel, then
    /// append them in order with [`RecordWriter::append`]).
    pub fn continuing(format: OutputFormat, w: W) -> Self {
        match Self::new(format, w) {
            RecordWriter::Csv { out, scratch, .. } => RecordWriter::Csv {
                out,
                header: true,
                scratch,
            },
            jsonl => jsonl,
        }
    }

    /// Writes the CSV header now if it is still due (no-op for JSONL).
    pub fn write_header(&mut self, classes: &[String]) -> io::Result<()> {
        if let RecordWriter::Csv {
            out,
            header,
            scratch,
        } = self
        {
            if !*header {
                write_row(out, scratch, &csv_header(classes))?;
                *header = true;
            }
        }
        Ok(())
    }

    /// Appends bytes rendered by a [`RecordWriter::continuing`] writer.
    pub fn append(&mut self, rendered: &[u8]) -> io::Result<()> {
        match self {
            RecordWriter::Jsonl(w) => w.write_all(rendered),
            RecordWriter::Csv { out, .. } => out.write_all(rendered),
        }
    }

    /// Writes one record.
    pub fn write(&mut self, r: &Record) -> io::Result<()> {
        match self {
            RecordWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, r)?;
                w.write_all(b"\n")
            }
            RecordWriter::Csv {
                out,
                header,
                scratch,
            } => {
                if !*header {
                    write_row(out, scratch, &csv_header(r.classes))?;
                    *header = true;
                }
                let t = r.tagged;
                let p = t.paragraph;
                let label = t
                    .stance
                    .as_ref()
                    .map_or(String::new(), |s| r.classes[s.label].clone());
                let mut row = vec![
                    r.doc.to_string(),
                    p.index.to_string(),
                    p.start.to_string(),
                    p.end.to_string(),
                    label,
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
                write_row(out, scratch, &row)
            }
        }
    }

    /// Flushes and returns the inner writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            RecordWriter::Jsonl(mut w) => {
                w.flush()?;
                Ok(w)
            }
            RecordWriter::Csv { mut out, .. } => {
                out.flush()?;
                Ok(out)
            }
        }
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
        })
        .unwrap();
        w.write(&Record {
            doc: "d",
            tagged: &skipped,
            classes: &classes,
            sentiment_classes: None,
        })
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "{\"doc\":\"d\",\"paragraph\":3,\"start\":10,\"end\":22,\"label\":\"quotation\",\"scores\":{\"fact\":0.25,\"quotation\":0.5,\"opinion\":0.25},\"text\":\"Hi, \\\"there\\\".\",\"reproduced\":true,\"reproduced_by\":\"shared\",\"shared_with\":[\"a\",\"b\"],\"skipped\":null,\"element\":null,\"sentiment\":null,\"sentiment_scores\":null}"
        );
        assert!(lines[1].contains("\"label\":null,\"scores\":null,") && lines[1].contains("\"reproduced\":false,\"reproduced_by\":null,\"shared_with\":[],\"skipped\":\"headline\""), "{}", lines[1]);
    }

    #[test]
    fn csv_flattens_scores() {
        let (p, classes) = sample();
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
        })
        .unwrap();
        w.write(&Record {
            doc: "d",
            tagged: &skipped,
            classes: &classes,
            sentiment_classes: Some(&sent),
        })
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "doc,paragraph,start,end,label,p_fact,p_quotation,p_opinion,text,reproduced,reproduced_by,shared_with,skipped,element,sentiment,p_negative,p_neutral,p_positive");
        assert_eq!(
            lines[1],
            "d,3,10,22,quotation,0.25,0.5,0.25,\"Hi, \"\"there\"\".\",true,shared,a|b,,,negative,0.5,0.25,0.25"
        );
        assert_eq!(
            lines[2],
            "d,3,10,22,,,,,\"Hi, \"\"there\"\".\",false,,,byline,,,,,"
        );
    }
}
