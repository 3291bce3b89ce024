//! Fingerprints: a document's words hashed, then every run of [`K`] of them
//! (a shingle) hashed to 64 bits, with the paragraph of each word; and the
//! shingles winnowing keeps (the minimum of each window of [`W`]), which
//! are all the index holds.

use super::{K, W};
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
    /// The positions (in `shingles`) of the kept fingerprints, ascending
    /// ([`winnow`]).
    pub(super) kept: Vec<u32>,
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
            kept: winnow(&shingles),
            shingles,
            n_paragraphs: doc.paragraphs.len(),
        }
    }

    /// The hashes of the kept fingerprints, in document order (a hash the
    /// document repeats may come more than once): the document's keys in
    /// the index, and all another document can match.
    pub fn kept(&self) -> impl Iterator<Item = u64> + '_ {
        self.kept.iter().map(|&i| self.shingles[i as usize])
    }
}

/// Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003): the position of
/// the smallest hash of each window of [`W`] consecutive shingles (the
/// rightmost one on a tie), each position once; a document with fewer
/// shingles than a window keeps its smallest. Two documents sharing a run of
/// at least `W + K - 1` words share the whole window inside it, hence its
/// minimum: they share a kept fingerprint. On text that does not repeat,
/// about 2 / (W + 1) of the shingles are kept.
fn winnow(shingles: &[u64]) -> Vec<u32> {
    let mut kept: Vec<u32> = Vec::with_capacity(shingles.len() * 2 / (W + 1) + 1);
    let windows = shingles.len().saturating_sub(W - 1).max(1);
    for start in 0..windows.min(shingles.len()) {
        let window = &shingles[start..(start + W).min(shingles.len())];
        let mut at = 0;
        for (i, &h) in window.iter().enumerate() {
            if h <= window[at] {
                at = i;
            }
        }
        let at = (start + at) as u32;
        if kept.last() != Some(&at) {
            kept.push(at);
        }
    }
    kept
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
            kept: winnow(&shingles),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text_document;

    /// `n` words that do not repeat (a made-up vocabulary, from a seeded
    /// linear congruential generator).
    fn words(seed: u64, n: usize) -> Vec<String> {
        let mut x = seed.wrapping_mul(6_364_136_223_846_793_005) | 1;
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                format!("w{:x}", x >> 24)
            })
            .collect()
    }

    fn fingerprints(words: &[String]) -> Fingerprints {
        Fingerprints::of(&text_document("d", words.join(" ")))
    }

    #[test]
    fn any_run_of_w_plus_k_minus_1_words_shares_a_kept_fingerprint() {
        let run = W + K - 1;
        for seed in 0..300u64 {
            let shared = words(seed + 1_000, run);
            let (a_own, b_own) = (words(seed * 2 + 1, 40), words(seed * 2 + 2, 40));
            let at = (seed as usize * 7) % 40;
            let a: Vec<String> = [&a_own[..at], &shared[..], &a_own[at..]].concat();
            let b: Vec<String> = [&b_own[..40 - at], &shared[..], &b_own[40 - at..]].concat();
            let (fa, fb) = (fingerprints(&a), fingerprints(&b));
            let kept_b: Vec<u64> = fb.kept().collect();
            assert!(
                fa.kept().any(|h| kept_b.contains(&h)),
                "seed {seed}: a run of {run} shared words shares no kept fingerprint"
            );
        }
        // One word fewer is not guaranteed: some such pairs share none.
        let missed = (0..300u64)
            .filter(|&seed| {
                let shared = words(seed + 1_000, run - 1);
                let a = [&words(seed * 2 + 1, 20)[..], &shared[..]].concat();
                let b = [&shared[..], &words(seed * 2 + 2, 20)[..]].concat();
                let kept_b: Vec<u64> = fingerprints(&b).kept().collect();
                !fingerprints(&a).kept().any(|h| kept_b.contains(&h))
            })
            .count();
        assert!(missed > 0);
    }

    #[test]
    fn about_two_in_w_plus_1_shingles_are_kept() {
        let fp = fingerprints(&words(7, 20_000));
        let density = fp.kept.len() as f64 / fp.shingles.len() as f64;
        let expected = 2.0 / (W as f64 + 1.0);
        assert!(
            (density - expected).abs() < 0.02,
            "density {density:.3}, expected about {expected:.3}"
        );
        // Positions ascend, none repeats, and no window of W lacks one.
        assert!(fp.kept.windows(2).all(|p| p[0] < p[1]));
        assert!(fp.kept.windows(2).all(|p| (p[1] - p[0]) as usize <= W));
    }

    #[test]
    fn a_document_shorter_than_a_window_keeps_its_smallest_shingle() {
        let fp = fingerprints(&words(3, K + W - 2));
        assert_eq!(fp.shingles.len(), W - 1);
        let min = *fp.shingles.iter().min().unwrap();
        assert_eq!(fp.kept().collect::<Vec<_>>(), [min]);
        assert_eq!(fingerprints(&words(3, K - 1)).kept().count(), 0);
    }

    #[test]
    fn stored_parts_give_the_same_fingerprints() {
        let fp = Fingerprints::of(&text_document(
            "d",
            format!("{}\n\n{}", words(1, 30).join(" "), words(2, 9).join(" ")),
        ));
        let (runs, shingles) = fp.to_parts();
        let back = Fingerprints::from_parts(&runs, shingles.to_vec(), fp.paragraphs());
        assert_eq!(back, fp);
    }
}
