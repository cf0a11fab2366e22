#!/usr/bin/env python3
"""Refresh the `create_only` part of data/change-rules/*.json from the CloudFormation resource
schemas shipped inside the cfn-lint package (the venv made by scripts/install-validators.sh).

A change to a create-only property makes CloudFormation replace the resource. Everything else
in the rule files (stateful, data lost, service-rejected changes and their sources) is written
by hand and left untouched. Run after bumping cfn-lint; review the diff.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
RULES = ROOT / "data" / "change-rules"


def schemas_dir() -> pathlib.Path:
    found = sorted((ROOT / ".venv" / "cfn-lint").glob("lib/python*/site-packages/cfnlint/data/schemas"))
    if not found:
        sys.exit("cfn-lint is not installed: run scripts/install-validators.sh")
    return found[0]


def main() -> None:
    schemas = schemas_dir()

    dist = next((schemas.parents[2]).glob("cfn_lint-*.dist-info"), None)
    cfn_lint_version = dist.name.removeprefix("cfn_lint-").removesuffix(".dist-info") if dist else "unknown"
    schema_date = json.loads((schemas / "version.json").read_text()).get("schema_date", "unknown")
    providers = json.loads((schemas / "providers" / "us-east-1.json").read_text())
    changed = 0
    for path in sorted(RULES.glob("*.json")):
        table = json.loads(path.read_text())
        schema = json.loads((schemas / "resources" / f"{providers[table['type']]}.json").read_text())
        props = sorted(p.removeprefix("/properties/") for p in schema.get("createOnlyProperties", []))
        fresh = {
            "properties": props,
            "source": f"cfn-lint {cfn_lint_version} (resource schemas of {schema_date}), "
            f"createOnlyProperties of {table['type']} in us-east-1",
        }
        if table.get("create_only") != fresh:
            table["create_only"] = fresh
            path.write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n")
            changed += 1
            print(f"updated {path.relative_to(ROOT)}")
    print(f"{changed} table(s) changed")


if __name__ == "__main__":
    main()
