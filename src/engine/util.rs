//! Small helpers: Go duration formatting, quantity parsing, image references.

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

/// Parse a Kubernetes quantity into a value scaled by `scale` (1000 for CPU millicores, 1 for bytes),
/// rounding up like `Quantity.MilliValue()`/`Value()`. `None` for malformed input.
pub fn parse_quantity(q: &str, scale: f64) -> Option<i64> {
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    let split = q.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-')).unwrap_or(q.len());
    let (num, suffix) = q.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s if s.starts_with(['e', 'E']) => 10f64.powi(s[1..].parse::<i32>().ok()?),
        _ => return None,
    };
    let v = (n * mult * scale).ceil();
    if !v.is_finite() || v.abs() > 9.0e18 {
        return None;
    }
    Some(v as i64)
}

/// CPU quantity in millicores.
pub fn cpu_millis(q: &str) -> Option<i64> {
    parse_quantity(q, 1000.0)
}

/// Memory/storage quantity in bytes.
pub fn bytes(q: &str) -> Option<i64> {
    parse_quantity(q, 1.0)
}

/// Whether an image reference parses (`docker/distribution/reference.ParseNormalizedNamed` subset):
/// lowercase repository path components, optional `:tag` (`[\w][\w.-]{0,127}`), optional `@digest`.
pub fn image_ref_valid(image: &str) -> bool {
    if image.is_empty() || image.trim() != image {
        return false;
    }
    let (name_tag, digest) = match image.split_once('@') {
        Some((a, d)) => (a, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        let Some((alg, hex)) = d.split_once(':') else {
            return false;
        };
        if alg.is_empty() || hex.len() < 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return false;
        }
    }
    // The tag is after the last ':' that follows the last '/'.
    let last_slash = name_tag.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (name, tag) = match name_tag[last_slash..].rfind(':') {
        Some(i) => (&name_tag[..last_slash + i], Some(&name_tag[last_slash + i + 1..])),
        None => (name_tag, None),
    };
    if let Some(t) = tag {
        let ok = !t.is_empty()
            && t.len() <= 128
            && t.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && t.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !ok {
            return false;
        }
    }
    if name.is_empty() {
        return false;
    }
    for (i, comp) in name.split('/').enumerate() {
        if comp.is_empty() {
            return false;
        }
        // The first component may be a registry host (may contain uppercase, ':' port, '.').
        let is_host = i == 0 && name.contains('/') && (comp.contains('.') || comp.contains(':') || comp == "localhost");
        if is_host {
            continue;
        }
        let ok = comp.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
            && comp.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && comp.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
        if !ok {
            return false;
        }
    }
    true
}

/// The effective pull policy: the spec's, or the API default (`SetDefaults_Container`):
/// `Always` for a `latest` or missing tag without digest, else `IfNotPresent`.
pub fn pull_policy(image: &str, spec: Option<&str>) -> String {
    if let Some(p) = spec {
        return p.to_string();
    }
    if image.contains('@') {
        return "IfNotPresent".into();
    }
    let last_slash = image.rfind('/').map(|i| i + 1).unwrap_or(0);
    match image[last_slash..].rfind(':') {
        Some(i) if &image[last_slash + i + 1..] != "latest" => "IfNotPresent".into(),
        _ => "Always".into(),
    }
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
