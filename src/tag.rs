//! Tagging: a document's paragraphs → skipped boilerplate, labels and
//! probabilities, and what the post itself says about provenance (block
//! quotes, lead-ins, embedded posts), using the heads of a [`Model`].
//! Passages shared with other documents are found by whoever holds the
//! whole run ([`provenance::shared`]) and set with [`Tagged::set_shared`].

use crate::analyze::TokenBuf;
use crate::doc::{Document, Label, Paragraph};
use crate::error::{Error, Result};
use crate::features::terms::{HeadTerms, Resolved, TermTable, WordMemo};
use crate::features::Position;
use crate::language;
use crate::model::{Classifier, Featurizer, Model, Scores};
use crate::provenance::leadin::ParagraphFacts;
use crate::provenance::{self, ReproducedBy};
use crate::structure::{SkipReason, Structure};
use crate::task::Task;
use std::cell::RefCell;
use thread_local::ThreadLocal;

/// A model ready to tag: each head with its featurizer.
pub struct Tagger<'m> {
    stance: (&'m Classifier, Featurizer),
    sentiment: Option<(&'m Classifier, Featurizer)>,
    /// When the heads share their analysis up to stemming (always, with
    /// the stance head alone): one lookup per token for all, and each
    /// head's tables (stance, then sentiment if the model has it).
    terms: Option<(TermTable, Vec<HeadTerms>)>,
    opinion: usize,
    /// The stance head's `fact` class, if it has one.
    fact: Option<usize>,
    /// Each tagging thread's buffers and word memo, kept from one document
    /// to the next so the per-paragraph path does not allocate.
    scratch: ThreadLocal<RefCell<Scratch>>,
    /// The stance head's training languages.
    languages: Vec<String>,
    /// Label documents in other languages too.
    any_language: bool,
    /// The target head, when the model has one.
    target: Option<crate::model::target::TargetScorer<'m>>,
    /// Targets asked for in every document (a document's own come on top).
    targets: Vec<crate::target::TargetSpec>,
    /// The genre head, when the model has one.
    genre: Option<&'m crate::model::genre::GenreHead>,
}

/// One thread's reusable state for [`Tagger::tag`].
#[derive(Default)]
struct Scratch {
    tokens: TokenBuf,
    memo: WordMemo,
    rows: Vec<u32>,
    bits: Vec<u16>,
}

/// One tagged paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged<'d> {
    /// The paragraph, borrowed from its document.
    pub paragraph: &'d Paragraph,
    /// Stance probabilities and label; `None` when skipped.
    pub stance: Option<Scores>,
    /// Sentiment probabilities and label, when the model has a sentiment
    /// head; `None` when skipped.
    pub sentiment: Option<Scores>,
    /// Why the paragraph is boilerplate, if it is.
    pub skipped: Option<SkipReason>,
    /// Why it is taken as reproduced from another source, if it is.
    pub reproduced_by: Option<ReproducedBy>,
    /// Ids of the other documents (of the run or the reference corpus) that
    /// share a passage with it.
    pub shared_with: Vec<String>,
    /// Tone toward each requested target the paragraph mentions; `None`
    /// when no target was requested for its document, or it is skipped.
    pub targets: Option<Vec<crate::target::tone::TargetTone>>,
}

/// The genre of a document from its tagged paragraphs (text and stance
/// probabilities over `classes`, skipped ones left out) and its page
/// metadata ([`crate::genre::genre_of`]): declared, else estimated by
/// `head` (the model's genre head), else by the fixed rule.
pub fn genre_of_tagged(
    doc: &Document,
    tagged: &[Tagged],
    classes: &[String],
    head: Option<&dyn crate::genre::GenreScorer>,
) -> crate::genre::GenreEstimate {
    crate::genre::genre_of(&doc.meta, &labelled_content(tagged), classes, head)
}

/// The labelled paragraphs of a document: each one's text and stance
/// probabilities, skipped ones left out (what genre estimates read).
pub fn labelled_content<'t>(tagged: &'t [Tagged<'_>]) -> Vec<(&'t str, &'t [f64])> {
    tagged
        .iter()
        .filter_map(|t| {
            Some((
                t.paragraph.text.as_str(),
                t.stance.as_ref()?.probabilities.as_slice(),
            ))
        })
        .collect()
}

impl<'m> Tagger<'m> {
    /// Prepares `model` for tagging; it must have a stance head.
    pub fn new(model: &'m Model) -> Result<Self> {
        let head = model
            .head(Task::Stance)
            .ok_or(Error::NoHead { task: Task::Stance })?;
        let opinion = Label::Opinion
            .column(&head.classes)
            .unwrap_or(head.classes.len() - 1);
        let stance = (head, head.featurizer());
        let sentiment = model.head(Task::Sentiment).map(|h| (h, h.featurizer()));
        let terms = match &sentiment {
            None => Some(Featurizer::term_table(&[(stance.0, &stance.1)])),
            Some((h, f)) if f.same_base(&stance.1) => {
                Some(Featurizer::term_table(&[(stance.0, &stance.1), (*h, f)]))
            }
            Some(_) => None,
        };
        Ok(Tagger {
            stance,
            sentiment,
            terms,
            opinion,
            fact: Label::Fact.column(&head.classes),
            scratch: ThreadLocal::new(),
            languages: head.training.languages.clone(),
            any_language: false,
            target: model.target.as_ref().map(|h| h.scorer()),
            targets: Vec::new(),
            genre: model.genre.as_ref(),
        })
    }

    /// The genre head, when the model has one.
    pub fn genre_head(&self) -> Option<&'m crate::model::genre::GenreHead> {
        self.genre
    }

    /// The genre of a document tagged as `tagged`: declared by its page,
    /// else estimated from its labelled paragraphs by the model's genre
    /// head, or by the fixed rule when the model has none
    /// ([`crate::genre::genre_of`]).
    pub fn genre(&self, doc: &Document, tagged: &[Tagged]) -> crate::genre::GenreEstimate {
        let head = self.genre.map(|h| h as &dyn crate::genre::GenreScorer);
        genre_of_tagged(doc, tagged, self.stance_classes(), head)
    }

    /// The stance head's class names.
    pub fn stance_classes(&self) -> &[String] {
        &self.stance.0.classes
    }

    /// The sentiment head's class names, if the model has one.
    pub fn sentiment_classes(&self) -> Option<&[String]> {
        self.sentiment.as_ref().map(|(h, _)| h.classes.as_slice())
    }

    /// Tags every paragraph of `doc`, in order.
    pub fn tag<'d>(&self, doc: &'d Document) -> Vec<Tagged<'d>> {
        let structure = Structure::of(doc);
        let skips = &structure.skipped;
        let positions = content_positions(&skips.iter().map(Option::is_some).collect::<Vec<_>>());
        // This thread's buffers; a fresh set should `tag` ever be re-entered
        // on the same thread.
        let cell = self.scratch.get_or_default();
        let mut fresh = None;
        let mut held = cell.try_borrow_mut().ok();
        let scratch: &mut Scratch = match held.as_deref_mut() {
            Some(s) => s,
            None => fresh.insert(Scratch::default()),
        };
        let (mut scores, mut sentiments): (Vec<Option<Scores>>, Vec<Option<Scores>>) = doc
            .paragraphs
            .iter()
            .zip(skips)
            .zip(&positions)
            .map(|((p, s), &position)| {
                if s.is_some() {
                    return (None, None);
                }
                match &self.terms {
                    Some((table, head_terms)) => {
                        // One tokenisation and one lookup per token for
                        // every head (the sentiment head, if any, shares
                        // the analysis up to stemming and only adds
                        // negation marks). The heads without negation
                        // marks score first, then the marks are added in
                        // place for the others.
                        let Scratch {
                            tokens,
                            memo,
                            rows,
                            bits,
                        } = &mut *scratch;
                        let first = &self.stance.1;
                        table.analyze_rows(
                            first.analyzer(),
                            crate::doc::analysed_prefix(&p.text),
                            tokens,
                            memo,
                            rows,
                        );
                        let tokens = tokens.tokens_mut();
                        table.bits(tokens, rows, bits);
                        let heads = [Some(&self.stance), self.sentiment.as_ref()];
                        let order = if first.marks_negation() {
                            [1, 0]
                        } else {
                            [0, 1]
                        };
                        let mut out = [None, None];
                        let mut marked = false;
                        for i in order {
                            let Some((h, f)) = heads[i] else { continue };
                            if f.marks_negation() && !marked {
                                f.finish(&p.text, tokens);
                                marked = true;
                            }
                            let resolved = Resolved {
                                rows,
                                bits,
                                head: &head_terms[i],
                            };
                            out[i] = Some(h.score_resolved(f, tokens, resolved, position));
                        }
                        let [stance, sentiment] = out;
                        (stance, sentiment)
                    }
                    None => {
                        let (head, featurizer) = &self.stance;
                        let sentiment = self
                            .sentiment
                            .as_ref()
                            .map(|(h, f)| h.score_text_at(f, &p.text, position));
                        (
                            Some(head.score_text_at(featurizer, &p.text, position)),
                            sentiment,
                        )
                    }
                }
            })
            .unzip();
        // The document-context stage: each content paragraph rescored with
        // its document's first-stage probabilities beside its own.
        if self.stance.0.has_document_stage() {
            let content: Vec<usize> = (0..scores.len()).filter(|&i| scores[i].is_some()).collect();
            let first: Vec<Scores> = content.iter().filter_map(|&i| scores[i].take()).collect();
            let texts: Vec<&str> = content
                .iter()
                .map(|&i| doc.paragraphs[i].text.as_str())
                .collect();
            for (i, s) in content
                .into_iter()
                .zip(self.stance.0.in_context(first, &texts))
            {
                scores[i] = Some(s);
            }
        }
        let mut below_header = false;
        let facts: Vec<ParagraphFacts> = skips
            .iter()
            .zip(&scores)
            .zip(&doc.paragraphs)
            .map(|((s, sc), p)| {
                below_header |= *s == Some(SkipReason::CommentHeader);
                ParagraphFacts {
                    skipped: s.is_some(),
                    // A reader comment: below a comment header, or found as
                    // one by the page's extractor.
                    in_comments: below_header || p.comment,
                    p_opinion: sc.as_ref().map_or(0.0, |sc| sc.probabilities[self.opinion]),
                }
            })
            .collect();
        // LABELS.md: reader comments are opinions unless they are
        // quotations, so a comment (below a comment header, or marked as
        // one by the HTML reader) cannot be a reported fact: its fact
        // probability goes to opinion.
        if let Some(fact) = self.fact {
            for (sc, f) in scores.iter_mut().zip(&facts) {
                if let (Some(sc), true) = (sc.as_mut(), f.in_comments) {
                    sc.probabilities[self.opinion] += sc.probabilities[fact];
                    sc.probabilities[fact] = 0.0;
                    sc.label = crate::metrics::argmax(&sc.probabilities).0;
                }
            }
        }
        let mut own = provenance::own(doc, &structure, &facts);
        // A model has nothing to say about a language it was not trained
        // on: the content of such a document is not labelled.
        let foreign = !self.any_language
            && !language::is_known(doc.meta.language.as_deref(), &self.languages);
        let mut tagged: Vec<Tagged<'d>> = doc
            .paragraphs
            .iter()
            .enumerate()
            .zip(scores)
            .map(|((i, p), stance)| {
                let mut t = Tagged {
                    paragraph: p,
                    stance,
                    sentiment: sentiments[i].take(),
                    skipped: skips[i],
                    reproduced_by: own[i].take(),
                    shared_with: Vec::new(),
                    targets: None,
                };
                if foreign && t.skipped.is_none() {
                    t.skipped = Some(SkipReason::Language);
                    t.stance = None;
                    t.sentiment = None;
                }
                t
            })
            .collect();
        if let Some(scorer) = &self.target {
            if !self.targets.is_empty() || !doc.targets.is_empty() {
                let mut all = self.targets.clone();
                for t in &doc.targets {
                    if !all.contains(t) {
                        all.push(t.clone());
                    }
                }
                // Tone toward each target, on content paragraphs only.
                for t in tagged.iter_mut().filter(|t| t.skipped.is_none()) {
                    t.targets = Some(crate::target::tone::tones(scorer, &all, &t.paragraph.text));
                }
            }
        }
        tagged
    }

    /// Asks for the tone toward `targets` in every document (on top of a
    /// document's own). Fails when the model has no target head.
    pub fn with_targets(mut self, targets: Vec<crate::target::TargetSpec>) -> Result<Self> {
        if !targets.is_empty() && self.target.is_none() {
            return Err(Error::NoHead { task: Task::Target });
        }
        self.targets = targets;
        Ok(self)
    }

    /// Whether the model can score tone toward targets.
    pub fn has_target_head(&self) -> bool {
        self.target.is_some()
    }

    /// Labels documents in any language, not only those the model was
    /// trained on (whose content is otherwise `skipped: language`).
    pub fn any_language(mut self, yes: bool) -> Self {
        self.any_language = yes;
        self
    }

    /// The languages the model was trained on (ISO 639-1 codes).
    pub fn languages(&self) -> &[String] {
        &self.languages
    }
}

impl Tagged<'_> {
    /// Records the other documents this paragraph shares a passage with
    /// (`by_reference`: one of them is a `--reference` source). Provenance
    /// from the post itself (a block quote, a lead-in) comes first; then a
    /// reference source, then another document of the run
    /// ([`provenance::resolve`]). Shared passages are resolved once the
    /// whole run is known (after a whole pass, or by a Spark job).
    pub fn set_shared(&mut self, shared_with: Vec<String>, by_reference: bool) {
        self.reproduced_by =
            provenance::resolve(self.reproduced_by, !shared_with.is_empty(), by_reference);
        self.shared_with = shared_with;
    }
}

/// Each paragraph's place among the document's content paragraphs (those
/// not `skipped`), as training counts Webis paragraphs; `None` for skipped
/// ones.
pub fn content_positions(skipped: &[bool]) -> Vec<Option<Position>> {
    let count = skipped.iter().filter(|&&s| !s).count();
    let mut next = 0;
    skipped
        .iter()
        .map(|&s| {
            (!s).then(|| {
                next += 1;
                Position {
                    index: next - 1,
                    count,
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped model: a stance head and a sentiment head that marks
    /// negation, so the tagger takes its shared-analysis path.
    fn shipped() -> Model {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default.model");
        Model::load(&path).expect("models/default.model loads")
    }

    /// A document of these paragraphs, separated by blank lines.
    fn doc_of(texts: &[&str]) -> Document {
        Document::from_paragraphs("d", texts.iter().copied())
    }

    #[test]
    fn reader_comments_are_never_facts() {
        let model = shipped();
        let texts = [
            "The council closed the depot on Monday.",
            "2 thoughts on “Depot closes”",
            "The same thing happened to the Northbay route in 2019, when the morning sailing was cut from the timetable.",
            "“We will not close a single route,” the director said last year. “Every bus will run.”",
        ];
        let doc = doc_of(&texts);
        let tagger = Tagger::new(&model).unwrap();
        let tagged = tagger.tag(&doc);
        let stance = model.head(Task::Stance).unwrap();
        let alone = stance.score_text_at(
            &stance.featurizer(),
            texts[2],
            Some(Position { index: 1, count: 3 }),
        );
        assert_eq!(
            stance.classes[alone.label], "fact",
            "the model alone says fact"
        );
        assert_eq!(
            tagged[0].stance.as_ref().unwrap().label,
            0,
            "before the comments: fact"
        );
        assert_eq!(tagged[1].skipped, Some(SkipReason::CommentHeader));
        let comment = tagged[2].stance.as_ref().unwrap();
        assert_eq!(stance.classes[comment.label], "opinion");
        assert_eq!(comment.probabilities[0], 0.0);
        assert!((comment.probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let quoted = tagged[3].stance.as_ref().unwrap();
        assert_eq!(stance.classes[quoted.label], "quotation", "quotations stay");
    }

    #[test]
    fn the_context_stage_reads_the_document() {
        let model = shipped();
        let stance = model.head(Task::Stance).unwrap();
        assert!(
            stance.context.is_some(),
            "the shipped stance head has a context stage"
        );
        let tagger = Tagger::new(&model).unwrap();
        let middle = "Officials expect the new line to carry about 40,000 passengers a day once it is finished.";
        let report = doc_of(&[
            "The transport ministry on Monday approved a 2.1 billion dollar rail line between the airport and the city centre.",
            middle,
            "Construction is due to start in March and take four years, the ministry said in a statement.",
            "The line will have six stations, two of them underground.",
        ]);
        let column = doc_of(&[
            "I have rarely seen a worse idea than this rail line, and I think the ministry knows it.",
            middle,
            "Frankly, we should be ashamed that our leaders waste money on vanity projects like this.",
            "You deserve better, and it is time we said so loudly.",
        ]);
        let p_opinion = |d: &Document| tagger.tag(d)[1].stance.as_ref().unwrap().probabilities[2];
        let (in_report, in_column) = (p_opinion(&report), p_opinion(&column));
        assert!(
            in_report < in_column,
            "the same paragraph: P(opinion) {in_report} in a report, {in_column} in a column"
        );
        // A lone paragraph has no context: it keeps the first stage's scores.
        let lone = doc_of(&[middle]);
        let first = stance.score_text_at(
            &stance.featurizer(),
            middle,
            Some(Position { index: 0, count: 1 }),
        );
        assert_eq!(tagger.tag(&lone)[0].stance.as_ref(), Some(&first));
    }

    #[test]
    fn positions_count_content_paragraphs_only() {
        let at = |p: Option<Position>| p.map(|p| (p.index, p.count));
        let got: Vec<_> = content_positions(&[true, false, true, false, false])
            .into_iter()
            .map(at)
            .collect();
        assert_eq!(got, [None, Some((0, 3)), None, Some((1, 3)), Some((2, 3))]);
    }

    #[test]
    fn shared_analysis_scores_like_each_head_alone() {
        let model = shipped();
        let stance = model.head(Task::Stance).unwrap();
        let sentiment = model.head(Task::Sentiment).unwrap();
        assert_ne!(stance.analyzer.negation, sentiment.analyzer.negation);
        let texts = [
            "The council voted 7-2 on Tuesday to close the depot.",
            "It was not a good year, and nobody at the club would say otherwise.",
            "“We will not close a single route,” the director said. “Every bus will run.”",
            "Hardly a success: the launch was late, over budget and never explained.",
        ];
        let doc = doc_of(&texts);
        let tagger = Tagger::new(&model).unwrap();
        let tagged = tagger.tag(&doc);
        let (sf, tf) = (stance.featurizer(), sentiment.featurizer());
        let first: Vec<Scores> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let at = Some(Position {
                    index: i,
                    count: texts.len(),
                });
                stance.score_text_at(&sf, text, at)
            })
            .collect();
        let in_context = stance.in_context(first, &texts);
        for (i, (t, text)) in tagged.iter().zip(texts).enumerate() {
            let at = Some(Position {
                index: i,
                count: texts.len(),
            });
            assert_eq!(t.stance.as_ref(), Some(&in_context[i]));
            let sentiment_alone = sentiment.score_text_at(&tf, text, at);
            assert_eq!(t.sentiment.as_ref(), Some(&sentiment_alone));
        }
    }
}
