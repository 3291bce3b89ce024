# Sourced by comparisons/reference and comparisons/compare: paths, the virtualenv and the
# stance binary. Not meant to be run on its own.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
VENV="$BENCH/.venv"
PY="$VENV/bin/python"
# The release binary; STANCE=/other/binary overrides it (e.g. to bench an older build).
STANCE="${STANCE:-$ROOT/target/release/stance}"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Creates comparisons/.venv and installs comparisons/requirements.txt into it, unless the
# stamp file says this exact requirements.txt is already installed.
ensure_venv() {
    local want have=""
    want="$(sha256sum "$BENCH/requirements.txt" | cut -d' ' -f1)"
    [[ -f "$VENV/.requirements.sha256" ]] && have="$(cat "$VENV/.requirements.sha256")"
    if [[ -x "$PY" && "$want" == "$have" ]]; then
        return 0
    fi
    log "installing comparisons/requirements.txt into comparisons/.venv"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$PY" -m pip install --quiet --upgrade pip >&2
    "$PY" -m pip install --quiet -r "$BENCH/requirements.txt" >&2
    echo "$want" > "$VENV/.requirements.sha256"
}

# Builds the release binary when it is missing (never when STANCE points elsewhere).
ensure_stance() {
    if [[ ! -x "$STANCE" ]]; then
        if [[ "$STANCE" != "$ROOT/target/release/stance" ]]; then
            echo "comparisons: STANCE=$STANCE is not an executable" >&2
            exit 2
        fi
        log "target/release/stance missing: cargo build --release"
        (cd "$ROOT" && cargo build --release >&2)
    fi
}

# Other people rebuild target/release/stance while we run: every step of one
# run uses a private copy of the binary taken at its start (the default model
# is embedded in it). Sets STANCE to the copy and STANCE_BUILT to its mtime.
snapshot_stance() {  # snapshot_stance NAME (one copy per script)
    local dir="$BENCH/.work/bin"
    mkdir -p "$dir"
    STANCE_BUILT="$(date -r "$STANCE" '+%Y-%m-%d %H:%M:%S')"
    cp "$STANCE" "$dir/stance.tmp.$$"
    mv "$dir/stance.tmp.$$" "$dir/stance-$1"
    STANCE="$dir/stance-$1"
}

# GNU time for peak RSS (the shell keyword `time` cannot report it).
ensure_gnu_time() {
    if ! /usr/bin/time -v true >/dev/null 2>&1; then
        log "installing GNU time (apt-get install -y time)"
        (apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; })
    fi
}

# fastText's command-line binary (Debian's package `fasttext`), for comparisons/compare.
# Installs it with apt-get when it is missing; false (with a note) when that fails.
ensure_fasttext_cli() {
    command -v fasttext >/dev/null 2>&1 && return 0
    log "installing fastText's command-line binary (apt-get install -y fasttext)"
    (apt-get install -y fasttext >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y fasttext >/dev/null; }) \
        || { log "fasttext CLI unavailable: its row is skipped"; return 1; }
}

now() { date +%s.%N; }
