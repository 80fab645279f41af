// Passkey log on and registration (no build step). Reads its data from #passkey's data-* attributes,
// asks the server for options, runs the WebAuthn ceremony, sends the answer back and follows the
// returned redirect when it is a path of this site (public/local-path.js). Failures are shown in
// the live region, in the page's language.
(() => {
  const root = document.getElementById('passkey');
  const lib = window.SimpleWebAuthnBrowser;
  if (!root || !lib || !window.comptoirLocalPath) return;
  const data = root.dataset;
  const button = root.querySelector('[data-passkey-start]');
  const message = root.querySelector('[data-passkey-message]');

  const show = (text, isError) => {
    message.textContent = text;
    message.classList.toggle('error-message', Boolean(isError));
  };

  if (!lib.browserSupportsWebAuthn()) {
    show(data.msgUnsupported, true);
    return;
  }

  const post = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'csrf-token': data.csrf },
      body: JSON.stringify(body),
    });
    let json;
    try {
      json = await response.json();
    } catch {
      json = {};
    }
    if (!response.ok) throw new Error(json.error || data.msgFailed);
    return json;
  };

  const run = async () => {
    button.disabled = true;
    show(data.msgWorking, false);
    try {
      const optionsJSON = await post(data.optionsUrl, { device: data.device });
      let response;
      try {
        response =
          data.mode === 'register'
            ? await lib.startRegistration({ optionsJSON })
            : await lib.startAuthentication({ optionsJSON });
      } catch (error) {
        const cancelled = error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
        throw new Error(cancelled ? data.msgCancelled : data.msgFailed);
      }
      const result = await post(data.verifyUrl, { response });
      const target = window.comptoirLocalPath(result.redirect);
      if (target) {
        window.location.assign(target);
        return;
      }
      throw new Error(data.msgFailed);
    } catch (error) {
      show(error instanceof Error && error.message ? error.message : data.msgFailed, true);
      button.disabled = false;
      button.focus();
    }
  };

  button.hidden = false;
  button.addEventListener('click', run);
})();
