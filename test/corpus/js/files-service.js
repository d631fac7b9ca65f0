// File download, thumbnail and link-preview endpoints for a document-sharing app.
const express = require('express');
const path = require('path');
const fs = require('fs');
const fsp = require('fs/promises');
const { exec, execFile, spawn } = require('child_process');
const axios = require('axios');
const helmet = require('helmet');

const UPLOAD_DIR = path.join(__dirname, 'uploads');
const router = express.Router();

// Download an uploaded file by name.
router.get('/files/:name', (req, res) => {
  // vetted-eval: vuln path-traversal
  res.sendFile(path.join(UPLOAD_DIR, req.params.name));
});

// Same, but Express resolves the name inside `root` and refuses `..`.
router.get('/v2/files/:name', (req, res) => {
  // vetted-eval: safe path-traversal
  res.sendFile(req.params.name, { root: UPLOAD_DIR, dotfiles: 'deny' });
});

router.get('/v3/files/:name', async (req, res) => {
  // vetted-eval: safe path-traversal
  const safeName = path.basename(req.params.name);
  // vetted-eval: safe path-traversal
  const data = await fsp.readFile(path.join(UPLOAD_DIR, safeName));
  res.type('application/octet-stream').send(data);
});

router.get('/export', (req, res) => {
  // vetted-eval: vuln path-traversal
  const stream = fs.createReadStream(`./exports/${req.query.file}`);
  stream.on('error', () => res.status(404).end());
  stream.pipe(res);
});

router.get('/v2/export', async (req, res) => {
  const requested = path.resolve(UPLOAD_DIR, String(req.query.file || ''));
  if (!requested.startsWith(UPLOAD_DIR + path.sep)) {
    return res.status(400).json({ error: 'invalid path' });
  }
  // vetted-eval: safe path-traversal
  res.download(requested);
});

// Make a thumbnail with ImageMagick.
router.post('/thumbnail', (req, res) => {
  const { file, width } = req.body;
  // vetted-eval: vuln command-injection
  exec(`convert ${UPLOAD_DIR}/${file} -resize ${width}x thumbs/${file}`, (err) => {
    if (err) return res.status(500).json({ error: 'thumbnail failed' });
    res.json({ ok: true });
  });
});

router.post('/v2/thumbnail', (req, res) => {
  const file = path.basename(String(req.body.file));
  const width = Math.min(parseInt(req.body.width, 10) || 200, 2000);
  // vetted-eval: safe command-injection
  execFile('convert', [path.join(UPLOAD_DIR, file), '-resize', `${width}x`, path.join('thumbs', file)], (err) => {
    if (err) return res.status(500).json({ error: 'thumbnail failed' });
    res.json({ ok: true });
  });
});

router.post('/archive', (req, res) => {
  // vetted-eval: vuln command-injection
  const child = spawn('tar', ['-czf', '-', req.body.folder], { shell: true });
  child.stdout.pipe(res);
});

router.get('/disk-usage', (req, res) => {
  // vetted-eval: safe command-injection
  exec('df -h /var/lib/app', (err, stdout) => res.type('text/plain').send(err ? 'unavailable' : stdout));
});

// Link preview: fetch the page and read its <title>.
router.get('/preview', async (req, res) => {
  try {
    // vetted-eval: vuln ssrf
    const page = await axios.get(req.query.url, { timeout: 5000 });
    const title = /<title>([^<]*)<\/title>/i.exec(page.data);
    res.json({ title: title ? title[1] : null });
  } catch {
    res.status(502).json({ error: 'could not fetch the page' });
  }
});

// Search inside file names; the user types a plain string.
router.get('/search', async (req, res) => {
  const names = await fsp.readdir(UPLOAD_DIR);
  // vetted-eval: vuln regex-injection
  const matcher = new RegExp(req.query.q, 'i');
  res.json(names.filter((n) => matcher.test(n)));
});

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

router.get('/v2/search', async (req, res) => {
  const names = await fsp.readdir(UPLOAD_DIR);
  // vetted-eval: safe regex-injection
  const matcher = new RegExp(escapeRegExp(String(req.query.q || '')), 'i');
  // vetted-eval: safe regex-injection
  const extension = new RegExp('\\.(pdf|docx?|xlsx?)$', 'i');
  res.json(names.filter((n) => matcher.test(n) && extension.test(n)));
});

// Old "calculator" endpoint for spreadsheet-like formulas.
router.post('/formula', (req, res) => {
  try {
    // vetted-eval: vuln code-injection
    const value = eval(req.body.expression);
    res.json({ value });
  } catch {
    res.status(400).json({ error: 'bad expression' });
  }
});

router.post('/v2/settings', (req, res) => {
  // vetted-eval: safe code-injection
  const settings = JSON.parse(req.body.settings);
  res.json({ saved: Object.keys(settings).length });
});

// vetted-eval: safe missing-security-headers
const app = express();
app.use(helmet());
app.use(express.json());
app.use('/api', router);
// vetted-eval: safe debug-mode-enabled
app.set('env', process.env.NODE_ENV || 'production');
module.exports = app;
