//! The `genre` and `genre_score` fields (issue 25, item 2) on invented
//! pages: declared by the page (JSON-LD type, URL path) or estimated from
//! the text when the page says nothing.

use crate::util::*;

fn page(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A page</title>{head}</head>\
         <body><article><h1>A page</h1>{body}</article></body></html>"
    )
}

const REPORT: &str = "<p>The county council approved the new ferry timetable on Tuesday after a two-hour meeting at the harbour office.</p>\
<p>The evening service will run every forty minutes from March, the council said in a statement published after the vote.</p>\
<p>Passenger numbers rose by twelve percent last year, according to figures released by the operator in January.</p>\
<p>The timetable will be reviewed again in the autumn, when the winter figures are available.</p>";

const DIARY: &str = "<p>I have been baking bread every Sunday for ten years, and I still burn my first loaf most weeks.</p>\
<p>My grandmother taught me to knead by feel, and I think I finally understand what she meant by patience.</p>\
<p>Last week I tried a rye starter my neighbour gave me, and I loved the sour smell it left in my kitchen.</p>\
<p>I will share my recipe next time, once I have made it work twice in a row.</p>";

#[test]
fn declared_genres_come_from_the_page() {
    let d = Dir::new();
    d.write(
        "column.html",
        page(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"OpinionNewsArticle","headline":"A page"}</script>"#,
            REPORT,
        ),
    );
    d.write(
        "post.html",
        page(
            r#"<link rel="canonical" href="https://example.org/blog/2024/ferries">"#,
            REPORT,
        ),
    );
    let records = jsonl(&d.ok(&["tag", "column.html", "post.html"]));
    for (doc, genre) in [("column.html", "opinion"), ("post.html", "blog")] {
        let mine: Vec<_> = records
            .iter()
            .filter(|r| r["doc"].as_str().unwrap().ends_with(doc))
            .collect();
        assert!(!mine.is_empty(), "{doc}");
        for r in mine {
            assert_eq!(r["genre"], genre, "{r}");
            assert_eq!(r["genre_score"], 1.0, "{r}");
        }
    }
}

#[test]
fn undeclared_genres_are_estimated_from_the_text() {
    let d = Dir::new();
    d.write("report.html", page("", REPORT));
    d.write("diary.html", page("", DIARY));
    let records = jsonl(&d.ok(&["tag", "report.html", "diary.html"]));
    for (doc, genre) in [("report.html", "news"), ("diary.html", "blog")] {
        let r = records
            .iter()
            .find(|r| r["doc"].as_str().unwrap().ends_with(doc))
            .unwrap();
        assert_eq!(r["genre"], genre, "{r}");
        let score = r["genre_score"].as_f64().unwrap();
        assert!(
            (0.5..1.0).contains(&score),
            "an estimate is not certain: {r}"
        );
    }
    // CSV carries the same two columns.
    let csv = d.ok(&[
        "tag",
        "diary.html",
        "--format",
        "csv",
        "--fields",
        "doc,genre,genre_score",
    ]);
    let second = csv.lines().nth(1).unwrap();
    assert!(second.contains(",blog,0."), "{csv}");
}
