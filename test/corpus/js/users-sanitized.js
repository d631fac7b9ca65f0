// Accounts API: every request body and query passes through express-mongo-sanitize first.
const express = require('express');
const helmet = require('helmet');
const mongoSanitize = require('express-mongo-sanitize');
const Account = require('./models/account');

const app = express();
app.use(helmet());
app.use(express.json());
app.use(mongoSanitize({ replaceWith: '_' }));

app.get('/accounts/by-email', async (req, res) => {
  // vetted-eval: safe nosql-injection
  const account = await Account.findOne({ email: req.query.email }).select('name plan');
  res.json(account);
});

app.post('/accounts/lookup', async (req, res) => {
  // vetted-eval: safe nosql-injection
  const account = await Account.findOne({ email: req.body.email, status: 'active' }).select('name');
  res.json({ found: Boolean(account) });
});

module.exports = app;
