/**
 * The API token the user signed in with, kept for this browser tab's session only
 * (sessionStorage: gone when the tab closes, never sent anywhere but this server's API).
 */
const KEY = 'stance-ledger:token';

export function savedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
