//! NewsMTSC: JSONL of news sentences with a polarity (-1, 0, 1) towards one
//! named target. The same sentence appears once per target; for a
//! paragraph-level sentiment we keep one example per sentence, labelled by
//! the sign of the summed polarities (0 when its targets disagree evenly).

use super::{Example, Scheme};
use crate::error::{Error, Result};
use crate::task::Task;
use std::collections::HashMap;

pub fn read(path: &str, text: &str, task: Task, out: &mut Vec<Example>) -> Result<()> {
    if task != Task::Sentiment {
        return Err(Error::data(
            path,
            "NewsMTSC carries sentiment labels only; use --task sentiment",
        ));
    }
    #[derive(serde::Deserialize)]
    struct Record {
        sentence: String,
        polarity: f64,
    }
    // sentence → (sum of polarities, first line)
    let mut order: Vec<String> = Vec::new();
    let mut seen: HashMap<String, (f64, usize)> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec: Record = serde_json::from_str(line)
            .map_err(|e| Error::parse(path, i + 1, format!("not a NewsMTSC record: {e}")))?;
        let entry = seen.entry(rec.sentence.clone()).or_insert_with(|| {
            order.push(rec.sentence.clone());
            (0.0, i + 1)
        });
        entry.0 += rec.polarity;
    }
    for sentence in order {
        let (sum, line) = seen[&sentence];
        let label = if sum < 0.0 {
            0
        } else if sum > 0.0 {
            2
        } else {
            1
        };
        let origin = format!("{path}:{line}");
        out.push(Example {
            text: sentence,
            label,
            group: origin.clone(),
            origin,
            scheme: Scheme::Full,
            position: None,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_example_per_sentence_by_summed_polarity() {
        let data = concat!(
            "{\"mention\": \"A\", \"polarity\": -1, \"sentence\": \"A hit B.\"}\n",
            "{\"mention\": \"B\", \"polarity\": 0, \"sentence\": \"A hit B.\"}\n",
            "{\"mention\": \"C\", \"polarity\": 1, \"sentence\": \"C won.\"}\n",
            "{\"mention\": \"D\", \"polarity\": 1, \"sentence\": \"D and E.\"}\n",
            "{\"mention\": \"E\", \"polarity\": -1, \"sentence\": \"D and E.\"}\n",
        );
        let mut out = Vec::new();
        read("m.jsonl", data, Task::Sentiment, &mut out).unwrap();
        let got: Vec<(&str, usize)> = out.iter().map(|e| (e.text.as_str(), e.label)).collect();
        assert_eq!(got, [("A hit B.", 0), ("C won.", 2), ("D and E.", 1)]);
        assert!(read("m.jsonl", data, Task::Stance, &mut out).is_err());
    }
}
