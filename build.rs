//! Embeds `models/default.model` in the binary so `stance tag` works with no
//! flags. When the file is missing (e.g. while training the first model),
//! an empty placeholder is embedded and the binary says so at run time.

use std::path::Path;

fn main() {
    let src = Path::new("models/default.model");
    println!("cargo:rerun-if-changed=models/default.model");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default.model");
    let bytes = std::fs::read(src).unwrap_or_default();
    std::fs::write(&out, bytes).expect("cannot write the embedded model to OUT_DIR");
}
