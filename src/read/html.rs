//! HTML documents: the article, its reader comments and the page's
//! metadata, found by the `trafilatura` crate (a port of go-trafilatura),
//! then walked by our own code so paragraphs keep their markup.
//!
//! The page is first brought within bounds ([`super::bounds`]: nesting
//! depth, tag length). trafilatura then removes the page chrome
//! (navigation, headers, footers, sidebars, share and related-links
//! widgets, comment forms) and returns the article and the comments as
//! cleaned HTML, plus title, author, date, site name, canonical URL and
//! language from meta tags, Open Graph and JSON-LD. Paragraphs come from
//! that cleaned HTML: `p`, `li`, headings, `blockquote`, `dd`/`dt`,
//! `figcaption`, table cells and containers of bare text. Text in a
//! `blockquote`, or a paragraph mostly inside `<q>`, is marked as a block
//! quote; `<q>` text is wrapped in curly quotation marks, as browsers show
//! it. Comment paragraphs come after the article's and are marked
//! [`Paragraph::comment`](crate::doc::Paragraph::comment).
//!
//! When trafilatura finds little or nothing (a page too small for it,
//! under [`SHORT_ARTICLE_CHARS`], or one it cannot read), the whole page is
//! walked instead, with script, style,
//! navigation, header, footer, aside and form elements dropped and widgets
//! recognised by their class or id ([`WIDGETS`]) dropped too.

use super::bounds;
use super::builder::Builder;
use super::spacing::Spacing;
use crate::doc::{Document, PageKind, PageMeta};
use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Elements whose whole subtree is not content.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "nav", "header", "footer", "aside",
    "form", "iframe", "svg", "canvas", "button", "select", "textarea", "input", "label", "pre",
    "object", "embed", "video", "audio", "map", "menu", "dialog",
];

/// Class or id fragments of widgets that are not content, for the
/// whole-page fallback only (trafilatura has its own, better rules).
/// Reader comments (`comment-list`, `comment-content`) are kept.
const WIDGETS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "sidebar",
    "widget",
    "breadcrumb",
    "cookie",
    "newsletter",
    "subscribe",
    "advert",
    "comment-respond",
    "comment-form",
    "respond",
    "navbar",
    "site-header",
    "site-footer",
    "skip-link",
    "screen-reader",
    "byline-share",
    "post-navigation",
    "pagination",
];

/// Below this many characters of article text, trafilatura itself falls
/// back to a plain-text dump of the page (no markup kept); we walk the
/// whole page instead, which keeps block quotes, headings and list items.
const SHORT_ARTICLE_CHARS: usize = 250;

/// Stack for the extraction thread: trafilatura walks the tree
/// recursively, and [`bounds::MAX_DEPTH`] levels of it must fit.
const EXTRACT_STACK: usize = 256 << 20;

/// Block-level elements: they end the inline run around them.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "main"
            | "body"
            | "html"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "dl"
            | "dd"
            | "dt"
            | "figure"
            | "figcaption"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "center"
    ) || DROPPED.contains(&name)
}

/// Whether a node is left out: markup that is never content, and with
/// `widgets` (the whole-page fallback) elements whose class or id names a
/// widget.
fn is_dropped(node: &NodeRef<Node>, widgets: bool) -> bool {
    let Some(el) = node.value().as_element() else {
        return matches!(
            node.value(),
            Node::Comment(_) | Node::ProcessingInstruction(_) | Node::Doctype(_)
        );
    };
    if DROPPED.contains(&el.name()) {
        return true;
    }
    if !widgets {
        return false;
    }
    let marks = el.attr("class").unwrap_or("").to_ascii_lowercase()
        + " "
        + &el.id().unwrap_or("").to_ascii_lowercase();
    marks
        .split_whitespace()
        .any(|m| WIDGETS.iter().any(|w| m.contains(w)) || is_ad_mark(m))
}

/// A class or id that names an advert slot: `ad`, `ads`, `ad-slot`,
/// `ad_container`, `sponsored`, `promo` (whole words: `header`, `read-more`
/// and `shadow` are not adverts).
fn is_ad_mark(m: &str) -> bool {
    let first = m.split(['-', '_']).next().unwrap_or("");
    matches!(first, "ad" | "ads" | "adslot" | "adunit" | "advert" | "dfp")
        || m.contains("sponsor")
        || m.contains("promo")
}

/// What trafilatura found on a page.
struct Extracted {
    article: String,
    article_text: String,
    comments: String,
    comments_text: String,
    meta: PageMeta,
}

fn some(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Runs trafilatura on its own thread (a known, large stack; a panic in
/// the crate becomes an error, not a crash).
fn extract(html: &str) -> Result<Extracted, String> {
    let mut options = trafilatura::Options::default().with_fallback(true);
    // No plain-text dump of the whole page when the article found is
    // short: that loses the markup, and the whole-page walk keeps it.
    options.config = options.config.with_min_extracted_size(0);
    let run = || {
        trafilatura::extract(html, &options)
            .map(|r| Extracted {
                article: r.content_html,
                article_text: r.content_text,
                comments: r.comments_html,
                comments_text: r.comments_text,
                meta: PageMeta {
                    title: some(r.metadata.title),
                    author: some(r.metadata.author),
                    published: r.metadata.date.map(|d| d.format("%Y-%m-%d").to_string()),
                    site: some(r.metadata.sitename),
                    url: some(r.metadata.url),
                    language: some(r.metadata.language),
                    kind: page_kind(
                        r.metadata.categories.into_iter().find_map(some),
                        schema_types(html, r.metadata.page_type),
                    ),
                },
            })
            .map_err(|e| e.to_string())
    };
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("html-extract".into())
            .stack_size(EXTRACT_STACK)
            .spawn_scoped(scope, run)
            .map_err(|e| format!("could not start the extraction thread: {e}"))?
            .join()
            .unwrap_or_else(|_| Err("the extractor failed on this page".into()))
    })
}

/// The JSON-LD `@type` values of a page (a name or a list of names after
/// each `"@type":`), and the type trafilatura found (`og:type`), without
/// repeats: read for the page's genre. A plain scan, not a JSON parse:
/// pages' JSON-LD is often invalid, and only the names matter.
fn schema_types(html: &str, page_type: String) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |t: &str| {
        let t = t.trim();
        if !t.is_empty() && t.len() < 64 && !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    };
    for (at, _) in html.match_indices("\"@type\"") {
        let rest = html[at + 7..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        let value = match rest.strip_prefix('[') {
            Some(list) => list.split(']').next().unwrap_or(""),
            None => rest
                .strip_prefix('"')
                .and_then(|v| v.split('"').next())
                .unwrap_or(""),
        };
        value
            .split(',')
            .map(|v| v.trim().trim_matches('"'))
            .for_each(&mut add);
    }
    add(&page_type);
    out
}

/// What the page says of its kind, if anything.
fn page_kind(section: Option<String>, schema_types: Vec<String>) -> Option<Box<PageKind>> {
    (section.is_some() || !schema_types.is_empty()).then(|| {
        Box::new(PageKind {
            section,
            schema_types,
        })
    })
}

/// Reads an HTML page; also returns warnings for the user (markup changed
/// to bring it within bounds, an extractor failure).
pub fn read(id: &str, html: &str) -> (Document, Vec<String>) {
    let mut warnings = Vec::new();
    let bounded = bounds::bound(html);
    warnings.extend(bounded.warning(id));
    let mut b = Builder::default();
    let mut meta = PageMeta::default();
    match extract(&bounded.html) {
        Ok(found) if found.article_text.chars().count() < SHORT_ARTICLE_CHARS => {
            meta = found.meta;
        }
        Ok(found) => {
            walk_html(&found.article, &mut b, &Walk::cleaned(&found.article_text));
            if b.is_empty() {
                // Text without markup (from JSON-LD, say): one paragraph a line.
                for line in found.article_text.lines() {
                    b.push(line, "p", false);
                }
            }
            if !b.is_empty() {
                b.comment = true;
                walk_html(
                    &found.comments,
                    &mut b,
                    &Walk::cleaned(&found.comments_text),
                );
                b.comment = false;
            }
            meta = found.meta;
        }
        Err(e) if e.contains("failed") || e.contains("thread") => {
            warnings.push(format!("{id}: {e}; the whole page is read instead"));
        }
        Err(_) => {}
    }
    if b.is_empty() {
        walk_html(&bounded.html, &mut b, &Walk::WHOLE_PAGE);
    }
    let mut doc = b.finish(id);
    doc.meta = meta;
    (doc, warnings)
}

/// Reads an HTML page, dropping the warnings (see [`read`]).
#[cfg(test)]
pub fn document(id: &str, html: &str) -> Document {
    read(id, html).0
}

/// How a tree is walked.
struct Walk<'a> {
    /// The whole-page fallback: widgets recognised by class or id are
    /// dropped too.
    widgets: bool,
    /// For trafilatura's cleaned HTML: the word spaces it lost, from its
    /// plain text.
    spacing: Option<Spacing<'a>>,
}

impl<'a> Walk<'a> {
    const WHOLE_PAGE: Walk<'static> = Walk {
        widgets: true,
        spacing: None,
    };

    /// trafilatura's cleaned HTML, whose plain text is `plain`.
    fn cleaned(plain: &'a str) -> Self {
        Walk {
            widgets: false,
            spacing: Some(Spacing::of(plain)),
        }
    }
}

/// Paragraphs of a page or of trafilatura's cleaned HTML.
fn walk_html(html: &str, b: &mut Builder, w: &Walk) {
    if html.trim().is_empty() {
        return;
    }
    let parsed = Html::parse_document(html);
    walk_at(parsed.tree.root(), "body", false, b, w, 0);
}

/// Text gathered for one paragraph: all of it, how much sat in `<q>` and
/// in `<b>`/`<strong>`, and where inline elements start and end in it.
#[derive(Default)]
struct Run {
    text: String,
    q_chars: usize,
    bold_chars: usize,
    edges: Vec<usize>,
}

impl Run {
    fn flush(&mut self, element: &str, quoted: bool, b: &mut Builder, w: &Walk) {
        let total = self.text.chars().filter(|c| !c.is_whitespace()).count();
        let mostly_q = total > 0 && self.q_chars * 2 > total;
        let bold = total > 0 && self.bold_chars == total;
        let repaired = w
            .spacing
            .as_ref()
            .and_then(|s| s.repair(&self.text, &self.edges));
        b.push_styled(
            repaired.as_deref().unwrap_or(&self.text),
            if quoted {
                "blockquote"
            } else if mostly_q {
                "q"
            } else {
                element
            },
            quoted || mostly_q,
            bold,
        );
        *self = Run::default();
    }
}

fn has_block_child(node: NodeRef<Node>) -> bool {
    node.descendants()
        .skip(1)
        .any(|d| d.value().as_element().is_some_and(|e| is_block(e.name())))
}

/// Below this depth a subtree is read as one paragraph: bounds recursion
/// (and the cost of looking for block children) on pathological nesting.
const MAX_DEPTH: usize = 128;

fn walk_at(
    node: NodeRef<Node>,
    container: &str,
    quoted: bool,
    b: &mut Builder,
    w: &Walk,
    depth: usize,
) {
    let mut run = Run::default();
    for child in node.children() {
        if is_dropped(&child, w.widgets) {
            continue;
        }
        match child.value() {
            Node::Text(t) => run.text.push_str(t),
            Node::Element(el) => {
                let name = el.name();
                if !is_block(name) {
                    inline(child, &mut run, w.widgets);
                    continue;
                }
                run.flush(container, quoted, b, w);
                let inner_quoted = quoted || name == "blockquote";
                if depth < MAX_DEPTH && has_block_child(child) {
                    walk_at(child, name, inner_quoted, b, w, depth + 1);
                } else if name != "hr" {
                    let mut leaf = Run::default();
                    inline(child, &mut leaf, w.widgets);
                    leaf.flush(name, inner_quoted, b, w);
                }
            }
            _ => {}
        }
    }
    run.flush(container, quoted, b, w);
}

/// Appends the text of a subtree, iteratively (no recursion, whatever the
/// nesting): `<br>` and block boundaries become spaces, dropped elements
/// are skipped, `<q>` text is wrapped in quotation marks and counted, and so
/// is text in `<b>` or `<strong>`.
fn inline(node: NodeRef<Node>, run: &mut Run, widgets: bool) {
    let mut q_depth = 0usize;
    let mut bold_depth = 0usize;
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => {
                        run.text.push_str(t);
                        let chars = || t.chars().filter(|c| !c.is_whitespace()).count();
                        if q_depth > 0 {
                            run.q_chars += chars();
                        }
                        if bold_depth > 0 {
                            run.bold_chars += chars();
                        }
                    }
                    Node::Element(el) => {
                        if n.id() != node.id() && is_dropped(&n, widgets) {
                            skipping = Some(n.id());
                            continue;
                        }
                        match el.name() {
                            "br" => run.text.push(' '),
                            "q" => {
                                run.text.push('“');
                                q_depth += 1;
                            }
                            name if is_block(name) => run.text.push(' '),
                            name => {
                                bold_depth += usize::from(matches!(name, "b" | "strong"));
                                run.edges.push(run.text.len());
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skipping == Some(n.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Node::Element(el) = n.value() {
                    if el.name() == "q" {
                        run.text.push('”');
                        q_depth = q_depth.saturating_sub(1);
                    } else if is_block(el.name()) {
                        run.text.push(' ');
                    } else if el.name() != "br" {
                        if matches!(el.name(), "b" | "strong") {
                            bold_depth = bold_depth.saturating_sub(1);
                        }
                        run.edges.push(run.text.len());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(html: &str) -> Vec<(String, String, bool)> {
        document("t.html", html)
            .paragraphs
            .into_iter()
            .map(|p| (p.element.unwrap(), p.text, p.block_quote))
            .collect()
    }

    #[test]
    fn paragraphs_headings_lists_and_entities() {
        let got = paras(
            "<html><head><title>T</title><style>p{}</style></head><body>\
             <h1>Big &amp; bold</h1><p>One <em>two</em>\n three.<br>Four&nbsp;five.</p>\
             <ul><li>Item <a href='#'>a</a></li><li><p>Item b</p><p>more b</p></li></ul>\
             <script>var x = '<p>no</p>';</script></body></html>",
        );
        let want = [
            ("h1", "Big & bold", false),
            ("p", "One two three. Four five.", false),
            ("li", "Item a", false),
            ("p", "Item b", false),
            ("p", "more b", false),
        ];
        let got: Vec<(&str, &str, bool)> = got
            .iter()
            .map(|(e, t, q)| (e.as_str(), t.as_str(), *q))
            .collect();
        assert_eq!(got[..2], want[..2]);
        assert_eq!(got[2], want[2]);
        assert_eq!(got.len(), 5, "{got:?}");
    }

    #[test]
    fn a_short_posts_sidebar_advert_is_dropped() {
        // A post too short for the extractor is read whole: an advert slot
        // beside it, even outside an `<aside>`, is not its content.
        let got = paras(
            "<body><div class='post'><p>The depot closes in March. I think the council is wrong.</p></div>\
             <div class='ad-slot'><p>Amazing deals on garden furniture you will love this summer!</p></div>\
             <div id='sponsored-links'><p>This one trick will change how you shop.</p></div>\
             <div class='header-note'><p>Filed in the evening.</p></div></body>",
        );
        let texts: Vec<&str> = got.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The depot closes in March. I think the council is wrong.",
                "Filed in the evening."
            ]
        );
    }

    #[test]
    fn chrome_and_widgets_are_dropped() {
        let got = paras(
            "<body><nav><p>Home | About</p></nav><header><p>Site name</p></header>\
             <article><p>Content.</p><div class='sharedaddy sd-sharing'><p>Share this: Facebook</p></div>\
             <div id='comments' class='comments-area'><ol class='comment-list'><li><p>A reader comment.</p></li></ol>\
             <div id='respond' class='comment-respond'><p>Leave a Reply</p><form><p>Name</p></form></div></div>\
             </article><aside><p>Archives</p></aside><footer><p>Powered by X</p></footer></body>",
        );
        let texts: Vec<&str> = got.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(texts, ["Content.", "A reader comment."]);
    }

    #[test]
    fn blockquotes_and_q_are_marked() {
        let got = paras(
            "<p>Roggio writes:</p><blockquote><p>First quoted.</p><p>Second quoted.</p></blockquote>\
             <blockquote>Bare quoted text</blockquote>\
             <p>He said <q>this is the whole point of the matter and more</q> today.</p>\
             <p>A <q>short</q> aside in a longer paragraph of the writer's own.</p>",
        );
        assert_eq!(got[0], ("p".into(), "Roggio writes:".into(), false));
        assert_eq!(got[1], ("blockquote".into(), "First quoted.".into(), true));
        assert_eq!(got[2], ("blockquote".into(), "Second quoted.".into(), true));
        assert_eq!(
            got[3],
            ("blockquote".into(), "Bare quoted text".into(), true)
        );
        assert_eq!(
            got[4],
            (
                "q".into(),
                "He said “this is the whole point of the matter and more” today.".into(),
                true
            )
        );
        assert!(!got[5].2);
    }

    #[test]
    fn bare_text_in_divs_and_broken_markup() {
        let got = paras(
            "<div>Loose text <b>here</b><p>Inner</p>tail text</div><p>Unclosed <i>italic<p>Next",
        );
        let texts: Vec<&str> = got.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Loose text here",
                "Inner",
                "tail text",
                "Unclosed italic",
                "Next"
            ]
        );
        assert_eq!(got[0].0, "div");
    }

    #[test]
    fn spans_point_into_the_extracted_text() {
        let d = document("t", "<p>A &lt;b&gt;</p><p>C</p>");
        for p in &d.paragraphs {
            assert_eq!(&d.text[p.start..p.end], p.text);
        }
        assert_eq!(d.paragraphs[0].text, "A <b>");
    }

    /// An invented news page: chrome, an article with a quotation block
    /// and a sub-heading, share and related widgets, reader comments and
    /// a comment form, and its metadata in meta tags and JSON-LD.
    fn news_page(wrapper_class: &str) -> String {
        format!(
            r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour ferry timetable cut | Bayside Courier</title>
<meta property="og:title" content="Harbour ferry timetable cut">
<meta property="og:site_name" content="Bayside Courier">
<meta name="author" content="Mirela Castellanos">
<meta property="article:published_time" content="2024-03-05T08:30:00Z">
<link rel="canonical" href="https://courier.example/2024/03/ferry-cuts">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Harbour ferry timetable cut","datePublished":"2024-03-05"}}</script>
</head><body>
<header class="masthead"><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="{wrapper_class}"><main><article class="story">
<h1>Harbour ferry timetable cut</h1>
<p>The regional transport board voted on Monday to remove eleven evening sailings from the harbour ferry timetable, starting in May, according to papers published after the meeting.</p>
<p>The board said the late crossings carried fewer than twenty passengers on most nights last winter, and that the savings would pay for two new crew members on the morning routes.</p>
<blockquote><p>We have kept every sailing that a commuter relies on, and we will look again at the evening timetable in the autumn when the new boats arrive.</p></blockquote>
<h2>Islanders object</h2>
<p>Residents of the outer islands said the last sailing would now leave the city before eight, which rules out evening shifts, night classes and hospital visits for anyone without a car on the mainland.</p>
<p>A petition against the change had collected more than three thousand signatures by Tuesday evening, its organisers said, and a public meeting is planned for next week in the ferry terminal.</p>
<div class="share-buttons"><p>Share this story on Facebook, Twitter or by email</p></div>
<div class="related-stories"><h3>Related</h3><ul><li><a href="/a">Bus fares rise again in the spring</a></li><li><a href="/b">New pier opens at the north quay</a></li></ul></div>
</article>
<section id="comments" class="comments-area"><h3 class="comments-title">2 comments</h3>
<ol class="comment-list">
<li class="comment"><div class="comment-body"><p class="comment-author">Tomasz</p><div class="comment-content"><p>This is a terrible decision for the islands and the board knows it perfectly well.</p></div></div></li>
<li class="comment"><div class="comment-body"><p class="comment-author">Ines</p><div class="comment-content"><p>Nobody asked the people who actually take the late boat home from work every night.</p></div></div></li>
</ol>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form><p>Your email address will not be published.</p><textarea></textarea></form></div>
</section></main></div>
<aside class="sidebar"><h3>Most read</h3><p>Council approves new parking rules in the old town</p></aside>
<footer><p>© 2024 Bayside Courier. All rights reserved.</p></footer>
</body></html>"#
        )
    }

    #[test]
    fn the_article_comments_and_metadata_of_a_news_page() {
        // The old hand-written rules dropped a whole page wrapped in a
        // class naming a widget ("social"); the extractor does not.
        for wrapper in ["page", "social-layout"] {
            let (d, warnings) = read("p.html", &news_page(wrapper));
            assert!(warnings.is_empty(), "{warnings:?}");
            let got: Vec<(&str, &str, bool, bool)> = d
                .paragraphs
                .iter()
                .map(|p| {
                    (
                        p.element.as_deref().unwrap(),
                        &p.text[..p.text.len().min(24)],
                        p.block_quote,
                        p.comment,
                    )
                })
                .collect();
            let article: Vec<_> = got.iter().filter(|p| !p.3).collect();
            let comments: Vec<_> = got.iter().filter(|p| p.3).collect();
            assert!(
                article
                    .iter()
                    .any(|p| p.0 == "blockquote" && p.2 && p.1.starts_with("We have kept")),
                "{got:?}"
            );
            assert!(
                article
                    .iter()
                    .any(|p| p.0 == "h2" && p.1 == "Islanders object"),
                "{got:?}"
            );
            for start in [
                "The regional transport",
                "The board said",
                "Residents of the",
                "A petition against",
            ] {
                assert_eq!(
                    article.iter().filter(|p| p.1.starts_with(start)).count(),
                    1,
                    "{start}: {got:?}"
                );
            }
            for chrome in [
                "Share this",
                "Bus fares",
                "Home",
                "Council approves",
                "© 2024",
                "Your email",
                "Leave a",
            ] {
                assert!(
                    !got.iter().any(|p| p.1.starts_with(chrome)),
                    "{chrome}: {got:?}"
                );
            }
            // Comments come after the article.
            let first_comment = got.iter().position(|p| p.3).expect("comments found");
            assert!(got[first_comment..].iter().all(|p| p.3), "{got:?}");
            assert!(
                comments
                    .iter()
                    .any(|p| p.1.starts_with("This is a terrible")),
                "{got:?}"
            );
            assert!(
                comments.iter().any(|p| p.1.starts_with("Nobody asked")),
                "{got:?}"
            );
            for p in &d.paragraphs {
                assert_eq!(&d.text[p.start..p.end], p.text);
            }
            let m = &d.meta;
            assert_eq!(m.title.as_deref(), Some("Harbour ferry timetable cut"));
            assert_eq!(m.author.as_deref(), Some("Mirela Castellanos"));
            assert_eq!(m.published.as_deref(), Some("2024-03-05"));
            assert_eq!(m.site.as_deref(), Some("Bayside Courier"));
            assert_eq!(
                m.url.as_deref(),
                Some("https://courier.example/2024/03/ferry-cuts")
            );
            assert_eq!(m.language.as_deref(), Some("en"));
        }
    }

    #[test]
    fn schema_types_are_scanned_from_json_ld() {
        let page = r#"<script type="application/ld+json">{"@context":"https://schema.org",
            "@type": ["NewsArticle", "OpinionNewsArticle"], "author": {"@type":"Person"}}</script>"#;
        assert_eq!(
            schema_types(page, "article".into()),
            ["NewsArticle", "OpinionNewsArticle", "Person", "article"]
        );
        assert!(schema_types("<p>no types</p>", String::new()).is_empty());
    }

    #[test]
    fn words_next_to_inline_markup_keep_their_spaces() {
        // trafilatura's cleaned HTML loses the space after an inline
        // element at the start of a block ("<strong>Summary</strong>Studies");
        // its plain text keeps it, and so do our paragraphs.
        let page = "<html><body><article><h1>Fasting and cravings</h1>\
            <p>Several studies looked at how strict diets change eating habits over a year, \
            and most of them found that cutting out whole food groups made cravings stronger.</p>\
            <blockquote><strong>Summary</strong> Studies show that strict diets may be associated \
            with stronger cravings and with overeating later on.</blockquote>\
            <p><em>Note:</em> The findings held for both groups, and <a href=\"/x\">the authors</a> say \
            claims about <b>fasting</b>, <i>detox</i> and <b>cleanses</b> should be read with care.</p>\
            </article></body></html>";
        let d = document("t.html", page);
        let texts: Vec<&str> = d.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Summary Studies show that strict diets")),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Note: The findings held")
                    && t.contains(
                        " and the authors say claims about fasting, detox and cleanses should"
                    )),
            "{texts:?}"
        );
    }

    #[test]
    fn hostile_pages_are_bounded_and_keep_their_text() {
        // 200,000 nested divs: flattened below the depth limit, with a warning.
        let n = 200_000;
        let html = "<html><body>".to_string()
            + &"<div>".repeat(n)
            + "<p>The paragraph at the bottom of a very deep page.</p>"
            + &"</div>".repeat(n);
        let (d, warnings) = read("deep.html", &html);
        assert!(d
            .text
            .contains("The paragraph at the bottom of a very deep page."));
        assert!(
            warnings[0].starts_with("deep.html: nested deeper than 512 elements"),
            "{warnings:?}"
        );
        // A giant attribute list.
        let attrs: String = (0..200_000)
            .map(|i| format!(" data-x{i}=\"{i}\""))
            .collect();
        let html = format!("<html><body><p{attrs}>Text after a giant tag.</p></body></html>");
        let (d, warnings) = read("attrs.html", &html);
        assert_eq!(d.paragraphs[0].text, "Text after a giant tag.");
        assert!(warnings[0].contains("longer than 16 KiB"), "{warnings:?}");
        // A single text node of several megabytes.
        let words = "word ".repeat(1_000_000);
        let html = format!("<html><body><p>{words}</p></body></html>");
        let (d, warnings) = read("big.html", &html);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(d.paragraphs.len(), 1);
        assert_eq!(d.paragraphs[0].text.len(), words.len() - 1);
    }

    #[test]
    fn deeply_nested_markup_does_not_overflow() {
        let html = "<div>".repeat(20_000) + "<p>deep</p>" + &"</div>".repeat(20_000);
        let d = document("t", &html);
        assert_eq!(d.paragraphs.len(), 1);
        assert_eq!(d.paragraphs[0].text, "deep");
        let html = "<b>".repeat(50_000) + "bold" + &"<q>".repeat(100) + "q";
        let d = document("t", &html);
        assert_eq!(d.paragraphs.len(), 1);
        assert!(d.paragraphs[0].text.starts_with("bold“"));
    }
}
