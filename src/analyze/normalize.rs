//! Number and URL normalisation: the exact figure rarely matters for the
//! labels, but that there is a figure (or a year, or a link) does.

use super::{Token, TokenKind};

/// Term for a number.
pub const NUM_TERM: &str = "#num";
/// Term for a plausible year (1800-2099).
pub const YEAR_TERM: &str = "#year";
/// Term for a web address.
pub const URL_TERM: &str = "#url";

/// Replaces number and URL terms by their class term, when enabled.
pub fn normalize(token: &mut Token, numbers: bool, urls: bool) {
    match token.kind {
        TokenKind::Number if numbers => {
            let is_year = token.term.len() == 4
                && token.term.bytes().all(|b| b.is_ascii_digit())
                && matches!(&token.term[..2], "18" | "19" | "20");
            set(&mut token.term, if is_year { YEAR_TERM } else { NUM_TERM });
        }
        TokenKind::Url if urls => set(&mut token.term, URL_TERM),
        _ => {}
    }
}

/// Overwrites a term, reusing its string (see [`super::TokenBuf`]).
fn set(term: &mut String, to: &str) {
    term.clear();
    term.push_str(to);
}

#[cfg(test)]
mod tests {
    use super::super::{test_util::assert_token, tokenize};
    use super::*;

    fn norm(s: &str) -> Vec<Token> {
        let mut t = tokenize(s);
        t.iter_mut().for_each(|t| normalize(t, true, true));
        t
    }

    #[test]
    fn numbers_years_and_urls() {
        let t = norm("In 1999 some 12,500 people read http://a.b/c and 2,000 more");
        assert_token(&t[1], YEAR_TERM, 3, 7);
        assert_token(&t[3], NUM_TERM, 13, 19);
        assert_token(&t[6], URL_TERM, 32, 44);
        assert_eq!(t[8].term, NUM_TERM);
    }

    #[test]
    fn disabled_keeps_terms() {
        let mut t = tokenize("2024");
        normalize(&mut t[0], false, false);
        assert_eq!(t[0].term, "2024");
    }

    #[test]
    fn words_with_digits_are_words() {
        let t = norm("covid19 3D");
        assert_eq!(t[0].term, "covid19");
        assert_eq!(t[1].term, NUM_TERM);
    }
}
