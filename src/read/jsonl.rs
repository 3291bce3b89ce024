//! JSONL documents: one JSON object per line, either
//! `{"id": "...", "text": "..."}` (segmented like plain text) or
//! `{"id": "...", "paragraphs": ["...", ...]}` (kept exactly as given).
//!
//! For `paragraphs` records the document text is the paragraphs joined by a
//! blank line (`"\n\n"`), and spans point into that text. A record without
//! an `id` gets `<file>:<line>`; `id` may also be a number.

use super::split::split_text;
use super::{emit, Event, Flow, FlowSink, ReadOptions, CONTINUE};
use crate::doc::Document;
use crate::error::{Error, Result};
use serde_json::Value;

/// Reads JSONL line by line from `reader`, so memory holds one line at a
/// time however large the file.
pub fn read(
    name: &str,
    mut reader: impl std::io::BufRead,
    options: &ReadOptions,
    sink: &mut FlowSink,
) -> Result<Flow> {
    let mut offset = 0usize;
    let mut buf = Vec::new();
    let mut records = 0usize;
    for i in 0.. {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(name, e))?;
        if n == 0 {
            break;
        }
        let raw = buf.as_slice();
        let line_no = i + 1;
        let line_offset = offset;
        offset += raw.len();
        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let raw = if i == 0 {
            raw.strip_prefix(b"\xef\xbb\xbf").unwrap_or(raw)
        } else {
            raw
        };
        if raw.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        records += 1;
        let line = match std::str::from_utf8(raw) {
            Ok(l) => std::borrow::Cow::Borrowed(l),
            Err(e) => {
                let at = line_offset + e.valid_up_to();
                if options.strict_utf8 {
                    emit!(
                        sink,
                        Event::Bad(Error::parse(
                            name,
                            line_no,
                            format!(
                                "invalid UTF-8 at byte offset {at} (refused because of --strict)"
                            ),
                        ))
                    );
                    continue;
                }
                emit!(sink, Event::Warning {
                    message: format!("{name}:{line_no}: invalid UTF-8 at byte offset {at}; undecodable bytes replaced with U+FFFD"),
                    skipped: false,
                });
                String::from_utf8_lossy(raw)
            }
        };
        match parse_record(name, line_no, &line) {
            Ok(mut doc) => {
                if !options.defer_language {
                    crate::language::fill(&mut doc);
                }
                emit!(sink, Event::Doc(doc))
            }
            Err(e) => emit!(sink, Event::Bad(e)),
        }
    }
    if records == 0 {
        // As an empty text file gets a warning for its empty document: no
        // input passes without a word.
        return sink(Event::Warning {
            message: format!("{name}: no records (an empty JSONL file); nothing labelled"),
            skipped: true,
        });
    }
    Ok(CONTINUE)
}

fn parse_record(name: &str, line_no: usize, line: &str) -> Result<Document> {
    let bad = |m: String| Error::parse(name, line_no, m);
    let value: Value =
        serde_json::from_str(line).map_err(|e| bad(format!("malformed JSON: {e}")))?;
    let Value::Object(map) = value else {
        return Err(bad(
            "expected a JSON object with \"text\" or \"paragraphs\"".into(),
        ));
    };
    let id = match map.get("id") {
        None | Some(Value::Null) => format!("{name}:{line_no}"),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(bad(format!(
                "\"id\" must be a string or a number, found {other}"
            )))
        }
    };
    let targets = match map.get("targets") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => crate::doc::TargetSpec::parse(s),
                other => Err(format!("\"targets\" item {other} is not a string")),
            })
            .collect::<std::result::Result<Vec<_>, String>>()
            .map_err(bad)?,
        Some(_) => {
            return Err(bad(
                "\"targets\" must be an array of names (\"NAME\" or \"NAME=alias|alias\")".into(),
            ))
        }
    };
    let document = match (map.get("text"), map.get("paragraphs")) {
        (Some(_), Some(_)) => Err(bad(
            "record has both \"text\" and \"paragraphs\"; give one of them".into(),
        )),
        (None, None) => Err(bad("record has neither \"text\" nor \"paragraphs\"".into())),
        (Some(Value::String(text)), None) => {
            let paragraphs = split_text(text);
            Ok(Document {
                id,
                text: text.clone(),
                paragraphs,
                meta: Default::default(),
                targets: Vec::new(),
            })
        }
        (Some(_), None) => Err(bad("\"text\" must be a string".into())),
        (None, Some(Value::Array(items))) => {
            let mut texts = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                let Value::String(p) = item else {
                    return Err(bad(format!("\"paragraphs\" item {index} is not a string")));
                };
                texts.push(p.as_str());
            }
            Ok(Document::from_paragraphs(id, texts))
        }
        (None, Some(_)) => Err(bad("\"paragraphs\" must be an array of strings".into())),
    };
    document.map(|d| Document { targets, ..d })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> Vec<std::result::Result<Document, String>> {
        let mut out = Vec::new();
        let flow = read("in.jsonl", bytes, &ReadOptions::default(), &mut |e| {
            match e {
                Event::Doc(d) => out.push(Ok(d)),
                Event::Bad(e) => out.push(Err(e.to_string())),
                Event::Warning { message, .. } => out.push(Err(message)),
            }
            Ok(CONTINUE)
        })
        .unwrap();
        assert_eq!(flow, CONTINUE);
        out
    }

    #[test]
    fn an_empty_file_is_said_to_be_empty() {
        for bytes in [&b""[..], b"\n  \n\r\n"] {
            assert_eq!(
                run(bytes),
                [Err(
                    "in.jsonl: no records (an empty JSONL file); nothing labelled".into()
                )]
            );
        }
        assert_eq!(run(b"{\"text\": \"One.\"}\n").len(), 1);
    }

    #[test]
    fn a_sink_that_says_stop_stops_the_reading() {
        let bytes =
            b"{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\", \"text\": \"Two.\"}\nnot json\n";
        let mut seen = Vec::new();
        let flow = read("in.jsonl", &bytes[..], &ReadOptions::default(), &mut |e| {
            if let Event::Doc(d) = e {
                seen.push(d.id);
            }
            Ok(Flow::Break(()))
        })
        .unwrap();
        assert_eq!(flow, Flow::Break(()));
        assert_eq!(seen, ["a"], "nothing is read after the sink said stop");
    }

    #[test]
    fn text_records_are_segmented() {
        let out = run(b"{\"id\": \"a\", \"text\": \"One.\\n\\nTwo.\"}\n");
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.id, "a");
        assert_eq!(d.paragraphs.len(), 2);
        assert_eq!(&d.text[d.paragraphs[1].start..d.paragraphs[1].end], "Two.");
    }

    #[test]
    fn paragraph_records_are_kept_exactly() {
        let out = run("{\"id\": 7, \"paragraphs\": [\"  A b. \", \"\", \"C\\nd\"]}\n".as_bytes());
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.id, "7");
        let texts: Vec<&str> = d.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["  A b. ", "", "C\nd"]);
        for p in &d.paragraphs {
            assert_eq!(&d.text[p.start..p.end], p.text);
        }
    }

    #[test]
    fn bad_lines_are_reported_with_their_line_and_reading_goes_on() {
        let out = run(b"{\"text\": \"ok\"}\nnot json\n\n{\"text\": \"x\", \"paragraphs\": []}\n{\"id\": \"z\"}\n[1]\n{\"text\": \"last\"}");
        assert_eq!(out.len(), 6);
        assert_eq!(out[0].as_ref().unwrap().id, "in.jsonl:1");
        assert!(out[1]
            .as_ref()
            .unwrap_err()
            .starts_with("in.jsonl:2: malformed JSON"));
        assert!(out[2]
            .as_ref()
            .unwrap_err()
            .starts_with("in.jsonl:4: record has both"));
        assert!(out[3]
            .as_ref()
            .unwrap_err()
            .starts_with("in.jsonl:5: record has neither"));
        assert!(out[4]
            .as_ref()
            .unwrap_err()
            .starts_with("in.jsonl:6: expected a JSON object"));
        assert_eq!(out[5].as_ref().unwrap().paragraphs[0].text, "last");
    }

    #[test]
    fn invalid_utf8_in_a_line_is_replaced_with_a_warning() {
        let out = run(b"{\"text\": \"caf\xe9\"}\n");
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .starts_with("in.jsonl:1: invalid UTF-8 at byte offset 13"));
        assert_eq!(out[1].as_ref().unwrap().paragraphs[0].text, "caf\u{fffd}");
    }
}
