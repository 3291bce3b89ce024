//! Quotation cases from real reporting, tagged with the shipped model: each
//! paragraph's label and provenance as LABELS.md asks for them. The
//! sentences are invented; the shapes (dash attributions, quotations over
//! several paragraphs, guillemets and low-high quotes, stray marks, a
//! speaker named in the paragraph before, embedded tweets and statements
//! pasted as text) are the ones news pages use.

use stance::provenance::ReproducedBy;
use stance::{Document, Model, Tagger};
use std::path::Path;

fn shipped() -> Model {
    Model::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default.model"))
        .expect("models/default.model loads")
}

/// Per paragraph: its label (or `skipped:REASON`) and how it is reproduced.
fn tag(model: &Model, texts: &[&str]) -> Vec<(String, Option<ReproducedBy>)> {
    let tagger = Tagger::new(model).unwrap();
    let doc = Document::from_paragraphs("d", texts.iter().copied());
    let classes = tagger.stance_classes().to_vec();
    tagger
        .tag(&doc)
        .into_iter()
        .map(|t| {
            let label = match (&t.stance, t.skipped) {
                (_, Some(reason)) => format!("skipped:{reason}"),
                (Some(s), None) => classes[s.label].clone(),
                (None, None) => unreachable!("content always has scores"),
            };
            (label, t.reproduced_by)
        })
        .collect()
}

fn labels(model: &Model, texts: &[&str]) -> Vec<String> {
    tag(model, texts).into_iter().map(|(l, _)| l).collect()
}

/// A plain news paragraph to put around the cases, so that each is a
/// paragraph between content, as on a page.
const REPORT: &str = "The transit agency's board met on Tuesday to approve next year's \
                      budget of 412 million dollars, which keeps fares at their current level.";
const REPORT_AFTER: &str = "The board will publish the final timetable in February, after a \
                            public hearing at City Hall on January 14.";

#[test]
fn dash_attribution_is_a_quotation() {
    let model = shipped();
    for case in [
        "“We will not close a single route this year, and every bus that runs today will \
         keep running.” – Commissioner Ortiz",
        "“We will not close a single route this year, and every bus that runs today will \
         keep running.” — Ortiz",
        // The pull-quote form: no marks, the speaker after a dash.
        "We will not close a single route this year. Every bus that runs today will keep \
         running. — Commissioner Ana Ortiz",
    ] {
        let got = labels(&model, &[REPORT, case, REPORT_AFTER]);
        assert_eq!(got, ["fact", "quotation", "fact"], "{case}");
    }
}

#[test]
fn a_quotation_over_several_paragraphs_is_quoted_in_each() {
    let model = shipped();
    // An opening mark on each paragraph, the closing mark only on the last.
    let got = labels(
        &model,
        &[
            REPORT,
            "“We will not close a single route this year. The money is there, the drivers \
             are there, and the buses are paid for.",
            "“Nobody who rides the 14 to work today will have to find another way next year.",
            "“Every bus that runs today will run next year,” Commissioner Ortiz said.",
            REPORT_AFTER,
        ],
    );
    assert_eq!(got, ["fact", "quotation", "quotation", "quotation", "fact"]);
    // The same with straight quotes.
    let got = labels(
        &model,
        &[
            REPORT,
            "\"We will not close a single route this year. The money is there, the drivers \
             are there, and the buses are paid for.",
            "\"Every bus that runs today will run next year,\" Commissioner Ortiz said.",
            REPORT_AFTER,
        ],
    );
    assert_eq!(got, ["fact", "quotation", "quotation", "fact"]);
}

#[test]
fn guillemets_and_low_high_quotes_are_quotations() {
    let model = shipped();
    for case in [
        "«We will not close a single route this year, and every bus will keep running», \
         Commissioner Ortiz said.",
        "« We will not close a single route this year, and every bus will keep running », \
         Commissioner Ortiz said.",
        "»We will not close a single route this year, and every bus will keep running«, \
         Commissioner Ortiz said.",
        "„We will not close a single route this year, and every bus will keep running“, \
         Commissioner Ortiz said.",
        "‹We will not close a single route this year, and every bus will keep running›, \
         Commissioner Ortiz said.",
    ] {
        let got = labels(&model, &[REPORT, case, REPORT_AFTER]);
        assert_eq!(got, ["fact", "quotation", "fact"], "{case}");
    }
}

#[test]
fn a_stray_mark_does_not_make_a_report_a_quotation() {
    let model = shipped();
    let plain = "The agency’s plan for the Elm Street depot was delayed again on Tuesday, when \
                 the board voted 5-2 to postpone the decision until the state budget is settled \
                 in March.";
    assert_eq!(labels(&model, &[REPORT, plain, REPORT_AFTER])[1], "fact");
    for case in [
        // An opening mark never closed, early in the paragraph.
        "The agency’s “plan for the Elm Street depot was delayed again on Tuesday, when the \
         board voted 5-2 to postpone the decision until the state budget is settled in March.",
        "The agency’s \"plan for the Elm Street depot was delayed again on Tuesday, when the \
         board voted 5-2 to postpone the decision until the state budget is settled in March.",
        // A closing mark with nothing open.
        "The agency’s” plan for the Elm Street depot was delayed again on Tuesday, when the \
         board voted 5-2 to postpone the decision until the state budget is settled in March.",
        // German quotes closed the German way: only the two words are quoted.
        "The agency’s „Elm Street“ plan was delayed again on Tuesday, when the board voted \
         5-2 to postpone the decision until the state budget is settled in March.",
    ] {
        let got = labels(&model, &[REPORT, case, REPORT_AFTER]);
        assert_eq!(got, ["fact", "fact", "fact"], "{case}");
    }
}

#[test]
fn a_speaker_named_in_the_paragraph_before() {
    let model = shipped();
    let got = tag(
        &model,
        &[
            REPORT,
            "Commissioner Ortiz said:",
            "“We will not close a single route this year. Every bus that runs today will run \
             next year.”",
            REPORT_AFTER,
        ],
    );
    assert_eq!(got[2], ("quotation".into(), Some(ReproducedBy::LeadIn)));
    // The writer is back in the next paragraph.
    assert_eq!(got[3], ("fact".into(), None));
}

#[test]
fn an_embedded_tweet_pasted_as_text() {
    let model = shipped();
    let got = tag(
        &model,
        &[
            REPORT,
            "Riders answered on Twitter within minutes:",
            "Who decided this without asking a single rider? Shameful. pic.twitter.com/AbCdEf",
            "— Ana Ruiz (@ana_ruiz) March 3, 2026",
            REPORT_AFTER,
        ],
    );
    // The tweet is content, labelled by its words, and not the writer's.
    assert_eq!(got[2], ("opinion".into(), Some(ReproducedBy::Embed)));
    assert_eq!(got[3].0, "skipped:credit");
    assert_eq!(got[4], ("fact".into(), None));
}

#[test]
fn a_statement_pasted_as_text() {
    let model = shipped();
    let got = tag(
        &model,
        &[
            REPORT,
            "The agency's statement reads:",
            "The depot will cease operations on March 1. Staff will be reassigned to the \
             Northgate and Harbor depots.",
            REPORT_AFTER,
        ],
    );
    // A statement reproduced as prose: a fact by its words, and reproduced.
    assert_eq!(got[2], ("fact".into(), Some(ReproducedBy::LeadIn)));
    assert_eq!(got[3], ("fact".into(), None));
}
