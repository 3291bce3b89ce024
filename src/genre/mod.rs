//! A document's genre: what kind of writing a page is (`news`, `analysis`,
//! `opinion`, `review`, `blog`, `other`, as the corpora README defines
//! them), from what the page declares where it does, else estimated from
//! its tagged paragraphs.
//!
//! Declared: the schema.org type of its JSON-LD (`OpinionNewsArticle`,
//! `ReportageNewsArticle`, `AnalysisNewsArticle`, `Review`, `BlogPosting`),
//! its `article:section`, and its URL's path segments (`/opinion/`,
//! `/blog/`, `/review/`, `/letters/`, ...). A generic `NewsArticle` or
//! `og:type` `article` says nothing: every kind of page uses them.
//!
//! Estimated: by the model's genre head (`model::genre`), a logistic
//! regression over the page features of `features.rs` (the stance head's
//! label shares, voice, questions, quotation, length, numbers, cue words,
//! the title's and URL's words), trained on the labelled pages' genres
//! (`stance train --recipe models/genre.toml`, accuracy by page-grouped CV
//! in models/README.md). A model without a genre head falls back on a
//! fixed rule from the label shares and the first-person voice.

pub mod features;

use crate::doc::PageMeta;

/// What estimates a page's genre from its features (the model's genre
/// head, `model::genre::GenreHead`): the most probable genre and its
/// probability. A trait, so this module needs nothing from `model/`.
pub trait GenreScorer {
    /// The genre of a page with features `x` (all of [`features::NAMES`]).
    fn predict(&self, x: &[f64; features::NAMES.len()]) -> (Genre, f64);
}

/// The genres, as the corpora README defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Genre {
    /// A report of events in a neutral voice.
    News,
    /// Journalism that explains or interprets the news.
    Analysis,
    /// The writer argues a position: columns, editorials, letters.
    Opinion,
    /// Evaluates a work, product, place or performance.
    Review,
    /// A personal or company blog post in the author's own voice.
    Blog,
    /// Interviews, speeches, how-to pages, listicles, press releases.
    Other,
}

impl Genre {
    /// Every genre, in a fixed order.
    pub const ALL: [Genre; 6] = [
        Genre::News,
        Genre::Analysis,
        Genre::Opinion,
        Genre::Review,
        Genre::Blog,
        Genre::Other,
    ];

    /// The name written in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Genre::News => "news",
            Genre::Analysis => "analysis",
            Genre::Opinion => "opinion",
            Genre::Review => "review",
            Genre::Blog => "blog",
            Genre::Other => "other",
        }
    }

    /// The genre named `s`, if any.
    pub fn parse(s: &str) -> Option<Genre> {
        Genre::ALL.into_iter().find(|g| g.name() == s)
    }
}

/// A document's genre and how sure it is: 1 for a declared genre, the
/// rule's confidence for an estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenreEstimate {
    /// The genre.
    pub genre: Genre,
    /// 0..=1.
    pub score: f64,
}

/// The genre a schema.org type declares, if it is one of the specific ones.
fn of_schema_type(t: &str) -> Option<Genre> {
    match t {
        "OpinionNewsArticle" => Some(Genre::Opinion),
        "ReportageNewsArticle" => Some(Genre::News),
        "AnalysisNewsArticle" | "BackgroundNewsArticle" => Some(Genre::Analysis),
        "Review" | "ReviewNewsArticle" | "CriticReview" | "UserReview" => Some(Genre::Review),
        "BlogPosting" | "Blog" => Some(Genre::Blog),
        "Interview" | "HowTo" => Some(Genre::Other),
        _ => None,
    }
}

/// The genre a section name or a URL path segment declares, if any.
fn of_word(w: &str) -> Option<Genre> {
    let w = w.to_ascii_lowercase();
    match w.as_str() {
        "opinion" | "opinions" | "commentary" | "editorial" | "editorials" | "op-ed" | "oped"
        | "letters" | "columns" | "column" | "columnists" | "views" => Some(Genre::Opinion),
        "review" | "reviews" | "gear-reviews" | "product-reviews" => Some(Genre::Review),
        "blog" | "blogs" => Some(Genre::Blog),
        "analysis" | "fact-check" | "factcheck" | "explainer" | "truth-o-meter" => {
            Some(Genre::Analysis)
        }
        _ => None,
    }
}

/// What the page declares: its specific schema.org types first, then its
/// section, then its URL's path segments (the last declaring one: the
/// innermost, as in `/news/opinion/...`).
pub fn declared(meta: &PageMeta) -> Option<Genre> {
    if let Some(kind) = &meta.kind {
        if let Some(g) = kind.schema_types.iter().find_map(|t| of_schema_type(t)) {
            return Some(g);
        }
        if let Some(g) = kind.section.as_deref().and_then(of_word) {
            return Some(g);
        }
    }
    let url = meta.url.as_deref()?;
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['?', '#'])
        .next()?;
    let mut segments = path.split('/').skip(1).filter(|s| !s.is_empty());
    let count = path.split('/').skip(1).filter(|s| !s.is_empty()).count();
    // The last segment is the page's own slug: a review's slug ends in
    // `-review`; other words in a slug are its title's, not a section.
    let mut found = None;
    for (i, s) in segments.by_ref().enumerate() {
        if i + 1 == count {
            if s.ends_with("-review") || s.ends_with("-review.html") {
                found = Some(Genre::Review);
            }
        } else if let Some(g) = of_word(s) {
            found = Some(g);
        }
    }
    found
}

/// What a document's tagged paragraphs say, for [`estimate`]: word shares
/// of the three labels (probability-weighted) and the share of words in
/// first-person sentences outside quotations.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TextSignals {
    /// Content words (those the shares are of).
    pub words: usize,
    /// Probability-weighted word share of `fact`.
    pub fact: f64,
    /// Of `quotation`.
    pub quotation: f64,
    /// Of `opinion`.
    pub opinion: f64,
    /// First-person singular pronouns outside quotations per 100 words.
    pub first_person: f64,
}

/// First-person singular pronouns (lowercase; both apostrophes).
const FIRST_PERSON: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "i\u{2019}m",
    "i\u{2019}ve",
    "i\u{2019}d",
    "i\u{2019}ll",
];

/// Whether a word is a first-person singular pronoun, without allocating
/// (this runs on every word `stance tag` writes a genre for).
fn is_first_person(word: &str) -> bool {
    matches!(word.as_bytes().first(), Some(b'i' | b'I' | b'm' | b'M'))
        && FIRST_PERSON.iter().any(|f| f.eq_ignore_ascii_case(word))
}

/// The [`TextSignals`] of a document's scored content paragraphs: each
/// paragraph's text and its stance probabilities over `classes`.
pub fn signals<'a>(
    paragraphs: impl Iterator<Item = (&'a str, &'a [f64])>,
    classes: &[String],
) -> TextSignals {
    use crate::analyze::TokenKind;
    let col = |name: &str| classes.iter().position(|c| c == name);
    let (fact, quotation, opinion) = (col("fact"), col("quotation"), col("opinion"));
    let mut t = TextSignals::default();
    let mut shares = [0.0f64; 3];
    let mut first = 0usize;
    // One token buffer for the document's paragraphs.
    let mut buf = crate::analyze::TokenBuf::new();
    for (text, probs) in paragraphs {
        crate::analyze::tokenize_into(text, &mut buf);
        let tokens = buf.tokens_mut();
        let words = tokens.iter().filter(|t| t.kind != TokenKind::Punct).count();
        first += tokens
            .iter()
            .filter(|t| !t.quoted && t.kind == TokenKind::Word && is_first_person(&t.term))
            .count();
        t.words += words;
        for (s, c) in shares.iter_mut().zip([fact, quotation, opinion]) {
            *s += c.map_or(0.0, |c| probs[c]) * words as f64;
        }
    }
    if t.words > 0 {
        let n = t.words as f64;
        t.fact = shares[0] / n;
        t.quotation = shares[1] / n;
        t.opinion = shares[2] / n;
        t.first_person = 100.0 * first as f64 / n;
    }
    t
}

/// The genre of a document from its metadata and its content paragraphs
/// (text, stance probabilities over `classes`): declared, else estimated.
pub fn genre_of(
    meta: &PageMeta,
    content: &[(&str, &[f64])],
    classes: &[String],
    head: Option<&dyn GenreScorer>,
) -> GenreEstimate {
    match declared(meta) {
        Some(genre) => GenreEstimate { genre, score: 1.0 },
        None => estimate_of(meta, content, classes, head),
    }
}

/// The estimate from the text alone (what the page declares ignored): the
/// genre head's most probable genre and its probability, or the fixed rule
/// ([`estimate`]) without a head.
pub fn estimate_of(
    meta: &PageMeta,
    content: &[(&str, &[f64])],
    classes: &[String],
    head: Option<&dyn GenreScorer>,
) -> GenreEstimate {
    match head {
        Some(head) => {
            let x = features::compute(meta, content.iter().copied(), classes);
            let (genre, score) = head.predict(&x);
            GenreEstimate { genre, score }
        }
        None => estimate(&signals(content.iter().copied(), classes)),
    }
}

/// The estimate from the text: a page written as "I" is a blog post, one
/// mostly opinion a column, one mostly fact and quotation a report, and
/// between the two an analysis. Scores say how far the page is from the
/// rule's thresholds (0.5 at a threshold).
pub fn estimate(t: &TextSignals) -> GenreEstimate {
    let sure = |margin: f64| (0.5 + margin).clamp(0.5, 0.95);
    if t.words == 0 {
        return GenreEstimate {
            genre: Genre::Other,
            score: 0.5,
        };
    }
    if t.first_person >= FIRST_PERSON_BLOG {
        return GenreEstimate {
            genre: Genre::Blog,
            score: sure((t.first_person - FIRST_PERSON_BLOG) / 4.0),
        };
    }
    if t.opinion >= OPINION_COLUMN {
        return GenreEstimate {
            genre: Genre::Opinion,
            score: sure(t.opinion - OPINION_COLUMN),
        };
    }
    if t.opinion >= OPINION_ANALYSIS {
        return GenreEstimate {
            genre: Genre::Analysis,
            score: sure((t.opinion - OPINION_ANALYSIS).min(OPINION_COLUMN - t.opinion)),
        };
    }
    GenreEstimate {
        genre: Genre::News,
        score: sure(OPINION_ANALYSIS - t.opinion),
    }
}

/// First-person singular pronouns per 100 words from which a page reads as
/// a blog post.
const FIRST_PERSON_BLOG: f64 = 2.0;
/// Opinion word share from which a page reads as a column.
const OPINION_COLUMN: f64 = 0.6;
/// Opinion word share from which a page reads as analysis.
const OPINION_ANALYSIS: f64 = 0.35;

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(url: &str, types: &[&str], section: Option<&str>) -> PageMeta {
        PageMeta {
            url: Some(url.into()),
            kind: Some(Box::new(crate::doc::PageKind {
                schema_types: types.iter().map(|t| t.to_string()).collect(),
                section: section.map(str::to_string),
            })),
            ..PageMeta::default()
        }
    }

    #[test]
    fn declared_genres_from_types_sections_and_paths() {
        let d = |u, t: &[&str], s| declared(&meta(u, t, s));
        assert_eq!(
            d(
                "https://x.org/a/b",
                &["NewsArticle", "OpinionNewsArticle"],
                None
            ),
            Some(Genre::Opinion)
        );
        assert_eq!(
            d("https://x.org/2019/blog-post", &["BlogPosting"], None),
            Some(Genre::Blog)
        );
        assert_eq!(
            d("https://x.org/a", &[], Some("Opinion")),
            Some(Genre::Opinion)
        );
        assert_eq!(
            d("https://x.org/news/opinions/wp/2018/slug", &[], None),
            Some(Genre::Opinion)
        );
        assert_eq!(
            d("https://x.org/gear-reviews/2019-line", &[], None),
            Some(Genre::Review)
        );
        assert_eq!(
            d("https://x.org/2019/11/20/jedi-pc-review/", &[], None),
            Some(Genre::Review)
        );
        assert_eq!(d("https://blog.x.org/2018/10/09/a-grant", &[], None), None);
        assert_eq!(
            d("https://x.org/blog/privacy/slug", &[], None),
            Some(Genre::Blog)
        );
        // A slug's words are its title's; a generic type says nothing.
        assert_eq!(
            d(
                "https://x.org/news/why-this-blog-matters",
                &["NewsArticle"],
                None
            ),
            None
        );
    }

    #[test]
    fn estimates_from_voice_and_shares() {
        let t = |first_person, opinion| TextSignals {
            words: 500,
            fact: 1.0 - opinion,
            quotation: 0.0,
            opinion,
            first_person,
        };
        assert_eq!(estimate(&t(3.0, 0.5)).genre, Genre::Blog);
        assert_eq!(estimate(&t(0.2, 0.8)).genre, Genre::Opinion);
        assert_eq!(estimate(&t(0.2, 0.4)).genre, Genre::Analysis);
        let news = estimate(&t(0.0, 0.05));
        assert_eq!(news.genre, Genre::News);
        assert!(news.score > 0.75 && news.score <= 0.95, "{news:?}");
        assert_eq!(Genre::parse("review"), Some(Genre::Review));
        // First-person words outside quotations, per 100 words.
        let classes: Vec<String> = ["fact", "quotation", "opinion"].map(String::from).to_vec();
        let s = signals(
            [(
                "I think my \u{201c}I am here\u{201d} sign works, Mike.",
                &[0.2, 0.3, 0.5][..],
            )]
            .into_iter(),
            &classes,
        );
        assert_eq!(s.words, 9);
        assert!((s.first_person - 200.0 / 9.0).abs() < 1e-9, "{s:?}");
        assert!((s.opinion - 0.5).abs() < 1e-12);
    }
}
