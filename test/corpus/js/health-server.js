// Internal metrics service with a client-credentials token endpoint.
const express = require('express');
const crypto = require('crypto');
const jwt = require('jsonwebtoken');
const { execFile } = require('child_process');

const CLIENTS = new Map([[process.env.METRICS_CLIENT_ID, process.env.METRICS_CLIENT_SECRET]]);

// vetted-eval: vuln missing-security-headers
const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(express.static('public'));

// vetted-eval: vuln missing-rate-limit
app.post('/oauth/token', (req, res) => {
  const { client_id: id, client_secret: secret } = req.body;
  const expected = CLIENTS.get(id);
  if (!expected || !crypto.timingSafeEqual(Buffer.from(String(secret)), Buffer.from(expected))) {
    return res.status(401).json({ error: 'invalid_client' });
  }
  // vetted-eval: safe jwt-weak-verification
  const token = jwt.sign({ sub: id, scope: 'metrics:read' }, process.env.METRICS_JWT_KEY, { expiresIn: 600 });
  res.json({ access_token: token, token_type: 'Bearer', expires_in: 600 });
});

// vetted-eval: safe missing-rate-limit
app.get('/metrics', (req, res) => {
  // vetted-eval: safe command-injection
  execFile('uptime', [], (err, stdout) => res.type('text/plain').send(err ? 'n/a' : stdout));
});

app.get('/metrics/:service', (req, res) => {
  // vetted-eval: safe cors-wildcard
  res.set('Access-Control-Allow-Origin', 'https://grafana.internal.example.com');
  res.json({ service: req.params.service, up: true });
});

app.listen(9100);
