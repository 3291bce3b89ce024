//! Fuzzes the tokenizer and the whole analyzer: offsets must lie on char
//! boundaries, in order, and the analyzer must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stance::analyze::{tokenize, Analyzer, AnalyzerConfig};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut last = 0;
    for t in tokenize(text) {
        assert!(t.from >= last && t.from < t.to && t.to <= text.len());
        assert!(text.is_char_boundary(t.from) && text.is_char_boundary(t.to));
        last = t.to;
    }
    for negation in [false, true] {
        let analyzer = Analyzer::new(AnalyzerConfig { negation, ..AnalyzerConfig::default() });
        let _ = analyzer.analyze(text);
    }
});
