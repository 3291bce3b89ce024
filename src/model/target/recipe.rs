//! Target recipes (`task = "target"`, e.g. models/target.toml): the same
//! shape as a paragraph head's recipe (`recipe.rs`), with the target head's
//! own `[params]` ([`TargetParams`]).
//!
//! ```toml
//! task = "target"
//! exclude = ["newsmtsc:../x/dev.jsonl"]   # held-out sentences never train
//! [[sources]]
//! data = "newsmtsc:../x/train.jsonl"
//! [params]
//! alphas = [1.0, 3.0]
//! lexicons = "../x/lexicons"
//! [params.features]
//! groups = ["sentence", "clause", "window"]
//! window = 5
//! ```

use super::TargetParams;
use crate::error::Result;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A parsed target recipe.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetRecipe {
    /// Always `target`.
    pub task: String,
    /// Held-out sets (their sentences are dropped from training).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Training files.
    pub sources: Vec<Source>,
    /// Hyperparameters.
    #[serde(default)]
    pub params: TargetParams,
    /// The recipe's folder: relative paths start here.
    #[serde(skip)]
    pub base: PathBuf,
}

/// One source of a target recipe.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// `newsmtsc:PATH`, relative to the recipe.
    pub data: String,
}

/// Whether the recipe at `path` trains the target head (`task = "target"`).
pub fn is_target_recipe(path: &Path) -> Result<bool> {
    Ok(crate::model::recipe::task_of(path)?.as_deref() == Some("target"))
}

impl TargetRecipe {
    /// Reads a target recipe.
    pub fn load(path: &Path) -> Result<TargetRecipe> {
        let (mut recipe, base) =
            crate::model::recipe::load_head_recipe(path, "target", |r: &TargetRecipe| {
                !r.sources.is_empty()
            })?;
        recipe.base = base;
        Ok(recipe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_names_bad_fields() {
        let dir = std::env::temp_dir().join(format!("stance-trecipe-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("t.toml");
        std::fs::write(
            &good,
            "task = \"target\"\n[[sources]]\ndata = \"newsmtsc:a.jsonl\"\n[params]\nalphas = [2.0]\n[params.features]\ngroups = [\"clause\"]\nwindow = 3\n",
        )
        .unwrap();
        assert!(is_target_recipe(&good).unwrap());
        let r = TargetRecipe::load(&good).unwrap();
        assert_eq!(r.params.alphas, [2.0]);
        assert_eq!(r.params.features.window, 3);
        assert_eq!(r.base, dir);
        let bad = dir.join("b.toml");
        std::fs::write(
            &bad,
            "task = \"target\"\n[[sources]]\ndata = \"x\"\n[params]\nalphaz = 1\n",
        )
        .unwrap();
        let e = TargetRecipe::load(&bad).unwrap_err().to_string();
        assert!(e.contains("b.toml:5"), "{e}");
        std::fs::write(&bad, "task = \"sentiment\"\n").unwrap();
        assert!(!is_target_recipe(&bad).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
