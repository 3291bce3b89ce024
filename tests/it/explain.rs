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
