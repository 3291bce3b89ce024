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
mod tests;
