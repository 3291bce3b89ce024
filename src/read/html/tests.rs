//! The HTML reader's tests: invented pages in, paragraphs and page metadata out.

use super::*;

fn paras(html: &str) -> Vec<(String, String, bool)> {
    document("t.html", html)
        .paragraphs
        .into_iter()
        .map(|p| (p.element.unwrap(), p.text, p.block_quote))
        .collect()
}

#[test]
fn paragraphs_headings_lists_and_entities() {
    let got = paras(
        "<html><head><title>T</title><style>p{}</style></head><body>\
             <h1>Big &amp; bold</h1><p>One <em>two</em>\n three.<br>Four&nbsp;five.</p>\
             <ul><li>Item <a href='#'>a</a></li><li><p>Item b</p><p>more b</p></li></ul>\
             <script>var x = '<p>no</p>';</script></body></html>",
    );
    let want = [
        ("h1", "Big & bold", false),
        ("p", "One two three. Four five.", false),
        ("li", "Item a", false),
        ("p", "Item b", false),
        ("p", "more b", false),
    ];
    let got: Vec<(&str, &str, bool)> = got
        .iter()
        .map(|(e, t, q)| (e.as_str(), t.as_str(), *q))
        .collect();
    assert_eq!(got[..2], want[..2]);
    assert_eq!(got[2], want[2]);
    assert_eq!(got.len(), 5, "{got:?}");
}

#[test]
fn a_short_posts_sidebar_advert_is_dropped() {
    // A post too short for the extractor is read whole: an advert slot
    // beside it, even outside an `<aside>`, is not its content.
    let got = paras(
            "<body><div class='post'><p>The depot closes in March. I think the council is wrong.</p></div>\
             <div class='ad-slot'><p>Amazing deals on garden furniture you will love this summer!</p></div>\
             <div id='sponsored-links'><p>This one trick will change how you shop.</p></div>\
             <div class='header-note'><p>Filed in the evening.</p></div></body>",
        );
    let texts: Vec<&str> = got.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The depot closes in March. I think the council is wrong.",
            "Filed in the evening."
        ]
    );
}

#[test]
fn chrome_and_widgets_are_dropped() {
    let got = paras(
            "<body><nav><p>Home | About</p></nav><header><p>Site name</p></header>\
             <article><p>Content.</p><div class='sharedaddy sd-sharing'><p>Share this: Facebook</p></div>\
             <div id='comments' class='comments-area'><ol class='comment-list'><li><p>A reader comment.</p></li></ol>\
             <div id='respond' class='comment-respond'><p>Leave a Reply</p><form><p>Name</p></form></div></div>\
             </article><aside><p>Archives</p></aside><footer><p>Powered by X</p></footer></body>",
        );
    let texts: Vec<&str> = got.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(texts, ["Content.", "A reader comment."]);
}

#[test]
fn blockquotes_and_q_are_marked() {
    let got = paras(
        "<p>Roggio writes:</p><blockquote><p>First quoted.</p><p>Second quoted.</p></blockquote>\
             <blockquote>Bare quoted text</blockquote>\
             <p>He said <q>this is the whole point of the matter and more</q> today.</p>\
             <p>A <q>short</q> aside in a longer paragraph of the writer's own.</p>",
    );
    assert_eq!(got[0], ("p".into(), "Roggio writes:".into(), false));
    assert_eq!(got[1], ("blockquote".into(), "First quoted.".into(), true));
    assert_eq!(got[2], ("blockquote".into(), "Second quoted.".into(), true));
    assert_eq!(
        got[3],
        ("blockquote".into(), "Bare quoted text".into(), true)
    );
    assert_eq!(
        got[4],
        (
            "q".into(),
            "He said “this is the whole point of the matter and more” today.".into(),
            true
        )
    );
    assert!(!got[5].2);
}

#[test]
fn bare_text_in_divs_and_broken_markup() {
    let got =
        paras("<div>Loose text <b>here</b><p>Inner</p>tail text</div><p>Unclosed <i>italic<p>Next");
    let texts: Vec<&str> = got.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Loose text here",
            "Inner",
            "tail text",
            "Unclosed italic",
            "Next"
        ]
    );
    assert_eq!(got[0].0, "div");
}

#[test]
fn spans_point_into_the_extracted_text() {
    let d = document("t", "<p>A &lt;b&gt;</p><p>C</p>");
    for p in &d.paragraphs {
        assert_eq!(&d.text[p.start..p.end], p.text);
    }
    assert_eq!(d.paragraphs[0].text, "A <b>");
}

/// An invented news page: chrome, an article with a quotation block
/// and a sub-heading, share and related widgets, reader comments and
/// a comment form, and its metadata in meta tags and JSON-LD.
fn news_page(wrapper_class: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour ferry timetable cut | Bayside Courier</title>
<meta property="og:title" content="Harbour ferry timetable cut">
<meta property="og:site_name" content="Bayside Courier">
<meta name="author" content="Mirela Castellanos">
<meta property="article:published_time" content="2024-03-05T08:30:00Z">
<link rel="canonical" href="https://courier.example/2024/03/ferry-cuts">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Harbour ferry timetable cut","datePublished":"2024-03-05"}}</script>
</head><body>
<header class="masthead"><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="{wrapper_class}"><main><article class="story">
<h1>Harbour ferry timetable cut</h1>
<p>The regional transport board voted on Monday to remove eleven evening sailings from the harbour ferry timetable, starting in May, according to papers published after the meeting.</p>
<p>The board said the late crossings carried fewer than twenty passengers on most nights last winter, and that the savings would pay for two new crew members on the morning routes.</p>
<blockquote><p>We have kept every sailing that a commuter relies on, and we will look again at the evening timetable in the autumn when the new boats arrive.</p></blockquote>
<h2>Islanders object</h2>
<p>Residents of the outer islands said the last sailing would now leave the city before eight, which rules out evening shifts, night classes and hospital visits for anyone without a car on the mainland.</p>
<p>A petition against the change had collected more than three thousand signatures by Tuesday evening, its organisers said, and a public meeting is planned for next week in the ferry terminal.</p>
<div class="share-buttons"><p>Share this story on Facebook, Twitter or by email</p></div>
<div class="related-stories"><h3>Related</h3><ul><li><a href="/a">Bus fares rise again in the spring</a></li><li><a href="/b">New pier opens at the north quay</a></li></ul></div>
</article>
<section id="comments" class="comments-area"><h3 class="comments-title">2 comments</h3>
<ol class="comment-list">
<li class="comment"><div class="comment-body"><p class="comment-author">Tomasz</p><div class="comment-content"><p>This is a terrible decision for the islands and the board knows it perfectly well.</p></div></div></li>
<li class="comment"><div class="comment-body"><p class="comment-author">Ines</p><div class="comment-content"><p>Nobody asked the people who actually take the late boat home from work every night.</p></div></div></li>
</ol>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form><p>Your email address will not be published.</p><textarea></textarea></form></div>
</section></main></div>
<aside class="sidebar"><h3>Most read</h3><p>Council approves new parking rules in the old town</p></aside>
<footer><p>© 2024 Bayside Courier. All rights reserved.</p></footer>
</body></html>"#
    )
}

#[test]
fn the_article_comments_and_metadata_of_a_news_page() {
    // The old hand-written rules dropped a whole page wrapped in a
    // class naming a widget ("social"); the extractor does not.
    for wrapper in ["page", "social-layout"] {
        let (d, warnings) = read("p.html", &news_page(wrapper));
        assert!(warnings.is_empty(), "{warnings:?}");
        let got: Vec<(&str, &str, bool, bool)> = d
            .paragraphs
            .iter()
            .map(|p| {
                (
                    p.element.as_deref().unwrap(),
                    &p.text[..p.text.len().min(24)],
                    p.block_quote,
                    p.comment,
                )
            })
            .collect();
        let article: Vec<_> = got.iter().filter(|p| !p.3).collect();
        let comments: Vec<_> = got.iter().filter(|p| p.3).collect();
        assert!(
            article
                .iter()
                .any(|p| p.0 == "blockquote" && p.2 && p.1.starts_with("We have kept")),
            "{got:?}"
        );
        assert!(
            article
                .iter()
                .any(|p| p.0 == "h2" && p.1 == "Islanders object"),
            "{got:?}"
        );
        for start in [
            "The regional transport",
            "The board said",
            "Residents of the",
            "A petition against",
        ] {
            assert_eq!(
                article.iter().filter(|p| p.1.starts_with(start)).count(),
                1,
                "{start}: {got:?}"
            );
        }
        for chrome in [
            "Share this",
            "Bus fares",
            "Home",
            "Council approves",
            "© 2024",
            "Your email",
            "Leave a",
        ] {
            assert!(
                !got.iter().any(|p| p.1.starts_with(chrome)),
                "{chrome}: {got:?}"
            );
        }
        // Comments come after the article.
        let first_comment = got.iter().position(|p| p.3).expect("comments found");
        assert!(got[first_comment..].iter().all(|p| p.3), "{got:?}");
        assert!(
            comments
                .iter()
                .any(|p| p.1.starts_with("This is a terrible")),
            "{got:?}"
        );
        assert!(
            comments.iter().any(|p| p.1.starts_with("Nobody asked")),
            "{got:?}"
        );
        for p in &d.paragraphs {
            assert_eq!(&d.text[p.start..p.end], p.text);
        }
        let m = &d.meta;
        assert_eq!(m.title.as_deref(), Some("Harbour ferry timetable cut"));
        assert_eq!(m.author.as_deref(), Some("Mirela Castellanos"));
        assert_eq!(m.published.as_deref(), Some("2024-03-05"));
        assert_eq!(m.site.as_deref(), Some("Bayside Courier"));
        assert_eq!(
            m.url.as_deref(),
            Some("https://courier.example/2024/03/ferry-cuts")
        );
        assert_eq!(m.language.as_deref(), Some("en"));
    }
}

#[test]
fn schema_types_are_scanned_from_json_ld() {
    let page = r#"<script type="application/ld+json">{"@context":"https://schema.org",
            "@type": ["NewsArticle", "OpinionNewsArticle"], "author": {"@type":"Person"}}</script>"#;
    assert_eq!(
        schema_types(page, "article".into()),
        ["NewsArticle", "OpinionNewsArticle", "Person", "article"]
    );
    assert!(schema_types("<p>no types</p>", String::new()).is_empty());
}

#[test]
fn words_next_to_inline_markup_keep_their_spaces() {
    // trafilatura's cleaned HTML loses the space after an inline
    // element at the start of a block ("<strong>Summary</strong>Studies");
    // its plain text keeps it, and so do our paragraphs.
    let page = "<html><body><article><h1>Fasting and cravings</h1>\
            <p>Several studies looked at how strict diets change eating habits over a year, \
            and most of them found that cutting out whole food groups made cravings stronger.</p>\
            <blockquote><strong>Summary</strong> Studies show that strict diets may be associated \
            with stronger cravings and with overeating later on.</blockquote>\
            <p><em>Note:</em> The findings held for both groups, and <a href=\"/x\">the authors</a> say \
            claims about <b>fasting</b>, <i>detox</i> and <b>cleanses</b> should be read with care.</p>\
            </article></body></html>";
    let d = document("t.html", page);
    let texts: Vec<&str> = d.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Summary Studies show that strict diets")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Note: The findings held")
                && t.contains(
                    " and the authors say claims about fasting, detox and cleanses should"
                )),
        "{texts:?}"
    );
}

#[test]
fn hostile_pages_are_bounded_and_keep_their_text() {
    // 200,000 nested divs: flattened below the depth limit, with a warning.
    let n = 200_000;
    let html = "<html><body>".to_string()
        + &"<div>".repeat(n)
        + "<p>The paragraph at the bottom of a very deep page.</p>"
        + &"</div>".repeat(n);
    let (d, warnings) = read("deep.html", &html);
    assert!(d
        .text
        .contains("The paragraph at the bottom of a very deep page."));
    assert!(
        warnings[0].starts_with("deep.html: nested deeper than 512 elements"),
        "{warnings:?}"
    );
    // A giant attribute list.
    let attrs: String = (0..200_000)
        .map(|i| format!(" data-x{i}=\"{i}\""))
        .collect();
    let html = format!("<html><body><p{attrs}>Text after a giant tag.</p></body></html>");
    let (d, warnings) = read("attrs.html", &html);
    assert_eq!(d.paragraphs[0].text, "Text after a giant tag.");
    assert!(warnings[0].contains("longer than 16 KiB"), "{warnings:?}");
    // A single text node of several megabytes.
    let words = "word ".repeat(1_000_000);
    let html = format!("<html><body><p>{words}</p></body></html>");
    let (d, warnings) = read("big.html", &html);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(d.paragraphs.len(), 1);
    assert_eq!(d.paragraphs[0].text.len(), words.len() - 1);
}

#[test]
fn deeply_nested_markup_does_not_overflow() {
    let html = "<div>".repeat(20_000) + "<p>deep</p>" + &"</div>".repeat(20_000);
    let d = document("t", &html);
    assert_eq!(d.paragraphs.len(), 1);
    assert_eq!(d.paragraphs[0].text, "deep");
    let html = "<b>".repeat(50_000) + "bold" + &"<q>".repeat(100) + "q";
    let d = document("t", &html);
    assert_eq!(d.paragraphs.len(), 1);
    assert!(d.paragraphs[0].text.starts_with("bold“"));
}
