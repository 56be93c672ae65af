"""Import existing HTML articles into structured advice article pages."""
