//! The catalogue of dense features: [`DenseFeature`], each tied to a rule in
//! LABELS.md or to the tone of a paragraph, its name in the model file, and
//! the lists a head picks from ([`DenseFeature::ALL`], the stance default;
//! [`DenseFeature::POLARITY`], [`DenseFeature::POSITION`] and
//! [`DenseFeature::LEXICON`]).

use serde::{Deserialize, Serialize};

/// The dense features a model can use. Names are stored in the model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenseFeature {
    /// Share of words inside quotation marks (LABELS.md: more than half
    /// makes a quotation).
    QuoteShare,
    /// 1 when the paragraph opens with a quotation mark.
    OpensWithQuote,
    /// Speech and attribution verbs outside quotes (`said`, `according`),
    /// log-scaled: attribution is normal in facts and quotations.
    Attribution,
    /// First-person pronouns outside quotes per word: the writer's stance.
    FirstPerson,
    /// Second-person pronouns outside quotes per word: addressing the reader.
    SecondPerson,
    /// Modal and hedge words outside quotes per word (`should`, `perhaps`).
    Hedge,
    /// Evaluative and intensifying words outside quotes per word.
    Evaluative,
    /// Question marks outside quotes, log-scaled (rhetorical questions).
    Question,
    /// Exclamation marks outside quotes, log-scaled.
    Exclamation,
    /// Numbers, years and percentages per word (reported figures).
    Numbers,
    /// `ln(1 + words)`.
    Length,
    /// Relative position among the document's content paragraphs, 0 for
    /// the first and 1 for the last (Webis editorials end on opinion).
    /// Unknown for lone paragraphs and sentences: see [`Position`].
    Position,
    /// 1 for the first content paragraph.
    First,
    /// 1 for the last content paragraph.
    Last,
    /// Positive-polarity words per word, outside a negation scope. Quoted
    /// words count (as for every polarity feature).
    Positive,
    /// Negative-polarity words per word, outside a negation scope.
    Negative,
    /// Positive words inside a negation scope per word (`not good`,
    /// `hardly a success`).
    NegatedPositive,
    /// Negative words inside a negation scope per word (`not bad at all`).
    NegatedNegative,
    /// Polar words right after an intensifier (`very good`, `deeply
    /// troubling`) per word.
    Intensified,
    /// Pattern lexicon subjectivity of the words outside quotes, per word
    /// (learnt per stem at training time: [`crate::features::lexicon`]).
    Subjectivity,
    /// Pattern lexicon absolute polarity of the words outside quotes, per word.
    PolarityStrength,
    /// VADER positive valence per word (a negation mark flips a word's sign).
    ValencePositive,
    /// VADER negative valence per word.
    ValenceNegative,
}

impl DenseFeature {
    /// Every feature, in a fixed order.
    pub const ALL: [DenseFeature; 11] = [
        DenseFeature::QuoteShare,
        DenseFeature::OpensWithQuote,
        DenseFeature::Attribution,
        DenseFeature::FirstPerson,
        DenseFeature::SecondPerson,
        DenseFeature::Hedge,
        DenseFeature::Evaluative,
        DenseFeature::Question,
        DenseFeature::Exclamation,
        DenseFeature::Numbers,
        DenseFeature::Length,
    ];

    /// The polarity features (our positive and negative cue words, with
    /// negation and intensifiers), for the sentiment head.
    pub const POLARITY: [DenseFeature; 5] = [
        DenseFeature::Positive,
        DenseFeature::Negative,
        DenseFeature::NegatedPositive,
        DenseFeature::NegatedNegative,
        DenseFeature::Intensified,
    ];

    /// Where the paragraph sits in its document (see [`Position`]).
    pub const POSITION: [DenseFeature; 3] = [
        DenseFeature::Position,
        DenseFeature::First,
        DenseFeature::Last,
    ];

    /// The features read from public lexicons' per-stem scores (the model
    /// stores them; training needs `--lexicons DIR`).
    pub const LEXICON: [DenseFeature; 4] = [
        DenseFeature::Subjectivity,
        DenseFeature::PolarityStrength,
        DenseFeature::ValencePositive,
        DenseFeature::ValenceNegative,
    ];

    /// Every feature a model can name: [`DenseFeature::ALL`] (the default)
    /// followed by [`DenseFeature::POLARITY`], [`DenseFeature::POSITION`]
    /// and [`DenseFeature::LEXICON`].
    pub const EVERY: [DenseFeature; 23] = {
        let mut every = [DenseFeature::QuoteShare; 23];
        let mut i = 0;
        while i < 23 {
            every[i] = match i {
                0..11 => Self::ALL[i],
                11..16 => Self::POLARITY[i - 11],
                16..19 => Self::POSITION[i - 16],
                _ => Self::LEXICON[i - 19],
            };
            i += 1;
        }
        every
    };

    /// The feature of this name, if any (see [`DenseFeature::name`]).
    pub fn from_name(name: &str) -> Option<DenseFeature> {
        DenseFeature::EVERY.into_iter().find(|f| f.name() == name)
    }

    /// The feature's name, as in the model file and `stance explain`.
    pub fn name(self) -> &'static str {
        match self {
            DenseFeature::QuoteShare => "quote_share",
            DenseFeature::OpensWithQuote => "opens_with_quote",
            DenseFeature::Attribution => "attribution",
            DenseFeature::FirstPerson => "first_person",
            DenseFeature::SecondPerson => "second_person",
            DenseFeature::Hedge => "hedge",
            DenseFeature::Evaluative => "evaluative",
            DenseFeature::Question => "question",
            DenseFeature::Exclamation => "exclamation",
            DenseFeature::Numbers => "numbers",
            DenseFeature::Length => "length",
            DenseFeature::Positive => "positive",
            DenseFeature::Negative => "negative",
            DenseFeature::NegatedPositive => "negated_positive",
            DenseFeature::NegatedNegative => "negated_negative",
            DenseFeature::Intensified => "intensified",
            DenseFeature::Position => "position",
            DenseFeature::First => "first",
            DenseFeature::Last => "last",
            DenseFeature::Subjectivity => "subjectivity",
            DenseFeature::PolarityStrength => "polarity_strength",
            DenseFeature::ValencePositive => "valence_positive",
            DenseFeature::ValenceNegative => "valence_negative",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_features_are_the_stance_eleven() {
        let names: Vec<&str> = DenseFeature::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "quote_share",
                "opens_with_quote",
                "attribution",
                "first_person",
                "second_person",
                "hedge",
                "evaluative",
                "question",
                "exclamation",
                "numbers",
                "length"
            ]
        );
        assert_eq!(DenseFeature::EVERY[..11], DenseFeature::ALL);
        assert_eq!(DenseFeature::EVERY[11..16], DenseFeature::POLARITY);
        assert_eq!(DenseFeature::EVERY[16..19], DenseFeature::POSITION);
        assert_eq!(DenseFeature::EVERY[19..], DenseFeature::LEXICON);
        for f in DenseFeature::EVERY {
            assert_eq!(DenseFeature::from_name(f.name()), Some(f));
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.name()));
        }
        assert_eq!(DenseFeature::from_name("sentiment"), None);
    }
}
