//! What the reader thread of `stance tag` hands to the tagging side: shared by
//! the file inputs (`tag.rs`) and the web inputs (`fetch.rs`), so neither
//! command file imports the other.

use stance::Document;

/// What the reader thread hands to the tagging side, in input order.
pub enum Item {
    Doc(Document),
    Warning {
        message: String,
        skipped: bool,
    },
    /// Something to know that is not a problem (a feed's number of items).
    Note(String),
    /// A malformed record, skipped (only with --skip-bad).
    Bad(stance::Error),
    /// An input read to its end (a file, or a URL fetched or failed).
    InputDone,
    /// Inputs found on the way (the pages of feeds and sitemaps).
    MoreInputs(u64),
    /// Reading stopped: an input could not be read, or a malformed record
    /// without --skip-bad.
    Failed(stance::Error),
}
