//! What a verified open costs: `cargo run --release -p crosscut --example open_cost -- ARTIFACT...`
//!
//! For each glossary artifact, prints the median time of `Glossary::from_bytes`
//! (checksum and a walk over every fst node), of `from_bytes_unverified`
//! (neither) and of the CRC-32 pass alone; the difference is the fst walk.

use std::time::{Duration, Instant};

use crosscut::Glossary;

/// The median and the fastest of 201 runs.
fn median(mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..201)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (
        times.get(times.len() / 2).copied().unwrap_or_default(),
        times.first().copied().unwrap_or_default(),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for path in std::env::args().skip(1) {
        let bytes: &'static [u8] = Vec::leak(std::fs::read(&path)?);
        Glossary::from_bytes(bytes)?;
        let verified = median(|| drop(Glossary::from_bytes(bytes)));
        let unverified = median(|| drop(Glossary::from_bytes_unverified(bytes)));
        let crc = median(|| {
            std::hint::black_box(crc32fast::hash(bytes));
        });
        let walk = verified.1.saturating_sub(unverified.1).saturating_sub(crc.1);
        println!(
            "{path}: {} bytes; median (fastest): from_bytes {:?} ({:?}), unverified {:?} ({:?}), CRC-32 {:?} ({:?}); \
             fst walk ≈ {walk:?} (fastest runs)",
            bytes.len(),
            verified.0,
            verified.1,
            unverified.0,
            unverified.1,
            crc.0,
            crc.1
        );
    }
    Ok(())
}
