"""User repository on MongoDB (Flask blueprint)."""
import logging
import os
import re

from bson import ObjectId
from bson.errors import InvalidId
from flask import Blueprint, abort, jsonify, request
from pymongo import MongoClient

log = logging.getLogger(__name__)
bp = Blueprint("users", __name__, url_prefix="/api/users")
# vetted-eval: safe hardcoded-secret
client = MongoClient(os.environ["MONGO_URI"])
users = client.app.users


@bp.post("/login")
def login():
    data = request.get_json(force=True)
    # vetted-eval: vuln nosql-injection
    user = users.find_one({"email": data["email"], "password": data["password"]})
    if not user:
        abort(401)
    return jsonify(id=str(user["_id"]))


@bp.post("/lookup")
def lookup():
    data = request.get_json()
    email = data.get("email")
    if not isinstance(email, str):
        abort(400)
    # vetted-eval: safe nosql-injection
    user = users.find_one({"email": email}, {"password_hash": 0})
    return jsonify(user and {"id": str(user["_id"]), "email": user["email"]})


@bp.get("/<user_id>")
def get_user(user_id):
    try:
        oid = ObjectId(user_id)
    except InvalidId:
        abort(404)
    # vetted-eval: safe nosql-injection
    user = users.find_one({"_id": oid})
    return jsonify(user and {"id": user_id, "name": user["name"]})


@bp.get("/search")
def search():
    # vetted-eval: vuln nosql-injection
    found = users.find({"$where": "this.name.indexOf('" + request.args["q"] + "') >= 0"})
    return jsonify([str(u["_id"]) for u in found])


@bp.get("/search/v2")
def search_v2():
    q = request.args.get("q", "")
    # vetted-eval: safe nosql-injection
    found = users.find({"name": {"$regex": re.escape(q), "$options": "i"}}).limit(50)
    return jsonify([str(u["_id"]) for u in found])


@bp.post("/query")
def query():
    # vetted-eval: vuln nosql-injection
    found = users.find(request.get_json())
    return jsonify([str(u["_id"]) for u in found])


@bp.patch("/<user_id>")
def update(user_id):
    body = request.get_json()
    users.update_one({"_id": ObjectId(user_id)}, {"$set": body})
    return jsonify(ok=True)


@bp.patch("/v2/<user_id>")
def update_v2(user_id):
    body = request.get_json()
    allowed = {k: str(v) for k, v in body.items() if k in {"name", "bio", "timezone"}}
    # vetted-eval: safe nosql-injection
    users.update_one({"_id": ObjectId(user_id)}, {"$set": allowed})
    return jsonify(ok=True)


@bp.get("/by-role/<role>")
def by_role(role):
    # vetted-eval: safe nosql-injection
    return jsonify([u["email"] for u in users.find({"role": role}, {"email": 1})])


@bp.get("/pattern")
def by_pattern():
    # vetted-eval: vuln regex-injection
    rx = re.compile(request.args["pattern"], re.IGNORECASE)
    return jsonify([u["email"] for u in users.find({}, {"email": 1}) if rx.search(u["email"])])


@bp.get("/prefix")
def by_prefix():
    # vetted-eval: vuln regex-injection
    return jsonify([u["email"] for u in users.find({}, {"email": 1}) if re.match(request.args["prefix"], u["email"])])
