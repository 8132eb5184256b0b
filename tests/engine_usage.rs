#![cfg(not(target_arch = "wasm32"))]
//! `Timeline::usage`: piecewise-linear memory and disk samples for the page's charts, on the
//! OOM and emptyDir examples, and bounded in size on a long crash loop.

use podlife::engine::timeline::UsageSample;
use podlife::engine::usage::MAX_SAMPLES;
use podlife::engine::{simulate, Timeline};

fn run(yaml: &str) -> Timeline {
    let parsed = podlife::input::parse(yaml);
    simulate(&parsed.pods[0].pod, &parsed.scenario, 1)
}

fn of<'a>(tl: &'a Timeline, c: &str) -> Vec<&'a UsageSample> {
    tl.usage.iter().filter(|s| s.container == c).collect()
}

const MI: u64 = 1 << 20;

#[test]
fn oom_example_memory_rises_to_the_limit_then_drops_at_the_kill() {
    let tl = run(include_str!("../examples/oomkilled.yaml"));
    let s = of(&tl, "memory-demo-2-ctr");
    assert!(!s.is_empty());
    assert!(s.iter().all(|x| x.memory_limit == Some(100 * MI) && x.disk_limit.is_none()));
    assert!(tl.usage.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
    // Every OOM kill (a terminated interval with reason OOMKilled) is visible: memory at or
    // above the limit at the instant the container died, then 0.
    let ooms: Vec<i64> = tl
        .signals
        .iter()
        .map(|x| x.t_ms)
        .chain(tl.containers.iter().filter(|i| i.reason.as_deref() == Some("OOMKilled")).map(|i| i.from_ms))
        .collect();
    assert!(!ooms.is_empty());
    let peaks: Vec<&&UsageSample> = s.iter().filter(|x| x.memory_bytes >= 100 * MI).collect();
    assert!(peaks.len() >= 3, "one peak per OOM kill: {s:?}");
    for p in &peaks {
        let i = s.iter().position(|x| std::ptr::eq(*x, **p)).unwrap();
        // The sample before is the start (lower), the one after the drop to 0 at the same instant.
        assert!(s[i - 1].memory_bytes < p.memory_bytes && s[i - 1].t_ms < p.t_ms);
        assert_eq!((s[i + 1].t_ms, s[i + 1].memory_bytes), (p.t_ms, 0));
        // The runtime reports the OOM kill at that instant (exit 137, OOMKilled, within the PLEG's 1 s).
        assert!(tl.containers.iter().any(|iv| iv.reason.as_deref() == Some("OOMKilled")
            && iv.from_ms >= p.t_ms
            && iv.from_ms <= p.t_ms + 1_000));
    }
    // Restarts start again from the process's start value.
    let starts = s.windows(2).filter(|w| w[0].memory_bytes == 0 && w[1].memory_bytes == MI).count();
    assert!(starts >= 2, "{s:?}");
}

#[test]
fn emptydir_example_disk_exceeds_the_size_limit_before_the_eviction() {
    let tl = run(include_str!("../examples/emptydir-sizelimit.yaml"));
    let s = of(&tl, "app");
    assert!(!s.is_empty());
    assert!(s.iter().all(|x| x.disk_limit == Some(MI) && x.memory_limit.is_none()));
    let evicted = tl.events.iter().find(|e| e.reason == "Evicted").expect("evicted").t_ms;
    let over = s.iter().find(|x| x.disk_bytes > MI).expect("disk over the limit");
    assert_eq!(over.disk_bytes, 10 * MI);
    assert!(over.t_ms <= evicted);
    // The container is killed after the eviction: memory drops to 0, the emptyDir's bytes stay.
    let last = s.last().unwrap();
    assert_eq!(last.memory_bytes, 0);
    assert!(last.t_ms >= evicted);
    assert_eq!(last.disk_bytes, 10 * MI);
}

#[test]
fn a_scenario_memory_ramp_is_two_straight_lines() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n  - {name: a, image: busybox:1.36, command: [sleep, '3600'], resources: {limits: {memory: 1Gi}}}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 10m\n  node: {images: [busybox:1.36]}\n  containers:\n    a: {memory: {start: 10Mi, perSecond: 1Mi, max: 100Mi}}\n";
    let tl = run(yaml);
    let s = of(&tl, "a");
    // Start, the knee where growth reaches its cap (90 s later), the end of the run.
    assert_eq!(s.len(), 3, "{s:?}");
    assert_eq!(s[0].memory_bytes, 10 * MI);
    assert_eq!((s[1].t_ms - s[0].t_ms, s[1].memory_bytes), (90_000, 100 * MI));
    assert_eq!((s[2].t_ms, s[2].memory_bytes), (tl.until_ms, 100 * MI));
}

#[test]
fn a_long_crash_loop_stays_within_the_sample_budget() {
    let yaml = include_str!("../examples/oomkilled.yaml").replace("until: 5m", "until: 24h");
    let tl = run(&yaml);
    let s = of(&tl, "memory-demo-2-ctr");
    assert!(s.len() <= MAX_SAMPLES, "{}", s.len());
    assert!(s.len() > 100);
    assert!(s.iter().filter(|x| x.memory_bytes >= 100 * MI).count() > 40, "peaks survive merging");
    assert!(s.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
}

#[test]
fn a_container_that_never_ran_has_no_samples() {
    let tl = run(include_str!("../examples/image-pull-backoff.yaml"));
    assert!(tl.usage.is_empty(), "{:?}", tl.usage);
}
