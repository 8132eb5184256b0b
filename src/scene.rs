//! Everything podlife simulates for one paste beyond the single pod: a workload's pods (the
//! fleet, `src/fleet/`) and the clients of its Service (traffic, `src/traffic/`), joined.
//!
//! The traffic layer runs over the **fleet's pods** — each with its creation time in fleet
//! milliseconds, its labels and its revision's pod template — so a rolling update, a node
//! failure or a quota deadlock is seen the way clients see it; the paste's other pods (bare
//! `Pod`s, and StatefulSets as a noted stand-in) join them as backends created at 0
//! ([`crate::traffic::backends_from_parsed`]).

use crate::fleet::Fleet;
use crate::input::Parsed;
use crate::traffic::{self, Backend, TrafficReport};

/// Everything podlife simulates for one paste beyond the single pod: a workload's pods (fleet) and its clients (traffic).
#[derive(Clone, Debug)]
pub struct Scene {
    /// The paste's first valid Deployment or ReplicaSet over fleet time (None: bare pods only).
    pub fleet: Option<Fleet>,
    /// What the clients of the Service see (None: the paste has no Service, or none named by
    /// `spec.traffic.service`). The load is the Scenario's `spec.traffic`, else the default.
    pub traffic: Option<TrafficReport>,
}

/// Simulates the paste's workload and, when it has a Service, its clients. Pure: same input
/// and seed ⇒ identical scene. Time runs to the fleet's `until_ms` (the Scenario's `until`,
/// default 10 min) when there is a fleet, else to the end of the longest pod's run.
pub fn simulate(parsed: &Parsed, seed: u64) -> Scene {
    simulate_with(parsed, &parsed.scenario, seed)
}

/// [`simulate`] under `scenario` instead of the paste's (an exercise's: no copy of the paste,
/// whose `Clone` would pull `Pod::clone` into the page's wasm).
pub(crate) fn simulate_with(parsed: &Parsed, scenario: &crate::engine::Scenario, seed: u64) -> Scene {
    let fleet = crate::fleet::simulate_with(parsed, scenario, seed);
    // Borrowed (not cloned) from the Scenario when it sets one.
    let default_spec;
    let spec = match &scenario.traffic {
        Some(t) => t,
        None => {
            default_spec = traffic::TrafficSpec::default();
            &default_spec
        }
    };
    let svc = match &spec.service {
        Some(name) => parsed.services.iter().find(|s| s.service.name == *name),
        None => parsed.services.first(),
    };
    let traffic = svc.map(|svc| {
        let mut notes = Vec::new();
        let others = traffic::backends_from_parsed(parsed, scenario, seed, &mut notes);
        let mut backends: Vec<Backend> = Vec::with_capacity(others.len());
        if let Some(f) = &fleet {
            backends.extend(f.pod_views());
        }
        backends.extend(others.iter().map(|p| p.backend()));
        let until_ms = match &fleet {
            Some(f) => f.until_ms,
            None => others.iter().map(|p| p.timeline.until_ms).max().unwrap_or(600_000),
        };
        let mut report = traffic::simulate(&svc.service, &backends, spec, until_ms, seed);
        report.not_simulated.extend(notes);
        report
    });
    Scene { fleet, traffic }
}
