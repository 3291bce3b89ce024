//! `stance tag`: posts → one labelled record per paragraph.

use super::util::{load_model, warn};
use super::Outcome;
use anyhow::{Context, Result};
use rayon::prelude::*;
use stance::atomic::AtomicFile;
use stance::output::{OutputFormat, Record, RecordWriter};
use stance::read::{self, Event, Format, ReadOptions};
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
Other extensions are read as text when named directly and ignored inside directories.
Stdin is JSONL when its first non-blank character is `{`, text otherwise.

Output, one record per paragraph, in input order (JSONL by default):
  doc        document id (file path, or the JSONL `id`, or FILE:LINE when it has none)
  paragraph  0-based index of the paragraph in its document
  start,end  byte span of the paragraph in the document text (for `paragraphs` records:
             in the paragraphs joined by a blank line)
  label      fact | quotation | opinion (the most probable)
  scores     {\"fact\": p, \"quotation\": p, \"opinion\": p}, summing to 1
             (CSV: p_fact,p_quotation,p_opinion columns)
  text       the paragraph, white space folded

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
    /// Worker threads (default: one per core). Output is the same for any value.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
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
    let model = load_model(args.model.as_deref())?;
    let tagger = Tagger::new(&model)?;
    let options = ReadOptions {
        strict_utf8: args.strict,
        format: args.input_format,
    };
    let inputs = read::expand(&args.paths, &options)?;
    let mut skipped = 0usize;
    match &args.output {
        Some(path) => {
            let mut file = AtomicFile::create(path)?;
            tag_inputs(
                args,
                &tagger,
                &inputs,
                &options,
                file.writer(),
                &mut skipped,
            )?;
            file.commit()
                .with_context(|| format!("writing {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            tag_inputs(args, &tagger, &inputs, &options, &mut w, &mut skipped)?;
            w.flush()?;
        }
    }
    if skipped > 0 {
        eprintln!("stance: {skipped} input(s) or record(s) skipped; see the warnings above");
        return Ok(Outcome::Skipped);
    }
    Ok(Outcome::Clean)
}

fn tag_inputs(
    args: &Args,
    tagger: &Tagger,
    inputs: &[read::Input],
    options: &ReadOptions,
    out: &mut dyn Write,
    skipped: &mut usize,
) -> Result<()> {
    let mut writer = RecordWriter::new(args.format, out);
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH_DOCS);
    for input in inputs {
        let mut failure: Option<anyhow::Error> = None;
        let result = read::read_input(input, options, &mut |event| {
            match event {
                Event::Doc(doc) => {
                    batch.push(doc);
                    if batch.len() >= BATCH_DOCS {
                        if let Err(e) = flush(tagger, &mut batch, &mut writer) {
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
                    *skipped += whole as usize;
                }
                Event::Bad(e) => {
                    if !args.skip_bad {
                        return Err(e);
                    }
                    warn(&format!("{e}; skipped"));
                    *skipped += 1;
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
    }
    flush(tagger, &mut batch, &mut writer)?;
    writer.finish()?;
    Ok(())
}

/// Scores a batch in parallel and writes it in input order.
fn flush<W: Write>(
    tagger: &Tagger,
    batch: &mut Vec<Document>,
    writer: &mut RecordWriter<W>,
) -> Result<()> {
    let tagged: Vec<_> = batch.par_iter().map(|d| tagger.tag(d)).collect();
    let classes = tagger.stance_classes();
    for (doc, paragraphs) in batch.iter().zip(&tagged) {
        for t in paragraphs {
            writer.write(&Record {
                doc: &doc.id,
                tagged: t,
                classes,
            })?;
        }
    }
    drop(tagged);
    batch.clear();
    Ok(())
}
