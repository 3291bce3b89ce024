//! Property tests for invariants that must hold on any input: spans map
//! back into the source, scores are finite and sum to one, tagging is
//! deterministic.

use proptest::prelude::*;
use stance::corpus::{Example, Kind, Scheme, Source};
use stance::doc::fold_whitespace;
use stance::model::{train, TrainParams};
use stance::progress::Quiet;
use stance::read::{read_bytes, Event, Format, ReadOptions};
use stance::{Model, Tagger};
use std::sync::OnceLock;

/// Text made of words, punctuation, quotes, blank lines, indentation and
/// non-ASCII characters: the shapes the splitter and tokenizer meet.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,12}",
        "[0-9]{1,5}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("  1. ".to_string()),
        Just("- ".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("’".to_string()),
        Just("?!:;.,%".to_string()),
        Just("é ß 東京 😀".to_string()),
        Just("http://x.org/a?b".to_string()),
        "[\\PC]{1,6}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let texts = [
            ("The council voted on Tuesday to close the depot.", 0),
            ("Officials said the bridge reopened on Monday.", 0),
            ("The company reported revenue of 12 million.", 0),
            ("“We will not close a single route,” she said.", 1),
            ("“This is the best day of my life,” he said.", 1),
            ("“Nobody told us,” a resident said.", 1),
            ("I think this decision is a disgrace.", 2),
            ("Frankly, the council should be ashamed!", 2),
            ("What a ridiculous waste of money.", 2),
        ];
        let examples = texts
            .iter()
            .enumerate()
            .map(|(i, (t, l))| Example {
                text: t.to_string(),
                label: *l,
                origin: format!("p:{i}"),
                group: format!("g{i}"),
                scheme: Scheme::Full,
                position: None,
            })
            .collect();
        let source = Source {
            path: "p".into(),
            kind: Kind::Labelled,
            sha256: String::new(),
            examples,
            weight: 1,
            removed: 0,
        };
        let mut params = TrainParams {
            folds: 0,
            alphas: vec![1.0],
            ..Default::default()
        };
        params.tfidf.min_df = 1;
        Model {
            heads: vec![train(&params, &[source], &Quiet).expect("train")],
            target: None,
            genre: None,
        }
    })
}

fn docs(bytes: &[u8], format: Format) -> Vec<stance::Document> {
    let mut out = Vec::new();
    read_bytes(
        "p",
        bytes,
        Some(format),
        &ReadOptions::default(),
        &mut |e| {
            if let Event::Doc(d) = e {
                out.push(d);
            }
            Ok(())
        },
    )
    .expect("readers never fail on text");
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn text_spans_map_back_into_the_source(text in texty()) {
        for doc in docs(text.as_bytes(), Format::Text) {
            let mut last_end = 0;
            for (i, p) in doc.paragraphs.iter().enumerate() {
                prop_assert_eq!(p.index, i);
                prop_assert!(p.start >= last_end && p.start < p.end && p.end <= doc.text.len());
                prop_assert_eq!(fold_whitespace(&doc.text[p.start..p.end]), p.text.clone());
                prop_assert!(!p.text.is_empty());
                last_end = p.end;
            }
        }
    }

    #[test]
    fn html_and_markdown_spans_map_back(text in texty(), tags in prop::collection::vec(prop_oneof![Just("<p>"), Just("</p>"), Just("<blockquote>"), Just("<li>"), Just("<div>"), Just("</div>"), Just("<q>"), Just("<br>"), Just("<script>"), Just("&amp;"), Just("> "), Just("# "), Just("```\n")], 0..20)) {
        let mixed: String = text.split(' ').zip(tags.iter().cycle()).map(|(w, t)| format!("{t}{w} ")).collect();
        for format in [Format::Html, Format::Markdown] {
            for doc in docs(mixed.as_bytes(), format) {
                for p in &doc.paragraphs {
                    prop_assert_eq!(&doc.text[p.start..p.end], p.text.as_str());
                }
            }
        }
    }

    #[test]
    fn scores_are_finite_sum_to_one_and_are_deterministic(text in texty()) {
        let tagger = Tagger::new(model()).unwrap();
        for doc in docs(text.as_bytes(), Format::Text) {
            let first = tagger.tag(&doc);
            let again = tagger.tag(&doc);
            prop_assert_eq!(&first, &again);
            for t in &first {
                if let Some(s) = &t.stance {
                    prop_assert!(s.probabilities.iter().all(|p| p.is_finite() && *p >= 0.0));
                    prop_assert!((s.probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-9);
                } else {
                    prop_assert!(t.skipped.is_some());
                }
            }
        }
    }
}
