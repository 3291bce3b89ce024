//! The rule that makes a paragraph shared, on one document's fingerprints
//! and the other documents holding each of its shingles: words covered by
//! common shingles, joined across small gaps into passages of at least
//! [`MIN_RUN_WORDS`] words; a paragraph at least half covered is shared.

use super::fingerprint::Fingerprints;
use super::{K, MAX_GAP, MIN_RUN_WORDS};
use std::collections::HashMap;
use std::hash::Hash;

/// For each paragraph, the other documents it shares a passage with
/// (sorted, no repeats), given `docs_of(shingle)`: the other documents
/// holding that shingle. The caller leaves out the document itself, and
/// gives nothing for a shingle found in more than [`MAX_DOCS_PER_SHINGLE`](super::MAX_DOCS_PER_SHINGLE)
/// documents (boilerplate everyone shares), as [`SharedIndex`](super::SharedIndex) does.
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
    for (pos, &s) in fp.shingles.iter().enumerate() {
        for d in docs_of(s) {
            hits.entry(d).or_default().push(pos);
        }
    }
    let mut per_par_words = vec![0usize; fp.n_paragraphs];
    for &p in &fp.word_paragraphs {
        per_par_words[p as usize] += 1;
    }
    let mut others: Vec<D> = hits.keys().copied().collect();
    others.sort_unstable();
    for d in others {
        let covered = covered_words(&hits[&d], n_words);
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

/// Words covered by passages of at least MIN_RUN_WORDS, given the positions
/// of matching shingles.
fn covered_words(positions: &[usize], n_words: usize) -> Vec<bool> {
    let mut covered = vec![false; n_words];
    for &p in positions {
        for c in &mut covered[p..(p + K).min(n_words)] {
            *c = true;
        }
    }
    // Runs of covered words, joined across gaps of at most MAX_GAP.
    let mut keep = vec![false; n_words];
    let mut i = 0;
    while i < n_words {
        if !covered[i] {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i; // one past the last covered word of the run
        let mut j = i;
        while j < n_words {
            if covered[j] {
                end = j + 1;
                j += 1;
            } else if j - end < MAX_GAP
                && (j + 1..=(end + MAX_GAP).min(n_words - 1)).any(|k| covered[k])
            {
                j += 1;
            } else {
                break;
            }
        }
        if end - start >= MIN_RUN_WORDS {
            for k in &mut keep[start..end] {
                *k = true;
            }
        }
        i = end.max(start + 1);
    }
    keep
}
