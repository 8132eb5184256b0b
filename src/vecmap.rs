//! `VecMap`: a small map sorted by key, for the many small maps of the core (resource lists,
//! the Scenario's per-container maps, the shell's function and script tables, the engine's
//! per-container maps keyed once). Maps that can grow large in random order (the vfs, a
//! container's environment, shell variables) and the labels that share their
//! `BTreeMap<String, String>` shape stay `BTreeMap`. It behaves like `BTreeMap` where podlife uses it — iteration in key order,
//! `insert` replacing the value and returning the old one, equality of contents — but costs far
//! less wasm: a `BTreeMap<K, V>` monomorphizes its node code (insert, split, rebalancing on
//! remove, clone, drop: several KB) for every `K, V`; here keys and values are two `Vec`s, so
//! the search is generic over the key type only (one for every `String`-keyed map) and the rest
//! is `Vec` code that is shared or already there.
//!
//! Lookups are a binary search (O(log n)); inserting a key after the last one is a push, any
//! other new key shifts the tail (O(n)): use it for maps that stay small or are built in key
//! order. [`FromIterator`] sorts once (O(n log n)), whatever the input order.

use std::cmp::Ordering;

/// A map sorted by key, as two parallel `Vec`s (see the module's documentation).
#[derive(Clone, PartialEq, Eq)]
pub struct VecMap<K, V> {
    keys: Vec<K>,
    vals: Vec<V>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap::new()
    }
}

/// A key type of [`VecMap`]: how its keys and queries are compared. A `String` key and a
/// `&str` key are both compared as `str`, whatever the query (`&String`, `&str`, the key
/// itself): one search body per key type, not one per key and query type.
pub trait Key: Ord {
    /// What keys and queries are compared as.
    type Q: Ord + ?Sized;
    fn q(&self) -> &Self::Q;
}

impl Key for str {
    type Q = str;
    fn q(&self) -> &str {
        self
    }
}

impl Key for String {
    type Q = str;
    fn q(&self) -> &str {
        self
    }
}

impl Key for &str {
    type Q = str;
    fn q(&self) -> &str {
        self
    }
}

macro_rules! key_is_itself {
    ($($t:ty),*) => {$(
        impl Key for $t {
            type Q = $t;
            fn q(&self) -> &$t {
                self
            }
        }
    )*};
}

key_is_itself!(i32, i64, u32, u64, usize);

/// Where `q` is in the sorted `keys`: `Ok(index)` or `Err(insertion point)`. A key after the
/// last one (maps built in key order) is answered with one comparison.
#[inline(never)]
fn search<K: Key>(keys: &[K], q: &K::Q) -> Result<usize, usize> {
    // A few keys (the engine's conditions, a resource list): an equality scan finds a present
    // key with length checks mostly, cheaper than ordering comparisons (the engine looks up
    // its five conditions on every status sync).
    if keys.len() <= 8 {
        if let Some(i) = keys.iter().position(|k| k.q() == q) {
            return Ok(i);
        }
    }
    match keys.last().map(|k| k.q().cmp(q)) {
        None | Some(Ordering::Less) => Err(keys.len()),
        Some(Ordering::Equal) => Ok(keys.len() - 1),
        Some(Ordering::Greater) => keys.binary_search_by(|k| k.q().cmp(q)),
    }
}

impl<K, V> VecMap<K, V> {
    pub const fn new() -> Self {
        VecMap { keys: Vec::new(), vals: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn clear(&mut self) {
        self.keys.clear();
        self.vals.clear();
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        self.keys.iter().zip(self.vals.iter())
    }

    /// The entries in key order, values mutable.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        self.keys.iter().zip(self.vals.iter_mut())
    }

    pub fn keys(&self) -> std::slice::Iter<'_, K> {
        self.keys.iter()
    }

    pub fn values(&self) -> std::slice::Iter<'_, V> {
        self.vals.iter()
    }

    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, V> {
        self.vals.iter_mut()
    }

    pub fn into_keys(self) -> std::vec::IntoIter<K> {
        self.keys.into_iter()
    }

    pub fn into_values(self) -> std::vec::IntoIter<V> {
        self.vals.into_iter()
    }

    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        Some((self.keys.first()?, self.vals.first()?))
    }

    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        Some((self.keys.last()?, self.vals.last()?))
    }

    /// Keeps the entries for which `f` is true (in key order, like `BTreeMap::retain`).
    pub fn retain(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        let mut kept = 0;
        for i in 0..self.keys.len() {
            if f(&self.keys[i], &mut self.vals[i]) {
                self.keys.swap(kept, i);
                self.vals.swap(kept, i);
                kept += 1;
            }
        }
        self.keys.truncate(kept);
        self.vals.truncate(kept);
    }
}

// A query is any type compared as the keys are (`Key::Q`): `&str` or `&String` for a
// `String` key, as `BTreeMap`'s `Borrow` queries.
impl<K: Key, V> VecMap<K, V> {
    fn find<Q: Key<Q = K::Q> + ?Sized>(&self, q: &Q) -> Result<usize, usize> {
        search(&self.keys, q.q())
    }

    pub fn get<Q: Key<Q = K::Q> + ?Sized>(&self, q: &Q) -> Option<&V> {
        self.find(q).ok().map(|i| &self.vals[i])
    }

    pub fn get_key_value<Q: Key<Q = K::Q> + ?Sized>(&self, q: &Q) -> Option<(&K, &V)> {
        self.find(q).ok().map(|i| (&self.keys[i], &self.vals[i]))
    }

    pub fn get_mut<Q: Key<Q = K::Q> + ?Sized>(&mut self, q: &Q) -> Option<&mut V> {
        self.find(q).ok().map(|i| &mut self.vals[i])
    }

    pub fn contains_key<Q: Key<Q = K::Q> + ?Sized>(&self, q: &Q) -> bool {
        self.find(q).is_ok()
    }

    /// Inserts `v` at `k`; an existing entry keeps its key and gets the new value, the old one
    /// returned (`BTreeMap::insert`).
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        match self.find(&k) {
            Ok(i) => Some(std::mem::replace(&mut self.vals[i], v)),
            Err(i) => {
                self.keys.insert(i, k);
                self.vals.insert(i, v);
                None
            }
        }
    }

    pub fn remove<Q: Key<Q = K::Q> + ?Sized>(&mut self, q: &Q) -> Option<V> {
        let i = self.find(q).ok()?;
        self.keys.remove(i);
        Some(self.vals.remove(i))
    }

    /// The entry at `k` (`BTreeMap::entry`).
    pub fn entry(&mut self, k: K) -> Entry<'_, K, V> {
        let at = self.find(&k);
        Entry { map: self, key: k, at }
    }
}

/// A place in a [`VecMap`], filled or not (`btree_map::Entry`).
pub struct Entry<'a, K, V> {
    map: &'a mut VecMap<K, V>,
    key: K,
    at: Result<usize, usize>,
}

impl<'a, K, V> Entry<'a, K, V> {
    pub fn or_insert_with(self, f: impl FnOnce() -> V) -> &'a mut V {
        let i = match self.at {
            Ok(i) => i,
            Err(i) => {
                self.map.keys.insert(i, self.key);
                self.map.vals.insert(i, f());
                i
            }
        };
        &mut self.map.vals[i]
    }

    pub fn or_insert(self, v: V) -> &'a mut V {
        self.or_insert_with(|| v)
    }

    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    pub fn key(&self) -> &K {
        &self.key
    }
}

pub type Iter<'a, K, V> = std::iter::Zip<std::slice::Iter<'a, K>, std::slice::Iter<'a, V>>;
pub type IterMut<'a, K, V> = std::iter::Zip<std::slice::Iter<'a, K>, std::slice::IterMut<'a, V>>;
pub type IntoIter<K, V> = std::iter::Zip<std::vec::IntoIter<K>, std::vec::IntoIter<V>>;

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut VecMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter().zip(self.vals)
    }
}

impl<K: Key, V> Extend<(K, V)> for VecMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

/// Like `BTreeMap`'s: sorted by key, the last value of a repeated key kept. Input in key order
/// is appended as it comes; any other order is sorted once (through [`crate::sort::indices`],
/// the one shared sorting routine).
impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let (keys, vals): (Vec<K>, Vec<V>) = iter.into_iter().unzip();
        VecMap::from_parts(keys, vals)
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// The map of the pairs `(keys[i], vals[i])` in any order, as [`FromIterator`] makes it
    /// (sorted once; of equal keys the last value wins). The ordering work is not generic at
    /// all (comparisons through `&dyn`); per key and value type only a loop of swaps remains.
    pub fn from_parts(mut keys: Vec<K>, mut vals: Vec<V>) -> Self {
        let n = keys.len().min(vals.len());
        let order = kept_order(n, &|a, b| keys[a].cmp(&keys[b]));
        if let Some((swaps, kept)) = order {
            for (a, b) in swaps {
                keys.swap(a, b);
                vals.swap(a, b);
            }
            keys.truncate(kept);
            vals.truncate(kept);
        }
        VecMap { keys, vals }
    }
}

/// `None` when the `n` keys compared by `cmp` are strictly ascending; else the swaps that put
/// the entries to keep first, in key order (a stable sort; of equal keys the last), and how
/// many they are.
#[inline(never)]
fn kept_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Option<(Vec<(usize, usize)>, usize)> {
    if (1..n).all(|i| cmp(i - 1, i) == Ordering::Less) {
        return None;
    }
    let mut order: Vec<usize> = Vec::with_capacity(n);
    let mut dropped = Vec::new();
    for i in crate::sort::indices(n, cmp) {
        match order.last_mut() {
            Some(last) if cmp(*last, i) == Ordering::Equal => dropped.push(std::mem::replace(last, i)),
            _ => order.push(i),
        }
    }
    let kept = order.len();
    order.extend(dropped);
    Some((crate::sort::swaps(order), kept))
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for VecMap<K, V> {
    fn from(a: [(K, V); N]) -> Self {
        a.into_iter().collect()
    }
}

impl<K: Key, Q: Key<Q = K::Q> + ?Sized, V> std::ops::Index<&Q> for VecMap<K, V> {
    type Output = V;
    fn index(&self, q: &Q) -> &V {
        self.get(q).expect("no entry found for key")
    }
}

impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for VecMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A map, in key order: the same output as `BTreeMap`'s.
impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for VecMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// As `BTreeMap`'s (the serde derives that remain are the oracle of differential tests).
impl<'de, K: Ord + serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::Deserialize<'de> for VecMap<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        std::collections::BTreeMap::<K, V>::deserialize(d).map(|m| m.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn same(v: &VecMap<String, u32>, b: &BTreeMap<String, u32>) {
        assert_eq!(v.len(), b.len());
        assert_eq!(v.is_empty(), b.is_empty());
        assert!(v.iter().eq(b.iter()));
        assert!(v.keys().eq(b.keys()));
        assert!(v.values().eq(b.values()));
        assert_eq!(v.first_key_value(), b.first_key_value());
        assert_eq!(v.last_key_value(), b.last_key_value());
        assert_eq!(format!("{v:?}"), format!("{b:?}"));
        assert_eq!(serde_json::to_string(v).unwrap(), serde_json::to_string(b).unwrap());
    }

    #[test]
    fn sorted_whatever_the_insertion_order() {
        let mut a = VecMap::new();
        for k in ["b", "c", "a", "B", "", "ab"] {
            a.insert(k.to_string(), k.len());
        }
        assert_eq!(a.keys().map(String::as_str).collect::<Vec<_>>(), ["", "B", "a", "ab", "b", "c"]);
        let mut b = VecMap::new();
        for k in ["ab", "", "c", "B", "a", "b"] {
            b.insert(k.to_string(), k.len());
        }
        assert_eq!(a, b);
        assert_eq!(a.clone(), b);
        b.insert("a".into(), 7);
        assert_ne!(a, b);
    }

    #[test]
    fn insert_replaces_and_returns_the_old_value() {
        let mut m = VecMap::new();
        assert_eq!(m.insert("k", 1), None);
        assert_eq!(m.insert("k", 2), Some(1));
        assert_eq!(m.get("k"), Some(&2));
        assert_eq!(m.len(), 1);
        assert_eq!(m["k"], 2);
        assert_eq!(m.remove("k"), Some(2));
        assert_eq!(m.remove("k"), None);
        assert!(m.is_empty());
    }

    #[test]
    fn entry_api() {
        let mut m: VecMap<&str, Vec<u8>> = VecMap::new();
        m.entry("b").or_default().push(1);
        m.entry("a").or_insert_with(|| vec![0]).push(2);
        m.entry("b").or_insert(vec![9]).push(3);
        assert_eq!(m.entry("c").key(), &"c");
        assert_eq!(m.iter().collect::<Vec<_>>(), [(&"a", &vec![0, 2]), (&"b", &vec![1, 3])]);
    }

    #[test]
    fn collect_sorts_and_keeps_the_last_value_of_a_repeated_key() {
        let pairs = [(3, "x"), (1, "a"), (3, "y"), (2, "b"), (1, "c")];
        let v: VecMap<i32, &str> = pairs.into_iter().collect();
        let b: BTreeMap<i32, &str> = pairs.into_iter().collect();
        assert!(v.iter().eq(b.iter()));
        assert_eq!(VecMap::from(pairs), v);
        let sorted: VecMap<i32, i32> = (0..5).map(|i| (i, i)).collect();
        assert_eq!(sorted.keys().copied().collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
        let v2: VecMap<i32, i32> = v.into_iter().map(|(k, _)| (k, 0)).collect();
        assert_eq!(v2.len(), 3);
    }

    /// Random sequences of every operation, against `BTreeMap`.
    #[test]
    fn differential_against_btreemap() {
        // The engine's SplitMix64, so failures reproduce.
        let mut r = crate::engine::rng::Rng::new(7);
        for round in 0..300 {
            let (mut v, mut b) = (VecMap::<String, u32>::new(), BTreeMap::<String, u32>::new());
            let keys = 1 + r.below(if round % 10 == 0 { 200 } else { 12 });
            for _ in 0..r.below(120) {
                let k = format!("k{}", r.below(keys));
                let x = r.below(1000) as u32;
                match r.below(10) {
                    0..=2 => assert_eq!(v.insert(k.clone(), x), b.insert(k, x)),
                    3 => assert_eq!(v.remove(&k), b.remove(&k)),
                    4 => assert_eq!(v.remove(k.as_str()), b.remove(k.as_str())),
                    5 => {
                        *v.entry(k.clone()).or_insert(x) += 1;
                        *b.entry(k).or_insert(x) += 1;
                    }
                    6 => {
                        if let (Some(a), Some(c)) = (v.get_mut(&k), b.get_mut(&k)) {
                            *a += x;
                            *c += x;
                        }
                        assert_eq!(v.get(&k), b.get(&k));
                        assert_eq!(v.contains_key(k.as_str()), b.contains_key(k.as_str()));
                        assert_eq!(v.get_key_value(&k), b.get_key_value(&k));
                    }
                    7 => {
                        v.retain(|_, n| *n % 3 != x % 3);
                        b.retain(|_, n| *n % 3 != x % 3);
                    }
                    8 => {
                        let pairs: Vec<(String, u32)> =
                            (0..r.below(30)).map(|_| (format!("k{}", r.below(keys)), r.below(9) as u32)).collect();
                        v = pairs.iter().cloned().collect();
                        b = pairs.iter().cloned().collect();
                        if r.below(2) == 0 {
                            v.extend(pairs.iter().rev().cloned());
                            b.extend(pairs.iter().rev().cloned());
                        }
                    }
                    _ => {
                        for ((_, a), (_, c)) in v.iter_mut().zip(b.iter_mut()) {
                            *a ^= x;
                            *c ^= x;
                        }
                    }
                }
                same(&v, &b);
                let w = v.clone();
                same(&w, &b);
                assert_eq!(w, v);
            }
            let into: Vec<(String, u32)> = v.into_iter().collect();
            assert_eq!(into, b.into_iter().collect::<Vec<_>>());
        }
    }
}
