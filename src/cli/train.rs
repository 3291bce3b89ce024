//! `stance train`: labelled data → model file.

use super::util::{grid_line, Bar};
use super::Outcome;
use anyhow::{Context, Result};
use stance::corpus;
use stance::features::PolarityLexicon;
use stance::features::{DenseFeature, Selection};
use stance::model::recipe::Recipe;
use stance::model::{train_calibrated, Balance, CalibrationObjective, ContextGroup, Precision};
use stance::{Model, Task, TrainParams};
use std::path::PathBuf;

pub const ABOUT: &str = "\
Train a model from labelled paragraphs and write it as one self-contained file.

Data (--data, repeatable; a file or a directory, optionally as KIND:PATH):
  labelled   our JSONL {\"text\": ..., \"label\": \"fact|quotation|opinion\"} (extra fields ignored)
             or CSV with `text` and `label` columns; *.jsonl/*.csv under a directory
  webis      Webis-Editorials-16 JSON files (paragraph label = segment type covering most characters)
  newssd     NewsSD-ENG CSV (Sentence,Label: SUBJ -> opinion, OBJ -> fact)
  checkthat  CheckThat! 2023 task 2 TSV (id, sentence, OBJ|SUBJ, ...)
  articles   labelled news articles: a directory with ground-truth.json ({key: {articleBody}})
             and labels.jsonl ({key, i, sha1, label}); scored, unambiguous paragraphs train, with
             their place in the article, and CV folds keep an article together; the out-of-fold
             report adds the per-document share error (see `stance eval --help`)
  webpages   labelled web pages of many genres: a directory with labels.jsonl ({page, i, text,
             sha1, label}) and html/; used as articles are (a page's paragraphs in one fold)
  newsmtsc   NewsMTSC JSONL (sentiment task only)
The kind is detected from the file name and header when not given.

The L2 strength is chosen by stratified k-fold cross-validation over --alpha (folds keep
paragraphs of one editorial together); the vectorizer is refitted inside each fold. The model
is linfa-logistic's multinomial logistic regression. Cross-validation minimises the same
objective with the same optimiser (argmin L-BFGS) on sparse rows, and the final linfa fit on
the dense matrix starts from that solution, so it only has to confirm convergence. The
cross-validated report (per-class precision, recall, F1, macro-F1, calibration error) is
printed on stdout and stored in the model file with the data files' SHA-256 digests, the
counts per label and every hyperparameter. Same data and seed give a byte-identical file.

Memory: the final fit's dense matrix, rows x (n-grams + dense features) x 4 bytes (f32),
capped by --dense-matrix-mib (fewer n-grams are kept when it would not fit); the sparse
cross-validation fits need a few hundred bytes per row.

DENSE FEATURES (on by default): quote_share, opens_with_quote, attribution, first_person,
second_person, hedge, evaluative, question, exclamation, numbers, length. Pronoun and
lexicon counts skip words inside quotation marks.
Polarity features (off by default; for sentiment): positive, negative (polar words per word,
outside a negation), negated_positive, negated_negative (inside one: `not good`, `hardly a
success`, `far from perfect`), intensified (right after very, deeply, ...). They count quoted
words too.
Lexicon features (off by default; need --lexicons DIR, read at training time only, the model stores
the per-stem scores): subjectivity and polarity_strength (Pattern lexicon subjectivity and absolute
polarity of the words outside quotes, per word), valence_positive and valence_negative (VADER
valence per word, quoted words included, a negation mark flips a word's sign). The lexicons are
the Pattern library's en-sentiment.xml (PyPI textblob, PDDL) and vader_lexicon.txt (PyPI
vaderSentiment, MIT).
Position features (off by default; on in models/default.toml): position (0 first .. 1 last
content paragraph), first, last. Known for Webis paragraphs and when tagging documents;
unknown for lone paragraphs and sentences, which are set to the training mean.

CONTEXT STAGE (off by default; on in models/default.toml): a second logistic regression,
trained on the out-of-fold probabilities of cross-validation, rescores each content paragraph
of a document from its own probabilities and its document's. Inputs: own (its log-probabilities),
document (mean probabilities of the other content paragraphs), neighbours (the previous and next
paragraph's probabilities), position (relative position, number of paragraphs),
neighbour_attribution (the previous paragraph ends with a colon or names a speaker; the next names
a speaker), genre (the whole document's voice, questions, speaker turns, quoted words and cue-word
families outside quotations: the text-only page features of the genre head), structure (first,
last, short, unpunctuated, ln words). A lone paragraph or sentence has empty context.
--context-pages on (`context_pages = true` in [params]) makes the calibration sets training
documents of the stage too, in page-grouped folds, scored by the final first stage (which never
trains on them); the stage's report then lists them, and they are calibrated out of fold. Its alpha is chosen by CV over the same
folds; the report then shows each source with the stage, and the prior treatments compared out of
fold (balanced: first stage corrected to equal class priors; none: first stage with the training
priors; context: the stage), with macro-F1 and expected calibration error per source.

TARGET HEAD (--task target, or a recipe with task = \"target\": models/target.toml): sentiment
toward a named target, trained on NewsMTSC rows (newsmtsc:PATH, each row's mention span) and
added to a model with --add-to. Features per mention (--groups): sentence (every word), clause
(the words of the mention's clause), window (words before and after, weighted 1/sqrt(distance),
--window N each side), neighbours (the word right before and after), lexicon (VADER valence and
Pattern polarity in the clause, before and after the mention, elsewhere, inside quotation marks;
needs --lexicons), role (subject or object of its clause, speaker, agent, possessive, pronoun, and
role x clause valence), quotes (the mention quoted, the quoted share), bigrams (word pairs of the
text and of the clause; off in the recipe). Alpha and balanced or
training priors are chosen by CV (folds keep a sentence's rows together).

GENRE HEAD (--task genre, or a recipe with task = \"genre\": models/genre.toml): a page's genre
(news, analysis, opinion, review, blog, other) for pages that do not declare one, trained on
labelled pages with a genres.jsonl (webpages:DIR, articles:DIR; the readers' agreed genre) and
added to a model with --add-to, whose stance head tags each page first. Features per page (34;
a subset with --dense NAME,..; names in src/genre/features.rs): the stance head's word shares
and paragraph shares of each label, first/second person, questions, exclamations, speaker turns,
quoted words, words per paragraph, paragraphs, numbers, review / attribution / how-to / blog /
date cue words per 100 words outside quotations, a dateline, and cue words of the title and the
URL; standardised; a multinomial logistic regression. Alpha and balanced or training priors are
chosen by out-of-fold accuracy in k-fold CV over pages (stratified by genre, --seed); the report
gives the classifier alone and with declared genres first.

CALIBRATION (--calibrate OBJECTIVE, off by default; `calibration` in a recipe's [params]): a
temperature T and per-class biases b on the final log-probabilities, p' ~ exp(ln p / T + b),
applied after the context stage to documents of two or more content paragraphs (a lone
paragraph or sentence keeps its scores). Fitted on whole labelled documents: the training
sources of whole pages (articles:, webpages:) with their out-of-fold scores, and the calibration
sets (--calibration-data KIND:PATH, repeatable, or `calibrate` in a recipe: never trained on,
scored by the trained head). Objectives: temperature (T alone by log-loss: labels never change),
log_loss (T and biases by log-loss), share (T and biases by the mean per-document share error of
the probability-weighted word shares). Every objective is measured by page-grouped
cross-validation (a document in one fold, the step for a fold fitted on the others) and the
report prints, per source, macro-F1, opinion F1, ECE, the share error (argmax / probabilities)
and the coverage of the summary's 95 % share intervals. --calibration-relabel off keeps each
paragraph's label from the context stage: its probabilities move only as far as the label stays
the most probable class.

NB SCALING (--nb-scaling BETA, off by default): each n-gram's tf-idf is multiplied by its
Naive-Bayes log-count ratio (NBSVM; with three classes the largest ratio of a class against the
rest, normalised to mean 1, interpolated with 1 by BETA). Learnt from each fit's training rows
(per fold in cross-validation) and stored folded into the model's idf values.

Example:
  stance train --data data/stance --data ../shared/corpora/webis-editorials --out models/my.model
  stance train --recipe models/default.toml --out models/default.model";

#[derive(clap::Args)]
pub struct Args {
    /// Labelled data: a file or directory, optionally as KIND:PATH (repeatable).
    #[arg(long, required_unless_present = "recipe", value_name = "PATH")]
    data: Vec<String>,
    /// A TOML recipe naming the sources, their weights and the hyperparameters
    /// (see models/default.toml). Other flags given too override it.
    #[arg(long, value_name = "FILE")]
    recipe: Option<PathBuf>,
    /// Held-out data (KIND:PATH, repeatable): training texts that also appear
    /// in it are dropped. Repeated texts are always dropped (first one kept).
    #[arg(long, value_name = "PATH")]
    exclude: Vec<String>,
    /// Add the trained head to this existing model (replacing a head of the
    /// same task) and write the result to --out, e.g. a sentiment head beside
    /// the stance head.
    #[arg(long, value_name = "FILE")]
    add_to: Option<PathBuf>,
    /// Where to write the model (written atomically).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// What to learn [default: stance].
    #[arg(long, value_enum)]
    task: Option<Task>,
    /// Cross-validation folds (0 skips CV and uses the first --alpha) [default: 5].
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
    /// Seed for fold assignment (and oversampling) [default: 42].
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// L2 strengths to try, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "A,..")]
    alpha: Option<Vec<f64>>,
    /// Keep at most this many n-gram features.
    #[arg(long, value_name = "N")]
    max_features: Option<usize>,
    /// Minimum number of training paragraphs an n-gram must occur in.
    #[arg(long, value_name = "N")]
    min_df: Option<usize>,
    /// How unequal class sizes are handled.
    #[arg(long, value_enum)]
    balance: Option<Balance>,
    /// L-BFGS iteration cap.
    #[arg(long, value_name = "N")]
    max_iterations: Option<u64>,
    /// L-BFGS gradient tolerance, per training row.
    #[arg(long, value_name = "T")]
    tolerance: Option<f64>,
    /// Precision of the final fit's dense matrix.
    #[arg(long, value_enum)]
    precision: Option<Precision>,
    /// Memory cap for the final fit's dense matrix (rows x columns); with more rows, fewer
    /// n-grams are kept [default: 2048].
    #[arg(long, value_name = "MIB")]
    dense_matrix_mib: Option<usize>,
    /// Dense features to use, comma-separated (or `none`); see DENSE FEATURES below.
    #[arg(long, value_name = "NAME,..", value_delimiter = ',')]
    dense: Option<Vec<String>>,
    /// Directory of the public lexicons (pattern-en-sentiment.xml, vader_lexicon.txt) that the
    /// lexicon dense features learn their per-stem scores from, e.g. ../shared/lexicons.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Inputs of the document-context stage, comma-separated (or `none`); see CONTEXT STAGE below.
    #[arg(long, value_name = "NAME,..", value_delimiter = ',')]
    context: Option<Vec<String>>,
    /// The calibration step on whole documents and what it minimises; see CALIBRATION below
    /// [default: none].
    #[arg(long, value_enum, value_name = "OBJECTIVE")]
    calibrate: Option<CalibrationObjective>,
    /// Whole labelled documents (KIND:PATH, repeatable) never trained on, used to fit the
    /// calibration step beside the training documents' out-of-fold scores.
    #[arg(long, value_name = "PATH")]
    calibration_data: Vec<String>,
    /// Whether the calibration step may change labels (off: labels kept) [default: on].
    #[arg(long, value_name = "on|off")]
    calibration_relabel: Option<OnOff>,
    /// Whether the calibration sets also train the context stage (page-grouped folds; the first
    /// stage still never sees them); see CONTEXT STAGE below [default: off].
    #[arg(long, value_name = "on|off")]
    context_pages: Option<OnOff>,
    /// Naive-Bayes log-count-ratio scaling of the n-grams (NBSVM): 0 off, 1 full [default: 0].
    #[arg(long, value_name = "BETA")]
    nb_scaling: Option<f64>,
    /// Mark negated words (`not good` → `not not_good`) in the analyzer.
    #[arg(long, value_name = "on|off")]
    negation: Option<OnOff>,
    /// Replace proper names by `#name` (a capitalised word the training text writes
    /// lowercase inside sentences less often than capitalised, or never has; a run of names
    /// is one) and religions, nationalities, ethnicities and sexual identities by `#group`
    /// before counting terms, at training and tagging alike, so who is named carries no
    /// label weight.
    #[arg(long, value_name = "on|off")]
    mask_identity: Option<OnOff>,
    /// How n-grams are chosen when there are more than --max-features.
    #[arg(long, value_enum)]
    selection: Option<Selection>,
    /// Target head only: feature groups, comma-separated (sentence, clause, window,
    /// neighbours, lexicon, role, quotes, bigrams); see TARGET HEAD below.
    #[arg(long, value_name = "NAME,..", value_delimiter = ',')]
    groups: Option<Vec<String>>,
    /// Target head only: words either side of a mention in the window group [default: 5].
    #[arg(long, value_name = "N")]
    window: Option<usize>,
    /// Print the cross-validation summary as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    super::fetch::labelled_only(&args.data, "--data")?;
    super::fetch::labelled_only(&args.exclude, "--exclude")?;
    let genre_recipe = match &args.recipe {
        Some(path) => stance::model::genre::recipe::is_genre_recipe(path)?,
        None => false,
    };
    if genre_recipe || args.task == Some(Task::Genre) {
        return super::genre::train(super::genre::TrainArgs {
            recipe: args.recipe.as_deref(),
            data: &args.data,
            add_to: args.add_to.as_deref(),
            out: &args.out,
            cv: args.cv,
            seed: args.seed,
            alpha: args.alpha,
            features: args.dense.as_deref(),
            json: args.json,
        });
    }
    let target_recipe = match &args.recipe {
        Some(path) => stance::model::target::recipe::is_target_recipe(path)?,
        None => false,
    };
    if target_recipe || args.task == Some(Task::Target) {
        return super::train_target::run(super::train_target::TargetArgs {
            recipe: args.recipe.as_deref(),
            data: &args.data,
            exclude: &args.exclude,
            add_to: args.add_to.as_deref(),
            out: &args.out,
            cv: args.cv,
            seed: args.seed,
            alpha: args.alpha,
            groups: args.groups.as_deref(),
            window: args.window,
            lexicons: args.lexicons.as_deref(),
            json: args.json,
        });
    }
    let mut lexicon_base: Option<PathBuf> = None;
    let (mut params, mut sources, mut excluded, mut calibration) = match &args.recipe {
        Some(path) => {
            let recipe = Recipe::load(path)?;
            let sources = recipe
                .load_sources()
                .with_context(|| format!("reading the data of {}", path.display()))?;
            let excluded = recipe
                .load_excluded()
                .with_context(|| format!("reading the held-out sets of {}", path.display()))?;
            let calibration = recipe
                .load_calibration()
                .with_context(|| format!("reading the calibration sets of {}", path.display()))?;
            lexicon_base = Some(recipe.base.clone());
            (recipe.params, sources, excluded, calibration)
        }
        None => (TrainParams::default(), Vec::new(), Vec::new(), Vec::new()),
    };
    if let Some(t) = args.task {
        params.task = t;
    }
    super::util::override_cv(
        args.cv,
        args.seed,
        args.alpha,
        (&mut params.folds, &mut params.seed, &mut params.alphas),
    );
    if let Some(n) = args.max_features {
        params.tfidf.max_features = n;
    }
    if let Some(n) = args.min_df {
        params.tfidf.min_df = n;
    }
    if let Some(b) = args.balance {
        params.balance = b;
    }
    if let Some(n) = args.max_iterations {
        params.max_iterations = n;
    }
    if let Some(t) = args.tolerance {
        params.gradient_tolerance = t;
    }
    if let Some(p) = args.precision {
        params.precision = p;
    }
    if let Some(m) = args.dense_matrix_mib {
        params.dense_matrix_mib = m;
    }
    if let Some(s) = args.selection {
        params.tfidf.selection = s;
    }
    if let Some(names) = &args.dense {
        params.dense = parse_dense(names)?;
    }
    if let Some(dir) = &args.lexicons {
        params.lexicons = Some(dir.display().to_string());
        lexicon_base = None;
    }
    if let Some(names) = &args.context {
        params.context = parse_context(names)?;
    }
    if let Some(c) = args.calibrate {
        params.calibration = c;
    }
    if let Some(r) = args.calibration_relabel {
        params.calibration_relabel = r == OnOff::On;
    }
    if let Some(p) = args.context_pages {
        params.context_pages = p == OnOff::On;
    }
    if let Some(b) = args.nb_scaling {
        params.nb_scaling = b;
    }
    if let Some(n) = args.negation {
        params.analyzer.negation = n == OnOff::On;
    }
    if let Some(m) = args.mask_identity {
        params.analyzer.mask_identity = m == OnOff::On;
    }
    params.check()?;
    // The library's corpus errors name the file: the context says only
    // what was being read, so the printed chain names it once.
    for spec in &args.data {
        let source = corpus::load(spec, params.task).context("reading training data")?;
        sources.push(source);
    }
    for spec in &args.exclude {
        excluded.push(corpus::load(spec, params.task).context("reading held-out data")?);
    }
    super::fetch::labelled_only(&args.calibration_data, "--calibration-data")?;
    for spec in &args.calibration_data {
        calibration.push(corpus::load(spec, params.task).context("reading calibration data")?);
    }
    if params.calibration == CalibrationObjective::None {
        calibration.clear();
    }
    corpus::dedupe(&mut sources, &excluded);
    for source in &sources {
        let mut weight = if source.weight > 1 {
            format!(", weight {}", source.weight)
        } else {
            String::new()
        };
        if source.removed > 0 {
            weight.push_str(&format!(
                ", {} repeated or held-out dropped",
                source.removed
            ));
        }
        eprintln!(
            "stance: read {} examples from {} ({}{weight})",
            source.examples.len(),
            source.path,
            source.kind.name()
        );
    }
    for source in &calibration {
        eprintln!(
            "stance: read {} examples from {} ({}, calibration only: never trained on)",
            source.examples.len(),
            source.path,
            source.kind.name()
        );
    }
    let task = params.task;
    let bar = Bar::new();
    let lexicon = match &params.lexicons {
        Some(dir)
            if params
                .dense
                .iter()
                .any(|f| DenseFeature::LEXICON.contains(f)) =>
        {
            let path = match &lexicon_base {
                Some(b) if std::path::Path::new(dir).is_relative() => b.join(dir),
                _ => PathBuf::from(dir),
            };
            Some(
                PolarityLexicon::load(&path, &params.analyzer)
                    .with_context(|| format!("reading the lexicons in {}", path.display()))?,
            )
        }
        _ => None,
    };
    let head = train_calibrated(&params, &sources, &calibration, lexicon, &bar)?;
    bar.finish();
    let info = &head.training;
    if args.json {
        println!("{}", serde_json::to_string_pretty(info)?);
    } else {
        let classes = task.classes();
        let counts: Vec<String> = classes
            .iter()
            .zip(&info.counts)
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        let rows: usize = info.counts.iter().sum();
        println!(
            "trained a {} model on {rows} training rows ({})",
            task.name(),
            counts.join(", ")
        );
        if let Some(cv) = &info.cv {
            println!(
                "\n{}-fold cross-validation (macro-F1 per L2 strength, averaged over sources):",
                cv.folds
            );
            for g in &cv.grid {
                let chosen = g.alpha == info.alpha;
                println!("{}", grid_line(g.alpha, g.macro_f1, Some(g.std), chosen));
            }
            println!(
                "\nout-of-fold report at alpha {}, all rows:\n{}",
                info.alpha,
                cv.report.to_table()
            );
            if cv.sources.len() > 1 {
                for s in &cv.sources {
                    println!(
                        "out-of-fold report for {}:\n{}{}",
                        s.path,
                        s.report.to_table(),
                        share_line(s)
                    );
                }
            }
            if let Some(c) = &cv.context {
                println!("context stage (alpha by CV over the same folds):");
                for g in &c.grid {
                    println!(
                        "{}",
                        grid_line(g.alpha, g.macro_f1, None, g.alpha == c.alpha)
                    );
                }
                for s in &c.sources {
                    println!(
                        "\nout-of-fold report with the context stage for {}:\n{}{}",
                        s.path,
                        s.report.to_table(),
                        share_line(s)
                    );
                }
                println!("prior treatments, out of fold (macro-F1 / ECE per source):");
                for t in &c.priors {
                    let per: Vec<String> = t
                        .sources
                        .iter()
                        .map(|s| format!("{} {:.3} / {:.3}", s.path, s.macro_f1, s.ece))
                        .collect();
                    println!(
                        "  {:<10} mean {:.4}: {}",
                        t.treatment,
                        t.macro_f1,
                        per.join("; ")
                    );
                }
            }
            if let Some(c) = &cv.calibration {
                print_calibration(c, head.calibration.as_ref());
            }
        } else {
            println!(
                "no cross-validation (--cv {}); alpha {}",
                info.params.folds, info.alpha
            );
        }
        println!(
            "vocabulary: {} n-grams + {} dense features",
            head.tfidf.len(),
            head.dense.features.len()
        );
    }
    let mut model = match &args.add_to {
        Some(base) => Model::load(base).context("reading the model to add to")?,
        None => Model {
            heads: Vec::new(),
            target: None,
            genre: None,
        },
    };
    model.set_head(head);
    // The library's error names the path.
    model.save(&args.out)?;
    eprintln!("stance: wrote {}", args.out.display());
    Ok(Outcome::Clean)
}

/// A switch given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// Dense feature names → features (`none` for no dense feature).
fn parse_dense(names: &[String]) -> Result<Vec<DenseFeature>> {
    if names.len() == 1 && names[0] == "none" {
        return Ok(Vec::new());
    }
    names
        .iter()
        .map(|n| {
            DenseFeature::from_name(n.trim()).ok_or_else(|| {
                let all: Vec<&str> = DenseFeature::EVERY.iter().map(|f| f.name()).collect();
                anyhow::anyhow!("unknown dense feature {n:?}; known: {}", all.join(", "))
            })
        })
        .collect()
}

/// Context stage input names → groups (`none` for no stage).
fn parse_context(names: &[String]) -> Result<Vec<ContextGroup>> {
    if names.len() == 1 && names[0] == "none" {
        return Ok(Vec::new());
    }
    names
        .iter()
        .map(|n| {
            ContextGroup::from_name(n.trim()).ok_or_else(|| {
                let all: Vec<&str> = ContextGroup::ALL.iter().map(|g| g.name()).collect();
                anyhow::anyhow!("unknown context input {n:?}; known: {}", all.join(", "))
            })
        })
        .collect()
}

/// The per-document share error line of a source of whole pages, or
/// nothing.
fn share_line(s: &stance::model::SourceReport) -> String {
    match &s.share_error {
        Some(e) => format!(
            "per-document share error over {} documents: {:.3} (argmax labels), {:.3} (probabilities)\n",
            e.documents, e.argmax, e.probabilities
        ),
        None => String::new(),
    }
}

/// The calibration step's page-grouped cross-validation, one line per
/// objective and source, and the step the head keeps.
fn print_calibration(cv: &stance::model::CalibrationCv, kept: Option<&stance::model::Calibration>) {
    println!(
        "\ncalibration on whole documents, {}-fold page-grouped CV over {} documents \
         (macro-F1, opinion F1, ECE, share error argmax / probabilities, interval coverage):",
        cv.folds, cv.documents
    );
    for v in &cv.variants {
        if v.per_source {
            println!("  {} fitted per source (CV only)", v.objective.name());
        } else {
            let bias: Vec<String> = v.bias.iter().map(|b| format!("{b:+.3}")).collect();
            println!(
                "  {:<11} T {:.3}, bias [{}]{}",
                v.objective.name(),
                v.temperature,
                bias.join(", "),
                if v.objective == cv.chosen {
                    "  <- kept"
                } else {
                    ""
                }
            );
        }
        for s in &v.sources {
            println!(
                "    {:<45} {:>3} docs  F1 {:.3}  opinion {}  ECE {:.3}  share {:.3} / {:.3}  coverage {}",
                s.path,
                s.documents,
                s.macro_f1,
                s.opinion_f1.map_or("-".into(), |f| format!("{f:.3}")),
                s.ece,
                s.share_error.argmax,
                s.share_error.probabilities,
                s.coverage.map_or("-".into(), |c| format!("{c:.3}")),
            );
        }
    }
    if let Some(k) = kept {
        println!(
            "  kept: {} (labels {})",
            k.objective.name(),
            if k.relabel {
                "follow it"
            } else {
                "from the context stage"
            }
        );
    }
}
