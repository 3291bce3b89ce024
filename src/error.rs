//! The library's error type.
//!
//! Each variant carries the data a user needs to find the problem (path,
//! line, what was expected and found); the binary adds the outer context
//! and prints the whole chain.

use std::path::PathBuf;

/// Errors from reading inputs, training, and loading or saving models.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error on a named file.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line or record of an input file could not be understood.
    #[error("{path}:{line}: {message}")]
    Parse {
        path: String,
        line: usize,
        message: String,
    },
    /// A model file that cannot be used; `message` says why and what to do.
    #[error("{path}: {message}")]
    Model { path: String, message: String },
    /// Training data or parameters that cannot produce a model.
    #[error("{0}")]
    Training(String),
    /// Invalid hyperparameters (from a `check()`).
    #[error("invalid parameter: {0}")]
    Params(String),
    /// The logistic regression solver failed.
    #[error("logistic regression: {0}")]
    Solver(#[from] linfa_logistic::error::Error),
}

/// Shorthand for results with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
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
}
