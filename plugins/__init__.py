"""Parallax's built-in plugins: ordinary plugins, each a module that only implements hooks."""
