//! The calibration step on whole documents (issue 25 item 3): a model with
//! one tags, explains and evaluates through it, in the direction its
//! temperature and biases say, and lone paragraphs keep their scores.

use crate::util::{assert_record, json_lines, jsonl, Dir};
use serde_json::Value;
use stance::model::{Calibration, CalibrationObjective};
use stance::{Model, Task};

/// An invented blog post: two reported facts, a quotation and two
/// opinions, each its own paragraph.
const POST: &str = "\
The county opened the new library branch on Saturday, two years after the old one closed.

The branch cost 4.2 million dollars and holds about 60,000 books, according to the county.

“We wanted a place where children can do their homework after school,” the librarian said.

I think this is the best money the county has spent in a decade, and it should build more.

Frankly, the parking lot is a disgrace and nobody seems to care about it.
";

/// The default model with a calibration step on its stance head.
fn calibrated(d: &Dir, name: &str, temperature: f64, bias: [f64; 3], relabel: bool) {
    let mut model = stance::default_model().unwrap();
    let mut head = model.head(Task::Stance).unwrap().clone();
    head.calibration = Some(Calibration {
        objective: CalibrationObjective::LogLoss,
        temperature,
        bias: bias.to_vec(),
        relabel,
        documents: 1,
        paragraphs: 5,
    });
    model.set_head(head);
    model.save(&d.path(name)).unwrap();
}

/// Each paragraph's probability of `class`, in reading order.
fn probabilities(records: &[Value], class: &str) -> Vec<f64> {
    records
        .iter()
        .filter(|r| !r["label"].is_null())
        .map(|r| r["scores"][class].as_f64().unwrap())
        .collect()
}

#[test]
fn a_calibrated_model_moves_probabilities_as_its_parameters_say() {
    let d = Dir::new();
    d.write("post.txt", POST);
    d.write(
        "lone.txt",
        "I think this is the best money the county has spent in a decade.\n",
    );
    calibrated(&d, "sharp.model", 0.5, [0.0, 0.0, 0.0], true);
    calibrated(&d, "opinion.model", 1.0, [0.0, 0.0, 1.0], true);
    let tag = |model: &str, input: &str| {
        let mut args = vec!["tag", "--no-shared", "--format", "jsonl", input];
        if !model.is_empty() {
            args.extend(["--model", model]);
        }
        jsonl(&d.ok(&args))
    };
    let plain = tag("", "post.txt");
    let sharp = tag("sharp.model", "post.txt");
    let opinion = tag("opinion.model", "post.txt");
    assert_eq!(probabilities(&plain, "fact").len(), 5);
    // T = 0.5 sharpens: every paragraph's most probable class gains, and
    // no label changes.
    for (p, s) in plain.iter().zip(&sharp) {
        let label = p["label"].as_str().unwrap();
        assert_eq!(s["label"], p["label"]);
        let (before, after) = (
            p["scores"][label].as_f64().unwrap(),
            s["scores"][label].as_f64().unwrap(),
        );
        assert!(
            after > before || before > 0.999,
            "{label}: {before} -> {after}"
        );
    }
    // A bias toward opinion raises every paragraph's opinion probability.
    for (b, a) in probabilities(&plain, "opinion")
        .iter()
        .zip(probabilities(&opinion, "opinion"))
    {
        assert!(a > *b, "{b} -> {a}");
    }
    // A lone paragraph keeps its scores: the step applies to documents.
    assert_eq!(
        tag("", "lone.txt")[0]["scores"],
        tag("opinion.model", "lone.txt")[0]["scores"]
    );
}

#[test]
fn explain_equals_tag_with_a_calibrated_model() {
    let d = Dir::new();
    d.write("post.txt", POST);
    // Biases strong enough to move labels, with and without relabelling.
    for (name, relabel) in [("relabel.model", true), ("shares.model", false)] {
        calibrated(&d, name, 0.7, [0.0, 0.5, 6.0], relabel);
        let tagged = jsonl(&d.ok(&[
            "tag",
            "--no-shared",
            "--format",
            "jsonl",
            "--model",
            name,
            "post.txt",
        ]));
        let explained = json_lines(&d.ok(&["explain", "--json", "--model", name, "post.txt"]));
        assert_eq!(explained.len(), tagged.len());
        for (t, e) in tagged.iter().zip(&explained) {
            assert_eq!(e["label"], t["label"], "{name}: {t}\n{e}");
            for (class, p) in t["scores"].as_object().unwrap() {
                let q = e["scores"][class].as_f64().unwrap();
                assert!((p.as_f64().unwrap() - q).abs() < 1e-12, "{class}: {t}\n{e}");
            }
        }
        // Every label is its paragraph's most probable class.
        tagged.iter().for_each(assert_record);
        let labels: Vec<&str> = tagged.iter().filter_map(|t| t["label"].as_str()).collect();
        let plain = jsonl(&d.ok(&["tag", "--no-shared", "--format", "jsonl", "post.txt"]));
        let before: Vec<&str> = plain.iter().filter_map(|t| t["label"].as_str()).collect();
        if relabel {
            assert_ne!(
                labels, before,
                "a bias of 6 toward opinion moves some label"
            );
        } else {
            assert_eq!(labels, before, "labels stay the context stage's");
        }
    }
}

#[test]
fn a_model_file_with_calibration_reads_back() {
    let d = Dir::new();
    calibrated(&d, "c.model", 0.8, [0.0, -0.2, 0.3], false);
    let back = Model::load(&d.path("c.model")).unwrap();
    let c = back
        .head(Task::Stance)
        .unwrap()
        .calibration
        .clone()
        .unwrap();
    assert_eq!(
        (c.temperature, c.bias.clone(), c.relabel),
        (0.8, vec![0.0, -0.2, 0.3], false)
    );
}

#[test]
fn train_fits_and_reports_a_calibration_step_on_whole_pages() {
    let pages = crate::util::repo("../shared/corpora/web-pages");
    if !std::path::Path::new(&pages).join("labels.jsonl").exists() {
        return; // the public corpus is not in this checkout
    }
    let d = Dir::new();
    let data = crate::util::fixture("train.jsonl");
    let calibration = format!("webpages:{pages}");
    let out = d.ok(&[
        "train",
        "--data",
        &data,
        "--out",
        "c.model",
        "--cv",
        "3",
        "--alpha",
        "1",
        "--calibrate",
        "log_loss",
        "--calibration-data",
        &calibration,
        "--calibration-relabel",
        "off",
    ]);
    assert!(out.contains("calibration on whole documents"), "{out}");
    assert!(
        out.contains("kept: log_loss (labels from the context stage)"),
        "{out}"
    );
    let model = Model::load(&d.path("c.model")).unwrap();
    let head = model.head(Task::Stance).unwrap();
    let c = head.calibration.as_ref().unwrap();
    assert!(!c.relabel && c.documents >= 50, "{c:?}");
    let cv = head
        .training
        .cv
        .as_ref()
        .unwrap()
        .calibration
        .as_ref()
        .unwrap();
    // Every objective is measured on the pages, `none` first.
    let pages_of = |i: usize| &cv.variants[i].sources[0];
    assert_eq!(cv.variants[0].objective, CalibrationObjective::None);
    assert_eq!(pages_of(0).documents, c.documents);
    assert!(pages_of(0).coverage.is_some());
}
