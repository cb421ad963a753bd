#!/bin/sh
# start the three API processes; their PIDs go to api-<port>.pid
cd "$(dirname "$0")"
for p in 19501 19502 19503; do
  NODE_EXTRA_CA_CERTS=$PWD/.dual-auth-idp/ca.pem DUAL_AUTH_LOG=json REDIS_URL=redis://127.0.0.1:16390 REDIS_TIMEOUT_MS=${REDIS_TIMEOUT_MS:-500} \
    OTEL_OUT=logs/otel-$p.jsonl nohup node --env-file=.env api.mjs $p >> logs/api-$p.log 2>&1 &
  echo $! > api-$p.pid
done
