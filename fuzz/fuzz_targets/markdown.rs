//! Fuzzes the markdown reader: any bytes must give documents whose spans map back
//! into their text, or a reported error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stance::read::{read_bytes, Event, Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    for strict in [false, true] {
        let options = ReadOptions { strict_utf8: strict, format: None };
        let _ = read_bytes("fuzz", data, Some(Format::Markdown), &options, &mut |event| {
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
});
