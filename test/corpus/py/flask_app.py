"""Small Flask app for an internal notes service (first draft, as generated)."""
import base64
import hashlib
import logging
import os
import pickle
import random
import re
import sqlite3
import string
import subprocess

import requests
import yaml
from flask import Flask, Markup, jsonify, redirect, render_template_string, request, send_file

logger = logging.getLogger(__name__)

# vetted-eval: vuln missing-security-headers
app = Flask(__name__)
# vetted-eval: vuln hardcoded-secret
app.config["SECRET_KEY"] = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
# vetted-eval: vuln debug-mode-enabled
app.config["DEBUG"] = True

DB_PATH = os.path.join(os.path.dirname(__file__), "notes.db")
NOTES_DIR = "/srv/notes/files"


def get_db():
    return sqlite3.connect(DB_PATH)


# vetted-eval: vuln missing-rate-limit
@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form["password"]
    # vetted-eval: vuln sensitive-logging
    logger.info("login attempt user=%s password=%s", username, password)
    # vetted-eval: vuln weak-hash
    digest = hashlib.md5(password.encode()).hexdigest()
    cur = get_db().cursor()
    # vetted-eval: vuln sql-injection
    cur.execute(f"SELECT id FROM users WHERE username = '{username}' AND password_md5 = '{digest}'")
    row = cur.fetchone()
    if not row:
        return jsonify(error="invalid credentials"), 401
    # vetted-eval: vuln insecure-random
    session_id = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(32))
    # vetted-eval: vuln open-redirect
    resp = redirect(request.args.get("next", "/"))
    # vetted-eval: vuln insecure-cookie
    resp.set_cookie("session_id", session_id)
    return resp


@app.route("/notes/search")
def search_notes():
    q = request.args.get("q", "")
    cur = get_db().cursor()
    # vetted-eval: safe sql-injection
    cur.execute("SELECT id, title FROM notes WHERE title LIKE ?", (f"%{q}%",))
    # vetted-eval: vuln regex-injection
    pattern = re.compile(request.args.get("filter", ".*"))
    rows = [r for r in cur.fetchall() if pattern.search(r[1])]
    # vetted-eval: vuln xss-template
    return render_template_string(f"<h1>Results for {q}</h1><p>{len(rows)} notes</p>")


@app.route("/notes/<int:note_id>")
def show_note(note_id):
    cur = get_db().cursor()
    # vetted-eval: safe sql-injection
    cur.execute("SELECT title, body FROM notes WHERE id = ?", (note_id,))
    title, body = cur.fetchone()
    # vetted-eval: safe xss-template
    return render_template_string("<h1>{{ title }}</h1><div>{{ body }}</div>", title=title, body=body)


@app.route("/notes/<int:note_id>/preview")
def preview_note(note_id):
    body = request.args.get("body", "")
    # vetted-eval: vuln xss-template
    return Markup(f"<div class='preview'>{body}</div>")


@app.route("/files")
def download():
    name = request.args["name"]
    # vetted-eval: vuln path-traversal
    return send_file(os.path.join(NOTES_DIR, name))


@app.route("/export", methods=["POST"])
def export_notes():
    fmt = request.form.get("format", "pdf")
    # vetted-eval: vuln command-injection
    subprocess.run(f"pandoc notes.md -o /tmp/notes.{fmt}", shell=True, check=True)
    return send_file(f"/tmp/notes.{fmt}")


@app.route("/import", methods=["POST"])
def import_notes():
    # vetted-eval: vuln unsafe-deserialization
    notes = yaml.load(request.data, Loader=yaml.Loader)
    return jsonify(imported=len(notes))


@app.route("/session/restore")
def restore_session():
    blob = request.cookies.get("state", "")
    # vetted-eval: vuln unsafe-deserialization
    state = pickle.loads(base64.b64decode(blob))
    return jsonify(state)


@app.route("/fetch")
def fetch_url():
    url = request.args["url"]
    try:
        # vetted-eval: vuln ssrf
        r = requests.get(url, timeout=5)
        return r.text
    except requests.RequestException as e:
        # vetted-eval: vuln error-details-leak
        return jsonify(error=str(e)), 500


@app.route("/calc")
def calc():
    # vetted-eval: vuln code-injection
    return jsonify(result=eval(request.args["expr"]))


if __name__ == "__main__":
    # vetted-eval: vuln debug-mode-enabled
    app.run(host="0.0.0.0", port=5000, debug=True)
