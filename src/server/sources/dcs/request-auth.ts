import type { IamTokenProvider } from './iam-token';
import { sdkDate, signRequest, type AkSk } from './sign-request';

export interface OutgoingRequest {
  method: string;
  url: URL;
  /** Decoded path, as signed. */
  path: string;
  query: ReadonlyArray<readonly [string, string]>;
  body: string;
  projectId: string;
}

export interface Authorization {
  headers: Record<string, string>;
  /** What a 401 rejected, handed back to `renewAfterRejection`. */
  credential: string;
}

/** How a source proves who it is: an AK/SK signature or an IAM token. */
export interface RequestAuth {
  authorize(request: OutgoingRequest): Promise<Authorization>;
  /** After a 401: whether a renewed credential is worth exactly one more try. */
  renewAfterRejection(credential: string): Promise<boolean>;
}

const CONTENT_TYPE = 'application/json';

export function akskAuth(credentials: AkSk & { securityToken?: string }, now: () => number): RequestAuth {
  return {
    authorize: async (request) => {
      const headers: Record<string, string> = {
        'Content-Type': CONTENT_TYPE,
        'X-Project-Id': request.projectId,
        'X-Sdk-Date': sdkDate(now()),
        ...(credentials.securityToken ? { 'X-Security-Token': credentials.securityToken } : {}),
      };
      const { authorization } = signRequest(
        { ...request, headers: { ...headers, host: request.url.host } },
        { ak: credentials.ak, sk: credentials.sk },
      );
      return { headers: { ...headers, Authorization: authorization }, credential: credentials.ak };
    },
    // A signature is either right or wrong: nothing to renew, and retrying bad keys locks them.
    renewAfterRejection: async () => false,
  };
}

export function tokenAuth(provider: IamTokenProvider): RequestAuth {
  return {
    authorize: async () => {
      const token = await provider.token();
      return { headers: { 'Content-Type': CONTENT_TYPE, 'X-Auth-Token': token }, credential: token };
    },
    renewAfterRejection: async (credential) => {
      await provider.renewAfterRejection(credential);
      return true;
    },
  };
}
