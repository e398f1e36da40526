import { CreateReadModels1763900000000 } from './1763900000000-create-read-models.js';
import { StanceCoveringIndex1764500000000 } from './1764500000000-stance-covering-index.js';

export const readModelMigrations = [CreateReadModels1763900000000, StanceCoveringIndex1764500000000];
