"""Soak test: `strategibot serve` (HTTP mode, its own process) under a steady stream of signed events,
commands and button clicks from a local stand-in for Slack, while the content is reindexed every 10 s,
a generation file is damaged once, the Web API hangs or loses a few posts, and idle connections are held.

    python scripts/soak.py [--seconds 120] [--rate 20] [--idle 1000]

Prints acks under 3 s, answers posted, duplicates, lost, p50/p99 ack and answer times and the bot's
peak RSS; exits 1 unless every request was acked under 3 s with no answer lost or duplicated.
Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

from bot import messages  # noqa: E402
from tests.slack_standin import WebAPI  # noqa: E402

SECRET = "soak-signing-secret"
QUESTIONS = ["När beslutar regionstyrelsen?", "Hur många partner har Baltic Master II?",
             "Vilka projekt tjänar insatsområde 3?", "Vem är projektägare för Moment?",
             "Vad kostar en kanelbulle i Karlshamn?", "Which countries take part in East West TC II?"]
ACK_LIMIT = 3.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


class Soak:
    """One run: the bot process, the stand-in, the senders and what they saw."""

    def __init__(self, args: argparse.Namespace, tmp: Path) -> None:
        self.args = args
        self.tmp = tmp
        self.api = WebAPI(hang_seconds=3.0)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.content, self.index = tmp / "content", tmp / "index"
        shutil.copytree(ROOT / "content", self.content)
        self.env = dict(os.environ, SLACK_BOT_TOKEN="xoxb-soak", SLACK_SIGNING_SECRET=SECRET,
                        STRATEGIBOT_SLACK_API_URL=self.api.url, STRATEGIBOT_CONTENT=str(self.content),
                        STRATEGIBOT_INDEX=str(self.index), STRATEGIBOT_DATA=str(tmp / "data"),
                        STRATEGIBOT_HTTP_TIMEOUT="2")
        self.env.pop("SLACK_APP_TOKEN", None)
        self.lock = threading.Lock()
        self.acks: list[tuple[str, str, int, float]] = []  # kind, key, status, seconds
        self.sent_at: dict[str, float] = {}  # thread ts of a mention → when it was sent
        self.reindexes: list[bool] = []
        self.damaged: str | None = None
        self.peak_rss_kb = 0

    def run(self) -> int:
        self.bot_command("index")
        with open(self.tmp / "bot.log", "wb") as bot_log:
            bot = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port",
                                    str(self.port)], env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=bot_log)
        held: list[socket.socket] = []
        stop = threading.Event()
        try:
            self.wait_healthy()
            held = self.hold_idle(self.args.idle)
            too_large = self.oversized(4)
            watchers = [threading.Thread(target=self.watch_rss, args=(bot.pid, stop), daemon=True),
                        threading.Thread(target=self.reindex_every, args=(10.0, stop), daemon=True)]
            for t in watchers:
                t.start()
            self.send_for(self.args.seconds)
            stop.set()
            for t in watchers:
                t.join(60)
            healthy = self.healthz()
            return self.report(self.collect(grace=30.0), too_large, healthy)
        finally:
            stop.set()
            for s in held:
                s.close()
            bot.terminate()
            bot.wait(10)
            self.api.close()

    def bot_command(self, *args: str) -> bool:
        proc = subprocess.run([sys.executable, "-m", "bot", *args], env=self.env, cwd=ROOT, capture_output=True,
                              timeout=120, check=False)
        return proc.returncode == 0

    def healthz(self) -> dict:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=ACK_LIMIT) as resp:
                return json.loads(resp.read())
        except OSError as exc:
            return {"ok": False, "error": str(exc)}

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.healthz().get("ok"):
                return
            time.sleep(0.1)
        raise SystemExit("the bot did not come up; see its log")

    def hold_idle(self, n: int) -> list[socket.socket]:
        """`n` connections that send nothing, or half a request, and stay open."""
        held = []
        for i in range(n):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            if i % 2:
                s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: soak\r\nContent-Length: 100\r\n")
            held.append(s)
        return held

    def oversized(self, n: int) -> int:
        """Send `n` requests announcing 100 MB bodies; how many were refused with 413."""
        refused = 0
        for _ in range(n):
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
                s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: soak\r\nContent-Length: 104857600\r\n\r\n")
                try:
                    s.sendall(b"x" * (1 << 20))
                except OSError:
                    pass  # the server closed the connection: it read no further
                refused += s.makefile("rb").readline().startswith(b"HTTP/1.1 413")
        return refused

    def watch_rss(self, pid: int, stop: threading.Event) -> None:
        while not stop.wait(0.25):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_rss_kb = max(self.peak_rss_kb, int(line.split()[1]))
            except OSError:
                return

    def reindex_every(self, seconds: float, stop: threading.Event) -> None:
        n = 0
        while not stop.wait(seconds):
            n += 1
            faq = self.content / "faq.yaml"
            faq.write_text(faq.read_text(encoding="utf-8") + f"# soak edit {n}\n", encoding="utf-8")
            self.reindexes.append(self.bot_command("index", "--wait", "30"))
            if n == 1:
                self.damage()

    def damage(self) -> None:
        """Truncate a segment file of the serving generation."""
        current = (self.index / "CURRENT").read_text(encoding="utf-8").strip()
        segment = next(p for p in (self.index / current).iterdir() if p.suffix == ".seg")
        os.truncate(segment, segment.stat().st_size // 2)
        self.damaged = current

    def post(self, kind: str, key: str, body: str, content_type: str) -> None:
        ts = str(int(time.time()))
        signature = SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)
        request = urllib.request.Request(self.url + "/slack/events", data=body.encode(), method="POST", headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                status = resp.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = 0
        with self.lock:
            self.acks.append((kind, key, status, time.monotonic() - started))

    def send(self, n: int) -> None:
        roll = n % 10
        question = QUESTIONS[n % len(QUESTIONS)]
        if roll < 8:
            ts = f"{1800000000 + n}.000100"
            event = {"type": "app_mention", "user": f"U{n % 50:04d}", "text": f"<@UBOT0001> {question}", "ts": ts,
                     "channel": "CSOAK", "event_ts": ts}
            body = json.dumps({"type": "event_callback", "event_id": f"EvSoak{n}", "team_id": "T0001",
                               "api_app_id": "A0001", "event": event})
            with self.lock:
                self.sent_at[ts] = time.monotonic()
            self.post("event", ts, body, "application/json")
        elif roll == 8:
            form = {"team_id": "T0001", "channel_id": f"CCMD{n}", "user_id": "U0SOAK", "command": "/strategi",
                    "text": question, "trigger_id": f"t.{n}", "api_app_id": "A0001",
                    "response_url": self.api.hook(f"CCMD{n}")}
            self.post("command", f"CCMD{n}", urllib.parse.urlencode(form), "application/x-www-form-urlencoded")
        else:
            payload = {"type": "block_actions", "user": {"id": "U0SOAK"}, "channel": {"id": f"CVOTE{n}"},
                       "trigger_id": f"t.{n}", "response_url": self.api.hook(f"CVOTE{n}"), "actions": [{"action_id": "feedback_up", "type": "button",
                                                             "value": json.dumps({"q": question, "f": True})}]}
            self.post("click", f"CVOTE{n}", urllib.parse.urlencode({"payload": json.dumps(payload)}),
                      "application/x-www-form-urlencoded")

    def send_for(self, seconds: float) -> None:
        total = int(seconds * self.args.rate)
        faults = sorted(random.Random(9).sample(range(total), min(total, 2 * self.args.faults)))
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=64) as pool:
            for n in range(total):
                if n in faults:  # the next post hangs, or is made but its response lost
                    self.api.fault("chat.postMessage", "hang" if faults.index(n) % 2 else "lose")
                delay = started + n / self.args.rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(self.send, n)

    def collect(self, grace: float) -> dict:
        """Wait up to `grace` s for every acked mention to get its one answer, then count."""
        deadline = time.monotonic() + grace
        acked = {key for kind, key, status, _ in self.acks if kind == "event" and status == 200}
        while time.monotonic() < deadline:
            answered = {m["thread_ts"] for m in list(self.api.messages) if m["channel"] == "CSOAK"}
            if acked <= answered:
                break
            time.sleep(0.2)
        time.sleep(2.0)  # late duplicates would arrive now
        posts: dict[str, list[dict]] = {}
        for m in list(self.api.messages):
            if m["channel"] == "CSOAK":
                posts.setdefault(m["thread_ts"], []).append(m)
        busy = messages.slack("busy")
        answer_times = [posts[ts][0]["received"] - self.sent_at[ts] for ts in acked if ts in posts]
        # commands and clicks are answered through their response_url (or, without one, ephemerally)
        ephemeral = {d.get("channel") for d in self.api.of("chat.postEphemeral")}
        ephemeral |= {d.get("hook") for d in self.api.of("response_url")}
        return {"acked": acked, "posts": posts, "busy": sum(1 for p in posts.values() if p[0]["text"] == busy),
                "answer_times": answer_times, "ephemeral": ephemeral}

    def report(self, seen: dict, too_large: int, healthy: dict) -> int:
        acks = [seconds for _, _, status, seconds in self.acks if status == 200]
        slow = sum(1 for _, _, status, seconds in self.acks if status != 200 or seconds >= ACK_LIMIT)
        lost = len(seen["acked"] - set(seen["posts"]))
        duplicated = sum(1 for p in seen["posts"].values() if len(p) > 1)
        others = [(kind, key) for kind, key, status, _ in self.acks if kind != "event" and status == 200]
        others_lost = sum(1 for _, key in others if key not in seen["ephemeral"])
        rows = [
            ("duration / rate", f"{self.args.seconds:.0f} s at {self.args.rate:g} requests/s "
                                f"({len(self.acks)} sent: mentions, /strategi, 👍 clicks)"),
            ("idle / slow connections held", str(self.args.idle)),
            ("acks under 3 s", f"{len(self.acks) - slow}/{len(self.acks)}"),
            ("ack p50 / p99 / max", f"{percentile(acks, 50) * 1000:.0f} / {percentile(acks, 99) * 1000:.0f} / "
                                    f"{max(acks, default=0) * 1000:.0f} ms"),
            ("answers posted (mentions)", f"{len(seen['posts'])}/{len(seen['acked'])} "
                                          f"({seen['busy']} of them the busy notice)"),
            ("duplicates", str(duplicated)),
            ("lost", f"{lost} (commands and clicks without a reply: {others_lost})"),
            ("answer p50 / p99", f"{percentile(seen['answer_times'], 50) * 1000:.0f} / "
                                 f"{percentile(seen['answer_times'], 99) * 1000:.0f} ms"),
            ("Web API faults injected", f"{min(len(self.acks), 2 * self.args.faults)} (hung or lost chat.postMessage)"),
            ("reindexes", f"{sum(self.reindexes)}/{len(self.reindexes)} ok; damaged once: {self.damaged}"),
            ("100 MB bodies refused (413)", f"{too_large}/4"),
            ("healthz at the end", f"ok={healthy.get('ok')} "
                                   f"generation={(healthy.get('index') or {}).get('generation')}"),
            ("peak RSS (bot process)", f"{self.peak_rss_kb / 1024:.0f} MB"),
        ]
        width = max(len(r[0]) for r in rows)
        for name, value in rows:
            print(f"{name:<{width}}  {value}")
        ok = slow == 0 and lost == 0 and duplicated == 0 and others_lost == 0 and healthy.get("ok")
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="how long to send (default 120)")
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second (default 20)")
    parser.add_argument("--idle", type=int, default=1000, help="idle or slow connections held open (default 1000)")
    parser.add_argument("--faults", type=int, default=5, help="hung and lost chat.postMessage calls, each (default 5)")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 3600 or not 0 < args.rate <= 200 or not 0 <= args.idle <= 3000:
        parser.error("keep --seconds in 1..3600, --rate in 0..200 and --idle in 0..3000")
    with tempfile.TemporaryDirectory(prefix="strategibot-soak-") as tmp:
        return Soak(args, Path(tmp)).run()


if __name__ == "__main__":
    sys.exit(main())
