// The CIP folders import these from here until they move; new code imports util/normalize.js.
export { normalizeAddress, normalizeKey } from '../util/normalize.js';
