//! Classification tasks and their classes.

use serde::{Deserialize, Serialize};

/// What a model head predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Task {
    /// fact / quotation / opinion.
    Stance,
    /// negative / neutral / positive.
    Sentiment,
    /// negative / neutral / positive toward a named target (the model's
    /// target head, not a paragraph head).
    Target,
    /// A page's genre: news / analysis / opinion / review / blog / other
    /// (the model's genre head, one answer per document).
    Genre,
}

impl Task {
    /// The class names, in column order.
    pub fn classes(self) -> &'static [&'static str] {
        match self {
            Task::Stance => &["fact", "quotation", "opinion"],
            Task::Sentiment | Task::Target => &["negative", "neutral", "positive"],
            Task::Genre => &["news", "analysis", "opinion", "review", "blog", "other"],
        }
    }

    /// The task's name.
    pub fn name(self) -> &'static str {
        match self {
            Task::Stance => "stance",
            Task::Sentiment => "sentiment",
            Task::Target => "target",
            Task::Genre => "genre",
        }
    }

    /// Class index of a label written in data, or a message naming the
    /// accepted labels.
    pub fn parse_label(self, label: &str) -> Result<usize, String> {
        let l = label.trim().to_ascii_lowercase();
        let l = match (self, l.as_str()) {
            (Task::Stance, "quote") => "quotation",
            (Task::Sentiment | Task::Target, "-1") => "negative",
            (Task::Sentiment | Task::Target, "0") => "neutral",
            (Task::Sentiment | Task::Target, "1") => "positive",
            _ => l.as_str(),
        };
        self.classes().iter().position(|c| *c == l).ok_or_else(|| {
            format!(
                "unknown label {label:?}: expected {}",
                self.classes().join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse_per_task() {
        assert_eq!(Task::Stance.parse_label("Opinion"), Ok(2));
        assert_eq!(Task::Sentiment.parse_label("-1"), Ok(0));
        assert!(Task::Stance
            .parse_label("positive")
            .unwrap_err()
            .contains("fact, quotation, opinion"));
    }
}
