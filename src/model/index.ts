export * from './source.js';
export * from './principal.js';
export * from './entitlement.js';
export * from './records.js';
export * from './collected.js';
export * from './findings.js';
export * from './password-policy.js';
export * from './verification-history.js';
