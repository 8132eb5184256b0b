#!/usr/bin/env python3
"""Generates podlife's lean Pod model from k8s-openapi's v1_34 sources.

    python3 scripts/gen-schema.py [path/to/k8s-openapi-0.29.0/src/v1_34]

Writes
  src/model/schema.rs  every type of the Pod tree as data: field name -> kind (the table
                       the strict decoder checks opaque subtrees against);
  src/model/core.rs, src/model/meta.rs
                       Rust structs for the types podlife reads (TYPED below). Every field
                       of the upstream type is declared, with its JSON name; a field whose
                       type is not in TYPED is an `Opaque<T>` (kept as checked JSON).

Pod itself is hand-written in src/model/mod.rs (apiVersion/kind are checked, not stored).
"""
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The types podlife reads field by field (defaults, validation, qos, printer, engine,
# workloads, tests). Everything else under Pod is opaque.
TYPED = """
ObjectMeta OwnerReference LabelSelector LabelSelectorRequirement
PodSpec PodStatus PodTemplateSpec
Container EphemeralContainer ContainerPort EnvVar EnvVarSource EnvFromSource ObjectFieldSelector
ResourceFieldSelector ConfigMapKeySelector SecretKeySelector
ResourceRequirements ContainerResizePolicy VolumeMount
Probe ExecAction HTTPGetAction HTTPHeader TCPSocketAction GRPCAction SleepAction
Lifecycle LifecycleHandler
Volume ConfigMapVolumeSource SecretVolumeSource DownwardAPIVolumeSource DownwardAPIVolumeFile
ProjectedVolumeSource VolumeProjection ConfigMapProjection SecretProjection DownwardAPIProjection
ServiceAccountTokenProjection KeyToPath EmptyDirVolumeSource HostPathVolumeSource
PodSecurityContext SecurityContext Toleration PodReadinessGate PodSchedulingGate
ContainerStatus ContainerState ContainerStateRunning ContainerStateTerminated ContainerStateWaiting
PodCondition PodIP HostIP
DeploymentStrategy RollingUpdateDeployment
PersistentVolumeClaimVolumeSource HostAlias TopologySpreadConstraint SecretEnvSource ConfigMapEnvSource
LocalObjectReference PodDNSConfig
""".split()

# Where each module's types come from (relative to v1_34) and the Rust module they land in.
MODULES = [
    ("api/core/v1", "core"),
    ("apimachinery/pkg/apis/meta/v1", "meta"),
    ("api/apps/v1", "apps"),
    ("api/batch/v1", "batch"),
    ("api/policy/v1", "policy"),
]
SCALARS = {
    "std::string::String": "Str",
    "bool": "Bool",
    "i32": "I32",
    "i64": "I64",
    "f64": "F64",
    "crate::apimachinery::pkg::api::resource::Quantity": "Quantity",
    "crate::apimachinery::pkg::util::intstr::IntOrString": "IntOrString",
    "crate::apimachinery::pkg::apis::meta::v1::Time": "Time",
    "crate::apimachinery::pkg::apis::meta::v1::MicroTime": "Time",
    "crate::apimachinery::pkg::apis::meta::v1::FieldsV1": "Any",
}
RUST_SCALARS = {
    "Str": "String",
    "Bool": "bool",
    "I32": "i32",
    "I64": "i64",
    "F64": "f64",
    "Quantity": "Quantity",
    "IntOrString": "IntOrString",
    "Time": "Time",
    "Any": "FieldsV1",
}
ROOTS = ["crate::api::core::v1::Pod", "crate::api::core::v1::PodTemplateSpec", "crate::apimachinery::pkg::apis::meta::v1::LabelSelector",
         "crate::api::apps::v1::DeploymentStrategy",
         # The workload kinds (src/workload.rs reads them through the schema walk).
         "crate::api::apps::v1::Deployment", "crate::api::apps::v1::ReplicaSet", "crate::api::apps::v1::StatefulSet",
         "crate::api::apps::v1::DaemonSet", "crate::api::core::v1::ReplicationController",
         "crate::api::batch::v1::Job", "crate::api::batch::v1::CronJob",
         # The objects around the pods (src/fleet reads them through the schema walk).
         "crate::api::core::v1::Service", "crate::api::core::v1::ResourceQuota",
         "crate::api::policy::v1::PodDisruptionBudget"]


def load(src):
    structs = {}
    for rel, _mod in MODULES:
        for path in sorted(glob.glob(os.path.join(src, rel, "*.rs"))):
            text = open(path).read()
            m = re.search(r"^pub struct (\w+) \{\n(.*?)^\}", text, re.S | re.M)
            if not m:
                continue
            name = m.group(1)
            fields = re.findall(r"^    pub (\w+): (.+),$", m.group(2), re.M)
            json = dict((r, j) for j, r in re.findall(r'"(\w+)" => Field::Key_(\w+),', text))
            if "api_version" in json and not any(f[0] == "api_version" for f in fields):
                # A resource (Pod): apiVersion and kind are read (and checked) but not stored.
                fields = [("api_version", "Option<std::string::String>"), ("kind", "Option<std::string::String>")] + fields
            full = "crate::" + rel.replace("/", "::") + "::" + name
            structs[full] = {
                "name": name,
                "module": _mod,
                "fields": [(rust, json.get(rust), ty) for rust, ty in fields],
            }
    return structs


def parse_type(ty):
    """-> (optional, shape) with shape ('list', shape) | ('map', shape) | ('scalar', kind) | ('obj', full)."""
    opt = False
    if ty.startswith("Option<") and ty.endswith(">"):
        opt, ty = True, ty[len("Option<"):-1]
    return opt, shape(ty)


def shape(ty):
    if ty.startswith("std::vec::Vec<"):
        return ("list", shape(ty[len("std::vec::Vec<"):-1]))
    if ty.startswith("std::collections::BTreeMap<std::string::String, "):
        return ("map", shape(ty[len("std::collections::BTreeMap<std::string::String, "):-1]))
    if ty in SCALARS:
        return ("scalar", SCALARS[ty])
    if ty.startswith("crate::"):
        return ("obj", ty)
    raise SystemExit(f"unsupported type {ty}")


def reachable(structs):
    seen, order, todo = set(), [], list(ROOTS)
    while todo:
        t = todo.pop(0)
        if t in seen:
            continue
        seen.add(t)
        order.append(t)
        for _r, _j, ty in structs[t]["fields"]:
            s = parse_type(ty)[1]
            while s[0] in ("list", "map"):
                s = s[1]
            if s[0] == "obj":
                todo.append(s[1])
    return sorted(order, key=lambda t: structs[t]["name"])


def const_name(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).upper()


def kind_expr(s, structs):
    if s[0] == "list":
        return f"List(&{kind_expr(s[1], structs)})"
    if s[0] == "map":
        return f"Map(&{kind_expr(s[1], structs)})"
    if s[0] == "scalar":
        return s[1]
    return f"Obj({const_name(structs[s[1]]['name'])})"


def rust_type(s, structs):
    if s[0] == "list":
        return f"Vec<{rust_type(s[1], structs)}>"
    if s[0] == "map":
        # Resource lists are small maps: `VecMap` (src/vecmap.rs) costs less wasm than a BTreeMap shape.
        v = rust_type(s[1], structs)
        return f"VecMap<String, {v}>" if v == "Quantity" else f"BTreeMap<String, {v}>"
    if s[0] == "scalar":
        return RUST_SCALARS[s[1]]
    st = structs[s[1]]
    if st["name"] in TYPED or st["name"] == "Pod":
        return st["name"] if st["module"] == CURRENT[0] else f"super::{st['module']}::{st['name']}"
    return "Opaque"


CURRENT = [None]
HEADER = "// @generated by scripts/gen-schema.py from k8s-openapi 0.29.0 (src/v1_34). Do not edit.\n"


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else glob.glob(
        os.path.expanduser("~/.cargo/registry/src/*/k8s-openapi-0.29.0/src/v1_34"))[0]
    structs = load(src)
    types = reachable(structs)
    missing = [t for t in TYPED if not any(structs[x]["name"] == t for x in types)]
    if missing:
        raise SystemExit(f"TYPED names not in the Pod tree: {missing}")

    out = [HEADER, "//! Every type of the Pod tree as data: the strict decoder checks opaque subtrees against it.\n"
           "//! `TYPES` is the source (and the tests' view, with the type names); the binaries hold only\n"
           "//! `PACKED`, built from it at compile time: every field name back to back, one code per field.\n\n"
           "use super::schema_types::{fields_len, k, names_len, obj, Entries, Kind, Packed, Type, USED_CODES};\n\n"]
    for i, t in enumerate(types):
        out.append(f"pub const {const_name(structs[t]['name'])}: u16 = {i};\n")
    # The item kinds of lists and maps, by index (a list or map field's code holds the index).
    items = []

    def code(s):
        if s[0] in ("list", "map"):
            e = kind_expr(s[1], structs)
            if e not in items:
                items.append(e)
            i = items.index(e)
            return ("LIST" if s[0] == "list" else "MAP") + (f" | {i}" if i else "")
        if s[0] == "scalar":
            return const_name(s[1])
        return f"obj({const_name(structs[s[1]]['name'])})"

    out.append(f"\npub const TYPES: [Type; {len(types)}] = [\n")
    for t in types:
        st = structs[t]
        names = "".join(json for _r, json, _ty in st["fields"])
        out.append(f"    Type {{\n        name: \"{st['name']}\",\n        names: \"{names}\",\n        kinds: &[\n")
        for rust, json, ty in st["fields"]:
            opt, s = parse_type(ty)
            req = "" if opt else " | REQ"
            out.append(f"            k({len(json)}, {code(s)}{req}),\n")
        out.append("        ],\n    },\n")
    out.append("];\n")
    out.append(f"\n/// [`TYPES`] packed: the only form of the table in the binaries.\n"
               f"pub static PACKED: Packed<{{ names_len(&TYPES) }}, {{ fields_len(&TYPES) }}, {len(types) + 1}> = Packed::new(&TYPES);\n")
    out.append("\n/// Each field of schema type `t`: its JSON name and code, in declaration order.\n"
               "pub fn entries(t: u16) -> Entries {\n    PACKED.entries(NAMES, t)\n}\n"
               "\n/// [`PACKED`]'s field names as text, checked once, at compile time.\n"
               "static NAMES: &str = PACKED.names_text();\n")
    out.append(f"\n/// The item kinds of list and map fields.\npub static ITEMS: [Kind; {len(items)}] = [{', '.join('Kind::' + e for e in items)}];\n")
    table = "".join(out[1:])
    used = [c for c in ["ANY", "BOOL", "F64", "I32", "I64", "INT_OR_STRING", "LIST", "MAP", "QUANTITY", "REQ", "STR", "TIME"]
            if re.search(rf"\b{c}\b(?!:)", table.split("pub const TYPES", 1)[1].split("pub static PACKED", 1)[0])]
    out[1] = out[1].replace("USED_CODES", ", ".join(used))
    write("src/model/schema.rs", "".join(out))

    for _rel, mod in MODULES:
        CURRENT[0] = mod
        if not any(structs[t]["module"] == mod and structs[t]["name"] in TYPED for t in types):
            continue
        body = [HEADER, f"//! The typed part of the lean model ({mod}). See `scripts/gen-schema.py`.\n\n",
                "#![allow(clippy::all, unused_imports)]\n\n",
                "use std::collections::BTreeMap;\n\nuse serde::{Deserialize, Deserializer, Serialize};\nuse serde_json::Value as Json;\n\n",
                "use crate::vecmap::VecMap;\n",
                "use super::schema as s;\nuse super::{decode, object, take, FieldsV1, FromJson, IntOrString, Opaque, Quantity};\n"]
        body.append({"core": "use super::Time;\n\npub use super::Pod;\n", "meta": "\npub use super::Time;\n"}.get(mod, "use super::Time;\n"))
        for t in types:
            st = structs[t]
            if st["module"] != mod or st["name"] not in TYPED:
                continue
            body.append(f"\n/// Upstream `{t[len('crate::'):]}`.\n")
            body.append("#[derive(Clone, Debug, Default, PartialEq, Serialize)]\n")
            body.append(f"pub struct {st['name']} {{\n")
            reads = []
            for rust, json, ty in st["fields"]:
                opt, s = parse_type(ty)
                r = rust_type(s, structs)
                reads.append(f"            {rust}: take(&mut m, \"{json}\"),\n")
                if opt:
                    body.append(f"    #[serde(rename = \"{json}\", skip_serializing_if = \"Option::is_none\")]\n")
                    body.append(f"    pub {rust}: Option<{r}>,\n")
                else:
                    body.append(f"    #[serde(rename = \"{json}\")]\n    pub {rust}: {r},\n")
            body.append("}\n\n")
            body.append(f"impl FromJson for {st['name']} {{\n    fn from_json(j: Json) -> Self {{\n"
                        f"        let mut m = object(j);\n        {st['name']} {{\n")
            body.extend(reads)
            body.append("        }\n    }\n}\n\n")
            body.append(f"impl<'de> Deserialize<'de> for {st['name']} {{\n"
                        f"    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{\n"
                        f"        decode(d, s::{const_name(st['name'])}).map(Self::from_json)\n    }}\n}}\n")
        write(f"src/model/{mod}.rs", "".join(body))


def write(rel, text):
    path = os.path.join(ROOT, rel)
    with open(path, "w") as f:
        f.write(text)
    subprocess.run(["rustfmt", "--edition", "2021", path], check=True)
    print("wrote", rel)


if __name__ == "__main__":
    main()
