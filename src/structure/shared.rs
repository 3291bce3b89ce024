//! Passages shared between documents: the same text (near enough word for
//! word, at least [`MIN_RUN_WORDS`] words) in two or more posts.
//!
//! Every document's words (lowercased letters and digits, so quote styles
//! and punctuation do not matter) form one stream across its paragraphs;
//! every run of [`K`] consecutive words (a shingle) is hashed to 64 bits and
//! indexed to the documents containing it. To find what a document shares
//! with document D, we mark the words covered by shingles D also has, join
//! covered stretches separated by at most [`MAX_GAP`] uncovered words (an
//! edited word breaks K shingles but leaves only itself uncovered), and keep
//! stretches of at least [`MIN_RUN_WORDS`] words. A paragraph at least half
//! covered by kept stretches is shared with D. Passages may cross paragraph
//! boundaries, so a passage split differently in two posts is still found.
//!
//! Memory is one 12-byte entry per distinct shingle (about one per word of
//! input), never pairs of documents.

use crate::doc::Document;
use std::collections::HashMap;
use std::hash::Hash;

/// Words per shingle.
pub const K: usize = 5;
/// Shortest shared passage, in words.
pub const MIN_RUN_WORDS: usize = 25;
/// Uncovered words tolerated inside a passage (small edits).
pub const MAX_GAP: usize = 3;
/// Documents remembered per shingle; beyond this a shingle is boilerplate
/// everyone shares and is ignored.
pub const MAX_DOCS_PER_SHINGLE: usize = 32;

/// Index of shingles → documents.
#[derive(Default)]
pub struct SharedIndex {
    /// Shingle → a document index, or `OVERFLOW | i` for `lists[i]`.
    map: HashMap<u64, u32>,
    lists: Vec<Vec<u32>>,
    docs: Vec<IndexedDoc>,
}

/// A document known to the index.
#[derive(Debug, Clone)]
pub struct IndexedDoc {
    /// Its id.
    pub id: String,
    /// From `--reference`: checked against, not tagged.
    pub reference: bool,
}

const OVERFLOW: u32 = 1 << 31;
const SATURATED: u32 = u32::MAX;

/// A document's shingles, the unit every shared-passage lookup works on:
/// computed once per document, they can be indexed here or elsewhere (a
/// Spark job groups them across a cluster) and resolved with
/// [`shared_paragraphs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    /// The paragraph of each word of the document's word stream.
    word_paragraphs: Vec<u32>,
    /// The hash of each shingle: `shingles[i]` covers words `i..i + K`.
    pub shingles: Vec<u64>,
    /// Paragraphs in the document.
    n_paragraphs: usize,
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

/// For each paragraph, the other documents it shares a passage with
/// (sorted, no repeats), given `docs_of(shingle)`: the other documents
/// holding that shingle. The caller leaves out the document itself, and
/// gives nothing for a shingle found in more than [`MAX_DOCS_PER_SHINGLE`]
/// documents (boilerplate everyone shares), as [`SharedIndex`] does.
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

impl SharedIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of documents indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Number of distinct shingles held.
    pub fn shingles(&self) -> usize {
        self.map.len()
    }

    /// The document at `index`.
    pub fn doc(&self, index: u32) -> &IndexedDoc {
        &self.docs[index as usize]
    }

    /// Adds a document; returns its index.
    pub fn add(&mut self, doc: &Document, reference: bool) -> u32 {
        let d = self.docs.len() as u32;
        assert!(d < OVERFLOW, "more than 2^31 documents");
        self.docs.push(IndexedDoc {
            id: doc.id.clone(),
            reference,
        });
        for &s in &Fingerprints::of(doc).shingles {
            match self.map.get_mut(&s) {
                None => {
                    self.map.insert(s, d);
                }
                Some(v) if *v == SATURATED || *v == d => {}
                Some(v) if *v & OVERFLOW == 0 => {
                    self.lists.push(vec![*v, d]);
                    *v = OVERFLOW | (self.lists.len() as u32 - 1);
                }
                Some(v) => {
                    let list = &mut self.lists[(*v & !OVERFLOW) as usize];
                    if list.last() != Some(&d) {
                        if list.len() >= MAX_DOCS_PER_SHINGLE {
                            list.clear();
                            list.shrink_to_fit();
                            *v = SATURATED;
                        } else {
                            list.push(d);
                        }
                    }
                }
            }
        }
        d
    }

    fn docs_of(&self, s: u64) -> &[u32] {
        match self.map.get(&s) {
            None => &[],
            Some(&SATURATED) => &[],
            Some(v) if v & OVERFLOW != 0 => &self.lists[(v & !OVERFLOW) as usize],
            Some(v) => std::slice::from_ref(v),
        }
    }

    /// For each paragraph of `doc`, the other indexed documents it shares a
    /// passage with (sorted). `this` is the document's own index, if it was
    /// indexed.
    pub fn shared(&self, doc: &Document, this: Option<u32>) -> Vec<Vec<u32>> {
        shared_paragraphs(&Fingerprints::of(doc), |s| {
            self.docs_of(s)
                .iter()
                .copied()
                .filter(move |&d| Some(d) != this)
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text_document;

    const WIRE: &str = "Iraqi and US security forces maintain the pressure on the militant groups while continuing \
                        the hunt in the north of the country, and a joint force conducted a raid inside the city on Wednesday, \
                        killing thirty members of the cells and capturing twelve.";

    fn doc(id: &str, text: &str) -> Document {
        text_document(id, text.to_string())
    }

    #[test]
    fn shared_passage_is_found_in_both_documents() {
        let a = doc(
            "a",
            &format!("My own intro here.\n\n{WIRE}\n\nMy own ending."),
        );
        let b = doc("b", &format!("Another blogger opens.\n\n{WIRE}"));
        let c = doc("c", "Nothing in common with the others at all, just some words about gardening and tomatoes in June.");
        let mut idx = SharedIndex::new();
        let ids: Vec<u32> = [&a, &b, &c].iter().map(|d| idx.add(d, false)).collect();
        assert_eq!(idx.shared(&a, Some(ids[0])), [vec![], vec![1], vec![]]);
        assert_eq!(idx.shared(&b, Some(ids[1])), [vec![], vec![0]]);
        assert_eq!(idx.shared(&c, Some(ids[2])), [Vec::<u32>::new()]);
    }

    #[test]
    fn near_duplicates_with_small_edits_and_other_splits() {
        let edited = WIRE
            .replace("thirty", "30")
            .replace("Wednesday", "Tuesday")
            .replace("“", "\"");
        let (first, second) = WIRE.split_at(WIRE.find(" and a joint").unwrap());
        let a = doc("a", WIRE);
        let b = doc("b", &edited);
        let c = doc("c", &format!("{first}.\n\n{second}"));
        let mut idx = SharedIndex::new();
        let ia = idx.add(&a, false);
        idx.add(&b, false);
        idx.add(&c, false);
        assert_eq!(idx.shared(&a, Some(ia)), [vec![1, 2]]);
        assert_eq!(idx.shared(&c, Some(2)), [vec![0, 1], vec![0, 1]]);
    }

    #[test]
    fn short_overlaps_do_not_count() {
        let a = doc("a", "The minister said on Tuesday that the budget would be balanced by the end of the year, officials said.");
        let b = doc("b", "Critics noted that the budget would be balanced by the end of the year only on paper and nowhere else.");
        let mut idx = SharedIndex::new();
        idx.add(&a, false);
        idx.add(&b, false);
        assert_eq!(idx.shared(&a, Some(0)), [Vec::<u32>::new()]);
    }

    #[test]
    fn reference_documents_and_unindexed_queries() {
        let wire = doc("wire-1", WIRE);
        let post = doc("post", &format!("Look at this.\n\n{WIRE}"));
        let mut idx = SharedIndex::new();
        let r = idx.add(&wire, true);
        assert!(idx.doc(r).reference);
        assert_eq!(idx.shared(&post, None), [vec![], vec![r]]);
    }

    #[test]
    fn postings_held_elsewhere_give_the_index_answer() {
        // What a Spark job does: shingles grouped by hash, keyed by doc id.
        let docs = [
            doc("a", &format!("My own intro here.\n\n{WIRE}")),
            doc(
                "b",
                &format!("Another blogger opens.\n\n{WIRE}\n\nAnd closes."),
            ),
        ];
        let mut postings: HashMap<u64, Vec<&str>> = HashMap::new();
        for d in &docs {
            for &s in &Fingerprints::of(d).shingles {
                let ids = postings.entry(s).or_default();
                if ids.last() != Some(&d.id.as_str()) {
                    ids.push(&d.id);
                }
            }
        }
        let mut idx = SharedIndex::new();
        let ids: Vec<u32> = docs.iter().map(|d| idx.add(d, false)).collect();
        for (d, &i) in docs.iter().zip(&ids) {
            let elsewhere = shared_paragraphs(&Fingerprints::of(d), |s| {
                postings[&s].iter().copied().filter(|&o| o != d.id)
            });
            let from_index: Vec<Vec<&str>> = idx
                .shared(d, Some(i))
                .iter()
                .map(|ps| ps.iter().map(|&o| idx.doc(o).id.as_str()).collect())
                .collect();
            assert_eq!(elsewhere, from_index);
        }
        assert_eq!(
            shared_paragraphs(&Fingerprints::of(&docs[1]), |s| {
                postings[&s].iter().copied().filter(|&o| o != "b")
            }),
            [vec![], vec!["a"], vec![]]
        );
    }

    #[test]
    fn saturated_shingles_are_ignored() {
        let mut idx = SharedIndex::new();
        for i in 0..(MAX_DOCS_PER_SHINGLE + 2) {
            idx.add(&doc(&format!("d{i}"), WIRE), false);
        }
        assert_eq!(idx.shared(&doc("x", WIRE), None), [Vec::<u32>::new()]);
    }
}
