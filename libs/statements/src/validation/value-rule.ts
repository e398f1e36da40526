/** The verdict of a rule on one value: the value as it will be stored, or why it is refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; detail: string };

/** Validates (and may normalise) one JSON value that is neither missing nor null. */
export type ValueRule<T> = (value: unknown) => Checked<T>;

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = (detail: string): Checked<never> => ({ ok: false, detail });
