import { SetMetadata } from '@nestjs/common';
import type { Role } from '@app/platform';

export const ROLE_KEY = 'stance-ledger:role';

/** The least role a route needs; routes without it are public. */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);
