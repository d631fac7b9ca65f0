"""Integration clients for the worker processes."""
import os

import boto3
import openai
import requests
import stripe
from anthropic import Anthropic
from github import Github

# vetted-eval: vuln hardcoded-secret
stripe.api_key = "__VETTED_FAKE_STRIPE_LIVE__"
# vetted-eval: vuln hardcoded-secret
anthropic_client = Anthropic(api_key="__VETTED_FAKE_ANTHROPIC__")
# vetted-eval: safe hardcoded-secret
openai_client = openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])
# vetted-eval: vuln hardcoded-secret
gh = Github("__VETTED_FAKE_GITHUB_PAT__")

s3 = boto3.client(
    "s3",
    # vetted-eval: vuln hardcoded-secret
    aws_access_key_id="__VETTED_FAKE_AWS_KEY_ID__",
    # vetted-eval: vuln hardcoded-secret
    aws_secret_access_key="__VETTED_FAKE_AWS_SECRET__",
    # vetted-eval: safe hardcoded-secret
    region_name="eu-central-1",
)

# vetted-eval: vuln hardcoded-secret
PRIVATE_KEY = "__VETTED_FAKE_PEM_RSA__"
# vetted-eval: safe hardcoded-secret
PRIVATE_KEY_PATH = os.environ.get("PRIVATE_KEY_PATH", "/run/secrets/signing.pem")
# vetted-eval: safe hardcoded-secret
TOKEN_URL = "https://auth.example.com/oauth/token"
# vetted-eval: safe hardcoded-secret
PASSWORD_FIELD = "password"


def get_partner_orders(since: str) -> list:
    # vetted-eval: vuln hardcoded-secret
    headers = {"Authorization": "Bearer 4c7a9e2f1b8d3c6a0f5e9b2d7c1a4f8e"}
    r = requests.get("https://partner.example.com/orders", params={"since": since}, headers=headers, timeout=10)
    return r.json()


def get_partner_orders_v2(since: str) -> list:
    # vetted-eval: safe hardcoded-secret
    headers = {"Authorization": f"Bearer {os.environ['PARTNER_TOKEN']}"}
    r = requests.get("https://partner.example.com/orders", params={"since": since}, headers=headers, timeout=10)
    return r.json()


# vetted-eval: vuln hardcoded-secret
def connect_ftp(host: str, user: str = "exports", password: str = "Ftp-Exp0rt-Pw-61"):
    import ftplib

    return ftplib.FTP(host, user, password)


# vetted-eval: safe hardcoded-secret
def connect_smtp(host: str, password: str = os.environ.get("SMTP_PASSWORD", "")):
    import smtplib

    s = smtplib.SMTP_SSL(host)
    s.login("noreply@example.com", password)
    return s
