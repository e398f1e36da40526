/**
 * A strict RFC 4180 reader for the tests (no CSV library is a dependency): records end with
 * CRLF, a quoted cell may hold commas, quotes (doubled) and line breaks. Anything else — a
 * bare LF, a quote inside an unquoted cell, a missing final CRLF — throws, so a test sees
 * a malformed export rather than a lenient reading of it.
 */
export function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error(`unterminated quoted cell at ${i}`);
        cell += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        cell += '"';
        i += 1;
      }
    } else {
      const end = text.slice(i).search(/[,\r\n"]/);
      const stop = end < 0 ? text.length : i + end;
      cell = text.slice(i, stop);
      i = stop;
      if (text[i] === '"') throw new Error(`a quote inside an unquoted cell at ${i}`);
    }
    record.push(cell);
    if (text[i] === ',') i += 1;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
  }
  if (record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

/**
 * An export read back with README.md's column types (its pandas and R lines): every column
 * text, the empty cell missing (null), and `statedFrom`/`statedTo` instants (UTC).
 */
export function readExportTyped(text: string): { columns: string[]; rows: Record<string, string | Date | null>[] } {
  const [columns, ...records] = readCsv(text);
  const rows = records.map((cells) => {
    if (cells.length !== columns.length) throw new Error(`a record of ${cells.length} cells under ${columns.length} columns`);
    const row: Record<string, string | Date | null> = {};
    columns.forEach((column, index) => {
      const cell = cells[index];
      if (cell === '') row[column] = null;
      else if (column === 'statedFrom' || column === 'statedTo') {
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(cell)) throw new Error(`${column} ${cell} is not an RFC 3339 UTC instant`);
        row[column] = new Date(cell);
      } else row[column] = cell;
    });
    return row;
  });
  return { columns, rows };
}
