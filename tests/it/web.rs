//! `stance tag` from the web, through the real binary, against test
//! servers on 127.0.0.1 that the tests start (nothing leaves the machine):
//! a URL, a feed archived with --save-warc and read back, a sitemap index,
//! a URL list with a 404 and a page robots.txt forbids, a slow page past
//! --timeout, Ctrl-C during a run.

use crate::server::{Reply, Server};
use crate::util::{assert_record, jsonl, stderr_of, Dir};
use std::time::{Duration, Instant};

/// An invented news story: enough paragraphs for the page extractor.
fn story(title: &str, lang: &str) -> Reply {
    Reply::html(format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>{title}</h1>
<p>The harbour board approved a new timetable for the island ferry on Tuesday, adding two crossings on weekdays from the first of May.</p>
<p>The board said the extra crossings would be paid for by a small rise in car fares and by a grant from the regional transport fund.</p>
<blockquote><p>We have waited years for an evening boat, and now the whole village can plan around it.</p></blockquote>
<p>Surely this is the best news the island has had in a decade, and the board deserves credit for listening at last.</p>
</article></main><footer><p>Copyright 2026 The Island Courier</p></footer></body></html>"#
    ))
}

/// The site the tests fetch from: pages, a redirect, a feed, a sitemap
/// index with a plain and a gzipped sitemap, robots.txt forbidding
/// /private/, a 404, and a page that takes 20 s to answer.
fn site() -> Server {
    Server::start(|path, base| match path {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
        "/feed.xml" => Reply::ok(
            "application/rss+xml",
            format!(
                r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>
<item><title>Ferry</title><link>{base}/news/ferry</link></item>
<item><title>Moved</title><link>{base}/old/bridge</link></item></channel></rss>"#
            ),
        ),
        "/sitemap.xml" => Reply::ok(
            "application/xml",
            format!(
                r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{base}/s1.xml</loc></sitemap><sitemap><loc>{base}/s2.xml.gz</loc></sitemap></sitemapindex>"#
            ),
        ),
        "/s1.xml" => Reply::ok("application/xml", urlset(base, "/news/ferry")),
        "/s2.xml.gz" => Reply::ok(
            "application/gzip",
            gzip(urlset(base, "/news/bridge").as_bytes()),
        ),
        "/old/bridge" => Reply::redirect("/news/bridge"),
        "/news/ferry" => story("Evening ferry approved", "en"),
        "/news/bridge" => story("Bridge repairs finished", "en"),
        "/private/draft" => story("A draft", "en"),
        "/de/faehre" => Reply::html(
            r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Abendfähre genehmigt</title></head>
<body><main><article><h1>Abendfähre genehmigt</h1>
<p>Der Hafenrat hat am Dienstag einen neuen Fahrplan für die Inselfähre beschlossen, mit zwei zusätzlichen Fahrten an Werktagen ab dem ersten Mai.</p>
<p>Die zusätzlichen Fahrten sollen durch eine kleine Erhöhung der Autotarife und einen Zuschuss aus dem regionalen Verkehrsfonds bezahlt werden.</p>
<p>Das ist sicher die beste Nachricht, die die Insel seit zehn Jahren bekommen hat, und der Rat verdient Anerkennung dafür.</p>
</article></main></body></html>"#,
        ),
        "/slow" => Reply::Slow(Duration::from_secs(20), Box::new(story("Slow", "en"))),
        _ => Reply::not_found(),
    })
}

fn urlset(base: &str, path: &str) -> String {
    format!(
        r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}{path}</loc></url></urlset>"#
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// The documents of JSONL output, in order of first appearance.
fn docs(out: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for r in jsonl(out) {
        assert_record(&r);
        let id = r["doc"].as_str().unwrap().to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

#[test]
fn issue_21_a_url_is_fetched_and_labelled() {
    let site = site();
    let dir = Dir::new();
    let url = site.url("/news/ferry");
    let out = dir.ok(&["tag", &url, "--format", "jsonl", "--delay", "0"]);
    let records = jsonl(&out);
    assert!(records.iter().all(|r| r["doc"] == url.as_str()));
    let labels: Vec<&str> = records.iter().filter_map(|r| r["label"].as_str()).collect();
    assert!(labels.len() >= 3, "{out}");
    // Read as any web page is: elements, provenance, metadata.
    assert!(records
        .iter()
        .any(|r| r["reproduced_by"] == "blockquote" && r["element"] == "blockquote"));
    assert!(records
        .iter()
        .all(|r| r["title"] == "Evening ferry approved" && r["language"] == "en"));
    let hits = site.hits();
    assert_eq!(site.paths(), ["/robots.txt", "/news/ferry"]);
    assert!(hits[1].user_agent.starts_with("stance/"));
}

#[test]
fn issue_21_a_feed_saved_as_warc_reads_back_the_same() {
    let site = site();
    let dir = Dir::new();
    let feed = site.url("/feed.xml");
    let run = dir.run(&[
        "tag",
        "--feed",
        &feed,
        "--format",
        "jsonl",
        "--delay",
        "0",
        "--save-warc",
        "out.warc.gz",
    ]);
    assert!(run.status.success(), "{}", stderr_of(&run));
    // What the feed held is a note, not a warning.
    assert!(
        stderr_of(&run).contains(&format!("stance: note: {feed}: feed with 2 item link(s)")),
        "{}",
        stderr_of(&run)
    );
    assert!(!stderr_of(&run).contains("warning"), "{}", stderr_of(&run));
    let live = String::from_utf8(run.stdout).unwrap();
    // The redirected item is named by where it ended.
    assert_eq!(
        docs(&live),
        [site.url("/news/ferry"), site.url("/news/bridge")]
    );
    let archived = dir.ok(&["tag", "out.warc.gz", "--format", "jsonl"]);
    assert_eq!(archived, live, "same ids, labels and scores");
}

#[test]
fn issue_21_a_sitemap_index_and_a_url_list() {
    let site = site();
    let dir = Dir::new();
    let out = dir.ok(&[
        "tag",
        "--sitemap",
        &site.url("/sitemap.xml"),
        "--delay",
        "0",
        "--format",
        "jsonl",
    ]);
    let mut found = docs(&out);
    found.sort();
    assert_eq!(found, [site.url("/news/bridge"), site.url("/news/ferry")]);

    let list = format!(
        "# morning list\n{}\n\n{}\n{}\n",
        site.url("/news/ferry"),
        site.url("/missing"),
        site.url("/private/draft")
    );
    dir.write("list.txt", &list);
    let run = dir.run(&[
        "tag", "--urls", "list.txt", "--delay", "0", "--format", "jsonl",
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr_of(&run));
    let err = stderr_of(&run);
    assert!(
        err.contains(&format!("{}: HTTP 404 Not Found", site.url("/missing"))),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: forbidden by the site's robots.txt; not fetched",
            site.url("/private/draft")
        )),
        "{err}"
    );
    assert!(!site.paths().contains(&"/private/draft".to_string()));
    assert_eq!(
        docs(&String::from_utf8(run.stdout).unwrap()),
        [site.url("/news/ferry")]
    );
    // The same list on stdin.
    let mut cmd = dir.cmd(&["tag", "--urls", "-", "--delay", "0", "--format", "jsonl"]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let piped = child.wait_with_output().unwrap();
    assert_eq!(piped.status.code(), Some(1));
    assert_eq!(
        docs(&String::from_utf8(piped.stdout).unwrap()),
        [site.url("/news/ferry")]
    );
}

#[test]
fn issue_21_a_slow_page_fails_at_the_timeout() {
    let site = site();
    let dir = Dir::new();
    let url = site.url("/slow");
    let start = Instant::now();
    let run = dir.run(&["tag", &url, "--timeout", "2s", "--delay", "0"]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr_of(&run).contains(&format!(
            "{url}: no complete response within 2 s (the timeout)"
        )),
        "{}",
        stderr_of(&run)
    );
}

#[test]
fn issue_21_urls_where_files_are_expected_name_the_option_to_use() {
    let dir = Dir::new();
    dir.write("a.txt", "A post.\n");
    let cases: [(&[&str], &str); 5] = [
        (
            &["summary", "https://news.example/story"],
            "stance summary takes files, and https://news.example/story is a URL",
        ),
        (
            &["tag", "a.txt", "--reference", "https://wire.example/story"],
            "--reference takes files, and https://wire.example/story is a URL",
        ),
        (
            &["tag", "--urls", "https://news.example/list.txt"],
            "--urls takes a file listing URLs",
        ),
        (
            &["tag", "--feed", "feed.xml"],
            "--feed takes an http or https URL, and feed.xml is not one",
        ),
        (
            &["tag", "a.txt", "--save-warc", "x.warc.gz"],
            "--save-warc keeps the pages a run fetches, and this one fetches none",
        ),
    ];
    for (args, message) in cases {
        let run = dir.run(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(
            stderr_of(&run).contains(message),
            "{args:?}: {}",
            stderr_of(&run)
        );
    }
    assert!(!dir.path("x.warc.gz").exists());
}

#[test]
fn issue_21_a_run_cut_short_leaves_no_temporary_file() {
    let site = Server::start(|path, _| match path {
        "/robots.txt" => Reply::not_found(),
        _ => story("Ferry", "en"),
    });
    let dir = Dir::new();
    let list: String = (0..20)
        .map(|i| format!("{}\n", site.url(&format!("/{i}"))))
        .collect();
    dir.write("list.txt", list);
    let child = dir
        .cmd(&[
            "tag",
            "--urls",
            "list.txt",
            "--delay",
            "300ms",
            "-o",
            "out.jsonl",
            "--save-warc",
            "out.warc.gz",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it is fetching, then stop it as `kill` would.
    let until = Instant::now() + Duration::from_secs(30);
    while site.hits().len() < 3 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    let temporaries = || {
        std::fs::read_dir(dir.root())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count()
    };
    assert_eq!(
        temporaries(),
        2,
        "the output and the archive are being written"
    );
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("cut short by Ctrl-C or SIGTERM"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(temporaries(), 0);
    assert!(!dir.path("out.jsonl").exists() && !dir.path("out.warc.gz").exists());
    assert!(site.hits().len() < 20);
}

#[test]
fn issue_21_a_german_page_is_skipped_for_language_unless_asked() {
    let site = site();
    let dir = Dir::new();
    let url = site.url("/de/faehre");
    let run = dir.run(&["tag", &url, "--delay", "0", "--format", "jsonl"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr_of(&run);
    assert!(
        err.contains("1 document(s) in a language the model was not trained on (de: 1; it knows en) were not labelled (skipped: language)"),
        "{err}"
    );
    let records = jsonl(&String::from_utf8(run.stdout).unwrap());
    assert_eq!(records[0]["skipped"], "heading");
    for r in &records[1..] {
        assert_eq!(r["skipped"], "language", "{r}");
        assert!(r["label"].is_null() && r["scores"].is_null() && r["sentiment"].is_null());
        assert_eq!(r["language"], "de");
    }
    let labelled = dir.ok(&[
        "tag",
        &url,
        "--delay",
        "0",
        "--format",
        "jsonl",
        "--any-language",
    ]);
    let records = jsonl(&labelled);
    assert!(
        records[1..].iter().all(|r| r["label"].is_string()),
        "{labelled}"
    );
}
