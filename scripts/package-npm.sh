#!/usr/bin/env bash
# Writes the npm packages of cogform into OUT_DIR: the main package `cogform` (the launcher,
# with an optional dependency on each platform package) and the platform package of this
# machine, carrying the release binary. Versions come from Cargo.toml. The release workflow
# runs it once per platform; tests install the result offline (scripts/test-npm.sh).
#
# Usage: scripts/package-npm.sh OUT_DIR
# Environment:
#   COGFORM_BINARY    the binary to package (default: target/release/cogform, built if absent)
#   COGFORM_PLATFORM  the platform key, e.g. linux-arm64 (default: this machine's, as Node names it)
set -euo pipefail

out="${1:?usage: scripts/package-npm.sh OUT_DIR}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"
command -v npm >/dev/null || { echo "package-npm: npm is needed to pack the packages" >&2; exit 4; }

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
binary="${COGFORM_BINARY:-target/release/cogform}"
if [[ -z "${COGFORM_BINARY:-}" && ! -x "${binary}" ]]; then
    cargo build --release --locked
fi
platform="${COGFORM_PLATFORM:-$(node -p 'process.platform + "-" + process.arch')}"
platforms="packaging/npm/platforms.json"

mkdir -p "${out}"
out="$(cd "${out}" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "${stage}"' EXIT

# The main package: launcher, README, the platform table, and package.json.
cp -r packaging/npm/cogform "${stage}/main"
cp "${platforms}" "${stage}/main/platforms.json"
node - "${version}" "${stage}/main/package.json" "${platforms}" <<'NODE'
const fs = require('node:fs');
const [version, target, table] = process.argv.slice(2);
const platforms = JSON.parse(fs.readFileSync(table, 'utf8'));
const optional = {};
for (const p of Object.values(platforms)) optional[p.package] = version;
const pkg = {
  name: 'cogform',
  version,
  description: 'Declarative Cognito auth → reviewable, deterministic CloudFormation',
  license: 'UNLICENSED',
  bin: { cogform: 'bin/cogform.js' },
  files: ['bin/cogform.js', 'platforms.json', 'README.md'],
  engines: { node: '>=18' },
  optionalDependencies: optional,
};
fs.writeFileSync(target, JSON.stringify(pkg, null, 2) + '\n');
NODE

# This platform's package: the binary, marked for its os and cpu so npm installs it only there.
mkdir -p "${stage}/platform/bin"
exe="cogform"
[[ "${platform}" == win32-* ]] && exe="cogform.exe"
cp "${binary}" "${stage}/platform/bin/${exe}"
chmod 0755 "${stage}/platform/bin/${exe}"
node - "${version}" "${stage}/platform/package.json" "${platforms}" "${platform}" "${exe}" <<'NODE'
const fs = require('node:fs');
const [version, target, table, platform, exe] = process.argv.slice(2);
const p = JSON.parse(fs.readFileSync(table, 'utf8'))[platform];
if (!p) {
  console.error(`package-npm: no package for platform ${platform} in ${table}`);
  process.exit(2);
}
const pkg = {
  name: p.package,
  version,
  description: `The cogform binary for ${platform}`,
  license: 'UNLICENSED',
  os: [p.os],
  cpu: [p.cpu],
  files: [`bin/${exe}`],
  preferUnplugged: true,
};
fs.writeFileSync(target, JSON.stringify(pkg, null, 2) + '\n');
NODE

for dir in main platform; do
    (cd "${stage}/${dir}" && npm pack --silent --pack-destination "${out}" >/dev/null)
done
ls -1 "${out}"/*.tgz
