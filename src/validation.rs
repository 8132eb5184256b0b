//! API-server validation of a (defaulted) Pod and of a workload's pod template, and the
//! warnings the API server returns with an accepted object.
//!
//! Ported from `pkg/apis/core/validation/validation.go` (v1.33/1.34 era: `ValidatePodCreate`,
//! `validatePodMetadataAndSpec`, `ValidatePodSpec`, `ValidateVolumes`, `validateContainers`,
//! `validateInitContainers`, `validateContainerCommon`, `validateProbe`, `validateHandler`,
//! `validateLifecycle`, `validateSleepAction`, `validateContainerPorts`, `ValidateEnv`,
//! `ValidateEnvFrom`, `ValidateVolumeMounts`, `ValidateContainerResourceRequirements`,
//! `validateRestartPolicy`, `validateDNSPolicy`, `validatePullPolicy`,
//! `validatePodHostNetworkDeps`, `ValidateTolerations`, `validateContainerOnlyForPod`),
//! `k8s.io/apimachinery/pkg/util/validation` (name/port/label/env messages),
//! `pkg/apis/apps/validation` + `pkg/apis/batch/validation` (template rules) and
//! `pkg/api/pod/warnings.go`.
//!
//! Feature gates are taken at their 1.34 defaults: `PodLifecycleSleepActionAllowZero` (GA),
//! `RelaxedEnvironmentVariableValidation` (GA), `ContainerRestartRules` off (alpha),
//! `PodLevelResources` beta-on but only relevant with `spec.resources` (not checked here).
//! Go iterates maps in random order; resource lists are checked here in key order.

use crate::defaults::{qty, Path};
use crate::field::{go_quote, FieldError};
use crate::model::core::{
    Container, HTTPGetAction, LifecycleHandler, Pod, PodSpec, PodTemplateSpec, Probe, ResourceRequirements, Volume,
};
use crate::model::meta::{LabelSelector, ObjectMeta};
use crate::model::IntOrString;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use crate::vecmap::VecMap;

/// The outcome of validating one object: the errors kubectl prints (in upstream order) and
/// the warnings the API server returns with a 201.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validation {
    pub errors: Vec<FieldError>,
    pub warnings: Vec<String>,
}

type Errs = Vec<FieldError>;

/// An insert-only set of names, as the `sets.String`s upstream builds per list: the first
/// few are kept inline and compared directly, more go to a hash map used as a set (of the
/// `String → usize` shape the YAML reader already has: no set type of its own in the wasm).
struct Seen<'a> {
    few: [&'a str; 8],
    n: usize,
    many: Option<HashMap<String, usize>>,
}

impl<'a> Seen<'a> {
    fn new() -> Self {
        Seen { few: [""; 8], n: 0, many: None }
    }

    fn contains(&self, s: &str) -> bool {
        self.few[..self.n].contains(&s) || self.many.as_ref().is_some_and(|m| m.get(s).is_some())
    }

    /// Adds `s`; `false` when it was already there (like `HashSet::insert`).
    fn insert(&mut self, s: &'a str) -> bool {
        if self.contains(s) {
            return false;
        }
        if self.n < self.few.len() {
            self.few[self.n] = s;
            self.n += 1;
        } else {
            self.many.get_or_insert_with(HashMap::new).insert(s.to_string(), 0);
        }
        true
    }
}

// ---------------------------------------------------------------------------------------
// apimachinery/pkg/util/validation messages
// ---------------------------------------------------------------------------------------

/// Whether `v` is one of the space-separated words of `list`. The lists of values and
/// examples below are such strings: a table of `&str`s is 8 bytes of pointer and length
/// per entry in the page's data, which compresses badly.
#[inline(never)]
fn listed(list: &str, v: &str) -> bool {
    // A plain loop over the words: no `Split` iterator left as calls in a size-optimized build.
    let (list, v) = (list.as_bytes(), v.as_bytes());
    let mut start = 0;
    while start <= list.len() {
        let end = list[start..].iter().position(|&b| b == b' ').map_or(list.len(), |i| start + i);
        if &list[start..end] == v {
            return true;
        }
        start = end + 1;
    }
    false
}

/// `RegexError(msg, fmt, examples...)`, the examples space-separated.
fn regex_error(msg: &str, fmt: &str, examples: &str) -> String {
    let mut s = msg.to_string();
    if examples.is_empty() {
        return format!("{s} (regex used for validation is '{fmt}')");
    }
    s.push_str(" (e.g. ");
    for (i, e) in examples.split(' ').enumerate() {
        if i > 0 {
            s.push_str(" or ");
        }
        s.push_str(&format!("'{e}', "));
    }
    s.push_str(&format!("regex used for validation is '{fmt}')"));
    s
}

/// `field.Invalid(path, value, m)` for each message `m` of a name check (one shared loop).
#[inline(never)]
fn invalid_each(errs: &mut Errs, path: &Path<'_>, value: &str, msgs: Vec<String>) {
    for m in msgs {
        push_invalid(errs, path, go_quote(value), m);
    }
}

/// `errs.push(FieldError::required(..))` as one call (one call instead of two at each of
/// the many sites below); likewise the other `push_*` helpers.
#[inline(never)]
fn push_required(errs: &mut Errs, field: impl Into<String>, detail: impl Into<String>) {
    errs.push(FieldError::required(field, detail));
}

#[inline(never)]
fn push_invalid(errs: &mut Errs, field: impl Into<String>, value: impl Into<String>, detail: impl Into<String>) {
    errs.push(FieldError::invalid(field, value, detail));
}

#[inline(never)]
fn push_forbidden(errs: &mut Errs, field: impl Into<String>, detail: impl Into<String>) {
    errs.push(FieldError::forbidden(field, detail));
}

#[inline(never)]
fn push_duplicate(errs: &mut Errs, field: impl Into<String>, value: impl Into<String>) {
    errs.push(FieldError::duplicate(field, value));
}

/// A required enumerated field: empty is Required, a value not in `supported` NotSupported
/// (one body for the many such fields).
#[inline(never)]
fn one_of(errs: &mut Errs, path: &Path<'_>, v: &str, supported: &str) {
    if v.is_empty() {
        push_required(errs, path, "");
    } else if !listed(supported, v) {
        push_not_supported(errs, path, v, supported);
    }
}

#[inline(never)]
fn push_not_supported(errs: &mut Errs, path: impl Into<String>, v: &str, supported: &str) {
    errs.push(not_supported(path, v, supported));
}

fn max_len(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn is_label_char(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn matches_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_label_char(b[0])
        && is_label_char(b[b.len() - 1])
        && b.iter().all(|c| is_label_char(*c) || *c == b'-')
}

fn matches_dns_subdomain(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(matches_dns_label)
}

const DNS_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS_SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

/// `IsDNS1123Label`.
pub fn is_dns1123_label(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len(63));
    }
    if !matches_dns_label(v) {
        if matches_dns_subdomain(v) {
            errs.push("must not contain dots".into());
        } else {
            errs.push(regex_error(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                DNS_LABEL_FMT,
                "my-name 123-abc",
            ));
        }
    }
    errs
}

/// `IsDNS1123Subdomain`.
pub fn is_dns1123_subdomain(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 253 {
        errs.push(max_len(253));
    }
    if !matches_dns_subdomain(v) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            DNS_SUBDOMAIN_FMT,
            "example.com",
        ));
    }
    errs
}

/// `NameIsDNSSubdomain(name, prefix)`: with `prefix`, trailing dashes are masked.
fn name_is_dns_subdomain(name: &str, prefix: bool) -> Vec<String> {
    if prefix {
        is_dns1123_subdomain(&mask_trailing_dash(name))
    } else {
        is_dns1123_subdomain(name)
    }
}

fn mask_trailing_dash(name: &str) -> Cow<'_, str> {
    if name.len() > 1 && name.ends_with('-') {
        Cow::Owned(format!("{}a", &name[..name.len() - 1]))
    } else {
        Cow::Borrowed(name)
    }
}

fn dns_label_errs(v: &str, path: &Path<'_>, errs: &mut Errs) {
    errs.extend(is_dns1123_label(v).into_iter().map(|m| FieldError::invalid(path, go_quote(v), m)));
}

const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_MSG: &str =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

fn matches_qualified_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// `IsQualifiedName`.
pub fn is_qualified_name(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let name = match v.split_once('/') {
        None => v,
        Some((_, rest)) if rest.contains('/') => {
            return vec![regex_error(
                &format!("a qualified name {QUALIFIED_NAME_MSG}"),
                QUALIFIED_NAME_FMT,
                "MyName my.name 123-abc",
            )]
        }
        Some((prefix, name)) => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                for m in is_dns1123_subdomain(prefix) {
                    errs.push(format!("prefix part {m}"));
                }
            }
            name
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".into());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len(63)));
    }
    if !matches_qualified_part(name) {
        errs.push(format!(
            "name part {}",
            regex_error(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName my.name 123-abc")
        ));
    }
    errs
}

/// `IsValidLabelValue`.
fn is_valid_label_value(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len(63));
    }
    if !v.is_empty() && !matches_qualified_part(v) {
        errs.push(regex_error(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?",
            "MyValue my_value 12345",
        ));
    }
    errs
}

/// `ValidateLabels` (path without key, as upstream).
fn validate_labels(labels: Option<&BTreeMap<String, String>>, path: &Path<'_>, errs: &mut Errs) {
    for (k, v) in labels.into_iter().flatten() {
        invalid_each(errs, path, k, is_qualified_name(k));
        invalid_each(errs, path, v, is_valid_label_value(v));
    }
}

/// `IsValidPortNum` message.
const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";

/// `IsValidPortName`.
fn is_valid_port_name(p: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if p.len() > 15 {
        errs.push("must be no more than 15 characters".into());
    }
    if p.is_empty() || !p.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !p.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".into());
    }
    if p.contains("--") {
        errs.push("must not contain consecutive hyphens".into());
    }
    if p.starts_with('-') || p.ends_with('-') {
        errs.push("must not begin or end with a hyphen".into());
    }
    errs
}

/// `ValidatePortNumOrName`.
fn port_num_or_name(port: &IntOrString, path: &Path<'_>, errs: &mut Errs) {
    match port {
        IntOrString::Int(n) if !(1..=65535).contains(n) => {
            push_invalid(errs, path, n.to_string(), PORT_RANGE);
        }
        IntOrString::Int(_) => {}
        IntOrString::String(s) => {
            errs.extend(is_valid_port_name(s).into_iter().map(|m| FieldError::invalid(path, go_quote(s), m)));
        }
    }
}

/// `IsRelaxedEnvVarName` (RelaxedEnvironmentVariableValidation, GA in 1.34).
fn is_relaxed_env_var_name(v: &str) -> Vec<String> {
    if v.is_empty() {
        return vec!["environment variable name must be non-empty".into()];
    }
    if !v.bytes().all(|c| (b' '..=b'~').contains(&c) && c != b'=') {
        return vec![
            "a valid environment variable name must consist only of printable ASCII characters other than '='".into(),
        ];
    }
    vec![]
}

/// `IsConfigMapKey`.
fn is_config_map_key(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 253 {
        errs.push(max_len(253));
    }
    if !v.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_')) {
        errs.push(regex_error(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
            "[-._a-zA-Z0-9]+",
            "key.name KEY_NAME key-name",
        ));
    }
    if v == "." {
        errs.push("must not be '.'".into());
    } else if v == ".." {
        errs.push("must not be '..'".into());
    } else if v.starts_with("..") {
        errs.push("must not start with '..'".into());
    }
    errs
}

/// A probe number that must not be negative (`ValidateNonnegativeField`); unset is 0.
fn nonneg(v: Option<i32>, p: &Path<'_>, field: &str, errs: &mut Errs) {
    let v = v.unwrap_or(0);
    if v < 0 {
        push_invalid(errs, &p.field(field), v.to_string(), "must be greater than or equal to 0");
    }
}

fn not_supported(path: impl Into<String>, v: &str, supported: &str) -> FieldError {
    FieldError::not_supported(path, go_quote(v), supported)
}

// ---------------------------------------------------------------------------------------
// Pod
// ---------------------------------------------------------------------------------------

/// Validate a defaulted Pod as the API server does on create (metadata.name DNS-1123
/// subdomain, generateName, spec). Paths rooted at "metadata"/"spec".
pub fn validate_pod(pod: &Pod) -> Validation {
    let mut errs = Vec::new();
    errs.extend(validate_object_meta(&pod.metadata, name_is_dns_subdomain));
    let empty = empty_spec();
    let spec = pod.spec.as_ref().unwrap_or(&empty);
    let root = Path::root("spec");
    validate_pod_spec(spec, Some(&pod.metadata), &root, true, &mut errs);
    // validatePodMetadataAndSpec: pod-only checks.
    if spec.service_account_name.as_deref().unwrap_or("").is_empty() {
        let vols = root.field("volumes");
        for (vi, v) in spec.volumes.iter().flatten().enumerate() {
            for (si, s) in v.projected.iter().flat_map(|p| p.sources.iter().flatten()).enumerate() {
                if s.service_account_token.is_some() {
                    push_forbidden(
                        &mut errs,
                        &vols.index(vi).field("projected.sources").index(si).field("serviceAccountToken"),
                        "must not be specified when serviceAccountName is not set",
                    );
                }
            }
        }
    }
    for (list, name) in [(Some(&spec.containers), "containers"), (spec.init_containers.as_ref(), "initContainers")] {
        let lp = root.field(name);
        for (i, c) in list.into_iter().flatten().enumerate() {
            let img = c.image.as_deref().unwrap_or("");
            if img.len() != img.trim().len() {
                push_invalid(
                    &mut errs,
                    &lp.index(i).field("image"),
                    go_quote(img),
                    "must not have leading or trailing whitespace",
                );
            }
        }
    }
    // ValidatePodCreate.
    if spec.ephemeral_containers.as_ref().is_some_and(|e| !e.is_empty()) {
        push_forbidden(&mut errs, "spec.ephemeralContainers", "cannot be set on create");
    }
    Validation { errors: errs, warnings: warnings_for(spec, &pod.metadata, "") }
}

/// The spec of a pod or template that has none: built in one place, not inline at each caller.
#[inline(never)]
fn empty_spec() -> PodSpec {
    PodSpec::default()
}

/// `ValidateObjectMeta` (name/generateName, labels); namespace is filled in by kubectl.
fn validate_object_meta(meta: &ObjectMeta, name_fn: fn(&str, bool) -> Vec<String>) -> Errs {
    let mut errs = Vec::new();
    let name = meta.name.as_deref().unwrap_or("");
    let gen = meta.generate_name.as_deref().unwrap_or("");
    if !gen.is_empty() {
        invalid_each(&mut errs, &Path::root("metadata.generateName"), gen, name_fn(gen, true));
    }
    if name.is_empty() && gen.is_empty() {
        push_required(&mut errs, "metadata.name", "name or generateName is required");
    } else if !name.is_empty() {
        invalid_each(&mut errs, &Path::root("metadata.name"), name, name_fn(name, false));
    }
    validate_labels(meta.labels.as_ref(), &Path::root("metadata.labels"), &mut errs);
    errs
}

/// `ValidatePodSpec`. `root` is `spec` for a Pod, `<template>.spec` for a template;
/// `is_pod` is `opts.ResourceIsPod`.
fn validate_pod_spec(spec: &PodSpec, meta: Option<&ObjectMeta>, root: &Path<'_>, is_pod: bool, errs: &mut Errs) {
    if spec.termination_grace_period_seconds.is_none() {
        push_required(errs, &root.field("terminationGracePeriodSeconds"), "");
    }
    let grace = spec.termination_grace_period_seconds;
    let vols = validate_volumes(spec.volumes.as_deref().unwrap_or(&[]), meta, &root.field("volumes"), errs);
    let restart = spec.restart_policy.as_deref().unwrap_or("");
    validate_containers(&spec.containers, &vols, grace, &root.field("containers"), restart, errs);
    validate_init_containers(
        spec.init_containers.as_deref().unwrap_or(&[]),
        &spec.containers,
        &vols,
        grace,
        &root.field("initContainers"),
        restart,
        errs,
    );
    // validatePodHostNetworkDeps
    if spec.host_network.unwrap_or(false) {
        let list = root.field("containers");
        for (i, c) in spec.containers.iter().enumerate() {
            for (j, p) in c.ports.iter().flatten().enumerate() {
                let hp = p.host_port.unwrap_or(0);
                if (is_pod || hp != 0) && hp != p.container_port {
                    push_invalid(
                        errs,
                        &list.index(i).field("ports").index(j).field("hostPort"),
                        hp.to_string(),
                        "must match `containerPort` when `hostNetwork` is true",
                    );
                }
            }
        }
    }
    // validateRestartPolicy
    one_of(errs, &root.field("restartPolicy"), restart, "Always OnFailure Never");
    // validateDNSPolicy
    one_of(
        errs,
        &root.field("dnsPolicy"),
        spec.dns_policy.as_deref().unwrap_or(""),
        "ClusterFirstWithHostNet ClusterFirst Default None",
    );
    validate_labels(spec.node_selector.as_ref(), &root.field("nodeSelector"), errs);
    // validatePodDNSConfig: the DNSNone case.
    if spec.dns_policy.as_deref() == Some("None") {
        match spec.dns_config.as_ref() {
            None => push_required(errs, &root.field("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"),
            Some(c) if c.nameservers.as_ref().is_none_or(|n| n.is_empty()) => push_required(
                errs,
                &root.field("dnsConfig.nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            ),
            _ => {}
        }
    }
    if let Some(sa) = spec.service_account_name.as_deref().filter(|s| !s.is_empty()) {
        invalid_each(errs, &root.field("serviceAccountName"), sa, name_is_dns_subdomain(sa, false));
    }
    if let Some(n) = spec.node_name.as_deref().filter(|s| !s.is_empty()) {
        invalid_each(errs, &root.field("nodeName"), n, name_is_dns_subdomain(n, false));
    }
    if let Some(v) = spec.active_deadline_seconds {
        if !(1..=i64::from(i32::MAX)).contains(&v) {
            push_invalid(
                errs,
                &root.field("activeDeadlineSeconds"),
                v.to_string(),
                "must be between 1 and 2147483647, inclusive",
            );
        }
    }
    if let Some(h) = spec.hostname.as_deref().filter(|s| !s.is_empty()) {
        dns_label_errs(h, &root.field("hostname"), errs);
    }
    if let Some(h) = spec.subdomain.as_deref().filter(|s| !s.is_empty()) {
        dns_label_errs(h, &root.field("subdomain"), errs);
    }
    validate_tolerations(spec, &root.field("tolerations"), errs);
    if let Some(p) = spec.priority_class_name.as_deref().filter(|s| !s.is_empty()) {
        invalid_each(errs, &root.field("priorityClassName"), p, name_is_dns_subdomain(p, false));
    }
    if let Some(p) = spec.preemption_policy.as_deref() {
        one_of(errs, &root.field("preemptionPolicy"), p, "PreemptLowerPriority Never");
    }
}

/// `ValidateTolerations`.
fn validate_tolerations(spec: &PodSpec, path: &Path<'_>, errs: &mut Errs) {
    for (i, t) in spec.tolerations.iter().flatten().enumerate() {
        let p = path.index(i);
        let key = t.key.as_deref().unwrap_or("");
        let op = t.operator.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        if !key.is_empty() {
            invalid_each(errs, &p.field("key"), key, is_qualified_name(key));
        }
        if key.is_empty() && op != "Exists" {
            push_invalid(
                errs,
                &p.field("operator"),
                go_quote(op),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        if t.toleration_seconds.is_some() && effect != "NoExecute" {
            push_invalid(
                errs,
                &p.field("effect"),
                go_quote(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match op {
            "Equal" | "" => {
                let ms = is_valid_label_value(value);
                if !ms.is_empty() {
                    push_invalid(errs, &p.field("operator"), go_quote(value), ms.join(";"));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    push_invalid(
                        errs,
                        &p.field("operator"),
                        go_quote(value),
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            v => push_not_supported(errs, &p.field("operator"), v, "Equal Exists"),
        }
        if !effect.is_empty() && !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
            push_not_supported(errs, &p.field("effect"), effect, "NoSchedule PreferNoSchedule NoExecute");
        }
    }
}

/// What a container may refer to: volume name → kind (`pvc` for PVC/ephemeral, `image`
/// for an image volume, `other`).
type Vols<'a> = VecMap<&'a str, &'static str>;

/// `ValidateVolumes` + the lifecycle-relevant parts of `validateVolumeSource`
/// (exactly one source; emptyDir sizeLimit; secret/configMap names, modes and items).
fn validate_volumes<'a>(
    volumes: &'a [Volume],
    meta: Option<&ObjectMeta>,
    path: &Path<'_>,
    errs: &mut Errs,
) -> Vols<'a> {
    let _ = meta;
    // Collected into the map once at the end (sorted once: the spec's order is any order).
    let (mut names, mut vols) = (Seen::new(), Vec::new());
    for (i, v) in volumes.iter().enumerate() {
        let ip = path.index(i);
        let mut el = Vec::new();
        validate_volume_source(v, &ip, &mut el);
        if v.name.is_empty() {
            el.push(FieldError::required(&ip.field("name"), ""));
        } else {
            dns_label_errs(&v.name, &ip.field("name"), &mut el);
        }
        // Names of the volumes accepted so far are exactly the keys of `vols`.
        if names.contains(v.name.as_str()) {
            el.push(FieldError::duplicate(&ip.field("name"), go_quote(&v.name)));
        }
        if el.is_empty() {
            let kind = if v.persistent_volume_claim.is_some() || v.ephemeral.is_some() {
                "pvc"
            } else if v.image.is_some() {
                "image"
            } else {
                "other"
            };
            names.insert(v.name.as_str());
            vols.push((v.name.as_str(), kind));
        } else {
            errs.extend(el);
        }
    }
    vols.into_iter().collect()
}

/// The volume sources in upstream order, as the "more than 1" error names them.
const VOLUME_SOURCES: &str = "emptyDir hostPath gitRepo gcePersistentDisk awsElasticBlockStore secret nfs iscsi glusterfs flocker persistentVolumeClaim rbd cinder cephFS quobyte downwarAPI fc flexVolume configMap azureFile vsphereVolume photonPersistentDisk portworxVolume azureDisk storageos projected scaleIO csi ephemeral image";

const FILE_MODE_MSG: &str = "must be a number between 0 and 0777 (octal), both inclusive";

fn validate_volume_source(v: &Volume, p: &Path<'_>, errs: &mut Errs) {
    // Whether each source is present, in upstream order; [`VOLUME_SOURCES`] names them.
    let present = [
        v.empty_dir.is_some(),
        v.host_path.is_some(),
        v.git_repo.is_some(),
        v.gce_persistent_disk.is_some(),
        v.aws_elastic_block_store.is_some(),
        v.secret.is_some(),
        v.nfs.is_some(),
        v.iscsi.is_some(),
        v.glusterfs.is_some(),
        v.flocker.is_some(),
        v.persistent_volume_claim.is_some(),
        v.rbd.is_some(),
        v.cinder.is_some(),
        v.cephfs.is_some(),
        v.quobyte.is_some(),
        v.downward_api.is_some(),
        v.fc.is_some(),
        v.flex_volume.is_some(),
        v.config_map.is_some(),
        v.azure_file.is_some(),
        v.vsphere_volume.is_some(),
        v.photon_persistent_disk.is_some(),
        v.portworx_volume.is_some(),
        v.azure_disk.is_some(),
        v.storageos.is_some(),
        v.projected.is_some(),
        v.scale_io.is_some(),
        v.csi.is_some(),
        v.ephemeral.is_some(),
        v.image.is_some(),
    ];
    let mut n = 0;
    for (child, present) in VOLUME_SOURCES.split(' ').zip(present) {
        if !present {
            continue;
        }
        if n > 0 {
            push_forbidden(errs, &p.field(child), "may not specify more than 1 volume type");
            continue;
        }
        n += 1;
        match child {
            "emptyDir" => {
                if let Some(q) = v.empty_dir.as_ref().and_then(|e| e.size_limit.as_ref()) {
                    if qty::parse(&q.0).is_some_and(|q| q.is_negative()) {
                        push_forbidden(
                            errs,
                            &p.field("emptyDir.sizeLimit"),
                            "SizeLimit field must be a valid resource quantity",
                        );
                    }
                }
            }
            "hostPath" if v.host_path.as_ref().is_some_and(|h| h.path.is_empty()) => {
                push_required(errs, &p.field("hostPath.path"), "");
            }
            "secret" => {
                if let Some(s) = v.secret.as_ref() {
                    if s.secret_name.as_deref().unwrap_or("").is_empty() {
                        push_required(errs, &p.field("secret.secretName"), "");
                    }
                    mode_and_items(s.default_mode, s.items.as_deref(), &p.field("secret"), errs);
                }
            }
            "configMap" => {
                if let Some(c) = v.config_map.as_ref() {
                    if c.name.is_empty() {
                        push_required(errs, &p.field("configMap.name"), "");
                    }
                    mode_and_items(c.default_mode, c.items.as_deref(), &p.field("configMap"), errs);
                }
            }
            "persistentVolumeClaim" if v.persistent_volume_claim.as_ref().is_some_and(|c| c.claim_name.is_empty()) => {
                push_required(errs, &p.field("persistentVolumeClaim.claimName"), "");
            }
            _ => {}
        }
    }
    if n == 0 {
        push_required(errs, p, "must specify a volume type");
    }
}

fn mode_and_items(mode: Option<i32>, items: Option<&[crate::model::core::KeyToPath]>, p: &Path<'_>, errs: &mut Errs) {
    if let Some(m) = mode.filter(|m| !(0..=0o777).contains(m)) {
        push_invalid(errs, &p.field("defaultMode"), m.to_string(), FILE_MODE_MSG);
    }
    let list = p.field("items");
    for (i, kp) in items.into_iter().flatten().enumerate() {
        let ip = list.index(i);
        if kp.key.is_empty() {
            push_required(errs, &ip.field("key"), "");
        }
        if kp.path.is_empty() {
            push_required(errs, &ip.field("path"), "");
        }
        // ValidateLocalNonReservedPath
        let pp = ip.field("path");
        if kp.path.starts_with('/') {
            push_invalid(errs, &pp, go_quote(&kp.path), "must be a relative path");
        }
        if kp.path.split('/').any(|s| s == "..") {
            push_invalid(errs, &pp, go_quote(&kp.path), "must not contain '..'");
        }
        if kp.path.starts_with("..") {
            push_invalid(errs, &pp, go_quote(&kp.path), "must not start with '..'");
        }
        if let Some(m) = kp.mode.filter(|m| !(0..=0o777).contains(m)) {
            push_invalid(errs, &ip.field("mode"), m.to_string(), FILE_MODE_MSG);
        }
    }
}

/// `validateContainers`.
fn validate_containers(
    containers: &[Container],
    vols: &Vols<'_>,
    grace: Option<i64>,
    path: &Path<'_>,
    pod_restart: &str,
    errs: &mut Errs,
) {
    if containers.is_empty() {
        push_required(errs, path, "");
        return;
    }
    let mut names = Seen::new();
    for (i, c) in containers.iter().enumerate() {
        let p = path.index(i);
        validate_container_common(c, vols, &p, pod_restart, errs);
        if !names.insert(c.name.as_str()) {
            push_duplicate(errs, &p.field("name"), go_quote(&c.name));
        }
        lifecycle_and_probes(c, grace, &p, errs);
        if c.restart_policy.is_some() {
            push_forbidden(errs, &p.field("restartPolicy"), "may not be set for non-init containers");
        }
    }
    host_port_conflicts(containers, path, errs);
}

fn lifecycle_and_probes(c: &Container, grace: Option<i64>, p: &Path<'_>, errs: &mut Errs) {
    if let Some(l) = c.lifecycle.as_ref() {
        if let Some(h) = l.post_start.as_ref() {
            validate_lifecycle_handler(h, grace, &p.field("lifecycle.postStart"), errs);
        }
        if let Some(h) = l.pre_stop.as_ref() {
            validate_lifecycle_handler(h, grace, &p.field("lifecycle.preStop"), errs);
        }
    }
    if let Some(pr) = c.liveness_probe.as_ref() {
        let pp = p.field("livenessProbe");
        validate_probe(pr, &pp, errs);
        must_be_one(pr, &pp, errs);
    }
    if let Some(pr) = c.readiness_probe.as_ref() {
        let pp = p.field("readinessProbe");
        validate_probe(pr, &pp, errs);
        if let Some(t) = pr.termination_grace_period_seconds {
            push_invalid(
                errs,
                &pp.field("terminationGracePeriodSeconds"),
                t.to_string(),
                "must not be set for readinessProbes",
            );
        }
    }
    if let Some(pr) = c.startup_probe.as_ref() {
        let pp = p.field("startupProbe");
        validate_probe(pr, &pp, errs);
        must_be_one(pr, &pp, errs);
    }
}

fn must_be_one(pr: &Probe, pp: &Path<'_>, errs: &mut Errs) {
    let s = pr.success_threshold.unwrap_or(0);
    if s != 1 {
        push_invalid(errs, &pp.field("successThreshold"), s.to_string(), "must be 1");
    }
}

/// `AccumulateUniqueHostPorts` over one list.
fn host_port_conflicts(containers: &[Container], path: &Path<'_>, errs: &mut Errs) {
    // A map used as a set: the shape `source` already has, no set type of its own in the wasm.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (ci, c) in containers.iter().enumerate() {
        for (pi, p) in c.ports.iter().flatten().enumerate() {
            let hp = p.host_port.unwrap_or(0);
            if hp == 0 {
                continue;
            }
            let key = format!("{}/{}/{}", p.protocol.as_deref().unwrap_or(""), p.host_ip.as_deref().unwrap_or(""), hp);
            if seen.insert(key.clone(), 0).is_some() {
                push_duplicate(errs, &path.index(ci).field("ports").index(pi).field("hostPort"), go_quote(&key));
            }
        }
    }
}

/// `validateInitContainers`.
fn validate_init_containers(
    inits: &[Container],
    regular: &[Container],
    vols: &Vols<'_>,
    grace: Option<i64>,
    path: &Path<'_>,
    pod_restart: &str,
    errs: &mut Errs,
) {
    if inits.is_empty() {
        return;
    }
    let mut names = Seen::new();
    for c in regular {
        names.insert(c.name.as_str());
    }
    for (i, c) in inits.iter().enumerate() {
        let p = path.index(i);
        validate_container_common(c, vols, &p, pod_restart, errs);
        let mut restart_always = false;
        if let Some(rp) = c.restart_policy.as_deref() {
            if rp != "Always" {
                push_not_supported(errs, &p.field("restartPolicy"), rp, "Always");
            }
            restart_always = rp == "Always";
        }
        if names.contains(c.name.as_str()) {
            push_duplicate(errs, &p.field("name"), go_quote(&c.name));
        } else if !c.name.is_empty() {
            names.insert(c.name.as_str());
        }
        // Quirk: checked as a one-element list with the list's path, so index 0.
        host_port_conflicts(std::slice::from_ref(c), path, errs);
        if restart_always {
            lifecycle_and_probes(c, grace, &p, errs);
        } else {
            const MSG: &str = "may not be set for init containers without restartPolicy=Always";
            if c.lifecycle.is_some() {
                push_forbidden(errs, &p.field("lifecycle"), MSG);
            }
            if c.liveness_probe.is_some() {
                push_forbidden(errs, &p.field("livenessProbe"), MSG);
            }
            if c.readiness_probe.is_some() {
                push_forbidden(errs, &p.field("readinessProbe"), MSG);
            }
            if c.startup_probe.is_some() {
                push_forbidden(errs, &p.field("startupProbe"), MSG);
            }
        }
        if !restart_always && c.resize_policy.as_ref().is_some_and(|r| !r.is_empty()) {
            push_invalid(errs, &p.field("resizePolicy"), "[]", "must not be set for init containers");
        }
    }
}

/// `validateContainerCommon`.
fn validate_container_common(c: &Container, vols: &Vols<'_>, p: &Path<'_>, pod_restart: &str, errs: &mut Errs) {
    if c.name.is_empty() {
        push_required(errs, &p.field("name"), "");
    } else {
        dns_label_errs(&c.name, &p.field("name"), errs);
    }
    if c.image.as_deref().unwrap_or("").is_empty() {
        push_required(errs, &p.field("image"), "");
    }
    one_of(
        errs,
        &p.field("terminationMessagePolicy"),
        c.termination_message_policy.as_deref().unwrap_or(""),
        "File FallbackToLogsOnError",
    );
    validate_ports(c, &p.field("ports"), errs);
    validate_env(c, &p.field("env"), errs);
    validate_env_from(c, &p.field("envFrom"), errs);
    validate_volume_mounts(c, vols, &p.field("volumeMounts"), errs);
    one_of(
        errs,
        &p.field("imagePullPolicy"),
        c.image_pull_policy.as_deref().unwrap_or(""),
        "Always IfNotPresent Never",
    );
    if let Some(r) = c.resources.as_ref() {
        validate_resources(r, &p.field("resources"), errs);
    }
    // validateResizePolicy
    let rpath = p.field("resizePolicy");
    let mut seen = Seen::new();
    for (i, rp) in c.resize_policy.iter().flatten().enumerate() {
        if !seen.insert(rp.resource_name.as_str()) {
            push_duplicate(errs, &rpath.index(i), go_quote(&rp.resource_name));
        }
        one_of(errs, &rpath, rp.resource_name.as_str(), "cpu memory");
        one_of(errs, &rpath, rp.restart_policy.as_str(), "NotRequired RestartContainer");
        if pod_restart == "Never" && rp.restart_policy != "NotRequired" {
            push_invalid(
                errs,
                &rpath,
                go_quote(&rp.restart_policy),
                "must be 'NotRequired' when `restartPolicy` is 'Never'",
            );
        }
    }
}

/// `validateContainerPorts`.
fn validate_ports(c: &Container, path: &Path<'_>, errs: &mut Errs) {
    let ports = c.ports.as_deref().unwrap_or(&[]);
    if ports.is_empty() {
        return;
    }
    let mut names = Seen::new();
    for (i, port) in ports.iter().enumerate() {
        let ip = path.index(i);
        let name = port.name.as_deref().unwrap_or("");
        if !name.is_empty() {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                invalid_each(errs, &ip.field("name"), name, msgs);
            } else if !names.insert(name) {
                push_duplicate(errs, &ip.field("name"), go_quote(name));
            }
        }
        if port.container_port == 0 {
            push_required(errs, &ip.field("containerPort"), "");
        } else if !(1..=65535).contains(&port.container_port) {
            push_invalid(errs, &ip.field("containerPort"), port.container_port.to_string(), PORT_RANGE);
        }
        let hp = port.host_port.unwrap_or(0);
        if hp != 0 && !(1..=65535).contains(&hp) {
            push_invalid(errs, &ip.field("hostPort"), hp.to_string(), PORT_RANGE);
        }
        one_of(errs, &ip.field("protocol"), port.protocol.as_deref().unwrap_or(""), "SCTP TCP UDP");
    }
}

const ENV_FIELD_PATHS: &str = "metadata.name metadata.namespace metadata.uid spec.nodeName \
    spec.serviceAccountName status.hostIP status.hostIPs status.podIP status.podIPs";

/// `ValidateEnv` + `validateEnvVarValueFrom`.
fn validate_env(c: &Container, path: &Path<'_>, errs: &mut Errs) {
    for (i, ev) in c.env.iter().flatten().enumerate() {
        let ip = path.index(i);
        if ev.name.is_empty() {
            push_required(errs, &ip.field("name"), "");
        } else {
            invalid_each(errs, &ip.field("name"), &ev.name, is_relaxed_env_var_name(&ev.name));
        }
        let Some(vf) = ev.value_from.as_ref() else {
            continue;
        };
        let vp = ip.field("valueFrom");
        let mut n = 0;
        if let Some(f) = vf.field_ref.as_ref() {
            n += 1;
            let fp = vp.field("fieldRef");
            if f.api_version.as_deref().unwrap_or("").is_empty() {
                push_required(errs, &fp.field("apiVersion"), "");
            } else if f.field_path.is_empty() {
                push_required(errs, &fp.field("fieldPath"), "");
            } else {
                object_field_selector(f.api_version.as_deref().unwrap_or(""), &f.field_path, &fp, errs);
            }
        }
        if let Some(r) = vf.resource_field_ref.as_ref() {
            n += 1;
            let rp = vp.field("resourceFieldRef");
            const RES: &str = "limits.cpu limits.ephemeral-storage limits.memory requests.cpu \
                requests.ephemeral-storage requests.memory";
            if r.resource.is_empty() {
                push_required(errs, &rp.field("resource"), "");
            } else if !listed(RES, &r.resource)
                && !r.resource.starts_with("requests.hugepages-")
                && !r.resource.starts_with("limits.hugepages-")
            {
                push_not_supported(errs, &rp.field("resource"), &r.resource, RES);
            }
        }
        if let Some(k) = vf.config_map_key_ref.as_ref() {
            n += 1;
            key_selector(&k.name, &k.key, &vp.field("configMapKeyRef"), errs);
        }
        if let Some(k) = vf.secret_key_ref.as_ref() {
            n += 1;
            key_selector(&k.name, &k.key, &vp.field("secretKeyRef"), errs);
        }
        if vf.file_key_ref.is_some() {
            n += 1;
        }
        if n == 0 {
            push_invalid(
                errs,
                &vp,
                "\"\"",
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            );
        } else if !ev.value.as_deref().unwrap_or("").is_empty() {
            push_invalid(errs, &vp, "\"\"", "may not be specified when `value` is not empty");
        } else if n > 1 {
            push_invalid(errs, &vp, "\"\"", "may not have more than one field specified at a time");
        }
    }
}

/// `validateObjectFieldSelector` for env (after the apiVersion/fieldPath required checks),
/// with `ConvertDownwardAPIFieldLabel`'s errors.
fn object_field_selector(version: &str, fp_value: &str, fp: &Path<'_>, errs: &mut Errs) {
    let conv_err = |m: String| {
        FieldError::invalid(&fp.field("fieldPath"), go_quote(fp_value), format!("error converting fieldPath: {m}"))
    };
    if version != "v1" {
        errs.push(conv_err(format!("unsupported pod version: {version}")));
        return;
    }
    if let Some((base, rest)) = fp_value.split_once('[') {
        if rest.ends_with(']') {
            if base == "metadata.annotations" || base == "metadata.labels" {
                return;
            }
            errs.push(conv_err(format!("field label does not support subscript: {fp_value}")));
            return;
        }
    }
    const KNOWN: &str = "metadata.annotations metadata.labels metadata.name metadata.namespace \
        metadata.uid spec.nodeName spec.restartPolicy spec.serviceAccountName spec.schedulerName \
        status.phase status.hostIP status.hostIPs status.podIP status.podIPs";
    let path = if fp_value == "spec.host" { "spec.nodeName" } else { fp_value };
    if !listed(KNOWN, path) {
        errs.push(conv_err(format!("field label not supported: {fp_value}")));
        return;
    }
    if !listed(ENV_FIELD_PATHS, path) {
        push_not_supported(errs, &fp.field("fieldPath"), path, ENV_FIELD_PATHS);
    }
}

/// `validateConfigMapKeySelector` / `validateSecretKeySelector`.
fn key_selector(name: &str, key: &str, p: &Path<'_>, errs: &mut Errs) {
    invalid_each(errs, &p.field("name"), name, name_is_dns_subdomain(name, false));
    if key.is_empty() {
        push_required(errs, &p.field("key"), "");
    } else {
        invalid_each(errs, &p.field("key"), key, is_config_map_key(key));
    }
}

/// `ValidateEnvFrom`.
fn validate_env_from(c: &Container, path: &Path<'_>, errs: &mut Errs) {
    for (i, ef) in c.env_from.iter().flatten().enumerate() {
        let ip = path.index(i);
        if let Some(prefix) = ef.prefix.as_deref().filter(|p| !p.is_empty()) {
            invalid_each(errs, &ip.field("prefix"), prefix, is_relaxed_env_var_name(prefix));
        }
        let mut n = 0;
        for (name, child) in [
            (ef.config_map_ref.as_ref().map(|r| r.name.as_str()), "configMapRef"),
            (ef.secret_ref.as_ref().map(|r| r.name.as_str()), "secretRef"),
        ] {
            let Some(name) = name else { continue };
            n += 1;
            let np = ip.field(child);
            if name.is_empty() {
                push_required(errs, &np.field("name"), "");
            } else {
                invalid_each(errs, &np.field("name"), name, name_is_dns_subdomain(name, true));
            }
        }
        if n == 0 {
            push_invalid(errs, path, "\"\"", "must specify one of: `configMapRef` or `secretRef`");
        } else if n > 1 {
            push_invalid(errs, path, "\"\"", "may not have more than one field specified at a time");
        }
    }
}

/// `ValidateVolumeMounts` (volumeDevices are not simulated).
fn validate_volume_mounts(c: &Container, vols: &Vols<'_>, path: &Path<'_>, errs: &mut Errs) {
    let mounts = c.volume_mounts.as_deref().unwrap_or(&[]);
    if mounts.is_empty() {
        return;
    }
    let mut points = Seen::new();
    for (i, m) in mounts.iter().enumerate() {
        let ip = path.index(i);
        if m.name.is_empty() {
            push_required(errs, &ip.field("name"), "");
        }
        let kind = vols.get(m.name.as_str()).copied();
        if kind.is_none() {
            errs.push(FieldError::not_found(&ip.field("name"), go_quote(&m.name)));
        }
        if m.mount_path.is_empty() {
            push_required(errs, &ip.field("mountPath"), "");
        }
        if !points.insert(m.mount_path.as_str()) {
            push_invalid(errs, &ip.field("mountPath"), go_quote(&m.mount_path), "must be unique");
        }
        let sub = m.sub_path.as_deref().unwrap_or("");
        let sub_expr = m.sub_path_expr.as_deref().unwrap_or("");
        if kind == Some("image") {
            if !sub.is_empty() {
                push_invalid(errs, &ip.field("subPath"), go_quote(sub), "not allowed in image volume sources");
            }
            if !sub_expr.is_empty() {
                push_invalid(errs, &ip.field("subPathExpr"), go_quote(sub_expr), "not allowed in image volume sources");
            }
        }
        // validateLocalDescendingPath is reported on the list path (upstream quirk).
        if !sub.is_empty() {
            local_descending_path(sub, &path.field("subPath"), errs);
        }
        if !sub_expr.is_empty() {
            if !sub.is_empty() {
                push_invalid(
                    errs,
                    &ip.field("subPathExpr"),
                    go_quote(sub_expr),
                    "subPathExpr and subPath are mutually exclusive",
                );
            }
            local_descending_path(sub_expr, &path.field("subPathExpr"), errs);
        }
    }
}

fn local_descending_path(p: &str, path: &Path<'_>, errs: &mut Errs) {
    if p.starts_with('/') {
        push_invalid(errs, path, go_quote(p), "must be a relative path");
    }
    if p.split('/').any(|s| s == "..") {
        push_invalid(errs, path, go_quote(p), "must not contain '..'");
    }
}

/// `validateProbe` (handler, non-negative numbers, probe grace period).
fn validate_probe(pr: &Probe, p: &Path<'_>, errs: &mut Errs) {
    let handlers: [(bool, &str); 4] = [
        (pr.exec.is_some(), "exec"),
        (pr.http_get.is_some(), "httpGet"),
        (pr.tcp_socket.is_some(), "tcpSocket"),
        (pr.grpc.is_some(), "grpc"),
    ];
    let mut n = 0;
    for (present, kind) in handlers {
        if !present {
            continue;
        }
        let hp = p.field(kind);
        if n > 0 {
            push_forbidden(errs, &hp, "may not specify more than 1 handler type");
            continue;
        }
        n += 1;
        match kind {
            "exec" => {
                if pr.exec.as_ref().is_some_and(|e| e.command.as_ref().is_none_or(|c| c.is_empty())) {
                    push_required(errs, &hp.field("command"), "");
                }
            }
            "httpGet" => {
                if let Some(h) = pr.http_get.as_ref() {
                    validate_http_get(h, &hp, errs);
                }
            }
            "tcpSocket" => {
                if let Some(t) = pr.tcp_socket.as_ref() {
                    port_num_or_name(&t.port, &hp.field("port"), errs);
                }
            }
            _ => {
                if let Some(g) = pr.grpc.as_ref() {
                    port_num_or_name(&IntOrString::Int(g.port), &hp.field("port"), errs);
                }
            }
        }
    }
    if n == 0 {
        push_required(errs, p, "must specify a handler type");
    }
    nonneg(pr.initial_delay_seconds, p, "initialDelaySeconds", errs);
    nonneg(pr.timeout_seconds, p, "timeoutSeconds", errs);
    nonneg(pr.period_seconds, p, "periodSeconds", errs);
    nonneg(pr.success_threshold, p, "successThreshold", errs);
    nonneg(pr.failure_threshold, p, "failureThreshold", errs);
    if let Some(t) = pr.termination_grace_period_seconds.filter(|t| *t <= 0) {
        push_invalid(errs, &p.field("terminationGracePeriodSeconds"), t.to_string(), "must be greater than 0");
    }
}

/// `validateHTTPGetAction`.
fn validate_http_get(h: &HTTPGetAction, hp: &Path<'_>, errs: &mut Errs) {
    if h.path.as_deref().unwrap_or("").is_empty() {
        push_required(errs, &hp.field("path"), "");
    }
    port_num_or_name(&h.port, &hp.field("port"), errs);
    let scheme = h.scheme.as_deref().unwrap_or("");
    if scheme != "HTTP" && scheme != "HTTPS" {
        push_not_supported(errs, &hp.field("scheme"), scheme, "HTTP HTTPS");
    }
    for hd in h.http_headers.iter().flatten() {
        if hd.name.is_empty() || !hd.name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
            push_invalid(
                errs,
                &hp.field("httpHeaders"),
                go_quote(&hd.name),
                regex_error(
                    "a valid HTTP header must consist of alphanumeric characters or '-'",
                    "[-A-Za-z0-9]+",
                    "X-Header-Name",
                ),
            );
        }
    }
}

/// `validateHandler` for a lifecycle hook (exec, httpGet, tcpSocket, sleep).
fn validate_lifecycle_handler(h: &LifecycleHandler, grace: Option<i64>, p: &Path<'_>, errs: &mut Errs) {
    let handlers: [(bool, &str); 4] = [
        (h.exec.is_some(), "exec"),
        (h.http_get.is_some(), "httpGet"),
        (h.tcp_socket.is_some(), "tcpSocket"),
        (h.sleep.is_some(), "sleep"),
    ];
    let mut n = 0;
    for (present, kind) in handlers {
        if !present {
            continue;
        }
        let hp = p.field(kind);
        if n > 0 {
            push_forbidden(errs, &hp, "may not specify more than 1 handler type");
            continue;
        }
        n += 1;
        match kind {
            "exec" => {
                if h.exec.as_ref().is_some_and(|e| e.command.as_ref().is_none_or(|c| c.is_empty())) {
                    push_required(errs, &hp.field("command"), "");
                }
            }
            "httpGet" => {
                if let Some(g) = h.http_get.as_ref() {
                    validate_http_get(g, &hp, errs);
                }
            }
            "tcpSocket" => {
                if let Some(t) = h.tcp_socket.as_ref() {
                    port_num_or_name(&t.port, &hp.field("port"), errs);
                }
            }
            _ => {
                // validateSleepAction with PodLifecycleSleepActionAllowZero (GA in 1.34).
                if let (Some(s), Some(g)) = (h.sleep.as_ref(), grace) {
                    if s.seconds < 0 || s.seconds > g {
                        push_invalid(
                            errs,
                            &hp,
                            s.seconds.to_string(),
                            format!("must be non-negative and less than terminationGracePeriodSeconds ({g})"),
                        );
                    }
                }
            }
        }
    }
    if n == 0 {
        push_required(errs, p, "must specify a handler type");
    }
}

fn is_hugepages(n: &str) -> bool {
    n.starts_with("hugepages-")
}

fn is_native(n: &str) -> bool {
    !n.contains('/') || n.contains("kubernetes.io/")
}

fn is_standard_resource(n: &str) -> bool {
    const STANDARD: &str = "cpu memory ephemeral-storage storage pods services replicationcontrollers \
        resourcequotas secrets configmaps persistentvolumeclaims services.nodeports services.loadbalancers \
        requests.cpu requests.memory requests.storage requests.ephemeral-storage limits.cpu limits.memory \
        limits.ephemeral-storage";
    listed(STANDARD, n) || is_hugepages(n) || n.starts_with("requests.hugepages-")
}

fn is_overcommit_allowed(n: &str) -> bool {
    is_native(n) && !is_hugepages(n)
}

/// `validateContainerResourceName` (`validateResourceName` + container rules).
fn container_resource_name(n: &str, p: &Path<'_>, errs: &mut Errs) {
    // The common names are valid qualified, standard, container resources.
    if matches!(n, "cpu" | "memory" | "ephemeral-storage") {
        return;
    }
    let before = errs.len();
    errs.extend(is_qualified_name(n).into_iter().map(|m| FieldError::invalid(p, go_quote(n), m)));
    if errs.len() == before && !n.contains('/') && !is_standard_resource(n) {
        push_invalid(errs, p, go_quote(n), "must be a standard resource type or fully qualified");
    }
    if !n.contains('/') {
        if !is_hugepages(n) {
            push_invalid(errs, p, go_quote(n), "must be a standard resource for containers");
        }
    } else if !is_native(n) && n.starts_with("requests.") {
        push_invalid(errs, p, go_quote(n), "doesn't follow extended resource name standard");
    }
}

/// `ValidateResourceQuantityValue` on an already parsed quantity (`None`: does not parse).
fn quantity_value(n: &str, q: &str, v: Option<qty::Q>, p: &Path<'_>, errs: &mut Errs) {
    if let Some(v) = v {
        if v.is_negative() {
            push_invalid(errs, p, go_quote(q), "must be greater than or equal to 0");
        }
        if !is_native(n) && v.is_fractional() {
            push_invalid(errs, p, go_quote(q), "must be an integer");
        }
    }
}

/// How many parsed limits [`validate_resources`] keeps for the request checks; later
/// ones (absurd specs only) are parsed again when a request needs them.
const KEPT_LIMITS: usize = 8;

/// `ValidateContainerResourceRequirements`. Each quantity is parsed once: limits are
/// kept (in key order) for the request-vs-limit checks, which walk both sorted maps.
fn validate_resources(r: &ResourceRequirements, p: &Path<'_>, errs: &mut Errs) {
    let lim_path = p.field("limits");
    let req_path = p.field("requests");
    let mut kept: [Option<qty::Q>; KEPT_LIMITS] = [None; KEPT_LIMITS];
    let mut lim_cpu_mem = false;
    let mut lim_huge = false;
    // The maps as slices (no iterator adapters of their own in the page).
    let empty = VecMap::new();
    let limits = r.limits.as_ref().unwrap_or(&empty);
    let lim_names = limits.keys().as_slice();
    for (i, (n, q)) in limits.iter().enumerate() {
        let fp = lim_path.field(n);
        container_resource_name(n, &fp, errs);
        let v = qty::parse(&q.0);
        quantity_value(n, &q.0, v, &fp, errs);
        if let Some(slot) = kept.get_mut(i) {
            *slot = v;
        }
        lim_huge |= is_hugepages(n);
        lim_cpu_mem |= n == "cpu" || n == "memory";
    }
    // The first limit not before the request (both maps iterate in key order).
    let mut next = 0;
    let mut req_cpu_mem = false;
    let mut req_huge = false;
    for (n, q) in r.requests.as_ref().unwrap_or(&empty) {
        let fp = req_path.field(n);
        container_resource_name(n, &fp, errs);
        let a = qty::parse(&q.0);
        quantity_value(n, &q.0, a, &fp, errs);
        // The limit of the same name, if any.
        while lim_names.get(next).is_some_and(|ln| ln < n) {
            next += 1;
        }
        let limit = match lim_names.get(next) {
            Some(ln) if ln == n => limits.values().as_slice().get(next).map(|l| (next, l)),
            _ => None,
        };
        next += usize::from(limit.is_some());
        if let Some((li, l)) = limit {
            let b = if li < KEPT_LIMITS { kept[li] } else { qty::parse(&l.0) };
            if let (Some(a), Some(b)) = (a, b) {
                if a.cmp_q(b).is_ne() && !is_overcommit_allowed(n) {
                    push_invalid(errs, &req_path, go_quote(&q.0), format!("must be equal to {n} limit of {}", l.0));
                } else if a.cmp_q(b).is_gt() {
                    push_invalid(
                        errs,
                        &req_path,
                        go_quote(&q.0),
                        format!("must be less than or equal to {n} limit of {}", l.0),
                    );
                }
            }
        } else if !is_overcommit_allowed(n) {
            push_required(errs, &lim_path, "Limit must be set for non overcommitable resources");
        }
        req_huge |= is_hugepages(n);
        req_cpu_mem |= n == "cpu" || n == "memory";
    }
    if !lim_cpu_mem && !req_cpu_mem && (lim_huge || req_huge) {
        push_forbidden(errs, p, "HugePages require cpu or memory");
    }
}

// ---------------------------------------------------------------------------------------
// Warnings (pkg/api/pod/warnings.go)
// ---------------------------------------------------------------------------------------

/// Upper bound on port warnings kept for one object (upstream is quadratic and unbounded).
const MAX_WARNINGS: usize = 1000;

/// A container port of the port warnings: where it is, and what it binds.
struct SeenPort<'a> {
    list: &'a Path<'a>,
    container: usize,
    port: usize,
    host_port: i32,
    host_ip: &'a str,
    /// `containerPort/protocol`.
    key: (i32, &'a str),
}

impl SeenPort<'_> {
    fn path(&self) -> String {
        self.list.index(self.container).field("ports").index(self.port).render()
    }
}

/// The deprecated volume sources (`warningsForPodSpecAndMeta`), a line each: the field, `:`
/// and its warning.
const DEPRECATED_VOLUMES: &str = "photonPersistentDisk:deprecated in v1.11, non-functional in v1.16+\n\
gitRepo:deprecated in v1.11\n\
scaleIO:deprecated in v1.16, non-functional in v1.22+\n\
flocker:deprecated in v1.22, non-functional in v1.25+\n\
storageOS:deprecated in v1.22, non-functional in v1.25+\n\
quobyte:deprecated in v1.22, non-functional in v1.25+\n\
glusterfs:deprecated in v1.25, non-functional in v1.26+\n\
cephfs:deprecated in v1.28, non-functional in v1.31+\n\
rbd:deprecated in v1.28, non-functional in v1.31+";

/// `warningsForPodSpecAndMeta` for what podlife simulates. `prefix` is `""` for a Pod or
/// the template path (e.g. `spec.template`) for a workload.
fn warnings_for(spec: &PodSpec, meta: &ObjectMeta, prefix: &str) -> Vec<String> {
    let join = |rest: &str| {
        if prefix.is_empty() {
            rest.to_string()
        } else {
            format!("{prefix}.{rest}")
        }
    };
    let prefix_root = Path::root(prefix);
    let spec_root = if prefix.is_empty() { Path::root("spec") } else { prefix_root.field("spec") };
    let mut w = Vec::new();
    for (i, t) in spec.topology_spread_constraints.iter().flatten().enumerate() {
        if t.label_selector.is_none() {
            w.push(format!(
                "{}: a null labelSelector results in matching no pod",
                spec_root.field("topologySpreadConstraints").index(i).field("labelSelector").render()
            ));
        }
    }
    if let Some(ann) = meta.annotations.as_ref() {
        for (key, msg) in [
            (
                "scheduler.alpha.kubernetes.io/critical-pod",
                "non-functional in v1.16+; use the \"priorityClassName\" field instead",
            ),
            ("security.alpha.kubernetes.io/sysctls", "non-functional in v1.11+; use the \"sysctls\" field instead"),
            (
                "security.alpha.kubernetes.io/unsafe-sysctls",
                "non-functional in v1.11+; use the \"sysctls\" field instead",
            ),
        ] {
            if ann.contains_key(key) {
                w.push(format!("{}[{key}]: {msg}", join("metadata.annotations")));
            }
        }
    }
    let vols = spec_root.field("volumes");
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        let present = [
            v.photon_persistent_disk.is_some(),
            v.git_repo.is_some(),
            v.scale_io.is_some(),
            v.flocker.is_some(),
            v.storageos.is_some(),
            v.quobyte.is_some(),
            v.glusterfs.is_some(),
            v.cephfs.is_some(),
            v.rbd.is_some(),
        ];
        for (line, present) in DEPRECATED_VOLUMES.split('\n').zip(present) {
            if let Some((child, msg)) = line.split_once(':').filter(|_| present) {
                w.push(format!("{}: {msg}", vols.index(i).field(child).render()));
            }
        }
    }
    let aliases = spec.host_aliases.as_deref().unwrap_or(&[]);
    if aliases.len() > 1 {
        let mut seen = Seen::new();
        for (i, a) in aliases.iter().enumerate() {
            let ip = a.ip.as_str();
            if !seen.insert(ip) {
                w.push(format!(
                    "{}: duplicate ip {}",
                    spec_root.field("hostAliases").index(i).field("ip").render(),
                    go_quote(ip)
                ));
            }
        }
    }
    let secrets = spec.image_pull_secrets.as_deref().unwrap_or(&[]);
    let secrets_path = spec_root.field("imagePullSecrets");
    if secrets.len() > 1 {
        let mut seen = Seen::new();
        for (i, s) in secrets.iter().enumerate() {
            if !seen.insert(s.name.as_str()) {
                w.push(format!(
                    "{}: duplicate name {}",
                    secrets_path.index(i).field("name").render(),
                    go_quote(&s.name)
                ));
            }
        }
    }
    for (i, s) in secrets.iter().enumerate() {
        if s.name.is_empty() {
            w.push(format!("{}: invalid empty name \"\"", secrets_path.index(i).field("name").render()));
        }
    }
    // Per container: fractional memory/ephemeral-storage, duplicate env (VisitContainersWithPath order).
    let init_list = spec_root.field("initContainers");
    let ctr_list = spec_root.field("containers");
    // Listed once (three passes below; one chained iterator each was three copies of its code).
    let mut visit = Vec::new();
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        visit.push((&init_list, i, c));
    }
    for (i, c) in spec.containers.iter().enumerate() {
        visit.push((&ctr_list, i, c));
    }
    for &(list, ci, c) in &visit {
        if let Some(r) = c.resources.as_ref() {
            for (res, kind) in [
                ("memory", "limits"),
                ("memory", "requests"),
                ("ephemeral-storage", "limits"),
                ("ephemeral-storage", "requests"),
            ] {
                let list_of = if kind == "limits" { r.limits.as_ref() } else { r.requests.as_ref() };
                if let Some(q) = list_of.and_then(|l| l.get(res)) {
                    if qty::parse(&q.0).is_some_and(|v| v.is_fractional()) {
                        w.push(format!(
                            "{}: fractional byte value {} is invalid, must be an integer",
                            list.index(ci).field("resources").field(kind).key(res).render(),
                            go_quote(&q.0)
                        ));
                    }
                }
            }
        }
        let env = c.env.as_deref().unwrap_or(&[]);
        if env.len() > 1 {
            let mut names = Seen::new();
            for (i, e) in env.iter().enumerate() {
                if names.contains(e.name.as_str()) {
                    let r = format!("$({})", e.name);
                    let v = e.value.as_deref().unwrap_or("");
                    if e.value_from.is_some() || v == r || !v.contains(&r) {
                        w.push(format!(
                            "{}: hides previous definition of {}, which may be dropped when using apply",
                            list.index(ci).field("env").index(i).render(),
                            go_quote(&e.name)
                        ));
                    }
                } else {
                    names.insert(e.name.as_str());
                }
            }
        }
    }
    // Ports across all containers, in visiting order. A port is compared with the earlier
    // ports of its `containerPort/protocol`: a stable sort of the ports by that key lists each
    // key's ports together, in visiting order (one shared sort; no map of its own shape).
    let mut seen: Vec<SeenPort<'_>> = Vec::new();
    for &(list, ci, c) in &visit {
        for (i, p) in c.ports.iter().flatten().enumerate() {
            let host_ip = p.host_ip.as_deref().unwrap_or("");
            let key = (p.container_port, p.protocol.as_deref().unwrap_or(""));
            seen.push(SeenPort { list, container: ci, port: i, host_port: p.host_port.unwrap_or(0), host_ip, key });
        }
    }
    let order = crate::sort::indices(seen.len(), &|a, b| seen[a].key.cmp(&seen[b].key));
    // For port `k` (visiting order): its place in `order`, and where its key's ports start there.
    let (mut rank, mut first) = (vec![0; seen.len()], vec![0; seen.len()]);
    for (r, &k) in order.iter().enumerate() {
        rank[k] = r;
        first[k] = match r.checked_sub(1).map(|q| order[q]) {
            Some(prev) if seen[prev].key == seen[k].key => first[prev],
            _ => r,
        };
    }
    let mut base = 0;
    for &(list, ci, c) in &visit {
        let ports = c.ports.as_deref().unwrap_or(&[]);
        let me0 = base;
        base += ports.len();
        for (i, port) in ports.iter().enumerate() {
            let hip = port.host_ip.as_deref().unwrap_or("");
            let hp = port.host_port.unwrap_or(0);
            let proto = port.protocol.as_deref().unwrap_or("");
            let fp = || list.index(ci).field("ports").index(i).render();
            if !hip.is_empty() && hp == 0 {
                w.push(format!(
                    "{}: hostIP set without hostPort: {{Name:{} HostPort:{hp} ContainerPort:{} Protocol:{proto} HostIP:{hip}}}",
                    fp(),
                    port.name.as_deref().unwrap_or(""),
                    port.container_port
                ));
            }
            // Upstream compares every pair; bound the work for absurd specs.
            if w.len() >= MAX_WARNINGS {
                break;
            }
            let me = me0 + i;
            let mut fp_text: Option<String> = None;
            for other in order[first[me]..rank[me]].iter().take(MAX_WARNINGS).map(|&o| &seen[o]) {
                let what = if hip == other.host_ip && hp == other.host_port {
                    Some("duplicate")
                } else if hp == 0 || other.host_port == 0 {
                    Some("overlapping")
                } else if hp == other.host_port && (hip.is_empty() != other.host_ip.is_empty()) {
                    Some("dangerously ambiguous")
                } else {
                    None
                };
                if let Some(what) = what {
                    let me = fp_text.get_or_insert_with(&fp);
                    w.push(format!("{me}: {what} port definition with {}", other.path()));
                }
            }
        }
    }
    if spec.termination_grace_period_seconds.is_some_and(|t| t < 0) {
        w.push(format!(
            "{}: must be >= 0; negative values are invalid and will be treated as 1",
            join("spec.terminationGracePeriodSeconds")
        ));
    }
    w
}

// ---------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------

/// Renders a label map the way Go's `%#v` prints `map[string]string`.
fn go_map(m: Option<&BTreeMap<String, String>>) -> String {
    match m {
        None => "map[string]string(nil)".into(),
        Some(m) => {
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v))).collect();
            format!("map[string]string{{{}}}", parts.join(", "))
        }
    }
}

/// Whether a label selector matches a label set (`metav1.LabelSelectorAsSelector`).
pub(crate) fn selector_matches(sel: &LabelSelector, labels: Option<&BTreeMap<String, String>>) -> bool {
    let empty = BTreeMap::new();
    let labels = labels.unwrap_or(&empty);
    let ml = sel.match_labels.iter().flatten().all(|(k, v)| labels.get(k) == Some(v));
    let me = sel.match_expressions.iter().flatten().all(|e| {
        // A linear search (no set: collecting one would add a sort to the page's wasm).
        let has = |v: &String| e.values.iter().flatten().any(|x| x == v);
        match e.operator.as_str() {
            "In" => labels.get(&e.key).is_some_and(has),
            "NotIn" => labels.get(&e.key).is_none_or(|v| !has(v)),
            "Exists" => labels.contains_key(&e.key),
            "DoesNotExist" => !labels.contains_key(&e.key),
            _ => false,
        }
    });
    ml && me
}

fn selector_is_empty(sel: &LabelSelector) -> bool {
    sel.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && sel.match_expressions.as_ref().is_none_or(|m| m.is_empty())
}

/// Validate a defaulted workload object's pod template as the API server does when that
/// workload is created. `kind` is "Deployment" | "ReplicaSet" | "ReplicationController" |
/// "StatefulSet" | "DaemonSet" | "Job" | "CronJob"; `template_path` is where the template
/// sits ("spec.template" or for CronJob "spec.jobTemplate.spec.template"); `meta` is the
/// workload's metadata, `selector` its selector if any, `template` the template.
pub fn validate_workload_template(
    kind: &str,
    meta: &ObjectMeta,
    selector: Option<&LabelSelector>,
    template_path: &str,
    template: &PodTemplateSpec,
) -> Validation {
    let mut errs = Vec::new();
    let name_fn: fn(&str, bool) -> Vec<String> = if kind == "CronJob" { cronjob_name } else { name_is_dns_subdomain };
    errs.extend(validate_object_meta(meta, name_fn));
    let empty_meta = ObjectMeta::default();
    let tmeta = template.metadata.as_ref().unwrap_or(&empty_meta);
    let empty = empty_spec();
    let spec = template.spec.as_ref().unwrap_or(&empty);
    let tp = template_path;
    let tp_root = Path::root(tp);
    let is_apps = matches!(kind, "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "ReplicationController");
    if is_apps {
        match selector {
            None if kind != "ReplicationController" => push_required(&mut errs, "spec.selector", ""),
            Some(sel) if selector_is_empty(sel) && kind != "ReplicationController" => {
                push_invalid(
                    &mut errs,
                    "spec.selector",
                    "{}",
                    format!("empty selector is invalid for {}", kind.to_ascii_lowercase()),
                );
            }
            Some(sel) if !selector_matches(sel, tmeta.labels.as_ref()) => {
                push_invalid(
                    &mut errs,
                    &tp_root.field("metadata.labels"),
                    go_map(tmeta.labels.as_ref()),
                    "`selector` does not match template `labels`",
                );
            }
            _ => {}
        }
    }
    // ValidatePodTemplateSpec.
    validate_labels(tmeta.labels.as_ref(), &tp_root.field("labels"), &mut errs);
    let spec_root = tp_root.field("spec");
    validate_pod_spec(spec, None, &spec_root, false, &mut errs);
    if spec.ephemeral_containers.as_ref().is_some_and(|e| !e.is_empty()) {
        push_forbidden(
            &mut errs,
            &spec_root.field("ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        );
    }
    let restart = spec.restart_policy.as_deref().unwrap_or("");
    if is_apps {
        if restart != "Always" {
            push_not_supported(&mut errs, &spec_root.field("restartPolicy"), restart, "Always");
        }
        if spec.active_deadline_seconds.is_some() {
            let what = match kind {
                "Deployment" => "ReplicaSet",
                k => k,
            };
            push_forbidden(
                &mut errs,
                &spec_root.field("activeDeadlineSeconds"),
                format!("activeDeadlineSeconds in {what} is not Supported"),
            );
        }
    } else if restart != "OnFailure" && restart != "Never" {
        push_not_supported(&mut errs, &spec_root.field("restartPolicy"), restart, "OnFailure Never");
    }
    Validation { errors: errs, warnings: warnings_for(spec, tmeta, tp) }
}

/// CronJob names: a DNS subdomain of at most 52 characters (`ValidateCronJobCreate`).
fn cronjob_name(name: &str, prefix: bool) -> Vec<String> {
    let mut e = name_is_dns_subdomain(name, prefix);
    if !prefix && name.len() > 52 {
        e.push(max_len(52));
    }
    e
}

// ---------------------------------------------------------------------------------------
// Services (issue 6: traffic)
// ---------------------------------------------------------------------------------------

/// `NameIsDNS1035Label` (`ValidateServiceName`).
fn is_dns1035_label(v: &str, _prefix: bool) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len(63));
    }
    let b = v.as_bytes();
    let ok = !b.is_empty()
        && b[0].is_ascii_lowercase()
        && is_label_char(b[b.len() - 1])
        && b.iter().all(|c| is_label_char(*c) || *c == b'-');
    if !ok {
        errs.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            "[a-z]([-a-z0-9]*[a-z0-9])?",
            "my-name abc-123",
        ));
    }
    errs
}

/// One `spec.ports[i]` of a Service, defaulted (protocol `TCP`, `targetPort` = `port`).
pub struct ServicePortFields<'a> {
    pub name: &'a str,
    pub port: i32,
    pub protocol: &'a str,
    pub target_port: &'a IntOrString,
}

/// The essentials of upstream `ValidateService` (`pkg/apis/core/validation/validation.go`),
/// in its order: the name (`ValidateServiceName`, a DNS-1035 label), metadata labels,
/// `spec.ports` required unless headless or ExternalName, each port (`validateServicePort`:
/// name required when there are several, a DNS-1123 label, unique; port number; protocol;
/// `ValidatePortNumOrName` on targetPort), the selector's labels, and the type. Not
/// checked: duplicate (protocol, port) pairs, IP families, load-balancer and node-port fields.
pub fn validate_service(
    meta: &ObjectMeta,
    type_: &str,
    cluster_ip: &str,
    ports: &[ServicePortFields<'_>],
    selector: Option<&BTreeMap<String, String>>,
) -> Vec<FieldError> {
    let mut errs = validate_object_meta(meta, is_dns1035_label);
    let headless = cluster_ip == "None";
    if ports.is_empty() && !headless && type_ != "ExternalName" {
        push_required(&mut errs, "spec.ports", "");
    }
    let ports_path = Path::root("spec.ports");
    let mut names: Vec<&str> = Vec::new();
    for (i, sp) in ports.iter().enumerate() {
        let p = ports_path.index(i);
        if ports.len() > 1 && sp.name.is_empty() {
            push_required(&mut errs, &p.field("name"), "");
        } else if !sp.name.is_empty() {
            invalid_each(&mut errs, &p.field("name"), sp.name, is_dns1123_label(sp.name));
            if names.contains(&sp.name) {
                push_duplicate(&mut errs, &p.field("name"), go_quote(sp.name));
            } else {
                names.push(sp.name);
            }
        }
        if !(1..=65535).contains(&sp.port) {
            push_invalid(&mut errs, &p.field("port"), sp.port.to_string(), PORT_RANGE);
        }
        if !listed("SCTP TCP UDP", sp.protocol) {
            push_not_supported(&mut errs, &p.field("protocol"), sp.protocol, "SCTP TCP UDP");
        }
        port_num_or_name(sp.target_port, &p.field("targetPort"), &mut errs);
    }
    validate_labels(selector, &Path::root("spec.selector"), &mut errs);
    let types = "ClusterIP ExternalName LoadBalancer NodePort";
    if !listed(types, type_) {
        push_not_supported(&mut errs, "spec.type", type_, types);
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defaults::default_pod;
    use crate::model::core::{ContainerPort, EnvVar, ExecAction, GRPCAction, Lifecycle, SleepAction, TCPSocketAction};

    fn ctr(name: &str) -> Container {
        Container {
            name: name.into(),
            image: Some("image".into()),
            image_pull_policy: Some("IfNotPresent".into()),
            termination_message_policy: Some("File".into()),
            ..Default::default()
        }
    }

    fn spec_of(cs: Vec<Container>) -> PodSpec {
        PodSpec {
            containers: cs,
            restart_policy: Some("Always".into()),
            dns_policy: Some("ClusterFirst".into()),
            termination_grace_period_seconds: Some(30),
            ..Default::default()
        }
    }

    fn pod_of(spec: PodSpec) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = Some("demo".into());
        p.spec = Some(spec);
        p
    }

    fn errs_of(spec: PodSpec) -> Vec<String> {
        validate_pod(&pod_of(spec)).errors.iter().map(|e| e.to_string()).collect()
    }

    fn exec() -> Option<ExecAction> {
        Some(ExecAction { command: Some(vec!["true".into()]) })
    }

    fn probe() -> Probe {
        Probe {
            exec: exec(),
            timeout_seconds: Some(1),
            period_seconds: Some(10),
            success_threshold: Some(1),
            failure_threshold: Some(3),
            ..Default::default()
        }
    }

    #[test]
    fn valid_specs_have_no_errors() {
        assert!(errs_of(spec_of(vec![ctr("app")])).is_empty());
        let mut c = ctr("app");
        c.liveness_probe = Some(probe());
        c.readiness_probe = Some(probe());
        c.startup_probe = Some(probe());
        c.lifecycle = Some(Lifecycle {
            pre_stop: Some(LifecycleHandler { sleep: Some(SleepAction { seconds: 0 }), ..Default::default() }),
            post_start: Some(LifecycleHandler { exec: exec(), ..Default::default() }),
            ..Default::default()
        });
        c.ports = Some(vec![ContainerPort {
            container_port: 80,
            name: Some("http".into()),
            protocol: Some("TCP".into()),
            ..Default::default()
        }]);
        let mut side = ctr("side");
        side.restart_policy = Some("Always".into());
        side.readiness_probe = Some(probe());
        let mut spec = spec_of(vec![c]);
        spec.init_containers = Some(vec![side, ctr("init")]);
        assert_eq!(errs_of(spec), Vec::<String>::new());
        // A raw pod that only goes through defaulting is valid too.
        let mut raw = Pod::default();
        raw.metadata.name = Some("web".into());
        raw.spec = Some(PodSpec {
            containers: vec![Container { name: "nginx".into(), image: Some("nginx".into()), ..Default::default() }],
            ..Default::default()
        });
        default_pod(&mut raw);
        let v = validate_pod(&raw);
        assert!(v.errors.is_empty(), "{:?}", v.errors);
        assert!(v.warnings.is_empty());
    }

    #[test]
    fn container_names() {
        let cases = [
            ("", "spec.containers[0].name: Required value"),
            ("My_App", "spec.containers[0].name: Invalid value: \"My_App\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
            ("a.b", "spec.containers[0].name: Invalid value: \"a.b\": must not contain dots"),
        ];
        for (name, want) in cases {
            assert_eq!(errs_of(spec_of(vec![ctr(name)])), vec![want.to_string()], "{name}");
        }
        let long = "a".repeat(64);
        assert_eq!(
            errs_of(spec_of(vec![ctr(&long)])),
            vec![format!("spec.containers[0].name: Invalid value: \"{long}\": must be no more than 63 characters")]
        );
        assert_eq!(
            errs_of(spec_of(vec![ctr("app"), ctr("app")])),
            vec!["spec.containers[1].name: Duplicate value: \"app\"".to_string()]
        );
        let mut spec = spec_of(vec![ctr("app")]);
        spec.init_containers = Some(vec![ctr("app")]);
        assert_eq!(errs_of(spec), vec!["spec.initContainers[0].name: Duplicate value: \"app\"".to_string()]);
        assert_eq!(errs_of(spec_of(vec![])), vec!["spec.containers: Required value".to_string()]);
    }

    #[test]
    fn container_common_fields() {
        let mut c = ctr("app");
        c.image = None;
        c.termination_message_policy = Some("Sometimes".into());
        c.image_pull_policy = Some("Maybe".into());
        assert_eq!(
            errs_of(spec_of(vec![c])),
            vec![
                "spec.containers[0].image: Required value",
                "spec.containers[0].terminationMessagePolicy: Unsupported value: \"Sometimes\": supported values: \"File\", \"FallbackToLogsOnError\"",
                "spec.containers[0].imagePullPolicy: Unsupported value: \"Maybe\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
            ]
        );
        let mut c = ctr("app");
        c.image = Some(" nginx ".into());
        assert_eq!(
            errs_of(spec_of(vec![c])),
            vec!["spec.containers[0].image: Invalid value: \" nginx \": must not have leading or trailing whitespace"]
        );
        let mut c = ctr("app");
        c.restart_policy = Some("Always".into());
        assert_eq!(
            errs_of(spec_of(vec![c])),
            vec!["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"]
        );
    }

    #[test]
    fn probes() {
        let p = |f: &dyn Fn(&mut Probe)| {
            let mut pr = probe();
            f(&mut pr);
            let mut c = ctr("app");
            c.liveness_probe = Some(pr);
            errs_of(spec_of(vec![c]))
        };
        assert_eq!(
            p(&|pr| pr.success_threshold = Some(2)),
            vec!["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]
        );
        assert_eq!(
            p(&|pr| pr.success_threshold = Some(-1)),
            vec![
                "spec.containers[0].livenessProbe.successThreshold: Invalid value: -1: must be greater than or equal to 0",
                "spec.containers[0].livenessProbe.successThreshold: Invalid value: -1: must be 1",
            ]
        );
        assert_eq!(
            p(&|pr| pr.exec = None),
            vec!["spec.containers[0].livenessProbe: Required value: must specify a handler type"]
        );
        assert_eq!(
            p(&|pr| pr.tcp_socket = Some(TCPSocketAction { port: IntOrString::Int(0), host: None })),
            vec!["spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"]
        );
        assert_eq!(
            p(&|pr| pr.exec = Some(ExecAction { command: None })),
            vec!["spec.containers[0].livenessProbe.exec.command: Required value"]
        );
        assert_eq!(p(&|pr| pr.initial_delay_seconds = Some(-1)), vec!["spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0"]);
        assert_eq!(p(&|pr| pr.termination_grace_period_seconds = Some(0)), vec!["spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0"]);
        assert_eq!(
            p(&|pr| {
                pr.exec = None;
                pr.grpc = Some(GRPCAction { port: 70000, service: Some(String::new()) })
            }),
            vec!["spec.containers[0].livenessProbe.grpc.port: Invalid value: 70000: must be between 1 and 65535, inclusive"]
        );
        assert_eq!(
            p(&|pr| {
                pr.exec = None;
                pr.http_get = Some(HTTPGetAction {
                    port: IntOrString::String("Http_".into()),
                    path: Some("/".into()),
                    scheme: Some("FTP".into()),
                    http_headers: Some(vec![crate::model::core::HTTPHeader { name: "X Y".into(), value: "1".into() }]),
                    host: None,
                })
            }),
            vec![
                "spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"Http_\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\"",
                "spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: \"X Y\": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
            ]
        );
        // Readiness: grace period forbidden, success threshold free.
        let mut c = ctr("app");
        let mut pr = probe();
        pr.success_threshold = Some(3);
        pr.termination_grace_period_seconds = Some(-1);
        c.readiness_probe = Some(pr);
        assert_eq!(
            errs_of(spec_of(vec![c])),
            vec![
                "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: -1: must be greater than 0",
                "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: -1: must not be set for readinessProbes",
            ]
        );
    }

    #[test]
    fn lifecycle_and_sleep() {
        let with = |h: LifecycleHandler, grace: i64| {
            let mut c = ctr("app");
            c.lifecycle = Some(Lifecycle { pre_stop: Some(h), ..Default::default() });
            let mut s = spec_of(vec![c]);
            s.termination_grace_period_seconds = Some(grace);
            errs_of(s)
        };
        assert_eq!(
            with(LifecycleHandler::default(), 30),
            vec!["spec.containers[0].lifecycle.preStop: Required value: must specify a handler type"]
        );
        assert_eq!(
            with(LifecycleHandler { sleep: Some(SleepAction { seconds: 31 }), ..Default::default() }, 30),
            vec!["spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)"]
        );
        assert_eq!(
            with(LifecycleHandler { sleep: Some(SleepAction { seconds: -1 }), ..Default::default() }, 30),
            vec!["spec.containers[0].lifecycle.preStop.sleep: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (30)"]
        );
        assert!(
            with(LifecycleHandler { sleep: Some(SleepAction { seconds: 30 }), ..Default::default() }, 30).is_empty()
        );
        assert_eq!(
            with(LifecycleHandler { exec: exec(), sleep: Some(SleepAction { seconds: 1 }), ..Default::default() }, 30),
            vec!["spec.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type"]
        );
    }

    #[test]
    fn init_containers() {
        let mut ic = ctr("init");
        ic.liveness_probe = Some(probe());
        ic.lifecycle = Some(Lifecycle::default());
        let mut spec = spec_of(vec![ctr("app")]);
        spec.init_containers = Some(vec![ic]);
        assert_eq!(
            errs_of(spec),
            vec![
                "spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always",
                "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
            ]
        );
        let mut ic = ctr("init");
        ic.restart_policy = Some("OnFailure".into());
        let mut spec = spec_of(vec![ctr("app")]);
        spec.init_containers = Some(vec![ic]);
        assert_eq!(
            errs_of(spec),
            vec![
                "spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""
            ]
        );
        // Sidecar probes are validated like regular ones.
        let mut ic = ctr("side");
        ic.restart_policy = Some("Always".into());
        let mut pr = probe();
        pr.success_threshold = Some(2);
        ic.startup_probe = Some(pr);
        let mut spec = spec_of(vec![ctr("app")]);
        spec.init_containers = Some(vec![ic]);
        assert_eq!(
            errs_of(spec),
            vec!["spec.initContainers[0].startupProbe.successThreshold: Invalid value: 2: must be 1"]
        );
        // hostPort duplicates inside the second init container are reported on index 0.
        let port = ContainerPort {
            container_port: 80,
            host_port: Some(8080),
            protocol: Some("TCP".into()),
            ..Default::default()
        };
        let mut a = ctr("a");
        a.ports = Some(vec![port.clone()]);
        let mut b = ctr("b");
        b.ports = Some(vec![ContainerPort { container_port: 81, ..port.clone() }, port.clone()]);
        let mut spec = spec_of(vec![ctr("app")]);
        spec.init_containers = Some(vec![a, b]);
        assert_eq!(errs_of(spec), vec!["spec.initContainers[0].ports[1].hostPort: Duplicate value: \"TCP//8080\""]);
    }

    #[test]
    fn ports() {
        let mut c = ctr("app");
        c.ports = Some(vec![
            ContainerPort {
                container_port: 0,
                protocol: Some("TCP".into()),
                name: Some("-Abc--".into()),
                ..Default::default()
            },
            ContainerPort {
                container_port: 70000,
                host_port: Some(-1),
                protocol: Some("HTTP".into()),
                ..Default::default()
            },
            ContainerPort {
                container_port: 80,
                name: Some("web".into()),
                protocol: Some("TCP".into()),
                ..Default::default()
            },
            ContainerPort {
                container_port: 81,
                name: Some("web".into()),
                protocol: Some("TCP".into()),
                ..Default::default()
            },
        ]);
        assert_eq!(
            errs_of(spec_of(vec![c])),
            vec![
                "spec.containers[0].ports[0].name: Invalid value: \"-Abc--\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.containers[0].ports[0].name: Invalid value: \"-Abc--\": must not contain consecutive hyphens",
                "spec.containers[0].ports[0].name: Invalid value: \"-Abc--\": must not begin or end with a hyphen",
                "spec.containers[0].ports[0].containerPort: Required value",
                "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[1].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.containers[0].ports[3].name: Duplicate value: \"web\"",
            ]
        );
        let mut c = ctr("app");
        c.ports = Some(vec![ContainerPort {
            container_port: 80,
            host_port: Some(81),
            protocol: Some("TCP".into()),
            ..Default::default()
        }]);
        let mut spec = spec_of(vec![c]);
        spec.host_network = Some(true);
        assert_eq!(errs_of(spec), vec!["spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true"]);
    }

    #[test]
    fn resources() {
        let rl = |kv: &[(&str, &str)]| {
            Some(kv.iter().map(|(k, v)| (k.to_string(), K8s(v.to_string()))).collect::<crate::vecmap::VecMap<_, _>>())
        };
        use crate::model::Quantity as K8s;
        let mut c = ctr("app");
        c.resources = Some(ResourceRequirements {
            limits: rl(&[("cpu", "1")]),
            requests: rl(&[("cpu", "2"), ("disk", "1")]),
            claims: None,
        });
        assert_eq!(
            errs_of(spec_of(vec![c])),
            vec![
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
                "spec.containers[0].resources.requests.disk: Invalid value: \"disk\": must be a standard resource type or fully qualified",
                "spec.containers[0].resources.requests.disk: Invalid value: \"disk\": must be a standard resource for containers",
            ]
        );
        let mut c = ctr("app");
        c.resources = Some(ResourceRequirements {
            limits: rl(&[("memory", "-1")]),
            requests: rl(&[("example.com/gpu", "1")]),
            claims: None,
        });
        assert_eq!(
            errs_of(spec_of(vec![c])),
            vec![
                "spec.containers[0].resources.limits.memory: Invalid value: \"-1\": must be greater than or equal to 0",
                "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
            ]
        );
        let mut c = ctr("app");
        c.resources = Some(ResourceRequirements {
            limits: rl(&[("hugepages-2Mi", "2Mi")]),
            requests: rl(&[("hugepages-2Mi", "4Mi")]),
            claims: None,
        });
        assert_eq!(
            errs_of(spec_of(vec![c])),
            vec![
                "spec.containers[0].resources.requests: Invalid value: \"4Mi\": must be equal to hugepages-2Mi limit of 2Mi",
                "spec.containers[0].resources: Forbidden: HugePages require cpu or memory",
            ]
        );
    }

    #[test]
    fn pod_level_fields() {
        let mut s = spec_of(vec![ctr("app")]);
        s.restart_policy = Some("Sometimes".into());
        s.dns_policy = Some("Cluster".into());
        s.active_deadline_seconds = Some(0);
        assert_eq!(
            errs_of(s),
            vec![
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                "spec.dnsPolicy: Unsupported value: \"Cluster\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"",
                "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
            ]
        );
        let mut s = spec_of(vec![ctr("app")]);
        s.restart_policy = Some(String::new());
        assert_eq!(errs_of(s), vec!["spec.restartPolicy: Required value"]);
        let mut p = pod_of(spec_of(vec![ctr("app")]));
        p.metadata.name = Some("My_Pod".into());
        let e: Vec<String> = validate_pod(&p).errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(e, vec!["metadata.name: Invalid value: \"My_Pod\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]);
        p.metadata.name = None;
        let e: Vec<String> = validate_pod(&p).errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(e, vec!["metadata.name: Required value: name or generateName is required"]);
    }

    #[test]
    fn volumes_env_mounts() {
        use crate::model::core::{ConfigMapVolumeSource, EmptyDirVolumeSource, EnvVarSource, VolumeMount};
        use crate::model::Quantity as K8s;
        let mut c = ctr("app");
        c.volume_mounts = Some(vec![
            VolumeMount { name: "data".into(), mount_path: "/d".into(), ..Default::default() },
            VolumeMount { name: "nope".into(), mount_path: "/d".into(), ..Default::default() },
        ]);
        c.env = Some(vec![
            EnvVar { name: "A=B".into(), value: None, value_from: None },
            EnvVar { name: "X".into(), value: Some("v".into()), value_from: Some(EnvVarSource::default()) },
        ]);
        let mut s = spec_of(vec![c]);
        s.volumes = Some(vec![
            Volume {
                name: "data".into(),
                empty_dir: Some(EmptyDirVolumeSource { size_limit: Some(K8s("1Gi".into())), medium: None }),
                ..Default::default()
            },
            Volume {
                name: "Bad".into(),
                config_map: Some(ConfigMapVolumeSource { default_mode: Some(0o1000), ..Default::default() }),
                ..Default::default()
            },
        ]);
        assert_eq!(
            errs_of(s),
            vec![
                "spec.volumes[1].configMap.name: Required value",
                "spec.volumes[1].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive",
                "spec.volumes[1].name: Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
                "spec.containers[0].env[1].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
                "spec.containers[0].volumeMounts[1].name: Not found: \"nope\"",
                "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/d\": must be unique",
            ]
        );
    }

    type PortSpec<'a> = (i32, Option<i32>, &'a str, &'a str);

    /// The warnings of a pod whose init and regular containers have these ports
    /// (`containerPort`, `hostPort`, protocol, hostIP; empty for absent).
    fn port_warnings_of(init: Vec<Vec<PortSpec<'_>>>, ctrs: Vec<Vec<PortSpec<'_>>>) -> Vec<String> {
        let mk = |name: String, ports: Vec<PortSpec<'_>>| {
            let mut c = ctr(&name);
            c.ports = Some(
                ports
                    .into_iter()
                    .map(|(cp, hp, proto, hip)| ContainerPort {
                        container_port: cp,
                        host_port: hp,
                        protocol: (!proto.is_empty()).then(|| proto.to_string()),
                        host_ip: (!hip.is_empty()).then(|| hip.to_string()),
                        ..Default::default()
                    })
                    .collect(),
            );
            c
        };
        let mut s = spec_of(ctrs.into_iter().enumerate().map(|(i, p)| mk(format!("c{i}"), p)).collect());
        if !init.is_empty() {
            s.init_containers = Some(init.into_iter().enumerate().map(|(i, p)| mk(format!("i{i}"), p)).collect());
        }
        warnings_for(&s, &ObjectMeta::default(), "")
    }

    /// `warningsForPodSpecAndMeta`'s container ports: duplicate, overlapping and ambiguous
    /// definitions across init and regular containers in visiting order, hostIP without
    /// hostPort, and the bound on absurd specs.
    #[test]
    fn port_warnings() {
        let got = port_warnings_of(
            vec![vec![(80, None, "TCP", ""), (53, Some(53), "UDP", "")], vec![(80, Some(8080), "TCP", "10.0.0.1")]],
            vec![
                vec![
                    (80, None, "TCP", ""),
                    (80, Some(8080), "TCP", ""),
                    (53, Some(53), "UDP", ""),
                    (53, Some(53), "TCP", ""),
                ],
                vec![
                    (80, Some(8080), "TCP", "10.0.0.1"),
                    (80, Some(9090), "TCP", "10.0.0.2"),
                    (53, None, "UDP", "127.0.0.1"),
                    (443, None, "", ""),
                    (443, None, "", ""),
                ],
            ],
        );
        assert_eq!(
            got,
            vec![
                "spec.initContainers[1].ports[0]: overlapping port definition with spec.initContainers[0].ports[0]",
                "spec.containers[0].ports[0]: duplicate port definition with spec.initContainers[0].ports[0]",
                "spec.containers[0].ports[0]: overlapping port definition with spec.initContainers[1].ports[0]",
                "spec.containers[0].ports[1]: overlapping port definition with spec.initContainers[0].ports[0]",
                "spec.containers[0].ports[1]: dangerously ambiguous port definition with spec.initContainers[1].ports[0]",
                "spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]",
                "spec.containers[0].ports[2]: duplicate port definition with spec.initContainers[0].ports[1]",
                "spec.containers[1].ports[0]: overlapping port definition with spec.initContainers[0].ports[0]",
                "spec.containers[1].ports[0]: duplicate port definition with spec.initContainers[1].ports[0]",
                "spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]",
                "spec.containers[1].ports[0]: dangerously ambiguous port definition with spec.containers[0].ports[1]",
                "spec.containers[1].ports[1]: overlapping port definition with spec.initContainers[0].ports[0]",
                "spec.containers[1].ports[1]: overlapping port definition with spec.containers[0].ports[0]",
                "spec.containers[1].ports[2]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:53 Protocol:UDP HostIP:127.0.0.1}",
                "spec.containers[1].ports[2]: overlapping port definition with spec.initContainers[0].ports[1]",
                "spec.containers[1].ports[2]: overlapping port definition with spec.containers[0].ports[2]",
                "spec.containers[1].ports[4]: duplicate port definition with spec.containers[1].ports[3]",
            ]
        );
        // Many ports on one key: the warnings stop near the bound, every later port too.
        let many: Vec<PortSpec<'_>> = (0..30).map(|i| (80 + i % 2, None, "TCP", "")).collect();
        let odd = vec![(81, Some(0), "TCP", "1.2.3.4"), (81, None, "TCP", "1.2.3.4")];
        let got = port_warnings_of(vec![many.clone(), many.clone()], vec![many.clone(), many, odd.clone(), odd]);
        assert_eq!(got.len(), 1026);
        assert_eq!(got.iter().map(String::len).sum::<usize>(), 98150);
        assert_eq!(
            got[..3],
            [
                "spec.initContainers[0].ports[2]: duplicate port definition with spec.initContainers[0].ports[0]",
                "spec.initContainers[0].ports[3]: duplicate port definition with spec.initContainers[0].ports[1]",
                "spec.initContainers[0].ports[4]: duplicate port definition with spec.initContainers[0].ports[0]",
            ]
        );
        assert_eq!(
            got[got.len() - 3..],
            [
                "spec.containers[0].ports[4]: duplicate port definition with spec.containers[0].ports[2]",
                "spec.containers[2].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:81 Protocol:TCP HostIP:1.2.3.4}",
                "spec.containers[3].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:81 Protocol:TCP HostIP:1.2.3.4}",
            ]
        );
    }

    #[test]
    fn one_volume_source_each() {
        macro_rules! d {
            () => {
                Some(Default::default())
            };
        }
        let mut v = Volume { name: "v".into(), ..Default::default() };
        (v.empty_dir, v.host_path, v.git_repo, v.gce_persistent_disk, v.aws_elastic_block_store) =
            (d!(), d!(), d!(), d!(), d!());
        (v.secret, v.nfs, v.iscsi, v.glusterfs, v.flocker, v.persistent_volume_claim) =
            (d!(), d!(), d!(), d!(), d!(), d!());
        (v.rbd, v.cinder, v.cephfs, v.quobyte, v.downward_api, v.fc, v.flex_volume) =
            (d!(), d!(), d!(), d!(), d!(), d!(), d!());
        (v.config_map, v.azure_file, v.vsphere_volume, v.photon_persistent_disk) = (d!(), d!(), d!(), d!());
        (v.portworx_volume, v.azure_disk, v.storageos, v.projected, v.scale_io) = (d!(), d!(), d!(), d!(), d!());
        (v.csi, v.ephemeral, v.image) = (d!(), d!(), d!());
        let mut spec = spec_of(vec![ctr("app")]);
        spec.volumes = Some(vec![v, Volume { name: "none".into(), ..Default::default() }]);
        // Upstream's names, in its order (its "downwarAPI" typo included); the first source
        // present is the one validated.
        let others = "hostPath gitRepo gcePersistentDisk awsElasticBlockStore secret nfs iscsi glusterfs flocker \
            persistentVolumeClaim rbd cinder cephFS quobyte downwarAPI fc flexVolume configMap azureFile vsphereVolume \
            photonPersistentDisk portworxVolume azureDisk storageos projected scaleIO csi ephemeral image";
        let mut want: Vec<String> = others
            .split_whitespace()
            .map(|c| format!("spec.volumes[0].{c}: Forbidden: may not specify more than 1 volume type"))
            .collect();
        want.push("spec.volumes[1]: Required value: must specify a volume type".into());
        assert_eq!(errs_of(spec), want);
    }

    #[test]
    fn deprecated_volume_warnings() {
        let o = || Some(crate::model::Opaque::default());
        let mut v = Volume { name: "old".into(), ..Default::default() };
        (v.photon_persistent_disk, v.git_repo, v.scale_io, v.flocker, v.storageos) = (o(), o(), o(), o(), o());
        (v.quobyte, v.glusterfs, v.cephfs, v.rbd) = (o(), o(), o(), o());
        let mut spec = spec_of(vec![ctr("app")]);
        spec.volumes = Some(vec![Volume { name: "new".into(), ..Default::default() }, v]);
        let p = "spec.template.spec.volumes[1]";
        assert_eq!(
            warnings_for(&spec, &ObjectMeta::default(), "spec.template"),
            vec![
                format!("{p}.photonPersistentDisk: deprecated in v1.11, non-functional in v1.16+"),
                format!("{p}.gitRepo: deprecated in v1.11"),
                format!("{p}.scaleIO: deprecated in v1.16, non-functional in v1.22+"),
                format!("{p}.flocker: deprecated in v1.22, non-functional in v1.25+"),
                format!("{p}.storageOS: deprecated in v1.22, non-functional in v1.25+"),
                format!("{p}.quobyte: deprecated in v1.22, non-functional in v1.25+"),
                format!("{p}.glusterfs: deprecated in v1.25, non-functional in v1.26+"),
                format!("{p}.cephfs: deprecated in v1.28, non-functional in v1.31+"),
                format!("{p}.rbd: deprecated in v1.28, non-functional in v1.31+"),
            ]
        );
    }

    #[test]
    fn warnings() {
        use crate::model::Quantity as K8s;
        let mut c = ctr("app");
        c.env = Some(vec![
            EnvVar { name: "A".into(), value: Some("1".into()), value_from: None },
            EnvVar { name: "A".into(), value: Some("2".into()), value_from: None },
            EnvVar { name: "A".into(), value: Some("$(A)x".into()), value_from: None },
        ]);
        let mut lim = crate::vecmap::VecMap::new();
        lim.insert("memory".to_string(), K8s("0.5".into()));
        c.resources = Some(ResourceRequirements { limits: Some(lim), ..Default::default() });
        let mut s = spec_of(vec![c]);
        s.termination_grace_period_seconds = Some(-5);
        let v = validate_pod(&pod_of(s));
        assert!(v.errors.is_empty(), "{:?}", v.errors);
        assert_eq!(
            v.warnings,
            vec![
                "spec.containers[0].resources.limits[memory]: fractional byte value \"0.5\" is invalid, must be an integer",
                "spec.containers[0].env[1]: hides previous definition of \"A\", which may be dropped when using apply",
                "spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
            ]
        );
    }

    #[test]
    fn workloads() {
        let labels: BTreeMap<String, String> = [("app".to_string(), "web".to_string())].into();
        let other: BTreeMap<String, String> = [("app".to_string(), "api".to_string())].into();
        let meta = ObjectMeta { name: Some("web".into()), ..Default::default() };
        let tmpl = |restart: &str, l: &BTreeMap<String, String>| PodTemplateSpec {
            metadata: Some(ObjectMeta { labels: Some(l.clone()), ..Default::default() }),
            spec: Some(PodSpec { restart_policy: Some(restart.into()), ..spec_of(vec![ctr("app")]) }),
        };
        let sel = LabelSelector { match_labels: Some(labels.clone()), match_expressions: None };
        let e = |v: Validation| v.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>();
        assert!(e(validate_workload_template(
            "Deployment",
            &meta,
            Some(&sel),
            "spec.template",
            &tmpl("Always", &labels)
        ))
        .is_empty());
        assert_eq!(
            e(validate_workload_template("Deployment", &meta, Some(&sel), "spec.template", &tmpl("Never", &other))),
            vec![
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`",
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
            ]
        );
        assert_eq!(
            e(validate_workload_template("Deployment", &meta, None, "spec.template", &tmpl("Always", &labels))),
            vec!["spec.selector: Required value"]
        );
        assert!(e(validate_workload_template("Job", &meta, None, "spec.template", &tmpl("Never", &labels))).is_empty());
        assert_eq!(
            e(validate_workload_template("CronJob", &meta, None, "spec.jobTemplate.spec.template", &tmpl("Always", &labels))),
            vec!["spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""]
        );
        let mut t = tmpl("Always", &labels);
        t.spec.as_mut().unwrap().termination_grace_period_seconds = Some(-1);
        let v = validate_workload_template("ReplicaSet", &meta, Some(&sel), "spec.template", &t);
        assert_eq!(v.warnings, vec!["spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"]);
    }

    #[test]
    fn absurd_inputs_do_not_panic() {
        let mut cs = Vec::new();
        for i in 0..10_000 {
            let mut c = ctr(if i % 2 == 0 { "" } else { "dup" });
            c.ports =
                Some(vec![ContainerPort { container_port: i32::MAX, host_port: Some(i32::MIN), ..Default::default() }]);
            let mut pr = probe();
            pr.period_seconds = Some(i32::MIN);
            pr.termination_grace_period_seconds = Some(i64::MIN);
            c.liveness_probe = Some(pr);
            cs.push(c);
        }
        let mut s = spec_of(cs);
        s.termination_grace_period_seconds = Some(i64::MIN);
        s.active_deadline_seconds = Some(i64::MAX);
        let v = validate_pod(&pod_of(s));
        assert!(v.errors.len() > 10_000);
        let _ = validate_pod(&Pod::default());
        let _ = validate_workload_template(
            "Nope",
            &ObjectMeta::default(),
            None,
            "spec.template",
            &PodTemplateSpec::default(),
        );
    }
}
