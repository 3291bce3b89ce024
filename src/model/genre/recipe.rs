//! Genre recipes (`task = "genre"`, models/genre.toml): the labelled pages
//! whose genres train the genre head, and its `[params]` ([`GenreParams`]).
//!
//! ```toml
//! task = "genre"
//! [[sources]]
//! data = "webpages:../x/web-pages"
//! [params]
//! alphas = [1.0, 3.0]
//! ```

use super::GenreParams;
use crate::error::Result;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A parsed genre recipe.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenreRecipe {
    /// Always `genre`.
    pub task: String,
    /// Directories of labelled pages with a `genres.jsonl`.
    pub sources: Vec<Source>,
    /// Hyperparameters.
    #[serde(default)]
    pub params: GenreParams,
    /// The recipe's folder: relative paths start here.
    #[serde(skip)]
    pub base: PathBuf,
}

/// One source of a genre recipe.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// `webpages:DIR` or `articles:DIR`, relative to the recipe.
    pub data: String,
}

/// Whether the recipe at `path` trains the genre head (`task = "genre"`).
pub fn is_genre_recipe(path: &Path) -> Result<bool> {
    Ok(crate::model::recipe::task_of(path)?.as_deref() == Some("genre"))
}

impl GenreRecipe {
    /// Reads a genre recipe.
    pub fn load(path: &Path) -> Result<GenreRecipe> {
        let (mut recipe, base) =
            crate::model::recipe::load_head_recipe(path, "genre", |r: &GenreRecipe| {
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
        let dir = std::env::temp_dir().join(format!("stance-grecipe-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("g.toml");
        std::fs::write(
            &good,
            "task = \"genre\"\n[[sources]]\ndata = \"webpages:p\"\n[params]\nalphas = [2.0]\nfolds = 4\n",
        )
        .unwrap();
        assert!(is_genre_recipe(&good).unwrap());
        let r = GenreRecipe::load(&good).unwrap();
        assert_eq!(
            (r.params.alphas.as_slice(), r.params.folds),
            (&[2.0][..], 4)
        );
        assert_eq!(r.base, dir);
        let bad = dir.join("b.toml");
        std::fs::write(
            &bad,
            "task = \"genre\"\n[[sources]]\ndata = \"x\"\n[params]\nalphaz = 1\n",
        )
        .unwrap();
        let e = GenreRecipe::load(&bad).unwrap_err().to_string();
        assert!(e.contains("b.toml:5"), "{e}");
        std::fs::write(&bad, "task = \"target\"\n").unwrap();
        assert!(!is_genre_recipe(&bad).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
