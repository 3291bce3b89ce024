//! Readers: input files (or stdin) → [`Document`]s with paragraphs.
//!
//! Reading one input is one line of steps ([`read_input`]): open (a file,
//! stdin, or bytes in memory) → decompress (gzip, by its magic bytes) →
//! recognise the format (given, from the name, else from the content) →
//! parse it with the format's reader (`warc`, `jsonl`, `html`, `markdown`,
//! `text`; `decode`, `spacing` and `split` (plain text → paragraphs) are the
//! text readers' helpers, `bounds`
//! the limits on hostile HTML). [`expand`] turns command-line paths into
//! inputs before any is read.
//!
//! One module per format. Inputs are named on the command line as files,
//! directories (walked recursively, in sorted order) or `-` for stdin; the
//! format comes from `--input-format`, or the file extension, or the
//! content: a file with another or no extension (`page.php`, a saved page
//! without one) is HTML when it starts like HTML, also in directory walks;
//! stdin is JSONL when its first non-blank byte is `{`. Gzip-compressed
//! input (`page.html.gz`, any file starting with the gzip magic bytes) is
//! decompressed as it is read; its format comes from the name without
//! `.gz`, or from the decompressed content.
//!
//! Readers never panic on bad input: undecodable bytes, binary files and
//! malformed records become [`Event::Warning`] or [`Event::Bad`] so the
//! caller decides whether to stop or go on.

mod bounds;
mod builder;
mod decode;
mod html;
pub mod http;
mod jsonl;
mod markdown;
mod spacing;
pub mod split;
mod text;
pub mod warc;

pub use text::document as text_document;

pub use bounds::{MAX_DEPTH as MAX_HTML_DEPTH, MAX_TAG_BYTES as MAX_HTML_TAG_BYTES};
pub(crate) use decode::line_of;
pub use decode::{decode, Decoded};

use crate::doc::Document;
use crate::error::{Error, Result};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Largest document read whole (HTML, Markdown, text; after
/// decompression): bigger ones are skipped with a warning, so a gzip bomb
/// or a runaway file cannot take the machine's memory. JSONL is streamed
/// and has no such limit.
pub const MAX_DOCUMENT_BYTES: u64 = 256 << 20;

/// Bytes looked at to recognise a format by its content.
const SNIFF_BYTES: usize = 4096;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
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
    /// Format of a file by its extension (for `NAME.gz`, that of `NAME`),
    /// `None` when the extension says nothing (the content decides).
    pub fn from_path(path: &Path) -> Option<Format> {
        let lower = path.to_str()?.to_ascii_lowercase();
        if lower.ends_with(".warc") || lower.ends_with(".warc.gz") {
            return Some(Format::Warc);
        }
        let mut ext = path.extension()?.to_str()?.to_ascii_lowercase();
        if ext == "gz" {
            ext = Path::new(path.file_stem()?)
                .extension()?
                .to_str()?
                .to_ascii_lowercase();
        }
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Whether `bytes` start a gzip stream.
fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Whether the first bytes of a file look like a web page: after white
/// space (and a byte-order mark), markup that names an HTML document
/// (`<!DOCTYPE html`, `<html`, `<head`, `<body`, or an XML declaration or
/// comment followed by one of them within the first few KiB).
pub fn looks_like_html(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    if head.get(start) != Some(&b'<') {
        return false;
    }
    let lower = head[start..head.len().min(start + SNIFF_BYTES)].to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|m| lower.windows(m.len()).any(|w| w == *m))
}

/// The first bytes of a file, decompressed when it is gzip.
fn head_of(path: &Path) -> Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    // A corrupt gzip file is reported when it is read; here it is not HTML.
    let _ = open(path)?.take(SNIFF_BYTES as u64).read_to_end(&mut head);
    Ok(head)
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
    /// Leave the language of a document that declares none unset, for the
    /// caller to fill with [`crate::language::fill`] where it has cores to
    /// spare: detection costs about a third of tagging's CPU time, too much
    /// for one reader thread (`stance tag` fills it in its parallel step).
    pub defer_language: bool,
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

/// Expands command-line paths into inputs: files as given (any extension:
/// HTML when the content looks like it, text otherwise, unless the
/// extension is known), directories walked recursively for the extensions
/// we read and for pages recognised by their content, `-` for stdin.
/// The files a walk passes over are not reported; [`expand_counting`]
/// counts them.
pub fn expand(paths: &[String], options: &ReadOptions) -> Result<Vec<Input>> {
    expand_counting(paths, options).map(|e| e.inputs)
}

/// What [`expand_counting`] finds.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The inputs, in order.
    pub inputs: Vec<Input>,
    /// Files in the directories walked that are not read (a `.pdf`, a
    /// `.docx`), by extension (`.pdf`; empty for none).
    pub unread: std::collections::BTreeMap<String, usize>,
}

impl Expanded {
    /// One line saying which files were not read, when any:
    /// `3 files not read by extension: 2 .pdf, 1 .docx`.
    pub fn unread_note(&self) -> Option<String> {
        let total: usize = self.unread.values().sum();
        if total == 0 {
            return None;
        }
        let mut by: Vec<(&String, &usize)> = self.unread.iter().collect();
        // Most first; ties by extension (the map's order).
        by.sort_by(|a, b| b.1.cmp(a.1));
        let parts: Vec<String> = by
            .iter()
            .map(|(ext, n)| match ext.as_str() {
                "" => format!("{n} without an extension"),
                ext => format!("{n} {ext}"),
            })
            .collect();
        Some(format!(
            "{total} file(s) in the directories given were not read, by extension: {} (stance reads text, HTML, Markdown, JSONL and WARC)",
            parts.join(", ")
        ))
    }
}

/// [`expand`], counting the files its directory walks do not read.
pub fn expand_counting(paths: &[String], options: &ReadOptions) -> Result<Expanded> {
    let mut inputs = Vec::new();
    let mut unread = std::collections::BTreeMap::new();
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
                let format = match options.format.or_else(|| Format::from_path(&f)) {
                    Some(format) => Some(format),
                    None => looks_like_html(&head_of(&f)?).then_some(Format::Html),
                };
                if format.is_some() {
                    inputs.push(Input {
                        name: f.display().to_string(),
                        path: Some(f),
                        format,
                    });
                } else {
                    let ext = f
                        .extension()
                        .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
                        .unwrap_or_default();
                    *unread.entry(ext).or_insert(0) += 1;
                }
            }
        } else {
            let format = match options.format.or_else(|| Format::from_path(&path)) {
                Some(format) => format,
                None if looks_like_html(&head_of(&path)?) => Format::Html,
                None => Format::Text,
            };
            inputs.push(Input {
                name: p.clone(),
                path: Some(path),
                format: Some(format),
            });
        }
    }
    Ok(Expanded { inputs, unread })
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

/// What a sink says after each event: go on reading, or stop (it has
/// what it needs, or nobody takes the events any more). Stopping is not an
/// error: the reader returns `Ok`.
pub type Flow = std::ops::ControlFlow<()>;

/// Go on reading.
pub const CONTINUE: Flow = Flow::Continue(());

/// A sink that can stop the reading.
type FlowSink<'s> = dyn FnMut(Event) -> Result<Flow> + 's;

/// Passes an event to the sink; returns from the calling reader when the
/// sink says stop.
macro_rules! emit {
    ($sink:expr, $event:expr) => {
        if $sink($event)?.is_break() {
            return Ok(Flow::Break(()));
        }
    };
}
pub(crate) use emit;

/// Reads one input and passes each event to `sink`, in order. An error
/// returned by `sink` stops the reading and is returned.
///
/// Every input, file or stdin, takes the same four steps, each decided
/// once: open → decompress (gzip, recognised by its magic bytes) →
/// recognise (the format given or found from the name, else the content)
/// → parse (one reader per format).
pub fn read_input(
    input: &Input,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<()> {
    read_input_until(input, options, &mut |e| sink(e).map(|()| CONTINUE)).map(drop)
}

/// [`read_input`] with a sink that may stop the reading early: it returns
/// [`Flow::Break`] once the sink has said stop, nothing more being read.
pub fn read_input_until(input: &Input, options: &ReadOptions, sink: &mut FlowSink) -> Result<Flow> {
    let (reader, gz) = match &input.path {
        Some(p) => {
            let file = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
            decompress(&input.name, BufReader::with_capacity(READ_BUF, file))?
        }
        None => decompress(
            &input.name,
            BufReader::with_capacity(READ_BUF, std::io::stdin().lock()),
        )?,
    };
    recognise_and_parse(
        &input.name,
        reader,
        gz,
        options.format.or(input.format),
        options,
        sink,
    )
}

/// Reads an input held in memory: the steps of [`read_input`] after
/// opening.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<()> {
    parse_bytes(name, bytes, format, options, &mut |e| {
        sink(e).map(|()| CONTINUE)
    })
    .map(drop)
}

/// [`read_bytes`] with a sink that may stop the reading.
fn parse_bytes(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    options: &ReadOptions,
    sink: &mut FlowSink,
) -> Result<Flow> {
    let (reader, gz) = decompress(name, bytes)?;
    recognise_and_parse(name, reader, gz, format, options, sink)
}

/// Opens a file and decompresses it when it is gzip: the first two steps
/// of [`read_input`], for callers that read the stream themselves (e.g.
/// [`warc::pages`]).
pub fn open(path: &Path) -> Result<Box<dyn BufRead>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let name = path.display().to_string();
    Ok(decompress(&name, BufReader::with_capacity(READ_BUF, file))?.0)
}

/// Buffer of an opened file or stdin.
const READ_BUF: usize = 1 << 20;

/// Step 2: the stream, gunzipped when it starts with gzip's magic bytes
/// (every member: crawls compress each WARC record as its own), and
/// whether it was.
fn decompress<'a>(name: &str, mut raw: impl BufRead + 'a) -> Result<(Box<dyn BufRead + 'a>, bool)> {
    let head = raw.fill_buf().map_err(|e| Error::io(name, e))?;
    Ok(if is_gzip(head) {
        let inflated = BufReader::with_capacity(1 << 16, flate2::bufread::MultiGzDecoder::new(raw));
        (Box::new(inflated), true)
    } else {
        (Box::new(raw), false)
    })
}

/// Steps 3 and 4: the format (`format`, else [`sniff`]ed from the
/// decompressed content), then its reader: WARC and JSONL streamed
/// (archives can be larger than memory), the other formats, one document
/// per input, read whole up to [`MAX_DOCUMENT_BYTES`]. `gz`: the stream is
/// decompressed, so a read error means a corrupt file, skipped with a
/// warning.
fn recognise_and_parse(
    name: &str,
    mut reader: Box<dyn BufRead + '_>,
    gz: bool,
    format: Option<Format>,
    options: &ReadOptions,
    sink: &mut FlowSink,
) -> Result<Flow> {
    let format = match format {
        Some(f) => f,
        None => match reader.fill_buf() {
            Ok(head) => sniff(head),
            Err(e) => return unreadable(name, gz, e, sink),
        },
    };
    match format {
        Format::Warc => warc::read(name, reader, options, sink),
        Format::Jsonl => jsonl::read(name, reader, options, sink),
        Format::Text | Format::Html | Format::Markdown => {
            let mut bytes = Vec::new();
            if let Err(e) = reader.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes) {
                return unreadable(name, gz, e, sink);
            }
            if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
                return sink(Event::Warning {
                    message: format!(
                        "{name}: larger than {} MiB{}; skipped",
                        MAX_DOCUMENT_BYTES >> 20,
                        if gz { " decompressed" } else { "" }
                    ),
                    skipped: true,
                });
            }
            document(name, &bytes, format, options, sink)
        }
    }
}

/// A read error: for gzip input (a corrupt or truncated file), a warning
/// and the input skipped; otherwise fatal.
fn unreadable(name: &str, gz: bool, e: std::io::Error, sink: &mut FlowSink) -> Result<Flow> {
    if gz {
        return sink(Event::Warning {
            message: format!("{name}: not a readable gzip file ({e}); skipped"),
            skipped: true,
        });
    }
    Err(Error::io(name, e))
}

/// One document of text, HTML or Markdown from its whole bytes: decoded
/// (a binary file is skipped with a warning), then parsed.
fn document(
    name: &str,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
    sink: &mut FlowSink,
) -> Result<Flow> {
    let text = match decode(name, bytes, options.strict_utf8)? {
        Decoded::Text { text, warning } => {
            if let Some(message) = warning {
                emit!(
                    sink,
                    Event::Warning {
                        message,
                        skipped: false,
                    }
                );
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
        Format::Html => {
            let (doc, warnings) = html::read(name, &text);
            for message in warnings {
                emit!(
                    sink,
                    Event::Warning {
                        message,
                        skipped: false,
                    }
                );
            }
            doc
        }
        Format::Markdown => markdown::document(name, &text),
        _ => text::document(name, text),
    };
    let mut doc = doc;
    if !options.defer_language {
        crate::language::fill(&mut doc);
    }
    sink(Event::Doc(doc))
}

/// Guesses a format from the first (decompressed) bytes, when neither
/// `--input-format` nor the name said (stdin, in-memory input): WARC when
/// it starts with `WARC/`, JSONL when the first non-blank byte is `{`, HTML
/// when it is `<` followed by a tag name or `!`, text otherwise.
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

    fn gz(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn read_all(input: &Input) -> (Vec<Document>, Vec<(String, bool)>) {
        let mut d = Vec::new();
        let mut w = Vec::new();
        read_input(input, &ReadOptions::default(), &mut |e| {
            match e {
                Event::Doc(doc) => d.push(doc),
                Event::Warning { message, skipped } => w.push((message, skipped)),
                Event::Bad(e) => w.push((e.to_string(), true)),
            }
            Ok(())
        })
        .unwrap();
        (d, w)
    }

    const PAGE: &str = "<!DOCTYPE html>\n<html><head><title>T</title></head><body>\
                        <p>A saved page.</p><blockquote>Quoted words.</blockquote></body></html>";

    #[test]
    fn pages_are_recognised_by_their_content_and_gzip_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let at = |n: &str| dir.path().join(n);
        std::fs::write(at("saved-page"), PAGE).unwrap();
        std::fs::write(at("index.php"), format!("\u{feff}  {PAGE}")).unwrap();
        std::fs::write(at("notes"), "<not html> just a note\n").unwrap();
        std::fs::write(at("c.png"), "\u{89}PNG").unwrap();
        std::fs::write(at("a.html.gz"), gz(PAGE.as_bytes())).unwrap();
        std::fs::write(at("b.gz"), gz(PAGE.as_bytes())).unwrap();
        std::fs::write(
            at("d.jsonl.gz"),
            gz(b"{\"id\": \"x\", \"text\": \"One.\"}\n{\"id\": \"y\", \"text\": \"Two.\"}\n"),
        )
        .unwrap();
        let inputs = expand(&[dir.path().display().to_string()], &ReadOptions::default()).unwrap();
        let found: Vec<(String, Option<Format>)> = inputs
            .iter()
            .map(|i| (i.name.rsplit('/').next().unwrap().to_string(), i.format))
            .collect();
        assert_eq!(
            found,
            [
                ("a.html.gz".to_string(), Some(Format::Html)),
                ("b.gz".to_string(), Some(Format::Html)),
                ("d.jsonl.gz".to_string(), Some(Format::Jsonl)),
                ("index.php".to_string(), Some(Format::Html)),
                ("saved-page".to_string(), Some(Format::Html)),
            ]
        );
        for input in &inputs {
            let (docs, warnings) = read_all(input);
            assert!(warnings.is_empty(), "{}: {warnings:?}", input.name);
            if input.format == Some(Format::Jsonl) {
                assert_eq!(
                    docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
                    ["x", "y"]
                );
                continue;
            }
            let p = &docs[0].paragraphs;
            assert_eq!(p[0].text, "A saved page.", "{}", input.name);
            assert!(p[1].block_quote && p[1].element.as_deref() == Some("blockquote"));
        }
        // Named directly: HTML by content, text otherwise.
        let named = |n: &str| {
            expand(&[at(n).display().to_string()], &ReadOptions::default()).unwrap()[0].format
        };
        assert_eq!(named("saved-page"), Some(Format::Html));
        assert_eq!(named("notes"), Some(Format::Text));
    }

    #[test]
    fn corrupt_gzip_is_skipped_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.html.gz");
        let mut bytes = gz(PAGE.as_bytes());
        bytes.truncate(bytes.len() / 2);
        std::fs::write(&path, bytes).unwrap();
        let input = &expand(&[path.display().to_string()], &ReadOptions::default()).unwrap()[0];
        let (docs, warnings) = read_all(input);
        assert!(docs.is_empty());
        assert!(
            warnings[0]
                .0
                .contains("broken.html.gz: not a readable gzip file"),
            "{warnings:?}"
        );
        assert!(warnings[0].1);
    }

    #[test]
    fn html_is_told_from_text_by_its_start() {
        assert!(looks_like_html(b"<!doctype HTML><p>x"));
        assert!(looks_like_html(b"\n  <html lang=en>"));
        assert!(looks_like_html(
            b"<?xml version=\"1.0\"?>\n<!-- saved -->\n<html xmlns=\"x\">"
        ));
        assert!(!looks_like_html(b"Dear editor, <html> is a tag."));
        assert!(!looks_like_html(b"<note>plain</note>"));
        assert!(!looks_like_html(b""));
    }

    #[test]
    fn files_a_walk_does_not_read_are_counted_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["a.txt", "b.pdf", "sub/c.PDF", "sub/d.docx", "LICENSE"] {
            std::fs::write(dir.path().join(name), "%PDF-1.4 not a page").unwrap();
        }
        let found = expand_counting(
            &[
                dir.path().display().to_string(),
                // Named directly, a file is read whatever its extension.
                dir.path().join("b.pdf").display().to_string(),
            ],
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(found.inputs.len(), 2);
        let unread: Vec<(&str, usize)> =
            found.unread.iter().map(|(e, n)| (e.as_str(), *n)).collect();
        assert_eq!(unread, [("", 1), (".docx", 1), (".pdf", 2)]);
        assert_eq!(
            found.unread_note().unwrap(),
            "4 file(s) in the directories given were not read, by extension: 2 .pdf, 1 without an extension, 1 .docx (stance reads text, HTML, Markdown, JSONL and WARC)"
        );
        assert_eq!(Expanded::default().unread_note(), None);
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
