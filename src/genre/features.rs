//! A page's genre features: one fixed-length vector per document, from its
//! labelled paragraphs (the stance head's probabilities, voice, questions,
//! quotation, length, numbers and a few cue-word families counted outside
//! quotations) and from what its metadata says (title and URL words, byline
//! and date). The genre head (`model::genre`) is a logistic regression over
//! them; a head names the features it uses, so a head trained on a subset
//! still scores.

use crate::analyze::{tokenize_into, TokenBuf, TokenKind};
use crate::doc::PageMeta;

/// Every feature, in the order [`compute`] returns them.
pub const NAMES: [&str; 34] = [
    "fact_share",
    "quotation_share",
    "opinion_share",
    "opinion_paragraphs",
    "quotation_paragraphs",
    "first_singular",
    "first_plural",
    "second_person",
    "questions",
    "exclamations",
    "question_paragraphs",
    "speaker_turns",
    "quoted_words",
    "words_per_paragraph",
    "paragraphs",
    "numbers",
    "review_cues",
    "attribution",
    "how_to_cues",
    "blog_cues",
    "dates",
    "dateline",
    "title_review",
    "title_question",
    "title_list",
    "title_how_to",
    "title_opinion",
    "url_blog",
    "url_dated",
    "has_author",
    "title_column",
    "url_analysis",
    "title_other",
    "url_news",
];

/// The index of feature `name` in [`NAMES`].
pub fn index_of(name: &str) -> Option<usize> {
    NAMES.iter().position(|n| *n == name)
}

/// Word families counted per 100 words outside quotations.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cue {
    None,
    FirstSingular,
    FirstPlural,
    Second,
    Review,
    Attribution,
    HowTo,
    Blog,
    Date,
}

/// The family of a lowercase word.
fn cue(w: &str) -> Cue {
    match w {
        "i" | "me" | "my" | "mine" | "myself" | "i'm" | "i've" | "i'd" | "i'll" => {
            Cue::FirstSingular
        }
        "we" | "us" | "our" | "ours" | "ourselves" | "we're" | "we've" | "we'll" => {
            Cue::FirstPlural
        }
        "you" | "your" | "yours" | "yourself" | "you're" | "you've" | "you'll" => Cue::Second,
        "review" | "reviewed" | "rating" | "rated" | "stars" | "verdict" | "pros" | "cons"
        | "recommend" | "album" | "film" | "movie" | "tracks" | "price" | "battery" | "camera"
        | "flavor" | "flavour" | "menu" | "dish" | "performance" | "sound" | "design" => {
            Cue::Review
        }
        "said" | "says" | "told" | "according" | "stated" | "announced" | "reported"
        | "confirmed" | "spokesman" | "spokeswoman" | "spokesperson" | "officials" => {
            Cue::Attribution
        }
        "step" | "steps" | "tip" | "tips" | "click" | "install" | "guide" | "tutorial"
        | "ingredients" | "recipe" | "checklist" | "tricks" => Cue::HowTo,
        "blog" | "post" | "posts" | "posted" | "comments" | "subscribe" | "readers" | "lol" => {
            Cue::Blog
        }
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
        | "january" | "february" | "march" | "april" | "june" | "july" | "august" | "september"
        | "october" | "november" | "december" | "yesterday" => Cue::Date,
        _ => Cue::None,
    }
}

/// The family of a word as written (any case, either apostrophe), without
/// allocating for ordinary words.
fn cue_of(word: &str) -> Cue {
    let mut buf = [0u8; 16];
    if word.len() > buf.len() || !word.is_ascii() {
        return match word.replace('\u{2019}', "'").to_lowercase().as_str() {
            w if w.len() <= buf.len() => cue(w),
            _ => Cue::None,
        };
    }
    let b = &mut buf[..word.len()];
    b.copy_from_slice(word.as_bytes());
    b.make_ascii_lowercase();
    std::str::from_utf8(b).map_or(Cue::None, cue)
}

/// Whether a first paragraph opens with a dateline (`LONDON (Reuters) -`,
/// `WASHINGTON —`): a few capitalised words before a dash or an agency in
/// parentheses, near its start.
fn has_dateline(first: &str) -> bool {
    let head: String = first.chars().take(60).collect();
    let cut = [
        "(Reuters)",
        "(AP)",
        "(AFP)",
        "(CNN)",
        " — ",
        " – ",
        " - ",
        " -- ",
    ]
    .iter()
    .filter_map(|m| head.find(m))
    .min();
    let Some(cut) = cut else { return false };
    let words: Vec<&str> = head[..cut].split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
}

/// The lowercase words of a title or URL (letters and digits runs).
fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The features of a document: its content paragraphs' texts with their
/// stance probabilities over `classes`, and its page metadata.
pub fn compute<'a>(
    meta: &PageMeta,
    paragraphs: impl Iterator<Item = (&'a str, &'a [f64])>,
    classes: &[String],
) -> [f64; NAMES.len()] {
    let col = |name: &str| classes.iter().position(|c| c == name);
    let cols = [col("fact"), col("quotation"), col("opinion")];
    let mut x = [0.0f64; NAMES.len()];
    let mut shares = [0.0f64; 3];
    let (mut words, mut quoted, mut numbers) = (0usize, 0usize, 0usize);
    let (mut questions, mut exclamations) = (0usize, 0usize);
    let mut counts = [0usize; 9];
    let (mut n, mut opinion_argmax, mut quotation_argmax) = (0usize, 0usize, 0usize);
    let (mut question_paragraphs, mut turns, mut dateline) = (0usize, 0usize, false);
    let mut buf = TokenBuf::new();
    for (text, probs) in paragraphs {
        if n == 0 {
            dateline = has_dateline(text);
        }
        n += 1;
        tokenize_into(text, &mut buf);
        let tokens = buf.tokens_mut();
        let mut w = 0usize;
        for t in tokens.iter() {
            match t.kind {
                TokenKind::Punct => {
                    if !t.quoted {
                        questions += (t.term == "?") as usize;
                        exclamations += (t.term == "!") as usize;
                    }
                    continue;
                }
                TokenKind::Number => numbers += 1,
                TokenKind::Word if !t.quoted => counts[cue_of(&t.term) as usize] += 1,
                _ => {}
            }
            w += 1;
            quoted += t.quoted as usize;
        }
        words += w;
        for (s, c) in shares.iter_mut().zip(cols) {
            *s += c.map_or(0.0, |c| probs.get(c).copied().unwrap_or(0.0)) * w as f64;
        }
        let top = crate::metrics::argmax(probs).0;
        opinion_argmax += (Some(top) == cols[2]) as usize;
        quotation_argmax += (Some(top) == cols[1]) as usize;
        question_paragraphs += text.trim_end().ends_with('?') as usize;
        // `Q:`, `A:`, `NAME:` opening a paragraph: a transcript's turns.
        turns += text
            .split_whitespace()
            .take(3)
            .any(|w| w.ends_with(':') && w.chars().next().is_some_and(|c| c.is_uppercase()))
            as usize;
    }
    let per100 = |c: usize| {
        if words > 0 {
            100.0 * c as f64 / words as f64
        } else {
            0.0
        }
    };
    let per_paragraph = |c: usize| if n > 0 { c as f64 / n as f64 } else { 0.0 };
    if words > 0 {
        for (i, s) in shares.iter().enumerate() {
            x[i] = s / words as f64;
        }
        x[12] = quoted as f64 / words as f64;
    }
    x[3] = per_paragraph(opinion_argmax);
    x[4] = per_paragraph(quotation_argmax);
    x[5] = per100(counts[Cue::FirstSingular as usize]);
    x[6] = per100(counts[Cue::FirstPlural as usize]);
    x[7] = per100(counts[Cue::Second as usize]);
    x[8] = per100(questions);
    x[9] = per100(exclamations);
    x[10] = per_paragraph(question_paragraphs);
    x[11] = per_paragraph(turns);
    x[13] = (1.0 + per_paragraph(words)).ln();
    x[14] = (1.0 + n as f64).ln();
    x[15] = per100(numbers);
    x[16] = per100(counts[Cue::Review as usize]);
    x[17] = per100(counts[Cue::Attribution as usize]);
    x[18] = per100(counts[Cue::HowTo as usize]);
    x[19] = per100(counts[Cue::Blog as usize]);
    x[20] = per100(counts[Cue::Date as usize]);
    x[21] = dateline as u8 as f64;
    let title = meta.title.as_deref().unwrap_or("");
    let t = words_of(title);
    let has = |w: &[&str]| t.iter().any(|x| w.contains(&x.as_str())) as u8 as f64;
    let url = meta.url.as_deref().unwrap_or("").to_lowercase();
    // The URL's words, its slug's hyphens and underscores splitting them.
    let u = words_of(&url.replace(['-', '_'], " "));
    let in_url = |w: &[&str]| u.iter().any(|x| w.contains(&x.as_str())) as u8 as f64;
    let review = [
        "review", "reviews", "reviewed", "tested", "hands", "verdict",
    ];
    x[22] = has(&review).max(in_url(&review));
    x[23] = title.trim_end().ends_with('?') as u8 as f64;
    x[24] = t
        .first()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())) as u8 as f64;
    x[25] = (title.to_lowercase().contains("how to")
        || has(&["guide", "tips", "ways", "things", "interview", "q"]) > 0.0) as u8
        as f64;
    x[26] = has(&[
        "opinion",
        "why",
        "should",
        "must",
        "letter",
        "letters",
        "editorial",
    ]);
    let url = meta.url.as_deref().unwrap_or("").to_lowercase();
    let u = words_of(&url);
    x[27] = u.iter().any(|w| {
        w.contains("blog")
            || matches!(
                w.as_str(),
                "wordpress" | "blogspot" | "substack" | "medium" | "tumblr" | "typepad"
            )
    }) as u8 as f64;
    x[28] = u
        .iter()
        .any(|w| w.len() == 4 && w.starts_with("20") && w.chars().all(|c| c.is_ascii_digit()))
        as u8 as f64;
    x[29] = meta.author.is_some() as u8 as f64;
    // A column's title often opens with its kind: `Column: ...`,
    // `Opinion | ...`.
    x[30] = t.iter().take(3).any(|w| {
        matches!(
            w.as_str(),
            "column" | "opinion" | "op" | "oped" | "editorial" | "commentary" | "letters" | "essay"
        )
    }) as u8 as f64;
    let analysis = [
        "fact",
        "check",
        "factcheck",
        "analysis",
        "explainer",
        "explained",
        "politifact",
        "snopes",
        "polygraph",
    ];
    x[31] = in_url(&analysis).max(has(&analysis));
    x[32] = has(&[
        "podcast",
        "deals",
        "deal",
        "announces",
        "launches",
        "recipe",
        "tips",
        "ways",
        "address",
        "transcript",
        "interview",
        "welcome",
        "guide",
        "how",
        "best",
    ]);
    x[33] = in_url(&[
        "news", "politics", "world", "us", "business", "sport", "sports",
    ]);
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_of_an_invented_report_and_a_diary() {
        let classes: Vec<String> = ["fact", "quotation", "opinion"].map(String::from).to_vec();
        let meta = PageMeta {
            title: Some("How to bake rye: my ten tips".into()),
            url: Some("https://blog.example.org/2024/05/rye".into()),
            ..PageMeta::default()
        };
        let x = compute(
            &meta,
            [
                (
                    "LONDON (Reuters) - The council said on Tuesday it would vote.",
                    &[0.9, 0.05, 0.05][..],
                ),
                (
                    "I think \u{201c}we won\u{201d}, and I loved it!",
                    &[0.1, 0.2, 0.7][..],
                ),
            ]
            .into_iter(),
            &classes,
        );
        let f = |name: &str| x[index_of(name).unwrap()];
        assert_eq!(f("dateline"), 1.0);
        assert_eq!(f("opinion_paragraphs"), 0.5);
        // "I" twice outside quotations; "we" is quoted and not counted.
        assert!(
            f("first_singular") > 0.0 && f("first_plural") == 0.0,
            "{x:?}"
        );
        assert!(f("attribution") > 0.0 && f("dates") > 0.0);
        assert!(f("exclamations") > 0.0);
        assert_eq!(f("title_how_to"), 1.0);
        assert_eq!(f("url_blog"), 1.0);
        assert_eq!(f("url_dated"), 1.0);
        assert_eq!(f("title_review"), 0.0);
        assert_eq!(f("title_other"), 1.0, "a how-to title");
        assert_eq!(
            (f("title_column"), f("url_analysis"), f("url_news")),
            (0.0, 0.0, 0.0)
        );
        let column = PageMeta {
            title: Some("Column: the ferry vote was a mistake".into()),
            url: Some("https://x.org/news/2024/fact-check-ferry-review".into()),
            ..PageMeta::default()
        };
        let y = compute(&column, std::iter::empty(), &classes);
        let g = |name: &str| y[index_of(name).unwrap()];
        assert_eq!(
            (
                g("title_column"),
                g("url_analysis"),
                g("url_news"),
                g("title_review")
            ),
            (1.0, 1.0, 1.0, 1.0)
        );
        assert_eq!((g("fact_share"), g("paragraphs")), (0.0, 0.0));
        assert!(f("quoted_words") > 0.0 && f("quoted_words") < 0.5);
        assert!(!has_dateline(
            "The council said on Tuesday - it would vote."
        ));
    }
}
