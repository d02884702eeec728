// docs/deploy.md, run as written: every ```sh block of the document, in order, each in its
// own shell, as root in a throwaway copy of this machine (tests/deploy/sandbox.sh) into which
// the Debian package just built is the only thing added. The blocks carry their own checks
// (curl --fail, `gonghui check`), so the document and this test cannot drift apart: a command
// that does not work as written fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);

// The runnable blocks (```sh) with the line each starts on; ```text blocks only illustrate.
export function runnableBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i].trim() !== '```sh') continue;
    const start = i + 1;
    const body = [];
    for (i += 1; i < lines.length && lines[i].trim() !== '```'; i += 1) body.push(lines[i]);
    blocks.push({ line: start, body: body.join('\n') });
  }
  return blocks;
}

// The newest package under build/release, made by scripts/deb.sh if there is none.
function packageFile() {
  const dir = join(root, 'build/release');
  const find = () => {
    try {
      return readdirSync(dir).filter((f) => f.endsWith('.deb'))
        .map((f) => join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    } catch {
      return undefined;
    }
  };
  if (!find()) execFileSync(join(root, 'scripts/deb.sh'), { cwd: root, stdio: 'inherit' });
  const deb = find();
  assert.ok(deb, 'scripts/deb.sh made a package under build/release');
  return deb;
}

test('every command block of docs/deploy.md works as written', { timeout: 900000 }, () => {
  if (process.getuid() !== 0) {
    assert.fail('the deployment document runs as root, in a throwaway root (tests/deploy/sandbox.sh)');
  }
  const blocks = runnableBlocks(readFileSync(join(root, 'docs/deploy.md'), 'utf8'));
  assert.ok(blocks.length >= 10, `docs/deploy.md has its command blocks (found ${blocks.length})`);
  const work = mkdtempSync(join(tmpdir(), 'gonghui-deploy-doc-'));
  try {
    const steps = blocks.map((block, n) => {
      const file = `block-${String(n + 1).padStart(2, '0')}.sh`;
      writeFileSync(join(work, file), `${block.body}\n`);
      return `echo; echo "== docs/deploy.md line ${block.line}"\nbash -euo pipefail ${file}`;
    });
    writeFileSync(join(work, 'run.sh'), `${steps.join('\n')}\necho "== all ${blocks.length} blocks ran"\n`);
    const deb = packageFile();
    const files = [deb, ...readdirSync(work).filter((f) => f.endsWith('.sh') && f !== 'run.sh').map((f) => join(work, f))];
    const run = spawnSync(join(root, 'tests/deploy/sandbox.sh'), [join(work, 'run.sh'), ...files],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const output = `${run.stdout}\n${run.stderr}`;
    const ran = [...output.matchAll(/^== docs\/deploy\.md line (\d+)$/gm)].map((m) => Number(m[1]));
    console.log(output.split('\n').filter((line) => line.startsWith('== ')).join('\n'));
    assert.equal(run.status, 0, `the block at docs/deploy.md line ${ran.at(-1)} failed:\n${output.slice(-6000)}`);
    assert.match(output, new RegExp(`== all ${blocks.length} blocks ran`));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
