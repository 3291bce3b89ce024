//! Tagged documents for a person at a terminal: a header per document with
//! its shares, then each paragraph wrapped to the width, with its label and
//! probability in a coloured column (and, below, how it is reproduced);
//! boilerplate dimmed, with why it is skipped in the column.

use super::record::{DocSink, DocView, TagRecord};
use super::summary::Summary;
use crate::doc::Label;
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

/// Width of the label column (label, probability, gap).
const COLUMN: usize = 16;
/// The text column is never narrower than this, whatever the terminal.
const MIN_TEXT: usize = 24;

/// How to draw: the terminal's width, and whether to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// Columns available.
    pub width: usize,
    /// Use ANSI colours and dimming.
    pub color: bool,
}

impl Look {
    fn style(&self, s: Style) -> Style {
        if self.color {
            s
        } else {
            Style::new()
        }
    }

    /// The colour of a label's column (the name is always written too).
    fn label(&self, label: Option<Label>) -> Style {
        let c = match label {
            Some(Label::Fact) => AnsiColor::Cyan,
            Some(Label::Quotation) => AnsiColor::Magenta,
            Some(Label::Opinion) => AnsiColor::Yellow,
            None => AnsiColor::White,
        };
        self.style(Style::new().fg_color(Some(c.into())).bold())
    }

    fn dim(&self) -> Style {
        self.style(Style::new().dimmed())
    }

    fn bold(&self) -> Style {
        self.style(Style::new().bold())
    }
}

/// Renders documents as they come to `out`.
pub struct Pretty<W: Write> {
    out: W,
    look: Look,
    first: bool,
}

impl<W: Write> Pretty<W> {
    /// A renderer drawing on `out` with `look`.
    pub fn new(out: W, look: Look) -> Self {
        Pretty {
            out,
            look,
            first: true,
        }
    }

    /// The output, once finished.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn header(&mut self, doc: &DocView) -> io::Result<()> {
        let s = Summary::of(doc);
        let (bold, dim) = (self.look.bold(), self.look.dim());
        let title = doc.title();
        write!(self.out, "{bold}{title}{bold:#}")?;
        if title != doc.id {
            write!(self.out, "  {dim}{}{dim:#}", doc.id)?;
        }
        writeln!(self.out)?;
        if let Some(url) = doc.url() {
            writeln!(self.out, "{dim}{url}{dim:#}")?;
        }
        let mut line = String::new();
        for l in Label::ALL {
            line.push_str(&format!("{l} {:.0}% · ", 100.0 * s.share(l)));
        }
        line.push_str(&format!(
            "reproduced {:.0}% of {} words",
            100.0 * s.reproduced,
            s.words
        ));
        if !s.shares_with.is_empty() {
            line.push_str(&format!(
                "; shares passages with {}",
                s.shares_with.join(", ")
            ));
        }
        for l in textwrap::wrap(&line, self.look.width.max(MIN_TEXT)) {
            writeln!(self.out, "{dim}{l}{dim:#}")?;
        }
        writeln!(self.out)
    }

    fn paragraph(&mut self, r: &TagRecord) -> io::Result<()> {
        let look = self.look;
        let (col_style, text_style, first, second) = match (&r.label, &r.skipped) {
            (Some(label), _) => (
                look.label(r.stance()),
                Style::new(),
                format!("{label:<9} {:.2}", r.p(label)),
                r.reproduced_by.as_ref().map(|b| format!("({b})")),
            ),
            // Boilerplate: the reason stands in the label column (never a
            // label name), and the whole line is dimmed.
            (None, reason) => (
                look.dim(),
                look.dim(),
                reason.clone().unwrap_or_else(|| "skipped".into()),
                None,
            ),
        };
        let text_width = look.width.saturating_sub(COLUMN).max(MIN_TEXT);
        let mut lines: Vec<String> = textwrap::wrap(&r.text, text_width)
            .into_iter()
            .map(|l| l.into_owned())
            .collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        let shared = (!r.shared_with.is_empty())
            .then(|| format!("shared with {}", r.shared_with.join(", ")));
        let mut column = [Some(first), second].into_iter();
        for line in &lines {
            let col = column.next().flatten().unwrap_or_default();
            writeln!(
                self.out,
                "{col_style}{col:<COLUMN$}{col_style:#}{text_style}{line}{text_style:#}"
            )?;
        }
        if let Some(col) = column.next().flatten() {
            writeln!(self.out, "{col_style}{col}{col_style:#}")?;
        }
        if let Some(shared) = shared {
            let dim = look.dim();
            for l in textwrap::wrap(&shared, text_width) {
                writeln!(self.out, "{:COLUMN$}{dim}{l}{dim:#}", "")?;
            }
        }
        Ok(())
    }
}

impl<W: Write> DocSink for Pretty<W> {
    fn doc(&mut self, doc: DocView) -> io::Result<()> {
        if !self.first {
            writeln!(self.out)?;
        }
        self.first = false;
        self.header(&doc)?;
        for r in &doc.paragraphs {
            self.paragraph(r)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::record::tests::line;
    use crate::view::record::RecordLines;

    fn render(jsonl: &str, look: Look) -> String {
        let mut w = RecordLines::new("t", Pretty::new(Vec::new(), look));
        w.write_all(jsonl.as_bytes()).unwrap();
        String::from_utf8(w.finish().unwrap().into_inner()).unwrap()
    }

    #[test]
    fn paragraphs_wrap_beside_their_label_column() {
        let long = "The ferry service will run twice a day from March, the harbour board said on Tuesday after a long meeting.";
        let text = [
            line("post", 0, None, "Ferry Cuts"),
            line("post", 1, Some(("fact", [0.81, 0.1, 0.09])), long),
        ]
        .concat();
        let out = render(
            &text,
            Look {
                width: 50,
                color: false,
            },
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "post");
        assert!(
            lines[1].starts_with("fact 100% · quotation 0% · opinion 0%"),
            "{out}"
        );
        let body: Vec<&&str> = lines
            .iter()
            .skip_while(|l| !l.starts_with("heading"))
            .collect();
        assert_eq!(*body[0], format!("{:<16}Ferry Cuts", "heading"), "{out}");
        assert!(body[1].starts_with("fact      0.81  The ferry"), "{out}");
        assert!(body[1..].iter().all(|l| l.chars().count() <= 50), "{out}");
        assert!(
            body[2].starts_with(&" ".repeat(16)),
            "continuation is indented: {out}"
        );
        let rejoined: Vec<&str> = body[1..].iter().map(|l| l[16..].trim()).collect();
        assert_eq!(rejoined.join(" "), long, "no word lost in wrapping");
        assert!(!out.contains('\x1b'), "no colour when asked for none");
    }

    #[test]
    fn colour_marks_labels_and_dims_skipped_lines() {
        let text = [
            line("post", 0, None, "Ferry Cuts"),
            line("post", 1, Some(("opinion", [0.1, 0.1, 0.8])), "I think so."),
        ]
        .concat();
        let out = render(
            &text,
            Look {
                width: 80,
                color: true,
            },
        );
        let opinion = out.lines().find(|l| l.contains("I think so.")).unwrap();
        let yellow = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
        assert!(
            opinion.starts_with(&format!("{yellow}opinion   0.80")),
            "{opinion:?}"
        );
        let skipped = out.lines().find(|l| l.contains("Ferry Cuts")).unwrap();
        assert!(
            skipped.contains(&format!("{}Ferry Cuts", Style::new().dimmed())),
            "{skipped:?}"
        );
    }
}
