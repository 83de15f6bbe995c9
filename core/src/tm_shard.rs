//! Sharded translation memories: one memory split over several artifacts,
//! searched together.
//!
//! A memory too large for one artifact, or built in parallel, is split by
//! [`shard_of`]: a stable hash of each unit's source language and source text.
//! Units that [`MemoryBuilder`](crate::MemoryBuilder) would merge (same source)
//! therefore always land in the same shard, in their original order.
//! [`ShardedMemory`] searches every shard (in parallel threads where threads
//! exist) and merges their best matches with the ranking of one memory
//! ([`Memory::search`]): the result equals that of one artifact built from the
//! same units, as long as no shard cuts its candidates
//! ([`MAX_CANDIDATES`](crate::tm::MAX_CANDIDATES)): a shard then scores the best
//! candidates of its own units, so a sharded search examines at least what one
//! artifact would.

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::tm::{rank_matches, ConcordanceHit, ConcordanceOptions, Memory, SearchOptions, TmMatch};
use crate::tm_model::Unit;

/// Most shards one [`ShardedMemory`] searches.
pub const MAX_SHARDS: usize = 4096;

/// The shard, among `shards`, that `unit` belongs to: a CRC-32 of its source
/// language tag and source text, so every process and every version agrees.
///
/// ```
/// use crosscut::{tm_shard::shard_of, Unit};
/// let a = Unit::pair("en", "Roll camera!", "fr", "Moteur !");
/// let b = Unit::pair("en", "Roll camera!", "de", "Kamera läuft!");
/// assert_eq!(shard_of(&a, 8), shard_of(&b, 8));
/// assert!(shard_of(&a, 8) < 8);
/// ```
pub fn shard_of(unit: &Unit, shards: usize) -> usize {
    let mut h = crate::checksum::Crc32::new();
    h.update(unit.source.lang.as_bytes());
    h.update(&[0]);
    h.update(unit.source.segment.plain().as_bytes());
    (h.finalize() as usize) % shards.max(1)
}

/// Several memory artifacts searched as one. See the [module docs](self).
#[derive(Debug, Clone)]
pub struct ShardedMemory {
    shards: Vec<Memory>,
}

impl ShardedMemory {
    /// Memories already opened (any of them may also be a bundle).
    ///
    /// # Errors
    /// `query.invalid` for no shards or more than [`MAX_SHARDS`].
    pub fn new(shards: Vec<Memory>) -> Result<ShardedMemory> {
        if shards.is_empty() || shards.len() > MAX_SHARDS {
            return Err(Error::query(format!("a sharded memory needs 1 to {MAX_SHARDS} shards, not {}", shards.len())));
        }
        Ok(ShardedMemory { shards })
    }

    /// Opens every artifact by memory map, verifying each checksum.
    ///
    /// # Errors
    /// The errors of [`Memory::open`] (naming the path), and those of [`new`](Self::new).
    #[cfg(feature = "fs")]
    pub fn open<P: AsRef<std::path::Path>>(paths: &[P]) -> Result<ShardedMemory> {
        ShardedMemory::new(paths.iter().map(Memory::open).collect::<Result<Vec<_>>>()?)
    }

    /// The shards, in the order given.
    pub fn shards(&self) -> &[Memory] {
        &self.shards
    }

    /// Units in all shards.
    pub fn len(&self) -> usize {
        self.shards.iter().map(Memory::len).sum()
    }

    /// Whether no shard holds a unit.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Searches every shard and merges their results as [`Memory::search`]
    /// ranks them. A match's `id` is its unit's id within its shard.
    ///
    /// # Errors
    /// The errors of [`Memory::search`], from the first shard that fails.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<TmMatch>> {
        let tgt = Lang::parse(&options.tgt)?;
        let per_shard = self.each(|m| m.search(query, options))?;
        let ranked = per_shard
            .into_iter()
            .flatten()
            .map(|m| {
                let rank = Lang::parse(&m.target.lang).ok().and_then(|l| tgt.match_rank(&l)).unwrap_or(u8::MAX);
                (rank, m)
            })
            .collect();
        Ok(rank_matches(ranked, options.top))
    }

    /// Concordance over every shard: the hits of each, in shard order, up to
    /// `options.top` in all.
    ///
    /// # Errors
    /// The errors of [`Memory::concordance`].
    pub fn concordance(&self, phrase: &str, options: &ConcordanceOptions) -> Result<Vec<ConcordanceHit>> {
        let per_shard = self.each(|m| m.concordance(phrase, options))?;
        Ok(per_shard.into_iter().flatten().take(options.top.max(1)).collect())
    }

    /// Runs `f` on every shard, in parallel threads when there are several
    /// shards and the platform has threads.
    fn each<T: Send>(&self, f: impl Fn(&Memory) -> Result<T> + Sync) -> Result<Vec<T>> {
        #[cfg(not(target_arch = "wasm32"))]
        if self.shards.len() > 1 {
            let threads = std::thread::available_parallelism().map_or(1, usize::from).min(self.shards.len());
            let chunk = self.shards.len().div_ceil(threads);
            let f = &f;
            let parts: Vec<Result<Vec<T>>> = std::thread::scope(|scope| {
                let handles: Vec<_> = self
                    .shards
                    .chunks(chunk)
                    .map(|group| scope.spawn(move || group.iter().map(f).collect::<Result<Vec<T>>>()))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|_| Err(Error::query("a shard search panicked"))))
                    .collect()
            });
            let mut out = Vec::with_capacity(self.shards.len());
            for part in parts {
                out.extend(part?);
            }
            return Ok(out);
        }
        self.shards.iter().map(f).collect()
    }
}
