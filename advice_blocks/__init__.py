"""StreamField blocks, an article page and an importer for advice and listicle content."""

__version__ = "0.1.0.dev0"
