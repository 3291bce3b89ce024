//! The rules about single lines, one function per kind of line (comment
//! headers and forms, "Powered by", share lines, bylines, dates, credits,
//! separators): each says whether a paragraph's text is that kind of line.
//! Which rule wins, and what a line's neighbours change, is decided in
//! [`skip_reasons`](super::skip_reasons).

/// Words of a paragraph, for the short-line rules.
fn words(t: &str) -> usize {
    t.split_whitespace().count()
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
pub(super) fn is_comment_header(l: &str) -> bool {
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

pub(super) fn is_comment_form(l: &str) -> bool {
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

/// A site's comment policy addressed to its readers ("We invite you to use
/// our commenting platform ...", "Comments are moderated ..."): often longer
/// than the other boilerplate lines, so it is looked for in paragraphs of
/// any length, but only in the site's own voice (we, our) about comments.
pub(super) fn is_comment_policy(l: &str) -> bool {
    const PHRASES: &[&str] = &[
        "our commenting platform",
        "our comment policy",
        "our commenting policy",
        "our comments policy",
        "our community guidelines",
        "we invite you to comment",
        "we invite you to use our",
        "comments are moderated",
        "comments will be moderated",
        "comments are reviewed",
        "we reserve the right to remove",
        "we reserve the right to delete",
        "we do not pre-screen",
        "we don't pre-screen",
        "we do not prescreen",
    ];
    l.contains("comment") && PHRASES.iter().any(|p| l.contains(p))
}

/// An advertisement's label or a line the page puts around an advert
/// ("Advertisement", "Story continues below advertisement", "Ad is hidden").
pub(super) fn is_advert(l: &str, n: usize) -> bool {
    const LINES: &[&str] = &[
        "advertisement",
        "advertisements",
        "advert",
        "ad",
        "ads",
        "sponsored",
        "sponsored content",
        "sponsored post",
        "paid content",
        "paid post",
        "promoted",
        "promoted content",
        "supported by",
        "skip advertisement",
        "continue reading the main story",
        "continue reading below",
    ];
    let core = l.trim_matches(|c: char| !c.is_alphanumeric());
    n <= 20
        && (LINES.contains(&core)
            || (n <= 8 && l.contains("continues below"))
            || l.starts_with("advertisement -")
            || l.starts_with("advertisement –")
            || l.contains("ad is hidden")
            || l.contains("why you hid this ad"))
}

pub(super) fn is_powered_by(l: &str, n: usize) -> bool {
    n <= 25
        && (l.contains("powered by")
            || l.contains("proudly powered")
            || l.contains("theme by")
            || l.starts_with("copyright")
            || l.starts_with("©"))
}

pub(super) fn is_share(l: &str, n: usize) -> bool {
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
        "learn more:",
        "more:",
        "for more, read",
        "read the full",
        "get the best of",
        "sign up to",
        "thank you for signing up",
        "thanks for signing up",
    ];
    // The site names are counted only for a short line (the costliest check).
    let sites = || SHARE_SITES.iter().filter(|s| l.contains(*s)).count();
    // A newsletter's pitch: "... delivered right to your inbox".
    let inbox = l.contains("in your inbox") || l.contains("to your inbox");
    n <= 15
        && (inbox
            || STARTS.iter().any(|s| l.starts_with(s))
            || sites() >= 2
            || matches!(l.trim_end_matches(':'), "related" | "share"))
}

pub(super) fn is_byline(l: &str, n: usize) -> bool {
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

/// The writer's note at the end of a piece ("Ana Ruiz is a reporter for The
/// Ledger. Follow her on Twitter @ana_ruiz."): how to reach them.
pub(super) fn is_author_note(l: &str, n: usize) -> bool {
    const REACH: &[&str] = &[
        "follow him on",
        "follow her on",
        "follow them on",
        "follow him at",
        "follow her at",
        "contact him at",
        "contact her at",
        "contact them at",
        "email him at",
        "email her at",
        "reach him at",
        "reach her at",
        "email the writer at",
        "email the author at",
    ];
    n <= 40 && REACH.iter().any(|r| l.contains(r))
}

/// A letter writer's signature: a name and a place, "Jane Doe, Springfield"
/// or "Jane Doe, Springfield, Ill": a few capitalised words with a comma,
/// no digits, not ending like a sentence. `t` is the text as written.
pub fn is_signature(t: &str, n: usize) -> bool {
    let t = t.trim().trim_end_matches('.');
    let Some((name, place)) = t.split_once(',') else {
        return false;
    };
    let capitalised = |s: &str| {
        s.split_whitespace().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(w, "de" | "van" | "von" | "of" | "la" | "le" | "da")
        })
    };
    let name_words = name.split_whitespace().count();
    (3..=8).contains(&n)
        && (2..=4).contains(&name_words)
        && !place.trim().is_empty()
        && !t
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '!' | '?' | ':' | ';' | '"' | '“' | '”'))
        && capitalised(name)
        && place.split(',').all(|part| {
            let words = part.split_whitespace().count();
            (1..=3).contains(&words) && capitalised(part)
        })
}

pub(super) fn is_date(l: &str, n: usize) -> bool {
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

/// No letter or digit at all: a rule line (`___`, `* * *`), an emoji row or
/// a paragraph of invisible characters (zero-width spaces).
pub fn is_separator(t: &str) -> bool {
    !t.chars().any(char::is_alphanumeric)
}

/// A tweet's author line as it reads when an embedded tweet is pasted as
/// text: "— Name (@handle) March 3, 2026".
pub fn is_post_credit(t: &str) -> bool {
    let t = t.trim();
    let Some(rest) = t.strip_prefix(['—', '–', '-']) else {
        return false;
    };
    let Some(at) = rest.rfind("(@") else {
        return false;
    };
    let after = &rest[at + 2..];
    let Some(close) = after.find(')') else {
        return false;
    };
    let handle = &after[..close];
    if handle.is_empty() || !handle.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return false;
    }
    let date: Vec<&str> = after[close + 1..].split_whitespace().collect();
    let [month, day, year] = date[..] else {
        return false;
    };
    MONTHS.contains(&month.trim_end_matches('.').to_lowercase().as_str())
        && day
            .trim_end_matches(',')
            .parse::<u8>()
            .is_ok_and(|d| (1..=31).contains(&d))
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
}

/// Credits and notes about the piece rather than its content: a source in
/// brackets ("[ The Verge ]"), a reporting or picture credit in parentheses,
/// an embedded post's author line, "This article was originally published
/// by ...", correction notes. `l` is the lowercased text.
pub(super) fn is_credit(t: &str, l: &str, n: usize) -> bool {
    const IN_PARENS: &[&str] = &[
        "reporting by",
        "additional reporting",
        "editing by",
        "writing by",
        "image credit",
        "image:",
        "photo credit",
        "photo:",
        "photos:",
        "picture:",
        "video:",
        "source:",
        "credit:",
        "via ",
        "h/t",
        "hat tip",
    ];
    const STARTS: &[&str] = &[
        "image credit",
        "photo credit",
        "picture credit",
        "credit:",
        "contributing:",
        "this article was originally published",
        "this article was first published",
        "this article originally appeared",
        "this article was reprinted",
        "this article has been adapted",
        "this story was originally published",
        "this story originally appeared",
        "this post was originally published",
        "correction:",
        "correction,",
        "correction added",
        "correction appended",
        "clarification:",
        "additional reporting by",
        "reporting by",
        "our standards:",
        "images:",
        "image:",
        "photos by",
        "photo by",
        "photographs by",
        "photography by",
        "h/t ",
        "hat tip:",
    ];
    // "Heba Habib contributed to this report."
    const ENDS: &[&str] = &[
        "contributed to this report",
        "contributed to this story",
        "contributed to this article",
        "contributed reporting",
    ];
    let l = l.trim();
    let bracketed = l.starts_with('[') && l.ends_with(']') && n <= 6;
    let parens = l
        .strip_prefix('(')
        .filter(|_| l.ends_with(')'))
        .is_some_and(|inner| IN_PARENS.iter().any(|s| inner.trim_start().starts_with(s)));
    // "With Post wires", "With wire services".
    let wires = n <= 6 && l.starts_with("with ") && l.trim_end_matches('.').ends_with("wires");
    let provided = n <= 8 && l.starts_with("provided by ");
    let via = n <= 6 && l.starts_with("via ");
    let contributed = n <= 25 && ENDS.iter().any(|e| l.trim_end_matches('.').ends_with(e));
    bracketed
        || via
        || contributed
        || parens
        || wires
        || provided
        || STARTS.iter().any(|s| l.starts_with(s))
        || is_post_credit(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tweet_author_lines() {
        assert!(is_post_credit("— Ana Ruiz (@ana_ruiz) March 3, 2026"));
        assert!(is_post_credit(
            "- City of Northgate 🚌 (@NorthgateCity) Nov. 18, 2019"
        ));
        assert!(!is_post_credit("— Ana Ruiz (@ana_ruiz)"));
        assert!(!is_post_credit("Ana Ruiz (@ana_ruiz) March 3, 2026"));
        assert!(!is_post_credit("— Ana Ruiz (@ana ruiz) March 3, 2026"));
        assert!(!is_post_credit("— Ana Ruiz (@ana_ruiz) March 32, 2026"));
    }
}
