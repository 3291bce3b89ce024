//! WARC archives (`.warc`, `.warc.gz`): the web crawl format of Common
//! Crawl and the Internet Archive → one document per HTML response record.
//!
//! Records are read with the `warc` crate from the decompressed stream (the
//! read path gunzips it: crawls compress each record as its own gzip
//! member, so the file is read as one multi-member stream). A
//! `response` record's block is an HTTP response, read by [`super::http`]
//! (status, headers, chunks, content coding, charset): a 2xx HTML page
//! goes through the HTML reader with the record's `WARC-Target-URI` as the
//! document id. Other records (`warcinfo`, `request`, `metadata`,
//! redirects, errors, non-HTML responses, ...) are skipped
//! and counted in one note at the end. A broken record is a warning naming
//! the file and the record's offset in the (uncompressed) stream; the
//! records after it cannot be found reliably, so the file ends there.

use super::{emit, Event, Flow, FlowSink, Format, ReadOptions, CONTINUE};
use crate::error::Result;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::rc::Rc;
use warc::{RecordType, WarcHeader, WarcReader};

/// One HTML page found in a WARC file.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The record's `WARC-Target-URI`.
    pub uri: String,
    /// The HTTP body, de-chunked and decompressed (bytes, not yet decoded).
    pub body: Vec<u8>,
}

/// What reading a WARC file finds, in order.
#[derive(Debug)]
pub enum Found {
    /// An HTML response.
    Page(Page),
    /// Something the user should know; `broken` when a record was lost.
    Warning { message: String, broken: bool },
}

/// A `BufRead` that counts the bytes consumed, so a broken record can be
/// located.
struct Counted<R> {
    inner: R,
    pos: Rc<Cell<u64>>,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos.set(self.pos.get() + n as u64);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        self.pos.set(self.pos.get() + n as u64);
        self.inner.consume(n)
    }
}

/// Reads the decompressed WARC stream `reader` of the file `name` (see
/// [`super::open`]) and passes each HTML page and warning to `f`, in order;
/// an error returned by `f` stops the reading.
pub fn pages(
    name: &str,
    reader: impl BufRead,
    f: &mut dyn FnMut(Found) -> Result<()>,
) -> Result<()> {
    pages_until(name, reader, &mut |found| f(found).map(|()| CONTINUE)).map(drop)
}

/// [`pages`] with a callback that may stop the reading.
fn pages_until(
    name: &str,
    reader: impl BufRead,
    f: &mut dyn FnMut(Found) -> Result<Flow>,
) -> Result<Flow> {
    let pos = Rc::new(Cell::new(0u64));
    let counted = Counted {
        inner: reader,
        pos: Rc::clone(&pos),
    };
    // Skipped records by why, for one note at the end.
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut start = 0u64;
    for (n, record) in WarcReader::new(counted).iter_records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                emit!(
                    f,
                    Found::Warning {
                        message: format!(
                            "{name}: WARC record {} at byte {start}{}: {e}; the rest of the file is skipped",
                            n + 1,
                            if name.ends_with(".gz") { " (uncompressed)" } else { "" },
                        ),
                        broken: true,
                    }
                );
                break;
            }
        };
        let at = start;
        start = pos.get();
        if *record.warc_type() != RecordType::Response {
            *skipped
                .entry(format!("{}", record.warc_type()))
                .or_default() += 1;
            continue;
        }
        let Some(uri) = record.header(WarcHeader::TargetURI) else {
            *skipped
                .entry("response without WARC-Target-URI".into())
                .or_default() += 1;
            continue;
        };
        match super::http::html_page(record.body()) {
            Ok(Ok(body)) => emit!(
                f,
                Found::Page(Page {
                    uri: uri.into_owned(),
                    body,
                })
            ),
            Ok(Err(why)) => *skipped.entry(why.kind().into()).or_default() += 1,
            Err(why) => emit!(
                f,
                Found::Warning {
                    message: format!(
                        "{name}: WARC record {} at byte {at} ({uri}): {why}; skipped",
                        n + 1
                    ),
                    broken: true,
                }
            ),
        }
    }
    if !skipped.is_empty() {
        let counts: Vec<String> = skipped.iter().map(|(k, v)| format!("{v} {k}")).collect();
        return f(Found::Warning {
            message: format!(
                "{name}: skipped WARC records that are not HTML responses: {}",
                counts.join(", ")
            ),
            broken: false,
        });
    }
    Ok(CONTINUE)
}

/// Reads a WARC stream into document events: each page through the HTML
/// reader, named by its URI.
pub(super) fn read(
    name: &str,
    reader: impl BufRead,
    options: &ReadOptions,
    sink: &mut FlowSink,
) -> Result<Flow> {
    pages_until(name, reader, &mut |found| match found {
        Found::Page(page) => {
            super::parse_bytes(&page.uri, &page.body, Some(Format::Html), options, sink)
        }
        Found::Warning { message, broken } => sink(Event::Warning {
            message,
            skipped: broken,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// One WARC record of `kind` with `block` as its content.
    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000000{}>\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
            kind.len() % 10,
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn found(bytes: &[u8]) -> (Vec<Page>, Vec<(String, bool)>) {
        let (mut p, mut w) = (Vec::new(), Vec::new());
        let (stream, _) = super::super::decompress("c.warc.gz", bytes).unwrap();
        pages("c.warc.gz", stream, &mut |f| {
            match f {
                Found::Page(page) => p.push(page),
                Found::Warning { message, broken } => w.push((message, broken)),
            }
            Ok(())
        })
        .unwrap();
        (p, w)
    }

    const PAGE: &[u8] =
        b"<html><body><p>The ferry left the harbour at noon on Friday.</p></body></html>";

    #[test]
    fn html_responses_per_gzip_member_others_counted() {
        let pieces = [
            "<html><body><p>Chunks of ",
            "a page arrive.</p></body",
            "></html>",
        ];
        let mut chunked: Vec<u8> = pieces
            .iter()
            .flat_map(|p| format!("{:x};ext=1\r\n{p}\r\n", p.len()).into_bytes())
            .collect();
        chunked.extend_from_slice(b"0\r\n\r\n");
        let records = [
            record("warcinfo", "", b"software: invented\r\n"),
            record("request", "http://a.example/", b"GET / HTTP/1.1\r\n\r\n"),
            record(
                "response",
                "http://a.example/",
                &http("Content-Type: text/html; charset=utf-8\r\n", PAGE),
            ),
            record(
                "response",
                "http://a.example/old",
                b"HTTP/1.1 301 Moved Permanently\r\nLocation: /\r\nContent-Type: text/html\r\n\r\n<a href=/>moved</a>",
            ),
            record(
                "response",
                "http://a.example/logo.png",
                &http("Content-Type: image/png\r\n", b"\x89PNG"),
            ),
            record(
                "response",
                "http://b.example/z",
                &http(
                    "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                    &gz(PAGE),
                ),
            ),
            record(
                "response",
                "http://c.example/",
                &http(
                    "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                    &chunked,
                ),
            ),
        ];
        // As crawls store them: each record its own gzip member.
        let file: Vec<u8> = records.iter().flat_map(|r| gz(r)).collect();
        let (p, w) = found(&file);
        let uris: Vec<&str> = p.iter().map(|p| p.uri.as_str()).collect();
        assert_eq!(
            uris,
            [
                "http://a.example/",
                "http://b.example/z",
                "http://c.example/"
            ]
        );
        assert_eq!(p[0].body, PAGE);
        assert_eq!(p[1].body, PAGE, "Content-Encoding gzip is undone");
        assert_eq!(
            p[2].body,
            b"<html><body><p>Chunks of a page arrive.</p></body></html>"
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(!w[0].1);
        assert!(
            w[0].0
                .contains("1 non-2xx response, 1 non-HTML response, 1 request, 1 warcinfo"),
            "{}",
            w[0].0
        );
        // Uncompressed, the same pages.
        let plain: Vec<u8> = records.concat();
        assert_eq!(found(&plain).0, p);
    }

    #[test]
    fn a_broken_record_is_a_warning_with_its_offset() {
        let good = record(
            "response",
            "http://a.example/",
            &http("Content-Type: text/html\r\n", PAGE),
        );
        let mut file = good.clone();
        file.extend_from_slice(
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort",
        );
        let (p, w) = found(&file);
        assert_eq!(p.len(), 1);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].1);
        assert!(
            w[0].0
                .starts_with(&format!("c.warc.gz: WARC record 2 at byte {}", good.len())),
            "{}",
            w[0].0
        );
    }

    #[test]
    fn pages_become_html_documents_named_by_uri() {
        let file = record(
            "response",
            "http://a.example/post",
            &http("Content-Type: text/html\r\n", PAGE),
        );
        let mut docs = Vec::new();
        let flow = read("c.warc", &file[..], &ReadOptions::default(), &mut |e| {
            if let Event::Doc(d) = e {
                docs.push(d);
            }
            Ok(CONTINUE)
        })
        .unwrap();
        assert_eq!(flow, CONTINUE);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "http://a.example/post");
        assert_eq!(
            docs[0].paragraphs[0].text,
            "The ferry left the harbour at noon on Friday."
        );
        assert_eq!(docs[0].paragraphs[0].element.as_deref(), Some("p"));
    }
}
