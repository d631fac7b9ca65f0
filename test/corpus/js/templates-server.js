// Server-rendered pages with Handlebars and plain template strings.
const express = require('express');
const helmet = require('helmet');
const Handlebars = require('handlebars');
const ejs = require('ejs');
const escapeHtml = require('escape-html');

// vetted-eval: safe missing-security-headers
const app = express();
app.use(helmet());

// vetted-eval: vuln xss-template
const profileTemplate = Handlebars.compile('<h1>{{name}}</h1><p>{{bio}}</p>', { noEscape: true });
// vetted-eval: safe xss-template
const cardTemplate = Handlebars.compile('<h1>{{name}}</h1><p>{{bio}}</p>');

app.get('/hello', (req, res) => {
  // vetted-eval: vuln xss-template
  res.send(`<h1>Hello, ${req.query.name}!</h1>`);
});

app.get('/hello/v2', (req, res) => {
  // vetted-eval: safe xss-template
  res.send(`<h1>Hello, ${escapeHtml(req.query.name || 'guest')}!</h1>`);
});

app.get('/search', (req, res) => {
  const q = req.query.q || '';
  // vetted-eval: vuln xss-template
  res.send('<p>No results for <b>' + q + '</b></p>');
});

app.get('/status', (req, res) => {
  // vetted-eval: safe xss-template
  res.send('<p>All systems operational</p>');
});

app.get('/count', (req, res) => {
  const n = Number.parseInt(req.query.n, 10) || 0;
  // vetted-eval: safe xss-template
  res.send(`<p>${n} items in your cart</p>`);
});

app.get('/profile/:id', (req, res) => {
  const user = { name: req.query.name, bio: req.query.bio };
  res.type('html');
  res.send(profileTemplate(user) + cardTemplate(user));
});

app.get('/error', (req, res) => {
  // vetted-eval: vuln xss-template
  res.status(404).send(`<html><body>Page ${req.path} not found. <a href="${req.get('referer')}">Back</a></body></html>`);
});

app.get('/api/echo', (req, res) => {
  // vetted-eval: safe xss-template
  res.json({ message: req.query.message });
});

app.get('/render', (req, res) => {
  // vetted-eval: vuln xss-template
  const html = ejs.render(req.query.template, { user: req.user });
  res.send(html);
});

app.get('/render/v2', (req, res) => {
  // vetted-eval: safe xss-template
  const html = ejs.render('<p>Hello <%= name %></p>', { name: req.query.name });
  res.send(html);
});

app.listen(8080);
