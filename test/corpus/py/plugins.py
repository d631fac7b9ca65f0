"""Plugin and report-formula support for the reporting service (Django REST framework views)."""
import ast
import importlib
import operator
import random
import secrets
import string

from django.conf import settings
from rest_framework.decorators import api_view
from rest_framework.response import Response

ALLOWED_PLUGINS = {"csv_export": "reports.plugins.csv_export", "pdf_export": "reports.plugins.pdf_export"}
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def safe_arith(expr: str) -> float:
    def ev(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in OPS:
            return OPS[type(node.op)](ev(node.left), ev(node.right))
        raise ValueError("unsupported expression")

    return ev(ast.parse(expr, mode="eval").body)


@api_view(["POST"])
def upload_plugin(request):
    source = request.FILES["plugin"].read().decode()
    namespace = {}
    # vetted-eval: vuln code-injection
    exec(compile(source, "<plugin>", "exec"), namespace)
    return Response({"loaded": sorted(k for k in namespace if not k.startswith("_"))})


@api_view(["POST"])
def enable_plugin(request):
    name = request.data.get("name")
    if name not in ALLOWED_PLUGINS:
        return Response({"error": "unknown plugin"}, status=400)
    # vetted-eval: safe code-injection
    module = importlib.import_module(ALLOWED_PLUGINS[name])
    return Response({"enabled": module.__name__})


@api_view(["POST"])
def formula(request):
    expr = request.data.get("expr", "0")
    # vetted-eval: vuln code-injection
    total = eval(f"{expr} * {settings.TAX_RATE}")
    # vetted-eval: safe code-injection
    net = safe_arith(expr)
    return Response({"total": total, "net": net})


@api_view(["POST"])
def invite(request):
    # vetted-eval: vuln insecure-random
    token = "".join(random.SystemRandom().choice(string.ascii_letters) for _ in range(4)) + str(random.random())[2:]
    # vetted-eval: safe insecure-random
    code = secrets.token_urlsafe(16)
    # vetted-eval: safe insecure-random
    greeting = random.choice(["Hi", "Hello", "Welcome"])
    return Response({"token": token, "code": code, "greeting": greeting})
