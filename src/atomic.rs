//! Atomic file writes: write to a temporary file in the destination's
//! directory, flush and sync it, then rename it over the destination, so a
//! crash or kill never leaves a half-written file and the previous file
//! stays intact until the new one is complete.

use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written; it appears at its path only on [`commit`].
///
/// Dropping it without committing deletes the temporary file.
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    path: PathBuf,
    writer: BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path` (the temporary file sits beside it).
    pub fn create(path: &Path) -> Result<Self> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".stance-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(path, without_temp_path(e)))?;
        // Temporary files are private (0600); the finished file should have
        // the permissions the old one had, or ordinary ones.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)
                .map(|m| m.permissions().mode())
                .unwrap_or(0o644);
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode))
                .map_err(|e| Error::io(path, e))?;
        }
        Ok(AtomicFile {
            path: path.to_path_buf(),
            writer: BufWriter::with_capacity(1 << 16, tmp),
        })
    }

    /// The temporary file being written, for a caller that must remove it
    /// when the process is stopped before `drop` can run.
    pub fn temp_path(&self) -> &Path {
        self.writer.get_ref().path()
    }

    /// The writer to fill.
    pub fn writer(&mut self) -> &mut BufWriter<tempfile::NamedTempFile> {
        &mut self.writer
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let tmp = self
            .writer
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        tmp.as_file().sync_all().map_err(|e| Error::io(&path, e))?;
        tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        Ok(())
    }
}

/// The operating system's error behind a failure to create the temporary
/// file, without the temporary file's name that `tempfile` appends to it
/// (" at path ..."): the user named `path`, never saw the temporary name, and
/// should read about the output they asked for (e.g. a read-only or missing
/// folder).
fn without_temp_path(e: std::io::Error) -> std::io::Error {
    let message = e.to_string();
    match message.find(" at path ") {
        Some(at) => std::io::Error::new(e.kind(), &message[..at]),
        None => e,
    }
}

/// Writes `path` atomically with the bytes produced by `write`.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    let mut file = AtomicFile::create(path)?;
    write(file.writer()).map_err(|e| Error::io(path, e))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_keeps_the_old_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, |w| w.write_all(b"old")).unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn an_unwritable_folder_is_reported_for_the_output_path() {
        let dir = tempfile::tempdir().unwrap();
        // A file where a folder should be: fails for any user, root included.
        std::fs::write(dir.path().join("file"), b"").unwrap();
        let path = dir.path().join("file").join("out.txt");
        let err = AtomicFile::create(&path).err().expect("cannot create");
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("{}: ", path.display())),
            "{message}"
        );
        assert!(
            !message.contains(".stance-"),
            "no temporary name: {message}"
        );
    }

    #[test]
    fn uncommitted_file_never_appears() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.txt");
        let mut f = AtomicFile::create(&path).unwrap();
        f.writer().write_all(b"data").unwrap();
        drop(f);
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
