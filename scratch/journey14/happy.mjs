// The journey's happy paths: DPoP through @dual-auth/client, certificate-bound through the gateway.
import { request as httpsRequest } from 'node:https';
import { dpopKey, makeProof, startStack } from './stack.mjs';

const say = (...parts) => process.stdout.write(`${parts.join(' ')}\n`);
const stack = await startStack();
try {
  const key = await dpopKey();
  for (const human of [stack.alice, stack.bob]) {
    const bearer = await stack.bearerFor(human);
    const bound = await stack.bind(bearer, { jkt: key.jkt });
    const response = await stack.client().callApi({
      apiUrl: `${stack.apis[0].url}/api/balance?currency=EUR`,
      tokenResponse: stack.asToken(bound),
      dpopProof: (r) => makeProof(key, r),
      throwHttpErrors: false,
    });
    say('dpop', human.username, response.status, await response.text());
  }

  // Certificate-bound through the gateway (mutual TLS with the agent's certificate).
  const bearer = await stack.bearerFor(stack.alice);
  const bound = await stack.bind(bearer, { 'x5t#S256': stack.certs.agent.x5t });
  for (const who of ['agent', 'thief', 'none']) {
    const cert = stack.certs[who];
    const result = await new Promise((resolve, reject) => {
      const req = httpsRequest(
        `${stack.gatewayUrl}/api/balance`,
        {
          ca: stack.ca.caPem,
          ...(cert ? { cert: cert.certPem, key: cert.keyPem } : {}),
          headers: { authorization: `Bearer ${bound}` },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () =>
            resolve(`${res.statusCode} ${res.headers['www-authenticate'] ?? ''} ${body}`),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
    say('mtls', who, result);
  }
  say('audits', stack.audits.map((a) => a.reason).join(' '));
} finally {
  await stack.close();
}
