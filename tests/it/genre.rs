//! The `genre` and `genre_score` fields (issue 25, item 2) on invented
//! pages: declared by the page (JSON-LD type, URL path) or estimated by
//! the built-in model's genre head when the page says nothing; and the
//! genre in `stance summary` (column, `--genre` filter, `--sort genre`).

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

// A column with no declaration. (Ending it on a rhetorical question, "Surely
// a town that can afford a car park can afford a boat?", turns it into
// `other` with the shipped head: questions are a strong cue for interviews
// and Q&A pages; models/README.md.)
const COLUMN: &str = "<p>The council's decision to cut the evening ferry is a mistake, and an avoidable one.</p>\
<p>We should not accept that an island of four thousand people can be cut off after six o'clock simply because a spreadsheet says so.</p>\
<p>Frankly, the councillors who voted for it ought to be ashamed. They have treated a lifeline as a luxury, and they are wrong to do it.</p>\
<p>It is time to reverse this shortsighted vote before the damage is done, and a town that can afford a new car park can surely afford a boat.</p>";

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
    d.write("column.html", page("", COLUMN));
    let records = jsonl(&d.ok(&["tag", "report.html", "diary.html", "column.html"]));
    for (doc, genre) in [
        ("report.html", "news"),
        ("diary.html", "blog"),
        ("column.html", "opinion"),
    ] {
        let r = records
            .iter()
            .find(|r| r["doc"].as_str().unwrap().ends_with(doc))
            .unwrap();
        assert_eq!(r["genre"], genre, "{r}");
        // The head's probability: never the 1 of a declared genre, and
        // above the 1/6 of a guess.
        let score = r["genre_score"].as_f64().unwrap();
        assert!(
            score < 1.0 && score > 1.0 / 6.0,
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

#[test]
fn summary_shows_filters_and_sorts_by_genre() {
    let d = Dir::new();
    d.write("report.html", page("", REPORT));
    d.write("column.html", page("", COLUMN));
    d.write(
        "post.html",
        page(
            r#"<link rel="canonical" href="https://example.org/blog/2024/bread">"#,
            DIARY,
        ),
    );
    let docs = ["report.html", "column.html", "post.html"];
    let genre_of = |rows: &[serde_json::Value], doc: &str| {
        rows.iter()
            .find(|r| r["doc"].as_str().unwrap().ends_with(doc))
            .map(|r| (r["genre"].clone(), r["genre_score"].as_f64().unwrap()))
    };
    let all = json_lines(&d.ok(&[&["summary", "--no-shared"][..], &docs[..]].concat()));
    assert_eq!(all.len(), 3);
    assert_eq!(genre_of(&all, "post.html"), Some(("blog".into(), 1.0)));
    assert_eq!(genre_of(&all, "report.html").unwrap().0, "news");
    assert_eq!(genre_of(&all, "column.html").unwrap().0, "opinion");
    // --genre keeps only those genres (repeatable).
    let some = json_lines(
        &d.ok(&[
            &[
                "summary",
                "--no-shared",
                "--genre",
                "blog",
                "--genre",
                "opinion",
            ][..],
            &docs[..],
        ]
        .concat()),
    );
    let kept: Vec<&str> = some.iter().map(|r| r["genre"].as_str().unwrap()).collect();
    assert_eq!(kept.len(), 2, "{some:?}");
    assert!(!kept.contains(&"news"), "{some:?}");
    // --sort genre: news, analysis, opinion, review, blog, other.
    let sorted = json_lines(
        &d.ok(&[
            &["summary", "--no-shared", "--sort", "genre"][..],
            &docs[..],
        ]
        .concat()),
    );
    let order: Vec<&str> = sorted
        .iter()
        .map(|r| r["genre"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["news", "opinion", "blog"]);
    // CSV carries the two columns; the table a genre column.
    let csv = d.ok(&[
        &["summary", "--no-shared", "--format", "csv"][..],
        &docs[..],
    ]
    .concat());
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(header[header.len() - 2..], ["genre", "genre_score"]);
    let table = d.ok(&[
        &["summary", "--no-shared", "--format", "table"][..],
        &docs[..],
    ]
    .concat());
    assert!(table.lines().next().unwrap().ends_with("genre"), "{table}");
    let bad = d.run(&["summary", "--genre", "poetry", "report.html"]);
    assert!(!bad.status.success());
    assert!(
        stderr_of(&bad).contains("unknown genre"),
        "{}",
        stderr_of(&bad)
    );
}
