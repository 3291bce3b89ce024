//! Helpers shared by the integration tests that run the real `stance`
//! binary: a fresh working folder to run it in (with a small model or two
//! invented posts when a test needs them), paths into the repository, and
//! readers of what it writes (JSONL records in the documented field order).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fresh working folder, removed at the end of the test, and helpers to
/// run the binary inside it.
pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Self {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// `name` inside the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Writes `name` (and the folders it is in).
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }

    /// The text of `name`.
    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
    }

    /// `stance ARGS` in the folder, with nothing on stdin and neither
    /// `NO_COLOR` nor `COLUMNS` inherited from the shell running the tests.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_stance"));
        c.args(args)
            .current_dir(self.tmp.path())
            .stdin(Stdio::null())
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS");
        c
    }

    /// Runs and returns the output, whatever the exit status.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run stance")
    }

    /// Runs, asserts success and returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        checked(self.run(args), args)
    }
}

/// The stdout of a successful run; on failure, panics showing the exit
/// status, stderr and stdout.
pub fn checked(out: Output, args: &[&str]) -> String {
    assert!(
        out.status.success(),
        "stance {args:?} failed with {:?}\n--- stderr ---\n{}\n--- stdout ---\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// What a run wrote on stderr.
pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A path inside the repository.
pub fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

/// A file of `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    repo(&format!("tests/fixtures/{name}"))
}

/// The fields of a `stance tag` JSONL record, in the order written.
pub const FIELDS: [&str; 23] = [
    "doc",
    "paragraph",
    "start",
    "end",
    "label",
    "scores",
    "text",
    "reproduced",
    "reproduced_by",
    "shared_with",
    "skipped",
    "element",
    "sentiment",
    "sentiment_scores",
    "comment",
    "title",
    "author",
    "published",
    "site",
    "url",
    "language",
    "genre",
    "genre_score",
];

/// Parses `stance tag` JSONL output, checking on the raw text that every
/// record has all [`FIELDS`] in that order (serde_json's `Value` sorts
/// keys).
pub fn jsonl(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| {
            let at: Vec<usize> = FIELDS
                .iter()
                .map(|f| {
                    l.find(&format!("\"{f}\":"))
                        .unwrap_or_else(|| panic!("no {f} in {l}"))
                })
                .collect();
            assert!(at.windows(2).all(|w| w[0] < w[1]), "field order of {l}");
            serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSONL line {l:?}: {e}"))
        })
        .collect()
}

/// Parses JSON lines that are not tag records (`explain --json`, summary
/// rows).
pub fn json_lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// A tag record is well formed: every field there, and either a skip
/// reason without scores or a distribution whose best class is the label.
pub fn assert_record(r: &Value) {
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    for f in FIELDS {
        assert!(keys.contains(&f), "{f} missing in {r}");
    }
    if r["scores"].is_null() {
        assert!(
            r["label"].is_null() && r["skipped"].is_string(),
            "only skipped paragraphs lack scores: {r}"
        );
        return;
    }
    assert_distribution(r, "label", "scores");
}

/// `r[scores]` holds three probabilities summing to 1 and `r[label]` names
/// the most probable one.
pub fn assert_distribution(r: &Value, label: &str, scores: &str) {
    let scores = r[scores].as_object().unwrap();
    assert_eq!(scores.len(), 3);
    let sum: f64 = scores.values().map(|v| v.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-9, "scores sum to {sum}: {r}");
    let best = scores
        .iter()
        .max_by(|a, b| a.1.as_f64().unwrap().total_cmp(&b.1.as_f64().unwrap()))
        .unwrap()
        .0;
    assert_eq!(
        r[label].as_str().unwrap(),
        best,
        "label is the most probable class: {r}"
    );
}

/// Runs `stance ARGS` on a pseudo-terminal (util-linux `script`), with
/// stdout and stderr both on it as a person at a terminal sees them, the
/// terminal 72 columns wide and without colour. Returns the exit code and
/// everything shown, with carriage returns kept (progress bars redraw with
/// them).
pub fn on_a_terminal(d: &Dir, args: &str) -> (Option<i32>, String) {
    let exe = env!("CARGO_BIN_EXE_stance");
    let out = Command::new("script")
        .args(["-qec", &format!("{exe} {args}"), "/dev/null"])
        .current_dir(d.root())
        .stdin(Stdio::null())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "72")
        .env("TERM", "xterm")
        .output()
        .expect("util-linux `script` runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// What some tests start from.
impl Dir {
    /// Trains a model on the separable fixture into `small.model`.
    pub fn train_small(&self) -> PathBuf {
        let data = fixture("train.jsonl");
        self.ok(&[
            "train",
            "--data",
            &data,
            "--out",
            "small.model",
            "--cv",
            "3",
            "--alpha",
            "0.3,1",
        ]);
        self.path("small.model")
    }

    /// Two invented posts sharing a reposted passage, one with a headline
    /// and a hostile paragraph.
    pub fn posts(&self) {
        let shared = "The harbour board confirmed on Tuesday that the northern pier will close for repairs from the first of May, and that the two morning ferries will leave from the old fish market until the work is finished in the autumn.";
        self.write(
            "posts/pier.txt",
            format!(
                "Pier Closes For Summer\n\n{shared}\n\n\"We have no choice, the timbers are rotten,\" said the harbour master, Ines Caro. \"Nobody wants to close it.\"\n\nI think the board has known about this for years and did nothing until it was too late. Shameful.\n\nWatch out for <script>alert('x')</script> in the timetable."
            ),
        );
        self.write(
            "posts/repost.txt",
            format!(
                "A reader sent us this notice.\n\n{shared}\n\nFrankly, the market is the better spot anyway, and I hope they never move back."
            ),
        );
    }
}
