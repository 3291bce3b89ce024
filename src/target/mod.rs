//! Sentiment toward named targets: which targets a paragraph mentions and
//! where ([`TargetSpec`], [`mentions`]), the features of one target's
//! mentions in a text ([`features`]), and NewsMTSC rows with their mention
//! spans for training and evaluation ([`corpus`]), and the tone toward
//! each requested target per tagged paragraph ([`tone`]). The head that scores
//! those features is `model::target` (with its recipe); it builds on this
//! module, and reaches `tone` only through the [`tone::MentionScorer`] trait.

pub mod corpus;
pub mod features;
pub mod tone;

use std::ops::Range;

pub use crate::doc::TargetSpec;

// Matching lives with the target work; the spec itself is plain input data
// (`doc`), so readers can carry it without depending on this stage.
impl TargetSpec {
    /// The byte spans of this target's mentions in `text`, in order,
    /// without overlaps (the longer name wins where two names overlap).
    pub fn mentions(&self, text: &str) -> Vec<Range<usize>> {
        let names: Vec<&str> = std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .collect();
        mentions(text, &names)
    }
}

/// Whether `c` continues a word (a match must not end or start inside one).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The byte spans where any of `names` occurs in `text` as whole words,
/// case-insensitively, a possessive `'s`/`’s`/`'` included in the span.
pub fn mentions(text: &str, names: &[&str]) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts_word = prev.is_none_or(|p| !is_word_char(p));
        prev = Some(c);
        if !starts_word {
            continue;
        }
        for name in names {
            if let Some(end) = match_at(text, i, name) {
                found.push(i..possessive_end(text, end));
            }
        }
    }
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(found.len());
    for m in found {
        if out.last().is_none_or(|l| m.start >= l.end) {
            out.push(m);
        }
    }
    out
}

/// The end of `name` matched at byte `start` of `text`, if it matches there
/// and ends a word. Whitespace in the name matches any run of whitespace.
fn match_at(text: &str, start: usize, name: &str) -> Option<usize> {
    let mut t = text[start..].char_indices().peekable();
    let mut n = name.trim().chars().peekable();
    n.peek()?;
    while let Some(nc) = n.next() {
        if nc.is_whitespace() {
            while n.peek().is_some_and(|c| c.is_whitespace()) {
                n.next();
            }
            let (_, tc) = t.next()?;
            if !tc.is_whitespace() {
                return None;
            }
            while t.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                t.next();
            }
            continue;
        }
        let (_, tc) = t.next()?;
        if !tc.to_lowercase().eq(nc.to_lowercase()) {
            return None;
        }
    }
    let end = t.peek().map_or(text.len(), |(j, _)| start + j);
    let ends_word = text[end..].chars().next().is_none_or(|c| !is_word_char(c))
        || name.chars().last().is_some_and(|c| !is_word_char(c));
    ends_word.then_some(end)
}

/// `end` moved past a possessive ending (`'s`, `’s`, or a bare apostrophe
/// after a final s) that follows it.
fn possessive_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    for apostrophe in ["'", "\u{2019}"] {
        if let Some(after) = rest.strip_prefix(apostrophe) {
            let mut chars = after.chars();
            match chars.next() {
                Some('s' | 'S') if chars.next().is_none_or(|c| !is_word_char(c)) => {
                    return end + apostrophe.len() + 1
                }
                Some(c) if is_word_char(c) => return end,
                _ if text[..end].ends_with(['s', 'S']) => return end + apostrophe.len(),
                _ => return end,
            }
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans<'a>(text: &'a str, spec: &str) -> Vec<&'a str> {
        let spec = TargetSpec::parse(spec).unwrap();
        spec.mentions(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn specs_parse_with_aliases() {
        let s = TargetSpec::parse(" Maria Ortiz = Ortiz|the mayor ").unwrap();
        assert_eq!(s.name, "Maria Ortiz");
        assert_eq!(s.aliases, ["Ortiz", "the mayor"]);
        assert!(TargetSpec::parse("=x").is_err());
        assert!(TargetSpec::parse("A=x||y").is_err());
        assert_eq!(TargetSpec::parse("Acme").unwrap().aliases.len(), 0);
    }

    #[test]
    fn whole_words_case_insensitive_possessives_included() {
        let text = "ORTIZ's plan. Ortizville disagrees; Maria  Ortiz\u{2019}s aides and the Ortiz' office. ortiz";
        assert_eq!(
            spans(text, "Maria Ortiz=Ortiz"),
            ["ORTIZ's", "Maria  Ortiz\u{2019}s", "Ortiz", "ortiz"]
        );
        assert_eq!(spans("The Acme's, acme.", "acme"), ["Acme's", "acme"]);
        assert!(spans("Ortizes", "Ortiz").is_empty());
        assert_eq!(spans("Jones hit Smith's car", "Smith"), ["Smith's"]);
    }

    #[test]
    fn non_ascii_names_and_text() {
        assert_eq!(spans("Ça va, Zoë? ZOË's dog.", "zoë"), ["Zoë", "ZOË's"]);
    }
}
