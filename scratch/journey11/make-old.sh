#!/bin/sh
# Journey 11: the 0.1.0 release (commit 2a35a22) of the packages run-mixed.mjs can load in place of
# today's, under /tmp/j11old, each using today's node_modules for its third-party dependencies
# (0.1.0 client needed `ky`, which today's client no longer installs: that one is not loadable here).
set -e
cd "$(git rev-parse --show-toplevel)"
rm -rf /tmp/j11old && mkdir -p /tmp/j11old/node_modules/@dual-auth
for p in core session client resource adapter-keycloak; do
  git archive 2a35a22 "packages/$p" | tar -x -C /tmp/j11old
  ln -sfn "$PWD/packages/$p/node_modules" "/tmp/j11old/packages/$p/node_modules"
  ln -sfn "/tmp/j11old/packages/$p" "/tmp/j11old/node_modules/@dual-auth/$p"
done
# the scratch scripts import today's packages through these links (not committed: node_modules)
mkdir -p scratch/journey11/node_modules/@dual-auth
for p in core session client resource store-redis testing adapter-keycloak secrets-vault; do
  ln -sfn "../../../../packages/$p" "scratch/journey11/node_modules/@dual-auth/$p"
done
ln -sfn ../../../node_modules/jose scratch/journey11/node_modules/jose
ln -sfn ../../../packages/core/node_modules/@opentelemetry scratch/journey11/node_modules/@opentelemetry
