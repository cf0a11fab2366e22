#!/usr/bin/env bash
# Install the external CloudFormation validators (cfn-lint and checkov) at
# pinned versions into virtual environments inside the repo.
#
# Why venvs under the repo: nothing installed by hand on a machine survives a
# change of machine, so the project's own files must install what they need,
# and a repo-local path keeps it out of the system Python.
# Why two venvs: checkov pins an old boto3/botocore, which would fight with
# cfn-lint's (and anyone else's) dependencies in a shared environment.
#
# Idempotent: when a venv already holds the pinned version the tool is
# reported as up to date without calling pip, so a re-run takes well under 2 s.
#
# Environment:
#   COGFORM_VENV_DIR  where the venvs live (default: <repo>/.venv)
#   PYTHON            interpreter used to create the venvs (default: python3)
set -euo pipefail

# Pinned versions: bump deliberately, since new rules in either tool can turn
# a green template red.
readonly CFN_LINT_VERSION="1.58.0"
readonly CHECKOV_VERSION="3.3.30"

# Derive the repo root from this file's location so the script works from any
# working directory (CI, cargo tests, a developer's shell).
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"
venv_dir="${COGFORM_VENV_DIR:-${repo_root}/.venv}"
python_bin="${PYTHON:-python3}"

# pip's self-update check is a network round trip and noise on every run.
export PIP_DISABLE_PIP_VERSION_CHECK=1
# Never block on a prompt (CI has no stdin).
export PIP_NO_INPUT=1

# Print the installed version of distribution $2 in venv $1, or nothing.
# importlib.metadata reads the dist-info on disk: ~30 ms, far cheaper than
# starting the tool itself (checkov takes seconds just to import).
installed_version() {
    local venv="$1" dist="$2"
    [[ -x "${venv}/bin/python" ]] || return 0
    "${venv}/bin/python" - "${dist}" <<'PY' 2>/dev/null || true
import importlib.metadata as md
import sys
try:
    print(md.version(sys.argv[1]))
except md.PackageNotFoundError:
    pass
PY
}

# Make sure venv $1 holds distribution $2 at version $3 and exposes the
# console script $4.
ensure_tool() {
    local venv="$1" dist="$2" version="$3" entry="$4"
    local current
    current="$(installed_version "${venv}" "${dist}")"
    # The entry-point check catches a half-finished install (dist-info
    # written, scripts not yet) left by an interrupted pip.
    if [[ "${current}" == "${version}" && -x "${venv}/bin/${entry}" ]]; then
        echo "${dist} ${version}: up to date (${venv})"
        return 0
    fi

    # A venv whose interpreter no longer runs (e.g. the base Python was
    # upgraded or removed) cannot be repaired by pip: rebuild it.
    if [[ ! -x "${venv}/bin/python" ]] || ! "${venv}/bin/python" -c '' 2>/dev/null; then
        "${python_bin}" -m venv --clear "${venv}"
    fi
    # The venv lives inside the repo: make it ignore itself so that a
    # `git add -A` can never sweep hundreds of MB of site-packages into a
    # commit, whatever the repo's own .gitignore says (Python >= 3.13 venv
    # does the same by default).
    printf '*\n' > "${venv}/.gitignore"

    # Exact pin; pip resolves the rest. -q keeps CI logs short, errors still
    # show.
    "${venv}/bin/python" -m pip install -q "${dist}==${version}"

    current="$(installed_version "${venv}" "${dist}")"
    if [[ "${current}" != "${version}" || ! -x "${venv}/bin/${entry}" ]]; then
        echo "error: ${dist} ${version} did not install into ${venv} (found '${current}')" >&2
        return 1
    fi
    echo "${dist} ${version}: installed (${venv})"
}

mkdir -p "${venv_dir}"
printf '*\n' > "${venv_dir}/.gitignore"

# Serialise concurrent runs (parallel test processes may all find the venvs
# missing at once); the second one waits, then finds everything up to date.
# flock is util-linux; where it is missing (macOS) we simply do not lock.
exec 9> "${venv_dir}/.install.lock"
if command -v flock >/dev/null 2>&1; then
    flock 9
fi

ensure_tool "${venv_dir}/cfn-lint" "cfn-lint" "${CFN_LINT_VERSION}" "cfn-lint"
ensure_tool "${venv_dir}/checkov" "checkov" "${CHECKOV_VERSION}" "checkov"
