"""Data team helpers: ad-hoc queries, report templates and cached models (used from a Flask API)."""
import ast
import json
import os
import pickle
import sqlite3
import urllib.request

import dill
import pandas as pd
from flask import Blueprint, jsonify, request
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from sqlalchemy import create_engine, text

bp = Blueprint("data", __name__)
# vetted-eval: vuln hardcoded-secret
engine = create_engine("postgresql://analyst:An4lyst-Pw-77@warehouse.internal:5432/dw")
# vetted-eval: safe hardcoded-secret
readonly_engine = create_engine(os.environ["WAREHOUSE_RO_URL"])
# vetted-eval: safe hardcoded-secret
local_engine = create_engine("postgresql://localhost:5432/dw_dev")

# vetted-eval: vuln xss-template
reports_env = Environment(loader=FileSystemLoader("templates/reports"), autoescape=False)
# vetted-eval: safe xss-template
emails_env = Environment(loader=FileSystemLoader("templates/email"), autoescape=select_autoescape(["html", "xml"]))


@bp.get("/metrics/<table>")
def metric(table):
    column = request.args.get("column", "amount")
    with engine.connect() as conn:
        # vetted-eval: vuln sql-injection
        rows = conn.execute(text(f"SELECT sum({column}) FROM {table}")).fetchall()
    return jsonify(total=rows[0][0])


@bp.get("/metrics/v2/<int:customer_id>")
def metric_v2(customer_id):
    with engine.connect() as conn:
        # vetted-eval: safe sql-injection
        rows = conn.execute(text("SELECT sum(amount) FROM payments WHERE customer_id = :cid"), {"cid": customer_id}).fetchall()
    return jsonify(total=rows[0][0])


@bp.get("/export.csv")
def export_csv():
    region = request.args.get("region", "eu")
    # vetted-eval: vuln sql-injection
    df = pd.read_sql("SELECT * FROM sales WHERE region = '{}'".format(region), engine)
    # vetted-eval: safe sql-injection
    df2 = pd.read_sql(text("SELECT * FROM sales WHERE region = :r"), engine, params={"r": region})
    return pd.concat([df, df2]).to_csv(index=False)


@bp.get("/local/<name>")
def local(name):
    conn = sqlite3.connect("cache.db")
    # vetted-eval: vuln sql-injection
    conn.executescript("DELETE FROM cache WHERE name = '" + name + "';")
    # vetted-eval: safe sql-injection
    conn.execute("DELETE FROM cache WHERE name = ?", (name,))
    return jsonify(ok=True)


@bp.post("/models/upload")
def upload_model():
    # vetted-eval: vuln unsafe-deserialization
    model = pickle.load(request.files["model"].stream)
    return jsonify(kind=type(model).__name__)


@bp.post("/models/upload-dill")
def upload_dill():
    # vetted-eval: vuln unsafe-deserialization
    fn = dill.loads(request.get_data())
    return jsonify(name=getattr(fn, "__name__", "?"))


@bp.post("/models/params")
def model_params():
    # vetted-eval: safe unsafe-deserialization
    params = json.loads(request.get_data())
    # vetted-eval: safe code-injection
    weights = ast.literal_eval(request.args.get("weights", "[]"))
    return jsonify(params=params, weights=weights)


@bp.post("/formula")
def formula():
    expr = request.json["expr"]
    # vetted-eval: vuln code-injection
    value = eval(expr, {"__builtins__": {}}, {"x": 2})
    return jsonify(value=value)


@bp.post("/script")
def run_script():
    # vetted-eval: vuln code-injection
    exec(request.json["code"], {"pd": pd})
    return jsonify(ok=True)


@bp.get("/constant")
def constant():
    # vetted-eval: safe code-injection
    value = eval("2 ** 10")
    return jsonify(value=value)


@bp.post("/report/preview")
def report_preview():
    # vetted-eval: vuln xss-template
    tpl = Template(request.json["template"])
    return tpl.render(rows=[])


@bp.get("/report/<name>")
def report(name):
    # vetted-eval: safe xss-template
    return emails_env.get_template("summary.html").render(name=name)


@bp.get("/remote")
def remote_csv():
    # vetted-eval: vuln ssrf
    with urllib.request.urlopen(request.args["src"]) as resp:
        data = resp.read()
    return jsonify(size=len(data))


@bp.get("/remote/v2")
def remote_v2():
    # vetted-eval: safe ssrf
    with urllib.request.urlopen("https://data.example.com/exports/latest.csv") as resp:
        data = resp.read()
    return jsonify(size=len(data))


@bp.get("/notebooks/<path:name>")
def notebook(name):
    # vetted-eval: vuln path-traversal
    with open(os.path.join("/srv/notebooks", name)) as fh:
        return fh.read()


@bp.get("/notebooks/v2/<path:name>")
def notebook_v2(name):
    base = os.path.realpath("/srv/notebooks")
    target = os.path.realpath(os.path.join(base, name))
    if os.path.commonpath([base, target]) != base:
        return jsonify(error="invalid path"), 400
    # vetted-eval: safe path-traversal
    with open(target) as fh:
        return fh.read()


@bp.get("/logs")
def logs():
    day = request.args.get("day", "today")
    # vetted-eval: vuln path-traversal
    return open(f"/var/log/app/{day}.log").read()
