//! What the structure stage finds in real posts: passages shared between
//! posts, boilerplate skipped, lead-ins of quoted sources, near-duplicate
//! reposts; the same content from HTML, Markdown and text.

use crate::util::{fixture, jsonl, repo, Dir};
use serde_json::Value;

/// Records as (label, reproduced_by, skipped) per paragraph, for compact checks.
fn structure(records: &[Value]) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    let s = |v: &Value| v.as_str().map(String::from);
    records
        .iter()
        .map(|r| (s(&r["label"]), s(&r["reproduced_by"]), s(&r["skipped"])))
        .collect()
}

#[test]
fn example_posts_share_passages_skip_boilerplate_and_keep_own_opinion() {
    let d = Dir::new();
    let a = repo("../shared/examples/post-fourth-rail-repost.txt");
    let b = repo("../shared/examples/post-us-iran-war-continues.txt");
    let records = jsonl(&d.ok(&["tag", &a, &b]));
    let (ra, rb): (Vec<&Value>, Vec<&Value>) = records.iter().partition(|r| r["doc"] == a.as_str());
    assert_eq!(ra.len(), 17);
    assert_eq!(rb.len(), 9);
    let reproduced = |rs: &[&Value]| {
        rs.iter()
            .filter(|r| r["reproduced"] == true)
            .map(|r| r["paragraph"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    // The wire report's paragraphs, in both posts.
    assert_eq!(reproduced(&ra), [4, 5, 6, 7, 8]);
    assert_eq!(reproduced(&rb), [3, 4, 5, 7]);
    // Paragraph 6 of the repost is not in the other post: reproduced by the
    // lead-in only.
    for (rs, shared, other) in [(&ra, &[4, 5, 7, 8][..], &b), (&rb, &[3, 4, 5, 7][..], &a)] {
        for r in rs.iter() {
            let want = if shared.contains(&r["paragraph"].as_u64().unwrap()) {
                serde_json::json!([other])
            } else {
                serde_json::json!([])
            };
            assert_eq!(r["shared_with"], want, "{r}");
        }
    }
    // Titles and comment-form boilerplate are skipped, with no label.
    let skipped = |rs: &[&Value]| {
        rs.iter()
            .filter(|r| !r["skipped"].is_null())
            .map(|r| r["paragraph"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(skipped(&ra), [0, 2, 3, 11, 14, 15, 16]);
    assert_eq!(skipped(&rb), [0]);
    for r in ra.iter().chain(&rb).filter(|r| !r["skipped"].is_null()) {
        assert!(r["label"].is_null() && r["scores"].is_null(), "{r}");
    }
    // The bloggers' own commentary (and the reader comments) is opinion.
    for (rs, own) in [(&ra, &[9, 10, 12, 13][..]), (&rb, &[1, 2, 8][..])] {
        for &i in own {
            let r = rs[i];
            assert_eq!(r["label"], "opinion", "{r}");
            assert_eq!(r["reproduced"], false, "{r}");
        }
    }
}

#[test]
fn html_markdown_and_text_versions_give_the_same_content() {
    let d = Dir::new();
    let content = |path: &str| -> Vec<(String, String, bool)> {
        jsonl(&d.ok(&["tag", &repo(path), "--no-shared"]))
            .into_iter()
            .filter(|r| r["skipped"].is_null())
            .map(|r| {
                (
                    r["text"].as_str().unwrap().to_string(),
                    r["label"].as_str().unwrap().to_string(),
                    r["reproduced"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let text = content("data/posts/transit-depot.txt");
    assert_eq!(text.len(), 6, "{text:?}");
    let html = content("data/posts/transit-depot.html");
    let md = content("data/posts/transit-depot.md");
    let strip = |v: &[(String, String, bool)]| {
        v.iter()
            .map(|(t, l, _)| (t.clone(), l.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&html), strip(&text));
    assert_eq!(strip(&md), strip(&text));
    // The agency's statement is reproduced in every version.
    for v in [&text, &html, &md] {
        assert!(
            v[2].0.starts_with("The Elm Street depot will cease") && v[2].2,
            "{v:?}"
        );
        assert!(!v[4].2 && !v[5].2, "the blogger's own paragraphs: {v:?}");
    }
    let html_records = jsonl(&d.ok(&["tag", &repo("data/posts/transit-depot.html")]));
    let quote = html_records
        .iter()
        .find(|r| r["element"] == "blockquote")
        .unwrap();
    assert_eq!(quote["reproduced_by"], "blockquote");
    assert!(html_records
        .iter()
        .all(|r| !r["text"].as_str().unwrap().contains("analytics")));
}

#[test]
fn lead_ins_of_two_sources_and_the_bloggers_return() {
    let d = Dir::new();
    let records = jsonl(&d.ok(&[
        "tag",
        &fixture("structure/post-quoting-two.txt"),
        "--no-shared",
    ]));
    let by: Vec<Option<String>> = structure(&records).into_iter().map(|s| s.1).collect();
    let lead = Some("lead-in".to_string());
    assert_eq!(
        by,
        [
            None,
            None,
            lead.clone(),
            lead.clone(),
            None,
            None,
            lead,
            None
        ],
        "{records:#?}"
    );
    assert_eq!(records[0]["skipped"], "headline");
    assert_eq!(records[7]["label"], "opinion");
}

#[test]
fn near_duplicate_reposts_and_reference_sources() {
    let d = Dir::new();
    let wire = fixture("structure/wire-report.txt");
    let copy = fixture("structure/post-edited-copy.txt");
    let other = fixture("structure/post-quoting-two.txt");
    // In one run: the edited copy shares two passages with the wire report.
    let records = jsonl(&d.ok(&["tag", &wire, &copy, &other]));
    let of = |doc: &str| {
        records
            .iter()
            .filter(|r| r["doc"] == doc)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (w, c, o) = (of(&wire), of(&copy), of(&other));
    assert_eq!(
        c.iter()
            .map(|r| r["reproduced_by"].as_str())
            .collect::<Vec<_>>(),
        [None, Some("shared"), Some("shared"), None]
    );
    assert_eq!(c[1]["shared_with"], serde_json::json!([wire]));
    assert_eq!(
        w.iter()
            .map(|r| r["reproduced"].as_bool().unwrap())
            .collect::<Vec<_>>(),
        [false, true, true, false]
    );
    assert!(
        o.iter().all(|r| r["shared_with"] == serde_json::json!([])),
        "unrelated post shares nothing"
    );
    assert_eq!(c[3]["label"], "opinion");

    // Against a reference corpus, which is not itself tagged.
    let records = jsonl(&d.ok(&["tag", &copy, "--reference", &wire]));
    assert_eq!(records.len(), 4);
    assert_eq!(records[1]["reproduced_by"], "reference");
    assert_eq!(records[2]["shared_with"], serde_json::json!([wire]));
    assert!(records.iter().all(|r| r["doc"] == copy.as_str()));

    // --no-shared turns cross-document detection off.
    let records = jsonl(&d.ok(&["tag", &wire, &copy, "--no-shared"]));
    assert!(records.iter().all(|r| r["reproduced"] == false));
}
