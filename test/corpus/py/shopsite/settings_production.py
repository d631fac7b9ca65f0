"""Production settings: everything sensitive comes from the environment."""
import os

from .settings import *  # noqa: F401,F403

# vetted-eval: safe hardcoded-secret
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# vetted-eval: safe debug-mode-enabled
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"

# vetted-eval: safe debug-mode-enabled
TEMPLATE_DEBUG = False

# vetted-eval: safe cors-wildcard
CORS_ALLOW_ALL_ORIGINS = False
# vetted-eval: safe cors-wildcard
CORS_ALLOWED_ORIGINS = ["https://shop.example.com", "https://admin.shop.example.com"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "shop"),
        "USER": os.environ.get("DB_USER", "shop"),
        # vetted-eval: safe hardcoded-secret
        "PASSWORD": os.environ["DB_PASSWORD"],
        "HOST": os.environ["DB_HOST"],
    }
}

# vetted-eval: safe insecure-cookie
SESSION_COOKIE_SECURE = True
# vetted-eval: safe insecure-cookie
SESSION_COOKIE_HTTPONLY = True
# vetted-eval: safe insecure-cookie
CSRF_COOKIE_SECURE = True

# vetted-eval: safe weak-hash
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]

# vetted-eval: safe hardcoded-secret
EMAIL_HOST_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
