//! Training a head: analyse every example once, choose the L2 strength by
//! stratified, grouped k-fold cross-validation, then fit the final head on
//! all the data.
//!
//! How the data flows through this folder:
//!
//! 1. here, [`train_with_lexicon`] (the driver) turns the sources into
//!    [`Rows`] (each example repeated by its source's weight, with its
//!    training label: the label policy) and analyses each row once;
//! 2. `cv.rs` assigns grouped, stratified folds and fits every alpha on
//!    every fold, giving the chosen alpha, the
//!    [`CvSummary`](super::CvSummary) and each row's out-of-fold scores;
//! 3. `context.rs` trains the document-context stage on those out-of-fold
//!    scores (when the head has one);
//! 4. `fit.rs` holds the fits themselves: fitting the vectorizer and the
//!    dense scaler on a set of rows ([`TrainParams`] → fitted parts, as
//!    linfa separates parameters from fitted models), the sparse solver
//!    along the alpha path for CV, and the final sparse-then-linfa fit.
//!
//! Inside each fold the vectorizer and the dense scaler are fitted on the
//! training part only, so the CV figures are honest estimates. Alphas are
//! fitted from the strongest to the weakest penalty, each starting from the
//! previous solution (a warm start along the regularisation path), and
//! folds run in parallel; results do not depend on the thread count. What
//! the head records about its training lives in `model/info.rs`.

mod calibrate;
mod context;
mod cv;
mod fit;

use super::info::{SourceInfo, TrainingInfo};
use super::score::{Analysed, Featurizer};
use super::{Balance, CalibrationObjective, Classifier, TrainParams};
use crate::corpus::{Example, Scheme, Source};
use crate::error::{Error, Result};
use crate::features::{DenseFeature, PolarityLexicon};
use crate::progress::Progress;
use rayon::prelude::*;

/// The rows training sees: each example, repeated by its source's weight.
struct Rows<'a> {
    examples: Vec<&'a Example>,
    /// Training label (opinion-vs-not sentences mostly in quotation marks
    /// become quotations, by LABELS.md's precedence).
    labels: Vec<usize>,
    /// The corpus label, used for scoring in the source's own scheme.
    gold: Vec<usize>,
    /// Index of the source.
    source: Vec<usize>,
}

fn rows<'a>(params: &TrainParams, sources: &'a [Source]) -> Rows<'a> {
    let mut r = Rows {
        examples: Vec::new(),
        labels: Vec::new(),
        gold: Vec::new(),
        source: Vec::new(),
    };
    let quotation = params.task.parse_label("quotation").ok();
    for (si, s) in sources.iter().enumerate() {
        for e in &s.examples {
            let mut label = e.label;
            if let (Some(q), true) = (
                quotation,
                params.quoted_sentences_are_quotations && e.scheme == Scheme::OpinionVsNot,
            ) {
                if crate::corpus::mostly_quoted(&e.text) {
                    label = q;
                }
            }
            for _ in 0..s.weight.max(1) {
                r.examples.push(e);
                r.labels.push(label);
                r.gold.push(e.label);
                r.source.push(si);
            }
        }
    }
    r
}

/// Trains one head on `sources` with `params`.
pub fn train(
    params: &TrainParams,
    sources: &[Source],
    progress: &dyn Progress,
) -> Result<Classifier> {
    train_with_lexicon(params, sources, None, progress)
}

/// [`train`] with the per-stem lexicon scores the lexicon dense features
/// need (read from `params.lexicons` by the caller); they are stored in
/// the head.
pub fn train_with_lexicon(
    params: &TrainParams,
    sources: &[Source],
    lexicon: Option<PolarityLexicon>,
    progress: &dyn Progress,
) -> Result<Classifier> {
    train_calibrated(params, sources, &[], lexicon, progress)
}

/// [`train_with_lexicon`] with calibration sources: whole labelled
/// documents never trained on (`webpages:`), scored by the final head and
/// used, with the training documents' out-of-fold scores, to fit and
/// measure the calibration step (`params.calibration`).
pub fn train_calibrated(
    params: &TrainParams,
    sources: &[Source],
    calibration_sources: &[Source],
    lexicon: Option<PolarityLexicon>,
    progress: &dyn Progress,
) -> Result<Classifier> {
    params.check()?;
    let uses_lexicon = params
        .dense
        .iter()
        .any(|f| DenseFeature::LEXICON.contains(f));
    if uses_lexicon && lexicon.is_none() {
        return Err(Error::Params(
            "the lexicon dense features need the public lexicons: give --lexicons DIR (or `lexicons` in the recipe's [params])".into(),
        ));
    }
    let lexicon = lexicon.filter(|_| uses_lexicon);
    let task = params.task;
    let rows = rows(params, sources);
    let mut fitted_params = fit_to_memory(params, &rows, progress)?;
    if fitted_params.analyzer.mask_identity {
        // Which capitals are names, read from the training text (identity.rs).
        fitted_params.analyzer.identity_common_words =
            crate::analyze::identity::common_words(rows.examples.iter().map(|e| e.text.as_str()));
    }
    let params = &fitted_params;
    let counts = class_counts(params, &rows)?;
    let analysed = analyse(params, &rows, lexicon.clone(), progress);

    let mut alphas = params.alphas.clone();
    alphas.sort_by(|a, b| b.total_cmp(a));
    alphas.dedup();

    let (alpha, mut cv, oof) = if params.folds >= 2 {
        let (alpha, summary, oof) =
            cv::cross_validate(params, sources, &rows, &analysed, &alphas, progress)?;
        (alpha, Some(summary), Some(oof))
    } else {
        (params.alphas[0], None, None)
    };
    if !params.context.is_empty() && oof.is_none() {
        return Err(Error::Params(
            "the context stage is trained on out-of-fold probabilities: it needs cross-validation (folds >= 2)".into(),
        ));
    }

    progress.phase("fitting final model", 1);
    let all: Vec<usize> = (0..rows.examples.len()).collect();
    let prepared = fit::prepare(params, &analysed, &rows.labels, &all)?;
    let (fitted, iterations) = fit::fit_final(params, &prepared, &analysed, alpha)?;
    progress.note(&format!(
        "final fit: {} rows x {} columns, alpha {alpha}, {iterations} L-BFGS iterations",
        prepared.rows.len(),
        prepared.cols()
    ));
    progress.advance(1);

    let mut head = Classifier {
        training: TrainingInfo {
            stance_version: env!("CARGO_PKG_VERSION").to_string(),
            params: params.clone(),
            sources: sources.iter().map(|s| source_info(s, task)).collect(),
            counts,
            alpha,
            cv: None,
            languages: crate::language::of_texts(rows.examples.iter().map(|e| e.text.as_str())),
        },
        lexicon,
        ..fit::fitted_head(params, fitted)
    };

    // With `context_pages`, the calibration sets join the stage's (and the
    // calibration step's) documents: scored by the final first stage,
    // which never saw them, in page-grouped folds of their own.
    let pages = params.context_pages && !params.context.is_empty();
    let all_sources: Option<Vec<Source>> =
        pages.then(|| sources.iter().chain(calibration_sources).cloned().collect());
    let (doc_sources, calibration_sources): (&[Source], &[Source]) = match &all_sources {
        Some(all) => (all, &[]),
        None => (sources, calibration_sources),
    };
    let extended = all_sources.as_ref().map(|all| self::rows(params, all));
    let doc_rows = extended.as_ref().unwrap_or(&rows);
    let oof = match (oof, pages) {
        (Some(oof), true) => Some(with_pages(params, &head, &rows, doc_rows, oof)),
        (oof, _) => oof,
    };

    let mut stacked: Option<Vec<super::Scores>> = None;
    if let (Some(oof), false) = (&oof, params.context.is_empty()) {
        let (stage, summary, scores) =
            context::fit_context(params, doc_sources, doc_rows, oof, progress)?;
        if let Some(cv) = cv.as_mut() {
            cv.context = Some(summary);
        }
        stacked = Some(scores);
        head.context = Some(stage);
    }
    head.training.cv = cv;
    if params.calibration != CalibrationObjective::None {
        let held_out = match (&oof, &stacked) {
            (Some(oof), None) => Some(&oof.scores),
            (_, s) => s.as_ref(),
        };
        let Some(held_out) = held_out else {
            return Err(Error::Params(
                "the calibration step is fitted on out-of-fold probabilities: it needs cross-validation (folds >= 2)".into(),
            ));
        };
        progress.phase("calibration", 1);
        let (docs, names) =
            calibration_documents(doc_sources, calibration_sources, doc_rows, held_out, &head);
        let classes: Vec<&str> = head.classes.iter().map(String::as_str).collect();
        let (calibration, summary) = calibrate::calibrate(
            params.calibration,
            params.calibration_relabel,
            docs,
            &names,
            &classes,
            params.folds,
            params.seed,
        );
        head.calibration = calibration;
        if let Some(cv) = head.training.cv.as_mut() {
            cv.calibration = summary;
        }
        progress.advance(1);
    }
    head.validate()?;
    Ok(head)
}

/// The out-of-fold scores of `doc_rows` (the training rows `rows`, then
/// the calibration pages' rows): the training rows keep theirs; each page
/// row is scored by `head`'s first stage (fitted on the training rows
/// only) and put in a page-grouped fold.
fn with_pages(
    params: &TrainParams,
    head: &Classifier,
    rows: &Rows,
    doc_rows: &Rows,
    oof: cv::Oof,
) -> cv::Oof {
    let n = rows.examples.len();
    let extra = &doc_rows.examples[n..];
    let featurizer = head.featurizer();
    let scores: Vec<super::Scores> = extra
        .par_iter()
        .map(|e| head.score_text_at(&featurizer, &e.text, e.position))
        .collect();
    let folds = cv::assign_folds(
        extra,
        &doc_rows.labels[n..],
        params.task.classes().len(),
        params.folds,
        params.seed,
    );
    let mut out = oof;
    out.scores.extend(scores);
    out.fold_of.extend(folds);
    out
}

/// The calibration step's documents: the training sources of whole pages
/// with their out-of-fold scores (`held_out`, context stage included), each
/// paragraph once, then every calibration source scored by `head`, a page
/// at a time as `stance eval` scores examples. Returns them with the
/// sources' names (a document's `source` indexes them).
fn calibration_documents(
    sources: &[Source],
    calibration_sources: &[Source],
    rows: &Rows,
    held_out: &[super::Scores],
    head: &Classifier,
) -> (Vec<calibrate::CalDoc>, Vec<String>) {
    use std::collections::BTreeMap;
    let mut names: Vec<String> = Vec::new();
    let mut docs = Vec::new();
    let row = |e: &Example, gold: usize, scores: super::Scores| calibrate::CalRow {
        words: e.text.split_whitespace().count(),
        gold,
        scores,
    };
    for (si, s) in sources.iter().enumerate() {
        if !s.kind.is_documents() {
            continue;
        }
        let mut pages: BTreeMap<&str, BTreeMap<usize, calibrate::CalRow>> = BTreeMap::new();
        for i in (0..rows.examples.len()).filter(|&i| rows.source[i] == si) {
            let e = rows.examples[i];
            let at = e.position.map_or(i, |p| p.index);
            pages
                .entry(e.group.as_str())
                .or_default()
                .entry(at)
                .or_insert_with(|| row(e, rows.gold[i], held_out[i].clone()));
        }
        let source = names.len();
        names.push(s.path.clone());
        docs.extend(pages.into_values().map(|p| calibrate::CalDoc {
            source,
            rows: p.into_values().collect(),
        }));
    }
    let featurizer = head.featurizer();
    for s in calibration_sources {
        let mut pages: BTreeMap<&str, BTreeMap<usize, &Example>> = BTreeMap::new();
        for (i, e) in s.examples.iter().enumerate() {
            let at = e.position.map_or(i, |p| p.index);
            pages.entry(e.group.as_str()).or_default().insert(at, e);
        }
        let source = names.len();
        names.push(s.path.clone());
        let scored: Vec<calibrate::CalDoc> = pages
            .into_par_iter()
            .map(|(_, p)| {
                let members: Vec<&Example> = p.into_values().collect();
                let first = members
                    .iter()
                    .map(|e| head.score_text_at(&featurizer, &e.text, e.position))
                    .collect();
                let texts: Vec<&str> = members.iter().map(|e| e.text.as_str()).collect();
                let scores = head.in_context(first, &texts);
                calibrate::CalDoc {
                    source,
                    rows: members
                        .iter()
                        .zip(scores)
                        .map(|(e, sc)| row(e, e.label, sc))
                        .collect(),
                }
            })
            .collect();
        docs.extend(scored);
    }
    (docs, names)
}

/// `params` with the n-gram cap lowered, when needed, so the final fit's
/// dense matrix fits in `dense_matrix_mib` (with a warning saying so).
fn fit_to_memory(
    params: &TrainParams,
    rows: &Rows,
    progress: &dyn Progress,
) -> Result<TrainParams> {
    let k = params.task.classes().len();
    let final_rows = match params.balance {
        Balance::Oversample => {
            k * (0..k)
                .map(|c| rows.labels.iter().filter(|&&l| l == c).count())
                .max()
                .unwrap_or(0)
        }
        _ => rows.labels.len(),
    };
    let fitted_params = params.fit_to_memory(final_rows)?;
    if fitted_params.tfidf.max_features != params.tfidf.max_features {
        progress.warn(&format!(
            "{final_rows} rows: keeping {} n-grams (not {}) so the final fit's matrix fits in \
             dense_matrix_mib = {} MiB",
            fitted_params.tfidf.max_features, params.tfidf.max_features, params.dense_matrix_mib
        ));
    }
    Ok(fitted_params)
}

/// Training rows per class; an error when a class has fewer rows than
/// there are folds (or two, without cross-validation).
fn class_counts(params: &TrainParams, rows: &Rows) -> Result<Vec<usize>> {
    let task = params.task;
    let k = task.classes().len();
    let mut counts = vec![0usize; k];
    for &l in &rows.labels {
        counts[l] += 1;
    }
    let need = params.folds.max(2);
    if let Some(c) = (0..k).find(|&c| counts[c] < need) {
        return Err(Error::TooFewExamples {
            class: task.classes()[c].to_string(),
            count: counts[c],
            needed: need,
        });
    }
    Ok(counts)
}

/// Analyses every row once (in parallel): terms and raw dense features.
fn analyse(
    params: &TrainParams,
    rows: &Rows,
    lexicon: Option<PolarityLexicon>,
    progress: &dyn Progress,
) -> Vec<Analysed> {
    let featurizer = Featurizer::new(&params.analyzer, &params.dense).with_lexicon(lexicon);
    progress.phase("analysing", rows.examples.len() as u64);
    rows.examples
        .par_iter()
        .map(|e| {
            let a = featurizer.analyse_at(&e.text, e.position);
            progress.advance(1);
            a
        })
        .collect()
}

/// How the model file records a training source.
fn source_info(s: &Source, task: crate::task::Task) -> SourceInfo {
    SourceInfo {
        path: s.path.clone(),
        kind: s.kind,
        sha256: s.sha256.clone(),
        counts: crate::corpus::counts(&s.examples, task),
        weight: s.weight,
        removed: s.removed,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::corpus::{Kind, Scheme};
    use crate::progress::Quiet;
    use crate::task::Task;

    /// A small, clearly separable stance data set built in code.
    pub fn separable_source() -> Source {
        let facts = [
            "The council voted on Tuesday to close the depot",
            "Officials said the bridge reopened on Monday",
            "The company reported revenue of 12 million in March",
            "Police arrested two men near the station on Friday",
            "The museum will open a new wing in October",
            "The ministry published the annual budget figures",
            "The train was delayed by forty minutes on Sunday",
            "The school board approved the new calendar on Monday",
        ];
        let quotes = [
            "“We will not close a single route,” the director said",
            "“This is the best day of my life,” she said after the race",
            "“Every bus that runs today will run next year,” he said",
            "“We are proud of the crews,” the chief said on Friday",
            "“I have never seen anything like it,” the farmer said",
            "“Nobody told us about the change,” a resident said",
            "“The numbers speak for themselves,” the minister said",
            "“We expect to finish by spring,” the engineer said",
        ];
        let opinions = [
            "I think this decision is a disgrace and we must fight it",
            "Frankly the council should be ashamed of itself",
            "What a ridiculous waste of money this whole plan is",
            "We deserve better than these incompetent leaders",
            "Make no mistake, this is a disaster for the city",
            "I honestly believe the mayor has lost the plot",
            "Shame on them for ignoring the people who rely on buses",
            "This is outrageous and you should tell them so",
        ];
        let mut examples = Vec::new();
        for (label, texts) in [facts, quotes, opinions].iter().enumerate() {
            for (i, t) in texts.iter().enumerate() {
                examples.push(Example {
                    text: t.to_string(),
                    label,
                    origin: format!("test:{label}:{i}"),
                    group: format!("g{label}{i}"),
                    scheme: Scheme::Full,
                    position: None,
                });
            }
        }
        Source {
            path: "test".into(),
            kind: Kind::Labelled,
            sha256: String::new(),
            examples,
            weight: 1,
            removed: 0,
        }
    }

    pub(super) fn small_params() -> TrainParams {
        TrainParams {
            tfidf: crate::features::TfidfParams {
                min_df: 1,
                ..Default::default()
            },
            folds: 3,
            alphas: vec![0.1, 1.0],
            ..Default::default()
        }
    }

    #[test]
    fn identity_masking_reads_which_capitals_are_names_from_the_training_text() {
        let head = train(&small_params(), &[separable_source()], &Quiet).unwrap();
        assert!(head.analyzer.identity_common_words.is_empty());
        let mut params = small_params();
        params.analyzer.mask_identity = true;
        let head = train(&params, &[separable_source()], &Quiet).unwrap();
        let common = &head.analyzer.identity_common_words;
        // Written lowercase inside the training sentences; `Tuesday` only
        // capitalised there.
        assert!(common.iter().any(|w| w == "council") && common.iter().any(|w| w == "mayor"));
        assert!(!common.iter().any(|w| w == "tuesday"), "{common:?}");
        assert_eq!(head.training.params.analyzer, head.analyzer);
        let terms = crate::analyze::Analyzer::new(head.analyzer.clone())
            .terms("The Council met Cochran and Muslim leaders.");
        assert_eq!(
            terms,
            ["the", "council", "met", "#name", "and", "#group", "leader"]
        );
    }

    #[test]
    fn learns_separable_data_and_reports_cv() {
        let head = train(&small_params(), &[separable_source()], &Quiet).unwrap();
        let cv = head.training.cv.as_ref().unwrap();
        assert_eq!(cv.grid.len(), 2);
        assert!(cv.report.macro_f1 > 0.8, "{}", cv.report.to_table());
        let f = head.featurizer();
        let s = head.score_text(&f, "“We will keep every station open,” the manager said");
        assert_eq!(s.label, 1, "{s:?}");
        let s = head.score_text(&f, "I think this plan is a disgrace and a waste");
        assert_eq!(s.label, 2, "{s:?}");
    }

    #[test]
    fn too_few_examples_of_a_class_is_a_clear_error() {
        let mut src = separable_source();
        src.examples
            .retain(|e| e.label != 1 || e.origin.ends_with(":0"));
        let err = train(&small_params(), &[src], &Quiet).unwrap_err();
        assert!(
            err.to_string()
                .contains("class \"quotation\" has 1 training example"),
            "{err}"
        );
        let _ = Task::Stance;
    }

    #[test]
    fn weights_repeat_rows_and_quoted_sentences_become_quotations() {
        let mut src = separable_source();
        src.weight = 3;
        let sentence = Example {
            text: "“We will never give in to these demands,” the senator said.".into(),
            label: 2,
            origin: "s".into(),
            group: "s".into(),
            scheme: Scheme::OpinionVsNot,
            position: None,
        };
        let plain = Example {
            text: "What a shameful display this was.".into(),
            origin: "p".into(),
            group: "p".into(),
            ..sentence.clone()
        };
        let binary = Source {
            path: "b".into(),
            kind: Kind::Newssd,
            sha256: String::new(),
            examples: vec![sentence, plain],
            weight: 1,
            removed: 0,
        };
        let sources = [src, binary];
        let r = rows(&TrainParams::default(), &sources);
        assert_eq!(r.examples.len(), 24 * 3 + 2);
        assert_eq!(
            &r.labels[72..],
            [1, 2],
            "quoted SUBJ sentence trains as a quotation"
        );
        assert_eq!(
            &r.gold[72..],
            [2, 2],
            "but is scored as the corpus labels it"
        );
        let off = TrainParams {
            quoted_sentences_are_quotations: false,
            ..Default::default()
        };
        assert_eq!(&rows(&off, &sources).labels[72..], [2, 2]);
    }
}
