//! `stance explain`: the model's features and each paragraph's
//! contributions, reproducing the scores `stance tag` wrote.

use crate::util::{json_lines, jsonl, repo, Dir};
use serde_json::Value;

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

/// An invented blog post as a web page: a heading, a subhead in bold, the
/// writer's paragraphs, and reader comments (the extractor drops their
/// header).
const BLOG_PAGE: &str = "<html lang=\"en\"><body><article>\
<h1>The depot vote was a mistake</h1>\
<p>The council voted seven to two on Tuesday to close the Elm Street depot, the minutes released on Wednesday show.</p>\
<p>I think the council will regret it: anyone who rides the 14 knows the service is already stretched thin.</p>\
<p><strong>What the riders say</strong></p>\
<p>“We were never asked,” said Ana Ruiz, who has driven the 14 for eleven years. “Nobody came to the depot.”</p>\
<p>The savings are small, and longer routes from Northgate will eat them within two years.</p>\
</article>\
<div id=\"comments\" class=\"comments-area\"><h3>2 comments</h3><ol class=\"comment-list\">\
<li class=\"comment\"><div class=\"comment-content\"><p>The depot opened in 1931 and employs forty drivers and mechanics.</p></div></li>\
<li class=\"comment\"><div class=\"comment-content\"><p>Closing it is the worst decision this council has made in years.</p></div></li>\
</ol></div></body></html>";

/// Label and probabilities of every paragraph `stance explain` gives equal
/// those `stance tag` writes, and the paragraphs tag skips are skipped, for
/// the same reason. Returns how many paragraphs were labelled, and how many
/// of those the context stage or the comment rule moved off the first
/// stage's label.
fn explain_agrees_with_tag(d: &Dir, inputs: &[&str]) -> (usize, usize) {
    let mut tag_args = vec![
        "tag",
        "--no-shared",
        "--format",
        "jsonl",
        "-o",
        "tagged.jsonl",
    ];
    tag_args.extend(inputs);
    d.ok(&tag_args);
    let tagged = jsonl(&d.read("tagged.jsonl"));
    let mut explain_args = vec!["explain", "--json"];
    explain_args.extend(inputs);
    let from_inputs = json_lines(&d.ok(&explain_args));
    let from_records = json_lines(&d.ok(&["explain", "tagged.jsonl", "--json"]));
    assert_eq!(from_inputs.len(), tagged.len());
    assert_eq!(from_records.len(), tagged.len());
    let (mut labelled, mut moved) = (0, 0);
    for ((t, a), b) in tagged.iter().zip(&from_inputs).zip(&from_records) {
        for e in [a, b] {
            assert_eq!((&e["doc"], &e["paragraph"]), (&t["doc"], &t["paragraph"]));
            assert_eq!(e["skipped"], t["skipped"], "{t}\n{e}");
            assert_eq!(e["label"], t["label"], "{t}\n{e}");
            if t["label"].is_null() {
                assert!(e["scores"].is_null() && e["first_stage"].is_null(), "{e}");
                continue;
            }
            for (class, p) in t["scores"].as_object().unwrap() {
                let q = e["scores"][class].as_f64().unwrap();
                assert!(
                    (p.as_f64().unwrap() - q).abs() < 1e-12,
                    "{class}: {t} vs {e}"
                );
            }
        }
        if !t["label"].is_null() {
            labelled += 1;
            moved += usize::from(a["first_stage"]["label"] != a["label"]);
        }
    }
    (labelled, moved)
}

#[test]
fn explain_gives_the_label_tag_wrote_with_both_stages_issue_25() {
    let d = Dir::new();
    d.write("depot.html", BLOG_PAGE);
    let (labelled, _) = explain_agrees_with_tag(&d, &["depot.html"]);
    assert_eq!(labelled, 6, "four paragraphs of the post, two comments");
    let lines = json_lines(&d.ok(&["explain", "depot.html", "--json"]));
    let by_start = |s: &str| {
        lines
            .iter()
            .find(|e| e["text"].as_str().unwrap().starts_with(s))
            .unwrap_or_else(|| panic!("{s}: {lines:?}"))
    };
    // Skipped lines say why, and have no label.
    assert_eq!(by_start("The depot vote")["skipped"], "heading");
    assert_eq!(by_start("What the riders")["skipped"], "heading");
    // Both stages are shown: the paragraph's own model with its features,
    // the context stage with its inputs.
    let quote = by_start("“We were never");
    assert!(!quote["contributions"].as_array().unwrap().is_empty());
    let context = &quote["context"];
    assert!(context["scores"].is_object(), "{quote}");
    let inputs = context["inputs"].as_array().unwrap();
    let names: Vec<&str> = inputs
        .iter()
        .map(|i| i["input"].as_str().unwrap())
        .collect();
    assert!(names.iter().any(|n| n.starts_with("own:")), "{names:?}");
    assert!(names.iter().any(|n| !n.starts_with("own:")), "{names:?}");
    for i in inputs {
        let (v, w, x) = (
            i["value"].as_f64().unwrap(),
            i["weight"].as_f64().unwrap(),
            i["contribution"].as_f64().unwrap(),
        );
        assert!((v * w - x).abs() < 1e-9);
    }
    // Reader comments: the comment rule moves a fact probability to opinion.
    let comment = by_start("The depot opened in 1931");
    assert_eq!(comment["comment_rule"], true);
    assert_eq!(comment["scores"]["fact"], 0.0);
    assert!(context["scores"]["fact"].as_f64().unwrap() > 0.0);
    assert_eq!(by_start("I think the council")["comment_rule"], false);
    // The table says the same.
    let table = d.ok(&["explain", "depot.html"]);
    for want in [
        "skipped (heading)",
        "own model:",
        "in context:",
        "reader comment:",
    ] {
        assert!(table.contains(want), "{want}:\n{table}");
    }

    // Real posts and pages: the sample posts, the shared example posts and
    // a few of the shared web pages (blogs, a column, a review, news).
    let mut real = vec![repo("data/posts/"), repo("../shared/examples/")];
    for page in [
        "aclu",
        "blisterreview.com",
        "breitbart",
        "salon-1",
        "www.huffingtonpost.com",
    ] {
        let p = repo(&format!("../shared/corpora/web-pages/html/{page}.html.gz"));
        if std::path::Path::new(&p).exists() {
            real.push(p);
        }
    }
    let real: Vec<&str> = real.iter().map(String::as_str).collect();
    let (labelled, moved) = explain_agrees_with_tag(&d, &real);
    assert!(labelled >= 50, "only {labelled} paragraphs were labelled");
    // The context stage changes labels on real pages: comparing with the
    // first stage alone would have failed.
    assert!(moved > 0, "no label moved by the context stage");
}

/// The default model has a target head, but it scores mentions, not
/// paragraphs: `explain --task target` says where its tone is found
/// instead of claiming the head is missing; a model without one says what
/// it has.
#[test]
fn explain_task_target_points_to_tag_target() {
    let d = Dir::new();
    let out = d.run(&[
        "explain",
        "--task",
        "target",
        "--paragraph",
        "The mayor spoke.",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = crate::util::stderr_of(&out);
    assert!(err.contains("stance tag --target NAME"), "{err}");
    assert!(!err.contains("no target head"), "{err}");

    d.train_small();
    let out = d.run(&["explain", "--model", "small.model", "--task", "target"]);
    let err = crate::util::stderr_of(&out);
    assert!(
        err.contains("the model has no target head (it has: stance)"),
        "{err}"
    );
}
