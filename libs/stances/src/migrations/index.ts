import { CreateReadModels1763900000000 } from './1763900000000-create-read-models.js';
import { StanceCoveringIndex1764500000000 } from './1764500000000-stance-covering-index.js';
import { StatementDocOnce1764600000000 } from './1764600000000-statement-doc-once.js';
import { CreateActors1764700000000 } from './1764700000000-create-actors.js';
import { StatementV2Columns1764800000000 } from './1764800000000-statement-v2-columns.js';
import { StancesByHolder1764810000000 } from './1764810000000-stances-by-holder.js';
import { DuplicateClaims1764900000001 } from './1764900000001-duplicate-claims.js';
import { StatementSearch1765000000000 } from './1765000000000-statement-search.js';
import { CurrentVersionSearch1765100000000 } from './1765100000000-current-version-search.js';

export { SEARCH_SQL } from './1765000000000-statement-search.js';

export const readModelMigrations = [
  CreateReadModels1763900000000,
  StanceCoveringIndex1764500000000,
  StatementDocOnce1764600000000,
  CreateActors1764700000000,
  StatementV2Columns1764800000000,
  StancesByHolder1764810000000,
  DuplicateClaims1764900000001,
  StatementSearch1765000000000,
  CurrentVersionSearch1765100000000,
];
