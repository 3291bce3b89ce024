//! One GET at a time over a shared connection pool (ureq, rustls): no
//! redirect followed (the crawl follows them, so each hop is checked
//! against robots.txt and its host's delay), the body read whole up to the
//! size cap, and the whole exchange bounded by the timeout.

use crate::exchange::{size_text, Exchange};
use crate::Options;
use std::time::{Duration, SystemTime};
use url::{Position, Url};

/// What we accept: pages first, then feeds and sitemaps.
const ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// Content codings we undo ourselves (bodies are archived as received).
const ACCEPT_ENCODING: &str = "gzip, deflate";

/// An HTTP client with the crawl's user agent, timeout and size cap.
pub(crate) struct Client {
    agent: ureq::Agent,
    user_agent: String,
    timeout: Duration,
    max_page_size: u64,
}

impl Client {
    /// A client for `options` (one connection pool for every thread).
    pub fn new(options: &Options) -> Client {
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(options.timeout))
            .user_agent(options.user_agent.as_str())
            .accept(ACCEPT)
            .accept_encoding(ACCEPT_ENCODING)
            .build()
            .new_agent();
        Client {
            agent,
            user_agent: options.user_agent.clone(),
            timeout: options.timeout,
            max_page_size: options.max_page_size,
        }
    }

    /// GETs `url`: the exchange, whatever its status, or why there is none
    /// (connection, timeout, size cap).
    pub fn get(&self, url: &Url) -> Result<Exchange, String> {
        let mut response = self
            .agent
            .get(url.as_str())
            .call()
            .map_err(|e| self.reason(e))?;
        let status = response.status().as_u16();
        let version = format!("{:?}", response.version());
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (canonical_name(n.as_str()), v.as_bytes().to_vec()))
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_page_size)
            .read_to_vec()
            .map_err(|e| self.reason(e))?;
        Ok(Exchange {
            url: url.to_string(),
            date: SystemTime::now(),
            request: self.request_head(url),
            version,
            status,
            headers,
            body,
        })
    }

    /// The request head as ureq sends it, for the archive.
    fn request_head(&self, url: &Url) -> Vec<u8> {
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => String::new(),
        };
        format!(
            "GET {} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {}\r\nAccept: {ACCEPT}\r\nAccept-Encoding: {ACCEPT_ENCODING}\r\n\r\n",
            &url[Position::BeforePath..Position::AfterQuery],
            self.user_agent
        )
        .into_bytes()
    }

    /// A failed request in words.
    fn reason(&self, e: ureq::Error) -> String {
        match e {
            ureq::Error::Timeout(_) => format!(
                "no complete response within {} (the timeout)",
                seconds(self.timeout)
            ),
            ureq::Error::BodyExceedsLimit(n) => {
                format!("larger than {} (the size cap)", size_text(n))
            }
            ureq::Error::HostNotFound => "host not found".into(),
            ureq::Error::ConnectionFailed => "connection failed".into(),
            ureq::Error::Io(io) => io.to_string(),
            other => other.to_string(),
        }
    }
}

/// `2 s`, `0.5 s`: durations in messages.
pub(crate) fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// `content-type` → `Content-Type` (HTTP/1 header names as servers write
/// them; the `http` crate lowercases them).
fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        upper = c == '-';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_and_durations_read_as_people_write_them() {
        assert_eq!(canonical_name("content-type"), "Content-Type");
        assert_eq!(canonical_name("www-authenticate"), "Www-Authenticate");
        assert_eq!(seconds(Duration::from_secs(2)), "2 s");
        assert_eq!(seconds(Duration::from_millis(500)), "0.5 s");
    }

    #[test]
    fn the_archived_request_names_path_query_and_host() {
        let client = Client::new(&Options::default());
        let url = Url::parse("http://127.0.0.1:8080/a/b?c=1#frag").unwrap();
        let head = String::from_utf8(client.request_head(&url)).unwrap();
        assert!(
            head.starts_with(
                "GET /a/b?c=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: stance/"
            ),
            "{head}"
        );
        assert!(head.ends_with("\r\n\r\n"));
    }
}
