//! Fuzzes the html reader (see `stance_fuzz::read_and_check`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stance_fuzz::read_and_check(stance::read::Format::Html, data));
