#!/usr/bin/env bash
# Builds and packs the library, installs the tarball into examples/host-app, builds that app and
# runs its e2e tests (DATABASE_URL: a PostgreSQL server the tests may create a database on).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
EXAMPLE="$REPO/examples/host-app"

node scripts/build.mjs --if-stale
rm -f "$REPO"/gatehouse-*.tgz
npm pack --silent --pack-destination "$REPO" >/dev/null
ls "$REPO"/gatehouse-0.1.0.tgz >/dev/null

cd "$EXAMPLE"
# No lockfile (the tarball's integrity changes every pack); drop the old copy so the new tarball is installed.
rm -rf node_modules/gatehouse package-lock.json
npm install --no-audit --no-fund

# Two copies of @nestjs/core or @nestjs/common would give the host and the library separate DI containers.
for pkg in @nestjs/core @nestjs/common; do
  copies=$(find node_modules -path "*/$pkg/package.json" | wc -l)
  [ "$copies" -eq 1 ] || { echo "expected one copy of $pkg, found $copies" >&2; find node_modules -path "*/$pkg/package.json" >&2; exit 1; }
done
echo "one copy each of @nestjs/core and @nestjs/common"

npm run build
npx tsc -p tsconfig.test.json
npm test
