//! `Model.tag_urls`: web pages fetched by the `stance-fetch` crate (the
//! command line's fetcher: robots.txt, per-host delay, timeout, size cap,
//! retries), each response read by the core's HTTP response reader, the
//! code `stance tag URL` and a WARC record go through, so the documents
//! are the CLI's. Nothing here parses HTTP or HTML itself.

use stance::atomic::AtomicFile;
use stance::read::{self, Event, ReadOptions};
use stance::Document;
use stance_fetch::{Crawl, Source, WarcWriter};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// What to fetch and how, as `stance tag`'s web options give it.
pub struct Request {
    pub urls: Vec<String>,
    pub feeds: Vec<String>,
    pub sitemaps: Vec<String>,
    pub delay: Duration,
    pub timeout: Duration,
    pub max_page_size: u64,
    pub user_agent: Option<String>,
    /// `--save-warc`: every exchange archived here, the file appearing
    /// only once the crawl is over.
    pub save_warc: Option<PathBuf>,
}

/// What a crawl gave: documents in the order their pages arrived, the
/// readers' warnings, notes, and the URLs not fetched with why.
#[derive(Default)]
pub struct Fetched {
    pub docs: Vec<Document>,
    pub warnings: Vec<String>,
    pub failures: Vec<(String, String)>,
}

/// The WARC file being written (a temporary file until committed).
struct Archive(WarcWriter<AtomicWriter>, PathBuf);

/// An [`AtomicFile`] as a `Write`.
struct AtomicWriter(AtomicFile);

impl Write for AtomicWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.writer().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.writer().flush()
    }
}

/// A crawl under way, consumed one event at a time so the caller can look
/// at Python's signals (Ctrl-C) between two.
pub struct Fetch {
    crawl: Crawl,
    archive: Option<Archive>,
    options: ReadOptions,
    pub out: Fetched,
}

impl Fetch {
    /// Starts fetching; fails only when the archive cannot be created.
    pub fn start(request: Request) -> Result<Fetch, String> {
        let archive = match &request.save_warc {
            None => None,
            Some(path) => {
                let file = AtomicFile::create(path).map_err(|e| e.to_string())?;
                let writer = WarcWriter::new(AtomicWriter(file), &software())
                    .map_err(|e| format!("writing {}: {e}", path.display()))?;
                Some(Archive(writer, path.clone()))
            }
        };
        let options = stance_fetch::Options {
            delay: request.delay,
            timeout: request.timeout,
            max_page_size: request.max_page_size,
            user_agent: request.user_agent.unwrap_or_else(software),
            ..stance_fetch::Options::default()
        };
        let sources = request
            .urls
            .into_iter()
            .map(Source::Page)
            .chain(request.feeds.into_iter().map(Source::Feed))
            .chain(request.sitemaps.into_iter().map(Source::Sitemap))
            .collect();
        Ok(Fetch {
            crawl: Crawl::start(sources, options),
            archive,
            options: ReadOptions::default(),
            out: Fetched::default(),
        })
    }

    /// Handles the next event of the crawl; false once it is over.
    pub fn step(&mut self) -> Result<bool, String> {
        let Some(event) = self.crawl.next() else {
            return Ok(false);
        };
        if let (Some(Archive(writer, path)), Some(ex)) = (self.archive.as_mut(), event.exchange()) {
            writer
                .write(ex)
                .map_err(|e| format!("writing {}: {e}", path.display()))?;
        }
        let out = &mut self.out;
        match event {
            stance_fetch::Event::Page(page) => {
                let ex = &page.exchange;
                read::http::read(&ex.url, &ex.http_block(), &self.options, &mut |e| {
                    match e {
                        Event::Doc(doc) => out.docs.push(doc),
                        Event::Warning { message, .. } => out.warnings.push(message),
                        Event::Bad(e) => out.warnings.push(format!("{e}; skipped")),
                    }
                    Ok(())
                })
                .map_err(|e| e.to_string())?;
            }
            stance_fetch::Event::Failed { url, reason } => out.failures.push((url, reason)),
            stance_fetch::Event::Note(note) => out.warnings.push(note),
            stance_fetch::Event::Exchange(_) => {}
        }
        Ok(true)
    }

    /// Ends the crawl: the archive is renamed into place. (Dropping a
    /// `Fetch` instead stops the crawl and removes the archive.)
    pub fn finish(self) -> Result<Fetched, String> {
        if let Some(Archive(writer, path)) = self.archive {
            let what = |e: &dyn std::fmt::Display| format!("writing {}: {e}", path.display());
            let file = writer.finish().map_err(|e| what(&e))?;
            file.0.commit().map_err(|e| what(&e))?;
        }
        Ok(self.out)
    }
}

/// `stance/VERSION`, as the CLI names itself (the package's version).
fn software() -> String {
    format!("stance/{}", env!("CARGO_PKG_VERSION"))
}
