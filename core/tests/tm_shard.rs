//! A memory split into shards by `shard_of` searches exactly like one artifact
//! built from the same units: same scores, same order, same translations.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use crosscut::tm_shard::shard_of;
use crosscut::{ConcordanceOptions, Memory, MemoryBuilder, SearchOptions, ShardedMemory, Unit};

const WORDS: [&str; 24] = [
    "camera", "rough", "cut", "dubbing", "studio", "Monday", "Friday", "festival", "director", "take", "scene", "sound",
    "mix", "grandma", "brother", "subtitle", "reel", "premiere", "press", "kit", "night", "the", "is", "ready",
];

/// Deterministic pseudo-random sentences with many near duplicates.
fn units(n: usize) -> Vec<Unit> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    (0..n)
        .map(|i| {
            let len = 3 + next(6);
            let words: Vec<&str> = (0..len).map(|_| WORDS[next(WORDS.len())]).collect();
            let source = format!("{} {}.", words.join(" "), i % 97);
            // Every tenth unit repeats an earlier source with another translation.
            let source = if i % 10 == 9 { format!("{} {}.", WORDS[i % 7], i % 97) } else { source };
            Unit::pair("en", &source, "fr", &format!("fr {i} {source}"))
        })
        .collect()
}

fn sharded(units: &[Unit], n: usize) -> ShardedMemory {
    let mut builders: Vec<MemoryBuilder> = (0..n).map(|_| MemoryBuilder::new()).collect();
    for u in units {
        builders[shard_of(u, n)].add(u.clone()).unwrap();
    }
    ShardedMemory::new(builders.iter().map(|b| Memory::from_bytes(b.build().unwrap()).unwrap()).collect()).unwrap()
}

fn view(found: &[crosscut::TmMatch]) -> Vec<(u8, String, String, String)> {
    found.iter().map(|m| (m.score, m.source.plain(), m.target.lang.clone(), m.target.segment.plain())).collect()
}

#[test]
fn shards_rank_exactly_like_one_artifact() {
    let all = units(3000);
    let mut one = MemoryBuilder::new();
    one.add_all(all.iter().cloned()).unwrap();
    let one = Memory::from_bytes(one.build().unwrap()).unwrap();
    let queries: Vec<String> = all
        .iter()
        .step_by(37)
        .map(|u| u.source.segment.plain().replacen("the", "a", 1).replacen("camera", "cameras", 1))
        .chain(["rough cut is ready".to_string(), "grandma".to_string(), "the the the".to_string()])
        .collect();
    let options = SearchOptions::new("en", "fr").top(8).min_score(40);
    for n in [1, 3, 7] {
        let shards = sharded(&all, n);
        assert_eq!(shards.len(), one.len(), "{n} shards hold every merged unit once");
        let mut compared = 0;
        for q in &queries {
            let expected = view(&one.search(q, &options).unwrap());
            assert_eq!(view(&shards.search(q, &options).unwrap()), expected, "query {q:?} over {n} shards");
            compared += expected.len();
        }
        assert!(compared > queries.len() * 3, "the queries must find matches: {compared}");
    }
}

#[test]
fn same_source_lands_in_one_shard_and_merges() {
    let a = Unit::pair("en", "Roll camera!", "fr", "Moteur !");
    let b = Unit::pair("en", "Roll camera!", "fr", "Ça tourne !");
    let shards = sharded(&[a, b], 5);
    assert_eq!(shards.len(), 1);
    let found = shards.search("Roll camera!", &SearchOptions::new("en", "fr")).unwrap();
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|m| m.score == 100));
    let hits = shards.concordance("camera", &ConcordanceOptions::new("en")).unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn no_shards_is_refused() {
    assert_eq!(ShardedMemory::new(Vec::new()).unwrap_err().code(), "query.invalid");
}
