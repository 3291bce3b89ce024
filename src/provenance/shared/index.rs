//! The shared-passage index: which documents hold each kept fingerprint
//! (a winnowed shingle, called a shingle below), under a memory budget.
//!
//! Documents are numbered as they are added (`--reference` sources first,
//! when there are any). Each kept fingerprint of each document becomes a key
//! `(shingle, document)` in an external sort ([`ExternalSorter`]: in memory
//! up to its budget, temporary files beyond it). Once every document is in,
//! [`SharedIndex::finish`] reads the keys in order: the documents of one
//! shingle are next to each other, a shingle a document repeats counts
//! once, and a shingle held by 2 to [`MAX_DOCS_PER_SHINGLE`] documents (the
//! saturation rule, [`is_posting`]) gives, for each of them, a match
//! `(document, shingle, other document)`. The matches are sorted by
//! document in the same way, so [`Matches::next_doc`] hands them out one
//! document at a time, in the order the documents were added. The answer is
//! the same whatever the budgets: spilling costs disk and time, never
//! accuracy.

use super::fingerprint::Fingerprints;
use super::rule::shared_paragraphs;
use super::MAX_DOCS_PER_SHINGLE;
use crate::spill::{ExternalSorter, Sorted};
use std::io;
use std::iter::Peekable;

/// How many distinct documents hold a shingle that is a posting: another
/// document besides the one, and not so many that it is boilerplate
/// everyone shares (the saturation rule). The Spark job applies these
/// bounds in its grouping.
pub const POSTING_DOCS: std::ops::RangeInclusive<usize> = 2..=MAX_DOCS_PER_SHINGLE;

/// Whether a shingle held by `docs` distinct documents is a posting
/// ([`POSTING_DOCS`]).
pub fn is_posting(docs: usize) -> bool {
    POSTING_DOCS.contains(&docs)
}

/// The index of a run's documents (see the module documentation).
pub struct SharedIndex {
    keys: ExternalSorter,
    docs: u32,
    pair_budget: usize,
}

impl SharedIndex {
    /// An index holding up to `key_budget` bytes of `(shingle, document)`
    /// keys in memory, and `pair_budget` bytes of matches once they are
    /// found, before it uses temporary files.
    pub fn new(key_budget: usize, pair_budget: usize) -> Self {
        SharedIndex {
            keys: ExternalSorter::new(key_budget),
            docs: 0,
            pair_budget,
        }
    }

    /// Adds the next document's kept fingerprints (its
    /// [`Fingerprints::kept`]); returns its number.
    pub fn add(&mut self, kept: impl IntoIterator<Item = u64>) -> io::Result<u32> {
        let d = self.docs;
        assert!(d < u32::MAX, "more than 2^32 - 1 documents");
        self.docs += 1;
        self.keys
            .extend(kept.into_iter().map(|s| ((s as u128) << 64) | d as u128))?;
        Ok(d)
    }

    /// Documents added so far.
    pub fn len(&self) -> u32 {
        self.docs
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Every document's matches, found by grouping the keys by shingle
    /// (see the module documentation).
    pub fn finish(self) -> io::Result<Matches> {
        let keys_on_disk = self.keys.on_disk();
        let mut pairs = ExternalSorter::new(self.pair_budget);
        let mut group: Vec<u32> = Vec::with_capacity(MAX_DOCS_PER_SHINGLE + 1);
        let mut current: Option<u64> = None;
        let mut flush = |shingle: u64, group: &mut Vec<u32>| -> io::Result<()> {
            if is_posting(group.len()) {
                for &d in group.iter() {
                    for &o in group.iter().filter(|&&o| o != d) {
                        pairs.push(((d as u128) << 96) | ((shingle as u128) << 32) | o as u128)?;
                    }
                }
            }
            group.clear();
            Ok(())
        };
        for key in self.keys.finish()? {
            let key = key?;
            let (s, d) = ((key >> 64) as u64, key as u32);
            if current != Some(s) {
                if let Some(c) = current {
                    flush(c, &mut group)?;
                }
                current = Some(s);
            }
            // A shingle a document repeats counts once (its keys are next
            // to each other); beyond the cap the shingle is no posting:
            // stop collecting.
            if group.len() <= MAX_DOCS_PER_SHINGLE && group.last() != Some(&d) {
                group.push(d);
            }
        }
        if let Some(c) = current {
            flush(c, &mut group)?;
        }
        let on_disk = keys_on_disk + pairs.on_disk();
        Ok(Matches {
            pairs: pairs.finish()?.peekable(),
            next: 0,
            on_disk,
        })
    }
}

/// Every document's matches, one document at a time (from
/// [`SharedIndex::finish`]).
pub struct Matches {
    pairs: Peekable<Sorted>,
    next: u32,
    on_disk: u64,
}

impl Matches {
    /// Bytes of keys and matches that went to temporary files.
    pub fn on_disk(&self) -> u64 {
        self.on_disk
    }

    /// The matches of the next document (0, 1, ... in the order they were
    /// added), into `into`.
    pub fn next_doc(&mut self, into: &mut DocMatches) -> io::Result<()> {
        let d = self.next;
        self.next += 1;
        into.0.clear();
        while let Some(Ok(k)) = self.pairs.peek() {
            let k = *k;
            if (k >> 96) as u32 > d {
                break;
            }
            self.pairs.next();
            if (k >> 96) as u32 == d {
                into.0.push(((k >> 32) as u64, k as u32));
            }
        }
        if let Some(Err(_)) = self.pairs.peek() {
            return Err(self.pairs.next().expect("peeked").expect_err("an error"));
        }
        Ok(())
    }
}

/// What one document has in common with the others: `(shingle, other
/// document)` pairs, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocMatches(Vec<(u64, u32)>);

impl DocMatches {
    /// Matches from postings found elsewhere (a Spark job's grouping):
    /// `(shingle, other document)` pairs in any order, already limited to
    /// shingles that are postings ([`is_posting`]).
    pub fn from_pairs(mut pairs: Vec<(u64, u32)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        DocMatches(pairs)
    }

    /// Whether the document has no shingle in common with another.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// For each paragraph of the document whose fingerprints are `fp`, the
    /// other documents it shares a passage with (sorted).
    pub fn shared_paragraphs(&self, fp: &Fingerprints) -> Vec<Vec<u32>> {
        let m = &self.0;
        shared_paragraphs(fp, |s| {
            let from = m.partition_point(|x| x.0 < s);
            m[from..].iter().take_while(move |x| x.0 == s).map(|x| x.1)
        })
    }
}

/// The in-memory path: every document's shared paragraphs (for each
/// document, for each paragraph, the numbers of the other documents, that
/// is their places in `fps`), with the index holding everything in memory.
pub fn shared_in_memory(fps: &[Fingerprints]) -> io::Result<Vec<Vec<Vec<u32>>>> {
    let keys: usize = fps.iter().map(|f| f.kept.len()).sum();
    // Room for every key: nothing spills. Matches beyond the same room
    // (passages shared by many documents) may.
    let budget = (keys * 16).max(1 << 16);
    let mut index = SharedIndex::new(budget, budget);
    for fp in fps {
        index.add(fp.kept())?;
    }
    let mut matches = index.finish()?;
    let mut these = DocMatches::default();
    fps.iter()
        .map(|fp| {
            matches.next_doc(&mut these)?;
            Ok(these.shared_paragraphs(fp))
        })
        .collect()
}
