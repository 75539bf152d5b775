/* Mini Me OS — the microphone button next to a text box (ai/_voice_button.html).
 *
 * What happens on a press, in order of preference:
 *   1. The browser's own speech recognition, on the device where the browser can say so
 *      (Chrome's SpeechRecognition.available / install and processLocally). No audio reaches
 *      this server.
 *   2. Where the browser has no speech recognition (or none on the device), and the server says
 *      the plan includes it and a provider is configured: a short clip is recorded with
 *      MediaRecorder (stopped at data-voice-max-seconds) and posted to data-voice-url; the
 *      transcript lands in the text box for editing.
 *   3. Otherwise a plain sentence says why voice is not available here.
 * What is heard is appended to the text box; what was typed is kept.
 *
 * Plain script, no dependencies, no eval, no inline handlers, no injected styles (strict CSP).
 * The button stays hidden without JavaScript. Included once per button, so it guards itself.
 */
(function () {
  "use strict";

  if (window.minimeVoice) {
    window.minimeVoice.bindAll(document);
    return;
  }

  var CLIP_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
  var EXTENSIONS = { "audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "m4a" };
  var RECOGNITION_ERRORS = {
    "not-allowed": "Microphone access was refused. Allow it in the browser to dictate.",
    "service-not-allowed": "This browser does not allow dictation here.",
    "audio-capture": "No microphone was found.",
    "no-speech": "No speech was heard. Try again, a little closer to the microphone.",
    "language-not-supported": "Dictation does not support your language in this browser. Type instead.",
    network: "The browser's dictation service could not be reached. Type instead."
  };

  function recognitionClass() {
    return window.SpeechRecognition || window.webkitSpeechRecognition || null;
  }

  function canRecord() {
    return Boolean(
      window.MediaRecorder &&
        window.FormData &&
        window.fetch &&
        navigator.mediaDevices &&
        typeof navigator.mediaDevices.getUserMedia === "function"
    );
  }

  function language() {
    return navigator.language || document.documentElement.lang || "en-US";
  }

  // Text appended to what is in the box, with one space between.
  function appended(before, text) {
    var addition = (text || "").trim();
    if (!addition) {
      return before;
    }
    if (before && !/\s$/.test(before)) {
      return before + " " + addition;
    }
    return before + addition;
  }

  function clipType() {
    if (typeof MediaRecorder.isTypeSupported !== "function") {
      return "";
    }
    for (var i = 0; i < CLIP_TYPES.length; i += 1) {
      if (MediaRecorder.isTypeSupported(CLIP_TYPES[i])) {
        return CLIP_TYPES[i];
      }
    }
    return "";
  }

  function Voice(widget, target) {
    this.widget = widget;
    this.target = target;
    this.button = widget.querySelector("[data-voice-button]");
    this.label = widget.querySelector("[data-voice-label]");
    this.status = widget.querySelector("[data-voice-status]");
    var data = widget.dataset;
    this.url = data.voiceUrl;
    this.csrf = data.voiceCsrf;
    this.maxSeconds = Math.max(1, parseInt(data.voiceMaxSeconds, 10) || 60);
    this.serverAllowed = data.voiceFallbackPlan === "true";
    this.serverConfigured = data.voiceProvider === "true";
    this.mode = null; // "local" | "install" | "server" | "none"
    this.busy = null; // the running recognition or recorder
  }

  Voice.prototype.say = function (text) {
    if (this.status) {
      this.status.textContent = text || "";
    }
  };

  Voice.prototype.setActive = function (active, label) {
    this.button.setAttribute("aria-pressed", active ? "true" : "false");
    if (this.label) {
      this.label.textContent = label || (active ? "Stop" : "Dictate");
    }
  };

  Voice.prototype.serverMode = function () {
    return this.serverAllowed && this.serverConfigured && canRecord() ? "server" : null;
  };

  // Decide once what a press does, then show the button.
  Voice.prototype.decide = function () {
    var self = this;
    var Recognition = recognitionClass();
    function ready(mode) {
      self.mode = mode;
      self.button.hidden = false;
    }
    if (!Recognition) {
      ready(self.serverMode() || "none");
      return;
    }
    if (typeof Recognition.available !== "function") {
      // Older Chrome, Safari: the browser decides where it listens and may send the audio to
      // its maker's service; we cannot ask, so we do not use it (no audio leaves the device
      // except, on Pro and Max, to this server's configured provider).
      ready(self.serverMode() || "none");
      return;
    }
    var check;
    try {
      check = Recognition.available({ langs: [language()], processLocally: true });
    } catch (error) {
      check = null;
    }
    if (!check || typeof check.then !== "function") {
      ready(self.serverMode() || "none");
      return;
    }
    check.then(
      function (state) {
        if (state === "available") {
          ready("local");
        } else if (
          (state === "downloadable" || state === "downloading") &&
          typeof Recognition.install === "function"
        ) {
          ready("install");
        } else {
          ready(self.serverMode() || "none");
        }
      },
      function () {
        ready(self.serverMode() || "none");
      }
    );
  };

  Voice.prototype.press = function () {
    if (this.busy) {
      this.busy.stop();
      return;
    }
    switch (this.mode) {
      case "local":
        this.dictate();
        break;
      case "install":
        this.install();
        break;
      case "server":
        this.record();
        break;
      default:
        if (!this.serverAllowed) {
          this.say(this.widget.dataset.voiceNoPlan);
        } else if (!this.serverConfigured) {
          this.say(this.widget.dataset.voiceNoProvider);
        } else {
          this.say("This browser can neither take dictation nor record audio here. Type instead.");
        }
    }
  };

  // What the user can do when on-device dictation is out, for the mode that is left: record a
  // clip for the server (when a press does that now), or type, saying why a clip is no option.
  Voice.prototype.instead = function () {
    if (this.mode === "server") {
      return "Press Dictate again to record a clip instead; this server turns it into text.";
    }
    if (!this.serverAllowed) {
      var plan = this.widget.dataset.voicePlanName || "Pro";
      return "Type instead; sending a voice clip to the server is part of " + plan + " and Max.";
    }
    if (!this.serverConfigured) {
      return "Type instead; this server has no speech-to-text provider to send a clip to.";
    }
    return "Type instead; this browser cannot record a clip here either.";
  };

  Voice.prototype.install = function () {
    var self = this;
    var Recognition = recognitionClass();
    self.say("Getting the speech model for on-device dictation; this happens once.");
    self.button.disabled = true;
    Promise.resolve()
      .then(function () {
        return Recognition.install({ langs: [language()], processLocally: true });
      })
      .then(
        function (installed) {
          self.button.disabled = false;
          if (installed) {
            self.mode = "local";
            self.dictate();
          } else {
            self.mode = self.serverMode() || "none";
            self.say(
              "This browser has no on-device dictation for your language (" + language() + "). " +
                self.instead()
            );
          }
        },
        function () {
          self.button.disabled = false;
          self.mode = self.serverMode() || "none";
          self.say("On-device dictation could not be set up in this browser. " + self.instead());
        }
      );
  };

  // The browser's own recognition, on the device (only reached where the browser said it can).
  Voice.prototype.dictate = function () {
    var self = this;
    var Recognition = recognitionClass();
    var recognition = new Recognition();
    var before = self.target.value;
    var heard = "";
    var failed = false;
    recognition.lang = language();
    recognition.interimResults = true;
    recognition.continuous = true;
    recognition.maxAlternatives = 1;
    recognition.processLocally = true; // only reached where the browser said it can
    recognition.onresult = function (event) {
      var interim = "";
      for (var i = event.resultIndex; i < event.results.length; i += 1) {
        var text = event.results[i][0].transcript;
        if (event.results[i].isFinal) {
          heard = appended(heard, text);
        } else {
          interim = appended(interim, text);
        }
      }
      self.target.value = appended(before, appended(heard, interim));
    };
    recognition.onerror = function (event) {
      failed = true;
      if (event.error !== "aborted") {
        self.say(RECOGNITION_ERRORS[event.error] || "Dictation stopped. Type instead.");
      }
    };
    recognition.onend = function () {
      self.busy = null;
      self.setActive(false);
      self.target.value = appended(before, heard);
      self.target.dispatchEvent(new Event("input", { bubbles: true }));
      if (!failed) {
        self.say(heard ? "Added what you said. Edit it before you add it." : "");
      }
      self.target.focus();
    };
    try {
      recognition.start();
    } catch (error) {
      self.say("Dictation could not start. Type instead.");
      return;
    }
    self.busy = recognition;
    self.setActive(true);
    self.say("Listening on this device… press Stop when done.");
  };

  // A short clip for the server's speech-to-text provider.
  Voice.prototype.record = function () {
    var self = this;
    self.button.disabled = true;
    navigator.mediaDevices.getUserMedia({ audio: true }).then(
      function (stream) {
        self.button.disabled = false;
        var type = clipType();
        var recorder;
        try {
          recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
        } catch (error) {
          stream.getTracks().forEach(function (track) { track.stop(); });
          self.say("This browser cannot record audio here. Type instead.");
          return;
        }
        var chunks = [];
        var started = Date.now();
        var timer = window.setTimeout(function () {
          if (recorder.state !== "inactive") {
            recorder.stop();
          }
        }, self.maxSeconds * 1000);
        recorder.ondataavailable = function (event) {
          if (event.data && event.data.size) {
            chunks.push(event.data);
          }
        };
        recorder.onstop = function () {
          window.clearTimeout(timer);
          stream.getTracks().forEach(function (track) { track.stop(); });
          self.busy = null;
          self.setActive(false);
          // The timer stops the clip at the limit; the clock may read a hair over it.
          var seconds = Math.min((Date.now() - started) / 1000, self.maxSeconds);
          var kind = recorder.mimeType || type || "audio/webm";
          self.upload(new Blob(chunks, { type: kind }), seconds);
        };
        recorder.start();
        self.busy = { stop: function () { if (recorder.state !== "inactive") { recorder.stop(); } } };
        self.setActive(true);
        self.say("Recording… press Stop when done (at most " + self.maxSeconds + " seconds).");
      },
      function () {
        self.button.disabled = false;
        self.say("Microphone access was refused or there is no microphone.");
      }
    );
  };

  Voice.prototype.upload = function (clip, seconds) {
    var self = this;
    if (!clip.size) {
      self.say("The recording is empty. Try again.");
      return;
    }
    var base = (clip.type || "audio/webm").split(";")[0].trim();
    var form = new FormData();
    form.append("audio", clip, "clip." + (EXTENSIONS[base] || "webm"));
    form.append("seconds", seconds.toFixed(1));
    self.button.disabled = true;
    self.say("Turning your recording into text…");
    fetch(self.url, {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: { "X-CSRFToken": self.csrf, Accept: "application/json" }
    })
      .then(function (response) {
        return response.json().then(
          function (data) { return { ok: response.ok, data: data || {} }; },
          function () { return { ok: false, data: {} }; }
        );
      })
      .then(function (answer) {
        self.button.disabled = false;
        if (answer.ok && typeof answer.data.text === "string") {
          self.target.value = appended(self.target.value, answer.data.text);
          self.target.dispatchEvent(new Event("input", { bubbles: true }));
          self.target.focus();
          self.say("Added the transcript. Edit it before you add it.");
        } else {
          self.say(answer.data.error || "Voice to text did not work this time. Type instead.");
        }
      })
      .catch(function () {
        self.button.disabled = false;
        self.say("The server could not be reached. Type instead.");
      });
  };

  function bind(widget) {
    if (widget.dataset.voiceBound) {
      return;
    }
    var target = document.getElementById(widget.dataset.voiceTarget || "");
    var button = widget.querySelector("[data-voice-button]");
    if (!target || !button) {
      return;
    }
    widget.dataset.voiceBound = "1";
    var voice = new Voice(widget, target);
    button.addEventListener("click", function (event) {
      event.preventDefault();
      voice.press();
    });
    voice.decide();
  }

  function bindAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-voice]")) {
      bind(scope);
    }
    scope.querySelectorAll("[data-voice]").forEach(bind);
  }

  window.minimeVoice = { bindAll: bindAll };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { bindAll(document); });
  } else {
    bindAll(document);
  }
  // Boxes that htmx swaps in later.
  document.addEventListener("htmx:load", function (event) { bindAll(event.target); });
})();
