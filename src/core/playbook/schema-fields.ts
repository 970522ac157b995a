// Field names read from a zod schema, so lists such as "every field a playbook may have" are
// derived from the schema instead of copied by hand.
import type * as z from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
}

/** Every object key that can appear anywhere in values of this schema. */
export function fieldNames(schema: z.ZodType, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = (schema as unknown as { _zod?: { def?: Def } })._zod?.def;
  if (!def) return out;
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def.shape ?? {})) {
        out.add(k);
        fieldNames(v, out, seen);
      }
      break;
    case 'array':
      if (def.element) fieldNames(def.element, out, seen);
      break;
    case 'union':
      for (const o of def.options ?? []) fieldNames(o, out, seen);
      break;
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
    case 'prefault':
    case 'catch':
      if (def.innerType) fieldNames(def.innerType, out, seen);
      break;
    case 'pipe':
      if (def.in) fieldNames(def.in, out, seen);
      if (def.out) fieldNames(def.out, out, seen);
      break;
    case 'record':
      if (def.valueType) fieldNames(def.valueType, out, seen);
      break;
  }
  return out;
}
