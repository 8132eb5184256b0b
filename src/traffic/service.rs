//! `kind: Service` (core/v1): read through the schema walk like the workloads
//! (`crate::workload`), so unknown fields anywhere in the document are strict-decoding errors
//! with a path, a position and a "did you mean"; defaulted (`SetDefaults_Service`,
//! `SetDefaults_ServicePort`: type `ClusterIP`, protocol `TCP`, `targetPort` = `port`) and
//! validated (`crate::validation::validate_service`). Then: which pods it selects and which
//! container port each service port reaches on a pod (`FindPort`).

use std::collections::BTreeMap;

use crate::field::FieldError;
use crate::model::core::Pod;
use crate::model::meta::ObjectMeta;
use crate::model::{object, schema as s, take, IntOrString};
use crate::source::Node;
use crate::typed::{self, TypeError, UnknownField};

/// One `spec.ports[i]`, defaulted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    /// `name` ("" when unset).
    pub name: String,
    /// `protocol` (default `TCP`).
    pub protocol: String,
    /// `port`: the Service's own port.
    pub port: i32,
    /// `targetPort`: a number, or the name of a container port (default: `port`).
    pub target_port: IntOrString,
}

/// What podlife reads from a Service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub namespace: String,
    /// `spec.selector`; `None` = a Service without selector (no EndpointSlices are managed
    /// for it by the controller: it gets no endpoints in podlife).
    pub selector: Option<BTreeMap<String, String>>,
    pub ports: Vec<ServicePort>,
    /// `spec.publishNotReadyAddresses`: endpoints are `ready` even when the pod is not.
    pub publish_not_ready_addresses: bool,
    /// `spec.type` (default `ClusterIP`).
    pub type_: String,
    /// `spec.clusterIP` ("" = allocated by the API server; `None` = headless).
    pub cluster_ip: String,
}

/// A `kind: Service` document, understood.
#[derive(Clone, Debug)]
pub struct ServiceDoc {
    /// Index of the document in the stream (0-based).
    pub doc_index: usize,
    pub service: Service,
    /// Fields the API server's strict decoding would reject.
    pub unknown: Vec<UnknownField>,
    /// `ValidateService` errors (paths inside the document).
    pub errors: Vec<FieldError>,
    /// The document's node tree, for positions.
    pub root: Node,
}

impl ServiceDoc {
    /// Valid means the API server would accept it.
    pub fn is_valid(&self) -> bool {
        self.unknown.is_empty() && self.errors.is_empty()
    }
}

/// Reads a Service document: the typed parts, every unknown field and the validation errors,
/// or the first type error.
pub fn read(root: &Node, doc_index: usize) -> Result<ServiceDoc, TypeError> {
    let (json, unknown) = typed::check(root, "", s::SERVICE)?;
    let mut doc = object(json);
    let metadata: ObjectMeta = take(&mut doc, "metadata");
    let mut spec = object(crate::model::field(&mut doc, "spec"));
    let selector: Option<BTreeMap<String, String>> = take(&mut spec, "selector");
    let type_ = take::<Option<String>>(&mut spec, "type").unwrap_or_else(|| "ClusterIP".into());
    let cluster_ip = take::<Option<String>>(&mut spec, "clusterIP").unwrap_or_default();
    let publish = take::<Option<bool>>(&mut spec, "publishNotReadyAddresses").unwrap_or(false);
    let mut ports = Vec::new();
    if let serde_json::Value::Array(list) = crate::model::field(&mut spec, "ports") {
        for p in list {
            let mut p = object(p);
            let port = take::<Option<i64>>(&mut p, "port").unwrap_or(0);
            let port = i32::try_from(port).unwrap_or(0);
            let target_port = match crate::model::field(&mut p, "targetPort") {
                serde_json::Value::Number(n) => {
                    IntOrString::Int(n.as_i64().and_then(|v| i32::try_from(v).ok()).unwrap_or(0))
                }
                serde_json::Value::String(t) => IntOrString::String(t),
                _ => IntOrString::Int(0),
            };
            // SetDefaults_Service: an unset (0 or "") targetPort is the port.
            let target_port = match target_port {
                IntOrString::Int(0) => IntOrString::Int(port),
                IntOrString::String(t) if t.is_empty() => IntOrString::Int(port),
                t => t,
            };
            ports.push(ServicePort {
                name: take::<Option<String>>(&mut p, "name").unwrap_or_default(),
                protocol: take::<Option<String>>(&mut p, "protocol").unwrap_or_else(|| "TCP".into()),
                port,
                target_port,
            });
        }
    }
    let fields: Vec<crate::validation::ServicePortFields> = ports
        .iter()
        .map(|p| crate::validation::ServicePortFields {
            name: &p.name,
            port: p.port,
            protocol: &p.protocol,
            target_port: &p.target_port,
        })
        .collect();
    let errors = crate::validation::validate_service(&metadata, &type_, &cluster_ip, &fields, selector.as_ref());
    let service = Service {
        name: metadata.name.clone().unwrap_or_default(),
        namespace: metadata.namespace.clone().unwrap_or_else(|| "default".into()),
        selector,
        ports,
        publish_not_ready_addresses: publish,
        type_,
        cluster_ip,
    };
    Ok(ServiceDoc { doc_index, service, unknown, errors, root: root.clone() })
}

impl Service {
    /// Whether the Service selects a pod with these labels (`labels.Set(selector)
    /// .AsSelectorPreValidated()`: every selector pair present). A Service without a selector
    /// selects nothing (its endpoints are managed by hand); an empty selector `{}` selects
    /// every pod of the namespace, as upstream.
    pub fn selects(&self, namespace: &str, labels: &BTreeMap<String, String>) -> bool {
        namespace == self.namespace
            && self.selector.as_ref().is_some_and(|sel| sel.iter().all(|(k, v)| labels.get(k) == Some(v)))
    }

    /// The service port a client uses: by name or number (`None` = the first port).
    pub fn port(&self, which: Option<&IntOrString>) -> Option<&ServicePort> {
        match which {
            None => self.ports.first(),
            Some(IntOrString::Int(n)) => self.ports.iter().find(|p| p.port == *n),
            Some(IntOrString::String(n)) => self.ports.iter().find(|p| p.name == *n),
        }
    }
}

/// upstream `FindPort` (`staging/src/k8s.io/endpointslice/utils.go`, also
/// `pkg/api/v1/pod/util.go`): a numeric targetPort is used as is; a name is looked up among
/// the named ports of every container, then of restartable init containers (sidecars), with
/// the same protocol. `None` = "no suitable port": the EndpointSlice controller leaves this
/// service port out for the pod, so no proxy sends this port's traffic to it.
pub fn find_port(pod: &Pod, sp: &ServicePort) -> Option<u16> {
    match &sp.target_port {
        IntOrString::Int(n) => u16::try_from(*n).ok(),
        IntOrString::String(name) => {
            let spec = pod.spec.as_ref()?;
            let sidecars =
                spec.init_containers.iter().flatten().filter(|c| c.restart_policy.as_deref() == Some("Always"));
            spec.containers
                .iter()
                .chain(sidecars)
                .flat_map(|c| c.ports.iter().flatten())
                .find(|p| {
                    p.name.as_deref() == Some(name.as_str()) && p.protocol.as_deref().unwrap_or("TCP") == sp.protocol
                })
                .and_then(|p| u16::try_from(p.container_port).ok())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse_stream;

    fn doc(text: &str) -> ServiceDoc {
        let docs = parse_stream(text).expect("yaml");
        read(&docs[0].root, 0).expect("service")
    }

    const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n  - {name: http, port: 80, targetPort: http}\n  - {name: metrics, port: 9090}\n";

    #[test]
    fn defaults_and_selection() {
        let d = doc(SVC);
        assert!(d.is_valid(), "{:?} {:?}", d.unknown, d.errors);
        let s = &d.service;
        assert_eq!(s.type_, "ClusterIP");
        assert_eq!(s.ports[0].protocol, "TCP");
        assert_eq!(s.ports[1].target_port, IntOrString::Int(9090), "targetPort defaults to port");
        let labels: BTreeMap<String, String> =
            [("app".to_string(), "web".to_string()), ("x".into(), "y".into())].into();
        assert!(s.selects("default", &labels));
        assert!(!s.selects("other", &labels));
        assert!(!s.selects("default", &BTreeMap::new()));
        assert_eq!(s.port(Some(&IntOrString::String("metrics".into()))).map(|p| p.port), Some(9090));
        assert_eq!(s.port(None).map(|p| p.port), Some(80));
    }

    #[test]
    fn find_port_like_upstream() {
        let pod: Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "p"},
            "spec": {
                "initContainers": [{"name": "side", "image": "x", "restartPolicy": "Always",
                                    "ports": [{"name": "side", "containerPort": 7000}]},
                                   {"name": "init", "image": "x", "ports": [{"name": "init", "containerPort": 7001}]}],
                "containers": [{"name": "app", "image": "x", "ports": [
                    {"name": "http", "containerPort": 8080},
                    {"name": "dns", "containerPort": 5353, "protocol": "UDP"}]}]}
        }))
        .expect("pod");
        let sp = |t: IntOrString, proto: &str| ServicePort {
            name: String::new(),
            protocol: proto.into(),
            port: 80,
            target_port: t,
        };
        assert_eq!(find_port(&pod, &sp(IntOrString::Int(9376), "TCP")), Some(9376), "a number is used as is");
        assert_eq!(find_port(&pod, &sp(IntOrString::String("http".into()), "TCP")), Some(8080));
        assert_eq!(find_port(&pod, &sp(IntOrString::String("http".into()), "UDP")), None, "protocol must match");
        assert_eq!(find_port(&pod, &sp(IntOrString::String("dns".into()), "UDP")), Some(5353));
        assert_eq!(find_port(&pod, &sp(IntOrString::String("side".into()), "TCP")), Some(7000), "sidecar ports count");
        assert_eq!(
            find_port(&pod, &sp(IntOrString::String("init".into()), "TCP")),
            None,
            "plain init containers do not"
        );
        assert_eq!(find_port(&pod, &sp(IntOrString::String("nope".into()), "TCP")), None);
    }

    #[test]
    fn strict_decoding_and_validation() {
        let d = doc(&SVC.replace("selector:", "selectr:"));
        assert_eq!(d.unknown.len(), 1);
        assert_eq!(d.unknown[0].path, "spec.selectr");
        assert!(d.unknown[0].message().contains("did you mean \"selector\""), "{}", d.unknown[0].message());
        assert_eq!(d.unknown[0].pos.line, 5);
        let d = doc("apiVersion: v1\nkind: Service\nmetadata: {name: Web}\nspec:\n  type: Cluster\n  selector: {app: \"a b\"}\n  ports:\n  - {port: 0, targetPort: 70000, protocol: tcp}\n  - {port: 81, targetPort: HTTP}\n");
        let got: Vec<String> = d.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            got,
            [
                "metadata.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                "spec.ports[0].name: Required value",
                "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[0].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.ports[1].name: Required value",
                "spec.ports[1].targetPort: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.ports[1].targetPort: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
                "spec.selector: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "spec.type: Unsupported value: \"Cluster\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
            ]
        );
        let d = doc("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n");
        assert_eq!(d.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(), ["spec.ports: Required value"]);
    }
}
