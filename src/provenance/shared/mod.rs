//! Passages shared between documents: the same text (near enough word for
//! word, at least [`MIN_RUN_WORDS`] words) in two or more posts, or in a
//! post and a `--reference` source. One implementation for every surface:
//! the CLI's one-pass writer (`output/crosspost.rs`), the in-memory path
//! ([`shared_in_memory`]: the Python package), and the Spark job (which
//! groups the same fingerprints across a cluster, with the same bounds,
//! and resolves them with [`DocMatches`]).
//!
//! - `fingerprint.rs`: every document's words (lowercased letters and
//!   digits, so quote styles and punctuation do not matter) form one stream
//!   across its paragraphs; every run of [`K`] consecutive words (a
//!   shingle) is hashed to 64 bits, and winnowing keeps the smallest hash
//!   of each window of [`W`] consecutive shingles ([`Fingerprints`]). Any
//!   run of at least `W + K - 1` words two documents share holds a kept
//!   fingerprint they share; on text that does not repeat, about
//!   2 / (W + 1) of the shingles are kept (half, with W = 3).
//! - `index.rs`: the index ([`SharedIndex`]): `(kept fingerprint,
//!   document)` keys sorted under a memory budget, grouped by fingerprint;
//!   one held by 2 to [`MAX_DOCS_PER_SHINGLE`] documents is a posting
//!   ([`is_posting`]), beyond that it is boilerplate everyone shares and is
//!   ignored. It hands out each document's matches ([`DocMatches`]) in
//!   input order.
//! - `rule.rs`: what a document shares with document D
//!   ([`shared_paragraphs`]): the kept fingerprints D also has, chained
//!   across at most [`CHAIN_GAP`] shingles (an edited word breaks K
//!   shingles), with a kept fingerprint per [`MAX_WORDS_PER_KEPT`] words
//!   at least; a chain covers its shingles' words widened by `W - 1` at
//!   each end (the most a shared run reaches past its outermost kept
//!   fingerprints); chains of at least [`MIN_RUN_WORDS`] words kept. A
//!   paragraph at least half covered by kept chains is shared with D.
//!   Passages may cross paragraph boundaries, so a passage split
//!   differently in two posts is still found.
//!
//! Memory is one 16-byte key per kept fingerprint (about one per two words
//! of input) up to the budget, never pairs of documents beyond the matches
//! found.

mod fingerprint;
mod index;
mod rule;

pub use fingerprint::Fingerprints;
pub use index::{is_posting, shared_in_memory, DocMatches, Matches, SharedIndex, POSTING_DOCS};
pub use rule::shared_paragraphs;

/// Words per shingle.
pub const K: usize = 5;
/// Shingles per winnowing window. With 3, a run of 7 shared words always
/// shares a kept fingerprint, half the shingles are kept, and a chain's
/// length is known within 4 words: a passage of 20 words or fewer never
/// counts as [`MIN_RUN_WORDS`] (comparisons/winnow_sim.py: wider windows
/// either miss short reposts or flag short fragments).
pub const W: usize = 3;
/// Shortest shared passage, in words.
pub const MIN_RUN_WORDS: usize = 25;
/// Further words tolerated between the kept fingerprints of a passage
/// beyond one edited word's (small edits).
pub const MAX_GAP: usize = 3;
/// Most shingles between two kept fingerprints of one chain: an edited word
/// breaks the K shingles that hold it, and the kept minima of the windows
/// on either side of those may be up to W further away on each side
/// (2W + K in all), plus [`MAX_GAP`] words.
pub const CHAIN_GAP: usize = 2 * W + K + MAX_GAP;
/// Most words per kept fingerprint in a chain that counts. A passage with a
/// few edited words keeps about one in (W + 1) / 2 (two, with W = 3) between
/// its edits; a chain thinner than this is short runs strung across many
/// edits (text rewritten a word in three), not a passage.
pub const MAX_WORDS_PER_KEPT: usize = 5;
/// Documents remembered per shingle; beyond this a shingle is boilerplate
/// everyone shares and is ignored.
pub const MAX_DOCS_PER_SHINGLE: usize = 32;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Document;
    use crate::read::text_document;
    use std::collections::HashMap;

    const WIRE: &str = "Iraqi and US security forces maintain the pressure on the militant groups while continuing \
                        the hunt in the north of the country, and a joint force conducted a raid inside the city on Wednesday, \
                        killing thirty members of the cells and capturing twelve.";

    fn doc(id: &str, text: &str) -> Document {
        text_document(id, text.to_string())
    }

    /// For each document, for each paragraph, the documents it shares a
    /// passage with, by the in-memory path.
    fn shared(docs: &[&Document]) -> Vec<Vec<Vec<u32>>> {
        let fps: Vec<Fingerprints> = docs.iter().map(|d| Fingerprints::of(d)).collect();
        shared_in_memory(&fps).unwrap()
    }

    #[test]
    fn shared_passage_is_found_in_both_documents() {
        let a = doc(
            "a",
            &format!("My own intro here.\n\n{WIRE}\n\nMy own ending."),
        );
        let b = doc("b", &format!("Another blogger opens.\n\n{WIRE}"));
        let c = doc("c", "Nothing in common with the others at all, just some words about gardening and tomatoes in June.");
        let got = shared(&[&a, &b, &c]);
        assert_eq!(got[0], [vec![], vec![1], vec![]]);
        assert_eq!(got[1], [vec![], vec![0]]);
        assert_eq!(got[2], [Vec::<u32>::new()]);
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
        let got = shared(&[&a, &b, &c]);
        assert_eq!(got[0], [vec![1, 2]]);
        assert_eq!(got[2], [vec![0, 1], vec![0, 1]]);
    }

    #[test]
    fn short_overlaps_do_not_count() {
        let a = doc("a", "The minister said on Tuesday that the budget would be balanced by the end of the year, officials said.");
        let b = doc("b", "Critics noted that the budget would be balanced by the end of the year only on paper and nowhere else.");
        assert_eq!(shared(&[&a, &b])[0], [Vec::<u32>::new()]);
    }

    #[test]
    fn postings_grouped_elsewhere_give_the_index_answer() {
        // What the Spark job does: shingles grouped by hash, keyed by doc
        // id, kept when they are postings; then each document's matches.
        let docs = [
            doc("a", &format!("My own intro here.\n\n{WIRE}")),
            doc(
                "b",
                &format!("Another blogger opens.\n\n{WIRE}\n\nAnd closes."),
            ),
            doc("c", "Nothing in common with the others at all, just some words about gardening and tomatoes in June."),
        ];
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
        for (d, doc) in docs.iter().enumerate() {
            for s in Fingerprints::of(doc).kept() {
                let ds = postings.entry(s).or_default();
                if ds.last() != Some(&(d as u32)) {
                    ds.push(d as u32);
                }
            }
        }
        postings.retain(|_, ds| is_posting(ds.len()));
        let in_memory = shared(&docs.iter().collect::<Vec<_>>());
        for (d, doc) in docs.iter().enumerate() {
            let pairs = postings
                .iter()
                .flat_map(|(&s, ds)| ds.iter().filter(|&&o| o != d as u32).map(move |&o| (s, o)))
                .collect();
            let fp = Fingerprints::of(doc);
            assert_eq!(
                DocMatches::from_pairs(pairs).shared_paragraphs(&fp),
                in_memory[d]
            );
        }
        assert_eq!(in_memory[1], [vec![], vec![0], vec![]]);
    }

    #[test]
    fn saturated_shingles_are_ignored() {
        let copies: Vec<Document> = (0..=MAX_DOCS_PER_SHINGLE)
            .map(|i| doc(&format!("d{i}"), WIRE))
            .collect();
        // At the cap, each copy shares with all the others; one more, and
        // the passage is boilerplate everyone shares.
        let got = shared(&copies[..MAX_DOCS_PER_SHINGLE].iter().collect::<Vec<_>>());
        assert_eq!(got[0][0].len(), MAX_DOCS_PER_SHINGLE - 1);
        let got = shared(&copies.iter().collect::<Vec<_>>());
        assert!(got.iter().all(|d| d[0].is_empty()));
    }

    #[test]
    fn spilling_gives_the_same_matches() {
        // Documents in threes sharing a passage of their own, and enough
        // keys and matches to spill several runs at the smallest budget.
        let passage = |g: usize| {
            (0..40)
                .map(|j| format!("w{g}x{j}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let docs: Vec<Document> = (0..60)
            .map(|i| {
                let own = (0..12)
                    .map(|j| format!("d{i}o{j}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                doc(&format!("d{i}"), &format!("{own}\n\n{}", passage(i / 3)))
            })
            .collect();
        let fps: Vec<Fingerprints> = docs.iter().map(Fingerprints::of).collect();
        let in_memory = shared_in_memory(&fps).unwrap();
        let mut index = SharedIndex::new(0, 0);
        for fp in &fps {
            index.add(fp.kept()).unwrap();
        }
        let mut matches = index.finish().unwrap();
        assert!(matches.on_disk() > 0, "the smallest budget spills");
        let mut these = DocMatches::default();
        for (fp, want) in fps.iter().zip(&in_memory) {
            matches.next_doc(&mut these).unwrap();
            assert_eq!(&these.shared_paragraphs(fp), want);
        }
        assert_eq!(in_memory[4], [vec![], vec![3, 5]]);
    }

    /// `n` made-up words, distinct for each `tag`.
    fn made_up(tag: &str, n: usize) -> Vec<String> {
        (0..n).map(|j| format!("{tag}x{j}")).collect()
    }

    #[test]
    fn an_edit_near_a_passage_end_keeps_it_shared() {
        // A 26-word passage reposted with its second word edited: the copy
        // shares 24 words in a row plus its first one. Every shingle would
        // cover only the 24 (no run of 25: the rule before winnowing found
        // none of these); the widened chain reaches past the edit.
        let found = (0..100)
            .filter(|seed| {
                let passage = made_up(&format!("p{seed}"), 26);
                let mut copy = passage.clone();
                copy[1] = format!("edited{seed}");
                let a = doc(
                    "a",
                    &format!(
                        "{}\n\n{}",
                        made_up(&format!("a{seed}"), 30).join(" "),
                        passage.join(" ")
                    ),
                );
                let b = doc(
                    "b",
                    &format!(
                        "{}\n\n{}",
                        copy.join(" "),
                        made_up(&format!("b{seed}"), 30).join(" ")
                    ),
                );
                let got = shared(&[&a, &b]);
                assert_eq!(got[0][1] == [1], got[1][0] == [0], "found in one copy only");
                got[1][0] == [0]
            })
            .count();
        assert!(found >= 80, "found {found} of 100");
    }

    #[test]
    fn a_fragment_of_20_words_is_never_shared() {
        // A chain is widened by at most W - 1 words at each end, so 20
        // words in common never reach 25, wherever the fragment falls.
        for seed in 0..100 {
            let source = made_up(&format!("s{seed}"), 60);
            let at = seed % 40;
            let fragment = &source[at..at + 20];
            let a = doc(
                "a",
                &format!(
                    "{}\n\n{}",
                    made_up(&format!("a{seed}"), 30).join(" "),
                    source.join(" ")
                ),
            );
            let b = doc(
                "b",
                &format!(
                    "{}\n\n{}\n\n{}",
                    made_up(&format!("b{seed}"), 30).join(" "),
                    fragment.join(" "),
                    made_up(&format!("c{seed}"), 30).join(" ")
                ),
            );
            let got = shared(&[&a, &b]);
            assert!(
                got.iter().flatten().all(|p| p.is_empty()),
                "seed {seed}: {got:?}"
            );
        }
    }

    #[test]
    fn a_short_paragraph_after_a_shared_passage_is_not_shared() {
        let a = doc("a", &format!("{WIRE}\n\nAnd closes."));
        let b = doc("b", &format!("{WIRE}\n\nThe end."));
        let got = shared(&[&a, &b]);
        assert_eq!(got, [vec![vec![1], vec![]], vec![vec![0], vec![]]]);
    }

    #[test]
    fn text_rewritten_one_word_in_six_is_not_shared() {
        // Runs of five words between edited ones: every shingle of a run
        // is shared, so covering words alone (the rule before winnowing)
        // strung them into one passage; a chain this thin is not one.
        for seed in 0..20 {
            let passage = made_up(&format!("p{seed}"), 60);
            let mut copy = passage.clone();
            for j in (5..60).step_by(6) {
                copy[j] = format!("edited{seed}x{j}");
            }
            let a = doc("a", &passage.join(" "));
            let b = doc("b", &copy.join(" "));
            let none: Vec<Vec<Vec<u32>>> = vec![vec![vec![]], vec![vec![]]];
            assert_eq!(shared(&[&a, &b]), none, "seed {seed}");
        }
    }
}
