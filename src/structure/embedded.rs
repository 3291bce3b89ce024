//! Embedded posts pasted as text: a tweet copied into a post reads as its
//! text, then an author line ("— Name (@handle) March 3, 2026"). Which
//! paragraphs are such a post's text is part of what the post is: the
//! boilerplate rules never take them for headlines, and provenance marks
//! them reproduced (`embed`).

use super::boilerplate::{is_post_credit, is_separator};
use crate::doc::Document;

/// Paragraphs of an embedded post shorter than this are fragments of one
/// post ("on. meth. dot. com." / "we're. on. it."), counted back together.
const POST_FRAGMENT_CHARS: usize = 60;

/// Paragraphs that are the text of an embedded post pasted as text: the
/// paragraph right before a tweet's author line ("— Name (@handle) March 3,
/// 2026"), the one before that too when the last is only its link, and any
/// short fragments just before. The writer's own introduction ("Residents
/// answered on Twitter:") is not part of it.
pub fn embedded_posts(doc: &Document) -> Vec<bool> {
    let ps = &doc.paragraphs;
    let mut out = vec![false; ps.len()];
    for (i, p) in ps.iter().enumerate() {
        if !is_post_credit(&p.text) {
            continue;
        }
        let mut j = i;
        let mut first = true;
        while j > 0 {
            let t = ps[j - 1].text.trim();
            let stop = is_post_credit(t)
                || is_separator(t)
                || ps[j - 1].is_heading()
                || t.ends_with(':')
                || (!first && t.chars().count() > POST_FRAGMENT_CHARS);
            if stop {
                break;
            }
            j -= 1;
            out[j] = true;
            // A line that is only the post's link: its text is before it.
            first = is_link_only(t);
        }
    }
    out
}

/// A line of nothing but web addresses and symbols ("⬇️ https://t.co/x").
fn is_link_only(t: &str) -> bool {
    t.split_whitespace().all(|w| {
        w.starts_with("http://")
            || w.starts_with("https://")
            || w.starts_with("pic.twitter.com/")
            || !w.chars().any(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text_document;
    use crate::structure::{SkipReason, Structure};

    #[test]
    fn an_embedded_tweet_is_content_and_embedded() {
        let post = "Residents answered on Twitter within minutes of the vote:\n\n\
                    Who decided this without asking a single rider pic.twitter.com/AbCdEf\n\n\
                    — Ana Ruiz (@ana_ruiz) March 3, 2026\n\n\
                    The council has not replied to the criticism.";
        let doc = text_document("t", post.to_string());
        let structure = Structure::of(&doc);
        assert_eq!(
            structure.skipped,
            [None, None, Some(SkipReason::Credit), None]
        );
        assert_eq!(structure.embedded, [false, true, false, false]);
        // A tweet of two short paragraphs and its link; the long report
        // before it is not part of it.
        let long = "The council voted 7-2 on Tuesday to close the depot, ending a year of \
                    hearings in which more than two hundred residents spoke, most of them \
                    against the plan, and the transit agency twice revised its figures on \
                    what the closure would save, first to four million a year and then to \
                    just under three million once the cost of the longer routes was counted.";
        let post = format!(
            "{long}\n\nHeartbroken.\n\nThe 14 was my bus for thirty years.\n\n\
             https://t.co/AbCdEf\n\n— Ana Ruiz (@ana_ruiz) March 3, 2026"
        );
        let doc = text_document("t", post);
        assert_eq!(embedded_posts(&doc), [false, true, true, true, false]);
    }
}
