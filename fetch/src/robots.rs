//! robots.txt, read once per host (scheme, host and port) before its first
//! page, as RFC 9309 says: a 4xx answer (no file) allows everything; a 5xx
//! answer or no answer at all forbids everything (the site may be down, and
//! we cannot tell what it allows); rules are matched with `texting_robots`
//! for our product token (`stance` in `stance/0.1.0`).

use crate::client::seconds;
use crate::exchange::Exchange;
use std::time::Duration;
use texting_robots::Robot;

/// Bytes of robots.txt read (RFC 9309 asks crawlers to read at least
/// 500 KiB; what follows is ignored).
const MAX_ROBOTS_BYTES: usize = 512 << 10;

/// Longest `Crawl-delay` honoured: past it a host is read at this pace, so
/// a site cannot stall a run for hours.
pub(crate) const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// What a host's robots.txt allows.
#[derive(Debug)]
pub(crate) enum Robots {
    /// Its rules for our user agent.
    Rules(Box<Robot>),
    /// No robots.txt (a 4xx answer): everything is allowed.
    AllowAll,
    /// It could not be read: nothing is fetched from the host (why).
    DenyAll(String),
}

impl Robots {
    /// What the answer to a robots.txt request says (`token`: our product
    /// token).
    pub fn from_answer(answer: &Result<Exchange, String>, token: &str) -> Robots {
        let ex = match answer {
            Ok(ex) => ex,
            Err(why) => return Robots::DenyAll(format!("robots.txt unreachable ({why})")),
        };
        match ex.status {
            200..=299 => {
                let body = match ex.content(MAX_ROBOTS_BYTES as u64 * 64) {
                    Ok(body) => body,
                    Err(why) => return Robots::DenyAll(format!("robots.txt unreadable ({why})")),
                };
                let body = &body[..body.len().min(MAX_ROBOTS_BYTES)];
                match Robot::new(token, body) {
                    Ok(robot) => Robots::Rules(Box::new(robot)),
                    // A file we cannot parse says nothing we can follow;
                    // as with no file, everything is allowed.
                    Err(_) => Robots::AllowAll,
                }
            }
            400..=499 => Robots::AllowAll,
            _ => Robots::DenyAll(format!("robots.txt answered {}", ex.status_text())),
        }
    }

    /// `Ok` when `url` may be fetched, else why not.
    pub fn check(&self, url: &str) -> Result<(), String> {
        match self {
            Robots::Rules(robot) if !robot.allowed(url) => {
                Err("forbidden by the site's robots.txt; not fetched".into())
            }
            Robots::DenyAll(why) => Err(format!("{why}; not fetched")),
            _ => Ok(()),
        }
    }

    /// The `Crawl-delay` asked for, at most [`MAX_CRAWL_DELAY`].
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Robots::Rules(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d).min(MAX_CRAWL_DELAY)),
            _ => None,
        }
    }

    /// A note on a crawl delay longer than the one asked for, if any.
    pub fn delay_note(&self, host: &str, delay: Duration) -> Option<String> {
        let asked = self.crawl_delay()?;
        (asked > delay).then(|| {
            format!(
                "{host}: robots.txt asks for {} between requests; honoured",
                seconds(asked)
            )
        })
    }
}

/// The product token robots.txt rules name: `stance` for `stance/0.1.0`.
pub(crate) fn product_token(user_agent: &str) -> &str {
    user_agent
        .split(['/', ' '])
        .next()
        .filter(|t| !t.is_empty())
        .unwrap_or("*")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    fn answer(status: u16, body: &str) -> Result<Exchange, String> {
        Ok(Exchange {
            url: "http://a.test/robots.txt".into(),
            date: SystemTime::UNIX_EPOCH,
            request: Vec::new(),
            version: "HTTP/1.1".into(),
            status,
            headers: vec![("Content-Type".into(), b"text/plain".to_vec())],
            body: body.as_bytes().to_vec(),
        })
    }

    #[test]
    fn rules_for_our_token_are_followed() {
        let txt = "User-agent: *\nDisallow: /private/\n\nUser-agent: stance\nDisallow: /drafts/\nCrawl-delay: 3\n";
        let robots = Robots::from_answer(&answer(200, txt), product_token("stance/0.1.0"));
        assert!(robots.check("http://a.test/drafts/1").is_err());
        // Our group replaces the `*` group.
        assert!(robots.check("http://a.test/private/1").is_ok());
        assert_eq!(robots.crawl_delay(), Some(Duration::from_secs(3)));
        assert!(robots
            .delay_note("a.test", Duration::from_secs(1))
            .unwrap()
            .contains("asks for 3 s"));
        assert_eq!(robots.delay_note("a.test", Duration::from_secs(5)), None);
    }

    #[test]
    fn a_missing_file_allows_and_a_broken_server_forbids() {
        let token = "stance";
        assert!(Robots::from_answer(&answer(404, ""), token)
            .check("http://a.test/x")
            .is_ok());
        let err = Robots::from_answer(&answer(503, ""), token)
            .check("http://a.test/x")
            .unwrap_err();
        assert_eq!(
            err,
            "robots.txt answered HTTP 503 Service Unavailable; not fetched"
        );
        let err = Robots::from_answer(&Err("connection failed".into()), token)
            .check("http://a.test/x")
            .unwrap_err();
        assert!(err.starts_with("robots.txt unreachable (connection failed)"));
    }

    #[test]
    fn the_token_is_the_product_name() {
        assert_eq!(product_token("stance/0.1.0"), "stance");
        assert_eq!(product_token("MyBot (+http://x)"), "MyBot");
        assert_eq!(product_token(""), "*");
    }
}
