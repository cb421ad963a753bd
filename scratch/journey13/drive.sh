#!/bin/sh
cd "$(dirname "$0")"
NODE_EXTRA_CA_CERTS=$PWD/.dual-auth-idp/ca.pem PORTS=19501,19502,19503 node --env-file=.env driver.mjs "$@"
