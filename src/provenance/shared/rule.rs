//! The rule that makes a paragraph shared, on one document's fingerprints
//! and the other documents holding each of its kept fingerprints: for each
//! other document, its kept fingerprints this document also has, chained
//! across small gaps; a chain covers its shingles' words widened by the
//! most a shared run can reach past them; chains of at least
//! [`MIN_RUN_WORDS`] words count, and a paragraph at least half covered is
//! shared.

use super::fingerprint::Fingerprints;
use super::{CHAIN_GAP, K, MAX_WORDS_PER_KEPT, MIN_RUN_WORDS, W};
use std::collections::HashMap;
use std::hash::Hash;

/// For each paragraph, the other documents it shares a passage with
/// (sorted, no repeats), given `docs_of(kept fingerprint)`: the other
/// documents holding that kept fingerprint. The caller leaves out the
/// document itself, and gives nothing for a fingerprint found in more than
/// [`MAX_DOCS_PER_SHINGLE`](super::MAX_DOCS_PER_SHINGLE) documents
/// (boilerplate everyone shares), as [`SharedIndex`](super::SharedIndex) does.
pub fn shared_paragraphs<D, I>(fp: &Fingerprints, mut docs_of: impl FnMut(u64) -> I) -> Vec<Vec<D>>
where
    D: Copy + Ord + Hash,
    I: IntoIterator<Item = D>,
{
    let mut out = vec![Vec::new(); fp.n_paragraphs];
    let n_words = fp.word_paragraphs.len();
    if n_words < K {
        return out;
    }
    let mut hits: HashMap<D, Vec<usize>> = HashMap::new();
    for &pos in &fp.kept {
        for d in docs_of(fp.shingles[pos as usize]) {
            hits.entry(d).or_default().push(pos as usize);
        }
    }
    let mut per_par_words = vec![0usize; fp.n_paragraphs];
    for &p in &fp.word_paragraphs {
        per_par_words[p as usize] += 1;
    }
    let mut others: Vec<D> = hits.keys().copied().collect();
    others.sort_unstable();
    for d in others {
        let covered = covered_words(&hits[&d], &fp.word_paragraphs);
        let mut per_par = vec![0usize; fp.n_paragraphs];
        for (i, &c) in covered.iter().enumerate() {
            if c {
                per_par[fp.word_paragraphs[i] as usize] += 1;
            }
        }
        for (p, (&c, &n)) in per_par.iter().zip(&per_par_words).enumerate() {
            if n > 0 && c * 2 >= n {
                out[p].push(d);
            }
        }
    }
    out
}

/// Words covered by chains of at least MIN_RUN_WORDS words, given the
/// positions (ascending) of the kept fingerprints shared with one document.
///
/// Inside a shared run, consecutive kept fingerprints are at most [`W`]
/// shingles apart; an edited word breaks the K shingles that hold it and
/// may move the minima of the windows on either side, so a chain goes on
/// across at most [`CHAIN_GAP`] shingles, and counts only with a kept
/// fingerprint per [`MAX_WORDS_PER_KEPT`] of its words. A chain covers its first
/// shingle's first word to its last shingle's last word, widened by
/// `W - 1` words at each end: the first window wholly inside a shared run
/// starts at the run's first shingle, so its minimum is at most `W - 1`
/// shingles later (and likewise at the end). The widened chain is thus the
/// longest run the fingerprints allow, and at most `2 (W - 1)` words longer
/// than the true one: with W = 3, a run of 20 words never counts as 25.
/// That length is measured whatever surrounds the chain (across paragraphs,
/// past the document's ends), but the words a chain covers
/// are widened only within the paragraphs of its first and last words: a
/// short paragraph right after a shared passage ("And closes.") is not
/// covered by words it may not share.
fn covered_words(positions: &[usize], word_paragraphs: &[u32]) -> Vec<bool> {
    let n_words = word_paragraphs.len();
    let mut keep = vec![false; n_words];
    let mut i = 0;
    while i < positions.len() {
        let first = positions[i];
        let mut last = first;
        let mut n_kept = 1;
        i += 1;
        while i < positions.len() && positions[i] - last <= CHAIN_GAP {
            last = positions[i];
            n_kept += 1;
            i += 1;
        }
        // The length is the chain's, whatever is around it, so both copies
        // of a passage measure the same.
        if last + K - first + 2 * (W - 1) < MIN_RUN_WORDS
            || n_kept * MAX_WORDS_PER_KEPT < last + K - first
        {
            continue;
        }
        let mut start = first.saturating_sub(W - 1);
        let mut end = (last + K + W - 1).min(n_words);
        while word_paragraphs[start] != word_paragraphs[first] {
            start += 1;
        }
        while word_paragraphs[end - 1] != word_paragraphs[last + K - 1] {
            end -= 1;
        }
        for k in &mut keep[start..end] {
            *k = true;
        }
    }
    keep
}
