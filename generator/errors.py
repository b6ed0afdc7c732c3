"""The one exception type of Parallax, and its kinds."""

from __future__ import annotations


class ParallaxError(Exception):
    """An error Parallax reports to the user; its message names the thing and the place."""


class InputError(ParallaxError):
    """An input file is broken: raised by readers, reported with the file's path."""


class PluginError(ParallaxError):
    """A plugin misbehaved: failed to load, raised in a hook, or returned something invalid."""
