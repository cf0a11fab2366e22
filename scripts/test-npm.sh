#!/usr/bin/env bash
# The npm packages, as a user gets them: packs them (scripts/package-npm.sh, with the binary
# cargo built), installs the tarballs into an empty npm project without any registry access,
# and checks that `npx cogform` is the binary: same output, same exit codes, stdout and stdin
# passed through, and a clear message on a platform without a prebuilt binary.
# Skipped, saying so, where npm is absent.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "npm: skipped (npm or node is not installed here)"
    exit 0
fi
cargo build --locked -q
cogform="${CARGO_TARGET_DIR:-${repo_root}/target}/debug/cogform"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
fail() { echo "npm: FAIL: $*" >&2; exit 1; }

COGFORM_BINARY="${cogform}" scripts/package-npm.sh "${work}/packages" >/dev/null
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
platform="$(node -p 'process.platform + "-" + process.arch')"

mkdir -p "${work}/app"
cd "${work}/app"
echo '{ "name": "app", "version": "1.0.0", "private": true }' > package.json
# A cache of its own, and --offline: nothing may come from a registry.
export npm_config_cache="${work}/npm-cache" npm_config_update_notifier=false
npm install --offline --no-audit --no-fund --loglevel=error \
    "${work}/packages/cogform-${platform}-${version}.tgz" "${work}/packages/cogform-${version}.tgz" \
    >/dev/null
run_npx() { npx --offline cogform "$@"; }

[[ "$(run_npx --version)" == "$("${cogform}" --version)" ]] || fail "--version differs"

# The same build from the same example, byte for byte.
cp -r "${repo_root}/examples/photo-sharing" via-npx
cp -r "${repo_root}/examples/photo-sharing" via-cargo
rm -rf via-npx/build via-cargo/build
run_npx -C via-npx build 2> npx.err || fail "npx cogform build: $(cat npx.err)"
"${cogform}" -C via-cargo build 2> cargo.err
diff -r via-npx/build via-cargo/build >/dev/null || fail "the builds differ"
[[ "$(sed 's/via-npx/X/g' npx.err)" == "$(sed 's/via-cargo/X/g' cargo.err)" ]] || fail "stderr differs"

# Stdout, stdin and exit codes pass through unchanged.
[[ "$(run_npx schema auth)" == "$("${cogform}" schema auth)" ]] || fail "stdout differs"
echo "garbage: [" > via-npx/backend/auth.yaml
set +e
run_npx -C via-npx validate 2>/dev/null; code=$?
set -e
[[ "${code}" == 2 ]] || fail "exit code ${code}, not 2, for an invalid project"
stack='{"Stacks":[{"Outputs":[]}]}'
set +e
npx_out="$(echo "${stack}" | run_npx -C via-cargo outputs --env dev --stack-outputs - 2>&1)"; npx_code=$?
cargo_out="$(echo "${stack}" | "${cogform}" -C via-cargo outputs --env dev --stack-outputs - 2>&1)"; cargo_code=$?
set -e
[[ "${npx_code}" == "${cargo_code}" && "${npx_out}" == "${cargo_out}" ]] \
    || fail "stdin: npx gave ${npx_code} '${npx_out}', cargo ${cargo_code} '${cargo_out}'"

# A platform without a binary: exit 4 and what to do instead.
launcher="node_modules/cogform/bin/cogform.js"
set +e
message="$(node -e "Object.defineProperty(process, 'arch', { value: 'mips' }); process.argv = [process.argv[0], '${launcher}', '--version']; require('./${launcher}')" 2>&1)"; code=$?
set -e
[[ "${code}" == 4 ]] || fail "unsupported platform: exit ${code}, not 4"
[[ "${message}" == *"no prebuilt binary for ${platform%%-*}-mips"*"cargo install cogform"* ]] \
    || fail "unsupported platform message: ${message}"

echo "npm: npx cogform ${version} (${platform}) installed offline from the packed tarballs; same output and exit codes as the binary"
