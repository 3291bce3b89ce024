//! `stance summary`: the figures per document, from tag output or from
//! posts.

use crate::util::{checked, json_lines, Dir};
use serde_json::Value;

/// Tag records written by hand, with figures easy to check.
const TAGGED: &str = r#"{"doc":"a","paragraph":0,"start":0,"end":5,"label":null,"scores":null,"text":"Title","reproduced":false,"reproduced_by":null,"shared_with":[],"skipped":"headline","element":null,"sentiment":null,"sentiment_scores":null,"comment":false,"title":"Post A","author":null,"published":null,"site":null,"url":"https://example.org/a","language":"en"}
{"doc":"a","paragraph":1,"start":7,"end":30,"label":"fact","scores":{"fact":0.9,"quotation":0.05,"opinion":0.05},"text":"one two three four five six seven eight","reproduced":true,"reproduced_by":"shared","shared_with":["b"],"skipped":null,"element":null,"sentiment":"neutral","sentiment_scores":{"negative":0.25,"neutral":0.5,"positive":0.25}}
{"doc":"a","paragraph":2,"start":32,"end":40,"label":"opinion","scores":{"fact":0.1,"quotation":0.15,"opinion":0.75},"text":"I think this is wrong","reproduced":false,"reproduced_by":null,"shared_with":[],"skipped":null,"element":null,"sentiment":"negative","sentiment_scores":{"negative":0.75,"neutral":0.25,"positive":0.0}}
{"doc":"b","paragraph":0,"start":0,"end":9,"label":"quotation","scores":{"fact":0.2,"quotation":0.7,"opinion":0.1},"text":"\"Yes,\" she said.","reproduced":false,"reproduced_by":null,"shared_with":[],"skipped":null,"element":null,"sentiment":null,"sentiment_scores":null}
"#;

#[test]
fn summary_of_tag_output_gives_the_figures_per_document() {
    let d = Dir::new();
    d.write("tagged.jsonl", TAGGED);
    let rows = json_lines(&d.ok(&["summary", "tagged.jsonl", "--format", "jsonl"]));
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["doc"], "a");
    assert_eq!(a["title"], "Post A");
    assert_eq!(a["url"], "https://example.org/a");
    assert_eq!(
        (a["paragraphs"].as_u64(), a["skipped"].as_u64()),
        (Some(3), Some(1))
    );
    // 8 words of fact (reproduced), 5 of opinion.
    assert_eq!(a["words"], 13);
    assert_eq!(a["fact"].as_f64().unwrap(), 8.0 / 13.0);
    assert_eq!(a["opinion"].as_f64().unwrap(), 5.0 / 13.0);
    assert_eq!(a["quotation"].as_f64().unwrap(), 0.0);
    assert_eq!(a["reproduced"].as_f64().unwrap(), 8.0 / 13.0);
    assert_eq!(a["shares_with"], serde_json::json!(["b"]));
    assert_eq!(a["sentiment"].as_f64().unwrap(), (0.0 + -0.75) / 2.0);
    assert_eq!(a["most_opinionated"]["paragraph"], 2);
    assert_eq!(a["most_opinionated"]["p_opinion"], 0.75);
    // The 95% interval of each share, from the probabilities (the
    // normal approximation of a Poisson-binomial over words, README).
    let sd = (64.0f64 * 0.9 * 0.1 + 25.0 * 0.1 * 0.9).sqrt() / 13.0;
    let m = (8.0 * 0.9 + 5.0 * 0.1) / 13.0;
    let (lo, hi) = (
        a["fact_low"].as_f64().unwrap(),
        a["fact_high"].as_f64().unwrap(),
    );
    assert!((lo - (m - 1.96 * sd)).abs() < 1e-3, "{a}");
    assert!((hi - (m + 1.96 * sd).min(1.0)).abs() < 1e-3, "{a}");
    for l in ["fact", "quotation", "opinion"] {
        let (lo, hi) = (
            a[format!("{l}_low")].as_f64().unwrap(),
            a[format!("{l}_high")].as_f64().unwrap(),
        );
        assert!(0.0 <= lo && lo < hi && hi <= 1.0, "{l}: {a}");
    }
    let b = &rows[1];
    assert_eq!(
        (b["words"].as_u64(), b["quotation"].as_f64()),
        (Some(3), Some(1.0))
    );
    assert!(b["sentiment"].is_null(), "no sentiment head: {b}");

    let csv = d.ok(&["summary", "tagged.jsonl", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "doc,title,url,paragraphs,skipped,words,fact,quotation,opinion,reproduced,shares_with,sentiment,most_opinionated_paragraph,most_opinionated_p,most_opinionated_text,language_skipped,fact_low,fact_high,quotation_low,quotation_high,opinion_low,opinion_high,genre,genre_score");
    assert!(
        lines[1].starts_with("a,Post A,https://example.org/a,3,1,13,"),
        "{csv}"
    );
    assert!(lines[2].starts_with("b,,,1,0,3,0,1,0,0,,,0,0.1,"), "{csv}");

    let table = d.ok(&["summary", "tagged.jsonl", "--format", "table"]);
    assert!(
        table.contains("most opinionated: ¶2 (0.75) I think this is wrong"),
        "{table}"
    );
    let row = table.lines().find(|l| l.starts_with("a ")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    // These records carry no genre: `-` in the genre column.
    assert_eq!(
        cells,
        ["a", "3", "13", "62%", "0%", "38%", "62%", "-0.38", "-"]
    );
    assert!(table.contains("  shares passages with: b\n"), "{table}");
    assert!(
        table.contains("  95% intervals: fact 17–100%, quotation 0–46%, opinion "),
        "{table}"
    );

    // Stdin, and an error naming the line that is not a record.
    let piped = d
        .cmd(&["summary", "-", "--format", "jsonl"])
        .stdin(std::fs::File::open(d.path("tagged.jsonl")).unwrap())
        .output()
        .unwrap();
    assert_eq!(json_lines(&checked(piped, &["summary", "-"])), rows);
    d.write(
        "bad.jsonl",
        format!(
            "{}{{\"doc\": 1}}\n",
            TAGGED.lines().next().unwrap().to_owned() + "\n"
        ),
    );
    let bad = d.run(&["summary", "bad.jsonl"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("bad.jsonl:2: not a `stance tag` record"),
        "{err}"
    );
}

#[test]
fn summary_of_posts_is_the_summary_of_their_tag_output() {
    let d = Dir::new();
    d.posts();
    let from_posts = d.ok(&["summary", "posts/", "--format", "jsonl"]);
    d.write("tagged.jsonl", d.ok(&["tag", "posts/"]));
    let from_tagged = d.ok(&["summary", "tagged.jsonl", "--format", "jsonl"]);
    assert_eq!(from_posts, from_tagged);
    let rows = json_lines(&from_posts);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["doc"], "posts/pier.txt");
    assert_eq!(
        rows[0]["shares_with"],
        serde_json::json!(["posts/repost.txt"])
    );
    assert_eq!(
        rows[1]["shares_with"],
        serde_json::json!(["posts/pier.txt"])
    );
    // Figures recomputed here from the records.
    let recs = json_lines(&d.read("tagged.jsonl"));
    for row in &rows {
        let mine: Vec<&Value> = recs
            .iter()
            .filter(|r| r["doc"] == row["doc"] && !r["label"].is_null())
            .collect();
        let words = |f: &dyn Fn(&Value) -> bool| -> usize {
            mine.iter()
                .filter(|r| f(r))
                .map(|r| r["text"].as_str().unwrap().split_whitespace().count())
                .sum()
        };
        let total = words(&|_| true);
        assert_eq!(row["words"].as_u64().unwrap() as usize, total);
        for l in ["fact", "quotation", "opinion"] {
            let share = words(&|r| r["label"] == l) as f64 / total as f64;
            assert_eq!(row[l].as_f64().unwrap(), share, "{l} of {row}");
        }
        let reproduced = words(&|r| r["reproduced"] == true) as f64 / total as f64;
        assert_eq!(row["reproduced"].as_f64().unwrap(), reproduced);
        assert!(reproduced > 0.0, "the shared passage: {row}");
    }
    // -o writes atomically what stdout would have shown.
    d.ok(&["summary", "posts/", "--format", "csv", "-o", "summary.csv"]);
    assert_eq!(d.read("summary.csv").lines().count(), 3);
    let mixed = d.run(&["summary", "posts/", "tagged.jsonl"]);
    assert_eq!(mixed.status.code(), Some(2), "posts and tag output mixed");
}
