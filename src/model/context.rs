//! The document-context stage: a second, small multinomial logistic
//! regression (stacking) over a paragraph's first-stage probabilities and
//! those of its document's other content paragraphs.
//!
//! A paragraph's label depends on its post: in a news report most
//! paragraphs are facts, in an editorial most are opinions, and a
//! paragraph right after "... said:" is likely a quotation. The first stage
//! sees one paragraph; this stage sees, per content paragraph, its own
//! log-probabilities, the mean probabilities of the document's other
//! content paragraphs, its neighbours' probabilities, its position, and
//! attribution cues in the neighbouring paragraphs ([`ContextGroup`]).
//! It is trained on, and applied to, documents of two or more content
//! paragraphs, so it learns the class prior that fits documents (a report
//! is mostly facts) instead of assuming every label equally likely; a lone
//! paragraph or sentence has empty context and keeps its first-stage
//! scores (measured: a stage over lone inputs as well lowered the
//! sentence corpora, see models/README.md).
//!
//! It is trained on out-of-fold first-stage probabilities (see
//! `model/train/context.rs`), so it learns how the first stage behaves on
//! text it has not seen.

use super::score::softmax_in_place;
use super::Scores;
use crate::metrics::argmax;
use serde::{Deserialize, Serialize};

/// A group of context inputs, each ablated on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextGroup {
    /// The paragraph's own first-stage log-probabilities (always useful:
    /// without them the stage cannot recalibrate the first).
    Own,
    /// Mean probabilities of the document's other content paragraphs, and a
    /// flag for "the document has other content paragraphs".
    Document,
    /// The previous and next content paragraphs' probabilities, each with a
    /// flag for "there is one".
    Neighbours,
    /// Relative position (0 first .. 1 last) and `ln` of the number of
    /// content paragraphs.
    Position,
    /// The previous paragraph ends with a colon or names a speaker (`said`,
    /// `told`, `according`, ...); the next one names a speaker.
    NeighbourAttribution,
    /// What kind of writing the whole document is, from its text alone
    /// (the same for each of its paragraphs, so a genre prior): voice,
    /// questions, speaker turns, quoted words and cue-word families counted
    /// outside quotations over all its content paragraphs ([`GENRE_CUES`]).
    Genre,
    /// Where and what the paragraph is on the page: the first content
    /// paragraph (a standfirst or lede), the last, a short paragraph, one
    /// without closing punctuation (a lone line), and its `ln` length.
    Structure,
}

impl ContextGroup {
    /// Every group, in input order.
    pub const ALL: [ContextGroup; 7] = [
        ContextGroup::Own,
        ContextGroup::Document,
        ContextGroup::Neighbours,
        ContextGroup::Position,
        ContextGroup::NeighbourAttribution,
        ContextGroup::Genre,
        ContextGroup::Structure,
    ];

    /// The group's name, as in recipes, `--context` and the model file.
    pub fn name(self) -> &'static str {
        match self {
            ContextGroup::Own => "own",
            ContextGroup::Document => "document",
            ContextGroup::Neighbours => "neighbours",
            ContextGroup::Position => "position",
            ContextGroup::NeighbourAttribution => "neighbour_attribution",
            ContextGroup::Genre => "genre",
            ContextGroup::Structure => "structure",
        }
    }

    /// The group of this name.
    pub fn from_name(name: &str) -> Option<ContextGroup> {
        ContextGroup::ALL.into_iter().find(|g| g.name() == name)
    }

    /// Number of inputs for `k` classes.
    fn width(self, k: usize) -> usize {
        match self {
            ContextGroup::Own => k,
            ContextGroup::Document => k + 1,
            ContextGroup::Neighbours => 2 * k + 2,
            ContextGroup::Position => 2,
            ContextGroup::NeighbourAttribution => 3,
            ContextGroup::Genre => GENRE_CUES.len(),
            ContextGroup::Structure => STRUCTURE.len(),
        }
    }
}

/// The page features of `genre/features.rs` that read the text alone
/// (no stance probabilities, no metadata) and earned their place in the
/// `genre` group by page-grouped CV (models/README.md, issue 25): the
/// writer's voice and the page's questions and speaker turns. Rates per
/// 100 words are given as `ln(1 + rate)`, so no input dwarfs the others
/// in the stage's L2-penalised fit.
pub const GENRE_CUES: [&str; 6] = [
    "first_singular",
    "first_plural",
    "second_person",
    "questions",
    "question_paragraphs",
    "speaker_turns",
];

/// Inputs of the `structure` group, in order.
const STRUCTURE: [&str; 5] = [
    "structure:first",
    "structure:last",
    "structure:short",
    "structure:unpunctuated",
    "structure:ln_words",
];

/// Paragraphs of fewer words than this are `short` (subheads, captions,
/// one-line asides).
const SHORT_WORDS: usize = 12;

/// The `genre` group's inputs of a document: [`GENRE_CUES`] over its
/// content paragraphs' texts.
fn genre_inputs(texts: &[&str]) -> Vec<f64> {
    use crate::genre::features;
    let empty: &[f64] = &[];
    let all = features::compute(
        &crate::doc::PageMeta::default(),
        texts.iter().map(|t| (*t, empty)),
        &[],
    );
    GENRE_CUES
        .iter()
        .map(|name| {
            let v = features::index_of(name).map_or(0.0, |i| all[i]);
            match *name {
                // Shares of paragraphs stay as they are.
                "question_paragraphs" | "speaker_turns" => v,
                _ => v.max(0.0).ln_1p(),
            }
        })
        .collect()
}

/// The `structure` group's inputs of paragraph `i` of `n`.
fn structure_inputs(text: &str, i: usize, n: usize) -> [f64; 5] {
    let words = text.split_whitespace().count();
    let end = text
        .trim_end()
        .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')'])
        .chars()
        .last();
    let punctuated = end.is_some_and(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '\u{2026}'));
    [
        (i == 0) as u8 as f64,
        (i + 1 == n) as u8 as f64,
        (words < SHORT_WORDS) as u8 as f64,
        (!punctuated) as u8 as f64,
        (1.0 + words as f64).ln(),
    ]
}

/// Speech and attribution words that make a neighbouring paragraph a
/// likely lead-in to, or close of, a quotation.
const ATTRIBUTION: [&str; 12] = [
    "said",
    "says",
    "say",
    "told",
    "according",
    "added",
    "stated",
    "announced",
    "wrote",
    "explained",
    "statement",
    "tweeted",
];

/// What the context stage needs to know about a paragraph's text.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cue {
    /// It ends with a colon ("The minister said:").
    pub colon: bool,
    /// It contains a speech or attribution word.
    pub attribution: bool,
}

impl Cue {
    /// The cues of one paragraph's text.
    pub fn of(text: &str) -> Cue {
        let attribution = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && w.len() <= 10)
            .any(|w| ATTRIBUTION.iter().any(|a| a.eq_ignore_ascii_case(w)));
        Cue {
            colon: text.trim_end().ends_with(':'),
            attribution,
        }
    }
}

/// The fitted context stage of a head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextStage {
    /// Inputs, in order.
    pub groups: Vec<ContextGroup>,
    /// Row-major weights: one row per input, one column per class.
    pub weights: Vec<f64>,
    /// Per-class intercept.
    pub intercept: Vec<f64>,
    /// The L2 strength it was fitted with.
    pub alpha: f64,
}

/// Number of inputs of `groups` for `k` classes.
pub fn width(groups: &[ContextGroup], k: usize) -> usize {
    groups.iter().map(|g| g.width(k)).sum()
}

/// The name of each input of `groups` for `classes`, in input order (for
/// `stance explain`): `own:fact` (the paragraph's own log-probability),
/// `document:fact` (the other paragraphs' mean) and `document:present`,
/// `previous:fact` / `next:fact` and their `:present` flags, `position`,
/// `ln_paragraphs`, `previous_colon`, `previous_attribution`,
/// `next_attribution`.
pub fn input_names(groups: &[ContextGroup], classes: &[String]) -> Vec<String> {
    let per_class =
        |prefix: &str| -> Vec<String> { classes.iter().map(|c| format!("{prefix}:{c}")).collect() };
    let mut names = Vec::with_capacity(width(groups, classes.len()));
    for g in groups {
        match g {
            ContextGroup::Own => names.extend(per_class("own")),
            ContextGroup::Document => {
                names.extend(per_class("document"));
                names.push("document:present".into());
            }
            ContextGroup::Neighbours => {
                for side in ["previous", "next"] {
                    names.extend(per_class(side));
                    names.push(format!("{side}:present"));
                }
            }
            ContextGroup::Position => {
                names.push("position".into());
                names.push("ln_paragraphs".into());
            }
            ContextGroup::NeighbourAttribution => {
                names.push("previous_colon".into());
                names.push("previous_attribution".into());
                names.push("next_attribution".into());
            }
            ContextGroup::Genre => names.extend(GENRE_CUES.iter().map(|c| format!("genre:{c}"))),
            ContextGroup::Structure => names.extend(STRUCTURE.iter().map(|c| c.to_string())),
        }
    }
    names
}

/// The inputs of every paragraph of one document, from the first-stage
/// probabilities and texts of its content paragraphs in reading order.
pub fn inputs(groups: &[ContextGroup], probs: &[&[f64]], texts: &[&str]) -> Vec<Vec<f64>> {
    let n = probs.len();
    let cues: Vec<Cue> = if groups.contains(&ContextGroup::NeighbourAttribution) {
        texts.iter().map(|t| Cue::of(t)).collect()
    } else {
        vec![Cue::default(); n]
    };
    // Computed only for a stage that reads it: it tokenizes every paragraph.
    let genre = if groups.contains(&ContextGroup::Genre) {
        genre_inputs(texts)
    } else {
        Vec::new()
    };
    let k = probs.first().map_or(0, |p| p.len());
    let mut sum = vec![0.0; k];
    for p in probs {
        for (s, v) in sum.iter_mut().zip(p.iter()) {
            *s += v;
        }
    }
    (0..n)
        .map(|i| {
            let mut x = Vec::with_capacity(width(groups, k));
            for g in groups {
                match g {
                    ContextGroup::Own => x.extend(probs[i].iter().map(|p| p.max(1e-6).ln())),
                    ContextGroup::Document => {
                        if n > 1 {
                            let others = (n - 1) as f64;
                            x.extend(sum.iter().zip(probs[i]).map(|(s, p)| (s - p) / others));
                            x.push(1.0);
                        } else {
                            x.extend(std::iter::repeat_n(0.0, k + 1));
                        }
                    }
                    ContextGroup::Neighbours => {
                        for j in [i.checked_sub(1), (i + 1 < n).then_some(i + 1)] {
                            match j {
                                Some(j) => {
                                    x.extend_from_slice(probs[j]);
                                    x.push(1.0);
                                }
                                None => x.extend(std::iter::repeat_n(0.0, k + 1)),
                            }
                        }
                    }
                    ContextGroup::Position => {
                        x.push(if n > 1 {
                            i as f64 / (n - 1) as f64
                        } else {
                            0.0
                        });
                        x.push((n as f64).ln());
                    }
                    ContextGroup::NeighbourAttribution => {
                        let prev = i.checked_sub(1).map(|j| cues[j]).unwrap_or_default();
                        let next = cues.get(i + 1).copied().unwrap_or_default();
                        x.push(prev.colon as u8 as f64);
                        x.push(prev.attribution as u8 as f64);
                        x.push(next.attribution as u8 as f64);
                    }
                    ContextGroup::Genre => x.extend_from_slice(&genre),
                    ContextGroup::Structure => {
                        x.extend(structure_inputs(texts.get(i).copied().unwrap_or(""), i, n))
                    }
                }
            }
            x
        })
        .collect()
}

impl ContextStage {
    /// Number of classes.
    fn k(&self) -> usize {
        self.intercept.len()
    }

    /// Scores one paragraph from its inputs (see [`inputs`]).
    pub fn score_inputs(&self, x: &[f64]) -> Scores {
        let k = self.k();
        let mut probabilities = self.intercept.clone();
        for (j, v) in x.iter().enumerate() {
            for (c, l) in probabilities.iter_mut().enumerate() {
                *l += v * self.weights[j * k + c];
            }
        }
        softmax_in_place(&mut probabilities);
        let label = argmax(&probabilities).0;
        Scores {
            probabilities,
            label,
        }
    }

    /// The context-aware scores of one document's content paragraphs, from
    /// their first-stage scores and texts in reading order.
    pub fn apply(&self, first: &[Scores], texts: &[&str]) -> Vec<Scores> {
        if first.len() < 2 {
            // No context to read: a lone paragraph keeps the first stage's
            // scores (the stage is trained on documents only).
            return first.to_vec();
        }
        let probs: Vec<&[f64]> = first.iter().map(|s| s.probabilities.as_slice()).collect();
        inputs(&self.groups, &probs, texts)
            .iter()
            .map(|x| self.score_inputs(x))
            .collect()
    }

    /// Checks the stored arrays against each other.
    pub fn validate(&self, k: usize) -> std::result::Result<(), String> {
        if self.intercept.len() != k || self.weights.len() != width(&self.groups, k) * k {
            return Err(format!(
                "context stage has {} weights and {} intercepts, expected {} and {k}",
                self.weights.len(),
                self.intercept.len(),
                width(&self.groups, k) * k
            ));
        }
        if self
            .weights
            .iter()
            .chain(&self.intercept)
            .any(|w| !w.is_finite())
        {
            return Err("context stage weights contain non-finite values".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_of_a_lone_paragraph_are_its_own_only() {
        let groups = ContextGroup::ALL;
        let groups = &groups[..5];
        let lone = inputs(groups, &[&[0.5, 0.25, 0.25]], &["Alone."]);
        assert_eq!(lone.len(), 1);
        assert_eq!(lone[0].len(), width(groups, 3));
        assert!((lone[0][0] - 0.5f64.ln()).abs() < 1e-12);
        assert!(
            lone[0][3..].iter().all(|&v| v == 0.0),
            "empty context: {:?}",
            lone[0]
        );
    }

    #[test]
    fn inputs_see_the_document_and_the_neighbours() {
        let groups = [
            ContextGroup::Document,
            ContextGroup::Neighbours,
            ContextGroup::Position,
            ContextGroup::NeighbourAttribution,
        ];
        let p: [&[f64]; 3] = [&[1.0, 0.0, 0.0], &[0.0, 1.0, 0.0], &[0.0, 0.0, 1.0]];
        let texts = ["The minister SAID:", "“We go.”", "Nothing here."];
        let cues = texts.map(Cue::of);
        assert!(cues[0].colon && cues[0].attribution && !cues[2].attribution);
        let x = inputs(&groups, &p, &texts);
        // Middle paragraph: others' mean, then prev (fact) and next (opinion).
        assert_eq!(&x[1][..4], &[0.5, 0.0, 0.5, 1.0]);
        assert_eq!(&x[1][4..12], &[1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0]);
        assert_eq!(x[1][12], 0.5, "position");
        assert_eq!(&x[1][14..], &[1.0, 1.0, 0.0], "after `said:`");
        assert_eq!(&x[0][4..8], &[0.0; 4], "no previous paragraph");
        assert_eq!(&x[0][14..], &[0.0, 0.0, 0.0]);
    }

    #[test]
    fn genre_inputs_read_the_whole_document_outside_quotations() {
        let groups = [ContextGroup::Genre];
        let at = |name: &str| GENRE_CUES.iter().position(|c| *c == name).unwrap();
        let p: [&[f64]; 3] = [&[0.4, 0.2, 0.4]; 3];
        // An invented blog post: the writer speaks in the first person.
        let blog = [
            "I drove the coast road again this morning.",
            "My view has not changed: it needs a sea wall, and you know it.",
            "Why does nobody in the capital care?",
        ];
        // An invented report whose only first person is quoted.
        let report = [
            "The coast road was closed on Tuesday after a landslide.",
            "“I have never seen it this bad,” a driver said.",
            "Repairs will take three weeks, the council said.",
        ];
        // An invented interview: speaker turns.
        let interview = [
            "Q: When will the road reopen?",
            "Engineer: In three weeks, if the weather holds.",
            "Q: And the sea wall?",
        ];
        let b = inputs(&groups, &p, &blog);
        let r = inputs(&groups, &p, &report);
        let i = inputs(&groups, &p, &interview);
        assert_eq!(b[0].len(), GENRE_CUES.len());
        assert!(b.iter().all(|x| *x == b[0]), "one value per document");
        assert!(b[0][at("first_singular")] > 1.0, "{:?}", b[0]);
        assert!(b[0][at("second_person")] > 0.0);
        assert!((b[0][at("question_paragraphs")] - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(r[0], vec![0.0; GENRE_CUES.len()], "quoted `I` not counted");
        assert_eq!(i[0][at("speaker_turns")], 1.0, "{:?}", i[0]);
        assert!((i[0][at("question_paragraphs")] - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn structure_inputs_mark_lone_short_lines() {
        let groups = [ContextGroup::Structure];
        let p: [&[f64]; 3] = [&[0.4, 0.2, 0.4]; 3];
        let texts = [
            "The council closed the coast road on Tuesday night after a landslide near the bridge.",
            "What happens next",
            "Repairs will take three weeks, the council said.",
        ];
        let x = inputs(&groups, &p, &texts);
        assert_eq!(&x[0][..4], &[1.0, 0.0, 0.0, 0.0], "first, punctuated");
        assert_eq!(
            &x[1][..4],
            &[0.0, 0.0, 1.0, 1.0],
            "a short unpunctuated line"
        );
        assert_eq!(&x[2][..4], &[0.0, 1.0, 1.0, 0.0], "last, short");
        assert!((x[1][4] - 4f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn every_input_has_a_name() {
        let classes: Vec<String> = ["fact", "quotation", "opinion"].map(String::from).into();
        let names = input_names(&ContextGroup::ALL, &classes);
        assert_eq!(names.len(), width(&ContextGroup::ALL, 3));
        assert_eq!(names[0], "own:fact");
        assert_eq!(names[6], "document:present");
        assert_eq!(names[7], "previous:fact");
        assert_eq!(names[19], "next_attribution");
        assert_eq!(names[20], "genre:first_singular");
        assert_eq!(names[names.len() - 1], "structure:ln_words");
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn a_stage_scores_like_its_weights_say() {
        let stage = ContextStage {
            groups: vec![ContextGroup::Document],
            // Document mean of class c pushes class c.
            weights: vec![
                4.0, 0.0, 0.0, //
                0.0, 4.0, 0.0, //
                0.0, 0.0, 4.0, //
                0.0, 0.0, 0.0,
            ],
            intercept: vec![0.0; 3],
            alpha: 1.0,
        };
        stage.validate(3).unwrap();
        let s = |p: [f64; 3]| Scores {
            probabilities: p.to_vec(),
            label: argmax(&p).0,
        };
        let first = [
            s([0.9, 0.05, 0.05]),
            s([0.9, 0.05, 0.05]),
            s([0.3, 0.1, 0.6]),
        ];
        let out = stage.apply(&first, &["a", "b", "c"]);
        assert_eq!(out[2].label, 0, "a report's paragraphs pull it to fact");
        assert!((out[2].probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(ContextStage {
            weights: vec![0.0; 3],
            ..stage
        }
        .validate(3)
        .is_err());
    }
}
