//! Word spaces lost in the extractor's cleaned HTML, put back.
//!
//! trafilatura's cleaned HTML drops the white space between an inline
//! element and the text next to it in places (`<strong>Summary</strong>
//! Studies show` comes out as `<strong>Summary</strong>Studies show`, and
//! `you can <a>focus</a>` as `you can<a>focus</a>`), while its plain text of
//! the same extraction keeps every space. Walking the cleaned HTML would
//! then glue words together ("SummaryStudies", "canfocus"), which changes
//! their tokens, stems and labels. Where the walk joins two pieces of text
//! at an inline element's edge with nothing between them, a space is put
//! back when the plain text has those two pieces as neighbouring words
//! (punctuation aside). The plain text decides: where it has a word whole
//! (`<a>word</a>s`), it stays whole.
//!
//! Linear in the text: the plain text's word pairs are hashed once, and
//! each edge looks only as far as its neighbouring edges.

use rustc_hash::FxHashSet;

/// The neighbouring word pairs of the extractor's plain text.
pub struct Spacing<'a> {
    pairs: FxHashSet<(&'a str, &'a str)>,
}

/// How many edges back a word is looked for when only punctuation sits
/// between the edge and the one before ("Odyssey|,|Destiny").
const LOOK_BACK: usize = 4;

/// A word without the punctuation around it: what the pairs compare.
fn core(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

impl<'a> Spacing<'a> {
    /// The word pairs of `plain`, the extractor's text of the same
    /// extraction (punctuation-only words skipped).
    pub fn of(plain: &'a str) -> Self {
        let mut pairs = FxHashSet::default();
        let mut words = plain.split_whitespace().map(core).filter(|w| !w.is_empty());
        if let Some(mut prev) = words.next() {
            for w in words {
                pairs.insert((prev, w));
                prev = w;
            }
        }
        Spacing { pairs }
    }

    /// `text` with a space put back at each of `edges` (byte offsets into
    /// `text`, ascending, where an inline element starts or ends) that
    /// falls between two words the plain text keeps apart; `None` when
    /// nothing changes.
    pub fn repair(&self, text: &str, edges: &[usize]) -> Option<String> {
        let non_space = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
        // Edges inside a run of non-space characters: the only places a
        // space can have been lost.
        let mut glued: Vec<usize> = edges
            .iter()
            .copied()
            .filter(|&e| {
                e > 0
                    && e < text.len()
                    && text.is_char_boundary(e)
                    && non_space(text[..e].chars().next_back())
                    && non_space(text[e..].chars().next())
            })
            .collect();
        glued.dedup();
        if glued.is_empty() {
            return None;
        }
        let mut spaced = Vec::new();
        for (i, &e) in glued.iter().enumerate() {
            let ceiling = glued.get(i + 1).copied().unwrap_or(text.len());
            // The words on either side, cut at the neighbouring edges.
            // Punctuation alone after the edge stays where it is (no space
            // before "," in "Odyssey|,"); punctuation alone before it looks
            // back to its word ("Odyssey,|Destiny").
            let mut k = i;
            let left = loop {
                let floor = if k > 0 { glued[k - 1] } else { 0 };
                let w = core(word_before(text, e, floor));
                if !w.is_empty() || k == 0 || i - k >= LOOK_BACK {
                    break w;
                }
                k -= 1;
            };
            let right = core(word_after(text, e, ceiling));
            if !left.is_empty() && !right.is_empty() && self.pairs.contains(&(left, right)) {
                spaced.push(e);
            }
        }
        if spaced.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() + spaced.len());
        let mut from = 0;
        for e in spaced {
            out.push_str(&text[from..e]);
            out.push(' ');
            from = e;
        }
        out.push_str(&text[from..]);
        Some(out)
    }
}

/// The text before `e` back to the last white space, but not before
/// `floor`.
fn word_before(text: &str, e: usize, floor: usize) -> &str {
    let start = text[floor..e]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(floor, |(at, c)| floor + at + c.len_utf8());
    &text[start..e]
}

/// The text after `e` up to the next white space, but not past `ceiling`.
fn word_after(text: &str, e: usize, ceiling: usize) -> &str {
    let end = text[e..ceiling]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(ceiling, |(at, _)| e + at);
    &text[e..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `html`-like text where `|` marks an inline element's edge.
    fn repaired(plain: &str, marked: &str) -> String {
        let mut text = String::new();
        let mut edges = Vec::new();
        for c in marked.chars() {
            if c == '|' {
                edges.push(text.len());
            } else {
                text.push(c);
            }
        }
        Spacing::of(plain)
            .repair(&text, &edges)
            .unwrap_or(text.clone())
    }

    #[test]
    fn spaces_the_plain_text_has_are_put_back() {
        let plain =
            "Summary Studies show that fasting helps. Who invests in an idea before they know? \
                     They include: Odyssey, Destiny 2";
        assert_eq!(
            repaired(plain, "|Summary|Studies show that fasting helps."),
            "Summary Studies show that fasting helps."
        );
        // Several edges in one run of letters.
        assert_eq!(
            repaired(plain, "Who invests in an idea|before|they know?"),
            "Who invests in an idea before they know?"
        );
        assert_eq!(
            repaired(plain, "They include:|Odyssey|,|Destiny 2|"),
            "They include: Odyssey, Destiny 2"
        );
    }

    #[test]
    fn words_split_by_markup_stay_whole() {
        let plain = "The words are unbelievable, and the Council's vote stands.";
        for marked in [
            "The |word|s are un|believ|able, and the |Council|'s vote stands.",
            "The words are unbelievable, and the Council's vote stands.",
        ] {
            assert_eq!(
                repaired(plain, marked),
                "The words are unbelievable, and the Council's vote stands."
            );
        }
    }

    #[test]
    fn a_long_run_of_edges_is_linear() {
        // 200,000 one-letter elements with no space: each edge looks only
        // as far as its neighbours.
        let n = 200_000;
        let text = "a".repeat(n);
        let edges: Vec<usize> = (1..n).collect();
        let plain = "a a";
        let out = Spacing::of(plain).repair(&text, &edges).unwrap();
        assert_eq!(out.len(), 2 * n - 1);
    }
}
