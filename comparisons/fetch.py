#!/usr/bin/env python3
"""Fetching speed and memory of `stance tag --urls`, against local servers.

Starts its own HTTP servers on 127.0.0.1 (one per "host": the fetcher keys
hosts by scheme, address and port), each serving invented news pages and a
404 for robots.txt, and nothing else is contacted. Prints, for 1 and 8 hosts:
pages per second with --delay 0 and with the default delay (1 s per host),
then the peak memory (GNU time's maximum resident set size) of a
10,000-URL list over 8 hosts with --delay 0. The pages are tagged too (that is
the command a user runs); --no-shared keeps the figure to fetching and tagging.

Usage: comparisons/fetch.py [--stance PATH] [--pages N]
Standard library only; needs /usr/bin/time for the memory figure.
"""

import argparse
import http.server
import os
import re
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {n}</title></head>
<body><header><nav><a href="/">Home</a></nav></header><main><article><h1>Story {n}</h1>
<p>The harbour board approved a new timetable for the island ferry on Tuesday, adding two crossings on weekdays from the first of May.</p>
<p>The board said the extra crossings would be paid for by a small rise in car fares and by a grant from the regional transport fund.</p>
<blockquote><p>We have waited years for an evening boat, and now the whole village can plan around it.</p></blockquote>
<p>Surely this is the best news the island has had in a decade, and the board deserves credit for listening at last.</p>
</article></main><footer><p>Copyright 2026 The Island Courier</p></footer></body></html>
"""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's algorithm
    # and delayed ACKs add some 40 ms to every request on one connection.
    disable_nagle_algorithm = True

    def do_GET(self):
        if self.path == "/robots.txt":
            body, status, kind = b"no robots.txt\n", 404, "text/plain"
        else:
            body, status, kind = PAGE.format(n=self.path).encode(), 200, "text/html; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def start_servers(n):
    servers = []
    for _ in range(n):
        s = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servers.append(s)
    return servers


def url_list(servers, pages, path):
    with open(path, "w") as f:
        for i in range(pages):
            s = servers[i % len(servers)]
            f.write(f"http://127.0.0.1:{s.server_address[1]}/story/{i}\n")


def run(stance, list_path, delay, timed=False):
    cmd = [stance, "tag", "--urls", list_path, "--delay", delay, "--no-shared", "--format", "jsonl"]
    if timed:
        cmd = ["/usr/bin/time", "-v"] + cmd
    start = time.monotonic()
    out = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    if out.returncode != 0:
        sys.exit(f"stance failed ({out.returncode}):\n{out.stderr[-2000:]}")
    rss = None
    if timed:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
        rss = int(m.group(1)) / 1024 if m else None
    return elapsed, rss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--stance", default=os.environ.get("STANCE", os.path.join(here, "..", "target", "release", "stance")))
    ap.add_argument("--pages", type=int, default=2000, help="pages per --delay 0 run (default 2000)")
    args = ap.parse_args()
    servers = start_servers(8)
    with tempfile.TemporaryDirectory() as tmp:
        lst = os.path.join(tmp, "urls.txt")
        print(f"stance: {args.stance}")
        print(f"{'hosts':>5} {'--delay':>7} {'pages':>6} {'seconds':>8} {'pages/s':>8}")
        for hosts in (1, 8):
            for delay, pages in (("0", args.pages), ("1s", 10 * hosts)):
                url_list(servers[:hosts], pages, lst)
                elapsed, _ = run(args.stance, lst, delay)
                print(f"{hosts:>5} {delay:>7} {pages:>6} {elapsed:>8.2f} {pages / elapsed:>8.1f}")
        url_list(servers, 10_000, lst)
        elapsed, rss = run(args.stance, lst, "0", timed=True)
        print(f"10,000 URLs over 8 hosts, --delay 0: {elapsed:.1f} s, peak RSS {rss:.0f} MB")
    for s in servers:
        s.shutdown()


if __name__ == "__main__":
    main()
