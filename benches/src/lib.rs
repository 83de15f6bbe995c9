//! Shared setup for crosscut's benchmarks: the key set, the glossary compiled
//! from it, the raw baselines (an `fst::Map` and a `HashMap` over the same
//! normalized keys) and fixed pseudo-random query samples.
//!
//! Both the criterion bench (`benches/lookup.rs`) and the `report` binary use
//! these functions, so they measure the same work on the same keys. The
//! term-recognition benchmark (`annotate_report`) has its setup in [`annotate`].

pub mod annotate;

use std::collections::HashMap;
use std::path::PathBuf;

use crosscut::{Concept, Glossary, GlossaryBuilder, LookupOptions, MatchMode, Normalization, Term};

/// Where the key set is read from unless `CROSSCUT_BENCH_KEYS` says otherwise.
pub const DEFAULT_KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../bench-data/keys.txt");

/// Number of queries in the exact-lookup samples.
pub const EXACT_SAMPLE: usize = 10_000;
/// Number of queries in the fuzzy and prefix samples.
pub const SLOW_SAMPLE: usize = 200;
/// Characters kept from a sampled key to make a prefix query.
pub const PREFIX_CHARS: usize = 3;
/// Most hits a prefix lookup returns.
pub const PREFIX_LIMIT: usize = 10;
/// Seed of the query samples, fixed so every run asks the same queries.
pub const SEED: u64 = 0x00c0_ffee_d1c7_5eed;

/// The key file to read: `CROSSCUT_BENCH_KEYS`, or [`DEFAULT_KEYS`].
pub fn keys_path() -> PathBuf {
    std::env::var_os("CROSSCUT_BENCH_KEYS").map_or_else(|| PathBuf::from(DEFAULT_KEYS), PathBuf::from)
}

/// The key set: one key a line, empty lines and keys whose normalized key is
/// empty dropped. `Ok(None)` (after printing how to fetch the data) when the
/// file does not exist.
///
/// # Errors
/// The file exists but cannot be read.
pub fn load_keys() -> std::io::Result<Option<Vec<String>>> {
    let path = keys_path();
    if !path.exists() {
        eprintln!(
            "crosscut-benches: no key set at {}\n\
             Fetch it (Debian's dict-freedict-* packages, about 30 s) with:\n    \
             benches/fetch-freedict.sh\n\
             or point CROSSCUT_BENCH_KEYS at a file with one key per line. Nothing measured.",
            path.display()
        );
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)?;
    let norm = Normalization::default();
    let keys = text
        .lines()
        .filter(|l| !norm.key(l).is_empty())
        .map(str::to_string)
        .collect();
    Ok(Some(keys))
}

/// The concept compiled for key number `i`: id `k{i}`, one `en` term.
pub fn concept(i: usize, key: &str) -> Concept {
    Concept {
        id: format!("k{i}"),
        terms: vec![Term {
            text: key.to_string(),
            lang: "en".into(),
            ..Term::default()
        }],
        ..Concept::default()
    }
}

/// Adds one concept per key to a new builder.
///
/// # Errors
/// A key the builder refuses.
pub fn builder(keys: &[String]) -> crosscut::Result<GlossaryBuilder> {
    let mut b = GlossaryBuilder::new();
    for (i, k) in keys.iter().enumerate() {
        b.add(concept(i, k))?;
    }
    Ok(b)
}

/// Compiles the keys into artifact bytes (add + build).
///
/// # Errors
/// As [`builder`], or when building fails.
pub fn compile(keys: &[String]) -> crosscut::Result<Vec<u8>> {
    builder(keys)?.build()
}

/// The raw bounds: the same normalized keys in an `fst::Map` and a `HashMap`.
#[derive(Debug)]
pub struct Baselines {
    /// Sorted, de-duplicated normalized keys, value = rank.
    pub fst: fst::Map<Vec<u8>>,
    /// The same keys and values.
    pub hash: HashMap<String, u64>,
}

/// Builds the baselines from the keys, normalized as the glossary does.
///
/// # Errors
/// Never in practice (keys are sorted and de-duplicated first).
pub fn baselines(keys: &[String], norm: Normalization) -> Result<Baselines, fst::Error> {
    let mut normalized: Vec<String> = keys.iter().map(|k| norm.key(k)).collect();
    normalized.sort_unstable();
    normalized.dedup();
    let fst = fst::Map::from_iter(normalized.iter().enumerate().map(|(i, k)| (k.as_bytes(), i as u64)))?;
    let hash = normalized.into_iter().enumerate().map(|(i, k)| (k, i as u64)).collect();
    Ok(Baselines { fst, hash })
}

/// xorshift64*: a small, fixed pseudo-random sequence.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a nonzero seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Fixed query samples. Each query set comes as typed (for crosscut, which
/// normalizes) and pre-normalized (for the raw bounds, which do not).
#[derive(Debug, Clone)]
pub struct Samples {
    /// Keys from the key set, as typed.
    pub hits: Vec<String>,
    /// Their normalized keys.
    pub hits_norm: Vec<String>,
    /// Index (= concept number) of each hit key in the key set.
    pub hit_index: Vec<u32>,
    /// Keys with a letter appended that match no key, as typed.
    pub misses: Vec<String>,
    /// Their normalized keys.
    pub misses_norm: Vec<String>,
    /// Keys of 4 to 16 characters with the middle character replaced (one typo).
    pub fuzzy: Vec<String>,
    /// The first [`PREFIX_CHARS`] characters of keys.
    pub prefixes: Vec<String>,
}

/// Draws the samples from the keys; `known` is the normalized key set, used to
/// make sure misses miss.
pub fn samples(keys: &[String], known: &fst::Map<Vec<u8>>, norm: Normalization) -> Samples {
    let mut rng = Rng::new(SEED);
    let pick = |rng: &mut Rng| {
        let i = rng.below(keys.len());
        (i, keys.get(i).map_or("", String::as_str))
    };
    let (mut hits, mut hit_index) = (Vec::new(), Vec::new());
    while hits.len() < EXACT_SAMPLE {
        let (i, k) = pick(&mut rng);
        hits.push(k.to_string());
        hit_index.push(i as u32);
    }
    let mut misses = Vec::new();
    while misses.len() < EXACT_SAMPLE {
        let (_, k) = pick(&mut rng);
        for extra in ['q', 'z', 'x', 'j'] {
            let m = format!("{k}{extra}");
            if !known.contains_key(norm.key(&m)) {
                misses.push(m);
                break;
            }
        }
    }
    let mut fuzzy = Vec::new();
    while fuzzy.len() < SLOW_SAMPLE {
        let (_, k) = pick(&mut rng);
        let mut chars: Vec<char> = k.chars().collect();
        if !(4..=16).contains(&chars.len()) {
            continue;
        }
        let mid = chars.len() / 2;
        if let Some(c) = chars.get_mut(mid) {
            *c = if *c == 'x' { 'q' } else { 'x' };
        }
        fuzzy.push(chars.into_iter().collect());
    }
    let mut prefixes = Vec::new();
    while prefixes.len() < SLOW_SAMPLE {
        let (_, k) = pick(&mut rng);
        let p: String = k.chars().take(PREFIX_CHARS).collect();
        if !norm.key(&p).is_empty() {
            prefixes.push(p);
        }
    }
    let hits_norm = hits.iter().map(|q| norm.key(q)).collect();
    let misses_norm = misses.iter().map(|q| norm.key(q)).collect();
    Samples {
        hits,
        hits_norm,
        hit_index,
        misses,
        misses_norm,
        fuzzy,
        prefixes,
    }
}

/// Options of the exact lookups: query language `en`, default limit.
pub fn exact_options() -> LookupOptions {
    LookupOptions::new("en")
}

/// Options of the fuzzy lookups at distance `d`.
pub fn fuzzy_options(d: u32) -> LookupOptions {
    LookupOptions::new("en").mode(MatchMode::Fuzzy(d))
}

/// Options of the prefix lookups.
pub fn prefix_options() -> LookupOptions {
    LookupOptions::new("en").mode(MatchMode::Prefix).limit(PREFIX_LIMIT)
}

/// Runs `lookup` on every query; returns the number of hits (errors count as none).
pub fn run_lookups(g: &Glossary, queries: &[String], options: &LookupOptions) -> usize {
    queries
        .iter()
        .map(|q| g.lookup(q, options).map_or(0, |h| h.len()))
        .sum()
}

/// crosscut's raw key probe through the public API: normalize the query as
/// `lookup` does, then `get` on the artifact's own keys fst (no postings, no
/// records, no `Hit`). Returns the number of keys found.
pub fn run_key_probe(keys: &fst::Map<&[u8]>, norm: Normalization, queries: &[String]) -> usize {
    queries.iter().filter(|q| keys.get(norm.key(q)).is_some()).count()
}

/// `get` on an fst map with pre-normalized queries. Returns the number found.
pub fn run_fst<D: AsRef<[u8]>>(map: &fst::Map<D>, queries: &[String]) -> usize {
    queries.iter().filter(|q| map.get(q.as_bytes()).is_some()).count()
}

/// `get` on the hash map with pre-normalized queries. Returns the number found.
pub fn run_hash(map: &HashMap<String, u64>, queries: &[String]) -> usize {
    queries.iter().filter(|q| map.get(q.as_str()).is_some()).count()
}

/// The artifact's keys fst, viewed through the public (doc-hidden) accessor.
///
/// # Errors
/// Never for an opened glossary (its fst was validated when it was opened).
pub fn artifact_keys(g: &Glossary) -> Result<fst::Map<&[u8]>, fst::Error> {
    fst::Map::new(g.keys_fst_bytes())
}

/// Reads a field (in kB) of `/proc/self/status`, such as `VmHWM` or `VmRSS`.
pub fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.starts_with(field) && l.get(field.len()..).is_some_and(|r| r.starts_with(':')))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak RSS (`VmHWM`) of this process; false where Linux does not allow it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

pub mod tm;

/// The median of measurements (NaN for none).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// `1452375` as `1,452,375`, for the report tables.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
