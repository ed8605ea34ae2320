#!/bin/bash
# Run once by the postgres image when its data volume is first initialised (docker-entrypoint-initdb.d).
# Creates the application role tonghu_app (NOLOGIN; the core migration creates it too when missing) and the
# gateway's login role tonghu_gateway, a member of tonghu_app. Neither bypasses row-level security.
# The password comes from TONGHU_GATEWAY_PASSWORD; psql quotes it (:'…'), so any character is safe here.
set -euo pipefail
: "${TONGHU_GATEWAY_PASSWORD:?TONGHU_GATEWAY_PASSWORD must be set for the postgres service}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     --set gateway_password="$TONGHU_GATEWAY_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE tonghu_app NOLOGIN NOSUPERUSER NOBYPASSRLS'
    WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tonghu_app') \gexec
CREATE ROLE tonghu_gateway LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'gateway_password' IN ROLE tonghu_app;
SQL
