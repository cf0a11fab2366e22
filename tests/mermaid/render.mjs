// Renders every ```mermaid block of the Markdown files given, with the `mermaid` package in
// headless Chromium (Debian's, /usr/bin/chromium, through playwright-core), and saves one PNG
// per block into OUT_DIR (`<file stem>-<n>.png`). Fails on any parse or render error.
// Usage: node render.mjs OUT_DIR FILE.md...
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const [outDir, ...files] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // This machine's network is closed: no background connections, no sandbox (root in CI).
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
let failures = 0;
let rendered = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
  await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const blocks = [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
    if (blocks.length === 0) {
      console.log(`FAIL ${file}: no mermaid block`);
      failures += 1;
    }
    const stem = path.basename(file, '.md');
    for (const [i, code] of blocks.entries()) {
      const result = await page.evaluate(async ({ code, id }) => {
        try {
          await window.mermaid.parse(code);
          const { svg } = await window.mermaid.render(id, code);
          document.getElementById('out').innerHTML = svg;
          return { ok: !svg.includes('Syntax error') };
        } catch (e) {
          return { ok: false, error: String(e && e.message ? e.message : e) };
        }
      }, { code, id: `d${rendered}` });
      if (!result.ok) {
        console.log(`FAIL ${file} block ${i + 1}: ${result.error || 'rendered as a syntax error'}`);
        failures += 1;
        continue;
      }
      const png = path.join(outDir, `${stem}-${i + 1}.png`);
      await page.locator('#out svg').screenshot({ path: png });
      rendered += 1;
      console.log(`ok   ${file} block ${i + 1} -> ${png}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`mermaid: ${rendered} diagrams rendered, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
