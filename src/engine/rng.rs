//! A tiny portable, seedable RNG (SplitMix64) for the kubelet's jitter.
//!
//! Identical on every target (native and `wasm32`): same seed ⇒ same stream. Never
//! seeded from a clock.

/// SplitMix64 (Steele, Lea, Flood 2014): 64-bit state, one multiply-xorshift chain per draw.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose whole stream is determined by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform integer in `[0, n)`; 0 when `n <= 0`.
    pub fn below(&mut self, n: i64) -> i64 {
        if n <= 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as i64
    }

    /// `base × [1, 1 + factor)` as the Go `wait.Jitter(base, factor)` does, in whole ms.
    pub fn jitter(&mut self, base_ms: i64, factor: f64) -> i64 {
        let extra = (base_ms as f64 * factor) as i64;
        base_ms + self.below(extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_values() {
        // Reference stream for seed 0 (published SplitMix64 test vector).
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn jitter_in_range() {
        let mut r = Rng::new(42);
        for _ in 0..1000 {
            let j = r.jitter(10_000, 0.5);
            assert!((10_000..15_000).contains(&j));
        }
        assert_eq!(r.below(0), 0);
    }
}
