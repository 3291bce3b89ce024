//! Negation marking: words after a negator, up to the next punctuation
//! token or clause break, get a `not_` prefix, so `not good` and `good` are
//! different features for a linear model.

use super::{Token, TokenKind};

/// Prefix given to negated terms.
pub const NEG_PREFIX: &str = "not_";

/// Negators, after lowercasing and stemming. `surface` gives the token's
/// source text: Snowball turns "hardly" into "hard", which must not make
/// "hard work" a negation, so a `hard` is checked by its surface form.
fn is_negator<'t>(term: &str, surface: impl FnOnce() -> &'t str) -> bool {
    (term == "hard" && surface().eq_ignore_ascii_case("hardly"))
        || matches!(
            term,
            "not"
                | "no"
                | "never"
                | "nor"
                | "neither"
                | "nobodi"
                | "nobody"
                | "noth"
                | "nothing"
                | "none"
                | "hardly"
                | "without"
                | "cannot"
        )
        || term.ends_with("n't")
}

/// Whether the text between two tokens ends a negation's scope: `,` `;`
/// `.` brackets, or an em or en dash.
fn breaks_scope(gap: &[u8]) -> bool {
    gap.iter()
        .any(|b| matches!(b, b',' | b';' | b'.' | b'(' | b')'))
        || gap
            .windows(3)
            .any(|w| w == "—".as_bytes() || w == "–".as_bytes())
}

/// How many words a negation reaches at most when no punctuation stops it.
const SCOPE: usize = 4;

/// Marks negated terms in place; `text` is the analysed text, whose
/// dropped punctuation (`,` `;` `.` dashes, brackets) between two tokens also
/// ends a negation's scope.
pub fn mark_negation(text: &str, tokens: &mut [Token]) {
    let mut left = 0usize;
    let mut last_end = 0usize;
    for t in tokens.iter_mut() {
        // Bytes, not chars: the gap is scanned for ASCII breaks and the
        // UTF-8 of the dashes, with no boundary checks; most gaps are one
        // space and skip the scan.
        let gap = text.as_bytes().get(last_end..t.from).unwrap_or(&[]);
        let breaks = gap != b" " && breaks_scope(gap);
        if t.kind == TokenKind::Punct || breaks {
            left = 0;
        }
        last_end = t.to;
        if t.kind == TokenKind::Punct {
            continue;
        }
        if is_negator(&t.term, || text.get(t.from..t.to).unwrap_or("")) {
            left = SCOPE;
            continue;
        }
        if left > 0 && t.kind == TokenKind::Word {
            t.term.insert_str(0, NEG_PREFIX);
            left -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Analyzer, AnalyzerConfig};

    fn terms(s: &str) -> Vec<String> {
        let a = Analyzer::new(AnalyzerConfig {
            negation: true,
            stemmer: None,
            ..AnalyzerConfig::default()
        });
        a.terms(s)
    }

    #[test]
    fn words_after_a_negator_are_marked() {
        assert_eq!(
            terms("not bad at all"),
            ["not", "not_bad", "not_at", "not_all"]
        );
        assert_eq!(
            terms("hardly a success"),
            ["hardly", "not_a", "not_success"]
        );
    }

    #[test]
    fn punctuation_ends_the_scope() {
        assert_eq!(
            terms("It isn't good! Great"),
            ["it", "isn't", "not_good", "!", "great"]
        );
        assert_eq!(terms("no rain, so fine"), ["no", "not_rain", "so", "fine"]);
        assert_eq!(terms("not now — later"), ["not", "not_now", "later"]);
        assert_eq!(terms("not now – later"), ["not", "not_now", "later"]);
        assert_eq!(terms("not now (later)"), ["not", "not_now", "later"]);
        assert_eq!(
            terms("not “now” later"),
            ["not", "\"", "now", "\"", "later"]
        );
    }

    #[test]
    fn hard_is_not_a_negator_though_hardly_stems_to_it() {
        let a = super::super::Analyzer::new(super::super::AnalyzerConfig {
            negation: true,
            ..super::super::AnalyzerConfig::default()
        });
        assert_eq!(a.terms("hard work pays"), ["hard", "work", "pay"]);
        assert_eq!(
            a.terms("Hardly a success"),
            ["hard", "not_a", "not_success"]
        );
    }

    #[test]
    fn scope_is_bounded() {
        let t = terms("never one two three four five");
        assert_eq!(t.last().unwrap(), "five");
    }
}
