//! A container's (or pod's) virtual filesystem: absolute paths → contents.
//!
//! Directories are implicit (a file implies its parents) or explicit (`mkdir`). Paths are
//! normalised (`//`, `.`, `..`, trailing `/`). Every content change bumps [`Vfs::generation`], which
//! lets a shell loop that only polls the filesystem be fast-forwarded safely.
//!
//! Sharing: the engine may keep one `Vfs` per pod (simplest: every container then sees every
//! other container's files, which is right for emptyDir volumes mounted at the same path and
//! harmlessly permissive otherwise) or one per container plus copies of shared mounts.

use std::collections::BTreeMap;

/// Upper bound on the bytes stored in one file (appends beyond it are dropped, sizes still count).
const MAX_FILE_BYTES: usize = 1 << 20;

/// Paths → file contents, plus explicit directories.
///
/// All three maps are `BTreeMap<String, String>`, the shape the shell's variables and the
/// model's labels already have: another key/value type would be several KB of wasm of its
/// own (the bundle budget).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vfs {
    files: BTreeMap<String, String>,
    /// Logical sizes of files whose contents are not kept (e.g. `dd` of 10 MiB of zeros), as
    /// decimal text: contents stay capped, the size still counts toward emptyDir `sizeLimit`.
    sizes: BTreeMap<String, String>,
    /// Explicit directories (the values are empty).
    dirs: BTreeMap<String, String>,
    generation: u64,
}

/// Normalises a path; relative paths are taken relative to `/`.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

impl Vfs {
    pub fn new() -> Vfs {
        Vfs::default()
    }

    /// A counter bumped on every change of contents or existence.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The contents of a regular file.
    pub fn read(&self, path: &str) -> Option<&str> {
        self.files.get(&normalize(path)).map(String::as_str)
    }

    /// True for a regular file.
    pub fn is_file(&self, path: &str) -> bool {
        self.files.contains_key(&normalize(path))
    }

    /// True for a directory (explicit, implied by a file below it, or `/`).
    pub fn is_dir(&self, path: &str) -> bool {
        let p = normalize(path);
        if p == "/" || self.dirs.contains_key(&p) {
            return true;
        }
        let prefix = format!("{p}/");
        self.files.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
            || self.dirs.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.is_file(path) || self.is_dir(path)
    }

    /// Replaces (or creates) a file.
    pub fn write(&mut self, path: &str, contents: &str) {
        let p = normalize(path);
        let mut c = contents.to_string();
        truncate(&mut c);
        if self.sizes.remove(&p).is_some() {
            self.generation += 1;
        }
        if self.files.get(&p) != Some(&c) {
            self.files.insert(p, c);
            self.generation += 1;
        }
    }

    /// Appends to (or creates) a file.
    pub fn append(&mut self, path: &str, contents: &str) {
        let p = normalize(path);
        let f = self.files.entry(p).or_default();
        f.push_str(contents);
        truncate(f);
        self.generation += 1;
    }

    /// Creates an empty file if missing (`touch`).
    pub fn touch(&mut self, path: &str) {
        let p = normalize(path);
        if let std::collections::btree_map::Entry::Vacant(e) = self.files.entry(p) {
            e.insert(String::new());
            self.generation += 1;
        }
    }

    /// Writes a file of `size` bytes whose contents are not kept (zeros, random data): only its
    /// size is tracked, for disk-usage accounting ([`Vfs::bytes_under`]).
    pub fn write_sized(&mut self, path: &str, size: u64) {
        let p = normalize(path);
        self.files.insert(p.clone(), String::new());
        self.sizes.insert(p, size.to_string());
        self.generation += 1;
    }

    /// Removes a file; true if it existed.
    pub fn remove(&mut self, path: &str) -> bool {
        let p = normalize(path);
        self.sizes.remove(&p);
        let removed = self.files.remove(&p).is_some();
        if removed {
            self.generation += 1;
        }
        removed
    }

    /// Removes a directory tree (`rm -r`); true if anything existed.
    pub fn remove_tree(&mut self, path: &str) -> bool {
        let p = normalize(path);
        let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
        let before = self.files.len() + self.dirs.len();
        let keep = |k: &str| k != p && !k.starts_with(&prefix);
        drop_keys(&mut self.files, &keep);
        drop_keys(&mut self.sizes, &keep);
        drop_keys(&mut self.dirs, &keep);
        let changed = before != self.files.len() + self.dirs.len();
        if changed {
            self.generation += 1;
        }
        changed
    }

    /// Creates a directory (and its parents).
    pub fn mkdir(&mut self, path: &str) {
        let p = normalize(path);
        if p != "/" && self.dirs.insert(p, String::new()).is_none() {
            self.generation += 1;
        }
    }

    /// The names directly inside a directory, sorted.
    pub fn list(&self, path: &str) -> Vec<String> {
        let p = normalize(path);
        let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
        let mut out = Vec::new();
        for k in self.files.keys().chain(self.dirs.keys()) {
            if let Some(rest) = k.strip_prefix(&prefix) {
                if let Some(first) = rest.split('/').next().filter(|s| !s.is_empty()) {
                    out.push(first.to_string());
                }
            }
        }
        crate::sort::by(&mut out, |a, b| a.cmp(b));
        out.dedup();
        out
    }

    /// Total bytes of the files under `path` (a file or a directory).
    pub fn bytes_under(&self, path: &str) -> u64 {
        let p = normalize(path);
        let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
        self.files
            .iter()
            .filter(|(k, _)| **k == p || k.starts_with(&prefix))
            .map(|(k, v)| self.sizes.get(k).and_then(|s| s.parse().ok()).unwrap_or(v.len() as u64))
            .fold(0u64, u64::saturating_add)
    }

    /// All file paths (sorted), for display.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// Removes the entries whose key fails `keep` (`rm -r`: one pass over the map whatever it
/// removes); true if there were any. The map is rebuilt from what stays: `retain` would add a
/// second copy of the B-tree's rebalancing code to the page's wasm. Single keys are removed with
/// `BTreeMap::remove` (O(log n)): rebuilding the map for each `rm` or `unset` made a loop over
/// a large environment quadratic (5,000 variables, `X=1; unset X` in a loop: 6.6 s instead of
/// 0.02 s).
pub(crate) fn drop_keys(map: &mut BTreeMap<String, String>, keep: &dyn Fn(&str) -> bool) -> bool {
    if map.keys().all(|k| keep(k)) {
        return false;
    }
    for (k, v) in std::mem::take(map) {
        if keep(&k) {
            map.insert(k, v);
        }
    }
    true
}

fn truncate(s: &mut String) {
    if s.len() > MAX_FILE_BYTES {
        let mut cut = MAX_FILE_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        let mut v = Vfs::new();
        assert_eq!(normalize("tmp//a/./b/../c/"), "/tmp/a/c");
        v.touch("/tmp/healthy");
        assert!(v.is_file("/tmp/healthy"));
        assert!(v.is_dir("/tmp"));
        assert!(!v.is_dir("/tm"));
        let g = v.generation();
        v.touch("/tmp/healthy");
        assert_eq!(v.generation(), g);
        v.append("/tmp/log", "a\n");
        v.append("/tmp/log", "b\n");
        assert_eq!(v.read("/tmp/log"), Some("a\nb\n"));
        assert_eq!(v.list("/tmp"), vec!["healthy", "log"]);
        assert!(v.remove("/tmp/healthy"));
        assert!(!v.remove("/tmp/healthy"));
        v.mkdir("/data/x");
        assert!(v.is_dir("/data"));
        assert!(v.remove_tree("/data"));
        assert!(!v.exists("/data/x"));
        assert_eq!(v.bytes_under("/tmp"), 4);
    }

    #[test]
    fn sized_files() {
        let mut v = Vfs::new();
        v.write_sized("/d/a", 10 << 20);
        v.write_sized("/d/b", 5);
        assert_eq!(v.bytes_under("/d"), (10 << 20) + 5);
        // Writing contents replaces the logical size, and counts as a change even when the
        // (empty) contents stay the same.
        let g = v.generation();
        v.write("/d/a", "");
        assert_eq!(v.generation(), g + 1);
        assert_eq!(v.bytes_under("/d"), 5);
        v.write("/d/a", "xyz");
        assert_eq!(v.bytes_under("/d"), 8);
        assert!(v.remove("/d/b"));
        assert_eq!(v.bytes_under("/d"), 3);
        // A file written again after its removal has no size left over.
        v.write("/d/b", "");
        assert_eq!(v.bytes_under("/d"), 3);
    }
}
