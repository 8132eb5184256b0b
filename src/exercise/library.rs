//! The workshop set: the exercises under `exercises/`, compiled in (`include_str!`) so the
//! page needs no network to open one. `tests/exercises.rs` proves that each parses, that its
//! starting spec fails and that its reference solution passes, through this module and
//! through the CLI.

use super::Exercise;

/// One exercise of the workshop set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Stable id: the file name without `.yaml` (`#exercise=<id>` on the page).
    pub id: &'static str,
    /// The exercise file's text.
    pub yaml: &'static str,
}

macro_rules! entries {
    ($($id:literal),* $(,)?) => {
        &[$(Entry { id: $id, yaml: include_str!(concat!("../../exercises/", $id, ".yaml")) }),*]
    };
}

/// Every exercise, in the order a workshop would take them.
pub const EXERCISES: &[Entry] = entries![
    "graceful-start",
    "slow-start",
    "sigterm-trap",
    "exec-form",
    "prestop-drain",
    "guaranteed-qos",
    "liveness-hung",
    "liveness-wrong-port",
    "log-level-env",
    "configmap-config",
    "crashloop-fix",
    "oomkilled-fix",
    "node-outage",
    "init-order",
];

/// The exercise with this id.
pub fn by_id(id: &str) -> Option<&'static Entry> {
    EXERCISES.iter().find(|e| e.id == id)
}

/// The exercise with this id, parsed (None when there is none; a built-in exercise always
/// parses, which `tests/exercises.rs` checks).
pub fn load(id: &str) -> Option<Exercise> {
    by_id(id).and_then(|e| super::parse(e.yaml).ok())
}
