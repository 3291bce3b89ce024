//! CSV cells written as the csv crate writes them.

use std::io::Write;

pub(super) fn csv_sep(out: &mut Vec<u8>, first: &mut bool) {
    if !*first {
        out.push(b',');
    }
    *first = false;
}

/// Whether the csv crate (quote style "necessary") quotes this field.
pub(super) fn csv_needs_quotes(field: &[u8]) -> bool {
    field
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// `field` with its quotes doubled when `quoted` (the caller writes the
/// surrounding quotes).
pub(super) fn csv_escaped(out: &mut Vec<u8>, field: &[u8], quoted: bool) {
    if !quoted {
        out.extend_from_slice(field);
        return;
    }
    for part in field.split_inclusive(|&b| b == b'"') {
        out.extend_from_slice(part);
        if part.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
}

/// One CSV field, quoted only when it must be.
pub(super) fn csv_cell(out: &mut Vec<u8>, field: &[u8]) {
    let quote = csv_needs_quotes(field);
    if quote {
        out.push(b'"');
    }
    csv_escaped(out, field, quote);
    if quote {
        out.push(b'"');
    }
}

/// Ends the CSV row begun at `row`: a row with nothing in it is written
/// `""`, as the csv crate writes a record of one empty field.
pub(super) fn csv_end(out: &mut Vec<u8>, row: usize) {
    if out.len() == row {
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
}

/// A float as `f64`'s `Display` writes it (what the CSV output has always
/// had: shortest round-trip digits, never an exponent).
pub(super) fn display_f64(out: &mut Vec<u8>, v: f64) {
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{v}");
}

/// One cell per probability, or `columns` empty cells.
pub(super) fn csv_scores(
    out: &mut Vec<u8>,
    first: &mut bool,
    values: Option<&[f64]>,
    columns: usize,
) {
    match values {
        Some(values) => {
            for &v in values {
                csv_sep(out, first);
                display_f64(out, v);
            }
        }
        None => {
            for _ in 0..columns {
                csv_sep(out, first);
            }
        }
    }
}
