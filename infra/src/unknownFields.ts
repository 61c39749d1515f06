import { dirname, join } from 'node:path';
import ts from 'typescript';
import { kindSchema } from './kubernetesSchemas.js';
import type { KubeObject } from './kubeObject.js';

/**
 * Fields the schemas do not know (a typo such as `replica:` or `readinessprobe:`), which JSON-schema
 * validation lets through and the API server's strict field validation refuses. Each object is type-checked,
 * as an object literal, against the TypeScript interface generated from the same schema (`IDeployment`, …):
 * a property the interface lacks is an error there. Returns TypeScript's messages, each prefixed with the
 * object it is about; empty when every field is known.
 */
export function unknownFieldErrors(objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  const lines: string[] = [];
  const owners: string[] = [];
  objects.forEach((object, i) => {
    const schema = kindSchema(object);
    if (typeof schema === 'string') {
      problems.push(schema);
      return;
    }
    const type = `I${object.kind}`;
    lines.push(`import type { ${type} as T${i} } from '${schema.typesModule}';`);
    lines.push(`export const o${i}: T${i} = ${JSON.stringify(object)};`);
    owners[lines.length] = `${object.kind} ${object.metadata.name}`;
  });
  // A file beside this one, so the models resolve from this package's node_modules as they do at run time.
  const file = join(__dirname, '__rendered_manifests__.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
  };
  const host = ts.createCompilerHost(options);
  const text = lines.join('\n');
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === file
      ? ts.createSourceFile(name, text, languageVersion)
      : getSourceFile(name, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
        : 0;
    const where = owners[line] ?? dirname(file);
    problems.push(`${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
  }
  return problems;
}
