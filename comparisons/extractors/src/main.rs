//! `extractors CANDIDATE FILE...`: runs one extraction crate on each HTML
//! file (`.gz` is decompressed) and prints one JSON line per file:
//! `{"file", "text", "secs"}`, `text` being the crate's plain-text article
//! body (paragraphs on their own lines) and `secs` the extraction time
//! alone (reading and decompressing not counted). With `EXTRACTORS_HTML`
//! set, prints the structured output (cleaned HTML, comments, metadata) of
//! the first file instead.

use std::io::{Read, Write};
use std::time::Instant;

/// Each crate with its defaults; `+name` variants change one option.
const CANDIDATES: &[&str] = &[
    "rs-trafilatura",
    "rs-trafilatura+precision",
    "trafilatura",
    "trafilatura+fallback",
    "trafilatura+fallback+nobaseline",
    "trafilatura+precision",
    "dom_smoothie",
    "readabilityrs",
];

fn rs_options(candidate: &str) -> rs_trafilatura::Options {
    rs_trafilatura::Options {
        favor_precision: candidate.ends_with("+precision"),
        ..Default::default()
    }
}

fn options(candidate: &str) -> trafilatura::Options {
    let mut o = trafilatura::Options::default();
    if candidate.contains("+fallback") {
        o = o.with_fallback(true);
    }
    if candidate.ends_with("+nobaseline") {
        // As stance reads pages: no plain-text dump of the page when the
        // article found is short (stance walks the page itself then).
        o.config = o.config.with_min_extracted_size(0);
    }
    if candidate.ends_with("+precision") {
        o = o.with_focus(trafilatura::ExtractionFocus::FavorPrecision);
    }
    o
}

fn extract(candidate: &str, html: &str) -> Result<String, String> {
    match candidate {
        c if c.starts_with("rs-trafilatura") => {
            rs_trafilatura::extract_with_options(html, &rs_options(c))
                .map(|r| r.content_text)
                .map_err(|e| e.to_string())
        }
        c if c.starts_with("trafilatura") => trafilatura::extract(html, &options(c))
            .map(|r| r.content_text)
            .map_err(|e| e.to_string()),
        "dom_smoothie" => dom_smoothie::Readability::new(html, None, None)
            .and_then(|mut r| r.parse())
            .map(|a| a.text_content.to_string())
            .map_err(|e| e.to_string()),
        "readabilityrs" => readabilityrs::Readability::new(html, None, None)
            .map_err(|e| e.to_string())
            .map(|r| r.parse().and_then(|a| a.text_content).unwrap_or_default()),
        other => Err(format!("unknown candidate {other}")),
    }
}

/// The crate's structured output for one page (cleaned HTML of the body,
/// then of the comments), for looking at what a candidate keeps.
fn structured(candidate: &str, html: &str) -> String {
    match candidate {
        c if c.starts_with("rs-trafilatura") => {
            let opts = rs_trafilatura::Options {
                include_comments: true,
                ..rs_options(c)
            };
            rs_trafilatura::extract_with_options(html, &opts)
                .map(|r| {
                    format!(
                        "{}\n<!-- comments -->\n{}\n<!-- meta -->\n{:?}",
                        r.content_html.unwrap_or_default(),
                        r.comments_html.unwrap_or_default(),
                        r.metadata
                    )
                })
                .unwrap_or_else(|e| e.to_string())
        }
        c if c.starts_with("trafilatura") => trafilatura::extract(html, &options(c))
            .map(|r| {
                format!(
                    "{}\n<!-- comments -->\n{}\n<!-- meta -->\n{:?}",
                    r.content_html, r.comments_html, r.metadata
                )
            })
            .unwrap_or_else(|e| e.to_string()),
        _ => String::new(),
    }
}

fn read(path: &str) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let bytes = if path.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
        out
    } else {
        bytes
    };
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((candidate, files)) = args.split_first() else {
        eprintln!("usage: extractors {{{}}} FILE...", CANDIDATES.join("|"));
        std::process::exit(2);
    };
    if !CANDIDATES.contains(&candidate.as_str()) {
        eprintln!("unknown candidate {candidate}; one of {}", CANDIDATES.join(", "));
        std::process::exit(2);
    }
    if let Some(file) = files.first().filter(|_| std::env::var_os("EXTRACTORS_HTML").is_some()) {
        println!("{}", structured(candidate, &read(file).unwrap()));
        return;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in files {
        let html = match read(file) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(2);
            }
        };
        let t = Instant::now();
        let text = extract(candidate, &html).unwrap_or_else(|e| {
            eprintln!("{file}: {candidate}: {e}");
            String::new()
        });
        let secs = t.elapsed().as_secs_f64();
        let line = serde_json::json!({"file": file, "text": text, "secs": secs});
        writeln!(out, "{line}").unwrap();
    }
}
