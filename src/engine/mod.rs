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
#[cfg(test)]
mod tests_listen;
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
    state: State<'a>,
    until: i64,
}

enum State<'a> {
    /// Containers being set up (process inference), a slice at a time.
    Setup(sim::Setup<'a>),
    Run(Box<sim::Sim<'a>>, bool),
}

impl<'a> Stepper<'a> {
    /// Prepares the run; `scenario.seed` wins over `seed`. The set-up itself (per container)
    /// happens in the first slices.
    pub fn new(pod: &'a Pod, scenario: &'a Scenario, seed: u64) -> Stepper<'a> {
        let until = scenario.until.map(|m| m.0).unwrap_or(sim::DEFAULT_UNTIL_MS).clamp(0, sim::MAX_UNTIL_MS);
        Stepper { state: State::Setup(sim::Setup::new(pod, scenario, scenario.seed.unwrap_or(seed))), until }
    }

    /// Does at most `work` units (a container set up, or a queue event handled); true once
    /// the run is over.
    pub fn step(&mut self, work: u64) -> bool {
        match &mut self.state {
            State::Setup(setup) => {
                if setup.step(usize::try_from(work).unwrap_or(usize::MAX)) {
                    let mut sim = setup.take_sim();
                    sim.start();
                    self.state = State::Run(Box::new(sim), false);
                }
                false
            }
            State::Run(sim, done) => {
                *done = *done || sim.step(work);
                *done
            }
        }
    }

    /// Virtual time reached and the span being simulated, in milliseconds (0 while setting up).
    pub fn progress(&self) -> (i64, i64) {
        match &self.state {
            State::Run(sim, _) => sim.progress(),
            State::Setup(_) => (0, self.until),
        }
    }

    /// Queue events handled so far.
    pub fn steps(&self) -> u64 {
        match &self.state {
            State::Run(sim, _) => sim.steps(),
            State::Setup(_) => 0,
        }
    }

    /// The timeline: runs what is left, then post-processes.
    pub fn finish(mut self) -> Timeline {
        while !self.step(u64::MAX) {}
        match self.state {
            State::Run(sim, _) => sim.finish(),
            // `step` returns true only once running; kept total rather than panicking.
            State::Setup(mut setup) => setup.take_sim().run(),
        }
    }
}
