//! Shared passages found in one pass under a memory budget, for the CLI:
//! this holds the run's rendered records until every document is in.
//!
//! Each document is tagged without an index and its records rendered as if
//! it shared nothing ([`PendingDoc`]); its kept fingerprints (about one
//! per two words) go to the shared-passage index ([`SharedIndex`]), and
//! the rendered records, with
//! what resolving them needs (the document's [`Fingerprints`] and where
//! each record's provenance fields are), go to a [`SpillBytes`]. Both stay
//! in memory up to their share of the budget (the index's keys 1/2, the
//! records 3/8) and go to temporary files beyond it; the index's matches
//! get the last 1/8. The keys' share is the one a large input fills first:
//! at the default budget a corpus of about 50 MB of text fills it, so from
//! there on peak memory stays at the budget whatever the input's size.
//! Once every document is in ([`CrossPost::finish`]), the index hands out
//! each document's matches in input order, and the pending documents are
//! read back in the same order: one sharing nothing is copied out as
//! rendered; for the others the index's rule says which paragraphs are
//! shared, and the provenance fields of those are rendered again.
//!
//! The result is exactly what the in-memory path
//! ([`shared_in_memory`](crate::provenance::shared::shared_in_memory)) and
//! [`Tagged::set_shared`] give, whatever the budget: spilling costs disk
//! and time, never accuracy.

use super::Renderer;
use crate::doc::Document;
use crate::progress::Progress;
use crate::provenance::shared::{DocMatches, Fingerprints, SharedIndex};
use crate::provenance::{resolve, ReproducedBy};
use crate::spill::{SpillBytes, SpillReader};
use crate::tag::Tagged;
use std::io::{self, Read, Write};

/// A tagged document whose provenance is not known yet, rendered and
/// encoded for the spill (in the worker that tagged it).
pub struct PendingDoc {
    /// Its id.
    id: String,
    /// What resolving it needs, then its records rendered as if it shared
    /// nothing (see [`CrossPost::add`] for the layout).
    blob: Vec<u8>,
    /// Its kept fingerprints, in document order (repeats are dropped once
    /// the keys are sorted).
    kept: Vec<u64>,
}

impl PendingDoc {
    /// Renders `tagged` (tagged without an index) with `renderer`, and
    /// fingerprints `doc`.
    pub fn new(
        doc: &Document,
        tagged: &[Tagged],
        renderer: &Renderer,
        classes: &[String],
        sentiment_classes: Option<&[String]>,
    ) -> Self {
        // Layout: five u32 counts (records, spans, runs, shingles, bytes),
        // the rendered records, then the runs (paragraph, words), the
        // shingles, per record its length and own provenance code, and the
        // spans. The records are rendered in place, after room for the
        // counts, so they are not copied again.
        let mut blob = vec![0u8; 20];
        let mut records = Vec::with_capacity(tagged.len());
        let mut spans: Vec<(u32, u32)> = Vec::new();
        renderer.document(
            doc,
            tagged,
            classes,
            sentiment_classes,
            &mut blob,
            |t, at, found| {
                records.push(((at.end - at.start) as u32, t.reproduced_by));
                spans.extend(
                    found
                        .iter()
                        .map(|s| ((s.start - at.start) as u32, (s.end - at.start) as u32)),
                );
            },
        );
        let n_bytes = blob.len() - 20;
        let fp = Fingerprints::of(doc);
        let (runs, shingles) = fp.to_parts();
        blob.reserve(runs.len() * 8 + shingles.len() * 8 + records.len() * 5 + spans.len() * 8);
        for (i, n) in [
            records.len(),
            spans.len(),
            runs.len(),
            shingles.len(),
            n_bytes,
        ]
        .into_iter()
        .enumerate()
        {
            blob[i * 4..i * 4 + 4].copy_from_slice(
                &u32::try_from(n)
                    .expect("a document under 4 GB")
                    .to_le_bytes(),
            );
        }
        for (p, n) in runs {
            blob.extend_from_slice(&p.to_le_bytes());
            blob.extend_from_slice(&n.to_le_bytes());
        }
        for s in shingles {
            blob.extend_from_slice(&s.to_le_bytes());
        }
        for &(len, by) in &records {
            blob.extend_from_slice(&len.to_le_bytes());
            blob.push(own_code(by));
        }
        for &(a, b) in &spans {
            blob.extend_from_slice(&a.to_le_bytes());
            blob.extend_from_slice(&b.to_le_bytes());
        }
        PendingDoc {
            id: doc.id.clone(),
            blob,
            kept: fp.kept().collect(),
        }
    }
}

/// How much went where, for the progress notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpillStats {
    /// Bytes of shingle keys written to temporary files.
    pub index_on_disk: u64,
    /// Bytes of pending records written to temporary files.
    pub records_on_disk: u64,
    /// Documents that share a passage with another.
    pub docs_sharing: u64,
}

/// The run's documents, as they come: references first, then the tagged
/// ones.
pub struct CrossPost {
    index: SharedIndex,
    pending: SpillBytes,
    /// Every document's id, one after the other; `id_ends[d]` ends doc d's.
    ids: Vec<u8>,
    id_ends: Vec<usize>,
    n_reference: u32,
}

impl CrossPost {
    /// Holds up to `budget` bytes (1/2 for the index's keys, 3/8 for
    /// pending records, 1/8 for the index's matches) before spilling to
    /// temporary files.
    pub fn new(budget: usize) -> Self {
        CrossPost {
            index: SharedIndex::new(budget / 2, budget / 8),
            pending: SpillBytes::new(budget / 8 * 3),
            ids: Vec::new(),
            id_ends: Vec::new(),
            n_reference: 0,
        }
    }

    fn number(&mut self, id: &str, kept: impl IntoIterator<Item = u64>) -> io::Result<u32> {
        let d = self.index.add(kept)?;
        self.ids.extend_from_slice(id.as_bytes());
        self.id_ends.push(self.ids.len());
        Ok(d)
    }

    fn id(&self, d: u32) -> &str {
        let d = d as usize;
        let start = if d == 0 { 0 } else { self.id_ends[d - 1] };
        std::str::from_utf8(&self.ids[start..self.id_ends[d]]).expect("ids are UTF-8")
    }

    /// Adds a reference document (indexed, not tagged). All references come
    /// before the first [`CrossPost::add`].
    pub fn add_reference(&mut self, doc: &Document) -> io::Result<()> {
        assert_eq!(
            self.n_reference as usize,
            self.id_ends.len(),
            "references come first"
        );
        self.number(&doc.id, Fingerprints::of(doc).kept())?;
        self.n_reference += 1;
        Ok(())
    }

    /// Adds the next tagged document.
    pub fn add(&mut self, doc: PendingDoc) -> io::Result<()> {
        self.number(&doc.id, doc.kept.iter().copied())?;
        self.pending.write_all(&doc.blob)
    }

    /// Resolves every tagged document's shared passages and writes its
    /// records, in the order they were added, to `out`.
    pub fn finish(
        mut self,
        renderer: &Renderer,
        out: &mut dyn Write,
        progress: &dyn Progress,
    ) -> io::Result<SpillStats> {
        let index = std::mem::replace(&mut self.index, SharedIndex::new(0, 0));
        let pending = std::mem::replace(&mut self.pending, SpillBytes::new(0));
        let n_reference = self.n_reference;
        let n_docs = self.id_ends.len() as u32;
        progress.phase("finding shared passages", 0);
        let mut matches = index.finish()?;
        let mut stats = SpillStats {
            index_on_disk: matches.on_disk(),
            records_on_disk: pending.on_disk(),
            docs_sharing: 0,
        };
        let mut these = DocMatches::default();
        for _ in 0..n_reference {
            matches.next_doc(&mut these)?;
        }

        progress.phase("writing", (n_docs - n_reference) as u64);
        let mut reader = pending.into_reader()?;
        let mut meta = Vec::new();
        let mut bytes = Vec::new();
        let mut patched = Vec::new();
        let mut shared_ids: Vec<&str> = Vec::new();
        for _ in n_reference..n_docs {
            let [n_records, n_spans, n_runs, n_shingles, n_bytes] = read_u32s(&mut reader)?;
            let (n_records, n_spans, n_runs, n_shingles) = (
                n_records as usize,
                n_spans as usize,
                n_runs as usize,
                n_shingles as usize,
            );
            bytes.resize(n_bytes as usize, 0);
            reader.read_exact(&mut bytes)?;
            meta.resize(n_runs * 8 + n_shingles * 8 + n_records * 5 + n_spans * 8, 0);
            reader.read_exact(&mut meta)?;
            matches.next_doc(&mut these)?;
            if these.is_empty() {
                out.write_all(&bytes)?;
                progress.advance(1);
                continue;
            }
            stats.docs_sharing += 1;
            let mut at = 0;
            let mut take = |n: usize| {
                at += n;
                &meta[at - n..at]
            };
            let runs: Vec<(u32, u32)> = take(n_runs * 8)
                .chunks_exact(8)
                .map(|c| (u32_at(c, 0), u32_at(c, 4)))
                .collect();
            let shingles: Vec<u64> = take(n_shingles * 8)
                .chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
                .collect();
            let records: Vec<(u32, u8)> = take(n_records * 5)
                .chunks_exact(5)
                .map(|c| (u32_at(c, 0), c[4]))
                .collect();
            let spans: Vec<(u32, u32)> = take(n_spans * 8)
                .chunks_exact(8)
                .map(|c| (u32_at(c, 0), u32_at(c, 4)))
                .collect();
            let fp = Fingerprints::from_parts(&runs, shingles, n_records);
            let shared = these.shared_paragraphs(&fp);
            let provenance_fields: Vec<_> = renderer
                .fields()
                .iter()
                .copied()
                .filter(|f| f.is_provenance())
                .collect();
            let per_record = provenance_fields.len();
            let mut start = 0usize;
            patched.clear();
            for (i, &(len, own)) in records.iter().enumerate() {
                let record = &bytes[start..start + len as usize];
                start += len as usize;
                let others = shared.get(i).map_or(&[][..], |o| o.as_slice());
                if others.is_empty() {
                    patched.extend_from_slice(record);
                    continue;
                }
                shared_ids.clear();
                shared_ids.extend(others.iter().map(|&o| self.id(o)));
                let by = resolve(
                    own_of(own),
                    !others.is_empty(),
                    others.iter().any(|&o| o < n_reference),
                );
                let mut at = 0usize;
                for (field, &(a, b)) in provenance_fields
                    .iter()
                    .zip(&spans[i * per_record..(i + 1) * per_record])
                {
                    patched.extend_from_slice(&record[at..a as usize]);
                    renderer.provenance(*field, by, &shared_ids, &mut patched);
                    at = b as usize;
                }
                patched.extend_from_slice(&record[at..]);
            }
            out.write_all(&patched)?;
            progress.advance(1);
        }
        Ok(stats)
    }
}

fn own_code(by: Option<ReproducedBy>) -> u8 {
    match by {
        None => 0,
        Some(ReproducedBy::Blockquote) => 1,
        Some(ReproducedBy::LeadIn) => 2,
        Some(ReproducedBy::Reference) => 3,
        Some(ReproducedBy::Shared) => 4,
        Some(ReproducedBy::Embed) => 5,
    }
}

fn own_of(code: u8) -> Option<ReproducedBy> {
    match code {
        1 => Some(ReproducedBy::Blockquote),
        2 => Some(ReproducedBy::LeadIn),
        3 => Some(ReproducedBy::Reference),
        4 => Some(ReproducedBy::Shared),
        5 => Some(ReproducedBy::Embed),
        _ => None,
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn read_u32s<const N: usize>(r: &mut SpillReader) -> io::Result<[u32; N]> {
    let mut out = [0u32; N];
    let mut b = [0u8; 4];
    for v in &mut out {
        r.read_exact(&mut b)?;
        *v = u32::from_le_bytes(b);
    }
    Ok(out)
}
