//! Shared checks of the fuzz targets.

use stance::read::{read_bytes, Event, Format, ReadOptions};

/// Reads `data` as `format` (lenient and strict UTF-8) and asserts what every
/// reader promises: paragraphs indexed in order, spans on character
/// boundaries that map back into the document text. Errors are fine; panics
/// are the bugs.
pub fn read_and_check(format: Format, data: &[u8]) {
    for strict in [false, true] {
        let options = ReadOptions { strict_utf8: strict, format: None };
        let _ = read_bytes("fuzz", data, Some(format), &options, &mut |event| {
            if let Event::Doc(doc) = event {
                for (i, p) in doc.paragraphs.iter().enumerate() {
                    assert_eq!(p.index, i);
                    let span = doc.text.get(p.start..p.end).expect("span on char boundaries");
                    assert_eq!(stance::doc::fold_whitespace(span), stance::doc::fold_whitespace(&p.text));
                }
            }
            Ok(())
        });
    }
}
