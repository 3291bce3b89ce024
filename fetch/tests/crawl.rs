//! The crawl against test servers on 127.0.0.1 that the tests start:
//! robots.txt, feeds, sitemaps, redirects, retries, timeouts, size caps,
//! per-host delays. Short delays and timeouts keep the suite fast.

mod server;

use server::{Reply, Server};
use stance_fetch::{Crawl, Event, Options, Source};
use std::io::Write;
use std::time::{Duration, Instant};

/// Options for tests: no delay unless a test wants one, short waits.
fn quick() -> Options {
    Options {
        delay: Duration::ZERO,
        timeout: Duration::from_secs(5),
        backoff: Duration::from_millis(20),
        ..Options::default()
    }
}

/// What a crawl came to: pages (as given, final URL), failures, notes.
#[derive(Default, Debug)]
struct Seen {
    pages: Vec<(String, String)>,
    failed: Vec<(String, String)>,
    notes: Vec<String>,
    exchanges: usize,
}

impl Seen {
    fn failure(&self, url: &str) -> &str {
        self.failed
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, r)| r.as_str())
            .unwrap_or_else(|| panic!("no failure for {url}: {self:?}"))
    }

    fn page_urls(&self) -> Vec<String> {
        let mut urls: Vec<String> = self.pages.iter().map(|(_, f)| f.clone()).collect();
        urls.sort();
        urls
    }
}

fn crawl(sources: Vec<Source>, options: Options) -> Seen {
    let mut seen = Seen::default();
    for event in Crawl::start(sources, options) {
        match event {
            Event::Page(p) => {
                assert!((200..300).contains(&p.exchange.status));
                seen.exchanges += 1;
                seen.pages.push((p.url, p.exchange.url));
            }
            Event::Exchange(_) => seen.exchanges += 1,
            Event::Failed { url, reason } => seen.failed.push((url, reason)),
            Event::Note(n) => seen.notes.push(n),
        }
    }
    seen
}

fn page(title: &str) -> Reply {
    Reply::html(format!(
        "<html><head><title>{title}</title></head><body><p>{title}: the ferry left at noon.</p></body></html>"
    ))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn urlset(base: &str, paths: &[&str]) -> String {
    let urls: String = paths
        .iter()
        .map(|p| format!("<url><loc>{base}{p}</loc></url>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>"#
    )
}

#[test]
fn feeds_and_sitemap_indexes_give_pages_and_robots_txt_is_obeyed() {
    let server = Server::start(|path, b| match path {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
        "/feed.xml" => Reply::ok(
            "application/rss+xml",
            format!(
                r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>{b}/a</link></item>
<item><title>B</title><link>/b</link></item>
<item><title>C</title><link>{b}/private/c</link></item></channel></rss>"#
            ),
        ),
        "/sitemap.xml" => Reply::ok(
            "application/xml",
            format!(
                r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{b}/s1.xml</loc></sitemap><sitemap><loc>{b}/s2.xml.gz</loc></sitemap></sitemapindex>"#
            ),
        ),
        "/s1.xml" => Reply::ok("application/xml", urlset(b, &["/a", "/d"])),
        "/s2.xml.gz" => Reply::ok("application/gzip", gzip(urlset(b, &["/e"]).as_bytes())),
        "/a" | "/b" | "/d" | "/e" | "/private/c" => page(path),
        _ => Reply::not_found(),
    });
    let seen = crawl(
        vec![
            Source::Feed(server.url("/feed.xml")),
            Source::Sitemap(server.url("/sitemap.xml")),
        ],
        quick(),
    );
    let url = |p: &str| server.url(p);
    assert_eq!(
        seen.page_urls(),
        [url("/a"), url("/b"), url("/d"), url("/e")]
    );
    assert_eq!(
        seen.failure(&url("/private/c")),
        "forbidden by the site's robots.txt; not fetched"
    );
    assert_eq!(seen.failed.len(), 1, "{seen:?}");
    let paths = server.paths();
    assert!(!paths.contains(&"/private/c".to_string()));
    assert_eq!(paths.iter().filter(|p| *p == "/robots.txt").count(), 1);
    assert_eq!(paths.iter().filter(|p| *p == "/a").count(), 1, "{paths:?}");
    assert!(
        seen.notes
            .iter()
            .any(|n| n.contains("1 URL(s) given or found more than once")),
        "{:?}",
        seen.notes
    );
    assert!(seen
        .notes
        .iter()
        .any(|n| n.ends_with("feed with 3 item link(s)")));
    assert!(seen
        .notes
        .iter()
        .any(|n| n.ends_with("sitemap index of 2 sitemap(s)")));
    // robots.txt, feed, index, 2 sitemaps, 4 pages: all kept for the archive.
    assert_eq!(seen.exchanges, 9);
    assert!(server
        .hits()
        .iter()
        .all(|h| h.user_agent.starts_with("stance/")));
}

#[test]
fn redirects_are_followed_across_hosts_up_to_ten() {
    let other = Server::start(|path, _| match path {
        "/landing" => page("landing"),
        _ => Reply::not_found(),
    });
    let landing = other.url("/landing");
    let server = Server::start(move |path, _| match path {
        "/old" => Reply::redirect("/new"),
        "/new" => page("new"),
        "/away" => Reply::redirect(&landing),
        p if p.starts_with("/hop/") => {
            let n: u32 = p[5..].parse().unwrap();
            Reply::redirect(&format!("/hop/{}", n + 1))
        }
        _ => Reply::not_found(),
    });
    let seen = crawl(
        vec![
            Source::Page(server.url("/old")),
            Source::Page(server.url("/away")),
            Source::Page(server.url("/hop/0")),
            Source::Page(server.url("/missing")),
        ],
        quick(),
    );
    let mut pages = seen.pages.clone();
    pages.sort();
    assert_eq!(
        pages,
        [
            (server.url("/away"), other.url("/landing")),
            (server.url("/old"), server.url("/new")),
        ]
    );
    let hops = seen.failure(&server.url("/hop/0"));
    assert!(
        hops.starts_with("more than 10 redirects (at ")
            && hops.ends_with("/hop/10, after 10 redirect(s))"),
        "{hops}"
    );
    assert_eq!(seen.failure(&server.url("/missing")), "HTTP 404 Not Found");
    // The other host's robots.txt was read before its page.
    assert_eq!(other.paths(), ["/robots.txt", "/landing"]);
}

#[test]
fn busy_servers_are_retried_as_they_ask() {
    let tries = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = std::sync::Arc::clone(&tries);
    let server = Server::start(move |path, _| match path {
        "/busy" => {
            if count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Reply::status(429, &[("Retry-After", "1")])
            } else {
                page("busy")
            }
        }
        "/down" => Reply::status(503, &[]),
        "/later" => Reply::status(503, &[("Retry-After", "3600")]),
        _ => Reply::not_found(),
    });
    let options = Options {
        retries: 2,
        ..quick()
    };
    let seen = crawl(
        vec![
            Source::Page(server.url("/busy")),
            Source::Page(server.url("/down")),
            Source::Page(server.url("/later")),
        ],
        options,
    );
    assert_eq!(seen.page_urls(), [server.url("/busy")]);
    assert_eq!(
        seen.failure(&server.url("/down")),
        "HTTP 503 Service Unavailable after 3 tries"
    );
    assert_eq!(
        seen.failure(&server.url("/later")),
        "HTTP 503 Service Unavailable, asked to retry after 3600 s (more than 60 s); not retried"
    );
    let hits = server.hits();
    let busy: Vec<_> = hits.iter().filter(|h| h.path == "/busy").collect();
    assert_eq!(busy.len(), 2);
    assert!(
        busy[1].started - busy[0].ended >= Duration::from_millis(900),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(hits.iter().filter(|h| h.path == "/down").count(), 3);
}

#[test]
fn slow_endless_and_oversized_answers_fail_within_bounds() {
    let server = Server::start(|path, _| match path {
        "/endless" => Reply::Endless,
        "/slow" => Reply::Slow(Duration::from_secs(4), Box::new(page("slow"))),
        "/big" => Reply::html(vec![b'a'; 3 << 20]),
        "/bomb" => Reply::Full {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "text/html".into()),
                ("Content-Encoding".into(), "gzip".into()),
            ],
            body: gzip(&vec![b' '; 64 << 20]),
        },
        _ => page(path),
    });
    let options = Options {
        timeout: Duration::from_secs(1),
        max_page_size: 1 << 20,
        ..quick()
    };
    let start = Instant::now();
    let seen = crawl(
        ["/endless", "/slow", "/big", "/bomb", "/fine"]
            .iter()
            .map(|p| Source::Page(server.url(p)))
            .collect(),
        options,
    );
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(seen.page_urls(), [server.url("/fine")]);
    for p in ["/endless", "/slow"] {
        assert_eq!(
            seen.failure(&server.url(p)),
            "no complete response within 1 s (the timeout)"
        );
    }
    assert_eq!(
        seen.failure(&server.url("/big")),
        "larger than 1 MB (the size cap)"
    );
    assert_eq!(
        seen.failure(&server.url("/bomb")),
        "larger than 1 MB decompressed"
    );
}

#[test]
fn each_host_waits_its_delay_while_others_are_fetched() {
    let routes = |path: &str, _: &str| match path {
        "/robots.txt" => Reply::not_found(),
        _ => page(path),
    };
    let (a, b) = (Server::start(routes), Server::start(routes));
    let delay = Duration::from_millis(300);
    let options = Options {
        delay,
        user_agent: "tester/2 (+local)".into(),
        ..quick()
    };
    let sources = ["/1", "/2", "/3"]
        .iter()
        .flat_map(|p| [Source::Page(a.url(p)), Source::Page(b.url(p))])
        .collect();
    let seen = crawl(sources, options);
    assert_eq!(seen.pages.len(), 6, "{seen:?}");
    for server in [&a, &b] {
        let hits = server.hits();
        assert_eq!(hits.len(), 4, "robots.txt and three pages");
        for pair in hits.windows(2) {
            assert!(
                pair[1].started - pair[0].ended >= delay - Duration::from_millis(20),
                "{:?} after {:?}",
                pair[1].path,
                pair[0].path
            );
        }
        assert!(hits.iter().all(|h| h.user_agent == "tester/2 (+local)"));
    }
    // The hosts were fetched side by side, not one after the other.
    assert!(b.hits()[0].started < a.hits()[3].started);
}

#[test]
fn a_host_whose_robots_txt_fails_is_not_fetched_and_bad_urls_are_named() {
    let server = Server::start(|path, _| match path {
        "/robots.txt" => Reply::status(500, &[]),
        _ => page(path),
    });
    let seen = crawl(
        vec![
            Source::Page(server.url("/a")),
            Source::Page("ftp://files.invalid/x".into()),
            Source::Page("posts/story.html".into()),
        ],
        Options {
            retries: 0,
            ..quick()
        },
    );
    assert!(seen.pages.is_empty());
    assert_eq!(
        seen.failure(&server.url("/a")),
        "robots.txt answered HTTP 500 Internal Server Error; not fetched"
    );
    assert_eq!(server.paths(), ["/robots.txt"]);
    assert_eq!(
        seen.failure("ftp://files.invalid/x"),
        "not an http or https URL (scheme \"ftp\")"
    );
    assert!(seen.failure("posts/story.html").starts_with("not a URL"));
}

#[test]
fn a_dropped_crawl_stops_fetching() {
    let server = Server::start(|path, _| page(path));
    let sources = (0..200)
        .map(|i| Source::Page(server.url(&format!("/{i}"))))
        .collect();
    let mut crawl = Crawl::start(
        sources,
        Options {
            delay: Duration::from_millis(10),
            ..quick()
        },
    );
    let first: Vec<Event> = crawl.by_ref().take(3).collect();
    assert_eq!(first.len(), 3);
    drop(crawl);
    std::thread::sleep(Duration::from_millis(200));
    let after = server.hits().len();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.hits().len(), after);
    assert!(after < 20, "{after} requests");
}
