"""gameday: a Game Day chaos-drill simulator.

The core library never imports the CLI; the CLI (``gameday.cli``) is a thin layer over it.
"""

__version__ = "0.1.0"
