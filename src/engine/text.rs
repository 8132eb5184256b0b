//! The CLI's human-readable rendering of a [`Timeline`]: status changes and events in time
//! order, then what was inferred and what is not simulated.

use super::Timeline;

/// `12.345s`, or `2m05.000s` past a minute: virtual time since the pod was created.
pub fn clock(t_ms: i64) -> String {
    let neg = if t_ms < 0 { "-" } else { "" };
    let t = t_ms.unsigned_abs();
    let (m, s, ms) = (t / 60_000, (t / 1000) % 60, t % 1000);
    if m == 0 {
        format!("{neg}{s}.{ms:03}s")
    } else {
        format!("{neg}{m}m{s:02}.{ms:03}s")
    }
}

/// Everything up to `at_ms`.
pub fn render(t: &Timeline, at_ms: i64) -> String {
    enum Line<'a> {
        Status(&'a super::timeline::StatusRow),
        Event(&'a super::timeline::Event),
    }
    let mut lines: Vec<(i64, u8, usize, Line<'_>)> = Vec::new();
    for (i, s) in t.status.iter().enumerate().filter(|(_, s)| s.t_ms <= at_ms) {
        lines.push((s.t_ms, 0, i, Line::Status(s)));
    }
    for (i, e) in t.events.iter().enumerate().filter(|(_, e)| e.t_ms <= at_ms) {
        lines.push((e.t_ms, 1, i, Line::Event(e)));
    }
    // Pushed in (kind, index) order, so a stable sort by time is the (time, kind, index) order.
    crate::sort::by_key(&mut lines, |(t, _, _, _)| crate::sort::signed(*t));
    let mut out = format!("pod/{}  QoS {}  seed {}  simulated to {}\n", t.pod, t.qos_class, t.seed, clock(t.until_ms));
    for (_, _, _, l) in &lines {
        match l {
            Line::Status(s) => {
                let status = if s.deleted { "<deleted>" } else { s.status.as_str() };
                out.push_str(&format!(
                    "{:>12}  ── {status}  READY {}  RESTARTS {}  (phase {})\n",
                    clock(s.t_ms),
                    s.ready,
                    s.restarts,
                    s.phase
                ));
            }
            Line::Event(e) => {
                out.push_str(&format!(
                    "{:>12}  {:<7} {:<22} {:<18} {}\n",
                    clock(e.t_ms),
                    e.type_,
                    e.reason,
                    e.object,
                    e.message
                ));
            }
        }
    }
    for (name, inf) in &t.inferred {
        out.push_str(&format!("inferred {name}: {}\n", inf.summary));
    }
    if t.truncated {
        out.push_str("truncated: the simulation hit its work bound before the end\n");
    }
    for n in &t.not_simulated {
        out.push_str(&format!("not simulated: {n}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn clocks() {
        assert_eq!(clock(0), "0.000s");
        assert_eq!(clock(12_345), "12.345s");
        assert_eq!(clock(125_000), "2m05.000s");
        assert_eq!(clock(-1500), "-1.500s");
    }
}
