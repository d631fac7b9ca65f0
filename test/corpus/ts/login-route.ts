// Next.js App Router handler: app/api/login/route.ts
import { NextResponse, type NextRequest } from 'next/server';
import { cookies } from 'next/headers';
import bcrypt from 'bcryptjs';
import { SignJWT } from 'jose';
import { db } from '@/lib/db';

// vetted-eval: safe hardcoded-secret
const secret = new TextEncoder().encode(process.env.AUTH_SECRET);

// vetted-eval: vuln missing-rate-limit
export async function POST(request: NextRequest) {
  const { email, password } = (await request.json()) as { email?: string; password?: string };
  if (typeof email !== 'string' || typeof password !== 'string') {
    return NextResponse.json({ error: 'email and password are required' }, { status: 400 });
  }
  // vetted-eval: safe sql-injection
  const user = await db.user.findUnique({ where: { email } });
  if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
    return NextResponse.json({ error: 'Invalid credentials' }, { status: 401 });
  }
  const token = await new SignJWT({ sub: user.id }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('2h').sign(secret);
  // vetted-eval: safe insecure-cookie
  cookies().set('session', token, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
  const next = request.nextUrl.searchParams.get('next') ?? '/';
  // vetted-eval: vuln open-redirect
  return NextResponse.redirect(new URL(next, request.url));
}
