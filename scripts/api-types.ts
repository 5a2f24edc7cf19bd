/**
 * TypeScript types for the web app's API client, generated from our own OpenAPI document
 * (docs/openapi.json) in the shape openapi-fetch reads: `paths[path][method]` with `parameters`,
 * `requestBody` and `responses[status].content[mediaType]`. Pure: document in, source text out.
 */
type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema | Schema[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
};

interface Parameter {
  in: 'query' | 'path' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Schema;
  description?: string;
}

interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

const key = (name: string) => (PLAIN_KEY.test(name) ? name : JSON.stringify(name));
const indent = (text: string, by: string) => text.split('\n').join(`\n${by}`);

function comment(text: string | undefined, pad: string): string {
  if (!text) return '';
  return `${pad}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */\n`;
}

/** The TypeScript type of one JSON Schema. */
export function schemaType(schema: Schema | boolean | undefined): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  const nullable = schema.nullable === true ? ' | null' : '';
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
    return `components["schemas"][${JSON.stringify(name)}]${nullable}`;
  }
  if (schema.const !== undefined) return JSON.stringify(schema.const) + nullable;
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ') + nullable;
  if (schema.oneOf || schema.anyOf) return `(${(schema.oneOf ?? schema.anyOf)!.map(schemaType).join(' | ')})${nullable}`;
  if (schema.allOf) return `(${schema.allOf.map(schemaType).join(' & ')})${nullable}`;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return schema.properties ? objectType(schema) + nullable : 'unknown';
  const parts = types.map((type) => {
    switch (type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return Array.isArray(schema.items) ? `[${schema.items.map(schemaType).join(', ')}]` : `${wrap(schemaType(schema.items))}[]`;
      case 'object':
        return objectType(schema);
      default:
        return 'unknown';
    }
  });
  return parts.join(' | ') + nullable;
}

function wrap(type: string): string {
  return /^[\w."[\]]+$/.test(type) ? type : `(${type})`;
}

function objectType(schema: Schema): string {
  const required = new Set(schema.required ?? []);
  const lines = Object.entries(schema.properties ?? {}).map(
    ([name, property]) => `${comment(property.description as string | undefined, '  ')}  ${key(name)}${required.has(name) ? '' : '?'}: ${indent(schemaType(property), '  ')};`,
  );
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) lines.push(`  [key: string]: ${extra === true ? 'unknown' : schemaType(extra)};`);
  else if (lines.length === 0 && extra === undefined) return 'Record<string, unknown>';
  return lines.length === 0 ? 'Record<string, never>' : `{\n${lines.join('\n')}\n}`;
}

function parametersType(parameters: Parameter[]): string {
  const groups = (['query', 'header', 'path', 'cookie'] as const).map((place) => {
    const own = parameters.filter((parameter) => parameter.in === place);
    if (own.length === 0) return `  ${place}?: never;`;
    const fields = own.map((p) => `${comment(p.description, '    ')}    ${key(p.name)}${p.required ? '' : '?'}: ${indent(schemaType(p.schema), '    ')};`);
    const optional = own.every((p) => !p.required) ? '?' : '';
    return `  ${place}${optional}: {\n${fields.join('\n')}\n  };`;
  });
  return `{\n${groups.join('\n')}\n}`;
}

function contentType(content: Record<string, { schema?: Schema }> | undefined): string {
  if (!content || Object.keys(content).length === 0) return 'never';
  const lines = Object.entries(content).map(([media, { schema }]) => `  ${JSON.stringify(media)}: ${indent(schemaType(schema), '  ')};`);
  return `{\n${lines.join('\n')}\n}`;
}

function operationType(operation: Operation): string {
  const lines = [`  parameters: ${indent(parametersType(operation.parameters ?? []), '  ')};`];
  const body = operation.requestBody;
  if (body?.content) lines.push(`  requestBody${body.required ? '' : '?'}: {\n    content: ${indent(contentType(body.content), '    ')};\n  };`);
  else lines.push('  requestBody?: never;');
  const responses = Object.entries(operation.responses ?? {}).map(([status, response]) => {
    const content = response.content ? `      content: ${indent(contentType(response.content), '      ')};` : '      content?: never;';
    // Numeric keys, as openapi-fetch matches statuses as numbers (200 | 201 | …) or as "2XX".
    return `${comment(response.description, '    ')}    ${/^\d+$/.test(status) ? status : key(status)}: {\n      headers: { [name: string]: unknown };\n${content}\n    };`;
  });
  lines.push(`  responses: {\n${responses.join('\n')}\n  };`);
  return `{\n${lines.join('\n')}\n}`;
}

/** The whole module: `paths`, `components` and `operations` (by operationId when there is one). */
export function generateApiTypes(document: OpenApiDocument): string {
  const paths = Object.entries(document.paths).map(([path, item]) => {
    const methods = METHODS.filter((method) => item[method]).map(
      (method) => `${comment(item[method].summary, '    ')}    ${method}: ${indent(operationType(item[method]), '    ')};`,
    );
    return `  ${JSON.stringify(path)}: {\n    parameters: { query?: never; header?: never; path?: never; cookie?: never };\n${methods.join('\n')}\n  };`;
  });
  const schemas = Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => `    ${key(name)}: ${indent(schemaType(schema), '    ')};`);
  return [
    '// Generated from docs/openapi.json by `npm run openapi`; do not edit.',
    '/* eslint-disable */',
    '',
    `export interface paths {\n${paths.join('\n')}\n}`,
    '',
    `export interface components {\n  schemas: {\n${schemas.join('\n')}\n  };\n}`,
    '',
  ].join('\n');
}
