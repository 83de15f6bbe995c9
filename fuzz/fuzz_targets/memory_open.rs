//! The translation-memory loader behind a valid header and checksum; then
//! search, concordance and every unit.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bytes = crosscut_fuzz::wrap(crosscut_fuzz::MEMORY, data);
    if let Ok(m) = crosscut::Memory::from_bytes(bytes) {
        crosscut_fuzz::use_memory(&m, "Quiet on set, please. Rolling.");
    }
});
