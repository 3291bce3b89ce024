//! Where records go to be drawn for a person: the terminal's look (width,
//! colour), the default format of a command's output, and an output that
//! turns JSONL records into the pretty or HTML view as they are written.

use anyhow::Result;
use stance::atomic::AtomicFile;
use stance::output::OutputFormat;
use stance::view::html::HtmlReport;
use stance::view::pretty::{Look, Pretty};
use stance::view::RecordLines;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

/// Whether stdout is a terminal (a person reads it) rather than a pipe or
/// a file (a program reads it).
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// How output should look on stdout: the terminal's width (else `COLUMNS`,
/// else 80), colour only on a terminal and unless `NO_COLOR` is set
/// (no-color.org) or the terminal is dumb. `to_file`: output goes to a
/// file, which gets neither colour nor the terminal's width.
pub fn look(to_file: bool) -> Look {
    let terminal = !to_file && stdout_is_terminal();
    let width = terminal
        .then(|| terminal_size::terminal_size_of(io::stdout()))
        .flatten()
        .map(|(w, _)| w.0 as usize)
        .filter(|&w| w >= 20)
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .filter(|&w| w >= 20)
        .unwrap_or(80);
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    Look {
        width,
        color: terminal && !no_color && !dumb,
    }
}

/// `stance tag --format`: records, or a view drawn from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TagFormat {
    /// One JSON object per paragraph.
    Jsonl,
    /// One CSV row per paragraph, with a header.
    Csv,
    /// For reading on a terminal: paragraphs wrapped beside a coloured
    /// label column.
    Pretty,
    /// One self-contained HTML page (as `stance report` draws), into a
    /// file (-o) or a pipe: refused on a terminal.
    Html,
}

impl TagFormat {
    /// The format the tag pipeline writes records in: the views are drawn
    /// from JSONL records.
    pub fn records(self) -> OutputFormat {
        match self {
            TagFormat::Csv => OutputFormat::Csv,
            _ => OutputFormat::Jsonl,
        }
    }

    /// Whether this is a view drawn for a person (all fields needed).
    pub fn is_view(self) -> bool {
        matches!(self, TagFormat::Pretty | TagFormat::Html)
    }
}

/// Refuses to pour a whole HTML page onto a terminal (`what` names the
/// option that asked for it): a person there reads `pretty`, a browser
/// reads the page from a file; a pipe or a redirect is fine.
pub fn refuse_html_on_terminal(what: &str) -> Result<()> {
    if stdout_is_terminal() {
        anyhow::bail!(
            "{what} writes a whole HTML page, not for reading on a terminal: give -o FILE.html (or redirect stdout to a file); `stance tag --format pretty` draws the records for a terminal"
        );
    }
    Ok(())
}

/// `stance tag`'s format when none is given: pretty for a person at a
/// terminal, JSONL into a pipe or a file (as ripgrep does).
pub fn default_format(to_file: bool) -> TagFormat {
    if !to_file && stdout_is_terminal() {
        TagFormat::Pretty
    } else {
        TagFormat::Jsonl
    }
}

/// An output that passes records through, or draws them.
pub enum Rendered<'a> {
    /// JSONL or CSV, as written.
    Records(&'a mut dyn Write),
    /// Drawn for a terminal, document by document.
    Pretty(RecordLines<Pretty<&'a mut dyn Write>>),
    /// Collected, and written as one page when finished.
    Html(RecordLines<HtmlReport<&'a mut dyn Write>>),
}

impl<'a> Rendered<'a> {
    /// `format` over `out`; `look` is for the pretty view.
    pub fn new(format: TagFormat, out: &'a mut dyn Write, look: Look) -> Self {
        match format {
            TagFormat::Pretty => Rendered::Pretty(RecordLines::new(
                "stance tag output",
                Pretty::new(out, look),
            )),
            TagFormat::Html => {
                Rendered::Html(RecordLines::new("stance tag output", HtmlReport::new(out)))
            }
            _ => Rendered::Records(out),
        }
    }

    /// Draws what is still pending (the whole page for HTML) and flushes.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Rendered::Records(w) => w.flush(),
            Rendered::Pretty(lines) => lines.finish().map(drop),
            Rendered::Html(lines) => lines.finish().map(drop),
        }
    }
}

impl Write for Rendered<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Rendered::Records(w) => w.write(buf),
            Rendered::Pretty(lines) => lines.write(buf),
            Rendered::Html(lines) => lines.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Rendered::Records(w) => w.flush(),
            // The views draw whole documents; nothing to push early.
            _ => Ok(()),
        }
    }
}

/// Stdout, or a file written atomically: what a command writes its result to.
pub enum Output {
    /// Standard output, buffered.
    Stdout(io::BufWriter<io::Stdout>),
    /// A file that appears complete, or not at all, at [`Output::commit`].
    File(AtomicFile),
}

impl Output {
    /// `path`, or stdout when `None`.
    pub fn open(path: Option<&Path>) -> Result<Output> {
        Ok(match path {
            Some(p) => Output::File(AtomicFile::create(p)?),
            None => Output::Stdout(io::BufWriter::with_capacity(1 << 16, io::stdout())),
        })
    }

    /// The writer to fill.
    pub fn writer(&mut self) -> &mut (dyn Write + Send) {
        match self {
            Output::Stdout(w) => w,
            Output::File(f) => f.writer(),
        }
    }

    /// Flushes stdout, or puts the file in place.
    pub fn commit(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => Ok(w.flush()?),
            // The library's error names the path.
            Output::File(f) => Ok(f.commit()?),
        }
    }
}

/// Feeds the `stance tag` JSONL of `paths` (files, or `-` for stdin) into
/// `lines`, warning about an input that holds no record.
pub fn read_records<S: stance::view::DocSink>(
    paths: &[String],
    lines: &mut RecordLines<S>,
) -> Result<()> {
    use anyhow::Context;
    for path in paths {
        let name = if path == "-" {
            "<stdin>"
        } else {
            path.as_str()
        };
        lines.next_input(name)?;
        let before = lines.records();
        if path == "-" {
            io::copy(&mut io::stdin().lock(), lines)
        } else {
            let mut f =
                std::fs::File::open(path).with_context(|| format!("{path}: cannot open"))?;
            io::copy(&mut f, lines)
        }
        .map_err(|e| {
            // Errors from the parser already name the file and line.
            if e.kind() == io::ErrorKind::InvalidData {
                anyhow::anyhow!("{e}")
            } else {
                anyhow::Error::new(e).context(format!("reading {name}"))
            }
        })?;
        lines.next_input(name)?;
        if lines.records() == before {
            super::util::warn(&format!("{name}: no `stance tag` records"));
        }
    }
    Ok(())
}
