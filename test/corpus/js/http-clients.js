// HTTP client helpers shared by the background workers.
const https = require('https');
const tls = require('tls');
const axios = require('axios');
const got = require('got');
const request = require('request');
const fs = require('fs');

const INTERNAL_CA = fs.readFileSync(process.env.INTERNAL_CA_PATH || '/etc/ssl/internal-ca.pem');

// vetted-eval: vuln tls-verification-disabled
const legacyClient = axios.create({ baseURL: process.env.LEGACY_URL, httpsAgent: new https.Agent({ rejectUnauthorized: false }) });
// vetted-eval: safe tls-verification-disabled
const internalClient = axios.create({ baseURL: process.env.INTERNAL_URL, httpsAgent: new https.Agent({ ca: INTERNAL_CA }) });

async function fetchLegacy(path) {
  // vetted-eval: vuln tls-verification-disabled
  return got(`${process.env.LEGACY_URL}${path}`, { https: { rejectUnauthorized: false } }).json();
}

async function fetchInternal(path) {
  // vetted-eval: safe tls-verification-disabled
  return got(`${process.env.INTERNAL_URL}${path}`, { https: { certificateAuthority: INTERNAL_CA } }).json();
}

function fetchOld(url, cb) {
  // vetted-eval: vuln tls-verification-disabled
  request({ url, json: true, strictSSL: false }, cb);
}

function connectBroker(host, port) {
  // vetted-eval: vuln tls-verification-disabled
  const socket = tls.connect({ host, port, rejectUnauthorized: false });
  // vetted-eval: safe tls-verification-disabled
  const verified = tls.connect({ host, port, ca: INTERNAL_CA, servername: host });
  return { socket, verified };
}

async function fetchUserAvatar(user) {
  const r = await axios.get(user.avatarUrl, { responseType: 'arraybuffer' });
  return Buffer.from(r.data);
}

async function fetchRates() {
  // vetted-eval: safe ssrf
  const r = await internalClient.get('/rates', { params: { base: 'EUR' } });
  // vetted-eval: safe tls-verification-disabled
  const status = await legacyClient.get('/status');
  return { rates: r.data, legacy: status.status };
}

module.exports = { fetchLegacy, fetchInternal, fetchOld, connectBroker, fetchUserAvatar, fetchRates };
