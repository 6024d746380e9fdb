"""Renderers: turn checked reports into what a person or a tool reads. None re-reads a document."""
