//! `stance tag`: posts → one labelled record per paragraph.

use super::util::{load_model, warn, Bar};
use super::Outcome;
use anyhow::{Context, Result};
use rayon::prelude::*;
use stance::atomic::AtomicFile;
use stance::output::{OutputFormat, Record, RecordWriter};
use stance::progress::Progress;
use stance::read::{self, Event, Format, ReadOptions};
use stance::structure::shared::SharedIndex;
use stance::tag::SharedLookup;
use stance::{Document, Tagger};
use std::io::Write;
use std::path::PathBuf;

pub const ABOUT: &str = "\
Label every paragraph of the given posts as fact, quotation or opinion, with probabilities.

Inputs (files, directories walked recursively, or - for stdin):
  *.txt    plain text; paragraphs are separated by blank lines, or one per line when lines
           are long; hard-wrapped lines are joined; numbered comments keep their content
  *.jsonl  one document per line: {\"id\": ..., \"text\": ...} (segmented like text) or
           {\"id\": ..., \"paragraphs\": [...]} (kept exactly, one record per paragraph)
  *.html   web pages: p, li, blockquote, headings and divs of bare text; scripts, navigation,
           headers, footers, asides, forms and share/comment-form widgets are dropped
  *.md     Markdown: paragraphs, list items, headings, block quotes; code is skipped
Other extensions are read as text when named directly and ignored inside directories.
Stdin is JSONL when it starts with `{`, HTML when it starts with a tag, text otherwise.

Structure (see LABELS.md): boilerplate (headlines, headings, bylines, dates alone, comment
headers and forms, \"Powered by\", share lines) is written with label and scores null and a
`skipped` reason. A paragraph is reproduced when it is a block quote, when the paragraph
before introduces it (\"... writes:\") and it reads like the other source, or when a passage
of 25+ words of it appears near word for word in another document of the run (or in a
--reference document). Cross-document detection reads the inputs twice and keeps one small
entry per distinct 5-word shingle in memory; --no-shared turns it off.

Output, one record per paragraph, in input order (JSONL by default):
  doc        document id (file path, or the JSONL `id`, or FILE:LINE when it has none)
  paragraph  0-based index of the paragraph in its document
  start,end  byte span of the paragraph in the document text (for `paragraphs` records:
             in the paragraphs joined by a blank line)
  label      fact | quotation | opinion (the most probable)
  scores     {\"fact\": p, \"quotation\": p, \"opinion\": p}, summing to 1; below a comment header
             (\"3 thoughts on ...\") a reader comment's fact probability is moved to opinion
             (CSV: p_fact,p_quotation,p_opinion columns)
  text       the paragraph, white space folded
  reproduced     true when taken from another source
  reproduced_by  blockquote | lead-in | reference | shared | null
  shared_with    ids of the other documents sharing the passage (CSV: joined with |)
  skipped        null, or why the paragraph is not content: heading, headline, byline, date,
                 comment-header, comment-form, powered-by, share
  element        the HTML/Markdown element the paragraph came from (null for text/JSONL)

Bad input: invalid UTF-8 is replaced with a warning (refused with --strict), binary files
are skipped with a warning, a malformed JSONL line stops the run unless --skip-bad.
Exit status 1 when anything was skipped, 2 on a fatal error. With -o the file is written
atomically: it appears complete or not at all.

Memory stays flat: documents are read, scored (in parallel) and written in batches.

Example:
  stance tag data/posts/ --format csv -o tagged.csv";

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories or - (stdin).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Model file (default: the built-in model).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read every input as this format, whatever its extension.
    #[arg(long, value_enum)]
    input_format: Option<Format>,
    /// Refuse invalid UTF-8 instead of replacing it.
    #[arg(long)]
    strict: bool,
    /// Skip malformed JSONL records (counted on stderr) instead of stopping.
    #[arg(long)]
    skip_bad: bool,
    /// Known sources (e.g. wire reports) to check posts against; they are not tagged.
    #[arg(long, value_name = "PATH")]
    reference: Vec<String>,
    /// Do not look for passages shared between documents (one pass, less memory).
    #[arg(long)]
    no_shared: bool,
    /// Worker threads (default: one per core). Output is the same for any value.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Skip the model's sentiment head: `sentiment` and `sentiment_scores` are left
    /// empty, and tagging is a little faster.
    #[arg(long)]
    no_sentiment: bool,
}

/// Documents scored together; bounds memory while keeping both cores busy.
const BATCH_DOCS: usize = 256;

pub fn run(args: Args) -> Result<Outcome> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    pool.install(|| tag_all(&args))
}

fn tag_all(args: &Args) -> Result<Outcome> {
    let mut model = load_model(args.model.as_deref())?;
    if args.no_sentiment {
        model.heads.retain(|h| h.task != stance::Task::Sentiment);
    }
    let tagger = Tagger::new(&model)?;
    let options = ReadOptions {
        strict_utf8: args.strict,
        format: args.input_format,
    };
    let inputs = load_inputs(&args.paths, &options, !args.no_shared)?;
    let bar = Bar::new();
    // Reference documents come first in the index; the inputs follow.
    let mut n_reference = 0u32;
    let index = if args.no_shared {
        None
    } else {
        let mut index = SharedIndex::new();
        let references = load_inputs(&args.reference, &options, true)?;
        bar.phase("indexing", (references.len() + inputs.len()) as u64);
        for (input, bytes) in &references {
            each_doc(input, bytes, &options, |doc| {
                index.add(&doc, true);
                n_reference += 1;
            })?;
            bar.advance(1);
        }
        for (input, bytes) in &inputs {
            each_doc(input, bytes, &options, |doc| {
                index.add(&doc, false);
            })?;
            bar.advance(1);
        }
        Some(index)
    };
    let mut state = State {
        skipped: 0,
        next_doc: n_reference,
    };
    bar.phase("tagging", inputs.len() as u64);
    // stdout, or a temporary file renamed over --output only when complete.
    let mut file = args.output.as_deref().map(AtomicFile::create).transpose()?;
    {
        let mut stdout;
        let out: &mut dyn Write = match &mut file {
            Some(f) => f.writer(),
            None => {
                stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                &mut stdout
            }
        };
        tag_inputs(
            args,
            &tagger,
            index.as_ref(),
            &inputs,
            &options,
            out,
            &mut state,
            &bar,
        )?;
        out.flush()?;
    }
    if let (Some(f), Some(path)) = (file, &args.output) {
        f.commit()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    bar.finish();
    if state.skipped > 0 {
        eprintln!(
            "stance: {} input(s) or record(s) skipped; see the warnings above",
            state.skipped
        );
        return Ok(Outcome::Skipped);
    }
    Ok(Outcome::Clean)
}

/// Counts kept across the tagging pass.
struct State {
    skipped: usize,
    /// Index (in the shared index) of the next document to be tagged.
    next_doc: u32,
}

/// Inputs; with `twice` (two passes for shared passages) stdin is read
/// into memory once so it can be read again, otherwise everything streams.
fn load_inputs(
    paths: &[String],
    options: &ReadOptions,
    twice: bool,
) -> Result<Vec<(read::Input, Option<Vec<u8>>)>> {
    let mut out = Vec::new();
    for input in read::expand(paths, options)? {
        let bytes = if input.path.is_none() && twice {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b)
                .context("reading stdin")?;
            Some(b)
        } else {
            None
        };
        out.push((input, bytes));
    }
    Ok(out)
}

fn read_events(
    input: &read::Input,
    bytes: &Option<Vec<u8>>,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Event) -> stance::Result<()>,
) -> stance::Result<()> {
    match bytes {
        Some(b) => read::read_bytes(&input.name, b, input.format, options, sink),
        None => read::read_input(input, options, sink),
    }
}

/// Calls `f` with each readable document of an input (first pass: problems
/// are reported by the tagging pass, not here).
fn each_doc(
    input: &read::Input,
    bytes: &Option<Vec<u8>>,
    options: &ReadOptions,
    mut f: impl FnMut(Document),
) -> Result<()> {
    // Errors (an unreadable file) surface in the tagging pass with context,
    // and the same documents are numbered the same way in both passes.
    let _ = read_events(input, bytes, options, &mut |event| {
        if let Event::Doc(doc) = event {
            f(doc);
        }
        Ok(())
    });
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn tag_inputs(
    args: &Args,
    tagger: &Tagger,
    index: Option<&SharedIndex>,
    inputs: &[(read::Input, Option<Vec<u8>>)],
    options: &ReadOptions,
    out: &mut dyn Write,
    state: &mut State,
    bar: &Bar,
) -> Result<()> {
    let mut writer = RecordWriter::new(args.format, out);
    let mut batch: Vec<(Document, Option<u32>)> = Vec::with_capacity(BATCH_DOCS);
    for (input, bytes) in inputs {
        let mut failure: Option<anyhow::Error> = None;
        let result = read_events(input, bytes, options, &mut |event| {
            match event {
                Event::Doc(doc) => {
                    let this = index.map(|_| state.next_doc);
                    state.next_doc += 1;
                    batch.push((doc, this));
                    if batch.len() >= BATCH_DOCS {
                        if let Err(e) = flush(tagger, index, &mut batch, &mut writer, args.format) {
                            failure = Some(e);
                            return Err(stance::Error::Training("output failed".into()));
                        }
                    }
                }
                Event::Warning {
                    message,
                    skipped: whole,
                } => {
                    warn(&message);
                    state.skipped += whole as usize;
                }
                Event::Bad(e) => {
                    if !args.skip_bad {
                        return Err(e);
                    }
                    warn(&format!("{e}; skipped"));
                    state.skipped += 1;
                }
            }
            Ok(())
        });
        if let Some(e) = failure {
            return Err(e);
        }
        result.map_err(|e| {
            anyhow::Error::new(e).context(if args.skip_bad {
                "reading input"
            } else {
                "reading input (use --skip-bad to skip malformed records)"
            })
        })?;
        bar.advance(1);
    }
    flush(tagger, index, &mut batch, &mut writer, args.format)?;
    writer.finish()?;
    Ok(())
}

/// Tags a batch in parallel, rendering each document's records in its
/// worker, and writes them in input order.
fn flush<W: Write>(
    tagger: &Tagger,
    index: Option<&SharedIndex>,
    batch: &mut Vec<(Document, Option<u32>)>,
    writer: &mut RecordWriter<W>,
    format: OutputFormat,
) -> Result<()> {
    let classes = tagger.stance_classes();
    let sentiment_classes = tagger.sentiment_classes();
    let rendered: Vec<std::io::Result<Vec<u8>>> = batch
        .par_iter()
        .map(|(doc, this)| {
            let tagged = tagger.tag(doc, index.map(|index| SharedLookup { index, this: *this }));
            let mut out = RecordWriter::continuing(format, Vec::new());
            for t in &tagged {
                out.write(&Record {
                    doc: &doc.id,
                    tagged: t,
                    classes,
                    sentiment_classes,
                })?;
            }
            out.finish()
        })
        .collect();
    writer.write_header(classes)?;
    for bytes in rendered {
        writer.append(&bytes?)?;
    }
    batch.clear();
    Ok(())
}
