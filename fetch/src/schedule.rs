//! Which URL to fetch next: one queue per host (scheme, host and port), at
//! most one request to a host at a time, and a host's next request no
//! sooner than its delay after the last one ended. Several hosts are
//! fetched at once; the next host is taken round-robin among the ready
//! ones, so one large site does not starve the others.
//!
//! Plain bookkeeping, no I/O and no clock of its own: the crawl passes
//! `now` in.

use crate::robots::Robots;
use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};
use url::Url;

/// What a URL is fetched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A page, handed to the caller.
    Page,
    /// A feed whose item links are queued as pages.
    Feed,
    /// A sitemap (`depth` sitemap indexes above it).
    Sitemap { depth: u32 },
}

/// One URL to fetch.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Job {
    /// What to request now (after redirects).
    pub url: Url,
    /// The URL as first given, for messages.
    pub asked: String,
    pub kind: Kind,
    /// Redirects followed so far.
    pub hops: u32,
    /// Tries so far (retries after 429 and 5xx).
    pub tries: u32,
}

impl Job {
    /// A first request for `url`.
    pub fn new(url: Url, kind: Kind) -> Job {
        Job {
            asked: url.to_string(),
            url,
            kind,
            hops: 0,
            tries: 0,
        }
    }
}

struct Host {
    key: String,
    queue: VecDeque<Job>,
    /// No request starts before this.
    next_at: Instant,
    busy: bool,
    /// `None` until robots.txt is read.
    robots: Option<Robots>,
}

/// Where a job goes in its host's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A URL given or found: last, unless that page was queued before.
    New,
    /// Where a redirect leads: first, unless that page was queued before.
    Redirect,
    /// The same job again (a retry, or after robots.txt was read): first.
    Again,
}

/// A job handed to a worker; the host stays busy until [`Schedule::release`].
#[derive(Debug)]
pub(crate) struct Lease {
    pub host: usize,
    pub job: Job,
    /// robots.txt must be read before the job.
    pub needs_robots: bool,
}

/// What a worker does next.
#[derive(Debug)]
pub(crate) enum Next {
    Work(Lease),
    /// Nothing is ready: wait this long (or until woken, for `None`).
    Wait(Option<Duration>),
    /// Every queue is empty and no request is in flight.
    Done,
}

/// The queues of every host.
pub(crate) struct Schedule {
    hosts: Vec<Host>,
    by_key: HashMap<String, usize>,
    delay: Duration,
    queued: usize,
    busy: usize,
    cursor: usize,
    /// Pages queued so far (first URLs and redirect targets), to fetch each
    /// once.
    seen: HashSet<String>,
    /// Pages not queued again.
    pub duplicates: usize,
}

/// A host's key: `http://a.example:8080`.
pub(crate) fn host_key(url: &Url) -> String {
    url.origin().ascii_serialization()
}

impl Schedule {
    /// Empty queues; `delay` between two requests to one host.
    pub fn new(delay: Duration) -> Schedule {
        Schedule {
            hosts: Vec::new(),
            by_key: HashMap::new(),
            delay,
            queued: 0,
            busy: 0,
            cursor: 0,
            seen: HashSet::new(),
            duplicates: 0,
        }
    }

    /// Queues `job` on its host (a redirect or a retry goes before the
    /// host's other URLs). A page already queued once is counted in
    /// `duplicates` instead; returns whether it was queued.
    pub fn push(&mut self, job: Job, place: Place, now: Instant) -> bool {
        if job.kind == Kind::Page && place != Place::Again && !self.seen.insert(job.url.to_string())
        {
            self.duplicates += 1;
            return false;
        }
        let key = host_key(&job.url);
        let i = *self.by_key.entry(key.clone()).or_insert_with(|| {
            self.hosts.push(Host {
                key,
                queue: VecDeque::new(),
                next_at: now,
                busy: false,
                robots: None,
            });
            self.hosts.len() - 1
        });
        let queue = &mut self.hosts[i].queue;
        if place == Place::New {
            queue.push_back(job);
        } else {
            queue.push_front(job);
        }
        self.queued += 1;
        true
    }

    /// The next job whose host is free and due, round-robin over hosts.
    pub fn next(&mut self, now: Instant) -> Next {
        if self.queued == 0 {
            return if self.busy == 0 {
                Next::Done
            } else {
                Next::Wait(None)
            };
        }
        let n = self.hosts.len();
        let mut soonest: Option<Instant> = None;
        for step in 0..n {
            let i = (self.cursor + step) % n;
            let host = &mut self.hosts[i];
            if host.busy || host.queue.is_empty() {
                continue;
            }
            if host.next_at > now {
                soonest = Some(soonest.map_or(host.next_at, |s| s.min(host.next_at)));
                continue;
            }
            let job = host.queue.pop_front().expect("the queue is not empty");
            host.busy = true;
            self.queued -= 1;
            self.busy += 1;
            self.cursor = (i + 1) % n;
            return Next::Work(Lease {
                host: i,
                needs_robots: host.robots.is_none(),
                job,
            });
        }
        Next::Wait(soonest.map(|s| s - now))
    }

    /// Frees a host after a request that ended at `now`: its next request
    /// waits the delay (or the robots.txt `Crawl-delay`, if longer, or
    /// `at_least` after a `Retry-After`). `requested` is false when no
    /// request was made (a URL robots.txt forbids), so no delay is due.
    pub fn release(&mut self, host: usize, now: Instant, requested: bool, at_least: Duration) {
        let delay = self.delay_of(host);
        let h = &mut self.hosts[host];
        if requested {
            h.next_at = h.next_at.max(now + delay.max(at_least));
        }
        h.busy = false;
        self.busy -= 1;
    }

    /// The delay between two requests to `host`.
    pub fn delay_of(&self, host: usize) -> Duration {
        let asked = self.hosts[host]
            .robots
            .as_ref()
            .and_then(Robots::crawl_delay)
            .unwrap_or_default();
        self.delay.max(asked)
    }

    /// Records what the host's robots.txt says.
    pub fn set_robots(&mut self, host: usize, robots: Robots) {
        self.hosts[host].robots = Some(robots);
    }

    /// The host's robots.txt rules (read before its first job runs).
    pub fn robots(&self, host: usize) -> Option<&Robots> {
        self.hosts[host].robots.as_ref()
    }

    /// The host's key (`http://a.example:8080`).
    pub fn key(&self, host: usize) -> &str {
        &self.hosts[host].key
    }

    /// Jobs waiting in the queues.
    pub fn queued(&self) -> usize {
        self.queued
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str) -> Job {
        Job::new(Url::parse(url).unwrap(), Kind::Page)
    }

    fn work(next: Next) -> Lease {
        match next {
            Next::Work(lease) => lease,
            other => panic!("expected work, got {other:?}"),
        }
    }

    #[test]
    fn one_request_per_host_at_a_time_and_the_delay_between() {
        let t0 = Instant::now();
        let second = Duration::from_secs(1);
        let mut s = Schedule::new(second);
        for u in ["http://a.test/1", "http://a.test/2", "http://b.test/1"] {
            assert!(s.push(page(u), Place::New, t0));
        }
        let first = work(s.next(t0));
        assert_eq!(first.job.url.as_str(), "http://a.test/1");
        assert!(first.needs_robots);
        // a.test is busy: b.test goes next, then nothing is free.
        let other = work(s.next(t0));
        assert_eq!(other.job.url.as_str(), "http://b.test/1");
        assert!(matches!(s.next(t0), Next::Wait(None)));
        s.set_robots(first.host, Robots::AllowAll);
        s.release(first.host, t0, true, Duration::ZERO);
        // a.test/2 waits its delay.
        match s.next(t0 + second / 2) {
            Next::Wait(Some(d)) => assert_eq!(d, second / 2),
            other => panic!("{other:?}"),
        }
        let again = work(s.next(t0 + second));
        assert_eq!(again.job.url.as_str(), "http://a.test/2");
        assert!(!again.needs_robots);
        s.release(again.host, t0 + second, true, Duration::ZERO);
        s.release(other.host, t0, false, Duration::ZERO);
        assert!(matches!(s.next(t0 + second), Next::Done));
    }

    #[test]
    fn a_retry_after_longer_than_the_delay_is_waited() {
        let t0 = Instant::now();
        let mut s = Schedule::new(Duration::ZERO);
        s.push(page("http://a.test/1"), Place::New, t0);
        let lease = work(s.next(t0));
        let mut retry = lease.job.clone();
        retry.tries += 1;
        assert!(
            s.push(retry, Place::Again, t0),
            "a retry is not a duplicate"
        );
        s.release(lease.host, t0, true, Duration::from_secs(5));
        assert!(matches!(
            s.next(t0 + Duration::from_secs(4)),
            Next::Wait(Some(_))
        ));
        assert_eq!(work(s.next(t0 + Duration::from_secs(5))).job.tries, 1);
    }

    #[test]
    fn pages_are_queued_once_and_hosts_take_turns() {
        let t0 = Instant::now();
        let mut s = Schedule::new(Duration::ZERO);
        for u in [
            "http://a.test/1",
            "http://a.test/2",
            "http://b.test/1",
            "http://a.test/1",
        ] {
            s.push(page(u), Place::New, t0);
        }
        assert_eq!(s.duplicates, 1);
        assert_eq!(s.queued(), 3);
        let mut order = Vec::new();
        while let Next::Work(lease) = s.next(t0) {
            order.push(lease.job.url.to_string());
            s.set_robots(lease.host, Robots::AllowAll);
            s.release(lease.host, t0, true, Duration::ZERO);
        }
        assert_eq!(
            order,
            ["http://a.test/1", "http://b.test/1", "http://a.test/2"]
        );
        assert_eq!(s.key(0), "http://a.test");
    }
}
