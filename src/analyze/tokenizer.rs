//! The tokenizer: splits text into words, numbers, URLs and the punctuation
//! that matters for the labels, and tracks whether each token is quoted.
//!
//! Word characters are Unicode alphanumerics. An apostrophe between two of
//! them stays inside the word (`don't`, `Iran’s`), as does a `.` or `,`
//! between two of them (`U.S`, `1,000.5`); hyphens and slashes split.

use super::{Token, TokenKind, QUOTE_TERM};

/// Quotation marks that open a quotation.
fn opens(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '‹' | '「' | '『')
}

/// Quotation marks that close a quotation.
fn closes(c: char) -> bool {
    matches!(c, '”' | '»' | '›' | '」' | '』')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text` into tokens with byte offsets.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut double_open = false;
    let mut single_open = false;
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_word_char(c) {
            let is_url_start = text[i..].starts_with("http://")
                || text[i..].starts_with("https://")
                || text[i..].starts_with("www.");
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
            let mut term = text[i..end].to_string();
            if term.contains('’') {
                term = term.replace('’', "'");
            }
            tokens.push(Token {
                term,
                from: i,
                to: end,
                kind,
                quoted: double_open || single_open,
            });
            while let Some(&(j, ch)) = iter.peek() {
                if j >= end {
                    break;
                }
                prev = Some(ch);
                iter.next();
            }
            continue;
        }
        let next = iter.peek().map(|&(_, ch)| ch);
        let after_space =
            prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–'));
        let before_word = next.is_some_and(is_word_char);
        let mark = if opens(c) {
            double_open = true;
            true
        } else if closes(c) {
            double_open = false;
            true
        } else if c == '"' {
            // A straight quote opens after white space and closes elsewhere;
            // when the context is ambiguous it toggles.
            double_open = if after_space && before_word {
                true
            } else if !after_space && !before_word {
                false
            } else {
                !double_open
            };
            true
        } else if c == '‘' || (c == '\'' && after_space && before_word) {
            single_open = true;
            true
        } else if (c == '’' || c == '\'') && single_open && !before_word {
            single_open = false;
            true
        } else {
            false
        };
        let punct = mark || matches!(c, '?' | '!' | ':' | '%');
        if punct {
            let len = c.len_utf8();
            tokens.push(Token {
                term: if mark {
                    QUOTE_TERM.to_string()
                } else {
                    c.to_string()
                },
                from: i,
                to: i + len,
                kind: TokenKind::Punct,
                quoted: double_open || single_open,
            });
        }
        prev = Some(c);
    }
    tokens
}

/// End of a word starting at `start`: word characters, joined by `'`, `’`,
/// `.` or `,` only when a word character follows.
fn word_end(text: &str, start: usize) -> usize {
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
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
