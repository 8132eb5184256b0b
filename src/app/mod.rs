//! App behaviour: what a container's *process* does, in virtual time.
//!
//! The engine (`crate::engine`) plays the kubelet; this module plays the container's main
//! process and the commands the kubelet execs into it. Contract: `/tmp/app_contract.md`.
//! All times are integer milliseconds of virtual time measured from pod creation.

pub mod behaviour;
pub mod images;
pub mod millis;
pub mod process;
pub mod shell;
pub mod shell_parse;
pub mod vfs;

pub use behaviour::{
    ContainerBehaviour, DiskRule, ExitRule, HealthRule, ListenRule, MemoryRule, SigtermAction, SigtermRule,
};
pub use millis::{Millis, Signal};
pub use vfs::Vfs;

pub use process::{expand_kubelet_vars, run_exec, ExecOutcome, Inferred, Process};

#[cfg(test)]
mod tests_docs;
