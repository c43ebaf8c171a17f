#!/usr/bin/python3
"""Several kiosks kept in step by Syncthing, for real: two Syncthing instances on loopback (the
office and a kiosk), each with its own home and ports, configured through their REST APIs with no
discovery, relays or NAT; the kiosk instance's GUI/REST is on a Unix socket, as installed. The
real kiosk under Xvfb follows the kiosk instance's inbox and asks its REST API whether it is idle.
  - a signed pack dropped in the office's send folder reaches the kiosk and is imported as soon as
    Syncthing says the folder is idle, well before the files' stability alone would allow (no card
    over the visitors' screen), and the kiosk's status file comes back to the office;
  - a tampered pack sent the same way is refused, but only once its files have settled (its
    signature might still have been on the way), and the content stays.
Then, against a REST server played by the test: a whole, settled pack is not imported while
Syncthing says the folder is syncing, and is the moment it says idle; of two packs the newest is
imported and the older set aside without a refusal; the kiosk's own <host>.pack is left alone.
Every wait is bounded; every process is stopped at the end.
usage: sync_fleet_test.py KIOSK KIOSK_PACK BUILTIN_DB CONTENT_DIR   (DISPLAY set)"""
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import socketserver
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

KIOSK, PACK_TOOL, BUILTIN, CONTENT = sys.argv[1:5]
ROOT = tempfile.mkdtemp(prefix="sync-fleet-")
PROCS = []


def fail(why):
    print("FAIL:", why)
    for name in ("office.log", "kiosk-st.log"):
        path = os.path.join(ROOT, name)
        if os.path.exists(path):
            print("--- " + name + " (tail)")
            print(open(path, errors="replace").read()[-3000:])
    log = os.path.join(ROOT, "data", "logs", "kiosk.log")
    if os.path.exists(log):
        print("--- kiosk.log")
        print(open(log, errors="replace").read()[-3000:])
    raise SystemExit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, seconds):
    end = time.time() + seconds
    while time.time() < end:
        got = check()
        if got:
            return got
        time.sleep(0.5)
    fail("timed out after %d s waiting for %s" % (seconds, what))


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=10)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(self.path)


class Syncthing:
    """One instance: its own home, GUI/REST and sync ports on 127.0.0.1 only."""

    def __init__(self, name):
        self.name = name
        self.home = os.path.join(ROOT, name + "-home")
        self.key = "test-key-" + name
        self.gui = os.path.join(ROOT, name + "-gui.sock")  # as kiosk-sync-setup puts it
        self.listen = free_port()
        subprocess.run(["syncthing", "generate", "--home=" + self.home, "--no-default-folder"],
                       check=True, capture_output=True, timeout=60)
        env = dict(os.environ, STNOUPGRADE="1", STNODEFAULTFOLDER="1", HOME=self.home)
        log = open(os.path.join(ROOT, name + ".log"), "w")
        self.proc = subprocess.Popen(
            ["syncthing", "serve", "--home=" + self.home, "--no-browser", "--no-restart",
             "--gui-address=unix://" + self.gui, "--gui-apikey=" + self.key],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        PROCS.append(self.proc)
        self.id = wait_for(name + " REST", self.my_id, 60)
        # The park LAN only: no global discovery, relays, NAT or usage reports; loopback ports.
        self.rest("PATCH", "/rest/config/options", {
            "listenAddresses": ["tcp://127.0.0.1:%d" % self.listen],
            "globalAnnounceEnabled": False, "localAnnounceEnabled": False,
            "relaysEnabled": False, "natEnabled": False, "urAccepted": -1,
            "crashReportingEnabled": False, "autoUpgradeIntervalH": 0})

    def rest(self, method, path, body=None):
        conn = UnixHTTPConnection(self.gui)
        conn.request(method, path, headers={"X-API-Key": self.key},
                     body=None if body is None else json.dumps(body).encode())
        r = conn.getresponse()
        text = r.read()
        conn.close()
        if r.status != 200:
            raise OSError("HTTP %d from %s: %s" % (r.status, path, text[:200]))
        return json.loads(text) if text.strip() else None

    def my_id(self):
        try:
            return self.rest("GET", "/rest/system/status")["myID"]
        except OSError:
            return None

    def pair(self, other):
        self.rest("POST", "/rest/config/devices", {
            "deviceID": other.id, "name": other.name,
            "addresses": ["tcp://127.0.0.1:%d" % other.listen], "autoAcceptFolders": False})

    def folder(self, fid, path, kind, other):
        os.makedirs(path, exist_ok=True)
        self.rest("POST", "/rest/config/folders", {
            "id": fid, "label": fid, "path": path, "type": kind, "rescanIntervalS": 5,
            "fsWatcherEnabled": True, "fsWatcherDelayS": 1,
            "devices": [{"deviceID": self.id}, {"deviceID": other.id}]})


def kiosk_session(config):
    proc = subprocess.Popen([KIOSK, "--config", config, "--window", "1280x800", "--replay", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    PROCS.append(proc)
    wait_for("the kiosk's ready", lambda: proc.stdout.readline().startswith("ready"), 90)

    def send(command):
        proc.stdin.write(command + "\n")
        proc.stdin.flush()
        while True:
            line = proc.stdout.readline()
            if not line:
                fail("the kiosk ended")
            if line.startswith("ok " + command.split()[0]) or line.startswith("error"):
                return line

    def state():
        path = os.path.join(ROOT, "state.json")
        send("state " + path)
        return json.load(open(path))
    return proc, send, state


def signed_pack(version, key, tamper=False):
    pack = os.path.join(ROOT, "v%d.pack" % version)
    subprocess.run([PACK_TOOL, "build", CONTENT, "-o", pack, "--version", str(version)],
                   check=True, capture_output=True, timeout=300)
    subprocess.run([PACK_TOOL, "sign", pack, "-s", key], check=True, capture_output=True,
                   timeout=120)
    if tamper:
        db = sqlite3.connect(pack)
        db.execute("UPDATE member SET name_en = 'Tampered' WHERE id = (SELECT min(id) FROM member)")
        db.commit()
        db.close()
    return pack


def drop(pack, folder):
    """As staff would: copy the pack and its signature into the office's send folder."""
    for src, name in ((pack + ".minisig", "content.pack.minisig"), (pack, "content.pack")):
        shutil.copyfile(src, os.path.join(folder, "." + name + ".copying"))
        os.replace(os.path.join(folder, "." + name + ".copying"), os.path.join(folder, name))


STABLE_S = 40  # the kiosk's sync_stable_s: REST "idle" must beat it by far


def installed_version(current):
    db = sqlite3.connect("file:%s?mode=ro" % current, uri=True)
    version = db.execute("SELECT value FROM meta WHERE key = 'pack_version'").fetchone()[0]
    db.close()
    return int(version)


def landed(inbox, pack):
    """Both files of `pack` are whole in the kiosk's inbox (as the kiosk would see them)."""
    def same(a, b):
        try:
            return open(a, "rb").read() == open(b, "rb").read()
        except OSError:
            return False
    return same(os.path.join(inbox, "content.pack"), pack) and \
        same(os.path.join(inbox, "content.pack.minisig"), pack + ".minisig")


def log_text(data):
    try:
        return open(os.path.join(data, "logs", "kiosk.log"), errors="replace").read()
    except OSError:
        return ""


def with_syncthing(data, keys, key):
    office, kiosk = Syncthing("office"), Syncthing("kiosk-st")
    office.pair(kiosk)
    kiosk.pair(office)
    send_dir, inbox = os.path.join(ROOT, "office-send"), os.path.join(ROOT, "inbox")
    status_out, status_in = os.path.join(ROOT, "status"), os.path.join(ROOT, "office-status")
    office.folder("packs", send_dir, "sendonly", kiosk)
    kiosk.folder("packs", inbox, "receiveonly", office)
    kiosk.folder("status", status_out, "sendonly", office)
    office.folder("status", status_in, "receiveonly", kiosk)
    env = os.path.join(ROOT, "syncthing.env")  # as install.sh writes it
    with open(env, "w") as f:
        f.write("STGUIAPIKEY=%s\n" % kiosk.key)

    config = os.path.join(ROOT, "config.json")
    json.dump({"data_dir": data, "keys_dir": keys, "builtin_pack": BUILTIN, "mount_roots": [],
               "sync_inbox": inbox, "sync_status_dir": status_out, "sync_stable_s": STABLE_S,
               "sync_rest_socket": kiosk.gui, "sync_rest_key_file": env,
               "sync_folder_id": "packs"},
              open(config, "w"))
    proc, send, state = kiosk_session(config)
    send("tap 640 400")  # a visitor on the home screen
    current = os.path.join(data, "current.db")
    host = socket.gethostname()

    v5 = signed_pack(5, key)
    drop(v5, send_dir)
    office.rest("POST", "/rest/db/scan?folder=packs")
    wait_for("the pack to reach the kiosk's inbox", lambda: landed(inbox, v5), 180)
    t_landed = time.time()
    wait_for("the pack to be imported on the kiosk", lambda: state()["pack"] == current, 120)
    took = time.time() - t_landed
    if took > STABLE_S / 2:
        fail("imported %.0f s after the pack landed: Syncthing's idle was not used" % took)
    if "sync: Syncthing's inbox folder is idle" not in log_text(data):
        fail("the kiosk's log does not say it asked Syncthing")
    s = state()
    if s["screen"] != "home":
        fail("the visitor was moved to " + s["screen"])
    if any(t["id"] == "import.close" for t in s["targets"]):
        fail("a card covers the visitors' screen for a sync import")
    report = os.path.join(status_in, host + ".json")

    def reported(version):
        try:
            return json.load(open(report))["pack_version"] == version
        except (OSError, ValueError):
            return False
    wait_for("the kiosk's status at the office", lambda: reported(5), 120)
    print("ok: version 5 synced, imported %.1f s after it landed (Syncthing idle), status back "
          "at the office" % took)

    fleet = subprocess.run([PACK_TOOL, "fleet", "--status", status_in], capture_output=True,
                           text=True, timeout=30)
    if fleet.returncode != 0 or host not in fleet.stdout or "1 kiosks; 0 behind" not in fleet.stdout:
        fail("kiosk-pack fleet: " + fleet.stdout + fleet.stderr)

    v6 = signed_pack(6, key, tamper=True)
    drop(v6, send_dir)
    office.rest("POST", "/rest/db/scan?folder=packs")
    wait_for("the tampered pack to reach the kiosk's inbox", lambda: landed(inbox, v6), 180)
    t_landed = time.time()
    wait_for("the tampered pack to be refused",
             lambda: "sync content.pack: refused" in log_text(data), STABLE_S + 120)
    took = time.time() - t_landed
    if took < STABLE_S - 2:
        fail("refused %.0f s after it landed, before its files settled (%d s)" % (took, STABLE_S))
    if installed_version(current) != 5 or state()["pack"] != current:
        fail("the content changed after a tampered pack")
    print("ok: the tampered pack was refused once settled (%.0f s), version 5 stays" % took)
    send("quit")
    proc.wait(timeout=30)


class FakeSyncthing(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """Syncthing's REST API as far as the kiosk asks it: the folder status, set by the test."""
    daemon_threads = True
    folder_state = {"state": "syncing", "needFiles": 1, "needDeletes": 0, "needBytes": 1000}
    asked = 0


class FakeHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.headers.get("X-API-Key") != "fake-key" or \
                self.path != "/rest/db/status?folder=packs":
            self.send_error(403)
            return
        self.server.asked += 1
        body = json.dumps(self.server.folder_state).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def with_busy_syncthing(data, keys, key):
    inbox, sock = os.path.join(ROOT, "inbox2"), os.path.join(ROOT, "fake.sock")
    os.makedirs(inbox)
    env = os.path.join(ROOT, "fake.env")
    with open(env, "w") as f:
        f.write("STGUIAPIKEY=fake-key\n")
    server = FakeSyncthing(sock, FakeHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = os.path.join(ROOT, "config2.json")
        json.dump({"data_dir": data, "keys_dir": keys, "builtin_pack": BUILTIN,
                   "mount_roots": [], "sync_inbox": inbox, "sync_stable_s": 2,
                   "sync_rest_socket": sock, "sync_rest_key_file": env,
                   "sync_folder_id": "packs"}, open(config, "w"))
        proc, send, state = kiosk_session(config)
        current = os.path.join(data, "current.db")
        drop(signed_pack(7, key), inbox)
        time.sleep(12)  # six scans, far past sync_stable_s: only "syncing" holds it back
        if server.asked < 2:
            fail("the kiosk did not ask Syncthing (%d requests)" % server.asked)
        if installed_version(current) != 5:
            fail("a pack was imported while Syncthing said the folder was syncing")
        server.folder_state = {"state": "idle", "needFiles": 0, "needDeletes": 0, "needBytes": 0}
        wait_for("the pack to be imported once Syncthing is idle",
                 lambda: installed_version(current) == 7, 60)
        print("ok: held back while Syncthing said syncing (%d requests), imported once idle"
              % server.asked)

        # Two packs at once (a second name, a conflict copy): the newest is imported and the
        # older one set aside without a refusal. The pack this kiosk published itself (named
        # after its host) is never taken from its own inbox.
        def put(pack, name):
            for src, dst in ((pack + ".minisig", name + ".minisig"), (pack, name)):
                shutil.copyfile(src, os.path.join(inbox, "." + dst + ".copying"))
                os.replace(os.path.join(inbox, "." + dst + ".copying"), os.path.join(inbox, dst))
        # They arrive in one Syncthing pull: the test's Syncthing says syncing until all are in
        # (building a pack takes seconds; the kiosk scans every 2 s).
        v8, v9, v10 = signed_pack(8, key), signed_pack(9, key), signed_pack(10, key)
        server.folder_state = {"state": "syncing", "needFiles": 3, "needDeletes": 0,
                               "needBytes": 1000}
        put(v9, "a.pack")
        put(v8, "b.pack")
        put(v10, socket.gethostname() + ".pack")
        time.sleep(4)  # two scans while syncing
        server.folder_state = {"state": "idle", "needFiles": 0, "needDeletes": 0, "needBytes": 0}
        wait_for("the newest of two packs to be imported", lambda: installed_version(current) == 9,
                 60)
        time.sleep(8)  # four more scans
        log = log_text(data)
        if "sync b.pack: refused" in log or "sync a.pack: installed" not in log:
            fail("the older pack was refused after the newest was installed:\n" + log[-1500:])
        if installed_version(current) != 9:
            fail("the kiosk imported the pack named after its own host from its inbox")
        print("ok: of two packs the newest was imported and the older set aside; the kiosk's own "
              "published pack was left alone")
        send("quit")
        proc.wait(timeout=30)
    finally:
        server.shutdown()
        server.server_close()


def main():
    data, keys = os.path.join(ROOT, "data"), os.path.join(ROOT, "keys")
    os.makedirs(data)
    os.makedirs(keys)
    key = os.path.join(ROOT, "office.key")
    subprocess.run([PACK_TOOL, "keygen", "-p", os.path.join(keys, "office.pub"), "-s", key],
                   check=True, capture_output=True, timeout=60)
    with_syncthing(data, keys, key)
    with_busy_syncthing(data, keys, key)


try:
    main()
    print("PASS")
finally:
    for p in PROCS:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    for p in PROCS:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
    shutil.rmtree(ROOT, ignore_errors=True)
