//! Integration tests, one binary (so the crate links once) with a module
//! per command or concern. Most run the real `stance` binary in a fresh
//! temporary folder and check what a user sees: outputs, files, exit codes,
//! errors. `util` holds the helpers they share; fixtures are in
//! `tests/fixtures/`; `server` is a test HTTP server on 127.0.0.1 (shared
//! with the fetch crate's tests).

mod calibration;
mod eval;
mod explain;
mod faults;
mod genre;
mod identity;
mod one_pass;
mod pretty;
mod properties;
mod quotations;
mod report;
mod skipped;
mod structure;
mod summary;
mod tag;
mod targets;
mod train;
mod util;
mod web;
mod web_pages;

// The fetch crate's test HTTP server (127.0.0.1 only), for `web`.
#[path = "../../fetch/tests/server/mod.rs"]
mod server;
