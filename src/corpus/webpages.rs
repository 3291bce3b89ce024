//! Labelled paragraphs of web pages of many genres (`webpages:DIR`): one
//! JSON object per paragraph in `DIR/labels.jsonl` (`{"source", "page", "i",
//! "text", "sha1", "label", "ambiguous"}`), the page's genre in
//! `DIR/genres.jsonl` (`{"page", "genre"}`), the saved pages in
//! `DIR/html/<page>.html.gz`.
//!
//! Unlike `articles:`, the paragraph texts are in the labels themselves
//! (cut from the page by another extractor), so a page is its rows in the
//! order of `i`; `sha1` checks each text. Pages become [`Article`]s keyed by
//! page name, so they are scored, grouped in cross-validation folds and
//! turned into examples exactly as the labelled news articles are.

use super::articles::{Article, ArticleParagraph, Gold};
use crate::error::{Error, Result};
use crate::task::Task;
use sha1::{Digest, Sha1};
use std::collections::HashMap;

#[derive(serde::Deserialize)]
struct LabelRow {
    page: String,
    i: usize,
    text: String,
    sha1: String,
    label: Option<String>,
    #[serde(default)]
    ambiguous: bool,
}

/// Reads the labelled pages from the text of `labels.jsonl` (`name` names
/// it in errors). Pages come in the order of their first row; each page's
/// rows must number its paragraphs 0, 1, 2, ... (in any order).
pub fn parse(name: &str, labels: &str, task: Task) -> Result<Vec<Article>> {
    if task != Task::Stance {
        return Err(Error::data(
            name,
            "labelled web pages carry stance labels only",
        ));
    }
    let classes = task.classes();
    let mut pages: Vec<(Article, Vec<usize>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (n, line) in labels.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let err = |m: String| Error::parse(name, line_no, m);
        let row: LabelRow = serde_json::from_str(line).map_err(|e| {
            err(format!(
                "not a {{\"page\", \"i\", \"text\", \"sha1\", \"label\"}} object: {e}"
            ))
        })?;
        let digest = format!("{:x}", Sha1::digest(row.text.as_bytes()));
        if row.sha1.is_empty() || !digest.starts_with(&row.sha1.to_ascii_lowercase()) {
            return Err(err(format!(
                "paragraph {} of page {}: sha1 {} does not match its text (sha1 {})",
                row.i,
                row.page,
                row.sha1,
                &digest[..12]
            )));
        }
        let gold = match row.label.as_deref() {
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
        let p = *index.entry(row.page.clone()).or_insert_with(|| {
            pages.push((
                Article {
                    key: row.page.clone(),
                    paragraphs: Vec::new(),
                    genre: None,
                    page_file: None,
                },
                Vec::new(),
            ));
            pages.len() - 1
        });
        let (page, order) = &mut pages[p];
        page.paragraphs.push(ArticleParagraph {
            text: row.text,
            gold,
            origin: format!("{name}:{line_no}"),
        });
        order.push(row.i);
    }
    pages
        .into_iter()
        .map(|(mut page, order)| {
            let mut sorted: Vec<(usize, ArticleParagraph)> =
                order.into_iter().zip(page.paragraphs).collect();
            sorted.sort_by_key(|(i, _)| *i);
            if let Some((at, (i, p))) = sorted.iter().enumerate().find(|(at, (i, _))| at != i) {
                return Err(Error::data(
                    &p.origin,
                    format!(
                        "page {}: paragraph {i} where paragraph {at} was expected (numbers missing or repeated)",
                        page.key
                    ),
                ));
            }
            page.paragraphs = sorted.into_iter().map(|(_, p)| p).collect();
            Ok(page)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(page: &str, i: usize, text: &str, label: Option<&str>, ambiguous: bool) -> String {
        let sha = format!("{:x}", Sha1::digest(text.as_bytes()))[..12].to_string();
        serde_json::json!({"source": "s", "page": page, "i": i, "text": text, "sha1": sha,
            "label": label, "ambiguous": ambiguous})
        .to_string()
    }

    #[test]
    fn pages_keep_their_rows_in_paragraph_order() {
        let labels = [
            row(
                "p",
                1,
                "I loved every minute of it.",
                Some("opinion"),
                false,
            ),
            row("q", 0, "The council met on Monday.", Some("fact"), false),
            row("p", 0, "Album review", Some("skip"), false),
            row("p", 2, "Maybe it was the drums.", Some("opinion"), true),
        ]
        .join("\n");
        let pages = parse("labels.jsonl", &labels, Task::Stance).unwrap();
        let keys: Vec<&str> = pages.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["p", "q"]);
        let gold: Vec<Gold> = pages[0].paragraphs.iter().map(|p| p.gold).collect();
        assert_eq!(gold, [Gold::Skip, Gold::Class(2), Gold::Unscored]);
        assert_eq!(pages[0].paragraphs[1].origin, "labels.jsonl:1");
        let mut out = Vec::new();
        super::super::articles::examples(&pages, &mut out);
        // Positions count the page's content paragraphs (not `skip`).
        let at: Vec<_> = out
            .iter()
            .map(|e| (e.group.as_str(), e.position.map(|p| (p.index, p.count))))
            .collect();
        assert_eq!(at, [("p", Some((0, 2))), ("q", Some((0, 1)))]);
    }

    #[test]
    fn bad_rows_name_the_line() {
        let mut bad = row("p", 0, "Text.", Some("fact"), false);
        bad = bad.replace("\"text\":\"Text.\"", "\"text\":\"Other.\"");
        let e = parse("l.jsonl", &bad, Task::Stance)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("l.jsonl:1: ") && e.contains("sha1"), "{e}");
        let gap = [
            row("p", 0, "One.", Some("fact"), false),
            row("p", 2, "Three.", Some("fact"), false),
        ]
        .join("\n");
        let e = parse("l.jsonl", &gap, Task::Stance)
            .unwrap_err()
            .to_string();
        assert!(e.contains("paragraph 2 where paragraph 1"), "{e}");
        let odd = row("p", 0, "One.", Some("rant"), false);
        let e = parse("l.jsonl", &odd, Task::Stance)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown label \"rant\""), "{e}");
        assert!(parse("l", "", Task::Sentiment).is_err());
    }
}
