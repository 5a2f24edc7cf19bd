import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateApiTypes, schemaType } from '../scripts/api-types.ts';

test('JSON Schemas become the TypeScript types the web client sees', () => {
  assert.equal(schemaType({ type: 'string' }), 'string');
  assert.equal(schemaType({ type: ['string', 'null'] }), 'string | null');
  assert.equal(schemaType({ type: 'string', enum: ['a', 'b'] }), '"a" | "b"');
  assert.equal(schemaType({ type: 'array', items: { type: 'integer' } }), 'number[]');
  assert.equal(schemaType({ type: 'array', items: { type: ['string', 'null'] } }), '(string | null)[]');
  assert.equal(schemaType({ $ref: '#/components/schemas/Run' }), 'components["schemas"]["Run"]');
  assert.equal(schemaType({}), 'unknown');
  assert.equal(schemaType({ anyOf: [{ type: 'string' }, { type: 'null' }] }), '(string | null)');
  assert.equal(
    schemaType({ type: 'object', required: ['id'], properties: { id: { type: 'string' }, 'x-y': { type: 'number' } } }),
    '{\n  id: string;\n  "x-y"?: number;\n}',
  );
  assert.equal(schemaType({ type: 'object', additionalProperties: { type: 'string' } }), '{\n  [key: string]: string;\n}');
});

test('operations carry their parameters, body and numbered responses in the shape openapi-fetch reads', () => {
  const source = generateApiTypes({
    paths: {
      '/api/v1/runs/{id}': {
        get: {
          summary: 'A run',
          parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }, { in: 'query', name: 'limit', schema: { type: 'integer' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } }, '4XX': { description: 'error' } },
        },
      },
    },
  });
  assert.match(source, /"\/api\/v1\/runs\/\{id\}": \{/);
  assert.match(source, /path: \{\n\s+id: string;\n\s+\};/);
  assert.match(source, /query\?: \{\n\s+limit\?: number;\n\s+\};/);
  assert.match(source, /requestBody\?: never;/);
  assert.match(source, / 200: \{\n\s+headers: \{ \[name: string\]: unknown \};\n\s+content: \{\n\s+"application\/json": \{\n\s+id\?: string;/);
  assert.match(source, /"4XX": \{\n\s+headers: \{ \[name: string\]: unknown \};\n\s+content\?: never;/);
});
