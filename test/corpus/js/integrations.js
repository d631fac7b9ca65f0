// Third-party integrations module (payments, mail, chat, storage).
const Stripe = require('stripe');
const { Octokit } = require('@octokit/rest');
const { S3Client } = require('@aws-sdk/client-s3');
const { WebClient } = require('@slack/web-api');
const OpenAI = require('openai');
const jwt = require('jsonwebtoken');

// vetted-eval: vuln hardcoded-secret
const stripe = new Stripe('__VETTED_FAKE_STRIPE_LIVE__', { apiVersion: '2024-06-20' });
// vetted-eval: safe hardcoded-secret
const stripeFromEnv = new Stripe(process.env.STRIPE_SECRET_KEY, { apiVersion: '2024-06-20' });

// vetted-eval: vuln hardcoded-secret
const octokit = new Octokit({ auth: '__VETTED_FAKE_GITHUB_PAT__' });

const s3 = new S3Client({
  region: 'eu-central-1',
  credentials: {
    // vetted-eval: vuln hardcoded-secret
    accessKeyId: '__VETTED_FAKE_AWS_KEY_ID__',
    // vetted-eval: vuln hardcoded-secret
    secretAccessKey: '__VETTED_FAKE_AWS_SECRET__',
  },
});

// vetted-eval: vuln hardcoded-secret
const slack = new WebClient('__VETTED_FAKE_SLACK_BOT__');
// vetted-eval: safe hardcoded-secret
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

// vetted-eval: vuln hardcoded-secret
const SIGNING_KEY = '__VETTED_FAKE_PEM_RSA__';

const labels = {
  // vetted-eval: safe hardcoded-secret
  password: 'Password',
  // vetted-eval: safe hardcoded-secret
  confirmPassword: 'Confirm password',
  // vetted-eval: safe hardcoded-secret
  apiKey: 'API key',
};

// vetted-eval: safe hardcoded-secret
const API_KEY_HEADER = 'x-api-key';
// vetted-eval: safe hardcoded-secret
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
// vetted-eval: safe hardcoded-secret
const PASSWORD_PATTERN = /^(?=.*[A-Z])(?=.*\d).{12,}$/;

function serviceToken() {
  // vetted-eval: vuln jwt-weak-verification
  return jwt.sign({ iss: 'billing' }, SIGNING_KEY, { algorithm: 'RS256', expiresIn: '5m' });
}

async function charge(customerId, amountCents) {
  return stripe.paymentIntents.create({ customer: customerId, amount: amountCents, currency: 'eur' });
}

async function notify(channel, text) {
  return slack.chat.postMessage({ channel, text });
}

async function callPartner(path) {
  const res = await fetch(`https://partner.example.com${path}`, {
    // vetted-eval: vuln hardcoded-secret
    headers: { Authorization: 'Basic cGFydG5lcjpQYXJ0bmVyLVB3LTkyODE=' },
  });
  return res.json();
}

async function callPartnerV2(path) {
  const res = await fetch(`https://partner.example.com${path}`, {
    // vetted-eval: safe hardcoded-secret
    headers: { Authorization: `Bearer ${process.env.PARTNER_TOKEN}` },
  });
  return res.json();
}

module.exports = { stripe, stripeFromEnv, octokit, s3, slack, openai, labels, API_KEY_HEADER, EMPTY_BODY_SHA256, PASSWORD_PATTERN, serviceToken, charge, notify, callPartner, callPartnerV2 };
