//! Integration tests: run the real `stance` binary in a fresh temporary
//! folder and check what a user sees (outputs, files, exit codes, errors).

mod common;

use common::{
    assert_distribution, assert_record, fixture, json_lines, jsonl, repo, stderr_of, Dir,
};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Stdio;

impl Dir {
    /// Trains a model on the separable fixture into `small.model`.
    fn train_small(&self) -> PathBuf {
        let data = fixture("train.jsonl");
        self.ok(&[
            "train",
            "--data",
            &data,
            "--out",
            "small.model",
            "--cv",
            "3",
            "--alpha",
            "0.3,1",
        ]);
        self.path("small.model")
    }
}

#[test]
fn train_tag_eval_round_trip_on_fixtures() {
    let d = Dir::new();
    let model = d.train_small();
    let bytes = std::fs::read(&model).unwrap();
    assert!(bytes.starts_with(b"stance-model 2 sha256:"));

    // Held-out fixture paragraphs, as JSONL documents with given paragraphs.
    let held: Vec<Value> = std::fs::read_to_string(fixture("heldout.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let docs: String = held
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "{}\n",
                serde_json::json!({"id": format!("h{i}"), "paragraphs": [r["text"]]})
            )
        })
        .collect();
    d.write("held.jsonl", docs);
    let out = jsonl(&d.ok(&["tag", "held.jsonl", "--model", "small.model"]));
    assert_eq!(out.len(), held.len());
    for (rec, gold) in out.iter().zip(&held) {
        assert_record(rec);
        assert_eq!(
            rec["label"], gold["label"],
            "held-out paragraph {}",
            gold["text"]
        );
    }

    let report: Value = serde_json::from_str(&d.ok(&[
        "eval",
        "--data",
        &fixture("heldout.csv"),
        "--model",
        "small.model",
        "--json",
    ]))
    .unwrap();
    assert_eq!(report["macro_f1"].as_f64().unwrap(), 1.0, "{report}");
    assert_eq!(
        report["confusion"],
        serde_json::json!([[3, 0, 0], [0, 3, 0], [0, 0, 3]])
    );
    for key in ["labels", "classes", "accuracy", "ece", "examples"] {
        assert!(report.get(key).is_some(), "eval --json lacks {key}");
    }
    let table = d.ok(&[
        "eval",
        "--data",
        &fixture("heldout.jsonl"),
        "--model",
        "small.model",
    ]);
    assert!(
        table.contains("macro-F1 1.0000") && table.contains("confusion"),
        "{table}"
    );
}

#[test]
fn train_prints_a_cross_validated_report_and_is_deterministic() {
    let d = Dir::new();
    let data = fixture("train.jsonl");
    let out = d.ok(&[
        "train", "--data", &data, "--out", "a.model", "--cv", "3", "--alpha", "0.3,1", "--seed",
        "7",
    ]);
    assert!(out.contains("3-fold cross-validation"), "{out}");
    assert!(
        out.contains("<- chosen") && out.contains("macro-F1"),
        "{out}"
    );
    d.ok(&[
        "train", "--data", &data, "--out", "b.model", "--cv", "3", "--alpha", "0.3,1", "--seed",
        "7",
    ]);
    assert!(
        std::fs::read(d.path("a.model")).unwrap() == std::fs::read(d.path("b.model")).unwrap(),
        "same data and seed must give the same bytes"
    );
}

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
            "language"
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
fn errors_name_the_file_and_exit_2() {
    let d = Dir::new();
    let out = d.run(&["tag", "missing.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("stance: missing.txt: "), "{err}");

    d.write(
        "bad.jsonl",
        "{\"text\": \"x\", \"label\": \"fact\"}\n{\"text\": \"y\", \"label\": \"rumour\"}\n",
    );
    let out = d.run(&["train", "--data", "bad.jsonl", "--out", "m.model"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.jsonl:2: unknown label \"rumour\""));
    assert!(!d.path("m.model").exists());

    d.write("junk.model", "stance-model 1 sha256:00 bytes:3\n{}\n");
    let out = d.run(&["tag", &fixture("heldout.jsonl"), "--model", "junk.model"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.model: model file is corrupted"));

    let out = d.run(&["tag"]);
    assert_eq!(out.status.code(), Some(2), "usage error");
}

/// Records as (label, reproduced_by, skipped) per paragraph, for compact checks.
fn structure(records: &[Value]) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    let s = |v: &Value| v.as_str().map(String::from);
    records
        .iter()
        .map(|r| (s(&r["label"]), s(&r["reproduced_by"]), s(&r["skipped"])))
        .collect()
}

#[test]
fn example_posts_share_passages_skip_boilerplate_and_keep_own_opinion() {
    let d = Dir::new();
    let a = repo("../shared/examples/post-fourth-rail-repost.txt");
    let b = repo("../shared/examples/post-us-iran-war-continues.txt");
    let records = jsonl(&d.ok(&["tag", &a, &b]));
    let (ra, rb): (Vec<&Value>, Vec<&Value>) = records.iter().partition(|r| r["doc"] == a.as_str());
    assert_eq!(ra.len(), 17);
    assert_eq!(rb.len(), 9);
    let reproduced = |rs: &[&Value]| {
        rs.iter()
            .filter(|r| r["reproduced"] == true)
            .map(|r| r["paragraph"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    // The wire report's paragraphs, in both posts.
    assert_eq!(reproduced(&ra), [4, 5, 6, 7, 8]);
    assert_eq!(reproduced(&rb), [3, 4, 5, 7]);
    // Paragraph 6 of the repost is not in the other post: reproduced by the
    // lead-in only.
    for (rs, shared, other) in [(&ra, &[4, 5, 7, 8][..], &b), (&rb, &[3, 4, 5, 7][..], &a)] {
        for r in rs.iter() {
            let want = if shared.contains(&r["paragraph"].as_u64().unwrap()) {
                serde_json::json!([other])
            } else {
                serde_json::json!([])
            };
            assert_eq!(r["shared_with"], want, "{r}");
        }
    }
    // Titles and comment-form boilerplate are skipped, with no label.
    let skipped = |rs: &[&Value]| {
        rs.iter()
            .filter(|r| !r["skipped"].is_null())
            .map(|r| r["paragraph"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(skipped(&ra), [0, 2, 3, 11, 14, 15, 16]);
    assert_eq!(skipped(&rb), [0]);
    for r in ra.iter().chain(&rb).filter(|r| !r["skipped"].is_null()) {
        assert!(r["label"].is_null() && r["scores"].is_null(), "{r}");
    }
    // The bloggers' own commentary (and the reader comments) is opinion.
    for (rs, own) in [(&ra, &[9, 10, 12, 13][..]), (&rb, &[1, 2, 8][..])] {
        for &i in own {
            let r = rs[i];
            assert_eq!(r["label"], "opinion", "{r}");
            assert_eq!(r["reproduced"], false, "{r}");
        }
    }
}

#[test]
fn html_markdown_and_text_versions_give_the_same_content() {
    let d = Dir::new();
    let content = |path: &str| -> Vec<(String, String, bool)> {
        jsonl(&d.ok(&["tag", &repo(path), "--no-shared"]))
            .into_iter()
            .filter(|r| r["skipped"].is_null())
            .map(|r| {
                (
                    r["text"].as_str().unwrap().to_string(),
                    r["label"].as_str().unwrap().to_string(),
                    r["reproduced"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let text = content("data/posts/transit-depot.txt");
    assert_eq!(text.len(), 6, "{text:?}");
    let html = content("data/posts/transit-depot.html");
    let md = content("data/posts/transit-depot.md");
    let strip = |v: &[(String, String, bool)]| {
        v.iter()
            .map(|(t, l, _)| (t.clone(), l.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&html), strip(&text));
    assert_eq!(strip(&md), strip(&text));
    // The agency's statement is reproduced in every version.
    for v in [&text, &html, &md] {
        assert!(
            v[2].0.starts_with("The Elm Street depot will cease") && v[2].2,
            "{v:?}"
        );
        assert!(!v[4].2 && !v[5].2, "the blogger's own paragraphs: {v:?}");
    }
    let html_records = jsonl(&d.ok(&["tag", &repo("data/posts/transit-depot.html")]));
    let quote = html_records
        .iter()
        .find(|r| r["element"] == "blockquote")
        .unwrap();
    assert_eq!(quote["reproduced_by"], "blockquote");
    assert!(html_records
        .iter()
        .all(|r| !r["text"].as_str().unwrap().contains("analytics")));
}

#[test]
fn lead_ins_of_two_sources_and_the_bloggers_return() {
    let d = Dir::new();
    let records = jsonl(&d.ok(&[
        "tag",
        &fixture("structure/post-quoting-two.txt"),
        "--no-shared",
    ]));
    let by: Vec<Option<String>> = structure(&records).into_iter().map(|s| s.1).collect();
    let lead = Some("lead-in".to_string());
    assert_eq!(
        by,
        [
            None,
            None,
            lead.clone(),
            lead.clone(),
            None,
            None,
            lead,
            None
        ],
        "{records:#?}"
    );
    assert_eq!(records[0]["skipped"], "headline");
    assert_eq!(records[7]["label"], "opinion");
}

#[test]
fn near_duplicate_reposts_and_reference_sources() {
    let d = Dir::new();
    let wire = fixture("structure/wire-report.txt");
    let copy = fixture("structure/post-edited-copy.txt");
    let other = fixture("structure/post-quoting-two.txt");
    // In one run: the edited copy shares two passages with the wire report.
    let records = jsonl(&d.ok(&["tag", &wire, &copy, &other]));
    let of = |doc: &str| {
        records
            .iter()
            .filter(|r| r["doc"] == doc)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (w, c, o) = (of(&wire), of(&copy), of(&other));
    assert_eq!(
        c.iter()
            .map(|r| r["reproduced_by"].as_str())
            .collect::<Vec<_>>(),
        [None, Some("shared"), Some("shared"), None]
    );
    assert_eq!(c[1]["shared_with"], serde_json::json!([wire]));
    assert_eq!(
        w.iter()
            .map(|r| r["reproduced"].as_bool().unwrap())
            .collect::<Vec<_>>(),
        [false, true, true, false]
    );
    assert!(
        o.iter().all(|r| r["shared_with"] == serde_json::json!([])),
        "unrelated post shares nothing"
    );
    assert_eq!(c[3]["label"], "opinion");

    // Against a reference corpus, which is not itself tagged.
    let records = jsonl(&d.ok(&["tag", &copy, "--reference", &wire]));
    assert_eq!(records.len(), 4);
    assert_eq!(records[1]["reproduced_by"], "reference");
    assert_eq!(records[2]["shared_with"], serde_json::json!([wire]));
    assert!(records.iter().all(|r| r["doc"] == copy.as_str()));

    // --no-shared turns cross-document detection off.
    let records = jsonl(&d.ok(&["tag", &wire, &copy, "--no-shared"]));
    assert!(records.iter().all(|r| r["reproduced"] == false));
}

// ---- Bad input, faults and determinism (issue 7) ----

#[test]
fn empty_files_and_documents_without_paragraphs_give_no_records_and_say_so() {
    let d = Dir::new();
    d.train_small();
    d.write("empty.txt", "");
    d.write("blank.txt", "\n\n   \n\t\n");
    d.write(
        "empty.jsonl",
        "\n{\"id\": \"e\", \"text\": \"\"}\n{\"id\": \"p\", \"paragraphs\": []}\n",
    );
    let out = d.run(&[
        "tag",
        "empty.txt",
        "blank.txt",
        "empty.jsonl",
        "--model",
        "small.model",
    ]);
    // No silent loss: each document that gave nothing is named, exit 1.
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty());
    for doc in ["empty.txt", "blank.txt", "e", "p"] {
        assert!(
            err.contains(&format!("warning: {doc}: no content paragraph found")),
            "{doc}: {err}"
        );
    }
    assert!(
        err.contains("4 input(s) or record(s) skipped or without content"),
        "{err}"
    );
}

#[test]
fn a_page_of_nothing_but_chrome_is_warned_about() {
    let d = Dir::new();
    d.train_small();
    d.write(
        "chrome",
        "<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav>\
         <h1>Archive</h1><footer><p>Powered by WordPress</p></footer></body></html>",
    );
    d.write(
        "post.html",
        "<html><body><p>The council voted on Tuesday to close the depot.</p></body></html>",
    );
    let out = d.run(&["tag", "chrome", "post.html", "--model", "small.model"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("warning: chrome: no content paragraph found"),
        "{err}"
    );
    assert!(!err.contains("post.html"), "{err}");
    let records = jsonl(&String::from_utf8_lossy(&out.stdout));
    // The file without an extension was read as HTML (no tags in the text).
    assert!(records
        .iter()
        .all(|r| !r["text"].as_str().unwrap().contains('<')));
    assert!(records
        .iter()
        .any(|r| r["doc"] == "post.html" && r["skipped"].is_null()));
}

#[test]
fn binary_files_are_skipped_with_a_warning_and_exit_1() {
    let d = Dir::new();
    d.train_small();
    d.write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    d.write("good.txt", "The council met on Monday.");
    let out = d.run(&["tag", "image.txt", "good.txt", "--model", "small.model"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("stance: warning: image.txt: looks like a binary file; skipped"),
        "{err}"
    );
    assert!(err.contains("1 input(s) or record(s) skipped"), "{err}");
    assert_eq!(jsonl(&String::from_utf8(out.stdout).unwrap()).len(), 1);
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning_or_refused_with_strict() {
    let d = Dir::new();
    d.train_small();
    d.write(
        "latin1.txt",
        b"First paragraph.\n\nCaf\xe9 society was here.\n",
    );
    let out = d.run(&["tag", "latin1.txt", "--model", "small.model"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr_of(&out).contains("latin1.txt:3: invalid UTF-8 at byte offset 21"),
        "{}",
        stderr_of(&out)
    );
    let records = jsonl(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(records[1]["text"], "Caf\u{fffd} society was here.");
    let out = d.run(&["tag", "latin1.txt", "--model", "small.model", "--strict"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out)
        .contains("latin1.txt:3: invalid UTF-8 at byte offset 21 (refused because of --strict)"));
}

#[test]
fn malformed_jsonl_stops_with_file_and_line_or_is_skipped_and_counted() {
    let d = Dir::new();
    d.train_small();
    d.write("docs.jsonl", "{\"id\": \"a\", \"text\": \"Fine.\"}\n{\"id\": \"b\", \"text\": \"broken\n{\"id\": \"c\", \"text\": \"x\", \"paragraphs\": [\"y\"]}\n{\"text\": \"No id here.\"}\n");
    let out = d.run(&[
        "tag",
        "docs.jsonl",
        "--model",
        "small.model",
        "-o",
        "out.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.starts_with("stance: reading input (use --skip-bad to skip malformed records): docs.jsonl:2: malformed JSON"), "{err}");
    assert!(!d.path("out.jsonl").exists(), "nothing written half-way");

    let out = d.run(&["tag", "docs.jsonl", "--model", "small.model", "--skip-bad"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("docs.jsonl:3: record has both \"text\" and \"paragraphs\""),
        "{err}"
    );
    assert!(err.contains("2 input(s) or record(s) skipped"), "{err}");
    let docs: Vec<String> = jsonl(&String::from_utf8(out.stdout).unwrap())
        .iter()
        .map(|r| r["doc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs, ["a", "docs.jsonl:4"]);
}

#[test]
fn training_data_errors_name_the_row() {
    let d = Dir::new();
    d.write("nolabel.csv", "text,category\nRain fell.,fact\n");
    let out = d.run(&["train", "--data", "nolabel.csv", "--out", "m.model"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("nolabel.csv:1: CSV header must have `text` and `label` columns"),
        "{}",
        stderr_of(&out)
    );
    d.write(
        "bad.csv",
        "text,label\nRain fell.,fact\n\"Awful, just awful\",rant\n",
    );
    let out = d.run(&["train", "--data", "bad.csv", "--out", "m.model"]);
    assert!(
        stderr_of(&out)
            .contains("bad.csv:3: unknown label \"rant\": expected fact, quotation, opinion"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn huge_paragraphs_and_tokens_are_handled_in_bounded_time() {
    let d = Dir::new();
    d.train_small();
    // A 50 MB single paragraph and a 1 MB single token.
    let sentence = "The council voted to close the depot on Tuesday and nobody came. ";
    let big: String = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    d.write("big.txt", &big);
    d.write("token.txt", "x".repeat(1 << 20));
    let start = std::time::Instant::now();
    let out = d.run(&[
        "tag",
        "big.txt",
        "token.txt",
        "--model",
        "small.model",
        "-o",
        "out.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let records = jsonl(&std::fs::read_to_string(d.path("out.jsonl")).unwrap());
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[0]["end"].as_u64().unwrap() as usize,
        big.trim_end().len()
    );
    // Generous bound: the point is that it finishes, not how fast (see benches).
    assert!(
        start.elapsed().as_secs() < 120,
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn a_killed_run_leaves_the_previous_output_intact() {
    let d = Dir::new();
    d.train_small();
    let para = "The council voted on Tuesday to close the Elm Street depot, officials said.\n\n";
    d.write("posts/big.txt", para.repeat(200_000));
    d.write("out.jsonl", "previous output\n");
    let mut child = d
        .cmd(&[
            "tag",
            "posts",
            "--model",
            "small.model",
            "-o",
            "out.jsonl",
            "--no-shared",
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run is writing its temporary file, then SIGKILL it.
    let started = std::time::Instant::now();
    loop {
        let writing = std::fs::read_dir(d.root()).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".stance-")
        });
        if writing || started.elapsed().as_secs() > 60 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run should have been killed mid-way");
    assert_eq!(
        std::fs::read_to_string(d.path("out.jsonl")).unwrap(),
        "previous output\n"
    );
    // Only the hidden temporary file of the killed run may remain beside it.
    for e in std::fs::read_dir(d.root()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ["out.jsonl", "small.model", "posts"].contains(&name.as_str())
                || name.starts_with(".stance-"),
            "{name}"
        );
    }
}

#[test]
fn a_closed_pipe_is_a_quiet_exit() {
    let d = Dir::new();
    d.train_small();
    d.write("many.txt", "A paragraph of text.\n\n".repeat(50_000));
    let mut child = d
        .cmd(&["tag", "many.txt", "--model", "small.model"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout); // like `| head`
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr_of(&out));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let d = Dir::new();
    d.train_small();
    let posts = repo("data/posts");
    let examples = repo("../shared/examples");
    let one = d.ok(&[
        "tag",
        &posts,
        &examples,
        "--model",
        "small.model",
        "--threads",
        "1",
    ]);
    let two = d.ok(&[
        "tag",
        &posts,
        &examples,
        "--model",
        "small.model",
        "--threads",
        "2",
    ]);
    let four = d.ok(&[
        "tag",
        &posts,
        &examples,
        "--model",
        "small.model",
        "--threads",
        "4",
    ]);
    assert!(!one.is_empty());
    assert_eq!(one, two);
    assert_eq!(one, four);
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
fn explain_shows_model_features_and_paragraph_contributions() {
    let d = Dir::new();
    d.train_small();
    let model: Value =
        serde_json::from_str(&d.ok(&["explain", "--model", "small.model", "--top", "5", "--json"]))
            .unwrap();
    assert_eq!(model["task"], "stance");
    let top = model["top"].as_array().unwrap();
    assert_eq!(
        top.iter()
            .map(|c| c["label"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["fact", "quotation", "opinion"]
    );
    for c in top {
        let feats = c["top"].as_array().unwrap();
        assert_eq!(feats.len(), 5);
        let w: Vec<f64> = feats
            .iter()
            .map(|f| f["weight"].as_f64().unwrap())
            .collect();
        assert!(
            w.windows(2).all(|p| p[0] >= p[1]),
            "sorted by weight: {w:?}"
        );
        assert!(feats
            .iter()
            .all(|f| f["kind"] == "ngram" || f["kind"] == "dense"));
    }

    let out = d.ok(&["explain", "--model", "small.model", "--paragraph", "“We will rebuild the school, and we will rebuild it better,” the principal said. “That is a promise.”", "--json"]);
    let e: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(e["label"], "quotation");
    let contributions = e["contributions"].as_array().unwrap();
    assert!(contributions[0]["contribution"].as_f64().unwrap() > 0.0);
    for c in contributions {
        let (v, w, x) = (
            c["value"].as_f64().unwrap(),
            c["weight"].as_f64().unwrap(),
            c["contribution"].as_f64().unwrap(),
        );
        assert!((v * w - x).abs() < 1e-9);
    }

    // A tagged file keeps its document ids and paragraph indexes.
    d.ok(&[
        "tag",
        &repo("data/posts/library-reopening.txt"),
        "--model",
        "small.model",
        "-o",
        "tagged.jsonl",
    ]);
    let lines = json_lines(&d.ok(&[
        "explain",
        "tagged.jsonl",
        "--model",
        "small.model",
        "--json",
    ]));
    let tagged = jsonl(&std::fs::read_to_string(d.path("tagged.jsonl")).unwrap());
    assert_eq!(lines.len(), tagged.len());
    for (e, t) in lines.iter().zip(&tagged) {
        assert_eq!(e["doc"], t["doc"]);
        assert_eq!(e["paragraph"], t["paragraph"]);
    }
    // The terminal table.
    let table = d.ok(&["explain", "--model", "small.model", "--top", "3"]);
    assert!(
        table.contains("quotation") && table.contains("ngram"),
        "{table}"
    );
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
fn explain_reproduces_the_scores_tag_wrote_including_position() {
    let d = Dir::new();
    // Position features need documents with positions to learn from: Webis
    // editorials (read from ../shared, as at training time).
    let webis = format!("webis-train:{}", repo("../shared/corpora/webis-editorials"));
    d.ok(&[
        "train",
        "--data",
        &webis,
        "--cv",
        "0",
        "--dense",
        "quote_share,length,position,first,last",
        "--out",
        "pos.model",
    ]);
    let model: Value = serde_json::from_str(&d.ok(&[
        "explain",
        "--model",
        "pos.model",
        "--top",
        "5000",
        "--json",
    ]))
    .unwrap();
    let position_weights = model["top"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["top"].as_array().unwrap())
        .filter(|f| f["feature"] == "last")
        .count();
    assert!(position_weights > 0, "the model uses `last`: {model}");
    let post = repo("../shared/examples/post-us-iran-war-continues.txt");
    d.ok(&["tag", &post, "--model", "pos.model", "-o", "tagged.jsonl"]);
    let tagged = jsonl(&std::fs::read_to_string(d.path("tagged.jsonl")).unwrap());
    let from_records =
        json_lines(&d.ok(&["explain", "tagged.jsonl", "--model", "pos.model", "--json"]));
    let from_post = json_lines(&d.ok(&["explain", &post, "--model", "pos.model", "--json"]));
    // Without positions (a lone paragraph) the last paragraph scores
    // differently: the check above is not vacuous.
    let last = tagged.iter().rev().find(|r| !r["label"].is_null()).unwrap();
    let alone = json_lines(&d.ok(&[
        "explain",
        "--model",
        "pos.model",
        "--paragraph",
        last["text"].as_str().unwrap(),
        "--json",
    ]));
    assert_ne!(alone[0]["scores"], last["scores"]);
    assert_eq!(from_records.len(), tagged.len());
    assert_eq!(from_post.len(), tagged.len());
    let mut checked = 0;
    for ((t, a), b) in tagged.iter().zip(&from_records).zip(&from_post) {
        if t["label"].is_null() {
            continue;
        }
        for e in [a, b] {
            assert_eq!(e["label"], t["label"], "{e}");
            for (class, p) in t["scores"].as_object().unwrap() {
                let q = e["scores"][class].as_f64().unwrap();
                assert!(
                    (p.as_f64().unwrap() - q).abs() < 1e-12,
                    "{class}: {t} vs {e}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} paragraphs were scored");
}

/// An `articles:` directory of invented news articles: each has three
/// facts, a quotation, an opinion and a boilerplate line labelled `skip`,
/// one fact the annotators disagreed on (`null`), and one page without labels.
fn write_articles(d: &Dir) -> (String, usize) {
    use sha1::{Digest, Sha1};
    let towns = ["Alder", "Birch", "Cedar", "Dunmore", "Elmstead", "Fernhill"];
    let mut truth = serde_json::Map::new();
    let mut labels = String::new();
    let mut content = 0;
    for (a, town) in towns.iter().enumerate() {
        let paragraphs = [
            (
                format!(
                    "{town} council voted on Tuesday to close the bus depot on Mill Road by {}.",
                    2020 + a
                ),
                Some("fact"),
            ),
            ("Advertisement".to_string(), Some("skip")),
            (
                format!(
                    "The depot employs {} drivers and mechanics, the council said in a statement.",
                    40 + a
                ),
                Some("fact"),
            ),
            (
                format!("“We have no choice but to act now,” the mayor of {town} told reporters."),
                Some("quotation"),
            ),
            (
                format!(
                    "Routes 4 and {} will be run from the northern garage from next month.",
                    5 + a
                ),
                Some("fact"),
            ),
            (
                format!(
                    "Frankly, closing it is a disgrace, and {town} deserves far better than this."
                ),
                Some("opinion"),
            ),
            (
                "Residents were informed by letter last week.".to_string(),
                None,
            ),
        ];
        let body: Vec<&str> = paragraphs.iter().map(|(t, _)| t.as_str()).collect();
        let key = format!("page{a}");
        truth.insert(
            key.clone(),
            serde_json::json!({"url": "https://example.com", "articleBody": body.join("\n\n")}),
        );
        for (i, (t, label)) in paragraphs.iter().enumerate() {
            let sha = format!("{:x}", Sha1::digest(t.as_bytes()));
            let row = serde_json::json!({"key": key, "i": i, "sha1": &sha[..12], "label": label, "ambiguous": label.is_none()});
            labels.push_str(&row.to_string());
            labels.push('\n');
            content += matches!(label, Some(l) if *l != "skip") as usize;
        }
    }
    truth.insert(
        "unlabelled".into(),
        serde_json::json!({"url": "u", "articleBody": "Nothing here."}),
    );
    d.write(
        "articles/ground-truth.json",
        Value::Object(truth).to_string(),
    );
    d.write("articles/labels.jsonl", labels);
    ("articles:articles".to_string(), content)
}

#[test]
fn articles_train_with_a_context_stage_and_eval_measures_the_skip_rules() {
    let d = Dir::new();
    let (articles, content) = write_articles(&d);
    let data = fixture("train.jsonl");
    let info: Value = serde_json::from_str(&d.ok(&[
        "train",
        "--data",
        &data,
        "--data",
        &articles,
        "--out",
        "ctx.model",
        "--cv",
        "3",
        "--alpha",
        "1",
        "--context",
        "own,document,neighbours",
        "--json",
    ]))
    .unwrap();
    let cv = &info["cv"];
    let sources: Vec<&str> = cv["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(sources, [data.as_str(), articles.as_str()]);
    let article_report = &cv["sources"][1]["report"];
    assert_eq!(
        article_report["examples"], content,
        "every scored content paragraph, out of fold"
    );
    let priors: Vec<&str> = cv["context"]["priors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["treatment"].as_str().unwrap())
        .collect();
    assert_eq!(priors, ["balanced", "none", "context", "context-balanced"]);
    for t in cv["context"]["priors"].as_array().unwrap() {
        for s in t["sources"].as_array().unwrap() {
            let ece = s["ece"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&ece), "{s}");
        }
    }
    let model = std::fs::read_to_string(d.path("ctx.model")).unwrap();
    assert!(
        model.contains("\"context\": {"),
        "the stage is stored in the model"
    );

    let eval: Value = serde_json::from_str(&d.ok(&[
        "eval",
        "--model",
        "ctx.model",
        "--data",
        &articles,
        "--json",
    ]))
    .unwrap();
    let skip = &eval["skip"];
    assert_eq!(skip["skip"], 6, "{skip}");
    let skipped_content = skip["skipped_content"].as_u64().unwrap() as usize;
    assert_eq!(
        eval["examples"].as_u64().unwrap() as usize + skipped_content,
        content
    );
    let recall = skip["recall"].as_f64().unwrap();
    assert!((recall - skip["skipped_skip"].as_f64().unwrap() / 6.0).abs() < 1e-12);

    // A directory with both files is detected without the `articles:` kind.
    let plain: Value = serde_json::from_str(&d.ok(&[
        "eval",
        "--model",
        "ctx.model",
        "--data",
        "articles",
        "--json",
    ]))
    .unwrap();
    assert_eq!(plain["skip"], eval["skip"]);
    // Labels that do not belong to the texts are refused with their line.
    d.write(
        "bad/ground-truth.json",
        r#"{"p": {"articleBody": "One line."}}"#,
    );
    d.write(
        "bad/labels.jsonl",
        "{\"key\": \"p\", \"i\": 0, \"sha1\": \"000000000000\", \"label\": \"fact\"}\n",
    );
    let out = d.run(&["eval", "--model", "ctx.model", "--data", "articles:bad"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("labels.jsonl:1") && err.contains("sha1"),
        "{err}"
    );
}

#[test]
fn eval_splits_gold_quotations_by_the_labels_md_test() {
    // Corpora such as Webis label reported speech as a quotation; LABELS.md
    // calls indirect speech a fact. `eval` shows the two parts apart.
    let d = Dir::new();
    d.train_small();
    let held = std::fs::read_to_string(fixture("heldout.jsonl")).unwrap();
    let reported = [
        "The principal said the school would be rebuilt, and better than before, within two years.",
        "The lead researcher told reporters that the results were good news for patients.",
    ];
    let mut with: String = held.clone();
    for t in reported {
        with.push_str(&format!(
            "{}\n",
            serde_json::json!({"text": t, "label": "quotation"})
        ));
    }
    d.write("with.jsonl", with);
    d.write("without.jsonl", held);
    let eval = |file: &str| -> Value {
        let args = ["eval", "--data", file, "--model", "small.model", "--json"];
        serde_json::from_str(&d.ok(&args)).unwrap()
    };
    let report = eval("with.jsonl");
    let q = &report["quotations"];
    assert_eq!(q["mostly_quoted"], 3, "{report}");
    assert_eq!(q["other"], 2, "{report}");
    let predicted: u64 = q["other_predicted"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(predicted, 2, "{report}");
    // The figure without them is the report of the data without them.
    let without = eval("without.jsonl");
    assert_eq!(q["macro_f1_without_other"], without["macro_f1"]);
    assert!(
        without.get("quotations").is_none(),
        "every gold quotation passes the test: {without}"
    );
    let table = d.ok(&["eval", "--data", "with.jsonl", "--model", "small.model"]);
    assert!(table.contains("3 mostly quoted"), "{table}");
}
