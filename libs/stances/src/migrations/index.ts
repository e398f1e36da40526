import { CreateReadModels1763900000000 } from './1763900000000-create-read-models.js';

export const readModelMigrations = [CreateReadModels1763900000000];
