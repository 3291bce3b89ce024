//! Data kept in memory up to a budget, then in temporary files: a byte
//! stream written once and read back once in order ([`SpillBytes`]), and
//! an external sort of `u128` keys ([`ExternalSorter`]: sorted runs of at
//! most a budget each, written to one temporary file and merged).
//!
//! Temporary files are unnamed (`tempfile::tempfile`, in `$TMPDIR`): the
//! system removes them when the process ends, however it ends.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// Bytes appended in order, then read back once, in order: in memory up to
/// a limit, then in a temporary file.
pub struct SpillBytes {
    mem: Vec<u8>,
    limit: usize,
    file: Option<BufWriter<File>>,
    len: u64,
}

impl SpillBytes {
    /// A spill holding up to `limit` bytes in memory.
    pub fn new(limit: usize) -> Self {
        SpillBytes {
            mem: Vec::new(),
            limit,
            file: None,
            len: 0,
        }
    }

    /// Bytes written so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes that went to disk (0 while everything fits in memory).
    pub fn on_disk(&self) -> u64 {
        if self.file.is_some() {
            self.len
        } else {
            0
        }
    }

    /// Appends `bytes`.
    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.len += bytes.len() as u64;
        if self.file.is_none() && self.mem.len() + bytes.len() > self.limit {
            let mut file = BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
            file.write_all(&self.mem)?;
            self.mem = Vec::new();
            self.file = Some(file);
        }
        match &mut self.file {
            Some(f) => f.write_all(bytes),
            None => {
                if self.mem.capacity() == 0 {
                    // Reserved once, not grown by copying (pages are only
                    // touched as bytes arrive).
                    self.mem.reserve_exact(self.limit);
                }
                self.mem.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    /// Everything written, from the start.
    pub fn into_reader(self) -> io::Result<SpillReader> {
        Ok(match self.file {
            None => SpillReader::Mem(io::Cursor::new(self.mem)),
            Some(f) => {
                let mut file = f.into_inner().map_err(|e| e.into_error())?;
                file.seek(SeekFrom::Start(0))?;
                SpillReader::File(BufReader::with_capacity(1 << 16, file))
            }
        })
    }
}

/// Reads a [`SpillBytes`] back.
pub enum SpillReader {
    /// It stayed in memory.
    Mem(io::Cursor<Vec<u8>>),
    /// It went to a temporary file.
    File(BufReader<File>),
}

impl Read for SpillReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            SpillReader::Mem(c) => c.read(buf),
            SpillReader::File(f) => f.read(buf),
        }
    }

    fn read_exact(&mut self, buf: &mut [u8]) -> io::Result<()> {
        match self {
            SpillReader::Mem(c) => c.read_exact(buf),
            SpillReader::File(f) => f.read_exact(buf),
        }
    }
}

const KEY: usize = 16;

/// Sorts `u128` keys under a memory budget: keys are buffered up to the
/// budget, sorted in place and written as a run to one temporary file;
/// [`ExternalSorter::finish`] merges the runs with the last one, which
/// stays in memory. Nothing touches the disk when everything fits.
pub struct ExternalSorter {
    buf: Vec<u128>,
    cap: usize,
    file: Option<File>,
    /// (offset, keys) of each run in `file`.
    runs: Vec<(u64, u64)>,
    written: u64,
}

impl ExternalSorter {
    /// A sorter holding at most `budget` bytes of keys in memory.
    pub fn new(budget: usize) -> Self {
        ExternalSorter {
            buf: Vec::new(),
            cap: (budget / KEY).max(1024),
            file: None,
            runs: Vec::new(),
            written: 0,
        }
    }

    /// Adds a key.
    pub fn push(&mut self, key: u128) -> io::Result<()> {
        if self.buf.len() >= self.cap {
            self.spill()?;
        }
        if self.buf.capacity() == 0 {
            // Reserved once (pages are only touched as keys arrive).
            self.buf.reserve_exact(self.cap);
        }
        self.buf.push(key);
        Ok(())
    }

    /// Adds keys.
    pub fn extend(&mut self, keys: impl IntoIterator<Item = u128>) -> io::Result<()> {
        for k in keys {
            self.push(k)?;
        }
        Ok(())
    }

    /// Bytes of keys written to disk so far.
    pub fn on_disk(&self) -> u64 {
        self.written
    }

    /// Keys held in memory now, in bytes.
    pub fn in_memory(&self) -> usize {
        self.buf.capacity() * KEY
    }

    fn spill(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        // Spilling happens while documents are being tagged: sorted here,
        // on the caller's thread, not on the tagging pool.
        sort_keys(&mut self.buf, false);
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(tempfile::tempfile()?),
        };
        let mut w = BufWriter::with_capacity(1 << 16, &*file);
        for k in &self.buf {
            w.write_all(&k.to_le_bytes())?;
        }
        w.flush()?;
        drop(w);
        self.runs.push((self.written, self.buf.len() as u64));
        self.written += (self.buf.len() * KEY) as u64;
        self.buf.clear();
        Ok(())
    }

    /// All keys pushed, in ascending order (repeats kept). The keys still
    /// in memory are sorted on the current rayon pool's threads, and merged
    /// from memory with the runs on disk (each read through a buffer of at
    /// most 64 KiB).
    pub fn finish(mut self) -> io::Result<Sorted> {
        sort_keys(&mut self.buf, true);
        if self.runs.is_empty() {
            return Ok(Sorted(Keys::Mem(std::mem::take(&mut self.buf).into_iter())));
        }
        let file = self.file.take().expect("runs were written");
        let chunk = (self.cap * KEY / self.runs.len()).clamp(KEY * 64, 1 << 16) / KEY;
        let mut runs: Vec<Run> = self
            .runs
            .iter()
            .map(|&(offset, keys)| Run {
                offset,
                left: keys,
                buf: Vec::new(),
                at: 0,
            })
            .collect();
        // The last run never went to disk.
        runs.push(Run {
            offset: 0,
            left: 0,
            buf: std::mem::take(&mut self.buf),
            at: 0,
        });
        let mut heap = BinaryHeap::with_capacity(runs.len());
        for (i, run) in runs.iter_mut().enumerate() {
            if let Some(k) = run.next(&file, chunk)? {
                heap.push(Reverse((k, i)));
            }
        }
        Ok(Sorted(Keys::Merge {
            file,
            runs,
            heap,
            chunk,
        }))
    }
}

/// Sorts keys in place, with no scratch memory (so that the budget holds
/// twice the keys a radix sort's scratch copy would leave room for):
/// pattern-defeating quicksort, on the current rayon pool's threads with
/// `parallel` (the last run, sorted once the input has ended, while
/// nothing else runs). An in-place radix pass (American flag sort) was
/// tried: its chains of dependent random loads made it 2-5 times slower
/// than this on some millions of keys.
fn sort_keys(keys: &mut [u128], parallel: bool) {
    if parallel {
        use rayon::prelude::*;
        keys.par_sort_unstable();
    } else {
        keys.sort_unstable();
    }
}

/// One sorted run being merged.
struct Run {
    /// Where its unread keys start in the file.
    offset: u64,
    left: u64,
    buf: Vec<u128>,
    at: usize,
}

impl Run {
    fn next(&mut self, mut file: &File, chunk: usize) -> io::Result<Option<u128>> {
        if self.at == self.buf.len() {
            if self.left == 0 {
                return Ok(None);
            }
            let n = (chunk as u64).min(self.left) as usize;
            let mut bytes = vec![0u8; n * KEY];
            file.seek(SeekFrom::Start(self.offset))?;
            file.read_exact(&mut bytes)?;
            self.buf.clear();
            self.buf.extend(
                bytes
                    .chunks_exact(KEY)
                    .map(|c| u128::from_le_bytes(c.try_into().expect("16 bytes"))),
            );
            self.at = 0;
            self.offset += (n * KEY) as u64;
            self.left -= n as u64;
        }
        self.at += 1;
        Ok(Some(self.buf[self.at - 1]))
    }
}

/// The keys of an [`ExternalSorter`], in order.
pub struct Sorted(Keys);

enum Keys {
    /// Everything fitted in memory.
    Mem(std::vec::IntoIter<u128>),
    /// Runs merged from the temporary file.
    Merge {
        /// The runs' file.
        file: File,
        /// Their read positions.
        runs: Vec<Run>,
        /// The next key of each run.
        heap: BinaryHeap<Reverse<(u128, usize)>>,
        /// Keys read at a time per run.
        chunk: usize,
    },
}

impl Iterator for Sorted {
    type Item = io::Result<u128>;

    fn next(&mut self) -> Option<io::Result<u128>> {
        match &mut self.0 {
            Keys::Mem(it) => it.next().map(Ok),
            Keys::Merge {
                file,
                runs,
                heap,
                chunk,
            } => {
                let Reverse((k, i)) = heap.pop()?;
                match runs[i].next(file, *chunk) {
                    Ok(Some(next)) => heap.push(Reverse((next, i))),
                    Ok(None) => {}
                    Err(e) => return Some(Err(e)),
                }
                Some(Ok(k))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn spilled_runs_merge_to_the_sorted_keys() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let keys: Vec<u128> = (0..50_000).map(|_| rng.gen::<u128>() % 5_000).collect();
        let mut want = keys.clone();
        want.sort_unstable();
        for budget in [0, 16 * 3000, 16 * 100_000] {
            let mut s = ExternalSorter::new(budget);
            for &k in &keys {
                s.push(k).unwrap();
            }
            assert_eq!(s.on_disk() > 0, budget < 16 * 50_000, "budget {budget}");
            let got: Vec<u128> = s.finish().unwrap().map(Result::unwrap).collect();
            assert_eq!(got, want, "budget {budget}");
        }
        assert_eq!(ExternalSorter::new(0).finish().unwrap().count(), 0);
    }

    #[test]
    fn in_place_sort_sorts_any_keys() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for n in [0, 10, 127, 128, 300, 20_000, 100_000] {
            // Uniform keys, keys whose top bits are all equal (one bucket),
            // few distinct values, and shingle-like keys (hash << 64 | doc).
            for spread in [u128::MAX, 1 << 70, 1000, 0] {
                let keys: Vec<u128> = (0..n)
                    .map(|i| match spread {
                        0 => ((rng.gen::<u64>() as u128) << 64) | (i as u128 / 7),
                        s => rng.gen::<u128>() % s,
                    })
                    .collect();
                let mut want = keys.clone();
                want.sort_unstable();
                for parallel in [false, true] {
                    let mut got = keys.clone();
                    sort_keys(&mut got, parallel);
                    assert_eq!(got, want, "n {n}, spread {spread}, parallel {parallel}");
                }
            }
        }
    }

    #[test]
    fn spilled_bytes_read_back_in_order() {
        for limit in [0, 10, 1 << 20] {
            let mut s = SpillBytes::new(limit);
            let mut want = Vec::new();
            for i in 0..1000u32 {
                let b = i.to_le_bytes();
                s.write_all(&b).unwrap();
                want.extend_from_slice(&b);
            }
            assert_eq!(s.on_disk() > 0, limit < 4000);
            let mut got = Vec::new();
            s.into_reader().unwrap().read_to_end(&mut got).unwrap();
            assert_eq!(got, want);
        }
    }
}
