//! One HTTP exchange as it is archived: the request sent and the response
//! received, its body as it came over the wire (content coding kept), so a
//! WARC file holds what the server said.

use std::io::Read;
use std::time::SystemTime;

/// One HTTP request and the response to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// The URL asked for (after any redirects before this exchange).
    pub url: String,
    /// When the response was complete.
    pub date: SystemTime,
    /// The request head as sent: request line and headers, ending with a
    /// blank line.
    pub request: Vec<u8>,
    /// The response's HTTP version (`HTTP/1.1`).
    pub version: String,
    /// The response status code.
    pub status: u16,
    /// Response headers in the order received (names as sent).
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body: transfer coding (chunks) undone, content coding (gzip,
    /// deflate) kept.
    pub body: Vec<u8>,
}

/// The first bytes of a gzip stream.
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

impl Exchange {
    /// The first header called `name` (any case), decoded lossily.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
    }

    /// The status line's reason phrase for the status code.
    pub fn reason(&self) -> &'static str {
        ureq::http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("")
    }

    /// `HTTP 404 Not Found`, for messages.
    pub fn status_text(&self) -> String {
        format!("HTTP {} {}", self.status, self.reason())
            .trim_end()
            .to_string()
    }

    /// The response as an HTTP message (status line, headers, body), as a
    /// WARC `response` record holds it. The body is the one received, so
    /// `Transfer-Encoding` is left out (chunks are already joined) and
    /// `Content-Length` says its length.
    pub fn http_block(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 512);
        out.extend_from_slice(
            format!("{} {} {}\r\n", self.version, self.status, self.reason()).as_bytes(),
        );
        for (name, value) in &self.headers {
            if name.eq_ignore_ascii_case("transfer-encoding")
                || name.eq_ignore_ascii_case("content-length")
            {
                continue;
            }
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", self.body.len()).as_bytes());
        out.extend_from_slice(&self.body);
        out
    }

    /// The body with its content coding undone, refused when it is larger
    /// than `cap` bytes once decompressed (a gzip bomb stops at the cap).
    pub fn content(&self, cap: u64) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        read_capped(self.decoder()?, cap, &mut out)?;
        Ok(out)
    }

    /// The size of the body once its content coding is undone, counted
    /// without keeping it; refused past `cap` bytes.
    pub fn content_len(&self, cap: u64) -> Result<u64, String> {
        read_capped(self.decoder()?, cap, &mut std::io::sink())
    }

    fn decoder(&self) -> Result<Box<dyn Read + '_>, String> {
        let coding = self.header("content-encoding").unwrap_or_default();
        Ok(match coding.trim().to_ascii_lowercase().as_str() {
            "" | "identity" => Box::new(&self.body[..]),
            "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(&self.body[..])),
            "deflate" => Box::new(flate2::read::ZlibDecoder::new(&self.body[..])),
            other => return Err(format!("unsupported Content-Encoding {other:?}")),
        })
    }
}

/// Copies `reader` into `out`, at most `cap` bytes: an error past it.
/// Returns the bytes copied.
pub(crate) fn read_capped(
    reader: impl Read,
    cap: u64,
    out: &mut impl std::io::Write,
) -> Result<u64, String> {
    let n = std::io::copy(&mut reader.take(cap + 1), out)
        .map_err(|e| format!("cannot decompress the body: {e}"))?;
    if n > cap {
        return Err(format!("larger than {} decompressed", size_text(cap)));
    }
    Ok(n)
}

/// `20 MB`, `512 KB`, `300 bytes`: sizes in messages.
pub(crate) fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MB", b >> 20),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn exchange(headers: &[(&str, &str)], body: Vec<u8>) -> Exchange {
        Exchange {
            url: "http://a.test/".into(),
            date: SystemTime::UNIX_EPOCH,
            request: b"GET / HTTP/1.1\r\nHost: a.test\r\n\r\n".to_vec(),
            version: "HTTP/1.1".into(),
            status: 200,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
                .collect(),
            body,
        }
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn the_http_block_says_the_length_of_the_body_it_holds() {
        let ex = exchange(
            &[
                ("Content-Type", "text/html"),
                ("Transfer-Encoding", "chunked"),
                ("content-length", "999"),
            ],
            b"<p>hi</p>".to_vec(),
        );
        assert_eq!(
            String::from_utf8(ex.http_block()).unwrap(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\n<p>hi</p>"
        );
        assert_eq!(ex.status_text(), "HTTP 200 OK");
    }

    #[test]
    fn content_coding_is_undone_up_to_the_cap() {
        let page = b"<p>a page</p>".repeat(100);
        let ex = exchange(&[("Content-Encoding", "gzip")], gzip(&page));
        assert_eq!(ex.content(1 << 20).unwrap(), page);
        assert_eq!(ex.content_len(1 << 20).unwrap(), page.len() as u64);
        // A bomb: 64 MB of zeros in some 64 KB, refused at a 1 MB cap.
        let bomb = exchange(&[("Content-Encoding", "gzip")], gzip(&vec![0u8; 64 << 20]));
        assert!(bomb.body.len() < 100 << 10);
        assert_eq!(
            bomb.content_len(1 << 20).unwrap_err(),
            "larger than 1 MB decompressed"
        );
        let odd = exchange(&[("Content-Encoding", "br")], page.clone());
        assert_eq!(
            odd.content(1 << 20).unwrap_err(),
            "unsupported Content-Encoding \"br\""
        );
    }
}
