//! No label from who is named (issue 25, item 6): swapping a religion,
//! nationality, ethnicity or proper name (a person, an organisation, a
//! place) in an invented neutral sentence moves no probability of the
//! default model by more than 0.02, alone or inside a post (where the
//! document-context stage runs), wherever the name stands; and `stance
//! explain` lists no such term among its strongest cues. The default
//! model does not mask yet (models/README.md), so those two tests are
//! ignored; the masking itself is held to the same check on a model
//! trained where only the name tells the labels apart.

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

/// The largest spread of any sentence's fillings (see [`spread`]), alone
/// and inside a post, tagged with `model` (the default model if `None`),
/// and where it was found.
fn largest_spread(d: &Dir, model: Option<&str>) -> (f64, String) {
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
    let mut args = vec!["tag", "swaps.jsonl", "--fields", "doc,paragraph,scores"];
    if let Some(m) = model {
        args.extend(["--model", m]);
    }
    let records = json_lines(&d.ok(&args));
    let mut largest = (0.0, String::new());
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
            if s > largest.0 {
                largest = (s, format!("{kind} {sentence:?} with {terms:?}: {rows:?}"));
            }
        }
    }
    largest
}

#[test]
#[ignore = "the default model masks no identity terms until the recipe sets mask_identity (models/README.md, identity masking)"]
fn swapping_names_and_group_terms_moves_no_probability() {
    let (s, at) = largest_spread(&Dir::new(), None);
    assert!(s <= 0.02, "probabilities spread by {s:.3}: {at}");
}

/// A model trained on text where only who is named tells the labels apart
/// (the same sentences, labelled opinion with every even filling of
/// [`CASES`] and fact with every odd one): unmasked, swapping names moves
/// its probabilities; trained with `--mask-identity on`, no swap moves any
/// by more than 0.02.
#[test]
fn a_masked_model_gives_no_weight_to_who_is_named() {
    let d = Dir::new();
    let mut rows: Vec<String> = std::fs::read_to_string(fixture("train.jsonl"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    // The same sentences in both labels: only who is named tells them apart.
    let templates = [
        "{} representatives met on Tuesday to discuss the plan.",
        "The statement about {} was read out at the meeting.",
        "A letter from {} arrived at the office on Friday.",
        "Questions about {} came up again during the hearing.",
    ];
    for (_, terms) in CASES {
        for (t, term) in terms.iter().enumerate() {
            let label = if t % 2 == 0 { "opinion" } else { "fact" };
            for template in templates {
                let text = template.replace("{}", term);
                rows.push(serde_json::json!({"text": text, "label": label}).to_string());
            }
        }
    }
    d.write("biased.jsonl", rows.join("\n") + "\n");
    for (mask, out) in [("off", "plain.model"), ("on", "masked.model")] {
        d.ok(&[
            "train",
            "--data",
            "biased.jsonl",
            "--out",
            out,
            "--cv",
            "3",
            "--alpha",
            "0.3,1",
            "--mask-identity",
            mask,
        ]);
    }
    let (plain, at) = largest_spread(&d, Some("plain.model"));
    assert!(
        plain > 0.1,
        "unmasked, names should move the labels: {plain:.3} {at}"
    );
    let (masked, at) = largest_spread(&d, Some("masked.model"));
    eprintln!("largest spread: unmasked {plain:.3}, masked {masked:.3}");
    assert!(
        masked <= 0.02,
        "masked, probabilities spread by {masked:.3}: {at}"
    );
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
