//! Training recipes: a TOML file naming the data sources (with weights) and
//! the hyperparameters, so a model is rebuilt by one documented command
//! (`stance train --recipe models/default.toml --out models/default.model`).
//!
//! ```toml
//! task = "stance"                 # or "sentiment"; default stance
//! exclude = ["webis-dev:../x"]    # held-out sets: their texts never train
//! calibrate = ["webpages:../y"]   # whole labelled pages for the calibration
//!                                 # step only (never trained on)
//!
//! [[sources]]
//! data = "../data/stance"         # KIND:PATH or PATH, relative to this file
//! weight = 2                      # each example counted twice; default 1
//!
//! [params]                        # any TrainParams field; the rest default
//! alphas = [0.3, 1.0, 3.0]
//! [params.tfidf]
//! max_features = 10000
//! ```

use crate::corpus::{self, Source};
use crate::error::{Error, Result};
use crate::model::TrainParams;
use crate::task::Task;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A parsed recipe.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// The task (default stance).
    #[serde(default = "stance")]
    pub task: Task,
    /// Data sources, in order.
    pub sources: Vec<RecipeSource>,
    /// Held-out sets (`KIND:PATH`, relative to this file): any training text
    /// that also appears in one of them is dropped before training.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Calibration sets (`KIND:PATH` of whole labelled documents,
    /// relative to this file): never trained on, scored by the trained
    /// head and used to fit the calibration step (`calibration` in
    /// `[params]`).
    #[serde(default)]
    pub calibrate: Vec<String>,
    /// Hyperparameters (missing fields take their defaults).
    #[serde(default)]
    pub params: TrainParams,
    /// The recipe's folder: relative data paths start here.
    #[serde(skip)]
    pub base: PathBuf,
}

fn stance() -> Task {
    Task::Stance
}

/// One data source of a recipe.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipeSource {
    /// `KIND:PATH` or `PATH`, relative to the recipe file.
    pub data: String,
    /// How many times each example counts (default 1).
    #[serde(default = "one")]
    pub weight: usize,
}

fn one() -> usize {
    1
}

/// Parses a recipe file's TOML text into `T` (a paragraph head's recipe,
/// the target head's); a mistake is an error naming the file, the line and
/// what is wrong ("bad {what}: ...").
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &Path,
    what: &str,
) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map_or(0, |s| crate::read::line_of(text.as_bytes(), s.start));
        Error::parse(
            path.display().to_string(),
            line,
            format!("bad {what}: {}", e.message()),
        )
    })
}

/// The `task` a recipe file names, if it can be read as TOML with one (what
/// decides which kind of recipe it is before it is parsed whole).
pub fn task_of(path: &Path) -> Result<Option<String>> {
    #[derive(Deserialize)]
    struct Peek {
        task: Option<String>,
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(toml::from_str::<Peek>(&text).ok().and_then(|p| p.task))
}

/// Reads the recipe of a head trained on its own (`task = "target"`,
/// `task = "genre"`): `T` parsed from the file, and the recipe's folder
/// (relative paths start there). `has_sources` says whether the parsed
/// recipe lists any; a recipe of another task or without sources is an
/// error naming the file.
pub(crate) fn load_head_recipe<T: serde::de::DeserializeOwned>(
    path: &Path,
    task: &str,
    has_sources: impl Fn(&T) -> bool,
) -> Result<(T, PathBuf)> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let recipe: T = parse_toml(&text, path, &format!("{task} recipe"))?;
    if task_of(path)?.as_deref() != Some(task) || !has_sources(&recipe) {
        return Err(Error::parse(
            path.display().to_string(),
            1,
            format!("a {task} recipe has task = \"{task}\" and at least one [[sources]] entry"),
        ));
    }
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((recipe, base))
}

impl Recipe {
    /// Reads and validates a recipe file.
    pub fn load(path: &Path) -> Result<Recipe> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Recipe::parse(&text, path)
    }

    /// Parses recipe text; `path` names it in errors and sets the base folder.
    pub fn parse(text: &str, path: &Path) -> Result<Recipe> {
        let mut recipe: Recipe = parse_toml(text, path, "recipe")?;
        recipe.params.task = recipe.task;
        recipe.params.check()?;
        if recipe.sources.is_empty() {
            return Err(Error::parse(
                path.display().to_string(),
                1,
                "a recipe needs at least one [[sources]] entry",
            ));
        }
        if let Some(s) = recipe.sources.iter().find(|s| s.weight == 0) {
            return Err(Error::Params(format!(
                "{}: weight of {} must be at least 1",
                path.display(),
                s.data
            )));
        }
        recipe.base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(recipe)
    }

    /// Reads every source (unfiltered).
    pub fn load_sources(&self) -> Result<Vec<Source>> {
        self.sources
            .iter()
            .map(|s| {
                let mut source = corpus::load_in(&s.data, Some(&self.base), self.task)?;
                source.weight = s.weight;
                Ok(source)
            })
            .collect()
    }

    /// Reads the calibration sets named by `calibrate`.
    pub fn load_calibration(&self) -> Result<Vec<Source>> {
        self.calibrate
            .iter()
            .map(|spec| corpus::load_in(spec, Some(&self.base), self.task))
            .collect()
    }

    /// Reads the held-out sets named by `exclude`. Their labels may belong
    /// to another task (only the texts are used), so they are read as the
    /// task their format carries.
    pub fn load_excluded(&self) -> Result<Vec<Source>> {
        self.exclude
            .iter()
            .map(|spec| corpus::load_in(spec, Some(&self.base), self.task))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sources_weights_and_partial_params() {
        let r = Recipe::parse(
            "[[sources]]\ndata = \"data/a.jsonl\"\nweight = 2\n\n[[sources]]\ndata = \"webis:x\"\n\n[params]\nalphas = [0.5]\n[params.tfidf]\nmax_features = 50\n",
            Path::new("models/r.toml"),
        )
        .unwrap();
        assert_eq!(r.task, Task::Stance);
        assert_eq!(r.sources[0].weight, 2);
        assert_eq!(r.sources[1].weight, 1);
        assert_eq!(r.params.alphas, [0.5]);
        assert_eq!(r.params.tfidf.max_features, 50);
        assert_eq!(r.params.tfidf.min_df, TrainParams::default().tfidf.min_df);
        assert_eq!(r.base, Path::new("models"));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = Recipe::parse(
            "[[sources]]\ndata = \"a\"\n[params]\nalphaz = 1\n",
            Path::new("r.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("r.toml:4: bad recipe"), "{e}");
        let e = Recipe::parse("task = \"stance\"\n", Path::new("r.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("r.toml"), "{e}");
        let e = Recipe::parse(
            "[[sources]]\ndata = \"a\"\nweight = 0\n",
            Path::new("r.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("weight"), "{e}");
    }

    #[test]
    fn sources_resolve_relative_to_the_recipe_and_keep_their_spec() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::create_dir(dir.path().join("models")).unwrap();
        std::fs::write(
            dir.path().join("data/a.jsonl"),
            "{\"text\": \"Rain.\", \"label\": \"fact\"}\n",
        )
        .unwrap();
        let recipe_path = dir.path().join("models").join("r.toml");
        let r = Recipe::parse(
            "[[sources]]\ndata = \"labelled:../data/a.jsonl\"\nweight = 3\n",
            &recipe_path,
        )
        .unwrap();
        let sources = r.load_sources().unwrap();
        assert_eq!(sources[0].path, "labelled:../data/a.jsonl");
        assert_eq!(sources[0].weight, 3);
        assert_eq!(sources[0].examples.len(), 1);
    }
}
