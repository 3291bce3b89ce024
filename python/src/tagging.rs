//! Tagging documents and rendering their records with the core library's
//! writer, so every field, its order and every float are the CLI's.
//!
//! Shared passages go through the core's one index
//! ([`stance::provenance::shared`]): within one call, the in-memory path
//! ([`shared_in_memory`]); in the Spark job, postings grouped by Spark with
//! the same bounds (`POSTING_DOCS`), resolved with [`DocMatches`]. Then
//! [`Tagged::set_shared`].

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use stance::output::{OutputFormat, Record, RecordWriter};
use stance::provenance::shared::{shared_in_memory, DocMatches, Fingerprints};
use stance::{Document, Tagged, Tagger};

/// One document's postings as a Spark job hands them over: for each shared
/// kept fingerprint (as a signed 64-bit Spark long), the ids of the
/// documents holding it.
pub type Postings = Vec<(i64, Vec<String>)>;

/// The distinct kept fingerprints (winnowed shingles) of a document, as
/// Spark longs: what the core index holds for it.
pub fn shingles(doc: &Document) -> Vec<i64> {
    let mut s: Vec<i64> = Fingerprints::of(doc).kept().map(|h| h as i64).collect();
    s.sort_unstable();
    s.dedup();
    s
}

/// Renders one document's tagged paragraphs as JSONL.
fn render(tagger: &Tagger, doc: &Document, tagged: &[Tagged]) -> std::io::Result<String> {
    let mut out = RecordWriter::new(OutputFormat::Jsonl, Vec::new());
    let genre = Some(tagger.genre(doc, tagged));
    for t in tagged {
        out.write(&Record {
            doc: &doc.id,
            tagged: t,
            classes: tagger.stance_classes(),
            sentiment_classes: tagger.sentiment_classes(),
            meta: &doc.meta,
            genre,
        })?;
    }
    Ok(String::from_utf8(out.finish()?).expect("JSON is UTF-8"))
}

/// The warning for the documents of `docs` a tagger without
/// `any_language` does not label for their language (the CLI's, once per
/// call), if any.
pub fn foreign(tagger: &Tagger, docs: &[Document]) -> Option<String> {
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for doc in docs {
        let lang = doc.meta.language.as_deref();
        if !stance::language::is_known(lang, tagger.languages()) {
            *seen
                .entry(stance::language::primary(lang.unwrap_or_default()))
                .or_default() += 1;
        }
    }
    if seen.is_empty() {
        return None;
    }
    let n: usize = seen.values().sum();
    let langs: Vec<String> = seen.iter().map(|(l, n)| format!("{l}: {n}")).collect();
    Some(format!(
        "{n} document(s) in a language the model was not trained on ({}; it knows {}) were not labelled (skipped: language); any_language=True labels them anyway",
        langs.join(", "),
        tagger.languages().join(", ")
    ))
}

/// Tags `docs` in parallel; with `shared`, passages shared between them
/// are found as `stance tag` finds them within one run. One JSONL string
/// per document, in order.
pub fn tag_all(tagger: &Tagger, docs: &[Document], shared: bool) -> std::io::Result<Vec<String>> {
    let shared_docs: Vec<Vec<Vec<u32>>> = if shared {
        let fps: Vec<Fingerprints> = docs.par_iter().map(Fingerprints::of).collect();
        shared_in_memory(&fps)?
    } else {
        Vec::new()
    };
    docs.par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let mut tagged = tagger.tag(doc);
            if let Some(per_par) = shared_docs.get(i) {
                for (t, others) in tagged.iter_mut().zip(per_par) {
                    t.set_shared(
                        others
                            .iter()
                            .map(|&d| docs[d as usize].id.clone())
                            .collect(),
                        false,
                    );
                }
            }
            render(tagger, doc, &tagged)
        })
        .collect()
}

/// Tags `docs` in parallel with postings found elsewhere (a Spark job):
/// `postings[i]` lists, for the shared shingles of `docs[i]`, the ids of
/// the documents holding them (the document itself may be among them; it
/// is left out here). Gives the records [`tag_all`] gives over all the
/// documents of the job.
pub fn tag_with_postings(
    tagger: &Tagger,
    docs: &[Document],
    postings: &[Postings],
) -> std::io::Result<Vec<String>> {
    docs.par_iter()
        .zip(postings)
        .map(|(doc, posts)| {
            let mut tagged = tagger.tag(doc);
            // Other documents by number, numbered in id order so the
            // sorted output of shared_paragraphs is sorted by id.
            let mut ids: Vec<&str> = posts
                .iter()
                .flat_map(|(_, ds)| ds.iter().map(String::as_str))
                .filter(|&d| d != doc.id)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let number: FxHashMap<&str, u32> = ids
                .iter()
                .enumerate()
                .map(|(n, &d)| (d, n as u32))
                .collect();
            let matches = DocMatches::from_pairs(
                posts
                    .iter()
                    .flat_map(|(s, ds)| {
                        ds.iter()
                            .filter_map(|d| number.get(d.as_str()))
                            .map(move |&n| (*s as u64, n))
                    })
                    .collect(),
            );
            let per_par = matches.shared_paragraphs(&Fingerprints::of(doc));
            for (t, others) in tagged.iter_mut().zip(per_par) {
                t.set_shared(
                    others
                        .iter()
                        .map(|&n| ids[n as usize].to_string())
                        .collect(),
                    false,
                );
            }
            render(tagger, doc, &tagged)
        })
        .collect()
}
