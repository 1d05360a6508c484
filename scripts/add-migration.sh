#!/usr/bin/env bash
# Adds one migration to both providers so SQLite and PostgreSQL never drift apart.
# Usage: scripts/add-migration.sh NameOfMigration
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NameOfMigration}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project "src/CivicHub.Migrations.$provider" \
    --startup-project "src/CivicHub.Migrations.$provider" \
    --context CivicHubDb --output-dir Migrations
done
