//! # stance-fetch
//!
//! Fetches web pages for `stance` politely and within bounds: the pages of
//! a URL list, the items of an RSS or Atom feed, the URLs of a sitemap
//! (`urlset` or `sitemapindex`, `.xml` or `.xml.gz`).
//!
//! - robots.txt is read once per host and obeyed (RFC 9309: no file allows
//!   everything; a server error forbids everything);
//! - one request at a time per host, `delay` between two (or the
//!   `Crawl-delay` robots.txt asks for), several hosts at once;
//! - every request ends within `timeout`; bodies stop at
//!   `max_page_size`, also once decompressed (gzip bombs);
//! - redirects are followed (each hop checked as above), 429 and 5xx
//!   answers retried with backoff, honouring `Retry-After`.
//!
//! Nothing is dropped quietly: a URL that cannot be fetched comes back as
//! an [`Event::Failed`] naming it and why. Every HTTP exchange comes back
//! too, to be archived with [`WarcWriter`].
//!
//! The crate does not know stance's core: the caller hands each page's
//! [`Exchange::http_block`] to the core's WARC response reader, so a page
//! fetched live and the same page read back from the archive go through
//! the same code.
//!
//! ```no_run
//! use stance_fetch::{Crawl, Event, Options, Source};
//! let crawl = Crawl::start(vec![Source::Feed("https://example.org/feed.xml".into())], Options::default());
//! for event in crawl {
//!     match event {
//!         Event::Page(page) => println!("{} ({} bytes)", page.exchange.url, page.exchange.body.len()),
//!         Event::Failed { url, reason } => eprintln!("{url}: {reason}"),
//!         Event::Exchange(_) | Event::Note(_) => {}
//!     }
//! }
//! ```

mod client;
mod crawl;
mod discover;
mod exchange;
mod robots;
mod schedule;
mod warc;

pub use crawl::Crawl;
pub use exchange::Exchange;
pub use warc::WarcWriter;

use std::time::Duration;

/// How to fetch. `Default` gives the documented defaults.
#[derive(Debug, Clone)]
pub struct Options {
    /// Time between the end of one request to a host and the start of the
    /// next (default 1 s).
    pub delay: Duration,
    /// Longest a request may take, from connecting to the body's last byte
    /// (default 30 s).
    pub timeout: Duration,
    /// Largest body, as received and once decompressed (default 20 MiB).
    pub max_page_size: u64,
    /// The `User-Agent` header (default `stance/<version>`); its first word
    /// is the name robots.txt rules are matched against.
    pub user_agent: String,
    /// Retries after a 429 or 5xx answer (default 3).
    pub retries: u32,
    /// Wait before the first retry when the answer has no `Retry-After`;
    /// doubled for each further one (default 1 s).
    pub backoff: Duration,
    /// Longest `Retry-After` honoured; a longer one fails the URL instead of
    /// stalling the run (default 60 s).
    pub max_retry_wait: Duration,
    /// Redirects followed from one URL (default 10).
    pub max_redirects: u32,
    /// Hosts fetched at once (worker threads; default 8).
    pub parallel_hosts: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            delay: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            max_page_size: 20 << 20,
            user_agent: default_user_agent(),
            retries: 3,
            backoff: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(60),
            max_redirects: 10,
            parallel_hosts: 8,
        }
    }
}

/// `stance/<version>`.
pub fn default_user_agent() -> String {
    format!("stance/{}", env!("CARGO_PKG_VERSION"))
}

/// What to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A page.
    Page(String),
    /// An RSS 2.0 or Atom feed: every item's link is fetched as a page.
    Feed(String),
    /// A sitemap or sitemap index (`.xml` or `.xml.gz`): every page it
    /// lists is fetched.
    Sitemap(String),
}

/// A page fetched: its final response, after any redirects.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The URL as given (or as a feed or sitemap listed it).
    pub url: String,
    /// The final exchange: `exchange.url` is the final URL, the status is
    /// 2xx.
    pub exchange: Exchange,
}

/// What a crawl reports, as it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A page fetched (its exchange is archived too).
    Page(Page),
    /// Any other exchange (robots.txt, a redirect, an answer retried or
    /// refused, a feed, a sitemap): for the archive.
    Exchange(Exchange),
    /// A URL that was not fetched, and why.
    Failed {
        /// The URL as given.
        url: String,
        /// Why, in words (`HTTP 404 Not Found`, `forbidden by the site's
        /// robots.txt; not fetched`, `no complete response within 2 s (the
        /// timeout)`, ...).
        reason: String,
    },
    /// Something to know that is not a failure (a feed's number of items,
    /// a longer `Crawl-delay`, URLs given twice).
    Note(String),
}

impl Event {
    /// The exchange to archive, if the event has one.
    pub fn exchange(&self) -> Option<&Exchange> {
        match self {
            Event::Page(p) => Some(&p.exchange),
            Event::Exchange(e) => Some(e),
            _ => None,
        }
    }
}
