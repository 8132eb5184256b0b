//! The lifecycle engine: a deterministic, kubelet-faithful simulation of one Pod.
//!
//! [`simulate`] runs a simulated scheduler, kubelet (pod worker, PLEG, prober workers,
//! status manager, eviction manager) and node controller over integer-millisecond virtual
//! time with an event queue ordered by (time, sequence). All jitter comes from a seeded
//! portable RNG ([`rng::Rng`]) and is reported in [`Timeline::jitter`]. Work is bounded by
//! [`sim::MAX_STEPS`] queue events and the scenario's `until` (default 10 minutes).
//!
//! Rules and upstream sources: `/work/shared/reference/kubelet-semantics.md` and the doc
//! comments in [`sim`].

pub mod rng;
pub mod scenario;
pub mod sim;
pub mod text;
pub mod timeline;
pub mod usage;
pub mod util;

use crate::model::core::Pod;

pub use scenario::Scenario;
pub use timeline::{PodState, Timeline, UsageSample};

/// Simulates `pod` (already API-defaulted) under `scenario`. `scenario.seed`, when set,
/// overrides `seed`. Pure: same inputs ⇒ identical output.
pub fn simulate(pod: &Pod, scenario: &Scenario, seed: u64) -> Timeline {
    let seed = scenario.seed.unwrap_or(seed);
    sim::Sim::new(pod, scenario, seed).run()
}
