import { OutOfSessionApiCall } from '@dual-auth/client';
import { ActVerificationError, type IamAdapter, type ReplayStore } from '@dual-auth/core';
import { OutOfSessionTokenRequest, type SingleFlightTokenCache } from '@dual-auth/session';
import { type LocalIdp, startHttpsServer } from '@dual-auth/testing';

/** What the remote agent answers the web app. */
export interface RemoteAgentReply {
  /** `act.sub` of the human the verified act JWT named. */
  humanId: string;
  /** The claims of the token the agent got, signature elided. */
  token: string;
  apiStatus: number;
  apiBody: unknown;
}

/** A running remote agent service. */
export interface RemoteAgent {
  /** Where the web app POSTs `{ "act_jwt": "…" }` (the guide's convention). */
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * An agent running as its own HTTPS service (out-of-session): it verifies the web app's signed act
 * JWT (signature, issuer, audience = its own endpoint, expiry, single-use `jti`), asks the IdP for
 * a dual-subject token for that human, and calls the API with it.
 */
export async function startRemoteAgent(options: {
  idp: LocalIdp;
  adapter: IamAdapter;
  agentId: string;
  apiUrl: string;
  describeToken: (token: { accessToken: string; actAssertion?: string | undefined }) => string;
  /** The audience act JWTs are signed for: the URL of a load balancer in front of instances. */
  audience?: string;
  /** Shared with the other instances (Redis); default: this instance's own, in memory. */
  replayStore?: ReplayStore;
  cache?: SingleFlightTokenCache;
}): Promise<RemoteAgent> {
  const { idp, adapter, agentId, apiUrl, describeToken, replayStore, cache } = options;
  const tokens = new OutOfSessionTokenRequest({
    adapter,
    publicKey: idp.app.publicKeyPem,
    ...(replayStore === undefined ? {} : { replayStore }),
    ...(cache === undefined ? {} : { cache }),
  });
  const api = new OutOfSessionApiCall({ fetch: idp.fetch });
  let endpoint = '';
  const server = await startHttpsServer(
    async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      try {
        const { act_jwt: actJwt } = JSON.parse(body) as { act_jwt: string };
        const act = await tokens.receiveAndVerifyActJwt(actJwt, {
          expectedAudience: options.audience ?? endpoint,
        });
        const token = await tokens.requestToken({ agentId, act, scope: ['finance.read'] });
        const response = await api.callApi({
          method: 'GET',
          apiUrl,
          tokenResponse: token,
          throwHttpErrors: false,
          identity: { agentId, humanId: act.sub },
        });
        const reply: RemoteAgentReply = {
          humanId: act.sub,
          token: describeToken(token),
          apiStatus: response.status,
          apiBody: await response.json(),
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        // Only a refused act JWT is the web app's fault (400); the IdP or the API failing after a
        // valid one is this gateway's upstream failing (502), which the web app may retry.
        const refused = ActVerificationError.isInstance(error);
        res.writeHead(refused ? 400 : 502, { 'content-type': 'application/json' });
        const reason = refused ? error.reason : undefined;
        res.end(JSON.stringify({ error: name, message, reason }));
      }
    },
    { ca: idp.ca },
  );
  endpoint = `${server.url}/invoke`;
  return { endpoint, close: () => server.close() };
}
