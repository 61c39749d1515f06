// The install-time fixes: applied once to the version they were written for, left alone when already there,
// and refused with what to do when the installed package is another version or another text.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyDependencyPatches, DEPENDENCY_PATCHES } from '../lib/dependencyPatches.mjs';

const roots = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A node_modules with each patched package at `version`, its files holding exactly the text the edits find. */
function fakeInstall(version = undefined, mangle = (text) => text) {
  const root = mkdtempSync(join(tmpdir(), 'droas-patches-'));
  roots.push(root);
  for (const patch of DEPENDENCY_PATCHES) {
    const dir = join(root, 'node_modules', patch.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: version ?? patch.version }));
    for (const { paths, edits } of patch.files) {
      for (const file of paths) {
        mkdirSync(join(dir, file, '..'), { recursive: true });
        writeFileSync(join(dir, file), mangle(edits.map((e) => `// before\n${e.find}// after\n`).join('')));
      }
    }
  }
  return root;
}

describe('dependency patches', () => {
  it('applies every edit once, then leaves the patched files alone', () => {
    const root = fakeInstall();
    const files = DEPENDENCY_PATCHES.flatMap((p) =>
      p.files.flatMap((f) => f.paths.map((x) => `${p.name}/${x}`)),
    );
    assert.deepEqual(applyDependencyPatches(root), files);
    for (const patch of DEPENDENCY_PATCHES) {
      for (const { paths, edits } of patch.files) {
        for (const file of paths) {
          const text = readFileSync(join(root, 'node_modules', patch.name, file), 'utf8');
          for (const edit of edits) assert.ok(text.includes(edit.replace), `${file} has its edit`);
        }
      }
    }
    assert.deepEqual(applyDependencyPatches(root), []);
  });

  it('skips a package that is not installed', () => {
    const root = mkdtempSync(join(tmpdir(), 'droas-patches-'));
    roots.push(root);
    assert.deepEqual(applyDependencyPatches(root), []);
  });

  it('refuses another version, naming both', () => {
    const [patch] = DEPENDENCY_PATCHES;
    assert.throws(
      () => applyDependencyPatches(fakeInstall('99.0.0')),
      (error) =>
        error.message.includes(`${patch.name} 99.0.0 is installed`) && error.message.includes(patch.version),
    );
  });

  it('refuses a file whose text the edits do not find', () => {
    const root = fakeInstall(undefined, (text) => text.replace('socket', 'sock'));
    assert.throws(() => applyDependencyPatches(root), /does not match exactly once/);
  });
});
