'use strict';
// A CommonJS application of the packed packages, run by check-require.mjs in its scratch project
// on each Node it checks: every entry is `require()`d and its main path RUNS, not only loads.
// One plain-HTTP loopback server plays the parts that are not ours: a token endpoint and JWKS for
// each vendor (it signs what the client assertion asked for), a Vault KV v2 and AWS Secrets Manager.
// The web frameworks are required here too, so their CommonJS builds serve the middlewares.
// With --with-testing (on the Nodes that @dual-auth/testing's engines admit) the local TLS IdP and the
// Azure and GCP store emulators of @dual-auth/testing are used as well.
// Prints one `ok <entry>: <what ran>` line per entry; any failure exits non-zero.

const { once } = require('node:events');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const assert = require('node:assert/strict');
const express = require('express');
const fastify = require('fastify');
const { Hono } = require('hono');
const { decodeJwt, exportJWK, exportPKCS8, generateKeyPair, SignJWT } = require('jose');
const core = require('@dual-auth/core');
const adapterKit = require('@dual-auth/core/adapter-kit');
const secretsKit = require('@dual-auth/core/secrets-kit');
const coreNode = require('@dual-auth/core/node');
const { KeycloakAdapter, keycloakTokenProfile } = require('@dual-auth/adapter-keycloak');
const { Auth0Adapter } = require('@dual-auth/adapter-auth0');
const { OktaAdapter } = require('@dual-auth/adapter-okta');
const { EntraIDAdapter } = require('@dual-auth/adapter-entraid');
const session = require('@dual-auth/session');
const sessionContext = require('@dual-auth/session/context');
const sessionNode = require('@dual-auth/session/node');
const { InSessionApiCall } = require('@dual-auth/client');
const resource = require('@dual-auth/resource');
const resourceExpress = require('@dual-auth/resource/express');
const resourceFastify = require('@dual-auth/resource/fastify');
const resourceHono = require('@dual-auth/resource/hono');
const resourceFetch = require('@dual-auth/resource/fetch');
const { VaultSecretsBackend } = require('@dual-auth/secrets-vault');
const { AwsSecretsBackend } = require('@dual-auth/secrets-aws');
const { AzureSecretsBackend } = require('@dual-auth/secrets-azure');
const { GcpSecretsBackend } = require('@dual-auth/secrets-gcp');

const AGENT = 'finance-agent';
const HUMAN = 'u-alice';
const SECRET = 'probe-client-secret';
const done = [];
const ok = (entry, what) => done.push(`ok   ${entry}: ${what}`);

/** The loopback stand-in for the IdPs and the cloud stores. */
async function startStandIn(signingKey, jwk) {
  const server = createServer((req, res) => {
    answer(req, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  async function answer(req, res) {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url, origin);
    const json = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'POST' && url.pathname.endsWith('/token')) {
      const form = new URLSearchParams(body);
      // Entra ID sends its client secret; the others a client assertion that carries act.
      const signed = form.get('client_assertion');
      const assertion = signed ? decodeJwt(signed) : { iss: form.get('client_id') };
      // Keycloak's issuer is the realm URL, the token URL cut at `/protocol/`.
      const realmPath = url.pathname.split('/protocol/')[0];
      const accessToken = await new SignJWT({
        azp: assertion.iss,
        cid: assertion.iss,
        // Keycloak's own service-account token names its user in lower case.
        preferred_username: `service-account-${String(assertion.iss).toLowerCase()}`,
        scope: form.get('scope') ?? '',
        realm_access: { roles: ['FinanceAgent'] },
        ...(assertion.act ? { act: assertion.act } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
        .setIssuer(`${origin}${realmPath}`)
        // Auth0's: the API identifier it was asked for (its `audience` form field), which the
        // adapter compares with API_AUDIENCE. A real Keycloak's: the Audience mapper's API client
        // id, and `account` beside it.
        .setAudience(
          url.pathname === '/oauth/token'
            ? String(form.get('audience'))
            : ['finance-api', 'account'],
        )
        .setSubject(`service-account-${AGENT}`)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(signingKey);
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 300 });
    }
    if (req.method === 'GET' && url.pathname.endsWith('/certs')) return json(200, { keys: [jwk] });
    if (url.pathname === '/v1/auth/token/lookup-self') {
      return json(200, { data: { id: 'probe', policies: ['default'], ttl: 3600 } });
    }
    if (url.pathname === '/v1/secret/data/dual-auth/agent-client-secret') {
      return json(200, { data: { data: { value: SECRET }, metadata: { version: 1 } } });
    }
    if (req.headers['x-amz-target'] === 'secretsmanager.GetSecretValue') {
      const { SecretId } = JSON.parse(body);
      return json(200, {
        ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${SecretId}-AbCdEf`,
        Name: SecretId,
        SecretString: SECRET,
        VersionId: 'v1',
      });
    }
    json(404, { error: 'not_found' });
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function listen(app) {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${server.address().port}`, server };
}

async function main() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const appKeys = await generateKeyPair('RS256', { extractable: true });
  const appPrivatePem = await exportPKCS8(appKeys.privateKey);
  const standIn = await startStandIn(privateKey, jwk);
  const realm = `${standIn.origin}/realms/agbac`;
  const env = {
    DUAL_AUTH_VENDOR: 'keycloak',
    KEYCLOAK_TOKEN_URL: `${realm}/protocol/openid-connect/token`,
    AUTH0_TOKEN_URL: `${standIn.origin}/oauth/token`,
    OKTA_TOKEN_URL: `${standIn.origin}/oauth2/aus1/v1/token`,
    ENTRAID_TOKEN_URL: `${standIn.origin}/tenant/oauth2/v2.0/token`,
    AGENT_CLIENT_ID: AGENT,
    AGENT_CLIENT_SECRET: SECRET,
    API_AUDIENCE: 'https://api.example/finance',
    API_SCOPE: 'api://finance/.default',
    APP_ID: AGENT,
    APP_PRIVATE_KEY: appPrivatePem,
  };
  const loopback = { allowInsecureLoopback: true };
  const act = { sub: HUMAN };
  try {
    // Configuration, and one token request per vendor through the adapter kit.
    assert.equal(core.getVendor({ env }), 'keycloak');
    const keycloakConfig = await core.getConfig({ vendor: 'keycloak', env, ...loopback });
    assert.doesNotMatch(String(keycloakConfig), new RegExp(SECRET));
    ok('@dual-auth/core', `getConfig read a ${keycloakConfig.vendor} configuration, redacted`);
    const adapters = {
      keycloak: (config) => new KeycloakAdapter(config, loopback),
      auth0: (config) => new Auth0Adapter(config, loopback),
      okta: (config) => new OktaAdapter(config, loopback),
      entraid: (config) => new EntraIDAdapter(config, loopback),
    };
    let keycloakToken;
    for (const [vendor, create] of Object.entries(adapters)) {
      const adapter = create(await core.getConfig({ vendor, env, ...loopback }));
      const token = await adapter.requestToken({ agentId: AGENT, act, scope: ['finance.read'] });
      assert.equal(token.tokenType, 'Bearer');
      if (vendor === 'entraid') assert.equal(decodeJwt(token.actAssertion).act.sub, HUMAN);
      else assert.equal(decodeJwt(token.accessToken).act.sub, HUMAN);
      if (vendor === 'keycloak') keycloakToken = token;
      ok(`@dual-auth/adapter-${vendor}`, 'a token request against a loopback token endpoint');
    }
    const assertion = await adapterKit.createClientAssertion({
      agentId: AGENT,
      audience: realm,
      act,
      secret: SECRET,
    });
    assert.equal(decodeJwt(assertion).act.sub, HUMAN);
    ok('@dual-auth/core/adapter-kit', 'createClientAssertion signed an assertion carrying act');
    const cache = new secretsKit.SecretCache({ ttlMs: 1_000, clock: { now: () => 0 } });
    assert.ok(cache);
    ok('@dual-auth/core/secrets-kit', 'SecretCache built on an injected clock');

    const dir = mkdtempSync(join(tmpdir(), 'dual-auth-consumer-'));
    try {
      const keyPath = join(dir, 'app.pem');
      writeFileSync(keyPath, appPrivatePem, { mode: 0o600 });
      assert.equal((await coreNode.readPrivateKeyFile(keyPath)).trim(), appPrivatePem.trim());
      ok('@dual-auth/core/node', 'readPrivateKeyFile read a key file');
      assert.ok(await sessionNode.loadKeyFile(keyPath));
      ok('@dual-auth/session/node', 'loadKeyFile read a key file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Session: the logged-in human becomes an act, in-session and as a signed act JWT.
    const keycloak = adapters.keycloak(keycloakConfig);
    const sender = new session.HybridSender({ privateKey: appPrivatePem });
    const sessionAct = sender.extractActFromSession(new session.UserSession({ userId: HUMAN }));
    const inSession = new session.InSessionTokenRequest({ adapter: keycloak });
    const sessionToken = await inSession.requestToken({
      agentId: AGENT,
      act: sessionAct,
      scope: ['finance.read'],
    });
    assert.equal(decodeJwt(sessionToken.accessToken).act.sub, HUMAN);
    ok('@dual-auth/session', 'UserSession → HybridSender → InSessionTokenRequest got a token');
    const seen = await sessionContext.runWithAct(sessionAct, async () =>
      sessionContext.currentAct(),
    );
    assert.equal(seen.sub, HUMAN);
    ok('@dual-auth/session/context', 'runWithAct carried the human to currentAct');

    // Resource: verification, then each framework's middleware answering through its CJS build.
    const guard = {
      profile: keycloakTokenProfile,
      issuer: realm,
      audience: 'finance-api',
      jwksUri: `${realm}/protocol/openid-connect/certs`,
      allowInsecureLoopback: true,
      agentAllowed: resource.agentHasRole('FinanceAgent'),
      humanAllowed: resource.humanIn([HUMAN]),
    };
    const keys = adapterKit.createRemoteJwks(guard.jwksUri, loopback);
    const subject = await resource.verifyDualSubjectToken(keycloakToken.accessToken, {
      profile: keycloakTokenProfile,
      issuer: realm,
      audience: 'finance-api',
      keys,
    });
    assert.equal(subject.human.sub, HUMAN);
    ok('@dual-auth/resource', 'verifyDualSubjectToken verified agent and human');
    const bearer = { authorization: `Bearer ${keycloakToken.accessToken}` };

    const expressApp = express();
    expressApp.get('/api', resourceExpress.dualAuth(guard), (req, res) => {
      res.json({ human: req.dualSubject.human.sub });
    });
    const expressServer = await listen(expressApp);
    try {
      const allowed = await fetch(`${expressServer.url}/api`, { headers: bearer });
      assert.deepEqual([allowed.status, await allowed.json()], [200, { human: HUMAN }]);
      assert.equal((await fetch(`${expressServer.url}/api`)).status, 401);
      ok('@dual-auth/resource/express', 'express (CJS) answered 200 with a token, 401 without');
      const api = new InSessionApiCall(loopback);
      const response = await api.callApi({
        apiUrl: `${expressServer.url}/api`,
        tokenResponse: sessionToken,
      });
      assert.deepEqual(await response.json(), { human: HUMAN });
      ok('@dual-auth/client', 'InSessionApiCall called the express API with the session token');
    } finally {
      expressServer.server.close();
    }

    const fastifyApp = fastify();
    fastifyApp.decorateRequest('dualSubject', undefined);
    fastifyApp.addHook('onRequest', resourceFastify.dualAuth(guard));
    fastifyApp.get('/api', async (request) => ({ human: request.dualSubject.human.sub }));
    const allowed = await fastifyApp.inject({ url: '/api', headers: bearer });
    assert.deepEqual([allowed.statusCode, allowed.json()], [200, { human: HUMAN }]);
    assert.equal((await fastifyApp.inject({ url: '/api' })).statusCode, 401);
    await fastifyApp.close();
    ok('@dual-auth/resource/fastify', 'fastify (CJS) answered 200 with a token, 401 without');

    const honoApp = new Hono();
    honoApp.use('/api', resourceHono.dualAuth(guard));
    honoApp.get('/api', (c) => c.json({ human: c.var.dualSubject.human.sub }));
    const honoAllowed = await honoApp.request('/api', { headers: bearer });
    assert.deepEqual([honoAllowed.status, await honoAllowed.json()], [200, { human: HUMAN }]);
    assert.equal((await honoApp.request('/api')).status, 401);
    ok('@dual-auth/resource/hono', 'hono (CJS) answered 200 with a token, 401 without');

    const handler = resourceFetch.withDualAuth(
      (request) => Response.json({ human: resourceFetch.getDualSubject(request).human.sub }),
      guard,
    );
    const fetched = await handler(new Request('https://api.example/api', { headers: bearer }));
    assert.deepEqual([fetched.status, await fetched.json()], [200, { human: HUMAN }]);
    ok('@dual-auth/resource/fetch', 'withDualAuth answered 200 with a token');

    // Secrets: reads through each backend's SDK.
    const vault = new VaultSecretsBackend({
      address: standIn.origin,
      token: 'probe-vault-token',
      env: {},
      ...loopback,
    });
    assert.equal(await vault.getSecret('AGENT_CLIENT_SECRET'), SECRET);
    ok('@dual-auth/secrets-vault', 'read a secret from a KV v2 endpoint');
    const aws = new AwsSecretsBackend({
      endpoint: standIn.origin,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDPROBE', secretAccessKey: 'probe' },
      env: {},
      ...loopback,
    });
    assert.equal(await aws.getSecret('AGENT_CLIENT_SECRET'), SECRET);
    ok('@dual-auth/secrets-aws', 'read a secret from a Secrets Manager endpoint');

    if (process.argv.includes('--with-testing')) await withTesting();
    else {
      for (const entry of ['secrets-azure', 'secrets-gcp', 'store-redis', 'testing']) {
        done.push(`skip @dual-auth/${entry}: its run needs @dual-auth/testing (engines)`);
      }
    }
  } finally {
    await standIn.close();
  }
  console.log(done.join('\n'));
}

/** The parts that need @dual-auth/testing: its TLS IdP and the Azure and GCP store emulators. */
async function withTesting() {
  const { startLocalIdp } = require('@dual-auth/testing');
  const emulators = require('@dual-auth/testing/emulators');
  const { runSecretsBackendConformance } = require('@dual-auth/testing/conformance');
  assert.equal(typeof runSecretsBackendConformance, 'function');
  const idp = await startLocalIdp({ vendor: 'okta' });
  try {
    const config = await core.getConfig({ vendor: 'okta', env: idp.env() });
    const token = await new OktaAdapter(config, { fetch: idp.fetch }).requestToken({
      agentId: config.clientId,
      act: { sub: '00u-alice' },
      scope: ['finance.read'],
    });
    assert.equal(decodeJwt(token.accessToken).act.sub, '00u-alice');
    ok('@dual-auth/testing', 'startLocalIdp issued a token over TLS');
  } finally {
    await idp.close();
  }
  const azure = await emulators.startAzureKeyVaultEmulator();
  try {
    azure.setSecret('dual-auth-agent-client-secret', SECRET);
    const backend = new AzureSecretsBackend({
      env: { DUAL_AUTH_AZURE_VAULT_URL: azure.vaultUrl },
      credential: azure.credential,
      clientOptions: azure.clientOptions,
    });
    assert.equal(await backend.getSecret('AGENT_CLIENT_SECRET'), SECRET);
    ok('@dual-auth/secrets-azure', 'read a secret from the Key Vault emulator');
  } finally {
    await azure.close();
  }
  const gcp = await emulators.startGcpSecretManagerEmulator();
  try {
    gcp.setSecret('dual-auth-agent-client-secret', SECRET);
    const backend = new GcpSecretsBackend({
      env: { DUAL_AUTH_GCP_PROJECT: gcp.projectId },
      clientOptions: gcp.clientOptions,
    });
    assert.equal(await backend.getSecret('AGENT_CLIENT_SECRET'), SECRET);
    await backend.close();
    ok('@dual-auth/secrets-gcp', 'read a secret from the Secret Manager emulator');
  } finally {
    await gcp.close();
  }
  await storeRedis();
  ok('@dual-auth/testing/emulators', 'the Azure and GCP emulators served the reads above');
  ok('@dual-auth/testing/conformance', 'loaded');
}

/** The Redis stores against a local redis-server (Debian's, started by @dual-auth/testing). */
async function storeRedis() {
  const { startRedisServer } = require('@dual-auth/testing');
  const {
    createRedisClient,
    RedisReplayStore,
    RedisTokenCache,
  } = require('@dual-auth/store-redis');
  const redis = await startRedisServer();
  const client = createRedisClient({ url: redis.url });
  try {
    await once(client, 'ready');
    const replay = new RedisReplayStore({ client });
    assert.equal(await replay.claim('jti-1', Date.now() + 60_000), true);
    assert.equal(await replay.claim('jti-1', Date.now() + 60_000), false);
    const cache = new RedisTokenCache({
      client,
      encryptionKeys: [{ id: 'k1', key: Buffer.alloc(32, 3) }],
    });
    const key = {
      adapterId: 'kc',
      agentId: AGENT,
      sub: HUMAN,
      scope: ['finance.read'],
      audience: 'api',
    };
    const token = core.createDualSubjectToken({
      accessToken: 'probe-access-token',
      tokenType: 'Bearer',
      expiresIn: 300,
      scope: 'finance.read',
      issuedAt: Date.now(),
    });
    await cache.set(key, token);
    assert.equal((await cache.get(key))?.accessToken, 'probe-access-token');
    ok(
      '@dual-auth/store-redis',
      'claimed a jti once and kept a sealed token in a local redis-server',
    );
  } finally {
    await client.close();
    await redis.close();
  }
}

main().catch((error) => {
  console.log(done.join('\n'));
  console.error(`FAIL after the steps above: ${error?.stack ?? error}`);
  process.exit(1);
});
