//! Documents handed over from Python → [`Document`]s, read by the core
//! library's own readers so they segment exactly as `stance tag` does.
//!
//! The Python side normalises every input to `(kind, id, payload)`:
//! `kind` is `"jsonl"` (payload: one JSONL record, `{"id", "text"}` or
//! `{"id", "paragraphs"}`, as a file line would hold it) or `"html"`
//! (payload: the page; `id` names it).

use stance::read::{self, Event, Format, ReadOptions};
use stance::Document;

/// One document as Python hands it over.
pub type Item = (String, String, String);

/// The name JSONL records are read under (only seen in error messages:
/// the Python side always gives an id).
const NAME: &str = "<python>";

/// Reads `items` into documents, in order. Warnings (e.g. a page that is
/// binary) are returned for Python to raise as `warnings.warn`; an item that
/// cannot be read is an error naming its position.
pub fn documents(items: &[Item]) -> Result<(Vec<Document>, Vec<String>), String> {
    let mut docs = Vec::with_capacity(items.len());
    let mut warnings = Vec::new();
    let options = ReadOptions::default();
    for (i, (kind, id, payload)) in items.iter().enumerate() {
        let (name, format) = match kind.as_str() {
            "jsonl" => (NAME, Format::Jsonl),
            "html" => (id.as_str(), Format::Html),
            other => return Err(format!("document {i}: unknown kind {other:?}")),
        };
        let mut got = 0usize;
        let mut sink = |event: Event| {
            match event {
                Event::Doc(doc) => {
                    got += 1;
                    docs.push(doc);
                }
                Event::Warning { message, .. } => warnings.push(format!("document {i}: {message}")),
                Event::Bad(e) => return Err(e),
            }
            Ok(())
        };
        read::read_bytes(name, payload.as_bytes(), Some(format), &options, &mut sink)
            .map_err(|e| format!("document {i} ({id:?}): {e}"))?;
        if got != 1 {
            warnings.push(format!(
                "document {i} ({id:?}) gave {got} documents; expected one"
            ));
        }
    }
    Ok((docs, warnings))
}

/// Reads files and directories as `stance tag PATH...` does (directories
/// walked in sorted order, format by extension). Warnings are returned; a
/// malformed record is an error, as in the CLI without `--skip-bad`.
pub fn read_paths(paths: &[String]) -> Result<(Vec<Document>, Vec<String>), String> {
    let options = ReadOptions::default();
    let expanded = read::expand_counting(paths, &options).map_err(|e| e.to_string())?;
    let mut docs = Vec::new();
    let mut warnings: Vec<String> = expanded.unread_note().into_iter().collect();
    for input in &expanded.inputs {
        if input.path.is_none() {
            return Err("reading stdin (-) is for the CLI; pass file paths".into());
        }
        read::read_input(input, &options, &mut |event| {
            match event {
                Event::Doc(doc) => docs.push(doc),
                Event::Warning { message, .. } => warnings.push(message),
                Event::Bad(e) => return Err(e),
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    }
    Ok((docs, warnings))
}
