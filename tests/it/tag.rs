//! `stance tag`: JSONL and CSV records with spans into the source, every
//! input kind (files, folders, stdin, JSONL documents), the default model's
//! sentiment, and a model file of an older format.

use crate::util::{assert_distribution, assert_record, fixture, jsonl, on_a_terminal, repo, Dir};
use serde_json::Value;
use std::process::Stdio;

#[test]
fn tag_writes_jsonl_and_csv_with_spans_into_the_source() {
    let d = Dir::new();
    d.train_small();
    let post = repo("data/posts/harbour-ferry-cuts.txt");
    let source = std::fs::read_to_string(&post).unwrap();
    let records = jsonl(&d.ok(&["tag", &post, "--model", "small.model"]));
    assert!(records.len() >= 10, "{}", records.len());
    for (i, r) in records.iter().enumerate() {
        assert_record(r);
        assert_eq!(r["paragraph"].as_u64().unwrap() as usize, i);
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        let folded: Vec<&str> = source[s..e].split_whitespace().collect();
        assert_eq!(folded.join(" "), r["text"].as_str().unwrap());
    }

    d.ok(&[
        "tag",
        &post,
        "--model",
        "small.model",
        "--format",
        "csv",
        "-o",
        "out.csv",
    ]);
    let mut reader = csv::Reader::from_path(d.path("out.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "doc",
            "paragraph",
            "start",
            "end",
            "label",
            "p_fact",
            "p_quotation",
            "p_opinion",
            "text",
            "reproduced",
            "reproduced_by",
            "shared_with",
            "skipped",
            "element",
            "sentiment",
            "p_negative",
            "p_neutral",
            "p_positive",
            "comment",
            "title",
            "author",
            "published",
            "site",
            "url",
            "language",
            "genre",
            "genre_score"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), records.len());
    for (row, rec) in rows.iter().zip(&records) {
        assert_eq!(&row[13], "", "text files have no element");
        if rec["label"].is_null() {
            assert_eq!(&row[12], rec["skipped"].as_str().unwrap());
            assert!((4..8).all(|i| row[i].is_empty()));
            continue;
        }
        let p: f64 = (5..8).map(|i| row[i].parse::<f64>().unwrap()).sum();
        assert!((p - 1.0).abs() < 1e-9);
        assert_eq!(&row[4], rec["label"].as_str().unwrap());
        assert_eq!(&row[8], rec["text"].as_str().unwrap());
    }
}

#[test]
fn jsonl_inputs_keep_given_paragraphs_and_ids() {
    let d = Dir::new();
    d.train_small();
    let records = jsonl(&d.ok(&[
        "tag",
        &repo("data/posts/mixed.jsonl"),
        "--model",
        "small.model",
    ]));
    let council: Vec<&Value> = records
        .iter()
        .filter(|r| r["doc"] == "council-minutes-88")
        .collect();
    assert_eq!(council.len(), 4, "one record per given paragraph");
    assert_eq!(
        council[1]["text"],
        "Councillor Ines Vale said the scheme would create about 150 jobs."
    );
    assert!(records.iter().any(|r| r["doc"] == "match-report-417"));
}

#[test]
fn the_example_posts_tag_with_the_default_model() {
    let d = Dir::new();
    for post in [
        "post-fourth-rail-repost.txt",
        "post-us-iran-war-continues.txt",
    ] {
        let path = repo(&format!("../shared/examples/{post}"));
        let records = jsonl(&d.ok(&["tag", &path]));
        assert!(records.len() >= 8, "{post}: {} records", records.len());
        records.iter().for_each(assert_record);
        // The blogger's own call to arms is opinion in any sane model.
        if post.contains("iran-war") {
            let last = records.last().unwrap();
            assert!(last["text"]
                .as_str()
                .unwrap()
                .starts_with("Make no mistake"));
            assert_eq!(last["label"], "opinion", "{last}");
        }
    }
}

#[test]
fn stdin_and_directories_are_inputs() {
    let d = Dir::new();
    d.train_small();
    let mut child = d
        .cmd(&["tag", "-", "--model", "small.model"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"First paragraph.\n\nSecond one, I think, is an opinion!\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let records = jsonl(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["doc"], "-");

    d.write("posts/a.txt", "One.\n\nTwo.");
    d.write(
        "posts/deeper/b.jsonl",
        "{\"id\": \"b\", \"text\": \"Three.\"}\n",
    );
    d.write("posts/ignored.png", "not a post");
    let records = jsonl(&d.ok(&["tag", "posts", "--model", "small.model"]));
    let docs: Vec<&str> = records.iter().map(|r| r["doc"].as_str().unwrap()).collect();
    assert_eq!(docs, ["posts/a.txt", "posts/a.txt", "b"]);
}

#[test]
fn help_explains_inputs_and_output_columns() {
    let d = Dir::new();
    let help = d.ok(&["tag", "--help"]);
    for word in [
        "doc",
        "paragraph",
        "start,end",
        "scores",
        "p_fact,p_quotation,p_opinion",
        "stdin",
        "Exit status",
    ] {
        assert!(help.contains(word), "tag --help lacks {word:?}");
    }
    assert!(d.ok(&["train", "--help"]).contains("webis"));
    assert!(d.ok(&["eval", "--help"]).contains("confusion"));
    assert!(d.ok(&["--help"]).contains("tag"));
}

#[test]
fn committed_model_of_format_version_1_still_loads() {
    let d = Dir::new();
    let model = fixture("model-v1.model");
    let records = jsonl(&d.ok(&[
        "tag",
        &fixture("heldout.jsonl"),
        "--model",
        &model,
        "--input-format",
        "jsonl",
    ]));
    assert!(!records.is_empty());
    records.iter().for_each(assert_record);
}

#[test]
fn jsonl_on_stdin_streams_with_or_without_shared_detection() {
    let d = Dir::new();
    d.train_small();
    let input = "{\"id\": \"a\", \"text\": \"One.\\n\\nTwo.\"}\n{\"id\": \"b\", \"paragraphs\": [\"Three.\"]}\n";
    for extra in [&[][..], &["--no-shared"][..]] {
        let mut args = vec!["tag", "-", "--model", "small.model"];
        args.extend_from_slice(extra);
        let mut child = d
            .cmd(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{extra:?}");
        let docs: Vec<String> = jsonl(&String::from_utf8(out.stdout).unwrap())
            .iter()
            .map(|r| r["doc"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(docs, ["a", "a", "b"], "{extra:?}");
    }
}

#[test]
fn default_model_writes_sentiment_beside_stance_unless_asked_not_to() {
    let d = Dir::new();
    d.write(
        "moods.jsonl",
        concat!(
            r#"{"id":"up","paragraphs":["What a wonderful evening: the choir was superb, the hall was full and everyone left delighted."]}"#,
            "\n",
            r#"{"id":"down","paragraphs":["The rollout was a disaster. Thousands lost their savings and the company's apology was shameful and insulting."]}"#,
            "\n",
            r#"{"id":"flat","paragraphs":["The committee meets on the second Tuesday of each month in room 4 of the county building."]}"#,
            "\n"
        ),
    );
    let records = jsonl(&d.ok(&["tag", "moods.jsonl"]));
    assert_eq!(records.len(), 3);
    for r in &records {
        assert_record(r);
        let names: Vec<&str> = r["sentiment_scores"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(names, ["negative", "neutral", "positive"]);
        assert_distribution(r, "sentiment", "sentiment_scores");
    }
    let mood = |id: &str| {
        records.iter().find(|r| r["doc"] == id).unwrap()["sentiment"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(mood("up"), "positive");
    assert_eq!(mood("down"), "negative");
    assert_eq!(mood("flat"), "neutral");

    // Without the sentiment head: same stance, sentiment fields empty.
    let plain = jsonl(&d.ok(&["tag", "moods.jsonl", "--no-sentiment"]));
    for (a, b) in records.iter().zip(&plain) {
        assert_eq!(a["scores"], b["scores"]);
        assert!(
            b["sentiment"].is_null() && b["sentiment_scores"].is_null(),
            "{b}"
        );
    }
}

#[test]
fn the_progress_bar_never_counts_past_its_total() {
    let d = Dir::new();
    let posts = repo("data/posts");
    // stdout to a file, so the terminal shows the progress bar on stderr.
    for extra in ["", " --memory 1M", " --no-shared"] {
        let (code, shown) = on_a_terminal(&d, &format!("tag {posts} -o out.jsonl{extra}"));
        assert_eq!(code, Some(0), "{shown}");
        // Every drawn count "done/total" (after the bar's closing "] ").
        let counts: Vec<&str> = shown
            .split(['\r', '\n'])
            .filter_map(|line| line.split("] ").nth(1)?.split(' ').next())
            .collect();
        assert!(!counts.is_empty(), "a bar was drawn: {shown:?}");
        for count in counts {
            let (done, total) = count.split_once('/').unwrap_or_else(|| panic!("{count:?}"));
            let (done, total): (u64, u64) = (done.parse().unwrap(), total.parse().unwrap());
            assert!(total > 0 && done <= total, "{count} in {shown:?}");
        }
    }
}
