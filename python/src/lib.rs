//! `stance._stance`: the compiled half of the `stance` Python package.
//!
//! Thin by design: Python hands over plain strings and lists, this module
//! reads, tags and renders them with the core library (scoring with the GIL
//! released, in parallel on a rayon pool), and hands back JSONL strings that
//! `stance/__init__.py` parses. The public, documented API is the Python
//! one (`python/stance/__init__.py` and its `.pyi` stubs).

mod docs;
mod tagging;
mod web;

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use stance::{Document, Model, Tagger};

/// A loaded model (the embedded default, or a model file).
#[pyclass(frozen, module = "stance._stance", name = "Model")]
struct PyModel {
    model: Model,
    /// Where it came from, for `repr`.
    source: String,
}

/// Runs `f` on a pool of `threads` workers (0: one per core) with the GIL
/// released.
fn parallel<T: Send>(py: Python<'_>, threads: usize, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(pool.install(f))
    })
    .map_err(|e: String| PyRuntimeError::new_err(e))
}

fn tagger(model: &Model) -> PyResult<Tagger<'_>> {
    Tagger::new(model).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// How to tag: shared passages, any language, threads.
#[derive(Clone)]
struct How {
    shared: bool,
    any_language: bool,
    threads: usize,
    /// Targets whose tone every document asks for (`NAME=alias|alias`).
    targets: Vec<String>,
}

/// Reads documents with `read` and tags them, both on a pool of `threads`
/// with the GIL released; one JSONL string per document and the readers'
/// warnings (and one for the documents not labelled for their language).
fn read_and_tag(
    py: Python<'_>,
    model: &Model,
    how: How,
    read: impl FnOnce() -> Result<(Vec<Document>, Vec<String>), String> + Send,
) -> PyResult<(Vec<String>, Vec<String>)> {
    let specs = how
        .targets
        .iter()
        .map(|t| stance::target::TargetSpec::parse(t))
        .collect::<Result<Vec<_>, String>>()
        .map_err(PyValueError::new_err)?;
    let tagger = tagger(model)?
        .any_language(how.any_language)
        .with_targets(specs)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let out = parallel(py, how.threads, || {
        let (documents, mut warnings) = read()?;
        let records =
            tagging::tag_all(&tagger, &documents, how.shared).map_err(|e| e.to_string())?;
        if !how.any_language {
            warnings.extend(tagging::foreign(&tagger, &documents));
        }
        Ok::<_, String>((records, warnings))
    })?;
    out.map_err(PyValueError::new_err)
}

/// (URL, why) for each URL not fetched.
type Failures = Vec<(String, String)>;

#[pymethods]
impl PyModel {
    /// Loads the model file at `path`, or the embedded default model.
    #[new]
    #[pyo3(signature = (path=None))]
    fn new(path: Option<std::path::PathBuf>) -> PyResult<Self> {
        let (model, source) = match &path {
            Some(p) => (Model::load(p), p.display().to_string()),
            None => (stance::default_model(), "built-in default model".into()),
        };
        let model = model.map_err(|e| match e {
            stance::Error::Io { .. } => PyOSError::new_err(e.to_string()),
            e => PyValueError::new_err(e.to_string()),
        })?;
        tagger(&model)?;
        Ok(PyModel { model, source })
    }

    /// Where the model came from.
    #[getter]
    fn source(&self) -> &str {
        &self.source
    }

    /// The stance head's class names, in score order.
    fn stance_classes(&self) -> PyResult<Vec<String>> {
        Ok(tagger(&self.model)?.stance_classes().to_vec())
    }

    /// The sentiment head's class names, or None.
    fn sentiment_classes(&self) -> PyResult<Option<Vec<String>>> {
        Ok(tagger(&self.model)?
            .sentiment_classes()
            .map(<[String]>::to_vec))
    }

    /// Tags `items` ((kind, id, payload) triples); returns one JSONL string
    /// per document and the readers' warnings.
    #[pyo3(signature = (items, shared=true, threads=0, any_language=false, targets=Vec::new()))]
    fn tag_jsonl(
        &self,
        py: Python<'_>,
        items: Vec<docs::Item>,
        shared: bool,
        threads: usize,
        any_language: bool,
        targets: Vec<String>,
    ) -> PyResult<(Vec<String>, Vec<String>)> {
        let how = How {
            shared,
            any_language,
            threads,
            targets,
        };
        read_and_tag(py, &self.model, how, || docs::documents(&items))
    }

    /// Reads and tags files and directories as `stance tag PATH...` does;
    /// returns one JSONL string per document and the readers' warnings.
    #[pyo3(signature = (paths, shared=true, threads=0, any_language=false, targets=Vec::new()))]
    fn tag_paths_jsonl(
        &self,
        py: Python<'_>,
        paths: Vec<String>,
        shared: bool,
        threads: usize,
        any_language: bool,
        targets: Vec<String>,
    ) -> PyResult<(Vec<String>, Vec<String>)> {
        let how = How {
            shared,
            any_language,
            threads,
            targets,
        };
        read_and_tag(py, &self.model, how, || docs::read_paths(&paths))
    }

    /// Fetches pages (URLs, the items of feeds, the pages of sitemaps) as
    /// `stance tag URL... --feed --sitemap` does, then tags them; returns
    /// one JSONL string per page fetched, the warnings, and (URL, why) for
    /// each URL not fetched. The GIL is released while fetching, and taken
    /// back between two events of the crawl to see Ctrl-C (which stops the
    /// crawl and removes the unfinished archive).
    #[pyo3(signature = (urls, feeds, sitemaps, delay, timeout, max_page_size,
                        user_agent=None, save_warc=None, any_language=false, shared=true, threads=0))]
    #[allow(clippy::too_many_arguments)]
    fn tag_urls_jsonl(
        &self,
        py: Python<'_>,
        urls: Vec<String>,
        feeds: Vec<String>,
        sitemaps: Vec<String>,
        delay: f64,
        timeout: f64,
        max_page_size: u64,
        user_agent: Option<String>,
        save_warc: Option<std::path::PathBuf>,
        any_language: bool,
        shared: bool,
        threads: usize,
    ) -> PyResult<(Vec<String>, Vec<String>, Failures)> {
        let seconds = |name: &str, s: f64| {
            std::time::Duration::try_from_secs_f64(s)
                .map_err(|e| PyValueError::new_err(format!("{name}={s}: {e}")))
        };
        let request = web::Request {
            urls,
            feeds,
            sitemaps,
            delay: seconds("delay", delay)?,
            timeout: seconds("timeout", timeout)?,
            max_page_size,
            user_agent,
            save_warc,
        };
        let mut fetch = web::Fetch::start(request).map_err(PyOSError::new_err)?;
        while py.detach(|| fetch.step()).map_err(PyOSError::new_err)? {
            // Ctrl-C: the error drops `fetch`, which stops the crawl.
            py.check_signals()?;
        }
        let fetched = py.detach(|| fetch.finish()).map_err(PyOSError::new_err)?;
        let how = How {
            shared,
            any_language,
            threads,
            targets: Vec::new(),
        };
        let (records, warnings) = read_and_tag(py, &self.model, how, || {
            Ok((fetched.docs, fetched.warnings))
        })?;
        Ok((records, warnings, fetched.failures))
    }

    /// Tags `items` with shared-passage postings found elsewhere (see
    /// `stance.spark`): `postings[i]` is a list of (shingle, [doc ids]).
    #[pyo3(signature = (items, postings, threads=0))]
    fn tag_with_postings_jsonl(
        &self,
        py: Python<'_>,
        items: Vec<docs::Item>,
        postings: Vec<tagging::Postings>,
        threads: usize,
    ) -> PyResult<(Vec<String>, Vec<String>)> {
        if postings.len() != items.len() {
            return Err(PyValueError::new_err(format!(
                "{} documents but {} postings lists",
                items.len(),
                postings.len()
            )));
        }
        let tagger = tagger(&self.model)?;
        let out = parallel(py, threads, || {
            let (documents, warnings) = docs::documents(&items)?;
            let records = tagging::tag_with_postings(&tagger, &documents, &postings)
                .map_err(|e| e.to_string())?;
            Ok::<_, String>((records, warnings))
        })?;
        out.map_err(PyValueError::new_err)
    }

    fn __repr__(&self) -> String {
        format!("stance.Model({:?})", self.source)
    }
}

/// The distinct kept fingerprints (signed 64-bit; winnowed 5-word shingle
/// hashes) of each document of `items`, as the shared-passage index holds
/// them.
#[pyfunction]
#[pyo3(signature = (items, threads=0))]
fn shingles(
    py: Python<'_>,
    items: Vec<docs::Item>,
    threads: usize,
) -> PyResult<(Vec<String>, Vec<Vec<i64>>)> {
    use rayon::prelude::*;
    let out = parallel(py, threads, || {
        let (documents, _) = docs::documents(&items)?;
        let ids = documents.iter().map(|d| d.id.clone()).collect();
        Ok::<_, String>((ids, documents.par_iter().map(tagging::shingles).collect()))
    })?;
    out.map_err(PyValueError::new_err)
}

/// (uri, html) pairs.
type Pages = Vec<(String, String)>;

/// The HTML pages of a WARC file: (uri, html) pairs and the warnings
/// (skipped records, broken ones), as `stance tag FILE.warc.gz` reads them.
#[pyfunction]
fn read_warc(py: Python<'_>, path: std::path::PathBuf) -> PyResult<(Pages, Vec<String>)> {
    use stance::read::warc::{pages, Found};
    let name = path.display().to_string();
    py.detach(|| {
        let stream = stance::read::open(&path).map_err(|e| PyOSError::new_err(e.to_string()))?;
        let (mut found, mut warnings) = (Vec::new(), Vec::new());
        pages(&name, stream, &mut |f| {
            match f {
                Found::Page(p) => {
                    found.push((p.uri, String::from_utf8_lossy(&p.body).into_owned()))
                }
                Found::Warning { message, .. } => warnings.push(message),
            }
            Ok(())
        })
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok((found, warnings))
    })
}

/// How many documents hold a shingle that is a posting (the core index's
/// saturation rule), as (fewest, most): the Spark job's grouping keeps
/// these.
#[pyfunction]
fn posting_docs() -> (usize, usize) {
    let docs = stance::provenance::shared::POSTING_DOCS;
    (*docs.start(), *docs.end())
}

#[pymodule]
fn _stance(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyModel>()?;
    m.add_function(wrap_pyfunction!(shingles, m)?)?;
    m.add_function(wrap_pyfunction!(read_warc, m)?)?;
    m.add_function(wrap_pyfunction!(posting_docs, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
