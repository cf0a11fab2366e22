#!/usr/bin/env node
// The `cogform` command of the npm package: runs the prebuilt binary of this platform, which
// npm installed as one of the optional dependencies (the one whose `os` and `cpu` match), with
// the same arguments, stdin, stdout, stderr and exit code. No download at install time: it
// breaks behind proxies and on offline mirrors.
'use strict';

const { spawnSync } = require('node:child_process');

// `platform-arch` → the package that carries its binary (packaging/npm/platforms.json, copied
// into this package when it is packed).
const PLATFORMS = require('../platforms.json');

// Exit code 4: cogform's "internal or I/O error" (see `cogform --help`).
function fail(message) {
  process.stderr.write(`cogform: ${message}\n`);
  process.exit(4);
}

const platform = `${process.platform}-${process.arch}`;
const pkg = PLATFORMS[platform] && PLATFORMS[platform].package;
if (!pkg) {
  fail(
    `no prebuilt binary for ${platform}; there are binaries for ${Object.keys(PLATFORMS).join(', ')}.\n` +
      'Build it from source instead: install Rust, then `cargo install cogform`.'
  );
}
const exe = process.platform === 'win32' ? 'cogform.exe' : 'cogform';
let binary;
try {
  binary = require.resolve(`${pkg}/bin/${exe}`);
} catch {
  fail(
    `${pkg}, which carries the binary for ${platform}, is not installed.\n` +
      'Optional dependencies were probably left out (--omit=optional, --no-optional): install again with them.'
  );
}
const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit', windowsHide: true });
if (result.error) {
  fail(`cannot run ${binary}: ${result.error.message}`);
}
if (result.signal) {
  // Die of the same signal, as a shell would report it.
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 4);
