"""What every bench reports: percentiles of timed samples."""

from __future__ import annotations


def percentiles(samples_ns: list[int]) -> dict[str, float]:
    """p50, p99 and max of nanosecond samples, in microseconds, and their count."""
    ordered = sorted(samples_ns)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000

    return {
        "p50_us": round(pick(0.50), 1),
        "p99_us": round(pick(0.99), 1),
        "max_us": round(ordered[-1] / 1000, 1),
        "count": len(ordered),
    }
