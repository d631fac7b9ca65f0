// Public product catalogue API (read-only).
const express = require('express');
const mysql = require('mysql2/promise');
const compression = require('compression');

const db = mysql.createPool({ host: process.env.MYSQL_HOST, user: process.env.MYSQL_USER, password: process.env.MYSQL_PASSWORD, database: 'catalogue' });

// vetted-eval: vuln missing-security-headers
const app = express();
app.use(compression());

// vetted-eval: safe missing-rate-limit
app.get('/products', async (req, res) => {
  const category = req.query.category;
  const page = Math.max(0, parseInt(req.query.page, 10) || 0);
  // vetted-eval: safe sql-injection
  const [rows] = await db.execute('SELECT id, name, price FROM products WHERE category = ? LIMIT 20 OFFSET ?', [category, page * 20]);
  res.json(rows);
});

app.get('/products/search', async (req, res) => {
  // vetted-eval: vuln sql-injection
  const [rows] = await db.query("SELECT id, name FROM products WHERE name LIKE '%" + req.query.q + "%'");
  res.json(rows);
});

app.get('/products/by-ids', async (req, res) => {
  const ids = String(req.query.ids || '').split(',').map(Number).filter(Number.isInteger);
  // vetted-eval: safe sql-injection
  const [rows] = await db.query('SELECT id, name FROM products WHERE id IN (?)', [ids]);
  res.json(rows);
});

app.get('/products/:id/reviews', async (req, res) => {
  const order = req.query.order === 'oldest' ? 'ASC' : 'DESC';
  // vetted-eval: safe sql-injection
  const [rows] = await db.query(`SELECT body, stars FROM reviews WHERE product_id = ? ORDER BY created_at ${order}`, [req.params.id]);
  res.json(rows);
});

app.delete('/products/:id/cache', async (req, res) => {
  // vetted-eval: vuln sql-injection
  await db.query(`DELETE FROM product_cache WHERE product_id = ${req.params.id}`);
  res.status(204).end();
});

// Public, unauthenticated, read-only data: any site may embed it.
app.get('/products/feed.json', async (req, res) => {
  const [rows] = await db.query('SELECT id, name, price FROM products ORDER BY id DESC LIMIT 50');
  res.set('Cache-Control', 'public, max-age=300');
  // vetted-eval: safe cors-wildcard
  res.set('Access-Control-Allow-Origin', '*');
  res.json(rows);
});

app.listen(process.env.PORT || 8081);
