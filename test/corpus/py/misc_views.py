"""Flask views for the partner portal (mixed quality)."""
import logging
import os
import re

import requests
import yaml
from flask import Flask, jsonify, make_response, redirect, request, url_for
from flask_cors import CORS
from lxml import etree

log = logging.getLogger("portal")
# vetted-eval: vuln missing-security-headers
app = Flask(__name__)
# vetted-eval: vuln cors-wildcard
CORS(app, resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)
# vetted-eval: vuln debug-mode-enabled
app.config.update(DEBUG=True, JSON_SORT_KEYS=False)
# vetted-eval: safe debug-mode-enabled
app.config.update(PROPAGATE_EXCEPTIONS=True)

PARTNER_HOSTS = {"acme": "https://api.acme.example", "globex": "https://api.globex.example"}
USERNAME_RE = re.compile(r"^[a-z0-9_.-]{3,32}$")


@app.get("/api/account")
def account():
    resp = jsonify(user=request.cookies.get("uid"))
    # vetted-eval: vuln cors-wildcard
    resp.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    resp.headers["Access-Control-Allow-Credentials"] = "true"
    return resp


@app.get("/api/v2/account")
def account_v2():
    resp = jsonify(user=request.cookies.get("uid"))
    # vetted-eval: safe cors-wildcard
    resp.headers["Access-Control-Allow-Origin"] = "https://portal.example.com"
    return resp


@app.post("/api/session")
def create_session():
    token = os.urandom(24).hex()
    resp = make_response(jsonify(ok=True))
    # vetted-eval: vuln insecure-cookie
    resp.set_cookie("auth_token", token, httponly=True)
    # vetted-eval: vuln insecure-cookie
    resp.set_cookie("session", token, secure=False, httponly=True)
    # vetted-eval: safe insecure-cookie
    resp.set_cookie("consent", "analytics=0", secure=True, samesite="Lax")
    return resp


@app.get("/api/users/<username>")
def user(username):
    if not USERNAME_RE.match(username):
        return jsonify(error="bad username"), 400
    # vetted-eval: vuln regex-injection
    matcher = re.compile(request.args.get("filter", ".*"), re.I)
    # vetted-eval: safe regex-injection
    exact = re.compile(re.escape(username) + r"(@example\.com)?$")
    return jsonify(match=bool(matcher.search(username)), exact=bool(exact.match(username)))


@app.get("/api/highlight")
def highlight():
    term = request.args["term"]
    text = request.args.get("text", "")
    # vetted-eval: vuln regex-injection
    return jsonify(text=re.sub(f"({term})", r"<mark>\1</mark>", text))


@app.get("/api/highlight/v2")
def highlight_v2():
    term = re.escape(request.args["term"])
    # vetted-eval: safe regex-injection
    return jsonify(text=re.sub(f"({term})", r"<mark>\1</mark>", request.args.get("text", "")))


@app.get("/api/words")
def words():
    # vetted-eval: safe regex-injection
    return jsonify(words=re.split(r"\s+", request.args.get("text", "")))


@app.get("/api/partner/<name>/status")
def partner_status(name):
    base = PARTNER_HOSTS.get(name)
    if base is None:
        return jsonify(error="unknown partner"), 404
    # vetted-eval: safe ssrf
    r = requests.get(f"{base}/status", timeout=3)
    return jsonify(r.json())


@app.post("/api/partner/callback-test")
def callback_test():
    payload = request.get_json()
    # vetted-eval: vuln ssrf
    r = requests.post(payload["callback_url"], json={"ping": True}, timeout=3)
    return jsonify(status=r.status_code)


@app.get("/api/image-proxy")
def image_proxy():
    # vetted-eval: vuln ssrf
    r = requests.request("GET", "http://" + request.args["host"] + "/logo.png", timeout=3)
    return r.content, 200, {"Content-Type": "image/png"}


@app.post("/api/import/yaml")
def import_yaml():
    # vetted-eval: vuln unsafe-deserialization
    data = yaml.unsafe_load(request.data)
    # vetted-eval: vuln unsafe-deserialization
    more = yaml.load(request.args.get("extra", ""), Loader=yaml.UnsafeLoader)
    # vetted-eval: safe unsafe-deserialization
    safe = yaml.load(request.data, Loader=yaml.CSafeLoader)
    return jsonify(keys=list(data), more=bool(more), safe=bool(safe))


@app.post("/api/import/xml")
def import_xml():
    # vetted-eval: vuln xml-external-entities
    events = etree.iterparse(request.stream, resolve_entities=True, load_dtd=True)
    return jsonify(count=sum(1 for _ in events))


@app.post("/api/import/soap")
def import_soap():
    # vetted-eval: vuln xml-external-entities
    tree = etree.parse(request.stream, etree.XMLParser(dtd_validation=True, resolve_entities=True))
    # vetted-eval: safe xml-external-entities
    other = etree.fromstring(request.args.get("xml", "<a/>").encode(), etree.XMLParser(resolve_entities=False))
    return jsonify(root=tree.getroot().tag, other=other.tag)


@app.get("/login/done")
def login_done():
    # vetted-eval: vuln open-redirect
    return redirect(request.args["return_to"])


@app.get("/logout")
def logout():
    # vetted-eval: safe open-redirect
    return redirect(url_for("login_done", return_to="/"))


@app.get("/db/connect")
def db_connect():
    password = os.environ["DB_PASSWORD"]
    # vetted-eval: vuln sensitive-logging
    print(f"connecting to db with password {password}")
    # vetted-eval: vuln sensitive-logging
    log.debug("request headers: %s", dict(request.headers))
    # vetted-eval: safe sensitive-logging
    log.info("connecting to db as %s", os.environ.get("DB_USER", "app"))
    return jsonify(ok=True)


@app.errorhandler(500)
def on_error(e):
    # vetted-eval: vuln error-details-leak
    return jsonify(error="internal", detail=repr(e.original_exception)), 500


if __name__ == "__main__":
    # vetted-eval: vuln debug-mode-enabled
    app.run(debug=True, use_reloader=True)
