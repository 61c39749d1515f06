import type { PendingQuery } from 'postgres';
import type { Database, Sql } from '../src/index.js';

/** What EXPLAIN (ANALYZE, BUFFERS) says about one run of a statement. */
export interface PlanSummary {
  /** Every node of the plan, depth first (`Limit`, `Append`, `Index Scan`…). */
  nodeTypes: string[];
  /** The tables and partitions the plan read rows from: nodes that ran at least once. */
  relationsRead: string[];
  /** The indexes those nodes used. */
  indexesUsed: string[];
  /** Partitions the planner kept but execution pruned (`Subplans Removed`). */
  subplansRemoved: number;
  sharedBuffersHit: number;
  sharedBuffersRead: number;
  executionMs: number;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Loops'?: number;
  'Subplans Removed'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** Runs `build`'s statement under EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) and summarises the plan. */
export async function explainPlan<R extends readonly object[]>(
  db: Database,
  build: (sql: Sql<{ bigint: bigint }>) => PendingQuery<R>,
): Promise<PlanSummary> {
  const [row] = await db.query(
    'explainPlan',
    (sql) =>
      sql<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }[]>`
        explain (analyze, buffers, format json) ${build(sql)}`,
  );
  const top = row?.['QUERY PLAN'][0];
  if (!top) throw new Error('EXPLAIN returned no plan');
  const summary: PlanSummary = {
    nodeTypes: [],
    relationsRead: [],
    indexesUsed: [],
    subplansRemoved: 0,
    sharedBuffersHit: top.Plan['Shared Hit Blocks'] ?? 0,
    sharedBuffersRead: top.Plan['Shared Read Blocks'] ?? 0,
    executionMs: top['Execution Time'],
  };
  const visit = (node: PlanNode): void => {
    summary.nodeTypes.push(node['Node Type']);
    summary.subplansRemoved += node['Subplans Removed'] ?? 0;
    if ((node['Actual Loops'] ?? 0) > 0) {
      if (node['Relation Name'] !== undefined) summary.relationsRead.push(node['Relation Name']);
      if (node['Index Name'] !== undefined) summary.indexesUsed.push(node['Index Name']);
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(top.Plan);
  return summary;
}
