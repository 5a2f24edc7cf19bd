/**
 * `{{ expr }}` templates: JSONata expressions over `{ trigger, steps, vars, secrets, run }` (plus block
 * locals such as `item`, `index`), sandboxed and bounded. See docs/expressions.md.
 */
export {
  defaultExpressionLimits,
  MAX_ARRAY_LENGTH,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING,
  MAX_STRING_LENGTH,
  MAX_STRUCTURE_SIZE,
  ExpressionLimitError,
  type ExpressionLimits,
} from './limits.ts';
export { hasTemplate, isSingleTemplate } from './template.ts';
export { evaluateExpression, listTemplates, resolveTemplates, type ExpressionStarted, type TemplateSite } from './evaluate.ts';
export { expressionFailure } from './describe-error.ts';
export { allTemplatesBounded, runsInBoundedTime } from './bounded.ts';
export { checkTemplateSyntax } from './check-syntax.ts';
