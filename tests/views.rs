//! Integration tests of what a person sees: `stance tag --format pretty`
//! (and the terminal default), `stance summary`, `stance report` and
//! `stance tag --format html`. They run the real binary in a fresh folder
//! on posts and records written here.

mod common;

use common::{checked, json_lines, Dir};
use serde_json::Value;
use std::process::{Command, Stdio};

impl Dir {
    /// Two invented posts sharing a reposted passage, one with a headline
    /// and a hostile paragraph.
    fn posts(&self) {
        let shared = "The harbour board confirmed on Tuesday that the northern pier will close for repairs from the first of May, and that the two morning ferries will leave from the old fish market until the work is finished in the autumn.";
        self.write(
            "posts/pier.txt",
            format!(
                "Pier Closes For Summer\n\n{shared}\n\n\"We have no choice, the timbers are rotten,\" said the harbour master, Ines Caro. \"Nobody wants to close it.\"\n\nI think the board has known about this for years and did nothing until it was too late. Shameful.\n\nWatch out for <script>alert('x')</script> in the timetable."
            ),
        );
        self.write(
            "posts/repost.txt",
            format!(
                "A reader sent us this notice.\n\n{shared}\n\nFrankly, the market is the better spot anyway, and I hope they never move back."
            ),
        );
    }
}

#[test]
fn pretty_shows_every_paragraph_with_its_label_and_piped_default_stays_jsonl() {
    let d = Dir::new();
    d.posts();
    let jsonl = d.ok(&["tag", "posts/"]);
    let recs = json_lines(&jsonl);
    assert!(recs.len() >= 7, "piped default is JSONL: {jsonl}");
    let pretty = checked(
        d.cmd(&["tag", "posts/", "--format", "pretty"])
            .env("COLUMNS", "60")
            .output()
            .unwrap(),
        &["tag"],
    );
    assert!(!pretty.contains('\x1b'), "no colour into a pipe");
    assert!(
        pretty.lines().all(|l| l.chars().count() <= 60),
        "wrapped to COLUMNS:\n{pretty}"
    );
    // Each record's label and probability start a line, in order, and each
    // text is all there once the wrapped lines are joined.
    let lines: Vec<&str> = pretty.lines().collect();
    let mut at = 0;
    for r in &recs {
        let head = match r["label"].as_str() {
            Some(l) => format!("{l:<9} {:.2}", r["scores"][l].as_f64().unwrap()),
            None => r["skipped"].as_str().unwrap().to_string(),
        };
        let start = at
            + lines[at..]
                .iter()
                .position(|l| l.starts_with(&head))
                .unwrap_or_else(|| panic!("no line starting {head:?} after {at}:\n{pretty}"));
        let mut text = Vec::new();
        for l in &lines[start..] {
            // Continuation lines: an empty column, or how it is reproduced.
            let continued = l.starts_with(&" ".repeat(16)) || l.starts_with('(');
            if l.len() <= 16 || (!text.is_empty() && !continued) {
                break;
            }
            text.push(l[16..].trim_end());
        }
        let others: Vec<&str> = r["shared_with"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        if !others.is_empty() {
            let last = text.pop().unwrap();
            assert_eq!(last, format!("shared with {}", others.join(", ")));
        }
        assert_eq!(text.join(" "), r["text"].as_str().unwrap(), "{pretty}");
        at = start + 1;
    }
    assert!(
        pretty.contains("(shared)"),
        "how it is reproduced: {pretty}"
    );
    assert!(
        pretty.contains("<script>alert('x')</script>"),
        "text as written"
    );
}

/// Runs `stance ARGS` on a pseudo-terminal (util-linux `script`), as a
/// person at a terminal would.
fn on_terminal(d: &Dir, args: &str, no_color: bool) -> String {
    let exe = env!("CARGO_BIN_EXE_stance");
    let mut c = Command::new("script");
    // stderr (the progress bar) is left out: only what stdout shows.
    c.args(["-qec", &format!("{exe} {args} 2>/dev/null"), "/dev/null"])
        .current_dir(d.path("."))
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .env("COLUMNS", "72")
        .env("TERM", "xterm");
    if no_color {
        c.env("NO_COLOR", "1");
    }
    let out = c.output().expect("util-linux `script` runs");
    assert!(
        out.status.success(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
}

#[test]
fn on_a_terminal_tag_is_pretty_and_coloured_unless_no_color() {
    let d = Dir::new();
    d.posts();
    let coloured = on_terminal(&d, "tag posts/pier.txt --no-shared", false);
    assert!(
        !coloured.contains("{\"doc\""),
        "not JSONL on a terminal: {coloured}"
    );
    assert!(coloured.contains("\x1b["), "coloured: {coloured:?}");
    let plain = on_terminal(&d, "tag posts/pier.txt --no-shared", true);
    assert!(!plain.contains('\x1b'), "NO_COLOR: {plain:?}");
    assert!(plain.lines().any(|l| l.starts_with("headline ")), "{plain}");
    assert!(plain.lines().any(|l| l.starts_with("opinion ")), "{plain}");
    let summary = on_terminal(&d, "summary posts/pier.txt --no-shared", true);
    assert!(
        summary.starts_with("doc "),
        "a table on a terminal: {summary}"
    );
}

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
    let b = &rows[1];
    assert_eq!(
        (b["words"].as_u64(), b["quotation"].as_f64()),
        (Some(3), Some(1.0))
    );
    assert!(b["sentiment"].is_null(), "no sentiment head: {b}");

    let csv = d.ok(&["summary", "tagged.jsonl", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "doc,title,url,paragraphs,skipped,words,fact,quotation,opinion,reproduced,shares_with,sentiment,most_opinionated_paragraph,most_opinionated_p,most_opinionated_text");
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
    assert_eq!(cells, ["a", "3", "13", "62%", "0%", "38%", "62%", "-0.38"]);
    assert!(table.contains("  shares passages with: b\n"), "{table}");

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

#[test]
fn the_report_is_the_same_page_from_tag_and_from_its_output() {
    let d = Dir::new();
    d.posts();
    d.ok(&["tag", "posts/", "--format", "html", "-o", "direct.html"]);
    d.write("tagged.jsonl", d.ok(&["tag", "posts/"]));
    d.ok(&["report", "tagged.jsonl", "-o", "report.html"]);
    let page = d.read("report.html");
    assert_eq!(page, d.read("direct.html"));
    let recs = json_lines(&d.read("tagged.jsonl"));
    assert_eq!(page.matches("<li class=\"para").count(), recs.len());
    for l in ["fact", "quotation", "opinion"] {
        let n = recs.iter().filter(|r| r["label"] == l).count();
        assert_eq!(
            page.matches(&format!("data-label=\"{l}\"")).count(),
            n,
            "{l}"
        );
    }
    assert!(page.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(
        page.contains("<a href=\"#d1\">posts/repost.txt</a>"),
        "shared passages link to the other post"
    );
    let stdout = d.ok(&["report", "tagged.jsonl"]);
    assert_eq!(stdout, page, "stdout without -o");
    d.write(
        "posts.jsonl",
        "{\"id\": \"p\", \"text\": \"Not tagged yet.\"}\n",
    );
    let bad = d.run(&["report", "posts.jsonl", "-o", "bad.html"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("posts.jsonl:1: not a `stance tag` record")
    );
    assert!(!d.path("bad.html").exists(), "nothing written on error");
}

#[test]
fn help_describes_the_views() {
    let d = Dir::new();
    let tag = d.ok(&["tag", "--help"]);
    assert!(tag.contains("pretty") && tag.contains("html"), "{tag}");
    let summary = d.ok(&["summary", "--help"]);
    assert!(
        summary.contains("most_opinionated") && summary.contains("--format"),
        "{summary}"
    );
    let report = d.ok(&["report", "--help"]);
    assert!(report.contains("self-contained"), "{report}");
}
