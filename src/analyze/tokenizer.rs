//! The tokenizer: splits text into words, numbers, URLs and the punctuation
//! that matters for the labels, and tracks whether each token is quoted.
//!
//! Word characters are Unicode alphanumerics. An apostrophe between two of
//! them stays inside the word (`don't`, `Iran’s`), as does a `.` or `,`
//! between two of them (`U.S`, `1,000.5`); hyphens and slashes split.

use super::{Token, TokenBuf, TokenKind, QUOTE_TERM};

/// Which way a quotation mark points by its shape alone: low-high German
/// and Polish quotes open with `„` and close with `“`, Danish and some
/// German texts write `»...«`, so only a few marks say it by shape; the
/// others are read from the characters around them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Opens wherever it stands (`„`, `‚`, `「`, `『`).
    Opens,
    /// Closes wherever it stands (`」`, `』`).
    Closes,
    /// Opens unless its neighbours say it closes (`“`, `«`, `‹`).
    OpensUsually,
    /// Closes unless its neighbours say it opens (`”`, `»`, `›`).
    ClosesUsually,
    /// The straight double quote: either.
    Straight,
}

/// The double quotation marks (single ones are handled apart, since `’`
/// and `'` are apostrophes too).
fn double_mark(c: char) -> Option<Shape> {
    Some(match c {
        '„' | '「' | '『' => Shape::Opens,
        '」' | '』' => Shape::Closes,
        '“' | '«' | '‹' => Shape::OpensUsually,
        '”' | '»' | '›' => Shape::ClosesUsually,
        '"' => Shape::Straight,
        _ => return None,
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Space before a mark: it can open a quotation.
fn space_before(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–'))
}

/// Space (or closing punctuation) after a mark: it can close a quotation.
fn space_after(next: Option<char>) -> bool {
    next.is_none_or(|n| {
        n.is_whitespace() || matches!(n, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '—' | '–')
    })
}

/// Whether a double mark opens (`Some(true)`), closes (`Some(false)`) or,
/// for a straight quote between two words or two spaces, toggles (`None`).
fn double_opens(shape: Shape, prev: Option<char>, next: Option<char>, open: bool) -> bool {
    // A mark with space before and a word after opens; one glued to the
    // word before and followed by space closes (`„Wir“`, `»Nein«`).
    let (before, after) = (space_before(prev), space_after(next));
    match shape {
        Shape::Opens => true,
        Shape::Closes => false,
        _ if before && !after => true,
        _ if !before && after => false,
        Shape::OpensUsually => true,
        Shape::ClosesUsually => false,
        Shape::Straight => !open,
    }
}

/// Words after which a quotation that is never closed in the paragraph is
/// still a quotation: it goes on in the next paragraph ("Ortiz said: “We
/// will ..." and a new opening mark on each paragraph until the last).
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "added",
    "adds",
    "wrote",
    "writes",
    "told",
    "asked",
    "replied",
    "stated",
    "declared",
    "explained",
    "insisted",
    "warned",
    "reads",
    "read",
];

/// An open quotation: the token index of its opening mark, and whether it
/// may run past the end of the paragraph (see [`SPEECH_VERBS`]).
#[derive(Clone, Copy)]
struct Open {
    from: usize,
    may_run_on: bool,
}

/// Splits `text` into tokens with byte offsets, marking the tokens that
/// sit inside quotation marks.
///
/// Curly quotes, guillemets (either way round), low-high quotes and
/// straight quotes are read by shape and by the characters around them. A
/// quotation still open at the end of the paragraph runs on (the next
/// paragraph carries on the quotation) only when it opened the paragraph or
/// followed a colon, a comma or a speech verb; otherwise the opening mark
/// was stray and the rest of the paragraph is not taken as quoted.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut buf = TokenBuf::new();
    tokenize_into(text, &mut buf);
    buf.into_tokens()
}

/// [`tokenize`] into `buf` (its tokens replaced), whose term strings are
/// reused: no allocation per token once the buffer has warmed up.
pub fn tokenize_into(text: &str, buf: &mut TokenBuf) {
    buf.clear();
    let mut double: Option<Open> = None;
    let mut single: Option<Open> = None;
    let mut prev: Option<char> = None;
    // The last character that was not white space, and the last word.
    let mut last_visible: Option<char> = None;
    let mut last_word: Option<usize> = None;
    // The byte offset of the next character: a word is skipped whole once
    // its end is known, without decoding its characters again.
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let i = at;
        at += c.len_utf8();
        if c == ' ' {
            // What the branch for other characters below does with a space.
            prev = Some(c);
            continue;
        }
        if is_word_char(c) {
            let is_url_start = matches!(c, 'h' | 'w')
                && (text[i..].starts_with("http://")
                    || text[i..].starts_with("https://")
                    || text[i..].starts_with("www."));
            let end = if is_url_start {
                url_end(text, i)
            } else {
                word_end(text, i)
            };
            let kind = if is_url_start {
                TokenKind::Url
            } else if c.is_ascii_digit() {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            last_word = Some(buf.tokens().len());
            buf.in_double.push(double.is_some());
            buf.in_single.push(single.is_some());
            buf.push_with(i, end, kind, |term| {
                let word = &text[i..end];
                if word.is_ascii() || !word.contains('’') {
                    term.push_str(word);
                } else {
                    for (n, piece) in word.split('’').enumerate() {
                        if n > 0 {
                            term.push('\'');
                        }
                        term.push_str(piece);
                    }
                }
            });
            // `prev` becomes the word's last character, except after a
            // one-character word, where it stays the character before the
            // word: what the tokenizer has always done, and the shipped
            // model was trained with it (a mark glued to a one-letter word
            // reads as after a space).
            if end > at {
                prev = text[..end].chars().next_back();
            }
            at = end;
            last_visible = prev;
            continue;
        }
        let next = text[at..].chars().next();
        let before_word = next.is_some_and(is_word_char);
        // A quotation opened here, and whether it may run past the
        // paragraph's end (only worked out when a mark opens one).
        let tokens = buf.tokens();
        let opening = || Open {
            from: tokens.len(),
            may_run_on: last_word.is_none()
                || matches!(last_visible, Some(':' | ','))
                || last_word.is_some_and(|w| {
                    last_visible.is_some_and(is_word_char)
                        && SPEECH_VERBS
                            .iter()
                            .any(|v| tokens[w].term.eq_ignore_ascii_case(v))
                }),
        };
        let mark = if let Some(shape) = double_mark(c) {
            if double_opens(shape, prev, next, double.is_some()) {
                double = double.or_else(|| Some(opening()));
            } else {
                double = None;
            }
            true
        } else if c == '‘' && !(single.is_some() && !space_before(prev) && space_after(next)) {
            single = single.or_else(|| Some(opening()));
            true
        } else if c == '‚' || (c == '\'' && space_before(prev) && before_word) {
            single = single.or_else(|| Some(opening()));
            true
        } else if matches!(c, '’' | '\'' | '‘') && single.is_some() && !before_word {
            single = None;
            true
        } else {
            false
        };
        let punct = mark || matches!(c, '?' | '!' | ':' | '%');
        if punct {
            let len = c.len_utf8();
            buf.in_double.push(double.is_some());
            buf.in_single.push(single.is_some());
            buf.push_with(i, i + len, TokenKind::Punct, |term| {
                if mark {
                    term.push_str(QUOTE_TERM)
                } else {
                    term.push(c)
                }
            });
        }
        prev = Some(c);
        if !c.is_whitespace() {
            last_visible = Some(c);
        }
    }
    // A stray opening mark: the rest of the paragraph is the writer's.
    let TokenBuf {
        tokens,
        in_double,
        in_single,
        ..
    } = buf;
    for (open, inside) in [(double, &mut *in_double), (single, &mut *in_single)] {
        if let Some(o) = open.filter(|o| !o.may_run_on) {
            inside[o.from..].iter_mut().for_each(|q| *q = false);
        }
    }
    for ((t, d), s) in tokens.iter_mut().zip(&*in_double).zip(&*in_single) {
        t.quoted = *d || *s;
    }
    if let Some(dash) = dash_attribution(text) {
        if !tokens.iter().any(|t| t.term == QUOTE_TERM) {
            for t in tokens.iter_mut().take_while(|t| t.from < dash) {
                t.quoted = true;
            }
        }
    }
}

/// Words an attribution after a dash may have ("— Commissioner Ana
/// Ortiz, head of the transit agency").
const MAX_ATTRIBUTION_WORDS: usize = 10;

/// Whether `text` ends with a dash attribution ("... next year. — Ortiz"):
/// the speaker's words, not a headline.
pub fn is_dash_attributed(text: &str) -> bool {
    dash_attribution(text).is_some()
}

/// The byte offset of the dash when `text` ends with a dash attribution:
/// one or more sentences, then `—`, `–` or a spaced `-` and a name
/// ("... will run next year. — Commissioner Ortiz"). Such a paragraph
/// presents the sentences as the named speaker's words, quoted or not.
fn dash_attribution(text: &str) -> Option<usize> {
    let t = text.trim_end();
    // The last `—` (E2 80 94), `–` (E2 80 93) or `- `, found from the end
    // by bytes: 0xE2 only ever leads a character, so a hit is a boundary.
    let bytes = t.as_bytes();
    let (at, dash_len) =
        memchr::memrchr2_iter(b'-', 0xE2, bytes).find_map(|i| match bytes[i..] {
            [b'-', b' ', ..] => Some((i, 1)),
            [0xE2, 0x80, 0x93 | 0x94, ..] => Some((i, 3)),
            _ => None,
        })?;
    let name = t[at + dash_len..].trim();
    let body = t[..at].trim_end();
    let words = name.split_whitespace().count();
    let sentence_before = body.ends_with(['.', '!', '?', '…', '"', '”', '»', '’']);
    let named = name.starts_with(|c: char| c.is_uppercase())
        && (1..=MAX_ATTRIBUTION_WORDS).contains(&words)
        && !name.contains([':', '.', '!', '?', '—', '–'])
        && !name.contains("(@");
    (sentence_before && named && body.split_whitespace().count() >= 3).then_some(at)
}

/// End of a word starting at `start`: word characters, joined by `'`, `’`,
/// `.` or `,` only when a word character follows.
fn word_end(text: &str, start: usize) -> usize {
    // A run of ASCII letters and digits needs no decoding, and a space
    // after it ends the word (most words of most texts).
    let bytes = text.as_bytes();
    let mut end = start;
    while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
        end += 1;
    }
    if bytes.get(end).is_none_or(|&b| b == b' ') {
        return end;
    }
    let from = end;
    let mut chars = text[from..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let off = from - start + off;
        if is_word_char(c) {
            end = start + off + c.len_utf8();
            continue;
        }
        let joiner = matches!(c, '\'' | '’' | '.' | ',');
        let next_is_word = chars.peek().is_some_and(|&(_, n)| is_word_char(n));
        // `,` only joins digits (1,000), not words (red,green).
        let digit_comma = c != ',' || text[..start + off].ends_with(|p: char| p.is_ascii_digit());
        if joiner && next_is_word && digit_comma {
            continue;
        }
        break;
    }
    end
}

/// End of a URL: up to white space, less trailing sentence punctuation.
fn url_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let url =
        rest[..len].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '"', '”', '\'', '’']);
    start + url.len()
}

#[cfg(test)]
mod tests {
    use super::super::test_util::assert_token;
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn words_numbers_and_offsets() {
        let t = tokenize("Iran’s army, 1,000.5 strong");
        assert_token(&t[0], "Iran's", 0, 8);
        assert_eq!(t[0].kind, TokenKind::Word);
        assert_token(&t[1], "army", 9, 13);
        assert_token(&t[2], "1,000.5", 15, 22);
        assert_eq!(t[2].kind, TokenKind::Number);
        assert_token(&t[3], "strong", 23, 29);
    }

    #[test]
    fn abbreviations_and_contractions_stay_whole() {
        assert_eq!(
            terms("The U.S. didn't act."),
            ["The", "U.S", "didn't", "act"]
        );
    }

    #[test]
    fn hyphens_slashes_and_commas_between_words_split() {
        assert_eq!(
            terms("Iranian-backed red,green 9/11"),
            ["Iranian", "backed", "red", "green", "9", "11"]
        );
    }

    #[test]
    fn meaningful_punctuation_survives() {
        assert_eq!(
            terms("Why? Now! Note: 5%"),
            ["Why", "?", "Now", "!", "Note", ":", "5", "%"]
        );
        assert_eq!(terms("a; b, (c)."), ["a", "b", "c"]);
    }

    #[test]
    fn every_kind_of_quotation_mark_is_one_term() {
        for s in [
            "“We will,” he said",
            "\"We will,\" he said",
            "«We will», he said",
            "‘We will,’ he said",
        ] {
            let t = tokenize(s);
            assert_eq!(t[0].term, QUOTE_TERM, "{s}");
            assert!(t[1].quoted && t[2].quoted, "{s}: {t:?}");
            let he = t.iter().find(|x| x.term == "he").unwrap();
            assert!(!he.quoted, "{s}: {t:?}");
        }
    }

    /// The quoted words of `s`, joined by spaces.
    fn quoted(s: &str) -> String {
        tokenize(s)
            .into_iter()
            .filter(|t| t.quoted && t.kind != TokenKind::Punct)
            .map(|t| t.term)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn guillemets_either_way_round_and_low_high_quotes() {
        for (s, words) in [
            ("«Nous ne fermerons aucune ligne», a dit Ortiz.", 5),
            ("« Nous ne fermerons aucune ligne », a dit Ortiz.", 5),
            ("»Wir schließen keine Linie«, sagte Ortiz.", 4),
            ("„Wir schließen keine Linie“, sagte Ortiz.", 4),
            ("‹Wir schließen keine Linie›, sagte Ortiz.", 4),
            ("‚Wir schließen keine Linie‘, sagte Ortiz.", 4),
            ("„Nie zamkniemy żadnej linii”, powiedział Ortiz.", 4),
        ] {
            let q = quoted(s);
            assert_eq!(q.split(' ').count(), words, "{s}: {q}");
            assert!(!q.contains("Ortiz"), "{s}: {q}");
        }
        // The mark after a word closes even in the middle of a sentence.
        assert_eq!(
            quoted("Er nannte es „eine Katastrophe“ und ging."),
            "eine Katastrophe"
        );
    }

    #[test]
    fn a_stray_mark_does_not_quote_the_rest_of_the_paragraph() {
        // An opening mark that is never closed, in the middle of a long
        // paragraph: not a quotation.
        let s = "The council’s “plan for the depot has been delayed again, and the mayor \
                 told reporters on Tuesday that the vote would wait until the budget is ready.";
        assert_eq!(quoted(s), "");
        let s = "The 12\" screen costs $200 and the mayor said the city would buy forty of them.";
        assert_eq!(quoted(s), "");
        // A closing mark with nothing open is ignored; the quote after it counts.
        assert_eq!(
            quoted("The union’s” members met. Ortiz said “no” twice."),
            "no"
        );
    }

    #[test]
    fn a_quotation_over_several_paragraphs_is_quoted_in_each() {
        // An opening mark on each paragraph, the closing mark on the last.
        for s in [
            "“We will not close a single route this year. The money is there.",
            "\"We will not close a single route this year. The money is there.",
            "Ortiz said: “We will not close a single route this year.",
            "Ortiz said, “We will not close a single route this year.",
            "In a statement Ortiz said “we will not close a single route this year.",
        ] {
            let q = quoted(s);
            assert!(q.contains("close a single route this year"), "{s}: {q}");
            assert!(!q.contains("Ortiz"), "{s}: {q}");
        }
        assert_eq!(
            quoted("“Every bus that runs today will run next year.”"),
            "Every bus that runs today will run next year"
        );
    }

    #[test]
    fn dash_attribution() {
        // Marks and a dash: the name is outside the quotation.
        assert_eq!(
            quoted("“We will not close a single route.” – Commissioner Ortiz"),
            "We will not close a single route"
        );
        // No marks: the sentences before the dash are the speaker's words.
        for s in [
            "We will not close a single route. Every bus will run. — Commissioner Ortiz",
            "We will not close a single route! – Ana Ortiz, head of the transit agency",
            "We will not close a single route. - Ortiz",
        ] {
            let q = quoted(s);
            assert_eq!(q.split(' ').next(), Some("We"), "{s}: {q}");
            assert!(q.ends_with("route") || q.ends_with("run"), "{s}: {q}");
            assert!(!q.contains("Ortiz"), "{s}: {q}");
        }
        // A dash inside a sentence, or a credit, is not an attribution.
        for s in [
            "The council voted to close the depot — Ortiz abstained.",
            "The depot closed on Monday. — Photo: Ana Ruiz",
            "Buses run every ten minutes – more at rush hour",
            "Who decided this? — Ana Ruiz (@ana_ruiz) March 3, 2026",
        ] {
            assert_eq!(quoted(s), "", "{s}");
        }
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let t = tokenize("The students’ union met. It's over.");
        assert!(t.iter().all(|x| !x.quoted), "{t:?}");
    }

    #[test]
    fn urls_are_one_token() {
        let t = tokenize("See https://example.org/a?b=1. Then www.x.com");
        assert_token(&t[1], "https://example.org/a?b=1", 4, 29);
        assert_eq!(t[1].kind, TokenKind::Url);
        assert_eq!(t[3].kind, TokenKind::Url);
        assert_eq!(t[3].term, "www.x.com");
    }

    #[test]
    fn unicode_words() {
        assert_eq!(
            terms("Москва и Zürich — 東京"),
            ["Москва", "и", "Zürich", "東京"]
        );
    }

    #[test]
    fn empty_input() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n ... ").is_empty());
    }
}
