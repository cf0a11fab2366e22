#!/usr/bin/env bash
# End-to-end suite (e2e/run.py): every example deployed on moto's server, `cogform outputs` on
# the stack's outputs, the real aws-amplify v6 client and amazon-cognito-identity-js signing in
# with the generated amplify_outputs.json, and tsc type-checking every generated file against
# the official types of @aws-amplify/client-config.
#
# Installs what it needs on first use, pinned, inside the repository: the Python side in
# .venv/e2e (e2e/requirements.txt), the Node side in e2e/node_modules (`npm ci` from
# e2e/package-lock.json). Both are reinstalled only when their pin file changes.
# Last line: `e2e: N examples, M steps passed, K known gaps`; exit 1 when a step fails.
#
# Environment:
#   COGFORM_VENV_DIR  where the venvs live (default: <repo>/.venv)
#   PYTHON            interpreter used to create the venv (default: python3)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"
venv="${COGFORM_VENV_DIR:-${repo_root}/.venv}/e2e"
python_bin="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

mkdir -p "$(dirname "${venv}")"
exec 9> "$(dirname "${venv}")/.e2e-install.lock"
if command -v flock >/dev/null 2>&1; then
    flock 9
fi

# Python: moto[server] and boto3, every package pinned.
want="$(sha256sum "${repo_root}/e2e/requirements.txt" | cut -d' ' -f1)"
if [[ "$(cat "${venv}/.requirements.sha256" 2>/dev/null)" != "${want}" ]] \
    || ! "${venv}/bin/python" -c 'import moto, boto3, yaml, awscli' 2>/dev/null; then
    echo "e2e: installing the Python side into ${venv}"
    "${python_bin}" -m venv --clear "${venv}"
    printf '*\n' > "${venv}/.gitignore"
    "${venv}/bin/python" -m pip install -q -r "${repo_root}/e2e/requirements.txt"
    echo "${want}" > "${venv}/.requirements.sha256"
fi

# Node: aws-amplify, amazon-cognito-identity-js, @aws-amplify/client-config, typescript.
want="$(sha256sum "${repo_root}/e2e/package-lock.json" | cut -d' ' -f1)"
stamp="${repo_root}/e2e/node_modules/.cogform-lock.sha256"
if [[ "$(cat "${stamp}" 2>/dev/null)" != "${want}" ]]; then
    echo "e2e: installing the Node side into e2e/node_modules (npm ci)"
    (cd "${repo_root}/e2e" && npm ci --no-audit --no-fund --loglevel=error)
    echo "${want}" > "${stamp}"
fi

cd "${repo_root}"
cargo build --locked -q
cogform="${CARGO_TARGET_DIR:-${repo_root}/target}/debug/cogform"
PYTHONDONTWRITEBYTECODE=1 exec "${venv}/bin/python" e2e/run.py --cogform "${cogform}" "$@"
