//! Tone toward named targets, per document, from the `targets` field of its
//! records (`stance tag --target`): how often each target is mentioned and
//! the mean tone toward it, for `stance summary` and the report page.

use super::record::DocView;
use serde::Serialize;

/// A document's tone toward one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetSummary {
    /// The target's name.
    pub target: String,
    /// Paragraphs that mention it.
    pub paragraphs: usize,
    /// Mentions in all of them.
    pub mentions: usize,
    /// Mean of p(positive) - p(negative) over its mentions (each paragraph
    /// weighted by its mentions), -1..1.
    pub tone: f64,
}

/// Each target the document's records mention, in order of first mention;
/// with `only` non-empty, just those names.
pub fn of(doc: &DocView, only: &[String]) -> Vec<TargetSummary> {
    let mut out: Vec<TargetSummary> = Vec::new();
    for r in &doc.paragraphs {
        for t in r.targets.iter().flatten() {
            if !only.is_empty() && !only.contains(&t.target) {
                continue;
            }
            let i = match out.iter().position(|s| s.target == t.target) {
                Some(i) => i,
                None => {
                    out.push(TargetSummary {
                        target: t.target.clone(),
                        paragraphs: 0,
                        mentions: 0,
                        tone: 0.0,
                    });
                    out.len() - 1
                }
            };
            let s = &mut out[i];
            s.paragraphs += 1;
            s.mentions += t.mentions;
            s.tone += t.mentions as f64 * t.tone();
        }
    }
    for s in &mut out {
        if s.mentions > 0 {
            s.tone /= s.mentions as f64;
        }
    }
    out
}

/// One line per target: `NAME: 3 mentions in 2 paragraphs, tone -0.42`.
pub fn describe(s: &TargetSummary) -> String {
    format!(
        "{}: {} mention{} in {} paragraph{}, tone {:+.2}",
        s.target,
        s.mentions,
        if s.mentions == 1 { "" } else { "s" },
        s.paragraphs,
        if s.paragraphs == 1 { "" } else { "s" },
        s.tone
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::record::TagRecord;

    #[test]
    fn mean_tone_weighted_by_mentions() {
        let lines = [
            r#"{"doc":"d","paragraph":0,"text":"a","targets":[{"target":"Ortiz","mentions":2,"sentiment":"negative","sentiment_scores":{"negative":0.8,"neutral":0.1,"positive":0.1}},{"target":"Lee","mentions":1,"sentiment":"positive","sentiment_scores":{"negative":0.1,"neutral":0.2,"positive":0.7}}]}"#,
            r#"{"doc":"d","paragraph":1,"text":"b","targets":[]}"#,
            r#"{"doc":"d","paragraph":2,"text":"c","targets":[{"target":"Ortiz","mentions":1,"sentiment":"positive","sentiment_scores":{"negative":0.1,"neutral":0.3,"positive":0.6}}]}"#,
        ];
        let doc = DocView {
            id: "d".into(),
            paragraphs: lines
                .iter()
                .map(|l| serde_json::from_str::<TagRecord>(l).unwrap())
                .collect(),
        };
        let all = of(&doc, &[]);
        assert_eq!(all.len(), 2);
        assert_eq!(
            (all[0].target.as_str(), all[0].mentions, all[0].paragraphs),
            ("Ortiz", 3, 2)
        );
        assert!((all[0].tone - (2.0 * -0.7 + 0.5) / 3.0).abs() < 1e-12);
        assert!((all[1].tone - 0.6).abs() < 1e-12);
        assert_eq!(of(&doc, &["Lee".into()]).len(), 1);
        assert_eq!(
            describe(&all[1]),
            "Lee: 1 mention in 1 paragraph, tone +0.60"
        );
    }
}
