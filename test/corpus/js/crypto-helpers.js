// Field-level encryption and token helpers for the billing service.
const crypto = require('crypto');
const bcrypt = require('bcryptjs');
const argon2 = require('argon2');

// vetted-eval: vuln hardcoded-secret
const ENCRYPTION_PASSWORD = 'billing-field-key-2024!xyz';
const FIXED_IV = Buffer.from('a1b2c3d4e5f60718');
const KEY = Buffer.from(process.env.FIELD_KEY_HEX || '', 'hex');

function encryptLegacy(text) {
  // vetted-eval: vuln weak-cipher
  const cipher = crypto.createCipher('aes-256-cbc', ENCRYPTION_PASSWORD);
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptEcb(text) {
  // vetted-eval: vuln weak-cipher
  const cipher = crypto.createCipheriv('aes-256-ecb', KEY, null);
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
}

function encryptFixedIv(text) {
  // vetted-eval: vuln weak-cipher
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, FIXED_IV);
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
}

function encryptZeroIv(text) {
  // vetted-eval: vuln weak-cipher
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, Buffer.alloc(12, 0));
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

function encrypt3des(text, key) {
  // vetted-eval: vuln weak-cipher
  const cipher = crypto.createCipheriv('des-ede3-cbc', key, crypto.randomBytes(8));
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptRc4(text, key) {
  // vetted-eval: vuln weak-cipher
  const cipher = crypto.createCipheriv('rc4', key, '');
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encrypt(text) {
  // vetted-eval: safe weak-cipher
  const iv = crypto.randomBytes(12);
  // vetted-eval: safe weak-cipher
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, iv);
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

function decrypt(payload) {
  const [iv, tag, data] = payload.split('.').map((s) => Buffer.from(s, 'base64'));
  // vetted-eval: safe weak-cipher
  const decipher = crypto.createDecipheriv('aes-256-gcm', KEY, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

function encryptCbc(text) {
  const iv = crypto.randomBytes(16);
  // vetted-eval: safe weak-cipher
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, iv);
  return iv.toString('hex') + ':' + cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

async function hashPassword(password) {
  // vetted-eval: vuln weak-hash
  return crypto.createHash('md5').update(password).digest('hex');
}

async function hashPasswordSha512(password, salt) {
  // vetted-eval: vuln weak-hash
  return crypto.createHash('sha512').update(salt + password).digest('hex');
}

async function hashPasswordBcryptLowCost(password) {
  // vetted-eval: vuln weak-hash
  return bcrypt.hash(password, 6);
}

async function hashPasswordGood(password) {
  // vetted-eval: safe weak-hash
  return argon2.hash(password, { type: argon2.argon2id });
}

function hashPasswordScrypt(password, salt) {
  // vetted-eval: safe weak-hash
  return crypto.scryptSync(password, salt, 64).toString('hex');
}

function signWebhook(body, secret) {
  // vetted-eval: vuln weak-hash
  return crypto.createHash('sha1').update(secret + body).digest('hex');
}

function signWebhookHmac(body, secret) {
  // vetted-eval: safe weak-hash
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

function etag(buffer) {
  // vetted-eval: safe weak-hash
  return '"' + crypto.createHash('md5').update(buffer).digest('base64') + '"';
}

function contentAddress(buffer) {
  // vetted-eval: safe weak-hash
  return crypto.createHash('sha256').update(buffer).digest('hex');
}

function apiToken() {
  // vetted-eval: safe insecure-random
  return crypto.randomBytes(32).toString('base64url');
}

function sessionId() {
  // vetted-eval: vuln insecure-random
  return 'sess_' + Date.now().toString(36) + Math.random().toString(36).slice(2);
}

function inviteCode() {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let code = '';
  // vetted-eval: vuln insecure-random
  for (let i = 0; i < 8; i++) code += chars[Math.floor(Math.random() * chars.length)];
  return code;
}

function pickColor(palette) {
  // vetted-eval: safe insecure-random
  return palette[Math.floor(Math.random() * palette.length)];
}

function requestId() {
  // vetted-eval: safe insecure-random
  return crypto.randomUUID();
}

module.exports = { encryptLegacy, encryptEcb, encryptFixedIv, encryptZeroIv, encrypt3des, encryptRc4, encrypt, decrypt, encryptCbc, hashPassword, hashPasswordSha512, hashPasswordBcryptLowCost, hashPasswordGood, hashPasswordScrypt, signWebhook, signWebhookHmac, etag, contentAddress, apiToken, sessionId, inviteCode, pickColor, requestId };
