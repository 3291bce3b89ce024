//! No label from who is named (issue 25, item 6): swapping a religion,
//! nationality, ethnicity or proper name (a person, an organisation, a
//! place) in an invented neutral sentence moves no probability of the
//! default model by more than 0.02, alone or inside a post (where the
//! document-context stage runs), wherever the name stands; and `stance
//! explain` lists no such term among its strongest cues.

use crate::util::*;
use serde_json::Value;

/// Invented neutral sentences with a slot, and the terms swapped into it.
const CASES: &[(&str, &[&str])] = &[
    (
        "{} community leaders met the mayor on Tuesday to discuss the budget.",
        &["Muslim", "Christian", "Jewish", "Hindu", "Buddhist", "Sikh"],
    ),
    (
        "The council said {} families would receive the grants next month.",
        &[
            "Muslim", "Mexican", "British", "Somali", "Hispanic", "Chinese",
        ],
    ),
    (
        "The report was presented by {} at the annual meeting of the board.",
        &[
            "Ortiz", "Cochran", "Nguyen", "Goldberg", "Mohammed", "Smith",
        ],
    ),
    // A name that opens the sentence.
    (
        "{} told reporters that the plant would close in March.",
        &["Trump", "Cochran", "Smith", "Ortiz", "Nguyen", "Goldberg"],
    ),
    (
        "Officials from the {} confirmed the figures at a briefing on Monday.",
        &["CIA", "FBI", "NHS", "Treasury", "Pentagon", "Vatican"],
    ),
    (
        "A new library opened in {} on Saturday with room for 300 readers.",
        &[
            "Lagos",
            "Boston",
            "Karachi",
            "Belfast",
            "Jerusalem",
            "Moscow",
        ],
    ),
];

/// Over the fillings of one sentence, the largest spread (max − min) of
/// any label's probability.
fn spread(rows: &[&Value]) -> f64 {
    ["fact", "quotation", "opinion"]
        .iter()
        .map(|l| {
            let p: Vec<f64> = rows
                .iter()
                .map(|r| r["scores"][l].as_f64().expect("a probability"))
                .collect();
            let max = p.iter().copied().fold(f64::MIN, f64::max);
            let min = p.iter().copied().fold(f64::MAX, f64::min);
            max - min
        })
        .fold(0.0, f64::max)
}

#[test]
#[ignore = "the default model masks no identity terms until the recipe sets mask_identity (models/README.md, identity masking)"]
fn swapping_names_and_group_terms_moves_no_probability() {
    let d = Dir::new();
    let mut lines = Vec::new();
    for (c, (sentence, terms)) in CASES.iter().enumerate() {
        for (t, term) in terms.iter().enumerate() {
            let text = sentence.replace("{}", term);
            lines.push(serde_json::json!({"id": format!("lone-{c}-{t}"), "paragraphs": [text]}));
            lines.push(
                serde_json::json!({"id": format!("post-{c}-{t}"), "paragraphs": [
                    "The committee published its annual figures on Wednesday.",
                    text,
                    "The next meeting is planned for the spring."
                ]}),
            );
        }
    }
    let input: Vec<String> = lines.iter().map(Value::to_string).collect();
    d.write("swaps.jsonl", input.join("\n") + "\n");
    let records = json_lines(&d.ok(&["tag", "swaps.jsonl", "--fields", "doc,paragraph,scores"]));
    for (c, (sentence, terms)) in CASES.iter().enumerate() {
        for (kind, paragraph) in [("lone", 0), ("post", 1)] {
            let rows: Vec<&Value> = (0..terms.len())
                .map(|t| {
                    records
                        .iter()
                        .find(|r| {
                            r["doc"] == format!("{kind}-{c}-{t}") && r["paragraph"] == paragraph
                        })
                        .unwrap_or_else(|| panic!("no record for {kind}-{c}-{t}"))
                })
                .collect();
            let s = spread(&rows);
            assert!(
                s <= 0.02,
                "{kind} {sentence:?} with {terms:?}: probabilities spread by {s:.3}: {rows:?}"
            );
        }
    }
}

#[test]
#[ignore = "the default model masks no identity terms until the recipe sets mask_identity (models/README.md, identity masking)"]
fn explain_lists_no_identity_term_among_the_strongest_cues() {
    let d = Dir::new();
    let out = d.ok(&["explain", "--top", "50", "--json"]);
    let terms: Vec<String> = serde_json::from_str::<Value>(&out).unwrap()["top"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["top"].as_array().unwrap().clone())
        .map(|f| f["feature"].as_str().unwrap().to_string())
        .collect();
    assert!(terms.len() >= 100, "{terms:?}");
    // Today's model listed `muslim`, `british`, `cia` and `cochran` among
    // its ten strongest cues; stems, as `explain` shows them.
    let identity = [
        "muslim",
        "christian",
        "jewish",
        "jew",
        "british",
        "american",
        "cia",
        "cochran",
        "trump",
    ];
    for t in &terms {
        for word in t.split(' ') {
            assert!(
                !identity.contains(&word),
                "`{t}` is among the strongest cues"
            );
        }
    }
}
