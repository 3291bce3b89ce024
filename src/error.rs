//! The library's error type.
//!
//! One variant per kind of problem, each carrying the data a user needs to
//! find it (path, line, class, what was expected and found) and a message
//! about its own layer only: a file names its path once, a bad record its
//! line, the trainer the class it lacks. The binary adds the outer context
//! (which command, which recipe) and prints the chain.
//!
//! A wrapped foreign error (I/O, a solver's) is part of its variant's
//! message, not a separate `source()`: callers that print only the message
//! (the Python package, per-input warnings) lose nothing, and a printed
//! chain says each thing once (`context: path: reason`).

use std::path::PathBuf;

/// Errors from reading inputs, training, and loading or saving models.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error on a named file.
    #[error("{path}: {error}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        error: std::io::Error,
    },
    /// A line or record of an input file could not be understood.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// 1-based line (or record) number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A data source that cannot be used as a whole (a training corpus with
    /// the wrong labels for the task, a folder without data files or of an
    /// unknown format, a lexicon without entries).
    #[error("{path}: {message}")]
    Data {
        /// The source as given.
        path: String,
        /// Why it cannot be used and what to do.
        message: String,
    },
    /// A model file that cannot be used; `message` says why and what to do.
    #[error("{path}: {message}")]
    Model {
        /// The model file (or "built-in model").
        path: String,
        /// Why it cannot be used and what to do.
        message: String,
    },
    /// The model has no head for the task asked of it.
    #[error("the model has no {} head; train one with `stance train --task {}`", .task.name(), .task.name())]
    NoHead {
        /// The task without a head.
        task: crate::task::Task,
    },
    /// A class has fewer training examples than cross-validation needs.
    #[error("class {class:?} has {count} training example(s); at least {needed} are needed (one per cross-validation fold)")]
    TooFewExamples {
        /// The class.
        class: String,
        /// Its training examples.
        count: usize,
        /// How many are needed.
        needed: usize,
    },
    /// A class is missing from a set of training rows (a cross-validation
    /// fold's, when a class's examples sit in few groups).
    #[error("class {class:?} is missing from {rows}")]
    MissingClass {
        /// The class.
        class: String,
        /// Which rows: "a training fold" or "the training data".
        rows: &'static str,
    },
    /// The context stage was asked for, but no source has documents of two
    /// or more paragraphs to train it on.
    #[error("the context stage needs documents of two or more paragraphs (Webis editorials, labelled articles); none of the sources has any")]
    NoDocuments,
    /// Invalid hyperparameters (from a `check()`).
    #[error("invalid parameter: {0}")]
    Params(String),
    /// A solver failed to fit.
    #[error("{solver}: {message}")]
    Solver {
        /// Which solver: "logistic regression" (linfa-logistic) or "sparse
        /// L-BFGS" (ours, on argmin).
        solver: &'static str,
        /// What it reported.
        message: String,
    },
    /// A broken internal invariant (array shapes, rows without a fold): a
    /// bug in stance, not in its input.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Shorthand for results with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error,
        }
    }

    /// A parse error at `path:line`.
    pub fn parse(path: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Error::Parse {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    /// A data source at `path` that cannot be used, and why.
    pub fn data(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Data {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl From<linfa_logistic::error::Error> for Error {
    fn from(e: linfa_logistic::error::Error) -> Self {
        Error::Solver {
            solver: "logistic regression",
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each thing once: the I/O error is in the message, not repeated as
    /// a source that a printed chain would add again.
    #[test]
    fn io_errors_name_path_and_reason_once() {
        let e = Error::io(
            "a/b.txt",
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        );
        assert_eq!(e.to_string(), "a/b.txt: no such file");
        assert!(std::error::Error::source(&e).is_none());
    }
}
