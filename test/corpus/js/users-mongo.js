// Users API on Mongoose.
const express = require('express');
const mongoose = require('mongoose');
const User = require('./models/user');
const Post = require('./models/post');

const router = express.Router();

// vetted-eval: vuln hardcoded-secret
mongoose.connect('mongodb+srv://admin:Mz9xK2pQ7vT4@cluster0.ab1cd.mongodb.net/app?retryWrites=true');

router.post('/login', async (req, res) => {
  // vetted-eval: vuln nosql-injection
  const user = await User.findOne({ email: req.body.email, password: req.body.password });
  if (!user) return res.status(401).json({ error: 'invalid credentials' });
  res.json({ id: user.id });
});

router.get('/by-email', async (req, res) => {
  // vetted-eval: vuln nosql-injection
  const user = await User.findOne({ email: req.query.email }).lean();
  res.json(user ? { id: user._id } : null);
});

router.get('/by-email/v2', async (req, res) => {
  if (typeof req.query.email !== 'string') return res.status(400).end();
  // vetted-eval: safe nosql-injection
  const user = await User.findOne({ email: req.query.email }).lean();
  res.json(user ? { id: user._id } : null);
});

router.get('/by-email/v3', async (req, res) => {
  // vetted-eval: safe nosql-injection
  const user = await User.findOne({ email: String(req.query.email) }).lean();
  res.json(user ? { id: user._id } : null);
});

router.get('/:id', async (req, res) => {
  // vetted-eval: safe nosql-injection
  const user = await User.findById(req.params.id).select('name avatar');
  res.json(user);
});

router.get('/', async (req, res) => {
  // vetted-eval: vuln nosql-injection
  const users = await User.find(req.query).limit(50);
  res.json(users);
});

router.get('/search/where', async (req, res) => {
  // vetted-eval: vuln nosql-injection
  const users = await User.find({ $where: `this.name.startsWith('${req.query.prefix}')` });
  res.json(users.map((u) => u.id));
});

router.post('/posts/delete', async (req, res) => {
  // vetted-eval: vuln nosql-injection
  await Post.deleteMany({ author: req.user.id, slug: req.body.slug });
  res.status(204).end();
});

router.post('/posts/delete/v2', async (req, res) => {
  const slug = req.body.slug;
  if (typeof slug !== 'string' || !/^[a-z0-9-]{1,80}$/.test(slug)) return res.status(400).end();
  // vetted-eval: safe nosql-injection
  await Post.deleteMany({ author: req.user.id, slug });
  res.status(204).end();
});

router.get('/posts/recent', async (req, res) => {
  // vetted-eval: safe nosql-injection
  const posts = await Post.find({ published: true }).sort({ createdAt: -1 }).limit(20);
  res.json(posts);
});

router.patch('/settings', async (req, res) => {
  const settings = await loadSettings(req.user.id);
  // vetted-eval: vuln prototype-pollution
  settings[req.body.section][req.body.key] = req.body.value;
  await saveSettings(req.user.id, settings);
  res.json(settings);
});

router.patch('/settings/v2', async (req, res) => {
  const settings = await loadSettings(req.user.id);
  const { section, key, value } = req.body;
  if (!['profile', 'notifications'].includes(section) || !Object.hasOwn(settings[section], key)) return res.status(400).end();
  // vetted-eval: safe prototype-pollution
  settings[section][key] = value;
  await saveSettings(req.user.id, settings);
  res.json(settings);
});

async function loadSettings(id) {
  const u = await User.findById(id).lean();
  return u.settings || { profile: {}, notifications: {} };
}
async function saveSettings(id, settings) {
  // vetted-eval: safe nosql-injection
  await User.updateOne({ _id: id }, { $set: { settings } });
}

// vetted-eval: vuln missing-security-headers
const app = express();
app.use(express.json());
app.use('/api/users', router);

router.post('/sanitized/login', async (req, res) => {
  const email = typeof req.body.email === 'string' ? req.body.email : '';
  // vetted-eval: safe nosql-injection
  const user = await User.findOne({ email }).select('+passwordHash');
  res.json({ found: Boolean(user) });
});

module.exports = app;
