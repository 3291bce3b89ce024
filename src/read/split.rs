//! Plain text → paragraphs, with byte spans back into the source.
//!
//! Plain text arrives in three shapes, often mixed in one file:
//! * paragraphs separated by blank lines;
//! * one paragraph per line (long lines separated by single newlines, as
//!   blog exports and copy-pasted web pages produce);
//! * hard-wrapped paragraphs (short lines that belong together).
//!
//! We first cut on blank lines into blocks, then decide inside each block
//! where a single newline ends a paragraph. A block whose longest line is
//! longer than [`WRAP_WIDTH`] cannot be hard-wrapped, so each of its lines
//! is a paragraph; otherwise lines are joined unless a line is clearly the
//! short last line of a sentence-final paragraph. In both modes a line that
//! starts a list item (`1.`, `-`, `*`, `•`) opens a new paragraph and a line
//! indented deeper than the item's first line continues it, so numbered
//! comments keep their content.

use crate::doc::{fold_whitespace, Paragraph};

/// Lines longer than this (in characters) are not hard-wrapped text.
pub const WRAP_WIDTH: usize = 100;

/// One physical line: byte range without the line terminator.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
    chars: usize,
}

/// Splits plain text into paragraphs.
pub fn split_text(text: &str) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    for block in blocks(text) {
        split_block(text, &block, &mut paragraphs);
    }
    for (i, p) in paragraphs.iter_mut().enumerate() {
        p.index = i;
    }
    paragraphs
}

/// Physical lines grouped into blocks separated by blank lines.
fn blocks(text: &str) -> Vec<Vec<Line>> {
    let mut blocks = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed.trim_end().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        let indent = content.len() - trimmed.len();
        let end = start + content.trim_end().len();
        current.push(Line {
            start: start + indent,
            end,
            indent: content[..indent].chars().count(),
            chars: trimmed.trim_end().chars().count(),
        });
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Length in bytes of a list-item marker at the start of `s`, if any
/// (`1.`, `12)`, `-`, `*`, `•`, each followed by white space).
fn list_marker(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let after = if digits > 0 && digits <= 3 {
        match bytes.get(digits) {
            Some(b'.') | Some(b')') => digits + 1,
            _ => return None,
        }
    } else if s.starts_with("- ") || s.starts_with("* ") {
        1
    } else if s.starts_with("• ") {
        '•'.len_utf8()
    } else {
        return None;
    };
    match s[after..].chars().next() {
        Some(c) if c.is_whitespace() => Some(after),
        None => Some(after),
        _ => None,
    }
}

fn ends_sentence(s: &str) -> bool {
    matches!(
        s.trim_end().chars().last(),
        Some('.' | '!' | '?' | ':' | '"' | '”' | '’' | ')')
    )
}

fn split_block(text: &str, block: &[Line], out: &mut Vec<Paragraph>) {
    let widest = block.iter().map(|l| l.chars).max().unwrap_or(0);
    let per_line = widest > WRAP_WIDTH;
    let mut para_start = 0usize; // index into block
                                 // Indent of the first line of the current paragraph when it is a list
                                 // item: deeper lines continue the item.
    let mut item_indent: Option<usize> = None;
    for i in 0..block.len() {
        let line = block[i];
        let line_text = &text[line.start..line.end];
        let is_item = list_marker(line_text).is_some();
        if i > para_start {
            let prev = block[i - 1];
            let continues_item = matches!(item_indent, Some(ind) if line.indent > ind);
            let breaks = if is_item {
                true
            } else if continues_item {
                false
            } else if per_line {
                true
            } else {
                // Hard-wrapped: a clearly short line that ends a sentence was
                // the last line of its paragraph.
                let prev_text = &text[prev.start..prev.end];
                ends_sentence(prev_text) && prev.chars * 3 < widest * 2 && block.len() > 2
            };
            if breaks {
                push(text, &block[para_start..i], out);
                para_start = i;
                item_indent = None;
            }
        }
        if i == para_start && is_item {
            item_indent = Some(line.indent);
        }
    }
    push(text, &block[para_start..], out);
}

fn push(text: &str, lines: &[Line], out: &mut Vec<Paragraph>) {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return;
    };
    let (start, end) = (first.start, last.end);
    out.push(Paragraph::new(
        0,
        start,
        end,
        fold_whitespace(&text[start..end]),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        split_text(s).into_iter().map(|p| p.text).collect()
    }

    fn assert_spans_map_back(s: &str) {
        for p in split_text(s) {
            assert_eq!(fold_whitespace(&s[p.start..p.end]), p.text, "span {p:?}");
        }
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        let s = "First one.\n\nSecond one\nstill second.\n\n\n  Third.  \n";
        assert_eq!(
            texts(s),
            ["First one.", "Second one still second.", "Third."]
        );
        assert_spans_map_back(s);
    }

    #[test]
    fn long_lines_are_one_paragraph_each() {
        let a = "a".repeat(60) + " " + &"b".repeat(60);
        let s = format!("{a}\n{a}.\nShort last line.\n");
        assert_eq!(split_text(&s).len(), 3);
        assert_spans_map_back(&s);
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let s = "The council met on Tuesday evening and voted to\n\
                 close the depot, which has served the north side\n\
                 of the city since 1954, by a margin of seven to two.\n";
        assert_eq!(texts(s).len(), 1);
        assert!(texts(s)[0].starts_with("The council met"));
        assert_spans_map_back(s);
    }

    #[test]
    fn hard_wrapped_short_sentence_end_breaks() {
        let s = "The council met on Tuesday evening and voted to\n\
                 close the depot.\n\
                 The mayor said she would sign the order within\n\
                 a week of receiving it from the clerk's office.\n";
        let t = texts(s);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(
            t[0],
            "The council met on Tuesday evening and voted to close the depot."
        );
    }

    #[test]
    fn numbered_comments_keep_their_content() {
        let body = "Outstanding! ".repeat(12);
        let s = format!("  1. Claire,\n    {body}\n\n  2. {body}\n");
        let t = texts(&s);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].starts_with("1. Claire, Outstanding!"));
        assert!(t[1].starts_with("2. Outstanding!"));
        assert_spans_map_back(&s);
    }

    #[test]
    fn list_items_break_wrapped_blocks() {
        let s = "Things to know:\n- the depot closes\n- buses move north\n";
        assert_eq!(
            texts(s),
            [
                "Things to know:",
                "- the depot closes",
                "- buses move north"
            ]
        );
    }

    #[test]
    fn crlf_and_unicode_spans_are_byte_exact() {
        let s = "“Quoted,” she said.\r\n\r\nÉtienne wrote — at length.\r\n";
        let ps = split_text(s);
        assert_eq!(ps.len(), 2);
        assert_eq!(&s[ps[0].start..ps[0].end], "“Quoted,” she said.");
        assert_eq!(&s[ps[1].start..ps[1].end], "Étienne wrote — at length.");
        assert_eq!(ps[1].index, 1);
    }

    #[test]
    fn empty_and_blank_text_has_no_paragraphs() {
        assert!(split_text("").is_empty());
        assert!(split_text(" \n\n\t\n").is_empty());
    }
}
