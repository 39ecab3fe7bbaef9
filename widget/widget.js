/*!
 * Career advisor chat widget. One tag embeds it in any page:
 *
 *   <script src="https://bot.example.com/widget/widget.js"
 *           data-title="Career advisor" data-primary-color="#1f5fbf" defer></script>
 *
 * data- attributes (all optional):
 *   data-server-url        Rasa server (default: where this script comes from)
 *   data-socket-path       socket.io path (default /socket.io)
 *   data-title             header title                 (default "Career advisor")
 *   data-subtitle          header subtitle
 *   data-primary-color     header, launcher, your bubbles (any CSS colour)
 *   data-primary-text-color text on the primary colour (default #ffffff)
 *   data-background-color  panel background (default #ffffff)
 *   data-position          "right" (default) or "left"
 *   data-open              "true": open the panel on load
 *   data-init-payload      sent once when a new conversation starts (default "/greet", "" for none)
 *   data-restart-payload   sent by "Start over" (default "/restart_advice")
 *   data-storage           "local" (default), "session" or "none": where the conversation is kept
 *   data-reply-timeout     seconds to wait for a reply before saying none came (default 30)
 *   data-identity-token    a signed identity token (JWT) from the intranet for the signed-in
 *                          employee: their conversation then follows them across browsers and
 *                          devices. Pages that get it later, or refresh it, call
 *                          window.CareerAdvisorWidget.setIdentityToken(token) (null: anonymous).
 *
 * Security: every text from the bot or the user is rendered with textContent / text nodes,
 * never as HTML; only http(s) URLs become links. No inline styles or scripts are needed,
 * so the widget works under a strict Content-Security-Policy.
 * Licence: Apache-2.0 (this project). socket.io client: MIT, vendored in vendor/.
 */
(function () {
  "use strict";

  if (window.__careerAdvisorWidget) {
    return;
  }
  window.__careerAdvisorWidget = true;

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var scriptOrigin = script && script.src ? new URL(script.src, window.location.href).origin : window.location.origin;

  function httpUrl(value, fallback) {
    try {
      var url = new URL(value, window.location.href);
      if (url.protocol === "http:" || url.protocol === "https:") {
        return url.origin + url.pathname.replace(/\/+$/, "");
      }
    } catch (e) {
      /* not a URL */
    }
    return fallback;
  }

  function seconds(value, fallback) {
    var number = Number(value);
    return value && isFinite(number) && number >= 1 && number <= 600 ? number : fallback;
  }

  function colour(value, fallback) {
    return value && window.CSS && CSS.supports("color", value) ? value : fallback;
  }

  var config = {
    serverUrl: httpUrl(data.serverUrl || scriptOrigin, scriptOrigin),
    socketPath: data.socketPath || "/socket.io",
    title: data.title || "Career advisor",
    subtitle: data.subtitle || "Upskilling or reskilling? Let's find your next step.",
    primary: colour(data.primaryColor, "#1f5fbf"),
    primaryText: colour(data.primaryTextColor, "#ffffff"),
    background: colour(data.backgroundColor, "#ffffff"),
    position: data.position === "left" ? "left" : "right",
    open: data.open === "true",
    initPayload: data.initPayload === undefined ? "/greet" : data.initPayload,
    restartPayload: data.restartPayload || "/restart_advice",
    storage: data.storage || "local",
    replyTimeoutMs: seconds(data.replyTimeout, 30) * 1000,
  };
  var identityToken = data.identityToken || null;

  var MAX_STORED_MESSAGES = 200;
  var MAX_INPUT_CHARS = 2000;
  var STORAGE_KEY = "careerAdvisorWidget:" + config.serverUrl;

  // ---- persistence ----------------------------------------------------------------------
  function storageArea() {
    try {
      if (config.storage === "session") return window.sessionStorage;
      if (config.storage === "local") return window.localStorage;
    } catch (e) {
      /* storage blocked by the browser */
    }
    return null;
  }

  var store = storageArea();
  var state = { sessionId: null, sessionToken: null, messages: [], open: config.open, initSent: false };
  try {
    var saved = store && JSON.parse(store.getItem(STORAGE_KEY) || "null");
    if (saved && typeof saved === "object" && Array.isArray(saved.messages)) {
      state.sessionId = typeof saved.sessionId === "string" ? saved.sessionId : null;
      state.sessionToken = typeof saved.sessionToken === "string" ? saved.sessionToken : null;
      state.messages = saved.messages.filter(function (m) {
        return m && (m.from === "user" || m.from === "bot") && typeof m.text === "string";
      });
      state.open = saved.open === undefined ? config.open : !!saved.open;
      state.initSent = !!saved.initSent;
    }
  } catch (e) {
    /* corrupt storage: start fresh */
  }

  /** A signed-in employee's conversation is kept by the server (sent back as its history). */
  function isEmployeeSession() {
    return typeof state.sessionId === "string" && state.sessionId.indexOf("employee:") === 0;
  }

  function persist() {
    if (!store) return;
    state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    // Not an employee's messages or id on this (maybe shared) browser: the server has them.
    var kept = isEmployeeSession() ? { messages: [], open: state.open } : state;
    try {
      store.setItem(STORAGE_KEY, JSON.stringify(kept));
    } catch (e) {
      /* quota exceeded or storage blocked */
    }
  }

  // ---- DOM helpers (text only) ------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;

  /** Append ``text`` to ``parent`` as text nodes, with http(s) URLs as safe links. */
  function appendLinkified(parent, text) {
    var last = 0;
    text.replace(URL_PATTERN, function (match, offset) {
      var trimmed = match.replace(/[.,;:!?)\]}'"]+$/, "");
      var href = null;
      try {
        var url = new URL(/^www\./i.test(trimmed) ? "https://" + trimmed : trimmed);
        if (url.protocol === "http:" || url.protocol === "https:") href = url.href;
      } catch (e) {
        href = null;
      }
      if (!href) return match;
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var link = el("a", "cw-link", trimmed);
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer nofollow";
      parent.appendChild(link);
      last = offset + trimmed.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function timeLabel(ts) {
    var date = new Date(ts);
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  // ---- build the widget -------------------------------------------------------------------
  var host = document.createElement("div");
  host.id = "career-advisor-widget";
  host.style.setProperty("--cw-primary", config.primary);
  host.style.setProperty("--cw-primary-text", config.primaryText);
  host.style.setProperty("--cw-background", config.background);
  var root = host.attachShadow({ mode: "open" });

  var stylesheet = document.createElement("link");
  stylesheet.rel = "stylesheet";
  stylesheet.href = config.serverUrl + "/widget/widget.css";
  root.appendChild(stylesheet);

  var container = el("div", "cw-root cw-" + config.position);
  var launcher = el("button", "cw-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-label", "Open chat: " + config.title);
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "cw-panel");
  launcher.appendChild(el("span", "cw-launcher-icon")).setAttribute("aria-hidden", "true");
  var unread = el("span", "cw-unread");
  unread.hidden = true;
  unread.setAttribute("aria-hidden", "true");
  launcher.appendChild(unread);

  var panel = el("section", "cw-panel");
  panel.id = "cw-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "false");
  panel.setAttribute("aria-labelledby", "cw-title");
  panel.hidden = true;

  var header = el("header", "cw-header");
  var heading = el("div", "cw-heading");
  var title = el("h2", "cw-title", config.title);
  title.id = "cw-title";
  var subtitle = el("p", "cw-subtitle", config.subtitle);
  var status = el("p", "cw-status", "Connecting…");
  status.setAttribute("role", "status");
  heading.appendChild(title);
  heading.appendChild(subtitle);
  heading.appendChild(status);
  var restart = el("button", "cw-icon-button cw-restart", "Start over");
  restart.type = "button";
  restart.setAttribute("aria-label", "Start over: forget my answers and begin again");
  var close = el("button", "cw-icon-button cw-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", "Close chat");
  header.appendChild(heading);
  header.appendChild(restart);
  header.appendChild(close);

  var log = el("div", "cw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", "Conversation with " + config.title);
  log.tabIndex = 0;

  var typing = el("div", "cw-typing");
  typing.setAttribute("role", "status");
  typing.hidden = true;
  typing.appendChild(el("span", "cw-sr", config.title + " is typing"));
  for (var d = 0; d < 3; d++) typing.appendChild(el("span", "cw-dot")).setAttribute("aria-hidden", "true");

  var form = el("form", "cw-form");
  var inputLabel = el("label", "cw-sr", "Message to " + config.title);
  inputLabel.htmlFor = "cw-input";
  var input = el("textarea", "cw-input");
  input.id = "cw-input";
  input.rows = 1;
  input.maxLength = MAX_INPUT_CHARS;
  input.placeholder = "Type your message…";
  input.autocomplete = "off";
  input.setAttribute("enterkeyhint", "send");
  var send = el("button", "cw-send");
  send.type = "submit";
  send.setAttribute("aria-label", "Send message");
  send.appendChild(el("span", "cw-send-icon")).setAttribute("aria-hidden", "true");
  form.appendChild(inputLabel);
  form.appendChild(input);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  container.appendChild(panel);
  container.appendChild(launcher);
  root.appendChild(container);

  // ---- rendering ----------------------------------------------------------------------------
  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToBottom() {
    log.scrollTop = log.scrollHeight;
  }

  function removeQuickReplies() {
    var groups = log.querySelectorAll(".cw-buttons");
    for (var i = 0; i < groups.length; i++) groups[i].remove();
  }

  function renderMessage(message, live) {
    var stick = !live || nearBottom() || message.from === "user";
    var row = el("div", "cw-msg cw-" + message.from);
    row.appendChild(el("span", "cw-sr", message.from === "user" ? "You said:" : config.title + " said:"));
    var bubble = el("div", "cw-bubble");
    appendLinkified(bubble, message.text);
    row.appendChild(bubble);
    if (message.image) {
      var image = el("img", "cw-image");
      image.alt = "";
      image.src = message.image;
      bubble.appendChild(image);
    }
    var when = el("time", "cw-time", timeLabel(message.ts));
    when.dateTime = new Date(message.ts).toISOString();
    row.appendChild(when);
    log.appendChild(row);
    if (message.buttons && message.buttons.length && !message.answered) {
      var group = el("div", "cw-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Suggested replies");
      message.buttons.forEach(function (button) {
        var choice = el("button", "cw-choice", button.title);
        choice.type = "button";
        choice.addEventListener("click", function () {
          sendUserMessage(button.title, button.payload);
        });
        group.appendChild(choice);
      });
      log.appendChild(group);
    }
    if (stick) scrollToBottom();
  }

  function renderNotice(text) {
    var notice = el("p", "cw-notice", text);
    log.appendChild(notice);
    scrollToBottom();
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    state.messages.forEach(function (message) {
      renderMessage(message, false);
    });
  }

  function setTyping(on) {
    typing.hidden = !on;
    if (on && nearBottom()) scrollToBottom();
  }

  // ---- waiting for a reply: the typing dots, then an error line with "Try again" -----------
  var replyTimer = null;
  var awaitedPayload = null;

  function removeNoReplyLine() {
    var lines = log.querySelectorAll(".cw-error");
    for (var i = 0; i < lines.length; i++) lines[i].remove();
  }

  /** ``payload`` was sent: show the dots until a reply comes, or the error line if none does. */
  function awaitReply(payload) {
    awaitedPayload = payload;
    removeNoReplyLine();
    setTyping(true);
    if (replyTimer) clearTimeout(replyTimer);
    replyTimer = setTimeout(onNoReply, config.replyTimeoutMs);
  }

  function replyArrived() {
    if (replyTimer) clearTimeout(replyTimer);
    replyTimer = null;
    awaitedPayload = null;
    removeNoReplyLine();
    setTyping(false);
  }

  function onNoReply() {
    replyTimer = null;
    setTyping(false);
    var payload = awaitedPayload;
    removeNoReplyLine();
    // role=alert: announced at once by screen readers, unlike the polite conversation log.
    var line = el("div", "cw-error");
    line.setAttribute("role", "alert");
    line.appendChild(el("span", "cw-error-text", "No reply came. The assistant may be busy or unreachable."));
    var retry = el("button", "cw-retry", "Try again");
    retry.type = "button";
    retry.setAttribute("aria-label", "Try again: send your last message again");
    retry.addEventListener("click", function () {
      removeNoReplyLine();
      if (!payload) return;
      if (outbox.indexOf(payload) === -1) emitMessage(payload); // still queued while offline: once is enough
      awaitReply(payload);
      input.focus();
    });
    line.appendChild(retry);
    log.appendChild(line);
    scrollToBottom();
  }

  function setOpen(open, focus) {
    state.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    launcher.setAttribute("aria-label", (open ? "Close chat: " : "Open chat: ") + config.title);
    container.classList.toggle("cw-is-open", open);
    if (open) {
      unread.hidden = true;
      scrollToBottom();
      if (focus) input.focus();
      maybeSendInitPayload();
    } else if (focus) {
      launcher.focus();
    }
    persist();
  }

  // ---- socket.io --------------------------------------------------------------------------------
  var socket = null;
  var ready = false;
  var outbox = [];

  function emitMessage(payload) {
    if (ready && socket) {
      socket.emit("user_uttered", { message: payload, session_id: state.sessionId });
    } else {
      outbox.push(payload);
    }
  }

  function sendUserMessage(displayText, payload) {
    var text = (displayText || "").trim();
    if (!text) return;
    text = text.slice(0, MAX_INPUT_CHARS);
    state.messages.forEach(function (m) { m.answered = true; });
    removeQuickReplies();
    var message = { from: "user", text: text, ts: Date.now() };
    state.messages.push(message);
    renderMessage(message, true);
    persist();
    emitMessage(payload || text);
    awaitReply(payload || text);
  }

  function maybeSendInitPayload() {
    if (state.initSent || !config.initPayload || state.messages.length || !ready || !state.open) return;
    state.initSent = true;
    persist();
    emitMessage(config.initPayload);
    awaitReply(config.initPayload);
  }

  function onBotMessage(payload) {
    if (!payload || typeof payload !== "object") return;
    var text = typeof payload.text === "string" ? payload.text : "";
    var buttons = (payload.quick_replies || payload.buttons || [])
      .filter(function (b) { return b && typeof b.title === "string" && typeof b.payload === "string"; })
      .map(function (b) { return { title: b.title, payload: b.payload }; });
    var image = null;
    var attachment = payload.attachment;
    if (attachment && attachment.type === "image" && attachment.payload && attachment.payload.src) {
      var src = httpUrl(attachment.payload.src, null);
      if (src) image = new URL(attachment.payload.src, window.location.href).href;
    }
    if (!text && !image && !buttons.length) return;
    var message = { from: "bot", text: text, ts: Date.now() };
    if (buttons.length) message.buttons = buttons;
    if (image) message.image = image;
    state.messages.push(message);
    replyArrived();
    renderMessage(message, true);
    persist();
    if (!state.open) unread.hidden = false;
  }

  // ---- signed-in employees: the server's history, the notice of a refused identity ------------
  var identityRefused = false;

  function onIdentityError() {
    identityToken = null; // not sent again; the page may give a new one (setIdentityToken)
    identityRefused = true;
  }

  function historyMessages(history) {
    var messages = history.filter(function (m) {
      return m && (m.from === "user" || m.from === "bot") && typeof m.text === "string";
    }).map(function (m) {
      var message = { from: m.from, text: m.text, ts: typeof m.ts === "number" ? m.ts : Date.now() };
      if (Array.isArray(m.buttons)) message.buttons = m.buttons.filter(function (b) {
        return b && typeof b.title === "string" && typeof b.payload === "string";
      });
      return message;
    });
    messages.forEach(function (m, i) { m.answered = i < messages.length - 1; });
    return messages;
  }

  function onSessionConfirm(payload) {
    var sessionId = typeof payload === "string" ? payload : payload && payload.session_id;
    if (!sessionId) return;
    var token = payload && typeof payload === "object" ? payload.session_token : null;
    var signedIn = !!(payload && payload.signed_in && Array.isArray(payload.history));
    if (signedIn && !outbox.length) {
      // The conversation as the server has it: the same on every browser and device.
      state.messages = historyMessages(payload.history);
      state.initSent = state.messages.length > 0;
      renderAll();
    } else if (state.sessionId && state.sessionId !== sessionId) {
      // The server did not accept our token (expired, or a new server secret): new conversation.
      state.messages = [];
      state.initSent = false;
      renderAll();
      renderNotice("A new conversation has started.");
    }
    if (identityRefused) {
      identityRefused = false;
      renderNotice("Couldn't confirm who you are; this chat is anonymous.");
    }
    state.sessionId = sessionId;
    state.sessionToken = token || null;
    ready = true;
    status.textContent = signedIn ? "Online, signed in" : "Online";
    container.classList.remove("cw-offline");
    persist();
    var pending = outbox;
    outbox = [];
    pending.forEach(emitMessage);
    maybeSendInitPayload();
  }

  function requestSession() {
    var request = { session_id: state.sessionId, session_token: state.sessionToken };
    if (identityToken) request.identity_token = identityToken;
    socket.emit("session_request", request);
  }

  window.CareerAdvisorWidget = {
    /** Sign in (a new or refreshed identity token) or, with null, go on anonymously. */
    setIdentityToken: function (token) {
      identityToken = typeof token === "string" && token ? token : null;
      if (socket && socket.connected) {
        ready = false;
        requestSession();
      }
    },
  };

  function connect() {
    socket = window.io(config.serverUrl, {
      path: config.socketPath,
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    socket.on("connect", function () {
      status.textContent = "Connecting…";
      requestSession();
    });
    socket.on("identity_error", onIdentityError);
    socket.on("session_confirm", onSessionConfirm);
    socket.on("bot_uttered", onBotMessage);
    socket.on("disconnect", function () {
      ready = false;
      status.textContent = "Reconnecting…";
      container.classList.add("cw-offline");
    });
    socket.on("connect_error", function () {
      ready = false;
      status.textContent = "Offline, retrying…";
      container.classList.add("cw-offline");
    });
  }

  function loadSocketIo(callback) {
    if (typeof window.io === "function") return callback();
    var tag = document.createElement("script");
    tag.src = config.serverUrl + "/widget/socket.io.min.js";
    tag.async = true;
    tag.onload = function () {
      if (typeof window.io === "function") callback();
      else status.textContent = "Could not load the chat client.";
    };
    tag.onerror = function () {
      status.textContent = "The chat server cannot be reached.";
    };
    document.head.appendChild(tag);
  }

  // ---- events ------------------------------------------------------------------------------------
  launcher.addEventListener("click", function () {
    setOpen(!state.open, true);
  });
  close.addEventListener("click", function () {
    setOpen(false, true);
  });
  restart.addEventListener("click", function () {
    state.messages = [];
    renderAll();
    renderNotice("Starting over.");
    persist();
    emitMessage(config.restartPayload);
    awaitReply(config.restartPayload);
    input.focus();
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false, true);
    }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  input.addEventListener("input", function () {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 120) + "px";
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) return;
    input.value = "";
    input.style.height = "auto";
    sendUserMessage(text);
  });

  function start() {
    document.body.appendChild(host);
    renderAll();
    setOpen(state.open, false);
    loadSocketIo(connect);
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
