#!/usr/bin/env bash
# Packs the package, lints the tarball (publint, arethetypeswrong), installs it in a temporary
# folder and imports every entry as ESM and as CJS. Run after `npm run build`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
tgz=$(npm pack --silent --pack-destination "$tmp" | tail -n 1)
npx publint run "$tmp/$tgz" --strict
# every subpath also resolves under the old node10 resolution, through typesVersions
node -e "
const p = require('$root/package.json');
const subs = Object.keys(p.exports).filter((k) => k !== '.' && k !== './package.json').map((k) => k.slice(2));
const tv = (p.typesVersions || {})['*'] || {};
const missing = subs.filter((s) => !tv[s] || tv[s][0] !== p.exports['./' + s].require.types);
if (missing.length) { console.error('typesVersions misses or disagrees with exports for: ' + missing.join(', ')); process.exit(1); }
"
npx attw "$tmp/$tgz"
mkdir -p "$tmp/app"
cd "$tmp/app"
echo '{"name":"app","private":true,"type":"module"}' > package.json
# install the tarball with the project's own dependency tree (no network needed beyond npm ci's cache)
npm install --no-audit --no-fund --offline --silent "$tmp/$tgz" "zod@$(node -p "require('$root/node_modules/zod/package.json').version")" 2>/dev/null \
  || npm install --no-audit --no-fund --silent "$tmp/$tgz" "zod@$(node -p "require('$root/node_modules/zod/package.json').version")"
entries=$(node -p "Object.keys(require('$root/package.json').exports).filter(k => k !== './package.json').map(k => k === '.' ? 'telcokit' : 'telcokit/' + k.slice(2)).join(' ')")
for e in $entries; do
  node --input-type=module -e "const m = await import('$e'); if (Object.keys(m).length === 0) throw new Error('$e: no exports'); console.log('esm', '$e', Object.keys(m).length, 'exports');"
  node --input-type=commonjs -e "const m = require('$e'); if (Object.keys(m).length === 0) throw new Error('$e: no exports'); console.log('cjs', '$e', Object.keys(m).length, 'exports');"
done
cp "$root/tests/package/smoke.mjs" ./smoke.mjs && node ./smoke.mjs
echo "package check: ok"
