//! The default model, embedded at build time from `models/default.model`
//! (see `build.rs`), so the CLI and the Python package work with no model
//! file at hand.

use crate::error::{Error, Result};
use crate::model::Model;

/// The bytes of `models/default.model` as it was when the crate was built;
/// empty when the file was missing (e.g. while training the first model).
pub const DEFAULT_MODEL_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default.model"));

/// Loads the embedded default model.
pub fn default_model() -> Result<Model> {
    if DEFAULT_MODEL_BYTES.is_empty() {
        return Err(Error::Model {
            path: "built-in default model".into(),
            message: "this build has no default model (models/default.model was missing when it was built); pass a model file".into(),
        });
    }
    Model::from_bytes(DEFAULT_MODEL_BYTES, "built-in default model")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_model_is_the_shipped_file() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default.model");
        let on_disk = std::fs::read(path).expect("models/default.model");
        assert_eq!(super::DEFAULT_MODEL_BYTES, on_disk.as_slice());
        let model = super::default_model().expect("the embedded model loads");
        assert!(model.head(crate::Task::Stance).is_some());
    }
}
