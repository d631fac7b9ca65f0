// Vanilla TypeScript widgets for the marketing site (no framework).
import DOMPurify from 'dompurify';

export interface Product {
  id: number;
  name: string;
  description: string;
  priceCents: number;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderProducts(list: HTMLUListElement, products: Product[]): void {
  // vetted-eval: safe xss-html-sink
  list.innerHTML = '';
  for (const p of products) {
    // vetted-eval: vuln xss-html-sink
    list.insertAdjacentHTML('beforeend', `<li data-id="${p.id}"><b>${p.name}</b> ${p.description}</li>`);
  }
}

export function renderProductsSafely(list: HTMLUListElement, products: Product[]): void {
  list.replaceChildren();
  for (const p of products) {
    const li = document.createElement('li');
    li.dataset.id = String(p.id);
    // vetted-eval: safe xss-html-sink
    li.textContent = `${p.name} — ${(p.priceCents / 100).toFixed(2)} €`;
    list.appendChild(li);
  }
}

export function renderEscaped(list: HTMLUListElement, products: Product[]): void {
  // vetted-eval: safe xss-html-sink
  list.innerHTML = products.map((p) => `<li>${escapeHtml(p.name)}</li>`).join('');
}

export function showSearchTerm(target: HTMLElement): void {
  const term = decodeURIComponent(location.hash.slice(1));
  // vetted-eval: vuln xss-html-sink
  target.innerHTML = 'Results for <em>' + term + '</em>';
}

export function showServerMessage(target: HTMLElement, html: string): void {
  // vetted-eval: safe xss-html-sink
  target.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}

export function replaceCard(card: HTMLElement, data: { title: string; body: string }): void {
  // vetted-eval: vuln xss-html-sink
  card.outerHTML = `<div class="card"><h3>${data.title}</h3><p>${data.body}</p></div>`;
}

export function legacyAd(slot: string): void {
  // vetted-eval: vuln xss-html-sink
  document.write('<div id="ad-' + slot + '">' + new URLSearchParams(location.search).get('ref') + '</div>');
}

export function printFooter(): void {
  // vetted-eval: safe xss-html-sink
  document.write('<footer>&copy; 2024 Example GmbH</footer>');
}

/** Rotate the banner named in the URL fragment. */
export function startRotation(): void {
  const slot = location.hash.slice(1);
  // vetted-eval: vuln code-injection
  window.setInterval(`rotateBanner('${slot}')`, 5000);
}

/** A short client-side id for list keys (not a secret). */
export function tempId(): string {
  // vetted-eval: safe insecure-random
  return `tmp-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Exponential backoff with jitter for retrying fetches. */
export function backoffDelay(attempt: number): number {
  // vetted-eval: safe insecure-random
  return Math.min(30000, 2 ** attempt * 100) * (0.5 + Math.random());
}

/** Client-generated CSRF token stored in a cookie and echoed in a header. */
export function makeCsrfToken(): string {
  // vetted-eval: vuln insecure-random
  return Math.random().toString(36).substring(2) + Math.random().toString(36).substring(2);
}

export function makeCsrfTokenSecure(): string {
  const bytes = new Uint8Array(32);
  // vetted-eval: safe insecure-random
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Highlight a search word in already-escaped text. */
export function highlight(escaped: string, word: string): string {
  return escaped.replace(new RegExp(`(${word})`, 'gi'), '<mark>$1</mark>');
}
