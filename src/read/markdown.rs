//! Markdown documents, parsed with `pulldown-cmark` (CommonMark).
//!
//! Paragraphs, headings and list items become paragraphs (element `p`,
//! `h1`-`h6`, `li`); text inside block quotes (`> `) is marked as a block
//! quote (element `blockquote`); code blocks, HTML blocks and image alt
//! text are skipped; links keep their text. Front matter (YAML between
//! `---` lines, or TOML between `+++` lines, at the top) is not content: its
//! `title`, `author`, `date`, `site`, `url` and `lang` fill the page
//! metadata.

use super::builder::Builder;
use crate::doc::{Document, PageMeta};
use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

/// Reads a Markdown document.
pub fn document(id: &str, source: &str) -> Document {
    let mut b = Builder::default();
    let mut meta = PageMeta::default();
    let mut front: Option<(MetadataBlockKind, String)> = None;
    let mut buf = String::new();
    let mut element: &'static str = "p";
    let mut quote_depth = 0usize;
    let mut item_depth = 0usize;
    let mut skip_depth = 0usize; // inside code blocks or images
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    // Characters of the paragraph being gathered inside `**strong**`: a
    // paragraph all in bold is a subhead styled by hand.
    let (mut strong_depth, mut bold_chars) = (0usize, 0usize);
    for event in Parser::new_ext(source, options) {
        if let Some((_, text)) = front.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::MetadataBlock(_)) => {
                    if let Some((kind, text)) = front.take() {
                        meta = front_matter(kind, &text);
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => front = Some((kind, String::new())),
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock => skip_depth += 1,
                Tag::Strong => strong_depth += 1,
                Tag::BlockQuote(_) => {
                    flush(&mut b, &mut buf, &mut bold_chars, element, quote_depth);
                    quote_depth += 1;
                }
                Tag::Item => {
                    flush(&mut b, &mut buf, &mut bold_chars, element, quote_depth);
                    item_depth += 1;
                    element = "li";
                }
                Tag::Heading { level, .. } => {
                    flush(&mut b, &mut buf, &mut bold_chars, element, quote_depth);
                    element = heading(level);
                }
                // A loose list item's first paragraph continues the item.
                Tag::Paragraph if item_depth == 0 || !buf.trim().is_empty() => {
                    flush(&mut b, &mut buf, &mut bold_chars, element, quote_depth);
                    element = if item_depth > 0 { "li" } else { "p" };
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock => {
                    skip_depth = skip_depth.saturating_sub(1)
                }
                TagEnd::Strong => strong_depth = strong_depth.saturating_sub(1),
                TagEnd::BlockQuote(_) => {
                    flush(&mut b, &mut buf, &mut bold_chars, element, quote_depth);
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::Item => {
                    flush(&mut b, &mut buf, &mut bold_chars, element, quote_depth);
                    item_depth = item_depth.saturating_sub(1);
                    element = if item_depth > 0 { "li" } else { "p" };
                }
                TagEnd::Heading(_) | TagEnd::Paragraph => {
                    flush(&mut b, &mut buf, &mut bold_chars, element, quote_depth);
                    element = if item_depth > 0 { "li" } else { "p" };
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) if skip_depth == 0 => {
                if strong_depth > 0 {
                    bold_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                }
                buf.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak if skip_depth == 0 => buf.push(' '),
            _ => {}
        }
    }
    flush(&mut b, &mut buf, &mut bold_chars, element, quote_depth);
    let mut doc = b.finish(id);
    doc.meta = meta;
    doc
}

/// The page metadata named in a front-matter block: TOML (`+++`) through
/// the toml crate; YAML (`---`) read as the flat `key: value` lines front
/// matter uses (a `[a, b]` list of authors is joined with ", ").
fn front_matter(kind: MetadataBlockKind, text: &str) -> PageMeta {
    let mut fields: Vec<(String, String)> = Vec::new();
    match kind {
        MetadataBlockKind::PlusesStyle => {
            if let Ok(table) = text.parse::<toml::Table>() {
                for (k, v) in table {
                    let value = match v {
                        toml::Value::String(s) => s,
                        toml::Value::Array(a) => a
                            .iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        other => other.to_string(),
                    };
                    fields.push((k, value));
                }
            }
        }
        MetadataBlockKind::YamlStyle => {
            for line in text.lines() {
                // Nested keys and list items are not page metadata.
                if line.starts_with(char::is_whitespace) {
                    continue;
                }
                let Some((k, v)) = line.split_once(':') else {
                    continue;
                };
                let v = v.trim();
                let v = match v.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
                    Some(list) => list
                        .split(',')
                        .map(|x| unquote(x.trim()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    None => unquote(v).to_string(),
                };
                fields.push((k.trim().to_string(), v));
            }
        }
    }
    let mut meta = PageMeta::default();
    for (k, v) in fields {
        if v.is_empty() {
            continue;
        }
        let slot = match k.to_ascii_lowercase().as_str() {
            "title" => &mut meta.title,
            "author" | "authors" => &mut meta.author,
            "date" | "published" | "pubdate" => &mut meta.published,
            "site" | "site_name" | "sitename" => &mut meta.site,
            "url" | "canonical_url" | "canonical" | "permalink" => &mut meta.url,
            "lang" | "language" | "locale" => &mut meta.language,
            _ => continue,
        };
        slot.get_or_insert(v);
    }
    meta
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\u{27}'] {
        if let Some(inner) = v.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    v
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

fn flush(
    b: &mut Builder,
    buf: &mut String,
    bold_chars: &mut usize,
    element: &str,
    quote_depth: usize,
) {
    let quoted = quote_depth > 0;
    let total = buf.chars().filter(|c| !c.is_whitespace()).count();
    let bold = total > 0 && *bold_chars == total;
    b.push_styled(
        buf,
        if quoted && element == "p" {
            "blockquote"
        } else {
            element
        },
        quoted,
        bold,
    );
    buf.clear();
    *bold_chars = 0;
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
    fn front_matter_fills_the_page_metadata_and_is_not_content() {
        let d = document(
            "t.md",
            "---\ntitle: \"Ferry cuts, again\"\nauthor: [Ana Ruiz, Bo Li]\ndate: 2024-03-05\n\
             lang: en\ntags:\n  - x\n---\n\nThe body.\n",
        );
        let texts: Vec<&str> = d.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["The body."]);
        assert_eq!(d.meta.title.as_deref(), Some("Ferry cuts, again"));
        assert_eq!(d.meta.author.as_deref(), Some("Ana Ruiz, Bo Li"));
        assert_eq!(d.meta.published.as_deref(), Some("2024-03-05"));
        assert_eq!(d.meta.language.as_deref(), Some("en"));
        assert_eq!(d.meta.site, None);
        let d = document(
            "t.md",
            "+++\ntitle = \"Depot\"\nurl = \"https://example.org/depot\"\n+++\n\nBody.\n",
        );
        assert_eq!(d.meta.title.as_deref(), Some("Depot"));
        assert_eq!(d.meta.url.as_deref(), Some("https://example.org/depot"));
        assert_eq!(d.paragraphs.len(), 1);
        assert_eq!(
            document("t.md", "No front matter.\n").meta,
            PageMeta::default()
        );
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
