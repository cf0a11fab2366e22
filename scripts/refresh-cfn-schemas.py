#!/usr/bin/env python3
"""Refresh data/cfn-schemas/schemas.json: CloudFormation's resource provider schemas, reduced to
what `backend/overrides.yaml` is checked against (property names, types, enums, required and
read-only properties), for the types listed in TYPES.

Source: the schemas shipped inside the cfn-lint package (the venv made by
scripts/install-validators.sh), the same data data/change-rules/ is refreshed from
(scripts/refresh-create-only.py). Run after bumping cfn-lint; review the diff.

Why only these types: every type cogform generates, plus the ones a team most often adds next
to them. All ~1,300 types would be several MB in the binary; a type without an embedded schema
is accepted with a note (cfn-lint, run on every example, checks it).
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "cfn-schemas" / "schemas.json"

# The types cogform generates (data/change-rules/ has one file each) ...
GENERATED = sorted(
    json.loads(p.read_text())["type"] for p in (ROOT / "data" / "change-rules").glob("*.json")
)
# ... and the ones teams add most often beside them.
ADDED = [
    "AWS::DynamoDB::Table",
    "AWS::IAM::Policy",
    "AWS::KMS::Key",
    "AWS::SNS::Topic",
    "AWS::SQS::Queue",
    "AWS::SecretsManager::Secret",
    "AWS::SSM::Parameter",
]
TYPES = sorted(set(GENERATED + ADDED))
# Nesting deeper than this is not followed (accepted unchecked): a few schemas recurse.
MAX_DEPTH = 8


def schemas_dir() -> pathlib.Path:
    found = sorted((ROOT / ".venv" / "cfn-lint").glob("lib/python*/site-packages/cfnlint/data/schemas"))
    if not found:
        sys.exit("cfn-lint is not installed: run scripts/install-validators.sh")
    return found[0]


def reduce(node, defs, depth, seen):
    """A property schema reduced to {t, min, max, enum, props, items, open}."""
    if depth > MAX_DEPTH or not isinstance(node, dict):
        return {}
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen or name not in defs:
            return {}
        return reduce(defs[name], defs, depth + 1, seen | {name})
    out = {}
    kind = node.get("type")
    if isinstance(kind, list):
        kind = sorted(k for k in kind)
    if kind is not None:
        out["t"] = kind
    for key, short in (("minimum", "min"), ("maximum", "max")):
        if isinstance(node.get(key), (int, float)) and not isinstance(node.get(key), bool):
            out[short] = node[key]
    if "enum" in node and all(isinstance(e, str) for e in node["enum"]):
        out["enum"] = sorted(set(node["enum"]))
    if "properties" in node:
        out["props"] = {
            k: reduce(v, defs, depth + 1, seen) for k, v in sorted(node["properties"].items())
        }
        if node.get("additionalProperties", True) is not False:
            out["open"] = True
    elif node.get("patternProperties") or isinstance(node.get("additionalProperties"), dict):
        out["open"] = True
    if "items" in node and isinstance(node["items"], dict):
        out["items"] = reduce(node["items"], defs, depth + 1, seen)
    # `oneOf`/`anyOf`/`allOf` choices are not followed: what they allow is accepted.
    if any(k in node for k in ("oneOf", "anyOf", "allOf")) and "props" not in out:
        out["open"] = True
        out.pop("t", None)
    return out


def main() -> None:
    schemas = schemas_dir()
    dist = next((schemas.parents[2]).glob("cfn_lint-*.dist-info"), None)
    cfn_lint_version = dist.name.removeprefix("cfn_lint-").removesuffix(".dist-info") if dist else "unknown"
    schema_date = json.loads((schemas / "version.json").read_text()).get("schema_date", "unknown")
    providers = json.loads((schemas / "providers" / "us-east-1.json").read_text())
    types = {}
    for t in TYPES:
        schema = json.loads((schemas / "resources" / f"{providers[t]}.json").read_text())
        defs = schema.get("definitions", {})
        props = {k: reduce(v, defs, 0, frozenset()) for k, v in sorted(schema.get("properties", {}).items())}
        types[t] = {
            "properties": props,
            "required": sorted(schema.get("required", [])),
            "read_only": sorted(
                p.removeprefix("/properties/") for p in schema.get("readOnlyProperties", [])
                if p.count("/") == 2
            ),
        }
    doc = {
        "source": f"cfn-lint {cfn_lint_version} (resource schemas of {schema_date}), us-east-1; "
        "reduced by scripts/refresh-cfn-schemas.py",
        "types": types,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=0, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(types)} types, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
