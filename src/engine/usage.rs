//! Memory and disk use over time, for the page's charts: [`UsageSample`]s per container.
//!
//! The process model ([`crate::app::Process`]) makes memory and disk use piecewise linear in
//! time: they change slope only at the process's own changes (start, the app replacing a
//! shell, a growth cap being reached, writes, exit). The engine records a sample at each
//! container start, stop and restart and at each such change ([`Process::usage_knees`] plus
//! every time the process is advanced), so straight lines between consecutive samples are the
//! model's curve. [`Track::finish`] drops samples that lie on the line through their
//! neighbours and, when a run is long, merges them per time bucket (keeping each bucket's
//! lowest and highest memory) so there are at most [`MAX_SAMPLES`] per container.

use crate::app::Process;
use crate::engine::timeline::UsageSample;

/// At most this many samples per container (the JSON stays small for a 30-day run).
pub const MAX_SAMPLES: usize = 200;

/// One container's usage so far: `(t_ms, memory, disk)` in time order.
#[derive(Debug, Default)]
pub(crate) struct Track {
    pub samples: Vec<(i64, u64, u64)>,
    pub memory_limit: Option<u64>,
    pub disk_limit: Option<u64>,
    /// emptyDir mount paths of this container (their bytes count as its disk use).
    pub mounts: Vec<String>,
}

impl Track {
    /// Adds a sample; a repeat of the last one is skipped and nothing goes back in time.
    pub fn push(&mut self, t: i64, mem: u64, disk: u64) {
        if let Some(&(lt, lm, ld)) = self.samples.last() {
            if t < lt || (t, mem, disk) == (lt, lm, ld) {
                return;
            }
        }
        self.samples.push((t, mem, disk));
    }

    /// The last sample's time.
    pub fn last_t(&self) -> Option<i64> {
        self.samples.last().map(|s| s.0)
    }

    /// Samples at the process's slope changes in `(last sample, t)`; disk use is `dirs` (the
    /// emptyDir volumes) plus the process's own.
    pub fn knees(&mut self, p: &Process, t: i64, dirs: u64) {
        let from = self.last_t().unwrap_or(i64::MIN);
        for k in p.usage_knees() {
            if k > from && k < t {
                self.push(k, p.memory_bytes(k), dirs.saturating_add(p.disk_bytes(k)));
            }
        }
    }

    /// The samples as output: collinear points dropped, then merged per time bucket when there
    /// are more than [`MAX_SAMPLES`].
    pub fn finish(self, container: &str) -> Vec<UsageSample> {
        let mut s = simplify(self.samples);
        if s.len() > MAX_SAMPLES {
            s = bucket(&s, MAX_SAMPLES / 2 - 1);
        }
        s.into_iter()
            .map(|(t, m, d)| UsageSample {
                container: container.to_string(),
                t_ms: t,
                memory_bytes: m,
                memory_limit: self.memory_limit,
                disk_bytes: d,
                disk_limit: self.disk_limit,
            })
            .collect()
    }
}

/// Drops every sample that lies on the straight line through its neighbours (memory and disk).
fn simplify(samples: Vec<(i64, u64, u64)>) -> Vec<(i64, u64, u64)> {
    let mut out: Vec<(i64, u64, u64)> = Vec::with_capacity(samples.len());
    for s in samples {
        while out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            if a.0 < b.0 && b.0 < s.0 && on_line(a.0, a.1, b.0, b.1, s.0, s.1) && on_line(a.0, a.2, b.0, b.2, s.0, s.2)
            {
                out.pop();
            } else {
                break;
            }
        }
        out.push(s);
    }
    out
}

/// Is (tb, vb) on the line through (ta, va) and (tc, vc)?
fn on_line(ta: i64, va: u64, tb: i64, vb: u64, tc: i64, vc: u64) -> bool {
    let (ta, tb, tc) = (i128::from(ta), i128::from(tb), i128::from(tc));
    let (va, vb, vc) = (i128::from(va), i128::from(vb), i128::from(vc));
    (vb - va) * (tc - ta) == (vc - va) * (tb - ta)
}

/// Splits the span into `n` equal time buckets and keeps, per bucket, the samples with the
/// lowest and the highest memory (in time order), plus the very first and last sample: at
/// most `2n + 2` samples.
fn bucket(s: &[(i64, u64, u64)], n: usize) -> Vec<(i64, u64, u64)> {
    let (Some(first), Some(last)) = (s.first(), s.last()) else {
        return Vec::new();
    };
    let span = i128::from(last.0) - i128::from(first.0) + 1;
    let n = n.max(1) as i128;
    let mut out: Vec<(i64, u64, u64)> = vec![*first];
    let mut i = 0;
    while i < s.len() {
        let b = (i128::from(s[i].0) - i128::from(first.0)) * n / span;
        let mut j = i;
        let (mut lo, mut hi) = (i, i);
        while j < s.len() && (i128::from(s[j].0) - i128::from(first.0)) * n / span == b {
            if s[j].1 < s[lo].1 {
                lo = j;
            }
            if s[j].1 > s[hi].1 {
                hi = j;
            }
            j += 1;
        }
        for k in [lo.min(hi), lo.max(hi)] {
            if out.last() != Some(&s[k]) {
                out.push(s[k]);
            }
        }
        i = j;
    }
    if out.last() != Some(last) {
        out.push(*last);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collinear_samples_are_dropped() {
        let s = vec![(0, 0, 0), (10, 10, 0), (20, 20, 0), (30, 20, 0), (40, 20, 5)];
        assert_eq!(simplify(s), vec![(0, 0, 0), (20, 20, 0), (30, 20, 0), (40, 20, 5)]);
    }

    #[test]
    fn dense_samples_are_merged_keeping_peaks() {
        // A saw-tooth: 1000 teeth, each rising to 100 then dropping to 0.
        let mut s = Vec::new();
        for i in 0..1000i64 {
            s.push((i * 10, 0, 0));
            s.push((i * 10 + 9, 100, 0));
        }
        let b = bucket(&s, MAX_SAMPLES / 2 - 1);
        assert!(b.len() <= MAX_SAMPLES, "{}", b.len());
        assert!(b.iter().filter(|x| x.1 == 100).count() >= MAX_SAMPLES / 2 - 2);
        assert!(b.windows(2).all(|w| w[0].0 <= w[1].0));
        assert_eq!(b.first(), s.first());
        assert_eq!(b.last(), s.last());
    }
}
