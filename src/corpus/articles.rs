//! Labelled paragraphs of real news articles (`articles:DIR`): the article
//! texts in `DIR/ground-truth.json` (`{key: {"articleBody": ..., "url": ...}}`,
//! paragraphs separated by newlines) and one label per paragraph in
//! `DIR/labels.jsonl` (`{"key", "i", "sha1", "label", "ambiguous"}`).
//!
//! A paragraph is line `i` of the article body after stripping each line
//! and dropping empty ones; `sha1` (the first 12 hex digits of the SHA-1 of
//! its text) checks that alignment. Labels are `fact`, `quotation`,
//! `opinion`, `skip` (not article content) or `null` (the annotators
//! disagreed). Only unambiguous labels are scored; `skip` rows measure the
//! boilerplate rules in `stance eval`. Articles are whole documents: every
//! example knows its place among the article's content paragraphs, and its
//! group is the article, so cross-validation folds keep an article together.

use super::{Example, Scheme};
use crate::error::{Error, Result};
use crate::features::Position;
use crate::task::Task;
use sha1::{Digest, Sha1};
use std::collections::HashMap;

/// What the annotators said about one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gold {
    /// Article content with this stance class (index into the task's classes).
    Class(usize),
    /// Not article content (a stray heading, a credit, a link line).
    Skip,
    /// Disagreement or ambiguity: not scored.
    Unscored,
}

/// One paragraph of a labelled article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleParagraph {
    /// The paragraph's text (stripped line of the article body).
    pub text: String,
    /// Its label.
    pub gold: Gold,
    /// `labels.jsonl:LINE`, for messages.
    pub origin: String,
}

/// One labelled article, its paragraphs in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The page's key in `ground-truth.json`.
    pub key: String,
    /// Every paragraph of the article body.
    pub paragraphs: Vec<ArticleParagraph>,
    /// The page's genre as both readers gave it (`genres.jsonl`), when they
    /// agreed.
    pub genre: Option<String>,
    /// The saved page (`html/<key>.html.gz`), where the directory has it.
    pub page_file: Option<std::path::PathBuf>,
}

impl Article {
    /// The article as the document `stance tag` would read: every
    /// paragraph, boilerplate included, in order, joined by blank lines.
    pub fn document(&self) -> crate::doc::Document {
        let mut text = String::new();
        let mut paragraphs = Vec::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            let start = text.len();
            text.push_str(&p.text);
            paragraphs.push(crate::doc::Paragraph::new(
                i,
                start,
                text.len(),
                p.text.clone(),
            ));
            text.push_str("\n\n");
        }
        crate::doc::Document {
            id: self.key.clone(),
            text,
            paragraphs,
            meta: Default::default(),
            targets: Vec::new(),
        }
    }

    /// The metadata of the saved page (JSON-LD, meta tags, URL), read as
    /// `stance tag` reads the page; `None` without a saved page or when it
    /// cannot be read.
    pub fn page_meta(&self) -> Option<crate::doc::PageMeta> {
        let path = self.page_file.as_deref()?;
        let bytes = std::fs::read(path).ok()?;
        let mut meta = None;
        let options = crate::read::ReadOptions {
            format: Some(crate::read::Format::Html),
            ..Default::default()
        };
        crate::read::read_bytes(
            &path.display().to_string(),
            &bytes,
            None,
            &options,
            &mut |e| {
                if let crate::read::Event::Doc(d) = e {
                    meta.get_or_insert(d.meta);
                }
                Ok(())
            },
        )
        .ok()?;
        meta
    }
}

#[derive(serde::Deserialize)]
struct Truth {
    #[serde(rename = "articleBody")]
    article_body: String,
}

#[derive(serde::Deserialize)]
struct LabelRow {
    key: String,
    i: usize,
    sha1: String,
    label: Option<String>,
    #[serde(default)]
    ambiguous: bool,
}

/// An article body's paragraphs: its lines, stripped, empty ones dropped.
pub fn paragraphs_of(body: &str) -> Vec<&str> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Reads the labelled articles from the texts of `ground-truth.json`
/// (`truth_name` names it in errors) and `labels.jsonl`. Articles come in
/// the order of their first label; pages without labels are left out.
pub fn parse(
    truth_name: &str,
    truth: &str,
    labels_name: &str,
    labels: &str,
    task: Task,
) -> Result<Vec<Article>> {
    if task != Task::Stance {
        return Err(Error::data(
            labels_name,
            "labelled articles carry stance labels only",
        ));
    }
    let truth: HashMap<String, Truth> = serde_json::from_str(truth).map_err(|e| {
        Error::parse(
            truth_name,
            e.line(),
            format!("not a {{key: {{\"articleBody\": ...}}}} JSON object: {e}"),
        )
    })?;
    let classes = task.classes();
    let mut articles: Vec<Article> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (n, line) in labels.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let err = |m: String| Error::parse(labels_name, line_no, m);
        let row: LabelRow = serde_json::from_str(line).map_err(|e| {
            err(format!(
                "not a {{\"key\", \"i\", \"sha1\", \"label\"}} object: {e}"
            ))
        })?;
        let Some(page) = truth.get(&row.key) else {
            return Err(err(format!("article {} is not in {truth_name}", row.key)));
        };
        let a = *index.entry(row.key.clone()).or_insert_with(|| {
            let paragraphs = paragraphs_of(&page.article_body)
                .into_iter()
                .map(|t| ArticleParagraph {
                    text: t.to_string(),
                    gold: Gold::Unscored,
                    origin: String::new(),
                })
                .collect();
            articles.push(Article {
                key: row.key.clone(),
                paragraphs,
                genre: None,
                page_file: None,
            });
            articles.len() - 1
        });
        let count = articles[a].paragraphs.len();
        let Some(p) = articles[a].paragraphs.get_mut(row.i) else {
            return Err(err(format!(
                "paragraph {} of article {} does not exist (it has {count})",
                row.i, row.key
            )));
        };
        let digest = format!("{:x}", Sha1::digest(p.text.as_bytes()));
        if !digest.starts_with(&row.sha1.to_ascii_lowercase()) || row.sha1.is_empty() {
            return Err(err(format!(
                "paragraph {} of article {}: sha1 {} does not match its text (sha1 {}); the labels do not belong to this ground-truth.json",
                row.i, row.key, row.sha1, &digest[..12]
            )));
        }
        p.origin = format!("{labels_name}:{line_no}");
        p.gold = match row.label.as_deref() {
            _ if row.ambiguous => Gold::Unscored,
            None => Gold::Unscored,
            Some("skip") => Gold::Skip,
            Some(l) => match classes.iter().position(|c| *c == l) {
                Some(c) => Gold::Class(c),
                None => {
                    return Err(err(format!(
                        "unknown label {l:?}: expected fact, quotation, opinion, skip or null"
                    )))
                }
            },
        };
    }
    Ok(articles)
}

#[derive(serde::Deserialize)]
struct GenreRow {
    #[serde(alias = "page")]
    key: String,
    genre: Option<String>,
}

/// Reads `genres.jsonl` (`{"key" or "page", "genre"}`, `genre` null where
/// the readers disagreed) and sets the genre of the `articles` it names.
pub fn set_genres(name: &str, text: &str, articles: &mut [Article]) -> Result<()> {
    let mut genres: HashMap<String, Option<String>> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: GenreRow = serde_json::from_str(line).map_err(|e| {
            Error::parse(
                name,
                n + 1,
                format!("not a {{\"key\" or \"page\", \"genre\"}} object: {e}"),
            )
        })?;
        genres.insert(row.key, row.genre);
    }
    for a in articles {
        a.genre = genres.get(&a.key).cloned().flatten();
    }
    Ok(())
}

/// The training and scoring examples of `articles`: their scored content
/// paragraphs, each with its place among the article's content paragraphs
/// (those not labelled `skip`) and the article as its group.
pub fn examples(articles: &[Article], out: &mut Vec<Example>) {
    for a in articles {
        let content: Vec<&ArticleParagraph> = a
            .paragraphs
            .iter()
            .filter(|p| p.gold != Gold::Skip)
            .collect();
        let count = content.len();
        for (index, p) in content.into_iter().enumerate() {
            if let Gold::Class(label) = p.gold {
                out.push(Example {
                    text: p.text.clone(),
                    label,
                    origin: p.origin.clone(),
                    group: a.key.clone(),
                    scheme: Scheme::Full,
                    position: Some(Position { index, count }),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(t: &str) -> String {
        format!("{:x}", Sha1::digest(t.as_bytes()))[..12].to_string()
    }

    fn truth() -> String {
        serde_json::json!({
            "k1": {"url": "u", "articleBody": "The mill closed on Friday.\n\n  Staff were told by letter. \nRead more\n“We are shocked,” a worker said.\nIt is a scandal."},
            "k2": {"url": "v", "articleBody": "Unlabelled page."}
        })
        .to_string()
    }

    fn row(key: &str, i: usize, text: &str, label: Option<&str>, ambiguous: bool) -> String {
        serde_json::json!({"key": key, "i": i, "sha1": sha(text), "label": label, "ambiguous": ambiguous})
            .to_string()
    }

    #[test]
    fn aligns_labels_with_stripped_lines_and_keeps_skips_apart() {
        let labels = [
            row("k1", 0, "The mill closed on Friday.", Some("fact"), false),
            row("k1", 1, "Staff were told by letter.", Some("fact"), true),
            row("k1", 2, "Read more", Some("skip"), false),
            row(
                "k1",
                3,
                "“We are shocked,” a worker said.",
                Some("quotation"),
                false,
            ),
            row("k1", 4, "It is a scandal.", None, true),
        ]
        .join("\n");
        let articles = parse("gt.json", &truth(), "labels.jsonl", &labels, Task::Stance).unwrap();
        assert_eq!(articles.len(), 1, "pages without labels are left out");
        let a = &articles[0];
        let gold: Vec<Gold> = a.paragraphs.iter().map(|p| p.gold).collect();
        assert_eq!(
            gold,
            [
                Gold::Class(0),
                Gold::Unscored,
                Gold::Skip,
                Gold::Class(1),
                Gold::Unscored
            ]
        );
        assert_eq!(a.paragraphs[1].text, "Staff were told by letter.");
        let mut out = Vec::new();
        examples(&articles, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].group, "k1");
        assert_eq!(out[1].origin, "labels.jsonl:4");
        // Positions count the content paragraphs (not `skip`), scored or not.
        let at = |e: &Example| e.position.map(|p| (p.index, p.count));
        assert_eq!(at(&out[0]), Some((0, 4)));
        assert_eq!(at(&out[1]), Some((2, 4)));
    }

    #[test]
    fn misaligned_or_unknown_rows_name_the_line() {
        let bad_sha = format!(
            "{}\n{}",
            row("k1", 0, "The mill closed on Friday.", Some("fact"), false),
            row("k1", 1, "Some other text", Some("fact"), false)
        );
        let e = parse("gt.json", &truth(), "labels.jsonl", &bad_sha, Task::Stance)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("labels.jsonl:2: ") && e.contains("sha1"),
            "{e}"
        );
        let missing = row("k9", 0, "x", Some("fact"), false);
        let e = parse("gt.json", &truth(), "labels.jsonl", &missing, Task::Stance)
            .unwrap_err()
            .to_string();
        assert!(e.contains("k9 is not in gt.json"), "{e}");
        let beyond = row("k2", 3, "x", Some("fact"), false);
        let e = parse("gt.json", &truth(), "labels.jsonl", &beyond, Task::Stance)
            .unwrap_err()
            .to_string();
        assert!(e.contains("does not exist (it has 1)"), "{e}");
        let odd = row("k2", 0, "Unlabelled page.", Some("rant"), false);
        let e = parse("gt.json", &truth(), "labels.jsonl", &odd, Task::Stance)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown label \"rant\""), "{e}");
        assert!(parse("gt.json", &truth(), "l", "", Task::Sentiment).is_err());
    }
}
