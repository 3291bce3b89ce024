//! Our own labelled data: JSONL `{"text": ..., "label": ...}` (other fields
//! such as `register` and `topic` are allowed and ignored) or CSV with
//! `text` and `label` columns.

use super::{Example, Scheme};
use crate::error::{Error, Result};
use crate::task::Task;

pub fn read(path: &str, text: &str, task: Task, out: &mut Vec<Example>) -> Result<()> {
    if path.to_ascii_lowercase().ends_with(".csv") {
        read_csv(path, text, task, out)
    } else {
        read_jsonl(path, text, task, out)
    }
}

fn read_jsonl(path: &str, text: &str, task: Task, out: &mut Vec<Example>) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Record {
        text: String,
        label: String,
    }
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let rec: Record = serde_json::from_str(line).map_err(|e| {
            Error::parse(
                path,
                line_no,
                format!("not a {{\"text\", \"label\"}} JSON object: {e}"),
            )
        })?;
        push(path, line_no, rec.text, &rec.label, task, out)?;
    }
    Ok(())
}

fn read_csv(path: &str, text: &str, task: Task, out: &mut Vec<Example>) -> Result<()> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::parse(path, 1, format!("bad CSV header: {e}")))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(text_col), Some(label_col)) = (col("text"), col("label")) else {
        return Err(Error::parse(
            path,
            1,
            format!(
                "CSV header must have `text` and `label` columns, found: {}",
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        ));
    };
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Error::parse(path, line, format!("bad CSV row: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let (Some(t), Some(l)) = (record.get(text_col), record.get(label_col)) else {
            return Err(Error::parse(
                path,
                line,
                "row is missing the text or label column",
            ));
        };
        push(path, line, t.to_string(), l, task, out)?;
    }
    Ok(())
}

fn push(
    path: &str,
    line: usize,
    text: String,
    label: &str,
    task: Task,
    out: &mut Vec<Example>,
) -> Result<()> {
    let label = task
        .parse_label(label)
        .map_err(|m| Error::parse(path, line, m))?;
    if text.trim().is_empty() {
        return Err(Error::parse(path, line, "empty text"));
    }
    let origin = format!("{path}:{line}");
    out.push(Example {
        text,
        label,
        group: origin.clone(),
        origin,
        scheme: Scheme::Full,
        position: None,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_with_extra_fields() {
        let mut out = Vec::new();
        let data = "{\"text\": \"Rain fell.\", \"label\": \"fact\", \"topic\": \"weather\"}\n\n{\"text\": \"Awful!\", \"label\": \"opinion\"}\n";
        read("a.jsonl", data, Task::Stance, &mut out).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].label, 2);
        assert_eq!(out[1].origin, "a.jsonl:3");
    }

    #[test]
    fn jsonl_errors_name_the_line() {
        let mut out = Vec::new();
        let err = read(
            "a.jsonl",
            "{\"text\": \"x\", \"label\": \"fact\"}\n{oops\n",
            Task::Stance,
            &mut out,
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("a.jsonl:2: "), "{err}");
        let err = read(
            "a.jsonl",
            "{\"text\": \"x\", \"label\": \"rumour\"}\n",
            Task::Stance,
            &mut out,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("a.jsonl:1: unknown label \"rumour\""),
            "{err}"
        );
    }

    #[test]
    fn csv_with_text_and_label_columns() {
        let mut out = Vec::new();
        read(
            "d.csv",
            "label,text\nfact,\"Rain, then sun.\"\nquotation,\"\"\"Go,\"\" she said.\"\n",
            Task::Stance,
            &mut out,
        )
        .unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].text, "Rain, then sun.");
        assert_eq!(out[1].text, "\"Go,\" she said.");
        assert_eq!(out[1].origin, "d.csv:3");
    }

    #[test]
    fn csv_errors_name_the_row() {
        let mut out = Vec::new();
        let err = read("d.csv", "text,lab\nx,fact\n", Task::Stance, &mut out).unwrap_err();
        assert!(
            err.to_string().contains("d.csv:1: CSV header must have"),
            "{err}"
        );
        let err = read(
            "d.csv",
            "text,label\nx,fact\ny,maybe\n",
            Task::Stance,
            &mut out,
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("d.csv:3: unknown label"),
            "{err}"
        );
    }
}
