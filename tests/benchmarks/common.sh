# Shared by the benchmark scripts (sourced, not run): a free port, waiting for a started app, its token key.

# A TCP port of 127.0.0.1 that was free a moment ago (the OS picks it).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_for URL PID LOG: waits up to 60 s for URL to answer 2xx; exits with the log's tail if the process PID died.
wait_for() {
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "server exited:" >&2; tail -30 "$3" >&2; exit 1; }
    sleep 0.5
  done
  echo "no answer from $1 after 60 s" >&2; exit 1
}

# new_signing_key DATA: the token-signing key in the app's data folder, made before the app starts so a benchmark can
# mint tokens with it (the app reuses it; HS256 tokens shaped like LocalTokenIssuer's).
new_signing_key() {
  head -c 32 /dev/urandom | base64 > "$1/token-signing.key"
  chmod 600 "$1/token-signing.key"
}
