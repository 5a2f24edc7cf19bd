import { parseDocument } from 'yaml';
import type { DefinitionIssue } from './definition-issue.ts';

export type DefinitionFormat = 'json' | 'yaml';
export type ParseDefinitionResult = { ok: true; value: unknown } | { ok: false; errors: DefinitionIssue[] };

export const MAX_DEFINITION_BYTES = 1024 * 1024;
/** Anchors and aliases may expand to at most this many nodes; beyond it a definition is an expansion attack. */
export const MAX_YAML_ALIAS_COUNT = 100;

function failure(message: string): ParseDefinitionResult {
  return { ok: false, errors: [{ path: '', message }] };
}

/** JSON when the text starts with `{`, YAML otherwise. */
export function detectDefinitionFormat(text: string): DefinitionFormat {
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function parseJson(text: string): ParseDefinitionResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const { line, column } = lineAndColumn(text, position ? Number(position[1]) : text.length);
    const reason = message.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/ in JSON$/, '');
    return failure(`invalid JSON at line ${line}, column ${column}: ${reason}`);
  }
}

function parseYaml(text: string): ParseDefinitionResult {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => {
        const reason = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
        const at = error.linePos?.[0];
        return { path: '', message: at ? `invalid YAML at line ${at.line}, column ${at.col}: ${reason}` : `invalid YAML: ${reason}` };
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }) };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return failure(`YAML aliases expand too much (more than ${MAX_YAML_ALIAS_COUNT}); write the repeated values out instead`);
    }
    return failure(`invalid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads a definition text into a plain value; `validateDefinition` checks its shape. */
export function parseDefinitionText(text: string, contentType?: DefinitionFormat): ParseDefinitionResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DEFINITION_BYTES) {
    return failure(`definition is too large (${Math.ceil((bytes / MAX_DEFINITION_BYTES) * 10) / 10} MB); the limit is 1 MB`);
  }
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') return failure('definition is empty');
  return (contentType ?? detectDefinitionFormat(source)) === 'json' ? parseJson(source) : parseYaml(source);
}
