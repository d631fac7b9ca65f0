"""Admin panel (Flask) with Talisman and Flask-Limiter."""
import os
import subprocess

from flask import Flask, jsonify, redirect, request, session, url_for
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman

from .auth import verify_admin

# vetted-eval: safe missing-security-headers
app = Flask(__name__)
app.secret_key = os.environ["ADMIN_SECRET_KEY"]
Talisman(app, force_https=True)
limiter = Limiter(get_remote_address, app=app)
# vetted-eval: safe cors-wildcard
CORS(app, origins=["https://admin.example.com"], supports_credentials=True)
app.config.update(
    # vetted-eval: safe insecure-cookie
    SESSION_COOKIE_SECURE=True,
    # vetted-eval: safe insecure-cookie
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)


# vetted-eval: safe missing-rate-limit
@app.post("/admin/login")
@limiter.limit("5/minute")
def login():
    admin = verify_admin(request.form["username"], request.form["password"])
    if not admin:
        return redirect(url_for("login_form", failed=1))
    session["admin_id"] = admin.id
    return redirect(url_for("dashboard"))


# vetted-eval: safe missing-rate-limit
@app.post("/admin/api/token")
@limiter.limit("10/hour")
def api_token():
    admin = verify_admin(request.form["username"], request.form["password"])
    return jsonify(ok=bool(admin))


@app.get("/admin/login")
def login_form():
    return "<form method='post'>...</form>"


@app.get("/admin")
def dashboard():
    return jsonify(admin=session.get("admin_id"))


@app.post("/admin/restart")
def restart():
    service = request.form["service"]
    if service not in {"web", "worker", "scheduler"}:
        return jsonify(error="unknown service"), 400
    # vetted-eval: safe command-injection
    subprocess.run(["systemctl", "restart", f"app-{service}"], check=True)
    return jsonify(ok=True)


@app.post("/admin/logs")
def logs():
    lines = request.form.get("lines", "100")
    # vetted-eval: vuln command-injection
    out = subprocess.run("journalctl -u app-web -n " + lines, shell=True, capture_output=True, text=True)
    return out.stdout


@app.post("/admin/grep")
def grep():
    # vetted-eval: vuln command-injection
    stream = os.popen(f"grep -r {request.form['term']} /var/log/app")
    return stream.read()


@app.post("/admin/disk")
def disk():
    # vetted-eval: vuln command-injection
    os.system("du -sh /srv/" + request.form["folder"] + " > /tmp/du.txt")
    return open("/tmp/du.txt").read()


@app.post("/admin/uptime")
def uptime():
    # vetted-eval: safe command-injection
    return subprocess.run("uptime", shell=True, capture_output=True, text=True).stdout
