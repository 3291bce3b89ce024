//! Webis-Editorials-16: one JSON file per editorial,
//! `{"paragraphs": [[{"number", "text", "label"}, ...], ...]}`.
//!
//! A paragraph's label is the one covering most of its characters, after
//! mapping segment types (see `../shared/corpora/README.md`):
//! `testimony` → quotation; `anecdote`, `statistics` → fact; `assumption`,
//! `common-ground` → opinion. Paragraphs with no mapped segment (titles,
//! `other`, `no-unit` only) are skipped. Segments split sentences, so the
//! text is rebuilt by joining them in order, without a space before
//! closing punctuation.

use super::{Example, Scheme};
use crate::error::{Error, Result};
use crate::features::Position;
use crate::task::Task;

#[derive(serde::Deserialize)]
struct Editorial {
    paragraphs: Vec<Vec<Segment>>,
}

#[derive(serde::Deserialize)]
struct Segment {
    text: String,
    label: String,
}

/// Stance class of a segment type, or `None` for unmapped types.
fn stance_of(label: &str) -> Option<usize> {
    match label {
        "anecdote" | "statistics" => Some(0),
        "testimony" => Some(1),
        "assumption" | "common-ground" => Some(2),
        _ => None,
    }
}

pub fn read(path: &str, text: &str, task: Task, out: &mut Vec<Example>) -> Result<()> {
    if task != Task::Stance {
        return Err(Error::data(
            path,
            "Webis editorials carry stance labels only",
        ));
    }
    let editorial: Editorial = serde_json::from_str(text).map_err(|e| {
        Error::parse(
            path,
            e.line(),
            format!("not a Webis editorial JSON file: {e}"),
        )
    })?;
    let first = out.len();
    for (i, segments) in editorial.paragraphs.iter().enumerate() {
        let mut chars = [0usize; 3];
        for s in segments {
            if let Some(c) = stance_of(&s.label) {
                chars[c] += s.text.chars().count();
            }
        }
        if chars.iter().all(|&c| c == 0) {
            continue;
        }
        // Ties go to the later class (quotation > opinion > fact precedence
        // is approximated by index order fact < quotation < opinion).
        let label = (0..3).max_by_key(|&c| (chars[c], c)).unwrap_or(0);
        out.push(Example {
            text: join_segments(segments.iter().map(|s| s.text.as_str())),
            label,
            origin: format!("{path}#paragraph{}", i + 1),
            group: path.to_string(),
            scheme: Scheme::Full,
            position: None,
        });
    }
    // Positions among this editorial's labelled paragraphs (titles and
    // unlabelled pieces are not content, as the tagger skips them too).
    let count = out.len() - first;
    for (index, e) in out[first..].iter_mut().enumerate() {
        e.position = Some(Position { index, count });
    }
    Ok(())
}

/// Joins segment texts with single spaces, except before punctuation that
/// attaches to the previous word and after opening brackets or quotes.
pub fn join_segments<'a>(segments: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for seg in segments {
        let seg = seg.trim();
        if seg.is_empty() {
            continue;
        }
        let attaches = seg.starts_with(['.', ',', ';', ':', '!', '?', ')', ']', '%', '”', '’'])
            || seg.starts_with("'s");
        let after_open = out.ends_with(['(', '[', '“', '‘']);
        if !out.is_empty() && !attaches && !after_open {
            out.push(' ');
        }
        out.push_str(seg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_label_by_characters_and_joined_text() {
        let json = r#"{"paragraphs": [
            [{"number": 1, "text": "A title", "label": "title"}],
            [{"number": 2, "text": "Troops left on Monday", "label": "anecdote"},
             {"number": 3, "text": ".", "label": "no-unit"},
             {"number": 4, "text": "This is a grave mistake that will haunt us", "label": "assumption"},
             {"number": 5, "text": ".", "label": "no-unit"}],
            [{"number": 6, "text": "\"We go,\" he said", "label": "testimony"},
             {"number": 7, "text": ",", "label": "no-unit"},
             {"number": 8, "text": "and", "label": "no-unit"},
             {"number": 9, "text": "they went", "label": "anecdote"}]
        ]}"#;
        let mut out = Vec::new();
        read("ed.json", json, Task::Stance, &mut out).unwrap();
        assert_eq!(out.len(), 2, "the title paragraph is skipped");
        assert_eq!(
            out[0].text,
            "Troops left on Monday. This is a grave mistake that will haunt us."
        );
        assert_eq!(out[0].label, 2);
        assert_eq!(out[1].text, "\"We go,\" he said, and they went");
        assert_eq!(out[1].label, 1);
        assert_eq!(out[0].group, "ed.json");
        assert_eq!(out[1].origin, "ed.json#paragraph3");
        // Positions count the labelled paragraphs of this editorial only,
        // even when the output vector already holds other examples.
        let mut more = vec![out[0].clone()];
        read("ed.json", json, Task::Stance, &mut more).unwrap();
        let at = |e: &Example| e.position.map(|p| (p.index, p.count));
        assert_eq!(at(&more[1]), Some((0, 2)));
        assert_eq!(at(&more[2]), Some((1, 2)));
    }

    #[test]
    fn bad_json_is_an_error_with_a_line() {
        let mut out = Vec::new();
        let err = read(
            "ed.json",
            "{\"paragraphs\": [\n[{]]}",
            Task::Stance,
            &mut out,
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("ed.json:2: "), "{err}");
    }
}
