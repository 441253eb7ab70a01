"""The notes API of the kstack example: a small JSON API over HTTP that keeps notes in redis.

  GET  /api/notes          every note, newest first: [{"id": 3, "text": "...", "by": "<pod>"}, ...]
  POST /api/notes          body {"text": "..."} (or plain text): stores a note, answers it with 201
  GET  /api/info           which replica answered, and how many notes there are
  GET  /healthz            200 while the process serves requests (the compose healthcheck)

Settings come from the environment: PORT (8000), REDIS_HOST (db), REDIS_PORT (6379) and
REDIS_PASSWORD_FILE (no password when unset). One line per request goes to stdout.
"""
import json
import os
import signal
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis

MAX_TEXT = 2000
REPLICA = socket.gethostname()


def redis_client():
    password = None
    password_file = os.environ.get("REDIS_PASSWORD_FILE")
    if password_file:
        with open(password_file, encoding="utf-8") as f:
            password = f.read().strip()
    return redis.Redis(
        host=os.environ.get("REDIS_HOST", "db"),
        port=int(os.environ.get("REDIS_PORT", "6379")),
        password=password,
        socket_timeout=3,
        socket_connect_timeout=3,
        decode_responses=True,
    )


STORE = redis_client()


def all_notes():
    ids = STORE.lrange("notes:ids", 0, 99)
    if not ids:
        return []
    pipe = STORE.pipeline()
    for note_id in ids:
        pipe.hgetall("note:" + note_id)
    return [dict(n, id=int(i)) for i, n in zip(ids, pipe.execute()) if n]


def add_note(text):
    note_id = str(STORE.incr("notes:next"))
    note = {"text": text, "by": REPLICA, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    pipe = STORE.pipeline()
    pipe.hset("note:" + note_id, mapping=note)
    pipe.lpush("notes:ids", note_id)
    pipe.execute()
    return dict(note, id=int(note_id))


class Handler(BaseHTTPRequestHandler):
    server_version = "notes-api/1.0"

    def do_GET(self):
        if self.path == "/healthz":
            self.reply(200, {"status": "ok"})
        elif self.path == "/api/notes":
            self.with_store(lambda: self.reply(200, all_notes()))
        elif self.path == "/api/info":
            self.with_store(lambda: self.reply(200, {"replica": REPLICA, "notes": STORE.llen("notes:ids")}))
        else:
            self.reply(404, {"error": "no such path: " + self.path})

    def do_POST(self):
        if self.path != "/api/notes":
            self.reply(404, {"error": "no such path: " + self.path})
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 64 * 1024)).decode("utf-8", "replace")
        text = body
        if "json" in (self.headers.get("Content-Type") or ""):
            try:
                text = json.loads(body).get("text", "")
            except (ValueError, AttributeError):
                self.reply(400, {"error": 'expected a JSON object like {"text": "..."}'})
                return
        text = str(text).strip()
        if not text or len(text) > MAX_TEXT:
            self.reply(400, {"error": "a note needs 1 to %d characters" % MAX_TEXT})
            return
        self.with_store(lambda: self.reply(201, add_note(text)))

    def with_store(self, action):
        try:
            action()
        except redis.RedisError as e:
            self.reply(503, {"error": "the database is not available: %s" % e})

    def reply(self, status, value):
        data = (json.dumps(value) + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_request(self, code="-", size="-"):
        # one line per request on stdout (kstack logs shows it); the health checks are left out
        if self.path != "/healthz":
            print('%s %s %s %s %s' % (REPLICA, self.client_address[0], self.command, self.path, code), flush=True)

    def log_message(self, format, *args):
        print("%s %s" % (REPLICA, format % args), file=sys.stderr, flush=True)


def main():
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("", port), Handler)
    server.daemon_threads = True
    # as a container's first process, SIGTERM does nothing unless handled: stop at once, like Ctrl-C
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("%s notes-api listening on :%d, redis at %s:%s" % (
        REPLICA, port, os.environ.get("REDIS_HOST", "db"), os.environ.get("REDIS_PORT", "6379")), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
