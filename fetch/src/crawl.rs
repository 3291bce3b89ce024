//! The crawl: worker threads take jobs from the [`Schedule`], fetch them
//! with the [`Client`], and send what happened to the caller through a
//! bounded channel (so a slow caller slows the crawl instead of filling
//! memory). Redirects, retries and the pages a feed or sitemap lists go
//! back into the schedule, so every request is checked against robots.txt
//! and waits its host's delay.

use crate::client::{seconds, Client};
use crate::discover;
use crate::exchange::{Exchange, GZIP_MAGIC};
use crate::robots::{product_token, Robots};
use crate::schedule::{Job, Kind, Lease, Next, Place, Schedule};
use crate::{Event, Options, Page, Source};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use url::Url;

/// Sitemap indexes followed below the sitemap given (an index of indexes of
/// sitemaps is as deep as sites go).
const MAX_SITEMAP_DEPTH: u32 = 3;

/// Redirects followed for robots.txt (RFC 9309 asks for at least five).
const MAX_ROBOTS_REDIRECTS: u32 = 5;

/// A crawl under way: an iterator over its [`Event`]s, in the order they
/// happen. It ends when every URL is done; dropping it stops the workers
/// (each finishes its request in flight, within the timeout).
pub struct Crawl {
    early: VecDeque<Event>,
    events: Receiver<Event>,
    shared: Arc<Shared>,
}

/// What the workers share.
struct Shared {
    schedule: Mutex<Schedule>,
    wake: Condvar,
    stop: AtomicBool,
    client: Client,
    options: Options,
    /// URLs finished (fetched or failed) and known so far, for progress.
    done: AtomicUsize,
    known: AtomicUsize,
}

impl Crawl {
    /// Starts fetching `sources` with `options.parallel_hosts` workers.
    /// URLs that cannot be fetched at all (not http or https) come first,
    /// as [`Event::Failed`].
    pub fn start(sources: Vec<Source>, options: Options) -> Crawl {
        let now = Instant::now();
        let mut schedule = Schedule::new(options.delay);
        let mut early = VecDeque::new();
        for source in sources {
            let (text, kind) = match source {
                Source::Page(u) => (u, Kind::Page),
                Source::Feed(u) => (u, Kind::Feed),
                Source::Sitemap(u) => (u, Kind::Sitemap { depth: 0 }),
            };
            match parse_url(&text) {
                Ok(url) => {
                    schedule.push(Job::new(url, kind), Place::New, now);
                }
                Err(reason) => early.push_back(Event::Failed { url: text, reason }),
            }
        }
        let known = schedule.queued() + early.len();
        let workers = options.parallel_hosts.max(1);
        let (tx, rx) = std::sync::mpsc::sync_channel(workers * 2);
        let shared = Arc::new(Shared {
            schedule: Mutex::new(schedule),
            wake: Condvar::new(),
            stop: AtomicBool::new(false),
            client: Client::new(&options),
            options,
            done: AtomicUsize::new(early.len()),
            known: AtomicUsize::new(known),
        });
        for _ in 0..workers {
            let (shared, tx) = (Arc::clone(&shared), tx.clone());
            std::thread::spawn(move || worker(&shared, &tx));
        }
        Crawl {
            early,
            events: rx,
            shared,
        }
    }

    /// URLs finished so far (fetched or failed), and URLs known (grows as
    /// feeds and sitemaps are read), for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.shared.done.load(Ordering::Relaxed),
            self.shared.known.load(Ordering::Relaxed),
        )
    }

    /// Stops the crawl: no new request starts.
    pub fn stop(&self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        self.shared.wake.notify_all();
    }
}

impl Iterator for Crawl {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        self.early.pop_front().or_else(|| self.events.recv().ok())
    }
}

impl Drop for Crawl {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An http or https URL, or why not.
fn parse_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        "http" | "https" => Err("a URL without a host".into()),
        other => Err(format!("not an http or https URL (scheme {other:?})")),
    }
}

/// One worker: takes jobs until the schedule is done or the crawl stops.
fn worker(shared: &Shared, tx: &SyncSender<Event>) {
    while let Some(lease) = take(shared) {
        let host = lease.host;
        let outcome = run(shared, lease, tx);
        let mut later = Vec::new();
        let mut schedule = shared.schedule.lock().expect("no worker panics");
        let mut finished = outcome.finished;
        for (job, place) in outcome.queue {
            let target = job.url.to_string();
            let asked = job.asked.clone();
            match (schedule.push(job, place, Instant::now()), place) {
                (true, Place::New) => {
                    shared.known.fetch_add(1, Ordering::Relaxed);
                }
                (false, Place::Redirect) => {
                    // Not fetched twice, and not dropped quietly either.
                    schedule.duplicates -= 1;
                    finished = true;
                    later.push(Event::Failed {
                        url: asked,
                        reason: format!("redirects to {target}, which this run fetches already"),
                    });
                }
                _ => {}
            }
        }
        if finished {
            shared.done.fetch_add(1, Ordering::Relaxed);
        }
        schedule.release(host, Instant::now(), outcome.requested, outcome.wait);
        if schedule.duplicates > 0 && schedule.queued() == 0 {
            // Said when the queues run empty (once, unless more are found).
            let n = std::mem::take(&mut schedule.duplicates);
            later.push(Event::Note(format!(
                "{n} URL(s) given or found more than once were fetched once"
            )));
        }
        drop(schedule);
        shared.wake.notify_all();
        let mut hung_up = outcome.hung_up;
        for event in later {
            hung_up |= tx.send(event).is_err();
        }
        if hung_up {
            shared.stop.store(true, Ordering::Relaxed);
        }
    }
}

/// The next job, waiting for a host to be due; `None` when all is done.
fn take(shared: &Shared) -> Option<Lease> {
    let mut schedule = shared.schedule.lock().expect("no worker panics");
    loop {
        if shared.stop.load(Ordering::Relaxed) {
            return None;
        }
        match schedule.next(Instant::now()) {
            Next::Work(lease) => return Some(lease),
            Next::Done => {
                shared.wake.notify_all();
                return None;
            }
            Next::Wait(d) => {
                // Woken early when a host is freed; checks the stop flag at
                // least once a second.
                let d = d
                    .unwrap_or(Duration::from_secs(1))
                    .min(Duration::from_secs(1));
                schedule = shared
                    .wake
                    .wait_timeout(schedule, d)
                    .expect("no worker panics")
                    .0;
            }
        }
    }
}

/// What came of one job.
#[derive(Default)]
struct Outcome {
    /// Jobs to queue: a redirect, a retry, a feed's or sitemap's URLs.
    queue: Vec<(Job, Place)>,
    /// A request was made (the host's delay is due).
    requested: bool,
    /// The URL is done (fetched or failed), not passed on.
    finished: bool,
    /// The host waits at least this long (`Retry-After`).
    wait: Duration,
    /// The caller stopped listening.
    hung_up: bool,
}

/// Runs one job: robots.txt first when the host has none yet, then the
/// request, then whatever its answer asks for.
fn run(shared: &Shared, lease: Lease, tx: &SyncSender<Event>) -> Outcome {
    let mut out = Outcome::default();
    let mut send = |event: Event, out: &mut Outcome| {
        if tx.send(event).is_err() {
            out.hung_up = true;
        }
    };
    let Lease {
        host,
        job,
        needs_robots,
    } = lease;
    if needs_robots {
        let (robots, exchanges) = read_robots(shared, &job.url);
        for ex in exchanges {
            send(Event::Exchange(ex), &mut out);
        }
        let key = shared
            .schedule
            .lock()
            .expect("no worker panics")
            .key(host)
            .to_string();
        if let Some(note) = robots.delay_note(&key, shared.options.delay) {
            send(Event::Note(note), &mut out);
        }
        shared
            .schedule
            .lock()
            .expect("no worker panics")
            .set_robots(host, robots);
        // The page waits the host's delay after robots.txt.
        out.requested = true;
        out.queue.push((job, Place::Again));
        return out;
    }
    let verdict = shared
        .schedule
        .lock()
        .expect("no worker panics")
        .robots(host)
        .map(|r| r.check(job.url.as_str()));
    if let Some(Err(reason)) = verdict {
        out.finished = true;
        send(failed(&job, reason), &mut out);
        return out;
    }
    out.requested = true;
    let ex = match shared.client.get(&job.url) {
        Ok(ex) => ex,
        Err(reason) => {
            out.finished = true;
            send(failed(&job, reason), &mut out);
            return out;
        }
    };
    let options = &shared.options;
    match ex.status {
        300..=399 if ex.header("location").is_some() => {
            let location = ex.header("location").unwrap_or_default();
            let next = job.url.join(location.trim()).map_err(|e| e.to_string());
            send(Event::Exchange(ex), &mut out);
            match next {
                Ok(url) if job.hops < options.max_redirects => out.queue.push((
                    Job {
                        url,
                        hops: job.hops + 1,
                        tries: 0,
                        ..job
                    },
                    Place::Redirect,
                )),
                Ok(_) => {
                    out.finished = true;
                    let why = format!("more than {} redirects", options.max_redirects);
                    send(failed(&job, why), &mut out);
                }
                Err(e) => {
                    out.finished = true;
                    send(
                        failed(&job, format!("a redirect to a bad URL ({e})")),
                        &mut out,
                    );
                }
            }
        }
        429 | 500..=599 => {
            let status = ex.status_text();
            let wait = retry_after(&ex)
                .unwrap_or_else(|| options.backoff * 2u32.saturating_pow(job.tries));
            send(Event::Exchange(ex), &mut out);
            if job.tries >= options.retries {
                out.finished = true;
                let why = format!("{status} after {} tries", job.tries + 1);
                send(failed(&job, why), &mut out);
            } else if wait > options.max_retry_wait {
                out.finished = true;
                let why = format!(
                    "{status}, asked to retry after {} (more than {}); not retried",
                    seconds(wait),
                    seconds(options.max_retry_wait)
                );
                send(failed(&job, why), &mut out);
            } else {
                out.wait = wait;
                out.queue.push((
                    Job {
                        tries: job.tries + 1,
                        ..job
                    },
                    Place::Again,
                ));
            }
        }
        200..=299 => {
            out.finished = true;
            received(shared, job, ex, &mut out, &mut send);
        }
        _ => {
            out.finished = true;
            let why = ex.status_text();
            send(Event::Exchange(ex), &mut out);
            send(failed(&job, why), &mut out);
        }
    }
    out
}

/// A 2xx answer: a page is passed on (when it is not over the cap once
/// decompressed); a feed's or sitemap's URLs are queued.
fn received(
    shared: &Shared,
    job: Job,
    ex: Exchange,
    out: &mut Outcome,
    send: &mut dyn FnMut(Event, &mut Outcome),
) {
    let cap = shared.options.max_page_size;
    if job.kind == Kind::Page {
        match ex.content_len(cap) {
            Ok(_) => send(
                Event::Page(Page {
                    url: job.asked,
                    exchange: ex,
                }),
                out,
            ),
            Err(why) => {
                send(Event::Exchange(ex), out);
                send(failed(&job, why), out);
            }
        }
        return;
    }
    let content = ex.content(cap).and_then(|c| {
        if c.starts_with(&GZIP_MAGIC) {
            // A sitemap.xml.gz served as it is stored.
            let mut plain = Vec::new();
            crate::exchange::read_capped(
                flate2::read::MultiGzDecoder::new(&c[..]),
                cap,
                &mut plain,
            )?;
            return Ok(plain);
        }
        Ok(c)
    });
    let base = Url::parse(&ex.url).unwrap_or_else(|_| job.url.clone());
    send(Event::Exchange(ex), out);
    let found = content.and_then(|c| match job.kind {
        Kind::Feed => discover::feed_links(&c, &base).map(|links| {
            let n = links.len();
            out.queue.extend(
                links
                    .into_iter()
                    .map(|u| (Job::new(u, Kind::Page), Place::New)),
            );
            format!("{}: feed with {n} item link(s)", job.asked)
        }),
        Kind::Sitemap { depth } => discover::sitemap(&c).map(|map| {
            let (pages, maps) = (map.pages.len(), map.sitemaps.len());
            let mut bad = 0;
            for u in map.pages {
                match parse_url(&u) {
                    Ok(url) => out.queue.push((Job::new(url, Kind::Page), Place::New)),
                    Err(_) => bad += 1,
                }
            }
            let mut deep = 0;
            for u in map.sitemaps {
                match parse_url(&u) {
                    Ok(_) if depth >= MAX_SITEMAP_DEPTH => deep += 1,
                    Ok(url) => out.queue.push((
                        Job::new(url, Kind::Sitemap { depth: depth + 1 }),
                        Place::New,
                    )),
                    Err(_) => bad += 1,
                }
            }
            let mut note = if maps > 0 {
                format!("{}: sitemap index of {maps} sitemap(s)", job.asked)
            } else {
                format!("{}: sitemap of {pages} page(s)", job.asked)
            };
            for (n, what) in [
                (bad, "not http(s) URLs"),
                (deep, "sitemaps nested too deep"),
                (map.dropped, "entries past the 50,000 a sitemap may list"),
            ] {
                if n > 0 {
                    note.push_str(&format!("; {n} {what} skipped"));
                }
            }
            note
        }),
        Kind::Page => unreachable!("pages are passed on above"),
    });
    match found {
        Ok(note) => send(Event::Note(note), out),
        Err(why) => send(failed(&job, why), out),
    }
}

/// A failure event for `job` (named by the URL first given, and where a
/// redirect led).
fn failed(job: &Job, reason: String) -> Event {
    let reason = if job.hops > 0 {
        format!("{reason} (at {}, after {} redirect(s))", job.url, job.hops)
    } else {
        reason
    };
    Event::Failed {
        url: job.asked.clone(),
        reason,
    }
}

/// The wait a 429 or 503 asks for: `Retry-After` in seconds or as a date.
fn retry_after(ex: &Exchange) -> Option<Duration> {
    let value = ex.header("retry-after")?;
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// Reads the robots.txt of `url`'s host, following a few redirects.
fn read_robots(shared: &Shared, url: &Url) -> (Robots, Vec<Exchange>) {
    let mut exchanges = Vec::new();
    let mut at = match url.join("/robots.txt") {
        Ok(u) => u,
        Err(e) => {
            return (
                Robots::DenyAll(format!("no robots.txt URL ({e})")),
                exchanges,
            )
        }
    };
    let token = product_token(&shared.options.user_agent);
    for _ in 0..=MAX_ROBOTS_REDIRECTS {
        let answer = shared.client.get(&at);
        let next = match &answer {
            Ok(ex) if (300..=399).contains(&ex.status) => {
                ex.header("location").and_then(|l| at.join(l.trim()).ok())
            }
            _ => None,
        };
        let robots = Robots::from_answer(&answer, token);
        if let Ok(ex) = answer {
            exchanges.push(ex);
        }
        match next {
            Some(n) => at = n,
            None => return (robots, exchanges),
        }
    }
    (
        Robots::DenyAll(format!(
            "robots.txt redirected more than {MAX_ROBOTS_REDIRECTS} times"
        )),
        exchanges,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_with_a_host_are_fetched() {
        assert!(parse_url(" https://a.test/x ").is_ok());
        assert_eq!(
            parse_url("ftp://a.test/x").unwrap_err(),
            "not an http or https URL (scheme \"ftp\")"
        );
        assert!(parse_url("posts/a.html")
            .unwrap_err()
            .starts_with("not a URL"));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let mut ex = Exchange {
            url: "http://a.test/".into(),
            date: std::time::SystemTime::now(),
            request: Vec::new(),
            version: "HTTP/1.1".into(),
            status: 429,
            headers: vec![("Retry-After".into(), b"7".to_vec())],
            body: Vec::new(),
        };
        assert_eq!(retry_after(&ex), Some(Duration::from_secs(7)));
        let later = chrono::Utc::now() + chrono::Duration::seconds(120);
        ex.headers[0].1 = later.to_rfc2822().into_bytes();
        let wait = retry_after(&ex).unwrap();
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120));
        ex.headers[0].1 = b"soon".to_vec();
        assert_eq!(retry_after(&ex), None);
    }
}
