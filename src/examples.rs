//! The examples library: the Pod-lifecycle lessons of a workshop, each a ready-to-play YAML
//! file under `examples/` (a Pod or workload, plus a `kind: Scenario` document when the lesson
//! needs something to happen around the pod), with a short title and a one-sentence lesson in
//! English and Simplified Chinese.
//!
//! The CLI and the native tests compile the texts in (`include_str!`). The page (wasm32)
//! compiles in only the titles, the lessons and the default example ([`DEFAULT_YAML`], shown
//! on a first visit without any request); it fetches another example's file from its own
//! origin when the user picks it (`dist/examples/`, copied by Trunk; see `src/web/mod.rs`): with the
//! exercises, 10.3 KB gz less wasm (BENCHMARKS.md).
//! `tests/examples.rs` proves that every example parses cleanly, would be accepted by the API
//! server, and that its simulation shows the lesson it claims.

/// One example of the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Stable id: the file name without `.yaml`.
    pub id: &'static str,
    /// Short English title.
    pub title: &'static str,
    /// The same title in Simplified Chinese.
    pub title_zh: &'static str,
    /// The lesson in one English sentence.
    pub lesson: &'static str,
    /// The same lesson in Simplified Chinese.
    pub lesson_zh: &'static str,
    /// The YAML text (comments, the workload, and a Scenario document when needed). Not in the
    /// wasm build: the page fetches [`path`] (the default example is [`DEFAULT_YAML`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub yaml: &'static str,
}

/// The default example's text (`httpserver`, the first of [`EXAMPLES`]), compiled in
/// everywhere: the page shows it on a first visit without fetching anything.
pub const DEFAULT_YAML: &str = include_str!("../examples/httpserver.yaml");

/// The example's file, relative to the page (and to the repository root): `examples/<id>.yaml`.
pub fn path(id: &str) -> String {
    format!("examples/{id}.yaml")
}

/// Every example, the default (`httpserver`, loaded on a first visit) first.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "httpserver",
        title: "Graceful start and shutdown",
        title_zh: "优雅启动与优雅终止",
        lesson: "A startupProbe, a readinessProbe, a livenessProbe and a preStop pause together give an HTTP server a safe start and a clean shutdown.",
        lesson_zh: "startupProbe、readinessProbe、livenessProbe 与 preStop 等待配合使用，让 HTTP 服务既能安全启动，也能干净地退出。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/httpserver.yaml"),
    },
    Example {
        id: "early-traffic",
        title: "Ready before it listens",
        title_zh: "尚未监听就已 Ready",
        lesson: "Without a readinessProbe a container counts as ready as soon as it runs, so the pod shows READY 1/1 and gets traffic before the app listens.",
        lesson_zh: "没有 readinessProbe 时，容器一运行就被视为就绪，Pod 显示 READY 1/1，在应用开始监听之前就会收到流量。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/early-traffic.yaml"),
    },
    Example {
        id: "startup-probe",
        title: "A startupProbe protects a slow starter",
        title_zh: "startupProbe 保护慢启动应用",
        lesson: "Until the startupProbe succeeds, liveness and readiness probes do not run, so a 60 s start-up is not mistaken for a dead process.",
        lesson_zh: "在 startupProbe 成功之前，livenessProbe 和 readinessProbe 都不会执行，因此 60 秒的启动过程不会被误判为进程失活而被重启。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/startup-probe.yaml"),
    },
    Example {
        id: "shell-pid1-sigterm",
        title: "A shell as PID 1 ignores SIGTERM",
        title_zh: "Shell 作为 PID 1 忽略 SIGTERM",
        lesson: "PID 1 without a TERM handler ignores SIGTERM, so deletion waits the whole grace period and ends with SIGKILL and exit code 137.",
        lesson_zh: "没有 TERM 信号处理的 PID 1 会忽略 SIGTERM，删除 Pod 时要等满整个宽限期，最后被 SIGKILL 杀死，退出码 137。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/shell-pid1-sigterm.yaml"),
    },
    Example {
        id: "nginx-prestop-quit",
        title: "nginx drained by a preStop hook",
        title_zh: "用 preStop 钩子让 nginx 优雅退出",
        lesson: "A preStop `nginx -s quit` lets nginx finish in-flight requests and exit 0 long before the grace period ends.",
        lesson_zh: "preStop 中执行 `nginx -s quit`，让 nginx 处理完进行中的请求并以 0 退出，远早于宽限期结束。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/nginx-prestop-quit.yaml"),
    },
    Example {
        id: "long-lived-connections",
        title: "A one-day grace period for long-lived connections",
        title_zh: "为长连接设置一天的宽限期",
        lesson: "terminationGracePeriodSeconds is an upper bound: with 86400 s the pod stays Terminating while the app drains for an hour, then exits without SIGKILL.",
        lesson_zh: "terminationGracePeriodSeconds 只是上限：设为 86400 秒后，应用排空连接的一小时内 Pod 一直处于 Terminating，随后自行退出，不会收到 SIGKILL。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/long-lived-connections.yaml"),
    },
    Example {
        id: "crashloop",
        title: "CrashLoopBackOff",
        title_zh: "CrashLoopBackOff 重启退避",
        lesson: "A container that keeps crashing is restarted at once the first time, then after 10 s, 20 s, 40 s … capped at 5 minutes.",
        lesson_zh: "反复崩溃的容器第一次会立即重启，之后依次等待 10 秒、20 秒、40 秒……最长 5 分钟。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/crashloop.yaml"),
    },
    Example {
        id: "oomkilled",
        title: "OOMKilled",
        title_zh: "OOMKilled 内存超限",
        lesson: "A container that allocates more than its memory limit is killed by the kernel (exit 137, reason OOMKilled) and restarted, not evicted.",
        lesson_zh: "容器申请的内存超过其 limits 时会被内核 OOM 杀死（退出码 137，原因 OOMKilled）并被重启，而不是被驱逐。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/oomkilled.yaml"),
    },
    Example {
        id: "emptydir-sizelimit",
        title: "emptyDir over its sizeLimit",
        title_zh: "emptyDir 超出 sizeLimit",
        lesson: "Writing more than an emptyDir's sizeLimit makes the kubelet evict the whole pod: phase Failed, reason Evicted.",
        lesson_zh: "向 emptyDir 写入超过 sizeLimit 的数据，kubelet 会驱逐整个 Pod：phase 变为 Failed，reason 为 Evicted。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/emptydir-sizelimit.yaml"),
    },
    Example {
        id: "node-failure",
        title: "Node failure: eviction after 300 s",
        title_zh: "节点故障：300 秒后驱逐",
        lesson: "When a node becomes unreachable its pods turn not-ready after about 50 s but are deleted only after the default 300 s toleration, and then stay Terminating.",
        lesson_zh: "节点失联约 50 秒后其上的 Pod 变为未就绪，但要等默认 300 秒的容忍时间过后才会被删除，之后一直停留在 Terminating。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/node-failure.yaml"),
    },
    Example {
        id: "node-failure-fast",
        title: "Node failure with a 30 s toleration",
        title_zh: "节点故障：30 秒容忍时间",
        lesson: "A toleration for node.kubernetes.io/unreachable with tolerationSeconds: 30 replaces the 300 s default, so the pod is replaced minutes sooner.",
        lesson_zh: "为 node.kubernetes.io/unreachable 设置 tolerationSeconds: 30 的容忍会替换默认的 300 秒，Pod 能早几分钟被替换。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/node-failure-fast.yaml"),
    },
    Example {
        id: "readiness-gates",
        title: "A readinessGate set by a controller",
        title_zh: "由控制器设置的 readinessGate",
        lesson: "With a readinessGate the pod becomes Ready only when an outside controller sets that condition to True, even if every container is ready.",
        lesson_zh: "配置 readinessGate 后，即使所有容器都已就绪，也要等外部控制器把对应的 condition 设为 True，Pod 才会 Ready。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/readiness-gates.yaml"),
    },
    Example {
        id: "failing-init",
        title: "A failing init container",
        title_zh: "失败的 Init 容器",
        lesson: "An init container that fails blocks the app containers: kubectl shows Init:Error and Init:CrashLoopBackOff while the pod stays Pending.",
        lesson_zh: "Init 容器失败会阻塞应用容器启动：kubectl 显示 Init:Error 和 Init:CrashLoopBackOff，Pod 一直处于 Pending。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/failing-init.yaml"),
    },
    Example {
        id: "image-pull-backoff",
        title: "ImagePullBackOff",
        title_zh: "ImagePullBackOff 镜像拉取退避",
        lesson: "An image tag that does not exist gives ErrImagePull, then ImagePullBackOff, with pull retries 10 s, 20 s, 40 s … apart.",
        lesson_zh: "镜像标签不存在时先出现 ErrImagePull，随后是 ImagePullBackOff，拉取重试间隔依次为 10 秒、20 秒、40 秒，逐次翻倍。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/image-pull-backoff.yaml"),
    },
    Example {
        id: "missing-configmap",
        title: "Env from a missing ConfigMap",
        title_zh: "环境变量引用不存在的 ConfigMap",
        lesson: "An environment variable from a ConfigMap that does not exist stops the container from being created: CreateContainerConfigError.",
        lesson_zh: "环境变量引用了不存在的 ConfigMap，容器无法创建，状态为 CreateContainerConfigError。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/missing-configmap.yaml"),
    },
    Example {
        id: "sidecar",
        title: "A native sidecar stops last",
        title_zh: "原生 Sidecar 最后停止",
        lesson: "A sidecar (an init container with restartPolicy: Always) starts before the app and, on deletion, receives SIGTERM only after the app has exited.",
        lesson_zh: "Sidecar（restartPolicy: Always 的 Init 容器）先于应用容器启动；删除 Pod 时，要等应用容器退出后它才收到 SIGTERM。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/sidecar.yaml"),
    },
    Example {
        id: "job-completes",
        title: "A Job that completes",
        title_zh: "成功完成的 Job",
        lesson: "A Job's pod with restartPolicy Never that exits 0 ends in phase Succeeded and shows Completed.",
        lesson_zh: "restartPolicy 为 Never 的 Job Pod 以 0 退出后进入 Succeeded 阶段，kubectl 显示 Completed。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/job-completes.yaml"),
    },
    Example {
        id: "rolling-update-traffic",
        title: "Rolling update under traffic: preStop or not",
        title_zh: "流量下的滚动更新：有无 preStop",
        lesson: "Without a preStop pause each old pod stops listening at SIGTERM while kube-proxy still routes to it for up to a second, so requests fail at every step of the rollout; a 5 s preStop sleep brings them to zero.",
        lesson_zh: "没有 preStop 等待时，每个旧 Pod 一收到 SIGTERM 就停止监听，而 kube-proxy 在最多一秒内仍把请求转发给它，所以滚动更新的每一步都有请求失败；5 秒的 preStop sleep 能让失败归零。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/rolling-update-traffic.yaml"),
    },
    Example {
        id: "quota-deadlock",
        title: "A rollout stuck on a full ResourceQuota",
        title_zh: "被占满的 ResourceQuota 卡住的滚动更新",
        lesson: "With maxUnavailable 0 and a pod quota already full, the surge pod is forbidden and no old pod may go first: the rollout ends in ProgressDeadlineExceeded while clients notice nothing.",
        lesson_zh: "maxUnavailable 为 0 且 Pod 配额已满时，新增的 Pod 被拒绝，旧 Pod 又不能先删：滚动更新最终 ProgressDeadlineExceeded，而客户端毫无察觉。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/quota-deadlock.yaml"),
    },
    Example {
        id: "spread-node-failure",
        title: "Node failure with replicas spread over two nodes",
        title_zh: "副本分布在两个节点上时的节点故障",
        lesson: "Replicas spread over two nodes keep a Service answering when one node loses power; only the requests sent to the dead pod before the node controller marks it NotReady (about 50 s) are lost.",
        lesson_zh: "副本分布在两个节点上时，一个节点断电后 Service 仍能应答；只有在节点控制器把失联 Pod 标记为 NotReady（约 50 秒）之前发给它的请求会丢失。",
        #[cfg(not(target_arch = "wasm32"))]
        yaml: include_str!("../examples/spread-node-failure.yaml"),
    },
];

/// The example with this id.
pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The default example's id (the first of [`EXAMPLES`]).
pub const DEFAULT_ID: &str = EXAMPLES[0].id;

/// Every example's texts in one string, built at compile time: per example a line of its id,
/// title, Chinese title, lesson and Chinese lesson, separated by tabs. The page reads the
/// library from this ([`library`]): a table of five `&str` per example was 800 bytes of
/// pointers in its wasm.
static PACKED: [u8; packed_len(EXAMPLES)] = pack(EXAMPLES);

/// [`PACKED`] as text, checked as UTF-8 once, at compile time (not on every menu render).
static PACKED_TEXT: &str = match std::str::from_utf8(&PACKED) {
    Ok(text) => text,
    Err(_) => panic!("the examples' texts are UTF-8"),
};

/// The five texts of an example in [`PACKED`]'s order.
const fn texts(e: &Example) -> [&'static str; 5] {
    [e.id, e.title, e.title_zh, e.lesson, e.lesson_zh]
}

const fn packed_len(examples: &[Example]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < examples.len() {
        let t = texts(&examples[i]);
        let mut j = 0;
        while j < t.len() {
            n += t[j].len() + 1;
            j += 1;
        }
        i += 1;
    }
    n
}

const fn pack<const N: usize>(examples: &[Example]) -> [u8; N] {
    let mut out = [0u8; N];
    let (mut i, mut n) = (0, 0);
    while i < examples.len() {
        let t = texts(&examples[i]);
        let mut j = 0;
        while j < t.len() {
            let b = t[j].as_bytes();
            let mut k = 0;
            while k < b.len() {
                assert!(b[k] != b'\t' && b[k] != b'\n', "an example text holds a tab or a line break");
                out[n] = b[k];
                n += 1;
                k += 1;
            }
            out[n] = if j + 1 == t.len() { b'\n' } else { b'\t' };
            n += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// Each example's texts from [`PACKED`], in [`EXAMPLES`]' order: id, title, Chinese title,
/// lesson, Chinese lesson.
pub fn packed_texts() -> impl Iterator<Item = [&'static str; 5]> {
    PACKED_TEXT.split_terminator('\n').map(|line| {
        let mut f = line.split('\t');
        std::array::from_fn(|_| f.next().unwrap_or(""))
    })
}

/// The examples as the page lists them (their texts; the page fetches the files).
#[cfg(target_arch = "wasm32")]
pub fn library() -> impl Iterator<Item = Example> {
    packed_texts().map(|[id, title, title_zh, lesson, lesson_zh]| Example { id, title, title_zh, lesson, lesson_zh })
}

/// The examples as the page lists them.
#[cfg(not(target_arch = "wasm32"))]
pub fn library() -> impl Iterator<Item = Example> {
    EXAMPLES.iter().copied()
}

/// The example of [`library`] with this id.
pub fn find(id: &str) -> Option<Example> {
    library().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packed_library_is_the_table() {
        let packed: Vec<[&str; 5]> = packed_texts().collect();
        let table: Vec<[&str; 5]> = EXAMPLES.iter().map(texts).collect();
        assert_eq!(packed, table);
        let listed: Vec<&str> = library().map(|e| e.id).collect();
        assert_eq!(listed, EXAMPLES.iter().map(|e| e.id).collect::<Vec<_>>());
        assert_eq!(find("crashloop").map(|e| e.title), by_id("crashloop").map(|e| e.title));
        assert!(find("nope").is_none());
        assert_eq!(DEFAULT_ID, "httpserver");
    }

    #[test]
    fn default_first_and_lookup() {
        assert_eq!(EXAMPLES[0].id, "httpserver");
        assert_eq!(by_id("crashloop").map(|e| e.id), Some("crashloop"));
        assert!(by_id("nope").is_none());
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))] // the wasm library compiles in only the default example's text
    fn default_yaml_is_the_first_example() {
        assert_eq!(DEFAULT_YAML, EXAMPLES[0].yaml);
        assert_eq!(path("crashloop"), "examples/crashloop.yaml");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))] // the wasm library compiles in only the default example's text
    fn texts_present() {
        for e in EXAMPLES {
            assert!(!e.title.is_empty() && !e.title_zh.is_empty(), "{}", e.id);
            assert!(e.lesson.ends_with('.') && e.lesson_zh.ends_with('。'), "{}", e.id);
            assert!(e.yaml.starts_with('#'), "{}: the file starts with its lesson comment", e.id);
        }
    }
}
