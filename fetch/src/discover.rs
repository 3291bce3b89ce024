//! Page URLs from a feed (RSS 2.0, Atom, by `feed-rs`) or a sitemap
//! (`urlset` or `sitemapindex`, by `quick-xml`), already decompressed.

use quick_xml::events::Event as Xml;
use url::Url;

/// Sitemap entries read from one file at most (the sitemap protocol's
/// limit); the rest are counted, not kept.
pub(crate) const MAX_SITEMAP_ENTRIES: usize = 50_000;

/// The links of a feed's items, in feed order, resolved against `base`.
/// An item with several links gives its `alternate` one (or its first).
pub(crate) fn feed_links(bytes: &[u8], base: &Url) -> Result<Vec<Url>, String> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .build()
        .parse(bytes)
        .map_err(|e| format!("not an RSS or Atom feed ({e})"))?;
    let mut links = Vec::new();
    for entry in &feed.entries {
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first());
        if let Some(url) = link.and_then(|l| base.join(l.href.trim()).ok()) {
            links.push(url);
        }
    }
    Ok(links)
}

/// What a sitemap lists.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Sitemap {
    /// Page URLs (`<urlset>`).
    pub pages: Vec<String>,
    /// Further sitemaps (`<sitemapindex>`).
    pub sitemaps: Vec<String>,
    /// Entries past [`MAX_SITEMAP_ENTRIES`], not kept.
    pub dropped: usize,
}

/// Reads a sitemap: the `<loc>` of each `<url>` or `<sitemap>`.
pub(crate) fn sitemap(bytes: &[u8]) -> Result<Sitemap, String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut out = Sitemap::default();
    let mut root: Option<String> = None;
    // Inside <url> or <sitemap>, and inside its <loc>.
    let mut entry: Option<bool> = None;
    let mut loc: Option<String> = None;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!(
                "not a sitemap (XML error at byte {}: {e})",
                reader.error_position()
            )
        })?;
        match event {
            Xml::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                match (root.as_deref(), name.as_str()) {
                    (None, "urlset" | "sitemapindex") => root = Some(name),
                    (None, other) => {
                        return Err(format!(
                            "not a sitemap (its root element is <{other}>, not <urlset> or <sitemapindex>)"
                        ))
                    }
                    (Some(_), "url") => entry = Some(false),
                    (Some(_), "sitemap") => entry = Some(true),
                    (Some(_), "loc") if entry.is_some() => loc = Some(String::new()),
                    _ => {}
                }
            }
            Xml::Text(t) => {
                if let Some(l) = &mut loc {
                    l.push_str(&t.xml10_content());
                }
            }
            Xml::CData(t) => {
                if let Some(l) = &mut loc {
                    l.push_str(&t.xml10_content());
                }
            }
            Xml::GeneralRef(r) => {
                if let Some(l) = &mut loc {
                    let name = r.xml10_content();
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => l.push(c),
                        _ => l.push_str(
                            quick_xml::escape::resolve_predefined_entity(&name).unwrap_or(""),
                        ),
                    }
                }
            }
            Xml::End(e) => match e.local_name().as_ref() {
                "loc" => {
                    if let (Some(text), Some(is_index)) = (loc.take(), entry) {
                        let text = text.trim().to_string();
                        if text.is_empty() {
                            continue;
                        }
                        if out.pages.len() + out.sitemaps.len() >= MAX_SITEMAP_ENTRIES {
                            out.dropped += 1;
                        } else if is_index {
                            out.sitemaps.push(text);
                        } else {
                            out.pages.push(text);
                        }
                    }
                }
                "url" | "sitemap" => entry = None,
                _ => {}
            },
            Xml::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if root.is_none() {
        return Err("not a sitemap (no <urlset> or <sitemapindex>)".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlsets_and_indexes_give_their_locations() {
        let set = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://a.test/one</loc><lastmod>2026-01-01</lastmod></url>
  <url><loc> http://a.test/two?x=1&amp;y=2 </loc></url>
  <url><loc><![CDATA[http://a.test/three]]></loc></url>
</urlset>"#;
        assert_eq!(
            sitemap(set).unwrap().pages,
            [
                "http://a.test/one",
                "http://a.test/two?x=1&y=2",
                "http://a.test/three"
            ]
        );
        let index = br#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://a.test/s1.xml</loc></sitemap>
  <sitemap><loc>http://a.test/s2.xml.gz</loc></sitemap>
</sitemapindex>"#;
        let found = sitemap(index).unwrap();
        assert_eq!(
            found.sitemaps,
            ["http://a.test/s1.xml", "http://a.test/s2.xml.gz"]
        );
        assert!(found.pages.is_empty());
    }

    #[test]
    fn other_documents_are_not_sitemaps() {
        let err = sitemap(b"<html><body>hi</body></html>").unwrap_err();
        assert!(err.contains("root element is <html>"), "{err}");
        assert!(sitemap(b"just text").unwrap_err().contains("not a sitemap"));
        assert!(sitemap(b"<urlset><url><loc>x</url>")
            .unwrap_err()
            .starts_with("not a sitemap (XML error"));
    }

    #[test]
    fn feed_items_give_their_links() {
        let base = Url::parse("http://a.test/feed.xml").unwrap();
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>http://a.test/a</link></item>
<item><title>B</title><link>/b</link></item></channel></rss>"#;
        let links: Vec<String> = feed_links(rss, &base)
            .unwrap()
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(links, ["http://a.test/a", "http://a.test/b"]);
        let atom =
            br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<id>urn:x</id><updated>2026-01-01T00:00:00Z</updated>
<entry><id>urn:1</id><title>One</title><updated>2026-01-01T00:00:00Z</updated>
<link rel="edit" href="http://a.test/edit/1"/><link rel="alternate" href="http://a.test/1"/></entry>
</feed>"#;
        let links = feed_links(atom, &base).unwrap();
        assert_eq!(links[0].as_str(), "http://a.test/1");
        assert!(feed_links(b"<html></html>", &base)
            .unwrap_err()
            .starts_with("not an RSS or Atom feed"));
    }
}
