//! `stance explain`: what a model has learnt, and why it labelled a paragraph.

use super::util::HeadArgs;
use super::Outcome;
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use stance::explain::{explain_text, top_features, Explanation};
use stance::features::Position;
use stance::read::{self, Event, ReadOptions};
use stance::structure::Structure;
use stance::tag::content_positions;

pub const ABOUT: &str = "\
Show what a model weighs, or why it labelled paragraphs as it did.

Without inputs: the --top features with the largest weight for each label (stemmed
unigrams and bigrams, and the dense features such as quote_share). Weights are centred
across labels: a positive weight favours the label over the average of the others.

With --paragraph TEXT (repeatable) or input files (text, JSONL documents, or the JSONL
that `stance tag` writes): each paragraph's label, probabilities and the --top features
that pushed it toward its label (positive contribution = value x weight), then the --top
that pushed against it. These are the model's own probabilities: for reader comments
below a comment header, `stance tag` then moves the fact probability to opinion.

Output is a table on a terminal; with --json, one JSON object for the model view
({task, labels, top: [{label, top: [{feature, kind, weight}]}]}) or one JSON line per
paragraph ({doc, paragraph, label, scores, contributions: [{feature, kind, value, weight,
contribution}], text}).

Examples:
  stance explain --top 30 --json > features.json
  stance explain --paragraph \"I think the council is wrong.\"
  stance tag post.txt > tagged.jsonl && stance explain tagged.jsonl --json";

#[derive(clap::Args)]
pub struct Args {
    /// Inputs to explain: text, JSONL documents or `stance tag` output (- for stdin).
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    /// A paragraph to explain (repeatable).
    #[arg(long, value_name = "TEXT")]
    paragraph: Vec<String>,
    #[command(flatten)]
    head: HeadArgs,
    /// How many features to show per label (or per direction for a paragraph).
    #[arg(long, default_value_t = 20, value_name = "N")]
    top: usize,
    /// JSON output.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    let model = args.head.load()?;
    let head = args.head.head(&model)?;
    if args.paths.is_empty() && args.paragraph.is_empty() {
        let top = top_features(head, args.top);
        if args.json {
            println!(
                "{}",
                json!({"task": args.head.task.name(), "labels": head.classes, "top": top})
            );
        } else {
            for class in &top {
                println!("{}", class.label);
                for f in &class.top {
                    println!(
                        "  {:>9.4}  {:<6} {}",
                        f.weight,
                        format!("{:?}", f.kind).to_lowercase(),
                        f.feature
                    );
                }
            }
        }
        return Ok(Outcome::Clean);
    }
    let featurizer = head.featurizer();
    let mut items: Vec<Item> = args
        .paragraph
        .iter()
        .enumerate()
        .map(|(i, t)| ("--paragraph".to_string(), i, t.clone(), None))
        .collect();
    for path in &args.paths {
        collect(path, &mut items)?;
    }
    for (doc, index, text, position) in items {
        let e = explain_text(head, &featurizer, &text, position, args.top);
        if args.json {
            println!("{}", record(&doc, index, &text, &e));
        } else {
            print_table(&doc, index, &text, &e);
        }
    }
    Ok(Outcome::Clean)
}

/// A paragraph to explain: document, index, text, and its place among the
/// document's content paragraphs (as `stance tag` scored it) when known.
type Item = (String, usize, String, Option<Position>);

/// Paragraphs of one input: `stance tag` records keep their doc and index
/// (positions are recounted from the records' `skipped` fields); anything
/// else is read and split like `stance tag` does.
fn collect(path: &str, items: &mut Vec<Item>) -> Result<()> {
    let options = ReadOptions::default();
    for input in read::expand(&[path.to_string()], &options)? {
        if input.format == Some(read::Format::Jsonl) {
            if let Some(p) = &input.path {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("reading {}", input.name))?;
                let first: Option<Value> = text
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .and_then(|l| serde_json::from_str(l).ok());
                if first
                    .as_ref()
                    .is_some_and(|v| v.get("doc").is_some() && v.get("paragraph").is_some())
                {
                    let start = items.len();
                    let mut skipped: Vec<bool> = Vec::new();
                    for (i, line) in text
                        .lines()
                        .enumerate()
                        .filter(|(_, l)| !l.trim().is_empty())
                    {
                        let v: Value = serde_json::from_str(line)
                            .with_context(|| format!("{}:{}: malformed JSON", input.name, i + 1))?;
                        let (Some(doc), Some(par), Some(t)) = (
                            v["doc"].as_str(),
                            v["paragraph"].as_u64(),
                            v["text"].as_str(),
                        ) else {
                            bail!(
                                "{}:{}: a tagged record needs doc, paragraph and text",
                                input.name,
                                i + 1
                            );
                        };
                        items.push((doc.to_string(), par as usize, t.to_string(), None));
                        skipped.push(v["skipped"].is_string());
                    }
                    set_positions(&mut items[start..], &skipped);
                    continue;
                }
            }
        }
        read::read_input(&input, &options, &mut |event| {
            match event {
                Event::Doc(d) => {
                    let skipped: Vec<bool> = Structure::of(&d)
                        .skipped
                        .iter()
                        .map(Option::is_some)
                        .collect();
                    let positions = content_positions(&skipped);
                    items.extend(
                        d.paragraphs
                            .into_iter()
                            .zip(positions)
                            .map(|(p, at)| (d.id.clone(), p.index, p.text, at)),
                    )
                }
                Event::Warning { message, .. } => super::util::warn(&message),
                Event::Bad(e) => return Err(e),
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Positions of tagged records, document by document (records of one
/// document are consecutive in `stance tag` output).
fn set_positions(items: &mut [Item], skipped: &[bool]) {
    let mut start = 0;
    while start < items.len() {
        let end = start
            + items[start..]
                .iter()
                .take_while(|it| it.0 == items[start].0)
                .count();
        for (item, at) in items[start..end]
            .iter_mut()
            .zip(content_positions(&skipped[start..end]))
        {
            item.3 = at;
        }
        start = end;
    }
}

fn record(doc: &str, index: usize, text: &str, e: &Explanation) -> Value {
    let scores: serde_json::Map<String, Value> = e
        .scores
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    json!({"doc": doc, "paragraph": index, "label": e.label, "scores": scores, "contributions": e.contributions, "text": text})
}

fn print_table(doc: &str, index: usize, text: &str, e: &Explanation) {
    let scores: Vec<String> = e
        .scores
        .iter()
        .map(|(k, v)| format!("{k} {v:.2}"))
        .collect();
    let short: String = text.chars().take(100).collect();
    println!(
        "{doc} #{index}: {} ({})\n  {short}{}",
        e.label,
        scores.join(", "),
        if text.chars().count() > 100 {
            "…"
        } else {
            ""
        }
    );
    for c in &e.contributions {
        println!(
            "  {:>+8.4}  {:<24} value {:>7.3}  weight {:>+7.3}",
            c.contribution, c.feature, c.value, c.weight
        );
    }
    println!();
}
