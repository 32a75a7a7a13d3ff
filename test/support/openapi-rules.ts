/** What the OpenAPI document must say of every operation, for clients generated from it. */

type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

const ERROR_REF = '#/components/schemas/ErrorResponseDto';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** An id by name: `id`, `clientId`, `clientIds`. */
const ID_NAME = /^(id|.*Id|.*Ids)$/;

/** A schema is usable by a generated client when it says what it is (a reference, a type, a union). */
function describes(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema.$ref || schema.oneOf || schema.anyOf || schema.allOf) return true;
  if (schema.type === 'object') return Boolean(schema.properties || schema.additionalProperties);
  if (schema.type === 'array') return describes(schema.items as Schema | undefined);
  return typeof schema.type === 'string';
}

/** Calls `visit` on every property of a schema, nested ones included, with its path. */
function walkProperties(
  schema: Schema | undefined,
  path: string,
  visit: (name: string, s: Schema, at: string) => void,
) {
  if (!schema || typeof schema !== 'object') return;
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    for (const [i, part] of ((schema[key] as Schema[] | undefined) ?? []).entries())
      walkProperties(part, `${path}.${key}[${i}]`, visit);
  }
  if (schema.items) walkProperties(schema.items as Schema, `${path}[]`, visit);
  if (typeof schema.additionalProperties === 'object')
    walkProperties(schema.additionalProperties as Schema, `${path}{}`, visit);
  for (const [name, property] of Object.entries(
    (schema.properties as Record<string, Schema> | undefined) ?? {},
  )) {
    visit(name, property, `${path}.${name}`);
    walkProperties(property, `${path}.${name}`, visit);
  }
}

function isNumber(schema: Schema): boolean {
  return (
    schema.type === 'number' ||
    (schema.type === 'array' && (schema.items as Schema | undefined)?.type === 'number')
  );
}

/** An id that is no UUID must say what it is instead (a pattern: sequence numbers of the record). */
function lacksUuid(schema: Schema): boolean {
  const target = schema.type === 'array' ? ((schema.items as Schema | undefined) ?? {}) : schema;
  return target.type === 'string' && target.format !== 'uuid' && !target.pattern;
}

/** Properties that really are fractions (everything else countable is an integer). */
const FRACTIONS = new Set<string>([
  // Ages measured by the database in fractional seconds.
  'CheckpointCheckDto.lagSeconds',
  'VerifyResultDto.oldestUnsealedSeconds',
  // Commission rates: fractions of the premium, up to 4 decimal places.
  'CreateQuoteDto.commissionRate',
  'UpdateQuoteDto.commissionRate',
  'RegisterContractDto.commissionRate',
  'QuoteResponseDto.commissionRate',
  'ContractResponseDto.commissionRate',
  'RenewalItemDto.commissionRate',
  'CreateCommissionAgreementDto.firstYearRate',
  'CreateCommissionAgreementDto.renewalRate',
  'CommissionSplitDto.share',
  'CommissionAgreementResponseDto.firstYearRate',
  'CommissionAgreementResponseDto.renewalRate',
  'CommissionSplitResponseDto.share',
  'CommissionShareDto.share',
  'ContractCommissionResponseDto.rate',
]);

/** Ids named so that are not always UUIDs, with why. */
const NOT_UUIDS = new Set<string>([
  // Background work records under its name ("seed-mandates", "mail-batch:<uuid>").
  'AccessLogEntryDto.requestId',
  // A refused caller's non-id in an id slot is recorded as "(invalid)".
  'AccessLogEntryDto.resourceId',
]);

/**
 * A property typed as a bare object says nothing (reflect-metadata gives `Object` for a union such
 * as `string | null`, so a decorator without `type` turns a nullable string into one).
 */
function shapeless(schema: Schema): boolean {
  return (
    schema.type === 'object' &&
    !schema.properties &&
    !schema.additionalProperties &&
    !schema.allOf &&
    !schema.$ref
  );
}

/** Every rule a generated client relies on; returns one line per offence. */
export function offences(document: {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}): string[] {
  const found: string[] = [];
  const ids = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const at = `${method.toUpperCase()} ${path}`;
      if (!op.summary?.trim()) found.push(`${at}: no summary`);
      if (!op.operationId || !/^[a-z][A-Za-z0-9]*_[a-z][A-Za-z0-9]*$/.test(op.operationId)) {
        found.push(`${at}: operationId ${op.operationId ?? '(none)'} is not controller_method`);
      } else if (ids.has(op.operationId)) {
        found.push(`${at}: operationId ${op.operationId} also names ${ids.get(op.operationId)}`);
      } else ids.set(op.operationId, at);

      const responses = op.responses ?? {};
      const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) found.push(`${at}: no 2xx response`);
      for (const [status, response] of success) {
        if (status === '204') {
          if (response.content) found.push(`${at}: 204 with a body`);
          continue;
        }
        const media = Object.entries(response.content ?? {});
        if (media.length === 0) found.push(`${at}: ${status} without content`);
        for (const [type, { schema }] of media) {
          if (!describes(schema)) found.push(`${at}: ${status} ${type} has no schema`);
        }
      }
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const html = response.content?.['text/html']?.schema?.type === 'string';
        if (response.content?.['application/json']?.schema?.$ref !== ERROR_REF && !html) {
          found.push(`${at}: ${status} does not refer to the error body`);
        }
      }
      const params = op.parameters ?? [];
      const expected = ['500'];
      if (params.length > 0 || op.requestBody) expected.push('400');
      if (op.security?.length) expected.push('401', '403');
      if (params.some((p) => p.in === 'path')) expected.push('404');
      for (const status of expected) if (!responses[status]) found.push(`${at}: no ${status} response`);

      for (const p of params) {
        if (!p.schema) continue;
        if (ID_NAME.test(p.name) && p.in !== 'header' && lacksUuid(p.schema))
          found.push(`${at}: ${p.in} ${p.name} without format uuid`);
        if (isNumber(p.schema)) found.push(`${at}: ${p.in} ${p.name} is number, not integer`);
      }
      const inline = [
        ...Object.entries(op.requestBody?.content ?? {}).map(([t, m]) => [`body ${t}`, m.schema] as const),
        ...Object.entries(responses).flatMap(([s, r]) =>
          Object.entries(r.content ?? {}).map(([t, m]) => [`${s} ${t}`, m.schema] as const),
        ),
      ];
      for (const [where, schema] of inline) {
        walkProperties(schema, `${at} ${where}`, (name, s, p) => {
          if (ID_NAME.test(name) && lacksUuid(s)) found.push(`${p}: id without format uuid`);
          if (isNumber(s)) found.push(`${p}: number, not integer`);
          if (shapeless(s)) found.push(`${p}: an object of no shape`);
        });
      }
    }
  }
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    walkProperties(schema, name, (property, s, p) => {
      if (ID_NAME.test(property) && lacksUuid(s) && !NOT_UUIDS.has(p))
        found.push(`${p}: id without format uuid`);
      if (isNumber(s) && !FRACTIONS.has(p)) found.push(`${p}: number, not integer`);
      if (shapeless(s)) found.push(`${p}: an object of no shape`);
    });
  }
  const schemas = document.components?.schemas ?? {};
  for (const ref of new Set(JSON.stringify(document).match(/"#\/components\/schemas\/[^"]+"/g) ?? [])) {
    if (!schemas[ref.slice(22, -1)]) found.push(`${ref.slice(1, -1)}: refers to no schema`);
  }
  return found;
}
