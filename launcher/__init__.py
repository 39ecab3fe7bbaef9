"""The launcher of ``make run``, ``make shell``, the e2e tests and the benchmarks: it starts
the action server and the Rasa server (and the HR page when ``HR_ADMIN_TOKEN`` is set),
waits until each answers, and stops them all on Ctrl-C / SIGTERM.

Modules, each depending only on those listed after it (import-linter contracts in
pyproject.toml, `make lint`; bot/, actions/ and addons/ never import the launcher):

- ``cli``: the command line (``python -m launcher``) and what it prints once the servers run.
- ``servers``: the project's servers, their commands and life cycle (``running_servers``,
  ``run_shell``).
- ``configuration``: ``ServerConfig``, the checks that refuse an unsafe start (HTTP API
  without a token, no model), endpoints.yml / credentials.yml rendered from the
  environment into a temporary folder (placeholders, never secrets), the servers'
  environment. Messaging channels are enabled from the variables each channel declares
  (``addons.channels.messaging``); every variable is read through bot/config.py.
- ``processes``: generic supervision: free ports, start in a process group, wait until
  ready over HTTP, stop (SIGTERM, then SIGKILL).

Everything binds to 127.0.0.1 unless told otherwise (``BIND_HOST``, ``HR_PAGE_HOST``).
"""
