//! Nothing skipped silently (issue 21): files a directory walk does not
//! read are counted in one note, an empty JSONL file warns as an empty text
//! file does, a URL where a file is expected names the option to use; a
//! document's language skips it only when it is declared or told from
//! enough words, and `stance summary` and the report count the documents
//! not labelled for their language.

use crate::util::{json_lines, jsonl, stderr_of, Dir};

/// An invented German news paragraph (42 words): long enough to tell.
const GERMAN: &str = "Der Hafenrat hat am Dienstag einen neuen Fahrplan für die Inselfähre \
    beschlossen. Ab dem ersten Mai fährt das Schiff an Werktagen zweimal mehr, und die \
    zusätzlichen Fahrten werden durch eine kleine Erhöhung der Autotarife sowie durch einen \
    Zuschuss aus dem regionalen Verkehrsfonds bezahlt.";

/// English nouns in no order: whatlang alone calls them reliably French.
const SALAD: &str = "Pension route train court pension pension forest quarry pylon budget.";

#[test]
fn files_a_directory_walk_does_not_read_are_counted_in_one_note() {
    let d = Dir::new();
    d.write(
        "posts/a.txt",
        "The council approved the new ferry timetable on Tuesday.\n",
    );
    d.write("posts/report.pdf", "%PDF-1.4 binary");
    d.write("posts/old/scan.pdf", "%PDF-1.4 binary");
    d.write("posts/old/draft.docx", "PK\u{3}\u{4} zipped");
    d.write("refs/wire.txt", "Wire copy of the ferry story.\n");
    d.write("refs/wire.pdf", "%PDF-1.4 binary");
    let run = d.run(&["tag", "posts/", "--reference", "refs/", "--format", "jsonl"]);
    let err = stderr_of(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("stance: note:").count(), 1, "{err}");
    assert!(
        err.contains("stance: note: 4 file(s) in the directories given were not read, by extension: 3 .pdf, 1 .docx"),
        "{err}"
    );
    // Named directly, a file is read whatever its extension (as text).
    let run = d.run(&["tag", "posts/a.txt", "--format", "jsonl"]);
    assert!(!stderr_of(&run).contains("note:"), "{}", stderr_of(&run));
}

#[test]
fn an_empty_jsonl_file_warns_as_an_empty_text_file_does() {
    let d = Dir::new();
    d.write("in/empty.txt", "");
    d.write("in/empty.jsonl", "\n\n");
    d.write(
        "in/post.jsonl",
        "{\"id\": \"p\", \"text\": \"The ferry runs twice a day.\"}\n",
    );
    let run = d.run(&["tag", "in/", "--format", "jsonl", "--no-shared"]);
    let err = stderr_of(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("empty.jsonl: no records (an empty JSONL file); nothing labelled"),
        "{err}"
    );
    assert!(
        err.contains("empty.txt: no content paragraph found"),
        "{err}"
    );
    let records = jsonl(&String::from_utf8(run.stdout).unwrap());
    assert!(records.iter().any(|r| r["doc"] == "p"));
}

#[test]
fn urls_given_for_labelled_data_or_posts_name_the_option_to_use() {
    let d = Dir::new();
    let cases: [(&[&str], &str); 4] = [
        (
            &["train", "--data", "https://data.example/stance.jsonl", "--out", "m.model"],
            "--data takes labelled files or folders, and https://data.example/stance.jsonl is a URL; download the data set first",
        ),
        (
            &["train", "--data", "x.jsonl", "--exclude", "webis:http://data.example/w", "--out", "m.model"],
            "--exclude takes labelled files or folders, and webis:http://data.example/w is a URL",
        ),
        (
            &["eval", "--data", "https://data.example/gold.jsonl"],
            "--data takes labelled files or folders",
        ),
        (
            &["explain", "https://news.example/story"],
            "stance explain takes files, and https://news.example/story is a URL; fetch pages with `stance tag URL`",
        ),
    ];
    for (args, message) in cases {
        let run = d.run(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(
            stderr_of(&run).contains(message),
            "{args:?}: {}",
            stderr_of(&run)
        );
    }
    assert!(!d.path("m.model").exists());
}

#[test]
fn language_skips_only_what_is_declared_or_told_from_enough_words() {
    let d = Dir::new();
    d.write("posts/salad.txt", format!("{SALAD}\n"));
    d.write("posts/german.txt", format!("{GERMAN}\n"));
    // Declared: skipped however short.
    d.write(
        "posts/declared.html",
        "<!DOCTYPE html><html lang=\"de\"><head><title>Fähre</title></head><body><article>\
         <p>Die Fähre fährt bald öfter.</p></article></body></html>",
    );
    let run = d.run(&["tag", "posts/", "--format", "jsonl", "--no-shared"]);
    let err = stderr_of(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "2 document(s) in a language the model was not trained on (de: 2; it knows en)"
        ),
        "{err}"
    );
    let records = jsonl(&String::from_utf8(run.stdout).unwrap());
    let of = |name: &str| -> Vec<&serde_json::Value> {
        records
            .iter()
            .filter(|r| r["doc"].as_str().unwrap().ends_with(name))
            .collect()
    };
    let salad = of("salad.txt");
    assert_eq!(salad.len(), 1);
    assert!(salad[0]["label"].is_string(), "{}", salad[0]);
    assert!(salad[0]["language"].is_null(), "{}", salad[0]);
    for name in ["german.txt", "declared.html"] {
        let rs = of(name);
        assert!(!rs.is_empty(), "{name}");
        for r in rs.iter().filter(|r| r["skipped"] != "heading") {
            assert_eq!(r["skipped"], "language", "{r}");
            assert!(r["label"].is_null(), "{r}");
            assert_eq!(r["language"], "de", "{r}");
        }
    }
}

#[test]
fn summary_and_report_count_documents_not_labelled_for_their_language() {
    let d = Dir::new();
    d.write("posts/german.txt", format!("{GERMAN}\n"));
    d.write(
        "posts/english.txt",
        "The harbour board approved a new timetable for the island ferry on Tuesday, \
         adding two crossings on weekdays from the first of May.\n",
    );
    let run = d.run(&["tag", "posts/", "-o", "tagged.jsonl"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr_of(&run));
    let note = "1 document(s) not labelled: in a language the model was not trained on (de)";
    // JSONL: a field per row, the count on stderr.
    let run = d.run(&["summary", "tagged.jsonl", "--format", "jsonl"]);
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert!(stderr_of(&run).contains(&format!("stance: note: {note}")));
    let rows = json_lines(&String::from_utf8(run.stdout).unwrap());
    let language: Vec<&serde_json::Value> = rows.iter().map(|r| &r["language_skipped"]).collect();
    assert_eq!(language.len(), 2);
    assert_eq!(
        language.iter().filter(|l| **l == "de").count(),
        1,
        "{rows:?}"
    );
    assert_eq!(language.iter().filter(|l| l.is_null()).count(), 1);
    // The table: the count below the rows.
    let table = d.ok(&["summary", "tagged.jsonl", "--format", "table"]);
    assert!(table.lines().last().unwrap() == note, "{table}");
    // CSV: a column.
    let csv = d.ok(&["summary", "tagged.jsonl", "--format", "csv"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|c| *c == "language_skipped");
    let column = column.unwrap_or_else(|| panic!("no language_skipped column: {csv}"));
    let german = csv
        .lines()
        .find(|l| l.starts_with("posts/german.txt"))
        .unwrap();
    assert_eq!(german.split(',').nth(column), Some("de"), "{csv}");
    // The report page.
    d.ok(&["report", "tagged.jsonl", "-o", "report.html"]);
    let page = d.read("report.html");
    assert!(page.contains(&format!("{note}.")), "{page}");
    assert!(page.contains("not labelled: in de, a language the model was not trained on"));
}
