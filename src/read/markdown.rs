//! Markdown documents, parsed with `pulldown-cmark` (CommonMark).
//!
//! Paragraphs, headings and list items become paragraphs (element `p`,
//! `h1`-`h6`, `li`); text inside block quotes (`> `) is marked as a block
//! quote (element `blockquote`); code blocks, HTML blocks and image alt
//! text are skipped; links keep their text.

use super::builder::Builder;
use crate::doc::Document;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// Reads a Markdown document.
pub fn document(id: &str, source: &str) -> Document {
    let mut b = Builder::default();
    let mut buf = String::new();
    let mut element: &'static str = "p";
    let mut quote_depth = 0usize;
    let mut item_depth = 0usize;
    let mut skip_depth = 0usize; // inside code blocks or images
    for event in Parser::new(source) {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock => skip_depth += 1,
                Tag::BlockQuote(_) => {
                    flush(&mut b, &mut buf, element, quote_depth);
                    quote_depth += 1;
                }
                Tag::Item => {
                    flush(&mut b, &mut buf, element, quote_depth);
                    item_depth += 1;
                    element = "li";
                }
                Tag::Heading { level, .. } => {
                    flush(&mut b, &mut buf, element, quote_depth);
                    element = heading(level);
                }
                // A loose list item's first paragraph continues the item.
                Tag::Paragraph if item_depth == 0 || !buf.trim().is_empty() => {
                    flush(&mut b, &mut buf, element, quote_depth);
                    element = if item_depth > 0 { "li" } else { "p" };
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock => {
                    skip_depth = skip_depth.saturating_sub(1)
                }
                TagEnd::BlockQuote(_) => {
                    flush(&mut b, &mut buf, element, quote_depth);
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::Item => {
                    flush(&mut b, &mut buf, element, quote_depth);
                    item_depth = item_depth.saturating_sub(1);
                    element = if item_depth > 0 { "li" } else { "p" };
                }
                TagEnd::Heading(_) | TagEnd::Paragraph => {
                    flush(&mut b, &mut buf, element, quote_depth);
                    element = if item_depth > 0 { "li" } else { "p" };
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) if skip_depth == 0 => buf.push_str(&t),
            Event::SoftBreak | Event::HardBreak if skip_depth == 0 => buf.push(' '),
            _ => {}
        }
    }
    flush(&mut b, &mut buf, element, quote_depth);
    b.finish(id)
}

fn heading(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

fn flush(b: &mut Builder, buf: &mut String, element: &str, quote_depth: usize) {
    let quoted = quote_depth > 0;
    b.push(
        buf,
        if quoted && element == "p" {
            "blockquote"
        } else {
            element
        },
        quoted,
    );
    buf.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(md: &str) -> Vec<(String, String, bool)> {
        document("t.md", md)
            .paragraphs
            .into_iter()
            .map(|p| (p.element.unwrap(), p.text, p.block_quote))
            .collect()
    }

    #[test]
    fn blocks_become_paragraphs() {
        let got = paras(
            "# Title here\n\nFirst *para*\nwraps [a link](http://x).\n\n- item one\n- item `two`\n\n\
             ```\ncode();\n```\n\n> Quoted line one\n> continues.\n>\n> Second quoted.\n\n![alt text](img.png)\n\nLast.\n",
        );
        let want: Vec<(String, String, bool)> = [
            ("h1", "Title here", false),
            ("p", "First para wraps a link.", false),
            ("li", "item one", false),
            ("li", "item two", false),
            ("blockquote", "Quoted line one continues.", true),
            ("blockquote", "Second quoted.", true),
            ("p", "Last.", false),
        ]
        .iter()
        .map(|(e, t, q)| (e.to_string(), t.to_string(), *q))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn loose_list_items_and_spans() {
        let d = document("t", "1. First item\n\n   more of it\n\n2. Second\n");
        let texts: Vec<&str> = d.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["First item", "more of it", "Second"]);
        for p in &d.paragraphs {
            assert_eq!(&d.text[p.start..p.end], p.text);
        }
    }
}
