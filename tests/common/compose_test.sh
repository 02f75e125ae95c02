#!/usr/bin/env bash
# Hole 7 of issue 11, in docker-compose.yml: no secret has a default (the file does not even
# resolve without them), nothing marks the containers as a development run, and only the gateway
# publishes a port — the services and PostgreSQL are reachable on the compose network alone.
#   compose_test.sh DOCKER_COMPOSE COMPOSE_FILE
set -euo pipefail

compose="$1"
file="$2"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
secrets=(TONGXIN_JWT_SECRET TONGXIN_DATA_KEY TONGXIN_CHECKIN_KEY TONGXIN_WEBHOOK_KEY TONGXIN_PG_PASSWORD)

# 1. Without the secrets in the environment the file does not resolve, and says which is missing.
unset_args=()
for v in "${secrets[@]}"; do unset_args+=(-u "$v"); done
if out="$(cd "$(dirname "$file")" && env "${unset_args[@]}" "$compose" -f "$file" config -q 2>&1)"; then
  fail "docker-compose config succeeds without ${secrets[*]}: a secret has a default"
fi
grep -q 'TONGXIN_' <<<"$out" || fail "the error does not name the missing setting: $out"

# 2. With them, the resolved file publishes only the gateway's ports and never sets the
#    development flag.
config="$(cd "$(dirname "$file")" && env TONGXIN_JWT_SECRET="$(openssl rand -hex 32)" \
  TONGXIN_DATA_KEY="$(openssl rand -hex 32)" TONGXIN_CHECKIN_KEY="$(openssl rand -hex 32)" \
  TONGXIN_WEBHOOK_KEY="$(openssl rand -hex 32)" TONGXIN_PG_PASSWORD="$(openssl rand -hex 16)" \
  TONGXIN_VERIFY_URL="https://tongxin.example.cn" "$compose" -f "$file" config)"
published="$(awk '
  /^services:/ { in_services = 1; next }
  /^[^ ]/ { in_services = 0 }
  in_services && /^  [A-Za-z0-9_-]+:$/ { service = $1; sub(":", "", service) }
  in_services && /^    ports:/ { print service }
' <<<"$config" | sort -u | tr '\n' ' ')"
[[ "$published" == "gateway " ]] || fail "published ports: '${published}' (only the gateway may publish)"
if grep -qi 'DEVELOPMENT' <<<"$config"; then
  fail "docker-compose.yml marks a container as a development run"
fi

# 3. No secret published in the repository is left in the file.
for known in dev-only-jwt-secret-change-me 000102030405060708090a0b0c0d0e0f tongxin-dev; do
  if grep -q -- "$known" "$file"; then
    fail "docker-compose.yml still contains the published value $known"
  fi
done
echo "ok"
