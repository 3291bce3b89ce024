//! Tagged documents as one self-contained HTML page: an index of the
//! posts (sortable by their shares), then each post with a bar of its
//! fact / quotation / opinion shares and its paragraphs coloured by label.
//!
//! Everything is inline (CSS, a little script) and nothing is loaded from
//! the network, so the file can be mailed or archived as it is. All text is
//! HTML-escaped; links are made only to `http(s)` addresses and to posts of
//! the same page. The page reads fully without script; the script only
//! sorts the index and filters paragraphs by label. Colours are from the
//! Okabe–Ito palette (distinguishable with colour-vision deficiencies) and
//! never carry meaning alone: every paragraph's label is written out.

use super::record::{DocSink, DocView, TagRecord};
use super::summary::Summary;
use crate::doc::Label;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Collects documents and writes the page to `out` when finished.
pub struct HtmlReport<W: Write> {
    out: W,
    docs: Vec<DocView>,
}

impl<W: Write> HtmlReport<W> {
    /// A report to be written to `out`.
    pub fn new(out: W) -> Self {
        HtmlReport {
            out,
            docs: Vec::new(),
        }
    }

    /// The output, once finished.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> DocSink for HtmlReport<W> {
    fn doc(&mut self, doc: DocView) -> io::Result<()> {
        self.docs.push(doc);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.write_all(page(&self.docs).as_bytes())?;
        self.out.flush()
    }
}

/// How a reproduced paragraph came to be marked, for a reader.
fn how(reproduced_by: &str) -> &str {
    match reproduced_by {
        "blockquote" => "block quote",
        "lead-in" => "lead-in (introduced as someone else's words)",
        "embed" => "embedded post (a tweet pasted as text)",
        "shared" => "shared (the passage is in another post)",
        "reference" => "found in a reference source",
        other => other,
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", 100.0 * share)
}

/// The whole page for `docs`.
pub fn page(docs: &[DocView]) -> String {
    let summaries: Vec<Summary> = docs.iter().map(Summary::of).collect();
    // Posts of this page, by id, so shared passages link to them.
    let anchors: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .rev()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for r in docs.iter().flat_map(|d| &d.paragraphs) {
        *counts.entry(kind(r)).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let mut h = String::with_capacity(4096 + 512 * total);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(
        "<meta name=\"generator\" content=\"stance\">\n<title>stance report</title>\n<style>\n",
    );
    h.push_str(CSS);
    h.push_str("</style>\n</head>\n<body>\n<header>\n<h1>stance report</h1>\n");
    let _ = write!(
        h,
        "<p class=\"totals\">{} posts, {} paragraphs:",
        docs.len(),
        total
    );
    for k in Label::ALL.iter().map(|l| l.as_str()).chain(["skipped"]) {
        let _ = write!(
            h,
            " <span class=\"count {k}\"><b>{}</b> {k}</span>",
            counts.get(k).copied().unwrap_or(0)
        );
    }
    let foreign: Vec<String> = summaries
        .iter()
        .filter_map(|s| s.language_skipped.clone())
        .collect();
    if let Some(line) = super::rows::language_note(&foreign) {
        let _ = write!(h, "</p>\n<p class=\"totals language\">{}.", text(&line));
    }
    h.push_str("</p>\n");
    h.push_str(LEGEND);
    h.push_str("</header>\n<main>\n");
    index(&mut h, docs, &summaries);
    genre_filter(&mut h, &summaries);
    h.push_str(FILTER);
    for (i, (doc, s)) in docs.iter().zip(&summaries).enumerate() {
        post(&mut h, i, doc, s, docs, &anchors);
    }
    h.push_str("</main>\n<script>\n");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

/// `fact`, `quotation`, `opinion` or `skipped`.
fn kind(r: &TagRecord) -> &str {
    match &r.label {
        Some(l) if r.skipped.is_none() => l,
        _ => "skipped",
    }
}

/// The index table: one row per post, each share a sortable column.
fn index(h: &mut String, docs: &[DocView], summaries: &[Summary]) {
    h.push_str("<section id=\"index\" aria-labelledby=\"index-title\">\n<h2 id=\"index-title\">Posts</h2>\n");
    h.push_str("<table id=\"posts\">\n<thead><tr>");
    let columns = [
        "#",
        "post",
        "paragraphs",
        "words",
        "fact",
        "quotation",
        "opinion",
        "reproduced",
        "sentiment",
        "genre",
    ];
    for (c, name) in columns.iter().enumerate() {
        if c == 1 {
            h.push_str("<th scope=\"col\">post</th>");
        } else {
            let _ = write!(
                h,
                "<th scope=\"col\"><button type=\"button\" class=\"sort\" data-col=\"{c}\" title=\"sort by {name}\">{name}</button></th>"
            );
        }
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (i, (doc, s)) in docs.iter().zip(summaries).enumerate() {
        let _ = write!(
            h,
            "<tr data-doc=\"{}\" data-genre=\"{}\"><td data-value=\"{i}\">{}</td><td><a href=\"#d{i}\">{}</a></td><td data-value=\"{}\">{}</td><td data-value=\"{}\">{}</td>",
            attr(&doc.id),
            genre_key(s),
            i + 1,
            text(doc.title()),
            s.paragraphs,
            s.paragraphs,
            s.words,
            s.words
        );
        for l in Label::ALL {
            let v = s.share(l);
            let _ = write!(
                h,
                "<td class=\"share {l}\" data-value=\"{v}\" title=\"95% interval {}\">{}</td>",
                s.intervals.percent(l),
                percent(v)
            );
        }
        let _ = write!(
            h,
            "<td data-value=\"{}\">{}</td>",
            s.reproduced,
            percent(s.reproduced)
        );
        match s.sentiment {
            Some(v) => {
                let _ = write!(h, "<td data-value=\"{v}\">{v:+.2}</td>");
            }
            None => h.push_str("<td data-value=\"0\">–</td>"),
        }
        // Sorted by the genres' fixed order (news first), not by name.
        let _ = write!(
            h,
            "<td class=\"genre\" data-value=\"{}\"{}>{}</td>",
            genre_rank(s),
            s.genre_score
                .map(|p| format!(" title=\"score {p:.2}\""))
                .unwrap_or_default(),
            text(s.genre.as_deref().unwrap_or("–"))
        );
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

/// The genre a post's rows and article carry for the genre filter
/// (`none` when its records have none).
fn genre_key(s: &Summary) -> &str {
    s.genre
        .as_deref()
        .filter(|g| crate::genre::Genre::parse(g).is_some())
        .unwrap_or("none")
}

/// A post's genre as a sort key: its place in `Genre::ALL`, posts without
/// one last.
fn genre_rank(s: &Summary) -> usize {
    let all = crate::genre::Genre::ALL;
    s.genre
        .as_deref()
        .and_then(crate::genre::Genre::parse)
        .and_then(|g| all.iter().position(|x| *x == g))
        .unwrap_or(all.len())
}

/// The genre filter: one box per genre the posts have (shown by the
/// script, which hides the unticked genres' rows and posts).
fn genre_filter(h: &mut String, summaries: &[Summary]) {
    let mut present: Vec<&str> = crate::genre::Genre::ALL
        .iter()
        .map(|g| g.name())
        .filter(|g| summaries.iter().any(|s| genre_key(s) == *g))
        .collect();
    if summaries.iter().any(|s| genre_key(s) == "none") {
        present.push("none");
    }
    h.push_str("<fieldset id=\"genre-filter\" hidden>\n<legend>Show posts of genre</legend>\n");
    for g in present {
        let _ = writeln!(
            h,
            "<label><input type=\"checkbox\" value=\"{g}\" checked> {g}</label>"
        );
    }
    h.push_str("<output id=\"posts-shown\" aria-live=\"polite\"></output>\n</fieldset>\n");
}

/// One post: title, source, share bars, paragraphs.
fn post(
    h: &mut String,
    i: usize,
    doc: &DocView,
    s: &Summary,
    docs: &[DocView],
    anchors: &HashMap<&str, usize>,
) {
    let _ = write!(
        h,
        "<article class=\"post\" id=\"d{i}\" data-doc=\"{}\" data-genre=\"{}\" aria-labelledby=\"d{i}-title\">\n<h2 id=\"d{i}-title\">{}</h2>\n",
        attr(&doc.id),
        genre_key(s),
        text(doc.title())
    );
    // Where it came from: its address, site and id (the id only once when
    // it is also the title).
    let mut source = Vec::new();
    if let Some(url) = doc.url() {
        let lower = url.to_ascii_lowercase();
        source.push(
            if lower.starts_with("http://") || lower.starts_with("https://") {
                format!(
                    "<a href=\"{}\" rel=\"noreferrer\">{}</a>",
                    attr(url),
                    text(url)
                )
            } else {
                text(url).into_owned()
            },
        );
    }
    if let Some(site) = doc.site() {
        source.push(text(site).into_owned());
    }
    if doc.title() != doc.id || !source.is_empty() {
        source.push(format!("<code>{}</code>", text(&doc.id)));
    }
    if !source.is_empty() {
        let _ = writeln!(h, "<p class=\"source\">{}</p>", source.join(" · "));
    }
    // The share bar: widths carry the figures, the legend beside it names them.
    let _ = write!(
        h,
        "<div class=\"bar\" role=\"img\" aria-label=\"fact {}, quotation {}, opinion {} of {} words\">",
        percent(s.fact),
        percent(s.quotation),
        percent(s.opinion),
        s.words
    );
    for l in Label::ALL {
        let v = s.share(l);
        if v > 0.0 {
            let _ = write!(
                h,
                "<span class=\"seg {l}\" style=\"width:{:.3}%\" title=\"{l} {}\">{}</span>",
                100.0 * v,
                percent(v),
                if v >= 0.12 { l.as_str() } else { "" }
            );
        }
    }
    h.push_str("</div>\n");
    let _ = writeln!(
        h,
        "<div class=\"bar repro\" role=\"img\" aria-label=\"reproduced {}\"><span class=\"seg reproduced\" style=\"width:{:.3}%\"></span></div>",
        percent(s.reproduced),
        100.0 * s.reproduced
    );
    let _ = write!(h, "<p class=\"figures\">");
    for l in Label::ALL {
        let _ = write!(
            h,
            "<span class=\"key {l}\">{l} <b>{}</b> <small class=\"interval\" title=\"95% interval from the probabilities\">({})</small></span> ",
            percent(s.share(l)),
            s.intervals.percent(l)
        );
    }
    let _ = write!(
        h,
        "<span class=\"key reproduced\">reproduced <b>{}</b></span> · {} paragraphs ({} skipped), {} words",
        percent(s.reproduced),
        s.paragraphs,
        s.skipped,
        s.words
    );
    if let Some(v) = s.sentiment {
        let _ = write!(h, ", sentiment {v:+.2}");
    }
    if let Some(l) = &s.language_skipped {
        let _ = write!(
            h,
            " · not labelled: in {}, a language the model was not trained on",
            text(l)
        );
    }
    h.push_str("</p>\n");
    if !s.shares_with.is_empty() {
        h.push_str("<p class=\"shares\">Shares passages with ");
        links(h, &s.shares_with, docs, anchors);
        h.push_str("</p>\n");
    }
    if !s.targets.is_empty() {
        // Tone toward the targets asked for (`stance tag --target`).
        h.push_str("<p class=\"targets\">Tone toward ");
        for (n, t) in s.targets.iter().enumerate() {
            let sep = if n > 0 { "; " } else { "" };
            let _ = write!(h, "{sep}{}", text(&super::targets::describe(t)));
        }
        h.push_str("</p>\n");
    }
    h.push_str("<ol class=\"paras\">\n");
    for r in &doc.paragraphs {
        paragraph(h, i, r, docs, anchors);
    }
    h.push_str("</ol>\n</article>\n");
}

/// Links to the posts of this page among `ids`; the others as text.
fn links(h: &mut String, ids: &[String], docs: &[DocView], anchors: &HashMap<&str, usize>) {
    for (n, id) in ids.iter().enumerate() {
        if n > 0 {
            h.push_str(", ");
        }
        match anchors.get(id.as_str()) {
            Some(&j) => {
                let _ = write!(h, "<a href=\"#d{j}\">{}</a>", text(docs[j].title()));
            }
            None => {
                let _ = write!(h, "<code>{}</code>", text(id));
            }
        }
    }
}

fn paragraph(
    h: &mut String,
    i: usize,
    r: &TagRecord,
    docs: &[DocView],
    anchors: &HashMap<&str, usize>,
) {
    let k = kind(r);
    let _ = write!(
        h,
        "<li class=\"para {k}{}\" id=\"d{i}-p{}\" data-label=\"{k}\"><div class=\"meta\"><span class=\"num\">¶{}</span> ",
        if r.is_reproduced() { " reproduced" } else { "" },
        r.paragraph,
        r.paragraph
    );
    match &r.skipped {
        Some(reason) => {
            let _ = write!(h, "<span class=\"badge\">skipped: {}</span>", text(reason));
        }
        None => {
            let _ = write!(
                h,
                "<span class=\"badge\">{}</span> <span class=\"probs\">",
                text(k)
            );
            for (n, l) in Label::ALL.iter().enumerate() {
                let sep = if n > 0 { " · " } else { "" };
                let _ = write!(h, "{sep}{l} {:.2}", r.p(l.as_str()));
            }
            h.push_str("</span>");
            if let Some(sent) = &r.sentiment {
                let _ = write!(
                    h,
                    " <span class=\"sentiment\">sentiment: {}</span>",
                    text(sent)
                );
            }
            for t in r.targets.iter().flatten() {
                let _ = write!(
                    h,
                    " <span class=\"sentiment\">toward {}: {}</span>",
                    text(&t.target),
                    text(t.sentiment.as_deref().unwrap_or("?"))
                );
            }
        }
    }
    if let Some(by) = &r.reproduced_by {
        let _ = write!(
            h,
            " <span class=\"how\">reproduced: {}</span>",
            text(how(by))
        );
    }
    if !r.shared_with.is_empty() {
        h.push_str(" <span class=\"with\">shared with ");
        links(h, &r.shared_with, docs, anchors);
        h.push_str("</span>");
    }
    let _ = writeln!(h, "</div><p class=\"text\">{}</p></li>", text(&r.text));
}

const LEGEND: &str = "<p class=\"legend\">Each paragraph carries its label: \
<span class=\"badge-key fact\">fact</span> reported fact, \
<span class=\"badge-key quotation\">quotation</span> mostly someone's quoted words, \
<span class=\"badge-key opinion\">opinion</span> the writer's judgement; \
<span class=\"badge-key skipped\">skipped</span> boilerplate (headings, bylines, share lines), greyed. \
Reproduced paragraphs (block quotes, text introduced as another's, passages shared between posts) \
have a dashed outline and say how. Shares are of words in labelled paragraphs; in brackets, a 95% \
interval for each share from the paragraphs' probabilities (the probability-weighted share ± 1.96 \
standard deviations, taking paragraphs as independent).</p>\n";

/// Shown by the script (it is what makes it work).
const FILTER: &str = "<fieldset id=\"filter\" hidden>\n<legend>Show paragraphs labelled</legend>\n\
<label><input type=\"checkbox\" value=\"fact\" checked> fact</label>\n\
<label><input type=\"checkbox\" value=\"quotation\" checked> quotation</label>\n\
<label><input type=\"checkbox\" value=\"opinion\" checked> opinion</label>\n\
<label><input type=\"checkbox\" value=\"skipped\" checked> skipped</label>\n\
<output id=\"shown\" aria-live=\"polite\"></output>\n</fieldset>\n";

const CSS: &str = r#":root { --fact: #0072b2; --quotation: #e69f00; --opinion: #cc79a7; --repro: #444; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 62rem; padding: 1rem 1.5rem 3rem; }
h1 { margin: .2rem 0; } h2 { margin: 1.2rem 0 .3rem; font-size: 1.35rem; }
code { font-size: .85em; color: #444; word-break: break-all; }
[hidden] { display: none !important; }
.totals .count { margin-left: .6rem; }
.legend { font-size: .9rem; color: #333; }
.badge-key, .badge { display: inline-block; padding: 0 .45em; border-radius: .25em; font-weight: 600; font-size: .85rem; }
.fact > .meta .badge, .badge-key.fact { background: var(--fact); color: #fff; }
.quotation > .meta .badge, .badge-key.quotation { background: var(--quotation); color: #000; }
.opinion > .meta .badge, .badge-key.opinion { background: var(--opinion); color: #000; }
.skipped > .meta .badge, .badge-key.skipped { background: #e0e0e0; color: #333; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #ddd; text-align: right; }
th { white-space: nowrap; }
th:nth-child(2), td:nth-child(2) { text-align: left; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline dotted; }
th[aria-sort=descending] button::after { content: " ▼"; } th[aria-sort=ascending] button::after { content: " ▲"; }
td.share.fact { box-shadow: inset 4px 0 var(--fact); } td.share.quotation { box-shadow: inset 4px 0 var(--quotation); } td.share.opinion { box-shadow: inset 4px 0 var(--opinion); }
#filter, #genre-filter { margin: 1.2rem 0; border: 1px solid #bbb; border-radius: .3rem; }
#filter label, #genre-filter label { margin-right: 1rem; } #shown, #posts-shown { color: #444; font-size: .9rem; }
td.genre { text-align: left; }
.post { border-top: 2px solid #333; margin-top: 2rem; }
.source { margin: 0 0 .5rem; color: #444; font-size: .9rem; }
.bar { display: flex; height: 1.4rem; border: 1px solid #666; border-radius: .2rem; overflow: hidden; background: #f3f3f3; margin: .3rem 0; }
.bar.repro { height: .7rem; }
.seg { display: block; height: 100%; font-size: .8rem; line-height: 1.4rem; text-align: center; overflow: hidden; white-space: nowrap; }
.seg.fact { background: var(--fact); color: #fff; } .seg.quotation { background: var(--quotation); color: #000; } .seg.opinion { background: var(--opinion); color: #000; }
.seg.reproduced { background: repeating-linear-gradient(45deg, var(--repro) 0 4px, #888 4px 8px); }
.figures { font-size: .9rem; margin: .2rem 0; } .key { margin-right: .5rem; }
.key::before { content: ""; display: inline-block; width: .8em; height: .8em; margin-right: .25em; vertical-align: -.05em; border: 1px solid #333; }
.key.fact::before { background: var(--fact); } .key.quotation::before { background: var(--quotation); } .key.opinion::before { background: var(--opinion); } .key.reproduced::before { background: var(--repro); }
.shares { font-size: .9rem; }
.paras { list-style: none; padding: 0; margin: .8rem 0; }
.para { margin: .5rem 0; padding: .35rem .7rem; border-left: 6px solid #bbb; border-radius: .2rem; }
.para.fact { border-left-color: var(--fact); background: #e8f2f9; }
.para.quotation { border-left-color: var(--quotation); background: #fdf3df; }
.para.opinion { border-left-color: var(--opinion); background: #f8eaf2; }
.para.skipped { background: #f6f6f6; color: #595959; }
.para.skipped .text { font-size: .9rem; }
.para.reproduced { outline: 2px dashed var(--repro); outline-offset: -2px; }
.meta { font-size: .8rem; color: #333; } .meta > span { margin-right: .4rem; }
.num { color: #555; font-variant-numeric: tabular-nums; } .how { font-weight: 600; }
.text { margin: .2rem 0 0; }
"#;

const SCRIPT: &str = r##"(function () {
  "use strict";
  var filter = document.getElementById("filter");
  var paras = document.querySelectorAll("li.para");
  function apply() {
    var on = {};
    filter.querySelectorAll("input").forEach(function (i) { on[i.value] = i.checked; });
    var shown = 0;
    paras.forEach(function (p) {
      var show = !!on[p.getAttribute("data-label")];
      p.hidden = !show;
      if (show) shown++;
    });
    document.getElementById("shown").textContent = shown + " of " + paras.length + " paragraphs shown";
  }
  filter.hidden = false;
  filter.addEventListener("change", apply);
  apply();
  // The genre filter hides the unticked genres' index rows and posts.
  var genres = document.getElementById("genre-filter");
  var posts = document.querySelectorAll("#posts tbody tr, article.post");
  function applyGenres() {
    var on = {};
    genres.querySelectorAll("input").forEach(function (i) { on[i.value] = i.checked; });
    var shown = 0, total = 0;
    posts.forEach(function (p) {
      var show = !!on[p.getAttribute("data-genre")];
      p.hidden = !show;
      if (p.tagName === "TR") { total++; if (show) shown++; }
    });
    document.getElementById("posts-shown").textContent = shown + " of " + total + " posts shown";
  }
  genres.hidden = false;
  genres.addEventListener("change", applyGenres);
  applyGenres();
  var table = document.getElementById("posts");
  table.querySelectorAll("button.sort").forEach(function (b) {
    b.addEventListener("click", function () {
      var col = +b.getAttribute("data-col");
      var th = b.parentNode;
      // First click sorts largest first; the next reverses.
      var descending = th.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = +x.cells[col].getAttribute("data-value"), b2 = +y.cells[col].getAttribute("data-value");
        return descending ? b2 - a : a - b2;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::record::tests::line;
    use crate::view::record::RecordLines;

    fn render(jsonl: &str) -> String {
        let mut w = RecordLines::new("t", HtmlReport::new(Vec::new()));
        w.write_all(jsonl.as_bytes()).unwrap();
        String::from_utf8(w.finish().unwrap().into_inner()).unwrap()
    }

    #[test]
    fn hostile_text_stays_text() {
        let evil = "<script>alert(1)</script> & <img src=x onerror=alert(2)> \"quoted\"";
        let doc = "a\"><script>alert(3)</script>";
        let html = render(&[line(doc, 0, Some(("opinion", [0.1, 0.1, 0.8])), evil)].concat());
        assert_eq!(
            html.matches("<script").count(),
            1,
            "only the page's own script"
        );
        assert!(!html.contains("<img"), "no markup from the input");
        assert!(html.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;"
        ));
        assert!(
            html.contains("data-doc=\"a&quot;&gt;&lt;script&gt;"),
            "attributes are escaped"
        );
    }

    #[test]
    fn the_page_is_self_contained_and_names_every_label() {
        let html = render(
            &[
                line("one", 0, None, "Heading"),
                line("one", 1, Some(("fact", [0.7, 0.2, 0.1])), "A fact here."),
                line(
                    "two",
                    0,
                    Some(("quotation", [0.1, 0.8, 0.1])),
                    "\"Quoted,\" she said.",
                ),
            ]
            .concat(),
        );
        for needle in ["src=", "<link", "@import", "url(", "http://", "https://"] {
            assert!(!html.contains(needle), "nothing from the network: {needle}");
        }
        assert_eq!(html.matches("<li class=\"para").count(), 3);
        assert!(html.contains("<span class=\"badge\">skipped: heading</span>"));
        assert!(html.contains("data-label=\"fact\"><div class=\"meta\"><span class=\"num\">¶1</span> <span class=\"badge\">fact</span> <span class=\"probs\">fact 0.70 · quotation 0.20 · opinion 0.10</span>"));
        assert!(
            html.contains("<a href=\"#d1\">two</a>"),
            "index links to the post"
        );
        // Each share with its interval: a lone uncertain paragraph of three
        // words is anywhere from 0 to 100% fact.
        assert!(html.contains("fact <b>100%</b> <small class=\"interval\""));
        assert!(html.contains("(0–100%)</small>"));
        assert!(html.contains("title=\"95% interval 0–100%\">100%</td>"));
    }

    #[test]
    fn posts_not_labelled_for_their_language_are_counted_and_said() {
        let german = line("de", 0, None, "Der Rat hat entschieden.")
            .replace("\"heading\"", "\"language\"")
            .replace("\"title\":null", "\"title\":null,\"language\":\"de\"");
        let english = line(
            "en",
            0,
            Some(("fact", [0.7, 0.2, 0.1])),
            "The council decided.",
        );
        let html = render(&[german, english].concat());
        assert!(
            html.contains("<p class=\"totals language\">1 document(s) not labelled: in a language the model was not trained on (de).</p>"),
            "{html}"
        );
        assert_eq!(
            html.matches(" · not labelled: in de, a language the model was not trained on")
                .count(),
            1
        );
        let html = render(&line("en", 0, Some(("fact", [0.7, 0.2, 0.1])), "Fine."));
        assert!(!html.contains("not labelled"));
    }

    #[test]
    fn shared_passages_link_to_the_other_post_and_only_web_urls_are_links() {
        let mut a = line("a", 0, Some(("fact", [0.7, 0.2, 0.1])), "Passage.");
        a = a.replace(
            "\"reproduced_by\":null,\"shared_with\":[]",
            "\"reproduced_by\":\"shared\",\"shared_with\":[\"b\",\"elsewhere\"]",
        );
        a = a.replace(
            "\"title\":null",
            "\"title\":\"Post A\",\"url\":\"javascript:alert(1)\"",
        );
        let mut b = line("b", 0, Some(("fact", [0.7, 0.2, 0.1])), "Passage.");
        b = b.replace(
            "\"title\":null",
            "\"title\":\"Post B\",\"url\":\"https://example.org/b?x=1&y=2\"",
        );
        let html = render(&[a, b].concat());
        assert!(html.contains("reproduced: shared (the passage is in another post)"));
        assert!(
            html.contains("shared with <a href=\"#d1\">Post B</a>, <code>elsewhere</code>"),
            "{html}"
        );
        assert!(!html.contains("href=\"javascript"), "no script links");
        assert!(html.contains("<a href=\"https://example.org/b?x=1&amp;y=2\" rel=\"noreferrer\">"));
    }
}
