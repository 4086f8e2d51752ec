/** The snapshot's format name and version, apart from its schemas so `demarc --version` needs no zod. */
export const SNAPSHOT_FORMAT = 'demarc-snapshot';
export const SNAPSHOT_VERSION = 1;
