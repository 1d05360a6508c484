// The portal's few enhancements when JavaScript runs; every page works without them.
(() => {
  // After a failed submit the error summary takes focus, so screen readers announce it first (WCAG 3.3.1).
  const focusErrorSummary = () => {
    const summary = document.querySelector('[data-focus-on-load]');
    if (summary) {
      summary.focus();
    }
  };

  // This script follows blazor.web.js, so Blazor is there when enhanced navigation is.
  focusErrorSummary();
  window.Blazor?.addEventListener('enhancedload', focusErrorSummary);

  // Installable app: the service worker is registered only where browsers support it.
  if ('serviceWorker' in navigator && window.isSecureContext) {
    window.addEventListener('load', () => navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => { }));
  }
})();
