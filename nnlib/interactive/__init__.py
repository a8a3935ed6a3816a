"""Widget callbacks, one module per chapter.

Each callback is a plain function: it takes slider values and returns the matplotlib
``Figure`` it drew (plus, where useful, the numbers it shows), so it can be unit-tested
and timed without a browser. The notebooks only wire sliders to these functions and pass
the figure to :func:`show`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure


def show(fig: Figure) -> None:
    """Display ``fig`` in the current output (e.g. a widget's output area) and close it.

    Closing stops the inline backend from showing the same figure a second time.
    """
    from IPython.display import display

    display(fig)
    plt.close(fig)
