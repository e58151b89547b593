import { z } from 'zod';

/** One setting as `--help` lists it: where it sits, whether it must be given, its default and meaning. */
export interface SettingRow {
  key: string;
  required: boolean;
  default?: unknown;
  description?: string;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
};

/** The option of a union of objects that one literal key tells apart (`type`, `mode`). */
function discriminated(options: JsonSchema[]): { key: string; value: unknown; schema: JsonSchema }[] | null {
  if (!options.every((o) => o.properties)) return null;
  const key = Object.keys(options[0]!.properties!).find((k) =>
    options.every((o) => o.properties![k]?.const !== undefined),
  );
  if (!key) return null;
  return options.map((o) => ({ key, value: o.properties![key]!.const, schema: o }));
}

function walk(schema: JsonSchema, prefix: string, rows: SettingRow[], variantKey?: string): void {
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    // In a variant, its discriminator is the heading: `scanners[] (type "serial")`.
    const key = name === variantKey ? prefix.slice(0, -1) : `${prefix}${name}`;
    rows.push({
      key,
      required: name !== variantKey && required.has(name),
      ...(property.default !== undefined ? { default: property.default } : {}),
      ...(property.description ? { description: property.description } : {}),
    });
    nested(property, key, rows);
  }
}

function nested(schema: JsonSchema, key: string, rows: SettingRow[]): void {
  const options = schema.anyOf ?? schema.oneOf;
  if (schema.properties) walk(schema, `${key}.`, rows);
  else if (schema.items) nested(schema.items, `${key}[]`, rows);
  else if (options) {
    const variants = discriminated(options);
    if (variants) {
      for (const v of variants) walk(v.schema, `${key} (${v.key} ${JSON.stringify(v.value)}).`, rows, v.key);
    } else {
      for (const option of options) nested(option, key, rows);
    }
  }
}

/** Every key of a config schema, nested objects, arrays and variants included, from its zod descriptions. */
export function settingRows(schema: z.ZodType): SettingRow[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows: SettingRow[] = [];
  walk(json, '', rows);
  return rows;
}

/** Wraps `text` at `width` columns, each line indented by `indent`. */
export function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
}
