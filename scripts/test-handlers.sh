#!/usr/bin/env bash
# The handler stubs' unit tests (tests/handlers/*.test.mjs, node:test) with Node alone: no npm
# install, no AWS SDK (the handlers load it lazily; the tests inject fakes). Prints each test,
# then one summary line; exits with node's status.
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
files=(tests/handlers/*.test.mjs)
if ((${#files[@]} == 0)); then
    echo "test-handlers: no tests/handlers/*.test.mjs found" >&2
    exit 1
fi

tap="$(mktemp)"
trap 'rm -f "${tap}"' EXIT
status=0
# Node 20 runs only the files it is given (or a directory's default patterns): list them. The
# spec report is for people, the TAP copy is for the summary below.
node --test \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="${tap}" \
    "${files[@]}" || status=$?

count() { sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "${tap}" | tail -n 1; }
echo "test-handlers: $(count tests) tests in ${#files[@]} files, $(count pass) passed, $(count fail) failed"
exit "${status}"
