//! `stance tag`: posts → one labelled record per paragraph.

use super::fetch::{self, Archive, FetchArgs, Web};
use super::input::Item;
use super::interrupt::Interrupt;
use super::render::{self, Rendered, TagFormat};
use super::util::{load_model, note, parse_size, warn, Bar};
use super::Outcome;
use anyhow::{Context, Result};
use rayon::prelude::*;
use stance::atomic::AtomicFile;
use stance::output::crosspost::{CrossPost, PendingDoc};
use stance::output::{Field, Renderer};
use stance::progress::Progress;
use stance::read::{self, Event, Flow, Format, ReadOptions, CONTINUE};
use stance::target::TargetSpec;
use stance::{Document, Tagger};
use std::io::Write;
use std::path::PathBuf;

pub const ABOUT: &str = "\
Label every paragraph of the given posts as fact, quotation or opinion, with probabilities.

Inputs (files, directories walked recursively, or - for stdin):
  *.txt    plain text; paragraphs are separated by blank lines, or one per line when lines
           are long; hard-wrapped lines are joined; numbered comments keep their content
  *.jsonl  one document per line: {\"id\": ..., \"text\": ...} (segmented like text) or
           {\"id\": ..., \"paragraphs\": [...]} (kept exactly, one record per paragraph)
  *.html   web pages (also .htm, .xhtml, and any file that starts like a web page: .php,
           .aspx, saved pages without an extension): the article and its reader comments
           found by the trafilatura crate, which drops navigation, headers, footers,
           sidebars, share/related widgets and comment forms; paragraphs from its cleaned
           HTML (p, li, blockquote, headings, table cells); title, author, date, site, URL
           and language from meta tags, Open Graph and JSON-LD. Nesting deeper than 512
           elements is flattened and tags over 16 KiB lose their attributes (with a warning)
  *.md     Markdown: paragraphs, list items, headings, block quotes; code is skipped;
           front matter (title, author, date, site, url, lang) gives the page metadata
  *.warc, *.warc.gz
           web archives (Common Crawl, Internet Archive): each HTML response record is a
           web page whose id is its WARC-Target-URI; other records are skipped and counted
  *.gz     decompressed as read; the format comes from the name without .gz, or the content
Other extensions are read as text when named directly and, inside directories, counted
by extension in one note, unless the content starts like a web page. An empty .jsonl warns. Documents over 256 MiB are skipped (warning).
Stdin is JSONL when it starts with `{`, HTML when it starts with a tag, text otherwise.

Web pages: http(s) URLs among the inputs, --urls FILE (one a line), --feed URL (every item
of an RSS or Atom feed), --sitemap URL (a sitemap or sitemap index, .xml or .xml.gz). They
are fetched politely and within bounds: robots.txt is obeyed (a page it forbids is not
fetched), one request at a time per host with --delay between (a longer robots.txt
Crawl-delay wins), up to 8 hosts at once; each request ends within --timeout; redirects
are followed (at most 10); 429 and 5xx answers are retried up to 3 times, honouring
Retry-After; a page over --max-page-size (also once decompressed) is refused. The
document id is the final URL; the page is read as a WARC record's page is (charset from the
headers, else the page). Every URL not fetched is a warning naming it and why (exit status
1). Files are read first, then the pages as they arrive. --save-warc FILE.warc.gz keeps
every request and response; `stance tag FILE.warc.gz` later gives the same records.

Structure (see LABELS.md): boilerplate (headlines, headings, bylines, dates alone, credits,
separators, comment headers and forms, \"Powered by\", share lines) is written with label and
scores null and a `skipped` reason; a short line is a headline only alone between content
(three or more in a row are a list and keep their labels); in HTML and Markdown only the
markup's headings are. A paragraph is reproduced when it is a block quote, when the paragraph
before introduces it (\"... writes:\", \"Ortiz said:\") and it reads like the other source,
when it is an embedded post pasted as text (before a tweet's \"— Name (@handle) March 3, 2026\"
line), or when a passage of 25+ words of it appears near word for word in another document of
the run (or in a --reference document). --no-shared turns cross-document detection off.
Passages are found from hashes of 5-word runs (k = 5) thinned by winnowing: the smallest of
each window of w = 3 is kept, about 2/(w+1) = half of them. Any run of w + k - 1 = 7 or more
words two documents share holds a kept hash they share, and a passage's length is known to
within 2(w - 1) = 4 words (one of 20 words or fewer never counts as 25).

Cross-document detection costs one pass, like the rest: each document is tagged as it is
read, and its records wait (rendered) with its 5-word hashes until every document
is in, since a later post may share a passage with an earlier one; then they are resolved
and written in input order. What waits is held in memory up to --memory (default 128M;
the model and the batches being tagged take some 25 MB more), then in temporary files in
$TMPDIR, removed when the run ends, however it ends. On disk that is about 16 bytes per
word (a 16-byte index key per kept hash, one per two words; 8 to resolve it), and the records
themselves: for full JSONL records, some 6 to 7 times the size of the input's text (less with --fields),
beside the output; nothing goes to disk when it fits in --memory. The result is the same
whatever --memory is. Nothing is written until the whole input is read.

Formats (--format): on a terminal the default is `pretty`: each paragraph wrapped to the
terminal's width beside a coloured column with its label and probability (and how it is
reproduced), boilerplate dimmed with its skip reason, a line of shares per document
(colour off with NO_COLOR). Into a pipe or a file the default is `jsonl`. `csv` has the
columns below; `html` writes one self-contained page to read in a browser (see `stance
report --help`; the same page as `stance report` of the JSONL).

Output, one record per paragraph, in input order (jsonl and csv):
  doc        document id (file path, or the JSONL `id`, or FILE:LINE when it has none)
  paragraph  0-based index of the paragraph in its document
  start,end  byte span of the paragraph in the document text (for `paragraphs` records:
             in the paragraphs joined by a blank line)
  label      fact | quotation | opinion (the most probable)
  scores     {\"fact\": p, \"quotation\": p, \"opinion\": p}, summing to 1; below a comment header
             (\"3 thoughts on ...\") a reader comment's fact probability is moved to opinion
             (CSV: p_fact,p_quotation,p_opinion columns)
  text       the paragraph, white space folded
  reproduced     true when taken from another source
  reproduced_by  blockquote | lead-in | embed | reference | shared | null
  shared_with    ids of the other documents sharing the passage (CSV: joined with |)
  skipped        null, or why the paragraph is not content: heading (h1-h6, a short <p> or
                 Markdown paragraph all in bold), headline (a short line alone between paragraphs), byline (also an
                 author's note, a letter's signature), date, credit (\"(via ...)\", \"Additional
                 reporting by\", ...), separator, comment-header, comment-form (also a comment
                 policy), powered-by, share, advert (\"Advertisement\", \"Sponsored\", ...);
                 language: the document is in a language the model was not trained on
                 (from the page's declaration, else its text; one warning per run with the
                 count; --any-language labels them anyway)
  element        the HTML/Markdown element the paragraph came from (null for text/JSONL)
  sentiment, sentiment_scores  negative | neutral | positive, and their probabilities
                 (CSV: p_negative,p_neutral,p_positive columns); null with --no-sentiment
  comment        true for a reader comment below a web page's article; its fact probability
                 is moved to opinion, as below a comment header
  title, author, published, site, url, language
                 the page's metadata (published: YYYY-MM-DD), null when it does not say
  genre, genre_score  the document's kind of writing: news | analysis | opinion | review |
                 blog | other (as ../shared/corpora/README.md defines them), the same in every
                 record of a document. Declared by the page where it says (JSON-LD @type such
                 as OpinionNewsArticle, Review, BlogPosting; article:section; URL path segments
                 such as /opinion/, /blog/, /reviews/): score 1. Else estimated by the model's
                 genre head, a logistic regression over page features (the labels' shares,
                 voice, questions, quotation, length, cue words, the title's and URL's words):
                 score = its probability. Right on 0.74 of the 144 labelled pages out of fold
                 (0.68 with another fold seed; 0.6-0.67 of the web pages of many genres):
                 treat it as a hint (models/README.md)
  targets        with --target NAME (or a JSONL record's \"targets\": [\"NAME\", ...]): per
                 content paragraph, a list of {\"target\", \"mentions\", \"sentiment\",
                 \"sentiment_scores\"}, one per requested target the paragraph mentions (its
                 name or an alias, whole words, any case, possessives included), with the
                 model's target head's tone toward it; an empty list when it mentions none,
                 null for skipped paragraphs (CSV: NAME:sentiment joined with |). Without
                 targets the field is not written.
--fields doc,label,scores writes only these fields, in this order (JSONL and CSV).

Bad input: invalid UTF-8 is replaced with a warning (refused with --strict), binary files
are skipped with a warning, a malformed JSONL line stops the run unless --skip-bad.
A document with no content paragraph (nothing but boilerplate, or nothing at all) gets a
warning naming it. Exit status 1 when anything was skipped or gave no content, 2 on a fatal
error. With -o the file is written
atomically: it appears complete or not at all.

Memory stays flat: documents are read (on a thread of their own) and scored (in parallel)
in batches of 256, at most three batches at a time; with shared passages on, what waits
for the end stays under --memory.

Ctrl-C or SIGTERM stops a run: nothing is written (-o and --save-warc files appear
complete or not at all), and the exit status is 2.

Examples:
  stance tag data/posts/ --format csv -o tagged.csv
  stance tag data/posts/ --format html -o report.html
  stance tag https://example.org/news/story
  stance tag --feed https://example.org/feed.xml --save-warc today.warc.gz -o today.jsonl
  stance tag today.warc.gz                      the same records, from the archive
  stance tag --sitemap https://example.org/sitemap.xml --delay 2s
  stance tag --urls list.txt --timeout 10s";

#[derive(clap::Args, Default)]
pub struct Args {
    /// Files, directories, - (stdin), or http(s) URLs of web pages.
    #[arg(value_name = "PATH|URL")]
    paths: Vec<String>,
    /// Model file (default: the built-in model).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Output format [default: pretty on a terminal, jsonl into a pipe or a file].
    #[arg(long, value_enum)]
    format: Option<TagFormat>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read every input as this format, whatever its extension.
    #[arg(long, value_enum)]
    input_format: Option<Format>,
    /// Refuse invalid UTF-8 instead of replacing it.
    #[arg(long)]
    strict: bool,
    /// Skip malformed JSONL records (counted on stderr) instead of stopping.
    #[arg(long)]
    skip_bad: bool,
    /// Known sources (e.g. wire reports) to check posts against; they are not tagged.
    #[arg(long, value_name = "PATH")]
    reference: Vec<String>,
    /// Do not look for passages shared between documents (one pass, less memory).
    #[arg(long)]
    no_shared: bool,
    /// Memory for shared-passage detection (e.g. 512M, 2G) before temporary
    /// files are used. Results do not depend on it.
    #[arg(long, value_name = "SIZE", default_value = DEFAULT_MEMORY, value_parser = parse_size)]
    memory: usize,
    /// Write only these fields, in this order (comma-separated; see above).
    #[arg(long, value_name = "LIST", value_parser = parse_fields)]
    fields: Option<FieldList>,
    /// Worker threads (default: one per core). Output is the same for any value.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Skip the model's sentiment head: `sentiment` and `sentiment_scores` are left
    /// empty, and tagging is a little faster.
    #[arg(long)]
    no_sentiment: bool,
    /// Label documents in any language, not only those the model was trained on
    /// (by default their content is `skipped: language`, label and scores null).
    #[arg(long)]
    any_language: bool,
    /// Sentiment toward a named target in each paragraph that mentions it (repeatable):
    /// NAME or NAME=alias|alias, matched case-insensitively as whole words, possessives
    /// included; adds the `targets` field (see above).
    #[arg(long = "target", value_name = "NAME[=ALIAS|..]", value_parser = parse_target)]
    targets: Vec<TargetSpec>,
    #[command(flatten)]
    web: FetchArgs,
}

/// Documents scored together; bounds memory while keeping both cores busy.
const BATCH_DOCS: usize = 256;

/// The fields `--fields` names.
#[derive(Clone)]
struct FieldList(Vec<Field>);

fn parse_fields(s: &str) -> Result<FieldList, String> {
    Field::parse_list(s).map(FieldList)
}

fn parse_target(s: &str) -> Result<TargetSpec, String> {
    TargetSpec::parse(s)
}

/// `--memory` when not given.
const DEFAULT_MEMORY: &str = "128M";

pub fn run(args: Args) -> Result<Outcome> {
    run_into(args, None)
}

impl Args {
    /// Options to tag `paths` into JSONL records on the way to another
    /// view of them (`stance summary` of posts).
    pub(super) fn for_posts(
        paths: Vec<String>,
        model: Option<PathBuf>,
        reference: Vec<String>,
        no_shared: bool,
        no_sentiment: bool,
        targets: Vec<TargetSpec>,
    ) -> Self {
        Args {
            paths,
            model,
            reference,
            no_shared,
            no_sentiment,
            targets,
            format: Some(TagFormat::Jsonl),
            memory: parse_size(DEFAULT_MEMORY).expect("the default size parses"),
            ..Args::default()
        }
    }

    /// The chosen format (resolved in [`run_into`]).
    fn format(&self) -> TagFormat {
        self.format.unwrap_or(TagFormat::Jsonl)
    }
}

/// Tags as `stance tag` does; with `sink`, the JSONL records go there
/// instead of to stdout or `--output`.
pub(super) fn run_into(mut args: Args, sink: Option<&mut (dyn Write + Send)>) -> Result<Outcome> {
    args.format = Some(
        args.format
            .unwrap_or_else(|| render::default_format(args.output.is_some())),
    );
    if args.format().is_view() && args.fields.is_some() {
        anyhow::bail!("--fields applies to jsonl and csv output, not to --format pretty or html");
    }
    if args.format() == TagFormat::Html && sink.is_none() && args.output.is_none() {
        render::refuse_html_on_terminal("--format html")?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    pool.install(|| tag_all(&args, sink))
}

fn tag_all(args: &Args, sink: Option<&mut (dyn Write + Send)>) -> Result<Outcome> {
    let mut model = load_model(args.model.as_deref())?;
    if args.no_sentiment {
        model.heads.retain(|h| h.task != stance::Task::Sentiment);
    }
    let tagger = Tagger::new(&model)?
        .any_language(args.any_language)
        .with_targets(args.targets.clone())
        .context("--target needs a model with a target head")?;
    let options = ReadOptions {
        strict_utf8: args.strict,
        // Filled in `flush`, on every core, before tagging.
        defer_language: true,
        format: args.input_format,
    };
    let renderer = Renderer::new(
        args.format().records(),
        args.fields.as_ref().map_or_else(
            || match args.targets.is_empty() {
                true => Field::ALL.to_vec(),
                false => Field::WITH_TARGETS.to_vec(),
            },
            |f| f.0.clone(),
        ),
    )
    .with_genre(model.genre.clone());
    let (urls, files): (Vec<String>, Vec<String>) =
        args.paths.iter().cloned().partition(|p| fetch::is_url(p));
    fetch::files_only(&args.reference, "--reference")?;
    let sources = fetch::sources(&urls, &args.web)?;
    if files.is_empty() && sources.is_empty() {
        anyhow::bail!("nothing to tag: give files, directories, - (stdin) or URLs, or --urls FILE, --feed URL, --sitemap URL");
    }
    if args.web.save_warc.is_some() && sources.is_empty() {
        anyhow::bail!("--save-warc keeps the pages a run fetches, and this one fetches none: give URLs, --urls, --feed or --sitemap");
    }
    let mut expanded = read::expand_counting(&files, &options)?;
    let references = read::expand_counting(&args.reference, &options)?;
    // Nothing passed over quietly: one note for the files the directory
    // walks (inputs and references) do not read.
    for (ext, n) in references.unread {
        *expanded.unread.entry(ext).or_insert(0) += n;
    }
    if let Some(message) = expanded.unread_note() {
        note(&message);
    }
    let (inputs, references) = (expanded.inputs, references.inputs);
    // Output drawn on the terminal is the progress; a bar would tear it.
    let bar = if sink.is_none() && args.output.is_none() && render::stdout_is_terminal() {
        Bar::hidden()
    } else {
        Bar::new()
    };
    // Reference documents are numbered first; the inputs follow.
    let crosspost = if args.no_shared {
        None
    } else {
        let mut crosspost = CrossPost::new(args.memory);
        bar.phase("indexing references", references.len() as u64);
        for input in &references {
            let mut failed: Option<std::io::Error> = None;
            // Problems reading a reference are not fatal (as in tagging with
            // --skip-bad): what can be read is indexed.
            let _ = read::read_input_until(input, &options, &mut |event| {
                if let Event::Doc(doc) = event {
                    if let Err(e) = crosspost.add_reference(&doc) {
                        // Nothing more can be indexed: stop reading, and
                        // report the error below.
                        failed = Some(e);
                        return Ok(Flow::Break(()));
                    }
                }
                Ok(CONTINUE)
            });
            if let Some(e) = failed {
                return Err(anyhow::Error::new(e).context("writing temporary files"));
            }
            bar.advance(1);
        }
        Some(crosspost)
    };
    let mut skipped = 0usize;
    let mut foreign = std::collections::BTreeMap::new();
    bar.phase("tagging", inputs.len() as u64);
    // stdout, or a temporary file renamed over --output only when complete.
    let mut file = args.output.as_deref().map(AtomicFile::create).transpose()?;
    let mut archive = Archive::create(&args.web)?;
    let interrupt = Interrupt::install();
    for temporary in file
        .iter()
        .map(AtomicFile::temp_path)
        .chain(archive.iter().map(Archive::temp_path))
    {
        interrupt.remove_on_stop(temporary.to_path_buf());
    }
    let web = (!sources.is_empty()).then(|| Web {
        sources,
        args: &args.web,
        archive: archive.as_mut(),
        stop: interrupt.flag(),
    });
    {
        let mut stdout;
        let out: &mut dyn Write = match (sink, &mut file) {
            (Some(sink), _) => sink,
            (None, Some(f)) => f.writer(),
            (None, None) => {
                stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                &mut stdout
            }
        };
        // Pretty and HTML are drawn from the JSONL records as they come.
        let mut rendered = Rendered::new(args.format(), out, render::look(args.output.is_some()));
        let out: &mut dyn Write = &mut rendered;
        let mut header = Vec::new();
        renderer.header(tagger.stance_classes(), &mut header);
        out.write_all(&header)?;
        // With shared passages on, a thread of its own adds the tagged
        // documents to the index and the spill (sorting and writing runs of
        // keys as the budget fills) while the next batches are tagged.
        let crosspost = std::thread::scope(|scope| -> Result<Option<CrossPost>> {
            let (pending, collector) = match crosspost {
                Some(mut crosspost) => {
                    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<PendingDoc>>(1);
                    let collector = scope.spawn(move || -> std::io::Result<CrossPost> {
                        for batch in rx {
                            for p in batch {
                                crosspost.add(p)?;
                            }
                        }
                        Ok(crosspost)
                    });
                    (Some(tx), Some(collector))
                }
                None => (None, None),
            };
            let mut sink = Sink {
                tagger: &tagger,
                renderer: &renderer,
                pending,
                out: &mut *out,
                any_language: args.any_language,
                foreign: &mut foreign,
            };
            let tagged = tag_inputs(
                args,
                &mut sink,
                Reading {
                    inputs: &inputs,
                    web,
                    options: &options,
                },
                &mut skipped,
                &bar,
                &interrupt,
            );
            // Hanging up lets the collector finish.
            drop(sink);
            let collected = collector
                .map(|c| {
                    c.join()
                        .expect("the shared-passage collector does not panic")
                })
                .transpose()
                .context("writing temporary files");
            // A failed collector makes tagging stop too: its error is the
            // one to report.
            let collected = collected?;
            tagged?;
            Ok(collected)
        })?;
        if let Some(crosspost) = crosspost {
            let stats = crosspost
                .finish(&renderer, out, &bar)
                .context("resolving shared passages")?;
            bar.note(&format!(
                "shared passages: {} document(s) share one; {:.1} MB went to temporary files",
                stats.docs_sharing,
                (stats.index_on_disk + stats.records_on_disk) as f64 / 1e6
            ));
        }
        rendered.finish()?;
    }
    interrupt.check()?;
    if let Some(archive) = archive {
        archive.commit()?;
    }
    if let Some(f) = file {
        // The library's error names the path.
        f.commit()?;
    }
    bar.finish();
    if !foreign.is_empty() {
        let n: usize = foreign.values().sum();
        let seen: Vec<String> = foreign.iter().map(|(l, n)| format!("{l}: {n}")).collect();
        warn(&format!(
            "{n} document(s) in a language the model was not trained on ({}; it knows {}) were not labelled (skipped: language); --any-language labels them anyway",
            seen.join(", "),
            tagger.languages().join(", ")
        ));
        skipped += n;
    }
    if skipped > 0 {
        eprintln!(
            "stance: {skipped} input(s) or record(s) skipped or without content; see the warnings above"
        );
        return Ok(Outcome::Skipped);
    }
    Ok(Outcome::Clean)
}

/// Where tagged batches go: straight out, or (to the collector thread) to
/// wait for their shared passages.
struct Sink<'a> {
    tagger: &'a Tagger<'a>,
    renderer: &'a Renderer,
    pending: Option<std::sync::mpsc::SyncSender<Vec<PendingDoc>>>,
    out: &'a mut dyn Write,
    /// --any-language.
    any_language: bool,
    /// Documents not labelled for their language, by language.
    foreign: &'a mut std::collections::BTreeMap<String, usize>,
}

/// What the reader thread reads: files, then the web inputs.
struct Reading<'a> {
    inputs: &'a [read::Input],
    web: Option<Web<'a>>,
    options: &'a ReadOptions,
}

/// Reads and parses the inputs on a thread of their own while the batch
/// before is tagged, so reading (JSONL parsing, HTML extraction,
/// segmentation) does not leave the other cores idle; the items come back
/// in input order, a batch at a time, and are handled exactly as they would
/// be inline.
fn tag_inputs(
    args: &Args,
    sink: &mut Sink,
    reading: Reading,
    skipped: &mut usize,
    bar: &Bar,
    interrupt: &Interrupt,
) -> Result<()> {
    // One batch in the channel, one being read, one being tagged.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Item>>(1);
    std::thread::scope(|scope| {
        let skip_bad = args.skip_bad;
        scope.spawn(move || read_inputs(reading, skip_bad, tx));
        handle_items(args, sink, rx, skipped, bar, interrupt)
        // The receiver is dropped here, so a reader still going stops.
    })
}

/// Items on their way to the tagging side: sent a batch of [`BATCH_DOCS`]
/// documents at a time, or (for pages arriving one by one from the web) at
/// least a few times a second, so the progress shows.
struct Batches {
    items: Vec<Item>,
    docs: usize,
    sent: std::time::Instant,
    tx: std::sync::mpsc::SyncSender<Vec<Item>>,
}

impl Batches {
    /// Adds an item; false when the tagging side hung up.
    fn push(&mut self, item: Item, trickle: bool) -> bool {
        self.docs += matches!(item, Item::Doc(_)) as usize;
        self.items.push(item);
        let due = trickle && self.sent.elapsed() > std::time::Duration::from_millis(200);
        if self.docs >= BATCH_DOCS || due {
            self.docs = 0;
            self.sent = std::time::Instant::now();
            return self.tx.send(std::mem::take(&mut self.items)).is_ok();
        }
        true
    }
}

/// The reader thread: every input's events, then the web inputs'. Stops
/// when the tagging side hangs up.
fn read_inputs(reading: Reading, skip_bad: bool, tx: std::sync::mpsc::SyncSender<Vec<Item>>) {
    let mut out = Batches {
        items: Vec::new(),
        docs: 0,
        sent: std::time::Instant::now(),
        tx,
    };
    for input in reading.inputs {
        let result = read::read_input_until(input, reading.options, &mut |event| {
            let item = match event {
                Event::Doc(doc) => Item::Doc(doc),
                Event::Warning { message, skipped } => Item::Warning { message, skipped },
                Event::Bad(e) if skip_bad => Item::Bad(e),
                Event::Bad(e) => return Err(e),
            };
            if !out.push(item, false) {
                // The tagging side hung up (it stopped on an error it
                // reports): stop reading.
                return Ok(Flow::Break(()));
            }
            Ok(CONTINUE)
        });
        let failed = result.is_err();
        out.items.push(match result {
            Ok(Flow::Break(())) => return,
            Ok(Flow::Continue(())) => Item::InputDone,
            Err(e) => Item::Failed(e),
        });
        if failed {
            let _ = out.tx.send(out.items);
            return;
        }
    }
    if let Some(web) = reading.web {
        if let Err(e) = fetch::read_web(web, reading.options, &mut |item| out.push(item, true)) {
            out.items.push(Item::Failed(e));
        }
    }
    let _ = out.tx.send(out.items);
}

/// The tagging side: documents in batches of [`BATCH_DOCS`], warnings and
/// the progress as they come.
fn handle_items(
    args: &Args,
    sink: &mut Sink,
    rx: std::sync::mpsc::Receiver<Vec<Item>>,
    skipped: &mut usize,
    bar: &Bar,
    interrupt: &Interrupt,
) -> Result<()> {
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH_DOCS);
    for item in rx.into_iter().flatten() {
        interrupt.check()?;
        match item {
            Item::Doc(doc) => {
                batch.push(doc);
                if batch.len() >= BATCH_DOCS {
                    match flush(sink, &mut batch)? {
                        Some(empty) => *skipped += empty,
                        // Hanging up stops the reader too.
                        None => return Ok(()),
                    }
                }
            }
            Item::Warning {
                message,
                skipped: whole,
            } => {
                warn(&message);
                *skipped += whole as usize;
            }
            Item::Note(message) => note(&message),
            Item::Bad(e) => {
                warn(&format!("{e}; skipped"));
                *skipped += 1;
            }
            Item::InputDone => bar.advance(1),
            Item::MoreInputs(n) => bar.grow(n),
            Item::Failed(e) => {
                return Err(anyhow::Error::new(e).context(if args.skip_bad {
                    "reading input"
                } else {
                    "reading input (use --skip-bad to skip malformed records)"
                }))
            }
        }
    }
    *skipped += flush(sink, &mut batch)?.unwrap_or(0);
    Ok(())
}

/// Whether a document has something to label: a paragraph of its own
/// (not a reader comment) that is not boilerplate.
fn has_content(tagged: &[stance::tag::Tagged]) -> bool {
    // A document in another language is counted in one warning instead.
    tagged.iter().any(|t| {
        (t.skipped.is_none() || t.skipped == Some(stance::structure::SkipReason::Language))
            && !t.paragraph.comment
    })
}

/// No silent loss: a document with nothing to label says so.
fn warn_empty(batch: &[Document], content: &[bool]) -> usize {
    let mut empty = 0;
    for (doc, &c) in batch.iter().zip(content) {
        if !c {
            warn(&format!(
                "{}: no content paragraph found (nothing but boilerplate, or nothing at all); nothing labelled",
                doc.id
            ));
            empty += 1;
        }
    }
    empty
}

/// Tags a batch in parallel, rendering each document's records in its
/// worker; writes them in input order, or hands them (with the documents'
/// fingerprints) to the shared-passage resolution. Returns how many
/// documents had no content paragraph (each is warned about), or `None`
/// when the shared-passage collector has stopped: it stopped on an error,
/// which is reported once it is joined, so tagging stops too.
fn flush(sink: &mut Sink, batch: &mut Vec<Document>) -> Result<Option<usize>> {
    // The reader left each language unset (`defer_language`).
    batch.par_iter_mut().for_each(stance::language::fill);
    let classes = sink.tagger.stance_classes();
    let sentiment_classes = sink.tagger.sentiment_classes();
    let (tagger, renderer) = (sink.tagger, sink.renderer);
    let empty;
    match &sink.pending {
        Some(pending_tx) => {
            let (pending, content): (Vec<PendingDoc>, Vec<bool>) = batch
                .par_iter()
                .map(|doc| {
                    let tagged = tagger.tag(doc);
                    let content = has_content(&tagged);
                    (
                        PendingDoc::new(doc, &tagged, renderer, classes, sentiment_classes),
                        content,
                    )
                })
                .unzip();
            empty = warn_empty(batch, &content);
            if pending_tx.send(pending).is_err() {
                return Ok(None);
            }
        }
        None => {
            let (rendered, content): (Vec<Vec<u8>>, Vec<bool>) = batch
                .par_iter()
                .map(|doc| {
                    let mut out = Vec::new();
                    let tagged = tagger.tag(doc);
                    renderer.document(
                        doc,
                        &tagged,
                        classes,
                        sentiment_classes,
                        &mut out,
                        |_, _, _| {},
                    );
                    (out, has_content(&tagged))
                })
                .unzip();
            empty = warn_empty(batch, &content);
            for bytes in rendered {
                sink.out.write_all(&bytes)?;
            }
        }
    }
    if !sink.any_language {
        for doc in batch.iter() {
            let lang = doc.meta.language.as_deref();
            if !stance::language::is_known(lang, sink.tagger.languages()) {
                let primary = stance::language::primary(lang.unwrap_or_default());
                *sink.foreign.entry(primary).or_default() += 1;
            }
        }
    }
    batch.clear();
    Ok(Some(empty))
}
