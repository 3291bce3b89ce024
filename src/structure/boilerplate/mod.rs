//! Boilerplate: paragraphs that are not content and get no label
//! (LABELS.md, "Not labelled"): headlines and headings, bylines, dates
//! alone, comment headers and forms, "Powered by" lines, share and
//! subscribe lines. Rules, each with the reason written out as `skipped`.
//!
//! They are deliberately conservative: a paragraph that ends like a
//! sentence is never taken for a headline, and nothing inside the reader
//! comments (after a "N thoughts on" header) is taken for one. Where the
//! markup says what a paragraph is (HTML, Markdown), headings come from the
//! markup alone (`h1`-`h6`): a short `<p>` or `<li>` is not guessed to be a
//! headline, and a number alone in a table cell is not a date.

mod lines;

pub use lines::{is_post_credit, is_separator};

use crate::analyze::is_dash_attributed;
use crate::doc::Document;
use lines::{
    is_byline, is_comment_form, is_comment_header, is_credit, is_date, is_powered_by, is_share,
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
    /// Content in a language the model was not trained on: not labelled
    /// (set by the tagger, not by these rules).
    Language,
}

impl SkipReason {
    /// Every reason, in the order `tag --help` lists them.
    pub const ALL: [SkipReason; 11] = [
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
            SkipReason::Language => "language",
        }
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
/// `td`, ...) is never guessed to be a headline by its length: the markup
/// has headings for that (`h1`-`h6`, "heading"). Nor is the text of an
/// embedded post (`embedded`, one flag per paragraph: see
/// [`embedded_posts`](super::embedded::embedded_posts)).
pub fn skip_reasons(doc: &Document, embedded: &[bool]) -> Vec<Option<SkipReason>> {
    let mut out = Vec::with_capacity(doc.paragraphs.len());
    let mut candidate = Vec::with_capacity(doc.paragraphs.len());
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
        candidate.push(false);
        // Every rule is about short lines; long paragraphs are content (and
        // skipping the lowercasing keeps this cheap on long posts).
        if n > MAX_BOILERPLATE_WORDS && !p.is_heading() {
            out.push(None);
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
        } else if is_comment_form(&l) {
            Some(SkipReason::CommentForm)
        } else if is_powered_by(&l, n) {
            Some(SkipReason::PoweredBy)
        } else if is_share(&l, n) {
            Some(SkipReason::Share)
        } else if is_byline(&l, n) {
            Some(SkipReason::Byline)
        } else if !is_cell(p) && is_date(&l, n) {
            Some(SkipReason::Date)
        } else if is_credit(&p.text, &l, n) {
            Some(SkipReason::Credit)
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
mod tests {
    use super::*;
    use crate::read::text_document;
    use crate::structure::Structure;

    fn reasons(text: &str) -> Vec<Option<SkipReason>> {
        Structure::of(&text_document("t", text.to_string())).skipped
    }

    #[test]
    fn reasons_are_written_by_their_names() {
        for r in SkipReason::ALL {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
        }
        let names: Vec<&str> = SkipReason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            names.join(", "),
            "heading, headline, byline, date, credit, separator, comment-header, \
             comment-form, powered-by, share, language"
        );
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
                Some(SkipReason::Headline),
                Some(SkipReason::Byline),
                Some(SkipReason::Date),
                None,
                Some(SkipReason::Share),
                Some(SkipReason::CommentHeader),
                None,
                None,
                Some(SkipReason::CommentForm),
                Some(SkipReason::CommentForm),
                Some(SkipReason::PoweredBy),
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
                Some(SkipReason::Headline),
                None,
                None,
                Some(SkipReason::CommentHeader),
                None,
                None
            ]
        );
    }

    #[test]
    fn short_lines_in_a_list_keep_their_labels() {
        let post = "The recipe makes four jars and keeps for a month in a cool cupboard.\n\n\
                    Plum and Ginger Jam\n\n\
                    Ingredients\n\n\
                    6 ripe plums, stoned and halved\n\n\
                    1 lemon, or about 1/4 cup lemon juice\n\n\
                    2 tsp ground ginger\n\n\
                    Simmer the plums with the sugar for twenty minutes, then add the lemon.";
        let r = reasons(post);
        // The Title Case lines are the recipe's title and a section title;
        // the ingredients are a list between content paragraphs.
        assert_eq!(
            r,
            [
                None,
                Some(SkipReason::Headline),
                Some(SkipReason::Headline),
                None,
                None,
                None,
                None
            ]
        );
        let teams = "Twenty teams qualified for the finals on Tuesday after the last round.\n\n\
                     Portugal (Group B): eighth appearance\n\n\
                     Spain (Group F): eleventh appearance\n\n\
                     Wales (Group E): second appearance\n\n\
                     The draw for the group stage takes place in Bucharest on 30 November.";
        assert_eq!(reasons(teams), [None, None, None, None, None]);
    }

    #[test]
    fn a_lone_short_line_is_a_headline_but_a_numbered_list_is_not() {
        let numbered = "Binge eating has several causes, and most of them can be treated.\n\n\
                        1. Ditch the diet\n\n\
                        Strict diets often lead to more binge eating, several studies found.\n\n\
                        2. Drink enough water\n\n\
                        Water keeps the stomach full between meals, the study's authors say.";
        assert_eq!(
            reasons(numbered),
            [
                None,
                Some(SkipReason::Headline),
                None,
                Some(SkipReason::Headline),
                None
            ]
        );
        let list = "The plan has three steps.\n\n1. Plan the meals\n\n2. Shop once a week\n\n\
                    3. Cook on Sundays\n\nThat is all it takes.";
        assert_eq!(reasons(list), [None, None, None, None, None]);
        let bullets = "The club listed what changes.\n\n- Season tickets\n\nPrices rise by 4%.";
        assert_eq!(reasons(bullets), [None, None, None]);
    }

    #[test]
    fn markup_decides_headings_and_cells_hold_data() {
        let mut doc = text_document(
            "t",
            "Why the depot matters\n\nGet it for $20 today\n\n846\n\nMarch 3, 2008\n\nThe vote was 7-2.".into(),
        );
        for (p, e) in doc.paragraphs.iter_mut().zip(["h2", "li", "td", "p", "p"]) {
            p.element = Some(e.into());
        }
        assert_eq!(
            Structure::of(&doc).skipped,
            [
                Some(SkipReason::Heading),
                None,
                None,
                Some(SkipReason::Date),
                None
            ]
        );
        // Without markup, the same short lines are guessed from the text.
        let plain = reasons("Get it for $20 today\n\n846\n\nThe vote was 7-2.");
        assert_eq!(
            plain,
            [Some(SkipReason::Headline), Some(SkipReason::Date), None]
        );
    }

    /// Skip reasons of the paragraphs of an HTML page, read as `stance tag`
    /// reads it, each with the start of its text.
    fn page_reasons(html: &str) -> Vec<(String, Option<SkipReason>)> {
        let mut docs = Vec::new();
        crate::read::read_bytes(
            "page.html",
            html.as_bytes(),
            Some(crate::read::Format::Html),
            &crate::read::ReadOptions::default(),
            &mut |e| {
                if let crate::read::Event::Doc(d) = e {
                    docs.push(d);
                }
                Ok(())
            },
        )
        .unwrap();
        let doc = &docs[0];
        doc.paragraphs
            .iter()
            .map(|p| p.text.chars().take(16).collect())
            .zip(Structure::of(doc).skipped)
            .collect()
    }

    #[test]
    fn short_paragraphs_of_a_web_page_are_content_and_its_headings_are_not() {
        // A short `<p>` between paragraphs is what the page calls a
        // paragraph (a one-line answer, a short statement); a short table
        // cell is data. Only `h1`-`h6` are headings.
        let page = "<html><body><article><h1>Ferry timetable cut</h1>\
            <p>The transport board voted on Monday to remove eleven evening sailings from the harbour ferry timetable.</p>\
            <p>Islanders object</p>\
            <p>Residents said the last sailing would now leave the city before eight, ruling out evening shifts.</p>\
            <h2>What Happens Next</h2>\
            <table><tr><td>Route</td><td>Sailings</td></tr><tr><td>North Quay</td><td>846</td></tr></table>\
            <p>The board will look again at the timetable in the autumn, when the new boats arrive.</p>\
            </article></body></html>";
        let got = page_reasons(page);
        let reason = |start: &str| {
            got.iter()
                .find(|(t, _)| t.starts_with(start))
                .unwrap_or_else(|| panic!("no {start:?} in {got:?}"))
                .1
        };
        assert_eq!(
            reason("Ferry timetable"),
            Some(SkipReason::Heading),
            "{got:?}"
        );
        assert_eq!(reason("What Happens"), Some(SkipReason::Heading), "{got:?}");
        for content in [
            "The transport",
            "Islanders object",
            "Residents said",
            "North Quay",
            "846",
            "The board will",
        ] {
            assert_eq!(reason(content), None, "{content}: {got:?}");
        }
    }

    #[test]
    fn a_list_item_from_the_markup_is_never_a_headline() {
        let text =
            "The club listed what changes next season.\n\nSeason tickets\n\nPrices rise by 4%.";
        let mut doc = text_document("t", text.to_string());
        assert_eq!(
            Structure::of(&doc).skipped,
            [None, Some(SkipReason::Headline), None]
        );
        doc.paragraphs[1].element = Some("li".into());
        assert_eq!(Structure::of(&doc).skipped, [None, None, None]);
    }

    #[test]
    fn questions_to_the_reader_and_lowercase_continuations_are_content() {
        let post = "The council met again on Monday to discuss the depot.\n\n\
                    What did the council decide?\n\n\
                    It voted 7-2 to close the depot in March.\n\n\
                    Are you ready to make this happen?\n\n\
                    The vote was close, wasn't it?\n\n\
                    Closing it could happen in two ways:\n\n\
                    if the budget is cut again, or\n\n\
                    if the depot fails its next inspection.";
        assert_eq!(
            reasons(post),
            [
                None,
                Some(SkipReason::Headline),
                None,
                None,
                None,
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn a_short_attributed_quotation_is_not_a_headline() {
        let post = "The council met on Monday.\n\n\
                    “We will not close a route.” — Ortiz\n\n\
                    We will not close a route. – Commissioner Ortiz\n\n\
                    “Wild Rose”\n\n\
                    The vote is in March.";
        assert_eq!(
            reasons(post),
            [None, None, None, Some(SkipReason::Headline), None]
        );
    }

    #[test]
    fn separators_and_credits_are_skipped() {
        let post = "The depot closes in March, the council said on Tuesday.\n\n___\n\n\u{200b}\n\n\
                    [ The Ledger ]\n\n\
                    (Reporting by Ana Ruiz; Editing by Tom Lee)\n\n\
                    (Image credit: City of Northgate)\n\n\
                    With Ledger wires\n\n\
                    This article was originally published by The Ledger. Read the original article.\n\n\
                    Correction, March 4, 2026: An earlier version of this article misstated the vote.\n\n\
                    — Ana Ruiz (@ana_ruiz) March 3, 2026";
        let r = reasons(post);
        assert_eq!(r[0], None);
        assert_eq!(&r[1..3], [Some(SkipReason::Separator); 2]);
        assert_eq!(&r[3..], [Some(SkipReason::Credit); 7]);
        // Brackets, parentheses and "with" only mark credits when they are one.
        let content = "(The vote was 7-2, with two members absent.)\n\n\
                       With the depot gone, buses will run from Northgate.";
        assert_eq!(reasons(content), [None, None]);
    }

    #[test]
    fn the_example_posts_boilerplate() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/examples/");
        let Ok(text) = std::fs::read_to_string(format!("{root}post-fourth-rail-repost.txt")) else {
            return; // shared/ is beside the repository in CI and on developer machines
        };
        let doc = text_document("p", text);
        let r = Structure::of(&doc).skipped;
        let skipped: Vec<(&str, &str)> = doc
            .paragraphs
            .iter()
            .zip(&r)
            .filter_map(|(p, r)| r.map(|r| (r.as_str(), &p.text[..20.min(p.text.len())])))
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
