"""Rendering is used by the threads of one gunicorn worker at once."""

import threading

from forum.rendering import render_markdown

TEXTS = [
    f"> quote {n}\n\n- one *{n}*\n- two **{n}**\n\n<b>raw {n}</b> [link](https://example.org/{n})"
    for n in range(40)
]


def test_rendering_in_many_threads_at_once_gives_what_one_thread_gives():
    """A parser shared between threads corrupts its state: every thread must get exactly the
    HTML a lone call gives, and none may raise."""
    expected = {text: render_markdown(text) for text in TEXTS}
    errors, wrong = [], []
    start = threading.Barrier(8)

    def work():
        start.wait()
        for _ in range(15):
            for text in TEXTS:
                try:
                    if render_markdown(text) != expected[text]:
                        wrong.append(text)
                except Exception as error:  # noqa: BLE001 - collected and asserted below
                    errors.append(repr(error))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    assert not wrong, wrong[:3]
