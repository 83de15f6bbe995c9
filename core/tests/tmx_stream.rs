//! Streaming TMX import: generated documents much larger than what is kept.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::io::{BufReader, Read};

use crosscut::sources::tmx::{read_tmx, read_tmx_from};

/// A TMX document generated on the fly: header, `units` `<tu>`s, footer.
struct Generated {
    units: usize,
    next: usize,
    pending: Vec<u8>,
    at: usize,
    done: bool,
    produced: u64,
}

impl Generated {
    fn new(units: usize) -> Generated {
        let head = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header srclang=\"en\" creationtool=\"gen\"/>\n  <body>\n";
        Generated { units, next: 0, pending: head.to_vec(), at: 0, done: false, produced: 0 }
    }

    fn refill(&mut self) {
        self.pending.clear();
        self.at = 0;
        if self.next == self.units {
            self.pending.extend_from_slice(b"  </body>\n</tmx>\n");
            self.done = true;
            return;
        }
        let i = self.next;
        self.next += 1;
        let s = format!(
            "    <tu tuid=\"u{i}\">\n      <prop type=\"x-context-id\">scene {i}</prop>\n      <tuv xml:lang=\"en\"><seg>Line {i}: the <bpt i=\"1\">&lt;i&gt;</bpt>cat<ept i=\"1\">&lt;/i&gt;</ept> sleeps on the mat, again and again.</seg></tuv>\n      <tuv xml:lang=\"fr\"><seg>Réplique {i} : le chat dort sur le tapis, encore et encore — « toujours ».</seg></tuv>\n    </tu>\n"
        );
        self.pending.extend_from_slice(s.as_bytes());
    }
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.pending.len() {
            if self.done {
                return Ok(0);
            }
            self.refill();
        }
        let n = out.len().min(self.pending.len() - self.at);
        out[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        self.produced += n as u64;
        Ok(n)
    }
}

/// Streams `units` generated units, keeping only a count and a checksum.
fn stream(units: usize) -> (usize, u64, u64) {
    let mut input = BufReader::new(Generated::new(units));
    let mut seen = 0usize;
    let mut last_id = String::new();
    let summary = read_tmx_from(&mut input, &Some("gen.tmx".into()), |u| {
        assert_eq!(u.id.as_deref(), Some(format!("u{seen}").as_str()));
        assert_eq!(u.context.id.as_deref(), Some(format!("scene {seen}").as_str()));
        assert_eq!(u.targets[0].lang, "fr");
        seen += 1;
        last_id = u.id.unwrap_or_default();
        Ok(())
    })
    .unwrap();
    assert_eq!(summary.units, units);
    assert_eq!(seen, units);
    assert_eq!(summary.header.srclang.as_deref(), Some("en"));
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    let produced = input.into_inner().produced;
    (seen, produced, peak_rss_kib().unwrap_or(0))
}

/// Peak resident memory of this process (`VmHWM`), in KiB, on Linux.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn twenty_thousand_units_stream_one_by_one() {
    let (units, bytes, _) = stream(20_000);
    assert_eq!(units, 20_000);
    assert!(bytes > 5_000_000, "{bytes}");
}

#[test]
fn streamed_and_slice_readers_agree() {
    let mut text = Vec::new();
    Generated::new(50).read_to_end(&mut text).unwrap();
    let whole = read_tmx(&text, &Some("gen.tmx".into())).unwrap();
    let mut streamed = Vec::new();
    // One byte at a time: every token straddles a refill.
    let summary = read_tmx_from(BufReader::with_capacity(1, text.as_slice()), &Some("gen.tmx".into()), |u| {
        streamed.push(u);
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, whole.units);
    assert_eq!(summary.header, whole.header);
}

#[test]
fn an_error_in_the_callback_stops_the_reading() {
    let mut calls = 0;
    let e = read_tmx_from(BufReader::new(Generated::new(1000)), &None, |_| {
        calls += 1;
        if calls == 3 {
            Err(crosscut::Error::query("enough"))
        } else {
            Ok(())
        }
    })
    .unwrap_err();
    assert!(e.to_string().contains("enough"), "{e}");
    assert_eq!(calls, 3);
}

/// Streams over 200 MB; peak memory must stay far below the input size.
/// `cargo test --release -p crosscut --test tmx_stream -- --ignored --nocapture`
#[test]
#[ignore = "streams more than 200 MB; run explicitly"]
fn a_large_generated_tmx_streams_in_bounded_memory() {
    let before = peak_rss_kib();
    let start = std::time::Instant::now();
    let (units, bytes, peak) = stream(800_000);
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "streamed {units} units, {:.1} MB in {secs:.1} s; peak RSS {:.1} MB (before: {:.1} MB)",
        bytes as f64 / 1e6,
        peak as f64 * 1024.0 / 1e6,
        before.unwrap_or(0) as f64 * 1024.0 / 1e6
    );
    assert!(bytes > 200_000_000, "{bytes}");
    if peak > 0 {
        assert!(peak * 1024 < bytes / 10, "peak RSS {peak} KiB for {bytes} bytes");
    }
}
