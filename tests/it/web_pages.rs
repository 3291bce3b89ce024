//! Web pages end to end, through the real binary: a whole invented news
//! page (site chrome, Open Graph and JSON-LD metadata, share and related
//! widgets, reader comments with their header and form) and Markdown posts
//! with front matter, tagged to JSONL and CSV.

use crate::util::{assert_record, jsonl, Dir};
use serde_json::Value;

/// An invented news page as a site publishes it: a cookie banner,
/// masthead and navigation, the article (byline, a quotation block, a
/// sub-heading, a short paragraph between longer ones, a subhead in bold), share and related
/// widgets, three reader comments under a "3 comments" header and a reply
/// form, a sidebar and a footer. Metadata in meta tags, Open Graph and
/// JSON-LD.
const NEWS_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Lighthouse keepers return to Skerry Point | The Northcoast Gazette</title>
<meta name="description" content="Two keepers will live at the lighthouse again from June.">
<meta property="og:type" content="article">
<meta property="og:title" content="Lighthouse keepers return to Skerry Point">
<meta property="og:site_name" content="The Northcoast Gazette">
<meta property="og:url" content="https://gazette.example/news/2025/04/skerry-point-keepers">
<link rel="canonical" href="https://gazette.example/news/2025/04/skerry-point-keepers">
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Lighthouse keepers return to Skerry Point",
 "datePublished":"2025-04-17T09:15:00+01:00","author":{"@type":"Person","name":"Oriane Falkner"},
 "publisher":{"@type":"Organization","name":"The Northcoast Gazette"}}
</script>
</head>
<body>
<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p></div>
<header class="site-header"><a class="logo" href="/">The Northcoast Gazette</a>
<nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main id="content">
<article class="article">
<h1 class="headline">Lighthouse keepers return to Skerry Point</h1>
<p class="byline">By Oriane Falkner</p>
<p>The Maritime Heritage Trust will station two keepers at the Skerry Point lighthouse from June, forty years after the light was automated, the trust announced on Thursday.</p>
<p>The keepers will run guided tours of the tower four days a week and will look after the restored fog signal, which the trust plans to sound once a month during the summer.</p>
<blockquote><p>Visitors kept telling us that a lighthouse without a keeper feels like a museum without a curator, and we have listened to them.</p></blockquote>
<p>The trust said the posts would be funded by ticket sales and a grant of 180,000 pounds from the regional tourism board, which covers the first three years.</p>
<h2>A long wait for the harbour</h2>
<p>Fishing crews at Skerry Harbour said they had asked for a keeper's return for more than a decade, arguing that the empty cottages had become a target for vandals.</p>
<p>Two cottages, one keeper each.</p>
<p><strong>Tours from June</strong></p>
<p>Restoring the light is the best thing to happen to this coast in years, and every visitor who climbs the tower will understand why the keepers mattered.</p>
<div class="share-bar"><p>Share this article: Facebook Twitter Email</p></div>
</article>
<section class="related"><h3>More from the coast</h3><ul><li><a href="/a">Ferry fares to rise in May</a></li><li><a href="/b">Harbour wall repairs delayed again</a></li></ul></section>
<section id="comments" class="comments-area">
<h3 class="comments-title">3 comments</h3>
<ol class="comment-list">
<li class="comment" id="comment-1"><article class="comment-body"><footer class="comment-meta"><b class="fn">Halvard</b> <time>17 April 2025 at 10:02</time></footer>
<div class="comment-content"><p>About time too. My grandfather kept that light for twenty years and he would have been delighted to see it manned again.</p></div></article></li>
<li class="comment" id="comment-2"><article class="comment-body"><footer class="comment-meta"><b class="fn">Maren</b> <time>17 April 2025 at 11:40</time></footer>
<div class="comment-content"><p>A lovely idea, but the ticket prices will decide whether local families can actually visit the tower this summer.</p></div></article></li>
<li class="comment" id="comment-3"><article class="comment-body"><footer class="comment-meta"><b class="fn">Torvald</b> <time>17 April 2025 at 13:05</time></footer>
<div class="comment-content"><p>Wasting a tourism grant on nostalgia while the harbour wall is still crumbling is exactly the wrong priority.</p></div></article></li>
</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<p><label for="comment">Comment</label><textarea id="comment" name="comment"></textarea></p>
<p class="form-submit"><input type="submit" value="Post Comment"></p></form></div>
</section>
</main>
<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/c">Storm closes the coast road for a day</a></li><li><a href="/d">New lifeboat named after a local teacher</a></li></ol></aside>
<footer class="site-footer"><p>© 2025 The Northcoast Gazette. All rights reserved.</p><p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></p></footer>
</body></html>
"#;

/// The article's own paragraphs, in order, by their first words.
const ARTICLE: [&str; 7] = [
    "The Maritime Heritage Trust will station",
    "The keepers will run guided tours",
    "Visitors kept telling us",
    "The trust said the posts",
    "Fishing crews at Skerry Harbour",
    "Two cottages, one keeper each.",
    "Restoring the light is the best thing",
];

/// The reader comments, in order.
const COMMENTS: [&str; 3] = [
    "About time too.",
    "A lovely idea, but the ticket prices",
    "Wasting a tourism grant",
];

fn text(r: &Value) -> &str {
    r["text"].as_str().unwrap()
}

fn is_content(r: &Value) -> bool {
    r["skipped"].is_null()
}

#[test]
fn a_news_page_gives_its_article_then_its_comments_with_the_page_metadata() {
    let d = Dir::new();
    // `.htm`: recognised as HTML too.
    d.write("lighthouse.htm", NEWS_PAGE);
    let records = jsonl(&d.ok(&["tag", "lighthouse.htm"]));
    for r in &records {
        assert_record(r);
    }
    let dump = || {
        records
            .iter()
            .map(|r| format!("{} {} {}", r["skipped"], r["comment"], text(r)))
            .collect::<Vec<_>>()
            .join("\n")
    };

    // The article's paragraphs are content, in page order, and the short
    // `<p>` between them, a sentence, is not taken for a headline (the
    // line all in bold after it is a subhead: tested below).
    let article: Vec<&Value> = records
        .iter()
        .filter(|r| is_content(r) && r["comment"] == false)
        .collect();
    assert_eq!(article.len(), ARTICLE.len(), "{}", dump());
    for (r, start) in article.iter().zip(ARTICLE) {
        assert!(text(r).starts_with(start), "{start}:\n{}", dump());
        assert!(r["label"].is_string());
    }
    let quote = article[2];
    assert_eq!(quote["element"], "blockquote");
    assert_eq!(quote["reproduced"], true);
    assert_eq!(quote["reproduced_by"], "blockquote");
    // Title and sub-headings (`h2`, a `<p>` all in bold) are written, as
    // headings, without a label.
    for heading in [
        "Lighthouse keepers return to Skerry Point",
        "A long wait for the harbour",
        "Tours from June",
    ] {
        let r = records
            .iter()
            .find(|r| text(r) == heading)
            .unwrap_or_else(|| panic!("{heading}:\n{}", dump()));
        assert_eq!(r["skipped"], "heading");
        assert!(r["label"].is_null());
    }

    // Reader comments come after every paragraph of the article, marked,
    // and are labelled (opinion unless quoted, LABELS.md).
    let first_comment = records
        .iter()
        .position(|r| r["comment"] == true)
        .unwrap_or_else(|| panic!("no comment found:\n{}", dump()));
    assert!(
        records[first_comment..]
            .iter()
            .all(|r| r["comment"] == true),
        "{}",
        dump()
    );
    let comments: Vec<&Value> = records[first_comment..]
        .iter()
        .filter(|r| is_content(r))
        .collect();
    assert_eq!(comments.len(), COMMENTS.len(), "{}", dump());
    for (r, start) in comments.iter().zip(COMMENTS) {
        assert!(text(r).starts_with(start), "{start}:\n{}", dump());
        assert_eq!(r["label"], "opinion", "{r}");
    }

    // Chrome, widgets, the comment header, the commenters' names and the
    // reply form never reach the output as content.
    for chrome in [
        "We use cookies",
        "News",
        "The Northcoast Gazette",
        "By Oriane",
        "Share this article",
        "More from the coast",
        "Ferry fares",
        "3 comments",
        "Halvard",
        "Leave a Reply",
        "Your email address",
        "Post Comment",
        "Most read",
        "Storm closes",
        "© 2025",
        "Privacy",
    ] {
        assert!(
            !records
                .iter()
                .any(|r| is_content(r) && text(r).starts_with(chrome)),
            "{chrome}:\n{}",
            dump()
        );
    }

    // Every record carries the page's metadata.
    let meta = [
        ("title", "Lighthouse keepers return to Skerry Point"),
        ("author", "Oriane Falkner"),
        ("published", "2025-04-17"),
        ("site", "The Northcoast Gazette"),
        (
            "url",
            "https://gazette.example/news/2025/04/skerry-point-keepers",
        ),
        ("language", "en"),
    ];
    for r in &records {
        for (field, want) in meta {
            assert_eq!(r[field], want, "{field} of {r}");
        }
    }

    // CSV: the same records, with the comment flag and the metadata in
    // the last columns.
    d.ok(&["tag", "lighthouse.htm", "--format", "csv", "-o", "page.csv"]);
    let mut reader = csv::Reader::from_path(d.path("page.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), records.len());
    for (row, r) in rows.iter().zip(&records) {
        assert_eq!(&row[col("text")], text(r));
        assert_eq!(&row[col("skipped")], r["skipped"].as_str().unwrap_or(""));
        let comment = r["comment"].as_bool().unwrap();
        assert_eq!(&row[col("comment")], comment.to_string());
        for (field, want) in meta {
            assert_eq!(&row[col(field)], want, "{field} of {row:?}");
        }
    }
}

#[test]
fn markdown_front_matter_gives_the_page_metadata() {
    let d = Dir::new();
    d.write(
        "posts/yaml.md",
        "---\n\
         title: \"Night buses return to the valley\"\n\
         author: [Ilse Brandt, Tomas Ek]\n\
         date: 2025-02-03\n\
         site_name: Valley Transit Notes\n\
         permalink: https://notes.example/2025/02/night-buses\n\
         lang: de\n\
         tags:\n  - transit\n\
         ---\n\n\
         # Night buses return to the valley\n\n\
         The regional council restored the two night bus lines on Monday, after a year without a \
         service after midnight.\n",
    );
    d.write(
        "posts/toml.md",
        "+++\n\
         title = \"The ferry timetable, explained\"\n\
         authors = [\"Ana Ruiz\"]\n\
         date = \"2025-03-09\"\n\
         +++\n\n\
         The ferry company published its summer timetable on Friday, with two more sailings a day.\n",
    );
    d.write(
        "posts/plain.md",
        "A post without front matter: the fields are null, and its language is told by its text, \
         which has the twenty words it takes to tell one.\n",
    );
    // The German post is English text: labelled all the same.
    let records = jsonl(&d.ok(&["tag", "posts/", "--no-shared", "--any-language"]));
    let of = |doc: &str| -> Vec<&Value> {
        records
            .iter()
            .filter(|r| r["doc"].as_str().unwrap().ends_with(doc))
            .collect()
    };
    let yaml = of("yaml.md");
    // The front matter is not a paragraph.
    assert_eq!(yaml.len(), 2, "{yaml:?}");
    assert_eq!(yaml[0]["skipped"], "heading");
    assert!(text(yaml[1]).starts_with("The regional council"));
    for r in &yaml {
        assert_eq!(r["title"], "Night buses return to the valley");
        assert_eq!(r["author"], "Ilse Brandt, Tomas Ek");
        assert_eq!(r["published"], "2025-02-03");
        assert_eq!(r["site"], "Valley Transit Notes");
        assert_eq!(r["url"], "https://notes.example/2025/02/night-buses");
        assert_eq!(r["language"], "de");
        assert_eq!(r["comment"], false);
    }
    let toml = of("toml.md");
    assert_eq!(toml.len(), 1, "{toml:?}");
    assert_eq!(toml[0]["title"], "The ferry timetable, explained");
    assert_eq!(toml[0]["author"], "Ana Ruiz");
    assert_eq!(toml[0]["published"], "2025-03-09");
    assert!(toml[0]["site"].is_null() && toml[0]["url"].is_null());
    let plain = of("plain.md");
    assert_eq!(plain.len(), 1);
    for field in ["title", "author", "published", "site", "url"] {
        assert!(plain[0][field].is_null(), "{field}: {}", plain[0]);
    }
    assert_eq!(plain[0]["language"], "en");
}
