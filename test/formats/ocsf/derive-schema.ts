/**
 * Derives a JSON Schema (draft 2020-12) for one OCSF event class from the ocsf/ocsf-schema repository's
 * own definition files (dictionary.json, events/, objects/) at one tag, the way the OCSF schema server
 * compiles them: a class or object `extends` its parent and overrides attribute by attribute; an
 * attribute's type, array-ness and enum come from the dictionary, merged with the class's own; `required`
 * attributes are required; attributes of profiles are left out (demarc applies none), so an unknown key
 * is an error; object `constraints` (at_least_one, just_one) become anyOf/oneOf.
 *
 * Run by hand (not a test) when the pinned version changes:
 *   npx tsx test/formats/ocsf/derive-schema.ts <ocsf-schema git dir> 1.8.0 compliance_finding findings \
 *     > test/formats/ocsf/compliance-finding-1.8.0.schema.json
 */
import { execFileSync } from 'node:child_process';

type Json = Record<string, any>;

const [gitDir, tag, className, category] = process.argv.slice(2) as [string, string, string, string];
const show = (path: string): Json => JSON.parse(execFileSync('git', ['--git-dir', gitDir, 'show', `${tag}:${path}`], { encoding: 'utf8' }));
const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-list', '-n', '1', tag], { encoding: 'utf8' }).trim();

const dictionary = show('dictionary.json');
const types: Json = dictionary.types.attributes;
const dict: Json = dictionary.attributes;
const categories = show('categories.json').attributes;

/** Deep merge where the child wins (the server's rule for `extends` and for class-level attribute overrides). */
function merge(a: any, b: any): any {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Json = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in a ? merge(a[k], v) : v;
    return out;
  }
  return b === undefined ? a : b;
}

/** An event or object with its parents folded in: attributes of no profile only. */
function resolved(kind: 'events' | 'objects', name: string, path?: string): Json {
  const def = show(path ?? `${kind}/${name}.json`);
  const parent = def.extends ? resolved(kind, def.extends, kind === 'events' ? eventPath(def.extends) : undefined) : { attributes: {} };
  const own: Json = {};
  for (const [k, v] of Object.entries<Json>(def.attributes ?? {})) {
    if (k === '$include') continue; // profile attribute files: not applied
    if (v && typeof v === 'object' && v.profile) continue;
    own[k] = v;
  }
  return { ...parent, ...def, attributes: merge(parent.attributes, own), constraints: def.constraints ?? parent.constraints };
}

const eventPath = (name: string): string => (name === 'base_event' ? 'events/base_event.json' : `events/${category}/${name}.json`);

/** The JSON Schema type of a dictionary type, following its base type (`timestamp_t` is a `long_t`). */
function scalar(type: string): Json {
  const t: Json = types[type] ?? {};
  const base = t.type ?? type;
  const out: Json =
    base === 'string_t'
      ? { type: 'string' }
      : base === 'integer_t' || base === 'long_t'
        ? { type: 'integer' }
        : base === 'float_t'
          ? { type: 'number' }
          : base === 'boolean_t'
            ? { type: 'boolean' }
            : {}; // json_t: any value
  if (t.regex) out.pattern = t.regex;
  if (t.max_len) out.maxLength = t.max_len;
  if (t.range) [out.minimum, out.maximum] = t.range;
  return out;
}

const defs: Json = {};

function objectRef(name: string): Json {
  // `object` is OCSF's untyped object (unmapped, vendor data): any keys.
  if (name === 'object') return { type: 'object' };
  if (!(name in defs)) {
    defs[name] = {}; // placeholder: objects refer to themselves (e.g. a process's parent_process)
    defs[name] = schemaOf(resolved('objects', name));
  }
  return { $ref: `#/$defs/${name}` };
}

function attributeSchema(name: string, local: Json): Json {
  const d = merge(dict[name] ?? {}, local);
  if (!dict[name]) throw new Error(`attribute ${name} is not in the dictionary`);
  // A type that is not a dictionary type names an object (`"type": "compliance"`).
  let s: Json = d.type === 'object_t' ? objectRef(d.object_type) : d.type in types ? scalar(d.type) : objectRef(d.type);
  if (d.enum) {
    const keys = Object.keys(d.enum);
    s = { ...s, enum: s.type === 'integer' ? keys.map(Number) : keys };
  }
  return d.is_array ? { type: 'array', items: s } : s;
}

function schemaOf(def: Json): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const [k, v] of Object.entries<Json>(def.attributes)) {
    properties[k] = attributeSchema(k, v);
    if (v.requirement === 'required') required.push(k);
  }
  const s: Json = { type: 'object', properties, additionalProperties: false };
  if (required.length) s.required = required.sort();
  const c = def.constraints ?? {};
  if (c.at_least_one) s.anyOf = c.at_least_one.map((k: string) => ({ required: [k] }));
  if (c.just_one) s.oneOf = c.just_one.map((k: string) => ({ required: [k] }));
  return s;
}

const cls = resolved('events', className, eventPath(className));
const categoryUid: number = categories[cls.category].uid;
const classUid = categoryUid * 1000 + Number(cls.uid);
const event = schemaOf(cls);
// The server fixes these from the class and category: class_uid, category_uid, and type_uid = class_uid * 100 + activity_id.
event.properties.class_uid = { type: 'integer', const: classUid };
event.properties.category_uid = { type: 'integer', const: categoryUid };
event.properties.type_uid = { type: 'integer', enum: (event.properties.activity_id.enum as number[]).map((a) => classUid * 100 + a) };

process.stdout.write(
  `${JSON.stringify(
    {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: `OCSF ${tag} ${cls.caption} (class_uid ${classUid})`,
      $comment: `Derived by test/formats/ocsf/derive-schema.ts from https://github.com/ocsf/ocsf-schema at tag ${tag} (commit ${commit}): dictionary.json, events/, objects/. OCSF schema: Apache License 2.0, see NOTICE.md beside this file. Profiles not applied.`,
      ...event,
      $defs: defs,
    },
    null,
    2,
  )}\n`,
);
