import { createRequire } from 'node:module';

/** The part of the grammar's Lezer parser used here. */
interface PromqlParser {
  parse(query: string): {
    iterate(visit: { enter(node: { type: { isError: boolean }; from: number }): void }): void;
  };
}

// The package ships a CommonJS build beside its ES module, but its one `types` entry describes the ES module,
// which TypeScript will not let a CommonJS file import; so it is loaded through require and typed here.
const { parser } = createRequire(__filename)('@prometheus-io/lezer-promql') as { parser: PromqlParser };

/**
 * Where `query` is not valid PromQL: the character offsets of each syntax error, empty when it parses. Uses
 * the Prometheus project's own grammar (the one its web UI highlights with), so no Prometheus is needed.
 */
export function promqlSyntaxErrors(query: string): number[] {
  const errors: number[] = [];
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}
