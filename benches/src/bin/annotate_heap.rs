//! Heap memory of annotating, counted by the allocator: loads one artifact,
//! annotates the prose once (in batches of 1,000 lines, or line by line with
//! `--per-line`) and prints `artifact_bytes loaded_bytes working_bytes`:
//!
//! - `loaded_bytes`: heap held after opening, beyond the prose (the artifact's
//!   bytes and what opening keeps);
//! - `working_bytes`: the peak of the heap while annotating, above what was
//!   held before (per-call buffers, caches, and the results not yet dropped).
//!
//! `annotate_report` runs it as a child; it is a binary of its own because a
//! counting allocator would slow the report's timed passes.
//!
//! ```text
//! annotate_heap [--per-line] ARTIFACT
//! ```

use crosscut::Glossary;
use crosscut_benches::annotate as a;
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let per_line = args.first().is_some_and(|a| a == "--per-line");
    if per_line {
        args.remove(0);
    }
    let path = args.pop().ok_or("usage: annotate_heap [--per-line] ARTIFACT")?;
    let Some(prose) = a::load_prose()? else { return Ok(()) };
    let lines = a::prose_lines(&prose);
    let before_open = HEAP.current_usage();
    let bytes = std::fs::read(&path)?;
    let artifact = bytes.len();
    let g = Glossary::from_bytes(bytes)?;
    let loaded = HEAP.current_usage();
    HEAP.reset_peak_usage();
    a::annotate_once(&g, &lines, per_line);
    let working = HEAP.peak_usage().saturating_sub(loaded);
    println!("{artifact} {} {working}", loaded.saturating_sub(before_open));
    Ok(())
}
