#!/usr/bin/env python3
"""tests/e2e/speedscope-cdp.py -- open a profile (a timeline, folded stacks)
in speedscope in headless Chromium and say what it shows.

speedscope-cdp.py CHROMIUM SPEEDSCOPE_DIR PROFILE SCREENSHOT
  Serves SPEEDSCOPE_DIR (the npm package's dist/release) and PROFILE (under
  its own name) on 127.0.0.1, starts CHROMIUM headless with a fresh profile
  directory, loads speedscope with #profileURL= pointing at it, waits (DevTools
  protocol, over a minimal WebSocket client: standard library only) until
  it shows a profile or an error, saves a screenshot and prints one JSON
  line: {"text": the page's text, "error": bool, "title": document.title}.
  Exit status 0 when it got that far, 2 when Chromium or the page never
  answered.
"""
import base64
import functools
import http.server
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request


class WS:
    """Just enough of RFC 6455 for the DevTools protocol."""

    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.s = socket.create_connection((u.hostname, u.port), timeout=240)
        key = base64.b64encode(os.urandom(16)).decode()
        req = ("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n" % (u.path, u.hostname,
                                                       u.port, key))
        self.s.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.s.recv(1)
            if not chunk:
                raise OSError("websocket handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise OSError("websocket handshake: %r" % head[:80])
        self.next_id = 0

    def _recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise OSError("websocket closed")
            buf += chunk
        return buf

    def send(self, obj):
        data = json.dumps(obj).encode()
        head = bytes([0x81])
        n = len(data)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.s.sendall(head + mask + bytes(b ^ mask[i % 4]
                                           for i, b in enumerate(data)))

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._recv_exact(8))[0]
            payload = self._recv_exact(n)
            op = b0 & 0x0F
            if op == 8:
                raise OSError("websocket closed")
            if op in (0, 1, 2):
                msg += payload
                if b0 & 0x80:
                    return json.loads(msg)

    def call(self, method, **params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            m = self.recv()
            if m.get("id") == self.next_id:
                return m.get("result", {})


def serve(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    chromium, ss_dir, profile_file, shot = sys.argv[1:5]
    name = os.path.basename(profile_file)
    root = tempfile.mkdtemp(prefix="trun-ss-")
    try:
        shutil.copytree(ss_dir, os.path.join(root, "ss"))
        shutil.copy(profile_file, os.path.join(root, name))
        httpd = serve(root)
        port = httpd.server_address[1]
        profile = os.path.join(root, "chromium-profile")
        proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--enable-unsafe-swiftshader",
             "--user-data-dir=" + profile, "--window-size=1400,900",
             "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            ws_url = None
            deadline = time.time() + 60
            while time.time() < deadline and not ws_url:
                line = proc.stderr.readline()
                if not line:
                    break
                m = re.search(r"DevTools listening on (ws://\S+)", line)
                if m:
                    ws_url = m.group(1)
            if not ws_url:
                print(json.dumps({"error": True, "text": "no DevTools"}))
                return 2
            threading.Thread(target=proc.stderr.read, daemon=True).start()
            dt_port = urllib.parse.urlparse(ws_url).port
            pages = []
            for _ in range(50):
                with urllib.request.urlopen(
                        "http://127.0.0.1:%d/json/list" % dt_port) as r:
                    pages = [p for p in json.load(r) if p.get("type") == "page"]
                if pages:
                    break
                time.sleep(0.1)
            ws = WS(pages[0]["webSocketDebuggerUrl"])
            ws.call("Runtime.enable")
            target = "http://127.0.0.1:%d/%s" % (port, urllib.parse.quote(name))
            url = ("http://127.0.0.1:%d/ss/index.html#profileURL=%s"
                   % (port, urllib.parse.quote(target, safe="")))
            ws.call("Page.navigate", url=url)
            text, title = "", ""
            deadline = time.time() + 120
            while time.time() < deadline:
                time.sleep(0.5)
                r = ws.call("Runtime.evaluate", returnByValue=True,
                            expression="[document.title, "
                            "document.body ? document.body.innerText : '']")
                val = r.get("result", {}).get("value") or ["", ""]
                title, text = val[0], val[1]
                # Loaded: the title names the file; or an error shows.
                if name in title or "went wrong" in text:
                    break
            time.sleep(1.0)  # let the flame graph draw
            r = ws.call("Page.captureScreenshot", format="png")
            if r.get("data"):
                with open(shot, "wb") as f:
                    f.write(base64.b64decode(r["data"]))
            print(json.dumps({"text": text, "title": title,
                              "error": "went wrong" in text}))
            return 0
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            httpd.shutdown()
    finally:
        shutil.rmtree(root, ignore_errors=True)


sys.exit(main())
