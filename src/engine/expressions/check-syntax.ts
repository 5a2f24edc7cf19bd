import { compileExpression } from './compile.ts';
import { formatSyntaxProblem, quoteExpression } from './describe-error.ts';
import { appendPath } from './path.ts';
import { isTemplateContainer, parseTemplate } from './template.ts';

export interface TemplateSyntaxIssue {
  path: string;
  message: string;
}

function checkString(text: string, path: string, issues: TemplateSyntaxIssue[]): void {
  const parsed = parseTemplate(text);
  if (!parsed.templated) return;
  for (const part of parsed.parts) {
    if (part.kind === 'text') continue;
    if (part.kind === 'unterminated') {
      issues.push({ path, message: `template ${quoteExpression(`{{ ${part.source}`)} is missing its closing }}` });
      continue;
    }
    const compiled = compileExpression(part.source);
    if (!compiled.ok) {
      issues.push({ path, message: `invalid expression ${quoteExpression(part.source)}: ${formatSyntaxProblem(compiled.problem)}` });
    }
  }
}

function walk(value: unknown, path: string, issues: TemplateSyntaxIssue[]): void {
  if (typeof value === 'string') {
    checkString(value, path, issues);
  } else if (isTemplateContainer(value)) {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, appendPath(path, index), issues));
    else for (const key of Object.keys(value)) walk(value[key], appendPath(path, key), issues);
  }
}

/**
 * Save-time check: compile every template found in value (deep) and return syntax errors with their
 * path (basePath + nested keys/indices, e.g. `steps[2].with.headers.Authorization`). Does not
 * evaluate. Compiled expressions land in the cache the runs use.
 */
export function checkTemplateSyntax(value: unknown, basePath: string): { path: string; message: string }[] {
  const issues: TemplateSyntaxIssue[] = [];
  walk(value, basePath, issues);
  return issues;
}
