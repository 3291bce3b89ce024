//! What a person sees: `stance tag` records turned into per-document views
//! and rendered for reading.
//!
//! Data flows one way: JSONL records (written by the tag pipeline, or read
//! back from a file) → [`record::RecordLines`] parses and groups them into
//! one [`DocView`] per document → a renderer ([`record::DocSink`]):
//! [`pretty`] (terminal), [`html`] (a self-contained report page) or
//! [`rows`] (one [`Summary`] row per document as a table, CSV or JSONL).
//! Because every view is built from the records, the page, the terminal and
//! the summary always show what the JSONL says.

pub mod html;
pub mod interval;
pub mod pretty;
pub mod record;
pub mod rows;
pub mod summary;
pub mod targets;

pub use record::{DocSink, DocView, RecordLines, TagRecord};
pub use summary::Summary;
