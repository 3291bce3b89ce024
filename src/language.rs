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
//!
//! Most documents are English, and trigram scoring over every language is
//! the dearest step of tagging them (a third of the CPU time measured on
//! the bench corpus), so English is told first by its function words:
//! when at least [`ENGLISH_SHARE`] of a text's words are English function
//! words that other languages written in Latin letters do not use, and
//! four times more than those languages' own function words, the text is
//! English without asking whatlang.
//! Text short of that share (another language, or English mixed with one)
//! goes to whatlang as before.

use crate::doc::Document;

/// Bytes of a document's text looked at: plenty to tell a language, and
/// detection stays cheap on long documents.
const SAMPLE_BYTES: usize = 8192;

/// Words a text needs before the language detected in it is trusted.
pub const MIN_WORDS: usize = 20;

/// The first [`SAMPLE_BYTES`] of `text` (fewer, to end on a character).
fn sample(text: &str) -> &str {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The language `text` reads as, when `whatlang` is confident of it and
/// the text has [`MIN_WORDS`] words.
pub fn detect(text: &str) -> Option<String> {
    let sample = sample(text);
    let counts = count_words(sample);
    if counts.words < MIN_WORDS {
        return None;
    }
    if counts.reads_as_english() {
        return Some("en".to_string());
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

/// Share of a text's words that must be English function words for the
/// text to be English without trigram statistics. English paragraphs of
/// 20 or more words have a median share of about 0.19; the texts in other
/// languages of our corpora (Spanish, Portuguese, Russian, Italian,
/// Indonesian, German, Japanese, Korean) at most 0.01. On the real pages
/// of the public corpora, 1,553 of the 1,593 texts whatlang reliably reads
/// as English pass [`WordCounts::reads_as_english`], none of the 37 it
/// reads as another language (the test below).
pub const ENGLISH_SHARE: f64 = 0.08;

/// Words of letters in `text` (an apostrophe or hyphen inside a word does
/// not split it); in scripts written without spaces between words (Chinese,
/// Japanese kana, Thai, Lao, Myanmar, Khmer) each letter counts as one.
#[cfg(test)]
fn words(text: &str) -> usize {
    count_words(text).words
}

/// A text's words, and how many are function words of English and of the
/// other languages we know (see [`function_word`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct WordCounts {
    words: usize,
    english: usize,
    other: usize,
}

impl WordCounts {
    /// English by its function words: at least [`ENGLISH_SHARE`] of the
    /// words, and at least four times as many as the other languages'
    /// (a Spanish sentence naming "The Beatles" and "Let It Be" is not).
    fn reads_as_english(&self) -> bool {
        self.english as f64 >= ENGLISH_SHARE * self.words as f64 && self.other * 4 <= self.english
    }
}

/// The words of `text` as [`words`] counts them, with the function words
/// among them.
fn count_words(text: &str) -> WordCounts {
    let mut counts = WordCounts::default();
    let mut in_word = false;
    // The current word's letters while it may still be a function word
    // (ASCII, at most five letters), lowercased.
    let mut word = [0u8; 5];
    let mut len = 0usize;
    let close = |len: usize, word: &[u8; 5], counts: &mut WordCounts| {
        if (1..=word.len()).contains(&len) {
            match function_word(&word[..len]) {
                Some(true) => counts.english += 1,
                Some(false) => counts.other += 1,
                None => {}
            }
        }
    };
    for c in text.chars() {
        if unspaced(c) {
            if in_word {
                close(len, &word, &mut counts);
            }
            counts.words += 1;
            in_word = false;
            len = 0;
        } else if c.is_alphabetic() {
            if !in_word {
                counts.words += 1;
                in_word = true;
                len = 0;
            }
            if c.is_ascii() && len < word.len() {
                word[len] = c.to_ascii_lowercase() as u8;
                len += 1;
            } else {
                // Too long, or not ASCII: never a function word.
                len = word.len() + 1;
            }
        } else if in_word && matches!(c, '\'' | '\u{2019}' | '-') {
            // Inside a word ("it's", "well-known"): no function word.
            len = word.len() + 1;
        } else {
            if in_word {
                close(len, &word, &mut counts);
            }
            in_word = false;
            len = 0;
        }
    }
    if in_word {
        close(len, &word, &mut counts);
    }
    counts
}

/// Whether a lowercase ASCII word is a common function word of English
/// (`Some(true)`), of another language written in Latin letters
/// (`Some(false)`: Spanish, German, French, Italian, Dutch, Swedish,
/// Portuguese, Indonesian, Czech and Polish), or neither. The English ones
/// are not words (or not common ones) in those languages: not `a`, `an`,
/// `as`, `at`, `by`, `for`, `he`, `her`, `in`, `is`, `of`, `on`, `or`,
/// `to`, `was`, `we`, `will`. The others are rare in English.
fn function_word(w: &[u8]) -> Option<bool> {
    match w {
        b"the" | b"and" | b"that" | b"with" | b"this" | b"from" | b"which" | b"have" | b"has"
        | b"had" | b"been" | b"were" | b"their" | b"they" | b"would" | b"not" | b"but" | b"his"
        | b"she" | b"there" | b"what" | b"when" | b"who" | b"about" | b"than" | b"its" | b"our"
        | b"it" | b"be" | b"you" | b"these" | b"those" | b"them" | b"him" | b"could" | b"into"
        | b"other" | b"some" => Some(true),
        b"de" | b"la" | b"el" | b"los" | b"las" | b"del" | b"por" | b"con" | b"una" | b"para"
        | b"que" | b"und" | b"der" | b"das" | b"den" | b"ist" | b"nicht" | b"mit" | b"sie"
        | b"le" | b"les" | b"des" | b"et" | b"est" | b"une" | b"dans" | b"pour" | b"pas"
        | b"sur" | b"qui" | b"il" | b"di" | b"che" | b"per" | b"non" | b"sono" | b"het"
        | b"een" | b"van" | b"zijn" | b"niet" | b"och" | b"att" | b"med" | b"som" | b"um"
        | b"uma" | b"dan" | b"yang" | b"je" | b"se" | b"na" | b"ze" | b"jest" | b"nie" => {
            Some(false)
        }
        _ => None,
    }
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

    /// Invented paragraphs of 20 or more words in languages written in
    /// Latin letters, each naming something English.
    const OTHERS: [(&str, &str); 9] = [
        ("de", "Die Gemeinde hat am Montag entschieden, dass die neue Brücke über den Fluss erst im \
            Herbst eröffnet wird, weil die Firma aus Hamburg mit dem Stahl nicht rechtzeitig fertig ist."),
        ("fr", "Le conseil municipal a décidé mardi que la bibliothèque du quartier restera ouverte le \
            dimanche pendant tout l'été, et les habitants pourront emprunter des livres en anglais."),
        ("es", "El ayuntamiento anunció el martes que el nuevo mercado abrirá sus puertas en marzo, \
            después de dos años de obras, con una exposición sobre The Beatles y la canción Let It Be."),
        ("it", "Il comune ha deciso che la piscina della città resterà chiusa per tutto il mese di \
            agosto, perché i lavori di restauro del tetto non sono ancora finiti e costano di più."),
        ("nl", "De gemeente heeft dinsdag besloten dat de nieuwe fietsbrug over het kanaal pas in de \
            zomer opengaat, omdat de aannemer meer tijd nodig heeft voor het zware staal."),
        ("pt", "A câmara municipal anunciou que o novo parque da cidade vai abrir em abril, depois de \
            três anos de obras, com um concerto gratuito para todas as famílias do bairro."),
        ("sv", "Kommunen har beslutat att den nya simhallen i centrum ska öppna i september, och att \
            barn och pensionärer får bada gratis under hela den första månaden efter invigningen."),
        ("id", "Pemerintah kota mengumumkan bahwa pasar baru di pusat kota akan dibuka pada bulan \
            Maret, setelah pembangunan selama dua tahun, dan para pedagang lama mendapat tempat gratis."),
        ("pl", "Rada miasta postanowiła we wtorek, że nowy most na rzece zostanie otwarty dopiero \
            jesienią, ponieważ firma budowlana nie zdążyła z dostawą stali na czas i koszty rosną."),
    ];

    #[test]
    fn english_is_told_by_its_function_words_and_nothing_else_is() {
        let english = count_words(ENGLISH);
        assert!(english.reads_as_english(), "{english:?}");
        assert_eq!(detect(ENGLISH).as_deref(), Some("en"));
        for (code, text) in OTHERS {
            let counts = count_words(text);
            assert!(counts.words >= MIN_WORDS, "{code}: {counts:?}");
            assert!(!counts.reads_as_english(), "{code}: {counts:?}");
            // Whatlang still tells them.
            assert_eq!(detect(text).as_deref(), Some(code), "{text}");
        }
    }

    #[test]
    fn function_words_are_whole_ascii_words() {
        // "It's" and "well-known" are no function words; "THE" is one.
        let c = count_words("It's THE well-known Théâtre, and there's theatre.");
        assert_eq!((c.words, c.english, c.other), (7, 2, 0));
        // English names inside Spanish are enough English words, but
        // not against Spanish's own.
        let c = count_words(OTHERS[2].1);
        assert!(c.english as f64 >= ENGLISH_SHARE * c.words as f64, "{c:?}");
        assert!(!c.reads_as_english(), "{c:?}");
    }

    /// Whatlang misreads some English (this one as French, reliably); the
    /// function words do not.
    #[test]
    fn english_that_trigrams_misread_is_english() {
        let text = "Nothing says \"we value your privacy\" quite like a three-million-dollar fine \
            followed by a blog post about how much you value privacy.";
        let info = whatlang::detect(text).unwrap();
        assert_eq!(
            (info.lang(), info.is_reliable()),
            (whatlang::Lang::Fra, true)
        );
        assert!(count_words(text).reads_as_english());
        assert_eq!(detect(text).as_deref(), Some("en"));
    }

    /// On real pages (the public corpora beside the repository; skipped
    /// where they are not): no text whatlang reliably reads as another
    /// language passes as English by its function words, and most English
    /// ones do, so whatlang is asked about few of them.
    #[test]
    fn function_words_agree_with_whatlang_on_real_pages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
        let (Ok(articles), Ok(pages)) = (
            std::fs::read_to_string(dir.join("article-extraction/ground-truth.json")),
            std::fs::read_to_string(dir.join("web-pages/labels.jsonl")),
        ) else {
            return;
        };
        let articles: serde_json::Value = serde_json::from_str(&articles).unwrap();
        let mut texts: Vec<String> = articles
            .as_object()
            .unwrap()
            .values()
            .map(|a| a["articleBody"].as_str().unwrap().to_string())
            .collect();
        for line in pages.lines() {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            texts.push(row["text"].as_str().unwrap_or("").to_string());
        }
        let (mut english, mut passed, mut others) = (0, 0, 0);
        for text in &texts {
            let sample = sample(text);
            let counts = count_words(sample);
            let Some(info) = whatlang::detect(sample) else {
                continue;
            };
            if counts.words < MIN_WORDS || !info.is_reliable() {
                continue;
            }
            if info.lang() == whatlang::Lang::Eng {
                english += 1;
                passed += usize::from(counts.reads_as_english());
            } else {
                others += 1;
                assert!(
                    !counts.reads_as_english(),
                    "{:?}: {counts:?} {text}",
                    info.lang()
                );
            }
        }
        eprintln!("English {passed} of {english} by function words; {others} in other languages");
        assert!(others >= 20, "{others}");
        assert!(
            passed as f64 >= 0.9 * english as f64,
            "{passed} of {english}"
        );
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
