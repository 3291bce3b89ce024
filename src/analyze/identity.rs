//! Identity masking: who is named carries no label weight.
//!
//! A model that learns `muslim` as an opinion cue, or `cia` as a quotation
//! cue, measures which groups and people the training texts talked about,
//! not how they were written about; a researcher comparing coverage of
//! groups would measure our bias instead of the outlets'. So, before
//! lowercasing, terms naming a religion, nationality, ethnicity or sexual
//! identity (our own list, [`GROUP_TERMS`]) become [`GROUP_TERM`], and
//! capitalised words inside a sentence (proper names: people, places,
//! organisations) become [`NAME_TERM`]. Both are class terms, as `#num` is
//! for numbers: that a name or a group is mentioned still counts, which one
//! does not. Words that open a sentence are left alone (their capital says
//! nothing), as are `I` and its contractions, days, months and the titles
//! that precede names.

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
}

impl Default for IdentityMask {
    fn default() -> Self {
        IdentityMask {
            groups: GROUP_TERMS.iter().copied().collect(),
            keep: KEEP.iter().copied().collect(),
        }
    }
}

impl IdentityMask {
    /// Whether a lowercase word names a group (a final `s` or `es` allowed).
    pub fn is_group_term(&self, lower: &str) -> bool {
        let found = |w: &str| self.groups.contains(w);
        found(lower)
            || lower.strip_suffix('s').is_some_and(found)
            || lower.strip_suffix("es").is_some_and(found)
    }

    /// Replaces group terms and proper names in `tokens` (of `text`, not yet
    /// lowercased) by their class terms.
    pub fn mask(&self, text: &str, tokens: &mut [Token]) {
        let mut prev_end = 0usize;
        let mut prev_title = false;
        let mut prev_punct = true;
        let mut lower = String::new();
        for t in tokens.iter_mut() {
            let gap = text.get(prev_end..t.from).unwrap_or("");
            let after_title = prev_title && gap.trim() == ".";
            let sentence_start = prev_punct
                || (!after_title
                    && gap.chars().any(|c| {
                        matches!(
                            c,
                            '.' | '!' | '?' | ':' | ';' | '\n' | '(' | '[' | '—' | '–' | '•' | '*'
                        )
                    }));
            prev_end = t.to;
            prev_punct = t.kind == TokenKind::Punct;
            prev_title = false;
            if t.kind != TokenKind::Word {
                continue;
            }
            lower.clear();
            lower.extend(t.term.chars().flat_map(char::to_lowercase));
            prev_title = TITLES.contains(&lower.as_str());
            let masked = if self.is_group_term(&lower) {
                Some(GROUP_TERM)
            } else if !sentence_start
                && t.term.chars().next().is_some_and(char::is_uppercase)
                && !self.keep.contains(lower.as_str())
            {
                Some(NAME_TERM)
            } else {
                None
            };
            if let Some(m) = masked {
                t.term.clear();
                t.term.push_str(m);
            }
        }
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
                "#group", "leaders", "met", "#name", "#name", "on", "Tuesday", "Ortiz", "said",
                "I", "was", "late"
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
}
