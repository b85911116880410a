# A page counter: every visit adds one to a counter kept in Redis.
# Standard library only: it speaks the Redis protocol over a plain socket.
import os
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REDIS_HOST = os.environ.get("REDIS_HOST", "redis")
REDIS_PORT = int(os.environ.get("REDIS_PORT", "6379"))


def redis_incr(key):
    """Sends INCR key to Redis and returns the new value."""
    with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=3) as conn:
        conn.sendall(f"*2\r\n$4\r\nINCR\r\n${len(key)}\r\n{key}\r\n".encode())
        reply = conn.recv(64).decode()  # ":42\r\n" on success, "-ERR ..." on error
    if not reply.startswith(":"):
        raise RuntimeError(reply.strip())
    return int(reply[1:].strip())


class Counter(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/":
            self.send_error(404)
            return
        try:
            hits = redis_incr("hits")
            status, body = 200, f"Hello from {socket.gethostname()}! This page has been viewed {hits} times.\n"
        except OSError as err:
            status, body = 503, f"Cannot reach Redis at {REDIS_HOST}:{REDIS_PORT}: {err}\n"
        except RuntimeError as err:
            status, body = 503, f"Redis said: {err}\n"
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8000"))
    print(f"counter listening on port {port}, Redis at {REDIS_HOST}:{REDIS_PORT}", flush=True)
    ThreadingHTTPServer(("", port), Counter).serve_forever()
