//! Readers: input files (or stdin) → [`Document`]s with paragraphs.
//!
//! One module per format. Inputs are named on the command line as files,
//! directories (walked recursively, in sorted order) or `-` for stdin; the
//! format comes from the file extension, or `--input-format`, or for stdin
//! from the first non-blank byte (`{` means JSONL).
//!
//! Readers never panic on bad input: undecodable bytes, binary files and
//! malformed records become [`Event::Warning`] or [`Event::Bad`] so the
//! caller decides whether to stop or go on.

mod builder;
mod decode;
mod html;
mod jsonl;
mod markdown;
mod text;
pub mod warc;

pub use text::document as text_document;

pub use decode::{decode, Decoded};

use crate::doc::Document;
use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text: paragraphs by blank lines or one per long line.
    Text,
    /// One JSON document per line: `{"id", "text"}` or `{"id", "paragraphs"}`.
    Jsonl,
    /// A web page: paragraphs from the HTML elements, page chrome dropped.
    Html,
    /// Markdown (CommonMark).
    Markdown,
    /// A WARC web archive (`.warc`, `.warc.gz`): one document per HTML response.
    Warc,
}

impl Format {
    /// Format of a file by its extension, `None` when it is not one we read
    /// while walking a directory.
    pub fn from_path(path: &Path) -> Option<Format> {
        let lower = path.to_str()?.to_ascii_lowercase();
        if lower.ends_with(".warc") || lower.ends_with(".warc.gz") {
            return Some(Format::Warc);
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// One input to read.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Name used in document ids and messages (the path as found, or `-`).
    pub name: String,
    /// The file, or `None` for stdin.
    pub path: Option<PathBuf>,
    /// Its format, when known before reading (stdin is sniffed).
    pub format: Option<Format>,
}

/// Reading options.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Refuse invalid UTF-8 instead of decoding it lossily with a warning.
    pub strict_utf8: bool,
    /// Force this format for every input.
    pub format: Option<Format>,
}

/// What a reader produces, in input order.
#[derive(Debug)]
pub enum Event {
    /// A document, with its paragraphs.
    Doc(Document),
    /// Something the user should know; the input was still read (or
    /// skipped as a whole when `skipped` is true).
    Warning { message: String, skipped: bool },
    /// A record that could not be read (e.g. a malformed JSONL line).
    Bad(Error),
}

/// Expands command-line paths into inputs: files as given (any extension,
/// read as text unless known), directories walked recursively for the
/// extensions we read, `-` for stdin.
pub fn expand(paths: &[String], options: &ReadOptions) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for p in paths {
        if p == "-" {
            inputs.push(Input {
                name: "-".into(),
                path: None,
                format: options.format,
            });
            continue;
        }
        let path = PathBuf::from(p);
        let meta = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(&path, &mut found)?;
            found.sort();
            for f in found {
                let format = options.format.or_else(|| Format::from_path(&f));
                if format.is_some() {
                    inputs.push(Input {
                        name: f.display().to_string(),
                        path: Some(f),
                        format,
                    });
                }
            }
        } else {
            let format = options
                .format
                .or_else(|| Format::from_path(&path))
                .or(Some(Format::Text));
            inputs.push(Input {
                name: p.clone(),
                path: Some(path),
                format,
            });
        }
    }
    Ok(inputs)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if kind.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one input and passes each event to `sink`, in order. An error
/// returned by `sink` stops the reading and is returned.
pub fn read_input(
    input: &Input,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<()> {
    // JSONL is streamed line by line (archives can be larger than memory);
    // other formats are one document per file and are read whole.
    const BUF: usize = 1 << 20;
    match &input.path {
        Some(p) => {
            let format = options.format.or(input.format);
            if format == Some(Format::Warc) {
                let file = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
                let reader = std::io::BufReader::with_capacity(BUF, file);
                return warc::read(&input.name, reader, options, sink);
            }
            if format == Some(Format::Jsonl) {
                let file = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
                return jsonl::read_from(
                    &input.name,
                    std::io::BufReader::with_capacity(BUF, file),
                    options,
                    sink,
                );
            }
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            read_bytes(&input.name, &bytes, input.format, options, sink)
        }
        None => {
            let stdin = std::io::stdin();
            let mut reader = std::io::BufReader::with_capacity(BUF, stdin.lock());
            let head = std::io::BufRead::fill_buf(&mut reader).map_err(|e| Error::io("-", e))?;
            let format = input.format.unwrap_or_else(|| sniff(head));
            if format == Format::Jsonl {
                return jsonl::read_from(&input.name, reader, options, sink);
            }
            let mut bytes = Vec::new();
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io("-", e))?;
            read_bytes(&input.name, &bytes, Some(format), options, sink)
        }
    }
}

/// Reads an input held in memory (see [`read_input`]).
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<()> {
    let format = format.unwrap_or_else(|| sniff(bytes));
    match format {
        Format::Jsonl => jsonl::read(name, bytes, options, sink),
        Format::Warc => warc::read(name, bytes, options, sink),
        Format::Text | Format::Html | Format::Markdown => {
            let text = match decode(name, bytes, options.strict_utf8)? {
                Decoded::Text { text, warning } => {
                    if let Some(message) = warning {
                        sink(Event::Warning {
                            message,
                            skipped: false,
                        })?;
                    }
                    text
                }
                Decoded::Binary => {
                    return sink(Event::Warning {
                        message: format!("{name}: looks like a binary file; skipped"),
                        skipped: true,
                    });
                }
            };
            let doc = match format {
                Format::Html => html::document(name, &text),
                Format::Markdown => markdown::document(name, &text),
                _ => text::document(name, text),
            };
            sink(Event::Doc(doc))
        }
    }
}

/// Guesses stdin's format from its first bytes: JSONL when the first
/// non-blank byte is `{`,
/// HTML when it is `<` followed by a tag name or `!`, text otherwise.
fn sniff(bytes: &[u8]) -> Format {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if bytes[start..].starts_with(b"WARC/") {
        return Format::Warc;
    }
    match (bytes.get(start), bytes.get(start + 1)) {
        (Some(b'{'), _) => Format::Jsonl,
        (Some(b'<'), Some(c)) if c.is_ascii_alphabetic() || *c == b'!' => Format::Html,
        _ => Format::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(name: &str, bytes: &[u8], format: Option<Format>) -> (Vec<Document>, Vec<String>) {
        let mut d = Vec::new();
        let mut w = Vec::new();
        read_bytes(name, bytes, format, &ReadOptions::default(), &mut |e| {
            match e {
                Event::Doc(doc) => d.push(doc),
                Event::Warning { message, .. } => w.push(message),
                Event::Bad(e) => w.push(e.to_string()),
            }
            Ok(())
        })
        .unwrap();
        (d, w)
    }

    #[test]
    fn stdin_is_sniffed() {
        let (d, _) = docs("-", b"  {\"id\": \"a\", \"text\": \"Hi.\"}\n", None);
        assert_eq!(d[0].id, "a");
        let (d, _) = docs("-", b"Hello.\n\nWorld.", None);
        assert_eq!(d[0].paragraphs.len(), 2);
    }

    #[test]
    fn binary_files_are_skipped_with_a_warning() {
        let (d, w) = docs("x.bin", b"\x7fELF\x00\x00\x01binary", Some(Format::Text));
        assert!(d.is_empty());
        assert!(w[0].contains("x.bin: looks like a binary file"));
    }

    #[test]
    fn directories_are_walked_in_order_for_known_extensions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("sub/a.jsonl"), "").unwrap();
        std::fs::write(dir.path().join("c.png"), "x").unwrap();
        let inputs = expand(&[dir.path().display().to_string()], &ReadOptions::default()).unwrap();
        let names: Vec<String> = inputs
            .iter()
            .map(|i| i.name.rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(names, ["b.txt", "a.jsonl"]);
        let err = expand(&["/no/such/file".into()], &ReadOptions::default()).unwrap_err();
        assert!(err.to_string().starts_with("/no/such/file: "));
    }
}
