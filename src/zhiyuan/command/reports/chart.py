"""Bar charts as PNG images for the DOCX report, drawn pixel by pixel (zlib and struct only): the report
needs a few bars per month, not a plotting library and its fonts. The image carries no text — the caption
under it and the table beside it name the values — so Chinese labels need no font on the server."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

#: the series' colours (RGB): blue, orange, green, as the overview's ECharts palette starts
COLOURS = ((84, 112, 198), (250, 200, 88), (145, 204, 117))
AXIS = (96, 96, 96)
GRID = (228, 228, 228)
WHITE = (255, 255, 255)


class Canvas:
    """An RGB image filled with white."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(WHITE * (width * height))

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour: tuple[int, int, int]) -> None:
        """Fill ``[x0, x1) × [y0, y1)`` (clipped to the image)."""
        x0, x1 = max(0, min(x0, x1)), min(self.width, max(x0, x1))
        y0, y1 = max(0, min(y0, y1)), min(self.height, max(y0, y1))
        if x0 >= x1:
            return
        line = bytes(colour) * (x1 - x0)
        for y in range(y0, y1):
            start = (y * self.width + x0) * 3
            self.pixels[start : start + len(line)] = line

    def png(self) -> bytes:
        """The image as PNG (8-bit RGB, no interlace, 96 dpi)."""
        stride = self.width * 3
        raw = b"".join(
            b"\x00" + bytes(self.pixels[y * stride : (y + 1) * stride]) for y in range(self.height)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        dpi = struct.pack(">IIB", 3780, 3780, 1)  # 96 dpi in pixels per metre
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"pHYs", dpi)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def bars(series: Sequence[Sequence[float]], width: int = 720, height: int = 280) -> bytes:
    """Grouped bars: one group per position (a month, a court), one bar per series, on a common scale from
    zero with four grid lines. Negative and missing values draw as zero."""
    canvas = Canvas(width, height)
    left, right, top, bottom = 24, 8, 8, 16
    plot_w, plot_h = width - left - right, height - top - bottom
    groups = max((len(s) for s in series), default=0)
    top_value = max((max(s, default=0) for s in series), default=0) or 1
    for i in range(1, 5):
        y = top + plot_h - round(plot_h * i / 4)
        canvas.rect(left, y, left + plot_w, y + 1, GRID)
    if groups:
        slot = plot_w / groups
        bar = max(1, int(slot * 0.8 / max(len(series), 1)))
        for g in range(groups):
            x = left + int(g * slot + slot * 0.1)
            for k, s in enumerate(series):
                value = max(float(s[g]) if g < len(s) and s[g] else 0.0, 0.0)
                h = round(plot_h * value / top_value)
                colour = COLOURS[k % len(COLOURS)]
                canvas.rect(x + k * bar, top + plot_h - h, x + (k + 1) * bar - 1, top + plot_h, colour)
    canvas.rect(left, top + plot_h, left + plot_w, top + plot_h + 2, AXIS)
    canvas.rect(left - 2, top, left, top + plot_h + 2, AXIS)
    return canvas.png()
