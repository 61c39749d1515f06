import { readFileSync } from 'node:fs';
import { infraPath } from './infraRoot.js';

const OPERATIONS_DOC = infraPath('..', 'docs', 'operations.md');
const SECTION = "## The worker autoscaler's query";

/**
 * The PromQL the worker autoscaler scales on, as `docs/operations.md` gives it to operators (the first
 * promql block of its section), so tests exercise the documented query itself rather than a copy.
 */
export function workerAutoscalerQuery(doc = readFileSync(OPERATIONS_DOC, 'utf8')): string {
  const section = doc.indexOf(SECTION);
  const block = section < 0 ? null : /```promql\n([\s\S]*?)```/.exec(doc.slice(section));
  if (!block?.[1]) throw new TypeError(`${OPERATIONS_DOC}: no \`\`\`promql block under "${SECTION}"`);
  return block[1].trim().replace(/\s+/g, ' ');
}
