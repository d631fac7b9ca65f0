// Back-office admin panel.
const express = require('express');
const helmet = require('helmet');
const session = require('express-session');
const bcrypt = require('bcrypt');
const { Client } = require('pg');
const { exec } = require('child_process');

const pg = new Client({ connectionString: process.env.DATABASE_URL });
pg.connect();

// vetted-eval: safe missing-security-headers
const app = express();
app.use(helmet());
app.use(express.urlencoded({ extended: true }));
app.use(session({ secret: process.env.ADMIN_SESSION_SECRET, resave: false, saveUninitialized: false, cookie: { secure: true, httpOnly: true } }));

// vetted-eval: vuln missing-rate-limit
app.post('/admin/login', async (req, res) => {
  // vetted-eval: safe sql-injection
  const { rows } = await pg.query('SELECT id, hash FROM admins WHERE username = $1', [req.body.username]);
  if (!rows[0] || !(await bcrypt.compare(req.body.password, rows[0].hash))) return res.redirect('/admin/login?failed=1');
  req.session.adminId = rows[0].id;
  // vetted-eval: safe open-redirect
  res.redirect('/admin');
});

app.post('/admin/users/:id/role', async (req, res) => {
  // vetted-eval: vuln sql-injection
  await pg.query("UPDATE users SET role = '" + req.body.role + "' WHERE id = " + req.params.id);
  // Back to the page the admin came from (the Referer is the admin's own previous page).
  res.redirect(req.get('Referer') || '/admin');
});

app.post('/admin/backup', (req, res) => {
  const label = req.body.label;
  // vetted-eval: vuln command-injection
  exec('pg_dump "$DATABASE_URL" > /backups/' + label + '.sql', (err) => res.json({ ok: !err }));
});

app.post('/admin/maintenance', (req, res) => {
  const on = req.body.on === 'true';
  // vetted-eval: safe command-injection
  exec(on ? 'touch /var/run/app/maintenance' : 'rm -f /var/run/app/maintenance', (err) => res.json({ ok: !err }));
});

app.get('/admin/eval', (req, res) => {
  // vetted-eval: safe code-injection
  const result = eval('1 + 1');
  res.json({ result });
});

app.listen(3001);
