//! `stance train` for the target head (`--task target`, or a recipe with
//! `task = "target"` such as models/target.toml): NewsMTSC rows with their
//! mention spans → the target head, added to a model with `--add-to`.

use super::util::{grid_line, Bar};
use super::Outcome;
use anyhow::{bail, Context, Result};
use stance::features::PolarityLexicon;
use stance::model::target::recipe::TargetRecipe;
use stance::model::target::{drop_held_out, train_target, TargetParams};
use stance::target::corpus::{self, TargetSource};
use stance::target::features::Group;
use stance::Model;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What `stance train` passes on for the target head.
pub struct TargetArgs<'a> {
    pub recipe: Option<&'a Path>,
    pub data: &'a [String],
    pub exclude: &'a [String],
    pub add_to: Option<&'a Path>,
    pub out: &'a Path,
    pub cv: Option<usize>,
    pub seed: Option<u64>,
    pub alpha: Option<Vec<f64>>,
    pub groups: Option<&'a [String]>,
    pub window: Option<usize>,
    pub lexicons: Option<&'a Path>,
    pub json: bool,
}

pub fn run(args: TargetArgs) -> Result<Outcome> {
    let (mut params, mut sources, mut held_out, base) = match args.recipe {
        Some(path) => {
            let recipe = TargetRecipe::load(path)?;
            let load = |spec: &String| corpus::load(spec, Some(&recipe.base));
            let sources = recipe
                .sources
                .iter()
                .map(|s| load(&s.data))
                .collect::<stance::Result<Vec<_>>>()
                .with_context(|| format!("reading the data of {}", path.display()))?;
            let held = recipe
                .exclude
                .iter()
                .map(load)
                .collect::<stance::Result<Vec<_>>>()
                .with_context(|| format!("reading the held-out sets of {}", path.display()))?;
            (recipe.params, sources, held, Some(recipe.base))
        }
        None => (TargetParams::default(), Vec::new(), Vec::new(), None),
    };
    for spec in args.data {
        sources.push(corpus::load(spec, None).context("reading training data")?);
    }
    for spec in args.exclude {
        held_out.push(corpus::load(spec, None).context("reading held-out data")?);
    }
    if sources.is_empty() {
        bail!("no training data: give --data newsmtsc:PATH or a target recipe");
    }
    super::util::override_cv(
        args.cv,
        args.seed,
        args.alpha,
        (&mut params.folds, &mut params.seed, &mut params.alphas),
    );
    if let Some(w) = args.window {
        params.features.window = w;
    }
    if let Some(names) = args.groups {
        params.features.groups = names
            .iter()
            .map(|n| {
                Group::from_name(n.trim()).ok_or_else(|| {
                    let all: Vec<&str> = Group::ALL.iter().map(|g| g.name()).collect();
                    anyhow::anyhow!("unknown feature group {n:?}; known: {}", all.join(", "))
                })
            })
            .collect::<Result<_>>()?;
    }
    let lexicon_dir: Option<PathBuf> = match (args.lexicons, &params.lexicons, &base) {
        (Some(dir), _, _) => Some(dir.to_path_buf()),
        (None, Some(dir), Some(b)) => Some(b.join(dir)),
        (None, Some(dir), None) => Some(PathBuf::from(dir)),
        (None, None, _) => None,
    };
    let held: HashSet<String> = held_out
        .iter()
        .flat_map(|s: &TargetSource| s.examples.iter().map(|e| e.text.clone()))
        .collect();
    let removed: Vec<usize> = sources
        .iter_mut()
        .map(|s| drop_held_out(s, &held))
        .collect();
    for (s, r) in sources.iter().zip(&removed) {
        eprintln!(
            "stance: read {} target rows from {} ({r} held-out dropped)",
            s.examples.len(),
            s.spec
        );
    }
    let bar = Bar::new();
    let lexicon = match &lexicon_dir {
        Some(dir) => PolarityLexicon::load(dir, &Default::default())
            .with_context(|| format!("reading the lexicons in {}", dir.display()))?,
        None => PolarityLexicon::default(),
    };
    let head = train_target(&params, &sources, &removed, lexicon, &bar)?;
    bar.finish();
    let t = &head.training;
    if args.json {
        println!("{}", serde_json::to_string_pretty(t)?);
    } else {
        println!(
            "trained a target head: {} feature names, alpha {}, {} priors",
            head.vocabulary.len(),
            t.alpha,
            if t.balanced { "balanced" } else { "training" }
        );
        println!(
            "\n{}-fold cross-validation (out-of-fold macro-F1 per L2 strength):",
            params.folds
        );
        for g in &t.grid {
            let chosen = g.alpha == t.alpha;
            println!("{}", grid_line(g.alpha, g.macro_f1, Some(g.std), chosen));
        }
        if let Some(r) = &t.cv {
            println!("\nout-of-fold report:\n{}", r.to_table());
        }
    }
    let mut model = match args.add_to {
        Some(base) => Model::load(base).context("reading the model to add to")?,
        None => {
            bail!("the target head is added to a model with paragraph heads: give --add-to MODEL")
        }
    };
    model.target = Some(head);
    model.save(args.out)?;
    eprintln!("stance: wrote {}", args.out.display());
    Ok(Outcome::Clean)
}
