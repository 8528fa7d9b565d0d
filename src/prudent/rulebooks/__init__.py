"""Rulebooks in the platform: reading rulebook files from disk and the `prudent rulebook` commands.

The pure model, loader and checks live in `lawcore.rulebook`; this package does the I/O."""
