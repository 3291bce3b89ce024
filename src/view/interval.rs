//! How sure a document's shares are: for each label, a 95 % interval for
//! the share of its words that the label fits, from the paragraphs'
//! probabilities.
//!
//! Each labelled paragraph `i` (`wᵢ` words) is taken to have label `L` with
//! its probability `pᵢ = p(L)`, independently of the others. The share of
//! words with label `L` is then a weighted sum of independent Bernoulli
//! draws (a Poisson-binomial variable over words): its mean is the
//! probability-weighted share `m = Σ wᵢ pᵢ / W`, its variance
//! `v = Σ wᵢ² pᵢ (1 − pᵢ) / W²` (`W = Σ wᵢ`). The interval is the normal
//! approximation `m ± 1.96 √v`, clipped to 0..1. A document whose
//! paragraphs are all certain (every `p` 0 or 1) gets a zero-width interval
//! at its share; uncertain paragraphs, and fewer or longer ones, widen it.
//! It is centred on the probability-weighted share, not the share of the
//! most probable labels, and is only as good as the probabilities are
//! calibrated.

use crate::doc::Label;
use serde::Serialize;

/// The normal quantile of a two-sided 95 % interval.
pub use crate::metrics::Z95;

/// The 95 % interval of each label's share (0..1), written flat in
/// summaries (`fact_low`, `fact_high`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ShareIntervals {
    /// Lower end of the `fact` share's interval.
    pub fact_low: f64,
    /// Upper end of the `fact` share's interval.
    pub fact_high: f64,
    /// Lower end of the `quotation` share's interval.
    pub quotation_low: f64,
    /// Upper end of the `quotation` share's interval.
    pub quotation_high: f64,
    /// Lower end of the `opinion` share's interval.
    pub opinion_low: f64,
    /// Upper end of the `opinion` share's interval.
    pub opinion_high: f64,
}

impl ShareIntervals {
    /// The intervals from each labelled paragraph's words and its
    /// probabilities of fact, quotation and opinion (in [`Label::ALL`]
    /// order). No words: every interval is 0..0.
    pub fn of(paragraphs: &[(usize, [f64; 3])]) -> ShareIntervals {
        let ends: [(f64, f64); 3] = std::array::from_fn(|l| {
            let rows: Vec<(usize, f64)> = paragraphs.iter().map(|(w, p)| (*w, p[l])).collect();
            crate::metrics::share_interval(&rows)
        });
        ShareIntervals {
            fact_low: ends[0].0,
            fact_high: ends[0].1,
            quotation_low: ends[1].0,
            quotation_high: ends[1].1,
            opinion_low: ends[2].0,
            opinion_high: ends[2].1,
        }
    }

    /// The interval of `label`'s share: (low, high).
    pub fn get(&self, label: Label) -> (f64, f64) {
        match label {
            Label::Fact => (self.fact_low, self.fact_high),
            Label::Quotation => (self.quotation_low, self.quotation_high),
            Label::Opinion => (self.opinion_low, self.opinion_high),
        }
    }

    /// `52–68%`: the interval of `label` in whole percents.
    pub fn percent(&self, label: Label) -> String {
        let (lo, hi) = self.get(label);
        format!("{:.0}–{:.0}%", 100.0 * lo, 100.0 * hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(s: &ShareIntervals, l: Label) -> f64 {
        let (lo, hi) = s.get(l);
        hi - lo
    }

    #[test]
    fn certain_paragraphs_give_a_zero_width_interval_at_the_share() {
        let s = ShareIntervals::of(&[(30, [1.0, 0.0, 0.0]), (10, [0.0, 0.0, 1.0])]);
        assert_eq!(s.get(Label::Fact), (0.75, 0.75));
        assert_eq!(s.get(Label::Quotation), (0.0, 0.0));
        assert_eq!(s.get(Label::Opinion), (0.25, 0.25));
    }

    /// `n` paragraphs sharing 100 words, alternately of opinion
    /// probability `p` and `1 - p` (the rest fact).
    fn alternating(n: usize, p: f64) -> ShareIntervals {
        let paragraphs: Vec<(usize, [f64; 3])> = (0..n)
            .map(|i| {
                let o = if i % 2 == 0 { p } else { 1.0 - p };
                (100 / n, [1.0 - o, 0.0, o])
            })
            .collect();
        ShareIntervals::of(&paragraphs)
    }

    #[test]
    fn uncertain_paragraphs_widen_it_and_many_narrow_it() {
        let sure = alternating(10, 0.95);
        let unsure = alternating(10, 0.6);
        assert!(width(&sure, Label::Opinion) > 0.0);
        assert!(width(&unsure, Label::Opinion) > width(&sure, Label::Opinion));
        // The normal approximation by hand: mean 0.5, sd √(10·10²·0.24)/100.
        let (lo, hi) = unsure.get(Label::Opinion);
        let half = Z95 * (10.0 * 100.0 * 0.24f64).sqrt() / 100.0;
        assert!((lo - (0.5 - half)).abs() < 1e-12 && (hi - (0.5 + half)).abs() < 1e-12);
        assert_eq!(unsure.get(Label::Fact), unsure.get(Label::Opinion));
        // The same words and probabilities in four paragraphs instead of
        // ten: fewer independent errors to cancel, a wider interval.
        let few = alternating(4, 0.6);
        assert!(few.opinion_low > 0.0 && few.opinion_high < 1.0, "{few:?}");
        assert!(width(&few, Label::Opinion) > width(&unsure, Label::Opinion));
        // Clipped to 0..1, and empty without words.
        let lone = ShareIntervals::of(&[(5, [0.5, 0.0, 0.5])]);
        assert_eq!(lone.get(Label::Fact), (0.0, 1.0));
        assert_eq!(ShareIntervals::of(&[]), ShareIntervals::default());
        assert_eq!(lone.percent(Label::Quotation), "0–0%");
    }
}
