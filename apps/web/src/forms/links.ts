import { statementHref } from '../route.ts';

/** The editor forms' routes: on a statement's page (`#/statement/<id>`), and the record form. */
export const correctHref = (id: string) => `${statementHref(id)}/correct`;
export const retractHref = (id: string) => `${statementHref(id)}/retract`;
export const recordHref = () => '#/record';
