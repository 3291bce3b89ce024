//! Labelled training and evaluation data, read from our own files and from
//! the public corpora in their original formats.
//!
//! Every reader turns its format into [`Example`]s. A data source is named
//! on the command line as `PATH` (format detected from the file name and
//! header) or `KIND:PATH` to force a format; [`Kind`] lists them.
//!
//! A bad line or record is an [`Error::Parse`] (path and line); a source
//! that cannot be used as a whole (labels of another task, no data files,
//! an unknown format) is an [`Error::Data`] naming it.

pub mod articles;
mod checkthat;
mod labelled;
mod newsmtsc;
mod newssd;
mod webis;
pub mod webpages;

use crate::error::{Error, Result};
use crate::read::line_of;
use crate::task::Task;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

/// How a source's labels relate to the task's classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// All of the task's classes are annotated.
    Full,
    /// Only opinion vs not-opinion is annotated (`fact` stands for "not
    /// opinion", which can include quotations): evaluate as two classes.
    OpinionVsNot,
}

/// One labelled paragraph or sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The text to classify.
    pub text: String,
    /// Class index into the task's classes.
    pub label: usize,
    /// Where it came from (`file:line`), for error messages.
    pub origin: String,
    /// Examples of one group (an editorial) stay in one cross-validation fold.
    pub group: String,
    /// What the label means.
    pub scheme: Scheme,
    /// Place among its document's paragraphs, for corpora of whole
    /// documents (Webis); `None` for lone paragraphs and sentences.
    pub position: Option<crate::features::Position>,
}

/// The formats `--data` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Our own data: JSONL `{"text", "label"}` or CSV with `text,label`.
    Labelled,
    /// Webis-Editorials-16 JSON files (a directory of them, or one file).
    Webis,
    /// NewsSD-ENG CSV (`Sentence,Label,...`, OBJ/SUBJ).
    Newssd,
    /// CheckThat! 2023 task 2 TSV (id, sentence, label, solved_conflict).
    Checkthat,
    /// NewsMTSC JSONL (sentence, polarity -1/0/1): sentiment only.
    Newsmtsc,
    /// Labelled paragraphs of news articles: a directory with
    /// `ground-truth.json` and `labels.jsonl` (see [`articles`]).
    Articles,
    /// Labelled paragraphs of web pages of many genres: a directory with
    /// `labels.jsonl` holding the texts (see [`webpages`]).
    Webpages,
}

impl Kind {
    /// Name used in `KIND:PATH`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Labelled => "labelled",
            Kind::Webis => "webis",
            Kind::Newssd => "newssd",
            Kind::Checkthat => "checkthat",
            Kind::Newsmtsc => "newsmtsc",
            Kind::Articles => "articles",
            Kind::Webpages => "webpages",
        }
    }

    fn from_name(s: &str) -> Option<Kind> {
        [
            Kind::Labelled,
            Kind::Webis,
            Kind::Newssd,
            Kind::Checkthat,
            Kind::Newsmtsc,
            Kind::Articles,
            Kind::Webpages,
        ]
        .into_iter()
        .find(|k| k.name() == s)
    }
}

/// Examples read from one `--data` argument, with what is needed to record
/// it in the model file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given.
    pub path: String,
    /// Its format.
    pub kind: Kind,
    /// SHA-256 over the file (or over the names and contents of a directory's
    /// files, in sorted order).
    pub sha256: String,
    /// The examples.
    pub examples: Vec<Example>,
    /// How many times each example is repeated in training (1 unless a
    /// recipe says otherwise).
    pub weight: usize,
    /// Examples dropped by [`dedupe`] (repeats or held-out texts).
    pub removed: usize,
}

/// A fixed split of a corpus that comes without one (Webis): of its files in
/// sorted order, every fifth (indices 4, 9, 14, ...) is `dev`, the rest `train`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Four files in five.
    Train,
    /// One file in five.
    Dev,
}

impl Split {
    /// Whether the `i`-th file (0-based, sorted order) belongs to the split.
    pub fn contains(self, i: usize) -> bool {
        (i % 5 == 4) == (self == Split::Dev)
    }
}

/// Parses `KIND` or `KIND-train` / `KIND-dev` (the latter for directory corpora).
fn parse_kind(s: &str) -> Option<(Kind, Option<Split>)> {
    if let Some(k) = Kind::from_name(s) {
        return Some((k, None));
    }
    let (k, split) = s.rsplit_once('-')?;
    let split = match split {
        "train" => Split::Train,
        "dev" => Split::Dev,
        _ => return None,
    };
    Some((Kind::from_name(k)?, Some(split)))
}

/// Reads one data source named `KIND:PATH` or `PATH` for `task`.
///
/// `webis-train:DIR` and `webis-dev:DIR` read the fixed [`Split`] of a
/// directory corpus.
pub fn load(spec: &str, task: Task) -> Result<Source> {
    load_in(spec, None, task)
}

/// Like [`load`], with a relative path resolved against `base` (a recipe's
/// folder); the source keeps `spec` as written, so a model records the same
/// path wherever it was trained from.
pub fn load_in(spec: &str, base: Option<&Path>, task: Task) -> Result<Source> {
    let (kind, split, path) = match spec
        .split_once(':')
        .and_then(|(k, p)| Some((parse_kind(k)?, p)))
    {
        Some(((k, split), p)) => (Some(k), split, p),
        None => (None, None, spec),
    };
    let path_buf = match base {
        Some(b) if Path::new(path).is_relative() => b.join(path),
        _ => PathBuf::from(path),
    };
    let path = path_buf.to_string_lossy().into_owned();
    let path = path.as_str();
    let kind = match kind {
        Some(k) => k,
        None => detect(&path_buf)?,
    };
    if kind.is_documents() {
        let (articles, sha256) = read_documents(&path_buf, kind, task)?;
        let mut examples = Vec::new();
        articles::examples(&articles, &mut examples);
        return Ok(Source {
            path: spec.to_string(),
            kind,
            sha256,
            examples,
            weight: 1,
            removed: 0,
        });
    }
    let mut files = files_of(&path_buf, kind)?;
    if let Some(split) = split {
        files = files
            .into_iter()
            .enumerate()
            .filter(|(i, _)| split.contains(*i))
            .map(|(_, f)| f)
            .collect();
    }
    if files.is_empty() {
        return Err(Error::data(
            path,
            format!("no {} data files found", kind.name()),
        ));
    }
    let mut hasher = Sha256::new();
    let mut examples = Vec::new();
    for file in &files {
        let bytes = fs::read(file).map_err(|e| Error::io(file, e))?;
        if files.len() > 1 {
            hasher.update(
                file.strip_prefix(&path_buf)
                    .unwrap_or(file)
                    .to_string_lossy()
                    .as_bytes(),
            );
            hasher.update([0]);
        }
        hasher.update(&bytes);
        let name = file.display().to_string();
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::parse(
                &name,
                line_of(e.as_bytes(), e.utf8_error().valid_up_to()),
                "invalid UTF-8",
            )
        })?;
        match kind {
            Kind::Labelled => labelled::read(&name, &text, task, &mut examples)?,
            Kind::Webis => webis::read(&name, &text, task, &mut examples)?,
            Kind::Newssd => newssd::read(&name, &text, task, &mut examples)?,
            Kind::Checkthat => checkthat::read(&name, &text, task, &mut examples)?,
            Kind::Newsmtsc => newsmtsc::read(&name, &text, task, &mut examples)?,
            Kind::Articles | Kind::Webpages => {
                unreachable!("labelled pages are read as a whole directory")
            }
        }
    }
    Ok(Source {
        path: spec.to_string(),
        kind,
        sha256: format!("{:x}", hasher.finalize()),
        examples,
        weight: 1,
        removed: 0,
    })
}

/// The two files of an `articles:` directory.
const ARTICLE_FILES: [&str; 2] = ["ground-truth.json", "labels.jsonl"];

/// The genres of a directory of labelled pages (optional).
const GENRE_FILE: &str = "genres.jsonl";

impl Kind {
    /// Whether the kind is a directory of whole labelled pages, scored as
    /// documents (`articles:`, `webpages:`).
    pub fn is_documents(self) -> bool {
        matches!(self, Kind::Articles | Kind::Webpages)
    }
}

/// Reads a file of a labelled-pages directory as UTF-8 text, adding its
/// name and bytes to `hasher`; returns the name to show in errors and the
/// text.
fn read_hashed(dir: &Path, name: &str, hasher: &mut Sha256) -> Result<(String, String)> {
    let file = dir.join(name);
    let bytes = fs::read(&file).map_err(|e| Error::io(&file, e))?;
    hasher.update(name.as_bytes());
    hasher.update([0]);
    hasher.update(&bytes);
    let shown = file.display().to_string();
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::parse(
            &shown,
            line_of(e.as_bytes(), e.utf8_error().valid_up_to()),
            "invalid UTF-8",
        )
    })?;
    Ok((shown, text))
}

/// Reads the labelled pages of `dir`: `articles:` (`ground-truth.json` and
/// `labels.jsonl`) or `webpages:` (`labels.jsonl` with the texts), with
/// their genres where `genres.jsonl` is there, and the SHA-256 over the
/// files read.
pub fn read_documents(
    dir: &Path,
    kind: Kind,
    task: Task,
) -> Result<(Vec<articles::Article>, String)> {
    let mut hasher = Sha256::new();
    let mut pages = match kind {
        Kind::Articles => {
            let (truth_name, truth) = read_hashed(dir, ARTICLE_FILES[0], &mut hasher)?;
            let (labels_name, labels) = read_hashed(dir, ARTICLE_FILES[1], &mut hasher)?;
            articles::parse(&truth_name, &truth, &labels_name, &labels, task)?
        }
        Kind::Webpages => {
            let (name, labels) = read_hashed(dir, "labels.jsonl", &mut hasher)?;
            webpages::parse(&name, &labels, task)?
        }
        _ => {
            return Err(Error::data(
                dir.display().to_string(),
                format!("{} data are not whole pages", kind.name()),
            ))
        }
    };
    if dir.join(GENRE_FILE).is_file() {
        let (name, text) = read_hashed(dir, GENRE_FILE, &mut hasher)?;
        articles::set_genres(&name, &text, &mut pages)?;
    }
    for p in &mut pages {
        let file = dir.join("html").join(format!("{}.html.gz", p.key));
        p.page_file = file.is_file().then_some(file);
    }
    Ok((pages, format!("{:x}", hasher.finalize())))
}

/// Like [`load_in`] for a directory of labelled pages (`articles:DIR`,
/// `webpages:DIR`): the whole pages, with their unscored and `skip`
/// paragraphs, for scoring documents as `stance tag` sees them. `None` when
/// `spec` names another kind of data.
pub fn load_articles(
    spec: &str,
    base: Option<&Path>,
    task: Task,
) -> Result<Option<Vec<articles::Article>>> {
    Ok(load_articles_hashed(spec, base, task)?.map(|(a, _)| a))
}

/// [`load_articles`] with the SHA-256 over the files read.
pub fn load_articles_hashed(
    spec: &str,
    base: Option<&Path>,
    task: Task,
) -> Result<Option<(Vec<articles::Article>, String)>> {
    let (kind, path) = match spec
        .split_once(':')
        .and_then(|(k, p)| Some((parse_kind(k)?, p)))
    {
        Some(((k, _), p)) => (Some(k), p),
        None => (None, spec),
    };
    let path = match base {
        Some(b) if Path::new(path).is_relative() => b.join(path),
        _ => PathBuf::from(path),
    };
    let kind = match kind {
        Some(k) => k,
        None => detect(&path)?,
    };
    if !kind.is_documents() {
        return Ok(None);
    }
    Ok(Some(read_documents(&path, kind, task)?))
}

/// Guesses the format of `path` from its name and first line.
fn detect(path: &Path) -> Result<Kind> {
    if path.is_dir() {
        if ARTICLE_FILES.iter().all(|f| path.join(f).is_file()) {
            return Ok(Kind::Articles);
        }
        if path.join("labels.jsonl").is_file() && path.join("html").is_dir() {
            return Ok(Kind::Webpages);
        }
        let files = list_files(path)?;
        if files.iter().any(|f| has_ext(f, "json")) {
            return Ok(Kind::Webis);
        }
        if files
            .iter()
            .any(|f| has_ext(f, "jsonl") || has_ext(f, "csv"))
        {
            return Ok(Kind::Labelled);
        }
        return Err(Error::data(
            path.display().to_string(),
            "cannot tell the data format of this directory; name it as KIND:PATH (kinds: labelled, webis, newssd, checkthat, newsmtsc, articles, webpages)",
        ));
    }
    let first = first_line(path)?;
    let kind = if has_ext(path, "tsv") {
        Kind::Checkthat
    } else if has_ext(path, "json") {
        Kind::Webis
    } else if has_ext(path, "csv") && first.starts_with("Sentence,Label") {
        Kind::Newssd
    } else if has_ext(path, "jsonl")
        && first.contains("\"polarity\"")
        && first.contains("\"sentence\"")
    {
        Kind::Newsmtsc
    } else {
        Kind::Labelled
    };
    Ok(kind)
}

fn has_ext(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn first_line(path: &Path) -> Result<String> {
    use std::io::BufRead;
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut line = String::new();
    // A non-UTF-8 first line is reported properly by the reader later.
    let _ = std::io::BufReader::new(file).read_line(&mut line);
    Ok(line)
}

/// Every file under `dir`, recursively, sorted by path.
fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).map_err(|e| Error::io(&d, e))? {
            let entry = entry.map_err(|e| Error::io(&d, e))?;
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The files of a source: the path itself, or the matching files under it.
fn files_of(path: &Path, kind: Kind) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        if !path.exists() {
            return Err(Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            ));
        }
        return Ok(vec![path.to_path_buf()]);
    }
    let exts: &[&str] = match kind {
        Kind::Labelled => &["jsonl", "csv"],
        Kind::Webis => &["json"],
        Kind::Newssd => &["csv"],
        Kind::Checkthat => &["tsv"],
        Kind::Newsmtsc => &["jsonl"],
        Kind::Articles | Kind::Webpages => &["json", "jsonl"],
    };
    Ok(list_files(path)?
        .into_iter()
        .filter(|f| exts.iter().any(|e| has_ext(f, e)))
        .collect())
}

/// Key under which two texts count as the same: lowercased, white space
/// folded.
fn text_key(text: &str) -> String {
    crate::doc::fold_whitespace(&text.to_lowercase())
}

/// Removes, in place, examples whose text also appears in `exclude` (dev
/// sets held out by content, since corpora overlap: NewsSD-ENG's splits sit
/// inside CheckThat!'s training file) and repeats of a text already seen in
/// an earlier example (the first one is kept). Returns how many examples
/// each source lost.
pub fn dedupe(sources: &mut [Source], exclude: &[Source]) -> Vec<usize> {
    let excluded: std::collections::HashSet<String> = exclude
        .iter()
        .flat_map(|s| &s.examples)
        .map(|e| text_key(&e.text))
        .collect();
    let mut seen = std::collections::HashSet::new();
    sources
        .iter_mut()
        .map(|s| {
            let before = s.examples.len();
            s.examples.retain(|e| {
                let key = text_key(&e.text);
                !excluded.contains(&key) && seen.insert(key)
            });
            s.removed += before - s.examples.len();
            before - s.examples.len()
        })
        .collect()
}

/// Per-class counts of `examples` for a task.
pub fn counts(examples: &[Example], task: Task) -> Vec<usize> {
    let mut c = vec![0; task.classes().len()];
    for e in examples {
        c[e.label] += 1;
    }
    c
}

/// Share of a text's words inside quotation marks, as the tokenizer reads
/// them (punctuation not counted).
pub fn quote_share(text: &str) -> f64 {
    let tokens = crate::analyze::tokenize(text);
    let words = tokens
        .iter()
        .filter(|t| t.kind != crate::analyze::TokenKind::Punct);
    let (n, q) = words.fold((0usize, 0usize), |(n, q), t| (n + 1, q + t.quoted as usize));
    if n == 0 {
        0.0
    } else {
        q as f64 / n as f64
    }
}

/// LABELS.md's test for `quotation`: more than half of the words are
/// inside quotation marks. Corpora that label reported speech as testimony
/// (Webis) or do not separate quotations (the opinion-vs-not corpora) are
/// compared with it.
pub fn mostly_quoted(text: &str) -> bool {
    quote_share(text) > 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mostly_quoted_is_labels_md_quotation_test() {
        // Seven of the ten words are quoted.
        assert!(mostly_quoted(
            "\u{201c}We will not close a single route,\u{201d} the director said."
        ));
        // Indirect speech and a short embedded quotation are not.
        assert!(!mostly_quoted(
            "Officials said the raid killed 30 people on Tuesday."
        ));
        assert!(!mostly_quoted(
            "The mayor called the plan \"a good start\" and promised a vote next month."
        ));
        assert_eq!(quote_share(""), 0.0);
    }

    #[test]
    fn dedupe_drops_repeats_and_held_out_texts() {
        let ex = |t: &str| Example {
            text: t.into(),
            label: 0,
            origin: t.into(),
            group: t.into(),
            scheme: Scheme::Full,
            position: None,
        };
        let src = |p: &str, texts: &[&str]| Source {
            path: p.into(),
            kind: Kind::Labelled,
            sha256: String::new(),
            examples: texts.iter().map(|t| ex(t)).collect(),
            weight: 1,
            removed: 0,
        };
        let mut train = vec![
            src("a", &["One fact.", "Two  facts.", "one FACT."]),
            src("b", &["two facts.", "Three.", "Dev text."]),
        ];
        let dev = [src("dev", &["dev  TEXT."])];
        assert_eq!(dedupe(&mut train, &dev), [1, 2]);
        let left: Vec<&str> = train
            .iter()
            .flat_map(|s| &s.examples)
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(left, ["One fact.", "Two  facts.", "Three."]);
        assert_eq!(train[1].removed, 2);
    }

    #[test]
    fn kinds_and_splits_parse() {
        assert_eq!(parse_kind("webis"), Some((Kind::Webis, None)));
        assert_eq!(
            parse_kind("webis-dev"),
            Some((Kind::Webis, Some(Split::Dev)))
        );
        assert_eq!(
            parse_kind("labelled-train"),
            Some((Kind::Labelled, Some(Split::Train)))
        );
        assert_eq!(parse_kind("webis-test"), None);
        assert_eq!(parse_kind("C"), None);
        let dev: Vec<usize> = (0..12).filter(|&i| Split::Dev.contains(i)).collect();
        assert_eq!(dev, [4, 9]);
        assert!((0..12).all(|i| Split::Dev.contains(i) != Split::Train.contains(i)));
    }

    #[test]
    fn split_selects_files_of_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..10 {
            let json = format!(
                r#"{{"paragraphs": [[{{"number": 1, "text": "Event {i} happened", "label": "anecdote"}}]]}}"#
            );
            std::fs::write(dir.path().join(format!("{i:02}.json")), json).unwrap();
        }
        let d = dir.path().display();
        let dev = load(&format!("webis-dev:{d}"), Task::Stance).unwrap();
        let texts: Vec<&str> = dev.examples.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["Event 4 happened", "Event 9 happened"]);
        assert_eq!(
            load(&format!("webis-train:{d}"), Task::Stance)
                .unwrap()
                .examples
                .len(),
            8
        );
        assert_eq!(
            load(&d.to_string(), Task::Stance).unwrap().examples.len(),
            10
        );
        assert!(dev.path.starts_with("webis-dev:"));
    }
}
