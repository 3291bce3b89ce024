//! `stance eval --task target`: the target head on NewsMTSC rows, each
//! scored toward the mention its row names, beside what the paragraph
//! sentiment head says of the whole sentence (the answer a user had before
//! the target head).

use super::Outcome;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use stance::metrics::{self, Report};
use stance::target::corpus;
use stance::{Model, Task};

/// Both reports, for --json.
#[derive(serde::Serialize)]
struct Figures {
    /// The target head, toward each row's mention.
    target: Report,
    /// Rows the target head answered (it answers every row with a mention).
    answered: usize,
    /// Rows.
    rows: usize,
    /// The paragraph sentiment head's label of the sentence, as the answer
    /// for every target in it.
    paragraph_sentiment: Option<Report>,
}

pub fn run(data: &[String], model: &Model, json: bool) -> Result<Outcome> {
    let Some(head) = &model.target else {
        bail!("the model has no target head (train one with `stance train --recipe models/target.toml --add-to MODEL`)");
    };
    let mut rows = Vec::new();
    for spec in data {
        rows.extend(
            corpus::load(spec, None)
                .context("reading evaluation data")?
                .examples,
        );
    }
    if rows.is_empty() {
        bail!("no labelled rows in {}", data.join(", "));
    }
    let scorer = head.scorer();
    let labels = Task::Target.classes();
    let gold: Vec<usize> = rows.iter().map(|r| r.label).collect();
    let scores: Vec<_> = rows
        .par_iter()
        .map(|r| scorer.score_text(&r.text, std::slice::from_ref(&r.mention)))
        .collect();
    let pred: Vec<usize> = scores.iter().map(|s| s.label).collect();
    let probs: Vec<Vec<f64>> = scores.into_iter().map(|s| s.probabilities).collect();
    let target = metrics::report(labels, &gold, &pred, Some(&probs));
    let paragraph_sentiment = model.head(Task::Sentiment).map(|h| {
        let f = h.featurizer();
        let s: Vec<_> = rows.par_iter().map(|r| h.score_text(&f, &r.text)).collect();
        let p: Vec<usize> = s.iter().map(|s| s.label).collect();
        let pr: Vec<Vec<f64>> = s.into_iter().map(|s| s.probabilities).collect();
        metrics::report(labels, &gold, &p, Some(&pr))
    });
    let figures = Figures {
        answered: pred.len(),
        rows: rows.len(),
        target,
        paragraph_sentiment,
    };
    if json {
        println!("{}", serde_json::to_string(&figures)?);
    } else {
        println!(
            "sentiment toward the given target ({} of {} rows answered):\n{}",
            figures.answered,
            figures.rows,
            figures.target.to_table()
        );
        if let Some(p) = &figures.paragraph_sentiment {
            println!(
                "\nthe paragraph sentiment head's label of the sentence, for every target in it:\n{}",
                p.to_table()
            );
        }
    }
    Ok(Outcome::Clean)
}
