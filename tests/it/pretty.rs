//! `stance tag --format pretty` and what a terminal shows by default.

use crate::util::{checked, json_lines, Dir};
use std::process::{Command, Stdio};

#[test]
fn pretty_shows_every_paragraph_with_its_label_and_piped_default_stays_jsonl() {
    let d = Dir::new();
    d.posts();
    let jsonl = d.ok(&["tag", "posts/"]);
    let recs = json_lines(&jsonl);
    assert!(recs.len() >= 7, "piped default is JSONL: {jsonl}");
    let pretty = checked(
        d.cmd(&["tag", "posts/", "--format", "pretty"])
            .env("COLUMNS", "60")
            .output()
            .unwrap(),
        &["tag"],
    );
    assert!(!pretty.contains('\x1b'), "no colour into a pipe");
    assert!(
        pretty.lines().all(|l| l.chars().count() <= 60),
        "wrapped to COLUMNS:\n{pretty}"
    );
    // Each record's label and probability start a line, in order, and each
    // text is all there once the wrapped lines are joined.
    let lines: Vec<&str> = pretty.lines().collect();
    let mut at = 0;
    for r in &recs {
        let head = match r["label"].as_str() {
            Some(l) => format!("{l:<9} {:.2}", r["scores"][l].as_f64().unwrap()),
            None => r["skipped"].as_str().unwrap().to_string(),
        };
        let start = at
            + lines[at..]
                .iter()
                .position(|l| l.starts_with(&head))
                .unwrap_or_else(|| panic!("no line starting {head:?} after {at}:\n{pretty}"));
        let mut text = Vec::new();
        for l in &lines[start..] {
            // Continuation lines: an empty column, or how it is reproduced.
            let continued = l.starts_with(&" ".repeat(16)) || l.starts_with('(');
            if l.len() <= 16 || (!text.is_empty() && !continued) {
                break;
            }
            text.push(l[16..].trim_end());
        }
        let others: Vec<&str> = r["shared_with"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        if !others.is_empty() {
            let last = text.pop().unwrap();
            assert_eq!(last, format!("shared with {}", others.join(", ")));
        }
        assert_eq!(text.join(" "), r["text"].as_str().unwrap(), "{pretty}");
        at = start + 1;
    }
    assert!(
        pretty.contains("(shared)"),
        "how it is reproduced: {pretty}"
    );
    assert!(
        pretty.contains("<script>alert('x')</script>"),
        "text as written"
    );
}

/// Runs `stance ARGS` on a pseudo-terminal (util-linux `script`), as a
/// person at a terminal would.
fn on_terminal(d: &Dir, args: &str, no_color: bool) -> String {
    let exe = env!("CARGO_BIN_EXE_stance");
    let mut c = Command::new("script");
    // stderr (the progress bar) is left out: only what stdout shows.
    c.args(["-qec", &format!("{exe} {args} 2>/dev/null"), "/dev/null"])
        .current_dir(d.path("."))
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .env("COLUMNS", "72")
        .env("TERM", "xterm");
    if no_color {
        c.env("NO_COLOR", "1");
    }
    let out = c.output().expect("util-linux `script` runs");
    assert!(
        out.status.success(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
}

#[test]
fn on_a_terminal_tag_is_pretty_and_coloured_unless_no_color() {
    let d = Dir::new();
    d.posts();
    let coloured = on_terminal(&d, "tag posts/pier.txt --no-shared", false);
    assert!(
        !coloured.contains("{\"doc\""),
        "not JSONL on a terminal: {coloured}"
    );
    assert!(coloured.contains("\x1b["), "coloured: {coloured:?}");
    let plain = on_terminal(&d, "tag posts/pier.txt --no-shared", true);
    assert!(!plain.contains('\x1b'), "NO_COLOR: {plain:?}");
    assert!(plain.lines().any(|l| l.starts_with("headline ")), "{plain}");
    assert!(plain.lines().any(|l| l.starts_with("opinion ")), "{plain}");
    let summary = on_terminal(&d, "summary posts/pier.txt --no-shared", true);
    assert!(
        summary.starts_with("doc "),
        "a table on a terminal: {summary}"
    );
}
