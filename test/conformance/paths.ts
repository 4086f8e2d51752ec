import { fileURLToPath } from 'node:url';

/** A file of fixtures/conformance. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/conformance/${name}`, import.meta.url));
