//! "Did you mean …?" suggestions for misspelt field names and kinds.

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), on chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    // The (n+1)×(m+1) table in one vector, row by row: `d[i * w + j]`.
    let w = m + 1;
    let mut d = vec![0usize; (n + 1) * w];
    for i in 0..=n {
        d[i * w] = i;
    }
    for (j, cell) in d[..w].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[n * w + m]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo:
/// the same text in another case, or within a third of the word's length (at least 1,
/// at most 4 edits). Ties go to the earlier candidate.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    closest(word, &mut candidates.into_iter())
}

/// [`did_you_mean`] over any iterator: one copy of the search for every caller's iterator type.
fn closest<'c>(word: &str, candidates: &mut dyn Iterator<Item = &'c str>) -> Option<&'c str> {
    if word.chars().count() > 64 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let budget = (word.chars().count() / 3).clamp(1, 4);
    let mut best: Option<(usize, &'c str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let dist = if c.to_ascii_lowercase() == lower { 0 } else { edit_distance(word, c) };
        if dist <= budget && best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("initialDelaySecons", "initialDelaySeconds"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggestions() {
        let fields = ["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "httpGet"];
        assert_eq!(did_you_mean("initialDelaySecons", fields), Some("initialDelaySeconds"));
        assert_eq!(did_you_mean("httpget", fields), Some("httpGet"));
        assert_eq!(did_you_mean("periodSecond", fields), Some("periodSeconds"));
        assert_eq!(did_you_mean("command", fields), None);
        assert_eq!(did_you_mean("x", fields), None);
    }
}
