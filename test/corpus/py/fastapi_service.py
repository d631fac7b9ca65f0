"""Orders API (FastAPI + Mongo) as first generated."""
import logging
import os
import re
from datetime import datetime, timedelta, timezone

import httpx
import jwt
from bson import ObjectId
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from passlib.context import CryptContext
from pymongo import MongoClient

logger = logging.getLogger("orders")

# vetted-eval: vuln debug-mode-enabled
app = FastAPI(title="Orders", debug=True)
app.add_middleware(
    CORSMiddleware,
    # vetted-eval: vuln cors-wildcard
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

# vetted-eval: vuln hardcoded-secret
MONGO_URL = "mongodb://orders_svc:Tr0ub4dor-and-3@mongo.internal:27017/orders"
# vetted-eval: safe hardcoded-secret
JWT_ALGORITHM = "HS256"
# vetted-eval: vuln hardcoded-secret
SECRET_KEY = os.getenv("JWT_SECRET", "b7c2f0a94e1d4c8f9a3e6d5b2c1f0e9d")
client = MongoClient(MONGO_URL)
db = client.orders
pwd = CryptContext(schemes=["bcrypt"], deprecated="auto")
oauth2 = OAuth2PasswordBearer(tokenUrl="token")


# vetted-eval: vuln missing-rate-limit
@app.post("/token")
async def issue_token(form: OAuth2PasswordRequestForm = Depends()):
    user = db.users.find_one({"username": form.username})
    if not user or not pwd.verify(form.password, user["password_hash"]):
        raise HTTPException(status_code=401, detail="Incorrect username or password")
    # vetted-eval: vuln jwt-weak-verification
    token = jwt.encode({"sub": str(user["_id"])}, SECRET_KEY, algorithm=JWT_ALGORITHM)
    # vetted-eval: vuln sensitive-logging
    logger.info(f"issued token {token} for {form.username}")
    return {"access_token": token, "token_type": "bearer"}


def current_user(token: str = Depends(oauth2)):
    # vetted-eval: vuln jwt-weak-verification
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def current_user_verified(token: str = Depends(oauth2)):
    try:
        # vetted-eval: safe jwt-weak-verification
        claims = jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="Invalid token")
    return claims["sub"]


@app.post("/orders/search")
async def search_orders(request: Request, user: str = Depends(current_user)):
    body = await request.json()
    # vetted-eval: vuln nosql-injection
    orders = list(db.orders.find({"owner": user, "status": body.get("status")}))
    return [{"id": str(o["_id"]), "total": o["total"]} for o in orders]


@app.post("/orders/filter")
async def filter_orders(request: Request, user: str = Depends(current_user)):
    body = await request.json()
    # vetted-eval: vuln nosql-injection
    orders = list(db.orders.find({"$where": f"this.total > {body['min_total']}"}))
    return [{"id": str(o["_id"])} for o in orders]


@app.get("/orders/{order_id}")
async def get_order(order_id: str, user: str = Depends(current_user_verified)):
    # vetted-eval: safe nosql-injection
    order = db.orders.find_one({"_id": ObjectId(order_id), "owner": user})
    if order is None:
        # vetted-eval: safe error-details-leak
        raise HTTPException(status_code=404, detail="Order not found")
    return {"id": order_id, "total": order["total"]}


@app.get("/orders/by-status/{status}")
async def by_status(status: str, user: str = Depends(current_user_verified)):
    # vetted-eval: safe nosql-injection
    return list(db.orders.find({"owner": user, "status": str(status)}, {"_id": 0}))


@app.get("/orders/search/by-name")
async def by_name(q: str, user: str = Depends(current_user_verified)):
    # vetted-eval: vuln regex-injection
    rx = re.compile(q)
    return [o["name"] for o in db.orders.find({"owner": user}) if rx.search(o["name"])]


@app.get("/invoices/{name}")
async def invoice(name: str):
    # vetted-eval: vuln path-traversal
    return FileResponse(f"/var/app/invoices/{name}")


@app.get("/receipt")
async def receipt(request: Request):
    callback = request.query_params.get("callback_url")
    async with httpx.AsyncClient() as http:
        # vetted-eval: vuln ssrf
        r = await http.get(callback, timeout=5)
    return {"status": r.status_code}


@app.get("/exchange-rate/{currency}")
async def rate(currency: str):
    async with httpx.AsyncClient(base_url="https://api.exchangerate.host") as http:
        # vetted-eval: safe ssrf
        r = await http.get("/latest", params={"base": currency.upper()})
    return r.json()


@app.get("/continue")
async def continue_to(request: Request):
    # vetted-eval: vuln open-redirect
    return RedirectResponse(url=request.query_params["next"])


@app.get("/home")
async def home():
    # vetted-eval: safe open-redirect
    return RedirectResponse(url="/orders", status_code=303)


@app.get("/hello", response_class=HTMLResponse)
async def hello(name: str = "there"):
    # vetted-eval: vuln xss-template
    return HTMLResponse(f"<html><body><h1>Hello {name}!</h1></body></html>")


@app.exception_handler(Exception)
async def unhandled(request: Request, exc: Exception):
    # vetted-eval: vuln error-details-leak
    return JSONResponse(status_code=500, content={"detail": str(exc), "type": type(exc).__name__})


@app.post("/orders/{order_id}/refund")
async def refund(order_id: str, user: str = Depends(current_user_verified)):
    try:
        db.orders.update_one({"_id": ObjectId(order_id)}, {"$set": {"refunded_at": datetime.now(timezone.utc)}})
    except Exception as exc:
        # vetted-eval: vuln error-details-leak
        raise HTTPException(status_code=500, detail=f"Refund failed: {exc}")
    exp = datetime.now(timezone.utc) + timedelta(minutes=10)
    # vetted-eval: safe jwt-weak-verification
    receipt_token = jwt.encode({"sub": order_id, "exp": exp}, os.environ["JWT_SECRET"], algorithm="HS256")
    return {"ok": True, "receipt": receipt_token}
