//! Term recognition and lookups on arbitrary text against a small glossary.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    crosscut_fuzz::use_glossary(crosscut_fuzz::glossary(), &text);
});
