// Staff passkeys (WebAuthn) on the desk: "Sign in with a passkey" on /desk/sign-in, and adding and deleting one's
// own on /desk/account/passkeys. Nothing shows without JavaScript or WebAuthn; password and code work as before.
// Listeners sit on the document, so they work after Blazor's enhanced navigation replaces the page's content.
(() => {
  const supported = () => !!(window.PublicKeyCredential && navigator.credentials);

  // WebAuthn speaks ArrayBuffers; the server's JSON has them in base64url (RFC 4648 §5) without padding.
  const fromBase64Url = (text) => {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
  };
  const toBase64Url = (buffer) => {
    let binary = '';
    new Uint8Array(buffer).forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };

  // Fido2 writes absent members as null, which some browsers refuse in a dictionary.
  const withoutNulls = (value) => {
    if (Array.isArray(value)) {
      return value.map(withoutNulls);
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
    }
    return value;
  };

  const token = () => document.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';

  const send = async (url, body, method = 'POST') => {
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = response.status === 204 ? null : await response.json().catch(() => null);
    return { ok: response.ok, json };
  };

  // A refused request's problem details, as one sentence for the page's alert.
  const describe = (problem, fallback) => {
    const errors = problem?.errors ? Object.values(problem.errors).flat() : [];
    return errors.length > 0 ? errors.join(' ') : (problem?.detail ?? fallback);
  };

  // The alert region is role="alert": setting its text is what screen readers announce.
  const say = (scope, text) => {
    const alert = scope.querySelector('[data-passkey-message]');
    if (alert) {
      alert.textContent = text;
      alert.hidden = !text;
    }
  };

  const signIn = async (button) => {
    const scope = button.closest('[data-passkey-sign-in]');
    say(scope, '');
    const begun = await send('/desk/passkeys/sign-in/options', {});
    if (!begun.ok) {
      say(scope, describe(begun.json, scope.dataset.failed));
      return;
    }
    const options = withoutNulls(begun.json.options);
    options.challenge = fromBase64Url(options.challenge);
    options.allowCredentials = (options.allowCredentials ?? []).map((c) => ({ ...c, id: fromBase64Url(c.id) }));
    let credential;
    try {
      credential = await navigator.credentials.get({ publicKey: options });
    } catch {
      say(scope, scope.dataset.cancelled);
      return;
    }
    const finished = await send('/desk/passkeys/sign-in', {
      ceremonyId: begun.json.ceremonyId,
      returnUrl: button.dataset.returnUrl,
      credential: {
        id: credential.id,
        rawId: toBase64Url(credential.rawId),
        type: credential.type,
        response: {
          authenticatorData: toBase64Url(credential.response.authenticatorData),
          clientDataJSON: toBase64Url(credential.response.clientDataJSON),
          signature: toBase64Url(credential.response.signature),
          userHandle: credential.response.userHandle ? toBase64Url(credential.response.userHandle) : null,
        },
        clientExtensionResults: credential.getClientExtensionResults(),
      },
    });
    if (finished.ok) {
      window.location.assign(finished.json.redirect);
    } else {
      say(scope, describe(finished.json, scope.dataset.failed));
    }
  };

  const add = async (form) => {
    const name = form.querySelector('[data-passkey-name]');
    say(form, '');
    if (!name.value.trim()) {
      say(form, form.dataset.nameMissing);
      name.focus();
      return;
    }
    const begun = await send('/desk/passkeys/registration/options', {});
    if (!begun.ok) {
      say(form, describe(begun.json, form.dataset.failed));
      return;
    }
    const options = withoutNulls(begun.json.options);
    options.challenge = fromBase64Url(options.challenge);
    options.user.id = fromBase64Url(options.user.id);
    options.excludeCredentials = (options.excludeCredentials ?? []).map((c) => ({ ...c, id: fromBase64Url(c.id) }));
    let credential;
    try {
      credential = await navigator.credentials.create({ publicKey: options });
    } catch {
      say(form, form.dataset.cancelled);
      return;
    }
    const finished = await send('/desk/passkeys/registration', {
      ceremonyId: begun.json.ceremonyId,
      name: name.value,
      credential: {
        id: credential.id,
        rawId: toBase64Url(credential.rawId),
        type: credential.type,
        response: {
          attestationObject: toBase64Url(credential.response.attestationObject),
          clientDataJSON: toBase64Url(credential.response.clientDataJSON),
        },
        clientExtensionResults: credential.getClientExtensionResults(),
      },
    });
    if (finished.ok) {
      window.location.reload();
    } else {
      say(form, describe(finished.json, form.dataset.failed));
    }
  };

  const remove = async (button) => {
    const scope = button.closest('[data-passkey-list]');
    const removed = await send(`/desk/passkeys/${encodeURIComponent(button.dataset.passkeyId)}`, undefined, 'DELETE');
    if (removed.ok) {
      window.location.reload();
    } else {
      say(scope, describe(removed.json, scope.dataset.failed));
    }
  };

  const reveal = () => {
    if (!supported()) {
      return;
    }
    document.querySelectorAll('[data-passkey-needs-script]').forEach((e) => { e.hidden = false; });
    document.querySelectorAll('[data-passkey-no-script]').forEach((e) => { e.hidden = true; });
  };

  document.addEventListener('click', (event) => {
    const button = event.target.closest?.('[data-passkey-action]');
    if (!button || !supported()) {
      return;
    }
    event.preventDefault();
    const action = button.dataset.passkeyAction;
    if (action === 'sign-in') {
      signIn(button);
    } else if (action === 'delete') {
      remove(button);
    }
  });

  document.addEventListener('submit', (event) => {
    const form = event.target.closest?.('[data-passkey-add]');
    if (form && supported()) {
      event.preventDefault();
      add(form);
    }
  });

  reveal();
  window.Blazor?.addEventListener('enhancedload', reveal);
})();
