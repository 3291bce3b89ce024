//! TF-IDF over unigrams and bigrams of analysed terms.
//!
//! Follows the conventions of scikit-learn's `TfidfVectorizer` so figures
//! can be compared: smoothed idf `ln((1 + n) / (1 + df)) + 1`, optional
//! sublinear tf `1 + ln(tf)`, L2-normalised rows. The vocabulary keeps the
//! n-grams seen in at least `min_df` documents (and at most `max_df` of
//! them), capped to the `max_features` most frequent, and is stored sorted
//! so the model file is deterministic.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
// Fx hashing: these maps are looked up for every term of every paragraph.
use rustc_hash::FxHashMap as HashMap;

/// A sparse row: `(feature index, value)` sorted by index.
pub type SparseVec = Vec<(u32, f64)>;

/// Hyperparameters of the vectorizer. Defaults are documented per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TfidfParams {
    /// Longest n-gram: 1 (unigrams) or 2 (unigrams and bigrams). Default 2.
    pub ngram_max: usize,
    /// Minimum number of training documents an n-gram must occur in. Default 2.
    pub min_df: usize,
    /// Maximum share of training documents an n-gram may occur in. Default 1.0.
    pub max_df: f64,
    /// Keep at most this many n-grams. Default 10,000.
    pub max_features: usize,
    /// Use `1 + ln(tf)` instead of raw counts. Default true.
    pub sublinear_tf: bool,
    /// How the `max_features` n-grams are chosen. Default chi2.
    #[serde(default)]
    pub selection: Selection,
}

/// How the vocabulary is cut to `max_features`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Selection {
    /// The most frequent n-grams (by document frequency).
    Frequency,
    /// The n-grams whose presence depends most on the class (chi-square
    /// over document counts per class); falls back to frequency when no
    /// labels are given.
    #[default]
    Chi2,
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            ngram_max: 2,
            min_df: 2,
            max_df: 1.0,
            max_features: 10_000,
            sublinear_tf: true,
            selection: Selection::Chi2,
        }
    }
}

impl TfidfParams {
    /// Validates the parameters.
    pub fn check(&self) -> Result<()> {
        if !(1..=2).contains(&self.ngram_max) {
            return Err(Error::Params(format!(
                "ngram_max must be 1 or 2, got {}",
                self.ngram_max
            )));
        }
        if self.min_df == 0 {
            return Err(Error::Params("min_df must be at least 1".into()));
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(Error::Params(format!(
                "max_df must be in (0, 1], got {}",
                self.max_df
            )));
        }
        if self.max_features == 0 {
            return Err(Error::Params("max_features must be at least 1".into()));
        }
        Ok(())
    }

    /// Fits the vocabulary and idf on analysed documents.
    pub fn fit<D: AsRef<[S]>, S: AsRef<str>>(&self, docs: &[D]) -> Result<Tfidf> {
        self.fit_labelled(docs, None)
    }

    /// Fits the vocabulary and idf; with `labels` (one class index per
    /// document, `n_classes` = max + 1) chi-square selection can be used.
    pub fn fit_labelled<D: AsRef<[S]>, S: AsRef<str>>(
        &self,
        docs: &[D],
        labels: Option<&[usize]>,
    ) -> Result<Tfidf> {
        self.check()?;
        let n_classes = labels.map_or(0, |l| l.iter().max().map_or(0, |m| m + 1));
        let mut class_docs = vec![0u32; n_classes];
        if let Some(l) = labels {
            for &c in l {
                class_docs[c] += 1;
            }
        }
        // Intern every term once so n-grams are counted as integer keys.
        let mut ids: HashMap<&str, u32> = HashMap::default();
        let mut names: Vec<&str> = Vec::new();
        let mut df: HashMap<u64, u32> = HashMap::default();
        // Per n-gram document counts per class, for chi-square.
        let mut class_df: HashMap<u64, Vec<u32>> = HashMap::default();
        let mut seen: Vec<u64> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            let doc_ids: Vec<u32> = doc
                .as_ref()
                .iter()
                .map(|t| {
                    let t = t.as_ref();
                    *ids.entry(t).or_insert_with(|| {
                        names.push(t);
                        names.len() as u32 - 1
                    })
                })
                .collect();
            seen.clear();
            for_each_ngram(&doc_ids, self.ngram_max, |key| seen.push(key));
            seen.sort_unstable();
            seen.dedup();
            for &key in &seen {
                *df.entry(key).or_insert(0) += 1;
                if let Some(l) = labels {
                    class_df.entry(key).or_insert_with(|| vec![0; n_classes])[l[d]] += 1;
                }
            }
        }
        let n = docs.len();
        let max_df = (self.max_df * n as f64).floor() as u32;
        let use_chi2 = self.selection == Selection::Chi2 && n_classes > 1;
        let mut kept: Vec<(String, u32, f64)> = df
            .into_iter()
            .filter(|&(_, d)| d as usize >= self.min_df && d <= max_df.max(1))
            .map(|(key, d)| {
                let score = if use_chi2 {
                    chi2(&class_df[&key], &class_docs, n)
                } else {
                    d as f64
                };
                (key_name(key, &names), d, score)
            })
            .collect();
        // Best first; ties by name so the cut is deterministic.
        kept.sort_unstable_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        kept.truncate(self.max_features);
        let mut kept: Vec<(String, u32)> = kept.into_iter().map(|(name, d, _)| (name, d)).collect();
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let idf = kept
            .iter()
            .map(|&(_, d)| ((1.0 + n as f64) / (1.0 + d as f64)).ln() + 1.0)
            .collect();
        let terms = kept.into_iter().map(|(name, _)| name).collect();
        Tfidf::from_parts(self.clone(), terms, idf)
    }
}

/// Chi-square statistic of an n-gram's presence against the classes, from
/// its document count in each class (`observed`), the documents per class
/// and the total number of documents.
fn chi2(observed: &[u32], class_docs: &[u32], n: usize) -> f64 {
    let df: u32 = observed.iter().sum();
    let mut score = 0.0;
    for (&o, &c) in observed.iter().zip(class_docs) {
        let expected = df as f64 * c as f64 / n as f64;
        if expected > 0.0 {
            score += (o as f64 - expected).powi(2) / expected;
        }
    }
    score
}

/// Calls `f` with the key of every n-gram of `ids` (unigram key `a + 1`,
/// bigram key `(a + 1) << 32 | (b + 1)`).
fn for_each_ngram(ids: &[u32], ngram_max: usize, mut f: impl FnMut(u64)) {
    for (i, &a) in ids.iter().enumerate() {
        f(a as u64 + 1);
        if ngram_max >= 2 {
            if let Some(&b) = ids.get(i + 1) {
                f(((a as u64 + 1) << 32) | (b as u64 + 1));
            }
        }
    }
}

fn key_name(key: u64, names: &[&str]) -> String {
    let hi = (key >> 32) as usize;
    let lo = (key & 0xffff_ffff) as usize;
    if hi == 0 {
        names[lo - 1].to_string()
    } else {
        format!("{} {}", names[hi - 1], names[lo - 1])
    }
}

/// A fitted vectorizer: vocabulary, idf and fast lookup tables.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "TfidfData", into = "TfidfData")]
pub struct Tfidf {
    params: TfidfParams,
    terms: Vec<String>,
    idf: Vec<f64>,
    /// Every single term that appears in some feature → its term id and,
    /// when the term is a feature by itself, that feature's index (else
    /// `u32::MAX`): one lookup per token for both.
    term_ids: HashMap<String, (u32, u32)>,
    /// n-gram key over term ids → feature index.
    features: HashMap<u64, u32>,
}

/// The stored form of [`Tfidf`]: lookup tables are rebuilt on load.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TfidfData {
    params: TfidfParams,
    terms: Vec<String>,
    idf: Vec<f64>,
}

impl TryFrom<TfidfData> for Tfidf {
    type Error = Error;
    fn try_from(d: TfidfData) -> Result<Self> {
        Tfidf::from_parts(d.params, d.terms, d.idf)
    }
}

impl From<Tfidf> for TfidfData {
    fn from(t: Tfidf) -> Self {
        TfidfData {
            params: t.params,
            terms: t.terms,
            idf: t.idf,
        }
    }
}

impl Tfidf {
    /// Builds a vectorizer from its stored parts, checking they agree.
    pub fn from_parts(params: TfidfParams, terms: Vec<String>, idf: Vec<f64>) -> Result<Self> {
        params.check()?;
        if terms.len() != idf.len() {
            return Err(Error::Params(format!(
                "vocabulary has {} terms but idf has {} values",
                terms.len(),
                idf.len()
            )));
        }
        let mut term_ids: HashMap<String, (u32, u32)> = HashMap::default();
        let mut features = HashMap::with_capacity_and_hasher(terms.len(), Default::default());
        for (index, name) in terms.iter().enumerate() {
            let mut id_of = |w: &str| -> u64 {
                let next = term_ids.len() as u32;
                term_ids.entry(w.to_string()).or_insert((next, u32::MAX)).0 as u64 + 1
            };
            let key = match name.split_once(' ') {
                None => id_of(name),
                Some((a, b)) => (id_of(a) << 32) | id_of(b),
            };
            if features.insert(key, index as u32).is_some() {
                return Err(Error::Params(format!(
                    "vocabulary repeats the term {name:?}"
                )));
            }
        }
        for (id, unigram) in term_ids.values_mut() {
            if let Some(&f) = features.get(&(*id as u64 + 1)) {
                *unigram = f;
            }
        }
        Ok(Tfidf {
            params,
            terms,
            idf,
            term_ids,
            features,
        })
    }

    /// Number of features (vocabulary size).
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The feature names (`"term"` or `"term term"`), in column order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The idf of each feature, in column order.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// The parameters the vectorizer was fitted with.
    pub fn params(&self) -> &TfidfParams {
        &self.params
    }

    /// The L2-normalised tf-idf row of one analysed document.
    pub fn transform<S: AsRef<str>>(&self, doc: &[S]) -> SparseVec {
        self.transform_ids(doc.iter().map(|t| self.term_id(t.as_ref())))
    }

    /// Every single term of the vocabulary (alone or in an n-gram).
    pub fn single_terms(&self) -> impl Iterator<Item = &str> {
        self.term_ids.keys().map(String::as_str)
    }

    /// A term's id and, when it is a feature by itself, that feature's
    /// index (else `u32::MAX`); `(u32::MAX, u32::MAX)` outside the
    /// vocabulary.
    pub fn term_id(&self, term: &str) -> (u32, u32) {
        self.term_ids
            .get(term)
            .copied()
            .unwrap_or((u32::MAX, u32::MAX))
    }

    /// [`Tfidf::transform`] of a document whose terms are already looked
    /// up ([`Tfidf::term_id`] of each, in order).
    pub fn transform_ids(&self, ids: impl Iterator<Item = (u32, u32)>) -> SparseVec {
        // u32::MAX marks a term outside the vocabulary: it breaks bigrams.
        // Feature ids of every occurrence, sorted below so repeats are
        // adjacent.
        let mut hits: Vec<u32> = Vec::with_capacity(ids.size_hint().0 * 2);
        let mut prev = u32::MAX;
        for (b, unigram) in ids {
            if prev != u32::MAX && b != u32::MAX && self.params.ngram_max >= 2 {
                let key = ((prev as u64 + 1) << 32) | (b as u64 + 1);
                if let Some(&f) = self.features.get(&key) {
                    hits.push(f);
                }
            }
            if unigram != u32::MAX {
                hits.push(unigram);
            }
            prev = b;
        }
        hits.sort_unstable();
        let mut row: SparseVec = Vec::with_capacity(hits.len());
        for f in hits {
            match row.last_mut() {
                Some(last) if last.0 == f => last.1 += 1.0,
                _ => row.push((f, 1.0)),
            }
        }
        let mut norm = 0.0;
        for (f, v) in row.iter_mut() {
            let tf = if self.params.sublinear_tf {
                1.0 + v.ln()
            } else {
                *v
            };
            *v = tf * self.idf[*f as usize];
            norm += *v * *v;
        }
        if norm > 0.0 {
            let norm = norm.sqrt();
            row.iter_mut().for_each(|(_, v)| *v /= norm);
        }
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<Vec<&'static str>> {
        vec![
            vec!["the", "cat", "sat"],
            vec!["the", "cat", "the", "cat"],
            vec!["a", "dog", "sat"],
        ]
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn vocabulary_respects_min_df_and_is_sorted() {
        let t = TfidfParams {
            min_df: 2,
            ..Default::default()
        }
        .fit(&docs())
        .unwrap();
        // df: the 2, cat 2, sat 2, "the cat" 2; everything else 1.
        assert_eq!(t.terms(), ["cat", "sat", "the", "the cat"]);
    }

    #[test]
    fn idf_matches_hand_computation() {
        let t = TfidfParams {
            min_df: 1,
            ..Default::default()
        }
        .fit(&docs())
        .unwrap();
        let idf_of = |name: &str| t.idf()[t.terms().iter().position(|x| x == name).unwrap()];
        // n = 3; df(the) = 2 → ln(4/3) + 1; df(dog) = 1 → ln(4/2) + 1.
        assert!(close(idf_of("the"), (4.0f64 / 3.0).ln() + 1.0));
        assert!(close(idf_of("dog"), 2.0f64.ln() + 1.0));
        assert!(close(idf_of("cat sat"), 2.0f64.ln() + 1.0));
    }

    #[test]
    fn transform_matches_hand_computation() {
        let params = TfidfParams {
            min_df: 2,
            sublinear_tf: true,
            ..Default::default()
        };
        let t = params.fit(&docs()).unwrap();
        // Doc "the cat the cat": tf(the)=2, tf(cat)=2, tf("the cat")=2,
        // tf("cat the")=1 but not in the vocabulary. All kept terms have
        // df 2, so idf is equal and the row is uniform after L2 norm.
        let row = t.transform(&["the", "cat", "the", "cat"]);
        let idx = |n: &str| t.terms().iter().position(|x| x == n).unwrap() as u32;
        let expected = 1.0 / 3f64.sqrt();
        assert_eq!(row.len(), 3);
        for (name, (f, v)) in ["cat", "the", "the cat"].iter().zip(&row) {
            assert_eq!(*f, idx(name));
            assert!(close(*v, expected), "{name}: {v}");
        }
        // Raw tf with unequal idf: "a dog sat" with min_df 1.
        let t = TfidfParams {
            min_df: 1,
            sublinear_tf: false,
            ..Default::default()
        }
        .fit(&docs())
        .unwrap();
        let row = t.transform(&["cat", "cat", "sat"]);
        let (idf_cat, idf_sat) = ((4.0f64 / 3.0).ln() + 1.0, (4.0f64 / 3.0).ln() + 1.0);
        let (a, b) = (2.0 * idf_cat, idf_sat);
        let n = (a * a + b * b).sqrt();
        let got: Vec<f64> = row.iter().map(|x| x.1).collect();
        // cat, "cat cat", "cat sat", sat → "cat cat" unseen in training.
        assert_eq!(row.len(), 3, "{row:?}");
        let cat_sat = 2.0f64.ln() + 1.0;
        let n = (n * n + cat_sat * cat_sat).sqrt();
        assert!(
            close(got[0], a / n) && close(got[1], cat_sat / n) && close(got[2], b / n),
            "{got:?}"
        );
    }

    #[test]
    fn unknown_terms_give_an_empty_row() {
        let t = TfidfParams::default().fit(&docs()).unwrap();
        assert!(t.transform(&["zebra", "unicorn"]).is_empty());
        assert!(t.transform::<&str>(&[]).is_empty());
    }

    #[test]
    fn max_features_keeps_the_most_frequent() {
        let t = TfidfParams {
            min_df: 1,
            max_features: 2,
            ..Default::default()
        }
        .fit(&docs())
        .unwrap();
        // df 2: cat, sat, the, "the cat" → ties broken by name: cat, sat.
        assert_eq!(t.terms(), ["cat", "sat"]);
    }

    #[test]
    fn chi2_selection_keeps_class_bound_terms() {
        // "x" is in every doc (no class signal); "a" only in class 0 docs
        // and "b" only in class 1 docs.
        let docs = vec![
            vec!["x", "a"],
            vec!["x", "a"],
            vec!["x", "b"],
            vec!["x", "b"],
            vec!["x"],
        ];
        let labels = [0, 0, 1, 1, 1];
        let p = TfidfParams {
            min_df: 1,
            ngram_max: 1,
            max_features: 2,
            ..Default::default()
        };
        assert_eq!(
            p.fit_labelled(&docs, Some(&labels)).unwrap().terms(),
            ["a", "b"]
        );
        let p = TfidfParams {
            selection: Selection::Frequency,
            ..p
        };
        assert_eq!(
            p.fit_labelled(&docs, Some(&labels)).unwrap().terms()[..],
            ["a", "x"][..]
        );
        // Hand-computed: "a" observed [2, 0], expected [2*2/5, 2*3/5].
        let want = (2.0f64 - 0.8).powi(2) / 0.8 + (0.0f64 - 1.2).powi(2) / 1.2;
        assert!((chi2(&[2, 0], &[2, 3], 5) - want).abs() < 1e-12);
    }

    #[test]
    fn serde_round_trip_rebuilds_lookups() {
        let t = TfidfParams {
            min_df: 1,
            ..Default::default()
        }
        .fit(&docs())
        .unwrap();
        let json = serde_json::to_string(&t).unwrap();
        let back: Tfidf = serde_json::from_str(&json).unwrap();
        let doc = ["the", "cat", "sat", "dog"];
        assert_eq!(t.transform(&doc), back.transform(&doc));
    }

    #[test]
    fn bad_params_are_refused() {
        assert!(TfidfParams {
            ngram_max: 3,
            ..Default::default()
        }
        .check()
        .is_err());
        assert!(TfidfParams {
            min_df: 0,
            ..Default::default()
        }
        .check()
        .is_err());
        assert!(Tfidf::from_parts(TfidfParams::default(), vec!["a".into()], vec![]).is_err());
    }
}
