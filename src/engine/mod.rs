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

/// The same simulation as [`simulate`], run in slices: [`Stepper::step`] handles at most a
/// given number of queue events and returns, so a caller with a clock (the page) can yield
/// between slices and drop a run that is no longer wanted. Slicing never changes the result:
/// the events are handled in the same order as [`simulate`]'s one loop.
pub struct Stepper<'a> {
    sim: sim::Sim<'a>,
    done: bool,
}

impl<'a> Stepper<'a> {
    /// Sets up the run (process inference, the first events); `scenario.seed` wins over `seed`.
    pub fn new(pod: &'a Pod, scenario: &'a Scenario, seed: u64) -> Stepper<'a> {
        let mut sim = sim::Sim::new(pod, scenario, scenario.seed.unwrap_or(seed));
        sim.start();
        Stepper { sim, done: false }
    }

    /// Handles at most `events` queue events; true once the run is over.
    pub fn step(&mut self, events: u64) -> bool {
        self.done = self.done || self.sim.step(events);
        self.done
    }

    /// Virtual time reached and the span being simulated, in milliseconds.
    pub fn progress(&self) -> (i64, i64) {
        self.sim.progress()
    }

    /// Queue events handled so far.
    pub fn steps(&self) -> u64 {
        self.sim.steps()
    }

    /// The timeline: runs what is left, then post-processes.
    pub fn finish(mut self) -> Timeline {
        while !self.step(u64::MAX) {}
        self.sim.finish()
    }
}
