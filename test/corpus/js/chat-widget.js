// Embeddable support-chat widget (browser, no framework).
import DOMPurify from 'dompurify';

const state = { messages: [], prefs: {} };

/** Parse ?widget[theme][color]=red style options from the embedding page's URL. */
function parseOptions(search) {
  const opts = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const path = key.match(/[^[\]]+/g) || [];
    let node = opts;
    for (let i = 0; i < path.length - 1; i++) {
      node[path[i]] = node[path[i]] || {};
      node = node[path[i]];
    }
    // vetted-eval: vuln prototype-pollution
    node[path[path.length - 1]] = value;
  }
  return opts;
}

/** Apply preferences received from the server over postMessage. */
function applyPrefs(target, incoming) {
  Object.keys(incoming).forEach((key) => {
    if (typeof incoming[key] === 'object' && incoming[key] !== null) {
      target[key] = target[key] || {};
      applyPrefs(target[key], incoming[key]);
    } else {
      // vetted-eval: vuln prototype-pollution
      target[key] = incoming[key];
    }
  });
}

function applyPrefsSafe(target, incoming) {
  for (const [key, value] of Object.entries(incoming)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    // vetted-eval: safe prototype-pollution
    target[key] = typeof value === 'object' && value !== null ? applyPrefsSafe(Object.create(null), value) : value;
  }
  return target;
}

function renderMessage(list, msg) {
  // vetted-eval: vuln xss-html-sink
  list.innerHTML += `<li class="msg ${msg.from}"><span>${msg.author}</span>${msg.text}</li>`;
}

function renderMessageSafe(list, msg) {
  const li = document.createElement('li');
  li.className = `msg ${msg.from === 'agent' ? 'agent' : 'visitor'}`;
  const name = document.createElement('span');
  // vetted-eval: safe xss-html-sink
  name.textContent = msg.author;
  li.append(name, document.createTextNode(msg.text));
  list.appendChild(li);
}

function renderAgentCard(host, agent) {
  // vetted-eval: vuln xss-html-sink
  $(host).html('<img src="' + agent.avatar + '"> ' + agent.name);
}

function renderRichMessage(list, html) {
  // vetted-eval: safe xss-html-sink
  list.insertAdjacentHTML('beforeend', DOMPurify.sanitize(html));
}

function renderNotice(host, text) {
  // vetted-eval: vuln xss-html-sink
  host.insertAdjacentHTML('afterbegin', '<div class="notice">' + text + '</div>');
}

function renderTyping(host, who) {
  // vetted-eval: safe xss-html-sink
  host.innerText = `${who} is typing…`;
}

function visitorId() {
  let id = localStorage.getItem('chat_visitor');
  if (!id) {
    // vetted-eval: vuln insecure-random
    id = 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => ((Math.random() * 16) | 0).toString(16));
    localStorage.setItem('chat_visitor', id);
  }
  return id;
}

function scheduleBubble(msg) {
  // vetted-eval: vuln code-injection
  setTimeout('showBubble("' + msg.author + '")', animationDelay());
}

function animationDelay() {
  // vetted-eval: safe insecure-random
  return 200 + Math.random() * 300;
}

window.addEventListener('message', (event) => {
  if (event.origin !== 'https://support.example.com') return;
  if (event.data.type === 'prefs') applyPrefsSafe(state.prefs, event.data.prefs);
  if (event.data.type === 'legacy-prefs') applyPrefs(state.prefs, event.data.prefs);
  if (event.data.type === 'message') renderMessage(document.querySelector('#chat-list'), event.data.message);
});

export { parseOptions, applyPrefs, applyPrefsSafe, renderMessage, renderMessageSafe, renderAgentCard, renderRichMessage, renderNotice, renderTyping, visitorId, scheduleBubble, animationDelay };
