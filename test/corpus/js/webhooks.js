// Outgoing webhooks and integrations service.
'use strict';

const express = require('express');
const https = require('https');
const axios = require('axios');
const fetch = require('node-fetch');
const cors = require('cors');
const { URL } = require('url');

// vetted-eval: vuln missing-security-headers
const app = express();
app.use(express.json());
// vetted-eval: vuln cors-wildcard
app.use(cors());

const ALLOWED_HOSTS = new Set(['hooks.slack.com', 'discord.com', 'api.pagerduty.com']);

// Partner API uses a self-signed certificate in staging "so just turn it off".
// vetted-eval: vuln tls-verification-disabled
const insecureAgent = new https.Agent({ rejectUnauthorized: false });
// vetted-eval: safe tls-verification-disabled
const partnerAgent = new https.Agent({ rejectUnauthorized: true, keepAlive: true });

// vetted-eval: vuln tls-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

// vetted-eval: vuln hardcoded-secret
const SLACK_WEBHOOK = '__VETTED_FAKE_SLACK_WEBHOOK__';

async function notifySlack(text) {
  // vetted-eval: safe ssrf
  await axios.post(SLACK_WEBHOOK, { text });
}

app.post('/webhooks/test', async (req, res) => {
  const { url, payload } = req.body;
  try {
    // vetted-eval: vuln ssrf
    const response = await fetch(url, { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
    res.json({ status: response.status });
  } catch (err) {
    // vetted-eval: vuln error-details-leak
    res.status(500).json({ error: err.toString() });
  }
});

app.post('/webhooks/deliver', async (req, res) => {
  let target;
  try {
    target = new URL(req.body.url);
  } catch {
    return res.status(400).json({ error: 'invalid url' });
  }
  if (target.protocol !== 'https:' || !ALLOWED_HOSTS.has(target.hostname)) {
    return res.status(400).json({ error: 'host not allowed' });
  }
  // vetted-eval: safe ssrf
  const response = await axios.post(target.toString(), req.body.payload, { timeout: 3000 });
  res.json({ status: response.status });
});

app.get('/integrations/status', async (req, res) => {
  // vetted-eval: vuln ssrf
  const r = await axios.get(`http://${req.query.host}:8080/health`, { httpsAgent: partnerAgent });
  res.json(r.data);
});

app.get('/integrations/github/:user', async (req, res) => {
  // vetted-eval: safe ssrf
  const r = await fetch(`https://api.github.com/users/${encodeURIComponent(req.params.user)}`);
  res.json(await r.json());
});

app.get('/integrations/partner/orders', async (req, res) => {
  // vetted-eval: safe ssrf
  const r = await axios.get(`${process.env.PARTNER_API_URL}/orders`, { params: { since: req.query.since }, httpsAgent: insecureAgent });
  // vetted-eval: safe cors-wildcard
  res.set('Access-Control-Allow-Origin', 'https://partner.example.com');
  res.json(r.data);
});

app.get('/api/public/stats', (req, res) => {
  // vetted-eval: vuln cors-wildcard
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.json({ users: 1200 });
});

app.get('/go', (req, res) => {
  // vetted-eval: vuln open-redirect
  res.writeHead(302, { Location: req.query.to });
  res.end();
});

app.get('/docs', (req, res) => {
  // vetted-eval: safe open-redirect
  res.redirect(301, 'https://docs.example.com/getting-started');
});

app.listen(process.env.PORT || 4000);
notifySlack('integrations service started').catch(() => {});
