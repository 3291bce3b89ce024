//! Boilerplate: paragraphs that are not content and get no label
//! (LABELS.md, "Not labelled"): headlines and headings, bylines, dates
//! alone, comment headers and forms, "Powered by" lines, share and
//! subscribe lines. Rules, each with the reason written out as `skipped`.
//!
//! They are deliberately conservative: a paragraph that ends like a
//! sentence is never taken for a headline, and nothing inside the reader
//! comments (after a "N thoughts on" header) is taken for one.

use crate::doc::Document;

/// Words of a paragraph, for the short-line rules.
fn words(t: &str) -> usize {
    t.split_whitespace().count()
}

fn lower(t: &str) -> String {
    t.to_lowercase()
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
];
const SHARE_SITES: &[&str] = &[
    "facebook",
    "twitter",
    "email",
    "print",
    "linkedin",
    "reddit",
    "whatsapp",
    "pinterest",
    "telegram",
    "tumblr",
    "pocket",
    "mastodon",
    "bluesky",
];

/// A comment-section header ("2 thoughts on “...”", "14 Responses to ...").
fn is_comment_header(l: &str) -> bool {
    let mut it = l.split_whitespace();
    let (Some(first), Some(second)) = (it.next(), it.next()) else {
        return matches!(
            l.trim_end_matches(':'),
            "comments" | "responses" | "discussion"
        );
    };
    let counted = first.chars().all(|c| c.is_ascii_digit())
        || matches!(first, "one" | "two" | "three" | "no");
    let noun = matches!(
        second.trim_end_matches(':'),
        "thought"
            | "thoughts"
            | "comment"
            | "comments"
            | "response"
            | "responses"
            | "reply"
            | "replies"
    );
    counted && noun && (words(l) <= 3 || l.contains(" on ") || l.contains(" to "))
        || matches!(
            l.trim_end_matches(':'),
            "comments" | "responses" | "discussion"
        )
}

fn is_comment_form(l: &str) -> bool {
    const LINES: &[&str] = &[
        "leave a comment",
        "leave a reply",
        "post a comment",
        "add a comment",
        "reply",
        "cancel reply",
        "comments are closed.",
        "comments are closed",
        "log in to reply",
        "post comment",
        "submit comment",
        "load more comments",
    ];
    const PHRASES: &[&str] = &[
        "your email address will not be published",
        "required fields are marked",
        "notify me of follow-up",
        "notify me of new posts",
        "save my name, email",
        "you must be logged in to post",
        "this site uses akismet",
        "comment moderation",
        "logged in as",
    ];
    LINES.contains(&l.trim()) || PHRASES.iter().any(|p| l.contains(p))
}

fn is_powered_by(l: &str, n: usize) -> bool {
    n <= 25
        && (l.contains("powered by")
            || l.contains("proudly powered")
            || l.contains("theme by")
            || l.starts_with("copyright")
            || l.starts_with("©"))
}

fn is_share(l: &str, n: usize) -> bool {
    const STARTS: &[&str] = &[
        "share this",
        "share:",
        "share on",
        "like this:",
        "tweet",
        "subscribe",
        "sign up for",
        "follow us",
        "related posts",
        "related:",
        "you may also like",
        "read more",
        "click to share",
        "email this",
        "print this",
    ];
    let sites = SHARE_SITES.iter().filter(|s| l.contains(*s)).count();
    n <= 15
        && (STARTS.iter().any(|s| l.starts_with(s))
            || sites >= 2
            || matches!(l.trim_end_matches(':'), "related" | "share"))
}

fn is_byline(l: &str, n: usize) -> bool {
    if n > 14 {
        return false;
    }
    const STARTS: &[&str] = &[
        "posted by",
        "written by",
        "published by",
        "filed by",
        "filed under",
        "posted in",
        "tags:",
        "tagged:",
        "categories:",
        "category:",
        "by ",
    ];
    let starts = STARTS.iter().any(|s| l.starts_with(s));
    let posted_on = (l.starts_with("posted on")
        || l.starts_with("published on")
        || l.starts_with("updated on"))
        && n <= 12;
    starts && (!l.starts_with("by ") || n <= 8) || posted_on
}

fn is_date(l: &str, n: usize) -> bool {
    if n == 0 || n > 10 {
        return false;
    }
    let mut datey = 0;
    for w in l.split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '-' || c == '.') {
        if w.is_empty() {
            continue;
        }
        let is = w.chars().all(|c| c.is_ascii_digit() || c == ':')
            || MONTHS.contains(&w)
            || DAYS.contains(&w)
            || matches!(
                w,
                "at" | "am"
                    | "pm"
                    | "a"
                    | "p"
                    | "m"
                    | "on"
                    | "posted"
                    | "updated"
                    | "published"
                    | "utc"
                    | "gmt"
                    | "edt"
                    | "est"
            )
            || (w.len() <= 4
                && w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .chars()
                    .all(|c| c.is_ascii_digit())
                && w.chars().next().is_some_and(|c| c.is_ascii_digit()));
        if !is {
            return false;
        }
        datey += 1;
    }
    datey > 0 && (l.chars().any(|c| c.is_ascii_digit()))
}

/// Looks like a headline: short, not ending like a sentence, not a list item.
fn is_headline_like(t: &str, n: usize) -> bool {
    let trimmed = t.trim_end();
    let Some(last) = trimmed.chars().last() else {
        return false;
    };
    let first_is_marker = t.split_whitespace().next().is_some_and(|w| {
        w.trim_end_matches(['.', ')'])
            .chars()
            .all(|c| c.is_ascii_digit())
            || matches!(w, "-" | "*" | "•")
    });
    (1..=20).contains(&n)
        && (last.is_alphanumeric() || last == '?')
        && !first_is_marker
        && !t
            .split_whitespace()
            .any(|w| matches!(w, "I" | "I'm" | "I’m" | "I've" | "I’ve"))
}

/// Longer paragraphs are never boilerplate.
const MAX_BOILERPLATE_WORDS: usize = 40;

/// The reason each paragraph of `doc` is skipped, or `None` for content.
pub fn skip_reasons(doc: &Document) -> Vec<Option<&'static str>> {
    let mut out = Vec::with_capacity(doc.paragraphs.len());
    let mut in_comments = false;
    let last = doc.paragraphs.len().saturating_sub(1);
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let n = words(&p.text);
        // Every rule is about short lines; long paragraphs are content (and
        // skipping the lowercasing keeps this cheap on long posts).
        if n > MAX_BOILERPLATE_WORDS && !p.is_heading() {
            out.push(None);
            continue;
        }
        let l = lower(&p.text);
        let reason = if p.is_heading() {
            Some("heading")
        } else if is_comment_header(&l) {
            in_comments = true;
            Some("comment-header")
        } else if is_comment_form(&l) {
            Some("comment-form")
        } else if is_powered_by(&l, n) {
            Some("powered-by")
        } else if is_share(&l, n) {
            Some("share")
        } else if is_byline(&l, n) {
            Some("byline")
        } else if is_date(&l, n) {
            Some("date")
        } else if !in_comments && i < last && !p.block_quote && is_headline_like(&p.text, n) {
            Some("headline")
        } else {
            None
        };
        out.push(reason);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text_document;

    fn reasons(text: &str) -> Vec<Option<&'static str>> {
        skip_reasons(&text_document("t", text.to_string()))
    }

    #[test]
    fn blog_boilerplate_is_skipped() {
        let post = "Council Closes Elm Street Depot\n\nPosted by Jane Roe\n\nMarch 3, 2008 at 10:42 pm\n\n\
                    The council voted 7-2 on Tuesday to close the depot.\n\nShare this: Facebook | Twitter | Email\n\n\
                    2 thoughts on “Council Closes Elm Street Depot”\n\n  1. Great post lol\n\n  2. terrible decision imo\n\n\
                    Leave a Comment\n\nYour email address will not be published. Required fields are marked *\n\n\
                    Powered by WordPress";
        assert_eq!(
            reasons(post),
            [
                Some("headline"),
                Some("byline"),
                Some("date"),
                None,
                Some("share"),
                Some("comment-header"),
                None,
                None,
                Some("comment-form"),
                Some("comment-form"),
                Some("powered-by"),
            ]
        );
    }

    #[test]
    fn sentences_and_comments_are_content() {
        let post = "Why the depot matters\n\nI think the vote was wrong\n\nThe vote was 7-2.\n\n\
                    Comments\n\nno way this passes\n\nReaders asked: what next?";
        assert_eq!(
            reasons(post),
            [
                Some("headline"),
                None,
                None,
                Some("comment-header"),
                None,
                None
            ]
        );
    }

    #[test]
    fn the_example_posts_boilerplate() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/examples/");
        let Ok(text) = std::fs::read_to_string(format!("{root}post-fourth-rail-repost.txt")) else {
            return; // shared/ is beside the repository in CI and on developer machines
        };
        let doc = text_document("p", text);
        let r = skip_reasons(&doc);
        let skipped: Vec<(&str, &str)> = doc
            .paragraphs
            .iter()
            .zip(&r)
            .filter_map(|(p, r)| r.map(|r| (r, &p.text[..20.min(p.text.len())])))
            .collect();
        assert_eq!(
            skipped.iter().map(|s| s.0).collect::<Vec<_>>(),
            [
                "headline",
                "headline",
                "headline",
                "comment-header",
                "comment-form",
                "comment-form",
                "powered-by"
            ],
            "{skipped:?}"
        );
    }
}
