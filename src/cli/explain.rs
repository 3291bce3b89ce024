//! `stance explain`: what a model has learnt, and why it labelled a paragraph.

use super::util::HeadArgs;
use super::Outcome;
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use stance::explain::{explain_document, top_features, ParagraphExplanation};
use stance::read::{self, Event, ReadOptions};
use stance::structure::{SkipReason, Structure};

pub const ABOUT: &str = "\
Show what a model weighs, or why it labelled paragraphs as it did.

Without inputs: the --top features with the largest weight for each label (stemmed
unigrams and bigrams, and the dense features such as quote_share). Weights are centred
across labels: a positive weight favours the label over the average of the others.

With input files (text, web pages, Markdown, JSONL documents, or the JSONL that `stance tag`
writes): every paragraph, explained as `stance tag` scored it, so label and probabilities
are the ones tag writes. Boilerplate is skipped by the same rules (for tag's records, the
`skipped` they carry), and said so: `skipped` names the reason, the label is null. A
content paragraph shows both stages of the stance model:
  first_stage   the paragraph's own model: its label and probabilities, and in
                `contributions` the --top features that pushed it toward that label
                (contribution = value x weight), then the --top against it;
  context       the document-context stage, which rescores the paragraph from its own
                probabilities and its document's (inputs: own:LABEL, the paragraph's
                log-probability; document:LABEL, the other paragraphs' mean;
                previous:/next:LABEL, the neighbours'; position, ln_paragraphs;
                previous_colon, previous_attribution, next_attribution; genre:CUE, the
                whole document's voice and cue rates; structure:first, :last, :short,
                :unpunctuated, :ln_words, where the paragraph sits): its label,
                probabilities and the --top inputs for and against its label; null for a
                lone paragraph (it keeps its own scores) or a model without the stage;
  calibrated    true when the model's calibration step (fitted on whole labelled pages, see
                `stance train --help`) rescaled the probabilities after the context stage, as
                tag does for documents of two or more content paragraphs; with a step that
                keeps labels (the default model's) the label stays the context stage's;
  comment_rule  true for a reader comment (below a comment header, or marked by the HTML
                reader): its fact probability was moved to opinion, as tag does.
`label` and `scores` are the final ones. With --paragraph TEXT (repeatable) each text is
explained alone (no boilerplate rules, no context: a lone paragraph).

Output is a table on a terminal; with --json, one JSON object for the model view
({task, labels, top: [{label, top: [{feature, kind, weight}]}]}) or one JSON line per
paragraph ({doc, paragraph, skipped, label, scores, first_stage: {label, scores},
contributions: [{feature, kind, value, weight, contribution}], context: {label, scores,
inputs: [{input, value, weight, contribution}]} or null, calibrated, comment_rule, text}).

Examples:
  stance explain --top 30 --json > features.json
  stance explain --paragraph \"I think the council is wrong.\"
  stance explain post.html
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
    /// Explain documents in any language, as `stance tag --any-language` labels them
    /// (otherwise content in a language the model was not trained on is skipped).
    #[arg(long)]
    any_language: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    super::fetch::files_only(&args.paths, "stance explain")?;
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
    let mut docs: Vec<Doc> = args
        .paragraph
        .iter()
        .enumerate()
        .map(|(i, t)| Doc {
            id: "--paragraph".to_string(),
            index: vec![i],
            texts: vec![t.clone()],
            skipped: vec![None],
            in_comments: vec![false],
        })
        .collect();
    let languages = (!args.any_language).then_some(head.training.languages.as_slice());
    for path in &args.paths {
        collect(path, languages, &mut docs)?;
    }
    for d in &docs {
        let texts: Vec<&str> = d.texts.iter().map(String::as_str).collect();
        let skipped: Vec<bool> = d.skipped.iter().map(Option::is_some).collect();
        let explained = explain_document(
            head,
            &featurizer,
            &texts,
            &skipped,
            &d.in_comments,
            args.top,
        );
        for (i, e) in explained.iter().enumerate() {
            let (index, text, reason) = (d.index[i], &d.texts[i], d.skipped[i].as_deref());
            if args.json {
                println!("{}", record(&d.id, index, text, reason, e.as_ref()));
            } else {
                print_table(&d.id, index, text, reason, e.as_ref());
            }
        }
    }
    Ok(Outcome::Clean)
}

/// One document's paragraphs to explain: their indexes and texts, why each
/// is skipped (`None` for content) and whether each is a reader comment.
struct Doc {
    id: String,
    index: Vec<usize>,
    texts: Vec<String>,
    skipped: Vec<Option<String>>,
    in_comments: Vec<bool>,
}

impl Doc {
    fn new(id: &str) -> Doc {
        Doc {
            id: id.to_string(),
            index: Vec::new(),
            texts: Vec::new(),
            skipped: Vec::new(),
            in_comments: Vec::new(),
        }
    }
}

/// The documents of one input: `stance tag` records keep their doc, index,
/// skip reasons and comment flags (records of one document are consecutive
/// in tag's output); anything else is read, split and given its structure
/// as `stance tag` does (`languages`: the model's training languages, whose
/// absence skips a document's content; `None` with --any-language).
fn collect(path: &str, languages: Option<&[String]>, docs: &mut Vec<Doc>) -> Result<()> {
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
                    let mut below_header = false;
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
                        if docs.last().is_none_or(|d| d.id != doc) {
                            docs.push(Doc::new(doc));
                            below_header = false;
                        }
                        let skipped = v["skipped"].as_str().map(str::to_string);
                        below_header |= skipped.as_deref().and_then(SkipReason::from_name)
                            == Some(SkipReason::CommentHeader);
                        let d = docs.last_mut().expect("pushed above");
                        d.index.push(par as usize);
                        d.texts.push(t.to_string());
                        d.skipped.push(skipped);
                        d.in_comments.push(below_header || v["comment"] == true);
                    }
                    continue;
                }
            }
        }
        read::read_input(&input, &options, &mut |event| {
            match event {
                Event::Doc(d) => {
                    let foreign = languages.is_some_and(|known| {
                        !stance::language::is_known(d.meta.language.as_deref(), known)
                    });
                    let mut doc = Doc::new(&d.id);
                    let mut below_header = false;
                    for (p, reason) in d.paragraphs.iter().zip(Structure::of(&d).skipped) {
                        below_header |= reason == Some(SkipReason::CommentHeader);
                        let reason = reason.or(foreign.then_some(SkipReason::Language));
                        doc.index.push(p.index);
                        doc.texts.push(p.text.clone());
                        doc.skipped.push(reason.map(|r| r.as_str().to_string()));
                        doc.in_comments.push(below_header || p.comment);
                    }
                    docs.push(doc);
                }
                Event::Warning { message, .. } => super::util::warn(&message),
                Event::Bad(e) => return Err(e),
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Probabilities as a JSON object, in class order.
fn scores_json(scores: &[(String, f64)]) -> Value {
    Value::Object(scores.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
}

fn record(
    doc: &str,
    index: usize,
    text: &str,
    skipped: Option<&str>,
    e: Option<&ParagraphExplanation>,
) -> Value {
    let Some(e) = e else {
        return json!({"doc": doc, "paragraph": index, "skipped": skipped, "label": null,
            "scores": null, "first_stage": null, "contributions": [], "context": null,
            "calibrated": false, "comment_rule": false, "text": text});
    };
    let context = e
        .context
        .as_ref()
        .map(|c| json!({"label": c.label, "scores": scores_json(&c.scores), "inputs": c.inputs}));
    json!({"doc": doc, "paragraph": index, "skipped": null, "label": e.label,
        "scores": scores_json(&e.scores),
        "first_stage": {"label": e.first.label, "scores": scores_json(&e.first.scores)},
        "contributions": e.first.contributions, "context": context,
        "calibrated": e.calibrated, "comment_rule": e.comment_rule, "text": text})
}

fn scores_line(scores: &[(String, f64)]) -> String {
    scores
        .iter()
        .map(|(k, v)| format!("{k} {v:.2}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_table(
    doc: &str,
    index: usize,
    text: &str,
    skipped: Option<&str>,
    e: Option<&ParagraphExplanation>,
) {
    let short: String = text.chars().take(100).collect();
    let more = if text.chars().count() > 100 {
        "…"
    } else {
        ""
    };
    let Some(e) = e else {
        println!(
            "{doc} #{index}: skipped ({}): not labelled, as `stance tag` skips it\n  {short}{more}\n",
            skipped.unwrap_or("not content")
        );
        return;
    };
    println!(
        "{doc} #{index}: {} ({})\n  {short}{more}",
        e.label,
        scores_line(&e.scores)
    );
    println!(
        "  own model: {} ({})",
        e.first.label,
        scores_line(&e.first.scores)
    );
    for c in &e.first.contributions {
        println!(
            "    {:>+8.4}  {:<24} value {:>7.3}  weight {:>+7.3}",
            c.contribution, c.feature, c.value, c.weight
        );
    }
    match &e.context {
        Some(c) => {
            println!("  in context: {} ({})", c.label, scores_line(&c.scores));
            for x in &c.inputs {
                println!(
                    "    {:>+8.4}  {:<24} value {:>7.3}  weight {:>+7.3}",
                    x.contribution, x.input, x.value, x.weight
                );
            }
        }
        None => println!("  in context: no change (a lone paragraph, or no context stage)"),
    }
    if e.calibrated {
        println!("  calibrated on whole documents (the model's calibration step)");
    }
    if e.comment_rule {
        println!("  reader comment: its fact probability moved to opinion");
    }
    println!();
}
