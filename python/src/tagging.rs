//! Tagging documents and rendering their records with the core library's
//! writer, so every field, its order and every float are the CLI's.
//!
//! Shared passages go through the stable, index-free core API: each
//! document's [`Fingerprints`], postings (shingle → documents holding it,
//! ignored beyond [`MAX_DOCS_PER_SHINGLE`]), [`shared_paragraphs`], then
//! [`Tagged::set_shared`]. Within one call the postings are built here; in
//! the Spark job they come from a Spark aggregation.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use stance::output::{OutputFormat, Record, RecordWriter};
use stance::structure::shared::{shared_paragraphs, Fingerprints, MAX_DOCS_PER_SHINGLE};
use stance::{Document, Tagged, Tagger};

/// One document's postings as a Spark job hands them over: for each shared
/// shingle (as a signed 64-bit Spark long), the ids of the documents holding it.
pub type Postings = Vec<(i64, Vec<String>)>;

/// The distinct shingles of a document, as Spark longs.
pub fn shingles(doc: &Document) -> Vec<i64> {
    let mut s: Vec<i64> = Fingerprints::of(doc)
        .shingles
        .iter()
        .map(|&h| h as i64)
        .collect();
    s.sort_unstable();
    s.dedup();
    s
}

/// Renders one document's tagged paragraphs as JSONL.
fn render(tagger: &Tagger, doc: &Document, tagged: &[Tagged]) -> std::io::Result<String> {
    let mut out = RecordWriter::new(OutputFormat::Jsonl, Vec::new());
    for t in tagged {
        out.write(&Record {
            doc: &doc.id,
            tagged: t,
            classes: tagger.stance_classes(),
            sentiment_classes: tagger.sentiment_classes(),
            meta: &doc.meta,
        })?;
    }
    Ok(String::from_utf8(out.finish()?).expect("JSON is UTF-8"))
}

/// Shingle → the documents (positions in `docs`) holding it; a shingle held
/// by more than [`MAX_DOCS_PER_SHINGLE`] documents maps to nothing, as in
/// the CLI's index.
fn postings(fps: &[Fingerprints]) -> FxHashMap<u64, Vec<u32>> {
    let mut map: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    let mut saturated = rustc_hash::FxHashSet::default();
    for (d, fp) in fps.iter().enumerate() {
        for &s in &fp.shingles {
            if saturated.contains(&s) {
                continue;
            }
            let list = map.entry(s).or_default();
            if list.last() != Some(&(d as u32)) {
                list.push(d as u32);
                if list.len() > MAX_DOCS_PER_SHINGLE {
                    map.remove(&s);
                    saturated.insert(s);
                }
            }
        }
    }
    map
}

/// Tags `docs` in parallel; with `shared`, passages shared between them
/// are found as `stance tag` finds them within one run. One JSONL string
/// per document, in order.
pub fn tag_all(tagger: &Tagger, docs: &[Document], shared: bool) -> std::io::Result<Vec<String>> {
    let fps: Vec<Fingerprints> = if shared {
        docs.par_iter().map(Fingerprints::of).collect()
    } else {
        Vec::new()
    };
    let map = postings(&fps);
    docs.par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let mut tagged = tagger.tag(doc, None);
            if shared {
                let me = i as u32;
                let per_par = shared_paragraphs(&fps[i], |s| {
                    map.get(&s)
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(move |&d| d != me)
                });
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
            let mut tagged = tagger.tag(doc, None);
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
            let by_shingle: FxHashMap<u64, Vec<u32>> = posts
                .iter()
                .map(|(s, ds)| {
                    let others = ds.iter().filter_map(|d| number.get(d.as_str()).copied());
                    (*s as u64, others.collect())
                })
                .collect();
            let per_par = shared_paragraphs(&Fingerprints::of(doc), |s| {
                by_shingle.get(&s).into_iter().flatten().copied()
            });
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
