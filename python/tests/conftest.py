"""Shared fixtures: invented documents (some sharing passages) and the CLI to compare with."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# An invented wire-style passage of 40+ words that several posts repost.
WIRE = (
    "Engineers at the Harlow Valley reservoir opened two emergency spillways on Thursday "
    "after three days of heavy rain raised the water level by almost four metres, and the "
    "regional water board said that farms along the lower river would be warned an hour "
    "before any further release of water downstream."
)
# Invented boilerplate that more posts carry than the shared-passage cap allows.
FOOTER = (
    "This newsletter is produced by a small volunteer team in the valley and is sent free "
    "of charge to every subscriber who asked for it, so please tell your neighbours about "
    "it and write to the editors with any story you think the valley should hear about soon."
)


def documents() -> list[dict]:
    """Invented posts: three repost WIRE, 34 carry FOOTER (above the cap), others are alone."""
    docs = [
        {"id": "post-a", "text": f"Our town woke up to sirens this morning.\n\n{WIRE}\n\nI think the board waited far too long."},
        {"id": "post-b", "text": f"Reposting the latest from the reservoir:\n\n{WIRE}"},
        {"id": "post-c", "text": f"A reader sent us this.\n\n{WIRE}\n\n\"We were told nothing,\" said one farmer, Ilse Brandt."},
        {"id": "post-d", "text": "The bakery on Mill Street reopened after its refit.\n\nFrankly, the new bread is the best in the county."},
        {"id": 7, "paragraphs": ["A numbered document kept as given.", "It should have been done years ago, in my view."]},
    ]
    for i in range(34):
        docs.append({
            "id": f"letter-{i:02d}",
            "text": f"Letter number {i} is about the school bus route and the new timetable.\n\n{FOOTER}",
        })
    return docs


def cli_bin() -> Path:
    env = os.environ.get("STANCE_BIN")
    if env:
        return Path(env)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        if (target / profile / "stance").exists():
            return target / profile / "stance"
    pytest.fail("no stance binary: run `cargo build --release` or set STANCE_BIN")


def run_cli(*args: str) -> list[dict]:
    """`stance tag ARGS` → its JSONL records, parsed."""
    out = subprocess.run([str(cli_bin()), "tag", *args], check=True, capture_output=True, text=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def write_jsonl(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def warc_record(kind: str, uri: str, block: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\n"
        f"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-{abs(hash((kind, uri))) % 10**12:012d}>\r\n"
        f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def http_response(content_type: str, body: bytes) -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def write_warc_gz(path: Path, records: list[bytes]) -> Path:
    """A .warc.gz as crawls store it: each record its own gzip member."""
    path.write_bytes(b"".join(gzip.compress(r) for r in records))
    return path


def canonical(record: dict) -> str:
    """A record as a comparable string, `shared_with` as a set."""
    r = dict(record)
    r["shared_with"] = sorted(r["shared_with"])
    return json.dumps(r, sort_keys=True)


@pytest.fixture(scope="session")
def model():
    import stance

    return stance.Model()
