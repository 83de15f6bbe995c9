"""One opened artifact shared by threads: the same results as one thread, with the GIL released."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import EXAMPLES

import crosscut

LINES = [
    line
    for line in (EXAMPLES / "dialogue.srt").read_text(encoding="utf-8").splitlines()
    if line and not line[0].isdigit()
] * 20


def annotations(artifact, text):
    return [(a.start, a.end, a.concept.id, a.how) for a in artifact.annotate(text, "en", to=["fr"])]


def test_eight_threads_annotating_give_the_results_of_one(bundle):
    expected = [annotations(bundle, line) for line in LINES]
    assert any(expected)
    barrier = threading.Barrier(8)

    def work(_):
        barrier.wait()
        return [annotations(bundle, line) for line in LINES]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert results == [expected] * 8


def test_threads_mix_lookups_tm_search_and_batches(bundle):
    expected = (
        [h.concept.id for h in bundle.lookup("rough cut", "en")],
        [m.target for m in bundle.tm_search(LINES[0], "en", "fr")],
        [[a.text for a in one] for one in bundle.annotate_batch(LINES, "en")],
    )

    def work(_):
        return (
            [h.concept.id for h in bundle.lookup("rough cut", "en")],
            [m.target for m in bundle.tm_search(LINES[0], "en", "fr")],
            [[a.text for a in one] for one in bundle.annotate_batch(LINES, "en")],
        )

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(work, range(16))) == [expected] * 16


def test_adding_while_others_search(bundle):
    artifact = crosscut.open(bundle.to_bytes())
    stop = threading.Event()
    errors = []

    def search():
        while not stop.is_set():
            try:
                artifact.tm_search("Roll camera!", "en", "fr")
            except Exception as e:  # pragma: no cover - the test fails below
                errors.append(e)

    readers = [threading.Thread(target=search) for _ in range(4)]
    for t in readers:
        t.start()
    for i in range(50):
        artifact.tm_add(f"Scene {i}, take one.", f"Séquence {i}, première prise.", "en", "fr")
    stop.set()
    for t in readers:
        t.join()
    assert errors == []
    assert artifact.info()["memory"]["pending"] == 50


def ticks_during(call):
    """Runs `call` while another thread records the time in a loop; returns the call's
    duration and the longest stretch in it without a tick."""
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(time.perf_counter())

    t = threading.Thread(target=tick)
    t.start()
    try:
        while not ticks:
            time.sleep(0.001)
        start = time.perf_counter()
        call()
        end = time.perf_counter()
    finally:
        done.set()
        t.join()
    inside = [start] + [x for x in ticks if start < x < end] + [end]
    return end - start, max(b - a for a, b in zip(inside, inside[1:]))


def test_a_long_call_releases_the_gil(bundle):
    """Another thread runs Python code while annotate works: a call that kept the GIL
    would leave one gap as long as itself. The text has no terms, so nearly all of the
    call is core work, and it grows until the call takes a good fraction of a second."""
    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 2000
    while True:
        duration, gap = ticks_during(lambda: bundle.annotate(text, "en"))
        if duration > 0.3 or len(text) * 2 > 16 << 20:
            break
        text *= 2
    assert gap < duration / 2, (gap, duration)
