//! `stance train`: a model trained on the fixtures tags and evaluates them,
//! and training prints a cross-validated report, the same on every run.

use crate::util::{assert_record, fixture, jsonl, Dir};
use serde_json::Value;

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
