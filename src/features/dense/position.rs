//! Where a paragraph sits in its document: the position features, filled in
//! after extraction when the position is known.

use super::DenseFeature;

/// Where a paragraph sits among its document's content paragraphs.
///
/// Known when tagging a document and for corpora of whole documents
/// (Webis); unknown for lone paragraphs (our labelled data) and sentence
/// corpora. Unknown values are left as NaN: the scaler fits on the known
/// rows only and puts unknown ones at the training mean (0 after scaling),
/// so they add nothing to the score and the weights are learnt from the
/// documents that have positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 0-based index among the content paragraphs.
    pub index: usize,
    /// Number of content paragraphs.
    pub count: usize,
}

impl Position {
    /// Writes the position features of `features` into `out` (the raw row
    /// [`CueLists::extract`](super::CueLists::extract) produced).
    pub fn fill(position: Option<Position>, features: &[DenseFeature], out: &mut [f64]) {
        let Some(p) = position else { return };
        let last = p.count.saturating_sub(1);
        for (f, v) in features.iter().zip(out.iter_mut()) {
            *v = match f {
                DenseFeature::Position if last > 0 => p.index.min(last) as f64 / last as f64,
                DenseFeature::Position => 0.0,
                DenseFeature::First => (p.index == 0) as u8 as f64,
                DenseFeature::Last => (p.index >= last) as u8 as f64,
                _ => continue,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Analyzer, AnalyzerConfig};
    use crate::features::dense::{CueLists, DenseScaler};

    #[test]
    fn position_is_filled_when_known_and_imputed_when_not() {
        let f = [
            DenseFeature::Length,
            DenseFeature::Position,
            DenseFeature::First,
            DenseFeature::Last,
        ];
        let lex = CueLists::new(&AnalyzerConfig::default());
        let a = Analyzer::new(AnalyzerConfig::default());
        let row = |pos| {
            let mut out = Vec::new();
            lex.extract(&a.analyze("Three short words"), &f, &mut out);
            Position::fill(pos, &f, &mut out);
            out
        };
        let unknown = row(None);
        assert!((unknown[0] - 4f64.ln()).abs() < 1e-12);
        assert!(unknown[1..].iter().all(|v| v.is_nan()));
        let at = |index, count| row(Some(Position { index, count }))[1..].to_vec();
        assert_eq!(at(0, 5), [0.0, 1.0, 0.0]);
        assert_eq!(at(2, 5), [0.5, 0.0, 0.0]);
        assert_eq!(at(4, 5), [1.0, 0.0, 1.0]);
        assert_eq!(at(0, 1), [0.0, 1.0, 1.0]);

        // The scaler fits on known values and puts unknown ones at the mean.
        let rows = vec![
            row(None),
            row(Some(Position { index: 0, count: 2 })),
            row(Some(Position { index: 1, count: 2 })),
        ];
        let scaler = DenseScaler::fit(&f, &rows);
        assert_eq!(scaler.mean[1], 0.5);
        assert_eq!(scaler.scale[1], 0.5);
        let mut unknown = rows[0].clone();
        scaler.apply(&mut unknown);
        assert_eq!(unknown[1..], [0.0, 0.0, 0.0]);
        let mut last = rows[2].clone();
        scaler.apply(&mut last);
        assert_eq!(last[1..], [1.0, -1.0, 1.0]);
    }
}
