"""Parallax: compare how the world's press reports one story.

Plugins import what they need from here::

    from generator import hookimpl
"""

from __future__ import annotations

import pluggy

from generator.hookspecs import PROJECT

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker(PROJECT)

__all__ = ["__version__", "hookimpl"]
