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
 *   data-history-days      stored messages older than this many days are dropped on load (default 30)
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

  function days(value, fallback) {
    var number = Number(value);
    return value && isFinite(number) && number > 0 && number <= 3650 ? number : fallback;
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
    historyDays: days(data.historyDays, 30),
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
  var state = {
    sessionId: null,
    sessionToken: null,
    messages: [],
    open: config.open,
    initSent: false,
    noticeSeen: false, // the privacy notice was acknowledged
    clearedAt: 0, // messages before this time were cleared (Start over, Clear, forget me): not merged back
    savedAt: 0,
  };
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
      state.noticeSeen = !!saved.noticeSeen;
      state.clearedAt = Number(saved.clearedAt) || 0;
    }
    state.messages = withIds(state.messages).filter(notExpired);
  } catch (e) {
    /* corrupt storage: start fresh */
  }

  /** A signed-in employee's conversation is kept by the server (sent back as its history). */
  function isEmployeeSession() {
    return typeof state.sessionId === "string" && state.sessionId.indexOf("employee:") === 0;
  }

  function persist() {
    if (!store) return;
    var stored = readStored();
    // Another tab may have written since we last read: merge, never overwrite its newer history.
    if (stored && stored.sessionId === state.sessionId && absorb(stored)) syncView();
    state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    state.savedAt = Date.now();
    // Not an employee's messages or id on this (maybe shared) browser: the server has them.
    var kept = isEmployeeSession() ? { messages: [], open: state.open, savedAt: state.savedAt } : state;
    try {
      store.setItem(STORAGE_KEY, JSON.stringify(kept));
    } catch (e) {
      /* quota exceeded or storage blocked */
    }
  }

  // ---- history: ids, expiry, and tabs that share it -----------------------------------------
  // Each message has an id, so two tabs' copies of one conversation merge instead of the
  // last writer winning. A bot message's id is derived from the user message it answers and
  // its place in the answer: both tabs get the same bot_uttered events (one socket.io room),
  // so they give each reply the same id. Old stored messages (no id) get one from their place.
  // (state is loaded by now:) replies after a reload continue the numbering of their answer
  var loadedAnchor = botAnchor();
  var botSequence = { anchor: loadedAnchor.id, next: loadedAnchor.after };

  /** The anchor a new bot message is counted from: the last user message (or the start). */
  function botAnchor() {
    for (var i = state.messages.length - 1; i >= 0; i--) {
      if (state.messages[i].from === "user") return { id: state.messages[i].id, after: state.messages.length - 1 - i };
    }
    return { id: "start" + state.clearedAt, after: state.messages.length };
  }

  function withIds(messages) {
    return messages.map(function (m, index) {
      if (typeof m.id !== "string") m.id = "h" + index + "-" + m.ts;
      return m;
    });
  }

  function notExpired(message) {
    return Number(message.ts) >= Date.now() - config.historyDays * 86400000;
  }

  function newUserId() {
    return "u" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  /** Counted per tab, from the socket's events: a tab that has already merged another tab's
   * copy of a reply still numbers its own copy like the other tab did. */
  function newBotId() {
    var anchor = botAnchor().id;
    if (botSequence.anchor !== anchor) botSequence = { anchor: anchor, next: 0 };
    return anchor + ":b" + botSequence.next++;
  }

  function readStored() {
    try {
      var saved = store && JSON.parse(store.getItem(STORAGE_KEY) || "null");
      return saved && typeof saved === "object" && Array.isArray(saved.messages) ? saved : null;
    } catch (e) {
      return null;
    }
  }

  /** Merge another tab's copy of this conversation into ``state``; true if anything changed. */
  function absorb(other) {
    var before = JSON.stringify([state.messages, state.clearedAt, state.noticeSeen]);
    state.clearedAt = Math.max(state.clearedAt, Number(other.clearedAt) || 0);
    state.initSent = state.initSent || !!other.initSent;
    state.noticeSeen = state.noticeSeen || !!other.noticeSeen;
    var theirs = withIds(other.messages.filter(function (m) {
      return m && (m.from === "user" || m.from === "bot") && typeof m.text === "string";
    }));
    var byId = {};
    var merged = [];
    state.messages.concat(theirs).forEach(function (m) {
      var known = byId[m.id];
      if (known) {
        known.answered = known.answered || m.answered;
        known.chosen = known.chosen || m.chosen;
        return;
      }
      byId[m.id] = m;
      merged.push(m);
    });
    merged.sort(function (a, b) { return a.ts - b.ts; }); // stable: same-time messages keep their order
    state.messages = merged.filter(function (m) { return m.ts >= state.clearedAt && notExpired(m); });
    return JSON.stringify([state.messages, state.clearedAt, state.noticeSeen]) !== before;
  }

  /** Another tab wrote the conversation (or cleared it): show its messages here too. */
  function onStorage(event) {
    if (!store || event.storageArea !== store || (event.key !== STORAGE_KEY && event.key !== null)) return;
    if (event.key === null || event.newValue === null) {
      clearLocally("This conversation was cleared in another tab.");
      return;
    }
    var other = readStored();
    if (!other || other.sessionId !== state.sessionId) return; // another conversation: not ours to merge
    if (absorb(other)) syncView();
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

  // ---- rich messages -------------------------------------------------------------------------
  // A learning path or a course's details (a bot message's ``custom``, schema 1: see
  // docs/channels-and-widget.md "Rich replies") as cards with a totals row, and light
  // formatting in the bot's other texts: **bold**, "- " and "1. " lists, [label](https://...)
  // links. Only DOM nodes and textContent, never HTML parsing; only http(s) links; markup that is
  // not understood stays literal text. Stored messages keep the payload (``message.rich``),
  // so a reload renders the same cards; a message without one renders its text.
  var RICH_SCHEMA = 1;
  var RICH_TYPES = { learning_path: true, course: true };
  var LINK_LABEL = "Course page";

  /** ``custom`` when it is a payload this widget can render, else null. */
  function richPayload(custom) {
    if (!custom || typeof custom !== "object" || custom.schema !== RICH_SCHEMA) return null;
    if (!RICH_TYPES.hasOwnProperty(custom.type) || !Array.isArray(custom.courses)) return null;
    return typeof custom.text === "string" ? custom : null;
  }

  function richString(value) {
    if (typeof value === "string") return value;
    return typeof value === "number" && isFinite(value) ? String(value) : "";
  }

  function richList(value) {
    return Array.isArray(value) ? value.map(richString).filter(Boolean) : [];
  }

  function safeHref(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      var url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function richLink(label, href, context) {
    var link = el("a", "cw-link cw-rich-link", label);
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer nofollow";
    if (context) link.setAttribute("aria-label", label + ": " + context);
    return link;
  }

  function courseCard(course) {
    var card = el("li", "cw-card");
    var name = richString(course.title) || "Course";
    card.appendChild(el("p", "cw-card-title")).appendChild(el("strong", null, name));
    if (richString(course.provider)) card.appendChild(el("p", "cw-card-provider", course.provider));
    var cost = richString(course.cost_text);
    if (richString(course.list_price_text)) cost += " (" + course.list_price_text + ")";
    var facts = [richString(course.format), richString(course.hours_text), cost, richString(course.audience_note)];
    card.appendChild(el("p", "cw-card-facts", facts.filter(Boolean).join(" · ")));
    var covers = richList(course.covers);
    if (covers.length) card.appendChild(el("p", "cw-card-covers", "Closes: " + covers.join(", ")));
    var teaches = richList(course.teaches);
    if (teaches.length) card.appendChild(el("p", "cw-card-covers", "Teaches: " + teaches.join(", ")));
    var href = safeHref(course.url);
    if (href) card.appendChild(el("p", "cw-card-link")).appendChild(richLink(LINK_LABEL, href, name));
    return card;
  }

  function totalsRow(totals) {
    var parts = [];
    if (richString(totals.hours_text)) parts.push(totals.hours_text + " of study");
    if (richString(totals.cost_text)) parts.push(totals.cost_text);
    if (typeof totals.weeks === "number" && totals.weeks > 0) {
      var pace = typeof totals.hours_per_week === "number" && totals.hours_per_week > 0;
      parts.push(
        "about " + totals.weeks + (totals.weeks === 1 ? " week" : " weeks") +
          (pace ? " at " + totals.hours_per_week + " h a week" : "")
      );
    }
    var row = el("p", "cw-totals");
    row.appendChild(el("strong", null, "Total"));
    row.appendChild(document.createTextNode(": " + parts.join(" · ")));
    return row;
  }

  function renderRich(bubble, rich) {
    var box = el("div", "cw-rich cw-rich-" + rich.type);
    if (rich.type === "learning_path") box.appendChild(el("p", "cw-rich-title", richString(rich.title)));
    var cards = el(rich.type === "learning_path" ? "ol" : "ul", "cw-cards");
    rich.courses.forEach(function (course) {
      if (course && typeof course === "object") cards.appendChild(courseCard(course));
    });
    box.appendChild(cards);
    if (rich.totals && typeof rich.totals === "object") box.appendChild(totalsRow(rich.totals));
    richList(rich.notes).forEach(function (note) {
      box.appendChild(el("p", "cw-rich-note", note));
    });
    bubble.classList.add("cw-bubble-rich");
    bubble.appendChild(box);
  }

  var INLINE_PATTERN = /\*\*([^*\n]+?)\*\*|\[([^\]\n]+)\]\((https?:\/\/[^\s()]+)\)/g;
  var LIST_ITEM = /^(?:- (.+)|(\d{1,3})\. (.+))$/;

  /** **bold** and [label](https://...) in one line; everything else through appendLinkified. */
  function appendInline(parent, text) {
    var pattern = new RegExp(INLINE_PATTERN.source, "g");
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      appendLinkified(parent, text.slice(last, match.index));
      var href = match[3] ? safeHref(match[3]) : null;
      if (match[1] !== undefined) parent.appendChild(el("strong", null, match[1]));
      else if (href) parent.appendChild(richLink(match[2], href));
      else parent.appendChild(document.createTextNode(match[0]));
      last = match.index + match[0].length;
    }
    appendLinkified(parent, text.slice(last));
  }

  /** A bot text with light formatting: "- " and "1. " lines become lists, the rest stays text. */
  function appendFormatted(parent, text) {
    var list = null;
    var kind = null;
    text.split("\n").forEach(function (line, index) {
      var item = LIST_ITEM.exec(line);
      if (item) {
        var wanted = item[1] !== undefined ? "ul" : "ol";
        if (!list || kind !== wanted) {
          list = parent.appendChild(el(wanted, "cw-list"));
          if (wanted === "ol") list.start = Number(item[2]);
          kind = wanted;
        }
        appendInline(list.appendChild(el("li")), item[1] !== undefined ? item[1] : item[3]);
        return;
      }
      if (index > 0 && !list) parent.appendChild(document.createTextNode("\n"));
      list = null;
      kind = null;
      appendInline(parent, line);
    });
  }

  /** The hook of renderMessage: a bot message's cards or formatted text (true when drawn). */
  function renderBotContent(bubble, message) {
    if (message.from !== "bot") return false;
    var rich = richPayload(message.rich);
    if (rich) renderRich(bubble, rich);
    else appendFormatted(bubble, message.text);
    return true;
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
  var maximise = el("button", "cw-icon-button cw-maximise");
  maximise.type = "button";
  maximise.setAttribute("aria-label", "Maximise chat");
  maximise.setAttribute("aria-pressed", "false");
  maximise.appendChild(el("span", "cw-maximise-icon")).setAttribute("aria-hidden", "true");
  var close = el("button", "cw-icon-button cw-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", "Close chat");
  header.appendChild(heading);
  header.appendChild(restart);
  header.appendChild(maximise);
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

  // The log sits in a wrapper that also holds the "new messages" pill, over the log's bottom.
  var logArea = el("div", "cw-log-area");
  var pill = el("button", "cw-pill");
  pill.type = "button";
  pill.hidden = true;
  logArea.appendChild(log);
  logArea.appendChild(pill);

  // Bars under the header: the privacy notice (until acknowledged) and the Start over question.
  var privacyBar = el("div", "cw-bar cw-privacy");
  privacyBar.setAttribute("role", "region");
  privacyBar.setAttribute("aria-label", "Privacy");
  privacyBar.hidden = true;
  var PRIVACY_TEXT = "This conversation is kept in this browser. Clear it any time.";
  // a signed-in employee's conversation is kept by the server and follows them ("forget me" deletes it)
  var SIGNED_IN_PRIVACY_TEXT =
    "Signed in: this conversation is kept for you on the server and follows you to other devices. " +
    "Say \"forget me\" to delete it.";
  var privacyText = el("p", "cw-bar-text", PRIVACY_TEXT);
  privacyBar.appendChild(privacyText);
  var clearButton = el("button", "cw-bar-button cw-clear", "Clear this conversation");
  clearButton.type = "button";
  var noticeOk = el("button", "cw-bar-button cw-notice-ok", "OK");
  noticeOk.type = "button";
  noticeOk.setAttribute("aria-label", "OK, hide this notice");
  privacyBar.appendChild(clearButton);
  privacyBar.appendChild(noticeOk);

  var confirmBar = el("div", "cw-bar cw-confirm");
  confirmBar.setAttribute("role", "alertdialog");
  confirmBar.setAttribute("aria-modal", "false");
  confirmBar.setAttribute("aria-labelledby", "cw-confirm-text");
  confirmBar.hidden = true;
  var confirmText = el("p", "cw-bar-text", "Start over? Your profile and this conversation will be cleared.");
  confirmText.id = "cw-confirm-text";
  var confirmYes = el("button", "cw-bar-button cw-confirm-yes", "Start over");
  confirmYes.type = "button";
  var confirmNo = el("button", "cw-bar-button cw-confirm-no", "Cancel");
  confirmNo.type = "button";
  confirmBar.appendChild(confirmText);
  confirmBar.appendChild(confirmYes);
  confirmBar.appendChild(confirmNo);

  // A second header row: Start over, and "Clear this conversation" once the notice is gone.
  var forget = el("button", "cw-icon-button cw-clear-history", "Clear");
  forget.appendChild(el("span", "cw-long", " conversation"));
  forget.type = "button";
  forget.setAttribute("aria-label", "Clear this conversation from this browser");
  var tools = el("div", "cw-tools");
  tools.appendChild(restart);
  tools.appendChild(forget);
  header.appendChild(tools);

  // Announces the unread state and the "new messages" pill (the log announces the messages).
  var announcer = el("div", "cw-sr cw-announcer");
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");

  panel.appendChild(header);
  panel.appendChild(privacyBar);
  panel.appendChild(confirmBar);
  panel.appendChild(logArea);
  panel.appendChild(typing);
  panel.appendChild(form);
  container.appendChild(panel);
  container.appendChild(launcher);
  container.appendChild(announcer);
  root.appendChild(container);

  // ---- rendering ----------------------------------------------------------------------------
  function renderMessage(message, live) {
    var row = el("div", "cw-msg cw-" + message.from);
    row.dataset.id = message.id;
    row.appendChild(el("span", "cw-sr", message.from === "user" ? "You said:" : config.title + " said:"));
    var bubble = el("div", "cw-bubble");
    if (!renderBotContent(bubble, message)) appendLinkified(bubble, message.text);
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
    if (message.buttons && message.buttons.length) {
      var group = el("div", "cw-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Suggested replies");
      message.buttons.forEach(function (button) {
        var choice = el("button", "cw-choice", button.title);
        choice.type = "button";
        choice.dataset.payload = button.payload;
        choice.addEventListener("click", function () {
          chooseReply(message, button);
        });
        group.appendChild(choice);
      });
      log.appendChild(group);
      replyGroups.push({ message: message, group: group });
      updateQuickReplies();
    }
    placeRow(row, message, live);
  }

  function renderNotice(text) {
    var notice = el("p", "cw-notice", text);
    log.appendChild(notice);
    scrollLogTo(log.scrollHeight);
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    replyGroups = [];
    unseen = [];
    view.answerStart = null;
    state.messages.forEach(function (message) {
      renderMessage(message, false);
    });
    updatePill();
  }

  // ---- quick replies belong to their message ----------------------------------------------
  // Only the latest group, while nothing was said after it, can be used; older groups stay
  // visible but inactive, with the chosen reply marked, so the context is not lost.
  var replyGroups = [];

  function updateQuickReplies() {
    var lastUser = -1;
    var lastWithButtons = -1;
    state.messages.forEach(function (m, index) {
      if (m.from === "user") lastUser = index;
      else if (m.buttons && m.buttons.length) lastWithButtons = index;
    });
    var live = lastWithButtons > lastUser ? state.messages[lastWithButtons] : null;
    replyGroups.forEach(function (entry) {
      var active = entry.message === live && !entry.message.answered;
      entry.group.classList.toggle("cw-inactive", !active);
      var choices = entry.group.querySelectorAll(".cw-choice");
      for (var i = 0; i < choices.length; i++) {
        var choice = choices[i];
        var chosen = entry.message.chosen === choice.dataset.payload;
        choice.disabled = !active;
        if (active) choice.removeAttribute("aria-disabled");
        else choice.setAttribute("aria-disabled", "true");
        choice.classList.toggle("cw-chosen", chosen);
        if (chosen) choice.setAttribute("aria-pressed", "true");
        else choice.removeAttribute("aria-pressed");
      }
    });
  }

  function chooseReply(message, button) {
    if (message.answered) return;
    if (button.payload === config.restartPayload) {
      // the bot's own "Start over" button clears as much as the header's: ask the same way
      askStartOver();
      return;
    }
    message.chosen = button.payload;
    sendUserMessage(button.title, button.payload);
    input.focus(); // the chosen button is disabled now: focus must not fall to the page
  }

  // ---- scrolling: keep the newest answer's start in view ----------------------------------
  // An answer is the bot messages after a user message. While the reader follows the
  // conversation, each new message scrolls as far as it can without pushing the answer's
  // first message above the top. Once the reader has scrolled up, nothing moves: a
  // "new messages" pill says there is more below and takes them to the first unread one.
  var TOP_GAP = 8;
  var view = { answerStart: null, autoTop: 0, follow: true };
  var unseen = []; // rows of bot messages that arrived live and were not in view yet

  function atBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  }

  function scrollLogTo(top) {
    log.scrollTop = Math.max(0, top);
    view.autoTop = log.scrollTop;
    view.follow = true;
  }

  /** Scroll as far down as the answer's start allows; ``exact``: to there even if that is up
   * (a reload, a new layout), else never backwards (a reader further down stays there). */
  function showAnswer(exact) {
    var start = view.answerStart;
    if (!start || !start.isConnected) {
      scrollLogTo(log.scrollHeight);
    } else {
      var target = Math.min(log.scrollHeight - log.clientHeight, start.offsetTop - TOP_GAP);
      scrollLogTo(exact ? target : Math.max(log.scrollTop, target));
    }
    markSeen();
  }

  function placeRow(row, message, live) {
    if (message.from === "user") {
      view.answerStart = null;
      if (live) scrollLogTo(log.scrollHeight);
      return;
    }
    if (!view.answerStart) view.answerStart = row;
    if (!live) return;
    unseen.push(row);
    if (view.follow && !panel.hidden) showAnswer();
    else markSeen();
  }

  /** The latest answer's start in view: when the panel opens, after a reload, on resizes. */
  function restorePosition() {
    if (panel.hidden) return;
    view.follow = true;
    showAnswer(true);
  }

  function markSeen() {
    if (!panel.hidden && log.clientHeight > 0) {
      var bottom = log.scrollTop + log.clientHeight;
      unseen = unseen.filter(function (row) {
        return row.isConnected && row.offsetTop + Math.min(row.offsetHeight, 24) > bottom;
      });
    }
    updatePill();
  }

  function updatePill() {
    var count = unseen.length;
    var wasHidden = pill.hidden;
    pill.hidden = count === 0 || panel.hidden;
    pill.textContent = count === 1 ? "1 new message ↓" : count + " new messages ↓";
    pill.setAttribute("aria-label", (count === 1 ? "1 new message" : count + " new messages") + " below: show");
    if (wasHidden && !pill.hidden) announce(count === 1 ? "1 new message below" : count + " new messages below");
  }

  function onLogScroll() {
    if (Math.abs(log.scrollTop - view.autoTop) > 2) {
      // the reader scrolled (or the log was resized): follow only from the bottom or further down
      view.follow = atBottom() || log.scrollTop >= view.autoTop;
      if (view.follow) view.autoTop = log.scrollTop;
    }
    markSeen();
  }

  function showFirstUnread() {
    var first = unseen[0];
    if (first) {
      scrollLogTo(Math.min(log.scrollHeight - log.clientHeight, first.offsetTop - TOP_GAP));
      view.answerStart = first;
    }
    markSeen();
    input.focus();
  }

  var announceTimer = null;
  function announce(text) {
    announcer.textContent = "";
    if (announceTimer) clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      announcer.textContent = text;
    }, 100);
  }

  function setTyping(on) {
    typing.hidden = !on;
    if (on && view.follow) showAnswer();
  }

  // ---- waiting for a reply: the typing dots, then an error line with "Try again" -----------
  var replyTimer = null;
  var awaitedPayload = null;
  var DISCONNECT_GRACE_MS = 2000;

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
    // the browser knows it is offline: no need to let the dots run for the whole timeout
    var offline = window.navigator && window.navigator.onLine === false;
    replyTimer = setTimeout(onNoReply, offline ? DISCONNECT_GRACE_MS : config.replyTimeoutMs);
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
    line.appendChild(el("span", "cw-error-text", "No answer came. The assistant may be busy or unreachable."));
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
    scrollLogTo(log.scrollHeight);
  }

  /** The socket dropped while a reply was awaited: that reply is lost (it went to a room
   * nobody was in), so say so soon instead of after the whole reply timeout. A message
   * still in the outbox was never sent: it goes out on reconnect, keep waiting for it. */
  function onDisconnectWhileWaiting() {
    if (!awaitedPayload || outbox.indexOf(awaitedPayload) !== -1) return;
    if (replyTimer) clearTimeout(replyTimer);
    replyTimer = setTimeout(onNoReply, DISCONNECT_GRACE_MS);
  }
  window.addEventListener("offline", function () {
    if (!awaitedPayload || !replyTimer) return;
    clearTimeout(replyTimer);
    replyTimer = setTimeout(onNoReply, DISCONNECT_GRACE_MS);
  });

  function setOpen(open, focus) {
    state.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    launcher.setAttribute("aria-label", (open ? "Close chat: " : "Open chat: ") + config.title);
    container.classList.toggle("cw-is-open", open);
    if (open) {
      unread.hidden = true;
      setUnread(0);
      showPrivacyNotice();
      restorePosition();
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
    var message = { id: newUserId(), from: "user", text: text, ts: Date.now() };
    state.messages.push(message);
    renderMessage(message, true);
    updateQuickReplies();
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
    var rich = richPayload(payload.custom);
    if (!text && !image && !buttons.length && !rich) return;
    var message = { id: newBotId(), from: "bot", text: text || (rich ? rich.text : ""), ts: Date.now() };
    if (rich) message.rich = rich;
    if (buttons.length) message.buttons = buttons;
    if (image) message.image = image;
    if (isForgetConfirmation(payload)) return onForgotten(message);
    state.messages.push(message);
    replyArrived();
    renderMessage(message, true);
    persist();
    if (!state.open) {
      unread.hidden = false;
      setUnread(unreadCount + 1);
    }
  }

  // ---- signed-in employees: the server's history, the notice of a refused identity ------------
  var identityRefused = null; // the server's reason: "expired", "invalid" or "unavailable"
  var REFUSED_TEXT = {
    expired: "Your sign-in has expired, so this chat is anonymous. Reload the page to sign in again.",
    other: "Couldn't confirm who you are; this chat is anonymous.",
  };

  function onIdentityError(payload) {
    identityToken = null; // not sent again; the page may give a new one (setIdentityToken)
    identityRefused = (payload && payload.reason) || "invalid";
  }

  function historyMessages(history) {
    var messages = history.filter(function (m) {
      return m && (m.from === "user" || m.from === "bot") && typeof m.text === "string";
    }).map(function (m) {
      var message = { from: m.from, text: m.text, ts: typeof m.ts === "number" ? m.ts : Date.now() };
      var rich = m.from === "bot" ? richPayload(m.rich) : null;
      if (rich) message.rich = rich; // a learning path comes back as cards, as it was shown
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
      var leftAnonymous = !isEmployeeSession() && state.messages.some(function (m) { return m.from === "user"; });
      state.messages = historyMessages(payload.history);
      state.initSent = state.messages.length > 0;
      renderAll();
      if (leftAnonymous) renderNotice("You're signed in now: this is your saved conversation. The anonymous chat before it was not kept.");
    } else if (state.sessionId && state.sessionId !== sessionId) {
      // The server did not accept our token (expired, or a new server secret): new conversation.
      state.messages = [];
      state.initSent = false;
      renderAll();
      renderNotice("A new conversation has started.");
    }
    if (identityRefused) {
      renderNotice(REFUSED_TEXT[identityRefused] || REFUSED_TEXT.other);
      identityRefused = null;
    }
    state.sessionId = sessionId;
    state.sessionToken = token || null;
    ready = true;
    status.textContent = signedIn ? "Online, signed in" : "Online";
    container.classList.remove("cw-offline");
    if (state.open) showPrivacyNotice(); // its wording depends on who is signed in
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
    socket.on("disconnect", onDisconnectWhileWaiting);
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

  // ---- unread state, privacy notice, clearing, "Start over?", other tabs --------------------
  var unreadCount = 0;

  /** The launcher's name carries the unread count (the red dot alone is invisible to screen readers). */
  function setUnread(count) {
    unreadCount = count;
    unread.hidden = count === 0;
    var label = (state.open ? "Close chat: " : "Open chat: ") + config.title;
    var news = count === 1 ? "1 new message" : count + " new messages";
    launcher.setAttribute("aria-label", count ? label + " (" + news + ")" : label);
    if (count) announce(news + " from " + config.title);
  }

  function showPrivacyNotice() {
    privacyText.textContent = isEmployeeSession() ? SIGNED_IN_PRIVACY_TEXT : PRIVACY_TEXT;
    clearButton.hidden = isEmployeeSession();
    privacyBar.hidden = !store || state.noticeSeen;
  }

  /** Forget the conversation in this browser (storage and screen); the session goes on. */
  function clearLocally(noticeText) {
    state.messages = [];
    state.clearedAt = Date.now();
    if (store) {
      try {
        store.removeItem(STORAGE_KEY);
      } catch (e) {
        /* storage blocked */
      }
    }
    renderAll();
    if (noticeText) {
      renderNotice(noticeText);
      announce(noticeText);
    }
  }

  function clearConversation() {
    state.noticeSeen = true;
    privacyBar.hidden = true;
    clearLocally("This conversation was cleared from this browser.");
    input.focus();
  }

  // Set by the server on its "forget me" confirmation (actions/privacy.py, FORGOTTEN_MARKER).
  function isForgetConfirmation(payload) {
    return payload.widget_event === "forgotten";
  }

  /** The server deleted the user's data: so does the browser; the confirmation is shown, not kept. */
  function onForgotten(message) {
    replyArrived();
    clearLocally(null);
    renderMessage(message, true);
    renderNotice("This browser no longer keeps this conversation either.");
  }

  function askStartOver() {
    confirmBar.hidden = false;
    confirmNo.focus(); // the safe choice first
  }

  function cancelStartOver() {
    confirmBar.hidden = true;
    restart.focus();
  }

  function startOver() {
    confirmBar.hidden = true;
    state.messages = [];
    state.clearedAt = Date.now();
    renderAll();
    renderNotice("Starting over.");
    persist();
    emitMessage(config.restartPayload);
    awaitReply(config.restartPayload);
    input.focus();
  }

  /** Show messages another tab added (or cleared) without redrawing what is already shown. */
  function syncView() {
    var rows = log.querySelectorAll(".cw-msg[data-id]");
    var same = rows.length <= state.messages.length;
    for (var i = 0; same && i < rows.length; i++) same = rows[i].dataset.id === state.messages[i].id;
    if (!same) {
      var top = log.scrollTop;
      renderAll();
      log.scrollTop = top;
      view.autoTop = log.scrollTop;
      if (view.follow) restorePosition();
    } else {
      state.messages.slice(rows.length).forEach(function (message) {
        renderMessage(message, true);
      });
    }
    updateQuickReplies();
  }

  // ---- small screens: maximise, the on-screen keyboard, compact header -----------------------
  function setMaximised(on) {
    container.classList.toggle("cw-maximised", on);
    maximise.setAttribute("aria-pressed", on ? "true" : "false");
    maximise.setAttribute("aria-label", on ? "Restore chat size" : "Maximise chat");
  }

  /** Fit the panel to the visual viewport: with an on-screen keyboard open, that is the part
   * of the screen above the keyboard (the layout viewport does not shrink on every browser). */
  function fitViewport() {
    var vv = window.visualViewport;
    var height = vv ? vv.height : window.innerHeight;
    container.style.setProperty("--cw-vh", height + "px");
    container.style.setProperty("--cw-vtop", (vv ? vv.offsetTop : 0) + "px");
    container.classList.toggle("cw-compact", height < 560);
  }

  function watchLayout() {
    log.addEventListener("scroll", onLogScroll, { passive: true });
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (view.follow) showAnswer();
        else markSeen();
      }).observe(log);
    }
    stylesheet.addEventListener("load", restorePosition);
    window.addEventListener("storage", onStorage);
    fitViewport();
    window.addEventListener("resize", fitViewport);
    if (window.visualViewport) {
      window.visualViewport.addEventListener("resize", fitViewport);
      window.visualViewport.addEventListener("scroll", fitViewport);
    }
    if (!store) forget.hidden = true;
  }

  pill.addEventListener("click", showFirstUnread);
  maximise.addEventListener("click", function () {
    setMaximised(!container.classList.contains("cw-maximised"));
  });
  clearButton.addEventListener("click", clearConversation);
  forget.addEventListener("click", clearConversation);
  noticeOk.addEventListener("click", function () {
    state.noticeSeen = true;
    privacyBar.hidden = true;
    persist();
    input.focus();
  });
  confirmYes.addEventListener("click", startOver);
  confirmNo.addEventListener("click", cancelStartOver);
  panel.addEventListener(
    "keydown",
    function (event) {
      if (event.key === "Escape" && !confirmBar.hidden) {
        event.preventDefault(); // Escape answers the question; it does not close the panel
        cancelStartOver();
      }
    },
    true
  );

  // ---- events ------------------------------------------------------------------------------------
  launcher.addEventListener("click", function () {
    setOpen(!state.open, true);
  });
  close.addEventListener("click", function () {
    setOpen(false, true);
  });
  restart.addEventListener("click", function () {
    askStartOver();
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) {
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
    watchLayout();
    setOpen(state.open, false);
    loadSocketIo(connect);
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
