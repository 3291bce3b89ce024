//! Command-line wiring: argument parsing and the shared helpers the
//! subcommands use (model loading, output opening, progress bars).
//!
//! One file per subcommand (`tag`, `train`, `eval`, `explain`, `report`,
//! `summary`), each opening with its long help; `util` loads models and
//! draws the progress bar; `render` decides what a person sees on stdout
//! (the terminal's look and width, default formats, the pretty and HTML
//! views drawn from records); `fetch` turns `tag`'s web inputs into pages
//! for the read path; `interrupt` stops a run on Ctrl-C and removes its
//! temporary outputs. This module parses the command line, and
//! [`error_message`] prints an error's causes each once. Only the binary
//! compiles this (the `cli` feature): the library never depends on it.

mod eval;
mod eval_target;
mod explain;
mod fetch;
mod genre;
mod input;
mod interrupt;
mod render;
mod report;
mod summary;
mod tag;
mod train;
mod train_target;
mod util;

use clap::{Parser, Subcommand};

/// How a successful run ended.
pub enum Outcome {
    /// Everything was processed.
    Clean,
    /// Some inputs or records were skipped with a warning (exit code 1).
    Skipped,
}

#[derive(Parser)]
#[command(
    name = "stance",
    version,
    about = "Label every paragraph of a post as reported fact, quotation or editorial opinion",
    long_about = "Label every paragraph of a blog post or news article as reported fact, quotation or \
editorial opinion, with a probability for each label.\n\n\
Typical use:\n  stance tag posts/ > tagged.jsonl          tag with the built-in model\n  \
stance train --data data/stance --out my.model   train your own\n  \
stance eval --data dev.csv --model my.model      measure it\n  \
stance tag posts/ --format html -o report.html   a page to read in a browser\n  \
stance summary posts/                            shares of fact, quotation, opinion per post\n\n\
Exit status: 0 success, 1 some inputs were skipped with warnings, 2 usage or fatal error.",
    after_help = "Run `stance <command> --help` for each command's inputs and output columns."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Label the paragraphs of posts (text, JSONL) with the default or a given model.
    #[command(long_about = tag::ABOUT)]
    Tag(tag::Args),
    /// Train a model from labelled paragraphs, choosing its regularisation by cross-validation.
    #[command(long_about = train::ABOUT)]
    Train(train::Args),
    /// Measure a model on labelled data: precision, recall, F1, confusion matrix.
    #[command(long_about = eval::ABOUT)]
    Eval(eval::Args),
    /// Show a model's strongest features, or why paragraphs got their labels.
    #[command(long_about = explain::ABOUT)]
    Explain(explain::Args),
    /// Write `stance tag` output as one self-contained HTML page to read in a browser.
    #[command(long_about = report::ABOUT)]
    Report(report::Args),
    /// One row per document: shares of fact, quotation and opinion, reproduced share, sentiment.
    #[command(long_about = summary::ABOUT)]
    Summary(summary::Args),
}

/// Parses the command line and runs the subcommand.
pub fn run() -> anyhow::Result<Outcome> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // --help and --version are successes; usage errors exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                Err(anyhow::anyhow!("invalid usage (see `stance --help`)"))
            } else {
                Ok(Outcome::Clean)
            };
        }
    };
    match cli.command {
        Command::Tag(a) => tag::run(a),
        Command::Train(a) => train::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Report(a) => report::run(a),
        Command::Summary(a) => summary::run(a),
    }
}

/// The error and its causes, joined by ": ", each said once: a cause
/// whose text is already part of what is written is left out (errors of
/// other crates may both include their cause's text and return it as
/// `source()`, so `{:#}` alone would print it twice; the library's own
/// errors include it and do not return it).
pub fn error_message(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Whether the error is a closed output pipe (`stance tag | head`), which is
/// a normal way for a run to end.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<stance::Error>().is_some_and(|se| matches!(se, stance::Error::Io { error, .. } if error.kind() == std::io::ErrorKind::BrokenPipe))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_chain_says_each_thing_once() {
        let io = std::io::Error::from_raw_os_error(2);
        let err = anyhow::Error::new(stance::Error::io("in/a.txt", io)).context("reading inputs");
        assert_eq!(
            error_message(&err),
            "reading inputs: in/a.txt: No such file or directory (os error 2)"
        );
        let nested = anyhow::anyhow!("disk full").context("writing out.jsonl");
        assert_eq!(error_message(&nested), "writing out.jsonl: disk full");
    }
}
