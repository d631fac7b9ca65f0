#!/usr/bin/env bash
# Deploy script used by the on-call engineer.
set -euo pipefail

# vetted-eval: safe hardcoded-secret
export AWS_REGION="eu-west-1"
# vetted-eval: vuln hardcoded-secret
export AWS_SECRET_ACCESS_KEY="__VETTED_FAKE_AWS_SECRET__"
# vetted-eval: vuln hardcoded-secret
export DOCKER_PASSWORD='Dkr-Hub-Pw-90x2'
# vetted-eval: safe hardcoded-secret
export DOCKER_PASSWORD_FILE="$HOME/.docker/password"
# vetted-eval: safe hardcoded-secret
echo "$DOCKER_PASSWORD" | docker login --username deploybot --password-stdin
# vetted-eval: vuln hardcoded-secret
mysql -u root -pR00t-Sql-Pass-33 shop < migrations/latest.sql
# vetted-eval: safe hardcoded-secret
TOKEN="$(vault kv get -field=token secret/deploy)"
curl -fsS -H "Authorization: Bearer ${TOKEN}" https://deploy.example.com/release
