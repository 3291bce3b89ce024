//! Tagging: a document's paragraphs → labels and probabilities, using the
//! heads of a [`Model`].

use crate::doc::{Document, Paragraph};
use crate::error::{Error, Result};
use crate::model::{Classifier, Featurizer, Model, Scores};
use crate::task::Task;

/// A model ready to tag: each head with its featurizer.
pub struct Tagger<'m> {
    stance: (&'m Classifier, Featurizer),
}

/// One tagged paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged<'d> {
    /// The paragraph, borrowed from its document.
    pub paragraph: &'d Paragraph,
    /// Stance probabilities and label.
    pub stance: Scores,
}

impl<'m> Tagger<'m> {
    /// Prepares `model` for tagging; it must have a stance head.
    pub fn new(model: &'m Model) -> Result<Self> {
        let head = model.head(Task::Stance).ok_or_else(|| {
            Error::Training(
                "the model has no stance head; train one with `stance train --task stance`".into(),
            )
        })?;
        Ok(Tagger {
            stance: (head, head.featurizer()),
        })
    }

    /// The stance head's class names.
    pub fn stance_classes(&self) -> &[String] {
        &self.stance.0.classes
    }

    /// Scores every paragraph of `doc`, in order.
    pub fn tag<'d>(&self, doc: &'d Document) -> Vec<Tagged<'d>> {
        doc.paragraphs
            .iter()
            .map(|p| Tagged {
                paragraph: p,
                stance: self.stance.0.score_text(&self.stance.1, &p.text),
            })
            .collect()
    }
}
