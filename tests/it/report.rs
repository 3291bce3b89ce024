//! `stance report` and `stance tag --format html`: one self-contained page,
//! never poured onto a terminal; the views' help.

use crate::util::{json_lines, on_a_terminal, Dir};

#[test]
fn the_report_is_the_same_page_from_tag_and_from_its_output() {
    let d = Dir::new();
    d.posts();
    d.ok(&["tag", "posts/", "--format", "html", "-o", "direct.html"]);
    d.write("tagged.jsonl", d.ok(&["tag", "posts/"]));
    d.ok(&["report", "tagged.jsonl", "-o", "report.html"]);
    let page = d.read("report.html");
    assert_eq!(page, d.read("direct.html"));
    let recs = json_lines(&d.read("tagged.jsonl"));
    assert_eq!(page.matches("<li class=\"para").count(), recs.len());
    for l in ["fact", "quotation", "opinion"] {
        let n = recs.iter().filter(|r| r["label"] == l).count();
        assert_eq!(
            page.matches(&format!("data-label=\"{l}\"")).count(),
            n,
            "{l}"
        );
    }
    assert!(page.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(
        page.contains("<a href=\"#d1\">posts/repost.txt</a>"),
        "shared passages link to the other post"
    );
    let stdout = d.ok(&["report", "tagged.jsonl"]);
    assert_eq!(stdout, page, "stdout without -o");
    d.write(
        "posts.jsonl",
        "{\"id\": \"p\", \"text\": \"Not tagged yet.\"}\n",
    );
    let bad = d.run(&["report", "posts.jsonl", "-o", "bad.html"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("posts.jsonl:1: not a `stance tag` record")
    );
    assert!(!d.path("bad.html").exists(), "nothing written on error");
}

#[test]
fn help_describes_the_views() {
    let d = Dir::new();
    let tag = d.ok(&["tag", "--help"]);
    assert!(tag.contains("pretty") && tag.contains("html"), "{tag}");
    let summary = d.ok(&["summary", "--help"]);
    assert!(
        summary.contains("most_opinionated") && summary.contains("--format"),
        "{summary}"
    );
    let report = d.ok(&["report", "--help"]);
    assert!(report.contains("self-contained"), "{report}");
}

#[test]
fn a_page_is_not_poured_onto_a_terminal() {
    let d = Dir::new();
    d.posts();
    d.write("tagged.jsonl", d.ok(&["tag", "posts/", "--no-shared"]));
    for args in [
        "tag posts/ --no-shared --format html",
        "report tagged.jsonl",
    ] {
        let (code, shown) = on_a_terminal(&d, args);
        assert_eq!(code, Some(2), "{args}: {shown}");
        assert!(
            !shown.contains("<html") && !shown.contains("<!DOCTYPE"),
            "{args}: {shown}"
        );
        assert!(shown.contains("-o FILE.html"), "says what to do: {shown}");
    }
    // Into a file, or a pipe, the page is written as ever.
    let (code, shown) = on_a_terminal(&d, "report tagged.jsonl -o page.html");
    assert_eq!(code, Some(0), "{shown}");
    assert!(d.read("page.html").starts_with("<!DOCTYPE html>"));
    assert!(d
        .ok(&["report", "tagged.jsonl"])
        .starts_with("<!DOCTYPE html>"));
}
