//! A tiny HTTP/1.1 server for tests, on 127.0.0.1 and a port the system
//! picks: one thread per connection, one request per connection. Each
//! request is answered by the test's route function, given its path and
//! the server's own base URL (`http://127.0.0.1:PORT`); every request
//! is logged (path, User-Agent, when it started and ended) so tests can
//! check what was asked and when. Nothing here reaches another address.
//!
//! Shared by the fetch crate's tests and the command line's (`#[path]`).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How to answer a request.
pub enum Reply {
    /// A whole response.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Headers promising a large body, then a byte every 50 ms until the
    /// client goes away (or a minute passes): a response that never ends.
    Endless,
    /// The reply after a pause before the first byte.
    Slow(Duration, Box<Reply>),
}

impl Reply {
    /// `200 OK` with `content_type`.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// An HTML page.
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::ok("text/html; charset=utf-8", body)
    }

    /// A status with no body to speak of, and extra headers.
    pub fn status(status: u16, headers: &[(&str, &str)]) -> Reply {
        Reply::Full {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: format!("status {status}\n").into_bytes(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(location: &str) -> Reply {
        Reply::status(301, &[("Location", location)])
    }

    /// `404 Not Found`.
    pub fn not_found() -> Reply {
        Reply::status(404, &[("Content-Type", "text/plain")])
    }
}

/// One request the server saw.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub user_agent: String,
    pub started: Instant,
    pub ended: Instant,
}

type Routes = dyn Fn(&str, &str) -> Reply + Send + Sync;

/// A running test server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Starts a server answering each request with `routes(path, base)`.
    pub fn start(routes: impl Fn(&str, &str) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let addr = listener.local_addr().expect("a bound address");
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let routes: Arc<Routes> = Arc::new(routes);
        {
            let (hits, stop) = (Arc::clone(&hits), Arc::clone(&stop));
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (routes, hits, stop) =
                        (Arc::clone(&routes), Arc::clone(&hits), Arc::clone(&stop));
                    let base = format!("http://{addr}");
                    std::thread::spawn(move || serve(stream, &base, &*routes, &hits, &stop));
                }
            });
        }
        Server { addr, hits, stop }
    }

    /// `http://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The requests seen so far, in the order they ended.
    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// The paths asked for, in order.
    pub fn paths(&self) -> Vec<String> {
        self.hits().into_iter().map(|h| h.path).collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(
    stream: TcpStream,
    base: &str,
    routes: &Routes,
    hits: &Mutex<Vec<Hit>>,
    stop: &AtomicBool,
) {
    let started = Instant::now();
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().expect("a socket clone"));
    let mut request_line = String::new();
    if reader
        .by_ref()
        .take(8192)
        .read_line(&mut request_line)
        .is_err()
    {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut user_agent = String::new();
    loop {
        let mut line = String::new();
        match reader.by_ref().take(8192).read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("user-agent") {
                        user_agent = value.trim().to_string();
                    }
                }
            }
        }
    }
    if stop.load(Ordering::Relaxed) {
        return;
    }
    let reply = routes(&path, base);
    answer(stream, reply, stop);
    hits.lock().unwrap().push(Hit {
        path,
        user_agent,
        started,
        ended: Instant::now(),
    });
}

fn answer(mut stream: TcpStream, reply: Reply, stop: &AtomicBool) {
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} Status\r\n");
            for (n, v) in headers {
                head.push_str(&format!("{n}: {v}\r\n"));
            }
            head.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Endless => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n<html><body><p>";
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let until = Instant::now() + Duration::from_secs(60);
            while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                if stream.write_all(b"a").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Reply::Slow(pause, reply) => {
            std::thread::sleep(pause);
            answer(stream, *reply, stop);
        }
    }
}
