#!/usr/bin/env python3
# tests/decktheme/brand/images.py: writes the pictures of the test themes (run
# once; the PNGs are committed): bg.png, a 1920x1080 background (a light
# diagonal wash, a thin navy rule at the foot, a pale disc at the right),
# logo.png and logo-white.png, a 480x160 mark of three squares and a bar
# on a transparent ground, navy for light slides and white for dark ones.
# Only the standard library: PNG chunks written by hand.
import struct
import zlib


def png(path, w, h, pixel, alpha):
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            rows.extend(pixel(x, y))
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    head = struct.pack(">IIBBBBB", w, h, 8, 6 if alpha else 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head)
                + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def bg(x, y):
    if y >= 1068:
        return (0x1a, 0x44, 0x80)
    t = (x / 1920 + y / 1080) / 2
    r, g, b = 255 - 20 * t, 255 - 14 * t, 255 - 6 * t
    dx, dy = x - 1700, y - 300
    if dx * dx + dy * dy < 420 * 420:
        r, g, b = r - 10, g - 6, b - 2
    return (int(r), int(g), int(b))


def mark(colours):
    def pixel(x, y):
        for i, c in enumerate(colours[:3]):
            x0 = 10 + i * 110
            if x0 <= x < x0 + 96 and 10 <= y < 106:
                return c + (255,)
        if 10 <= x < 316 and 122 <= y < 150:
            return colours[3] + (255,)
        if 340 <= x < 470 and 10 <= y < 150 and (x - 340) // 26 % 2 == 0:
            return colours[0] + (255,)
        return (0, 0, 0, 0)
    return pixel


png("bg.png", 1920, 1080, bg, False)
png("logo.png", 480, 160,
    mark([(0x1a, 0x44, 0x80), (0x2f, 0x6f, 0xc0), (0x7f, 0xb2, 0xff), (0xe0, 0x60, 0x20)]), True)
png("logo-white.png", 480, 160,
    mark([(0xff, 0xff, 0xff), (0xc8, 0xd8, 0xff), (0x9f, 0xc2, 0xff), (0xff, 0x9a, 0x50)]), True)
