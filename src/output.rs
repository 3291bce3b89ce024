//! Per-paragraph records → JSONL or CSV.
//!
//! Field order is fixed: `doc`, `paragraph`, `start`, `end`, `label`,
//! `scores` (one probability per class, in class order), `text`. CSV
//! flattens `scores` to `p_<class>` columns.

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
        let p = self.tagged.paragraph;
        let scores = &self.tagged.stance;
        let mut st = s.serialize_struct("Record", 7)?;
        st.serialize_field("doc", self.doc)?;
        st.serialize_field("paragraph", &p.index)?;
        st.serialize_field("start", &p.start)?;
        st.serialize_field("end", &p.end)?;
        st.serialize_field("label", &self.classes[scores.label])?;
        st.serialize_field("scores", &ScoreMap(self.classes, &scores.probabilities))?;
        st.serialize_field("text", &p.text)?;
        st.end()
    }
}

/// Writes records in one format.
pub enum RecordWriter<W: Write> {
    /// JSON Lines.
    Jsonl(W),
    /// CSV; the header is written before the first record.
    Csv {
        writer: Box<csv::Writer<W>>,
        header: bool,
    },
}

impl<W: Write> RecordWriter<W> {
    /// A writer of `format` over `w`.
    pub fn new(format: OutputFormat, w: W) -> Self {
        match format {
            OutputFormat::Jsonl => RecordWriter::Jsonl(w),
            OutputFormat::Csv => RecordWriter::Csv {
                writer: Box::new(csv::Writer::from_writer(w)),
                header: false,
            },
        }
    }

    /// Writes one record.
    pub fn write(&mut self, r: &Record) -> io::Result<()> {
        match self {
            RecordWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, r)?;
                w.write_all(b"\n")
            }
            RecordWriter::Csv { writer, header } => {
                if !*header {
                    let mut cols = vec![
                        "doc".to_string(),
                        "paragraph".into(),
                        "start".into(),
                        "end".into(),
                        "label".into(),
                    ];
                    cols.extend(r.classes.iter().map(|c| format!("p_{c}")));
                    cols.push("text".into());
                    writer.write_record(&cols)?;
                    *header = true;
                }
                let p = r.tagged.paragraph;
                let s = &r.tagged.stance;
                let mut row = vec![
                    r.doc.to_string(),
                    p.index.to_string(),
                    p.start.to_string(),
                    p.end.to_string(),
                    r.classes[s.label].clone(),
                ];
                row.extend(s.probabilities.iter().map(|v| v.to_string()));
                row.push(p.text.clone());
                writer.write_record(&row).map_err(io::Error::from)
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
            RecordWriter::Csv { writer, .. } => writer.into_inner().map_err(|e| e.into_error()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Paragraph;
    use crate::model::Scores;

    fn sample() -> (Paragraph, Vec<String>) {
        (
            Paragraph {
                index: 3,
                start: 10,
                end: 22,
                text: "Hi, \"there\".".into(),
            },
            vec!["fact".into(), "quotation".into(), "opinion".into()],
        )
    }

    #[test]
    fn jsonl_fields_in_order() {
        let (p, classes) = sample();
        let t = Tagged {
            paragraph: &p,
            stance: Scores {
                probabilities: vec![0.25, 0.5, 0.25],
                label: 1,
            },
        };
        let mut w = RecordWriter::new(OutputFormat::Jsonl, Vec::new());
        w.write(&Record {
            doc: "d",
            tagged: &t,
            classes: &classes,
        })
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            "{\"doc\":\"d\",\"paragraph\":3,\"start\":10,\"end\":22,\"label\":\"quotation\",\"scores\":{\"fact\":0.25,\"quotation\":0.5,\"opinion\":0.25},\"text\":\"Hi, \\\"there\\\".\"}\n"
        );
    }

    #[test]
    fn csv_flattens_scores() {
        let (p, classes) = sample();
        let t = Tagged {
            paragraph: &p,
            stance: Scores {
                probabilities: vec![0.25, 0.5, 0.25],
                label: 1,
            },
        };
        let mut w = RecordWriter::new(OutputFormat::Csv, Vec::new());
        w.write(&Record {
            doc: "d",
            tagged: &t,
            classes: &classes,
        })
        .unwrap();
        w.write(&Record {
            doc: "d",
            tagged: &t,
            classes: &classes,
        })
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "doc,paragraph,start,end,label,p_fact,p_quotation,p_opinion,text"
        );
        assert_eq!(
            lines[1],
            "d,3,10,22,quotation,0.25,0.5,0.25,\"Hi, \"\"there\"\".\""
        );
        assert_eq!(lines.len(), 3);
    }
}
