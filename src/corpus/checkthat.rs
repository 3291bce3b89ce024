//! CheckThat! 2023 task 2 (English subjectivity): TSV without a header,
//! `id <TAB> sentence <TAB> OBJ|SUBJ <TAB> solved_conflict`, read as opinion
//! (SUBJ) vs not (OBJ → fact). A first line that names the columns is skipped.

use super::newssd::push_subjectivity;
use super::Example;
use crate::error::{Error, Result};
use crate::task::Task;

pub fn read(path: &str, text: &str, task: Task, out: &mut Vec<Example>) -> Result<()> {
    if task != Task::Stance {
        return Err(Error::data(path, "CheckThat! carries stance labels only"));
    }
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(Error::parse(
                path,
                line_no,
                format!(
                    "expected id, sentence and label separated by tabs, found {} column(s)",
                    cols.len()
                ),
            ));
        }
        if i == 0 && cols[2].trim().eq_ignore_ascii_case("label") {
            continue;
        }
        push_subjectivity(path, line_no, cols[1].trim(), cols[2], out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_skips_a_header() {
        let tsv = "sentence_id\tsentence\tlabel\tsolved_conflict\na1\tPrices rose 3%.\tOBJ\tFalse\nb2\tA shameful display.\tSUBJ\tTrue\n";
        let mut out = Vec::new();
        read("c.tsv", tsv, Task::Stance, &mut out).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].label, 2);
        assert_eq!(out[1].origin, "c.tsv:3");
    }

    #[test]
    fn short_rows_are_errors() {
        let mut out = Vec::new();
        let err = read("c.tsv", "a1\tonly two\n", Task::Stance, &mut out).unwrap_err();
        assert!(err.to_string().starts_with("c.tsv:1: expected id"), "{err}");
    }
}
