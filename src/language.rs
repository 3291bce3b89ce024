//! A document's language: the one its page declares (`<html lang>`, meta
//! tags, front matter), else the one its text reads as (the `whatlang`
//! crate, trigram statistics), as an ISO 639-1 code where the language has
//! one (`en`, `de`), else its ISO 639-3 code.
//!
//! A text too short or too mixed to tell is left without a language (and
//! is labelled as if it were in the model's): a guess would skip English
//! paragraphs for nothing. Trigram statistics misread short text (a few
//! nouns, a headline) with high confidence (whatlang calls "Pension route
//! train court pension pension forest quarry pylon budget." reliably
//! French), so a detection counts only when whatlang calls it reliable and
//! the text has [`MIN_WORDS`] words. A language the page declares always
//! counts.

use crate::doc::Document;

/// Bytes of a document's text looked at: plenty to tell a language, and
/// detection stays cheap on long documents.
const SAMPLE_BYTES: usize = 8192;

/// Words a text needs before the language detected in it is trusted.
pub const MIN_WORDS: usize = 20;

/// The language `text` reads as, when `whatlang` is confident of it and
/// the text has [`MIN_WORDS`] words.
pub fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if words(sample) < MIN_WORDS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(
        isolang::Language::from_639_3(code)
            .and_then(|l| l.to_639_1())
            .unwrap_or(code)
            .to_string(),
    )
}

/// Words of letters in `text` (an apostrophe or hyphen inside a word does
/// not split it); in scripts written without spaces between words (Chinese,
/// Japanese kana, Thai, Lao, Myanmar, Khmer) each letter counts as one.
fn words(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        if unspaced(c) {
            n += 1;
            in_word = false;
        } else if c.is_alphabetic() {
            n += usize::from(!in_word);
            in_word = true;
        } else if !(in_word && matches!(c, '\'' | '\u{2019}' | '-')) {
            in_word = false;
        }
    }
    n
}

/// A letter of a script that puts no spaces between words.
fn unspaced(c: char) -> bool {
    matches!(
        c as u32,
        0x3040..=0x30FF // Hiragana, Katakana
            | 0x3400..=0x4DBF | 0x4E00..=0x9FFF // CJK ideographs
            | 0x0E00..=0x0EFF // Thai, Lao
            | 0x1000..=0x109F // Myanmar
            | 0x1780..=0x17FF // Khmer
    )
}

/// What a model without recorded languages was trained on.
pub const ENGLISH: [&str; 1] = ["en"];

/// The languages of a training set: each that at least a tenth of the
/// texts whose language can be told are in, most common first; English
/// when none can be told.
pub fn of_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    let mut told = 0;
    for text in texts {
        if let Some(l) = detect(text) {
            *counts.entry(l).or_default() += 1;
            told += 1;
        }
    }
    let mut found: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(_, n)| *n * 10 >= told)
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if found.is_empty() {
        return ENGLISH.iter().map(|l| l.to_string()).collect();
    }
    found.into_iter().map(|(l, _)| l).collect()
}

/// The primary language of a tag as pages write it: `en-GB`, `EN_us`,
/// `en` → `en`.
pub fn primary(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Fills in `doc`'s language from its text when its source declares none.
pub fn fill(doc: &mut Document) {
    let declared = doc
        .meta
        .language
        .as_deref()
        .is_some_and(|l| !l.trim().is_empty());
    if !declared {
        doc.meta.language = detect(&doc.text);
    }
}

/// Whether a model trained on `languages` can label a document in
/// `language` (yes when the language is not known).
pub fn is_known(language: Option<&str>, languages: &[String]) -> bool {
    match language {
        None => true,
        Some(l) => {
            let l = primary(l);
            l.is_empty() || languages.iter().any(|m| primary(m) == l)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GERMAN: &str = "Der Stadtrat hat am Dienstag beschlossen, die Fähre zur Insel \
        ab Mai zweimal täglich fahren zu lassen. Die Kosten trägt das Land.";
    const ENGLISH: &str = "The council decided on Tuesday that the ferry to the island \
        will run twice a day from May. The region will pay for it.";

    /// Invented word salad: English nouns in no order, too few to tell.
    const SALAD: &str = "Pension route train court pension pension forest quarry pylon budget.";

    #[test]
    fn short_text_has_no_language_however_sure_whatlang_is() {
        let info = whatlang::detect(SALAD).unwrap();
        assert_eq!(info.lang(), whatlang::Lang::Fra);
        assert!(info.is_reliable(), "{info:?}");
        assert_eq!(words(SALAD), 10);
        assert_eq!(detect(SALAD), None);
    }

    #[test]
    fn words_are_runs_of_letters_or_unspaced_letters() {
        assert_eq!(words("It's a well-known fact: 42 ferries, 3 piers."), 6);
        assert_eq!(words("東京都は月曜日に"), 8);
        assert_eq!(words("— 12:40 —"), 0);
    }

    #[test]
    fn languages_are_told_by_their_text_as_two_letter_codes() {
        assert_eq!(detect(GERMAN).as_deref(), Some("de"));
        assert_eq!(detect(ENGLISH).as_deref(), Some("en"));
        // Too short to tell.
        assert_eq!(detect("Hi."), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn a_declared_language_wins_over_the_text() {
        let mut doc = crate::read::text_document("a", GERMAN.into());
        fill(&mut doc);
        assert_eq!(doc.meta.language.as_deref(), Some("de"));
        doc.meta.language = Some("en-GB".into());
        fill(&mut doc);
        assert_eq!(doc.meta.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn a_training_set_is_in_the_languages_of_a_tenth_of_its_texts() {
        let mut texts = vec![ENGLISH; 12];
        texts.push(GERMAN);
        assert_eq!(of_texts(texts.iter().copied()), ["en"]);
        texts.extend([GERMAN; 2]);
        assert_eq!(of_texts(texts.iter().copied()), ["en", "de"]);
        assert_eq!(of_texts(["Hi.", "Yes."]), ["en"]);
    }

    #[test]
    fn region_and_case_do_not_matter() {
        let en = ["en".to_string()];
        assert_eq!(primary("EN_us"), "en");
        assert!(is_known(Some("en-GB"), &en));
        assert!(!is_known(Some("de"), &en));
        assert!(is_known(None, &en));
        assert!(is_known(Some(""), &en));
    }
}
