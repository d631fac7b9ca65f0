"""Shop views (Django)."""
import json
import logging
import subprocess

from django.contrib.auth import authenticate, login
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from .models import Product, Review

logger = logging.getLogger(__name__)


def product_search(request):
    term = request.GET.get("q", "")
    sort = request.GET.get("sort", "name")
    with connection.cursor() as cur:
        # vetted-eval: vuln sql-injection
        cur.execute("SELECT id, name, price FROM shop_product WHERE name ILIKE '%%" + term + "%%' ORDER BY " + sort)
        rows = cur.fetchall()
    return JsonResponse({"results": rows})


def product_search_safe(request):
    term = request.GET.get("q", "")
    sort = request.GET.get("sort", "name")
    if sort not in {"name", "price", "-price"}:
        sort = "name"
    with connection.cursor() as cur:
        # vetted-eval: safe sql-injection
        cur.execute("SELECT id, name, price FROM shop_product WHERE name ILIKE %s", [f"%{term}%"])
        rows = cur.fetchall()
    # vetted-eval: safe sql-injection
    products = Product.objects.filter(name__icontains=term).order_by(sort)
    return JsonResponse({"results": rows, "count": products.count()})


def product_raw(request, category):
    # vetted-eval: vuln sql-injection
    products = Product.objects.raw(f"SELECT * FROM shop_product WHERE category = '{category}'")
    # vetted-eval: safe sql-injection
    same = Product.objects.raw("SELECT * FROM shop_product WHERE category = %s", [category])
    return render(request, "shop/list.html", {"products": products, "same": same})


def review_detail(request, review_id):
    review = Review.objects.get(pk=review_id)
    # vetted-eval: vuln xss-template
    body = mark_safe(review.body)
    # vetted-eval: safe xss-template
    stars = mark_safe("&#9733;" * 5)
    # vetted-eval: safe xss-template
    author = format_html("<span class='author'>{}</span>", review.author_name)
    return render(request, "shop/review.html", {"body": body, "stars": stars, "author": author})


def greet(request):
    # vetted-eval: vuln xss-template
    return HttpResponse(f"<p>Welcome back, {request.GET.get('name', '')}!</p>")


# vetted-eval: vuln missing-rate-limit
@require_POST
def login_view(request):
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        # vetted-eval: vuln sensitive-logging
        logger.warning("bad login: %s", json.dumps(request.POST))
        return JsonResponse({"error": "invalid credentials"}, status=401)
    login(request, user)
    next_url = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=True):
        # vetted-eval: safe open-redirect
        return redirect(next_url)
    # vetted-eval: safe open-redirect
    return redirect("shop:home")


def logout_then(request):
    # vetted-eval: vuln open-redirect
    return HttpResponseRedirect(request.GET["next"])


def ping_host(request):
    host = request.GET.get("host", "")
    # vetted-eval: vuln command-injection
    out = subprocess.check_output("ping -c 1 " + host, shell=True)
    # vetted-eval: safe command-injection
    out2 = subprocess.check_output(["ping", "-c", "1", "--", host])
    return HttpResponse(out + out2, content_type="text/plain")


def order_status(request, order_id):
    try:
        order = request.user.orders.get(pk=order_id)
    except Exception as e:
        logger.exception("order lookup failed")
        # vetted-eval: vuln error-details-leak
        return JsonResponse({"error": repr(e)}, status=500)
    return JsonResponse({"status": order.status})
