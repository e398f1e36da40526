import { fieldMeta, fieldsOf, type ObjectSchema, type RuleContext } from './field-schema.js';
import type { ObjectShape } from './object-shape.js';

const fixedBounds = new WeakMap<ObjectSchema, ObjectShape>();
const lastNow = new WeakMap<ObjectSchema, { time: number; shape: ObjectShape }>();

function build(schema: ObjectSchema, context: RuleContext): ObjectShape {
  const shape: Record<string, ObjectShape[string]> = {};
  for (const { key, optional, object, items, meta } of fieldsOf(schema)) {
    // A field with a default may be omitted; it is filled in, so it is never null once read.
    const common = { required: !optional && !meta.byDefault, ...(meta.byDefault ? { byDefault: meta.byDefault } : {}) };
    if (object) shape[key] = { ...common, shape: build(object, context), ...(meta.problems ? { problems: meta.problems } : {}) };
    else if (items) {
      const { problems } = fieldMeta(items);
      if (!meta.count) throw new Error(`field ${key}: an array declared without its count`);
      shape[key] = { ...common, items: build(items, context), count: meta.count, ...(problems ? { problems } : {}) };
    } else if (meta.rule) shape[key] = { ...common, rule: meta.rule(context) };
    else throw new Error(`field ${key}: declared without a rule (use ruleSchema)`);
  }
  return shape;
}

/**
 * The rules `readObject` applies, derived from a declaration for `now`. Kept: one shape per
 * schema without `now`, and the last one with (a batch's items share the request's time).
 */
export function objectShapeOf(schema: ObjectSchema, now: Date | null): ObjectShape {
  if (now === null) {
    let shape = fixedBounds.get(schema);
    if (!shape) fixedBounds.set(schema, (shape = build(schema, { now })));
    return shape;
  }
  const time = now.getTime();
  let last = lastNow.get(schema);
  if (last?.time !== time) lastNow.set(schema, (last = { time, shape: build(schema, { now }) }));
  return last.shape;
}
