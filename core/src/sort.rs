//! Sorting for the core, in one shared instantiation when code size matters.
//!
//! `slice::sort_by` and `sort_unstable` are monomorphized for every element
//! type and comparator, a few kilobytes each. With the `small-code` feature
//! (the wasm build) every sort here instead orders a permutation of indices
//! with one comparator type, then applies it: one copy of the sort algorithm
//! for the whole crate. Ties break on the index, so the result is exactly
//! that of the stable `sort_by`. Without the feature these are the std sorts.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `v` by `cmp`, stably (as `slice::sort_by`).
#[cfg(not(feature = "small-code"))]
#[inline]
pub(crate) fn sort_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    v.sort_by(cmp);
}

/// Sorts `v` by the key `f` gives, stably (as `slice::sort_by_key`).
#[cfg(not(feature = "small-code"))]
#[inline]
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], f: impl FnMut(&T) -> K) {
    v.sort_by_key(f);
}

/// Sorts `v` in ascending order; equal elements may be reordered (as
/// `slice::sort_unstable`), which for a total order on whole values is unobservable.
#[cfg(not(feature = "small-code"))]
#[inline]
pub(crate) fn sort_unstable<T: Ord>(v: &mut [T]) {
    v.sort_unstable();
}

/// Sorts `v` by `cmp`, stably (as `slice::sort_by`).
#[cfg(feature = "small-code")]
pub(crate) fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut order, &mut |a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        });
    }
    permute(v, &mut order);
}

/// Sorts `v` by the key `f` gives, stably (as `slice::sort_by_key`).
#[cfg(feature = "small-code")]
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` in ascending order (here stably, one of the orders
/// `slice::sort_unstable` may give, and the only one for a total order on whole values).
#[cfg(feature = "small-code")]
pub(crate) fn sort_unstable<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one instantiation of the std sort: indices, compared through `cmp`
/// and then by position, so equal elements keep their order.
#[cfg(feature = "small-code")]
#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
}

/// Rearranges `v` so that position `i` holds the element that was at
/// `order[i]`, cycle by cycle with swaps. Leaves `order` as the identity.
#[cfg(feature = "small-code")]
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut cur = start;
        while let Some(slot) = order.get_mut(cur) {
            let next = std::mem::replace(slot, cur);
            if next == start || next >= v.len() {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

/// A map of `items`, as `collect()` gives (the last value of a repeated key
/// wins), built by insertion: `BTreeMap::from_iter` sorts the items first, with
/// a sort instantiated for each item and iterator type.
pub(crate) fn btree_map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in items {
        map.insert(k, v);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sort_by_is_the_stable_std_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = v.clone();
            std_sorted.sort_by_key(|a| a.0);
            prop_assert_eq!(&ours, &std_sorted);

            let mut ours = v.clone();
            sort_by_key(&mut ours, |x| std::cmp::Reverse(x.0));
            let mut std_sorted = v.clone();
            std_sorted.sort_by_key(|x| std::cmp::Reverse(x.0));
            prop_assert_eq!(&ours, &std_sorted);

            let mut ours = v.clone();
            sort_unstable(&mut ours);
            let mut std_sorted = v;
            std_sorted.sort_unstable();
            prop_assert_eq!(ours, std_sorted);
        }

        #[test]
        fn btree_map_is_collect(v in proptest::collection::vec((0u8..20, any::<u16>()), 0..60)) {
            prop_assert_eq!(btree_map(v.clone()), v.into_iter().collect::<BTreeMap<_, _>>());
        }
    }
}
