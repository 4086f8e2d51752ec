import { z } from 'zod';
import { SecretRef } from '../../util/secrets.js';
import { sourceConfigBase } from '../source-config.js';

const HttpsUrl = z.url({ protocol: /^https$/ }).describe('An https:// URL.');

/** Certificate credential: the PEM private key signs the client assertion; the thumbprint names the certificate. */
/**
 * The tenant an app-only token is for: its tenant id, a GUID (https://learn.microsoft.com/en-us/entra/fundamentals/how-to-find-tenant),
 * or one of its verified domains, which MSAL accepts as the authority's tenant
 * (https://learn.microsoft.com/en-us/entra/identity-platform/msal-client-application-configuration#authority).
 * A bare tenant name ("contoso") is neither, and the multi-tenant aliases name no tenant to audit.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const TenantId = z
  .string()
  .min(1)
  .superRefine((v, ctx) => {
    if (GUID.test(v) || DOMAIN.test(v)) return;
    const alias = ['common', 'organizations', 'consumers'].includes(v.toLowerCase());
    ctx.addIssue({
      code: 'custom',
      message: alias
        ? `tenantId "${v}" names no tenant: app-only collection needs the tenant id (a GUID such as 3f1e0c2a-7d4b-4a5b-9c1d-5e8f00000001) or a verified domain`
        : `tenantId "${v}" is neither a tenant id (a GUID such as 3f1e0c2a-7d4b-4a5b-9c1d-5e8f00000001) nor a verified domain (such as ${v.toLowerCase()}.onmicrosoft.com)`,
    });
  });

export const EntraCertificate = z
  .object({
    privateKeyFile: z.string().min(1).describe('PEM file with the private key (PKCS#8 or PKCS#1).'),
    privateKeyPassphrase: SecretRef.optional().describe('Passphrase of an encrypted private key, from an environment variable or a file.'),
    certificateFile: z
      .string()
      .min(1)
      .optional()
      .describe('PEM file with the certificate (and optionally its chain): used to compute the SHA-256 thumbprint and for x5c.'),
    thumbprintSha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, '64 hexadecimal digits')
      .optional()
      .describe('SHA-256 thumbprint of the certificate, when certificateFile is not given.'),
    sendX5c: z
      .boolean()
      .default(false)
      .describe('Send the certificate chain (x5c) with the assertion (subject name / issuer authentication).'),
  })
  .strict()
  .refine((c) => c.certificateFile !== undefined || c.thumbprintSha256 !== undefined, {
    message: 'give certificateFile or thumbprintSha256',
  })
  .refine((c) => !c.sendX5c || c.certificateFile !== undefined, { message: 'sendX5c needs certificateFile' });

export const HttpProxy = z
  .object({
    url: z
      .url({ protocol: /^http$/ })
      .refine((u) => !new URL(u).username, { message: 'put the proxy credentials in username and password, not in the URL' })
      .describe('HTTP proxy that tunnels HTTPS with CONNECT, e.g. http://proxy.corp.example:3128'),
    username: z.string().min(1).optional(),
    password: SecretRef.optional().describe('Proxy password, from an environment variable or a file.'),
  })
  .strict()
  .refine((p) => (p.username === undefined) === (p.password === undefined), { message: 'give both username and password, or neither' });

export const EntraCloud = z.enum(['global', 'usgov', 'usgov-dod', 'china', 'custom']);
export type EntraCloud = z.infer<typeof EntraCloud>;

/**
 * What the operator knows the tenant lacks. Graph refuses PIM for groups without an Entra ID P2 (or ID
 * Governance) licence; demarc cannot tell a tenant that has none from one whose answer it misread, so the
 * refusal leaves the source incomplete until the configuration says so, with a reason that every output shows.
 */
export const PimForGroups = z
  .object({
    available: z.boolean().describe('false: the tenant has no PIM for groups; its eligibility schedules are not read.'),
    reason: z.string().trim().min(3).optional().describe('Why, shown in every output (e.g. "no Entra ID P2 licence").'),
  })
  .strict()
  .refine((p) => p.available || p.reason !== undefined, { message: 'give the reason the tenant has no PIM for groups', path: ['reason'] });

export const MembershipStrategy = z
  .enum(['auto', 'batch', 'delta', 'per-group'])
  .describe('auto: delta when incremental state is kept, otherwise $batch (fewest requests for a full read).');

export const EntraSourceConfig = sourceConfigBase
  .extend({
    kind: z.literal('entra'),
    tenantId: TenantId.describe('Tenant id (GUID) or verified domain name of the tenant.'),
    clientId: z.string().min(1).describe('Application (client) id of the app registration in that tenant.'),
    clientSecret: SecretRef.optional().describe('Client secret, from an environment variable or a file.'),
    certificate: EntraCertificate.optional(),
    cloud: EntraCloud.default('global'),
    authorityHost: HttpsUrl.optional().describe('custom cloud: login host, e.g. https://login.example.net'),
    authorityMetadata: z
      .looseObject({ token_endpoint: HttpsUrl, issuer: z.string().optional() })
      .optional()
      .describe('custom cloud: OpenID metadata of the authority, so that no discovery call is made.'),
    graphEndpoint: HttpsUrl.optional().describe('custom cloud: Microsoft Graph base URL, e.g. https://graph.example.net'),
    tokenScope: z
      .string()
      .regex(/^\S+\/\.default$/, 'a resource followed by /.default (client credentials accept nothing else)')
      .optional()
      .describe('custom cloud: the token scope, when the resource is not the Graph URL; default <graphEndpoint>/.default'),
    caFile: z.string().min(1).optional().describe('PEM file of CA certificates trusted in addition to the system ones.'),
    proxy: HttpProxy.optional().describe('Outbound HTTP proxy for the token and Graph requests.'),
    membership: MembershipStrategy.default('auto'),
    incremental: z.boolean().default(true).describe('Use delta links kept in the state directory when there is one.'),
    pimForGroups: PimForGroups.optional().describe('Record that the tenant has no PIM for groups, and why.'),
    signInActivity: z.boolean().default(false).describe("Read users' last sign-in (needs AuditLog.Read.All and Entra ID P1)."),
    concurrency: z.number().int().min(1).max(16).default(4),
    requestTimeoutMs: z.number().int().min(1000).default(60_000),
    maxAttemptsPerRequest: z.number().int().min(1).max(20).default(8),
    retryBudget: z.number().int().min(0).default(500).describe('Total retries allowed for one source before it is reported incomplete.'),
    maxRetryWaitMs: z.number().int().min(0).default(120_000).describe('Longest single wait honoured before giving up.'),
  })
  .strict()
  .refine((c) => (c.clientSecret ? 1 : 0) + (c.certificate ? 1 : 0) === 1, {
    message: 'give exactly one of clientSecret or certificate',
    path: ['clientSecret'],
  })
  .refine((c) => c.cloud !== 'custom' || (c.authorityHost !== undefined && c.graphEndpoint !== undefined), {
    message: 'cloud "custom" needs authorityHost and graphEndpoint',
    path: ['cloud'],
  })
  .refine(
    (c) =>
      c.cloud === 'custom' ||
      (c.authorityHost === undefined && c.graphEndpoint === undefined && c.authorityMetadata === undefined && c.tokenScope === undefined),
    {
      message: 'authorityHost, authorityMetadata, graphEndpoint and tokenScope are only for cloud "custom"',
      path: ['cloud'],
    },
  );
export type EntraSourceConfig = z.infer<typeof EntraSourceConfig>;
