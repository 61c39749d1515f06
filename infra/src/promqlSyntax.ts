import { parser } from '@prometheus-io/lezer-promql';

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
