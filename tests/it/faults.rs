//! Bad input, faults and determinism (issue 7): errors that name the file
//! and line, empty and binary files, invalid UTF-8, huge paragraphs in
//! bounded time, a killed run, a closed pipe, any thread count.

use crate::util::{fixture, jsonl, repo, stderr_of, Dir};
use std::process::Stdio;

#[test]
fn errors_name_the_file_and_exit_2() {
    let d = Dir::new();
    let out = d.run(&["tag", "missing.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("stance: missing.txt: "), "{err}");

    d.write(
        "bad.jsonl",
        "{\"text\": \"x\", \"label\": \"fact\"}\n{\"text\": \"y\", \"label\": \"rumour\"}\n",
    );
    let out = d.run(&["train", "--data", "bad.jsonl", "--out", "m.model"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.jsonl:2: unknown label \"rumour\""));
    assert!(!d.path("m.model").exists());

    d.write("junk.model", "stance-model 1 sha256:00 bytes:3\n{}\n");
    let out = d.run(&["tag", &fixture("heldout.jsonl"), "--model", "junk.model"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.model: model file is corrupted"));

    let out = d.run(&["tag"]);
    assert_eq!(out.status.code(), Some(2), "usage error");
}

/// Runs `stance ARGS`, expecting exit 2 and one error line that names
/// `output` and says `cause` once, never the temporary file's name.
fn fails_naming_once(d: &Dir, args: &[&str], output: &str, cause: &str) {
    let out = d.run(args);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    let line = err.lines().last().unwrap_or_default();
    assert!(line.starts_with("stance: "), "{args:?}: {err}");
    assert!(line.contains(output), "names {output}: {err}");
    assert_eq!(line.matches(cause).count(), 1, "{cause:?} said once: {err}");
    assert!(
        !err.contains(".stance-") && !err.contains(".tmp"),
        "no temporary name: {err}"
    );
}

#[test]
fn an_output_that_cannot_be_written_is_named_once() {
    let d = Dir::new();
    d.write(
        "post.txt",
        "The council met on Monday and approved the budget.",
    );
    let tagged = d.ok(&["tag", "post.txt", "--no-shared"]);
    d.write("tagged.jsonl", &tagged);
    d.write("file", "a file where a folder should be");
    let missing = "No such file or directory";
    fails_naming_once(
        &d,
        &["tag", "post.txt", "-o", "missing/out.jsonl"],
        "missing/out.jsonl",
        missing,
    );
    fails_naming_once(&d, &["tag", "missing.txt"], "missing.txt", missing);
    let not_dir = "Not a directory";
    fails_naming_once(
        &d,
        &["report", "tagged.jsonl", "-o", "file/report.html"],
        "file/report.html",
        not_dir,
    );
    fails_naming_once(
        &d,
        &["summary", "tagged.jsonl", "-o", "file/summary.txt"],
        "file/summary.txt",
        not_dir,
    );
    let data = fixture("train.jsonl");
    let train = [
        "train",
        "--data",
        &data,
        "--cv",
        "0",
        "--out",
        "missing/m.model",
    ];
    fails_naming_once(&d, &train, "missing/m.model", missing);

    // A read-only folder, where permissions apply (not to root).
    use std::os::unix::fs::PermissionsExt;
    let ro = d.path("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), "").is_err() {
        fails_naming_once(
            &d,
            &["tag", "post.txt", "-o", "ro/out.jsonl"],
            "ro/out.jsonl",
            "Permission denied",
        );
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn empty_files_and_documents_without_paragraphs_give_no_records_and_say_so() {
    let d = Dir::new();
    d.train_small();
    d.write("empty.txt", "");
    d.write("blank.txt", "\n\n   \n\t\n");
    d.write(
        "empty.jsonl",
        "\n{\"id\": \"e\", \"text\": \"\"}\n{\"id\": \"p\", \"paragraphs\": []}\n",
    );
    let out = d.run(&[
        "tag",
        "empty.txt",
        "blank.txt",
        "empty.jsonl",
        "--model",
        "small.model",
    ]);
    // No silent loss: each document that gave nothing is named, exit 1.
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty());
    for doc in ["empty.txt", "blank.txt", "e", "p"] {
        assert!(
            err.contains(&format!("warning: {doc}: no content paragraph found")),
            "{doc}: {err}"
        );
    }
    assert!(
        err.contains("4 input(s) or record(s) skipped or without content"),
        "{err}"
    );
}

#[test]
fn a_page_of_nothing_but_chrome_is_warned_about() {
    let d = Dir::new();
    d.train_small();
    d.write(
        "chrome",
        "<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav>\
         <h1>Archive</h1><footer><p>Powered by WordPress</p></footer></body></html>",
    );
    d.write(
        "post.html",
        "<html><body><p>The council voted on Tuesday to close the depot.</p></body></html>",
    );
    let out = d.run(&["tag", "chrome", "post.html", "--model", "small.model"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("warning: chrome: no content paragraph found"),
        "{err}"
    );
    assert!(!err.contains("post.html"), "{err}");
    let records = jsonl(&String::from_utf8_lossy(&out.stdout));
    // The file without an extension was read as HTML (no tags in the text).
    assert!(records
        .iter()
        .all(|r| !r["text"].as_str().unwrap().contains('<')));
    assert!(records
        .iter()
        .any(|r| r["doc"] == "post.html" && r["skipped"].is_null()));
}

#[test]
fn binary_files_are_skipped_with_a_warning_and_exit_1() {
    let d = Dir::new();
    d.train_small();
    d.write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    d.write("good.txt", "The council met on Monday.");
    let out = d.run(&["tag", "image.txt", "good.txt", "--model", "small.model"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("stance: warning: image.txt: looks like a binary file; skipped"),
        "{err}"
    );
    assert!(err.contains("1 input(s) or record(s) skipped"), "{err}");
    assert_eq!(jsonl(&String::from_utf8(out.stdout).unwrap()).len(), 1);
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning_or_refused_with_strict() {
    let d = Dir::new();
    d.train_small();
    d.write(
        "latin1.txt",
        b"First paragraph.\n\nCaf\xe9 society was here.\n",
    );
    let out = d.run(&["tag", "latin1.txt", "--model", "small.model"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr_of(&out).contains("latin1.txt:3: invalid UTF-8 at byte offset 21"),
        "{}",
        stderr_of(&out)
    );
    let records = jsonl(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(records[1]["text"], "Caf\u{fffd} society was here.");
    let out = d.run(&["tag", "latin1.txt", "--model", "small.model", "--strict"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out)
        .contains("latin1.txt:3: invalid UTF-8 at byte offset 21 (refused because of --strict)"));
}

#[test]
fn malformed_jsonl_stops_with_file_and_line_or_is_skipped_and_counted() {
    let d = Dir::new();
    d.train_small();
    d.write("docs.jsonl", "{\"id\": \"a\", \"text\": \"Fine.\"}\n{\"id\": \"b\", \"text\": \"broken\n{\"id\": \"c\", \"text\": \"x\", \"paragraphs\": [\"y\"]}\n{\"text\": \"No id here.\"}\n");
    let out = d.run(&[
        "tag",
        "docs.jsonl",
        "--model",
        "small.model",
        "-o",
        "out.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.starts_with("stance: reading input (use --skip-bad to skip malformed records): docs.jsonl:2: malformed JSON"), "{err}");
    assert!(!d.path("out.jsonl").exists(), "nothing written half-way");

    let out = d.run(&["tag", "docs.jsonl", "--model", "small.model", "--skip-bad"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("docs.jsonl:3: record has both \"text\" and \"paragraphs\""),
        "{err}"
    );
    assert!(err.contains("2 input(s) or record(s) skipped"), "{err}");
    let docs: Vec<String> = jsonl(&String::from_utf8(out.stdout).unwrap())
        .iter()
        .map(|r| r["doc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs, ["a", "docs.jsonl:4"]);
}

#[test]
fn training_data_errors_name_the_row() {
    let d = Dir::new();
    d.write("nolabel.csv", "text,category\nRain fell.,fact\n");
    let out = d.run(&["train", "--data", "nolabel.csv", "--out", "m.model"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("nolabel.csv:1: CSV header must have `text` and `label` columns"),
        "{}",
        stderr_of(&out)
    );
    d.write(
        "bad.csv",
        "text,label\nRain fell.,fact\n\"Awful, just awful\",rant\n",
    );
    let out = d.run(&["train", "--data", "bad.csv", "--out", "m.model"]);
    assert!(
        stderr_of(&out)
            .contains("bad.csv:3: unknown label \"rant\": expected fact, quotation, opinion"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn huge_paragraphs_and_tokens_are_handled_in_bounded_time() {
    let d = Dir::new();
    d.train_small();
    // A 50 MB single paragraph and a 1 MB single token.
    let sentence = "The council voted to close the depot on Tuesday and nobody came. ";
    let big: String = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    d.write("big.txt", &big);
    d.write("token.txt", "x".repeat(1 << 20));
    let start = std::time::Instant::now();
    let out = d.run(&[
        "tag",
        "big.txt",
        "token.txt",
        "--model",
        "small.model",
        "-o",
        "out.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let records = jsonl(&std::fs::read_to_string(d.path("out.jsonl")).unwrap());
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[0]["end"].as_u64().unwrap() as usize,
        big.trim_end().len()
    );
    // Generous bound: the point is that it finishes, not how fast (see benches).
    assert!(
        start.elapsed().as_secs() < 120,
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn a_killed_run_leaves_the_previous_output_intact() {
    let d = Dir::new();
    d.train_small();
    let para = "The council voted on Tuesday to close the Elm Street depot, officials said.\n\n";
    d.write("posts/big.txt", para.repeat(200_000));
    d.write("out.jsonl", "previous output\n");
    let mut child = d
        .cmd(&[
            "tag",
            "posts",
            "--model",
            "small.model",
            "-o",
            "out.jsonl",
            "--no-shared",
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run is writing its temporary file, then SIGKILL it.
    let started = std::time::Instant::now();
    loop {
        let writing = std::fs::read_dir(d.root()).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".stance-")
        });
        if writing || started.elapsed().as_secs() > 60 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run should have been killed mid-way");
    assert_eq!(
        std::fs::read_to_string(d.path("out.jsonl")).unwrap(),
        "previous output\n"
    );
    // Only the hidden temporary file of the killed run may remain beside it.
    for e in std::fs::read_dir(d.root()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ["out.jsonl", "small.model", "posts"].contains(&name.as_str())
                || name.starts_with(".stance-"),
            "{name}"
        );
    }
}

#[test]
fn a_closed_pipe_is_a_quiet_exit() {
    let d = Dir::new();
    d.train_small();
    d.write("many.txt", "A paragraph of text.\n\n".repeat(50_000));
    let mut child = d
        .cmd(&["tag", "many.txt", "--model", "small.model"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout); // like `| head`
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr_of(&out));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let d = Dir::new();
    d.train_small();
    let posts = repo("data/posts");
    let examples = repo("../shared/examples");
    let one = d.ok(&[
        "tag",
        &posts,
        &examples,
        "--model",
        "small.model",
        "--threads",
        "1",
    ]);
    let two = d.ok(&[
        "tag",
        &posts,
        &examples,
        "--model",
        "small.model",
        "--threads",
        "2",
    ]);
    let four = d.ok(&[
        "tag",
        &posts,
        &examples,
        "--model",
        "small.model",
        "--threads",
        "4",
    ]);
    assert!(!one.is_empty());
    assert_eq!(one, two);
    assert_eq!(one, four);
}
