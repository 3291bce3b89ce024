//! Lead-ins: "Roggio writes:", "From The Fourth Rail:", "the statement
//! reads:". The paragraphs after a lead-in are the other source's text
//! until the blogger returns; we mark them reproduced while they read like
//! that source and stop at the first sign of the blogger's own voice:
//! first-person words, questions or exclamations outside quotes, a
//! paragraph the model calls opinion that also uses evaluative words
//! ("mistake", "disgrace"), another lead-in, the comment section, or a
//! wider gap in the text (two or more blank lines). The model's opinion
//! alone does not stop a run: the source may be a column, and a calm
//! report can read as opinion to it. A lead-in that introduces a statement
//! ("the statement reads:") reproduces one paragraph. When the lead-in is followed by a block
//! quote, the markup has said what is quoted and the run ends with it.

use crate::analyze::{tokenize, Token, TokenKind};
use crate::doc::Document;
use crate::features::EVALUATIVE;

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
fn introduces_one_statement(text: &str) -> bool {
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
fn opens_with_quote(text: &str) -> bool {
    text.trim_start()
        .starts_with(['“', '"', '«', '„', '‹', '»', '‘', '\''])
}

/// Whether the text uses evaluative words outside quotation marks.
fn has_evaluation(text: &str) -> bool {
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

/// What the lead-in rule needs to know about each paragraph.
pub struct ParagraphFacts {
    /// Skipped as boilerplate.
    pub skipped: bool,
    /// The comment section starts at or before this paragraph.
    pub in_comments: bool,
    /// The model's opinion probability (0 when skipped).
    pub p_opinion: f64,
}

/// Paragraphs reproduced because of a lead-in before them.
pub fn reproduced(doc: &Document, facts: &[ParagraphFacts]) -> Vec<bool> {
    let n = doc.paragraphs.len();
    let mut out = vec![false; n];
    let mut i = 0;
    while i < n {
        let p = &doc.paragraphs[i];
        if facts[i].skipped || facts[i].in_comments || !is_lead_in(&p.text) {
            i += 1;
            continue;
        }
        // Markup already says what is quoted: after a lead-in followed by a
        // block quote, the passage is the block quote and nothing more.
        let marked_up = doc.paragraphs.get(i + 1).is_some_and(|q| q.block_quote);
        let single = introduces_one_statement(&p.text);
        // "Ortiz said:" and then quoted words: the passage is the quoted
        // paragraphs (a quotation over several paragraphs opens each of them
        // with a quotation mark), and the writer is back at the first that
        // does not open with one.
        let quoted = doc
            .paragraphs
            .get(i + 1)
            .is_some_and(|q| opens_with_quote(&q.text));
        let mut j = i + 1;
        while j < n {
            let q = &doc.paragraphs[j];
            if (marked_up && !q.block_quote) || (quoted && !opens_with_quote(&q.text)) {
                break;
            }
            let gap = doc
                .text
                .get(doc.paragraphs[j - 1].end..q.start)
                .unwrap_or("");
            let wide_gap = gap.matches('\n').count() >= 3;
            if facts[j].in_comments || wide_gap || is_lead_in(&q.text) {
                break;
            }
            if facts[j].skipped {
                j += 1;
                continue;
            }
            if has_own_voice(&q.text) || (facts[j].p_opinion > 0.5 && has_evaluation(&q.text)) {
                break;
            }
            out[j] = true;
            j += 1;
            if single {
                break;
            }
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text_document;

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

    fn facts(n: usize, opinion: &[usize], skipped: &[usize]) -> Vec<ParagraphFacts> {
        (0..n)
            .map(|i| ParagraphFacts {
                skipped: skipped.contains(&i),
                in_comments: false,
                p_opinion: if opinion.contains(&i) { 0.9 } else { 0.1 },
            })
            .collect()
    }

    #[test]
    fn run_stops_when_the_blogger_returns() {
        let text = "Roggio writes:\n\nUS forces raided a compound on Monday.\n\nThe raid followed months of work.\n\n\
                    I think this proves my point.\n\nMore facts here.";
        let doc = text_document("t", text.into());
        assert_eq!(
            reproduced(&doc, &facts(5, &[], &[])),
            [false, true, true, false, false]
        );
    }

    #[test]
    fn run_stops_at_opinion_gap_or_new_lead_in_and_crosses_skipped_headlines() {
        let text = "From The Wire:\n\nHeadline Of The Source\n\nA fact from the source.\n\nA calm but terrible judgement.\n\nAnother fact.";
        let doc = text_document("t", text.into());
        assert_eq!(
            reproduced(&doc, &facts(5, &[3], &[1])),
            [false, false, true, false, false]
        );
        // The model's opinion alone, without evaluative words, does not stop it.
        let text = "From The Wire:\n\nA fact from the source.\n\nThe bridge remains safe for now.";
        let doc = text_document("t", text.into());
        assert_eq!(reproduced(&doc, &facts(3, &[2], &[])), [false, true, true]);
        let text = "From The Wire:\n\nA fact from the source.\n\n\n\nThe blogger's own line.";
        let doc = text_document("t", text.into());
        assert_eq!(reproduced(&doc, &facts(3, &[], &[])), [false, true, false]);
        let text = "She writes:\n\nFirst source fact.\n\nAs he points out:\n\nSecond source fact.";
        let doc = text_document("t", text.into());
        assert_eq!(
            reproduced(&doc, &facts(4, &[2], &[])),
            [false, true, false, true]
        );
    }

    #[test]
    fn a_block_quote_after_the_lead_in_is_the_whole_passage() {
        let mut doc = text_document(
            "t",
            "The statement reads:\n\nQuoted fact.\n\nA fact of the blogger's.".into(),
        );
        doc.paragraphs[1].block_quote = true;
        assert_eq!(reproduced(&doc, &facts(3, &[], &[])), [false, true, false]);
    }

    #[test]
    fn a_statement_lead_in_reproduces_one_paragraph() {
        let text = "The agency's statement reads:\n\nThe depot closes in March.\n\n“We regret it,” a driver said.";
        let doc = text_document("t", text.into());
        assert_eq!(reproduced(&doc, &facts(3, &[], &[])), [false, true, false]);
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

    #[test]
    fn a_speaker_named_before_a_quotation_reproduces_the_quoted_paragraphs() {
        // "Ortiz said:" then a quotation over two paragraphs (an opening
        // mark on each, the closing mark on the last), then the writer.
        let text = "Commissioner Ortiz said:\n\n\
                    “We will not close a single route this year. The money is there.\n\n\
                    “Every bus that runs today will run next year.”\n\n\
                    The council votes on the budget in March.";
        let doc = text_document("t", text.into());
        assert_eq!(
            reproduced(&doc, &facts(4, &[], &[])),
            [false, true, true, false]
        );
    }

    #[test]
    fn no_reproduction_when_the_next_paragraph_is_the_blogger() {
        let text = "Here is my take:\n\nI believe we should act now.";
        let doc = text_document("t", text.into());
        assert_eq!(reproduced(&doc, &facts(2, &[1], &[])), [false, false]);
    }
}
