//! One [`Summary`] per document, written as a table for a terminal, as CSV
//! or as JSONL.

use super::record::{DocSink, DocView};
use super::summary::Summary;
use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How summaries are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum SummaryFormat {
    /// Aligned columns for reading; below each row, the document's most
    /// opinionated paragraph and the documents it shares passages with.
    Table,
    /// One CSV row per document, with a header.
    Csv,
    /// One JSON object per document.
    Jsonl,
}

/// What `stance summary --sort` orders documents by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum SummarySort {
    /// Genre, in the order news, analysis, opinion, review, blog, other
    /// (documents without one last), the surest first within a genre.
    Genre,
    /// Share of fact, largest first.
    Fact,
    /// Share of quotation, largest first.
    Quotation,
    /// Share of opinion, largest first.
    Opinion,
}

impl SummarySort {
    /// Orders `rows` (stably: ties keep their input order).
    pub fn sort(self, rows: &mut [Summary]) {
        let rank = |s: &Summary| {
            s.genre
                .as_deref()
                .and_then(crate::genre::Genre::parse)
                .map_or(crate::genre::Genre::ALL.len(), |g| {
                    crate::genre::Genre::ALL
                        .iter()
                        .position(|x| *x == g)
                        .unwrap_or(0)
                })
        };
        let desc = |a: f64, b: f64| b.partial_cmp(&a).unwrap_or(std::cmp::Ordering::Equal);
        match self {
            SummarySort::Genre => rows.sort_by(|a, b| {
                rank(a)
                    .cmp(&rank(b))
                    .then_with(|| desc(a.genre_score.unwrap_or(0.0), b.genre_score.unwrap_or(0.0)))
            }),
            SummarySort::Fact => rows.sort_by(|a, b| desc(a.fact, b.fact)),
            SummarySort::Quotation => rows.sort_by(|a, b| desc(a.quotation, b.quotation)),
            SummarySort::Opinion => rows.sort_by(|a, b| desc(a.opinion, b.opinion)),
        }
    }
}

/// Writes the summary of each document it is given.
pub struct SummaryRows<W: Write> {
    out: W,
    format: SummaryFormat,
    /// Table width; the table is aligned once every row is known.
    width: usize,
    pending: Vec<Summary>,
    csv_header: bool,
    /// The languages of the documents not labelled for their language,
    /// one per document.
    foreign: Vec<String>,
    /// Targets asked for (`--target`): a CSV `targets` column, and only
    /// these targets in every format (all the records' when empty).
    targets: Option<Vec<String>>,
    /// Only documents of these genres (`--genre`; all when empty).
    genres: Vec<String>,
    /// The order of the rows (`--sort`); input order when `None`, and
    /// rows are then written as their documents end.
    sort: Option<SummarySort>,
}

impl<W: Write> SummaryRows<W> {
    /// Summaries in `format` on `out`; a table fits in `width` columns.
    pub fn new(out: W, format: SummaryFormat, width: usize) -> Self {
        SummaryRows {
            out,
            format,
            width,
            pending: Vec::new(),
            csv_header: false,
            foreign: Vec::new(),
            targets: None,
            genres: Vec::new(),
            sort: None,
        }
    }

    /// Writes only the documents of `genres` (every document when empty).
    pub fn with_genres(mut self, genres: Vec<String>) -> Self {
        self.genres = genres;
        self
    }

    /// Writes the rows in `sort`'s order, once every document is known.
    pub fn sorted(mut self, sort: Option<SummarySort>) -> Self {
        self.sort = sort;
        self
    }

    /// How many documents were not labelled for their language, and which
    /// languages, as one sentence (the table ends with it); `None` when
    /// all were labelled.
    pub fn language_note(&self) -> Option<String> {
        language_note(&self.foreign)
    }

    /// Reports the tone toward `names` (every target the records carry
    /// when empty), with a `targets` column in CSV.
    pub fn with_targets(mut self, names: Vec<String>) -> Self {
        self.targets = Some(names);
        self
    }

    /// The output, once finished.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn csv(&mut self, row: &[String]) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(&mut self.out);
        w.write_record(row)?;
        w.flush()?;
        Ok(())
    }
}

impl<W: Write> DocSink for SummaryRows<W> {
    fn doc(&mut self, doc: DocView) -> io::Result<()> {
        let mut s = Summary::of(&doc);
        match &self.targets {
            Some(only) if !only.is_empty() => s.targets.retain(|t| only.contains(&t.target)),
            Some(_) => {}
            None => s.targets.clear(),
        }
        if !self.genres.is_empty() && !s.genre.as_ref().is_some_and(|g| self.genres.contains(g)) {
            return Ok(());
        }
        self.foreign.extend(s.language_skipped.clone());
        if self.format == SummaryFormat::Table || self.sort.is_some() {
            self.pending.push(s);
            return Ok(());
        }
        self.write(&s)
    }

    fn finish(&mut self) -> io::Result<()> {
        if let Some(sort) = self.sort {
            sort.sort(&mut self.pending);
        }
        if self.format != SummaryFormat::Table {
            for s in std::mem::take(&mut self.pending) {
                self.write(&s)?;
            }
            return self.out.flush();
        }
        let table = table(&self.pending, self.width);
        self.out.write_all(table.as_bytes())?;
        self.out.flush()
    }
}

impl<W: Write> SummaryRows<W> {
    /// Writes one row as JSONL or CSV.
    fn write(&mut self, s: &Summary) -> io::Result<()> {
        match self.format {
            SummaryFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, s)?;
                self.out.write_all(b"\n")
            }
            SummaryFormat::Csv => {
                if !self.csv_header {
                    self.csv_header = true;
                    let mut header: Vec<String> =
                        Summary::CSV_HEADER.iter().map(|c| c.to_string()).collect();
                    if self.targets.is_some() {
                        header.push("targets".into());
                    }
                    self.csv(&header)?;
                }
                let mut row = s.csv_row();
                if self.targets.is_some() {
                    // NAME:mentions:tone, joined with |.
                    let cells: Vec<String> = s
                        .targets
                        .iter()
                        .map(|t| format!("{}:{}:{}", t.target, t.mentions, t.tone))
                        .collect();
                    row.push(cells.join("|"));
                }
                self.csv(&row)
            }
            SummaryFormat::Table => Ok(()),
        }
    }
}

/// `s` cut to `max` display columns, with an ellipsis in the middle (the
/// start and the end of a path both say something).
fn fit(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let room = max.saturating_sub(1);
    let head = take_width(s.chars(), room / 2);
    let mut tail: Vec<char> = take_width(s.chars().rev(), room - head.width())
        .chars()
        .collect();
    tail.reverse();
    format!("{head}…{}", tail.into_iter().collect::<String>())
}

/// The leading characters of `chars` that fit in `max` display columns.
fn take_width(chars: impl Iterator<Item = char>, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in chars {
        let w = c.width().unwrap_or(0);
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

fn pct(v: f64) -> String {
    format!("{:.0}%", 100.0 * v)
}

/// The aligned table of `rows` within `width` columns.
pub fn table(rows: &[Summary], width: usize) -> String {
    // Short headings keep the figures within 80 columns beside the doc.
    const HEAD: [&str; 9] = [
        "doc",
        "paras",
        "words",
        "fact",
        "quote",
        "opinion",
        "repro",
        "sentiment",
        "genre",
    ];
    let cells: Vec<[String; 9]> = rows
        .iter()
        .map(|s| {
            [
                s.doc.clone(),
                s.paragraphs.to_string(),
                s.words.to_string(),
                pct(s.fact),
                pct(s.quotation),
                pct(s.opinion),
                pct(s.reproduced),
                s.sentiment.map_or("-".into(), |v| format!("{v:+.2}")),
                s.genre.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = HEAD.iter().map(|h| h.width()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    // The doc column takes what the others leave, but at least 16 columns.
    let others: usize = widths[1..].iter().map(|w| w + 2).sum();
    widths[0] = widths[0].min(width.saturating_sub(others).max(16));
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let mut l = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            let c = fit(c, *w);
            let pad = w - c.width();
            if i == 0 {
                l.push_str(&c);
                l.push_str(&" ".repeat(pad));
            } else {
                l.push_str("  ");
                l.push_str(&" ".repeat(pad));
                l.push_str(&c);
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&HEAD.map(String::from), &mut out);
    for (s, row) in rows.iter().zip(&cells) {
        line(row, &mut out);
        if s.words > 0 {
            let intervals: Vec<String> = crate::doc::Label::ALL
                .iter()
                .map(|&l| format!("{l} {}", s.intervals.percent(l)))
                .collect();
            note(&mut out, "  95% intervals: ", &intervals.join(", "), width);
        }
        if let Some(m) = &s.most_opinionated {
            let lead = format!("  most opinionated: ¶{} ({:.2}) ", m.paragraph, m.p_opinion);
            note(&mut out, &lead, &m.text, width);
        }
        if !s.shares_with.is_empty() {
            note(
                &mut out,
                "  shares passages with: ",
                &s.shares_with.join(", "),
                width,
            );
        }
        for t in &s.targets {
            note(&mut out, "  toward ", &super::targets::describe(t), width);
        }
    }
    let foreign: Vec<String> = rows
        .iter()
        .filter_map(|s| s.language_skipped.clone())
        .collect();
    if let Some(line) = language_note(&foreign) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `2 document(s) not labelled: in a language the model was not trained
/// on (de, fr)` for the languages of the documents not labelled (one per
/// document).
pub fn language_note(foreign: &[String]) -> Option<String> {
    if foreign.is_empty() {
        return None;
    }
    let mut seen: Vec<&str> = foreign.iter().map(String::as_str).collect();
    seen.sort_unstable();
    seen.dedup();
    Some(format!(
        "{} document(s) not labelled: in a language the model was not trained on ({})",
        foreign.len(),
        seen.join(", ")
    ))
}

/// A line under a row: `lead`, then `text` cut to what is left of `width`
/// (at least 20 columns).
fn note(out: &mut String, lead: &str, text: &str, width: usize) {
    let room = width.saturating_sub(lead.width()).max(20);
    out.push_str(lead);
    out.push_str(&fit_end(text, room));
    out.push('\n');
}

/// `s` cut to `max` display columns at the end, with an ellipsis.
fn fit_end(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    take_width(s.chars(), max.saturating_sub(1)) + "…"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::summary::Opinionated;

    fn summary(doc: &str) -> Summary {
        Summary {
            doc: doc.into(),
            title: None,
            url: None,
            paragraphs: 4,
            skipped: 1,
            words: 120,
            fact: 0.5,
            quotation: 0.25,
            opinion: 0.25,
            intervals: crate::view::interval::ShareIntervals {
                fact_low: 0.4,
                fact_high: 0.6,
                quotation_low: 0.2,
                quotation_high: 0.3,
                opinion_low: 0.15,
                opinion_high: 0.355,
            },
            reproduced: 0.1,
            shares_with: vec!["other".into()],
            sentiment: Some(-0.125),
            most_opinionated: Some(Opinionated {
                paragraph: 2,
                p_opinion: 0.875,
                text: "I think the council got this badly wrong, and said so at length.".into(),
            }),
            language_skipped: None,
            targets: Vec::new(),
            genre: Some("opinion".into()),
            genre_score: Some(0.8),
        }
    }

    #[test]
    fn the_table_aligns_columns_and_fits_the_width() {
        let long = format!("archive/{}/post.html", "very-long-folder-name".repeat(4));
        let t = table(&[summary("a.txt"), summary(&long)], 100);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("doc "), "{t}");
        assert_eq!(
            lines[0].split_whitespace().collect::<Vec<_>>(),
            [
                "doc",
                "paras",
                "words",
                "fact",
                "quote",
                "opinion",
                "repro",
                "sentiment",
                "genre"
            ]
        );
        assert!(lines.iter().all(|l| l.width() <= 100), "{t}");
        let row = lines[1];
        assert!(row.starts_with("a.txt "), "{t}");
        for cell in ["4", "120", "50%", "25%", "10%", "-0.12", "opinion"] {
            assert!(row.split_whitespace().any(|c| c == cell), "{cell} in {row}");
        }
        assert_eq!(
            lines[2],
            "  95% intervals: fact 40–60%, quotation 20–30%, opinion 15–36%"
        );
        assert!(
            lines[3].starts_with("  most opinionated: ¶2 (0.88) I think the council"),
            "{t}"
        );
        assert_eq!(lines[4], "  shares passages with: other");
        assert!(
            lines[5].starts_with("archive/v") && lines[5].contains('…'),
            "{t}"
        );
        // Every header and data row has its columns at the same place.
        let at = |l: &str| l[..l.find("120").or_else(|| l.find("words")).unwrap()].width();
        assert_eq!(at(lines[1]) + 3, at(lines[0]) + 5);
        assert_eq!(at(lines[1]), at(lines[5]));
    }

    #[test]
    fn rows_filtered_and_sorted_by_genre() {
        let mut rows = vec![summary("a"), summary("b"), summary("c"), summary("d")];
        rows[0].genre = Some("blog".into());
        rows[1].genre = None;
        rows[2].genre = Some("news".into());
        rows[2].genre_score = Some(0.6);
        rows[3].genre = Some("news".into());
        rows[3].genre_score = Some(0.9);
        rows[0].opinion = 0.9;
        SummarySort::Genre.sort(&mut rows);
        let order: Vec<&str> = rows.iter().map(|s| s.doc.as_str()).collect();
        assert_eq!(order, ["d", "c", "a", "b"]);
        SummarySort::Opinion.sort(&mut rows);
        assert_eq!(rows[0].doc, "a");
        // A sorted sink writes its rows at the end, in order.
        let mut sink =
            SummaryRows::new(Vec::new(), SummaryFormat::Jsonl, 80).sorted(Some(SummarySort::Genre));
        sink.pending = rows;
        sink.finish().unwrap();
        let out = String::from_utf8(sink.into_inner()).unwrap();
        let docs: Vec<String> = out
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].to_string())
            .collect();
        assert_eq!(docs, ["\"d\"", "\"c\"", "\"a\"", "\"b\""]);
    }

    #[test]
    fn fit_keeps_both_ends() {
        assert_eq!(fit("abcdefghij", 5), "ab…ij");
        assert_eq!(fit("abc", 5), "abc");
        assert_eq!(fit_end("abcdefghij", 5), "abcd…");
    }
}
