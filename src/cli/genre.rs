//! The genre head on the command line: `stance train` with a genre recipe
//! (models/genre.toml, or `--task genre`) and `stance eval --task genre`.
//! Both read labelled pages with genres (`webpages:DIR`, `articles:DIR`
//! holding a `genres.jsonl`), tag each page with the model's stance head as
//! `stance eval` does, and compute its page features.

use super::util::{grid_line, Bar};
use super::Outcome;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use stance::genre::{features, Genre};
use stance::metrics::{self, Report};
use stance::model::genre::recipe::GenreRecipe;
use stance::model::genre::{cross_validate, train_genre, GenreExample, GenreParams};
use stance::model::genre::{GenreHead, GenreSourceInfo};
use stance::progress::Progress;
use stance::tag::Tagger;
use stance::{Model, Task};
use std::path::Path;

/// The labelled pages of `specs` (relative to `base`) with an agreed
/// genre, as genre examples, and what each source held.
fn load_pages(
    specs: &[String],
    base: Option<&Path>,
    model: &Model,
    bar: &Bar,
) -> Result<(Vec<GenreExample>, Vec<GenreSourceInfo>)> {
    let tagger = Tagger::new(model)?;
    let mut examples = Vec::new();
    let mut sources = Vec::new();
    for spec in specs {
        let Some((pages, sha256)) = stance::corpus::load_articles_hashed(spec, base, Task::Stance)
            .with_context(|| format!("reading {spec}"))?
        else {
            bail!("{spec}: the genre head trains on labelled pages (webpages:DIR, articles:DIR)");
        };
        let labelled: Vec<_> = pages
            .iter()
            .filter_map(|p| Some((p, p.genre.as_deref().and_then(Genre::parse)?)))
            .collect();
        if labelled.is_empty() {
            bail!("{spec}: no page with an agreed genre (is there a genres.jsonl?)");
        }
        bar.phase("tagging pages", labelled.len() as u64);
        let part: Vec<GenreExample> = labelled
            .par_iter()
            .map(|(page, gold)| {
                let doc = page.document();
                let tagged = tagger.tag(&doc);
                let meta = page.page_meta().unwrap_or_default();
                let content = stance::tag::labelled_content(&tagged);
                bar.advance(1);
                GenreExample {
                    key: page.key.clone(),
                    x: features::compute(&meta, content.into_iter(), tagger.stance_classes()),
                    gold: *gold,
                    declared: stance::genre::declared(&meta),
                }
            })
            .collect();
        let mut counts = vec![0; Genre::ALL.len()];
        for e in &part {
            counts[Genre::ALL.iter().position(|g| *g == e.gold).unwrap_or(0)] += 1;
        }
        eprintln!(
            "stance: read {} pages with a genre from {spec} ({} of them declare one)",
            part.len(),
            part.iter().filter(|e| e.declared.is_some()).count()
        );
        sources.push(GenreSourceInfo {
            path: spec.clone(),
            sha256,
            counts,
        });
        examples.extend(part);
    }
    Ok((examples, sources))
}

/// What `stance train` passes on for the genre head.
pub struct TrainArgs<'a> {
    pub recipe: Option<&'a Path>,
    pub data: &'a [String],
    pub add_to: Option<&'a Path>,
    pub out: &'a Path,
    pub cv: Option<usize>,
    pub seed: Option<u64>,
    pub alpha: Option<Vec<f64>>,
    pub features: Option<&'a [String]>,
    pub json: bool,
}

pub fn train(args: TrainArgs) -> Result<Outcome> {
    let (mut params, mut specs, base) = match args.recipe {
        Some(path) => {
            let recipe = GenreRecipe::load(path)?;
            let specs: Vec<String> = recipe.sources.iter().map(|s| s.data.clone()).collect();
            (recipe.params, specs, Some(recipe.base))
        }
        None => (GenreParams::default(), Vec::new(), None),
    };
    let mut model = match args.add_to {
        Some(base) => Model::load(base).context("reading the model to add to")?,
        None => bail!(
            "the genre head reads pages tagged by a stance head and is added to its model: give --add-to MODEL"
        ),
    };
    super::util::override_cv(
        args.cv,
        args.seed,
        args.alpha,
        (&mut params.folds, &mut params.seed, &mut params.alphas),
    );
    if let Some(f) = args.features {
        params.features = f.iter().map(|s| s.trim().to_string()).collect();
    }
    let bar = Bar::new();
    // Specs of the recipe are relative to it; --data ones to the directory
    // `stance` runs in.
    let (mut examples, mut sources) = load_pages(&specs, base.as_deref(), &model, &bar)?;
    if !args.data.is_empty() {
        let (e, s) = load_pages(args.data, None, &model, &bar)?;
        examples.extend(e);
        sources.extend(s);
        specs.extend(args.data.iter().cloned());
    }
    if examples.is_empty() {
        bail!("no training data: give --data webpages:DIR or a genre recipe");
    }
    bar.phase("cross-validation", 1);
    let head = train_genre(&params, &examples, sources)?;
    bar.finish();
    print_training(&head, args.json)?;
    model.genre = Some(head);
    model.save(args.out)?;
    eprintln!("stance: wrote {}", args.out.display());
    Ok(Outcome::Clean)
}

fn print_training(head: &GenreHead, json: bool) -> Result<()> {
    let t = &head.training;
    if json {
        println!("{}", serde_json::to_string_pretty(t)?);
        return Ok(());
    }
    println!(
        "trained a genre head: {} page features, alpha {}, {} priors",
        head.features.len(),
        t.alpha,
        if t.balanced { "balanced" } else { "training" }
    );
    println!(
        "\n{}-fold cross-validation over pages (seed {}; out-of-fold accuracy per L2 strength):",
        t.params.folds, t.params.seed
    );
    for g in &t.grid {
        println!(
            "{}",
            grid_line(g.alpha, g.macro_f1, Some(g.std), g.alpha == t.alpha)
        );
    }
    println!("\nout of fold, the classifier alone:\n{}", t.cv.to_table());
    println!(
        "out of fold, declared genres first (as `stance tag` gives them): accuracy {:.4}, macro-F1 {:.4}",
        t.cv_declared_first.accuracy, t.cv_declared_first.macro_f1
    );
    Ok(())
}

/// `stance eval --task genre` figures, for --json.
#[derive(serde::Serialize)]
struct Figures {
    pages: usize,
    declared: usize,
    folds: usize,
    seed: u64,
    alpha: f64,
    /// Out of fold, the classifier alone.
    classifier: Report,
    /// Out of fold, declared genres first.
    declared_first: Report,
    /// Declared genres, on the pages that declare one.
    declared_only: Option<Report>,
    /// Out-of-fold accuracy per data source: the classifier alone, and
    /// declared genres first.
    by_source: Vec<SourceAccuracy>,
}

/// One data source's share of the out-of-fold figures.
#[derive(serde::Serialize)]
struct SourceAccuracy {
    data: String,
    pages: usize,
    classifier: f64,
    declared_first: f64,
}

/// Page-grouped cross-validation of the model's genre head settings (its
/// features, L2 strength and prior treatment) on the pages of `data`.
pub fn eval(data: &[String], model: &Model, seed: Option<u64>, json: bool) -> Result<Outcome> {
    let Some(head) = &model.genre else {
        bail!("the model has no genre head (train one with `stance train --recipe models/genre.toml --add-to MODEL`)");
    };
    let bar = Bar::new();
    let (examples, sources) = load_pages(data, None, model, &bar)?;
    bar.finish();
    let params = GenreParams {
        alphas: vec![head.training.alpha],
        seed: seed.unwrap_or(head.training.params.seed),
        ..head.training.params.clone()
    };
    let cv = cross_validate(&params, &examples, Some(head.training.balanced))?;
    let labels: Vec<&str> = Genre::ALL.iter().map(|g| g.name()).collect();
    let at = |g: Genre| Genre::ALL.iter().position(|x| *x == g).unwrap_or(0);
    let declared: Vec<&GenreExample> = examples.iter().filter(|e| e.declared.is_some()).collect();
    let declared_only = (!declared.is_empty()).then(|| {
        let g: Vec<usize> = declared.iter().map(|e| at(e.gold)).collect();
        let p: Vec<usize> = declared.iter().map(|e| e.declared.map_or(0, at)).collect();
        metrics::report(&labels, &g, &p, None)
    });
    let mut by_source = Vec::new();
    let mut start = 0;
    for src in &sources {
        let n: usize = src.counts.iter().sum();
        let range = start..start + n;
        start += n;
        let (mut alone, mut first) = (0usize, 0usize);
        for i in range {
            let gold = at(examples[i].gold);
            let predicted = metrics::argmax(&cv.probabilities[i]).0;
            alone += (predicted == gold) as usize;
            first += (examples[i].declared.map_or(predicted, at) == gold) as usize;
        }
        by_source.push(SourceAccuracy {
            data: src.path.clone(),
            pages: n,
            classifier: alone as f64 / n.max(1) as f64,
            declared_first: first as f64 / n.max(1) as f64,
        });
    }
    let figures = Figures {
        by_source,
        pages: examples.len(),
        declared: declared.len(),
        folds: params.folds,
        seed: params.seed,
        alpha: cv.alpha,
        classifier: cv.report,
        declared_first: cv.declared_first,
        declared_only,
    };
    if json {
        println!("{}", serde_json::to_string(&figures)?);
        return Ok(Outcome::Clean);
    }
    println!(
        "genre of {} pages, {}-fold cross-validation over pages (seed {}, alpha {}; the head refitted per fold):",
        figures.pages, figures.folds, figures.seed, figures.alpha
    );
    println!("\nthe classifier alone:\n{}", figures.classifier.to_table());
    println!(
        "declared genres first (as `stance tag` gives them):\n{}",
        figures.declared_first.to_table()
    );
    for s in &figures.by_source {
        println!(
            "{}: {} pages, accuracy {:.4} (classifier alone), {:.4} (declared first)",
            s.data, s.pages, s.classifier, s.declared_first
        );
    }
    if let Some(d) = &figures.declared_only {
        println!(
            "declared genres alone, on the {} pages that declare one: accuracy {:.4}",
            figures.declared, d.accuracy
        );
    }
    Ok(Outcome::Clean)
}
