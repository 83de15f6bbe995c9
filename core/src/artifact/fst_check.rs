//! Full validation of an fst map before it is handed to the `fst` crate.
//!
//! `fst::Map::new` checks only the header and (partly) the footer; walking a
//! crafted map then indexes out of bounds, underflows an address, or overflows
//! an output sum, and the `fst` crate panics (on wasm32, a panic aborts the
//! module). The artifact's CRC-32 does not help against a crafted file, since
//! whoever crafts it can compute the checksum too. So a verified open walks
//! every node once, with bounds-checked reads that mirror the decoder of
//! `fst` 0.4 (`src/raw/node.rs`), and accepts the map only if every read the
//! crate can make is in bounds:
//!
//! - the fst is version 3 (the only version crosscut writes), and the root
//!   address matches the file length as the builder leaves it;
//! - nodes lie back to back between the 16-byte header and the root, as the
//!   builder writes them; each decodes within its own bytes, never reaching
//!   into the header, and has pack sizes of at most 8 bytes;
//! - every transition leads to address 0 (the implicit empty final node) or to
//!   the start of a node at a lower address, so every walk ends and every node
//!   the crate can reach has been checked;
//! - transitions are sorted by input byte, and the 256-entry index of a large
//!   node agrees with its inputs;
//! - no sum of outputs along any path overflows, every value is below the bound
//!   the caller gives (the size of what the values point into), the number of
//!   keys is what the footer says, and at most that bound.
//!
//! Cost: two decoding passes over the fst bytes; memory of 3/16 of a byte per
//! fst byte, plus 16 bytes per node.

use crate::artifact::Bytes;
use crate::error::{Error, Result};

/// The only fst version crosscut writes (`fst` 0.4).
const FST_VERSION: u64 = 3;
/// Version and type, 8 bytes each.
const HEADER_LEN: usize = 16;
/// An fst holding only the empty key: header, key count, root address, checksum.
const EMPTY_FST_LEN: usize = 36;
/// The root address points at the last byte of the root node; after it come
/// the key count and root address (8 bytes each) and the checksum (4).
const ROOT_TO_END: usize = 21;
/// Nodes with more transitions carry a 256-byte index (fst version ≥ 2).
const TRANS_INDEX_THRESHOLD: usize = 32;

/// Validates `bytes` as an fst map, then opens it.
///
/// With `verify` false, only the header checks of `fst::Map::new` run
/// (constant time; for bytes this process wrote or verified itself).
/// `values_below` bounds both every value and the number of keys: crosscut's
/// maps send each key to its own offset in, or index of, something of that size.
pub(crate) fn open_map(bytes: Bytes, what: &str, verify: bool, values_below: u64) -> Result<fst::Map<Bytes>> {
    if verify {
        validate(bytes.as_ref(), values_below).map_err(|m| Error::corrupt(format!("{what} fst: {m}")))?;
    }
    fst::Map::new(bytes).map_err(|e| Error::corrupt(format!("{what} fst: {e}")))
}

/// One decoded node: where its bytes begin, whether it is final, and its outputs.
struct Node {
    /// Lowest address of the node's bytes.
    end: usize,
    is_final: bool,
    final_output: u64,
}

/// A transition: input byte (when stored plainly), output and target address.
#[derive(Clone, Copy)]
struct Trans {
    input: Option<u8>,
    output: u64,
    target: usize,
}

fn byte(data: &[u8], at: usize) -> std::result::Result<u8, String> {
    data.get(at)
        .copied()
        .ok_or_else(|| format!("a read at byte {at} is out of bounds"))
}

fn uint(data: &[u8], at: usize, nbytes: usize) -> std::result::Result<u64, String> {
    let bytes = at
        .checked_add(nbytes)
        .and_then(|e| data.get(at..e))
        .ok_or_else(|| format!("a read at byte {at} is out of bounds"))?;
    Ok(bytes.iter().rev().fold(0u64, |n, &b| (n << 8) | u64::from(b)))
}

fn sub(a: usize, b: usize, addr: usize) -> std::result::Result<usize, String> {
    a.checked_sub(b)
        .ok_or_else(|| format!("the node at byte {addr} runs past the start of the fst"))
}

/// Decodes the node whose last byte is at `addr`, appending its transitions.
/// With `full` false, only the node's extent is decoded (its transitions are
/// not read or checked, and `trans` stays empty).
fn decode(data: &[u8], addr: usize, trans: &mut Vec<Trans>, full: bool) -> std::result::Result<Node, String> {
    trans.clear();
    let state = byte(data, addr)?;
    // A transition's target is `end - delta`; delta 0 means the empty final node.
    let target = |end: usize, at: usize, tsize: usize| -> std::result::Result<usize, String> {
        let delta = uint(data, at, tsize)?;
        if delta == 0 {
            return Ok(0);
        }
        usize::try_from(delta)
            .ok()
            .and_then(|d| end.checked_sub(d))
            .ok_or_else(|| format!("the node at byte {addr} has a transition before the start of the fst"))
    };
    let sizes = |at: usize| -> std::result::Result<(usize, usize), String> {
        let packed = byte(data, at)?;
        let (tsize, osize) = (usize::from(packed >> 4), usize::from(packed & 0x0f));
        if tsize > 8 || osize > 8 {
            return Err(format!(
                "the node at byte {addr} declares {tsize}- and {osize}-byte integers (at most 8)"
            ));
        }
        Ok((tsize, osize))
    };
    let node = match state >> 6 {
        // One transition to the node just below, no output.
        0b11 => {
            let input_len = usize::from(state & 0x3f == 0);
            let input = if input_len == 1 {
                Some(byte(data, sub(addr, 1, addr)?)?)
            } else {
                None
            };
            let end = sub(addr, input_len, addr)?;
            trans.push(Trans {
                input,
                output: 0,
                target: sub(end, 1, addr)?,
            });
            Node {
                end,
                is_final: false,
                final_output: 0,
            }
        }
        // One transition with an output and an address.
        0b10 => {
            let input_len = usize::from(state & 0x3f == 0);
            let input = if input_len == 1 {
                Some(byte(data, sub(addr, 1, addr)?)?)
            } else {
                None
            };
            let sizes_at = sub(addr, input_len + 1, addr)?;
            let (tsize, osize) = sizes(sizes_at)?;
            if tsize == 0 {
                return Err(format!("the node at byte {addr} has a zero-byte transition address"));
            }
            let end = sub(sizes_at, tsize + osize, addr)?;
            let output = if osize == 0 { 0 } else { uint(data, end, osize)? };
            trans.push(Trans {
                input,
                output,
                target: target(end, end + osize, tsize)?,
            });
            Node {
                end,
                is_final: false,
                final_output: 0,
            }
        }
        // Any number of transitions, maybe final.
        _ => {
            let is_final = state & 0x40 != 0;
            let (ntrans_len, ntrans) = match usize::from(state & 0x3f) {
                0 => match byte(data, sub(addr, 1, addr)?)? {
                    1 => (1, 256),
                    n => (1, usize::from(n)),
                },
                n => (0, n),
            };
            let sizes_at = sub(addr, ntrans_len + 1, addr)?;
            let (tsize, osize) = sizes(sizes_at)?;
            if ntrans > 0 && tsize == 0 {
                return Err(format!("the node at byte {addr} has zero-byte transition addresses"));
            }
            let index_len = if ntrans > TRANS_INDEX_THRESHOLD { 256 } else { 0 };
            let inputs_end = sub(sizes_at, index_len + ntrans, addr)?;
            let addrs_end = sub(inputs_end, ntrans * tsize, addr)?;
            let outputs_end = sub(addrs_end, ntrans * osize, addr)?;
            let final_len = if is_final { osize } else { 0 };
            let end = sub(outputs_end, final_len, addr)?;
            let final_output = if is_final && osize > 0 {
                uint(data, end, osize)?
            } else {
                0
            };
            // Layout, low to high: final output, outputs (last transition
            // first), addresses (last first), inputs (last first), index.
            let mut previous: Option<u8> = None;
            for i in (0..ntrans).filter(|_| full) {
                let input = byte(data, inputs_end + ntrans - 1 - i)?;
                if previous.is_some_and(|p| p >= input) {
                    return Err(format!("the node at byte {addr} has transitions out of order"));
                }
                previous = Some(input);
                let t_at = addrs_end + (ntrans - 1 - i) * tsize;
                let output = if osize == 0 {
                    0
                } else {
                    uint(data, outputs_end + (ntrans - 1 - i) * osize, osize)?
                };
                trans.push(Trans {
                    input: Some(input),
                    output,
                    target: target(end, t_at, tsize)?,
                });
            }
            if full && index_len > 0 {
                let mut present = [false; 256];
                for t in trans.iter() {
                    if let Some(p) = t.input.and_then(|b| present.get_mut(usize::from(b))) {
                        *p = true;
                    }
                }
                let index = data.get(inputs_end + ntrans..sizes_at).unwrap_or_default();
                for (b, (&i, &present)) in (0..=255u8).zip(index.iter().zip(present.iter())) {
                    let listed = trans.get(usize::from(i)).map(|t| t.input == Some(b));
                    if listed == Some(false) || (listed.is_none() && present) {
                        return Err(format!(
                            "the transition index of the node at byte {addr} disagrees with its inputs"
                        ));
                    }
                }
            }
            Node {
                end,
                is_final,
                final_output,
            }
        }
    };
    if node.end < HEADER_LEN {
        return Err(format!("the node at byte {addr} reaches into the fst header"));
    }
    Ok(node)
}

fn validate(data: &[u8], values_below: u64) -> std::result::Result<(), String> {
    let len = data.len();
    if len < EMPTY_FST_LEN {
        return Err(format!("{len} bytes is shorter than any fst"));
    }
    let version = uint(data, 0, 8)?;
    if version != FST_VERSION {
        return Err(format!("fst version {version} (crosscut writes version {FST_VERSION})"));
    }
    let keys = uint(data, len - 20, 8)?;
    let root = usize::try_from(uint(data, len - 12, 8)?).map_err(|_| "the root address is past usize".to_string())?;
    if root == 0 {
        // Only the empty key, with output 0: the root is the implicit empty final node.
        return match (len, keys) {
            (EMPTY_FST_LEN, 1) => Ok(()),
            _ => Err(format!(
                "the root address 0 needs a {EMPTY_FST_LEN}-byte fst with one key"
            )),
        };
    }
    if root.checked_add(ROOT_TO_END) != Some(len) {
        return Err(format!("the root address {root} does not end the {len}-byte fst"));
    }

    // Pass 1: from the root down, mark where each node starts (they lie back
    // to back).
    let mut trans = Vec::with_capacity(256);
    let mut starts = Starts::new(len);
    let mut addr = root;
    loop {
        let node = decode(data, addr, &mut trans, false)?;
        starts.set(addr);
        if node.end == HEADER_LEN {
            break;
        }
        addr = node.end - 1;
    }
    starts.rank();

    // Pass 2: from the bottom up, so every target is summarized before its
    // sources: the number of keys below each node and the largest output sum
    // along any path from it (every path, final or not, as a stream adds
    // outputs before it knows whether the path ends in a key).
    let mut below: Vec<(u64, u64)> = Vec::with_capacity(starts.count);
    for addr in starts.iter() {
        let node = decode(data, addr, &mut trans, true)?;
        let mut count = u64::from(node.is_final);
        let mut max_out = node.final_output;
        for t in &trans {
            let (n, out) = if t.target == 0 {
                (1, 0)
            } else {
                // Targets lie below `addr`, so they were summarized already.
                starts
                    .index_of(t.target)
                    .and_then(|i| below.get(i))
                    .copied()
                    .ok_or_else(|| {
                        format!(
                            "the node at byte {addr} has a transition to byte {}, which starts no node",
                            t.target
                        )
                    })?
            };
            count = count.saturating_add(n);
            let sum = t
                .output
                .checked_add(out)
                .ok_or_else(|| format!("an output sum overflows at byte {addr}"))?;
            max_out = max_out.max(sum);
        }
        below.push((count, max_out));
    }
    let (count, max_out) = below.last().copied().unwrap_or((0, 0));
    if count != keys {
        return Err(format!("it holds {count} keys, but its footer says {keys}"));
    }
    if count > values_below || (count > 0 && max_out >= values_below) {
        return Err(format!(
            "{count} keys or a value of {max_out} do not fit the {values_below} they point into"
        ));
    }
    Ok(())
}

/// A bit per fst byte, set where a node starts, with a rank per 64-bit word:
/// node index by address in constant time, in 3/16 of a byte per fst byte.
struct Starts {
    words: Vec<u64>,
    /// Set bits before each word.
    ranks: Vec<usize>,
    count: usize,
}

impl Starts {
    fn new(len: usize) -> Starts {
        Starts {
            words: vec![0; len / 64 + 1],
            ranks: Vec::new(),
            count: 0,
        }
    }

    fn set(&mut self, addr: usize) {
        if let Some(w) = self.words.get_mut(addr / 64) {
            *w |= 1 << (addr % 64);
        }
    }

    fn rank(&mut self) {
        self.ranks = Vec::with_capacity(self.words.len());
        let mut count = 0;
        for w in &self.words {
            self.ranks.push(count);
            count += w.count_ones() as usize;
        }
        self.count = count;
    }

    /// The index, in address order, of the node starting at `addr`.
    fn index_of(&self, addr: usize) -> Option<usize> {
        let (w, bit) = (addr / 64, addr % 64);
        let word = *self.words.get(w)?;
        if word & (1 << bit) == 0 {
            return None;
        }
        Some(self.ranks.get(w)? + (word & ((1 << bit) - 1)).count_ones() as usize)
    }

    /// Node addresses, lowest first.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{Automaton, IntoStreamer, Streamer};

    fn build(keys: &[(&[u8], u64)]) -> Vec<u8> {
        let mut b = fst::MapBuilder::memory();
        for (k, v) in keys {
            b.insert(k, *v).unwrap();
        }
        b.into_inner().unwrap()
    }

    /// A node with more than 32 transitions (so with an index), shared
    /// suffixes, long outputs, and the empty key; `wide` more one-byte keys.
    fn sample(wide: u8) -> Vec<u8> {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for b in 0u8..wide {
            keys.push(vec![b]);
            keys.push(vec![b'k', b]);
        }
        for w in ["brother", "elder brother", "elder sister", "mother", "mothers", "zz"] {
            keys.push(w.as_bytes().to_vec());
        }
        keys.push(Vec::new());
        keys.sort();
        keys.dedup();
        let pairs: Vec<(&[u8], u64)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_slice(), (i as u64) * 70_001))
            .collect();
        build(&pairs)
    }

    /// Everything a lookup can do to a map: stream it all, with and without an
    /// automaton, and get keys that are and are not there.
    fn exercise(map: &fst::Map<Bytes>) -> usize {
        let mut n = 0;
        let mut s = map.stream();
        while s.next().is_some() {
            n += 1;
        }
        let lev = fst::automaton::Str::new("mot").starts_with();
        let mut s = map.search(lev).into_stream();
        while s.next().is_some() {}
        let mut s = map.range().ge("elder").lt("m").into_stream();
        while s.next().is_some() {}
        for k in ["", "brother", "kz", "mothers", "nope"] {
            let _ = map.get(k);
        }
        n
    }

    #[test]
    fn accepts_what_the_builder_writes() {
        for bytes in [
            sample(255),
            sample(40),
            build(&[]),
            build(&[(b"", 0)]),
            build(&[(b"", 7)]),
            build(&[(b"a", 0)]),
        ] {
            validate(&bytes, u64::MAX).unwrap();
            let map = open_map(Bytes::new(bytes), "test", true, u64::MAX).unwrap();
            assert_eq!(exercise(&map), map.len());
        }
    }

    #[test]
    fn bounds_values_and_key_counts() {
        let bytes = build(&[(b"a", 5), (b"b", 9)]);
        assert!(validate(&bytes, 10).is_ok());
        assert!(validate(&bytes, 9).unwrap_err().contains("do not fit"));
        let bytes = build(&[(b"a", 0), (b"b", 1), (b"c", 1)]);
        assert!(validate(&bytes, 2).unwrap_err().contains("do not fit"));
    }

    #[test]
    fn refuses_a_crafted_root_address() {
        // fst::Map::new accepts any non-zero root address; walking it panics.
        let mut bytes = sample(40);
        let at = bytes.len() - 12;
        bytes[at..at + 8].copy_from_slice(&(1u64 << 40).to_le_bytes());
        assert!(fst::Map::new(bytes.clone()).is_ok());
        let err = open_map(Bytes::new(bytes), "keys", true, u64::MAX).unwrap_err();
        assert_eq!(err.code(), "artifact.corrupt");
        assert!(err.to_string().contains("keys fst: the root address"), "{err}");
    }

    #[test]
    fn every_single_byte_change_is_refused_or_safe_to_walk() {
        // Any map the validator accepts must survive every operation without a
        // panic, whatever the bytes say.
        let good = sample(40);
        let mut accepted = 0;
        for at in 0..good.len() {
            for delta in [1u8, 0x40, 0x80, 0xff] {
                let mut bytes = good.clone();
                bytes[at] = bytes[at].wrapping_add(delta);
                if let Ok(map) = open_map(Bytes::new(bytes), "test", true, u64::MAX) {
                    exercise(&map);
                    accepted += 1;
                }
            }
        }
        // Changed outputs and the unchecked fst checksum leave valid maps.
        assert!(accepted > 0);
    }

    #[test]
    fn random_changes_to_random_maps_are_refused_or_safe_to_walk() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (mut accepted, mut refused) = (0, 0);
        for _ in 0..300 {
            let mut keys: Vec<Vec<u8>> = (0..1 + next() % 40)
                .map(|_| {
                    (0..next() % 6)
                        .map(|_| b"aeiklmnorst\x00\xff"[(next() % 13) as usize])
                        .collect()
                })
                .collect();
            keys.sort();
            keys.dedup();
            let pairs: Vec<(&[u8], u64)> = keys.iter().map(|k| (k.as_slice(), next() % 100_000)).collect();
            let good = build(&pairs);
            for _ in 0..40 {
                let mut bytes = good.clone();
                for _ in 0..1 + next() % 3 {
                    let at = (next() % bytes.len() as u64) as usize;
                    bytes[at] = next() as u8;
                }
                match open_map(Bytes::new(bytes), "test", true, u64::MAX) {
                    Ok(map) => {
                        exercise(&map);
                        accepted += 1;
                    }
                    Err(_) => refused += 1,
                }
            }
        }
        assert!(
            accepted > 100 && refused > 100,
            "{accepted} accepted, {refused} refused"
        );
    }
}
