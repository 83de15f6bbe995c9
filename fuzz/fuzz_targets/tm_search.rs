//! Translation-memory search and concordance on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    crosscut_fuzz::use_memory(crosscut_fuzz::memory(), &text);
});
