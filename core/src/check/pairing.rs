//! Pairing the cues of a source and a target file of the same film.
//!
//! When both files have as many cues with the same timings, cue *i* pairs with
//! cue *i*. Otherwise cues are paired by time overlap: a source and a target
//! cue are linked when they overlap by at least half of the shorter one, and
//! linked cues form groups, so a line split in two (1:2) or two lines merged
//! (2:1) make one group. Cues linked to nothing form groups of their own.

use serde::Serialize;

use crate::subtitle::timing::overlap;
use crate::subtitle::Cue;

/// Cues of the source and the target that carry the same lines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CueGroup {
    /// Indexes (0-based) of the source cues, in order.
    pub source: Vec<usize>,
    /// Indexes (0-based) of the target cues, in order.
    pub target: Vec<usize>,
}

/// How cues were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pairing {
    /// Cue *i* with cue *i*: the timings match.
    Index,
    /// By time overlap.
    Overlap,
}

/// Groups the cues of `source` and `target` (see the module docs), in time order.
///
/// # Example
/// ```
/// use crosscut::check::pairing::{pair_cues, Pairing};
/// use crosscut::subtitle::Cue;
/// let source = [Cue::new(0, 4000, "A long line, said in one breath."), Cue::new(4500, 6000, "Yes.")];
/// let target = [Cue::new(0, 2000, "Une longue ligne,"), Cue::new(2000, 4000, "dite d'une traite."), Cue::new(4500, 6000, "Oui.")];
/// let (groups, how) = pair_cues(&source, &target);
/// assert_eq!(how, Pairing::Overlap);
/// assert_eq!((groups[0].source.clone(), groups[0].target.clone()), (vec![0], vec![0, 1]));
/// assert_eq!((groups[1].source.clone(), groups[1].target.clone()), (vec![1], vec![2]));
/// ```
pub fn pair_cues(source: &[Cue], target: &[Cue]) -> (Vec<CueGroup>, Pairing) {
    let same_timings = source.len() == target.len()
        && source
            .iter()
            .zip(target)
            .all(|(s, t)| s.start == t.start && s.end == t.end);
    if same_timings {
        let groups = (0..source.len())
            .map(|i| CueGroup {
                source: vec![i],
                target: vec![i],
            })
            .collect();
        return (groups, Pairing::Index);
    }
    // Union-find over source cues 0..n and target cues n..n+m.
    let n = source.len();
    let mut parent: Vec<usize> = (0..n + target.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = parent.get(i) {
            if p == i {
                break;
            }
            let grand = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(i) {
                *slot = grand;
            }
            i = p;
        }
        i
    }
    // Target cues sorted by start, so each source cue stops scanning past its end.
    let mut by_start: Vec<usize> = (0..target.len()).collect();
    by_start.sort_by_key(|&t| target.get(t).map_or(0, |c| c.start));
    for (si, s) in source.iter().enumerate() {
        for &ti in &by_start {
            let Some(t) = target.get(ti) else { continue };
            if t.start >= s.end {
                break;
            }
            if t.end <= s.start {
                continue;
            }
            let shared = overlap((s.start, s.end), (t.start, t.end));
            if shared > 0 && shared * 2 >= s.duration().min(t.duration()) {
                let (a, b) = (root(&mut parent, si), root(&mut parent, n + ti));
                if let Some(slot) = parent.get_mut(a.max(b)) {
                    *slot = a.min(b);
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, CueGroup> = std::collections::BTreeMap::new();
    for i in 0..parent.len() {
        let r = root(&mut parent, i);
        let g = groups.entry(r).or_default();
        if i < n {
            g.source.push(i);
        } else {
            g.target.push(i - n);
        }
    }
    let mut out: Vec<CueGroup> = groups.into_values().collect();
    let start_of = |g: &CueGroup| {
        let s = g.source.first().and_then(|&i| source.get(i)).map(|c| c.start);
        let t = g.target.first().and_then(|&i| target.get(i)).map(|c| c.start);
        (
            s.into_iter().chain(t).min().unwrap_or(0),
            g.target.first().copied(),
            g.source.first().copied(),
        )
    };
    out.sort_by_key(start_of);
    (out, Pairing::Overlap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_to_one_and_unpaired() {
        let source = [
            Cue::new(0, 1000, "a"),
            Cue::new(1000, 2000, "b"),
            Cue::new(5000, 6000, "c"),
        ];
        let target = [Cue::new(0, 2000, "ab"), Cue::new(8000, 9000, "extra")];
        let (groups, how) = pair_cues(&source, &target);
        assert_eq!(how, Pairing::Overlap);
        let shape: Vec<(Vec<usize>, Vec<usize>)> = groups.into_iter().map(|g| (g.source, g.target)).collect();
        assert_eq!(shape, [(vec![0, 1], vec![0]), (vec![2], vec![]), (vec![], vec![1])]);
    }

    #[test]
    fn a_small_overlap_does_not_link() {
        let source = [Cue::new(0, 2000, "a"), Cue::new(2000, 4000, "b")];
        let target = [Cue::new(200, 2200, "A"), Cue::new(2200, 4200, "B")];
        let (groups, _) = pair_cues(&source, &target);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].source, vec![1]);
        assert_eq!(groups[1].target, vec![1]);
    }
}
