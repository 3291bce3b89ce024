//! `stance eval`: a model against labelled data.

use super::util::{Bar, HeadArgs};
use super::Outcome;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use stance::corpus::{self, Scheme};
use stance::metrics;
use stance::progress::Progress;

pub const ABOUT: &str = "\
Measure a model on labelled data: per-class precision, recall and F1, macro-F1, accuracy,
expected calibration error (10 bins of the top probability) and the confusion matrix
(rows gold, columns predicted). Data formats are those of `stance train --help`.

Opinion-vs-not corpora (NewsSD-ENG, CheckThat!) are scored as two classes, `opinion` and
`not-opinion`: a sentence is predicted opinion when P(opinion) > 0.5, i.e. more than fact and
quotation together. Do not mix them with three-label data in one run.

With --json the same figures are printed as one JSON object: {labels, classes: [{label,
precision, recall, f1, support}], macro_f1, accuracy, confusion, ece, reliability, examples}.

Example:
  stance eval --data ../shared/corpora/newssd-eng/val.csv --json";

#[derive(clap::Args)]
pub struct Args {
    /// Labelled data: a file or directory, optionally as KIND:PATH (repeatable).
    #[arg(long, required = true, value_name = "PATH")]
    data: Vec<String>,
    #[command(flatten)]
    head: HeadArgs,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    let model = args.head.load()?;
    let head = args.head.head(&model)?;
    let mut examples = Vec::new();
    for spec in &args.data {
        let source = corpus::load(spec, args.head.task)
            .with_context(|| format!("reading evaluation data {spec}"))?;
        examples.extend(source.examples);
    }
    if examples.is_empty() {
        bail!("no labelled examples in {}", args.data.join(", "));
    }
    let binary = examples.iter().any(|e| e.scheme == Scheme::OpinionVsNot);
    if binary && examples.iter().any(|e| e.scheme == Scheme::Full) {
        bail!("opinion-vs-not corpora and three-label data cannot be evaluated together; run them separately");
    }
    let featurizer = head.featurizer();
    let bar = Bar::new();
    bar.phase("scoring", examples.len() as u64);
    let scores: Vec<_> = examples
        .par_iter()
        .map(|e| {
            let s = head.score_text_at(&featurizer, &e.text, e.position);
            bar.advance(1);
            s
        })
        .collect();
    bar.finish();
    let gold: Vec<usize> = examples.iter().map(|e| e.label).collect();
    let report = if binary {
        // Collapse to opinion (1) vs not (0); probability of opinion vs the rest.
        let opinion = head
            .classes
            .iter()
            .position(|c| c == "opinion")
            .context("model has no opinion class")?;
        let g: Vec<usize> = gold.iter().map(|&l| (l == opinion) as usize).collect();
        let probs: Vec<Vec<f64>> = scores
            .iter()
            .map(|s| vec![1.0 - s.probabilities[opinion], s.probabilities[opinion]])
            .collect();
        // Opinion when it is more probable than fact and quotation together.
        let p: Vec<usize> = probs.iter().map(|pr| (pr[1] > 0.5) as usize).collect();
        metrics::report(&["not-opinion", "opinion"], &g, &p, Some(&probs))
    } else {
        let names: Vec<&str> = head.classes.iter().map(|s| s.as_str()).collect();
        let pred: Vec<usize> = scores.iter().map(|s| s.label).collect();
        let probs: Vec<Vec<f64>> = scores.into_iter().map(|s| s.probabilities).collect();
        metrics::report(&names, &gold, &pred, Some(&probs))
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", report.to_table());
    }
    Ok(Outcome::Clean)
}
