//! `stance tag` finds shared passages in one pass, under `--memory`: its
//! output (records rendered early, their provenance patched once the run is
//! known) must be byte for byte what the library's in-memory path gives
//! (every document tagged, `shared_in_memory`, `Tagged::set_shared`, the
//! records as serde writes them), for any thread count, any memory budget
//! (spilling or not), JSONL and CSV.

use crate::util::repo;
use stance::output::{OutputFormat, Record, RecordWriter};
use stance::provenance::shared::{shared_in_memory, Fingerprints, MAX_DOCS_PER_SHINGLE};
use stance::read::{self, Event, ReadOptions};
use stance::{Document, Model, Tagger};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Invented words for invented passages (a tiny deterministic generator, so
/// that passages are long, distinct, and shared only where we put them).
const WORDS: [&str; 24] = [
    "harbour",
    "council",
    "ferry",
    "tuesday",
    "budget",
    "inspector",
    "lantern",
    "orchard",
    "mayor",
    "pylon",
    "granary",
    "tide",
    "quarry",
    "ledger",
    "signal",
    "meadow",
    "depot",
    "timber",
    "canal",
    "beacon",
    "pension",
    "rally",
    "archive",
    "bridge",
];

fn passage(seed: u64, words: usize) -> String {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut out = Vec::new();
    for i in 0..words {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let w = WORDS[(x % WORDS.len() as u64) as usize];
        out.push(if i == 0 {
            let mut c = w.chars();
            c.next().unwrap().to_uppercase().chain(c).collect()
        } else {
            w.to_string()
        });
    }
    out.join(" ") + "."
}

/// A JSONL archive of posts that share passages in every way the rules
/// know: pairs, an edited copy, a passage in exactly the maximum number of
/// documents (kept) and one in one more (ignored), plus a post whose own
/// markup (a lead-in) takes precedence.
fn archive(dir: &Path) -> (PathBuf, PathBuf) {
    let shared = passage(1, 40);
    let edited = shared.replacen("harbour", "port", 1);
    let at_cap = passage(2, 30);
    let over_cap = passage(3, 30);
    let wire = passage(4, 35);
    let mut lines = Vec::new();
    for i in 0..(MAX_DOCS_PER_SHINGLE + 8) {
        let mut paragraphs = vec![format!(
            "Post {i} opens on its own. {}",
            passage(100 + i as u64, 12)
        )];
        match i % 7 {
            0 => paragraphs.push(shared.clone()),
            3 => paragraphs.push(edited.clone()),
            5 => {
                paragraphs.push("The agency wrote on Monday:".into());
                paragraphs.push(wire.clone());
            }
            6 => paragraphs.push(wire.clone()),
            _ => {}
        }
        if i < MAX_DOCS_PER_SHINGLE {
            paragraphs.push(at_cap.clone());
        }
        if i <= MAX_DOCS_PER_SHINGLE {
            paragraphs.push(over_cap.clone());
        }
        paragraphs.push(passage(200 + i as u64, 30));
        let id = if i == 1 {
            "a,\"quoted\" id".to_string()
        } else {
            format!("post-{i}")
        };
        lines.push(serde_json::json!({"id": id, "text": paragraphs.join("\n\n")}).to_string());
    }
    // A post too short for any shingle, and an empty one.
    lines.push(serde_json::json!({"id": "short", "text": "Too short."}).to_string());
    let posts = dir.join("posts.jsonl");
    std::fs::write(&posts, lines.join("\n") + "\n").unwrap();
    let reference = dir.join("wire.txt");
    std::fs::write(&reference, format!("Wire copy.\n\n{wire}\n")).unwrap();
    (posts, reference)
}

fn documents(paths: &[String]) -> Vec<Document> {
    let options = ReadOptions::default();
    let mut docs = Vec::new();
    for input in read::expand(paths, &options).unwrap() {
        read::read_input(&input, &options, &mut |e| {
            if let Event::Doc(d) = e {
                docs.push(d);
            }
            Ok(())
        })
        .unwrap();
    }
    docs
}

/// The reference: every document (references first) through the in-memory
/// path, then each tagged and given its shared passages.
fn in_memory(inputs: &[String], references: &[String], format: OutputFormat) -> Vec<u8> {
    let model = Model::load(Path::new(&repo("models/default.model"))).unwrap();
    let tagger = Tagger::new(&model).unwrap().any_language(true);
    let references = documents(references);
    let docs = documents(inputs);
    let all: Vec<&Document> = references.iter().chain(&docs).collect();
    let fps: Vec<Fingerprints> = all.iter().map(|d| Fingerprints::of(d)).collect();
    let shared = shared_in_memory(&fps).unwrap();
    let n_reference = references.len() as u32;
    let mut w = RecordWriter::new(format, Vec::new());
    w.write_header(tagger.stance_classes()).unwrap();
    let mut jsonl = Vec::new();
    for (doc, shared) in docs.iter().zip(&shared[references.len()..]) {
        let mut tagged = tagger.tag(doc);
        for (t, others) in tagged.iter_mut().zip(shared) {
            t.set_shared(
                others.iter().map(|&o| all[o as usize].id.clone()).collect(),
                others.iter().any(|&o| o < n_reference),
            );
        }
        let genre = Some(tagger.genre(doc, &tagged));
        for t in &tagged {
            let r = Record {
                doc: &doc.id,
                tagged: t,
                classes: tagger.stance_classes(),
                sentiment_classes: tagger.sentiment_classes(),
                meta: &doc.meta,
                genre,
            };
            match format {
                // The JSONL as serde_json writes the record.
                OutputFormat::Jsonl => {
                    serde_json::to_writer(&mut jsonl, &r).unwrap();
                    jsonl.push(b'\n');
                }
                OutputFormat::Csv => w.write(&r).unwrap(),
            }
        }
    }
    match format {
        OutputFormat::Jsonl => jsonl,
        OutputFormat::Csv => w.finish().unwrap(),
    }
}

fn tag(args: &[&str]) -> Vec<u8> {
    // The posts are word salad, which whatlang reads as no language in
    // particular, or English, or (a long one of nouns like "route",
    // "pension", "court") reliably French.
    let out = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(["tag", "--any-language"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn one_pass_output_is_the_in_memory_output() {
    let dir = tempfile::tempdir().unwrap();
    let (posts, reference) = archive(dir.path());
    let posts = posts.to_string_lossy().into_owned();
    let reference = reference.to_string_lossy().into_owned();
    let examples = repo("../shared/examples");
    let inputs = [posts.clone(), examples.clone()];
    for (format, name) in [(OutputFormat::Jsonl, "jsonl"), (OutputFormat::Csv, "csv")] {
        let want = in_memory(&inputs, std::slice::from_ref(&reference), format);
        let text = String::from_utf8_lossy(&want).into_owned();
        // The archive exercises every case (else this test proves little).
        if format == OutputFormat::Jsonl {
            for needle in [
                "\"shared\"",
                "\"reference\"",
                "\"lead-in\"",
                "a,\\\"quoted\\\" id",
            ] {
                assert!(text.contains(needle), "no {needle} in the reference output");
            }
        }
        for threads in ["1", "2"] {
            // 1K: every structure spills to temporary files at once.
            for memory in ["1K", "128M"] {
                let got = tag(&[
                    &posts,
                    &examples,
                    "--reference",
                    &reference,
                    "--format",
                    name,
                    "--threads",
                    threads,
                    "--memory",
                    memory,
                ]);
                assert!(
                    got == want,
                    "{name}, {threads} thread(s), --memory {memory}: outputs differ"
                );
            }
        }
    }
}

/// An archive of several tagging batches (over 256 documents), whose posts
/// share passages with posts of other batches, far before and after them.
fn long_archive(dir: &Path) -> PathBuf {
    let mut lines = Vec::new();
    for i in 0..700u64 {
        let mut paragraphs = vec![
            format!("Post {i} opens on its own. {}", passage(1000 + i, 14)),
            passage(5000 + i, 30),
        ];
        // Pairs across batches (i and i + 300), and one passage in every
        // 97th post.
        if i % 5 == 0 {
            paragraphs.push(passage(9000 + i % 300, 35));
        }
        if i % 97 == 1 {
            paragraphs.insert(1, passage(7, 40));
        }
        lines.push(
            serde_json::json!({"id": format!("long-{i}"), "text": paragraphs.join("\n\n")})
                .to_string(),
        );
    }
    let posts = dir.join("long.jsonl");
    std::fs::write(&posts, lines.join("\n") + "\n").unwrap();
    posts
}

#[test]
fn batches_collected_aside_and_runs_merged_from_memory_and_disk_agree() {
    // Tagged documents reach the index on a collector thread, a batch at a
    // time; under a budget the keys go to runs on disk, the last run stays
    // in memory, and all are merged. Every budget (all in memory, some
    // runs on disk, everything spilled at once) gives the index's output.
    let dir = tempfile::tempdir().unwrap();
    let posts = long_archive(dir.path()).to_string_lossy().into_owned();
    let want = in_memory(std::slice::from_ref(&posts), &[], OutputFormat::Jsonl);
    let text = String::from_utf8_lossy(&want).into_owned();
    assert!(text.contains("\"shared_with\":[\"long-0\",\"long-300\"]"));
    assert!(text.contains("\"shared_with\":[\"long-1\",\"long-98\""));
    for threads in ["1", "2"] {
        for memory in ["1K", "300K", "2M", "128M"] {
            let got = tag(&[&posts, "--threads", threads, "--memory", memory]);
            assert!(
                got == want,
                "{threads} thread(s), --memory {memory}: outputs differ"
            );
        }
    }
}

#[test]
fn saturated_passages_are_ignored_and_capped_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (posts, _) = archive(dir.path());
    let out = tag(&[
        &posts.to_string_lossy(),
        "--fields",
        "doc,paragraph,text,shared_with",
    ]);
    let at_cap = passage(2, 30);
    let over_cap = passage(3, 30);
    let mut seen = [0, 0];
    for line in String::from_utf8(out).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(r.as_object().unwrap().len(), 4);
        let at: Vec<usize> = [
            "\"doc\":",
            "\"paragraph\":",
            "\"text\":",
            "\"shared_with\":",
        ]
        .iter()
        .map(|k| line.find(k).unwrap())
        .collect();
        assert!(at.is_sorted(), "fields out of order: {line}");
        let others = r["shared_with"].as_array().unwrap().len();
        if r["text"] == at_cap.as_str() {
            assert_eq!(others, MAX_DOCS_PER_SHINGLE - 1, "{r}");
            seen[0] += 1;
        }
        if r["text"] == over_cap.as_str() {
            assert_eq!(others, 0, "{r}");
            seen[1] += 1;
        }
    }
    assert_eq!(seen, [MAX_DOCS_PER_SHINGLE, MAX_DOCS_PER_SHINGLE + 1]);
}

#[test]
fn unknown_fields_are_refused_with_the_valid_ones() {
    let out = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(["tag", "-", "--fields", "doc,labels"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown field `labels`") && err.contains("valid fields: doc, paragraph"),
        "{err}"
    );
}
