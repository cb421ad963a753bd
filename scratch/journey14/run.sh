#!/bin/sh
# ./run.sh flood|load: starts serve.mjs, runs load.mjs against it, stops it by its PID.
# HOG=1 runs a CPU hog (node -e "for(;;){}") beside it, stopped by its PID.
set -e
cd "$(dirname "$0")"
node=$(npx -y pnpm@12.20.0 exec node -e 'console.log(process.execPath)')
dir=$(mktemp -d); state="$dir/state.json"
"$node" ../../tools/run-source.mjs serve.mjs "$state" > "$dir/serve.out" 2>&1 &
pid=$!
until grep -q ready "$dir/serve.out" 2>/dev/null; do sleep 0.5; kill -0 $pid || { cat "$dir/serve.out"; exit 1; }; done
if [ -n "$HOG" ]; then "$node" -e "for(;;){}" & hog=$!; fi
"$node" ../../tools/run-source.mjs load.mjs "$1" "$state" || true
if [ -n "$HOG" ]; then kill "$hog"; fi
kill -TERM $pid; wait $pid || true
cp "$state.logs" "${LOGS_OUT:-/dev/null}" 2>/dev/null || true; echo "logs: $state.logs ($(wc -c < "$state.logs") bytes)"
