//! `stance eval`: a model against labelled data.

use super::util::{Bar, HeadArgs};
use super::Outcome;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use stance::corpus::articles::{Article, Gold};
use stance::corpus::{self, Scheme};
use stance::doc::Label;
use stance::metrics;
use stance::progress::Progress;
use stance::tag::Tagger;

pub const ABOUT: &str = "\
Measure a model on labelled data: per-class precision, recall and F1, macro-F1, accuracy,
expected calibration error (10 bins of the top probability) and the confusion matrix
(rows gold, columns predicted). Data formats are those of `stance train --help`.

Labelled articles (`articles:DIR`, a directory with ground-truth.json and labels.jsonl) and
labelled web pages (`webpages:DIR`, a directory with labels.jsonl holding the paragraphs' texts)
are tagged as `stance tag` tags a document: every paragraph of an article, boilerplate included, goes
through the boilerplate rules and the model with its document context. Paragraphs labelled `skip`
measure the rules (skip precision and recall are printed below the report, and under `skip` in
--json); content paragraphs the rules skip are counted there and left out of the report;
paragraphs the annotators disagreed on or found ambiguous are not scored. For these whole pages
the per-document share error is printed too: per page, half the sum over labels of |gold word
share - predicted word share| over its scored paragraphs (words as `stance summary` counts them),
averaged over pages; once with each paragraph's words given to its predicted label (argmax), once
spread by its probabilities (`share_error` in --json), and how often the 95 % share intervals
`stance summary` prints hold the page's gold share (`interval_coverage`: over page-label pairs;
about 0.95 if the probabilities were calibrated and the paragraphs independent). Where the directory holds the saved pages
(html/<key>.html.gz) and their genres (genres.jsonl), each page's `genre` as `stance tag` gives
it (declared by the page, else estimated from its tagged paragraphs) is compared with the
readers' genre: accuracy over the pages with an agreed genre, of declared and estimated genres
apart, and the confusion (`genre` in --json). Paragraphs of one
Webis editorial are scored together too, so a model's context stage sees their document.

Opinion-vs-not corpora (NewsSD-ENG, CheckThat!) are scored as two classes, `opinion` and
`not-opinion`: a sentence is predicted opinion when P(opinion) > 0.5, i.e. more than fact and
quotation together. Do not mix them with three-label data in one run.

Gold quotations of three-label corpora are also split by LABELS.md's test for a quotation (more
than half of the words inside quotation marks): Webis labels reported speech (`testimony`) as
quotation whether or not it is quoted, while LABELS.md calls indirect speech a fact. The split
shows what the model predicts for each part, and the macro-F1 without the gold quotations that
fail the test.

With --json the same figures are printed as one JSON object: {labels, classes: [{label,
precision, recall, f1, support}], macro_f1, accuracy, confusion, ece, reliability, examples},
with `skip` and `share_error` for whole pages and `quotations` for the split.

With --task target (NewsMTSC rows, `newsmtsc:PATH`), the model's target head is scored toward
the mention each row names, and, for comparison, the paragraph sentiment head's label of the
whole sentence as the answer for every target in it.

With --task genre (labelled pages with a genres.jsonl: `webpages:DIR`, `articles:DIR`), the
model's genre head is measured by k-fold cross-validation over the pages (folds stratified by
genre, --seed, the head's folds, features, alpha and prior treatment; refitted per fold, so no
page is scored by a head that saw it): accuracy, per-genre F1 and the confusion of the
classifier alone and with declared genres first, per data source, and of declared genres alone.
The genre figures printed for whole pages without --task genre use the model's head as it is
(in-sample on the pages it was trained on).

Example:
  stance eval --data ../shared/corpora/newssd-eng/val.csv --json
  stance eval --task target --data newsmtsc:../shared/corpora/newsmtsc/dev.jsonl
  stance eval --task genre --data webpages:../shared/corpora/web-pages --seed 7";

#[derive(clap::Args)]
pub struct Args {
    /// Labelled data: a file or directory, optionally as KIND:PATH (repeatable).
    #[arg(long, required = true, value_name = "PATH")]
    data: Vec<String>,
    #[command(flatten)]
    head: HeadArgs,
    /// With --task genre: the seed of the page folds [default: the head's].
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    super::fetch::labelled_only(&args.data, "--data")?;
    let model = args.head.load()?;
    if args.head.task == stance::Task::Target {
        return super::eval_target::run(&args.data, &model, args.json);
    }
    if args.head.task == stance::Task::Genre {
        return super::genre::eval(&args.data, &model, args.seed, args.json);
    }
    let head = args.head.head(&model)?;
    let mut examples = Vec::new();
    let mut articles = Vec::new();
    for spec in &args.data {
        let mut read = || -> stance::Result<()> {
            match corpus::load_articles(spec, None, args.head.task)? {
                Some(a) => articles.extend(a),
                None => examples.extend(corpus::load(spec, args.head.task)?.examples),
            }
            Ok(())
        };
        // The library's errors name the file; the context says what it was.
        read().context("reading evaluation data")?;
    }
    if examples.is_empty() && articles.is_empty() {
        bail!("no labelled examples in {}", args.data.join(", "));
    }
    let binary = examples.iter().any(|e| e.scheme == Scheme::OpinionVsNot);
    if binary && (examples.iter().any(|e| e.scheme == Scheme::Full) || !articles.is_empty()) {
        bail!("opinion-vs-not corpora and three-label data cannot be evaluated together; run them separately");
    }
    let featurizer = head.featurizer();
    let bar = Bar::new();
    bar.phase("scoring", (examples.len() + articles.len()) as u64);
    // Paragraphs of one document (consecutive examples of one group with
    // positions: Webis editorials) are scored together, so the context
    // stage sees their document; sentences and lone paragraphs alone.
    let mut docs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, e) in examples.iter().enumerate() {
        match docs.last_mut() {
            Some(d)
                if e.position.is_some()
                    && examples[d.start].position.is_some()
                    && examples[d.start].group == e.group =>
            {
                d.end = i + 1
            }
            _ => docs.push(i..i + 1),
        }
    }
    let mut scores: Vec<_> = docs
        .par_iter()
        .flat_map_iter(|d| {
            let part = &examples[d.clone()];
            let first = part
                .iter()
                .map(|e| head.score_text_at(&featurizer, &e.text, e.position))
                .collect();
            let texts: Vec<&str> = part.iter().map(|e| e.text.as_str()).collect();
            bar.advance(part.len() as u64);
            head.in_context(first, &texts)
        })
        .collect();
    let mut gold: Vec<usize> = examples.iter().map(|e| e.label).collect();
    let quotations = if binary {
        None
    } else {
        QuotationSplit::of(&head.classes, &examples, &scores)
    };
    let mut shares = None;
    let mut coverage = None;
    let mut genres = None;
    let skip = if articles.is_empty() {
        None
    } else {
        let tagger = Tagger::new(&model)?;
        let scored: Vec<ArticleScores> = articles
            .par_iter()
            .map(|a| {
                let s = score_article(&tagger, a);
                bar.advance(1);
                s
            })
            .collect();
        let mut skip = SkipFigures::default();
        let docs: Vec<Vec<metrics::ShareRow>> = scored
            .iter()
            .map(|a| {
                a.gold
                    .iter()
                    .zip(&a.scores)
                    .zip(&a.words)
                    .map(|((&gold, s), &words)| metrics::ShareRow {
                        words,
                        gold,
                        predicted: s.label,
                        probabilities: &s.probabilities,
                    })
                    .collect()
            })
            .collect();
        shares = Some(metrics::share_error(head.classes.len(), &docs));
        coverage = metrics::interval_coverage(head.classes.len(), &docs);
        drop(docs);
        genres = GenreFigures::of(&articles, &scored);
        for a in scored {
            gold.extend(a.gold);
            scores.extend(a.scores);
            skip.add(&a.skip);
        }
        Some(skip.finish())
    };
    bar.finish();
    let report = if binary {
        // Collapse to opinion (1) vs not (0); probability of opinion vs the rest.
        let opinion = Label::Opinion
            .column(&head.classes)
            .context("model has no opinion class")?;
        let g: Vec<usize> = gold.iter().map(|&l| (l == opinion) as usize).collect();
        let probs: Vec<Vec<f64>> = scores
            .iter()
            .map(|s| vec![1.0 - s.probabilities[opinion], s.probabilities[opinion]])
            .collect();
        // Opinion when it is more probable than fact and quotation together.
        let p: Vec<usize> = probs.iter().map(|pr| (pr[1] > 0.5) as usize).collect();
        metrics::report(&["not-opinion", "opinion"], &g, &p, Some(&probs))
    } else {
        let names: Vec<&str> = head.classes.iter().map(|s| s.as_str()).collect();
        let pred: Vec<usize> = scores.iter().map(|s| s.label).collect();
        let probs: Vec<Vec<f64>> = scores.into_iter().map(|s| s.probabilities).collect();
        metrics::report(&names, &gold, &pred, Some(&probs))
    };
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        if let Some(map) = value.as_object_mut() {
            if let Some(skip) = &skip {
                map.insert("skip".into(), serde_json::to_value(skip)?);
            }
            if let Some(e) = &shares {
                map.insert("share_error".into(), serde_json::to_value(e)?);
            }
            if let Some(c) = coverage {
                map.insert("interval_coverage".into(), serde_json::to_value(c)?);
            }
            if let Some(g) = &genres {
                map.insert("genre".into(), serde_json::to_value(g)?);
            }
            if let Some(q) = &quotations {
                map.insert("quotations".into(), serde_json::to_value(q)?);
            }
        }
        println!("{}", serde_json::to_string(&value)?);
    } else {
        print!("{}", report.to_table());
        if let Some(s) = &skip {
            println!(
                "\nskipped by the boilerplate rules (articles): precision {:.3}, recall {:.3} \
                 ({} of {} `skip` paragraphs skipped; {} content paragraphs skipped, not scored above)",
                s.precision, s.recall, s.skipped_skip, s.skip, s.skipped_content
            );
        }
        if let Some(e) = &shares {
            println!(
                "per-document share error over {} pages: {:.3} (argmax labels), {:.3} (probabilities)",
                e.documents, e.argmax, e.probabilities
            );
        }
        if let Some(c) = coverage {
            println!(
                "95 % share intervals (as `stance summary` prints them) holding the gold share: {c:.3} of page-label pairs"
            );
        }
        if let Some(g) = &genres {
            println!("{}", g.to_text());
        }
        if let Some(q) = &quotations {
            println!("\n{}", q.to_text());
        }
    }
    Ok(Outcome::Clean)
}

/// The corpus examples' gold quotations split by LABELS.md's test for a
/// quotation (most words inside quotation marks). Webis labels reported
/// speech (`testimony`) as quotation whether or not it is quoted, while
/// LABELS.md calls indirect speech a fact: this shows how much of a
/// corpus's quotation figure is that disagreement.
#[derive(Debug, Clone, serde::Serialize)]
struct QuotationSplit {
    /// Gold quotations with most of their words quoted.
    mostly_quoted: usize,
    /// Of those, predicted quotation.
    mostly_quoted_predicted_quotation: usize,
    /// Gold quotations with half of their words quoted or fewer.
    other: usize,
    /// What those were predicted, per class.
    other_predicted: std::collections::BTreeMap<String, usize>,
    /// Macro-F1 of the corpus examples with those left out.
    macro_f1_without_other: f64,
}

impl QuotationSplit {
    /// `None` when the examples hold no gold quotation, or all of them pass
    /// the test.
    fn of(
        classes: &[String],
        examples: &[corpus::Example],
        scores: &[stance::model::Scores],
    ) -> Option<QuotationSplit> {
        let quotation = Label::Quotation.column(classes)?;
        let mut split = QuotationSplit {
            mostly_quoted: 0,
            mostly_quoted_predicted_quotation: 0,
            other: 0,
            other_predicted: classes.iter().map(|c| (c.clone(), 0)).collect(),
            macro_f1_without_other: 0.0,
        };
        let (mut gold, mut pred) = (Vec::new(), Vec::new());
        for (e, s) in examples.iter().zip(scores) {
            if e.scheme == Scheme::Full && e.label == quotation {
                if corpus::mostly_quoted(&e.text) {
                    split.mostly_quoted += 1;
                    split.mostly_quoted_predicted_quotation += (s.label == quotation) as usize;
                } else {
                    split.other += 1;
                    *split
                        .other_predicted
                        .get_mut(&classes[s.label])
                        .expect("every class is a key") += 1;
                    continue;
                }
            }
            gold.push(e.label);
            pred.push(s.label);
        }
        if split.other == 0 {
            return None;
        }
        let names: Vec<&str> = classes.iter().map(|c| c.as_str()).collect();
        split.macro_f1_without_other = metrics::report(&names, &gold, &pred, None).macro_f1;
        Some(split)
    }

    fn to_text(&self) -> String {
        let predicted: Vec<String> = self
            .other_predicted
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        format!(
            "gold quotations by LABELS.md's test (most words inside quotation marks; corpus examples):\n  \
             {} mostly quoted, {} of them predicted quotation;\n  \
             {} with half of their words quoted or fewer (reported speech: LABELS.md calls indirect speech a fact), \
             predicted {}\n  \
             macro-F1 without those {}: {:.4}",
            self.mostly_quoted,
            self.mostly_quoted_predicted_quotation,
            self.other,
            predicted.join(", "),
            self.other,
            self.macro_f1_without_other
        )
    }
}

/// An article tagged as `stance tag` tags it: its scored paragraphs and how
/// the boilerplate rules did.
struct ArticleScores {
    gold: Vec<usize>,
    scores: Vec<stance::model::Scores>,
    /// Words of each scored paragraph.
    words: Vec<usize>,
    /// The page's genre as `tag` gives it and whether it was declared, when
    /// the saved page could be read.
    genre: Option<(stance::genre::GenreEstimate, bool)>,
    skip: SkipFigures,
}

/// How the boilerplate rules did on labelled articles.
#[derive(Debug, Default, Clone, serde::Serialize)]
struct SkipFigures {
    /// Paragraphs labelled `skip`.
    skip: usize,
    /// Of those, skipped by the rules.
    skipped_skip: usize,
    /// Scored content paragraphs skipped by the rules (left out of the
    /// stance figures).
    skipped_content: usize,
    /// Skipped `skip` paragraphs / all skipped labelled paragraphs.
    precision: f64,
    /// Skipped `skip` paragraphs / `skip` paragraphs.
    recall: f64,
}

impl SkipFigures {
    fn add(&mut self, o: &SkipFigures) {
        self.skip += o.skip;
        self.skipped_skip += o.skipped_skip;
        self.skipped_content += o.skipped_content;
    }

    fn finish(mut self) -> SkipFigures {
        let skipped = self.skipped_skip + self.skipped_content;
        self.precision = if skipped > 0 {
            self.skipped_skip as f64 / skipped as f64
        } else {
            1.0
        };
        self.recall = if self.skip > 0 {
            self.skipped_skip as f64 / self.skip as f64
        } else {
            1.0
        };
        self
    }
}

/// Tags one article (all its paragraphs, boilerplate included, as one
/// document) and pairs the tags with its labels.
fn score_article(tagger: &Tagger, a: &Article) -> ArticleScores {
    let doc = a.document();
    let mut out = ArticleScores {
        gold: Vec::new(),
        scores: Vec::new(),
        words: Vec::new(),
        genre: None,
        skip: SkipFigures::default(),
    };
    let tagged = tagger.tag(&doc);
    if let Some(meta) = a.page_meta() {
        let content = stance::tag::labelled_content(&tagged);
        let given = stance::genre::genre_of(
            &meta,
            &content,
            tagger.stance_classes(),
            tagger
                .genre_head()
                .map(|h| h as &dyn stance::genre::GenreScorer),
        );
        let declared = stance::genre::declared(&meta).is_some();
        out.genre = Some((given, declared));
    }
    for (t, p) in tagged.into_iter().zip(&a.paragraphs) {
        match (p.gold, t.stance) {
            (Gold::Skip, s) => {
                out.skip.skip += 1;
                out.skip.skipped_skip += s.is_none() as usize;
            }
            (Gold::Class(_), None) => out.skip.skipped_content += 1,
            (Gold::Class(c), Some(s)) => {
                out.gold.push(c);
                out.scores.push(s);
                out.words.push(p.text.split_whitespace().count());
            }
            (Gold::Unscored, _) => {}
        }
    }
    out
}

/// How the `genre` field did against the readers' genres.
#[derive(Debug, Clone, serde::Serialize)]
struct GenreFigures {
    /// Pages with an agreed genre and a readable saved page.
    pages: usize,
    /// Share of them given the readers' genre.
    accuracy: f64,
    /// Pages whose genre was declared, and how many of those were right.
    declared: usize,
    declared_right: usize,
    /// Pages whose genre was estimated from the text, and how many right.
    estimated: usize,
    estimated_right: usize,
    /// `confusion[gold][given]`, genres in `stance::genre::Genre::ALL` order.
    confusion: Vec<Vec<usize>>,
}

impl GenreFigures {
    fn of(articles: &[Article], scored: &[ArticleScores]) -> Option<GenreFigures> {
        use stance::genre::Genre;
        let k = Genre::ALL.len();
        let mut f = GenreFigures {
            pages: 0,
            accuracy: 0.0,
            declared: 0,
            declared_right: 0,
            estimated: 0,
            estimated_right: 0,
            confusion: vec![vec![0; k]; k],
        };
        for (a, s) in articles.iter().zip(scored) {
            let (Some(gold), Some((given, declared))) =
                (a.genre.as_deref().and_then(Genre::parse), s.genre)
            else {
                continue;
            };
            let right = gold == given.genre;
            let at = |g: Genre| Genre::ALL.iter().position(|x| *x == g).unwrap_or(0);
            f.confusion[at(gold)][at(given.genre)] += 1;
            f.pages += 1;
            f.accuracy += right as usize as f64;
            if declared {
                f.declared += 1;
                f.declared_right += right as usize;
            } else {
                f.estimated += 1;
                f.estimated_right += right as usize;
            }
        }
        if f.pages == 0 {
            return None;
        }
        f.accuracy /= f.pages as f64;
        Some(f)
    }

    fn to_text(&self) -> String {
        use stance::genre::Genre;
        let mut out = format!(
            "genre: {:.3} right over {} pages (declared {} of {}, estimated {} of {}); confusion (rows readers, columns given):\n",
            self.accuracy, self.pages, self.declared_right, self.declared, self.estimated_right, self.estimated
        );
        out.push_str(&format!("{:>10}", ""));
        for g in Genre::ALL {
            out.push_str(&format!("{:>10}", g.name()));
        }
        out.push('\n');
        for (g, row) in Genre::ALL.iter().zip(&self.confusion) {
            out.push_str(&format!("{:>10}", g.name()));
            for n in row {
                out.push_str(&format!("{n:>10}"));
            }
            out.push('\n');
        }
        out
    }
}
