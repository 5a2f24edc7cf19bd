import { randomUUID } from 'node:crypto';

/** The parts of a JSON Schema (as @fastify/swagger writes them into OpenAPI) the walker reads. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minProperties?: number;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** A body schema, or the shared schema (components.schemas) it refers to. */
function resolved(doc: OpenApiDocument, schema: (JsonSchema & { $ref?: string }) | undefined): JsonSchema | undefined {
  const name = schema?.$ref?.replace(/^#\/components\/schemas\//, '');
  return name ? doc.components?.schemas?.[name] : schema;
}

/** One method on one path of the OpenAPI document. */
export interface ApiOperation {
  method: string;
  /** The OpenAPI path template, e.g. `/api/v1/workflows/{id}`. */
  path: string;
  /** `METHOD path`, e.g. `DELETE /api/v1/workflows/{id}`. */
  key: string;
  pathParams: string[];
  queryParams: { name: string; schema: JsonSchema }[];
  /** The JSON request body schema, when the operation takes one. */
  body: JsonSchema | undefined;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head']);

/** Every operation of the document whose path starts with `prefix`, in document order. */
export function apiOperations(doc: OpenApiDocument, prefix: string): ApiOperation[] {
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith(prefix)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const parameters = op.parameters ?? [];
      const fromTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = parameters.filter((p) => p.in === 'path').map((p) => p.name);
      operations.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        pathParams: [...new Set([...fromTemplate, ...declared])],
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: resolved(doc, op.requestBody?.content?.['application/json']?.schema),
      });
    }
  }
  return operations;
}

/** The path template with its parameters substituted (URL-encoded). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter "${name}" of ${template}`);
    return encodeURIComponent(value);
  });
}

/** Every combination of one value per key: `{ a: [1, 2], b: [3] }` → `[{ a: 1, b: 3 }, { a: 2, b: 3 }]`. */
export function combinations<T>(choices: Record<string, T[]>): Record<string, T>[] {
  let result: Record<string, T>[] = [{}];
  for (const [name, values] of Object.entries(choices)) {
    result = result.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value })));
  }
  return result;
}

export interface ExampleOptions {
  /** A fresh token for values that must not collide (emails, names). */
  unique(): string;
  /** A value for a schema the generic rules cannot satisfy (e.g. an opaque workflow definition). */
  override?(schema: JsonSchema): unknown;
}

/**
 * A minimal value valid against `schema`: only required properties (plus enough optional ones to reach
 * `minProperties`), the first enum value, the smallest allowed number, strings shaped by their format.
 */
export function exampleOf(schema: JsonSchema, o: ExampleOptions): unknown {
  const overridden = o.override?.(schema);
  if (overridden !== undefined) return overridden;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alternatives?.length) return exampleOf({ ...alternatives[0], description: schema.description }, o);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.properties ? ['object'] : ['string'];
  const type = types.find((t) => t !== 'null') ?? 'null';
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const names = [...(schema.required ?? [])];
      for (const name of Object.keys(properties)) {
        if (names.length >= (schema.minProperties ?? 0)) break;
        if (!names.includes(name)) names.push(name);
      }
      return Object.fromEntries(names.map((name) => [name, exampleOf(properties[name] ?? {}, o)]));
    }
    case 'array': {
      const count = schema.minItems ?? 0;
      const items = schema.items ?? {};
      // Distinct enum values, so `uniqueItems` holds.
      if (items.enum) return items.enum.slice(0, count);
      return Array.from({ length: count }, () => exampleOf(items, o));
    }
    case 'integer':
    case 'number':
      return Math.min(schema.minimum ?? 1, schema.maximum ?? Number.POSITIVE_INFINITY);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return stringExample(schema, o);
  }
}

function stringExample(schema: JsonSchema, o: ExampleOptions): string {
  const token = o.unique();
  let value: string;
  switch (schema.format) {
    case 'email':
      value = `walker-${token}@bravo.example`;
      break;
    case 'uuid':
      value = randomUUID();
      break;
    case 'date-time':
      value = new Date(Date.now() + 86_400_000).toISOString();
      break;
    case 'date':
      value = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      break;
    case 'uri':
    case 'url':
      value = `https://bravo.example/walk-${token}`;
      break;
    default:
      value = `bravo-walk-value-${token}`;
  }
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const candidates = [value, `bravo-walk-${token}`, `BRAVO_WALK_${token.toUpperCase()}`, `bravowalk${token}`, token];
    value = candidates.find((c) => pattern.test(c)) ?? value;
  }
  if (schema.minLength !== undefined && value.length < schema.minLength) value = value.padEnd(schema.minLength, 'x');
  if (schema.maxLength !== undefined && value.length > schema.maxLength) value = value.slice(0, schema.maxLength);
  return value;
}
