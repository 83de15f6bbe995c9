//! TMX, whole and streamed: both readers must agree on whether the input is
//! acceptable, and what they accept must build into a memory that opens.
#![no_main]
use crosscut::sources::tmx::{read_tmx, read_tmx_from};
use crosscut::Memory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let whole = read_tmx(data, &Some("fuzz.tmx".into()));
    // A tiny buffer, so the streaming decoder refills at every byte boundary.
    let mut streamed = 0;
    let stream = read_tmx_from(std::io::BufReader::with_capacity(7, data), &None, |_| {
        streamed += 1;
        Ok(())
    });
    if let (Ok(w), Ok(s)) = (&whole, &stream) {
        assert_eq!(w.units.len(), s.units, "whole and streamed reads disagree");
    }
    if let Ok(read) = whole {
        if let Some(bytes) = crosscut_fuzz::build_memory(read.units) {
            let m = Memory::from_bytes(bytes).expect("a memory the builder wrote must open");
            crosscut_fuzz::use_memory(&m, "Roll camera!");
        }
    }
});
