import { isPosition, scoreOf, statedInterval, valueAt } from '@app/statements';
import { z } from 'zod';
import { statementViewSchema } from '../statement-view.js';

/** Where a value sits in a served object: ["actor", "country"], ["topic"], … */
export type FieldPath = readonly string[];

/** What a row adds to its served fields: the position's score, statedAt's interval, how many sources it cites. */
interface Derived {
  score: number | null;
  statedFrom: string | null;
  statedTo: string | null;
  sourceCount: number;
}

/** One CSV column: its header and how a row's cell is read. */
export interface ExportColumn {
  header: string;
  cell(row: object, derived: Derived): unknown;
}

/** The columns of one kind of export, and what each row derives once for them. */
export interface ExportColumns {
  columns: readonly ExportColumn[];
  derive(row: object): Derived;
}

function derive(row: object): Derived {
  const fields = row as Record<string, unknown>;
  const interval = typeof fields.statedAt === 'string' ? statedInterval(fields.statedAt) : null;
  const sources = fields.sources;
  return {
    score: isPosition(fields.position) ? scoreOf(fields.position) : null,
    statedFrom: interval?.statedFrom ?? null,
    statedTo: interval?.statedTo ?? null,
    // Until a statement holds a list of sources, its one `source` is the whole list.
    sourceCount: Array.isArray(sources) ? sources.length : fields.source ? 1 : 0,
  };
}

const isAt = (path: FieldPath, name: string) => path.length === 1 && path[0] === name;

/**
 * The CSV columns of a served object whose values lie at `paths` (in its field order,
 * nested ones dotted: `actor.country`), with the derived columns the contract adds beside
 * the field they come from: `score` after `position` (unless the object serves one),
 * `statedFrom` and `statedTo` after `statedAt`, `sourceCount` after the last `source.*`.
 */
export function exportColumns(paths: readonly FieldPath[]): ExportColumns {
  const servesScore = paths.some((path) => isAt(path, 'score'));
  const lastSource = paths.findLastIndex((path) => path.length > 1 && path[0] === 'source');
  const columns: ExportColumn[] = [];
  paths.forEach((path, index) => {
    columns.push({ header: path.join('.'), cell: (row) => valueAt(row, path) });
    if (isAt(path, 'position') && !servesScore) columns.push({ header: 'score', cell: (_, derived) => derived.score });
    if (isAt(path, 'statedAt')) {
      columns.push({ header: 'statedFrom', cell: (_, derived) => derived.statedFrom }, { header: 'statedTo', cell: (_, derived) => derived.statedTo });
    }
    if (index === lastSource) columns.push({ header: 'sourceCount', cell: (_, derived) => derived.sourceCount });
  });
  return { columns, derive };
}

function unwrapped(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  return inner;
}

/**
 * Every value of an object schema that fits one cell, depth first in declaration order. A
 * list has no one cell: a statement's `sources` are its primary `source.*` and `sourceCount`.
 */
export function cellPathsOf(schema: z.ZodObject, parent: FieldPath = []): FieldPath[] {
  return Object.entries(schema.shape).flatMap(([key, declared]) => {
    const inner = unwrapped(declared as z.ZodType);
    if (inner instanceof z.ZodObject) return cellPathsOf(inner, [...parent, key]);
    if (inner instanceof z.ZodArray) return [];
    return [[...parent, key]];
  });
}

/** The Statement's columns, from its one declaration: its fields follow it by themselves. */
export const STATEMENT_COLUMNS = exportColumns(cellPathsOf(statementViewSchema));
