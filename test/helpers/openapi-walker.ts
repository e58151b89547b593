/**
 * Walks every operation of an OpenAPI 3.1 document with hostile values — in each path
 * parameter, each query parameter and each body field in turn — and reports every
 * answer that is a 5xx, or a 4xx without the one error envelope. It knows nothing of
 * TixMo's routes: ids come from a map by parameter (or field) name, everything else is
 * made from the schema, so a route added later is walked too.
 */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema fragments are walked loosely
type Schema = any;

export interface Hostile {
  label: string;
  value: unknown;
  /** A string the API cannot store: the answer must be a 400 naming the field. */
  unstorable?: boolean;
}

const tenKb = 'x'.repeat(10 * 1024);

/** What goes into one JSON field (a value of any type). */
export const hostileValues: Hostile[] = [
  { label: 'NUL', value: 'a\u0000b', unstorable: true },
  { label: 'lone surrogate', value: 'a\ud800b', unstorable: true },
  { label: '2^31', value: 2 ** 31 },
  { label: '2^53', value: 2 ** 53 },
  { label: '-1', value: -1 },
  { label: '1.5', value: 1.5 },
  { label: '10 kB', value: tenKb },
  { label: 'true', value: true },
  { label: 'null', value: null },
  { label: 'object', value: { a: 1 } },
  { label: 'array', value: ['x'] },
];

/** What goes into a path segment or a query value (always text on the wire). */
export const hostileText: Hostile[] = [
  { label: 'NUL', value: 'a\u0000b', unstorable: true },
  { label: '2^31', value: '2147483648' },
  { label: '-1', value: '-1' },
  { label: '10 kB', value: tenKb },
  { label: 'not a number', value: 'true' },
  { label: 'bad %-encoding', value: '%E0%A4%A' },
];

/** Whole bodies that are not what any route takes. */
const hostileBodies: { label: string; body: string }[] = [
  { label: 'null', body: 'null' },
  { label: 'array', body: '[]' },
  { label: 'string', body: '"x"' },
  { label: 'truncated JSON', body: '{"a":' },
  { label: 'NUL key', body: '{"a\\u0000":1}' },
];

export interface WalkOptions {
  baseUrl: string;
  /** Parameter and field names mapped to real values (ids of a seeded world, known-good strings). */
  named: Record<string, unknown>;
  /** Query parameters sent on every request of an operation that declares them (e.g. a long-poll's timeout 0). */
  alwaysQuery?: Record<string, string>;
  identities: { label: string; authorization?: string }[];
  /** Only some of the hostile values (a subset run). */
  filter?: (h: Hostile) => boolean;
  /** Operations to walk last (they change the world: deletes, cancels). */
  last?: (method: string, path: string) => boolean;
}

export interface Finding {
  request: string;
  status: number;
  body: string;
}

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; required?: boolean; schema?: Schema }[];
  body?: Schema;
}

function operations(doc: Schema, last?: WalkOptions['last']): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths))
    for (const [method, op] of Object.entries<Schema>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  const rank = (o: Operation) => (last?.(o.method, o.path) ? 1 : 0);
  return ops.sort((a, b) => rank(a) - rank(b));
}

let uniq = 0;

/** A value the schema accepts, or a known one by name; undefined when nothing sensible can be made. */
export function sample(schema: Schema, name: string, named: Record<string, unknown>): unknown {
  if (name in named) return named[name];
  if (!schema) return 'x';
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t && t !== 'null') ?? types[0];
  switch (type) {
    case 'string': {
      if (schema.format === 'date-time') {
        const late = /end|until|to$/i.test(name);
        return new Date(Date.now() + (late ? 2 : 1) * 86_400_000).toISOString();
      }
      if (schema.format === 'email' || /email/i.test(name))
        return `walker-${Date.now()}-${uniq++}@test.tixmo`;
      // Unique, so a create is not refused as a duplicate of the walk's previous one.
      const text = `w${(uniq++).toString(36)}`;
      return text.padEnd(schema.minLength ?? 1, 'w').slice(0, schema.maxLength ?? 64);
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array': {
      const item = sample(schema.items, singular(name), named);
      return item === undefined ? [] : [item];
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key], key, named);
      return out;
    }
    default:
      return 'x';
  }
}

const singular = (name: string) => (name.endsWith('Ids') ? name.slice(0, -1) : name);

type PathKey = (string | number)[];

/** Every place a hostile value can go in a body: required fields of the base, and each optional one on its own. */
function bodySlots(schema: Schema, path: PathKey = []): PathKey[] {
  if (!schema) return [];
  const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object') && schema.properties) {
    const slots: PathKey[] = [];
    for (const [key, sub] of Object.entries<Schema>(schema.properties)) {
      slots.push([...path, key]);
      slots.push(...bodySlots(sub, [...path, key]));
    }
    return slots;
  }
  if (types.includes('array') && schema.items) return bodySlots(schema.items, [...path, 0]);
  return [];
}

/** The base body with `value` at `path`, building missing (optional) parents from the schema. */
function withValue(
  base: unknown,
  schema: Schema,
  path: PathKey,
  value: unknown,
  named: Record<string, unknown>,
) {
  const root = structuredClone(base) as Record<string, unknown>;
  let node: Schema = root;
  let sub: Schema = schema;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    sub = typeof key === 'number' ? sub.items : sub.properties[key];
    if (node[key] === undefined || node[key] === null) node[key] = sample(sub, String(key), named);
    if (typeof key === 'number' && !Array.isArray(node)) return undefined;
    node = node[key];
    if (typeof node !== 'object' || node === null) return undefined;
  }
  node[path.at(-1)!] = value;
  return root;
}

/** The path with its parameters filled in; `raw` ones are already %-encoded. */
function fillPath(path: string, values: Record<string, string>, raw: Record<string, string> = {}) {
  return path.replace(
    /\{([^}]+)\}/g,
    (_, name: string) => raw[name] ?? encodeURIComponent(values[name] ?? 'no-such-id'),
  );
}

/** A hostile text is sent as is where it is already %-encoded garbage, else encoded. */
const encodeText = (h: Hostile) =>
  h.label === 'bad %-encoding' ? String(h.value) : encodeURIComponent(String(h.value));

async function send(
  options: WalkOptions,
  method: string,
  url: string,
  authorization: string | undefined,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${options.baseUrl}${url}`, { method, headers, body });
  return { status: res.status, text: await res.text() };
}

function judge(
  findings: Finding[],
  request: string,
  res: { status: number; text: string },
  hostile: Hostile | undefined,
  field: string | undefined,
) {
  const fail = () => findings.push({ request, status: res.status, body: res.text.slice(0, 300) });
  if (res.status >= 500) return fail();
  if (res.status < 400) {
    // A string that cannot be stored must never be accepted.
    if (hostile?.unstorable) fail();
    return;
  }
  let error: { code?: unknown; message?: unknown; requestId?: unknown } | undefined;
  try {
    error = JSON.parse(res.text).error;
  } catch {
    return fail();
  }
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || !error.requestId)
    return fail();
  // Unstorable text is refused before anything else looks at the request, naming the field.
  if (hostile?.unstorable && (res.status !== 400 || (field && !error.message.includes(field)))) fail();
}

/** Walks the document; resolves to every request whose answer broke the rules. */
export async function walkOpenApi(doc: Schema, options: WalkOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const texts = hostileText.filter((h) => options.filter?.(h) ?? true);
  const values = hostileValues.filter((h) => options.filter?.(h) ?? true);
  const named = options.named;
  for (const op of operations(doc, options.last)) {
    const pathParams = op.params.filter((p) => p.in === 'path');
    const queryParams = op.params.filter((p) => p.in === 'query');
    const realPath: Record<string, string> = {};
    for (const p of pathParams) realPath[p.name] = String(named[p.name] ?? 'no-such-id');
    const baseQuery = new URLSearchParams();
    for (const p of queryParams) {
      if (options.alwaysQuery?.[p.name] !== undefined) baseQuery.set(p.name, options.alwaysQuery[p.name]!);
      else if (p.required) baseQuery.set(p.name, String(sample(p.schema, p.name, named)));
    }
    const baseBody = () => (op.body ? sample(op.body, '', named) : undefined);
    const baseBodyText = () => (op.body ? JSON.stringify(baseBody()) : undefined);
    const url = (pathValues: Record<string, string>, query: URLSearchParams) => {
      const q = query.toString();
      return fillPath(op.path, pathValues) + (q ? `?${q}` : '');
    };

    for (const who of options.identities) {
      // Once the route refuses this caller (401: auth runs before validation), only the
      // unstorable values are still worth sending: the input check runs before auth.
      let refused = false;
      const run = async (label: string, u: string, body: string | undefined, h?: Hostile, field?: string) => {
        if (refused && !h?.unstorable) return;
        const res = await send(options, op.method, u, who.authorization, body);
        judge(findings, `${who.label}: ${op.method} ${op.path} ${label}`, res, h, field);
        if (res.status === 401 && !h?.unstorable) refused = true;
      };
      for (const p of pathParams)
        for (const h of texts) {
          const u = fillPath(op.path, realPath, { [p.name]: encodeText(h) });
          const q = baseQuery.size ? `?${baseQuery}` : '';
          await run(`path ${p.name}=${h.label}`, u + q, baseBodyText(), h, p.name);
        }
      for (const p of queryParams)
        for (const h of texts) {
          const q = `${baseQuery.size ? `${baseQuery}&` : ''}${encodeURIComponent(p.name)}=${encodeText(h)}`;
          await run(
            `query ${p.name}=${h.label}`,
            `${fillPath(op.path, realPath)}?${q}`,
            baseBodyText(),
            h,
            p.name,
          );
        }
      if (!op.body) continue;
      for (const slot of bodySlots(op.body))
        for (const h of values) {
          const body = withValue(baseBody(), op.body, slot, h.value, named);
          if (body === undefined) continue;
          const field = slot.join('.');
          await run(`body ${field}=${h.label}`, url(realPath, baseQuery), JSON.stringify(body), h, field);
        }
      for (const b of hostileBodies.filter(
        (x) => options.filter?.({ label: x.label, value: x.body }) ?? true,
      ))
        await run(`body=${b.label}`, url(realPath, baseQuery), b.body);
    }
  }
  return findings;
}
