//! NewsSD-ENG: CSV `Sentence,Label,Solved conflict` with OBJ/SUBJ labels,
//! read as opinion (SUBJ) vs not (OBJ → fact).

use super::{Example, Scheme};
use crate::error::{Error, Result};
use crate::task::Task;

pub fn read(path: &str, text: &str, task: Task, out: &mut Vec<Example>) -> Result<()> {
    if task != Task::Stance {
        return Err(Error::data(path, "NewsSD-ENG carries stance labels only"));
    }
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::parse(path, 1, format!("bad CSV header: {e}")))?
        .clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(n))
    };
    let (Some(s_col), Some(l_col)) = (col("sentence"), col("label")) else {
        return Err(Error::parse(
            path,
            1,
            "NewsSD-ENG CSV needs `Sentence` and `Label` columns",
        ));
    };
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::parse(
                path,
                e.position().map_or(0, |p| p.line() as usize),
                format!("bad CSV row: {e}"),
            )
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let sentence = record.get(s_col).unwrap_or("").trim();
        let label = record.get(l_col).unwrap_or("");
        push_subjectivity(path, line, sentence, label, out)?;
    }
    Ok(())
}

/// Adds one OBJ/SUBJ sentence as an opinion-vs-not example.
pub(super) fn push_subjectivity(
    path: &str,
    line: usize,
    sentence: &str,
    label: &str,
    out: &mut Vec<Example>,
) -> Result<()> {
    let label = match label.trim() {
        "SUBJ" => 2,
        "OBJ" => 0,
        other => {
            return Err(Error::parse(
                path,
                line,
                format!("unknown label {other:?}: expected OBJ or SUBJ"),
            ))
        }
    };
    if sentence.is_empty() {
        return Err(Error::parse(path, line, "empty sentence"));
    }
    let origin = format!("{path}:{line}");
    out.push(Example {
        text: sentence.to_string(),
        label,
        group: origin.clone(),
        origin,
        scheme: Scheme::OpinionVsNot,
        position: None,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_multiline_quoted_sentences() {
        let csv = "Sentence,Label,Solved conflict\n\"The vote passed.\n\",OBJ,False\n\"What a farce.\",SUBJ,True\n";
        let mut out = Vec::new();
        read("n.csv", csv, Task::Stance, &mut out).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].text, "The vote passed.");
        assert_eq!((out[0].label, out[1].label), (0, 2));
        assert_eq!(out[1].scheme, Scheme::OpinionVsNot);
        assert_eq!(out[1].origin, "n.csv:4");
    }

    #[test]
    fn unknown_label_names_the_row() {
        let mut out = Vec::new();
        let err = read("n.csv", "Sentence,Label\nx,MAYBE\n", Task::Stance, &mut out).unwrap_err();
        assert!(
            err.to_string().starts_with("n.csv:2: unknown label"),
            "{err}"
        );
    }
}
