//! HTTP responses → the web page they carry: a WARC `response` record's
//! block, or a page just fetched (the command line hands a fetched page
//! here as the same bytes it archives, so a live run and a run over its
//! archive read the same page the same way).
//!
//! The status line and headers are parsed with `httparse`; only a 2xx
//! response with an HTML `Content-Type` is a page. The body is de-chunked
//! and decompressed (gzip, deflate) per its headers, then decoded to UTF-8
//! from the charset the headers name, else the one the page's first bytes
//! declare (`<meta charset>`), as browsers do; a page that names none is
//! read as UTF-8.

use super::{Event, Format, ReadOptions};
use crate::error::Result as ReadResult;
use encoding_rs::Encoding;
use std::io::Read;

/// Largest decompressed HTTP body read; bigger ones are refused (a page is
/// far smaller; this bounds a bomb).
const MAX_BODY_BYTES: u64 = 64 << 20;

/// Bytes of a page looked at for a `<meta>` charset (the HTML standard's
/// prescan looks at 1024).
const PRESCAN_BYTES: usize = 1024;

/// Why a response holds no page.
#[derive(Debug, Clone, PartialEq)]
pub enum NotAPage {
    /// A status other than 2xx (a redirect, an error).
    Status(u16),
    /// Not HTML; the `Content-Type` (empty when there is none).
    NotHtml(String),
}

impl NotAPage {
    /// What such responses are called when they are counted.
    pub fn kind(&self) -> &'static str {
        match self {
            NotAPage::Status(_) => "non-2xx response",
            NotAPage::NotHtml(_) => "non-HTML response",
        }
    }
}

impl std::fmt::Display for NotAPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotAPage::Status(s) => write!(f, "HTTP status {s}, not a page"),
            NotAPage::NotHtml(t) if t.is_empty() => write!(f, "no Content-Type, not a web page"),
            NotAPage::NotHtml(t) => write!(f, "Content-Type {t}, not a web page"),
        }
    }
}

/// The page of an HTTP response, as UTF-8 bytes: `Ok(Err(why))` when the
/// response is no page, `Err` when it cannot be read.
pub fn html_page(block: &[u8]) -> Result<Result<Vec<u8>, NotAPage>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_at = match response.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("truncated HTTP headers".into()),
        Err(e) => return Err(format!("bad HTTP response: {e}")),
    };
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let status = response.code.unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(Err(NotAPage::Status(status)));
    }
    let content_type = header("content-type").unwrap_or_default();
    if !(content_type.contains("text/html") || content_type.contains("application/xhtml")) {
        return Ok(Err(NotAPage::NotHtml(content_type)));
    }
    let mut body = block[body_at..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body)?;
    }
    match header("content-encoding").as_deref().map(str::trim) {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => body = inflate(flate2::read::MultiGzDecoder::new(&body[..]))?,
        Some("deflate") => body = inflate(flate2::read::ZlibDecoder::new(&body[..]))?,
        Some(other) => return Err(format!("unsupported Content-Encoding {other:?}")),
    }
    let charset = charset_param(&content_type).or_else(|| meta_charset(&body));
    Ok(Ok(to_utf8(body, charset.as_deref())))
}

/// Reads the HTTP response `block` as the web page `uri` (its final URL):
/// through the HTML reader, or a warning naming `uri` when it holds no
/// page.
pub fn read(
    uri: &str,
    block: &[u8],
    options: &ReadOptions,
    sink: &mut dyn FnMut(Event) -> ReadResult<()>,
) -> ReadResult<()> {
    match html_page(block) {
        Ok(Ok(page)) => super::read_bytes(uri, &page, Some(Format::Html), options, sink),
        Ok(Err(why)) => sink(Event::Warning {
            message: format!("{uri}: {why}; skipped"),
            skipped: true,
        }),
        Err(why) => sink(Event::Warning {
            message: format!("{uri}: {why}; skipped"),
            skipped: true,
        }),
    }
}

fn inflate(r: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot decompress the body: {e}"))?;
    if out.len() as u64 > MAX_BODY_BYTES {
        return Err(format!(
            "body larger than {MAX_BODY_BYTES} bytes decompressed"
        ));
    }
    Ok(out)
}

/// Joins the chunks of an HTTP/1.1 chunked body.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(rest.len());
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("chunked body without a chunk size line")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if size > rest.len() {
            // Crawlers often cut bodies short; keep what arrived.
            out.extend_from_slice(rest);
            return Ok(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or(&[]);
    }
}

/// The `charset` parameter of a (lowercased) `Content-Type`.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (name, value) = p.split_once('=')?;
        (name.trim() == "charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

/// The charset a page declares in a `<meta>` of its first bytes
/// (`<meta charset="...">` or `<meta http-equiv="Content-Type"
/// content="text/html; charset=...">`).
fn meta_charset(body: &[u8]) -> Option<String> {
    let head = body[..body.len().min(PRESCAN_BYTES)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&head[from..], b"<meta") {
        let tag_start = from + at;
        let tag_end = find(&head[tag_start..], b">").map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(c) = find(tag, b"charset=") {
            let value: String = tag[c + 8..]
                .iter()
                .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .map(|&b| b as char)
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
        from = tag_end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `body` in UTF-8: a byte-order mark decides, else `charset` when it names
/// an encoding other than UTF-8; otherwise the bytes are kept (and read as
/// UTF-8).
fn to_utf8(body: Vec<u8>, charset: Option<&str>) -> Vec<u8> {
    let encoding = match Encoding::for_bom(&body) {
        Some((encoding, _)) => encoding,
        None => match charset.and_then(|c| Encoding::for_label(c.as_bytes())) {
            Some(encoding) => encoding,
            None => return body,
        },
    };
    if encoding == encoding_rs::UTF_8 {
        return body;
    }
    let (text, _, _) = encoding.decode(&body);
    text.into_owned().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    #[test]
    fn only_2xx_html_responses_are_pages() {
        let page = b"<p>x</p>";
        let ok = http("200 OK", "Content-Type: text/html\r\n", page);
        assert_eq!(html_page(&ok).unwrap(), Ok(page.to_vec()));
        let moved = http("301 Moved", "Content-Type: text/html\r\n", page);
        assert_eq!(html_page(&moved).unwrap(), Err(NotAPage::Status(301)));
        let pdf = http("200 OK", "Content-Type: application/pdf\r\n", b"%PDF");
        let why = html_page(&pdf).unwrap().unwrap_err();
        assert_eq!(
            why.to_string(),
            "Content-Type application/pdf, not a web page"
        );
        assert_eq!(why.kind(), "non-HTML response");
        assert!(html_page(b"HTTP/1.1 200 OK\r\nContent-").is_err());
    }

    #[test]
    fn the_charset_comes_from_the_headers_then_the_page() {
        let latin1 = b"<p>Gr\xfc\xdfe aus K\xf6ln</p>";
        let named = http(
            "200 OK",
            "Content-Type: text/html; charset=\"ISO-8859-1\"\r\n",
            latin1,
        );
        assert_eq!(
            html_page(&named).unwrap().unwrap(),
            "<p>Grüße aus Köln</p>".as_bytes()
        );
        let mut declared = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head>".to_vec();
        declared.extend_from_slice(b"<p>\x93Quoted\x94</p>");
        let page = html_page(&http("200 OK", "Content-Type: text/html\r\n", &declared))
            .unwrap()
            .unwrap();
        assert!(String::from_utf8(page)
            .unwrap()
            .ends_with("<p>\u{201c}Quoted\u{201d}</p>"));
        let meta = b"<meta charset='utf-8'><p>caf\xc3\xa9</p>";
        assert_eq!(
            html_page(&http("200 OK", "Content-Type: text/html\r\n", meta))
                .unwrap()
                .unwrap(),
            meta.to_vec()
        );
        // The headers win over the page.
        let both = http(
            "200 OK",
            "Content-Type: text/html; charset=iso-8859-1\r\n",
            b"<meta charset=utf-8><p>\xe9</p>",
        );
        assert!(String::from_utf8(html_page(&both).unwrap().unwrap())
            .unwrap()
            .ends_with("<p>é</p>"));
    }
}
