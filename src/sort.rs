//! A stable sort by an integer key that shares one sorting routine across element types.
//!
//! `slice::sort_by_key` monomorphizes the whole driftsort (≈ 3 KB of wasm) for every element
//! type; the page sorted ten kinds of lists. Here only the keys and a loop of swaps are generic:
//! the `(key, index)` pairs are sorted by one non-generic routine, and since every pair is
//! distinct the result is exactly the stable order. [`by`] does the same for a comparison:
//! indices are sorted by one non-generic stable sort.

use crate::source::Pos;

use std::cmp::Ordering;

/// Sorts `v` by `key`, keeping the order of elements with equal keys (like `sort_by_key`).
pub fn by_key<T>(v: &mut [T], key: impl Fn(&T) -> u64) {
    let mut order: Vec<(u64, usize)> = v.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
    sort_pairs(&mut order);
    permute(v, order.iter().map(|&(_, i)| i));
}

/// Sorts `v` with `cmp`, keeping the order of equal elements (like `sort_by`), through one
/// shared sorting routine for every element type (a stable sort of indices).
pub fn by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = indices(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order.into_iter());
}

/// `0..len` sorted stably by `cmp` over indices: `indices(n, cmp)[k]` is the index of the
/// k-th smallest element. A bottom-up merge sort written out here: the page's only sorting
/// routine (the standard library's driftsort and its unstable quicksort were ~9 KB of wasm).
/// A run already in order is copied after one comparison, so sorted input costs O(n).
#[inline(never)]
pub fn indices(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..len).collect();
    if len < 2 {
        return a;
    }
    let mut b = vec![0; len];
    let mut w = 1;
    while w < len {
        let mut lo = 0;
        while lo < len {
            let mid = (lo + w).min(len);
            let hi = (lo + 2 * w).min(len);
            if mid == hi || cmp(a[mid - 1], a[mid]) != Ordering::Greater {
                b[lo..hi].copy_from_slice(&a[lo..hi]);
            } else {
                let (mut l, mut r) = (lo, mid);
                for slot in &mut b[lo..hi] {
                    // Of equal elements the left run's first: stable.
                    if r >= hi || (l < mid && cmp(a[l], a[r]) != Ordering::Greater) {
                        *slot = a[l];
                        l += 1;
                    } else {
                        *slot = a[r];
                        r += 1;
                    }
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        w *= 2;
    }
    a
}

/// Reorders `v` so that its k-th element is the old `order[k]`-th (`order` a permutation of
/// `0..v.len()`). Only the swaps are generic: [`swaps`] works them out once for every type.
fn permute<T>(v: &mut [T], order: impl Iterator<Item = usize>) {
    for (a, b) in swaps(order.collect()) {
        v.swap(a, b);
    }
}

/// The swaps that put the old `order[k]`-th element at `k`, for each `k` in turn (O(n)).
#[inline(never)]
pub(crate) fn swaps(order: Vec<usize>) -> Vec<(usize, usize)> {
    let n = order.len();
    // `at[i]`: where the old i-th element is now; `who[k]`: which old element is at `k`.
    let mut at: Vec<usize> = (0..n).collect();
    let mut who = at.clone();
    let mut out = Vec::new();
    for (k, &want) in order.iter().enumerate() {
        let src = at.get(want).copied().unwrap_or(k);
        if src != k && src < n {
            out.push((k, src));
            let moved = who[k];
            who.swap(k, src);
            at[want] = k;
            at[moved] = src;
        }
    }
    out
}

/// `(key, index)` pairs, ascending (the engine's scans sort their container lists with it
/// too), through [`indices`].
#[inline(never)]
pub(crate) fn sort_pairs(order: &mut [(u64, usize)]) {
    if order.len() < 2 {
        return;
    }
    let sorted: Vec<(u64, usize)> =
        indices(order.len(), &|a, b| order[a].cmp(&order[b])).iter().map(|&i| order[i]).collect();
    order.copy_from_slice(&sorted);
}

/// Sorts integers ascending (as `sort_unstable` does: equal integers are indistinguishable).
pub fn ints(v: &mut Vec<i64>) {
    if v.len() < 2 {
        return;
    }
    let sorted: Vec<i64> = indices(v.len(), &|a, b| v[a].cmp(&v[b])).iter().map(|&i| v[i]).collect();
    *v = sorted;
}

/// An `i64` as an order-preserving `u64` key.
pub fn signed(t: i64) -> u64 {
    (t as u64) ^ (1 << 63)
}

/// A position as an order-preserving key (line, then column).
pub fn pos(p: Pos) -> u64 {
    (u64::from(p.line) << 32) | u64::from(p.col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_library() {
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 5, 40, 300] {
            let items: Vec<(i64, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (((seed >> 33) % 7) as i64 - 3, i)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|x| x.0);
            let mut got = items;
            by_key(&mut got, |x| signed(x.0));
            assert_eq!(got, want, "len {len}");
        }
        assert!(signed(-1) < signed(0) && signed(i64::MIN) < signed(i64::MAX));
        // `by` (the merge sort over indices) is stable, and `ints` sorts, on runs and shuffles.
        for len in [0usize, 1, 2, 3, 7, 64, 301] {
            let items: Vec<(i64, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    let k = if i % 50 < 20 { i as i64 / 3 } else { ((seed >> 33) % 9) as i64 - 4 };
                    (k, i)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|x| x.0);
            let mut got = items.clone();
            by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, want, "by, len {len}");
            let mut ints_want: Vec<i64> = items.iter().map(|x| x.0).collect();
            let mut ints_got = ints_want.clone();
            ints_want.sort_unstable();
            ints(&mut ints_got);
            assert_eq!(ints_got, ints_want, "ints, len {len}");
        }
        assert!(pos(Pos { line: 1, col: 9 }) < pos(Pos { line: 2, col: 1 }));
    }

    #[test]
    fn sorts_by_comparison_stably_like_the_standard_library() {
        let mut seed = 11u64;
        for len in [0usize, 1, 2, 5, 40, 300] {
            let items: Vec<(String, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (format!("k{}", (seed >> 33) % 5), i)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by(|a, b| a.0.cmp(&b.0));
            let mut got = items.clone();
            by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, want, "len {len}");
            let order = indices(items.len(), &|a, b| items[b].0.cmp(&items[a].0));
            let mut want: Vec<usize> = (0..items.len()).collect();
            want.sort_by(|&a, &b| items[b].0.cmp(&items[a].0));
            assert_eq!(order, want, "len {len}");
        }
    }
}
