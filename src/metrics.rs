//! Gold vs predicted labels → confusion matrix, per-class precision,
//! recall and F1, macro-F1, accuracy and calibration error.

use serde::{Deserialize, Serialize};

/// Per-class figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassScores {
    /// Class name.
    pub label: String,
    /// Of the paragraphs predicted as this class, the share that are.
    pub precision: f64,
    /// Of the paragraphs of this class, the share predicted as it.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Number of gold examples of this class.
    pub support: usize,
}

/// A full evaluation report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Class names, in the order of the confusion matrix.
    pub labels: Vec<String>,
    /// Per-class figures.
    pub classes: Vec<ClassScores>,
    /// Unweighted mean of the per-class F1.
    pub macro_f1: f64,
    /// Share of examples predicted correctly.
    pub accuracy: f64,
    /// `confusion[gold][predicted]` counts.
    pub confusion: Vec<Vec<usize>>,
    /// Expected calibration error of the top probability (10 equal-width
    /// bins), when probabilities were given.
    pub ece: Option<f64>,
    /// Reliability diagram: per bin, `[mean confidence, accuracy, count]`.
    pub reliability: Vec<[f64; 3]>,
    /// Number of examples.
    pub examples: usize,
}

/// Builds the report. `probs`, when given, holds one probability row per
/// example (for calibration).
pub fn report(
    labels: &[&str],
    gold: &[usize],
    predicted: &[usize],
    probs: Option<&[Vec<f64>]>,
) -> Report {
    let k = labels.len();
    let mut confusion = vec![vec![0usize; k]; k];
    for (&g, &p) in gold.iter().zip(predicted) {
        confusion[g][p] += 1;
    }
    let classes: Vec<ClassScores> = (0..k)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let predicted_c: usize = (0..k).map(|g| confusion[g][c]).sum();
            let support: usize = confusion[c].iter().sum();
            let precision = if predicted_c > 0 {
                tp / predicted_c as f64
            } else {
                0.0
            };
            let recall = if support > 0 {
                tp / support as f64
            } else {
                0.0
            };
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            ClassScores {
                label: labels[c].to_string(),
                precision,
                recall,
                f1,
                support,
            }
        })
        .collect();
    // Classes absent from gold and predictions (e.g. quotation in an
    // opinion-vs-not corpus) do not count toward the macro average.
    let present: Vec<&ClassScores> = classes
        .iter()
        .enumerate()
        .filter(|(c, s)| s.support > 0 || (0..k).any(|g| confusion[g][*c] > 0))
        .map(|(_, s)| s)
        .collect();
    let macro_f1 = if present.is_empty() {
        0.0
    } else {
        present.iter().map(|s| s.f1).sum::<f64>() / present.len() as f64
    };
    let correct: usize = (0..k).map(|c| confusion[c][c]).sum();
    let n = gold.len();
    let accuracy = if n > 0 {
        correct as f64 / n as f64
    } else {
        0.0
    };
    let (ece, reliability) = match probs {
        Some(p) => {
            let (e, r) = calibration(gold, p);
            (Some(e), r)
        }
        None => (None, Vec::new()),
    };
    Report {
        labels: labels.iter().map(|s| s.to_string()).collect(),
        classes,
        macro_f1,
        accuracy,
        confusion,
        ece,
        reliability,
        examples: n,
    }
}

/// Expected calibration error over 10 bins of the top probability, and the
/// per-bin reliability points.
pub fn calibration(gold: &[usize], probs: &[Vec<f64>]) -> (f64, Vec<[f64; 3]>) {
    const BINS: usize = 10;
    let mut conf = [0.0; BINS];
    let mut acc = [0.0; BINS];
    let mut count = [0usize; BINS];
    for (&g, row) in gold.iter().zip(probs) {
        let (best, p) = argmax(row);
        let bin = ((p * BINS as f64) as usize).min(BINS - 1);
        conf[bin] += p;
        acc[bin] += (best == g) as u8 as f64;
        count[bin] += 1;
    }
    let n = gold.len().max(1) as f64;
    let mut ece = 0.0;
    let mut points = Vec::new();
    for b in 0..BINS {
        if count[b] == 0 {
            continue;
        }
        let c = count[b] as f64;
        ece += (conf[b] - acc[b]).abs() / n;
        points.push([conf[b] / c, acc[b] / c, c]);
    }
    (ece, points)
}

/// Per-document share error: per document, half the sum over labels of
/// |gold word share − predicted word share| (0 = the same shares, 1 =
/// disjoint), averaged over documents; for the argmax labels and for the
/// probabilities (a paragraph's words spread over the labels by its
/// probabilities).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareError {
    /// With each paragraph's words given to its predicted label.
    pub argmax: f64,
    /// With each paragraph's words spread by its probabilities.
    pub probabilities: f64,
    /// Documents averaged over (those with at least one word).
    pub documents: usize,
}

/// One scored paragraph of a document, for [`share_error`].
#[derive(Debug, Clone, Copy)]
pub struct ShareRow<'a> {
    /// Its words.
    pub words: usize,
    /// Its gold label.
    pub gold: usize,
    /// Its predicted label.
    pub predicted: usize,
    /// Its predicted probabilities.
    pub probabilities: &'a [f64],
}

/// The [`ShareError`] of `docs` (each a document's scored paragraphs) over
/// `k` labels. Documents without words are left out.
pub fn share_error(k: usize, docs: &[Vec<ShareRow>]) -> ShareError {
    let (mut argmax_sum, mut prob_sum, mut n) = (0.0, 0.0, 0usize);
    for doc in docs {
        let total: usize = doc.iter().map(|r| r.words).sum();
        if total == 0 {
            continue;
        }
        let (mut gold, mut hard, mut soft) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
        for r in doc {
            let w = r.words as f64;
            gold[r.gold] += w;
            hard[r.predicted] += w;
            for (s, p) in soft.iter_mut().zip(r.probabilities) {
                *s += w * p;
            }
        }
        let half_l1 = |pred: &[f64]| {
            gold.iter()
                .zip(pred)
                .map(|(g, p)| (g - p).abs())
                .sum::<f64>()
                / (2.0 * total as f64)
        };
        argmax_sum += half_l1(&hard);
        prob_sum += half_l1(&soft);
        n += 1;
    }
    let d = n.max(1) as f64;
    ShareError {
        argmax: argmax_sum / d,
        probabilities: prob_sum / d,
        documents: n,
    }
}

/// The normal quantile of a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The 95 % interval of one label's word share from each paragraph's words
/// and probability of the label, taken as independent (a Poisson-binomial
/// over words): mean `Σ w·p / W`, variance `Σ w²·p·(1 − p) / W²`, the
/// normal approximation `mean ± 1.96 √variance` clipped to 0..1 (the
/// interval `stance summary` prints; `view/interval.rs`). No words: 0..0.
pub fn share_interval(paragraphs: &[(usize, f64)]) -> (f64, f64) {
    let total: f64 = paragraphs.iter().map(|(w, _)| *w as f64).sum();
    if total <= 0.0 {
        return (0.0, 0.0);
    }
    let (mut mean, mut var) = (0.0, 0.0);
    for (w, p) in paragraphs {
        let (w, p) = (*w as f64, p.clamp(0.0, 1.0));
        mean += w * p;
        var += w * w * p * (1.0 - p);
    }
    let (mean, half) = (mean / total, Z95 * var.sqrt() / total);
    ((mean - half).max(0.0), (mean + half).min(1.0))
}

/// How often the share intervals hold the truth: over labelled documents
/// (each paragraph's words, gold class and probabilities over `k`
/// classes), the share of (document, class) pairs whose gold word share
/// lies inside the document's [`share_interval`]. A 95 % interval should
/// reach about 0.95; `None` without a document with words.
pub fn interval_coverage(k: usize, docs: &[Vec<ShareRow>]) -> Option<f64> {
    let (mut inside, mut n) = (0usize, 0usize);
    for d in docs {
        let total: usize = d.iter().map(|r| r.words).sum();
        if total == 0 {
            continue;
        }
        for c in 0..k {
            let rows: Vec<(usize, f64)> = d.iter().map(|r| (r.words, r.probabilities[c])).collect();
            let (lo, hi) = share_interval(&rows);
            let gold = d
                .iter()
                .filter(|r| r.gold == c)
                .map(|r| r.words)
                .sum::<usize>() as f64
                / total as f64;
            // Rounding slack: a share of exactly 0 or 1 sits on an end.
            inside += (gold >= lo - 1e-9 && gold <= hi + 1e-9) as usize;
            n += 1;
        }
    }
    (n > 0).then(|| inside as f64 / n as f64)
}

/// Index and value of the largest entry (the first on ties).
pub fn argmax(row: &[f64]) -> (usize, f64) {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, &v) in row.iter().enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    best
}

impl Report {
    /// A plain-text table for terminals.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        s.push_str(&format!(
            "{:<12} {:>9} {:>9} {:>9} {:>9}\n",
            "label", "precision", "recall", "f1", "support"
        ));
        for c in &self.classes {
            s.push_str(&format!(
                "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>9}\n",
                c.label, c.precision, c.recall, c.f1, c.support
            ));
        }
        s.push_str(&format!(
            "\nmacro-F1 {:.4}   accuracy {:.4}   examples {}",
            self.macro_f1, self.accuracy, self.examples
        ));
        if let Some(e) = self.ece {
            s.push_str(&format!("   ECE {e:.4}"));
        }
        s.push_str("\n\nconfusion (rows gold, columns predicted)\n");
        s.push_str(&format!("{:<12}", ""));
        for l in &self.labels {
            s.push_str(&format!(" {l:>10}"));
        }
        s.push('\n');
        for (l, row) in self.labels.iter().zip(&self.confusion) {
            s.push_str(&format!("{l:<12}"));
            for v in row {
                s.push_str(&format!(" {v:>10}"));
            }
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_report() {
        let gold = [0, 0, 1, 1, 2, 2];
        let pred = [0, 1, 1, 1, 2, 0];
        let r = report(&["a", "b", "c"], &gold, &pred, None);
        assert_eq!(
            r.confusion,
            vec![vec![1, 1, 0], vec![0, 2, 0], vec![1, 0, 1]]
        );
        // a: P 1/2 R 1/2 F 1/2; b: P 2/3 R 1 F 0.8; c: P 1 R 1/2 F 2/3.
        let f: Vec<f64> = r.classes.iter().map(|c| c.f1).collect();
        assert!(
            (f[0] - 0.5).abs() < 1e-12
                && (f[1] - 0.8).abs() < 1e-12
                && (f[2] - 2.0 / 3.0).abs() < 1e-12
        );
        assert!((r.macro_f1 - (0.5 + 0.8 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert!((r.accuracy - 4.0 / 6.0).abs() < 1e-12);
        assert!(r.to_table().contains("macro-F1 0.6556"));
    }

    #[test]
    fn absent_classes_do_not_count() {
        let r = report(&["fact", "quotation", "opinion"], &[0, 2], &[0, 2], None);
        assert_eq!(r.macro_f1, 1.0);
    }

    #[test]
    fn interval_coverage_counts_gold_shares_inside_their_intervals() {
        let row = |words, gold, probabilities| ShareRow {
            words,
            gold,
            predicted: gold,
            probabilities,
        };
        // Certain and right: every share inside its zero-width interval.
        let right = vec![
            row(30, 0, &[1.0, 0.0, 0.0][..]),
            row(10, 2, &[0.0, 0.0, 1.0]),
        ];
        assert_eq!(
            interval_coverage(3, std::slice::from_ref(&right)),
            Some(1.0)
        );
        // Certain and wrong on the second paragraph: fact holds (0.75),
        // quotation (0.25 against 0) and opinion (0 against 0.25) miss.
        let wrong = vec![
            row(30, 0, &[1.0, 0.0, 0.0][..]),
            row(10, 1, &[0.0, 0.0, 1.0]),
        ];
        assert_eq!(interval_coverage(3, &[wrong]), Some(1.0 / 3.0));
        assert_eq!(interval_coverage(3, &[right, vec![]]), Some(1.0));
        assert_eq!(interval_coverage(3, &[]), None);
        // By hand: ten paragraphs of 10 words at 0.5, sd √(10·10²·0.25)/100.
        let (lo, hi) = share_interval(&[(10, 0.5); 10]);
        let half = Z95 * 250f64.sqrt() / 100.0;
        assert!((lo - (0.5 - half)).abs() < 1e-12 && (hi - (0.5 + half)).abs() < 1e-12);
    }

    #[test]
    fn share_error_by_hand() {
        let row = |words, gold, predicted, probabilities| ShareRow {
            words,
            gold,
            predicted,
            probabilities,
        };
        // Document 1: 30 fact words, 10 opinion words predicted fact:
        // argmax error 10/40 = 0.25; probabilities: fact 30*0.8 + 10*0.5 =
        // 29, opinion 30*0.2 + 10*0.5 = 11: (|30-29| + |10-11|)/80 = 0.025.
        // Document 2: right and certain, 0 both ways. An empty one is left
        // out.
        let docs = vec![
            vec![
                row(30, 0, 0, &[0.8, 0.2][..]),
                row(10, 1, 0, &[0.5, 0.5][..]),
            ],
            vec![row(5, 1, 1, &[0.0, 1.0][..])],
            vec![row(0, 0, 1, &[0.0, 1.0][..])],
        ];
        let e = share_error(2, &docs);
        assert_eq!(e.documents, 2);
        assert!((e.argmax - 0.125).abs() < 1e-12, "{e:?}");
        assert!((e.probabilities - 0.0125).abs() < 1e-12, "{e:?}");
    }

    #[test]
    fn calibration_error() {
        // Two examples at confidence 0.9, one right one wrong: |0.9 - 0.5| = 0.4.
        let (ece, pts) = calibration(&[0, 1], &[vec![0.9, 0.1], vec![0.9, 0.1]]);
        assert!((ece - 0.4).abs() < 1e-12);
        assert_eq!(pts.len(), 1);
        assert_eq!(pts[0][2], 2.0);
    }
}
