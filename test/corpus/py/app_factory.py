"""Application factory with an auth blueprint."""
import os

from flask import Blueprint, Flask, jsonify, request
from flask_talisman import Talisman

from .models import User, db

auth_bp = Blueprint("auth", __name__, url_prefix="/auth")


# vetted-eval: vuln missing-rate-limit
@auth_bp.route("/login", methods=["POST"])
def login():
    user = User.query.filter_by(email=request.json.get("email")).first()
    if user is None or not user.check_password(request.json.get("password", "")):
        return jsonify(error="invalid credentials"), 401
    return jsonify(token=user.issue_token())


# vetted-eval: vuln missing-rate-limit
@auth_bp.route("/reset-password", methods=["POST"])
def reset_password():
    user = User.query.filter_by(email=request.json.get("email")).first()
    if user:
        user.send_reset_email()
    return jsonify(ok=True)


def create_app() -> Flask:
    # vetted-eval: safe missing-security-headers
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    # vetted-eval: safe debug-mode-enabled
    app.config["DEBUG"] = False
    # vetted-eval: safe debug-mode-enabled
    app.config["TESTING"] = os.environ.get("APP_ENV") == "test"
    Talisman(app)
    db.init_app(app)
    app.register_blueprint(auth_bp)
    return app
