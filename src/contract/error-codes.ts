/**
 * Every error code the dashboard names, in one place: the BFF raises them, the SPA and the tests read them.
 * The BFF's own codes carry their HTTP status; upstream codes pass through as DCS and its gateway send them.
 */
export const BFF_ERRORS = {
  badRequest: { code: 'HOTKEYS.400', status: 400 },
  unauthorized: { code: 'HOTKEYS.401', status: 401 },
  forbidden: { code: 'HOTKEYS.403', status: 403 },
  notFound: { code: 'HOTKEYS.404', status: 404 },
  conflict: { code: 'HOTKEYS.409', status: 409 },
  /** The request's Host is not a name this dashboard serves (DNS rebinding, a wrong proxy setting). */
  misdirected: { code: 'HOTKEYS.421', status: 421 },
  bodyTooLarge: { code: 'HOTKEYS.413', status: 413 },
  unsupportedMediaType: { code: 'HOTKEYS.415', status: 415 },
  tooManyRequests: { code: 'HOTKEYS.429', status: 429 },
  headTooLarge: { code: 'HOTKEYS.431', status: 431 },
  internal: { code: 'HOTKEYS.500', status: 500 },
  badGateway: { code: 'HOTKEYS.502', status: 502 },
  unavailable: { code: 'HOTKEYS.503', status: 503 },
  gatewayTimeout: { code: 'HOTKEYS.504', status: 504 },
  /** The instance cannot run the analysis asked for (the BFF's twin of DCS.4922). */
  notEligible: { code: 'HOTKEYS.4922', status: 400 },
} as const;
export type BffErrorKind = keyof typeof BFF_ERRORS;

/** Codes of the DCS API that the dashboard explains or maps to a status of its own. */
export const DCS_ERRORS = {
  /** Redis 3.0 or a non-LFU maxmemory-policy: no hot key analysis. */
  notEligible: 'DCS.4922',
  /** The analysis record is gone (deleted, or rotated out of the 100 kept). */
  taskGone: 'DCS.4941',
  instanceNotRunning: 'DCS.4049',
} as const;

/** Codes of the API gateway in front of DCS (some regions say APIGW. for APIG.). */
export const GATEWAY_ERRORS = {
  badCredentials: 'APIG.0301',
  clockSkew: 'APIG.0303',
  tokenExpired: 'APIG.0307',
  throttled: 'APIG.0308',
} as const;
