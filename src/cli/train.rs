//! `stance train`: labelled data → model file.

use super::util::Bar;
use super::Outcome;
use anyhow::{Context, Result};
use stance::corpus;
use stance::features::Selection;
use stance::model::{train, Balance, Precision};
use stance::{Model, Task, TrainParams};
use std::path::PathBuf;

pub const ABOUT: &str = "\
Train a model from labelled paragraphs and write it as one self-contained file.

Data (--data, repeatable; a file or a directory, optionally as KIND:PATH):
  labelled   our JSONL {\"text\": ..., \"label\": \"fact|quotation|opinion\"} (extra fields ignored)
             or CSV with `text` and `label` columns; *.jsonl/*.csv under a directory
  webis      Webis-Editorials-16 JSON files (paragraph label = segment type covering most characters)
  newssd     NewsSD-ENG CSV (Sentence,Label: SUBJ -> opinion, OBJ -> fact)
  checkthat  CheckThat! 2023 task 2 TSV (id, sentence, OBJ|SUBJ, ...)
  newsmtsc   NewsMTSC JSONL (sentiment task only)
The kind is detected from the file name and header when not given.

The L2 strength is chosen by stratified k-fold cross-validation over --alpha (folds keep
paragraphs of one editorial together); the vectorizer is refitted inside each fold. The
cross-validated report (per-class precision, recall, F1, macro-F1, calibration error) is
printed on stdout and stored in the model file with the data files' SHA-256 digests, the
counts per label and every hyperparameter. Same data and seed give a byte-identical file.

Memory: about rows x features x 8 bytes per fold being fitted (two folds at a time).

Example:
  stance train --data data/stance --data ../shared/corpora/webis-editorials --out models/my.model";

#[derive(clap::Args)]
pub struct Args {
    /// Labelled data: a file or directory, optionally as KIND:PATH (repeatable).
    #[arg(long, required = true, value_name = "PATH")]
    data: Vec<String>,
    /// Where to write the model (written atomically).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// What to learn.
    #[arg(long, value_enum, default_value_t = Task::Stance)]
    task: Task,
    /// Cross-validation folds (0 skips CV and uses the first --alpha).
    #[arg(long, default_value_t = 5, value_name = "K")]
    cv: usize,
    /// Seed for fold assignment (and oversampling).
    #[arg(long, default_value_t = 42, value_name = "N")]
    seed: u64,
    /// L2 strengths to try, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "A,..")]
    alpha: Option<Vec<f64>>,
    /// Keep at most this many n-gram features.
    #[arg(long, value_name = "N")]
    max_features: Option<usize>,
    /// Minimum number of training paragraphs an n-gram must occur in.
    #[arg(long, value_name = "N")]
    min_df: Option<usize>,
    /// How unequal class sizes are handled.
    #[arg(long, value_enum)]
    balance: Option<Balance>,
    /// L-BFGS iteration cap.
    #[arg(long, value_name = "N")]
    max_iterations: Option<u64>,
    /// L-BFGS gradient tolerance, per training row.
    #[arg(long, value_name = "T")]
    tolerance: Option<f64>,
    /// Training matrix precision.
    #[arg(long, value_enum)]
    precision: Option<Precision>,
    /// How n-grams are chosen when there are more than --max-features.
    #[arg(long, value_enum)]
    selection: Option<Selection>,
    /// Print the cross-validation summary as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    let mut params = TrainParams {
        task: args.task,
        folds: args.cv,
        seed: args.seed,
        ..TrainParams::default()
    };
    if let Some(a) = args.alpha {
        params.alphas = a;
    }
    if let Some(n) = args.max_features {
        params.tfidf.max_features = n;
    }
    if let Some(n) = args.min_df {
        params.tfidf.min_df = n;
    }
    if let Some(b) = args.balance {
        params.balance = b;
    }
    if let Some(n) = args.max_iterations {
        params.max_iterations = n;
    }
    if let Some(t) = args.tolerance {
        params.gradient_tolerance = t;
    }
    if let Some(p) = args.precision {
        params.precision = p;
    }
    if let Some(s) = args.selection {
        params.tfidf.selection = s;
    }
    params.check()?;
    let mut sources = Vec::new();
    for spec in &args.data {
        let source = corpus::load(spec, args.task)
            .with_context(|| format!("reading training data {spec}"))?;
        eprintln!(
            "stance: read {} examples from {} ({})",
            source.examples.len(),
            source.path,
            source.kind.name()
        );
        sources.push(source);
    }
    let bar = Bar::new();
    let head = train(&params, &sources, &bar)?;
    bar.finish();
    let info = &head.training;
    if args.json {
        println!("{}", serde_json::to_string_pretty(info)?);
    } else {
        let classes = args.task.classes();
        println!(
            "trained a {} model on {} examples ({})",
            args.task.name(),
            info.counts.iter().sum::<usize>(),
            classes
                .iter()
                .zip(&info.counts)
                .map(|(c, n)| format!("{c} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(cv) = &info.cv {
            println!(
                "\n{}-fold cross-validation (macro-F1 per L2 strength):",
                cv.folds
            );
            for g in &cv.grid {
                let mark = if g.alpha == info.alpha {
                    "  <- chosen"
                } else {
                    ""
                };
                println!(
                    "  alpha {:<8} {:.4} ± {:.4}{mark}",
                    g.alpha, g.macro_f1, g.std
                );
            }
            println!(
                "\nout-of-fold report at alpha {}:\n{}",
                info.alpha,
                cv.report.to_table()
            );
        } else {
            println!(
                "no cross-validation (--cv {}); alpha {}",
                args.cv, info.alpha
            );
        }
        println!(
            "vocabulary: {} n-grams + {} dense features",
            head.tfidf.len(),
            head.dense.features.len()
        );
    }
    let mut model = Model { heads: Vec::new() };
    model.set_head(head);
    model
        .save(&args.out)
        .with_context(|| format!("writing the model to {}", args.out.display()))?;
    eprintln!("stance: wrote {}", args.out.display());
    Ok(Outcome::Clean)
}
