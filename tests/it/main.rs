//! Integration tests, one binary (so the crate links once) with a module
//! per command or concern. Most run the real `stance` binary in a fresh
//! temporary folder and check what a user sees: outputs, files, exit codes,
//! errors. `util` holds the helpers they share; fixtures are in
//! `tests/fixtures/`.

mod eval;
mod explain;
mod faults;
mod one_pass;
mod pretty;
mod properties;
mod quotations;
mod report;
mod structure;
mod summary;
mod tag;
mod train;
mod util;
mod web_pages;
