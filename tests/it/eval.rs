//! `stance eval` (and `train` on `articles:` sources): the context stage,
//! the skip rules measured against gold labels, and the split of gold
//! quotations.

use crate::util::{fixture, Dir};
use serde_json::Value;

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
fn calibration_pages_train_the_context_stage_with_context_pages_on() {
    // Lone paragraphs only in training: the stage has no document to learn
    // from unless the calibration pages join it (`--context-pages on`).
    let d = Dir::new();
    let (articles, content) = write_articles(&d);
    let data = fixture("train.jsonl");
    let args = |pages: &'static str| {
        vec![
            "train".to_string(),
            "--data".into(),
            data.clone(),
            "--calibration-data".into(),
            articles.clone(),
            "--calibrate".into(),
            "temperature".into(),
            "--out".into(),
            "pages.model".into(),
            "--cv".into(),
            "3".into(),
            "--alpha".into(),
            "1".into(),
            "--context".into(),
            "own,genre,structure".into(),
            "--context-pages".into(),
            pages.into(),
            "--json".into(),
        ]
    };
    let off = args("off");
    let out = d.run(&off.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!out.status.success(), "no documents to train the stage on");
    let on = args("on");
    let info: Value =
        serde_json::from_str(&d.ok(&on.iter().map(String::as_str).collect::<Vec<_>>())).unwrap();
    let stage_sources: Vec<(&str, u64)> = info["cv"]["context"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap(),
                s["report"]["examples"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stage_sources.last(),
        Some(&(articles.as_str(), content as u64)),
        "the pages scored out of fold by the stage"
    );
    assert_eq!(info["params"]["context_pages"], true);
    let trained: Vec<&str> = info["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        trained,
        [data.as_str()],
        "the first stage never saw the pages"
    );
    let model = std::fs::read_to_string(d.path("pages.model")).unwrap();
    assert!(model.contains("\"genre\"") && model.contains("\"structure\""));
    // `explain` lists the new groups' contributions by name.
    d.write(
        "post.txt",
        "I drove the coast road again this morning, and I am tired of it.\n\n\
         The council closed it on Tuesday after a landslide, officials said.\n\n\
         Why does nobody care about the people who live here?\n",
    );
    let line = d.ok(&[
        "explain",
        "post.txt",
        "--model",
        "pages.model",
        "--json",
        "--top",
        "40",
    ]);
    let first: Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    let inputs: Vec<&str> = first["context"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["input"].as_str().unwrap())
        .collect();
    // (The invented pages have no first person or questions, so the genre
    // inputs' weights are zero and explain leaves them out.)
    assert!(inputs.contains(&"structure:first"), "{inputs:?}");
    assert!(inputs.contains(&"structure:ln_words"), "{inputs:?}");
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
