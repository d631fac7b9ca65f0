import React, { useEffect, useMemo, useRef, useState } from 'react';
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { jwtDecode } from 'jwt-decode';

interface Comment {
  id: string;
  author: string;
  bodyHtml: string;
  bodyMarkdown: string;
  createdAt: string;
}

interface Props {
  postId: string;
  token: string;
}

// vetted-eval: safe hardcoded-secret
const TOKEN_STORAGE_KEY = 'auth_token';
// vetted-eval: vuln hardcoded-secret
const MAPS_API_KEY = '__VETTED_FAKE_GOOGLE_API__';
// vetted-eval: safe hardcoded-secret
const ANALYTICS_ID = process.env.NEXT_PUBLIC_ANALYTICS_ID ?? '';

export function CommentList({ postId, token }: Props) {
  const [comments, setComments] = useState<Comment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);

  // Only to greet the user; the API verifies the token on every request.
  // vetted-eval: safe jwt-weak-verification
  const claims = useMemo(() => jwtDecode<{ name: string }>(token), [token]);

  useEffect(() => {
    fetch(`/api/posts/${encodeURIComponent(postId)}/comments`, { headers: { Authorization: `Bearer ${token}` } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then(setComments)
      .catch((e: Error) => setError(e.message));
  }, [postId, token]);

  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const banner = params.get('banner');
    if (bannerRef.current && banner) {
      // vetted-eval: vuln xss-html-sink
      bannerRef.current.innerHTML = `<strong>${banner}</strong>`;
    }
  }, []);

  useEffect(() => {
    if (bannerRef.current && error) {
      // vetted-eval: safe xss-html-sink
      bannerRef.current.textContent = `Could not load comments: ${error}`;
    }
  }, [error]);

  return (
    <section className="comments">
      <h2>Hi {claims.name}, {comments.length} comments</h2>
      {comments.map((c) => (
        <article key={c.id}>
          <header>{c.author}</header>
          {/* vetted-eval: vuln xss-html-sink */}
          <div dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
          {/* vetted-eval: safe xss-html-sink */}
          <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(c.bodyHtml) }} />
          {/* vetted-eval: vuln xss-html-sink */}
          <div className="md" dangerouslySetInnerHTML={{ __html: marked.parse(c.bodyMarkdown) as string }} />
          {/* vetted-eval: safe xss-html-sink */}
          <p className="plain">{c.bodyMarkdown}</p>
        </article>
      ))}
    </section>
  );
}

export function SpinnerOverlay({ host }: { host: HTMLElement }) {
  useEffect(() => {
    // vetted-eval: safe xss-html-sink
    host.innerHTML = '<div class="spinner" role="status" aria-label="Loading"></div>';
    return () => {
      // vetted-eval: safe xss-html-sink
      host.innerHTML = '';
    };
  }, [host]);
  return null;
}

export function LoginRedirect() {
  useEffect(() => {
    const returnTo = new URLSearchParams(window.location.search).get('returnTo');
    if (localStorage.getItem(TOKEN_STORAGE_KEY) && returnTo) {
      // vetted-eval: vuln open-redirect
      window.location.href = returnTo;
    }
  }, []);
  return <p>Redirecting…</p>;
}

export function SafeLoginRedirect() {
  useEffect(() => {
    const returnTo = new URLSearchParams(window.location.search).get('returnTo') ?? '/';
    const local = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
    // vetted-eval: safe open-redirect
    window.location.assign(local);
  }, []);
  return <p>Redirecting…</p>;
}

export function Confetti() {
  // vetted-eval: safe insecure-random
  const pieces = Array.from({ length: 40 }, (_, i) => ({ id: i, left: Math.random() * 100, hue: Math.floor(Math.random() * 360) }));
  return (
    <div className="confetti" data-maps={MAPS_API_KEY} data-analytics={ANALYTICS_ID}>
      {pieces.map((p) => (
        <span key={p.id} style={{ left: `${p.left}%`, color: `hsl(${p.hue} 80% 60%)` }} />
      ))}
    </div>
  );
}
