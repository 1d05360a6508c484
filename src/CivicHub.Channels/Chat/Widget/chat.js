/*
 * CivicHub web chat widget. One tag on any page of an allowed origin:
 *   <script src="https://civichub.example/widget/chat.js" data-department="TAX" async></script>
 * Optional: data-lang="es" (else the page's lang), data-session-token (a session opened for a signed-in citizen).
 * Plain JavaScript, no framework. It lives in a shadow root, so the page's styles and the widget's never mix.
 * Stable ids for tests and the page's own scripts: civichub-chat-open, -dialog, -title, -close, -status, -log,
 * -form, -input, -send, -error, -transcript, -email, -transcript-send, -end.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.civicHubChat) {
    return;
  }

  var origin = new URL(script.src, window.location.href).origin;
  var department = script.getAttribute('data-department') || null;
  var pageLang = script.getAttribute('data-lang') || document.documentElement.lang || navigator.language || 'en';
  var lang = pageLang.toLowerCase().indexOf('es') === 0 ? 'es' : 'en';
  var storageKey = 'civichub.chat.session:' + origin;
  var maxLength = 2000;

  var strings = {
    en: {
      open: 'Chat with us',
      title: 'Chat with us',
      close: 'Close chat',
      log: 'Messages',
      label: 'Your message',
      send: 'Send',
      you: 'You',
      agent: 'Agent',
      system: 'Notice',
      connecting: 'Connecting…',
      ready: 'Write your question. An agent will answer here.',
      reconnecting: 'Connection lost. Reconnecting…',
      offline: 'Chat is not available right now. Please try again later.',
      joined: '{name} joined the chat.',
      typing: '{name} is typing…',
      closedByAgent: 'The agent ended the chat. Write again to start a new one.',
      closedByYou: 'You ended the chat.',
      handedToBot: 'Your chat is waiting for the next available agent.',
      sending: 'Sending…',
      notSent: 'Not sent. It will be sent again when the connection is back.',
      invalid: 'Your message could not be sent. Check it and try again.',
      tooLong: 'Your message is too long: at most {max} characters.',
      empty: 'Write a message first.',
      slowDown: 'You are sending messages too quickly. Please wait a moment.',
      failed: 'Something went wrong. Please try again.',
      transcript: 'Email me the transcript',
      emailLabel: 'Email address (leave empty if we already have it)',
      transcriptSend: 'Send transcript',
      transcriptSent: 'Transcript sent to {to}.',
      transcriptNeedsEmail: 'Enter the email address to send it to.',
      end: 'End chat'
    },
    es: {
      open: 'Escríbanos por chat',
      title: 'Chat con nosotros',
      close: 'Cerrar el chat',
      log: 'Mensajes',
      label: 'Su mensaje',
      send: 'Enviar',
      you: 'Usted',
      agent: 'Agente',
      system: 'Aviso',
      connecting: 'Conectando…',
      ready: 'Escriba su pregunta. Un agente le responderá aquí.',
      reconnecting: 'Se perdió la conexión. Reconectando…',
      offline: 'El chat no está disponible ahora. Inténtelo más tarde.',
      joined: '{name} se unió al chat.',
      typing: '{name} está escribiendo…',
      closedByAgent: 'El agente terminó el chat. Escriba de nuevo para empezar otro.',
      closedByYou: 'Usted terminó el chat.',
      handedToBot: 'Su chat espera al próximo agente disponible.',
      sending: 'Enviando…',
      notSent: 'No enviado. Se enviará de nuevo cuando vuelva la conexión.',
      invalid: 'No se pudo enviar su mensaje. Revíselo e inténtelo de nuevo.',
      tooLong: 'Su mensaje es demasiado largo: como máximo {max} caracteres.',
      empty: 'Escriba un mensaje primero.',
      slowDown: 'Está enviando mensajes muy rápido. Espere un momento.',
      failed: 'Algo salió mal. Inténtelo de nuevo.',
      transcript: 'Enviarme la transcripción por correo',
      emailLabel: 'Correo electrónico (déjelo vacío si ya lo tenemos)',
      transcriptSend: 'Enviar transcripción',
      transcriptSent: 'Transcripción enviada a {to}.',
      transcriptNeedsEmail: 'Escriba el correo al que enviarla.',
      end: 'Terminar el chat'
    }
  }[lang];

  function say(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values && values[key] != null ? String(values[key]) : ''; });
  }

  function storedToken() {
    try { return window.localStorage.getItem(storageKey); } catch (e) { return null; }
  }

  function storeToken(token) {
    try { window.localStorage.setItem(storageKey, token); } catch (e) { /* storage blocked: the chat lasts as long as the page */ }
  }

  function newMessageId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  var presetToken = script.getAttribute('data-session-token');
  if (presetToken) {
    storeToken(presetToken);
  }

  // Markup and styles, inside a shadow root so the host page and the widget cannot restyle each other.
  var host = document.createElement('div');
  host.id = 'civichub-chat';
  var root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    '<style>' +
    ':host{all:initial}' +
    '*{box-sizing:border-box}' +
    '.wrap{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:1rem/1.5 "Source Sans Pro","Helvetica Neue",Arial,sans-serif;color:#1b1b1b}' +
    'button,input,textarea{font:inherit}' +
    'button{cursor:pointer;border-radius:.25rem;padding:.5rem 1rem;border:2px solid #1a4480;background:#1a4480;color:#fff}' +
    'button.secondary{background:#fff;color:#1a4480}' +
    'button:focus-visible,input:focus-visible,textarea:focus-visible,[tabindex]:focus-visible{outline:.25rem solid #2491ff;outline-offset:.125rem}' +
    '#civichub-chat-dialog{display:flex;flex-direction:column;gap:.5rem;width:min(24rem,calc(100vw - 2rem));max-height:calc(100vh - 2rem);overflow:auto;background:#fff;border:1px solid #565c65;border-radius:.5rem;padding:1rem;box-shadow:0 .25rem 1rem rgba(0,0,0,.25)}' +
    '#civichub-chat-dialog[hidden],#civichub-chat-open[hidden]{display:none}' +
    '.head{display:flex;justify-content:space-between;align-items:center;gap:.5rem}' +
    'h2{font-size:1.25rem;margin:0}' +
    '#civichub-chat-log{list-style:none;margin:0;padding:.5rem;min-height:6rem;max-height:50vh;overflow:auto;border:1px solid #dfe1e2;border-radius:.25rem}' +
    '#civichub-chat-log li{margin:.25rem 0;padding:.5rem;border-radius:.25rem;background:#f0f0f0;white-space:pre-wrap;overflow-wrap:anywhere}' +
    '#civichub-chat-log li.visitor{background:#d9e8f6;margin-left:2rem}' +
    '#civichub-chat-log li.notice{background:#fff;font-style:italic}' +
    '.who{display:block;font-weight:700}' +
    '.state{display:block;font-size:.875rem;color:#565c65}' +
    'label{display:block;font-weight:700}' +
    'textarea,input{width:100%;padding:.5rem;border:1px solid #565c65;border-radius:.25rem;color:#1b1b1b;background:#fff}' +
    '#civichub-chat-error{color:#b50909;margin:0}' +
    '#civichub-chat-error:empty,#civichub-chat-status:empty{display:none}' +
    '#civichub-chat-status{margin:0;color:#565c65}' +
    '.row{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}' +
    'details{border-top:1px solid #dfe1e2;padding-top:.5rem}' +
    'summary{cursor:pointer;color:#1a4480;text-decoration:underline}' +
    '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}' +
    '</style>' +
    '<div class="wrap" lang="' + lang + '">' +
    '<button type="button" id="civichub-chat-open" aria-haspopup="dialog" aria-expanded="false" aria-controls="civichub-chat-dialog"></button>' +
    '<div id="civichub-chat-dialog" role="dialog" aria-modal="false" aria-labelledby="civichub-chat-title" hidden>' +
    '<div class="head"><h2 id="civichub-chat-title"></h2><button type="button" class="secondary" id="civichub-chat-close"></button></div>' +
    '<p id="civichub-chat-status" role="status"></p>' +
    // role=log sits on a wrapper: on the <ol> itself it would take away the list its items belong to (axe: listitem).
    '<div role="log" aria-live="polite"><ol id="civichub-chat-log" tabindex="0"></ol></div>' +
    '<form id="civichub-chat-form" novalidate>' +
    '<label for="civichub-chat-input" id="civichub-chat-label"></label>' +
    '<textarea id="civichub-chat-input" rows="3" maxlength="' + maxLength + '" aria-describedby="civichub-chat-error"></textarea>' +
    '<p id="civichub-chat-error" role="alert"></p>' +
    '<div class="row"><button type="submit" id="civichub-chat-send"></button><button type="button" class="secondary" id="civichub-chat-end"></button></div>' +
    '</form>' +
    '<details><summary id="civichub-chat-transcript-toggle"></summary>' +
    '<form id="civichub-chat-transcript" novalidate>' +
    '<label for="civichub-chat-email" id="civichub-chat-email-label"></label>' +
    '<input type="email" id="civichub-chat-email" autocomplete="email">' +
    '<div class="row"><button type="submit" id="civichub-chat-transcript-send"></button></div>' +
    '</form></details>' +
    '</div></div>';

  function el(id) { return root.getElementById('civichub-chat-' + id); }

  var openButton = el('open');
  var dialog = el('dialog');
  var log = el('log');
  var input = el('input');
  var status = el('status');
  var error = el('error');
  openButton.textContent = strings.open;
  el('title').textContent = strings.title;
  el('close').textContent = strings.close;
  log.setAttribute('aria-label', strings.log);
  el('label').textContent = strings.label;
  el('send').textContent = strings.send;
  el('end').textContent = strings.end;
  el('transcript-toggle').textContent = strings.transcript;
  el('email-label').textContent = strings.emailLabel;
  el('transcript-send').textContent = strings.transcriptSend;

  var connection = null;
  var started = false;
  var shown = {};
  var pending = [];
  var lastTyping = 0;

  function setStatus(text) { status.textContent = text || ''; }

  function describeError(err) {
    if (!err) { return strings.failed; }
    if (err.code === 'rate_limited') { return strings.slowDown; }
    if (err.code === 'invalid' && err.errors && err.errors.text) {
      return input.value.trim() === '' ? strings.empty : (input.value.length > maxLength ? say(strings.tooLong, { max: maxLength }) : strings.invalid);
    }
    if (err.code === 'invalid' && err.errors && err.errors.email) { return strings.transcriptNeedsEmail; }
    return err.code === 'invalid' ? strings.invalid : strings.failed;
  }

  function addNotice(text) {
    var item = document.createElement('li');
    item.className = 'notice';
    item.textContent = text;
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function addMessage(message, state) {
    var item = message.id && shown[message.id];
    if (!item) {
      item = document.createElement('li');
      item.className = message.from === 'visitor' ? 'visitor' : 'reply';
      var who = document.createElement('span');
      who.className = 'who';
      who.textContent = message.from === 'visitor' ? strings.you : (message.authorName || (message.from === 'agent' ? strings.agent : strings.system));
      var text = document.createElement('span');
      text.textContent = message.text;
      var note = document.createElement('span');
      note.className = 'state';
      item.appendChild(who);
      item.appendChild(text);
      item.appendChild(note);
      if (message.id) { shown[message.id] = item; }
      log.appendChild(item);
      log.scrollTop = log.scrollHeight;
    }
    item.lastChild.textContent = state || '';
    return item;
  }

  function start() {
    return connection.invoke('Start', { sessionToken: storedToken(), department: department, language: lang }).then(function (reply) {
      if (!reply.ok) {
        // Most likely the page's tag is wrong (an unknown data-department): tell whoever set it up.
        if (window.console) { window.console.warn('CivicHub chat: ' + reply.error.code + ': ' + reply.error.detail); }
        setStatus(strings.offline);
        return;
      }
      var value = reply.value;
      if (value.sessionToken) { storeToken(value.sessionToken); }
      // The earlier messages are shown without announcing each one again.
      log.setAttribute('aria-busy', 'true');
      (value.history || []).forEach(function (m) { addMessage(m); });
      log.removeAttribute('aria-busy');
      started = true;
      setStatus(value.agentName ? say(strings.joined, { name: value.agentName }) : strings.ready);
      var queued = pending;
      pending = [];
      queued.forEach(send);
    });
  }

  function connect() {
    if (connection) { return; }
    setStatus(strings.connecting);
    var load = window.signalR ? Promise.resolve() : new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = origin + '/lib/signalr/signalr.min.js';
      tag.async = true;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
    load.then(function () {
      connection = new window.signalR.HubConnectionBuilder()
        .withUrl(origin + '/hubs/chat', { withCredentials: false })
        .withAutomaticReconnect()
        .build();
      connection.on('message', function (m) { addMessage(m); });
      connection.on('agentJoined', function (e) { addNotice(say(strings.joined, { name: e.name })); setStatus(''); });
      connection.on('typing', function (e) { setStatus(say(strings.typing, { name: e.name })); });
      connection.on('closed', function (e) { addNotice(e.by === 'visitor' ? strings.closedByYou : strings.closedByAgent); setStatus(''); });
      connection.on('handedToBot', function () { addNotice(strings.handedToBot); });
      connection.onreconnecting(function () { started = false; setStatus(strings.reconnecting); });
      connection.onreconnected(function () { start(); });
      connection.onclose(function () { started = false; connection = null; setStatus(strings.offline); });
      return connection.start().then(start);
    }).catch(function () {
      connection = null;
      setStatus(strings.offline);
    });
  }

  // A message keeps its id until the server has it, so a resend after a reconnect is recorded once.
  function send(message) {
    var item = addMessage({ id: message.id, from: 'visitor', text: message.text }, strings.sending);
    if (!connection || !started) {
      pending.push(message);
      item.lastChild.textContent = strings.notSent;
      connect();
      return;
    }
    connection.invoke('Send', { messageId: message.id, text: message.text }).then(function (reply) {
      if (reply.ok) {
        item.lastChild.textContent = '';
      } else {
        error.textContent = describeError(reply.error);
        item.remove();
        delete shown[message.id];
      }
    }).catch(function () {
      pending.push(message);
      item.lastChild.textContent = strings.notSent;
    });
  }

  function open() {
    dialog.hidden = false;
    openButton.hidden = true;
    openButton.setAttribute('aria-expanded', 'true');
    connect();
    input.focus();
  }

  function close() {
    dialog.hidden = true;
    openButton.hidden = false;
    openButton.setAttribute('aria-expanded', 'false');
    openButton.focus();
  }

  openButton.addEventListener('click', open);
  el('close').addEventListener('click', close);
  dialog.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });

  el('form').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    error.textContent = '';
    if (!text) { error.textContent = strings.empty; input.focus(); return; }
    if (text.length > maxLength) { error.textContent = say(strings.tooLong, { max: maxLength }); input.focus(); return; }
    send({ id: newMessageId(), text: text });
    input.value = '';
    input.focus();
  });

  // Enter sends, Shift+Enter starts a new line.
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      el('form').requestSubmit();
    }
  });

  input.addEventListener('input', function () {
    var now = Date.now();
    if (connection && started && now - lastTyping > 3000) {
      lastTyping = now;
      connection.invoke('Typing').catch(function () { /* a lost typing notice does not matter */ });
    }
  });

  el('end').addEventListener('click', function () {
    if (connection && started) {
      connection.invoke('Close').then(function (reply) {
        if (reply.ok && reply.value) { addNotice(strings.closedByYou); }
      });
    }
  });

  el('transcript').addEventListener('submit', function (event) {
    event.preventDefault();
    error.textContent = '';
    if (!connection || !started) { error.textContent = strings.offline; return; }
    var email = el('email').value.trim();
    connection.invoke('EmailTranscript', { email: email || null }).then(function (reply) {
      if (reply.ok) {
        addNotice(say(strings.transcriptSent, { to: reply.value.sentTo }));
      } else {
        error.textContent = reply.error && reply.error.code === 'conflict' ? reply.error.detail : describeError(reply.error);
        el('email').focus();
      }
    });
  });

  window.civicHubChat = { open: open, close: close };
  function attach() { document.body.appendChild(host); }
  if (document.body) { attach(); } else { document.addEventListener('DOMContentLoaded', attach); }
})();
