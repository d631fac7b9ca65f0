"""Receives payment-provider webhooks and queues them for processing."""
import hashlib
import hmac
import json
import logging
import marshal
import os

import jsonpickle
from flask import Flask, abort, jsonify, request

log = logging.getLogger("webhooks")

# vetted-eval: vuln missing-security-headers
app = Flask(__name__)
# vetted-eval: safe hardcoded-secret
WEBHOOK_SECRET = os.environ["PAYMENTS_WEBHOOK_SECRET"].encode()


def verify_signature(payload: bytes, header: str) -> bool:
    expected = hmac.new(WEBHOOK_SECRET, payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header or "")


# vetted-eval: safe missing-rate-limit
@app.post("/webhooks/payments")
def payments_webhook():
    if not verify_signature(request.data, request.headers.get("X-Signature", "")):
        # vetted-eval: vuln sensitive-logging
        log.warning("bad signature %s for payload %s (secret %s)", request.headers.get("X-Signature"), request.data, WEBHOOK_SECRET)
        abort(400)
    event = json.loads(request.data)
    # vetted-eval: safe sensitive-logging
    log.info("payment event %s for %s", event.get("type"), event.get("id"))
    return jsonify(received=True)


@app.post("/webhooks/legacy")
def legacy_webhook():
    # vetted-eval: vuln unsafe-deserialization
    event = jsonpickle.decode(request.get_data(as_text=True))
    return jsonify(type=type(event).__name__)


@app.post("/webhooks/replay")
def replay():
    # vetted-eval: vuln unsafe-deserialization
    code = marshal.loads(request.data)
    return jsonify(ok=code is not None)


@app.post("/webhooks/json")
def json_webhook():
    # vetted-eval: safe unsafe-deserialization
    event = json.loads(request.get_data(as_text=True))
    # vetted-eval: safe unsafe-deserialization
    event2 = jsonpickle.decode(json.dumps({"type": "ping"}))
    return jsonify(type=event.get("type"), ping=bool(event2))


if __name__ == "__main__":
    # vetted-eval: safe debug-mode-enabled
    app.run(port=int(os.environ.get("PORT", "8000")))
