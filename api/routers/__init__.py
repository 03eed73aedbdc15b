"""Thin routers: parse, call the library, shape the response."""
