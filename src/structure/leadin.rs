//! Lead-ins: "Roggio writes:", "From The Fourth Rail:", "the statement
//! reads:", the lines that introduce another source's text, and the signs
//! that the blogger is speaking again (first-person words, questions or
//! exclamations outside quotes, evaluative words). Which paragraphs a
//! lead-in reproduces reads the model's scores too, so it is decided after
//! scoring, in [`provenance::leadin`](crate::provenance::leadin).

use crate::analyze::cues::EVALUATIVE;
use crate::analyze::{tokenize, Token, TokenKind};

/// Words that make a paragraph ending in `:` an introduction of someone
/// else's text.
const CUES: &[&str] = &[
    "writes",
    "wrote",
    "reads",
    "read",
    "says",
    "said",
    "notes",
    "noted",
    "points out",
    "pointed out",
    "reports",
    "reported",
    "explains",
    "explained",
    "adds",
    "added",
    "according to",
    "from ",
    "via ",
    "statement",
    "excerpt",
    "as follows",
    "puts it",
    "put it",
    "observes",
    "argues",
    "tells",
    "told",
    "continues",
    "quote",
    "release",
    "dispatch",
    "report",
    "announced",
    "announcement",
];

/// Lead-ins that introduce one statement ("the statement reads:", "said in
/// a statement:"): the passage is the next paragraph only, since what follows
/// is usually the writer reporting reactions to it.
pub fn introduces_one_statement(text: &str) -> bool {
    let l = text.to_lowercase();
    l.contains("statement")
        || l.contains("release")
        || l.trim_end().ends_with("reads:")
        || l.contains("announcement")
}

/// Whether `text` introduces a reproduced passage.
pub fn is_lead_in(text: &str) -> bool {
    let t = text.trim_end();
    if !t.ends_with(':') {
        return false;
    }
    let words = t.split_whitespace().count();
    if words > 80 {
        return false;
    }
    // A short line without a cue ("Here's the thing:", "This could
    // occur:", "Ingredients:") introduces the writer's own list or point,
    // not another source's text; a bare name ("Ortiz:") still does.
    let l = t.to_lowercase();
    words <= 2 || CUES.iter().any(|c| has_phrase(&l, c.trim_end()))
}

/// Whether `phrase` occurs in `l` as whole words ("read" is not in
/// "already").
fn has_phrase(l: &str, phrase: &str) -> bool {
    l.match_indices(phrase).any(|(at, _)| {
        let before = l[..at].chars().next_back();
        let after = l[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether the paragraph opens with a quotation mark.
pub fn opens_with_quote(text: &str) -> bool {
    text.trim_start()
        .starts_with(['“', '"', '«', '„', '‹', '»', '‘', '\''])
}

/// Whether the text uses evaluative words outside quotation marks.
pub fn has_evaluation(text: &str) -> bool {
    outside_quotes(text)
        .any(|t| t.kind == TokenKind::Word && EVALUATIVE.contains(&t.term.to_lowercase().as_str()))
}

/// Tokens outside quotation marks, read as the model reads them (curly,
/// straight, guillemets and low-high quotes; a stray mark quotes nothing).
fn outside_quotes(text: &str) -> impl Iterator<Item = Token> {
    tokenize(text).into_iter().filter(|t| !t.quoted)
}

/// First-person words, `?` or `!` outside quotation marks: the blogger
/// speaking.
pub fn has_own_voice(text: &str) -> bool {
    outside_quotes(text).any(|t| match t.kind {
        TokenKind::Punct => t.term == "?" || t.term == "!",
        // "US" in capitals is the country, not the pronoun.
        TokenKind::Word if t.term != "US" => matches!(
            t.term.to_lowercase().as_str(),
            "i" | "i'm"
                | "i've"
                | "i'd"
                | "i'll"
                | "me"
                | "my"
                | "we"
                | "we're"
                | "we've"
                | "our"
                | "us"
                | "myself"
        ),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_in_lines() {
        assert!(is_lead_in("From The Fourth Rail:"));
        assert!(is_lead_in(
            "This sobering dispatch from embed Bill Roggio clearly shows what we face:"
        ));
        assert!(is_lead_in("The agency's statement reads:"));
        assert!(is_lead_in("Here is what the minister said on Tuesday:"));
        assert!(!is_lead_in("The minister said the plan was sound."));
    }

    #[test]
    fn own_voice_ignores_quoted_first_person() {
        assert!(has_own_voice("I think this is wrong."));
        assert!(has_own_voice("We’re already at war."));
        assert!(!has_own_voice(
            "“We will not close a route,” the director said."
        ));
        assert!(!has_own_voice("The US captured a senior operative."));
        assert!(has_own_voice("Who could have guessed?"));
        assert!(!has_own_voice("“Who could have guessed?” she asked."));
        assert!(has_evaluation("This is a disgrace."));
        assert!(!has_evaluation("He called it “a disgrace” on Monday."));
        // Guillemets and low-high quotes are quotes here too.
        assert!(!has_own_voice("»We are ready«, Ortiz said."));
        assert!(!has_own_voice("« Are we ready ? » Ortiz asked."));
        assert!(!has_own_voice("„We are ready“, Ortiz said."));
        assert!(has_own_voice("„We are ready“, Ortiz said. I doubt it."));
    }

    #[test]
    fn short_lines_ending_in_a_colon_need_a_cue() {
        assert!(!is_lead_in("Here's the thing:"));
        assert!(!is_lead_in("This could occur:"));
        assert!(!is_lead_in(
            "Maybe you've experienced these moments before:"
        ));
        assert!(is_lead_in("Commissioner Ortiz:"));
        assert!(is_lead_in("Ortiz said:"));
        // Cues are whole words: "read" is not in "already" or "spread".
        assert!(!is_lead_in(
            "As the fire spread, the crews were already in place:"
        ));
    }
}
