//! `stance summary`: posts, or `stance tag` output → one row per document.

use super::render::{self, read_records, Output};
use super::util::note;
use super::Outcome;
use anyhow::{bail, Result};
use stance::view::record::is_tag_record;
use stance::view::rows::{SummaryFormat, SummaryRows, SummarySort};
use stance::view::RecordLines;
use std::io::BufRead;
use std::path::PathBuf;

pub const ABOUT: &str = "\
One row per document: how much of it is reporting, quotation and opinion, how much is
reproduced and from which documents, its mean sentiment and its most opinionated paragraph.

Inputs: posts (anything `stance tag` reads: files, directories; they are tagged on the way,
with the built-in model or --model, passages shared between them found as `stance tag` does),
or the JSONL that `stance tag` writes (files, or - for stdin: stance tag posts/ | stance
summary -). A .jsonl file whose first record has `doc`, `paragraph` and `text` is taken as
`stance tag` output.

Columns (shares are of words, in the labelled paragraphs; skipped boilerplate counts in
`paragraphs` and `skipped` only):
  doc, title, url              the document id; page title and address when known
  paragraphs, skipped, words   paragraphs (with skipped ones), skipped ones, labelled words
  fact, quotation, opinion     share of words in paragraphs with that label (0..1)
  fact_low, fact_high, quotation_low, quotation_high, opinion_low, opinion_high
                               a 95% interval for each share, from the probabilities: each
                               labelled paragraph (w words) counts as having the label with
                               its probability p, independently of the others, so the share
                               is a Poisson-binomial over words with mean m = sum(w p) / W
                               and variance v = sum(w^2 p (1 - p)) / W^2 (W: labelled words);
                               the interval is m +/- 1.96 sqrt(v), clipped to 0..1. It is
                               centred on the probability-weighted share m (not the share of
                               the most probable labels), has zero width when every
                               probability is 0 or 1, and widens with uncertain, long or few
                               paragraphs; it is as good as the probabilities' calibration
                               (CSV: the last six columns; table: a line below each row)
  reproduced                   share of words in reproduced paragraphs (block quote,
                               lead-in, shared, reference)
  shares_with                  the other documents it shares passages with (CSV: joined
                               with |; JSONL: a list)
  sentiment                    mean of p(positive) - p(negative) over labelled paragraphs,
                               -1..1 (empty when the model has no sentiment head)
  targets                      with --target: per target, its mentions, the paragraphs that
                               mention it and the mean tone toward it (p(positive) -
                               p(negative) per mention, -1..1) (CSV: NAME:mentions:tone
                               joined with |; the table: a line below the row)
  most_opinionated             the labelled paragraph with the highest p(opinion): its index,
                               that probability and its text (CSV: most_opinionated_paragraph,
                               most_opinionated_p, most_opinionated_text)
  language_skipped             the document's language when its content was not labelled
                               because the model was not trained on it (skipped:
                               \"language\"), else empty
  genre, genre_score           the document's kind of writing (news, analysis, opinion,
                               review, blog, other) and how sure it is, as `stance tag`
                               gives them (see `stance tag --help`); filter with --genre,
                               order with --sort genre

Output: an aligned table on a terminal (percentages; the most opinionated paragraph and the
documents it shares passages with below each row), JSONL into a pipe or a file; choose with
--format table|csv|jsonl. With -o the file is written atomically. How many documents were
not labelled for their language is said below the table, and on stderr with csv and jsonl.

Examples:
  stance summary data/posts/
  stance summary data/posts/ --genre opinion --genre blog --sort opinion
  stance summary data/posts/ --target \"Maria Ortiz=Ortiz|the mayor\" --target Harbour
  stance tag archive/ > tagged.jsonl && stance summary tagged.jsonl --format csv -o summary.csv";

#[derive(clap::Args)]
pub struct Args {
    /// Posts (files, directories) or `stance tag` JSONL output (files, or - for stdin).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Output format [default: table on a terminal, jsonl into a pipe or a file].
    #[arg(long, value_enum)]
    format: Option<SummaryFormat>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Model to tag posts with (default: the built-in model).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Known sources to check posts against (see `stance tag --help`).
    #[arg(long, value_name = "PATH")]
    reference: Vec<String>,
    /// Do not look for passages shared between the posts.
    #[arg(long)]
    no_shared: bool,
    /// Skip the sentiment head when tagging posts.
    #[arg(long)]
    no_sentiment: bool,
    /// Tone toward a named target, per document (repeatable; NAME or NAME=alias|alias, as
    /// `stance tag --target`): posts are tagged with it; `stance tag` output must have been
    /// tagged with it, and only these targets are reported.
    #[arg(long = "target", value_name = "NAME[=ALIAS|..]", value_parser = stance::target::TargetSpec::parse)]
    targets: Vec<stance::target::TargetSpec>,
    /// Only documents of this genre (repeatable): news, analysis, opinion, review, blog, other.
    #[arg(long = "genre", value_name = "GENRE", value_parser = parse_genre)]
    genres: Vec<String>,
    /// Order the rows by genre (news, analysis, opinion, review, blog, other; the surest first
    /// within one) or by a share (largest first) [default: input order].
    #[arg(long, value_enum)]
    sort: Option<SummarySort>,
}

/// A genre name, checked.
fn parse_genre(s: &str) -> std::result::Result<String, String> {
    let s = s.trim().to_ascii_lowercase();
    match stance::genre::Genre::parse(&s) {
        Some(g) => Ok(g.name().to_string()),
        None => Err(format!(
            "unknown genre {s:?}: expected one of {}",
            stance::genre::Genre::ALL.map(|g| g.name()).join(", ")
        )),
    }
}

/// Whether `path` holds `stance tag` output (`-` must: posts on stdin go
/// through `stance tag -`).
fn is_tag_output(path: &str) -> Result<bool> {
    if path == "-" {
        return Ok(true);
    }
    let p = std::path::Path::new(path);
    if !p.is_file() || p.extension().is_none_or(|e| e != "jsonl") {
        return Ok(false);
    }
    let f = std::fs::File::open(p).map_err(|e| anyhow::anyhow!("{path}: cannot open: {e}"))?;
    for line in std::io::BufReader::new(f).lines().take(1000) {
        let line = line.map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
        if !line.trim().is_empty() {
            return Ok(is_tag_record(&line));
        }
    }
    Ok(false)
}

pub fn run(args: Args) -> Result<Outcome> {
    super::fetch::files_only(&args.paths, "stance summary")?;
    let kinds = args
        .paths
        .iter()
        .map(|p| is_tag_output(p))
        .collect::<Result<Vec<bool>>>()?;
    let tagged = kinds.iter().all(|&k| k);
    if !tagged && kinds.iter().any(|&k| k) {
        bail!("give either posts or `stance tag` output, not both in one run");
    }
    let to_file = args.output.is_some();
    let format = args
        .format
        .unwrap_or(if !to_file && render::stdout_is_terminal() {
            SummaryFormat::Table
        } else {
            SummaryFormat::Jsonl
        });
    let width = render::look(to_file).width;
    let mut out = Output::open(args.output.as_deref())?;
    let outcome = {
        let mut lines = RecordLines::new(
            "stance tag output",
            match args.targets.is_empty() {
                true => SummaryRows::new(out.writer(), format, width),
                false => SummaryRows::new(out.writer(), format, width)
                    .with_targets(args.targets.iter().map(|t| t.name.clone()).collect()),
            }
            .with_genres(args.genres.clone())
            .sorted(args.sort),
        );
        let outcome = if tagged {
            read_records(&args.paths, &mut lines)?;
            Outcome::Clean
        } else {
            // Tagging warns of documents in another language itself.
            let tag = super::tag::Args::for_posts(
                args.paths.clone(),
                args.model.clone(),
                args.reference.clone(),
                args.no_shared,
                args.no_sentiment,
                args.targets.clone(),
            );
            super::tag::run_into(tag, Some(&mut lines))?
        };
        let rows = lines.finish()?;
        if let (true, false, Some(line)) =
            (tagged, format == SummaryFormat::Table, rows.language_note())
        {
            note(&line);
        }
        outcome
    };
    out.commit()?;
    Ok(outcome)
}
