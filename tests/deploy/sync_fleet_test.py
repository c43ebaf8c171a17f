#!/usr/bin/python3
"""Several kiosks kept in step by Syncthing, for real: two Syncthing instances on loopback (the
office and a kiosk), each with its own home and ports, configured through their REST APIs with no
discovery, relays or NAT; the real kiosk under Xvfb follows the kiosk instance's inbox.
  - a signed pack dropped in the office's send folder reaches the kiosk, is imported (no card over
    the visitors' screen), and the kiosk's status file comes back to the office;
  - a tampered pack sent the same way is refused and the content stays.
Every wait is bounded; every process is stopped at the end.
usage: sync_fleet_test.py KIOSK KIOSK_PACK BUILTIN_DB CONTENT_DIR   (DISPLAY set)"""
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

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


class Syncthing:
    """One instance: its own home, GUI/REST and sync ports on 127.0.0.1 only."""

    def __init__(self, name):
        self.name = name
        self.home = os.path.join(ROOT, name + "-home")
        self.key = "test-key-" + name
        self.gui = free_port()
        self.listen = free_port()
        subprocess.run(["syncthing", "generate", "--home=" + self.home, "--no-default-folder"],
                       check=True, capture_output=True, timeout=60)
        env = dict(os.environ, STNOUPGRADE="1", STNODEFAULTFOLDER="1", HOME=self.home)
        log = open(os.path.join(ROOT, name + ".log"), "w")
        self.proc = subprocess.Popen(
            ["syncthing", "serve", "--home=" + self.home, "--no-browser", "--no-restart",
             "--gui-address=http://127.0.0.1:%d" % self.gui, "--gui-apikey=" + self.key],
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
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.gui, path), method=method,
                                     headers={"X-API-Key": self.key},
                                     data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read()
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


def main():
    data, keys = os.path.join(ROOT, "data"), os.path.join(ROOT, "keys")
    os.makedirs(data)
    os.makedirs(keys)
    key = os.path.join(ROOT, "office.key")
    subprocess.run([PACK_TOOL, "keygen", "-p", os.path.join(keys, "office.pub"), "-s", key],
                   check=True, capture_output=True, timeout=60)

    office, kiosk = Syncthing("office"), Syncthing("kiosk-st")
    office.pair(kiosk)
    kiosk.pair(office)
    send_dir, inbox = os.path.join(ROOT, "office-send"), os.path.join(ROOT, "inbox")
    status_out, status_in = os.path.join(ROOT, "status"), os.path.join(ROOT, "office-status")
    office.folder("packs", send_dir, "sendonly", kiosk)
    kiosk.folder("packs", inbox, "receiveonly", office)
    kiosk.folder("status", status_out, "sendonly", office)
    office.folder("status", status_in, "receiveonly", kiosk)

    config = os.path.join(ROOT, "config.json")
    json.dump({"data_dir": data, "keys_dir": keys, "builtin_pack": BUILTIN, "mount_roots": [],
               "sync_inbox": inbox, "sync_status_dir": status_out, "sync_stable_s": 2},
              open(config, "w"))
    proc, send, state = kiosk_session(config)
    send("tap 640 400")  # a visitor on the home screen
    current = os.path.join(data, "current.db")
    host = socket.gethostname()

    drop(signed_pack(5, key), send_dir)
    office.rest("POST", "/rest/db/scan?folder=packs")
    wait_for("the pack to be imported on the kiosk", lambda: state()["pack"] == current, 180)
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
    print("ok: version 5 synced, imported, status back at the office")

    fleet = subprocess.run([PACK_TOOL, "fleet", "--status", status_in], capture_output=True,
                           text=True, timeout=30)
    if fleet.returncode != 0 or host not in fleet.stdout or "1 kiosks; 0 behind" not in fleet.stdout:
        fail("kiosk-pack fleet: " + fleet.stdout + fleet.stderr)

    drop(signed_pack(6, key, tamper=True), send_dir)
    office.rest("POST", "/rest/db/scan?folder=packs")
    log = os.path.join(data, "logs", "kiosk.log")
    wait_for("the tampered pack to be refused",
             lambda: "sync content.pack: refused" in open(log, errors="replace").read(), 180)
    db = sqlite3.connect("file:%s?mode=ro" % current, uri=True)
    version = db.execute("SELECT value FROM meta WHERE key = 'pack_version'").fetchone()[0]
    db.close()
    if version != "5" or state()["pack"] != current:
        fail("the content changed after a tampered pack: version " + version)
    print("ok: the tampered pack was refused and version 5 stays")
    send("quit")
    proc.wait(timeout=30)


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
