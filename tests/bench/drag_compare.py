#!/usr/bin/env python3
"""Issue 18 parts 2 and 3, side by side in one run: the kiosk on its two render paths (OpenGL on
this machine's GL, and the CPU renderer) against the anchors in ../shared/anchors (Qt Quick
software and OpenGL, a Chromium kiosk page), each measured the anchors' way: a fresh Xvfb
1920x1080x24, start = launch to the READY/`ready` line, PSS 3 s later, idle CPU, then the shared
XTest drag stroke (xtest_drags.py: press, 18 moves at 60/s, release, 0.3 s, alternating, 10 s)
over the members grid: process CPU (100 = one core) and frames drawn.

Usage: drag_compare.py --kiosk BIN --pack PACK [--rounds N] [--anchors DIR] [--only kiosk]
Prints one JSON line per measurement to stderr as it goes, then one JSON summary line (medians)
on stdout. Sections: helpers · one kiosk measurement · anchors · main."""
import argparse, json, os, select, shutil, signal, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# --- helpers ---


def free_display(start=160):
    d = start
    while os.path.exists(f"/tmp/.X11-unix/X{d}") or os.path.exists(f"/tmp/.X{d}-lock"):
        d += 1
    return d


def start_xvfb(d):
    x = subprocess.Popen(["Xvfb", f":{d}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-noreset"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if os.path.exists(f"/tmp/.X11-unix/X{d}"):
            time.sleep(0.2)
            return x
        time.sleep(0.05)
    x.kill()
    raise RuntimeError(f"Xvfb :{d} did not start")


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def pss_mb(pid):
    for line in open(f"/proc/{pid}/smaps_rollup"):
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def loadavg():
    return float(open("/proc/loadavg").read().split()[0])


class Kiosk:
    """The kiosk with `--replay -`: commands on stdin, `ok`/`error` lines on stdout."""

    def __init__(self, args, env):
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(args + ["--replay", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1)
        line = self.read_line(60)
        if not line.startswith("ready"):
            raise RuntimeError(f"kiosk did not print ready: {line!r}")
        self.start_ms = (time.monotonic() - self.t0) * 1000
        self.self_ready_ms = float(line.split()[1])

    def read_line(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            r, _, _ = select.select([self.p.stdout], [], [], 0.5)
            if r:
                line = self.p.stdout.readline()
                if not line:
                    raise RuntimeError("kiosk exited")
                return line.strip()
        raise RuntimeError("kiosk did not answer")

    def send(self, command):
        self.p.stdin.write(command + "\n")
        self.p.stdin.flush()
        while True:
            line = self.read_line(30)
            if line.startswith("ok " + command.split()[0]) or line.startswith("error"):
                return line

    def state(self, work):
        path = os.path.join(work, "state.json")
        self.send(f"state {path}")
        return json.load(open(path))

    def tap_target(self, work, target_id):
        for t in self.state(work)["targets"]:
            if t["id"] == target_id:
                self.send(f"tap {t['x'] + t['w'] / 2:.0f} {t['y'] + t['h'] / 2:.0f}")
                return
        raise RuntimeError(f"no target {target_id} on screen")


# --- one kiosk measurement ---


def measure_kiosk(kiosk_bin, pack, renderer, anchors, work, settle_s, idle_s, drag_s):
    sys.path.insert(0, anchors)
    from xtest_drags import xtest_drags, cpu_ticks, HZ
    d = free_display()
    xvfb = start_xvfb(d)
    env = dict(os.environ, DISPLAY=f":{d}")
    config = os.path.join(work, "config.json")
    data = os.path.join(work, "data")
    os.makedirs(data, exist_ok=True)
    json.dump({"font_cache_dir": os.path.join(work, "fonts"), "data_dir": data,
               "visitor_statistics": False}, open(config, "w"))
    args = [kiosk_bin, "--pack", pack, "--window", "1920x1080", "--renderer", renderer, "--config", config]
    k = None
    try:
        Kiosk(args, env).send("quit")  # warm-up: font cache and GL probe, not measured
        res = {"app": "kiosk", "renderer": renderer, "load_at_start": loadavg()}
        k = Kiosk(args, env)
        res["start_to_ready_ms"] = round(k.start_ms, 1)
        res["ready_self_ms"] = k.self_ready_ms
        k.send("tap 960 540")  # attract -> home
        k.send("wait 700")
        k.tap_target(work, "home.members")
        k.send("wait 1000")
        time.sleep(settle_s)
        pid = k.p.pid
        res["pss_mb"] = round(pss_mb(pid), 1)
        f0, t0, w0 = k.state(work)["frames"], cpu_ticks(pid), time.monotonic()
        time.sleep(idle_s)
        f1, t1, w1 = k.state(work)["frames"], cpu_ticks(pid), time.monotonic()
        res["idle_cpu_pct"] = round((t1 - t0) / HZ / (w1 - w0) * 100, 2)
        res["idle_frames"] = f1 - f0
        x0 = cpu_ticks(xvfb.pid)
        f0, t0, w0 = k.state(work)["frames"], cpu_ticks(pid), time.monotonic()
        xtest_drags(f":{d}", 960, 850, 350, drag_s)
        st = k.state(work)
        f1, t1, w1 = st["frames"], cpu_ticks(pid), time.monotonic()
        res["drag_cpu_pct"] = round((t1 - t0) / HZ / (w1 - w0) * 100, 1)
        res["xvfb_drag_cpu_pct"] = round((cpu_ticks(xvfb.pid) - x0) / HZ / (w1 - w0) * 100, 1)
        res["drag_frames"] = f1 - f0
        res["drag_fps"] = round((f1 - f0) / (w1 - w0), 1)
        res["pss_after_drag_mb"] = round(pss_mb(pid), 1)
        res["frame_cpu_ms"] = st.get("frame_cpu_ms", {})
        res["render"] = st.get("render", {})
        res["draw"] = st.get("draw", {})
        res["screen"] = st.get("screen")
        # The same stroke over the highlights grid, whose cards each carry a photo (the members'
        # cards carry a logo at most), as every card of the anchors does.
        k.tap_target(work, "nav.home")
        k.send("wait 700")
        k.tap_target(work, "home.highlights")
        k.send("wait 1500")
        f0, t0, w0 = k.state(work)["frames"], cpu_ticks(pid), time.monotonic()
        xtest_drags(f":{d}", 960, 850, 350, drag_s)
        st2 = k.state(work)
        f1, t1, w1 = st2["frames"], cpu_ticks(pid), time.monotonic()
        res["photos_drag_cpu_pct"] = round((t1 - t0) / HZ / (w1 - w0) * 100, 1)
        res["photos_drag_fps"] = round((f1 - f0) / (w1 - w0), 1)
        res["photos_render"] = st2.get("render", {})
        if renderer == "software":  # per screen: what a full frame writes, from the draw data
            res["screens"] = per_screen_pixels(k, work)
        k.send("quit")
        k.p.wait(10)
        return res
    finally:
        if k:
            stop(k.p)
        stop(xvfb)


def per_screen_pixels(k, work):
    """Each main screen once: the pixels a full redraw writes (sum of the primitives' clipped
    boxes) and that over the screen's area (overdraw)."""
    out = {}
    for tile in ("home.members", "home.highlights", "home.projects", "home.experts", "home.timeline",
                 "home.about", "nav.search"):
        k.tap_target(work, "nav.home")
        k.send("wait 600")
        k.tap_target(work, tile)
        k.send("wait 900")
        st = k.state(work)
        frame = st.get("render", {}).get("frame", {})
        area = st["window"]["w"] * st["window"]["h"]
        out[st["screen"]] = {"frame_box_pixels": frame.get("frame_box_pixels"),
                             "overdraw": round(frame.get("frame_box_pixels", 0) / area, 2),
                             "vertices": st.get("draw", {}).get("vertices")}
    return out


# --- anchors: their own scripts, one JSON line each ---


def measure_anchor(anchors, which):
    if which == "chromium":
        cmd = [os.path.join(anchors, "web-kiosk", "measure.sh"), "80"]
    else:
        cmd = [os.path.join(anchors, "qt-quick", "measure.sh"), "80", which]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    for line in reversed(out.stdout.strip().splitlines()):
        if line.startswith("{"):
            res = json.loads(line)
            res["app"] = "chromium" if which == "chromium" else f"qt-{which}"
            return res
    raise RuntimeError(f"{cmd} printed no JSON: {out.stderr[-400:]}")


# --- main ---


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiosk", required=True)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--anchors", default=os.path.join(ROOT, "..", "shared", "anchors"))
    ap.add_argument("--only", choices=["kiosk", "all"], default="all")
    ap.add_argument("--settle-s", type=float, default=3)
    ap.add_argument("--idle-s", type=float, default=5)
    ap.add_argument("--drag-s", type=float, default=10)
    a = ap.parse_args()
    anchors = os.path.abspath(a.anchors)
    if not os.path.exists(os.path.join(anchors, "xtest_drags.py")):
        sys.exit(f"drag_compare: no xtest_drags.py in {anchors} (pass --anchors)")
    subjects = [("kiosk", "gl"), ("kiosk", "software")]
    if a.only == "all":
        subjects += [("anchor", "software"), ("anchor", "default"), ("anchor", "chromium")]
    runs = []
    work = tempfile.mkdtemp(prefix="drag-compare-")
    try:
        for r in range(a.rounds):
            for kind, which in subjects:  # interleaved: each round measures every subject once
                try:
                    res = (measure_kiosk(a.kiosk, a.pack, which, anchors, work, a.settle_s, a.idle_s, a.drag_s)
                           if kind == "kiosk" else measure_anchor(anchors, which))
                except Exception as e:  # one failed subject does not lose the others
                    res = {"app": f"{kind}-{which}", "error": str(e)}
                res["round"] = r
                print(json.dumps(res, ensure_ascii=False), file=sys.stderr, flush=True)
                runs.append(res)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {}
    for res in runs:
        if "error" in res:
            continue
        name = res["app"] + ("-" + res["renderer"] if res["app"] == "kiosk" else "")
        s = summary.setdefault(name, {})
        for key in ("start_to_ready_ms", "start_to_painted_ms", "pss_mb", "idle_cpu_pct", "drag_cpu_pct",
                    "scroll_cpu_pct", "drag_fps", "scroll_events_per_s", "xvfb_drag_cpu_pct",
                    "photos_drag_cpu_pct", "photos_drag_fps"):
            if isinstance(res.get(key), (int, float)):
                s.setdefault(key, []).append(res[key])
    out = {name: {k: round(statistics.median(v), 2) for k, v in s.items()} for name, s in summary.items()}
    print(json.dumps({"drag_compare": out, "runs": len(runs), "load_end": loadavg()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
