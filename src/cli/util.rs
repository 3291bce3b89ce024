//! Helpers shared by the subcommands.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use stance::progress::Progress;
use stance::{Classifier, Model, Task};
use std::io::IsTerminal;
use std::path::Path;

/// Loads `path`, or the embedded default model when `path` is `None`.
pub fn load_model(path: Option<&Path>) -> Result<Model> {
    match path {
        Some(p) => Ok(Model::load(p)?),
        None if stance::embedded::DEFAULT_MODEL_BYTES.is_empty() => {
            anyhow::bail!("this binary was built without a default model (models/default.model was missing); pass --model FILE")
        }
        None => stance::default_model().context("the built-in model is unusable"),
    }
}

/// The `--model` and `--task` options of the commands that use one head.
#[derive(clap::Args)]
pub struct HeadArgs {
    /// Model file (default: the built-in model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<std::path::PathBuf>,
    /// Which head of the model to use.
    #[arg(long, value_enum, default_value_t = Task::Stance)]
    pub task: Task,
}

impl HeadArgs {
    /// Loads the model.
    pub fn load(&self) -> Result<Model> {
        load_model(self.model.as_deref())
    }

    /// The head for `--task`, or an error naming what the model has.
    pub fn head<'m>(&self, model: &'m Model) -> Result<&'m Classifier> {
        model.head(self.task).ok_or_else(|| {
            let mut has: Vec<&str> = model.heads.iter().map(|h| h.task.name()).collect();
            if model.target.is_some() {
                has.push(Task::Target.name());
            }
            if self.task == Task::Target && model.target.is_some() {
                // The target head scores a mention of a named target, not a
                // paragraph: saying "no target head" here would be false.
                return anyhow::anyhow!(
                    "--task target: the target head scores the tone toward a named target, \
                     not a paragraph; use `stance tag --target NAME` for the tone per \
                     paragraph and `stance eval --task target` to measure it (this command \
                     takes --task stance or sentiment)"
                );
            }
            anyhow::anyhow!(
                "the model has no {} head (it has: {})",
                self.task.name(),
                has.join(", ")
            )
        })
    }
}

/// A progress bar on stderr that draws only when stderr is a terminal.
pub struct Bar {
    bar: ProgressBar,
    visible: bool,
}

impl Bar {
    /// A hidden-when-piped progress bar.
    pub fn new() -> Self {
        let visible = std::io::stderr().is_terminal();
        let bar = if visible {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        // No length until the first phase says one.
        bar.set_style(spinner_style());
        Bar { bar, visible }
    }

    /// A bar that never draws (when the output itself is on the terminal).
    pub fn hidden() -> Self {
        Bar {
            bar: ProgressBar::hidden(),
            visible: false,
        }
    }

    /// Adds `n` to the length of the current phase (inputs found on the
    /// way: the pages of a feed or sitemap).
    pub fn grow(&self, n: u64) {
        self.bar.inc_length(n);
    }

    /// Clears the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// A phase of known length: a bar and `done/total`.
fn counted_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg:<22} [{bar:30}] {pos}/{len} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// A phase of unknown length: a spinner that turns by itself, no count
/// (a bar of length 0 would read "6/0").
fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg:<22} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

impl Progress for Bar {
    fn phase(&self, name: &str, total: u64) {
        // Each step keeps what is drawn true (indicatif may draw after any
        // of them): the position goes back to 0 first; a count is shown
        // only once its total is set.
        self.bar.set_position(0);
        if total == 0 {
            self.bar.set_style(spinner_style());
            self.bar.set_length(0);
            if self.visible {
                self.bar
                    .enable_steady_tick(std::time::Duration::from_millis(120));
            }
        } else {
            self.bar.disable_steady_tick();
            self.bar.set_length(total);
            self.bar.set_style(counted_style());
        }
        self.bar.set_message(name.to_string());
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    fn note(&self, message: &str) {
        if self.visible {
            self.bar.println(message);
        }
    }

    fn warn(&self, message: &str) {
        self.bar.suspend(|| warn(message));
    }
}

/// Prints a warning line on stderr.
pub fn warn(message: &str) {
    eprintln!("stance: warning: {message}");
}

/// Something to know that is not a problem (the exit status stays 0).
pub fn note(message: &str) {
    eprintln!("stance: note: {message}");
}

/// `512M`, `2G`, `300MB`, `1.5GiB`, `65536` (bytes); units are binary.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let num: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 512M, 2G)"))?;
    let scale = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1u64,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        "T" | "TB" | "TIB" => 1 << 40,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{s}` (use K, M, G or T)"
            ))
        }
    };
    Ok((num * scale as f64) as usize)
}

/// One line of a cross-validation grid as `stance train` prints it: the L2
/// strength, its out-of-fold macro-F1 (± its spread over folds, when known)
/// and a mark on the one chosen.
pub fn grid_line(alpha: f64, macro_f1: f64, std: Option<f64>, chosen: bool) -> String {
    let spread = std.map(|s| format!(" ± {s:.4}")).unwrap_or_default();
    let mark = if chosen { "  <- chosen" } else { "" };
    format!("  alpha {alpha:<8} {macro_f1:.4}{spread}{mark}")
}

/// Applies `--cv`, `--seed` and `--alpha`, where given, over a recipe's
/// folds, seed and alpha grid (every head's trainer takes the three).
pub fn override_cv(
    cv: Option<usize>,
    seed: Option<u64>,
    alpha: Option<Vec<f64>>,
    (folds, seed_to, alphas): (&mut usize, &mut u64, &mut Vec<f64>),
) {
    if let Some(k) = cv {
        *folds = k;
    }
    if let Some(s) = seed {
        *seed_to = s;
    }
    if let Some(a) = alpha {
        *alphas = a;
    }
}
