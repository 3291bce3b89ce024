//! `stance report`: `stance tag` output → one self-contained HTML page.

use super::render::{read_records, Output};
use super::Outcome;
use anyhow::Result;
use stance::view::html::HtmlReport;
use stance::view::RecordLines;
use std::path::PathBuf;

pub const ABOUT: &str = "\
Write `stance tag` output as one self-contained HTML page, to read in any browser, mail or
archive: the styles and the little script are inline and nothing is loaded from the network.

Input: the JSONL that `stance tag` writes (files, or - for stdin); several files make one
page. To tag and draw in one go: stance tag posts/ --format html -o report.html

The page:
  totals     posts, paragraphs, and paragraphs per label
  Posts      an index: each post's paragraphs, words, the share of its words labelled fact,
             quotation and opinion, its reproduced share and mean sentiment (p(positive) -
             p(negative)); click a column heading to sort by it, e.g. by opinion share
  filter     check boxes showing only the paragraphs of some labels (needs script; without
             script the page shows everything)
  each post  its title and source (the records' `title`, `url` and `site` when present, else
             the document id), a bar of its fact / quotation / opinion shares and one of its
             reproduced share, the posts it shares passages with, then every paragraph with
             its label written out, its probabilities and sentiment, coloured by label;
             skipped boilerplate greyed; reproduced paragraphs outlined, saying how (block
             quote, lead-in, shared, reference) and linking to the other posts that share them
Colours are colour-blind safe (Okabe-Ito) and never the only sign: every label is named.

All text is escaped (markup in a post shows as text); links are made only to http(s)
addresses and to posts on the page. With -o the file is written atomically. The page holds
every post, so it suits what a person reads, not a whole archive (use `stance summary`).

Example:
  stance tag data/posts/ > tagged.jsonl && stance report tagged.jsonl -o report.html";

#[derive(clap::Args)]
pub struct Args {
    /// `stance tag` JSONL output: files, or - for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Write the page to FILE (atomically) instead of stdout (refused when
    /// stdout is a terminal).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome> {
    super::fetch::files_only(&args.paths, "stance report")?;
    if args.output.is_none() {
        super::render::refuse_html_on_terminal("stance report")?;
    }
    let mut out = Output::open(args.output.as_deref())?;
    {
        let mut lines = RecordLines::new("", HtmlReport::new(out.writer()));
        read_records(&args.paths, &mut lines)?;
        lines.finish()?;
    }
    out.commit()?;
    Ok(Outcome::Clean)
}
