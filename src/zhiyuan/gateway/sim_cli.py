"""``zhiyuan gateway-sim``: run the inquiry-network simulator as its own process (docs/gateway.md)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from zhiyuan.gateway.sim_http import serve
from zhiyuan.gateway.simulator import SimConfig


def parser() -> argparse.ArgumentParser:
    """The command's options; each maps to a :class:`SimConfig` field."""
    p = argparse.ArgumentParser(
        prog="zhiyuan gateway-sim",
        description="网络查控模拟服务 / simulator of the asset-inquiry network (docs/gateway.md)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port (printed on start)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--latency-ms", type=int, default=0, help="added to every protocol request")
    p.add_argument("--result-min-ms", type=int, default=50)
    p.add_argument("--result-max-ms", type=int, default=500)
    p.add_argument("--late-rate", type=float, default=0.0, help="share of class answers that come late")
    p.add_argument("--late-ms", type=int, default=2000)
    p.add_argument("--unanswered-rate", type=float, default=0.0, help="share of classes answered 'failed'")
    p.add_argument("--found-rate", type=float, default=0.5)
    p.add_argument("--fail-rate", type=float, default=0.0, help="share of attempts answered 503")
    p.add_argument("--drop-rate", type=float, default=0.0, help="share of attempts done but unanswered")
    p.add_argument("--dup-rate", type=float, default=0.0, help="share of results delivered twice")
    p.add_argument("--max-faults-per-key", type=int, default=2)
    p.add_argument("--rate-limit", type=float, default=0.0, help="requests per second; 0 = unlimited")
    p.add_argument("--burst", type=int, default=0)
    return p


def main(argv: list[str]) -> int:
    """Serve until SIGTERM or SIGINT."""
    args = vars(parser().parse_args(argv))
    host, port = args.pop("host"), args.pop("port")
    rates = ("late_rate", "unanswered_rate", "found_rate", "fail_rate", "drop_rate", "dup_rate")
    if any(not 0 <= args[r] <= 1 for r in rates) or args["latency_ms"] < 0:
        print("错误 error [invalid_option]: 比例须在 0–1 之间 / rates must lie in 0–1", file=sys.stderr)
        return 2
    try:
        server = serve(SimConfig(**args), host, port)
    except OSError as exc:
        print(f"错误 error [port_unavailable]: 端口不可用 / cannot listen: {exc}", file=sys.stderr)
        return 69

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(
        f"gateway-sim listening on http://{host}:{server.server_address[1]} seed={args['seed']}", flush=True
    )
    server.serve_forever(poll_interval=0.2)
    server.network.stopping.set()
    server.server_close()
    return 0
