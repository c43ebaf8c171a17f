#!/usr/bin/python3
"""Publishing from a kiosk, for real (deploy/README.md, "Keys across kiosks"): three Syncthing
instances on loopback, configured through their REST APIs with no discovery, relays or NAT: the
office (jbnm-packs send & receive), the publisher kiosk (send & receive) and kiosk B (receive-only).
The real publisher kiosk under Xvfb, with its own key (kiosk-pack keygen), is opened with the staff
gesture and PIN and publishes its installed pack from the staff panel; Syncthing carries
<publisher>.pack through the office to kiosk B, a real kiosk that trusts the publisher's key and
imports it. The publisher runs in a UTS namespace of its own (host name "publisher-kiosk"): both
kiosks share this machine, and a kiosk leaves its own <host>.pack alone.
Every wait is bounded; every process is stopped at the end.
usage: sync_publish_test.py KIOSK KIOSK_PACK BUILTIN_DB CONTENT_DIR   (DISPLAY set)"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

KIOSK, PACK_TOOL, BUILTIN, CONTENT = sys.argv[1:5]
ROOT = tempfile.mkdtemp(prefix="sync-publish-")
PROCS = []
PUBLISHER_HOST = "publisher-kiosk"
PIN = "246813"


def fail(why):
    print("FAIL:", why)
    for name in ("office.log", "publisher-st.log", "kiosk-b-st.log",
                 "publisher/logs/kiosk.log", "kiosk-b/logs/kiosk.log"):
        path = os.path.join(ROOT, name)
        if os.path.exists(path):
            print("--- " + name + " (tail)")
            print(open(path, errors="replace").read()[-2500:])
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

    def folder(self, fid, path, kind, others):
        os.makedirs(path, exist_ok=True)
        self.rest("POST", "/rest/config/folders", {
            "id": fid, "label": fid, "path": path, "type": kind, "rescanIntervalS": 5,
            "fsWatcherEnabled": True, "fsWatcherDelayS": 1,
            "devices": [{"deviceID": self.id}] + [{"deviceID": o.id} for o in others]})


class Kiosk:
    """The real kiosk driven through --replay; `host` runs it under that host name."""

    def __init__(self, name, config, host=None):
        self.name = name
        command = [KIOSK, "--config", config, "--window", "1280x800", "--replay", "-"]
        if host:
            user_ns = [] if os.geteuid() == 0 else ["--map-root-user"]
            command = ["unshare", "--uts"] + user_ns + [
                "sh", "-c", 'hostname "$0" && exec "$@"', host] + command
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, start_new_session=True)
        PROCS.append(self.proc)
        wait_for(name + " ready", lambda: self.proc.stdout.readline().startswith("ready"), 90)

    def send(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            if not line:
                fail(self.name + " ended")
            if line.startswith("ok " + command.split()[0]) or line.startswith("error"):
                return line

    def state(self):
        path = os.path.join(ROOT, self.name + "-state.json")
        self.send("state " + path)
        return json.load(open(path))

    def target(self, tid):
        return next((t for t in self.state()["targets"] if t["id"] == tid), None)

    def tap_target(self, tid):
        t = wait_for(tid + " on " + self.name, lambda: self.target(tid), 20)
        self.send("tap %d %d" % (t["x"] + t["w"] / 2, t["y"] + t["h"] / 2))
        self.send("wait 300")


def kiosk_dirs(name):
    dirs = {"data": os.path.join(ROOT, name), "keys": os.path.join(ROOT, name + "-keys"),
            "inbox": os.path.join(ROOT, name + "-inbox")}
    for d in dirs.values():
        os.makedirs(d)
    return dirs


def main():
    office_key = os.path.join(ROOT, "office.key")
    publish_key, publish_pub = os.path.join(ROOT, "publish.key"), os.path.join(ROOT, "publish.pub")
    pub_dirs, b_dirs = kiosk_dirs("publisher"), kiosk_dirs("kiosk-b")
    subprocess.run([PACK_TOOL, "keygen", "-p", os.path.join(pub_dirs["keys"], "office.pub"),
                    "-s", office_key], check=True, capture_output=True, timeout=60)
    shutil.copy(os.path.join(pub_dirs["keys"], "office.pub"), b_dirs["keys"])
    # What kiosk-sync-setup --publisher makes, and what the admin then installs on kiosk B.
    subprocess.run([PACK_TOOL, "keygen", "-p", publish_pub, "-s", publish_key], check=True,
                   capture_output=True, timeout=60)
    shutil.copy(publish_pub, os.path.join(b_dirs["keys"], PUBLISHER_HOST + ".pub"))
    pin_file = os.path.join(ROOT, "staff-pin")
    subprocess.run([PACK_TOOL, "set-pin", "--file", pin_file], input="%s\n%s\n" % (PIN, PIN),
                   text=True, check=True, capture_output=True, timeout=60)

    # The publisher has accepted a workbook: version 7, built here from the content folder.
    pack = os.path.join(ROOT, "v7.pack")
    subprocess.run([PACK_TOOL, "build", CONTENT, "-o", pack, "--version", "7"], check=True,
                   capture_output=True, timeout=300)
    subprocess.run([PACK_TOOL, "sign", pack, "-s", office_key], check=True, capture_output=True,
                   timeout=120)
    subprocess.run([PACK_TOOL, "import", pack, "--data-dir", pub_dirs["data"], "--keys",
                    pub_dirs["keys"]], check=True, capture_output=True, timeout=300)

    office = Syncthing("office")
    publisher_st, b_st = Syncthing("publisher-st"), Syncthing("kiosk-b-st")
    for kiosk in (publisher_st, b_st):
        office.pair(kiosk)
        kiosk.pair(office)
    office.folder("jbnm-packs", os.path.join(ROOT, "office-packs"), "sendreceive",
                  [publisher_st, b_st])
    publisher_st.folder("jbnm-packs", pub_dirs["inbox"], "sendreceive", [office])
    b_st.folder("jbnm-packs", b_dirs["inbox"], "receiveonly", [office])

    def config(dirs, more):
        path = os.path.join(ROOT, os.path.basename(dirs["data"]) + "-config.json")
        json.dump(dict({"data_dir": dirs["data"], "keys_dir": dirs["keys"],
                        "builtin_pack": BUILTIN, "mount_roots": [], "staff_pin_file": pin_file,
                        "sync_inbox": dirs["inbox"], "sync_stable_s": 2}, **more),
                  open(path, "w"))
        return path

    b = Kiosk("kiosk-b", config(b_dirs, {}))
    publisher = Kiosk("publisher", config(pub_dirs, {"publish_key": publish_key}),
                      host=PUBLISHER_HOST)
    for attempt in range(4):  # the corner gesture, retried on a slow machine
        for _ in range(5):
            publisher.send("tap 30 30")
        publisher.send("wait 400")
        if publisher.state()["screen"] == "staff_pin":
            break
        publisher.send("wait 3100")
    for digit in PIN:
        publisher.tap_target("staff.pin." + digit)
    publisher.tap_target("staff.pin.ok")
    publisher.tap_target("staff.publish")
    publisher.tap_target("staff.publish.confirm")

    def message():
        t = publisher.target("staff.message")
        return t["label"] if t and "Publishing" not in t["label"] else None
    said = wait_for("the publisher's result line", message, 120)
    if "Published version 7" not in said:
        fail("the publisher said: " + said)
    print("ok: the publisher published version 7 from its staff panel")

    published = os.path.join(pub_dirs["inbox"], PUBLISHER_HOST + ".pack")
    if not os.path.exists(published + ".minisig"):
        fail("no " + published + ".minisig")
    office_copy = os.path.join(ROOT, "office-packs", PUBLISHER_HOST + ".pack.minisig")
    wait_for("the published pack at the office", lambda: os.path.exists(office_copy), 180)
    print("ok: the published pack reached the office")

    current = os.path.join(b_dirs["data"], "current.db")
    b_log = os.path.join(b_dirs["data"], "logs", "kiosk.log")

    def imported_on_b():
        if "sync %s.pack: refused" % PUBLISHER_HOST in open(b_log, errors="replace").read():
            fail("kiosk B refused the published pack")
        return b.state()["pack"] == current
    wait_for("kiosk B to import the published pack", imported_on_b, 240)
    status = subprocess.run([PACK_TOOL, "status", "--data-dir", b_dirs["data"]],
                            capture_output=True, text=True, timeout=60)
    if "7" not in status.stdout:
        fail("kiosk B's status: " + status.stdout + status.stderr)
    if PUBLISHER_HOST + ".pack: installed version 7" not in open(b_log, errors="replace").read():
        fail("kiosk B's log does not name the published pack")
    print("ok: kiosk B, trusting the publisher's key, imported version 7")
    for k in (publisher, b):
        k.send("quit")
        k.proc.wait(timeout=30)


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
