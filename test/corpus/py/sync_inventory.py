#!/usr/bin/env python3
"""Nightly job: pull inventory from the warehouse API and push it to the shop."""
import argparse
import logging
import os
import ssl
import sys
import urllib.request

import httpx
import requests
from requests.adapters import HTTPAdapter

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
log = logging.getLogger("sync")

# vetted-eval: safe hardcoded-secret
WAREHOUSE_URL = os.environ.get("WAREHOUSE_URL", "https://warehouse.internal/api")
# vetted-eval: vuln hardcoded-secret
WAREHOUSE_TOKEN = os.environ.get("WAREHOUSE_TOKEN", "whs_4f9a2c7e1b8d3f6a0e5c9b2d7f1a4e8c")
# vetted-eval: safe hardcoded-secret
SHOP_TOKEN = os.environ["SHOP_API_TOKEN"]
CA_BUNDLE = os.environ.get("INTERNAL_CA_BUNDLE", "/etc/ssl/certs/internal-ca.pem")


def fetch_inventory(session: requests.Session) -> list:
    # vetted-eval: vuln tls-verification-disabled
    r = session.get(f"{WAREHOUSE_URL}/inventory", headers={"Authorization": f"Bearer {WAREHOUSE_TOKEN}"}, verify=False, timeout=30)
    r.raise_for_status()
    return r.json()["items"]


def fetch_inventory_pinned(session: requests.Session) -> list:
    # vetted-eval: safe tls-verification-disabled
    r = session.get(f"{WAREHOUSE_URL}/inventory", verify=CA_BUNDLE, timeout=30)
    r.raise_for_status()
    return r.json()["items"]


def push_to_shop(items: list) -> None:
    # vetted-eval: vuln tls-verification-disabled
    with httpx.Client(verify=False, timeout=30) as client:
        client.post("https://shop.internal/api/inventory", json=items, headers={"Authorization": f"Token {SHOP_TOKEN}"})
    # vetted-eval: vuln sensitive-logging
    log.info("pushed %d items with token %s", len(items), SHOP_TOKEN)


def push_to_shop_verified(items: list) -> None:
    # vetted-eval: safe tls-verification-disabled
    with httpx.Client(verify=True, timeout=30) as client:
        client.post("https://shop.internal/api/inventory", json=items)
    # vetted-eval: safe sensitive-logging
    log.info("pushed %d items", len(items))


def legacy_status() -> str:
    # vetted-eval: vuln tls-verification-disabled
    ctx = ssl._create_unverified_context()
    with urllib.request.urlopen("https://warehouse.internal/status", context=ctx) as resp:
        return resp.read().decode()


def legacy_status_fixed() -> str:
    # vetted-eval: safe tls-verification-disabled
    ctx = ssl.create_default_context(cafile=CA_BUNDLE)
    with urllib.request.urlopen("https://warehouse.internal/status", context=ctx) as resp:
        return resp.read().decode()


def lenient_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    # vetted-eval: vuln tls-verification-disabled
    ctx.check_hostname = False
    # vetted-eval: vuln tls-verification-disabled
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def strict_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    # vetted-eval: safe tls-verification-disabled
    ctx.check_hostname = True
    # vetted-eval: safe tls-verification-disabled
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--insecure", action="store_true", help="ignored; kept for old cron entries")
    args = parser.parse_args(argv)
    session = requests.Session()
    session.mount("https://", HTTPAdapter(max_retries=3))
    # vetted-eval: vuln tls-verification-disabled
    session.verify = False
    try:
        items = fetch_inventory_pinned(session)
    except requests.RequestException as e:
        # vetted-eval: safe error-details-leak
        log.error("warehouse request failed: %s", e)
        return 1
    if items:
        # vetted-eval: safe sensitive-logging
        log.debug("first item: sku=%s qty=%s", items[0]["sku"], items[0]["qty"])
    if not args.dry_run:
        push_to_shop_verified(items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
