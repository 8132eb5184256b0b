//! The Kubernetes documentation's examples, pasted as published (kubernetes/website
//! `content/en/examples/...`), with nothing added: each must animate as the docs say.

use podlife::engine::timeline::{CKind, Event};
use podlife::engine::{simulate, Timeline};

fn run(yaml: &str, until: &str) -> Timeline {
    let parsed = podlife::input::parse(yaml);
    let doc = parsed.pods.first().expect("a pod");
    let mut scenario = parsed.scenario.clone();
    scenario.until = serde_json::from_value(serde_json::json!(until)).ok();
    simulate(&doc.pod, &scenario, 1)
}

fn events<'a>(tl: &'a Timeline, reason: &str) -> Vec<&'a Event> {
    tl.events.iter().filter(|e| e.reason == reason).collect()
}

/// pods/probe/exec-liveness.yaml (JSON-flavoured YAML, as published).
const EXEC_LIVENESS: &str = r#"---
{
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    labels: {
      test: "liveness",
    },
    name: "liveness-exec",
  },
  spec: {
    containers: [{
      name: "liveness",
      image: "registry.k8s.io/busybox:1.27.2",
      args: [
        "/bin/sh",
        "-c",
        "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
      ],
      livenessProbe: {
        exec: {
          command: [
            "cat",
            "/tmp/healthy",
          ],
        },
        initialDelaySeconds: 5,
        periodSeconds: 5,
      },
    }],
  },
}
"#;

#[test]
fn docs_exec_liveness() {
    // "Within 30 seconds … no failed liveness probes; after 35 seconds … the liveness probes
    // have failed, and the failed containers have been killed and recreated."
    let tl = run(EXEC_LIVENESS, "3m");
    let s0 = events(&tl, "Started")[0].t_ms;
    assert!(events(&tl, "Unhealthy").iter().all(|e| e.t_ms > s0 + 30_000));
    assert_eq!(
        events(&tl, "Unhealthy")[0].message,
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    );
    assert_eq!(events(&tl, "Killing")[0].message, "Container liveness failed liveness probe, will be restarted");
    assert_eq!(tl.state_at(120_000).row.restarts.split_whitespace().next(), Some("1"));
}

/// pods/probe/http-liveness.yaml.
const HTTP_LIVENESS: &str = r#"---
{
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    labels: {
      test: "liveness",
    },
    name: "liveness-http",
  },
  spec: {
    containers: [{
      name: "liveness",
      image: "registry.k8s.io/e2e-test-images/agnhost:2.40",
      args: [
        "liveness",
      ],
      livenessProbe: {
        httpGet: {
          path: "/healthz",
          port: 8080,
          httpHeaders: [{
            name: "Custom-Header",
            value: "Awesome",
          }],
        },
        initialDelaySeconds: 3,
        periodSeconds: 3,
      },
    }],
  },
}
"#;

#[test]
fn docs_http_liveness() {
    // "For the first 10 seconds … /healthz returns 200. After that, 500": the kubelet kills and
    // restarts the container; agnhost has no SIGTERM handler (Go, PID 1) → exit 2, Error.
    let tl = run(HTTP_LIVENESS, "1m");
    let s0 = events(&tl, "Started")[0].t_ms;
    let un = events(&tl, "Unhealthy");
    assert_eq!(un[0].message, "Liveness probe failed: HTTP probe failed with statuscode: 500");
    assert!(un[0].t_ms > s0 + 10_000 && un[0].t_ms <= s0 + 13_000);
    let kill = events(&tl, "Killing")[0];
    assert_eq!(kill.t_ms, un[2].t_ms);
    let st = tl.state_at(kill.t_ms + 1_000);
    let last = st.containers[0].last_terminated.as_ref().expect("lastState");
    assert_eq!((last.exit_code, last.reason.as_str()), (2, "Error"));
    assert_eq!(st.containers[0].restart_count, 1);
}

/// pods/probe/tcp-liveness-readiness.yaml.
const TCP: &str = "apiVersion: v1
kind: Pod
metadata:
  name: goproxy
  labels:
    app.kubernetes.io/name: goproxy
spec:
  containers:
  - name: goproxy
    image: registry.k8s.io/goproxy:0.1
    ports:
    - containerPort: 8080
    readinessProbe:
      tcpSocket:
        port: 8080
      initialDelaySeconds: 15
      periodSeconds: 10
    livenessProbe:
      tcpSocket:
        port: 8080
      initialDelaySeconds: 15
      periodSeconds: 10
";

#[test]
fn docs_tcp_liveness_readiness() {
    // "The kubelet will run the first liveness probe 15 seconds after the container starts";
    // the pod becomes ready, liveness never fails.
    let tl = run(TCP, "2m");
    let s0 = events(&tl, "Started")[0].t_ms;
    let first = tl.probes.iter().map(|p| p.t_ms).min().unwrap();
    assert!(first >= s0 + 15_000 - 1_000, "probes wait for initialDelaySeconds (whole seconds)");
    let ready = tl.status.iter().find(|s| s.ready == "1/1").expect("ready");
    assert!(ready.t_ms >= s0 + 14_000 && ready.t_ms <= s0 + 26_000);
    assert!(events(&tl, "Unhealthy").is_empty() && events(&tl, "Killing").is_empty());
}

/// pods/lifecycle-events.yaml.
const LIFECYCLE: &str = r#"---
{
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "lifecycle-demo",
  },
  spec: {
    containers: [{
      name: "lifecycle-demo-container",
      image: "nginx",
      lifecycle: {
        postStart: {
          exec: {
            command: [
              "/bin/sh",
              "-c",
              "echo Hello from the postStart handler > /usr/share/message",
            ],
          },
        },
        preStop: {
          exec: {
            command: [
              "/bin/sh",
              "-c",
              "nginx -s quit; while killall -0 nginx; do sleep 1; done",
            ],
          },
        },
      },
    }],
  },
}
"#;

#[test]
fn docs_lifecycle_events() {
    let tl = run(LIFECYCLE, "1m");
    let post = tl.hooks.iter().find(|h| h.hook == "postStart").expect("postStart ran");
    assert!(post.ok);
    assert!(events(&tl, "FailedPostStartHook").is_empty());
    assert_eq!(tl.status.last().unwrap().status, "Running");
    // On delete the preStop quits nginx gracefully: exit 0, no SIGKILL, Succeeded.
    let yaml =
        format!("{LIFECYCLE}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  delete: {{at: 30s}}\n");
    let tl = run(&yaml, "2m");
    assert!(tl.signals.iter().all(|s| s.signal != "SIGKILL"), "{:?}", tl.signals);
    assert!(events(&tl, "FailedPreStopHook").is_empty());
    assert_eq!(tl.status.last().unwrap().phase, "Succeeded");
    assert!(tl.removed_ms.is_some());
}

/// pods/init-containers.yaml.
const INIT: &str = r#"---
{
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "init-demo",
  },
  spec: {
    containers: [{
      name: "nginx",
      image: "nginx",
      ports: [{
        containerPort: 80,
      }],
      volumeMounts: [{
        name: "workdir",
        mountPath: "/usr/share/nginx/html",
      }],
    }],
    # These containers are run during pod initialization
    initContainers: [{
      name: "install",
      image: "busybox:1.28",
      command: [
        "wget",
        "-O",
        "/work-dir/index.html",
        "http://info.cern.ch",
      ],
      volumeMounts: [{
        name: "workdir",
        mountPath: "/work-dir",
      }],
    }],
    dnsPolicy: "Default",
    volumes: [{
      name: "workdir",
      emptyDir: {},
    }],
  },
}
"#;

#[test]
fn docs_init_containers() {
    // "The output shows that nginx is serving the web page that was written by the init container."
    let tl = run(INIT, "1m");
    let statuses: Vec<&str> = tl.status.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(statuses, ["Pending", "Init:0/1", "PodInitializing", "Running"]);
    let st = tl.state_at(60_000);
    assert!(
        matches!(&st.init_containers[0].state, CKind::Terminated(t) if t.exit_code == 0 && t.reason == "Completed")
    );
    assert!(tl.not_simulated.iter().any(|n| n.contains("info.cern.ch")), "the outside world is said, not faked");
}

/// controllers/job.yaml (pi).
const JOB: &str = r#"apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(1000)"]
      restartPolicy: Never
  backoffLimit: 4
"#;

#[test]
fn docs_job_pi_completes() {
    let tl = run(JOB, "5m");
    let last = tl.status.last().unwrap();
    assert_eq!((last.phase.as_str(), last.status.as_str(), last.ready.as_str()), ("Succeeded", "Completed", "0/1"));
    assert!(tl.pod.starts_with("pi-"));
    assert_eq!(tl.removed_ms, None, "a completed Job pod stays");
}

/// application/job/job-sidecar.yaml.
const JOB_SIDECAR: &str = r#"apiVersion: batch/v1
kind: Job
metadata:
  name: myjob
spec:
  template:
    spec:
      containers:
        - name: myjob
          image: alpine:latest
          command: ['sh', '-c', 'echo "logging" > /opt/logs.txt']
          volumeMounts:
            - name: data
              mountPath: /opt
      initContainers:
        - name: logshipper
          image: alpine:latest
          # Setting restartPolicy: Always makes this a sidecar container.
          restartPolicy: Always
          command: ['sh', '-c', 'tail -F /opt/logs.txt']
          volumeMounts:
            - name: data
              mountPath: /opt
      restartPolicy: Never
      volumes:
        - name: data
          emptyDir: {}"#;

#[test]
fn docs_job_sidecar_completes() {
    // The sidecar does not keep the Job's pod alive: once myjob exits 0 the kubelet stops
    // logshipper and the pod Succeeds (the sidecar's 137 is ignored).
    let tl = run(JOB_SIDECAR, "2m");
    let kill = events(&tl, "Killing")[0];
    assert_eq!(kill.message, "Stopping container logshipper");
    let last = tl.status.last().unwrap();
    assert_eq!((last.phase.as_str(), last.status.as_str()), ("Succeeded", "Completed"));
    // tail -F as PID 1 ignores SIGTERM: SIGKILL after the pod's 30 s grace.
    assert!(tl.signals.iter().any(|s| s.container == "logshipper" && s.signal == "SIGKILL"));
}

/// application/deployment-sidecar.yaml.
const DEPLOYMENT_SIDECAR: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp
  labels:
    app.kubernetes.io/name: myapp
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: myapp
  template:
    metadata:
      labels:
        app.kubernetes.io/name: myapp
    spec:
      containers:
        - name: myapp
          image: alpine:latest
          command: ['sh', '-c', 'while true; do echo "logging" >> /opt/logs.txt; sleep 1; done']
          volumeMounts:
            - name: data
              mountPath: /opt
      initContainers:
        - name: logshipper
          image: alpine:latest
          # Setting restartPolicy: Always makes this a sidecar container.
          restartPolicy: Always
          command: ['sh', '-c', 'tail -F /opt/logs.txt']
          volumeMounts:
            - name: data
              mountPath: /opt
      volumes:
        - name: data
          emptyDir: {}
"#;

#[test]
fn docs_deployment_sidecar_runs() {
    let tl = run(DEPLOYMENT_SIDECAR, "2m");
    let last = tl.status.last().unwrap();
    assert_eq!((last.ready.as_str(), last.status.as_str(), last.phase.as_str()), ("2/2", "Running", "Running"));
    let order: Vec<&str> = events(&tl, "Started").iter().map(|e| e.object.as_str()).collect();
    assert_eq!(order, ["container/logshipper", "container/myapp"]);
}

/// pods/resource/memory-request-limit-2.yaml.
const MEMORY_2: &str = r#"---
{
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "memory-demo-2",
    namespace: "mem-example",
  },
  spec: {
    containers: [{
      name: "memory-demo-2-ctr",
      image: "polinux/stress",
      resources: {
        requests: {
          memory: "50Mi",
        },
        limits: {
          memory: "100Mi",
        },
      },
      command: [
        "stress",
      ],
      args: [
        "--vm",
        "1",
        "--vm-bytes",
        "250M",
        "--vm-hang",
        "1",
      ],
    }],
  },
}
"#;

#[test]
fn docs_memory_over_limit_is_oom_killed() {
    // "The output shows that the Container was killed because it is out of memory (OOM)":
    // lastState.terminated reason OOMKilled, exit 137; kubectl OOMKilled then CrashLoopBackOff.
    let tl = run(MEMORY_2, "2m");
    assert_eq!(tl.qos_class, "Burstable");
    let statuses: Vec<&str> = tl.status.iter().map(|s| s.status.as_str()).collect();
    assert!(statuses.contains(&"OOMKilled") && statuses.contains(&"CrashLoopBackOff"), "{statuses:?}");
    let st = tl.state_at(120_000);
    let last = st.containers[0].last_terminated.as_ref().expect("lastState");
    assert_eq!((last.exit_code, last.reason.as_str()), (137, "OOMKilled"));
    assert!(tl.status.iter().all(|s| s.phase != "Failed"), "an OOM kill is not an eviction");
    assert!(tl.transitions.iter().any(|t| t.field.ends_with("resources.limits.memory")));
}

#[test]
fn docs_qos_pods() {
    let pods = [
        (
            "qos-demo",
            r#"{"limits": {"memory": "200Mi", "cpu": "700m"}, "requests": {"memory": "200Mi", "cpu": "700m"}}"#,
            "Guaranteed",
        ),
        ("qos-demo-2", r#"{"limits": {"memory": "200Mi"}, "requests": {"memory": "100Mi"}}"#, "Burstable"),
        ("qos-demo-3", "{}", "BestEffort"),
    ];
    for (name, res, qos) in pods {
        let yaml = format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: qos-example}}\nspec:\n  containers:\n  - name: {name}-ctr\n    image: nginx\n    resources: {res}\n"
        );
        let tl = run(&yaml, "1m");
        assert_eq!(tl.qos_class, qos, "{name}");
        assert_eq!(tl.status.last().unwrap().status, "Running", "{name}");
    }
    // qos-pod-4.yaml: two containers, one with a memory request → Burstable; both run.
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: qos-demo-4, namespace: qos-example}\nspec:\n  containers:\n  - name: qos-demo-4-ctr-1\n    image: nginx\n    resources:\n      requests:\n        memory: \"200Mi\"\n  - name: qos-demo-4-ctr-2\n    image: redis\n";
    let tl = run(yaml, "1m");
    assert_eq!(tl.qos_class, "Burstable");
    assert_eq!(tl.status.last().unwrap().ready, "2/2");
}
