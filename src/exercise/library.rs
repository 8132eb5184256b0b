//! The workshop set: the exercises under `exercises/`. The CLI and the native tests compile
//! the files in (`include_str!`); the page (wasm32) compiles in only each exercise's id and
//! titles (for the picker) and fetches the file from its own origin when the exercise is
//! opened (`dist/exercises/`, copied by Trunk; `src/web/exercise.rs`): with the examples, 10.3 KB
//! gz less wasm (BENCHMARKS.md). `tests/exercises.rs` proves that each parses, that its starting spec
//! fails and that its reference solution passes, through this module and through the CLI, and
//! that the titles here are the files' own `title` / `titleZh` (the files stay the one source).

#[cfg(not(target_arch = "wasm32"))]
use super::Exercise;

/// One exercise of the workshop set (the page lists [`listed`] instead).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Stable id: the file name without `.yaml` (`#exercise=<id>` on the page).
    pub id: &'static str,
    /// The file's `title` (the picker shows it without fetching the file).
    pub title: &'static str,
    /// The file's `titleZh`.
    pub title_zh: &'static str,
    /// The exercise file's text (the page fetches [`path`] instead).
    pub yaml: &'static str,
}

macro_rules! entries {
    ($(($id:literal, $title:literal, $title_zh:literal)),* $(,)?) => {
        /// Every exercise, in the order a workshop would take them.
        #[cfg(not(target_arch = "wasm32"))]
        pub const EXERCISES: &[Entry] = &[$(Entry {
            id: $id,
            title: $title,
            title_zh: $title_zh,
            yaml: include_str!(concat!("../../exercises/", $id, ".yaml")),
        }),*];

        /// The same ids and titles as one string, a line of `id\ttitle\ttitleZh` per exercise:
        /// what the page lists ([`listed`]), without a table of pointers in its wasm.
        const PACKED: &str = concat!($($id, "\t", $title, "\t", $title_zh, "\n"),*);
    };
}

entries![
    ("graceful-start", "Graceful start: no traffic before the app listens", "优雅启动：应用监听之前不接收流量"),
    ("slow-start", "A slow starter killed by its livenessProbe", "被 livenessProbe 杀死的慢启动应用"),
    ("sigterm-trap", "A shell as PID 1 ignores SIGTERM", "作为 PID 1 的 Shell 忽略 SIGTERM"),
    ("exec-form", "A wrapper shell swallows the stop signal", "包装用的 Shell 吞掉了停止信号"),
    ("prestop-drain", "Keep serving while the endpoints update", "在端点更新期间继续提供服务"),
    ("guaranteed-qos", "Resources and QoS: make the pod Guaranteed", "资源与 QoS：让 Pod 成为 Guaranteed"),
    ("liveness-hung", "A hung app is never restarted", "卡死的应用从不被重启"),
    ("liveness-wrong-port", "A healthy app restarted over and over", "健康的应用被反复重启"),
    ("log-level-env", "Day 2: change the log level without a new image", "第二天：不重建镜像也能调整日志级别"),
    ("configmap-config", "Configuration separated from code", "配置与代码分离"),
    ("crashloop-fix", "Fix a CrashLoopBackOff", "修复 CrashLoopBackOff"),
    ("oomkilled-fix", "Fix an OOMKilled container", "修复 OOMKilled 的容器"),
    ("node-outage", "Ride out a 10-minute node outage", "挺过 10 分钟的节点故障"),
    ("init-order", "Run the migration before the app", "先执行迁移，再启动应用"),
    ("rollout-zero-loss", "Zero failed requests during a rollout", "滚动更新期间零失败请求"),
    ("node-failure-spread", "Survive a node failure", "挺过节点故障"),
];

/// Each exercise's id, title and Chinese title, in [`EXERCISES`]' order (read from one packed
/// string: the page's picker).
pub fn listed() -> impl Iterator<Item = [&'static str; 3]> {
    PACKED.split_terminator('\n').map(|line| {
        let mut f = line.split('\t');
        std::array::from_fn(|_| f.next().unwrap_or(""))
    })
}

/// The exercise with this id.
#[cfg(not(target_arch = "wasm32"))]
pub fn by_id(id: &str) -> Option<&'static Entry> {
    EXERCISES.iter().find(|e| e.id == id)
}

/// The exercise's file, relative to the page (and to the repository root):
/// `exercises/<id>.yaml`.
pub fn path(id: &str) -> String {
    format!("exercises/{id}.yaml")
}

/// The exercise with this id, parsed (None when there is none; a built-in exercise always
/// parses, which `tests/exercises.rs` checks).
#[cfg(not(target_arch = "wasm32"))]
pub fn load(id: &str) -> Option<Exercise> {
    by_id(id).and_then(|e| super::parse(e.yaml).ok())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_packed_list_is_the_table() {
        let listed: Vec<[&str; 3]> = listed().collect();
        let table: Vec<[&str; 3]> = EXERCISES.iter().map(|e| [e.id, e.title, e.title_zh]).collect();
        assert_eq!(listed, table);
        assert_eq!(PACKED.matches('\t').count(), 2 * EXERCISES.len());
    }
}
