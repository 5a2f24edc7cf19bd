import { ExpressionError } from '../errors.ts';
import { ExpressionLimitError, MAX_ARRAY_LENGTH, MAX_STRING_LENGTH, type ExpressionLimits } from './limits.ts';
import type { SyntaxProblem } from './compile.ts';

/** Where an expression sits: the step id and the dotted field path. */
export interface ExpressionSite {
  field: string;
  step?: string;
}

const SHOWN_EXPRESSION_LENGTH = 200;

/** An error raised while compiling: marks the reason as a syntax problem. */
export class ExpressionSyntaxError extends Error {
  readonly problem: SyntaxProblem;
  constructor(problem: SyntaxProblem) {
    super(formatSyntaxProblem(problem));
    this.name = 'ExpressionSyntaxError';
    this.problem = problem;
  }
}

export function formatSyntaxProblem(problem: SyntaxProblem): string {
  return problem.position === undefined ? problem.message : `${problem.message} (at character ${problem.position})`;
}

export function quoteExpression(expression: string): string {
  const shown = expression.length > SHOWN_EXPRESSION_LENGTH ? `${expression.slice(0, SHOWN_EXPRESSION_LENGTH)}…` : expression;
  return JSON.stringify(shown);
}

/** The failure reason shown to users, with sandbox bounds named plainly. */
export function describeFailure(error: unknown, limits: ExpressionLimits): string {
  if (error instanceof ExpressionLimitError || error instanceof ExpressionSyntaxError) return error.message;
  if (error instanceof RangeError) {
    if (/call stack/i.test(error.message)) return `exceeded depth limit: evaluation nested too deeply`;
    if (/string length/i.test(error.message)) return `exceeded size limit: a string would be longer than ${MAX_STRING_LENGTH} characters`;
    if (/array length/i.test(error.message)) return `exceeded size limit: an array would hold more than ${MAX_ARRAY_LENGTH} items`;
  }
  const record = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  switch (record.code) {
    case 'D1012':
      return `exceeded time limit of ${limits.timeoutMs} ms`;
    case 'D1011':
      return `exceeded depth limit of ${limits.maxDepth} nested evaluation steps (a recursive function that never stops?)`;
    case 'D2014':
    case 'D2015':
      return `exceeded size limit: a sequence or range may hold at most ${MAX_ARRAY_LENGTH} items`;
  }
  if (typeof record.message === 'string' && record.message !== '') return record.message;
  return String(error);
}

/** `step "crm", field with.url: expression "vars.x.(" failed: <reason>` */
export function expressionFailure(error: unknown, expression: string, site: ExpressionSite, limits: ExpressionLimits): ExpressionError {
  const where = site.step === undefined ? `field ${site.field}` : `step ${JSON.stringify(site.step)}, field ${site.field}`;
  const message = `${where}: expression ${quoteExpression(expression)} failed: ${describeFailure(error, limits)}`;
  const details = site.step === undefined ? { field: site.field, expression } : { step: site.step, field: site.field, expression };
  return new ExpressionError(message, details, error);
}
