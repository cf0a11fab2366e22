#!/usr/bin/env bash
# Validate rendered CloudFormation templates with cfn-lint and checkov.
#
# usage: scripts/validate-templates.sh TEMPLATE...
#
# A file passes only when both tools are clean for it:
#   - cfn-lint: any match at all (error, warning or informational) fails it;
#   - checkov: any failed check, any parse error, or any skip that gives no
#     reason fails it (a skip must say why, in words a reviewer accepts).
# Findings are printed per file; the last line is always
#   validators: N passed, M failed
# counting files. Exit status: 0 all passed, 1 some failed, 2 usage error.
#
# Environment:
#   COGFORM_VENV_DIR       where scripts/install-validators.sh put the venvs
#                          (default: <repo>/.venv)
#   COGFORM_CFN_LINT_INFO  set to 1 to also run cfn-lint's informational (I*)
#                          rules, which cfn-lint leaves off by default
set -euo pipefail

usage() {
    echo "usage: $0 TEMPLATE..." >&2
    exit 2
}

[[ $# -ge 1 ]] || usage

# A missing file is a caller mistake, not a validation failure: say so
# instead of letting each tool invent its own message for it.
files=()
for arg in "$@"; do
    if [[ ! -f "${arg}" ]]; then
        echo "error: no such file: ${arg}" >&2
        exit 2
    fi
    # A name starting with '-' would be read as an option by checkov's -f.
    if [[ "${arg}" == -* ]]; then
        arg="./${arg}"
    fi
    files+=("${arg}")
done

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"
venv_dir="${COGFORM_VENV_DIR:-${repo_root}/.venv}"
cfn_lint="${venv_dir}/cfn-lint/bin/cfn-lint"
checkov="${venv_dir}/checkov/bin/checkov"
report_python="${venv_dir}/cfn-lint/bin/python"

# Install only when something is missing: the installer's own up-to-date
# check is cheap, but skipping it entirely keeps the common path to the two
# tool runs. Its progress lines go to stderr so stdout stays the report.
if [[ ! -x "${cfn_lint}" || ! -x "${checkov}" || ! -x "${report_python}" ]]; then
    COGFORM_VENV_DIR="${venv_dir}" "${script_dir}/install-validators.sh" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
mkdir -p "${work}/home"

# cfn-lint: all files in one call (its start-up costs ~1 s; the run itself is
# quick). JSON gives file/line/rule per match so we can attribute findings.
# The region comes from AWS_REGION/AWS_DEFAULT_REGION when set, which would
# make results depend on the caller's shell: unset them so the default
# (us-east-1) or a project .cfnlintrc decides.
cfn_lint_args=(--format json)
if [[ "${COGFORM_CFN_LINT_INFO:-0}" == "1" ]]; then
    cfn_lint_args+=(--include-checks I)
fi
cfn_lint_rc=0
env -u AWS_REGION -u AWS_DEFAULT_REGION \
    "${cfn_lint}" "${cfn_lint_args[@]}" -- "${files[@]}" \
    >"${work}/cfn-lint.json" 2>"${work}/cfn-lint.err" || cfn_lint_rc=$?

# checkov: all files in one call too. Its start-up is ~3 s, about all of its
# cost per file, and with --output json each failed check carries its file,
# so the per-file verdicts are the same as separate runs (checked when this
# script was written). --quiet is left out on purpose: in JSON mode it drops
# the list of files that failed to parse, which we need to fail them.
# The environment is rebuilt from nothing (env -i) so that it never touches
# the network or changes its rule set because of the caller's shell:
#   CKV_SKIP_PACKAGE_UPDATE_CHECK  no version check against the registry;
#   no BC_API_KEY / PRISMA_API_URL no platform login or policy download;
#   HOME=<empty dir>               no ~/.bridgecrew/credentials (read as an
#                                  API key) and no personal ~/.checkov.yaml;
#   no CKV_CHECK / CKV_SKIP_CHECK  nobody's shell silently skips checks.
# --skip-download keeps it from fetching guideline mappings.
checkov_args=()
for f in "${files[@]}"; do
    checkov_args+=(-f "${f}")
done
checkov_rc=0
env -i \
    PATH="/usr/local/bin:/usr/bin:/bin" \
    HOME="${work}/home" \
    LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    TMPDIR="${TMPDIR:-/tmp}" \
    CKV_SKIP_PACKAGE_UPDATE_CHECK=true \
    "${checkov}" "${checkov_args[@]}" \
    --framework cloudformation secrets --skip-download --compact \
    --output json \
    >"${work}/checkov.json" 2>"${work}/checkov.err" || checkov_rc=$?

# Attribute every finding to its file and print the report. Paths are
# compared after resolving them against the current directory, because the
# tools echo them back in different shapes (checkov's cloudformation runner
# keeps the relative path given, its secrets runner makes it absolute).
report_rc=0
"${report_python}" - "${work}" "${cfn_lint_rc}" "${checkov_rc}" "${files[@]}" <<'PY' || report_rc=$?
import json
import os
import sys

work, cfn_lint_rc, checkov_rc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
args = sys.argv[4:]


def key(path):
    return os.path.realpath(path)


# One entry per distinct file, in the order given (a file named twice counts
# once).
order, display = [], {}
for a in args:
    k = key(a)
    if k not in display:
        display[k] = a
        order.append(k)
findings = {k: [] for k in order}
skips = {k: [] for k in order}
tool_errors = []


def attribute(path, line):
    k = key(path) if path else None
    if k in findings:
        findings[k].append(line)
    else:
        # Should not happen; failing every file is the safe answer.
        tool_errors.append(f"unattributed finding for {path!r}: {line}")


def load_json(name):
    try:
        with open(os.path.join(work, name), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def stderr_tail(name):
    try:
        with open(os.path.join(work, name), encoding="utf-8", errors="replace") as fh:
            lines = fh.read().strip().splitlines()
    except OSError:
        return ""
    return "\n".join(lines[-20:])


# cfn-lint: exit status is a bitmask of 2 (error), 4 (warning), 8 (info);
# anything else, or output that is not a JSON list, means it did not run.
lint = load_json("cfn-lint.json")
if not isinstance(lint, list) or cfn_lint_rc & ~(2 | 4 | 8):
    tool_errors.append(
        f"cfn-lint did not run cleanly (exit {cfn_lint_rc}):\n{stderr_tail('cfn-lint.err')}"
    )
else:
    for m in lint:
        start = (m.get("Location") or {}).get("Start") or {}
        rule = (m.get("Rule") or {}).get("Id", "?")
        level = str(m.get("Level", "?")).lower()
        where = f"{m.get('Filename')}:{start.get('LineNumber', '?')}:{start.get('ColumnNumber', '?')}"
        attribute(m.get("Filename"), f"cfn-lint {rule} ({level}) {where}: {m.get('Message', '')}")
    if cfn_lint_rc and not lint:
        tool_errors.append(f"cfn-lint exited {cfn_lint_rc} but reported no finding:\n{stderr_tail('cfn-lint.err')}")

# checkov: exit 0 (clean) or 1 (failed checks). Its JSON is one report per
# framework that found something, a list when there are several, or a bare
# summary when it scanned no resource at all.
report = load_json("checkov.json")
if report is None or checkov_rc not in (0, 1):
    tool_errors.append(
        f"checkov did not run cleanly (exit {checkov_rc}):\n{stderr_tail('checkov.err')}"
    )
else:
    reports = report if isinstance(report, list) else [report]
    failed_total = 0
    for r in reports:
        results = r.get("results") if isinstance(r, dict) else None
        if not isinstance(results, dict):
            continue
        kind = r.get("check_type", "?")
        for c in results.get("failed_checks") or []:
            failed_total += 1
            lines = c.get("file_line_range") or ["?", "?"]
            where = f"{c.get('file_abs_path')}:{lines[0]}-{lines[-1]}"
            attribute(
                c.get("file_abs_path"),
                f"checkov {c.get('check_id')} ({kind}) {c.get('resource')} {where}: {c.get('check_name', '')}",
            )
        for c in results.get("skipped_checks") or []:
            comment = ((c.get("check_result") or {}).get("suppress_comment") or "").strip()
            k = key(c.get("file_abs_path") or "")
            if k in skips:
                skips[k].append(c.get("check_id"))
            # checkov fills in this text when a skip has no comment.
            if not comment or comment == "No comment provided":
                attribute(
                    c.get("file_abs_path"),
                    f"checkov skip of {c.get('check_id')} on {c.get('resource')} gives no reason "
                    "(add comment: to the Metadata.checkov.skip entry)",
                )
        for p in results.get("parsing_errors") or []:
            attribute(p, f"checkov ({kind}) could not parse the file")
    if checkov_rc == 1 and failed_total == 0:
        tool_errors.append(f"checkov exited 1 but reported no failed check:\n{stderr_tail('checkov.err')}")

passed = failed = 0
for k in order:
    if findings[k] or tool_errors:
        failed += 1
        print(f"FAIL {display[k]}")
        for line in findings[k]:
            print(f"  {line}")
    else:
        passed += 1
        note = f" (checkov skips with reasons: {', '.join(sorted(set(skips[k])))})" if skips[k] else ""
        print(f"ok   {display[k]}{note}")
for e in tool_errors:
    print(f"error: {e}", file=sys.stderr)

with open(os.path.join(work, "counts"), "w", encoding="utf-8") as fh:
    fh.write(f"{passed} {failed}\n")
sys.exit(1 if failed else 0)
PY

if [[ ! -s "${work}/counts" ]]; then
    # The report itself crashed: count every file as failed, never as passed.
    echo "validators: 0 passed, ${#files[@]} failed"
    exit 1
fi
read -r passed failed <"${work}/counts"
echo "validators: ${passed} passed, ${failed} failed"
if [[ "${report_rc}" -ne 0 || "${failed}" -ne 0 ]]; then
    exit 1
fi
