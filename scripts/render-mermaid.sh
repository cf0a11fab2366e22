#!/usr/bin/env bash
# A real renderer judges `cogform explain`'s diagrams: every example's document, a project
# whose names are Mermaid keywords, and a document of hostile labels (cargo run --example
# mermaid-hostile) are rendered with the `mermaid` npm package in headless Chromium; any parse
# or render error fails. PNGs go to target/mermaid/. Installs what it needs on first use:
# Debian's chromium (apt-get) and, pinned by tests/mermaid/package-lock.json, mermaid and
# playwright-core. Chromium is started by the renderer and closed when it ends.
#
# usage: scripts/render-mermaid.sh [--update-readme-picture]
#   --update-readme-picture  also copies photo-sharing's sequence diagram to
#                            examples/photo-sharing/docs/auth-sequence.png (shown in README)
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"
if ! command -v npm >/dev/null; then
    echo "mermaid: skipped (npm is not installed here)"
    exit 0
fi
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "${chromium}" ]]; then
    echo "mermaid: installing Debian's chromium"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
tool="tests/mermaid"
want="$(sha256sum "${tool}/package-lock.json" | cut -d' ' -f1)"
if [[ "$(cat "${tool}/node_modules/.cogform-lock.sha256" 2>/dev/null)" != "${want}" ]]; then
    (cd "${tool}" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "${want}" > "${tool}/node_modules/.cogform-lock.sha256"
fi
cargo build --locked -q --bins --examples
target="${CARGO_TARGET_DIR:-${repo_root}/target}"
cogform="${target}/debug/cogform"
out="${target}/mermaid"
rm -rf "${out}"
mkdir -p "${out}/docs"
for example in examples/*/; do
    [[ -f "${example}cogform.yaml" ]] || continue
    name="$(basename "${example}")"
    "${cogform}" -C "${example}" explain -o - > "${out}/docs/${name}.md" 2>/dev/null
done
# A project whose group names are Mermaid keywords and whose paths carry braces.
keywords="$(mktemp -d)"
trap 'rm -rf "${keywords}"' EXIT
mkdir -p "${keywords}/backend/api"
echo "project: keywords" > "${keywords}/cogform.yaml"
cat > "${keywords}/backend/auth.yaml" <<'YAML'
groups:
  - { name: end, precedence: 0 }
  - { name: subgraph, precedence: 1 }
  - { name: classDef, precedence: 2 }
  - { name: participant, precedence: 3 }
  - { name: Note, precedence: 4 }
identity_pool: { guest_access: true }
YAML
cat > "${keywords}/backend/api/graph.yaml" <<'YAML'
functions:
  style: { arn: "arn:aws:lambda:eu-west-1:123456789012:function:style" }
paths:
  /end/{id}/{proxy+}:
    GET: { function: style, auth: iam, allow: [end, subgraph, guest] }
  /alt/else:
    POST: { function: style, auth: cognito_id_token }
YAML
"${cogform}" -C "${keywords}" explain -o - > "${out}/docs/keywords.md"
"${target}/debug/examples/mermaid-hostile" > "${out}/docs/hostile.md"
CHROMIUM="${chromium}" node "${tool}/render.mjs" "${out}" "${out}"/docs/*.md
echo "mermaid: $("${chromium}" --version 2>/dev/null || echo chromium), mermaid $(node -p "require('./${tool}/node_modules/mermaid/package.json').version")"
if [[ "${1:-}" == "--update-readme-picture" ]]; then
    cp "${out}/photo-sharing-1.png" examples/photo-sharing/docs/auth-sequence.png
    echo "mermaid: updated examples/photo-sharing/docs/auth-sequence.png"
fi
