/** The statement's page (`#/statement/<id>`, built in another slice), and this slice's forms on it. */
export const statementHref = (id: string) => `#/statement/${encodeURIComponent(id)}`;
export const correctHref = (id: string) => `${statementHref(id)}/correct`;
export const retractHref = (id: string) => `${statementHref(id)}/retract`;
export const recordHref = () => '#/record';
