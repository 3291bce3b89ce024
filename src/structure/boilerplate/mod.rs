//! Boilerplate: paragraphs that are not content and get no label
//! (LABELS.md, "Not labelled"): headlines and headings, bylines, dates
//! alone, comment headers and forms, "Powered by" lines, share and
//! subscribe lines. Rules, each with the reason written out as `skipped`.
//!
//! They are deliberately conservative: a paragraph that ends like a
//! sentence is never taken for a headline, and nothing inside the reader
//! comments (after a "N thoughts on" header) is taken for one. Where the
//! markup says what a paragraph is (HTML, Markdown), headings are its
//! `h1`-`h6` and short `<p>`s set wholly in bold; a short `<p>` otherwise is
//! a subhead only alone between two full paragraphs of prose, a `<li>` or a
//! table cell never, and a number alone in a table cell is not a date.

mod lines;

pub use lines::{is_post_credit, is_separator, is_signature};

use crate::analyze::is_dash_attributed;
use crate::doc::Document;
use lines::{
    is_advert, is_author_note, is_byline, is_comment_form, is_comment_header, is_comment_policy,
    is_credit, is_date, is_powered_by, is_share,
};
use serde::Serialize;

/// Why a paragraph is not content: the `skipped` value written in output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// A heading by the markup (`h1`-`h6`).
    Heading,
    /// A short line alone between content paragraphs (text without markup).
    Headline,
    /// "Posted by ...", "Filed under ...", tags and categories.
    Byline,
    /// A date (and time) alone.
    Date,
    /// A source, reporting or picture credit, an embedded post's author
    /// line, a correction note.
    Credit,
    /// No letter or digit: a rule line, an emoji row, invisible characters.
    Separator,
    /// The start of the reader comments ("2 thoughts on ...").
    CommentHeader,
    /// The comment form ("Leave a reply", "Your email address will not ...").
    CommentForm,
    /// "Powered by ...", theme and copyright lines.
    PoweredBy,
    /// Share, subscribe, follow and related-posts lines.
    Share,
    /// An advertisement's label ("Advertisement", "Story continues below
    /// advertisement", "Sponsored") or an advert's text marked as one.
    Advert,
    /// Content in a language the model was not trained on: not labelled
    /// (set by the tagger, not by these rules).
    Language,
}

impl SkipReason {
    /// Every reason, in the order `tag --help` lists them.
    pub const ALL: [SkipReason; 12] = [
        SkipReason::Heading,
        SkipReason::Headline,
        SkipReason::Byline,
        SkipReason::Date,
        SkipReason::Credit,
        SkipReason::Separator,
        SkipReason::CommentHeader,
        SkipReason::CommentForm,
        SkipReason::PoweredBy,
        SkipReason::Share,
        SkipReason::Advert,
        SkipReason::Language,
    ];

    /// The name written in output.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Heading => "heading",
            SkipReason::Headline => "headline",
            SkipReason::Byline => "byline",
            SkipReason::Date => "date",
            SkipReason::Credit => "credit",
            SkipReason::Separator => "separator",
            SkipReason::CommentHeader => "comment-header",
            SkipReason::CommentForm => "comment-form",
            SkipReason::PoweredBy => "powered-by",
            SkipReason::Share => "share",
            SkipReason::Advert => "advert",
            SkipReason::Language => "language",
        }
    }

    /// The reason of an output name (a `skipped` value read back from
    /// records), `None` for a name this version does not write.
    pub fn from_name(name: &str) -> Option<SkipReason> {
        SkipReason::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The first word is a list marker: `1.`, `2)`, `-`, `*`, `•`.
fn list_marker(t: &str) -> Option<Marker> {
    let w = t.split_whitespace().next()?;
    if matches!(w, "-" | "*" | "•" | "–") {
        return Some(Marker::Bullet);
    }
    let digits = w.trim_end_matches(['.', ')']);
    (digits.len() < w.len() && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then_some(Marker::Number)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Bullet,
    Number,
}

/// Lowercase words a title leaves in lower case.
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to", "for", "by", "with",
    "from", "as", "vs", "via",
];

/// Title Case or ALL CAPS: every word but the small ones starts with a
/// capital ("Qualified Teams", "WHO IS THE FRONT-RUNNER?"), which list items
/// and sentences rarely do.
fn is_title_case(t: &str) -> bool {
    let mut words = t
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic));
    let Some(first) = words.next() else {
        return false;
    };
    first.chars().next().is_some_and(char::is_uppercase)
        && words.all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || TITLE_SMALL_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// A question the writer puts to the reader ("Are you ready?", "What is
/// your focus right now?") or a tag question ("..., doesn't it?"): the
/// writer talking, not a section title.
fn is_conversational_question(t: &str) -> bool {
    let Some(q) = t.strip_suffix('?') else {
        return false;
    };
    let l = q.to_lowercase().replace('’', "'");
    let mut words = l.split(|c: char| !(c.is_alphanumeric() || c == '\''));
    let addressed = words.any(|w| matches!(w, "you" | "your" | "you're" | "yours" | "you've"));
    let tag = l.rsplit_once(' ').is_some_and(|(before, last)| {
        matches!(
            last,
            "it" | "they" | "you" | "we" | "he" | "she" | "there" | "i"
        ) && before.ends_with("n't")
    });
    addressed || tag
}

/// Looks like a headline on its own: short, not ending like a sentence (a
/// closing quotation mark aside), starting with a capital, without the
/// writer's "I" and not a question put to the reader. Whether it is one
/// depends on its neighbours too (see [`skip_reasons`]).
fn is_headline_like(t: &str, n: usize) -> bool {
    let trimmed = t.trim_end().trim_end_matches(['"', '”', '’', '\'', '»']);
    let Some(last) = trimmed.chars().last() else {
        return false;
    };
    // A sentence closed inside quotation marks ("“We will.” — Ortiz") is
    // someone's words, not a title.
    let quoted_sentence = [
        ".”", "!”", "?”", ",”", ".\"", "!\"", "?\"", ",\"", ".»", ",»", ".«",
    ]
    .iter()
    .any(|q| t.contains(q));
    (1..=20).contains(&n)
        && (last.is_alphanumeric() || last == '?')
        && !quoted_sentence
        && !is_dash_attributed(t)
        && !t.trim_start().starts_with(char::is_lowercase)
        && !is_conversational_question(trimmed)
        && !t
            .split_whitespace()
            .any(|w| matches!(w, "I" | "I'm" | "I’m" | "I've" | "I’ve"))
}

/// Prose from the markup (`<p>`, a bare container) or from plain text: not
/// a list item, a cell or a block quote.
fn in_prose(p: &crate::doc::Paragraph) -> bool {
    !p.block_quote && matches!(p.element.as_deref(), None | Some("p" | "div"))
}

/// Words at most in a subhead found by its markup or its neighbours.
const SUBHEAD_WORDS: usize = 8;

/// Words at least in each neighbour of a subhead that has no markup.
const SUBHEAD_NEIGHBOUR_WORDS: usize = 15;

/// Short, and looks like a headline (no full stop; see [`is_headline_like`]);
/// not a row of figures ("Rockledge 14 11 6 15 — 44": a result is data).
fn is_subhead(t: &str, n: usize) -> bool {
    let figures = t
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .count();
    n <= SUBHEAD_WORDS && figures <= 1 && is_headline_like(t, n)
}

/// Ends with a full stop, a question or exclamation mark or an ellipsis
/// (before closing quotation marks or brackets).
fn ends_like_sentence(t: &str) -> bool {
    t.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', '»', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
}

/// A table cell: a number alone there is data, not a date line.
fn is_cell(p: &crate::doc::Paragraph) -> bool {
    matches!(p.element.as_deref(), Some("td" | "th"))
}

/// Longer paragraphs are never boilerplate.
const MAX_BOILERPLATE_WORDS: usize = 40;

/// Consecutive short lines from this many on are a list, not headings.
const LIST_RUN: usize = 3;

/// The reason each paragraph of `doc` is skipped, or `None` for content.
///
/// A short line that does not end like a sentence is a headline only by
/// its place: alone between content paragraphs. Three or more such lines in
/// a row are a list (ingredients, a table of teams, steps) and keep their
/// labels, unless they are in Title Case; a numbered line alone
/// ("3. Practice mindfulness" between paragraphs) is a section title. A
/// paragraph whose element the markup names (HTML, Markdown: `p`, `li`,
/// `td`, ...) is not guessed to be a headline by its length alone: the
/// markup has headings for that (`h1`-`h6`, "heading"), and a short `<p>`
/// is one only when set wholly in bold ("heading") or alone between two
/// paragraphs of 15+ words that end like sentences ("headline"). Nor is the text of an
/// embedded post (`embedded`, one flag per paragraph: see
/// [`embedded_posts`](super::embedded::embedded_posts)).
pub fn skip_reasons(doc: &Document, embedded: &[bool]) -> Vec<Option<SkipReason>> {
    let mut out = Vec::with_capacity(doc.paragraphs.len());
    let mut candidate = Vec::with_capacity(doc.paragraphs.len());
    let mut words = Vec::with_capacity(doc.paragraphs.len());
    let mut below_header = Vec::with_capacity(doc.paragraphs.len());
    let mut in_comments = false;
    let last = doc.paragraphs.len().saturating_sub(1);
    for (i, p) in doc.paragraphs.iter().enumerate() {
        // Counted only as far as the rules need: beyond the limit the exact
        // number matters to none of them.
        let n = p
            .text
            .split_whitespace()
            .take(MAX_BOILERPLATE_WORDS + 1)
            .count();
        words.push(n);
        below_header.push(in_comments);
        candidate.push(false);
        // Every rule but the comment policy's is about short lines; long
        // paragraphs are content (and skipping the lowercasing keeps this
        // cheap on long posts: the policy is only looked for where the
        // text says "comment").
        if n > MAX_BOILERPLATE_WORDS && !p.is_heading() {
            let policy = (p.text.contains("omment") || p.text.contains("OMMENT"))
                && is_comment_policy(&p.text.to_lowercase());
            out.push(policy.then_some(SkipReason::CommentForm));
            continue;
        }
        let l = p.text.to_lowercase();
        let reason = if p.is_heading() {
            Some(SkipReason::Heading)
        } else if is_separator(&p.text) {
            Some(SkipReason::Separator)
        } else if is_comment_header(&l) {
            in_comments = true;
            Some(SkipReason::CommentHeader)
        } else if is_comment_form(&l) || is_comment_policy(&l) {
            Some(SkipReason::CommentForm)
        } else if is_powered_by(&l, n) {
            Some(SkipReason::PoweredBy)
        } else if is_share(&l, n) {
            Some(SkipReason::Share)
        } else if is_advert(&l, n) {
            Some(SkipReason::Advert)
        } else if is_byline(&l, n) || is_author_note(&l, n) {
            Some(SkipReason::Byline)
        } else if !is_cell(p) && is_date(&l, n) {
            Some(SkipReason::Date)
        } else if is_credit(&p.text, &l, n) {
            Some(SkipReason::Credit)
        } else if in_prose(p) && !p.comment && is_signature(&p.text, n) {
            Some(SkipReason::Byline)
        } else if in_prose(p) && p.bold && !in_comments && is_subhead(&p.text, n) {
            // The markup sets the whole short line in bold: a subhead
            // styled by hand (`<p><strong>What comes next</strong></p>`).
            Some(SkipReason::Heading)
        } else {
            candidate[i] = !in_comments
                && !p.block_quote
                && !embedded[i]
                && p.element.is_none()
                && is_headline_like(&p.text, n);
            None
        };
        out.push(reason);
    }
    // A short `<p>` that does not end like a sentence, alone between two
    // paragraphs of prose that do: a subhead the page did not mark up as one.
    // Both neighbours must be full paragraphs, so a one-line answer in an
    // interview, a list of short `<p>`s or a table's rows keep their labels.
    for i in 1..last {
        let p = &doc.paragraphs[i];
        let prose = |j: usize| {
            out[j].is_none()
                && words[j] >= SUBHEAD_NEIGHBOUR_WORDS
                && !doc.paragraphs[j].comment
                && ends_like_sentence(&doc.paragraphs[j].text)
        };
        if out[i].is_none()
            && p.element.as_deref() == Some("p")
            && !p.comment
            && !below_header[i]
            && !embedded[i]
            && is_subhead(&p.text, words[i])
            && prose(i - 1)
            && prose(i + 1)
        {
            out[i] = Some(SkipReason::Headline);
        }
    }
    let mut i = 0;
    while i < candidate.len() {
        if !candidate[i] {
            i += 1;
            continue;
        }
        let run_end = (i..candidate.len())
            .find(|&j| !candidate[j])
            .unwrap_or(candidate.len());
        let run = run_end - i;
        // The last paragraph is never a headline: nothing follows it.
        let end = run_end.min(last);
        for (reason, p) in out[i..end.max(i)].iter_mut().zip(&doc.paragraphs[i..]) {
            let headline = match list_marker(&p.text) {
                Some(Marker::Number) => run == 1,
                Some(Marker::Bullet) => false,
                None => run < LIST_RUN || is_title_case(&p.text),
            };
            if headline {
                *reason = Some(SkipReason::Headline);
            }
        }
        i = run_end;
    }
    out
}

#[cfg(test)]
mod tests;
