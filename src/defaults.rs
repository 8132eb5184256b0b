//! API-server defaulting of a Pod (Kubernetes 1.34), and of a workload's pod template.
//!
//! What a Pod looks like once `kubectl create` has gone through the API server, before
//! validation runs:
//! * the v1 defaulters: `pkg/apis/core/v1/defaults.go` (`SetDefaults_Pod`, `SetDefaults_PodSpec`,
//!   `SetDefaults_Container`, `SetDefaults_Probe`, `SetDefaults_HTTPGetAction`,
//!   `SetDefaults_Volume`, `SetDefaults_*VolumeSource`, `SetDefaults_ObjectFieldSelector`,
//!   `SetDefaults_ResourceList`) in the order `zz_generated.defaults.go`
//!   (`SetObjectDefaults_Pod`) calls them, plus the `+default=` markers of `types.go`
//!   (container port `protocol: TCP`, grpc `service: ""`);
//! * the mutating admission plugins that run before validation: `ServiceAccount`
//!   (`serviceAccountName: default` and the projected `kube-api-access-*` token volume),
//!   `Priority` (`priority: 0`, `preemptionPolicy: PreemptLowerPriority` when no class is
//!   named) and `DefaultTolerationSeconds` (300 s `not-ready`/`unreachable` NoExecute
//!   tolerations).
//!
//! [`default_pod_spec`] applies only what a workload's template gets (no Pod-only defaults,
//! no admission).

use crate::model::core::{
    ConfigMapProjection, Container, DownwardAPIProjection, DownwardAPIVolumeFile, KeyToPath, ObjectFieldSelector, Pod,
    PodSecurityContext, PodSpec, Probe, ProjectedVolumeSource, ServiceAccountTokenProjection, Toleration, Volume,
    VolumeMount, VolumeProjection,
};
use crate::model::core::{EmptyDirVolumeSource, HTTPGetAction};
use crate::model::Quantity as K8sQuantity;
use crate::vecmap::VecMap;

/// One field the API server filled in: its path (kubectl style, e.g.
/// `spec.containers[0].livenessProbe.timeoutSeconds`) and the value as YAML-ish text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defaulted {
    pub path: String,
    pub value: String,
}

/// Collects [`Defaulted`] records. Paths are built lazily ([`Path`]) and rendered only
/// for the fields that are actually defaulted.
struct Out(Vec<Defaulted>);

impl Out {
    fn push(&mut self, path: &Path<'_>, value: impl Into<String>) {
        self.0.push(Defaulted { path: path.render(), value: value.into() });
    }
}

/// Sets `slot` to `value` when it is `None` or empty, recording it.
fn set_str(slot: &mut Option<String>, value: &str, path: &Path<'_>, out: &mut Out) {
    if slot.as_deref().unwrap_or("").is_empty() {
        *slot = Some(value.to_string());
        out.push(path, value);
    }
}

/// Sets a numeric field that upstream defaults when it is 0 (Go zero value); `text` is
/// `value` as recorded.
fn set_zero_i32(slot: &mut Option<i32>, value: i32, text: &str, path: &Path<'_>, out: &mut Out) {
    if slot.unwrap_or(0) == 0 {
        *slot = Some(value);
        out.push(path, text);
    }
}

/// Apply defaults to a Pod (metadata, spec, Pod-only defaults such as requests copied from
/// limits, DefaultTolerationSeconds). Returns every defaulted field, in the order the API
/// server applies them: `SetDefaults_Pod`/`SetDefaults_PodSpec` spec scalars, volumes,
/// init containers, containers, overhead, then the admission plugins (ServiceAccount,
/// Priority, DefaultTolerationSeconds).
pub fn default_pod(pod: &mut Pod) -> Vec<Defaulted> {
    let mut out = Out(Vec::new());
    let pod_name = pod.metadata.name.as_deref().or(pod.metadata.generate_name.as_deref()).unwrap_or("");
    let spec = pod.spec.get_or_insert_with(Default::default);
    let root = Path::root("spec");

    spec_defaults(spec, &root, true, &mut out);

    // Admission: ServiceAccount (plugin/pkg/admission/serviceaccount).
    service_account(spec, pod_name, &mut out);
    // Admission: Priority (plugin/pkg/admission/priority, getDefaultPriority with no
    // global default PriorityClass) — only when no class is named.
    let class = spec.priority_class_name.as_deref().unwrap_or("");
    let priority = if class.is_empty() { Some(0) } else { builtin_priority(class) };
    if let Some(v) = priority {
        if spec.priority.is_none() {
            spec.priority = Some(v);
            out.push(&root.field("priority"), v.to_string());
        }
        if spec.preemption_policy.is_none() {
            spec.preemption_policy = Some("PreemptLowerPriority".into());
            out.push(&root.field("preemptionPolicy"), "PreemptLowerPriority");
        }
    }
    // Admission: DefaultTolerationSeconds.
    default_toleration_seconds(spec, &mut out);
    out.0
}

/// The two built-in PriorityClasses every cluster has.
fn builtin_priority(class: &str) -> Option<i32> {
    match class {
        "system-cluster-critical" => Some(2_000_000_000),
        "system-node-critical" => Some(2_000_001_000),
        _ => None,
    }
}

/// Defaults applied to a workload's pod template spec (what the API server stores for a
/// Deployment etc.: `SetDefaults_PodSpec`/`Container`/`Probe`/... but not Pod-only ones).
/// `path` is the template spec path, e.g. `"spec.template.spec"`.
pub fn default_pod_spec(spec: &mut PodSpec, path: &str) -> Vec<Defaulted> {
    let mut out = Out(Vec::new());
    spec_defaults(spec, &Path::root(path), false, &mut out);
    out.0
}

/// The spec defaulters shared by a Pod (`is_pod`) and a workload's template, in the API
/// server's order: spec scalars (and, for a Pod, `enableServiceLinks`), volumes, init
/// containers, containers (for a Pod: requests from limits, hostNetwork host ports), a Pod's
/// ephemeral containers, overhead. One body for both, so the page carries it once.
fn spec_defaults(spec: &mut PodSpec, root: &Path<'_>, is_pod: bool, out: &mut Out) {
    // SetDefaults_Pod: enableServiceLinks (requests-from-limits and hostNetwork ports are
    // recorded per container below, in spec order).
    pod_spec_scalars(spec, root, out);
    if is_pod && spec.enable_service_links.is_none() {
        spec.enable_service_links = Some(true);
        out.push(&root.field("enableServiceLinks"), "true");
    }
    let host_network = is_pod && spec.host_network.unwrap_or(false);
    volumes(spec, root, out);
    if let Some(ics) = spec.init_containers.as_mut() {
        let list = root.field("initContainers");
        for (i, c) in ics.iter_mut().enumerate() {
            container(c, &list.index(i), is_pod, host_network, out);
        }
    }
    let list = root.field("containers");
    for (i, c) in spec.containers.iter_mut().enumerate() {
        container(c, &list.index(i), is_pod, host_network, out);
    }
    if let Some(ecs) = spec.ephemeral_containers.as_mut().filter(|_| is_pod) {
        let list = root.field("ephemeralContainers");
        for (i, e) in ecs.iter_mut().enumerate() {
            let p = list.index(i);
            let policy = pull_policy_for(e.image.as_deref().unwrap_or(""));
            set_str(&mut e.image_pull_policy, policy, &p.field("imagePullPolicy"), out);
            set_str(&mut e.termination_message_path, "/dev/termination-log", &p.field("terminationMessagePath"), out);
            set_str(&mut e.termination_message_policy, "File", &p.field("terminationMessagePolicy"), out);
        }
    }
    if let Some(oh) = spec.overhead.as_mut() {
        resource_list(oh, &root.field("overhead"), out);
    }
}

/// `SetDefaults_PodSpec`.
fn pod_spec_scalars(spec: &mut PodSpec, path: &Path<'_>, out: &mut Out) {
    set_str(&mut spec.dns_policy, "ClusterFirst", &path.field("dnsPolicy"), out);
    set_str(&mut spec.restart_policy, "Always", &path.field("restartPolicy"), out);
    if spec.security_context.is_none() {
        spec.security_context = Some(PodSecurityContext::default());
        out.push(&path.field("securityContext"), "{}");
    }
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
        out.push(&path.field("terminationGracePeriodSeconds"), "30");
    }
    set_str(&mut spec.scheduler_name, "default-scheduler", &path.field("schedulerName"), out);
}

/// `SetDefaults_Volume` and the per-source volume defaulters.
fn volumes(spec: &mut PodSpec, path: &Path<'_>, out: &mut Out) {
    let Some(vols) = spec.volumes.as_mut() else {
        return;
    };
    let list = path.field("volumes");
    for (i, v) in vols.iter_mut().enumerate() {
        let p = list.index(i);
        if volume_has_no_source(v) {
            v.empty_dir = Some(EmptyDirVolumeSource::default());
            out.push(&p.field("emptyDir"), "{}");
        }
        if let Some(h) = v.host_path.as_mut() {
            if h.type_.is_none() {
                h.type_ = Some(String::new());
                out.push(&p.field("hostPath.type"), "\"\"");
            }
        }
        if let Some(s) = v.secret.as_mut() {
            default_mode(&mut s.default_mode, &p.field("secret.defaultMode"), out);
        }
        if let Some(d) = v.downward_api.as_mut() {
            default_mode(&mut d.default_mode, &p.field("downwardAPI.defaultMode"), out);
            let items = p.field("downwardAPI.items");
            for (j, it) in d.items.iter_mut().flatten().enumerate() {
                if let Some(f) = it.field_ref.as_mut() {
                    field_ref(f, &items.index(j).field("fieldRef.apiVersion"), out);
                }
            }
        }
        if let Some(c) = v.config_map.as_mut() {
            default_mode(&mut c.default_mode, &p.field("configMap.defaultMode"), out);
        }
        if let Some(pr) = v.projected.as_mut() {
            default_mode(&mut pr.default_mode, &p.field("projected.defaultMode"), out);
            let sources = p.field("projected.sources");
            for (j, src) in pr.sources.iter_mut().flatten().enumerate() {
                let sp = sources.index(j);
                if let Some(d) = src.downward_api.as_mut() {
                    let items = sp.field("downwardAPI.items");
                    for (k, it) in d.items.iter_mut().flatten().enumerate() {
                        if let Some(f) = it.field_ref.as_mut() {
                            field_ref(f, &items.index(k).field("fieldRef.apiVersion"), out);
                        }
                    }
                }
                if let Some(t) = src.service_account_token.as_mut() {
                    if t.expiration_seconds.is_none() {
                        t.expiration_seconds = Some(3600);
                        out.push(&sp.field("serviceAccountToken.expirationSeconds"), "3600");
                    }
                }
            }
        }
    }
}

/// `ptr.AllPtrFieldsNil(&obj.VolumeSource)`.
fn volume_has_no_source(v: &Volume) -> bool {
    v.aws_elastic_block_store.is_none()
        && v.azure_disk.is_none()
        && v.azure_file.is_none()
        && v.cephfs.is_none()
        && v.cinder.is_none()
        && v.config_map.is_none()
        && v.csi.is_none()
        && v.downward_api.is_none()
        && v.empty_dir.is_none()
        && v.ephemeral.is_none()
        && v.fc.is_none()
        && v.flex_volume.is_none()
        && v.flocker.is_none()
        && v.gce_persistent_disk.is_none()
        && v.git_repo.is_none()
        && v.glusterfs.is_none()
        && v.host_path.is_none()
        && v.image.is_none()
        && v.iscsi.is_none()
        && v.nfs.is_none()
        && v.persistent_volume_claim.is_none()
        && v.photon_persistent_disk.is_none()
        && v.portworx_volume.is_none()
        && v.projected.is_none()
        && v.quobyte.is_none()
        && v.rbd.is_none()
        && v.scale_io.is_none()
        && v.secret.is_none()
        && v.storageos.is_none()
        && v.vsphere_volume.is_none()
}

/// Secret/ConfigMap/DownwardAPI/Projected `defaultMode` = 0644 (420).
fn default_mode(slot: &mut Option<i32>, path: &Path<'_>, out: &mut Out) {
    if slot.is_none() {
        *slot = Some(420);
        out.push(path, "420");
    }
}

/// `SetDefaults_ObjectFieldSelector`.
fn field_ref(f: &mut ObjectFieldSelector, path: &Path<'_>, out: &mut Out) {
    set_str(&mut f.api_version, "v1", path, out);
}

/// The imagePullPolicy `SetDefaults_Container` picks: `Always` when the parsed tag is
/// `latest` (including "no tag and no digest"), `IfNotPresent` otherwise, including
/// images that do not parse (upstream ignores the parse error: the tag is then empty).
pub fn pull_policy_for(image: &str) -> &'static str {
    match parse_tag(image) {
        Some("latest") => "Always",
        _ => "IfNotPresent",
    }
}

/// `parsers.ParseImageName` reduced to the tag: `None` when the reference does not parse,
/// `Some("latest")` when it has neither tag nor digest. Follows
/// `github.com/distribution/reference` (`ParseNormalizedNamed`): lowercase repository,
/// optional `host[:port]/` domain, `:tag` = `[\w][\w.-]{0,127}`, `@algo:hex` digest.
pub fn image_tag(image: &str) -> Option<String> {
    parse_tag(image).map(str::to_string)
}

/// [`image_tag`] without allocating: the tag borrowed from `image` (or a constant).
fn parse_tag(image: &str) -> Option<&str> {
    if image.is_empty() || image.len() > 4096 {
        return None;
    }
    // A bare 64-hex identifier is refused by ParseNormalizedNamed.
    if image.len() == 64 && image.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let (name_tag, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        if !valid_digest(d) {
            return None;
        }
    }
    // Tag: after the last ':' that follows the last '/'.
    let last_slash = name_tag.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (name, tag) = match name_tag[last_slash..].rfind(':') {
        Some(i) => (&name_tag[..last_slash + i], Some(&name_tag[last_slash + i + 1..])),
        None => (name_tag, None),
    };
    if let Some(t) = tag {
        if !valid_tag(t) {
            return None;
        }
    }
    if !valid_name(name) {
        return None;
    }
    match (tag, digest) {
        (Some(t), _) => Some(t),
        (None, Some(_)) => Some(""),
        (None, None) => Some("latest"),
    }
}

fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

fn valid_digest(d: &str) -> bool {
    let Some((algo, hex)) = d.split_once(':') else {
        return false;
    };
    let want = match algo {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == want && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn valid_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 255 {
        return false;
    }
    // With more than one component, a first component that looks like a domain is one.
    let (first, rest) = match name.split_once('/') {
        Some((f, r)) => (f, Some(r)),
        None => (name, None),
    };
    let first_is_domain = rest.is_some()
        && (first == "localhost" || first.bytes().any(|b| b == b'.' || b == b':' || b.is_ascii_uppercase()));
    if first_is_domain && !valid_domain(first) {
        return false;
    }
    (first_is_domain || valid_path_component(first)) && rest.is_none_or(|r| r.split('/').all(valid_path_component))
}

fn valid_domain(d: &str) -> bool {
    let (host, port) = if d.starts_with('[') {
        match d.find(']') {
            Some(i) => {
                let inner = &d[1..i];
                if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
                    return false;
                }
                let rest = &d[i + 1..];
                return rest.is_empty()
                    || (rest.starts_with(':') && rest.len() > 1 && rest[1..].bytes().all(|b| b.is_ascii_digit()));
            }
            None => return false,
        }
    } else {
        match d.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (d, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    !host.is_empty()
        && host.split('.').all(|l| {
            let b = l.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        })
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn valid_path_component(p: &str) -> bool {
    let b = p.as_bytes();
    if b.is_empty() || !is_lower_alnum(b[0]) || !is_lower_alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if is_lower_alnum(b[i]) {
            i += 1;
            continue;
        }
        // separator run
        let start = i;
        while i < b.len() && !is_lower_alnum(b[i]) {
            i += 1;
        }
        let sep = &p[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|c| c == b'-');
        if !ok {
            return false;
        }
    }
    true
}

fn is_lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `SetDefaults_Container` + ports/env/resources/probes/lifecycle defaulters, and for a Pod
/// the `SetDefaults_Pod` requests-from-limits copy and hostNetwork hostPort default.
fn container(c: &mut Container, p: &Path<'_>, is_pod: bool, host_network: bool, out: &mut Out) {
    let policy = pull_policy_for(c.image.as_deref().unwrap_or(""));
    set_str(&mut c.image_pull_policy, policy, &p.field("imagePullPolicy"), out);
    set_str(&mut c.termination_message_path, "/dev/termination-log", &p.field("terminationMessagePath"), out);
    set_str(&mut c.termination_message_policy, "File", &p.field("terminationMessagePolicy"), out);
    let ports = p.field("ports");
    for (j, port) in c.ports.iter_mut().flatten().enumerate() {
        let pp = ports.index(j);
        set_str(&mut port.protocol, "TCP", &pp.field("protocol"), out);
        if is_pod && host_network && port.host_port.unwrap_or(0) == 0 {
            port.host_port = Some(port.container_port);
            out.push(&pp.field("hostPort"), port.container_port.to_string());
        }
    }
    let env = p.field("env");
    for (j, e) in c.env.iter_mut().flatten().enumerate() {
        if let Some(f) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
            field_ref(f, &env.index(j).field("valueFrom.fieldRef.apiVersion"), out);
        }
    }
    if let Some(r) = c.resources.as_mut() {
        let rp = p.field("resources");
        if is_pod {
            if let Some(lim) = r.limits.as_ref() {
                let req = r.requests.get_or_insert_with(VecMap::new);
                let reqp = rp.field("requests");
                for (k, v) in lim {
                    if !req.contains_key(k) {
                        req.insert(k.clone(), v.clone());
                        out.push(&reqp.field(k), v.0.as_str());
                    }
                }
            }
        }
        if let Some(l) = r.limits.as_mut() {
            resource_list(l, &rp.field("limits"), out);
        }
        if let Some(q) = r.requests.as_mut() {
            resource_list(q, &rp.field("requests"), out);
        }
    }
    if let Some(pr) = c.liveness_probe.as_mut() {
        probe(pr, &p.field("livenessProbe"), out);
    }
    if let Some(pr) = c.readiness_probe.as_mut() {
        probe(pr, &p.field("readinessProbe"), out);
    }
    if let Some(pr) = c.startup_probe.as_mut() {
        probe(pr, &p.field("startupProbe"), out);
    }
    if let Some(l) = c.lifecycle.as_mut() {
        if let Some(h) = l.post_start.as_mut().and_then(|h| h.http_get.as_mut()) {
            http_get(h, &p.field("lifecycle.postStart.httpGet"), out);
        }
        if let Some(h) = l.pre_stop.as_mut().and_then(|h| h.http_get.as_mut()) {
            http_get(h, &p.field("lifecycle.preStop.httpGet"), out);
        }
    }
}

/// `SetDefaults_Probe` (+ `SetDefaults_HTTPGetAction`, grpc `service` marker default).
fn probe(pr: &mut Probe, p: &Path<'_>, out: &mut Out) {
    set_zero_i32(&mut pr.timeout_seconds, 1, "1", &p.field("timeoutSeconds"), out);
    set_zero_i32(&mut pr.period_seconds, 10, "10", &p.field("periodSeconds"), out);
    set_zero_i32(&mut pr.success_threshold, 1, "1", &p.field("successThreshold"), out);
    set_zero_i32(&mut pr.failure_threshold, 3, "3", &p.field("failureThreshold"), out);
    if let Some(h) = pr.http_get.as_mut() {
        http_get(h, &p.field("httpGet"), out);
    }
    if let Some(g) = pr.grpc.as_mut() {
        if g.service.is_none() {
            g.service = Some(String::new());
            out.push(&p.field("grpc.service"), "\"\"");
        }
    }
}

/// `SetDefaults_HTTPGetAction`.
fn http_get(h: &mut HTTPGetAction, p: &Path<'_>, out: &mut Out) {
    set_str(&mut h.path, "/", &p.field("path"), out);
    set_str(&mut h.scheme, "HTTP", &p.field("scheme"), out);
}

/// `SetDefaults_ResourceList`: every quantity rounded up to milli precision; the stored
/// text is the canonical form. Records the entries whose text changed. The canonical text
/// is compared in place and only allocated when it differs.
fn resource_list(list: &mut VecMap<String, K8sQuantity>, p: &Path<'_>, out: &mut Out) {
    for (k, v) in list.iter_mut() {
        if qty::unchanged_by_round_up(&v.0) {
            continue;
        }
        if let Some(q) = qty::parse(&v.0) {
            let rounded = q.round_up_milli();
            if !rounded.renders_as(&v.0) {
                let new = rounded.text();
                v.0.clone_from(&new);
                out.push(&p.field(k), new);
            }
        }
    }
}

/// ServiceAccount admission (`plugin/pkg/admission/serviceaccount/admission.go`):
/// `serviceAccountName` defaults to `default` (the v1 `serviceAccount` field mirrors it),
/// and, unless `automountServiceAccountToken: false`, a projected `kube-api-access-<5>`
/// volume is added and mounted read-only at `/var/run/secrets/kubernetes.io/serviceaccount`
/// in every init and regular container that does not already mount that path. The suffix is
/// random upstream; here it is derived from the pod name so runs are reproducible.
fn service_account(spec: &mut PodSpec, pod_name: &str, out: &mut Out) {
    const MOUNT: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
    let root = Path::root("spec");
    if spec.service_account_name.as_deref().unwrap_or("").is_empty() {
        let sa = spec.service_account.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "default".into());
        out.push(&root.field("serviceAccountName"), sa.as_str());
        spec.service_account_name = Some(sa);
    }
    if spec.service_account.as_deref().unwrap_or("").is_empty() {
        let sa = spec.service_account_name.clone().unwrap_or_default();
        out.push(&root.field("serviceAccount"), sa.as_str());
        spec.service_account = Some(sa);
    }
    if spec.automount_service_account_token == Some(false) {
        return;
    }
    let mounts_path = |c: &Container| c.volume_mounts.iter().flatten().any(|m| m.mount_path == MOUNT);
    let any_needs = spec.containers.iter().chain(spec.init_containers.iter().flatten()).any(|c| !mounts_path(c));
    if !any_needs {
        return;
    }
    let name = format!("kube-api-access-{}", suffix(pod_name));
    let vols = spec.volumes.get_or_insert_with(Vec::new);
    let idx = vols.len();
    vols.push(Volume { name: name.clone(), projected: Some(token_projection()), ..Default::default() });
    out.push(
        &root.field("volumes").index(idx),
        format!("{{name: {name}, projected: <service account token, kube-root-ca.crt, namespace>}}"),
    );
    let record = format!("{{name: {name}, mountPath: {MOUNT}, readOnly: true}}");
    let mount = VolumeMount { name, mount_path: MOUNT.into(), read_only: Some(true), ..Default::default() };
    let mut add = |c: &mut Container, p: &Path<'_>| {
        if !mounts_path(c) {
            let ms = c.volume_mounts.get_or_insert_with(Vec::new);
            let j = ms.len();
            ms.push(mount.clone());
            out.push(&p.field("volumeMounts").index(j), record.as_str());
        }
    };
    let list = root.field("initContainers");
    for (i, c) in spec.init_containers.iter_mut().flatten().enumerate() {
        add(c, &list.index(i));
    }
    let list = root.field("containers");
    for (i, c) in spec.containers.iter_mut().enumerate() {
        add(c, &list.index(i));
    }
}

/// The projected volume the ServiceAccount admission adds (token 3607 s, CA bundle,
/// namespace), already defaulted.
fn token_projection() -> ProjectedVolumeSource {
    ProjectedVolumeSource {
        default_mode: Some(420),
        sources: Some(vec![
            VolumeProjection {
                service_account_token: Some(ServiceAccountTokenProjection {
                    expiration_seconds: Some(3607),
                    path: "token".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            VolumeProjection {
                config_map: Some(ConfigMapProjection {
                    name: "kube-root-ca.crt".into(),
                    items: Some(vec![KeyToPath { key: "ca.crt".into(), path: "ca.crt".into(), mode: None }]),
                    optional: None,
                }),
                ..Default::default()
            },
            VolumeProjection {
                downward_api: Some(DownwardAPIProjection {
                    items: Some(vec![DownwardAPIVolumeFile {
                        field_ref: Some(ObjectFieldSelector {
                            api_version: Some("v1".into()),
                            field_path: "metadata.namespace".into(),
                        }),
                        path: "namespace".into(),
                        ..Default::default()
                    }]),
                }),
                ..Default::default()
            },
        ]),
    }
}

/// Five characters from upstream's `utilrand` alphabet, derived (FNV-1a) from `seed`.
fn suffix(seed: &str) -> String {
    const ALPHA: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (0..5)
        .map(|i| {
            let idx = ((h >> (i * 8)) % ALPHA.len() as u64) as usize;
            ALPHA[idx] as char
        })
        .collect()
}

/// DefaultTolerationSeconds admission: adds `node.kubernetes.io/not-ready` and
/// `node.kubernetes.io/unreachable` `NoExecute` tolerations for 300 s unless a toleration
/// with that key (or an empty key) and effect `NoExecute` (or empty) already exists.
fn default_toleration_seconds(spec: &mut PodSpec, out: &mut Out) {
    let tols = spec.tolerations.get_or_insert_with(Vec::new);
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        let tolerated = tols.iter().any(|t| {
            let k = t.key.as_deref().unwrap_or("");
            let e = t.effect.as_deref().unwrap_or("");
            (k == key || k.is_empty()) && (e == "NoExecute" || e.is_empty())
        });
        if !tolerated {
            let i = tols.len();
            tols.push(Toleration {
                key: Some(key.into()),
                operator: Some("Exists".into()),
                effect: Some("NoExecute".into()),
                toleration_seconds: Some(300),
                value: None,
            });
            out.push(
                &Path::root("spec").field("tolerations").index(i),
                format!("{{key: {key}, operator: Exists, effect: NoExecute, tolerationSeconds: 300}}"),
            );
        }
    }
    if tols.is_empty() {
        spec.tolerations = None;
    }
}

/// The quantity operations defaulting and validation need, behind one narrow interface
/// over `crate::quantity`.
pub(crate) mod qty {
    use crate::quantity::{self, Format, Quantity};
    use std::cmp::Ordering;
    use std::fmt::{self, Write};

    /// A parsed quantity.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Q(Quantity);

    /// `resource.ParseQuantity`; `None` when the text does not parse. The common
    /// `<integer><suffix>` form is read directly ([`simple`]).
    pub fn parse(s: &str) -> Option<Q> {
        if let Some((n, unit)) = simple(s) {
            let q = match unit {
                Unit::Milli => Some(Quantity::from_millis(n, Format::DecimalSI)),
                Unit::Decimal(e) => n.checked_mul(10i64.pow(e)).map(|u| Quantity::from_units(u, Format::DecimalSI)),
                Unit::Binary(e) => n.checked_mul(1i64 << e).map(|u| Quantity::from_units(u, Format::BinarySI)),
            };
            if let Some(q) = q {
                return Some(Q(q));
            }
        }
        quantity::parse(s.trim()).ok().map(Q)
    }

    /// The unit of a [`simple`] quantity.
    #[derive(Clone, Copy)]
    enum Unit {
        /// `m`.
        Milli,
        /// No suffix, `k` … `E`: a power of ten (0, 3, … 18).
        Decimal(u32),
        /// `Ki` … `Ei`: a power of two (10, 20, … 60).
        Binary(u32),
    }

    /// A quantity written as a positive integer without sign or leading zero (at most 15
    /// digits) followed by nothing or one of `m k M G T P E Ki Mi Gi Ti Pi Ei`.
    fn simple(s: &str) -> Option<(i64, Unit)> {
        let b = s.as_bytes();
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 15 || b[0] == b'0' {
            return None;
        }
        let (_, base, exp) = *quantity::SUFFIXES.iter().find(|(x, _, _)| *x == &s[digits..])?;
        let unit = match (base, exp) {
            (10, -3) => Unit::Milli,
            (10, e) if e >= 0 => Unit::Decimal(e as u32),
            (2, e) => Unit::Binary(e as u32),
            _ => return None,
        };
        let n = s[..digits].parse().ok()?;
        Some((n, unit))
    }

    /// Whether `SetDefaults_ResourceList` certainly leaves `s` as it is (a [`simple`]
    /// quantity already at milli precision and in canonical form: a decimal mantissa with
    /// fewer than three trailing zeros, a binary one not a multiple of 1024, and a value
    /// within `i64` units). `false` means "not known": use [`Q::round_up_milli`].
    pub fn unchanged_by_round_up(s: &str) -> bool {
        match simple(s) {
            Some((n, Unit::Milli)) => n % 1000 != 0,
            Some((n, Unit::Decimal(e))) => n % 1000 != 0 && n.checked_mul(10i64.pow(e)).is_some(),
            Some((n, Unit::Binary(e))) => n % 1024 != 0 && n.checked_mul(1i64 << e).is_some(),
            None => false,
        }
    }

    impl Q {
        pub fn is_negative(self) -> bool {
            self.0.sign() < 0
        }
        /// `value.MilliValue() % 1000 != 0` (warnings.go, "must be an integer").
        pub fn is_fractional(self) -> bool {
            self.0.milli_value_ceil() % 1000 != 0
        }
        /// `Quantity.Cmp`.
        pub fn cmp_q(self, o: Q) -> Ordering {
            self.0.cmp(&o.0)
        }
    }

    impl Q {
        /// `RoundUp(-3)`, as `SetDefaults_ResourceList` applies it.
        pub fn round_up_milli(self) -> Q {
            Q(self.0.round_up_milli())
        }

        /// The canonical text (`Quantity.String()`).
        pub fn text(self) -> String {
            self.0.to_string()
        }

        /// Whether the canonical text of this quantity is exactly `text`, without
        /// allocating it.
        pub fn renders_as(self, text: &str) -> bool {
            let mut cmp = Match { rest: text, ok: true };
            let _ = write!(cmp, "{}", self.0);
            cmp.ok && cmp.rest.is_empty()
        }
    }

    /// A `fmt::Write` sink that checks the written text against a string.
    struct Match<'a> {
        rest: &'a str,
        ok: bool,
    }

    impl Write for Match<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            match self.rest.strip_prefix(s) {
                Some(r) if self.ok => self.rest = r,
                _ => self.ok = false,
            }
            Ok(())
        }
    }

    /// `SetDefaults_ResourceList`: the canonical text the API server stores after
    /// `RoundUp(-3)`, or `None` when the text does not parse.
    #[cfg(test)]
    pub fn round_up_milli_text(s: &str) -> Option<String> {
        parse(s).map(|q| q.0.round_up_milli().to_string())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The `<integer><suffix>` shortcut agrees with the general parser, and
        /// `unchanged_by_round_up` only claims what rounding and canonical printing confirm.
        #[test]
        fn simple_form_matches_general_parser() {
            let suffixes = ["", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "e3"];
            let mut ns: Vec<u64> = (1..=3000).collect();
            ns.extend([4096, 9999, 10_000, 123_456_789, 999_999_999_999_999, 1_000_000_000_000_000, 9_223_372_036]);
            let mut claimed = 0;
            for n in ns {
                for suf in suffixes {
                    for text in [format!("{n}{suf}"), format!("0{n}{suf}"), format!("{n}.0{suf}"), format!(" {n}{suf}")]
                    {
                        let general = quantity::parse(text.trim()).ok();
                        let fast = parse(&text).map(|q| q.0);
                        assert_eq!(fast.map(|q| q.nanos()), general.map(|q| q.nanos()), "{text}");
                        assert_eq!(fast.map(|q| q.to_string()), general.map(|q| q.to_string()), "{text}");
                        if unchanged_by_round_up(&text) {
                            claimed += 1;
                            let q = general.expect("parses");
                            assert_eq!(q.round_up_milli().to_string(), text, "{text}");
                            assert!(Q(q).round_up_milli().renders_as(&text), "{text}");
                        }
                    }
                }
            }
            assert!(claimed > 30_000, "{claimed}");
            assert!(Q(quantity::parse("1500m").unwrap()).renders_as("1500m"));
            assert!(!Q(quantity::parse("1500m").unwrap()).renders_as("1500"));
            assert!(!Q(quantity::parse("1500m").unwrap()).renders_as("1500mm"));
            assert!(!Q(quantity::parse("1").unwrap()).renders_as(""));
        }
    }
}

/// A field path built lazily: each frame borrows its parent and adds one segment, so
/// visiting a field costs nothing until an error, warning or defaulted-field record needs
/// the text ([`Path::render`]).
#[derive(Clone, Copy)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    /// Printed as is (e.g. `spec` or `spec.template.spec`).
    Root(&'a str),
    /// `.name` (a name may itself contain dots, e.g. `lifecycle.preStop`).
    Field(&'a str),
    /// `[i]`.
    Index(usize),
    /// `[key]` (e.g. `resources.limits[memory]` in warnings).
    Key(&'a str),
}

impl<'a> Path<'a> {
    /// A path whose text starts with `root` verbatim.
    pub(crate) fn root(root: &'a str) -> Path<'a> {
        Path { parent: None, seg: Seg::Root(root) }
    }

    /// `self.name`.
    pub(crate) fn field(&'a self, name: &'a str) -> Path<'a> {
        Path { parent: Some(self), seg: Seg::Field(name) }
    }

    /// `self[i]`.
    pub(crate) fn index(&'a self, i: usize) -> Path<'a> {
        Path { parent: Some(self), seg: Seg::Index(i) }
    }

    /// `self[key]`.
    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), seg: Seg::Key(key) }
    }

    /// The path text, e.g. `spec.containers[0].livenessProbe`.
    pub(crate) fn render(&self) -> String {
        // Frames root-last, without recursion for the usual depths.
        let mut frames: [&Path<'_>; 16] = [self; 16];
        let mut n = 0;
        let mut cur = Some(self);
        while let Some(p) = cur {
            if n == frames.len() {
                let mut s = String::new();
                self.write_to(&mut s);
                return s;
            }
            frames[n] = p;
            n += 1;
            cur = p.parent;
        }
        let frames = &frames[..n];
        let mut s = String::with_capacity(frames.iter().map(|p| p.seg_len()).sum());
        for p in frames.iter().rev() {
            p.write_seg(&mut s);
        }
        s
    }

    /// The length of this frame's own text.
    fn seg_len(&self) -> usize {
        match self.seg {
            Seg::Root(r) => r.len(),
            Seg::Field(f) => 1 + f.len(),
            Seg::Index(i) => 2 + decimal_len(i),
            Seg::Key(k) => 2 + k.len(),
        }
    }

    /// Writes the whole path (deep paths only; [`Path::render`] handles the rest).
    fn write_to(&self, s: &mut String) {
        if let Some(p) = self.parent {
            p.write_to(s);
        }
        self.write_seg(s);
    }

    fn write_seg(&self, s: &mut String) {
        match self.seg {
            Seg::Root(r) => s.push_str(r),
            Seg::Field(f) => {
                s.push('.');
                s.push_str(f);
            }
            Seg::Index(i) => {
                s.push('[');
                push_usize(s, i);
                s.push(']');
            }
            Seg::Key(k) => {
                s.push('[');
                s.push_str(k);
                s.push(']');
            }
        }
    }
}

impl From<&Path<'_>> for String {
    fn from(p: &Path<'_>) -> String {
        p.render()
    }
}

/// The number of decimal digits of `n`.
fn decimal_len(mut n: usize) -> usize {
    let mut len = 1;
    while n >= 10 {
        n /= 10;
        len += 1;
    }
    len
}

/// Appends the decimal digits of `n`.
fn push_usize(s: &mut String, n: usize) {
    if n < 10 {
        s.push(char::from(b'0' + n as u8));
        return;
    }
    crate::float::push_dec(s, n as u128);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::core::{ContainerPort, EnvVar, EnvVarSource, GRPCAction, ResourceRequirements};
    use crate::model::IntOrString;

    fn ctr(name: &str, image: &str) -> Container {
        Container { name: name.into(), image: Some(image.into()), ..Default::default() }
    }

    fn pod_with(c: Vec<Container>) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = Some("demo".into());
        p.spec = Some(PodSpec { containers: c, ..Default::default() });
        p
    }

    fn find<'a>(d: &'a [Defaulted], path: &str) -> Option<&'a str> {
        d.iter().find(|x| x.path == path).map(|x| x.value.as_str())
    }

    /// Image pull policy table (SetDefaults_Container + ParseImageName semantics).
    #[test]
    fn image_pull_policy_table() {
        let sha = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let cases: Vec<(String, &str)> = vec![
            ("nginx".into(), "Always"),
            ("nginx:latest".into(), "Always"),
            ("nginx:1.27".into(), "IfNotPresent"),
            (format!("nginx@{sha}"), "IfNotPresent"),
            (format!("nginx:1.27@{sha}"), "IfNotPresent"),
            (format!("nginx:latest@{sha}"), "Always"),
            ("localhost:5000/app".into(), "Always"),
            ("registry:5000/app:v1".into(), "IfNotPresent"),
            ("registry:5000/app".into(), "Always"),
            ("docker.io/library/busybox".into(), "Always"),
            ("gcr.io/project/image:tag".into(), "IfNotPresent"),
            ("busybox".into(), "Always"),
            ("".into(), "IfNotPresent"),
            ("NGINX".into(), "IfNotPresent"),
            ("nginx:".into(), "IfNotPresent"),
            ("nginx@sha256:abc".into(), "IfNotPresent"),
            ("my_app".into(), "Always"),
            ("a--b/c__d:V1".into(), "IfNotPresent"),
            ("[::1]:5000/app".into(), "Always"),
        ];
        for (img, want) in cases {
            assert_eq!(pull_policy_for(&img), want, "image {img:?}");
        }
    }

    /// TestPodDefaults / TestWorkloadDefaults key set for a minimal container.
    #[test]
    fn pod_spec_defaults() {
        let mut pod = pod_with(vec![ctr("app", "nginx:1.27")]);
        let d = default_pod(&mut pod);
        assert_eq!(find(&d, "spec.dnsPolicy"), Some("ClusterFirst"));
        assert_eq!(find(&d, "spec.restartPolicy"), Some("Always"));
        assert_eq!(find(&d, "spec.securityContext"), Some("{}"));
        assert_eq!(find(&d, "spec.terminationGracePeriodSeconds"), Some("30"));
        assert_eq!(find(&d, "spec.schedulerName"), Some("default-scheduler"));
        assert_eq!(find(&d, "spec.enableServiceLinks"), Some("true"));
        assert_eq!(find(&d, "spec.containers[0].imagePullPolicy"), Some("IfNotPresent"));
        assert_eq!(find(&d, "spec.containers[0].terminationMessagePath"), Some("/dev/termination-log"));
        assert_eq!(find(&d, "spec.containers[0].terminationMessagePolicy"), Some("File"));
        assert_eq!(find(&d, "spec.serviceAccountName"), Some("default"));
        assert_eq!(find(&d, "spec.priority"), Some("0"));
        assert_eq!(find(&d, "spec.preemptionPolicy"), Some("PreemptLowerPriority"));
        let spec = pod.spec.as_ref().unwrap();
        let tols = spec.tolerations.as_ref().unwrap();
        assert_eq!(tols.len(), 2);
        assert_eq!(tols[0].key.as_deref(), Some("node.kubernetes.io/not-ready"));
        assert_eq!(tols[1].key.as_deref(), Some("node.kubernetes.io/unreachable"));
        assert_eq!(tols[1].toleration_seconds, Some(300));
        assert_eq!(spec.volumes.as_ref().unwrap()[0].projected.as_ref().unwrap().default_mode, Some(420));
        assert_eq!(
            spec.containers[0].volume_mounts.as_ref().unwrap()[0].mount_path,
            "/var/run/secrets/kubernetes.io/serviceaccount"
        );
        // Idempotent: a second pass defaults nothing.
        assert!(default_pod(&mut pod).is_empty());
    }

    #[test]
    fn explicit_values_are_kept() {
        let mut pod = pod_with(vec![ctr("app", "nginx")]);
        {
            let s = pod.spec.as_mut().unwrap();
            s.restart_policy = Some("Never".into());
            s.termination_grace_period_seconds = Some(0);
            s.enable_service_links = Some(false);
            s.automount_service_account_token = Some(false);
            s.containers[0].image_pull_policy = Some("Never".into());
            s.tolerations = Some(vec![Toleration { operator: Some("Exists".into()), ..Default::default() }]);
        }
        let d = default_pod(&mut pod);
        assert_eq!(find(&d, "spec.restartPolicy"), None);
        assert_eq!(find(&d, "spec.terminationGracePeriodSeconds"), None);
        assert_eq!(find(&d, "spec.containers[0].imagePullPolicy"), None);
        assert!(d.iter().all(|x| !x.path.starts_with("spec.tolerations")), "{d:?}");
        assert!(pod.spec.as_ref().unwrap().volumes.is_none());
    }

    /// DefaultTolerationSeconds: only the missing one is added.
    #[test]
    fn toleration_seconds_partial() {
        let mut pod = pod_with(vec![ctr("app", "nginx")]);
        pod.spec.as_mut().unwrap().tolerations = Some(vec![Toleration {
            key: Some("node.kubernetes.io/not-ready".into()),
            operator: Some("Exists".into()),
            effect: Some("NoExecute".into()),
            toleration_seconds: Some(10),
            value: None,
        }]);
        let d = default_pod(&mut pod);
        assert_eq!(
            find(&d, "spec.tolerations[1]"),
            Some("{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}")
        );
        assert_eq!(find(&d, "spec.tolerations[0]"), None);
        // A NoSchedule toleration does not count.
        let mut pod = pod_with(vec![ctr("app", "nginx")]);
        pod.spec.as_mut().unwrap().tolerations = Some(vec![Toleration {
            key: Some("node.kubernetes.io/unreachable".into()),
            operator: Some("Exists".into()),
            effect: Some("NoSchedule".into()),
            ..Default::default()
        }]);
        let d = default_pod(&mut pod);
        assert!(find(&d, "spec.tolerations[1]").is_some() && find(&d, "spec.tolerations[2]").is_some());
    }

    #[test]
    fn probes_ports_env_and_lifecycle() {
        let mut c = ctr("app", "nginx");
        c.ports = Some(vec![ContainerPort { container_port: 80, ..Default::default() }]);
        c.liveness_probe = Some(Probe {
            http_get: Some(HTTPGetAction { port: IntOrString::Int(80), ..Default::default() }),
            ..Default::default()
        });
        c.readiness_probe = Some(Probe {
            grpc: Some(GRPCAction { port: 9000, service: None }),
            period_seconds: Some(5),
            ..Default::default()
        });
        c.env = Some(vec![EnvVar {
            name: "IP".into(),
            value_from: Some(EnvVarSource {
                field_ref: Some(ObjectFieldSelector { api_version: None, field_path: "status.podIP".into() }),
                ..Default::default()
            }),
            value: None,
        }]);
        c.lifecycle = Some(crate::model::core::Lifecycle {
            pre_stop: Some(crate::model::core::LifecycleHandler {
                http_get: Some(HTTPGetAction { port: IntOrString::Int(80), ..Default::default() }),
                ..Default::default()
            }),
            ..Default::default()
        });
        let mut spec = PodSpec { containers: vec![c], host_network: Some(true), ..Default::default() };
        let d = default_pod_spec(&mut spec, "spec.template.spec");
        let p = "spec.template.spec.containers[0]";
        assert_eq!(find(&d, &format!("{p}.ports[0].protocol")), Some("TCP"));
        // hostPort is a Pod-only default.
        assert_eq!(find(&d, &format!("{p}.ports[0].hostPort")), None);
        assert_eq!(find(&d, &format!("{p}.livenessProbe.timeoutSeconds")), Some("1"));
        assert_eq!(find(&d, &format!("{p}.livenessProbe.periodSeconds")), Some("10"));
        assert_eq!(find(&d, &format!("{p}.livenessProbe.successThreshold")), Some("1"));
        assert_eq!(find(&d, &format!("{p}.livenessProbe.failureThreshold")), Some("3"));
        assert_eq!(find(&d, &format!("{p}.livenessProbe.httpGet.path")), Some("/"));
        assert_eq!(find(&d, &format!("{p}.livenessProbe.httpGet.scheme")), Some("HTTP"));
        assert_eq!(find(&d, &format!("{p}.readinessProbe.periodSeconds")), None);
        assert_eq!(find(&d, &format!("{p}.readinessProbe.grpc.service")), Some("\"\""));
        assert_eq!(find(&d, &format!("{p}.env[0].valueFrom.fieldRef.apiVersion")), Some("v1"));
        assert_eq!(find(&d, &format!("{p}.lifecycle.preStop.httpGet.path")), Some("/"));
        assert!(find(&d, "spec.template.spec.enableServiceLinks").is_none());
        assert!(d.iter().all(|x| !x.path.contains("tolerations") && !x.path.contains("serviceAccount")));

        // As a Pod, hostNetwork copies containerPort into hostPort.
        let mut pod = Pod { spec: Some(spec), ..Default::default() };
        pod.spec.as_mut().unwrap().containers[0].ports.as_mut().unwrap()[0].host_port = None;
        let d = default_pod(&mut pod);
        assert_eq!(find(&d, "spec.containers[0].ports[0].hostPort"), Some("80"));
    }

    #[test]
    fn requests_from_limits_and_rounding() {
        let mut c = ctr("app", "nginx");
        let mut lim = VecMap::new();
        lim.insert("cpu".to_string(), K8sQuantity("0.0001".into()));
        lim.insert("memory".to_string(), K8sQuantity("1Gi".into()));
        let mut req = VecMap::new();
        req.insert("memory".to_string(), K8sQuantity("512Mi".into()));
        c.resources = Some(ResourceRequirements { limits: Some(lim.clone()), requests: Some(req), claims: None });
        let mut ic = ctr("init", "busybox");
        ic.resources = Some(ResourceRequirements { limits: Some(lim), requests: None, claims: None });
        let mut pod = pod_with(vec![c]);
        pod.spec.as_mut().unwrap().init_containers = Some(vec![ic]);
        let d = default_pod(&mut pod);
        assert_eq!(find(&d, "spec.containers[0].resources.requests.cpu"), Some("0.0001"));
        assert_eq!(find(&d, "spec.containers[0].resources.limits.cpu"), Some("1m"));
        assert_eq!(find(&d, "spec.initContainers[0].resources.requests.memory"), Some("1Gi"));
        let s = pod.spec.as_ref().unwrap();
        let r = s.containers[0].resources.as_ref().unwrap();
        assert_eq!(r.requests.as_ref().unwrap()["cpu"].0, "1m");
        assert_eq!(r.requests.as_ref().unwrap()["memory"].0, "512Mi");
        // Templates do not copy limits into requests.
        let mut c = ctr("app", "nginx");
        let mut lim = VecMap::new();
        lim.insert("cpu".to_string(), K8sQuantity("1".into()));
        c.resources = Some(ResourceRequirements { limits: Some(lim), requests: None, claims: None });
        let mut spec = PodSpec { containers: vec![c], ..Default::default() };
        default_pod_spec(&mut spec, "spec.template.spec");
        assert!(spec.containers[0].resources.as_ref().unwrap().requests.is_none());
    }

    #[test]
    fn volumes_defaults() {
        use crate::model::core::{ConfigMapVolumeSource, HostPathVolumeSource, SecretVolumeSource};
        let mut spec = PodSpec {
            containers: vec![ctr("app", "nginx")],
            volumes: Some(vec![
                Volume { name: "a".into(), ..Default::default() },
                Volume {
                    name: "b".into(),
                    config_map: Some(ConfigMapVolumeSource { name: "cm".into(), ..Default::default() }),
                    ..Default::default()
                },
                Volume {
                    name: "c".into(),
                    secret: Some(SecretVolumeSource {
                        secret_name: Some("s".into()),
                        default_mode: Some(256),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                Volume {
                    name: "d".into(),
                    host_path: Some(HostPathVolumeSource { path: "/x".into(), type_: None }),
                    ..Default::default()
                },
            ]),
            ..Default::default()
        };
        let d = default_pod_spec(&mut spec, "spec");
        assert_eq!(find(&d, "spec.volumes[0].emptyDir"), Some("{}"));
        assert_eq!(find(&d, "spec.volumes[1].configMap.defaultMode"), Some("420"));
        assert_eq!(find(&d, "spec.volumes[2].secret.defaultMode"), None);
        assert_eq!(find(&d, "spec.volumes[3].hostPath.type"), Some("\"\""));
    }

    /// Lazily built paths render as the `format!` chains they replace.
    #[test]
    fn path_rendering() {
        let root = Path::root("spec");
        let c = root.field("containers");
        let i = c.index(12);
        let p = i.field("resources.limits");
        assert_eq!(p.field("cpu").render(), "spec.containers[12].resources.limits.cpu");
        assert_eq!(p.key("memory").render(), "spec.containers[12].resources.limits[memory]");
        assert_eq!(String::from(&root.field("x").index(0)), "spec.x[0]");
        assert_eq!(Path::root("").render(), "");
        assert_eq!(Path::root("").field("a").render(), ".a");
        assert_eq!(root.index(usize::MAX).render(), format!("spec[{}]", usize::MAX));
        // Deeper than the inline frame buffer.
        fn nest(p: &Path<'_>, depth: usize, out: &mut String) {
            if depth == 0 {
                *out = p.render();
            } else {
                nest(&p.index(depth), depth - 1, out);
            }
        }
        let mut deep = String::new();
        nest(&Path::root("d"), 30, &mut deep);
        let want: String = std::iter::once("d".to_string()).chain((1..=30).rev().map(|k| format!("[{k}]"))).collect();
        assert_eq!(deep, want);
    }

    #[test]
    fn qty_rounding() {
        assert_eq!(qty::round_up_milli_text("0.0001").as_deref(), Some("1m"));
        assert_eq!(qty::round_up_milli_text("1.0005").as_deref(), Some("1001m"));
        assert_eq!(qty::round_up_milli_text("100m").as_deref(), Some("100m"));
        assert_eq!(qty::round_up_milli_text("1Gi").as_deref(), Some("1Gi"));
        assert_eq!(qty::round_up_milli_text("abc"), None);
        assert!(qty::parse("-1").unwrap().is_negative());
        assert!(qty::parse("1.5").unwrap().is_fractional());
        assert!(!qty::parse("1Ki").unwrap().is_fractional());
        let _ = qty::parse("1e400");
        assert_eq!(qty::round_up_milli_text("1000m").as_deref(), Some("1"));
    }

    #[test]
    fn absurd_inputs_do_not_panic() {
        let mut cs = Vec::new();
        for i in 0..10_000 {
            cs.push(ctr(&format!("c{i}"), ""));
        }
        let mut pod = pod_with(cs);
        let d = default_pod(&mut pod);
        assert!(d.len() > 30_000);
        let mut empty = Pod::default();
        let _ = default_pod(&mut empty);
        for img in ["@", ":", "/", "a/", "[", "[::1", "a@b@c", "::::", "\u{0}", "a:b:c/d"] {
            let _ = pull_policy_for(img);
        }
    }
}
