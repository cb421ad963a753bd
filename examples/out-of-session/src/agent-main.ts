// The agent service over HTTPS on Node (port 8446), configured by process.env.
import { createAgentService } from './agent-service.js';
import { serveHttps } from './serve-https.js';

serveHttps(
  'agent service',
  Number(process.env.PORT ?? 8446),
  await createAgentService(process.env),
);
