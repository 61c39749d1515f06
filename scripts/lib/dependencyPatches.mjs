// Fixes in installed dependencies that their releases do not have yet, applied after every install (the root
// `postinstall`, `npm test`/`npm start`, and each image's build context). Each fix names the exact version it
// was written for: a different version stops the install with what to check, so an upgrade never silently
// runs without the fix, nor with a fix that no longer fits. Every edit must match exactly once; a file that
// already carries the fix is left alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARK = 'droas-fix(postgres#1208)';

/**
 * postgres 3.4.9 mishandles a connection whose session Postgres ended (a fast shutdown, a failover, a
 * terminated backend) while it was in use. Upstream issues #1066, #1154 and #1208 are open, with no release.
 * - Inside `sql.begin`, the interrupted query is rejected and `begin` sends ROLLBACK on the same connection.
 *   When the socket has already closed, the write is deferred with setImmediate and then reads `socket.write`
 *   of null: an uncaught TypeError that ends the process.
 * - A close with a write still deferred keeps the bytes and the timer, so the reconnected session never sends
 *   its startup message and hangs.
 * - The dead session's query and ErrorResponse are kept too: the reconnected session's first ReadyForQuery
 *   rejects the new query with the old error (57P01 "terminating connection…" for a query that never failed).
 * - `release()` of a reserved connection that closed meanwhile puts the closed connection among the idle ones.
 * The fix: a query given to a connection without a socket is rejected with CONNECTION_CLOSED, the error every
 * other query the close interrupted gets; a close or terminate drops the deferred bytes and the dead session's
 * query state; a deferred write that finds no socket fails the connection's queries instead of throwing; a
 * release after a close leaves the connection to the pool, which reconnects it.
 */
const postgresSessionLoss = {
  name: 'postgres',
  version: '3.4.9',
  files: [
    {
      paths: ['cjs/src/connection.js', 'src/connection.js'],
      edits: [
        {
          find: `    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))
`,
          replace: `    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))

    if (!socket) // ${MARK}: the session is gone; never buffer a write for it
      return (queryError(q, Errors.connection('CONNECTION_CLOSED', options)), true)
`,
        },
        {
          find: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)
`,
          replace: `  function nextWrite(fn) {
    if (!socket) { // ${MARK}
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)
`,
        },
        {
          find: `    clearImmediate(nextWriteTimer)
    if (socket) {
`,
          replace: `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${MARK}
    if (socket) {
`,
        },
        {
          find: `    incomings = null
    clearImmediate(nextWriteTimer)
`,
          replace: `    incomings = null
    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${MARK}
`,
        },
        {
          find: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
`,
          replace: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
    query = results = errorResponse = null, result = new Result() // ${MARK}: the next session starts clean
`,
        },
      ],
    },
    {
      paths: ['cjs/src/index.js', 'src/index.js'],
      edits: [
        {
          find: `    sql.release = () => {
      c.reserved = null
`,
          replace: `    sql.release = () => {
      if (!c.reserved) return // ${MARK}: closed while reserved; the pool reconnects it
      c.reserved = null
`,
        },
      ],
    },
  ],
};

export const DEPENDENCY_PATCHES = [postgresSessionLoss];

/**
 * Applies every patch to the dependencies installed under `root` (a folder with node_modules). A package that
 * is not installed is skipped (an image that does not use it); any other mismatch throws with what to do.
 * @param {string} root
 * @returns {string[]} what was patched now, as `package/file`
 */
export function applyDependencyPatches(root) {
  const patched = [];
  for (const patch of DEPENDENCY_PATCHES) {
    const dir = join(root, 'node_modules', patch.name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (version !== patch.version) {
      throw new Error(
        `${patch.name} ${version} is installed, but scripts/lib/dependencyPatches.mjs fixes ${patch.version}. ` +
          `Check whether ${version} still has the defect the patch describes; then move the patch to ${version} ` +
          `or delete it.`,
      );
    }
    for (const { paths, edits } of patch.files) {
      for (const file of paths) {
        const path = join(dir, file);
        const text = readFileSync(path, 'utf8');
        if (text.includes(MARK)) continue;
        let next = text;
        for (const [i, edit] of edits.entries()) {
          const at = next.indexOf(edit.find);
          if (at < 0 || next.indexOf(edit.find, at + 1) >= 0) {
            throw new Error(
              `${patch.name}/${file}: edit ${i + 1} of the patch does not match exactly once; the installed file ` +
                `is not the ${patch.version} the patch was written for (reinstall with npm ci).`,
            );
          }
          next = next.slice(0, at) + edit.replace + next.slice(at + edit.find.length);
        }
        writeFileSync(path, next);
        patched.push(`${patch.name}/${file}`);
      }
    }
  }
  return patched;
}
