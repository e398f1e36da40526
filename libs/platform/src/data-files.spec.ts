import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataFile, findDataFile } from './data-files.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');

describe('shipped data files', () => {
  it('are found from the sources (libs/platform/src)', () => {
    expect(dataFile('cameo-event-codes.tsv')).toBe(join(repo, 'data', 'cameo-event-codes.tsv'));
  });

  it('are found from the compiled tree (dist/libs/platform/src) too', () => {
    expect(findDataFile('aukus-demo.json', join(repo, 'dist', 'libs', 'platform', 'src'))).toBe(join(repo, 'data', 'aukus-demo.json'));
  });

  it('say which file is missing', () => {
    expect(() => dataFile('no-such-file.tsv')).toThrow('data/no-such-file.tsv not found');
    expect(existsSync(join(repo, 'data', 'no-such-file.tsv'))).toBe(false);
  });
});
