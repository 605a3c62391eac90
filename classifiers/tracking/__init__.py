"""Rectification tracking: did the later report deal with each feedback point, and how far?

`track(items, documents)` aligns each problem/recommendation of an inspection with the sentences
of one or several later reports (`align`), decides addressed / not addressed and resolved /
in progress (`decide`), splits compound points into parts (`parts`) and keeps the history over
several reports (`tracker`).
"""
from __future__ import annotations

from .tracker import Evidence, TrackedPoint, Verdict, track, track_report

__all__ = ["track", "track_report", "TrackedPoint", "Verdict", "Evidence"]
