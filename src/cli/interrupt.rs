//! Ctrl-C and SIGTERM: the run stops at the next document, its temporary
//! output files are removed (the outputs appear complete or not at all),
//! and it exits non-zero saying it was cut short. A run stuck in one long
//! step is stopped all the same a few seconds later, its temporary files
//! removed first.

use anyhow::Result;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a run may take to stop by itself before it is stopped.
const GRACE: Duration = Duration::from_secs(3);

/// Exit status of a run stopped by a signal it did not get to handle (128
/// + SIGINT, as shells report it).
const STOPPED: i32 = 130;

/// The flag the handler sets, and the temporary files to remove.
#[derive(Clone, Default)]
pub struct Interrupt {
    flag: Arc<AtomicBool>,
    temporary: Arc<Mutex<Vec<PathBuf>>>,
}

impl Interrupt {
    /// Installs the handler (once per process; a second install is a no-op
    /// flag that is never set).
    pub fn install() -> Interrupt {
        let interrupt = Interrupt::default();
        let handler = interrupt.clone();
        // Fails only when a handler is already installed (tests calling
        // twice); the run then simply cannot be interrupted gracefully.
        let _ = ctrlc::set_handler(move || handler.fire());
        interrupt
    }

    fn fire(&self) {
        if self.flag.swap(true, Ordering::SeqCst) {
            return;
        }
        std::thread::sleep(GRACE);
        // Still running: remove what would be left behind, and stop.
        for path in self.temporary.lock().map(|t| t.clone()).unwrap_or_default() {
            let _ = std::fs::remove_file(path);
        }
        eprintln!("stance: cut short by Ctrl-C or SIGTERM; nothing was written");
        std::process::exit(STOPPED);
    }

    /// The flag, for loops that check it.
    pub fn flag(&self) -> &AtomicBool {
        &self.flag
    }

    /// Whether the run was asked to stop.
    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Registers a temporary file to remove if the run has to be stopped.
    pub fn remove_on_stop(&self, path: PathBuf) {
        if let Ok(mut t) = self.temporary.lock() {
            t.push(path);
        }
    }

    /// An error when the run was asked to stop: the caller returns it, and
    /// dropping its temporary files removes them.
    pub fn check(&self) -> Result<()> {
        if self.is_set() {
            anyhow::bail!("cut short by Ctrl-C or SIGTERM; nothing was written");
        }
        Ok(())
    }
}
