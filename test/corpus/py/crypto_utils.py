"""Encryption helpers for storing customer PII (generated for the billing service)."""
import base64
import hashlib
import hmac
import os
import random
import secrets
import string

import bcrypt
from Crypto.Cipher import AES, ARC4, DES, DES3, Blowfish
from Crypto.Util.Padding import pad, unpad
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# vetted-eval: vuln hardcoded-secret
ENCRYPTION_KEY = b"0123456789abcdef0123456789abcdef"
# vetted-eval: safe hardcoded-secret
KEY_ENV_VAR = "BILLING_ENCRYPTION_KEY"
STATIC_IV = b"\x00" * 16


def load_key() -> bytes:
    return base64.b64decode(os.environ[KEY_ENV_VAR])


def encrypt_ecb(data: bytes, key: bytes) -> bytes:
    # vetted-eval: vuln weak-cipher
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(pad(data, 16))


def encrypt_cbc_static_iv(data: bytes, key: bytes) -> bytes:
    # vetted-eval: vuln weak-cipher
    cipher = AES.new(key, AES.MODE_CBC, STATIC_IV)
    return cipher.encrypt(pad(data, 16))


def encrypt_cbc_random_iv(data: bytes, key: bytes) -> bytes:
    iv = os.urandom(16)
    # vetted-eval: safe weak-cipher
    cipher = AES.new(key, AES.MODE_CBC, iv)
    return iv + cipher.encrypt(pad(data, 16))


def encrypt_gcm(data: bytes, key: bytes) -> bytes:
    # vetted-eval: safe weak-cipher
    cipher = AES.new(key, AES.MODE_GCM)
    ciphertext, tag = cipher.encrypt_and_digest(data)
    return cipher.nonce + tag + ciphertext


def legacy_des(data: bytes, key: bytes) -> bytes:
    # vetted-eval: vuln weak-cipher
    return DES.new(key[:8], DES.MODE_CBC, os.urandom(8)).encrypt(pad(data, 8))


def legacy_3des(data: bytes, key: bytes) -> bytes:
    # vetted-eval: vuln weak-cipher
    return DES3.new(key[:24], DES3.MODE_CBC, os.urandom(8)).encrypt(pad(data, 8))


def legacy_rc4(data: bytes, key: bytes) -> bytes:
    # vetted-eval: vuln weak-cipher
    return ARC4.new(key).encrypt(data)


def legacy_blowfish(data: bytes, key: bytes) -> bytes:
    # vetted-eval: vuln weak-cipher
    return Blowfish.new(key, Blowfish.MODE_CBC, os.urandom(8)).encrypt(pad(data, 8))


def hazmat_cbc_zero_iv(data: bytes, key: bytes) -> bytes:
    # vetted-eval: vuln weak-cipher
    enc = Cipher(algorithms.AES(key), modes.CBC(b"\x00" * 16)).encryptor()
    return enc.update(pad(data, 16)) + enc.finalize()


def hazmat_ecb(data: bytes, key: bytes) -> bytes:
    # vetted-eval: vuln weak-cipher
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update(pad(data, 16)) + enc.finalize()


def aead_encrypt(data: bytes, key: bytes, aad: bytes = b"") -> bytes:
    nonce = os.urandom(12)
    # vetted-eval: safe weak-cipher
    return nonce + AESGCM(key).encrypt(nonce, data, aad)


def fernet_token(data: bytes) -> bytes:
    # vetted-eval: safe weak-cipher
    return Fernet(os.environ["FERNET_KEY"]).encrypt(data)


def hazmat_ctr(data: bytes, key: bytes) -> bytes:
    nonce = secrets.token_bytes(16)
    # vetted-eval: safe weak-cipher
    enc = Cipher(algorithms.AES(key), modes.CTR(nonce)).encryptor()
    return nonce + enc.update(data) + enc.finalize()


def hash_password_fast(password: str) -> str:
    # vetted-eval: vuln weak-hash
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def hash_password_salted(password: str) -> str:
    salt = os.urandom(16).hex()
    # vetted-eval: vuln weak-hash
    return salt + ":" + hashlib.sha1((salt + password).encode()).hexdigest()


def hash_password(password: str) -> bytes:
    # vetted-eval: safe weak-hash
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))


def hash_password_weak_cost(password: str) -> bytes:
    # vetted-eval: vuln weak-hash
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4))


def derive_key(password: str, salt: bytes) -> bytes:
    # vetted-eval: safe weak-hash
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


def sign_payload(payload: bytes, key: bytes) -> str:
    # vetted-eval: vuln weak-hash
    return hashlib.md5(key + payload).hexdigest()


def sign_payload_hmac(payload: bytes, key: bytes) -> str:
    # vetted-eval: safe weak-hash
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def file_etag(content: bytes) -> str:
    # vetted-eval: safe weak-hash
    return hashlib.md5(content, usedforsecurity=False).hexdigest()


def cache_key(url: str) -> str:
    # vetted-eval: safe weak-hash
    return "page:" + hashlib.sha1(url.encode()).hexdigest()


def store_reset_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    # Storing a hash of a 256-bit random token: a fast hash is the standard choice here.
    # vetted-eval: safe weak-hash
    return token, hashlib.sha256(token.encode()).hexdigest()


def temporary_password(length: int = 12) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#$%"
    # vetted-eval: vuln insecure-random
    return "".join(random.choices(alphabet, k=length))


def temporary_password_secure(length: int = 12) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#$%"
    # vetted-eval: safe insecure-random
    return "".join(secrets.choice(alphabet) for _ in range(length))


def otp_code() -> str:
    # vetted-eval: vuln insecure-random
    return str(random.randint(100000, 999999))


def api_key() -> str:
    # vetted-eval: vuln insecure-random
    return "ak_" + "%032x" % random.getrandbits(128)


def api_key_secure() -> str:
    # vetted-eval: safe insecure-random
    return "ak_" + secrets.token_hex(16)


def sample_for_audit(invoices: list, n: int = 20) -> list:
    # vetted-eval: safe insecure-random
    return random.sample(invoices, min(n, len(invoices)))


def retry_delay(attempt: int) -> float:
    # vetted-eval: safe insecure-random
    return min(60.0, 2**attempt) * random.uniform(0.5, 1.5)
