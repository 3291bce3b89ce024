//! `stance tag`'s web inputs: URLs given as inputs, `--urls`, `--feed`,
//! `--sitemap` → pages fetched by the `stance-fetch` crate → the core's
//! HTTP response reader (`read::http`, the code a WARC record goes
//! through, given the same bytes `--save-warc` archives), so a live run and
//! a run over its archive give the same records.

use super::input::Item;
use super::util::parse_size;
use anyhow::{Context, Result};
use stance::atomic::AtomicFile;
use stance::read::{self, Event, ReadOptions};
use stance_fetch::{Crawl, Source, WarcWriter};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The options of `stance tag` that fetch pages.
#[derive(clap::Args, Clone)]
pub struct FetchArgs {
    /// Fetch the URLs listed in FILE, one a line (- for stdin; blank lines and
    /// lines starting with # are skipped).
    #[arg(long, value_name = "FILE", help_heading = "Web inputs")]
    urls: Option<String>,
    /// Fetch every item of this RSS or Atom feed (may be repeated).
    #[arg(long, value_name = "URL", help_heading = "Web inputs")]
    feed: Vec<String>,
    /// Fetch every page of this sitemap or sitemap index (.xml or .xml.gz; may be
    /// repeated).
    #[arg(long, value_name = "URL", help_heading = "Web inputs")]
    sitemap: Vec<String>,
    /// Time between two requests to one host (e.g. 1s, 500ms; a longer
    /// robots.txt Crawl-delay wins).
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_duration, help_heading = "Web inputs")]
    delay: Duration,
    /// Longest a request may take, from connecting to the last byte.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration, help_heading = "Web inputs")]
    timeout: Duration,
    /// Largest page, as sent and once decompressed (e.g. 20M, 512K).
    #[arg(long, value_name = "SIZE", default_value = "20M", value_parser = parse_size, help_heading = "Web inputs")]
    max_page_size: usize,
    /// The User-Agent header; its first word is the name robots.txt rules
    /// are matched against [default: stance/VERSION].
    #[arg(long, value_name = "TEXT", help_heading = "Web inputs")]
    user_agent: Option<String>,
    /// Write every HTTP exchange (request and response) to FILE as WARC
    /// records, gzipped one by one; `stance tag FILE` reads the same pages.
    #[arg(long, value_name = "FILE.warc.gz", help_heading = "Web inputs")]
    pub save_warc: Option<PathBuf>,
}

impl Default for FetchArgs {
    fn default() -> Self {
        FetchArgs {
            urls: None,
            feed: Vec::new(),
            sitemap: Vec::new(),
            delay: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            max_page_size: 20 << 20,
            user_agent: None,
            save_warc: None,
        }
    }
}

/// Whether an input names a web page rather than a file.
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Refuses URLs where files are expected, naming the way to fetch them.
pub fn files_only(paths: &[String], option: &str) -> Result<()> {
    if let Some(url) = paths.iter().find(|p| is_url(p)) {
        anyhow::bail!(
            "{option} takes files, and {url} is a URL; fetch pages with `stance tag URL`, --urls FILE, --feed URL or --sitemap URL"
        );
    }
    Ok(())
}

/// Refuses URLs where labelled data is expected (`--data`, `--exclude`):
/// a labelled set is downloaded, not fetched page by page. A spec may be
/// `KIND:PATH`.
pub fn labelled_only(specs: &[String], option: &str) -> Result<()> {
    let url = |s: &&String| is_url(s) || s.split_once(':').is_some_and(|(_, p)| is_url(p));
    if let Some(url) = specs.iter().find(url) {
        anyhow::bail!(
            "{option} takes labelled files or folders, and {url} is a URL; download the data set first (to label web pages, use `stance tag URL`, --urls FILE, --feed URL or --sitemap URL)"
        );
    }
    Ok(())
}

/// The web inputs of a run: the URLs among the inputs, then those of
/// `--urls`, then the feeds and sitemaps. Empty when there are none.
pub fn sources(urls: &[String], args: &FetchArgs) -> Result<Vec<Source>> {
    let mut sources: Vec<Source> = urls.iter().cloned().map(Source::Page).collect();
    if let Some(list) = &args.urls {
        if is_url(list) {
            anyhow::bail!(
                "--urls takes a file listing URLs, and {list} is a URL; give a page as an input (`stance tag {list}`), or use --feed or --sitemap"
            );
        }
        sources.extend(read_list(list)?.into_iter().map(Source::Page));
    }
    for (given, option) in args
        .feed
        .iter()
        .map(|f| (f, "--feed"))
        .chain(args.sitemap.iter().map(|s| (s, "--sitemap")))
    {
        if !is_url(given) {
            anyhow::bail!("{option} takes an http or https URL, and {given} is not one (read a saved feed or sitemap as a file instead)");
        }
        sources.push(match option {
            "--feed" => Source::Feed(given.clone()),
            _ => Source::Sitemap(given.clone()),
        });
    }
    Ok(sources)
}

/// The URLs of a list file (or stdin for `-`).
fn read_list(list: &str) -> Result<Vec<String>> {
    let reader: Box<dyn BufRead> = if list == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(list).with_context(|| format!("reading --urls {list}"))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut urls = Vec::new();
    for line in reader.lines() {
        let line = line.with_context(|| format!("reading --urls {list}"))?;
        let line = line.trim();
        if !line.is_empty() && !line.starts_with('#') {
            urls.push(line.to_string());
        }
    }
    Ok(urls)
}

/// `1s`, `500ms`, `2m`, `1.5` (seconds).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (e.g. 1s, 500ms, 2m)"))?;
    let scale = match unit.trim() {
        "" | "s" | "sec" => 1.0,
        "ms" => 1e-3,
        "m" | "min" => 60.0,
        other => return Err(format!("unknown unit `{other}` in `{s}` (use ms, s or m)")),
    };
    Duration::try_from_secs_f64(num * scale).map_err(|e| format!("`{s}`: {e}"))
}

/// The WARC file being written: a temporary file renamed into place when
/// the run ends well.
pub struct Archive {
    path: PathBuf,
    writer: WarcWriter<AtomicWriter>,
}

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

impl Archive {
    /// Starts `--save-warc`, if given.
    pub fn create(args: &FetchArgs) -> Result<Option<Archive>> {
        let Some(path) = &args.save_warc else {
            return Ok(None);
        };
        let file = AtomicFile::create(path)?;
        let software = format!("stance/{}", env!("CARGO_PKG_VERSION"));
        let writer = WarcWriter::new(AtomicWriter(file), &software)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(Some(Archive {
            path: path.clone(),
            writer,
        }))
    }

    /// The temporary file being written.
    pub fn temp_path(&self) -> &std::path::Path {
        self.writer.get_ref().0.temp_path()
    }

    /// Renames the archive into place.
    pub fn commit(self) -> Result<()> {
        let what = || format!("writing {}", self.path.display());
        let file = self.writer.finish().with_context(what)?;
        file.0.commit().with_context(what)
    }
}

/// Everything the web inputs need on the reader thread.
pub struct Web<'a> {
    pub sources: Vec<Source>,
    pub args: &'a FetchArgs,
    pub archive: Option<&'a mut Archive>,
    /// Set when the run is cut short (Ctrl-C).
    pub stop: &'a AtomicBool,
}

/// Fetches the web inputs and hands their documents, warnings and progress
/// to `push` (false when the tagging side hung up) as they arrive.
pub fn read_web(
    web: Web,
    options: &ReadOptions,
    push: &mut dyn FnMut(Item) -> bool,
) -> Result<(), stance::Error> {
    let fetch_options = stance_fetch::Options {
        delay: web.args.delay,
        timeout: web.args.timeout,
        max_page_size: web.args.max_page_size as u64,
        user_agent: web
            .args
            .user_agent
            .clone()
            .unwrap_or_else(|| format!("stance/{}", env!("CARGO_PKG_VERSION"))),
        ..stance_fetch::Options::default()
    };
    let mut crawl = Crawl::start(web.sources, fetch_options);
    let mut known = crawl.progress().1;
    if !push(Item::MoreInputs(known as u64)) {
        return Ok(());
    }
    let mut archive = web.archive;
    while let Some(event) = crawl.next() {
        if web.stop.load(Ordering::Relaxed) {
            break;
        }
        if let (Some(archive), Some(ex)) = (archive.as_deref_mut(), event.exchange()) {
            if let Err(e) = archive.writer.write(ex) {
                let path = archive.path.display().to_string();
                return Err(stance::Error::io(path, e));
            }
        }
        let mut hung_up = false;
        match event {
            stance_fetch::Event::Page(page) => {
                let ex = &page.exchange;
                read::http::read(&ex.url, &ex.http_block(), options, &mut |e| {
                    let item = match e {
                        Event::Doc(doc) => Item::Doc(doc),
                        Event::Warning { message, skipped } => Item::Warning { message, skipped },
                        Event::Bad(e) => Item::Bad(e),
                    };
                    hung_up |= !push(item);
                    Ok(())
                })?;
                hung_up |= !push(Item::InputDone);
            }
            stance_fetch::Event::Failed { url, reason } => {
                hung_up |= !push(Item::Warning {
                    message: format!("{url}: {reason}"),
                    skipped: true,
                });
                hung_up |= !push(Item::InputDone);
            }
            stance_fetch::Event::Note(note) => hung_up |= !push(Item::Note(note)),
            stance_fetch::Event::Exchange(_) => {}
        }
        let now_known = crawl.progress().1;
        if now_known > known {
            hung_up |= !push(Item::MoreInputs((now_known - known) as u64));
            known = now_known;
        }
        if hung_up {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_with_their_units() {
        assert_eq!(parse_duration("1s"), Ok(Duration::from_secs(1)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3h")
            .unwrap_err()
            .contains("unknown unit `h`"));
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.org/story"));
        assert!(is_url("HTTP://EXAMPLE.ORG"));
        assert!(!is_url("posts/http-notes.txt"));
        assert!(!is_url("-"));
        let err = files_only(&["a.txt".into(), "http://x.test/".into()], "--reference")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("--reference takes files, and http://x.test/ is a URL"));
        assert!(labelled_only(&["data/stance".into()], "--data").is_ok());
        let err = labelled_only(&["webis:https://x.test/c.zip".into()], "--data")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(
            "--data takes labelled files or folders, and webis:https://x.test/c.zip is a URL"
        ));
    }
}
