//! Fingerprints: a document's words hashed, then every run of [`K`] of them
//! (a shingle) hashed to 64 bits, with the paragraph of each word.

use super::K;
use crate::doc::Document;

/// A document's shingles, the unit every shared-passage lookup works on:
/// computed once per document, they are indexed ([`SharedIndex`](super::SharedIndex),
/// or a Spark job's grouping across a cluster) and resolved with
/// [`shared_paragraphs`](super::shared_paragraphs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    /// The paragraph of each word of the document's word stream.
    pub(super) word_paragraphs: Vec<u32>,
    /// The hash of each shingle: `shingles[i]` covers words `i..i + K`.
    pub shingles: Vec<u64>,
    /// Paragraphs in the document.
    pub(super) n_paragraphs: usize,
}

impl Fingerprints {
    /// The fingerprints of `doc`: its words (lowercased letters and digits,
    /// from each paragraph's analysed prefix) hashed, then every run of
    /// [`K`] of them.
    pub fn of(doc: &Document) -> Self {
        let mut word_paragraphs = Vec::new();
        // Word hashes first; each is then replaced, in place, by the hash
        // of the shingle it starts (the K - 1 last ones are dropped).
        let mut shingles = Vec::new();
        for p in &doc.paragraphs {
            let text = crate::doc::analysed_prefix(&p.text);
            word_hashes(text, &mut shingles);
            word_paragraphs.resize(shingles.len(), p.index as u32);
        }
        for i in 0..shingles.len().saturating_sub(K - 1) {
            shingles[i] = shingles[i..i + K]
                .iter()
                .fold(0xcbf2_9ce4_8422_2325u64, |h, &x| {
                    (h.rotate_left(23) ^ x).wrapping_mul(0x0100_0000_01b3)
                });
        }
        shingles.truncate(shingles.len().saturating_sub(K - 1));
        Fingerprints {
            word_paragraphs,
            shingles,
            n_paragraphs: doc.paragraphs.len(),
        }
    }
}

impl Fingerprints {
    /// A compact form for storing: the word stream's paragraphs as runs of
    /// (paragraph, words), and the shingle hashes.
    pub fn to_parts(&self) -> (Vec<(u32, u32)>, &[u64]) {
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for &p in &self.word_paragraphs {
            match runs.last_mut() {
                Some((q, n)) if *q == p => *n += 1,
                _ => runs.push((p, 1)),
            }
        }
        (runs, &self.shingles)
    }

    /// The fingerprints stored with [`Fingerprints::to_parts`], of a
    /// document of `n_paragraphs` paragraphs.
    pub fn from_parts(runs: &[(u32, u32)], shingles: Vec<u64>, n_paragraphs: usize) -> Self {
        let mut word_paragraphs = Vec::with_capacity(runs.iter().map(|r| r.1 as usize).sum());
        for &(p, n) in runs {
            word_paragraphs.extend(std::iter::repeat_n(p, n as usize));
        }
        Fingerprints {
            word_paragraphs,
            shingles,
            n_paragraphs,
        }
    }

    /// Paragraphs in the document.
    pub fn paragraphs(&self) -> usize {
        self.n_paragraphs
    }
}

/// Appends the hash of each word of `text` (a maximal run of alphanumeric
/// characters), lowercased, to `out`. One scan of the bytes: ASCII is
/// handled byte by byte, other characters are decoded; a word's lowercase
/// UTF-8 bytes go through an FxHash-style step, then a full 64-bit mix
/// (murmur3's finaliser) spreads the hash over all 64 bits.
fn word_hashes(text: &str, out: &mut Vec<u64>) {
    const SEED: u64 = 0x517c_c1b7_2722_0a95;
    #[inline]
    fn step(h: u64, b: u8) -> u64 {
        (h.rotate_left(5) ^ b as u64).wrapping_mul(SEED)
    }
    #[inline]
    fn finish(h: u64, len: u64) -> u64 {
        let mut x = h ^ len.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
    let bytes = text.as_bytes();
    let (mut h, mut len) = (0u64, 0u64);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            if b.is_ascii_alphanumeric() {
                h = step(h, b.to_ascii_lowercase());
                len += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().expect("a char boundary");
            i += c.len_utf8();
            if c.is_alphanumeric() {
                let mut utf8 = [0u8; 4];
                for l in c.to_lowercase() {
                    for &u in l.encode_utf8(&mut utf8).as_bytes() {
                        h = step(h, u);
                        len += 1;
                    }
                }
                continue;
            }
        }
        if len > 0 {
            out.push(finish(h, len));
            (h, len) = (0, 0);
        }
    }
    if len > 0 {
        out.push(finish(h, len));
    }
}
