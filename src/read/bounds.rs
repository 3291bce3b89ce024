//! Bounds on hostile HTML, enforced on the raw markup before any tree is
//! built: an HTML5 tree builder spends time proportional to the depth of
//! the open elements for every new element (200,000 nested `<div>`s took
//! over a minute), and extraction code that recurses over the tree would
//! overflow its stack.
//!
//! One linear scan over the markup counts the nesting of elements that are
//! closed explicitly. Below [`MAX_DEPTH`] their tags are dropped (a space
//! stands in for each, so words stay apart): the text is kept, only the
//! structure below that depth is flattened. A start tag longer than
//! [`MAX_TAG_BYTES`] (a giant attribute list) keeps its name and loses its
//! attributes. Pages within both bounds pass through untouched.

use std::borrow::Cow;

/// Deepest element nesting kept; deeper start and end tags are dropped.
/// Real pages stay far below it (a few dozen levels).
pub const MAX_DEPTH: usize = 512;

/// Longest start tag (name and attributes) kept whole, in bytes.
pub const MAX_TAG_BYTES: usize = 16 * 1024;

/// The markup to parse, and what was changed to bring it within bounds.
#[derive(Debug)]
pub struct Bounded<'a> {
    /// The markup, borrowed when nothing had to change.
    pub html: Cow<'a, str>,
    /// Start tags dropped below [`MAX_DEPTH`].
    pub flattened: usize,
    /// Start tags that lost their attributes (longer than [`MAX_TAG_BYTES`]).
    pub cut_tags: usize,
}

impl Bounded<'_> {
    /// A warning for the user when the markup was changed.
    pub fn warning(&self, name: &str) -> Option<String> {
        let mut parts = Vec::new();
        if self.flattened > 0 {
            parts.push(format!(
                "nested deeper than {MAX_DEPTH} elements: {} tags below that depth ignored (their text is kept)",
                self.flattened
            ));
        }
        if self.cut_tags > 0 {
            parts.push(format!(
                "{} tag(s) longer than {} KiB: their attributes ignored",
                self.cut_tags,
                MAX_TAG_BYTES / 1024
            ));
        }
        (!parts.is_empty()).then(|| format!("{name}: {}", parts.join("; ")))
    }
}

/// Brings `html` within the bounds above.
pub fn bound(html: &str) -> Bounded<'_> {
    let mut probe = Scan::default();
    probe.run(html, None);
    if probe.flattened == 0 && probe.cut_tags == 0 {
        return Bounded {
            html: Cow::Borrowed(html),
            flattened: 0,
            cut_tags: 0,
        };
    }
    let mut out = String::with_capacity(html.len());
    let mut scan = Scan::default();
    scan.run(html, Some(&mut out));
    Bounded {
        html: Cow::Owned(out),
        flattened: scan.flattened,
        cut_tags: scan.cut_tags,
    }
}

#[derive(Default)]
struct Scan {
    depth: usize,
    /// Start tags dropped and not yet closed (true for a `<q>`, whose
    /// quotation marks are kept, as browsers show them).
    suppressed: Vec<bool>,
    flattened: usize,
    cut_tags: usize,
}

/// Void elements and those whose end tag may be left out: they do not
/// reliably nest, so they are not counted (the count errs low, never high).
fn nests(name: &[u8]) -> bool {
    const FLAT: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"option",
        b"optgroup",
        b"tr",
        b"td",
        b"th",
        b"thead",
        b"tbody",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"rb",
        b"rt",
        b"rp",
        b"rtc",
        b"html",
        b"head",
        b"body",
        b"frame",
        b"keygen",
        b"image",
    ];
    !FLAT.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// Elements whose content is raw text up to their end tag.
fn raw_text(name: &[u8]) -> bool {
    const RAW: &[&[u8]] = &[
        b"script",
        b"style",
        b"textarea",
        b"title",
        b"xmp",
        b"iframe",
        b"noembed",
        b"noframes",
        b"plaintext",
    ];
    RAW.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// Position just past the first `needle` at or after `from` (ASCII
/// case-insensitive), or the end.
fn past(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    let n = needle.len();
    let mut i = from;
    while i + n <= bytes.len() {
        if bytes[i..i + n].eq_ignore_ascii_case(needle) {
            return i + n;
        }
        i += 1;
    }
    bytes.len()
}

/// End (one past `>`) of the tag starting at `start`; quotes count only
/// where they open an attribute value (after `=`).
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    let mut quote: Option<u8> = None;
    let mut after_eq = false;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'>' => return i + 1,
                b'"' | b'\'' if after_eq => quote = Some(c),
                b'=' => {
                    after_eq = true;
                    i += 1;
                    continue;
                }
                c if c.is_ascii_whitespace() => {
                    i += 1;
                    continue;
                }
                _ => {}
            },
        }
        after_eq = false;
        i += 1;
    }
    bytes.len()
}

fn name_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b':')) {
        i += 1;
    }
    i
}

impl Scan {
    /// Scans `html`; with `out`, writes the bounded markup there.
    fn run(&mut self, html: &str, mut out: Option<&mut String>) {
        let bytes = html.as_bytes();
        // `copied`: bytes before it are already in `out` (or dropped).
        let mut copied = 0;
        let mut i = 0;
        // Puts `with` in place of `html[from..to]`.
        let mut replace = |out: &mut Option<&mut String>, from: usize, to: usize, with: &str| {
            if let Some(o) = out.as_deref_mut() {
                o.push_str(&html[copied..from]);
                o.push_str(with);
            }
            copied = to;
            copied
        };
        let mut tail = 0;
        while i < bytes.len() {
            let Some(off) = bytes[i..].iter().position(|&b| b == b'<') else {
                break;
            };
            let lt = i + off;
            let next = bytes.get(lt + 1).copied().unwrap_or(0);
            if bytes[lt..].starts_with(b"<!--") {
                i = past(bytes, lt + 4, b"-->");
            } else if next == b'!' || next == b'?' {
                i = tag_end(bytes, lt);
            } else if next == b'/' && bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) {
                let name = &bytes[lt + 2..name_end(bytes, lt + 2)];
                let end = tag_end(bytes, lt);
                if nests(name) {
                    if let Some(q) = self.suppressed.pop() {
                        tail = replace(&mut out, lt, end, if q { "”" } else { " " });
                    } else {
                        self.depth = self.depth.saturating_sub(1);
                    }
                }
                i = end;
            } else if next.is_ascii_alphabetic() {
                let ne = name_end(bytes, lt + 1);
                let name = &bytes[lt + 1..ne];
                let end = tag_end(bytes, lt);
                let self_closed = end >= 2 && bytes[end - 2] == b'/' && bytes[end - 1] == b'>';
                let counted = nests(name) && !self_closed;
                if counted && self.depth >= MAX_DEPTH {
                    let q = name.eq_ignore_ascii_case(b"q");
                    self.suppressed.push(q);
                    self.flattened += 1;
                    tail = replace(&mut out, lt, end, if q { "“" } else { " " });
                } else {
                    if end - lt > MAX_TAG_BYTES {
                        self.cut_tags += 1;
                        let tag = format!(
                            "<{}{}>",
                            &html[lt + 1..ne],
                            if self_closed { "/" } else { "" }
                        );
                        tail = replace(&mut out, lt, end, &tag);
                    }
                    if counted {
                        self.depth += 1;
                    }
                }
                i = end;
                if raw_text(name) && !self_closed {
                    let mut close = b"</".to_vec();
                    close.extend_from_slice(name);
                    i = past(bytes, i, &close);
                }
            } else {
                i = lt + 1;
            }
        }
        if let Some(o) = out {
            o.push_str(&html[tail..]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass_through_untouched() {
        let html = "<!DOCTYPE html><html><head><script>if (a < b && '<div>') {}</script></head>\
                    <body><div class=\"a>b\"><p>One<p>Two<ul><li>x<li>y</ul><svg><path d='M0'/></svg>\
                    <img src=x><br></div><!-- <div><div> --></body></html>";
        let b = bound(html);
        assert!(matches!(b.html, Cow::Borrowed(_)));
        assert_eq!(b.warning("p.html"), None);
        // Many unclosed paragraphs and list items do not count as depth.
        let many = "<p>text".repeat(10_000) + &"<li>item".repeat(10_000);
        assert!(matches!(bound(&many).html, Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_keeping_the_text() {
        let depth = 5_000;
        let html =
            "<div>".repeat(depth) + "<p>deep words</p>" + &"</div>".repeat(depth) + "<p>after</p>";
        let b = bound(&html);
        assert_eq!(b.flattened, depth - MAX_DEPTH);
        assert_eq!(b.cut_tags, 0);
        assert!(b.html.contains("<p>deep words</p>") && b.html.ends_with("<p>after</p>"));
        assert_eq!(b.html.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(b.html.matches("</div>").count(), MAX_DEPTH);
        let w = b.warning("deep.html").unwrap();
        assert!(
            w.starts_with("deep.html: nested deeper than 512 elements: 4488 tags"),
            "{w}"
        );
    }

    #[test]
    fn giant_attribute_lists_are_dropped() {
        let attrs: String = (0..5_000).map(|i| format!(" data-a{i}=\"v{i}\"")).collect();
        let html = format!("<p{attrs}>kept text</p><img{attrs}/>");
        let b = bound(&html);
        assert_eq!(b.cut_tags, 2);
        assert_eq!(b.html, "<p>kept text</p><img/>");
        assert!(b
            .warning("a.html")
            .unwrap()
            .contains("2 tag(s) longer than 16 KiB"));
    }

    #[test]
    fn unterminated_markup_ends_the_scan() {
        for html in [
            "<div class=\"open",
            "<!-- never closed",
            "<script>x",
            "</",
            "<",
            "a < b",
        ] {
            let b = bound(html);
            assert_eq!(b.html, html);
        }
    }
}
