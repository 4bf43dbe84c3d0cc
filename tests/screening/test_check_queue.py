"""The template checks' fair queue: one at a time, the smallest waiting file first, one place
per user, and whoever waits is told."""

from __future__ import annotations

import threading
import time

from screening.intake import check_queue


def test_a_small_file_goes_before_a_big_one_and_the_waiting_are_told() -> None:
    order: list[str] = []
    told: dict[str, int] = {}
    holding = threading.Event()
    release = threading.Event()

    def big_first() -> None:
        with check_queue.turn("anna", 24_000_000):
            holding.set()
            release.wait(10)
            order.append("anna-1")

    def ask(owner: str, name: str, size: int) -> None:
        with check_queue.turn(owner, size, waiting=lambda ahead: told.setdefault(name, ahead)):
            order.append(name)

    first = threading.Thread(target=big_first)
    first.start()
    assert holding.wait(10)
    others = [
        threading.Thread(target=ask, args=("anna", "anna-2", 24_000_000)),
        threading.Thread(target=ask, args=("bo", "bo", 40_000)),
    ]
    for thread in others:
        thread.start()
    deadline = time.monotonic() + 10
    while check_queue.waiting_count() < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert order == ["anna-1", "bo", "anna-2"]
    assert told["bo"] == 1  # one check ahead of it when it queued
    assert told["anna-2"] >= 1


def test_one_place_per_user() -> None:
    inside = threading.Event()
    release = threading.Event()
    order: list[int] = []

    def check(number: int, hold: bool) -> None:
        with check_queue.turn("carl", 1_000):
            if hold:
                inside.set()
                release.wait(10)
            order.append(number)

    first = threading.Thread(target=check, args=(1, True))
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=check, args=(2, False))
    third = threading.Thread(target=check, args=(3, False))
    second.start()
    time.sleep(0.1)
    third.start()
    time.sleep(0.1)
    assert check_queue.waiting_count() == 1  # carl's third waits for a place, not in the queue
    release.set()
    for thread in (first, second, third):
        thread.join(10)
    assert order == [1, 2, 3]
