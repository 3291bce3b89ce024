//! Progress reporting without a terminal dependency: long library
//! operations call a [`Progress`]; the binary implements it with indicatif.

/// Receives progress of long operations. All methods default to nothing.
pub trait Progress: Sync {
    /// A new phase starts, with `total` steps (0 when unknown).
    fn phase(&self, _name: &str, _total: u64) {}
    /// `n` more steps of the current phase are done.
    fn advance(&self, _n: u64) {}
    /// A line of information for the user (e.g. one CV result).
    fn note(&self, _message: &str) {}
    /// Something the user should know even when nobody watches the bar
    /// (e.g. a setting changed to fit memory).
    fn warn(&self, _message: &str) {}
}

/// Reports nothing.
pub struct Quiet;

impl Progress for Quiet {}
