//! Small helpers: Go duration formatting and whole-second truncation, plus thin adapters over
//! the crate's shared quantity ([`crate::quantity`]) and image-reference ([`crate::defaults`]) rules.

/// The scheduler's `FailedScheduling` text (`FitError.Error`, `pkg/scheduler/framework/types.go`)
/// over `nodes` nodes: `reasons` (each `"<count> <reason>"`, sorted), then the preemption
/// post-filter's summary (`victimless` nodes where it found no victims, `hopeless` where it
/// would not help). One writer for the pod's scheduler and the fleet's.
pub(crate) fn fit_error(nodes: usize, reasons: &[String], victimless: usize, hopeless: usize) -> String {
    let mut pre = Vec::new();
    if victimless > 0 {
        pre.push(format!("{victimless} No preemption victims found for incoming pod"));
    }
    if hopeless > 0 {
        pre.push(format!("{hopeless} Preemption is not helpful for scheduling"));
    }
    format!(
        "0/{nodes} nodes are available: {}. preemption: 0/{nodes} nodes are available: {}.",
        reasons.join(", "),
        pre.join(", ")
    )
}

/// Go's `time.Duration.String()` for a millisecond count (`1.2s`, `500ms`, `1m20s`, `5m0s`, `1h0m0s`).
pub fn go_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let neg = ms < 0;
    let ms = ms.unsigned_abs();
    let sign = if neg { "-" } else { "" };
    if ms < 1000 {
        return format!("{sign}{ms}ms");
    }
    let h = ms / 3_600_000;
    let m = (ms / 60_000) % 60;
    let s = (ms / 1000) % 60;
    let frac = ms % 1000;
    let mut secs = s.to_string();
    if frac != 0 {
        let f = format!("{frac:03}");
        secs.push('.');
        secs.push_str(f.trim_end_matches('0'));
    }
    if h > 0 {
        format!("{sign}{h}h{m}m{secs}s")
    } else if m > 0 {
        format!("{sign}{m}m{secs}s")
    } else {
        format!("{sign}{secs}s")
    }
}

/// CPU quantity in millicores (upstream `MilliValue()`, via the crate's one quantity parser
/// [`crate::quantity`]). `None` for malformed input.
pub fn cpu_millis(q: &str) -> Option<i64> {
    crate::quantity::parse(q.trim()).ok().map(|q| q.milli_value_ceil())
}

/// Memory/storage quantity in bytes (upstream `Value()`, via [`crate::quantity`]).
pub fn bytes(q: &str) -> Option<i64> {
    crate::quantity::parse(q.trim()).ok().map(|q| q.value_ceil())
}

/// Whether an image reference parses (`reference.ParseNormalizedNamed`): the crate's one
/// implementation is [`crate::defaults::image_tag`].
pub fn image_ref_valid(image: &str) -> bool {
    crate::defaults::image_tag(image).is_some()
}

/// The effective pull policy: the spec's, or the API default [`crate::defaults::pull_policy_for`]
/// (`SetDefaults_Container`). Pods reaching the engine are API-defaulted, so the fallback only
/// matters for hand-built pods.
pub fn pull_policy(image: &str, spec: Option<&str>) -> String {
    spec.map_or_else(|| crate::defaults::pull_policy_for(image).to_string(), str::to_string)
}

/// Truncate a millisecond time to whole seconds (the status manager's `normalizeStatus`).
pub fn trunc_s(ms: i64) -> i64 {
    ms.div_euclid(1000) * 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        // Values from Go's time.Duration String tests.
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(1), "1ms");
        assert_eq!(go_duration(1200), "1.2s");
        assert_eq!(go_duration(10_000), "10s");
        assert_eq!(go_duration(80_000), "1m20s");
        assert_eq!(go_duration(160_000), "2m40s");
        assert_eq!(go_duration(300_000), "5m0s");
        assert_eq!(go_duration(3_600_000), "1h0m0s");
        assert_eq!(go_duration(4_000_001), "1h6m40.001s");
    }

    #[test]
    fn quantities() {
        assert_eq!(cpu_millis("500m"), Some(500));
        assert_eq!(cpu_millis("2"), Some(2000));
        assert_eq!(cpu_millis("0.1"), Some(100));
        assert_eq!(bytes("16Gi"), Some(16 * 1024 * 1024 * 1024));
        assert_eq!(bytes("1M"), Some(1_000_000));
        assert_eq!(bytes("1e3"), Some(1000));
        assert_eq!(bytes("1.5"), Some(2));
        assert_eq!(bytes("lots"), None);
    }

    #[test]
    fn images() {
        assert!(image_ref_valid("nginx"));
        assert!(image_ref_valid("nginx:1.27"));
        assert!(image_ref_valid("registry.k8s.io/busybox:1.27.2"));
        assert!(image_ref_valid("localhost:5000/app"));
        assert!(!image_ref_valid("Nginx"));
        assert!(!image_ref_valid("nginx:"));
        assert!(!image_ref_valid("nginx::1"));
        assert!(!image_ref_valid(""));
        assert_eq!(pull_policy("nginx", None), "Always");
        assert_eq!(pull_policy("nginx:latest", None), "Always");
        assert_eq!(pull_policy("nginx:1.27", None), "IfNotPresent");
        assert_eq!(pull_policy("localhost:5000/app", None), "Always");
        assert_eq!(pull_policy("nginx", Some("Never")), "Never");
    }
}
