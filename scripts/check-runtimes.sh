#!/usr/bin/env bash
# Portability, tested: the packed tarball's smoke test and the cross-engine fingerprint
# (tests/package/fingerprint.mjs: SHA-256 of models fitted with fixed seeds) in Node 20 (this
# machine's), Node 22 and 24 (binaries from the npm registry's `node` package), Deno (the `deno`
# npm package) and headless Chromium (an esbuild bundle driven by playwright-core, when
# /usr/bin/chromium exists). Every engine must print the same fingerprint. Run after `npm run build`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rt="$root/.tmp/runtimes"   # cached between runs (git-ignored)
mkdir -p "$rt"
if [ ! -x "$rt/node_modules/node22/bin/node" ] || [ ! -x "$rt/node_modules/node24/bin/node" ] || [ ! -x "$rt/node_modules/.bin/deno" ]; then
  echo '{"private":true}' > "$rt/package.json"
  (cd "$rt" && npm install --no-audit --no-fund --silent node22@npm:node@22 node24@npm:node@24 deno@2)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
tgz=$(npm pack --silent --pack-destination "$tmp" | tail -n 1)
mkdir -p "$tmp/app" && cd "$tmp/app"
echo '{"name":"app","private":true,"type":"module"}' > package.json
zodv=$(node -p "require('$root/node_modules/zod/package.json').version")
npm install --no-audit --no-fund --offline --silent "$tmp/$tgz" "zod@$zodv" 2>/dev/null \
  || npm install --no-audit --no-fund --silent "$tmp/$tgz" "zod@$zodv"
cp "$root/tests/package/smoke.mjs" "$root/tests/package/fingerprint.mjs" .

declare -A fp
run() { # name, command...
  local name=$1; shift
  "$@" ./smoke.mjs >/dev/null
  fp[$name]=$("$@" ./fingerprint.mjs)
  printf '%-9s %s\n' "$name" "${fp[$name]}"
}
run node20 node
run node22 "$rt/node_modules/node22/bin/node"
run node24 "$rt/node_modules/node24/bin/node"
run deno "$rt/node_modules/.bin/deno" run --allow-read --allow-env --quiet
if [ -x /usr/bin/chromium ] && [ -d "$root/node_modules/playwright-core" ]; then
  "$root/node_modules/.bin/esbuild" ./fingerprint.mjs --bundle --format=esm --platform=browser --outfile=bundle.js --log-level=error
  fp[chromium]=$(node "$root/scripts/run-in-chromium.mjs" "$tmp/app/bundle.js")
  printf '%-9s %s\n' chromium "${fp[chromium]}"
else
  echo "chromium: SKIPPED (needs /usr/bin/chromium and playwright-core; .ci/run installs both)"
fi
ref=${fp[node20]}
for k in "${!fp[@]}"; do
  if [ "${fp[$k]}" != "$ref" ]; then echo "runtimes: $k fits different models than node20" >&2; exit 1; fi
done
echo "runtimes: the same models, bit for bit, in ${!fp[*]}"
