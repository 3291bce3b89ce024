//! Criterion micro-benchmarks of the per-paragraph tagging pipeline, stage by
//! stage, with the shipped default model and real paragraphs.
//!
//! ```sh
//! cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 5
//! ```
//!
//! Groups (each stage's input is prepared outside the timed loop):
//!
//! - `tokenize_stem`: paragraph text → tokens (tokenize, lowercase,
//!   normalise, stem) with the stance head's featurizer.
//! - `featurize`: tokens → sparse tf-idf row + scaled dense features.
//! - `score`: tf-idf row + dense features → class probabilities.
//! - `paragraph`: all three at once, through the calls `Tagger::tag` makes
//!   for the stance head of every paragraph that is not skipped.
//!
//! Each group has two benchmarks over the same sample:
//!
//! - `whole_sample`: one iteration runs every paragraph of the sample;
//!   throughput is the sample's text bytes, so the figure reads as MB/s of
//!   paragraph text (decimal MB, as in `comparisons/compare`) whatever the stage.
//! - `per_paragraph`: one iteration runs one paragraph, cycling through the
//!   sample, so the time is the mean time per paragraph and the throughput
//!   reads as paragraphs per second.
//!
//! The sample is the first `PER_FILE` records of each `data/stance/*.jsonl`
//! file, files in name order: fixed and deterministic. The sentiment head,
//! boilerplate rules and shared passages are not measured here;
//! `comparisons/compare` times the whole `stance tag`.

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode};
use criterion::{measurement::WallTime, Throughput};
use stance::analyze::Token;
use stance::features::{CueLists, SparseVec};
use stance::model::{Featurizer, Scores};
use stance::{Classifier, Model, Task};
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// Records read from each data file.
const PER_FILE: usize = 500;

/// The benchmark input: the stance head and the paragraphs at every stage.
struct Fixture {
    model: Model,
    /// Paragraph texts, white space folded as the readers fold a paragraph.
    texts: Vec<String>,
    /// Total bytes of `texts`: the throughput of every group.
    bytes: u64,
}

impl Fixture {
    fn load() -> Fixture {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        // The file build.rs embeds as the CLI's default model, loaded with the
        // same library call the CLI uses for `--model FILE`.
        let model = Model::load(&root.join("models/default.model"))
            .expect("models/default.model should load (retrain it per models/README.md)");
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("data/stance"))
            .expect("data/stance should exist")
            .map(|e| e.expect("data/stance should be readable").path())
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        // read_dir order is unspecified: sort for a deterministic sample.
        files.sort();
        let mut texts = Vec::new();
        for file in &files {
            let spec = file.to_str().expect("data paths should be UTF-8");
            let source = stance::corpus::load(spec, Task::Stance)
                .unwrap_or_else(|e| panic!("cannot read {spec}: {e}"));
            texts.extend(
                source
                    .examples
                    .into_iter()
                    .take(PER_FILE)
                    .map(|ex| stance::doc::fold_whitespace(&ex.text)),
            );
        }
        assert!(!texts.is_empty(), "no paragraphs in data/stance/*.jsonl");
        let bytes = texts.iter().map(|t| t.len() as u64).sum();
        eprintln!(
            "pipeline bench: {} paragraphs, {} bytes from {} files in data/stance",
            texts.len(),
            bytes,
            files.len()
        );
        Fixture {
            model,
            texts,
            bytes,
        }
    }

    fn head(&self) -> &Classifier {
        self.model
            .head(Task::Stance)
            .expect("the default model should have a stance head")
    }
}

/// The tagging pipeline of the stance head cut into the three timed stages.
///
/// Stage 1 and the end to end use the head's own `Featurizer`, as `Tagger`
/// does. Stages 2 and 3 split `Classifier::score_tokens` in two; the
/// featurizer's cue lists are private, so they are rebuilt here from the
/// head's stored settings exactly as `Featurizer::new` builds them
/// (`check_stages` proves the stages still agree with the library).
struct Stages<'m> {
    head: &'m Classifier,
    featurizer: Featurizer,
    cues: CueLists,
}

impl<'m> Stages<'m> {
    fn new(head: &'m Classifier) -> Self {
        Stages {
            head,
            featurizer: head.featurizer(),
            cues: CueLists::new(&head.analyzer),
        }
    }

    /// Stage 1: text → tokens, as `Tagger::tag` analyses a paragraph (base
    /// analysis on the analysed prefix, then negation marks if the head
    /// uses them; the default stance head does not).
    fn tokenize_stem(&self, text: &str) -> Vec<Token> {
        let mut tokens = self.featurizer.base_tokens(text);
        self.featurizer.finish(text, &mut tokens);
        tokens
    }

    /// Stage 2: raw dense features, their scaling and the tf-idf row: the
    /// first half of `Classifier::score_tokens`.
    fn featurize(&self, tokens: &[Token]) -> (SparseVec, Vec<f64>) {
        let mut dense = Vec::with_capacity(self.head.dense.features.len());
        self.cues
            .extract(tokens, &self.head.dense.features, &mut dense);
        self.head.dense.apply(&mut dense);
        (self.head.tfidf.transform(tokens), dense)
    }

    /// Stage 3: sparse logits and softmax.
    fn score(&self, row: &SparseVec, dense: &[f64]) -> Scores {
        self.head.score_features(row, dense)
    }

    /// All three through the library: what `Tagger::tag` runs for the stance
    /// head of a paragraph that is not skipped (its position left unknown:
    /// position features then sit at their training mean, as in stage 2).
    fn paragraph(&self, text: &str) -> Scores {
        self.head
            .score_tokens(&self.featurizer, &self.tokenize_stem(text), None)
    }
}

/// Fails the run if the staged pipeline drifts from the library, so the
/// three stage figures keep describing what the `paragraph` group runs.
fn check_stages(stages: &Stages, texts: &[String]) {
    for text in texts {
        let (row, dense) = stages.featurize(&stages.tokenize_stem(text));
        let staged = stages.score(&row, &dense);
        assert_eq!(
            staged,
            stages.paragraph(text),
            "staged pipeline differs from Classifier::score_tokens on {text:?}"
        );
        assert_eq!(
            staged,
            stages.head.score_text(&stages.featurizer, text),
            "staged pipeline differs from Classifier::score_text on {text:?}"
        );
    }
}

/// Adds the `whole_sample` and `per_paragraph` benchmarks of one stage.
fn bench_stage<I, O>(
    group: &mut BenchmarkGroup<WallTime>,
    bytes: u64,
    inputs: &[I],
    stage: impl Fn(&I) -> O,
) {
    // One whole-sample iteration takes milliseconds: flat sampling keeps the
    // run within --measurement-time instead of asking for ~5,000 iterations.
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::BytesDecimal(bytes));
    group.bench_function("whole_sample", |b| {
        b.iter(|| {
            for input in inputs {
                black_box(stage(black_box(input)));
            }
        })
    });
    group.sampling_mode(SamplingMode::Auto);
    group.throughput(Throughput::Elements(1));
    group.bench_function("per_paragraph", |b| {
        let mut next = inputs.iter().cycle();
        b.iter(|| {
            let input = next.next().expect("the sample is not empty");
            black_box(stage(black_box(input)))
        })
    });
}

fn pipeline(c: &mut Criterion) {
    let fixture = Fixture::load();
    let stages = Stages::new(fixture.head());
    check_stages(&stages, &fixture.texts);

    // Each stage's input, computed once outside the timed loops.
    let tokens: Vec<Vec<Token>> = fixture
        .texts
        .iter()
        .map(|t| stages.tokenize_stem(t))
        .collect();
    let features: Vec<(SparseVec, Vec<f64>)> = tokens.iter().map(|t| stages.featurize(t)).collect();

    let mut group = c.benchmark_group("tokenize_stem");
    bench_stage(&mut group, fixture.bytes, &fixture.texts, |text| {
        stages.tokenize_stem(text)
    });
    group.finish();

    let mut group = c.benchmark_group("featurize");
    bench_stage(&mut group, fixture.bytes, &tokens, |tokens| {
        stages.featurize(tokens)
    });
    group.finish();

    let mut group = c.benchmark_group("score");
    bench_stage(&mut group, fixture.bytes, &features, |(row, dense)| {
        stages.score(row, dense)
    });
    group.finish();

    // End to end, for comparison with the sum of the stages.
    let mut group = c.benchmark_group("paragraph");
    bench_stage(&mut group, fixture.bytes, &fixture.texts, |text| {
        stages.paragraph(text)
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
