//! Identity masking: who is named carries no label weight.
//!
//! A model that learns `muslim` as an opinion cue, or `cia` as a quotation
//! cue, measures which groups and people the training texts talked about,
//! not how they were written about; a researcher comparing coverage of
//! groups would measure our bias instead of the outlets'. So, before
//! lowercasing, terms naming a religion, nationality, ethnicity or sexual
//! identity (our own list, [`GROUP_TERMS`]) become [`GROUP_TERM`], and
//! capitalised words that are names (people, places, organisations) become
//! [`NAME_TERM`]. Both are class terms, as `#num` is for numbers: that a
//! name or a group is mentioned still counts, which one does not. `I` and
//! its contractions, days, months and the titles that precede names are
//! never names.
//!
//! Which capitalised words are names is read from the training text itself
//! ([`common_words`], stored in the model): a word written lowercase inside
//! sentences at least as often as capitalised there is a common word whose
//! capital says nothing (`Government`, `White`, `Democratic` in headline
//! case or at a sentence start), anything else capitalised is a name,
//! wherever it stands (`Trump said`, `Goldberg told`). Masking every
//! capitalised word inside a sentence instead also hid such common words
//! and cost the CheckThat! and NewsSD dev figures (models/README.md);
//! leaving sentence starts alone let a name that opens a sentence keep its
//! weight. Without the table (an analyzer configured by hand), capitalised
//! words inside a sentence are names and sentence starts are not.

use super::{Token, TokenKind};
use rustc_hash::FxHashSet;

/// Term for a religion, nationality, ethnicity or sexual identity.
pub const GROUP_TERM: &str = "#group";
/// Term for a capitalised word inside a sentence (a proper name).
pub const NAME_TERM: &str = "#name";

/// Religions, nationalities and peoples, ethnicities and sexual identities,
/// as adjectives or singular nouns (a final `s` is also matched), written
/// by us. Lowercase.
pub const GROUP_TERMS: &[&str] = &[
    // Religions and their followers.
    "muslim",
    "moslem",
    "islam",
    "islamic",
    "islamist",
    "christian",
    "christianity",
    "catholic",
    "protestant",
    "evangelical",
    "mormon",
    "jew",
    "jewish",
    "judaism",
    "hindu",
    "hinduism",
    "buddhist",
    "buddhism",
    "sikh",
    "sikhism",
    "atheist",
    "agnostic",
    "shia",
    "shiite",
    "sunni",
    "baptist",
    "methodist",
    "lutheran",
    "anglican",
    "quaker",
    "pagan",
    "zionist",
    // Nationalities and peoples.
    "american",
    "british",
    "briton",
    "english",
    "scottish",
    "scot",
    "welsh",
    "irish",
    "french",
    "german",
    "italian",
    "spanish",
    "spaniard",
    "portuguese",
    "dutch",
    "belgian",
    "swiss",
    "austrian",
    "swedish",
    "swede",
    "norwegian",
    "danish",
    "dane",
    "finnish",
    "finn",
    "polish",
    "czech",
    "slovak",
    "hungarian",
    "romanian",
    "bulgarian",
    "greek",
    "turkish",
    "turk",
    "russian",
    "ukrainian",
    "belarusian",
    "serbian",
    "serb",
    "croatian",
    "croat",
    "bosnian",
    "albanian",
    "chinese",
    "japanese",
    "korean",
    "vietnamese",
    "thai",
    "filipino",
    "indonesian",
    "malaysian",
    "indian",
    "pakistani",
    "bangladeshi",
    "afghan",
    "iranian",
    "persian",
    "iraqi",
    "syrian",
    "lebanese",
    "jordanian",
    "saudi",
    "yemeni",
    "egyptian",
    "libyan",
    "moroccan",
    "algerian",
    "tunisian",
    "israeli",
    "palestinian",
    "arab",
    "arabic",
    "kurdish",
    "kurd",
    "nigerian",
    "kenyan",
    "ethiopian",
    "somali",
    "sudanese",
    "ghanaian",
    "congolese",
    "ugandan",
    "rwandan",
    "zimbabwean",
    "canadian",
    "mexican",
    "cuban",
    "haitian",
    "dominican",
    "puerto",
    "colombian",
    "venezuelan",
    "brazilian",
    "argentine",
    "argentinian",
    "chilean",
    "peruvian",
    "australian",
    "zealander",
    "african",
    "asian",
    "european",
    // Ethnicities.
    "hispanic",
    "latino",
    "latina",
    "latinx",
    "caucasian",
    "roma",
    "gypsy",
    "aboriginal",
    "indigenous",
    // Sexual and gender identities.
    "gay",
    "lesbian",
    "bisexual",
    "transgender",
    "queer",
    "lgbt",
    "lgbtq",
    "lgbtqia",
    "homosexual",
    "heterosexual",
];

/// Capitalised words that are not names: `I` and its contractions, days,
/// months, titles before a name. Lowercase.
const KEEP: &[&str] = &[
    "i",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "i’m",
    "i’ve",
    "i’d",
    "i’ll",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sir",
    "dame",
    "st",
];

/// Titles after whose full stop a sentence goes on.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen",
];

/// The masking step of an analyzer: the word lists as hash sets, built
/// once per analyzer.
pub struct IdentityMask {
    groups: FxHashSet<&'static str>,
    keep: FxHashSet<&'static str>,
    /// Lowercase words whose capital is no name; `None`: no table, the
    /// sentence-position rule.
    common: Option<FxHashSet<String>>,
}

impl Default for IdentityMask {
    fn default() -> Self {
        IdentityMask::new(None)
    }
}

/// Whether each word token of `text` opens a sentence (its capital says
/// nothing): after punctuation tokens, or after a gap holding a sentence
/// mark, unless that mark is a title's full stop (`Mr.`).
fn sentence_starts(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut prev_end = 0usize;
    let mut prev_title = false;
    let mut prev_punct = true;
    let mut lower = String::new();
    let mut starts = Vec::with_capacity(tokens.len());
    for t in tokens {
        let gap = text.get(prev_end..t.from).unwrap_or("");
        let after_title = prev_title && gap.trim() == ".";
        starts.push(
            prev_punct
                || (!after_title
                    && gap.chars().any(|c| {
                        matches!(
                            c,
                            '.' | '!' | '?' | ':' | ';' | '\n' | '(' | '[' | '—' | '–' | '•' | '*'
                        )
                    })),
        );
        prev_end = t.to;
        prev_punct = t.kind == TokenKind::Punct;
        prev_title = false;
        if t.kind == TokenKind::Word {
            lower.clear();
            lower.extend(t.term.chars().flat_map(char::to_lowercase));
            prev_title = TITLES.contains(&lower.as_str());
        }
    }
    starts
}

/// The words of `texts` (lowercase, sorted) that are written lowercase
/// inside sentences at least as often as capitalised there: the table that
/// tells a common word's capital from a name's. Read from the training
/// text at training and stored in the model.
pub fn common_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    use std::collections::HashMap;
    // (lowercase inside a sentence, capitalised inside a sentence)
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    for text in texts {
        let tokens = super::tokenize(text);
        let starts = sentence_starts(text, &tokens);
        for (t, start) in tokens.iter().zip(starts) {
            if t.kind != TokenKind::Word || start {
                continue;
            }
            let Some(first) = t.term.chars().next() else {
                continue;
            };
            let lower: String = t.term.chars().flat_map(char::to_lowercase).collect();
            let c = counts.entry(lower).or_default();
            if first.is_lowercase() {
                c.0 += 1;
            } else if first.is_uppercase() {
                c.1 += 1;
            }
        }
    }
    let mut words: Vec<String> = counts
        .into_iter()
        .filter(|(_, (low, cap))| *low > 0 && low >= cap)
        .map(|(w, _)| w)
        .collect();
    words.sort_unstable();
    words
}

impl IdentityMask {
    /// The masking step; `common` is the table of [`common_words`], if the
    /// model has one.
    pub fn new(common: Option<&[String]>) -> Self {
        IdentityMask {
            groups: GROUP_TERMS.iter().copied().collect(),
            keep: KEEP.iter().copied().collect(),
            common: common.map(|c| c.iter().cloned().collect()),
        }
    }

    /// Whether a lowercase word names a group (a final `s` or `es` allowed).
    pub fn is_group_term(&self, lower: &str) -> bool {
        let found = |w: &str| self.groups.contains(w);
        found(lower)
            || lower.strip_suffix('s').is_some_and(found)
            || lower.strip_suffix("es").is_some_and(found)
    }

    /// Replaces group terms and proper names in `tokens` (of `text`, not yet
    /// lowercased) by their class terms; a run of names separated by spaces
    /// only (`Leon Bouvier`, `Federation for Immigration Reform` is two) is
    /// one name: how many words a name has says nothing either.
    pub fn mask(&self, text: &str, tokens: &mut Vec<Token>) {
        let starts = sentence_starts(text, tokens);
        let mut lower = String::new();
        for (t, start) in tokens.iter_mut().zip(starts) {
            if t.kind != TokenKind::Word {
                continue;
            }
            lower.clear();
            lower.extend(t.term.chars().flat_map(char::to_lowercase));
            let name = || {
                t.term.chars().next().is_some_and(char::is_uppercase)
                    && !self.keep.contains(lower.as_str())
                    && match &self.common {
                        Some(common) => !common.contains(lower.as_str()),
                        None => !start,
                    }
            };
            let masked = if self.is_group_term(&lower) {
                Some(GROUP_TERM)
            } else if name() {
                Some(NAME_TERM)
            } else {
                None
            };
            if let Some(m) = masked {
                t.term.clear();
                t.term.push_str(m);
            }
        }
        tokens.dedup_by(|next, name| {
            let merge = name.term == NAME_TERM
                && next.term == NAME_TERM
                && text
                    .get(name.to..next.from)
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace));
            if merge {
                name.to = next.to;
            }
            merge
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokenize;
    use super::*;

    fn masked(s: &str) -> Vec<String> {
        let mut t = tokenize(s);
        IdentityMask::default().mask(s, &mut t);
        t.into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn names_inside_sentences_and_group_terms_become_class_terms() {
        assert_eq!(
            masked("Muslim leaders met Mayor Ortiz on Tuesday. Ortiz said I was late."),
            [
                "#group", "leaders", "met", "#name", "on", "Tuesday", "Ortiz", "said", "I", "was",
                "late"
            ]
        );
        // A title's full stop does not end the sentence; a quotation opens one.
        assert_eq!(
            masked("They asked Mr. Chen: \u{201c}Why Jewish voters?\u{201d}"),
            ["They", "asked", "Mr", "#name", ":", "\"", "Why", "#group", "voters", "?", "\""]
        );
        let m = IdentityMask::default();
        assert!(m.is_group_term("christians") && m.is_group_term("americans"));
        assert!(!m.is_group_term("council"));
    }

    #[test]
    fn the_training_text_tells_common_capitals_from_names() {
        // Invented training text: `government` and `white` are written
        // lowercase inside sentences more often than capitalised; `cochran`
        // and `treasury` only capitalised; `new` as often each way.
        let common = common_words([
            "Officials said the government would act. The white paper came out.",
            "Cochran told the Treasury that the government had a white van.",
            "The New Deal was new. Cochran agreed with the Government.",
        ]);
        for w in ["government", "white", "new", "the", "said", "paper"] {
            assert!(
                common.binary_search(&w.to_string()).is_ok(),
                "{w}: {common:?}"
            );
        }
        for w in ["cochran", "treasury", "officials", "deal"] {
            assert!(
                common.binary_search(&w.to_string()).is_err(),
                "{w}: {common:?}"
            );
        }
        // With the table, a name is masked wherever it stands (at a
        // sentence start too), a common word's capital is not a name, and a
        // word the training text never had, capitalised, is a name.
        let m = IdentityMask::new(Some(&common));
        let text = "Cochran said the Government would act. Goldberg told White officials.";
        let mut t = tokenize(text);
        m.mask(text, &mut t);
        let terms: Vec<&str> = t.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(
            terms,
            [
                "#name",
                "said",
                "the",
                "Government",
                "would",
                "act",
                "#name",
                "told",
                "White",
                "officials"
            ]
        );
        // A run of names is one name; a comma parts two.
        let text = "Leon Bouvier wrote to Liz Truss, Cochran and the NHS.";
        let mut t = tokenize(text);
        m.mask(text, &mut t);
        let terms: Vec<&str> = t.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(
            terms,
            ["#name", "wrote", "to", "#name", "#name", "and", "the", "#name"]
        );
        assert_eq!(&text[t[3].from..t[3].to], "Liz Truss");
        // Group terms are masked whatever the table says.
        let text = "American voters met.";
        let mut t = tokenize(text);
        m.mask(text, &mut t);
        assert_eq!(t[0].term, GROUP_TERM);
    }
}
