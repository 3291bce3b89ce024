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
/// budget (half of it for the keys, half for the radix sort's scratch),
/// sorted and written as a run to one temporary file;
/// [`ExternalSorter::finish`] merges the runs. Nothing touches the disk
/// when everything fits.
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
            cap: (budget / (2 * KEY)).max(1024),
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
        radix_sort(&mut self.buf);
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

    /// All keys pushed, in ascending order (repeats kept).
    pub fn finish(mut self) -> io::Result<Sorted> {
        if self.runs.is_empty() {
            radix_sort(&mut self.buf);
            return Ok(Sorted(Keys::Mem(std::mem::take(&mut self.buf).into_iter())));
        }
        self.spill()?;
        self.buf = Vec::new();
        let file = self.file.take().expect("runs were written");
        // Each run reads through its own buffer; together they stay small.
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

/// Sorts keys: a stable LSD radix sort on their high 64 bits (11 bits a
/// pass, passes where every key has the same digit skipped), then each run
/// of keys with the same high bits sorted on the low bits (a no-op when
/// they were pushed in order, as the shingle index pushes documents).
fn radix_sort(keys: &mut Vec<u128>) {
    const BITS: usize = 11;
    const PASSES: usize = 64_usize.div_ceil(BITS);
    const MASK: u64 = (1 << BITS) - 1;
    let n = keys.len();
    if n < 256 {
        keys.sort_unstable();
        return;
    }
    let digit = |k: u128, pass: usize| (((k >> 64) as u64 >> (pass * BITS)) & MASK) as usize;
    let mut counts = vec![[0usize; 1 << BITS]; PASSES];
    for &k in keys.iter() {
        for (pass, c) in counts.iter_mut().enumerate() {
            c[digit(k, pass)] += 1;
        }
    }
    let mut scratch = vec![0u128; n];
    let mut in_keys = true;
    for (pass, c) in counts.iter().enumerate() {
        if c.contains(&n) {
            continue;
        }
        let mut at = [0usize; 1 << BITS];
        let mut sum = 0;
        for (a, &c) in at.iter_mut().zip(c.iter()) {
            *a = sum;
            sum += c;
        }
        let (src, dst) = if in_keys {
            (&keys[..], &mut scratch[..])
        } else {
            (&scratch[..], &mut keys[..])
        };
        for &k in src {
            let d = digit(k, pass);
            dst[at[d]] = k;
            at[d] += 1;
        }
        in_keys = !in_keys;
    }
    if !in_keys {
        std::mem::swap(keys, &mut scratch);
    }
    drop(scratch);
    let mut start = 0;
    while start < n {
        let high = keys[start] >> 64;
        let mut end = start + 1;
        while end < n && keys[end] >> 64 == high {
            end += 1;
        }
        if end - start > 1 && !keys[start..end].is_sorted() {
            keys[start..end].sort_unstable();
        }
        start = end;
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
        for budget in [0, 32 * 3000, 32 * 100_000] {
            let mut s = ExternalSorter::new(budget);
            for &k in &keys {
                s.push(k).unwrap();
            }
            assert_eq!(s.on_disk() > 0, budget < 32 * 50_000, "budget {budget}");
            let got: Vec<u128> = s.finish().unwrap().map(Result::unwrap).collect();
            assert_eq!(got, want, "budget {budget}");
        }
        assert_eq!(ExternalSorter::new(0).finish().unwrap().count(), 0);
    }

    #[test]
    fn radix_sort_sorts_any_keys() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for n in [0, 10, 300, 20_000] {
            for spread in [u128::MAX, 1 << 70, 1000] {
                let mut keys: Vec<u128> = (0..n).map(|_| rng.gen::<u128>() % spread).collect();
                let mut want = keys.clone();
                want.sort_unstable();
                radix_sort(&mut keys);
                assert_eq!(keys, want, "n {n}, spread {spread}");
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
