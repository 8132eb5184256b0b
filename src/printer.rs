//! The `kubectl get pod` row, computed as the API server's table printer does.
//!
//! Upstream: `pkg/printers/internalversion/printers.go` (`printPod`,
//! `hasPodReadyCondition`, `isPodInitializedConditionTrue`, `translateTimestampSince`),
//! `pkg/api/pod/util.go` (`IsRestartableInitContainer`), `pkg/api/v1/pod/util.go`
//! (`IsPodPhaseTerminal`) and `staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go`
//! (`HumanDuration`). kubectl only lays out the cells it receives, with the tab writer of
//! `k8s.io/cli-runtime/pkg/printers/tabwriter.go` (min width 6, padding 3, spaces).
//!
//! Every function here is total: missing fields, statuses whose names are not in the spec
//! and negative restart counts all print something, as upstream does.

use crate::model::core::{Container, ContainerStatus, Pod, PodCondition};
use crate::model::Timestamp;

/// The five default columns of `kubectl get pod`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PodRow {
    pub name: String,
    pub ready: String,
    pub status: String,
    pub restarts: String,
    pub age: String,
}

/// A row plus a short English explanation of which rule produced STATUS
/// (e.g. `container "app" is waiting with reason CrashLoopBackOff`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PrintedPod {
    pub row: PodRow,
    pub why: String,
}

/// The extra `-o wide` columns: IP, NODE, NOMINATED NODE, READINESS GATES.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct WideCells {
    pub ip: String,
    pub node: String,
    pub nominated_node: String,
    pub readiness_gates: String,
}

/// The table row condition upstream attaches to finished pods (visible only in
/// `-o json` tables): phase `Succeeded` or `Failed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowCompleted {
    /// `"Succeeded"` or `"Failed"`.
    pub reason: &'static str,
    /// `"The pod has completed successfully."` or `"The pod failed."`.
    pub message: &'static str,
}

/// Go's zero `time.Time` (0001-01-01T00:00:00Z), which `metav1.Time.IsZero` tests for.
const GO_ZERO_SECOND: i64 = -62_135_596_800;

/// Upstream `printPod` for the default columns, at the instant `now`.
pub fn print_pod(pod: &Pod, now: Timestamp) -> PrintedPod {
    print(pod, now, true)
}

/// [`print_pod`]'s row alone, without formatting the explanation (the engine prints a row for
/// every status snapshot).
pub fn print_pod_row(pod: &Pod, now: Timestamp) -> PodRow {
    print(pod, now, false).row
}

/// [`print_pod`]; `explain` = also say which rule produced STATUS (else `why` is empty).
fn print(pod: &Pod, now: Timestamp, explain: bool) -> PrintedPod {
    let spec = pod.spec.as_ref();
    let status = pod.status.as_ref();
    let conditions: &[PodCondition] = status.and_then(|s| s.conditions.as_deref()).unwrap_or(&[]);
    let spec_inits: &[Container] = spec.and_then(|s| s.init_containers.as_deref()).unwrap_or(&[]);
    let init_statuses: &[ContainerStatus] = status.and_then(|s| s.init_container_statuses.as_deref()).unwrap_or(&[]);
    let statuses: &[ContainerStatus] = status.and_then(|s| s.container_statuses.as_deref()).unwrap_or(&[]);

    let phase = status.and_then(|s| s.phase.as_deref()).unwrap_or("");
    let pod_reason = status.and_then(|s| s.reason.as_deref()).unwrap_or("");

    let mut restarts: i64 = 0;
    let mut sidecar_restarts: i64 = 0;
    let mut total = spec.map_or(0, |s| s.containers.len());
    let mut ready = 0usize;
    let mut last_restart = go_zero();
    let mut last_sidecar_restart = go_zero();

    let mut reason = phase.to_string();
    let mut why = String::new();
    if explain {
        why = if phase.is_empty() { "status.phase is empty".to_string() } else { format!("the pod phase is {phase}") };
    }
    if !pod_reason.is_empty() {
        reason = pod_reason.to_string();
        if explain {
            why = format!("status.reason is {pod_reason}");
        }
    }
    for c in conditions {
        if c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated") {
            reason = "SchedulingGated".into();
            if explain {
                why = "the PodScheduled condition has reason SchedulingGated (schedulingGates are set)".into();
            }
        }
    }

    let is_sidecar = |name: &str| spec_inits.iter().find(|c| c.name == name).is_some_and(is_restartable_init_container);
    total += spec_inits.iter().filter(|c| is_restartable_init_container(c)).count();

    // Init containers, in status order, until the first one that blocks initialisation.
    let mut initializing = false;
    for (i, cs) in init_statuses.iter().enumerate() {
        let sidecar = is_sidecar(&cs.name);
        restarts += i64::from(cs.restart_count);
        bump(&mut last_restart, cs);
        if sidecar {
            sidecar_restarts += i64::from(cs.restart_count);
            bump(&mut last_sidecar_restart, cs);
        }
        let state = cs.state.as_ref();
        let terminated = state.and_then(|s| s.terminated.as_ref());
        let waiting_reason = state.and_then(|s| s.waiting.as_ref()).and_then(|w| w.reason.as_deref()).unwrap_or("");
        let name = &cs.name;
        if terminated.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if sidecar && cs.started == Some(true) {
            if cs.ready {
                ready += 1;
            }
            continue;
        }
        initializing = true;
        if let Some(t) = terminated {
            let t_reason = t.reason.as_deref().unwrap_or("");
            let signal = t.signal.unwrap_or(0);
            if !t_reason.is_empty() {
                reason = format!("Init:{t_reason}");
                if explain {
                    why = format!("init container {name:?} terminated with reason {t_reason}");
                }
            } else if signal != 0 {
                reason = format!("Init:Signal:{signal}");
                if explain {
                    why = format!("init container {name:?} was killed by signal {signal} and has no reason");
                }
            } else {
                reason = format!("Init:ExitCode:{}", t.exit_code);
                if explain {
                    why = format!("init container {name:?} exited with code {} and has no reason", t.exit_code);
                }
            }
        } else if !waiting_reason.is_empty() && waiting_reason != "PodInitializing" {
            reason = format!("Init:{waiting_reason}");
            if explain {
                why = format!("init container {name:?} is waiting with reason {waiting_reason}");
            }
        } else {
            reason = format!("Init:{i}/{}", spec_inits.len());
            if explain {
                why = format!(
                    "init container {name:?} (status {i} of {} init containers) has not finished yet",
                    spec_inits.len()
                );
            }
        }
        break;
    }

    // Regular containers, last to first, so the first one with a reason wins.
    if !initializing || is_initialized(conditions) {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for cs in statuses.iter().rev() {
            restarts += i64::from(cs.restart_count);
            bump(&mut last_restart, cs);
            let state = cs.state.as_ref();
            let waiting_reason = state.and_then(|s| s.waiting.as_ref()).and_then(|w| w.reason.as_deref()).unwrap_or("");
            let terminated = state.and_then(|s| s.terminated.as_ref());
            let name = &cs.name;
            if !waiting_reason.is_empty() {
                reason = waiting_reason.to_string();
                if explain {
                    why = format!("container {name:?} is waiting with reason {waiting_reason}");
                }
            } else if let Some(t) = terminated {
                let t_reason = t.reason.as_deref().unwrap_or("");
                let signal = t.signal.unwrap_or(0);
                if !t_reason.is_empty() {
                    reason = t_reason.to_string();
                    if explain {
                        why = format!("container {name:?} terminated with reason {t_reason}");
                    }
                } else if signal != 0 {
                    reason = format!("Signal:{signal}");
                    if explain {
                        why = format!("container {name:?} was killed by signal {signal} and has no reason");
                    }
                } else {
                    reason = format!("ExitCode:{}", t.exit_code);
                    if explain {
                        why = format!("container {name:?} exited with code {} and has no reason", t.exit_code);
                    }
                }
            } else if cs.ready && state.is_some_and(|s| s.running.is_some()) {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            if has_ready_condition(conditions) {
                reason = "Running".into();
                if explain {
                    why = "a container completed but another is running and ready, and the pod is Ready".into();
                }
            } else {
                reason = "NotReady".into();
                if explain {
                    why = "a container completed but another is running and the pod is not Ready".into();
                }
            }
        }
    }

    let deleting = pod.metadata.deletion_timestamp.is_some();
    if deleting && pod_reason == "NodeLost" {
        reason = "Unknown".into();
        if explain {
            why = "deletionTimestamp is set and status.reason is NodeLost".into();
        }
    } else if deleting && !is_terminal_phase(phase) {
        reason = "Terminating".into();
        if explain {
            why = "deletionTimestamp is set and the phase is not terminal".into();
        }
    }

    let restarts_cell = if restarts != 0 && !is_go_zero(last_restart) {
        format!("{restarts} ({} ago)", human_since(last_restart, now))
    } else {
        restarts.to_string()
    };
    let age = match pod.metadata.creation_timestamp.as_ref() {
        Some(t) if !is_go_zero(t.0) => human_since(t.0, now),
        _ => "<unknown>".to_string(),
    };
    PrintedPod {
        row: PodRow {
            name: pod.metadata.name.clone().unwrap_or_default(),
            ready: format!("{ready}/{total}"),
            status: reason,
            restarts: restarts_cell,
            age,
        },
        why,
    }
}

/// The `-o wide` cells of upstream `printPod`.
pub fn print_pod_wide(pod: &Pod) -> WideCells {
    let none = |s: Option<&str>| match s {
        Some(v) if !v.is_empty() => v.to_string(),
        _ => "<none>".to_string(),
    };
    let spec = pod.spec.as_ref();
    let status = pod.status.as_ref();
    let ip = status.and_then(|s| s.pod_ips.as_deref()).and_then(|ips| ips.first()).map(|p| p.ip.as_str());
    let conditions: &[PodCondition] = status.and_then(|s| s.conditions.as_deref()).unwrap_or(&[]);
    let gates = spec.and_then(|s| s.readiness_gates.as_deref()).unwrap_or(&[]);
    let readiness_gates = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let passing = gates
            .iter()
            .filter(|g| conditions.iter().find(|c| c.type_ == g.condition_type).is_some_and(|c| c.status == "True"))
            .count();
        format!("{passing}/{}", gates.len())
    };
    WideCells {
        ip: none(ip),
        node: none(spec.and_then(|s| s.node_name.as_deref())),
        nominated_node: none(status.and_then(|s| s.nominated_node_name.as_deref())),
        readiness_gates,
    }
}

/// The row condition upstream attaches for phase `Succeeded` / `Failed`.
pub fn row_completed(pod: &Pod) -> Option<RowCompleted> {
    match pod.status.as_ref().and_then(|s| s.phase.as_deref()) {
        Some("Succeeded") => Some(RowCompleted { reason: "Succeeded", message: "The pod has completed successfully." }),
        Some("Failed") => Some(RowCompleted { reason: "Failed", message: "The pod failed." }),
        _ => None,
    }
}

/// Upstream `HumanDuration` for a duration in milliseconds.
///
/// Seconds are truncated toward zero; -1 s is tolerated as clock skew (`0s`), anything
/// earlier is `<invalid>`. Like Go's `time.Duration`, the input saturates at ±292 years.
pub fn human_duration_ms(ms: i64) -> String {
    const MAX_MS: i64 = i64::MAX / 1_000_000;
    let ms = ms.clamp(-MAX_MS, MAX_MS);
    let seconds = ms / 1000;
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    // (amount, unit) and an optional second (amount, unit) when it is not zero: two
    // format calls for every case instead of one per case.
    let minutes = seconds / 60;
    let hours = seconds / 3600;
    let (a, unit_a, b, unit_b) = if seconds < 60 * 2 {
        (seconds, "s", 0, "")
    } else if minutes < 10 {
        (minutes, "m", seconds % 60, "s")
    } else if minutes < 60 * 3 {
        (minutes, "m", 0, "")
    } else if hours < 8 {
        (hours, "h", minutes % 60, "m")
    } else if hours < 48 {
        (hours, "h", 0, "")
    } else if hours < 24 * 8 {
        (hours / 24, "d", hours % 24, "h")
    } else if hours < 24 * 365 * 2 {
        (hours / 24, "d", 0, "")
    } else if hours < 24 * 365 * 8 {
        (hours / 24 / 365, "y", (hours / 24) % 365, "d")
    } else {
        (hours / 24 / 365, "y", 0, "")
    };
    if b == 0 {
        format!("{a}{unit_a}")
    } else {
        format!("{a}{unit_a}{b}{unit_b}")
    }
}

/// The table as kubectl prints it: a `NAME READY STATUS RESTARTS AGE` header, then one
/// line per row, every line ending in `\n`.
///
/// kubectl's tab writer (`minwidth 6, tabwidth 4, padding 3, padchar ' ', flags 0`) makes
/// each column but the last `max(widest cell + 3, 6)` characters wide (widths in Unicode
/// scalar values, as Go counts runes); the last column is not padded. Tabs and newlines
/// inside a cell would break the layout, so they are printed as spaces.
pub fn format_table(rows: &[PodRow]) -> String {
    let header = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"].map(String::from).to_vec();
    let mut lines: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
    lines.push(header);
    for r in rows {
        lines.push([&r.name, &r.ready, &r.status, &r.restarts, &r.age].map(|c| sanitize(c)).to_vec());
    }
    columns(&lines, 3, 6, "", false)
}

/// Left-aligned columns like Go's `tabwriter`, the one table writer of podlife's texts
/// (`kubectl get`, `kubectl describe`'s events, `podlife fleet`): each line starts with
/// `indent`; each cell but a line's last is padded to its column's `max(widest cell + pad,
/// min)` characters (Unicode scalar values, as Go counts runes); `trim`: trailing spaces of
/// each line dropped. Every line ends in `\n`.
pub(crate) fn columns(rows: &[Vec<String>], pad: usize, min: usize, indent: &str, trim: bool) -> String {
    let mut widths: Vec<usize> = Vec::new();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            let w = (c.chars().count() + pad).max(min);
            match widths.get_mut(i) {
                Some(x) => *x = (*x).max(w),
                None => widths.push(w),
            }
        }
    }
    let mut out = String::new();
    for r in rows {
        let start = out.len();
        out.push_str(indent);
        for (i, c) in r.iter().enumerate() {
            out.push_str(c);
            if i + 1 < r.len() {
                out.extend(std::iter::repeat_n(' ', widths[i] - c.chars().count()));
            }
        }
        if trim {
            let keep = start + out[start..].trim_end().len();
            out.truncate(keep);
        }
        out.push('\n');
    }
    out
}

fn sanitize(cell: &str) -> String {
    cell.replace(['\t', '\n', '\r'], " ")
}

/// Upstream `podutil.IsRestartableInitContainer`: `restartPolicy: Always`.
fn is_restartable_init_container(c: &Container) -> bool {
    c.restart_policy.as_deref() == Some("Always")
}

/// Upstream `isPodInitializedConditionTrue`: the **first** `Initialized` condition decides.
fn is_initialized(conditions: &[PodCondition]) -> bool {
    conditions.iter().find(|c| c.type_ == "Initialized").is_some_and(|c| c.status == "True")
}

/// Upstream `hasPodReadyCondition`: **any** `Ready=True` condition.
fn has_ready_condition(conditions: &[PodCondition]) -> bool {
    conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True")
}

/// Upstream `IsPodPhaseTerminal`.
fn is_terminal_phase(phase: &str) -> bool {
    phase == "Succeeded" || phase == "Failed"
}

fn go_zero() -> Timestamp {
    Timestamp::from_second(GO_ZERO_SECOND).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn is_go_zero(t: Timestamp) -> bool {
    t == go_zero()
}

/// Moves `last` forward to this status's `lastState.terminated.finishedAt` if later
/// (`metav1.Time.Before`; an unset `finishedAt` is Go's zero time and never later).
fn bump(last: &mut Timestamp, cs: &ContainerStatus) {
    let finished =
        cs.last_state.as_ref().and_then(|s| s.terminated.as_ref()).and_then(|t| t.finished_at.as_ref()).map(|t| t.0);
    if let Some(f) = finished {
        if f > *last {
            *last = f;
        }
    }
}

/// Upstream `translateTimestampSince` for a non-zero time.
fn human_since(t: Timestamp, now: Timestamp) -> String {
    let ms = now.duration_since(t).as_millis();
    human_duration_ms(i64::try_from(ms).unwrap_or(if ms < 0 { i64::MIN } else { i64::MAX }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Port of `TestHumanDuration` and `TestHumanDurationBoundaries` (duration_test.go).
    #[test]
    fn human_duration_tables() {
        const S: i64 = 1000;
        const M: i64 = 60 * S;
        const H: i64 = 60 * M;
        const D: i64 = 24 * H;
        let table = [
            (S, "1s"),
            (70 * S, "70s"),
            (190 * S, "3m10s"),
            (70 * M, "70m"),
            (47 * H, "47h"),
            (49 * H, "2d1h"),
            ((8 * 24 + 2) * H, "8d"),
            (367 * D, "367d"),
            ((365 * 2 * 24 + 25) * H, "2y1d"),
            ((365 * 8 * 24 + 2) * H, "8y"),
            (-2 * S, "<invalid>"),
            (-2 * S + 1, "0s"),
            (0, "0s"),
            (S - 1, "0s"),
            (2 * M - 1, "119s"),
            (2 * M, "2m"),
            (2 * M + S, "2m1s"),
            (10 * M - 1, "9m59s"),
            (10 * M, "10m"),
            (10 * M + S, "10m"),
            (3 * H - 1, "179m"),
            (3 * H, "3h"),
            (3 * H + M, "3h1m"),
            (8 * H - 1, "7h59m"),
            (8 * H, "8h"),
            (8 * H + 59 * M, "8h"),
            (2 * D - 1, "47h"),
            (2 * D, "2d"),
            (2 * D + H, "2d1h"),
            (8 * D - 1, "7d23h"),
            (8 * D, "8d"),
            (8 * D + 23 * H, "8d"),
            (2 * 365 * D - 1, "729d"),
            (2 * 365 * D, "2y"),
            (2 * 365 * D + 23 * H, "2y"),
            (2 * 365 * D + 23 * H + 59 * M, "2y"),
            (2 * 365 * D + D - 1, "2y"),
            (2 * 365 * D + D, "2y1d"),
            (3 * 365 * D, "3y"),
            (4 * 365 * D, "4y"),
            (5 * 365 * D, "5y"),
            (6 * 365 * D, "6y"),
            (7 * 365 * D, "7y"),
            (8 * 365 * D - 1, "7y364d"),
            (8 * 365 * D, "8y"),
            (8 * 365 * D + 364 * D, "8y"),
            (9 * 365 * D, "9y"),
            // TestTranslateTimestampSince: 6e12 ns, 2 and 90 days, 10 years.
            (6_000_000, "100m"),
            (2 * D, "2d"),
            (90 * D, "90d"),
            (10 * 365 * D, "10y"),
            (30 * S, "30s"),
            (5 * M, "5m"),
            (-2100, "<invalid>"),
            (-1900, "0s"),
            // Go's Duration saturates at about 292 years.
            (i64::MAX, "292y"),
            (i64::MIN, "<invalid>"),
        ];
        for (ms, want) in table {
            assert_eq!(human_duration_ms(ms), want, "{ms} ms");
        }
    }

    #[test]
    fn table_layout_matches_tabwriter() {
        let rows = [
            PodRow {
                name: "web".into(),
                ready: "1/1".into(),
                status: "Running".into(),
                restarts: "0".into(),
                age: "5m".into(),
            },
            PodRow {
                name: "crashy-worker".into(),
                ready: "0/1".into(),
                status: "CrashLoopBackOff".into(),
                restarts: "4 (20s ago)".into(),
                age: "3m10s".into(),
            },
        ];
        let want = "\
NAME            READY   STATUS             RESTARTS      AGE
web             1/1     Running            0             5m
crashy-worker   0/1     CrashLoopBackOff   4 (20s ago)   3m10s
";
        assert_eq!(format_table(&rows), want);
        // Narrow cells still get the minimum width of 6.
        let tiny = [PodRow {
            name: "a".into(),
            ready: "1".into(),
            status: "s".into(),
            restarts: "0".into(),
            age: "1s".into(),
        }];
        assert_eq!(
            format_table(&tiny),
            "NAME   READY   STATUS   RESTARTS   AGE\na      1       s        0          1s\n"
        );
        assert_eq!(format_table(&[]), "NAME   READY   STATUS   RESTARTS   AGE\n");
    }
}
