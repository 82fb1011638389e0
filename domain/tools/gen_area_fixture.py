#!/usr/bin/env python3
"""Generate domain/tests/fixtures/geodesic_areas.json: reference areas for the area rules.

Each polygon's area comes from GeographicLib (Karney's reference implementation, PyPI
`geographiclib`), independently of the Rust crate, which must agree within 0.01 m² and
reach the same accept/refuse verdict (see domain/tests/geodesic_fixture.rs).

    pip install geographiclib
    python3 domain/tools/gen_area_fixture.py            # writes the fixture
    python3 domain/tools/gen_area_fixture.py --check    # verifies the committed one

The polygons are deterministic (fixed seed). All are simple (star-shaped around their
centre, angle gaps below 180°) and stay clear of the antimeridian, so the area alone
decides the verdict. Many sit within 0.001–5 m² of a limit on either side.
"""

import argparse
import json
import math
import random
import sys
from pathlib import Path

import geographiclib
from geographiclib.geodesic import Geodesic

SQUARE_MILE_M2 = 2_589_988.110336
# The same correctly rounded quotients as MIN_AREA_M2 / MAX_AREA_M2 in domain/src/limits.rs.
MIN_AREA_M2 = SQUARE_MILE_M2 / 40.0
MAX_AREA_M2 = SQUARE_MILE_M2 / 2.0
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LNG_EQUATOR = 111_320.0
OFFSETS_M2 = [-5.0, -1.0, -0.1, -0.01, -0.001, 0.001, 0.01, 0.1, 1.0, 5.0]
FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "geodesic_areas.json"


def area_m2(ring):
    """Unsigned geodesic area of a ring of [lng, lat], either winding."""
    polygon = Geodesic.WGS84.Polygon()
    for lng, lat in ring:
        polygon.AddPoint(lat, lng)
    _, _, signed = polygon.Compute(False, True)
    return abs(signed)


def verdict(area):
    if area < MIN_AREA_M2:
        return "area_too_small"
    if area > MAX_AREA_M2:
        return "area_too_large"
    return "accept"


def shape(rng, n, aspect):
    """Unit star shape: n (angle, radius factor) pairs, angles increasing, gaps < pi."""
    while True:
        cuts = sorted(rng.random() for _ in range(n))
        angles = [2 * math.pi * c for c in cuts]
        gaps = [b - a for a, b in zip(angles, angles[1:])] + [angles[0] + 2 * math.pi - angles[-1]]
        if max(gaps) < 0.9 * math.pi and min(gaps) > 1e-6:
            break
    radii = [rng.uniform(0.6, 1.4) for _ in range(n)]
    rotation = rng.uniform(0, 2 * math.pi)
    return [(a, r, aspect, rotation) for a, r in zip(angles, radii)]


def place(centre, unit, scale_m):
    lng0, lat0 = centre
    cos_lat = math.cos(math.radians(lat0))
    ring = []
    for angle, radius, aspect, rotation in unit:
        x = scale_m * radius * math.cos(angle) * aspect
        y = scale_m * radius * math.sin(angle)
        x, y = x * math.cos(rotation) - y * math.sin(rotation), x * math.sin(rotation) + y * math.cos(rotation)
        ring.append([lng0 + x / (M_PER_DEG_LNG_EQUATOR * cos_lat), lat0 + y / M_PER_DEG_LAT])
    return ring


def with_area(centre, unit, target):
    """Bisect on the scale until the ring's GeographicLib area is as close to target as
    doubles allow."""
    lo, hi = 0.0, 100.0
    while area_m2(place(centre, unit, hi)) < target:
        hi *= 2
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if area_m2(place(centre, unit, mid)) < target:
            lo = mid
        else:
            hi = mid
    best = min((lo, hi), key=lambda s: abs(area_m2(place(centre, unit, s)) - target))
    return place(centre, unit, best)


def vertex_count(rng, i):
    fixed = [3, 4, 5, 200, 199, 64, 3, 100]
    if i % 4 == 0:
        return fixed[(i // 4) % len(fixed)]
    return rng.choice([rng.randint(3, 12), rng.randint(3, 40), rng.randint(3, 200)])


def generate():
    rng = random.Random(20261128)
    polygons = []
    near = {"max": 0, "min": 0}  # per-limit counters, so each limit gets every offset
    for i in range(300):
        n = vertex_count(rng, i)
        lat = -85.0 + 170.0 * (i % 35) / 34 if i % 3 else rng.uniform(-85.0, 85.0)
        centre = (rng.uniform(-178.0, 178.0), lat)
        aspect = rng.choice([1.0, 1.0, 1.0, 0.3, 3.0, 8.0])
        unit = shape(rng, n, aspect)
        kind = i % 5
        if kind in (0, 1):
            target, label = MAX_AREA_M2 + OFFSETS_M2[near["max"] % len(OFFSETS_M2)], "near max"
            near["max"] += 1
        elif kind in (2, 3):
            target, label = MIN_AREA_M2 + OFFSETS_M2[near["min"] % len(OFFSETS_M2)], "near min"
            near["min"] += 1
        else:
            target = math.exp(rng.uniform(math.log(0.3 * MIN_AREA_M2), math.log(3 * MAX_AREA_M2)))
            label = "spread"
        ring = with_area(centre, unit, target)
        clockwise = i % 2 == 1
        if clockwise:
            ring.reverse()
        start = rng.randrange(n)
        ring = ring[start:] + ring[:start]
        if i % 3 != 2:
            ring.append(ring[0])  # RFC 7946 closes rings; the crate accepts both.
        area = area_m2(ring)
        polygons.append({
            "name": f"#{i} {label}, {n} vertices, lat {lat:.2f}, {'cw' if clockwise else 'ccw'}",
            "area_m2": area,
            "verdict": verdict(area),
            "coordinates": ring,
        })
    return {
        "about": "Geodesic areas (WGS84) from GeographicLib; generated by domain/tools/gen_area_fixture.py",
        "geographiclib": geographiclib.__version__,
        "min_area_m2": MIN_AREA_M2,
        "max_area_m2": MAX_AREA_M2,
        "polygons": polygons,
    }


def dump(fixture):
    # One polygon per line: readable diffs, and Python's float repr round-trips exactly.
    head = {k: v for k, v in fixture.items() if k != "polygons"}
    lines = [json.dumps(p, separators=(",", ":")) for p in fixture["polygons"]]
    body = json.dumps(head, indent=1)[:-2] + ',\n "polygons": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"
    json.loads(body)
    return body


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the committed fixture instead")
    args = parser.parse_args()
    text = dump(generate())
    if args.check:
        if FIXTURE.read_text() != text:
            sys.exit(f"{FIXTURE} differs from what the generator produces")
        print("fixture up to date")
        return
    FIXTURE.write_text(text)
    data = json.loads(text)["polygons"]
    counts = {}
    for p in data:
        counts[p["verdict"]] = counts.get(p["verdict"], 0) + 1
    print(f"wrote {len(data)} polygons to {FIXTURE}: {counts}")


if __name__ == "__main__":
    main()
