//! Nothing skipped silently (issue 21): files a directory walk does not
//! read are counted in one note, an empty JSONL file warns as an empty text
//! file does, a URL where a file is expected names the option to use; a
//! document's language skips it only when it is declared or told from
//! enough words, and `stance summary` and the report count the documents
//! not labelled for their language.

use crate::util::{jsonl, stderr_of, Dir};

/// An invented German news paragraph (42 words): long enough to tell.
const GERMAN: &str = "Der Hafenrat hat am Dienstag einen neuen Fahrplan für die Inselfähre \
    beschlossen. Ab dem ersten Mai fährt das Schiff an Werktagen zweimal mehr, und die \
    zusätzlichen Fahrten werden durch eine kleine Erhöhung der Autotarife sowie durch einen \
    Zuschuss aus dem regionalen Verkehrsfonds bezahlt.";

/// English nouns in no order: whatlang alone calls them reliably French.
const SALAD: &str = "Pension route train court pension pension forest quarry pylon budget.";

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

