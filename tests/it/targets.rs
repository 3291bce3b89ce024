//! Tone toward named targets (`--target`, JSONL `"targets"`): the
//! `targets` field, `stance summary --target` and the report page, on an
//! invented post whose second paragraph is negative toward one target and
//! positive toward another.

use crate::util::{json_lines, Dir};
use serde_json::Value;

/// An invented post: a neutral opening that names neither target, then
/// one paragraph that runs one target down and praises the other.
const POST: &str =
    "The harbour board met on Tuesday to discuss the ferry timetable for the winter.\n\n\
Councillor Ortiz's reckless plan is a disgrace: it wasted millions and failed the town, \
and her excuses are dishonest. Dan Lee, by contrast, did excellent, honest work and \
deserves real praise for saving the ferry.\n";

/// The `targets` of each record, by paragraph.
fn targets(records: &[Value]) -> Vec<&Value> {
    records.iter().map(|r| &r["targets"]).collect()
}

/// The tone entry of `name` in a paragraph's `targets`.
fn tone<'a>(targets: &'a Value, name: &str) -> &'a Value {
    targets
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == name)
        .unwrap_or_else(|| panic!("no {name} in {targets}"))
}

#[test]
fn one_paragraph_negative_toward_one_target_positive_toward_another() {
    let d = Dir::new();
    d.write("post.txt", POST);
    let out = d.ok(&[
        "tag",
        "post.txt",
        "--target",
        "Maria Ortiz=Ortiz|the councillor",
        "--target",
        "Dan Lee=Lee",
        "--target",
        "Acme",
    ]);
    let records = json_lines(&out);
    assert_eq!(records.len(), 2);
    let t = targets(&records);
    // The opening mentions no target: an empty list, not null.
    assert_eq!(t[0], &serde_json::json!([]));
    let list = t[1].as_array().unwrap();
    assert_eq!(list.len(), 2, "Acme is not mentioned: {list:?}");
    let ortiz = tone(t[1], "Maria Ortiz");
    let lee = tone(t[1], "Dan Lee");
    assert_eq!(
        (ortiz["mentions"].as_u64(), lee["mentions"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(ortiz["sentiment"], "negative", "{ortiz}");
    assert_eq!(lee["sentiment"], "positive", "{lee}");
    for t in [ortiz, lee] {
        let s = &t["sentiment_scores"];
        let sum: f64 = ["negative", "neutral", "positive"]
            .iter()
            .map(|c| s[c].as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-9, "{s}");
    }
    // The field comes last, after the page metadata.
    let line = out.lines().nth(1).unwrap();
    let (language, targets) = (line.find("\"language\":"), line.find(",\"targets\":["));
    assert!(language < targets && line.ends_with("]}"), "{line}");
    // Without --target the records have no targets field.
    let plain = json_lines(&d.ok(&["tag", "post.txt"]));
    assert!(plain.iter().all(|r| r.get("targets").is_none()));
    // CSV: NAME:sentiment joined with |.
    let csv = d.ok(&[
        "tag",
        "post.txt",
        "--format",
        "csv",
        "--fields",
        "paragraph,targets",
        "--target",
        "Dan Lee=Lee",
        "--target",
        "Maria Ortiz=Ortiz",
    ]);
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "paragraph,targets",
            "0,",
            "1,Dan Lee:positive|Maria Ortiz:negative"
        ]
    );
}

#[test]
fn jsonl_records_name_their_own_targets() {
    let d = Dir::new();
    let record = serde_json::json!({"id": "p", "text": POST, "targets": ["Dan Lee=Lee", "Ortiz"]});
    d.write(
        "in.jsonl",
        format!(
            "{record}\n{}\n",
            serde_json::json!({"id": "q", "text": POST})
        ),
    );
    let records = json_lines(&d.ok(&["tag", "in.jsonl"]));
    let p: Vec<&Value> = records.iter().filter(|r| r["doc"] == "p").collect();
    assert_eq!(tone(&p[1]["targets"], "Ortiz")["sentiment"], "negative");
    assert_eq!(tone(&p[1]["targets"], "Dan Lee")["sentiment"], "positive");
    // The other record asked for none.
    assert!(records
        .iter()
        .filter(|r| r["doc"] == "q")
        .all(|r| r.get("targets").is_none()));
    // A bad target is an error naming the line.
    d.write("bad.jsonl", "{\"text\": \"x\", \"targets\": [\"=x\"]}\n");
    let out = d.run(&["tag", "bad.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.jsonl:1"));
}

#[test]
fn summary_and_report_give_the_tone_per_post() {
    let d = Dir::new();
    d.write("posts/post.txt", POST);
    let args = ["--target", "Maria Ortiz=Ortiz", "--target", "Dan Lee=Lee"];
    let mut cmd = vec!["summary", "posts", "--format", "jsonl"];
    cmd.extend(args);
    let rows = json_lines(&d.ok(&cmd));
    let t = rows[0]["targets"].as_array().unwrap();
    assert_eq!(t.len(), 2);
    let by = |n: &str| t.iter().find(|x| x["target"] == n).unwrap();
    assert!(by("Maria Ortiz")["tone"].as_f64().unwrap() < -0.2, "{t:?}");
    assert!(by("Dan Lee")["tone"].as_f64().unwrap() > 0.2, "{t:?}");
    assert_eq!(by("Dan Lee")["mentions"], 1);
    // From tag output too, and the table says it below the row.
    let mut tag = vec!["tag", "posts", "-o", "tagged.jsonl"];
    tag.extend(args);
    d.ok(&tag);
    let table = d.ok(&[
        "summary",
        "tagged.jsonl",
        "--format",
        "table",
        "--target",
        "Dan Lee",
    ]);
    assert!(
        table.contains("toward Dan Lee: 1 mention in 1 paragraph, tone +"),
        "{table}"
    );
    assert!(!table.contains("Maria Ortiz"), "{table}");
    let csv = d.ok(&[
        "summary",
        "tagged.jsonl",
        "--format",
        "csv",
        "--target",
        "Maria Ortiz",
    ]);
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",targets"), "{header}");
    assert!(
        csv.lines().nth(1).unwrap().contains("Maria Ortiz:1:-"),
        "{csv}"
    );
    // The report page: the tone per post and per paragraph.
    d.ok(&["report", "tagged.jsonl", "-o", "report.html"]);
    let page = d.read("report.html");
    assert!(
        page.contains("Tone toward Maria Ortiz: 1 mention in 1 paragraph, tone -"),
        "report"
    );
    assert!(page.contains("toward Dan Lee: positive"));
}

#[test]
fn target_eval_answers_every_row() {
    let d = Dir::new();
    let rows = concat!(
        "{\"mention\": \"Lee\", \"polarity\": 1, \"from\": 0, \"to\": 3, \"sentence\": \"Lee did excellent, honest work and deserves praise.\"}\n",
        "{\"mention\": \"Ortiz\", \"polarity\": -1, \"from\": 0, \"to\": 5, \"sentence\": \"Ortiz wasted millions with a reckless, dishonest plan.\"}\n",
    );
    d.write("rows.jsonl", rows);
    let out = d.ok(&[
        "eval",
        "--task",
        "target",
        "--data",
        "newsmtsc:rows.jsonl",
        "--json",
    ]);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (v["answered"].as_u64(), v["rows"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(v["target"]["examples"], 2);
    assert!(v["paragraph_sentiment"]["macro_f1"].is_number());
}

#[test]
fn bad_targets_and_models_without_a_target_head_are_refused() {
    let d = Dir::new();
    d.write("post.txt", POST);
    let out = d.run(&["tag", "post.txt", "--target", "Lee=|x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad target"));
    let small = d.train_small();
    let small = small.to_str().unwrap();
    let out = d.run(&["tag", "post.txt", "--model", small, "--target", "Lee"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("target head"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Without --target the same model tags as before.
    assert_eq!(
        json_lines(&d.ok(&["tag", "post.txt", "--model", small])).len(),
        2
    );
}
