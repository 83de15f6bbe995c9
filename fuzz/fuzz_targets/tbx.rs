//! TBX (v2 martif, v3, TBX-Min), through the safe XML layer.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = crosscut::sources::tbx::read_tbx(data, &Some("fuzz.tbx".into())) {
        crosscut_fuzz::compile_and_use(&imported);
    }
});
