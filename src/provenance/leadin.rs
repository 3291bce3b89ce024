//! Lead-ins' passages. The paragraphs after a lead-in ("Roggio writes:",
//! recognised in [`structure::leadin`](crate::structure::leadin)) are the
//! other source's text until the blogger returns; we mark them reproduced
//! while they read like that source and stop at the first sign of the
//! blogger's own voice: first-person words, questions or exclamations
//! outside quotes, a paragraph the model calls opinion that also uses
//! evaluative words ("mistake", "disgrace"), another lead-in, the comment
//! section, or a wider gap in the text (two or more blank lines). The
//! model's opinion alone does not stop a run: the source may be a column,
//! and a calm report can read as opinion to it. A lead-in that introduces a
//! statement ("the statement reads:") reproduces one paragraph. When the
//! lead-in is followed by a block quote, the markup has said what is quoted
//! and the run ends with it. This reads the model's opinion probability, so
//! it runs after scoring.

use crate::doc::Document;
use crate::structure::leadin::{
    has_evaluation, has_own_voice, introduces_one_statement, is_lead_in, opens_with_quote,
};

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
