"""Throughput of ``zhiyuan law casenum --batch`` against a same-run peer.

The peer is the floor any JSON Lines tool pays: a process that decodes each line and writes it back with
the same JSON library (orjson), doing no parsing of case numbers. The ratio says how much the rule costs
on top of reading and writing. Start-up time (one run with no input) is subtracted from both.

    .venv/bin/python benchmarks/law_batch.py [--lines 200000] [--repeat 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
PEER = "import sys, orjson\nw = sys.stdout.buffer.write\nfor line in sys.stdin.buffer:\n    w(orjson.dumps(orjson.loads(line)) + b'\\n')\n"
COURTS = ["黔", "黔01", "黔0102", "黔0221", "黔2301", "京04", "粤0703", "最高法", "川0104"]
TYPES = ["执", "执恢", "执异", "执复", "民初", "民终", "民诉前调", "诉前调确", "破申", "刑初", "行初"]


def case_numbers(n: int, seed: int) -> list[str]:
    """A realistic mix: canonical, half-width, spaced, legacy, suffixed and broken numbers."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        year = rng.randint(2010, 2026)
        court, kind, seq = rng.choice(COURTS), rng.choice(TYPES), rng.randint(1, 30000)
        roll = rng.random()
        if roll < 0.5:
            text = f"（{year}）{court}{kind}{seq}号"
        elif roll < 0.7:
            text = f"({year}){court}{kind}{seq}号"
        elif roll < 0.8:
            text = f"〔{year}〕 {court} {kind} 第{seq:05d}号"
        elif roll < 0.9:
            text = f"（{min(year, 2015)}）{court}{kind}字第{seq}号"
        elif roll < 0.95:
            text = f"（{year}）{court}{kind}{seq}-{rng.randint(1, 3)}号"
        else:
            text = f"{court}{kind}{seq}"  # missing year: ok=false
        out.append(json.dumps({"text": text}, ensure_ascii=False))
    return out


def timed(cmd: list[str], data: Path) -> float:
    with data.open("rb") as inp:
        start = time.perf_counter()
        subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    env_cmd = [str(BIN / "zhiyuan"), "law", "casenum", "--batch", "--reference", "files"]
    peer_cmd = [sys.executable, "-c", PEER]
    with tempfile.TemporaryDirectory() as tmp:
        data, empty = Path(tmp) / "in.jsonl", Path(tmp) / "empty.jsonl"
        data.write_text("\n".join(case_numbers(args.lines, args.seed)) + "\n", encoding="utf-8")
        empty.write_text("", encoding="utf-8")
        results = {}
        for name, cmd in (("zhiyuan", env_cmd), ("peer", peer_cmd)):
            startup = min(timed(cmd, empty) for _ in range(args.repeat))
            best = min(timed(cmd, data) for _ in range(args.repeat))
            results[name] = {
                "startup_s": round(startup, 3),
                "total_s": round(best, 3),
                "per_second": round(args.lines / max(best - startup, 1e-9)),
            }
    report = {
        "benchmark": "law casenum --batch",
        "lines": args.lines,
        "machine": {
            "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
        },
        "zhiyuan": results["zhiyuan"],
        "peer_json_roundtrip": results["peer"],
        "ratio_zhiyuan_to_peer_time": round(
            (results["zhiyuan"]["total_s"] - results["zhiyuan"]["startup_s"])
            / max(results["peer"]["total_s"] - results["peer"]["startup_s"], 1e-9),
            2,
        ),
        "target_per_second": 50_000,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
