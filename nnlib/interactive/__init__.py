"""The book's widgets: one helper, and one module of views per chapter.

:mod:`nnlib.interactive.frames` is the one widget pattern: ``interact(view, alt=...,
name=Slider(...), ...)`` wires sliders and drop-downs to a *view*, a plain function that
takes the slider values as keyword arguments and returns ``View(figure, summary)`` -- the
figure and one line with its key number. With a kernel the view is called live; in the
static HTML book every combination of the sliders' values was drawn when the book was built.

The chapter modules (``perceptron``, ``dense``, ``losses``, ``backprop``, ``training``,
``generalization``, ``mnist``) hold the views and the small pieces of chapter maths they
draw, so both can be unit-tested and timed without a browser. :func:`show` displays an
ordinary (pyplot) figure once and closes it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure


def show(fig: Figure) -> None:
    """Display ``fig`` in the current output and close it (so the inline backend does not
    show it a second time)."""
    from IPython.display import display

    display(fig)
    plt.close(fig)
