use super::*;
use crate::doc::Paragraph;
use crate::genre::{Genre, GenreEstimate};
use crate::model::Scores;
use crate::provenance::ReproducedBy;
use crate::structure::boilerplate::SkipReason;

fn sample() -> (Paragraph, Vec<String>) {
    (
        Paragraph::new(3, 10, 22, "Hi, \"there\".".into()),
        vec!["fact".into(), "quotation".into(), "opinion".into()],
    )
}

fn tagged(p: &Paragraph) -> Tagged<'_> {
    Tagged {
        paragraph: p,
        stance: Some(Scores {
            probabilities: vec![0.25, 0.5, 0.25],
            label: 1,
        }),
        sentiment: Some(Scores {
            probabilities: vec![0.5, 0.25, 0.25],
            label: 0,
        }),
        skipped: None,
        reproduced_by: Some(ReproducedBy::Shared),
        shared_with: vec!["a".into(), "b".into()],
        targets: None,
    }
}

#[test]
fn jsonl_fields_in_order() {
    let (p, classes) = sample();
    let meta = PageMeta {
        site: Some("North Side Notes".into()),
        ..PageMeta::default()
    };
    let t = tagged(&p);
    let skipped = Tagged {
        stance: None,
        skipped: Some(SkipReason::Headline),
        reproduced_by: None,
        shared_with: vec![],
        targets: None,
        ..t.clone()
    };
    let mut w = RecordWriter::new(OutputFormat::Jsonl, Vec::new());
    for tagged in [&t, &skipped] {
        w.write(&Record {
            doc: "d",
            tagged,
            classes: &classes,
            sentiment_classes: None,
            meta: &meta,
            genre: Some(GenreEstimate {
                genre: Genre::Blog,
                score: 0.75,
            }),
        })
        .unwrap();
    }
    let out = String::from_utf8(w.finish().unwrap()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "{\"doc\":\"d\",\"paragraph\":3,\"start\":10,\"end\":22,\"label\":\"quotation\",\"scores\":{\"fact\":0.25,\"quotation\":0.5,\"opinion\":0.25},\"text\":\"Hi, \\\"there\\\".\",\"reproduced\":true,\"reproduced_by\":\"shared\",\"shared_with\":[\"a\",\"b\"],\"skipped\":null,\"element\":null,\"sentiment\":null,\"sentiment_scores\":null,\"comment\":false,\"title\":null,\"author\":null,\"published\":null,\"site\":\"North Side Notes\",\"url\":null,\"language\":null,\"genre\":\"blog\",\"genre_score\":0.75}"
    );
    assert!(lines[1].contains("\"label\":null,\"scores\":null,") && lines[1].contains("\"reproduced\":false,\"reproduced_by\":null,\"shared_with\":[],\"skipped\":\"headline\""), "{}", lines[1]);
}

#[test]
fn csv_flattens_scores() {
    let (mut p, classes) = sample();
    p.comment = true;
    let meta = PageMeta {
        title: Some("Depot, closed".into()),
        language: Some("en".into()),
        ..PageMeta::default()
    };
    let t = tagged(&p);
    let skipped = Tagged {
        stance: None,
        sentiment: None,
        skipped: Some(SkipReason::Byline),
        reproduced_by: None,
        shared_with: vec![],
        targets: None,
        ..t.clone()
    };
    let sent: Vec<String> = ["negative", "neutral", "positive"]
        .map(String::from)
        .to_vec();
    let mut w = RecordWriter::new(OutputFormat::Csv, Vec::new());
    for tagged in [&t, &skipped] {
        w.write(&Record {
            doc: "d",
            tagged,
            classes: &classes,
            sentiment_classes: Some(&sent),
            meta: &meta,
            genre: None,
        })
        .unwrap();
    }
    let out = String::from_utf8(w.finish().unwrap()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "doc,paragraph,start,end,label,p_fact,p_quotation,p_opinion,text,reproduced,reproduced_by,shared_with,skipped,element,sentiment,p_negative,p_neutral,p_positive,comment,title,author,published,site,url,language,genre,genre_score");
    assert_eq!(
        lines[1],
        "d,3,10,22,quotation,0.25,0.5,0.25,\"Hi, \"\"there\"\".\",true,shared,a|b,,,negative,0.5,0.25,0.25,true,\"Depot, closed\",,,,,en,,"
    );
    assert_eq!(
        lines[2],
        "d,3,10,22,,,,,\"Hi, \"\"there\"\".\",false,,,byline,,,,,,true,\"Depot, closed\",,,,,en,,"
    );
}

/// The CSV row as the writer made it with the csv crate before it was
/// rendered by hand: the reference the renderer must match.
fn csv_row_by_csv_crate(r: &Record) -> Vec<u8> {
    let t = r.tagged;
    let p = t.paragraph;
    let mut row = vec![
        r.doc.to_string(),
        p.index.to_string(),
        p.start.to_string(),
        p.end.to_string(),
        t.stance
            .as_ref()
            .map_or(String::new(), |s| r.classes[s.label].clone()),
    ];
    match &t.stance {
        Some(s) => row.extend(s.probabilities.iter().map(|v| v.to_string())),
        None => row.extend(r.classes.iter().map(|_| String::new())),
    }
    row.push(p.text.clone());
    row.push(t.reproduced_by.is_some().to_string());
    row.push(t.reproduced_by.map_or("", |b| b.as_str()).to_string());
    row.push(t.shared_with.join("|"));
    row.push(t.skipped.map_or("", SkipReason::as_str).to_string());
    row.push(p.element.clone().unwrap_or_default());
    match t.sentiment.as_ref().zip(r.sentiment_classes) {
        Some((s, c)) => {
            row.push(c[s.label].clone());
            row.extend(s.probabilities.iter().map(|v| v.to_string()));
        }
        None => row.extend(std::iter::repeat_n(String::new(), 4)),
    }
    row.push(p.comment.to_string());
    for f in &Field::ALL[15..21] {
        row.push(f.meta(r.meta).unwrap_or("").to_string());
    }
    row.push(
        r.genre
            .map_or(String::new(), |g| g.genre.name().to_string()),
    );
    row.push(r.genre.map_or(String::new(), |g| g.score.to_string()));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&row).unwrap();
    w.into_inner().unwrap()
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    // ASCII with every control character and CSV/JSON special, plus
    // non-ASCII letters and quotes.
    proptest::collection::vec(
        prop_oneof![
            0u8..0x80u8,
            Just(b','),
            Just(b'"'),
            Just(b'\\'),
            Just(b'\n'),
        ]
        .prop_map(|b| b as char)
        .boxed()
        .prop_union(prop_oneof![Just('é'), Just('“'), Just('”'), Just('\u{2028}')].boxed()),
        0..40,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn arbitrary_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0f64..1.0,
        proptest::num::f64::ANY,
        Just(1e-7),
        Just(1.0),
        Just(0.0),
        Just(f64::NAN),
        Just(5e-324),
    ]
}

use proptest::prelude::*;

proptest! {
    #[test]
    fn renderer_writes_what_serde_json_and_the_csv_crate_write(
        doc in arbitrary_text(),
        text in arbitrary_text(),
        element in proptest::option::of(arbitrary_text()),
        title in proptest::option::of(arbitrary_text()),
        shared in proptest::collection::vec(arbitrary_text(), 0..3),
        probs in proptest::collection::vec(arbitrary_float(), 3),
        sprobs in proptest::collection::vec(arbitrary_float(), 3),
        skipped in any::<bool>(),
        index in any::<usize>(),
        by in 0usize..6,
    ) {
        let classes: Vec<String> = ["fact", "quo\"te", "opinion"].map(String::from).to_vec();
        let sent: Vec<String> = ["negative", "neutral", "positive"].map(String::from).to_vec();
        let element_copy = element.clone();
        let mut p = Paragraph::new(index, index / 2, index / 3, text);
        p.element = element;
        p.comment = index % 2 == 0;
        let meta = PageMeta { title: title.clone(), site: element_copy.clone(), ..PageMeta::default() };
        let t = Tagged {
            paragraph: &p,
            stance: (!skipped).then(|| Scores { probabilities: probs.clone(), label: index % 3 }),
            sentiment: (!skipped).then(|| Scores { probabilities: sprobs.clone(), label: 2 }),
            skipped: skipped.then_some(SkipReason::Byline),
            reproduced_by: [None, Some(ReproducedBy::Blockquote), Some(ReproducedBy::LeadIn), Some(ReproducedBy::Reference), Some(ReproducedBy::Shared), Some(ReproducedBy::Embed)][by],
            shared_with: shared,
            // Targets asked for on some records: none mentioned, or one
            // named like the element (any text).
            targets: (index % 3 != 0).then(|| {
                element_copy.iter().map(|name| crate::target::tone::TargetTone {
                    target: name.clone(),
                    mentions: index % 5,
                    label: index % 3,
                    probabilities: sprobs.clone(),
                }).collect()
            }),
        };
        for sentiment_classes in [None, Some(&sent[..])] {
            let genre = (by % 2 == 0).then_some(GenreEstimate { genre: Genre::ALL[by], score: 1.0 / (1 + index % 7) as f64 });
            let r = Record { doc: &doc, tagged: &t, classes: &classes, sentiment_classes, meta: &meta, genre };
            let mut want = serde_json::to_vec(&r).unwrap();
            want.push(b'\n');
            let mut got = Vec::new();
            Renderer::new(OutputFormat::Jsonl, Field::ALL.to_vec()).record(&r, &mut got, None);
            prop_assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(want).unwrap());
            let mut got = Vec::new();
            Renderer::new(OutputFormat::Csv, Field::ALL.to_vec()).record(&r, &mut got, None);
            prop_assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(csv_row_by_csv_crate(&r)).unwrap());
        }
    }
}

#[test]
fn provenance_spans_can_be_rendered_again() {
    let (p, classes) = sample();
    let t = Tagged {
        reproduced_by: None,
        shared_with: vec![],
        targets: None,
        ..tagged(&p)
    };
    let shared = Tagged {
        shared_with: vec!["x,\"y\"".into(), "z".into()],
        targets: None,
        reproduced_by: Some(ReproducedBy::Shared),
        ..t.clone()
    };
    for format in [OutputFormat::Jsonl, OutputFormat::Csv] {
        for fields in [
            Field::ALL.to_vec(),
            vec![Field::SharedWith],
            vec![
                Field::Doc,
                Field::SharedWith,
                Field::Text,
                Field::Reproduced,
            ],
        ] {
            let r = Renderer::new(format, fields);
            let record = |t| Record {
                doc: "d",
                tagged: t,
                classes: &classes,
                sentiment_classes: None,
                meta: &PageMeta::EMPTY,
                genre: None,
            };
            let mut before = Vec::new();
            let mut spans = Vec::new();
            r.record(&record(&t), &mut before, Some(&mut spans));
            let mut patched = Vec::new();
            let mut at = 0;
            for s in &spans {
                patched.extend_from_slice(&before[at..s.start]);
                r.provenance(
                    s.field,
                    shared.reproduced_by,
                    &shared.shared_with,
                    &mut patched,
                );
                at = s.end;
            }
            patched.extend_from_slice(&before[at..]);
            let mut want = Vec::new();
            r.record(&record(&shared), &mut want, None);
            assert_eq!(
                String::from_utf8(patched).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}

#[test]
fn chosen_fields_and_their_errors() {
    let (p, classes) = sample();
    let t = tagged(&p);
    let fields = Field::parse_list("label,doc,scores").unwrap();
    let mut w = RecordWriter::with_fields(OutputFormat::Csv, fields.clone(), Vec::new());
    let r = Record {
        doc: "d",
        tagged: &t,
        classes: &classes,
        sentiment_classes: None,
        meta: &PageMeta::EMPTY,
        genre: None,
    };
    w.write(&r).unwrap();
    let out = String::from_utf8(w.finish().unwrap()).unwrap();
    assert_eq!(
        out,
        "label,doc,p_fact,p_quotation,p_opinion\nquotation,d,0.25,0.5,0.25\n"
    );
    let mut w = RecordWriter::with_fields(OutputFormat::Jsonl, fields, Vec::new());
    w.write(&r).unwrap();
    let out = String::from_utf8(w.finish().unwrap()).unwrap();
    assert_eq!(out, "{\"label\":\"quotation\",\"doc\":\"d\",\"scores\":{\"fact\":0.25,\"quotation\":0.5,\"opinion\":0.25}}\n");
    let e = Field::parse_list("doc,txt").unwrap_err();
    assert!(
        e.contains("unknown field `txt`") && e.contains("text, reproduced"),
        "{e}"
    );
    assert!(Field::parse_list("doc,doc").unwrap_err().contains("twice"));
    // One empty CSV field is written "" so that the row is not blank.
    let mut w = RecordWriter::with_fields(OutputFormat::Csv, vec![Field::Element], Vec::new());
    w.write(&r).unwrap();
    assert_eq!(
        String::from_utf8(w.finish().unwrap()).unwrap(),
        "element\n\"\"\n"
    );
}
